"""The classifier interface: text in; category, priority, confidences and provenance out."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

# Text beyond this many characters (title and description together) is cut before any
# model sees it: enough for the gist of a ticket, bounded cost and latency.
MAX_INPUT_CHARS = 4000

_WHITESPACE = re.compile(r"\s+")


class Source(StrEnum):
    LLM = "LLM"
    LOCAL = "LOCAL"


@dataclass(frozen=True)
class TicketText:
    """What a model reads: a ticket's title and description, normalised and bounded."""

    title: str
    description: str

    @classmethod
    def of(cls, *, description: str, title: str | None = None) -> TicketText:
        title = _normalise(title or "")
        description = _normalise(description)
        room = max(MAX_INPUT_CHARS - len(title), 0)
        return cls(title=title[:MAX_INPUT_CHARS], description=description[:room])

    @property
    def combined(self) -> str:
        return f"{self.title}\n\n{self.description}" if self.title else self.description

    def cache_key(self) -> str:
        folded = f"{self.title.casefold()}\x00{self.description.casefold()}"
        return hashlib.sha256(folded.encode()).hexdigest()


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return _WHITESPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Prediction:
    """One backend's answer.  category/priority are the domain values ("billing", "high")."""

    category: str
    priority: str
    category_confidence: float
    priority_confidence: float
    model: str


@dataclass(frozen=True)
class Suggestion:
    """What the desk suggests, with where it came from."""

    category: str
    priority: str
    category_confidence: float
    priority_confidence: float
    source: Source
    model: str
    fallback_reason: str | None = None

    @classmethod
    def from_prediction(
        cls, prediction: Prediction, *, source: Source, fallback_reason: str | None = None
    ) -> Suggestion:
        return cls(
            category=prediction.category,
            priority=prediction.priority,
            category_confidence=prediction.category_confidence,
            priority_confidence=prediction.priority_confidence,
            source=source,
            model=prediction.model,
            fallback_reason=fallback_reason,
        )


class BackendError(Exception):
    """A backend could not answer.  `reason` is shown to clients: it never holds a secret."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Backend(Protocol):
    source: Source

    def classify(self, text: TicketText) -> Prediction:
        """Raises BackendError when it cannot answer."""
        ...
