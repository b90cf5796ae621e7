"""What the viewer may do, asked of the server (`me { can }`, `Ticket.viewerCan`), so
clients never restate the rules of tickets.policy: over HTTP for each kind of caller, in
a list without a query per ticket, and over the ticketEvents subscription, whose events
are rendered once per kind of viewer."""

from __future__ import annotations

import asyncio
import time

import pytest
import strawberry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from strawberry.relay import to_base64

from api.subscriptions.rendering import SharedRenderExecutionContext, shared
from api.subscriptions.types import TicketEventKind, TicketEventType
from api.tickets.types import TicketAbilitiesType
from testing.live_server import LiveServer, create_user_token, fresh_database
from testing.ws_client import WSClient
from tickets import services
from tickets.models import Ticket

ME = "{ me { username can { submitTickets seeAllTickets seeStats } } }"
ABILITIES = "viewerCan { editText setLabels setStatus }"
TICKET = f"query($id: ID!) {{ ticket(id: $id) {{ id status {ABILITIES} }} }}"
LIST = f"{{ tickets {{ edges {{ node {{ id {ABILITIES} }} }} }} }}"
LIST_WITHOUT = "{ tickets { edges { node { id } } } }"
CREATE = f"""mutation($input: CreateTicketInput!) {{
  createTicket(input: $input) {{ ticket {{ id {ABILITIES} }} errors {{ code }} }}
}}"""
UPDATE = f"""mutation($id: ID!, $status: TicketStatus!) {{
  updateTicket(id: $id, input: {{status: $status}}) {{ ticket {{ {ABILITIES} }} errors {{ code }} }}
}}"""

EVERYTHING = {
    "editText": True,
    "setLabels": True,
    "setStatus": ["OPEN", "IN_PROGRESS", "RESOLVED", "CLOSED"],
}
OWN = {"editText": True, "setLabels": False, "setStatus": ["CLOSED"]}
NOTHING = {"editText": False, "setLabels": False, "setStatus": []}


def gid(ticket: Ticket) -> str:
    return to_base64("Ticket", ticket.pk)


def ticket_of(user, title="Mine") -> Ticket:
    return services.create_ticket(
        title=title, description="Details.", category="billing", priority="low", actor=user
    )


# Over HTTP --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["agent", "admin"])
def test_agents_and_admins_may_do_everything(role, make_user, requester, gql_as):
    staff = make_user(f"staff-{role}", role)
    ticket = ticket_of(requester)
    client = gql_as(staff)

    me = client(ME)["me"]
    assert me["can"] == {"submitTickets": True, "seeAllTickets": True, "seeStats": True}
    assert client(TICKET, {"id": gid(ticket)})["ticket"]["viewerCan"] == EVERYTHING
    changed = client(UPDATE, {"id": gid(ticket), "status": "RESOLVED"})["updateTicket"]
    assert changed == {"ticket": {"viewerCan": EVERYTHING}, "errors": []}


@pytest.mark.django_db
def test_a_requester_on_their_own_ticket_may_edit_its_text_and_close_it(requester, gql_as):
    ticket = ticket_of(requester)
    client = gql_as(requester)

    me = client(ME)["me"]
    assert me["can"] == {"submitTickets": True, "seeAllTickets": False, "seeStats": False}
    assert client(TICKET, {"id": gid(ticket)})["ticket"]["viewerCan"] == OWN
    created = client(CREATE, {"input": {"title": "Another", "description": "Please."}})
    assert created["createTicket"]["ticket"]["viewerCan"] == OWN
    closed = client(UPDATE, {"id": gid(ticket), "status": "CLOSED"})["updateTicket"]
    assert closed == {"ticket": {"viewerCan": OWN}, "errors": []}
    # Closed, it may still be "closed" (its own status) and nothing else.
    assert client(TICKET, {"id": gid(ticket)})["ticket"] == {
        "id": gid(ticket),
        "status": "CLOSED",
        "viewerCan": OWN,
    }


@pytest.mark.django_db
def test_a_requester_never_reads_abilities_on_another_requesters_ticket(
    requester, other_requester, agent, gql_as
):
    theirs = ticket_of(other_requester, "Theirs")
    ticket_of(agent, "An agent's")
    mine = ticket_of(requester)
    client = gql_as(requester)

    assert client(TICKET, {"id": gid(theirs)}) == {"ticket": None}
    listed = client(LIST)["tickets"]["edges"]
    assert listed == [{"node": {"id": gid(mine), "viewerCan": OWN}}]
    refused = client(UPDATE, {"id": gid(theirs), "status": "CLOSED"})["updateTicket"]
    assert refused == {"ticket": None, "errors": [{"code": "NOT_FOUND"}]}


@pytest.mark.django_db
def test_anonymous_callers_have_no_abilities(anonymous_gql, settings):
    assert anonymous_gql(ME) == {"me": None}
    settings.PUBLIC_TICKET_SUBMISSION = True
    created = anonymous_gql(CREATE, {"input": {"title": "Public", "description": "Form."}})
    assert created["createTicket"] == {
        "ticket": {"id": gid(Ticket.objects.get()), "viewerCan": NOTHING},
        "errors": [],
    }


