"""Error codes the domain reports, and their translation from Django's validation codes.

Every mutation returns its problems as (field, code, message) triples with a code from
``ErrorCode``; the GraphQL layer exposes the same enum.
"""

from __future__ import annotations

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
