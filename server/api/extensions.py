"""Schema extensions, passed as factories so every request gets fresh instances."""

from django.conf import settings
from strawberry.extensions import (
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
)
from strawberry_django.optimizer import DjangoOptimizerExtension

from api.error_policy import should_mask


def schema_extensions() -> list:
    return [
        lambda: QueryDepthLimiter(max_depth=settings.GRAPHQL_MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=settings.GRAPHQL_MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=settings.GRAPHQL_MAX_TOKENS),
        DjangoOptimizerExtension,
        lambda: MaskErrors(should_mask_error=should_mask),
    ]
