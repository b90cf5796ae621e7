"""The root schema: per-domain query and mutation types merged into one."""

import strawberry
from strawberry.tools import merge_types

from api.accounts.mutations import AccountMutations
from api.accounts.queries import AccountQueries
from api.error_policy import should_log_traceback
from api.extensions import schema_extensions
from api.subscriptions.rendering import SharedRenderExecutionContext
from api.subscriptions.resolvers import TicketSubscriptions
from api.tickets.classification import ClassificationMutations
from api.tickets.mutations import TicketMutations
from api.tickets.queries import TicketQueries

Query = merge_types("Query", (TicketQueries, AccountQueries))
Mutation = merge_types("Mutation", (TicketMutations, ClassificationMutations, AccountMutations))
Subscription = merge_types("Subscription", (TicketSubscriptions,))


class DeskSchema(strawberry.Schema):
    def process_errors(self, errors, execution_context=None) -> None:
        """Log only unexpected errors; a client's mistake is answered, not logged."""
        unexpected = [error for error in errors if should_log_traceback(error)]
        super().process_errors(unexpected, execution_context)


schema = DeskSchema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    extensions=schema_extensions(),
    execution_context_class=SharedRenderExecutionContext,
)
