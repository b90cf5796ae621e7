"""The load test's Locust users: agents and requesters over HTTP, and websocket subscribers
(``subscriber.py``).  Run by ``python -m benchmarks.loadtest`` (`make loadtest`); on its own:

    cd server && LOADTEST_AGENT_TOKENS=… LOADTEST_REQUESTER_TOKENS=… LOADTEST_SUBSCRIBERS=200 \\
      ../.venv/bin/locust -f benchmarks/loadtest/locustfile.py --headless \\
      -u 232 -r 50 -t 60s -H http://127.0.0.1:8000

Environment (set by the runner):
  LOADTEST_AGENT_TOKENS, LOADTEST_REQUESTER_TOKENS   API tokens, comma-separated, shared
                                                     round robin by the users of each role
  LOADTEST_SUBSCRIBERS   websocket subscribers (Locust spawns them first; -u counts them)
  LOADTEST_WAIT          seconds an HTTP user thinks between requests (default 0: closed loop)
  LOADTEST_SUMMARY       where to write the subscribers' tally (JSON) when the test stops

HTTP users: three agents to one requester.  An agent starts on the list's first page, then
browses it (first page, filters, next page, searches), opens tickets, reads the statistics
and moves tickets along; a requester starts by submitting a ticket (the classifier's
suggestion first, as the web client's form does), then reads their own list and tickets
and submits more.  A request fails on a non-200 answer, a GraphQL error or a mutation's
``errors``.  LOADTEST_DRAIN_SECONDS (5): how long subscribers keep reading after the load
stops.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
import urllib.request
import uuid
from datetime import datetime

from locust import between, constant, events, task
from locust.contrib.fasthttp import FastHttpUser

from benchmarks.loadtest import operations, tally

# Locust runs every User class in this module's namespace, a class with no fixed_count by
# weight: with no subscribers asked for, the class must not be here at all.
if int(os.environ.get("LOADTEST_SUBSCRIBERS", "0")) > 0:
    from benchmarks.loadtest.subscriber import Subscriber  # noqa: F401

_THINK = float(os.environ.get("LOADTEST_WAIT", "0"))
_SEARCH_CAP = operations.search_count_cap()


def _tokens(variable: str):
    return itertools.cycle(os.environ.get(variable, "").split(","))


class GraphQLUser(FastHttpUser):
    abstract = True
    wait_time = between(0, 2 * _THINK) if _THINK else constant(0)
    tokens: itertools.cycle

    def on_start(self) -> None:
        self.token = next(self.tokens)
        self.rng = random.Random()
        self.tickets: list[dict] = []  # the last page read: id, status, viewerCan
        self.page: tuple[dict | None, str | None] = (None, None)  # filter, endCursor

    def gql(self, name: str, query: str, variables: dict, mutation: str = "") -> dict | None:
        """POSTs to /graphql as this user; the answer's data, or None after a failure."""
        with self.client.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {self.token}"},
            name=name,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}: {(response.text or '')[:200]}")
                return None
            body = response.json()
            if body.get("errors"):
                response.failure(f"GraphQL errors: {json.dumps(body['errors'])[:300]}")
                return None
            data = body["data"]
            if mutation and data[mutation]["errors"]:
                response.failure(f"{mutation} errors: {data[mutation]['errors']}")
                return None
            return data

    def list_page(self, name: str, filter: dict | None, after: str | None = None) -> None:
        cap = _SEARCH_CAP if filter and filter.get("search") else None
        variables = {"filter": filter, "first": operations.PAGE_SIZE, "after": after}
        data = self.gql(name, operations.TICKET_LIST, {**variables, "countCap": cap})
        if data is None:
            return
        tickets = data["tickets"]
        self.tickets = [edge["node"] for edge in tickets["edges"]] or self.tickets
        more = tickets["pageInfo"]["hasNextPage"]
        self.page = (filter, tickets["pageInfo"]["endCursor"] if more else None)

    def open_ticket(self, name: str, otherwise: str) -> None:
        """A ticket of the last page read, or the first page (``otherwise``) if none."""
        if not self.tickets:
            return self.list_page(otherwise, None)
        ticket = self.rng.choice(self.tickets)
        self.gql(name, operations.TICKET_DETAIL, {"id": ticket["id"]})


