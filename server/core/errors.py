"""Error codes the domain reports, and their translation from Django's validation codes.

Every mutation returns its problems as (field, code, message) triples with a code from
``ErrorCode``; the GraphQL layer exposes the same enum.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class ErrorCode(StrEnum):
    REQUIRED = "REQUIRED"
    BLANK = "BLANK"
    TOO_LONG = "TOO_LONG"
    INVALID_CHOICE = "INVALID_CHOICE"
    INVALID_ID = "INVALID_ID"
    NOT_FOUND = "NOT_FOUND"
    INVALID = "INVALID"
    # Access (accounts): who may do what, and how often.
    UNAUTHENTICATED = "UNAUTHENTICATED"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    RATE_LIMITED = "RATE_LIMITED"
    CSRF_FAILED = "CSRF_FAILED"
    # createTicket: an idempotency key already used with a different input.
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"


_DJANGO_CODES = {
    "required": ErrorCode.REQUIRED,
    "null": ErrorCode.REQUIRED,
    "blank": ErrorCode.BLANK,
    "max_length": ErrorCode.TOO_LONG,
    "invalid_choice": ErrorCode.INVALID_CHOICE,
}


@dataclass(frozen=True)
class FieldProblem:
    field: str | None
    code: ErrorCode
    message: str
    # Seconds to wait before trying again (RATE_LIMITED only).
    retry_after: int | None = None


class DomainError(Exception):
    """A write refused for reasons the caller can fix; nothing was written."""

    def __init__(self, problems: list[FieldProblem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems

    @classmethod
    def single(cls, field: str | None, code: ErrorCode, message: str) -> DomainError:
        return cls([FieldProblem(field=field, code=code, message=message)])

    @classmethod
    def from_validation_error(cls, exc: ValidationError) -> DomainError:
        problems = []
        for field_name, errors in exc.error_dict.items():
            for error in errors:
                message = " ".join(error.messages)
                problems.append(
                    FieldProblem(
                        field=None if field_name == NON_FIELD_ERRORS else field_name,
                        code=_DJANGO_CODES.get(error.code or "", ErrorCode.INVALID),
                        message=f"{field_name}: {message}"
                        if field_name != NON_FIELD_ERRORS
                        else message,
                    )
                )
        return cls(problems)


# Refusals for reasons of identity, permission or pace.  They are DomainErrors, so every
# mutation reports them in its payload's ``errors`` like any other refusal; queries and
# subscriptions turn them into top-level errors with the same code in ``extensions.code``.
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
