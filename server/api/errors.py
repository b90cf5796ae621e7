"""The one error shape every mutation payload carries, and the codes of top-level errors."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError

from core.errors import DomainError, FieldProblem
from core.errors import ErrorCode as DomainErrorCode

ErrorCode = strawberry.enum(
    DomainErrorCode, name="ErrorCode", description="Why a mutation refused its input."
)


@strawberry.type(description="One problem with a mutation's input; nothing was written.")
class FieldError:
    field: str | None = strawberry.field(
        description="The input field at fault (camelCase), or null for the whole input."
    )
    code: ErrorCode
    message: str
    retry_after: int | None = strawberry.field(
        default=None,
        description="RATE_LIMITED only: seconds to wait before the call is accepted again.",
    )

    @classmethod
    def from_problem(cls, problem: FieldProblem) -> FieldError:
        return cls(
            field=problem.field,
            code=problem.code,
            message=problem.message,
            retry_after=problem.retry_after,
        )


def field_errors(exc: DomainError) -> list[FieldError]:
    return [FieldError.from_problem(problem) for problem in exc.problems]


def request_error(code: str, message: str) -> GraphQLError:
    """A top-level error for a query whose arguments cannot be served (e.g. a bad cursor)."""
    return GraphQLError(message, extensions={"code": code})
