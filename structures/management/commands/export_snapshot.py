"""Export a snapshot as a dataset TOML file (the shipped format) or as a CSV of its units."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from structures import errors, import_services, transfer
from structures.models import Snapshot


class Command(BaseCommand):
    help = "Write snapshots (of one document) as a dataset file, or one snapshot's units as CSV."

    def add_arguments(self, parser) -> None:
        parser.add_argument("keys", nargs="+", metavar="SNAPSHOT_KEY")
        parser.add_argument("--format", choices=("toml", "csv"), default="toml")
        parser.add_argument("--output", "-o", type=Path, help="File to write (default: standard output).")

    def handle(self, *args, keys: list[str], format: str, output: Path | None, **options) -> None:
        found = {s.key: s for s in Snapshot.objects.filter(key__in=keys).select_related("document", "organization")}
        missing = [key for key in keys if key not in found]
        if missing:
            raise CommandError(f"No snapshot with key: {', '.join(missing)}.")
        snapshots = [found[key] for key in keys]
        try:
            if format == "csv":
                if len(snapshots) != 1:
                    raise CommandError("A CSV holds the units of one snapshot; name one key.")
                text = import_services.export_csv(snapshots[0])
            else:
                text = transfer.dataset_toml(import_services.export_file(snapshots))
        except errors.StructureError as exc:
            raise CommandError(str(exc)) from exc
        if output is None:
            self.stdout.write(text, ending="")
        else:
            output.write_text(text, encoding="utf-8", newline="")
