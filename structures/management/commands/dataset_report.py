"""Print, per source document, its snapshots, units, successions, lines, figures and unknowns."""

from django.core.management.base import BaseCommand

from structures import selectors


class Command(BaseCommand):
    help = "Report what each source document contributes to the loaded dataset and what it leaves unknown."

    def handle(self, *args, **options) -> None:
        for entry in selectors.dataset_report(include_drafts=True):
            document, totals = entry["document"], entry["totals"]
            date = f"{document.date} ({document.date_source})" if document.date else "date unknown"
            self.stdout.write(self.style.MIGRATE_HEADING(f"{document.symbol} ({document.symbol_source}), {date}"))
            self.stdout.write(f"  {document.title_en}")
            for item in entry["snapshots"]:
                snapshot = item["snapshot"]
                when = "date unknown" if item["date_unknown"] else str(snapshot.date)
                self.stdout.write(
                    f"  snapshot {snapshot.key} [{snapshot.completeness}, {when}]: {item['units']} units, "
                    f"{item['lines']} lines, {item['figures']} figures"
                )
                if item["unknown_parents"]:
                    self.stdout.write(f"    placement not stated: {', '.join(item['unknown_parents'])}")
            for item in entry["reforms"]:
                reform = item["reform"]
                self.stdout.write(f"  reform {reform.key}: {item['successions']} successions")
            self.stdout.write(
                f"  totals: {totals['units']} units, {totals['successions']} successions, {totals['lines']} lines, "
                f"{totals['figures']} figures, {totals['unknown_parents']} placements not stated, "
                f"{totals['unknown_dates']} dates unknown, {totals['uncited']} uncited entries"
            )
