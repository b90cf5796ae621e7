"""The shared filter cases (filter_cases.json) against every server form of TicketFilter:
SQL in the database, in memory on the snapshot and on an event, and the per-day counts
where they can answer.  The web client checks the same file (filterCases.test.ts)."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Sum

from tickets.desk_time import desk_zone
from tickets.events import SNAPSHOT_FIELDS, EventKind, TicketEvent, snapshot
from tickets.filters import TicketFilter, day_count_rows, tickets_matching
from tickets.tests.factories import TicketFactory
from tickets.tests.snapshots import a_snapshot

CASES_FILE = Path(__file__).with_name("filter_cases.json")
SHARED = json.loads(CASES_FILE.read_text(encoding="utf-8"))
CASES = SHARED["cases"]


def _instant(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def filter_of(spec: dict, requesters: dict[int, int]) -> TicketFilter:
    """The case's filter; ``requesters`` maps its placeholder numbers to user ids."""
    requester = spec.get("requester_id")
    return TicketFilter(
        category=spec.get("category", ()),
        priority=spec.get("priority", ()),
        status=spec.get("status", ()),
        search=spec.get("search"),
        created_after=_instant(spec.get("created_after")),
        created_before=_instant(spec.get("created_before")),
        requester_id=None if requester is None else requesters[requester],
    )


def _sql_expected(case: dict) -> bool:
    if connection.vendor == "sqlite":
        return case.get("sqlite_expected", case["expected"])
    return case["expected"]


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_every_form_of_the_filter_agrees_with_the_case(case):
    fields = {**SHARED["default_ticket"], **case["ticket"]}
    numbers = {fields["requester_id"], case["filter"].get("requester_id")} - {None}
    users = {n: get_user_model().objects.create_user(username=f"requester-{n}") for n in numbers}
    requester = fields.pop("requester_id")
    ticket = TicketFactory(
        **{**fields, "created_at": _instant(fields["created_at"])},
        requester=users.get(requester),
    )
    filter = filter_of(case["filter"], {n: user.pk for n, user in users.items()})
    expected = case["expected"]

    # SQL, in the database.
    assert tickets_matching(filter).filter(pk=ticket.pk).exists() == _sql_expected(case)
    # In memory, on the ticket's snapshot and on an event that moved the ticket away.
    committed = snapshot(ticket)
    assert filter.matches(committed) == expected
    elsewhere = a_snapshot(id=ticket.pk)
    left = TicketEvent(
        EventKind.UPDATED,
        elsewhere,
        previous={name: getattr(committed, name) for name in SNAPSHOT_FIELDS if name != "id"},
    )
    assert filter.matched_before(left) == expected
    assert not filter.matched_before(TicketEvent(EventKind.CREATED, committed))
    # The per-day counts, when they can answer.
    rows = day_count_rows(filter, desk_zone())
    if rows is not None:
        assert (rows.aggregate(n=Sum("count"))["n"] or 0) == int(expected)


def test_the_cases_cover_every_field_and_the_per_day_counts():
    """Every filter field has cases, and the per-day form answers many of them (so its
    check above is not vacuous)."""
    named = {name for case in CASES for name in case["filter"]}
    assert named == {f.name for f in dataclasses.fields(TicketFilter)}
    answered = [
        case
        for case in CASES
        if filter_of(case["filter"], {1: 1, 2: 2}).day_count_q(desk_zone()) is not None
    ]
    assert len(answered) >= 12


def test_equal_filters_share_a_key_and_different_ones_do_not():
    assert TicketFilter(status=["open", "closed", "open"], search=" Jam ").key() == (
        TicketFilter(status=("closed", "open"), search="jAM").key()
    )
    assert TicketFilter(category=[], search="  ").key() == TicketFilter().key()
    assert TicketFilter(search="strasse").key() != TicketFilter(search="straße").key()
