"""Load dataset files (all of dataset/ by default), validated whole; nothing is written on error."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from structures import errors, services
from structures.importing import read_dataset


class Command(BaseCommand):
    help = "Validate and load dataset files; a bad file is refused whole and the database is unchanged."

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="*", type=Path, help="Files to load (default: every dataset/*.toml).")

    def handle(self, *args, paths: list[Path], **options) -> None:
        paths = paths or sorted(Path(settings.DATASET_DIR).glob("*.toml"))
        if not paths:
            raise CommandError(f"No dataset files in {settings.DATASET_DIR}.")
        try:
            counts = services.load_dataset(files=read_dataset(paths))
        except errors.DatasetError as exc:
            raise CommandError("Dataset refused, nothing was loaded:\n" + "\n".join(exc.problems)) from exc
        summary = ", ".join(f"{value} {name}" for name, value in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Loaded {summary}."))
