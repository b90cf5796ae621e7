"""Schema fuzzing: hypothesis-graphql writes queries and mutations from the schema, with
valid and invalid arguments, and the desk must answer every one as an outside client
expects: JSON, never a 5xx, never "Unexpected error." (an unhandled fault), and the
database still sound afterwards (every ticket passes its validation and the per-day
counts agree with a recount).

`make test` runs a bounded pass with fixed seeds (FUZZ_EXAMPLES per mode, about a
minute in all); `make fuzz` keeps drawing new seeds for FUZZ_SECONDS (600 by default).
Acts as an agent with an API token and rate limits off, so every mutation reaches its
service.
"""

from __future__ import annotations

import json
import os
import time
from datetime import UTC

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema, nodes

from api.sdl import schema_sdl
from tickets.models import Ticket
from tickets.tests.factories import TicketFactory
from tickets.tests.recount import booked, counted_by_group_by

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
# Shared by the two modes (valid and invalid arguments).
SECONDS = float(os.environ.get("FUZZ_SECONDS", "0")) / 2
UNEXPECTED = "Unexpected error."
# Subscriptions are fuzzed over websockets elsewhere; logout would end nothing (token).
SKIPPED_FIELDS = frozenset({"logout"})


def _datetimes():
    instants = st.datetimes(timezones=st.sampled_from([UTC, None])).map(lambda d: d.isoformat())
    return st.one_of(instants, st.text(max_size=30)).map(nodes.String)


def _strings():
    """Any text, with the characters and sizes that broke the desk before weighted in: a
    NUL byte, a lone surrogate, whitespace only, and text past every length limit."""
    hostile = st.sampled_from(["\x00", "\ud800", "\udfff", " \t\n", "\u202e"])
    mixed = st.lists(st.one_of(st.text(max_size=12), hostile), max_size=6).map("".join)
    long = st.integers(min_value=180, max_value=60_000).map(lambda n: "word " * (n // 5))
    words = st.sampled_from(["invoice", "login", "refund", "error", "page", "hello", "née"])
    sentences = st.lists(words, min_size=2, max_size=12).map(" ".join)
    # Mostly text a desk accepts, so the writes behind the validation are fuzzed too.
    return st.one_of(sentences, sentences, st.text(max_size=40), mixed, long).map(nodes.String)


def _ids(known: list[str]):
    return st.one_of(st.sampled_from(known), st.text(max_size=40)).map(nodes.String)


def _root_fields(sdl: str) -> list[str]:
    import graphql

    schema = graphql.build_schema(sdl)
    names = [*schema.query_type.fields, *schema.mutation_type.fields]
    return [name for name in names if name not in SKIPPED_FIELDS]


def _strategy(sdl: str, mode: Mode, known_ids: list[str]):
    return from_schema(
        sdl,
        fields=_root_fields(sdl),
        mode=mode,
        # Any code point, lone surrogates included (JSON carries them as "\ud800").
        codec=None,
        custom_scalars={
            "DateTime": _datetimes(),
            "Date": st.dates().map(lambda d: nodes.String(d.isoformat())),
            "ID": _ids(known_ids),
            "String": _strings(),
        },
    )


def _check(client, query: str, sent: list[int]) -> None:
    sent[0] += 1
    response = client.post(
        "/graphql", json.dumps({"query": query}), content_type="application/json"
    )
    assert response.status_code < 500, (query, response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/"), (query, response["Content-Type"])
    body = response.json()
    messages = [error.get("message") for error in body.get("errors") or []]
    assert UNEXPECTED not in messages, (query, body)


def _fuzz(client, strategy, run_seed: int, examples: int, sent: list[int]) -> None:
    @seed(run_seed)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(query=strategy)
    def run(query: str) -> None:
        _check(client, query, sent)

    run()


def _assert_sound() -> None:
    for ticket in Ticket.objects.all():
        ticket.full_clean()
    assert booked() == counted_by_group_by()


@pytest.fixture
def fuzz_client(gql, settings):
    settings.RATE_LIMIT_CREATE_TICKET = None
    settings.RATE_LIMIT_CLASSIFY = None
    return gql.client


@pytest.mark.django_db
@pytest.mark.parametrize("mode", [Mode.POSITIVE, Mode.NEGATIVE], ids=["valid", "invalid"])
def test_fuzzed_operations_get_answers_not_faults(fuzz_client, mode):
    from strawberry.relay import to_base64

    known = [to_base64("Ticket", t.pk) for t in TicketFactory.create_batch(3)]
    strategy = _strategy(schema_sdl(), mode, known)
    sent = [0]
    _fuzz(fuzz_client, strategy, run_seed=20261201, examples=EXAMPLES, sent=sent)
    deadline = time.monotonic() + SECONDS
    run_seed = 1
    while time.monotonic() < deadline:
        _fuzz(fuzz_client, strategy, run_seed=run_seed, examples=200, sent=sent)
        run_seed += 1
    _assert_sound()
    print(f"{mode.name}: {sent[0]} operations, {Ticket.objects.count()} tickets, all sound")
