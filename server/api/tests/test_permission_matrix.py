"""Who may call what: every query, mutation and subscription of the schema, for every
kind of caller, from the one table below.

A root field without a row fails ``test_every_operation_has_a_row``, so a new operation
cannot ship without a decision about who may call it.

Outcomes:
- ALLOW: the call works and, for reads, sees every ticket.
- OWN: the call works but sees only the caller's own tickets (the target ticket belongs
  to ``requester``; agents also have one).
- DENY: refused: a top-level error (queries, subscriptions) or payload error
  (mutations) coded UNAUTHENTICATED / PERMISSION_DENIED, or, for a ticket that is not
  the caller's, exactly what a missing ticket gets (null / NOT_FOUND).

Queries and mutations run in-process over HTTP (API tokens; anonymous has none);
subscriptions run against a real Daphne over websockets (anonymous cannot even connect).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest

from api.schema import schema
from testing.live_server import LiveServer, create_user_token, fresh_database
from testing.users import PASSWORD
from testing.ws_client import WSClient

ALLOW, OWN, DENY = "ALLOW", "OWN", "DENY"
CALLERS = ("anonymous", "requester", "other_requester", "agent", "admin")
REFUSALS = {"UNAUTHENTICATED", "PERMISSION_DENIED"}


@dataclass(frozen=True)
class Case:
    field: str  # "Query.tickets"
    label: str
    expect: dict[str, str]  # caller -> outcome

    @property
    def id(self) -> str:
        return f"{self.field}[{self.label}]"


def row(field, label, anonymous, requester, other_requester, agent, admin) -> Case:
    return Case(
        field,
        label,
        dict(zip(CALLERS, (anonymous, requester, other_requester, agent, admin), strict=True)),
    )


# THE TABLE ------------------------------------------------------------------------------
#                 field                      case            anon   req    other  agent  admin
TABLE = [
    row("Query.me", "who am I", ALLOW, ALLOW, ALLOW, ALLOW, ALLOW),
    row("Query.tickets", "list", DENY, OWN, OWN, ALLOW, ALLOW),
    row("Query.ticket", "requester's ticket", DENY, ALLOW, DENY, ALLOW, ALLOW),
    row("Query.ticketStats", "stats", DENY, DENY, DENY, ALLOW, ALLOW),
    row("Mutation.createTicket", "submit", DENY, ALLOW, ALLOW, ALLOW, ALLOW),
    row("Mutation.updateTicket", "set status", DENY, DENY, DENY, ALLOW, ALLOW),
    row("Mutation.updateTicket", "set priority", DENY, DENY, DENY, ALLOW, ALLOW),
    row("Mutation.updateTicket", "set category", DENY, DENY, DENY, ALLOW, ALLOW),
    row("Mutation.updateTicket", "close", DENY, ALLOW, DENY, ALLOW, ALLOW),
    row("Mutation.updateTicket", "edit text", DENY, ALLOW, DENY, ALLOW, ALLOW),
    row("Mutation.classifyTicket", "suggest", DENY, ALLOW, ALLOW, ALLOW, ALLOW),
    row("Mutation.login", "sign in", ALLOW, ALLOW, ALLOW, ALLOW, ALLOW),
    row("Mutation.logout", "sign out", ALLOW, ALLOW, ALLOW, ALLOW, ALLOW),
    row("Mutation.createApiToken", "new token", DENY, ALLOW, ALLOW, ALLOW, ALLOW),
    row("Mutation.revokeApiToken", "own token", DENY, ALLOW, ALLOW, ALLOW, ALLOW),
    row("Subscription.ticketEvents", "events", DENY, OWN, OWN, ALLOW, ALLOW),
    row("Subscription.ticketStats", "live stats", DENY, DENY, DENY, ALLOW, ALLOW),
]
# -----------------------------------------------------------------------------------------


def root_fields() -> set[str]:
    graphql_schema = schema._schema
    fields = set()
    for kind in ("query", "mutation", "subscription"):
        root = getattr(graphql_schema, f"{kind}_type")
        if root is not None:
            fields |= {f"{root.name}.{name}" for name in root.fields}
    return fields


def test_every_operation_has_a_row():
    covered = {case.field for case in TABLE}
    assert root_fields() - covered == set(), "operations without a row in TABLE"
    assert covered - root_fields() == set(), "rows for operations the schema lacks"
    for case in TABLE:
        assert set(case.expect) == set(CALLERS), case.id


def _cases(kind: str) -> list[tuple[Case, str]]:
    return [
        pytest.param(case, caller, id=f"{case.id}-{caller}")
        for case in TABLE
        if case.field.startswith(kind)
        for caller in CALLERS
    ]


# Queries and mutations over HTTP ---------------------------------------------------------

TICKET = "id title status category priority"


def _payload_outcome(payload: dict) -> str:
    codes = {error["code"] for error in payload["errors"]}
    if not codes:
        return ALLOW
    if codes <= REFUSALS | {"NOT_FOUND"}:
        return DENY
    raise AssertionError(f"unexpected refusal {payload}")


def _query_outcome(body: dict, key: str) -> str | dict:
    if body.get("errors"):
        codes = {e.get("extensions", {}).get("code") for e in body["errors"]}
        assert codes <= REFUSALS, body
        return DENY
    return body["data"][key]


@dataclass
class World:
    clients: dict
    users: dict
    requester_ticket: str
    agent_ticket: str


def _run_http(case: Case, caller: str, world: World) -> str:
    gql = world.clients[caller]
    tid = world.requester_ticket
    update = """mutation($id: ID!, $input: UpdateTicketInput!) {
      updateTicket(id: $id, input: $input) { ticket { id } errors { field code message } }
    }"""
    match case.field, case.label:
        case "Query.me", _:
            me = _query_outcome(gql.body("{ me { username role } }"), "me")
            user = world.users[caller]
            assert (me and me["username"]) == (user and user.username)
            return ALLOW
        case "Query.tickets", _:
            data = _query_outcome(
                gql.body(f"{{ tickets {{ edges {{ node {{ {TICKET} }} }} }} }}"), "tickets"
            )
            if data == DENY:
                return DENY
            seen = {edge["node"]["id"] for edge in data["edges"]}
            if {world.requester_ticket, world.agent_ticket} <= seen:
                return ALLOW
            assert world.agent_ticket not in seen
            if caller == "requester":
                assert world.requester_ticket in seen
            else:
                assert world.requester_ticket not in seen
            return OWN
        case "Query.ticket", _:
            data = _query_outcome(
                gql.body(f"query($id: ID!) {{ ticket(id: $id) {{ {TICKET} }} }}", {"id": tid}),
                "ticket",
            )
            return DENY if data in (DENY, None) else ALLOW
        case "Query.ticketStats", _:
            data = _query_outcome(gql.body("{ ticketStats { totalTickets } }"), "ticketStats")
            return DENY if data == DENY else ALLOW
        case "Mutation.createTicket", _:
            body = gql.body(
                """mutation { createTicket(input: {title: "Matrix", description: "A ticket."
                  category: BILLING, priority: LOW}) { ticket { id } errors { code message } } }"""
            )
            return _payload_outcome(body["data"]["createTicket"])
        case "Mutation.updateTicket", label:
            changes = {
                "set status": {"status": "IN_PROGRESS"},
                "set priority": {"priority": "CRITICAL"},
                "set category": {"category": "ACCOUNT"},
                "close": {"status": "CLOSED"},
                "edit text": {"description": "More detail, from the matrix."},
            }[label]
            body = gql.body(update, {"id": tid, "input": changes})
            return _payload_outcome(body["data"]["updateTicket"])
        case "Mutation.classifyTicket", _:
            body = gql.body(
                """mutation { classifyTicket(description: "I was charged twice") {
                  suggestion { category } errors { code message } } }"""
            )
            return _payload_outcome(body["data"]["classifyTicket"])
        case "Mutation.login", _:
            username = (world.users[caller] or world.users["requester"]).username
            body = gql.body(
                """mutation($u: String!, $p: String!) { login(username: $u, password: $p) {
                  user { username } errors { code message } } }""",
                {"u": username, "p": PASSWORD},
            )
            return _payload_outcome(body["data"]["login"])
        case "Mutation.logout", _:
            body = gql.body("mutation { logout { ok errors { code message } } }")
            return _payload_outcome(body["data"]["logout"])
        case "Mutation.createApiToken", _:
            body = gql.body(
                """mutation { createApiToken(name: "matrix") {
                  token { id } secret errors { code message } } }"""
            )
            return _payload_outcome(body["data"]["createApiToken"])
        case "Mutation.revokeApiToken", _:
            from accounts.models import ApiToken

            user = world.users[caller]
            token = (
                ApiToken.objects.filter(user=user).first()
                if user is not None
                else ApiToken.objects.first()
            )
            body = gql.body(
                """mutation($id: ID!) { revokeApiToken(id: $id) {
                  token { revokedAt } errors { code message } } }""",
                {"id": _global_id("ApiToken", token.pk)},
            )
            return _payload_outcome(body["data"]["revokeApiToken"])
    raise AssertionError(f"no way to run {case.id}")


def _global_id(type_name: str, pk: int) -> str:
    from strawberry.relay import to_base64

    return to_base64(type_name, pk)


@pytest.fixture
def world(db, gql_as, requester, other_requester, agent, admin_user, settings):
    from tickets import services

    users = {
        "anonymous": None,
        "requester": requester,
        "other_requester": other_requester,
        "agent": agent,
        "admin": admin_user,
    }
    clients = {caller: gql_as(user) for caller, user in users.items()}
    mine = services.create_ticket(
        title="Requester's", description="Mine.", category="billing", priority="low",
        actor=requester,
    )  # fmt: skip
    agents = services.create_ticket(
        title="Agent's", description="Theirs.", category="technical", priority="high",
        actor=agent,
    )  # fmt: skip
    return World(
        clients=clients,
        users=users,
        requester_ticket=_global_id("Ticket", mine.pk),
        agent_ticket=_global_id("Ticket", agents.pk),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "caller"), _cases("Query") + _cases("Mutation"))
def test_queries_and_mutations(case: Case, caller: str, world: World):
    assert _run_http(case, caller, world) == case.expect[caller]


# Subscriptions over websockets -----------------------------------------------------------


@dataclass
class LiveWorld:
    server: LiveServer
    tokens: dict[str, str | None]


@pytest.fixture(scope="module")
def live():
    with fresh_database() as env:
        tokens = {
            "anonymous": None,
            "requester": create_user_token(env, "m-requester", "requester"),
            "other_requester": create_user_token(env, "m-other", "requester"),
            "agent": env["DESK_TEST_AGENT_TOKEN"],
            "admin": create_user_token(env, "m-admin", "admin"),
        }
        with LiveServer(env) as server:
            yield LiveWorld(server, tokens)


CREATE = """mutation($title: String!) {
  createTicket(input: {title: $title, description: "From the matrix.", category: GENERAL,
    priority: LOW}) { ticket { id } errors { code } }
}"""


async def _create(live: LiveWorld, caller: str, title: str) -> str:
    data = await live.server.agql(CREATE, {"title": title}, token=live.tokens[caller])
    assert data["createTicket"]["errors"] == []
    return data["createTicket"]["ticket"]["id"]


async def _run_subscription(case: Case, caller: str, live: LiveWorld) -> str:
    token = live.tokens[caller]
    if token is None:
        return DENY if await _refused_anonymous(live) else ALLOW
    client = await WSClient.connect(live.server.ws_url, token=token)
    try:
        if case.field == "Subscription.ticketStats":
            op = await client.subscribe("subscription { ticketStats { totalTickets } }")
            message = await client.message(op)
            return _subscription_outcome(message)
        op = await client.subscribe("subscription { ticketEvents { ticket { id title } } }")
        await asyncio.sleep(0.2)
        requester_ticket = await _create(live, "requester", f"{caller}: requester's")
        agent_ticket = await _create(live, "agent", f"{caller}: agent's")
        marker = await _create(live, caller, f"{caller}: marker")
        seen = set()
        while marker not in seen:
            message = await client.message(op)
            if _subscription_outcome(message) == DENY:
                return DENY
            seen.add(message["payload"]["data"]["ticketEvents"]["ticket"]["id"])
        if {requester_ticket, agent_ticket} <= seen:
            return ALLOW
        assert agent_ticket not in seen or caller == "agent"
        assert (requester_ticket in seen) == (caller == "requester")
        return OWN
    finally:
        await client.close()


def _subscription_outcome(message: dict) -> str:
    if message["type"] == "error":
        codes = {e.get("extensions", {}).get("code") for e in message["payload"]}
    elif message["payload"].get("errors"):
        codes = {e.get("extensions", {}).get("code") for e in message["payload"]["errors"]}
    else:
        return ALLOW
    assert codes <= REFUSALS, message
    return DENY


async def _refused_anonymous(live: LiveWorld) -> bool:
    import websockets

    async with websockets.connect(live.server.ws_url, subprotocols=["graphql-transport-ws"]) as ws:
        await ws.send('{"type": "connection_init", "payload": {}}')
        try:
            await asyncio.wait_for(ws.recv(), 5)
        except websockets.ConnectionClosed as closed:
            return closed.rcvd is not None and closed.rcvd.code == 4403
    return False


@pytest.mark.asyncio
@pytest.mark.parametrize(("case", "caller"), _cases("Subscription"))
async def test_subscriptions(case: Case, caller: str, live: LiveWorld):
    assert await _run_subscription(case, caller, live) == case.expect[caller]
