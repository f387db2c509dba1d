"""Import a dataset TOML file, or a CSV of units into a draft: validated whole, shown, then applied atomically."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from structures import errors, import_services, transfer


class Command(BaseCommand):
    help = (
        "Import a dataset file (.toml) or a CSV of units (.csv, with --into): print what would change, then "
        "apply it in one transaction. A bad file is refused whole and nothing changes."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--into", metavar="DRAFT_KEY", help="The draft a CSV (or a one-snapshot file) replaces.")
        parser.add_argument("--dry-run", action="store_true", help="Only print what would change.")

    def handle(self, *args, path: Path, into: str | None, dry_run: bool, **options) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        # Refuse an oversized file from its size alone, before reading it into memory.
        problems: list[str] = []
        if not transfer.check_size(path.name, path.stat().st_size, problems):
            raise CommandError("Import refused, nothing was changed:\n" + "\n".join(problems))
        raw = path.read_bytes()
        try:
            # The command line is the operator's own: it may create and publish snapshots, like load_dataset.
            plan = import_services.plan_import(name=path.name, raw=raw, into=into, may_publish=True)
            self._print(plan)
            if dry_run or not plan.changes_anything:
                return
            import_services.apply_import(
                name=path.name, raw=raw, into=into, may_publish=True, expected_digest=plan.digest
            )
        except errors.DatasetError as exc:
            raise CommandError("Import refused, nothing was changed:\n" + "\n".join(exc.problems)) from exc
        except errors.StructureError as exc:
            raise CommandError(f"Import refused, nothing was changed: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Imported {path.name}."))

    def _print(self, plan: import_services.ImportPlan) -> None:
        for item, label in [*((s, "snapshot") for s in plan.snapshots), *((r, "reform") for r in plan.reforms)]:
            self.stdout.write(f'{label} "{item.key}": {item.action}')
            for change in item.changes:
                self.stdout.write(f"  {change.type} {change.subject}: {change.detail}")
        for entry in plan.uncited:
            self.stdout.write(f"without a citation (added in a draft): {entry}")
        if not plan.changes_anything:
            self.stdout.write("No change.")