@pytest.mark.django_db
def test_a_list_asks_no_query_per_ticket_for_its_abilities(requester, agent, gql_as):
    for n in range(4):
        ticket_of(requester, f"Ticket {n}")
    for who, expected in ((agent, EVERYTHING), (requester, OWN)):
        client = gql_as(who)
        client(LIST_WITHOUT)  # the API token's first use writes last_used_at
        with CaptureQueriesContext(connection) as without:
            client(LIST_WITHOUT)
        with CaptureQueriesContext(connection) as with_abilities:
            edges = client(LIST)["tickets"]["edges"]
        assert [edge["node"]["viewerCan"] for edge in edges] == [expected] * 4
        assert len(with_abilities) == len(without) > 0


# The shared rendering of subscription events ----------------------------------------------

renders: list[str] = []


@strawberry.type
class Event:
    owner: str

    @strawberry.field
    def mine(self, info: strawberry.Info) -> bool:
        renders.append(info.context["user"])
        return info.context["user"] == self.owner

    def viewer_variant(self, actor) -> bool:
        return actor == self.owner


@strawberry.type
class Query:
    ping: str = "pong"


def test_an_event_renders_once_per_viewer_variant_and_right_for_each():
    events = [shared(Event(owner="rita"))]

    @strawberry.type
    class Subscription:
        @strawberry.subscription
        async def events(self) -> Event:
            for event in events:
                yield event

    schema = strawberry.Schema(
        query=Query, subscription=Subscription, execution_context_class=SharedRenderExecutionContext
    )

    async def watch(user: str):
        stream = await schema.subscribe(
            "subscription { events { mine } }", context_value={"user": user}
        )
        return [result.data["events"]["mine"] async for result in stream]

    async def run():
        return await asyncio.gather(*(watch(u) for u in ("ann", "rita", "bob", "rita", "cy")))

    renders.clear()
    assert asyncio.run(run()) == [[False], [True], [False], [True], [False]]
    assert sorted(renders) in (["ann", "rita"], ["bob", "rita"], ["cy", "rita"])


def test_a_shared_ticket_event_renders_each_viewers_own_abilities(requester, agent, monkeypatch):
    """The hub groups subscribers by what they may see, so today one group's viewers
    have equal abilities; the rendering does not rely on it, and still renders once per
    kind of viewer (viewerCan stays synchronous)."""
    rendered = []
    of = TicketAbilitiesType.of
    monkeypatch.setattr(
        TicketAbilitiesType, "of", classmethod(lambda cls, a: rendered.append(a) or of(a))
    )
    ticket = Ticket(id=7, requester_id=requester.pk, status="open")  # as from a snapshot
    event = shared(
        TicketEventType(kind=TicketEventKind.CREATED, ticket=ticket, matches_filter=True)
    )

    @strawberry.type
    class Subscription:
        @strawberry.subscription
        async def ticket_events(self) -> TicketEventType:
            yield event

    schema = strawberry.Schema(
        query=Query, subscription=Subscription, execution_context_class=SharedRenderExecutionContext
    )
    viewers = [agent, requester, agent]
    for viewer in viewers:
        viewer.get_all_permissions()  # cached, as the websocket's user is: no query on the loop

    async def watch(user):
        stream = await schema.subscribe(
            f"subscription {{ ticketEvents {{ ticket {{ {ABILITIES} }} }} }}",
            context_value={"user": user},
        )
        return [result.data["ticketEvents"]["ticket"]["viewerCan"] async for result in stream]

    async def run():
        return await asyncio.gather(*(watch(viewer) for viewer in viewers))

    assert asyncio.run(run()) == [[EVERYTHING], [OWN], [EVERYTHING]]
    assert len(rendered) == 2


# Over a websocket, against a real server --------------------------------------------------

EVENTS = f"subscription {{ ticketEvents {{ kind ticket {{ id {ABILITIES} }} }} }}"
LIVE_CREATE = """mutation { createTicket(input: {title: "Live", description: "Over HTTP."}) {
  ticket { id } errors { code } } }"""


@pytest.fixture(scope="module")
def live():
    with fresh_database() as env:
        tokens = {
            "rita": create_user_token(env, "rita", "requester"),
            "agent2": create_user_token(env, "second-agent", "agent"),
        }
        with LiveServer(env) as server:
            yield server, tokens


async def until_subscribed(server: LiveServer, count: int, within: float = 60) -> None:
    deadline = time.monotonic() + within
    while (await asyncio.to_thread(server.hub))["event_subscribers"] < count:
        assert time.monotonic() < deadline, "the subscriptions never reached the hub"
        await asyncio.sleep(0.05)


@pytest.mark.asyncio
async def test_one_event_carries_each_subscribers_own_abilities(live):
    server, tokens = live
    rita = await WSClient.connect(server.ws_url, token=tokens["rita"])
    agents = [
        await WSClient.connect(server.ws_url),
        await WSClient.connect(server.ws_url, token=tokens["agent2"]),
    ]
    try:
        rita_op = await rita.subscribe(EVENTS)
        agent_ops = [await agent.subscribe(EVENTS) for agent in agents]
        await until_subscribed(server, 3)
        data = await server.agql(LIVE_CREATE, token=tokens["rita"])
        assert data["createTicket"]["errors"] == []
        ticket_id = data["createTicket"]["ticket"]["id"]

        heard = (await rita.next(rita_op, timeout=30))["ticketEvents"]
        assert heard == {"kind": "CREATED", "ticket": {"id": ticket_id, "viewerCan": OWN}}
        for agent, op in zip(agents, agent_ops, strict=True):
            heard = (await agent.next(op, timeout=30))["ticketEvents"]
            assert heard == {
                "kind": "CREATED",
                "ticket": {"id": ticket_id, "viewerCan": EVERYTHING},
            }
    finally:
        await rita.close()
        for agent in agents:
            await agent.close()
