"""Validators of the text people write (titles, descriptions, token names, searches)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

# NUL, which PostgreSQL cannot store in text (SQLite would), and UTF-16 surrogates, which
# are not characters and cannot be encoded in UTF-8 for either database.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
UNSTORABLE_MESSAGE = "contains a NUL character or an unpaired surrogate, which text may not hold."


def has_unstorable_characters(value: str) -> bool:
    return _UNSTORABLE.search(value) is not None


def validate_storable_text(value: str) -> None:
    """Text every database stores alike: refused the same way on SQLite and PostgreSQL."""
    if has_unstorable_characters(value):
        raise ValidationError(f"This field {UNSTORABLE_MESSAGE}", code="invalid")


def validate_not_blank(value: str) -> None:
    """Text a person wrote: storable, and not blank.

    Every free-text field already carries this validator in its migrations, so it checks
    the characters too (validate_storable_text) rather than each field gaining a second one.
    """
    validate_storable_text(value)
    if not value or not value.strip():
        raise ValidationError("This field cannot be blank.", code="blank")
