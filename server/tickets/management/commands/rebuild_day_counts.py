from django.core.management.base import BaseCommand

from tickets import day_counts


class Command(BaseCommand):
    help = (
        "Recompute the per-day ticket counts behind statistics and totals (after a bulk "
        "load around the services or a change of TIME_ZONE; `migrate` does it when needed)."
    )

    def handle(self, *args, **options):
        rows = day_counts.rebuild()
        self.stdout.write(f"Rebuilt per-day counts: {rows} rows.")
