"""Which GraphQL errors are the client's doing, and what happens to the others.

Client errors (syntax, validation, limits, our own coded errors) are returned as they are
and not logged as failures.  A database that cannot serve (api.outages) is not a bug: the
error becomes SERVICE_UNAVAILABLE (and the HTTP answer a 503).  Anything else is a bug: it
is logged with its traceback and the client sees only "Unexpected error." so no internal
detail (SQL, paths) leaks.
"""

from graphql import GraphQLError

from api.outages import is_database_unavailable


def is_client_error(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        # Raised by GraphQL itself: syntax, validation, variable coercion.
        return True
    return bool(error.extensions and "code" in error.extensions)


def is_unavailable(error: GraphQLError) -> bool:
    return is_database_unavailable(error.original_error)


def should_mask(error: GraphQLError) -> bool:
    return not is_client_error(error)


def should_log_traceback(error: GraphQLError) -> bool:
    """Only bugs are logged with a traceback (an outage is logged once by api.views)."""
    return not is_client_error(error) and not is_unavailable(error)
