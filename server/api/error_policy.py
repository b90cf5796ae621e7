"""Which GraphQL errors are the client's doing, and what happens to the others.

Client errors (syntax, validation, limits, our own coded errors) are returned as they are
and not logged as failures.  Anything else is a bug: it is logged with its traceback and
the client sees only "Unexpected error." so no internal detail (SQL, paths) leaks.
"""

from graphql import GraphQLError


def is_client_error(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        # Raised by GraphQL itself: syntax, validation, variable coercion.
        return True
    return bool(error.extensions and "code" in error.extensions)


def should_mask(error: GraphQLError) -> bool:
    return not is_client_error(error)
