"""Schema extensions, passed as factories so every request gets fresh instances."""

from functools import lru_cache

from django.conf import settings
from graphql import ASTValidationRule
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry_django.optimizer import DjangoOptimizerExtension

from api.error_policy import should_mask


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


def schema_extensions() -> list:
    introspection = [] if settings.GRAPHQL_INTROSPECTION else [DisableIntrospection]
    return [
        *introspection,
        _request_limits,
        lambda: MaxTokensLimiter(max_token_count=settings.GRAPHQL_MAX_TOKENS),
        # Validation of a document against the same rules is cached (bounded LRU).
        lambda: ValidationCache(maxsize=256),
        DjangoOptimizerExtension,
        lambda: MaskErrors(should_mask_error=should_mask),
    ]
