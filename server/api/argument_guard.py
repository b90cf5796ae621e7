"""Every string argument, checked once for characters no database stores alike.

A NUL byte or an unpaired UTF-16 surrogate (``"\\u0000"``, ``"\\ud800"``, valid JSON and
GraphQL escapes) in any argument, at any depth of an input object or list, is refused
before the resolver runs: PostgreSQL refuses NUL in text while SQLite stores it, and
neither can encode a surrogate.  A mutation answers with its payload (every other field
null) and ``errors: [{field, code: INVALID}]``, as for any other bad input; a query or a
nested field answers a top-level error with ``extensions.code`` INVALID_ARGUMENT and
``extensions.field``.  The model validators (core.validators) hold the same rule for
writes that do not come through the API.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo, get_named_type
from strawberry.extensions import SchemaExtension

from api.errors import FieldError
from core.errors import ErrorCode
from core.validators import UNSTORABLE_MESSAGE, has_unstorable_characters

_DEFINITION = "strawberry-definition"


def _unstorable_paths(value: Any, path: str) -> Iterator[str]:
    if isinstance(value, str):
        if has_unstorable_characters(value):
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _unstorable_paths(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _unstorable_paths(item, f"{path}.{index}")


def _payload_field_name(path: str) -> str:
    """The house's FieldError.field: the input's own field name (``title``, not
    ``input.title``); other arguments by their name."""
    return path.removeprefix("input.")


def _refused_payload(info: GraphQLResolveInfo, fields: list[str]) -> Any | None:
    """The mutation's payload with ``errors``, or None when its type has no errors list."""
    definition = (get_named_type(info.return_type).extensions or {}).get(_DEFINITION)
    if definition is None or info.operation.operation.value != "mutation":
        return None
    names = [field.python_name for field in definition.fields]
    if "errors" not in names:
        return None
    errors = [
        FieldError(field=field, code=ErrorCode.INVALID, message=f"{field}: {UNSTORABLE_MESSAGE}")
        for field in fields
    ]
    return definition.origin(**{name: None for name in names if name != "errors"}, errors=errors)


class StorableStringArguments(SchemaExtension):
    def resolve(self, _next, root, info: GraphQLResolveInfo, *args, **kwargs):
        if kwargs:
            paths = [
                path for name, value in kwargs.items() for path in _unstorable_paths(value, name)
            ]
            if paths:
                fields = [_payload_field_name(path) for path in paths]
                payload = _refused_payload(info, fields) if info.path.prev is None else None
                if payload is not None:
                    return payload
                raise GraphQLError(
                    f"{paths[0]}: {UNSTORABLE_MESSAGE}",
                    extensions={"code": "INVALID_ARGUMENT", "field": paths[0]},
                )
        return _next(root, info, *args, **kwargs)
