from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _rebuild_day_counts_if_needed(sender, using, **kwargs):
    """After `migrate` (and test-database flushes), make the per-day counts current.

    Cheap when they are: one indexed lookup.  After a change of TIME_ZONE, the next
    `migrate` recomputes them.
    """
    from tickets import day_counts
    from tickets.models import DayCountsState

    if DayCountsState._meta.db_table not in connections[using].introspection.table_names():
        return
    if not day_counts.is_current():
        day_counts.rebuild()


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = "Tickets"

    def ready(self) -> None:
        from tickets.events import ticket_changed
        from tickets.live import publisher

        post_migrate.connect(_rebuild_day_counts_if_needed, sender=self)
        # Committed events go to the live-update log, in every process that writes
        # (servers, management commands, shells).
        ticket_changed.connect(publisher.publish, dispatch_uid="tickets.live.publisher")
