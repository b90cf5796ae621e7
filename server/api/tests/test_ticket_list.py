"""The `tickets` query: filters, search, order and keyset pagination."""

from datetime import UTC, datetime, timedelta

import pytest

from tickets.tests.factories import TicketFactory

LIST = """
query($filter: TicketFilter, $first: Int, $after: String, $last: Int, $before: String) {
  tickets(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { id title category priority status } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""
BASE = datetime(2026, 5, 1, 12, tzinfo=UTC)


def titles(gql, **variables) -> list[str]:
    data = gql(LIST, variables)["tickets"]
    return [edge["node"]["title"] for edge in data["edges"]]


@pytest.fixture
def mixed():
    """Eight tickets, one per combination below, created an hour apart (t0 oldest)."""
    rows = [
        ("billing", "low", "open"),
        ("billing", "high", "closed"),
        ("technical", "critical", "open"),
        ("technical", "high", "in_progress"),
        ("account", "medium", "resolved"),
        ("account", "high", "open"),
        ("general", "low", "open"),
        ("general", "critical", "in_progress"),
    ]
    for i, (category, priority, status) in enumerate(rows):
        TicketFactory(
            title=f"t{i}",
            category=category,
            priority=priority,
            status=status,
            created_at=BASE + timedelta(hours=i),
        )


@pytest.mark.django_db
def test_newest_first_by_default(gql, mixed):
    assert titles(gql) == [f"t{i}" for i in range(7, -1, -1)]


@pytest.mark.django_db
def test_same_timestamp_falls_back_to_id_descending(gql):
    first = TicketFactory(title="a", created_at=BASE)
    second = TicketFactory(title="b", created_at=BASE)
    assert second.pk > first.pk
    assert titles(gql) == ["b", "a"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filter", "expected"),
    [
        ({"category": ["BILLING"]}, {"t0", "t1"}),
        ({"category": ["BILLING", "GENERAL"]}, {"t0", "t1", "t6", "t7"}),
        ({"priority": ["HIGH"]}, {"t1", "t3", "t5"}),
        ({"priority": ["LOW", "CRITICAL"]}, {"t0", "t2", "t6", "t7"}),
        ({"status": ["OPEN"]}, {"t0", "t2", "t5", "t6"}),
        ({"status": ["IN_PROGRESS", "RESOLVED"]}, {"t3", "t4", "t7"}),
        ({"category": ["TECHNICAL", "ACCOUNT"], "priority": ["HIGH"]}, {"t3", "t5"}),
        (
            {"category": ["TECHNICAL", "ACCOUNT"], "priority": ["HIGH"], "status": ["OPEN"]},
            {"t5"},
        ),
        ({"createdAfter": "2026-05-01T15:00:00+00:00"}, {"t3", "t4", "t5", "t6", "t7"}),
        ({"createdBefore": "2026-05-01T15:00:00+00:00"}, {"t0", "t1", "t2"}),
        (
            {
                "createdAfter": "2026-05-01T13:00:00Z",
                "createdBefore": "2026-05-01T17:00:00Z",
                "status": ["OPEN"],
            },
            {"t2"},
        ),
        ({"category": [], "status": []}, {f"t{i}" for i in range(8)}),
        ({"category": ["BILLING"], "status": ["IN_PROGRESS"]}, set()),
    ],
)
def test_filters_alone_and_combined(gql, mixed, filter, expected):
    data = gql(LIST, {"filter": filter})["tickets"]
    assert {e["node"]["title"] for e in data["edges"]} == expected
    assert data["totalCount"] == len(expected)


@pytest.mark.django_db
def test_a_timestamp_without_offset_is_read_in_the_desk_time_zone(gql, mixed, settings):
    settings.TIME_ZONE = "Europe/Berlin"  # UTC+2 in May
    found = titles(gql, filter={"createdAfter": "2026-05-01T17:00:00"})  # 15:00 UTC
    assert set(found) == {"t3", "t4", "t5", "t6", "t7"}


@pytest.mark.django_db
def test_search_is_case_insensitive_over_title_and_description(gql):
    TicketFactory(title="Refund for order 1234", description="Please send the money back.")
    TicketFactory(title="App crashes", description="After the update the app REFUNDS nothing.")
    TicketFactory(title="Password reset", description="No email arrives.")
    assert set(titles(gql, filter={"search": "refund"})) == {
        "Refund for order 1234",
        "App crashes",
    }
    assert titles(gql, filter={"search": "PASSWORD"}) == ["Password reset"]
    assert titles(gql, filter={"search": "email arrives"}) == ["Password reset"]
    assert titles(gql, filter={"search": "nothing like this"}) == []


@pytest.mark.django_db
def test_search_treats_wildcards_literally_and_ignores_surrounding_space(gql):
    TicketFactory(title="Discount of 100% missing", description="d")
    TicketFactory(title="Discount of 1000 missing", description="d")
    assert titles(gql, filter={"search": "100%"}) == ["Discount of 100% missing"]
    assert len(titles(gql, filter={"search": "   "})) == 2


@pytest.mark.django_db
def test_search_combines_with_other_filters(gql):
    TicketFactory(title="VPN down", category="technical", status="open")
    TicketFactory(title="VPN invoice", category="billing", status="open")
    TicketFactory(title="VPN down again", category="technical", status="closed")
    found = titles(gql, filter={"search": "vpn", "category": ["TECHNICAL"], "status": ["OPEN"]})
    assert found == ["VPN down"]


@pytest.mark.django_db
def test_default_page_is_25(gql):
    TicketFactory.create_batch(30)
    data = gql(LIST)["tickets"]
    assert len(data["edges"]) == 25
    assert data["totalCount"] == 30
    assert data["pageInfo"]["hasNextPage"] is True
    assert data["pageInfo"]["hasPreviousPage"] is False


@pytest.mark.django_db
def test_first_zero_returns_no_edges_but_counts(gql):
    TicketFactory.create_batch(3)
    data = gql(LIST, {"first": 0})["tickets"]
    assert data["edges"] == []
    assert data["totalCount"] == 3
    assert data["pageInfo"]["hasNextPage"] is True


def _make_numbered(count: int) -> list[str]:
    for i in range(count):
        # Pairs share a timestamp so pages also break inside a tie.
        TicketFactory(title=f"n{i:02d}", created_at=BASE + timedelta(minutes=i // 2))
    return [f"n{i:02d}" for i in range(count - 1, -1, -1)]


@pytest.mark.django_db
def test_forward_pages_neither_repeat_nor_skip_while_tickets_arrive(gql):
    expected = _make_numbered(23)
    seen, after, fetches = [], None, 0
    while True:
        data = gql(LIST, {"first": 5, "after": after})["tickets"]
        seen += [e["node"]["title"] for e in data["edges"]]
        fetches += 1
        # A requester submits a ticket between every two page fetches.
        TicketFactory(title=f"new{fetches}")
        if not data["pageInfo"]["hasNextPage"]:
            break
        assert data["pageInfo"]["endCursor"] == data["edges"][-1]["cursor"]
        after = data["pageInfo"]["endCursor"]
        assert fetches < 10
    assert seen == expected
    assert fetches == 5


@pytest.mark.django_db
def test_backward_pages_neither_repeat_nor_skip(gql):
    expected = _make_numbered(17)
    seen, before = [], None
    while True:
        data = gql(LIST, {"last": 4, "before": before})["tickets"]
        seen = [e["node"]["title"] for e in data["edges"]] + seen
        TicketFactory(title="newer", created_at=datetime(2030, 1, 1, tzinfo=UTC))
        if not data["pageInfo"]["hasPreviousPage"]:
            break
        before = data["pageInfo"]["startCursor"]
    # Walking back from the oldest end (no `before`) first returns the oldest tickets;
    # tickets created meanwhile are newer than every cursor and never slip in.
    assert seen[-len(expected) :] == expected


@pytest.mark.django_db
def test_page_info_both_ways(gql):
    _make_numbered(10)
    first = gql(LIST, {"first": 4})["tickets"]
    second = gql(LIST, {"first": 4, "after": first["pageInfo"]["endCursor"]})["tickets"]
    assert second["pageInfo"]["hasPreviousPage"] is True
    assert second["pageInfo"]["hasNextPage"] is True
    back = gql(LIST, {"last": 4, "before": second["pageInfo"]["startCursor"]})["tickets"]
    assert [e["node"]["title"] for e in back["edges"]] == [
        e["node"]["title"] for e in first["edges"]
    ]
    assert back["pageInfo"]["hasPreviousPage"] is False
    assert back["pageInfo"]["hasNextPage"] is True


@pytest.mark.django_db
def test_cursor_pages_respect_the_filter(gql, mixed):
    page = gql(LIST, {"first": 2, "filter": {"status": ["OPEN"]}})["tickets"]
    rest = gql(
        LIST, {"first": 10, "after": page["pageInfo"]["endCursor"], "filter": {"status": ["OPEN"]}}
    )["tickets"]
    assert [e["node"]["title"] for e in page["edges"] + rest["edges"]] == ["t6", "t5", "t2", "t0"]


@pytest.mark.django_db
def test_ticket_by_id(gql, mixed):
    node = gql(LIST, {"first": 1})["tickets"]["edges"][0]["node"]
    data = gql("query($id: ID!) { ticket(id: $id) { id title status } }", {"id": node["id"]})
    assert data["ticket"] == {"id": node["id"], "title": "t7", "status": "IN_PROGRESS"}


COUNT = "query($filter: TicketFilter, $atMost: Int) { tickets(filter: $filter, first: 1) { totalCount(atMost: $atMost) } }"  # noqa: E501


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filter", "at_most", "expected"),
    [
        ({"search": "number"}, None, 7),
        ({"search": "number"}, 3, 3),
        ({"search": "number"}, 7, 7),
        ({"search": "number"}, 100, 7),
        ({}, 2, 2),
        ({}, 50, 7),
        ({"status": ["CLOSED"]}, 5, 0),
    ],
)
def test_total_count_at_most(gql, filter, at_most, expected):
    TicketFactory.create_batch(7)
    data = gql(COUNT, {"filter": filter, "atMost": at_most})
    assert data["tickets"]["totalCount"] == expected


@pytest.mark.django_db
def test_total_count_at_most_must_be_positive(gql):
    errors = gql.errors(COUNT, {"atMost": 0})
    assert errors[0]["extensions"]["code"] == "INVALID_ARGUMENT"
