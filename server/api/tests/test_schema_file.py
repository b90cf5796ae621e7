from pathlib import Path

from django.conf import settings

from api.sdl import schema_sdl


def test_committed_schema_graphql_is_current():
    committed = Path(settings.REPO_DIR, "schema.graphql").read_text()
    assert committed == schema_sdl(), "run `make schema`"


def test_schema_keeps_the_contract_names():
    sdl = schema_sdl()
    for line in (
        "tickets(filter: TicketFilter = null, first: Int = null, after: String = null, "
        "last: Int = null, before: String = null): TicketConnection!",
        "ticket(id: ID!): Ticket",
        "ticketStats(filter: TicketFilter = null): TicketStats!",
        "createTicket(input: CreateTicketInput!): CreateTicketPayload!",
        "updateTicket(id: ID!, input: UpdateTicketInput!): UpdateTicketPayload!",
    ):
        assert line in sdl
