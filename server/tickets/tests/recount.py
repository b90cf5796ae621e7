"""The per-day counts as booked, and as a GROUP BY over the tickets recounts them; the
two must always be equal (tests of the counts and the schema fuzz compare them)."""

from django.db.models.functions import TruncDate

from tickets.desk_time import desk_zone
from tickets.models import Ticket, TicketDayCount

KEY = ("category", "priority", "status", "suggested_category")


def counted_by_group_by() -> dict:
    """A recount from the tickets themselves, keyed like the counts."""
    counts: dict = {}
    rows = Ticket.objects.annotate(day=TruncDate("created_at", tzinfo=desk_zone())).values(
        "day", *KEY, "suggested_priority"
    )
    for row in rows:
        row["suggested_category"] = row["suggested_category"] or ""
        accepted = bool(row["suggested_category"]) and (
            (row["suggested_category"], row["suggested_priority"])
            == (row["category"], row["priority"])
        )
        key = (row["day"], *(row[k] for k in KEY), accepted)
        counts[key] = counts.get(key, 0) + 1
    return counts


def booked() -> dict:
    rows = TicketDayCount.objects.filter(count__gt=0)
    return {(r.day, *(getattr(r, k) for k in KEY), r.suggestion_accepted): r.count for r in rows}
