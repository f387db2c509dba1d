"""Check dataset files without loading them: validation, names as printed, citations that exist."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from structures import checks, errors
from structures.importing import read_dataset, validate_batch


class Command(BaseCommand):
    help = "Validate dataset files and check them against their source texts; load nothing."

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="*", type=Path, help="Files (default: every dataset/*.toml).")

    def handle(self, *args, paths: list[Path], **options) -> None:
        paths = paths or sorted(Path(settings.DATASET_DIR).glob("*.toml"))
        try:
            files = read_dataset(paths)
        except errors.DatasetError as exc:
            raise CommandError("\n".join(exc.problems)) from exc
        problems: list[str] = []
        validate_batch(files, problems)
        for file in files:
            text = checks.source_text(file, Path(settings.SEEDS_DIR))
            if text is None:
                problems.append(
                    f"{file.name}: source text {file.document.seed_file!r} not found in {settings.SEEDS_DIR}"
                )
                continue
            problems += [f"{file.name}: citation points nowhere: {p}" for p in checks.missing_citations(file, text)]
            problems += [
                f"{file.name}: name not printed in the source: {p}" for p in checks.unprinted_names(file, text)
            ]
            problems += [
                f"{file.name}: name not in any paragraph the unit cites: {p}"
                for p in checks.names_outside_citations(file, text)
            ]
        problems += [f"same name, different keys: {p}" for p in checks.key_conflicts(files)]
        if problems:
            raise CommandError(f"{len(problems)} problem(s):\n" + "\n".join(problems))
        units = sum(len(s.units) for f in files for s in f.snapshots)
        self.stdout.write(self.style.SUCCESS(f"{len(files)} file(s), {units} units: no problem found."))
