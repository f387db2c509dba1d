"""Write a seeded synthetic dataset file (for `make bench`), loadable with `load_dataset` like the real ones."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from structures.synthetic import dataset_toml, generate_dataset


class Command(BaseCommand):
    help = "Write SYNTHETIC-<size>.toml: a generated organization and its reforms (benchmark data, not real)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--size", type=int, default=1000, help="Units per snapshot (default 1000).")
        parser.add_argument("--seed", type=int, default=1, help="The same seed writes the same file.")
        parser.add_argument("--snapshots", type=int, default=2, help="Snapshots in the chain (default 2).")
        parser.add_argument("--share", type=float, default=0.03, help="Share of units each reform changes.")
        parser.add_argument("--out", type=Path, default=Path("bench/data"), help="Directory to write into.")

    def handle(self, *args, size: int, seed: int, snapshots: int, share: float, out: Path, **options) -> None:
        if size < 10:
            raise CommandError(f"--size must be at least 10, not {size}.")
        if snapshots < 1:
            raise CommandError(f"--snapshots must be at least 1, not {snapshots}.")
        if out.resolve().name == "dataset":
            raise CommandError("Synthetic files never go into dataset/: it holds only the real record.")
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"SYNTHETIC-{size}.toml"
        text = dataset_toml(generate_dataset(size=size, seed=seed, snapshots=snapshots, share=share))
        path.write_text(text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {path} ({len(text.encode()):,} bytes)."))
