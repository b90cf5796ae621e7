"""The root schema: per-domain query and mutation types merged into one."""

import strawberry
from strawberry.tools import merge_types

from api.extensions import schema_extensions
from api.tickets.mutations import TicketMutations
from api.tickets.queries import TicketQueries

Query = merge_types("Query", (TicketQueries,))
Mutation = merge_types("Mutation", (TicketMutations,))

schema = strawberry.Schema(query=Query, mutation=Mutation, extensions=schema_extensions())