class Agent(GraphQLUser):
    weight = 3
    tokens = _tokens("LOADTEST_AGENT_TOKENS")

    def on_start(self) -> None:
        """Signing in shows the list: its first page."""
        super().on_start()
        self.first_page()

    @task(30)
    def first_page(self) -> None:
        self.list_page("list: first page", None)

    @task(25)
    def filtered(self) -> None:
        choice = self.rng.choice(operations.FILTERS + (None,))
        self.list_page("list: filtered", choice or operations.recent_filter(self.rng))

    @task(10)
    def next_page(self) -> None:
        filter, cursor = self.page
        if cursor is None:
            return self.first_page()
        self.list_page("list: next page", filter, after=cursor)

    @task(5)
    def search_common(self) -> None:
        word = self.rng.choice(operations.COMMON_WORDS)
        self.list_page("search: common word", {"search": word})

    @task(5)
    def search_rare(self) -> None:
        self.list_page("search: rare word", {"search": self.rng.choice(operations.RARE_WORDS)})

    @task(10)
    def detail(self) -> None:
        self.open_ticket("ticket detail", "list: first page")

    @task(5)
    def stats(self) -> None:
        filter = self.rng.choice((None, None, {"status": ["OPEN"]}, {"category": ["BILLING"]}))
        self.gql("ticketStats", operations.TICKET_STATS, {"filter": filter})

    @task(10)
    def change_status(self) -> None:
        movable = [t for t in self.tickets if set(t["viewerCan"]["setStatus"]) - {t["status"]}]
        if not movable:
            return self.first_page()
        ticket = self.rng.choice(movable)
        status = self.rng.choice(sorted(set(ticket["viewerCan"]["setStatus"]) - {ticket["status"]}))
        variables = {"id": ticket["id"], "status": status}
        sent = time.time()
        data = self.gql("updateTicket status", operations.CHANGE_STATUS, variables, "updateTicket")
        if data is not None:
            changed = data["updateTicket"]["ticket"]
            if datetime.fromisoformat(changed["updatedAt"]).timestamp() >= sent:
                tally.wrote(created=False)  # not when another agent had moved it already
            ticket.update(changed)


class Requester(GraphQLUser):
    weight = 1
    tokens = _tokens("LOADTEST_REQUESTER_TOKENS")
    _numbers = itertools.count(1)

    def on_start(self) -> None:
        """A requester comes to the desk with something to report."""
        super().on_start()
        self.submit()

    @task(6)
    def own_list(self) -> None:
        self.list_page("requester: own list", None)

    @task(2)
    def own_ticket(self) -> None:
        self.open_ticket("requester: ticket detail", "requester: own list")

    @task(2)
    def submit(self) -> None:
        title, description = operations.new_ticket(self.rng, next(self._numbers))
        variables = {"title": title, "description": description}
        data = self.gql("classifyTicket", operations.CLASSIFY, variables, "classifyTicket")
        suggestion = (data or {}).get("classifyTicket", {}).get("suggestion") or {}
        ticket = {
            **variables,
            "category": suggestion.get("category"),
            "priority": suggestion.get("priority"),
            "idempotencyKey": uuid.uuid4().hex,
        }
        data = self.gql("createTicket", operations.CREATE_TICKET, {"input": ticket}, "createTicket")
        if data is not None:
            tally.wrote(created=True)


@events.test_start.add_listener
def _count_tickets(environment, **_kwargs) -> None:
    """totalTickets before the first create: ticketStats messages are matched to creates."""
    token = next(_tokens("LOADTEST_AGENT_TOKENS"))
    body = json.dumps({"query": "{ ticketStats { totalTickets } }"}).encode()
    request = urllib.request.Request(
        environment.host.rstrip("/") + "/graphql",
        body,
        {"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        tally.base_total = json.load(answer)["data"]["ticketStats"]["totalTickets"]
    environment.loadtest_started = time.monotonic()


@events.test_stopping.add_listener
def _load_stops(environment, **_kwargs) -> None:
    environment.loadtest_stopping = time.monotonic()


@events.test_stop.add_listener
def _write_summary(environment, **_kwargs) -> None:
    """After the subscribers' drain; rates are per second of load (start to stopping)."""
    path = os.environ.get("LOADTEST_SUMMARY")
    if path:
        started = getattr(environment, "loadtest_started", time.monotonic())
        stopping = getattr(environment, "loadtest_stopping", time.monotonic())
        tally.write_summary(path, stopping - started)
