"""Refusals for reasons of identity, permission or pace.

They are DomainErrors, so every mutation reports them in its payload's ``errors`` like
any other refusal; queries and subscriptions turn them into top-level errors with the
same code in ``extensions.code`` (api.access).
"""

from __future__ import annotations

import math

from tickets.errors import DomainError, ErrorCode, FieldProblem


class AccessError(DomainError):
    code: ErrorCode

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__([FieldProblem(field=field, code=self.code, message=message)])


class NotAuthenticated(AccessError):
    code = ErrorCode.UNAUTHENTICATED

    def __init__(self, message: str = "Sign in first.", **kwargs):
        super().__init__(message, **kwargs)


class PermissionDenied(AccessError):
    code = ErrorCode.PERMISSION_DENIED

    def __init__(self, message: str = "You are not allowed to do this.", **kwargs):
        super().__init__(message, **kwargs)


class InvalidCredentials(AccessError):
    code = ErrorCode.INVALID_CREDENTIALS

    def __init__(self, message: str = "Wrong username or password.", **kwargs):
        super().__init__(message, **kwargs)


class RateLimited(DomainError):
    """Too many calls; ``retry_after`` seconds until the next one is accepted."""

    def __init__(self, what: str, retry_after: float, *, field: str | None = None):
        self.retry_after = max(1, math.ceil(retry_after))
        message = f"Too many {what}; retry in {self.retry_after} s."
        super().__init__(
            [
                FieldProblem(
                    field=field,
                    code=ErrorCode.RATE_LIMITED,
                    message=message,
                    retry_after=self.retry_after,
                )
            ]
        )
