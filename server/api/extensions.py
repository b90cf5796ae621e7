"""Schema extensions, passed as factories so every request gets fresh instances."""

import re
from collections.abc import Iterator
from functools import lru_cache

from django.conf import settings
from graphql import ASTValidationRule, GraphQLError, parse
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry_django.optimizer import DjangoOptimizerExtension

from api.argument_guard import StorableStringArguments
from api.error_policy import is_unavailable, should_mask
from api.outages import SERVICE_UNAVAILABLE, UNAVAILABLE_MESSAGE


@lru_cache(maxsize=8)
def _limit_rules(max_depth: int, max_aliases: int) -> tuple[type[ASTValidationRule], ...]:
    """The depth and alias rules for these limits, built once.

    Strawberry's limiters make a new rule class per instance, which would defeat the
    validation cache (its key includes the rule classes); the instances are still made
    per request, only the rule classes are shared.
    """
    return (
        *QueryDepthLimiter(max_depth=max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=max_aliases).validation_rules,
    )


def _request_limits() -> AddValidationRules:
    return AddValidationRules(
        list(_limit_rules(settings.GRAPHQL_MAX_DEPTH, settings.GRAPHQL_MAX_ALIASES))
    )


# Documents parsed, by text and parse options (the token limit): clients send the same few
# documents, and parsing one took 0.4 ms a request.  Bounded, so unique texts cannot grow it.
_parse = lru_cache(maxsize=256)(parse)


class DocumentCache(SchemaExtension):
    """A request's document from the parse cache.  A text that does not parse (a syntax
    error, too many tokens) is left to strawberry's own parse, which answers it as always:
    strawberry's ParserCache would raise from the extension hook instead, which a
    websocket answers with ``complete`` rather than ``error``."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query and context.graphql_document is None:
            try:
                context.graphql_document = _parse(context.query, **context.parse_options)
            except GraphQLError:
                pass
        yield


# graphql-core's "Did you mean 'ticket'?" (fields, arguments, types, enum values).
_SUGGESTION = re.compile(r" ?Did you mean [^?]*\?")


def _without_suggestion(error: GraphQLError) -> GraphQLError:
    """A copy (the validation cache shares its error objects between requests)."""
    message = _SUGGESTION.sub("", error.message)
    if message == error.message:
        return error
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error,
        extensions=error.extensions,
    )


class HideSuggestions(SchemaExtension):
    """With introspection off, errors must not reveal the schema by suggesting names."""

    def on_operation(self) -> Iterator[None]:
        yield
        if settings.GRAPHQL_INTROSPECTION:
            return
        result = self.execution_context.result
        if getattr(result, "errors", None):
            result.errors = [_without_suggestion(error) for error in result.errors]


class DeskMaskErrors(MaskErrors):
    """Bugs become "Unexpected error."; a database that cannot serve becomes
    SERVICE_UNAVAILABLE, which api.views answers with a 503."""

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        if is_unavailable(error):
            return GraphQLError(
                UNAVAILABLE_MESSAGE,
                nodes=error.nodes,
                path=error.path,
                original_error=error.original_error,
                extensions={"code": SERVICE_UNAVAILABLE},
            )
        return super().anonymise_error(error)

    def _process_result(self, result: object) -> None:
        # strawberry's check is an isinstance() against a runtime Protocol: about a tenth
        # of the CPU of delivering a live update to each socket (py-spy).  Same rule.
        if getattr(result, "errors", None):
            result.errors = self._process_errors(result.errors)


def schema_extensions() -> list:
    introspection = [] if settings.GRAPHQL_INTROSPECTION else [DisableIntrospection]
    return [
        *introspection,
        HideSuggestions,
        _request_limits,
        lambda: MaxTokensLimiter(max_token_count=settings.GRAPHQL_MAX_TOKENS),
        DocumentCache,  # after MaxTokensLimiter, which sets the parse options
        # Validation of a document against the same rules is cached (bounded LRU).
        lambda: ValidationCache(maxsize=256),
        DjangoOptimizerExtension,
        StorableStringArguments,
        lambda: DeskMaskErrors(should_mask_error=should_mask),
    ]
