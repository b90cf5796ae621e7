"""The GraphQL documents the benchmarks send: what the web client's list, dashboard and
new-ticket form ask for, written once so every benchmark measures the same requests."""

# A page of the list as the web client shows it; ``LIST_QUERY % ""`` is the page alone, or
# pass the count field to add (``"\n    totalCount"``, ``matchCount(...)``).
LIST_QUERY_WITH = """
query BenchList($filter: TicketFilter, $after: String) {
  tickets(filter: $filter, first: 25, after: $after) {
    edges { cursor node { id title category priority status createdAt } }
    pageInfo { hasNextPage endCursor }%s
  }
}"""
LIST_QUERY = LIST_QUERY_WITH % ""

STATS_QUERY = """
query BenchStats {
  ticketStats {
    totalTickets openTickets avgTicketsPerDay
    byPriority { priority count } byCategory { category count } byStatus { status count }
    perDay { date count }
  }
}"""

CREATE_TICKET = """
mutation BenchCreate($input: CreateTicketInput!) {
  createTicket(input: $input) {
    ticket { id title category priority status createdAt }
    errors { field message code }
  }
}"""
CREATE_INPUT = {
    "title": "Refund not received for my last invoice",
    "description": "I was charged twice this month and the refund has not arrived yet.",
}
