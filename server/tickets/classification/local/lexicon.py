"""A phrase matcher for weighted cues, fast enough to run on every keystroke.

Text is folded first (lower case, accents and HTML removed, "can't"/"cannot"/"unable"
become "cant"), then split into word tokens.  A cue is a phrase of words in which
- `word*` matches any word starting with `word`,
- `_` skips zero to two words ("cant _ log in" matches "can't seem to log in"),
- a leading `!` marks it negatable: when one of the three words before it is a negation
  ("not urgent", "no rush"), its weights count reversed at half strength.
Every cue counts once per text however often it appears: repeating "urgent" five times
is not five times as urgent.  Matching is a dictionary lookup per token (plus one per
prefix length the first time a word is seen), so a 4,000-character ticket takes well
under a millisecond.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

_TAG = re.compile(r"<[^>]{0,200}>")
_APOSTROPHE = re.compile(r"(?<=\w)['’`´](?=\w)")
_TOKEN = re.compile(r"\w+")
_GAP = "_"
_MAX_GAP = 2
_NEGATORS = frozenset(
    "not no nothing never without isnt arent wasnt dont doesnt didnt nicht kein keine pas "
    "sin sem nao non".split()
)
_NEGATION_WINDOW = 3
# Words whose candidate cues a lexicon remembers (then it starts over): a bound on memory.
_REMEMBERED_WORDS = 50_000
# Same meaning, one spelling, so cues need not list every variant.
_SYNONYMS = {
    "cannot": "cant",
    "couldnt": "cant",
    "unable": "cant",
    "wont": "cant",
    "logon": "login",
    "signin": "login",
}


def fold(text: str) -> str:
    """Lower case, no HTML, no accents, apostrophes inside words dropped."""
    text = html.unescape(_TAG.sub(" ", text)).casefold()
    if not text.isascii():  # ASCII text has no accents to remove
        text = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in text if not unicodedata.combining(char))
    return _APOSTROPHE.sub("", text.replace("ß", "ss"))


def tokenize(text: str) -> list[str]:
    return [_SYNONYMS.get(token, token) for token in _TOKEN.findall(fold(text))]


@dataclass(frozen=True)
class _Element:
    word: str
    prefix: bool


@dataclass(frozen=True)
class Cue:
    pattern: str
    weights: np.ndarray
    elements: tuple[_Element | None, ...]  # None is a gap
    negatable: bool


def parse_cue(pattern: str, weights: np.ndarray) -> Cue:
    negatable = pattern.startswith("!")
    elements: list[_Element | None] = []
    for part in tokenize_pattern(pattern.lstrip("!")):
        if part == _GAP:
            elements.append(None)
        elif part.endswith("*"):
            elements.append(_Element(part[:-1], True))
        else:
            elements.append(_Element(part, False))
    if not elements or elements[0] is None or elements[-1] is None:
        raise ValueError(f"bad cue pattern: {pattern!r}")
    return Cue(pattern, np.asarray(weights, dtype=np.float32), tuple(elements), negatable)


def tokenize_pattern(pattern: str) -> list[str]:
    """A pattern's words, folded like text, keeping `*` and `_` markers."""
    parts = []
    for raw in pattern.split():
        star = raw.endswith("*")
        if raw == _GAP:
            parts.append(_GAP)
            continue
        words = tokenize(raw.rstrip("*"))
        if star and words:
            words[-1] += "*"
        parts.extend(words)
    return parts


class Lexicon:
    """Sums the weight vectors of the cues found in a text."""

    def __init__(self, cues: Iterable[Cue], width: int):
        self.cues = list(cues)
        self.width = width
        self._exact: dict[str, list[int]] = {}
        self._prefix: dict[str, list[int]] = {}
        for index, cue in enumerate(self.cues):
            first = cue.elements[0]
            table = self._prefix if first.prefix else self._exact
            table.setdefault(first.word, []).append(index)
        self._prefix_lengths = sorted({len(word) for word in self._prefix})
        # Per cue: the label it weighs most and how much (compared on every match).
        self._main_label = [int(np.argmax(np.abs(cue.weights))) for cue in self.cues]
        self._strength = [float(np.abs(cue.weights).max()) for cue in self.cues]
        self._candidates_of: dict[str, tuple[int, ...]] = {}

    def matches(self, tokens: list[str]) -> list[tuple[int, bool]]:
        """(cue index, negated) for each distinct cue found, in order of first match.

        Two cues of the same label over the same words ("suspended" and "suspend*"), here
        or anywhere else in the text, are one piece of evidence: only the heavier counts.
        """
        found: dict[int, bool] = {}
        best: dict[tuple[tuple[str, ...], int], int] = {}
        for position, token in enumerate(tokens):
            for index in self._candidates(token):
                if index in found:
                    continue
                cue = self.cues[index]
                end = _match_from(cue.elements, 1, tokens, position + 1)
                if end < 0:
                    continue
                span = (tuple(tokens[position:end]), self._main_label[index])
                rival = best.get(span)
                if rival is not None:
                    if self._strength[rival] >= self._strength[index]:
                        continue
                    del found[rival]
                best[span] = index
                window = tokens[max(position - _NEGATION_WINDOW, 0) : position]
                found[index] = cue.negatable and any(w in _NEGATORS for w in window)
        return list(found.items())

    def _candidates(self, token: str) -> tuple[int, ...]:
        """The cues whose first word matches token, remembered per word (tickets repeat
        their words, so most lookups skip the one-per-prefix-length probing)."""
        found = self._candidates_of.get(token)
        if found is None:
            candidates = list(self._exact.get(token, ()))
            for length in self._prefix_lengths:
                if length > len(token):
                    break
                candidates.extend(self._prefix.get(token[:length], ()))
            found = tuple(candidates)
            if len(self._candidates_of) >= _REMEMBERED_WORDS:
                self._candidates_of.clear()
            self._candidates_of[token] = found
        return found

    def score(self, tokens: list[str]) -> np.ndarray:
        total = np.zeros(self.width, dtype=np.float32)
        for index, negated in self.matches(tokens):
            weights = self.cues[index].weights
            total += -0.5 * weights if negated else weights
        return total

    def explain(self, tokens: list[str]) -> list[str]:
        return [
            ("NOT " if negated else "") + self.cues[index].pattern
            for index, negated in self.matches(tokens)
        ]


def _match_from(elements, at: int, tokens: list[str], position: int) -> int:
    """Where a match of elements[at:] starting at `position` ends, or -1."""
    if at == len(elements):
        return position
    element = elements[at]
    if element is None:
        for skip in range(_MAX_GAP + 1):
            end = _match_from(elements, at + 1, tokens, position + skip)
            if end >= 0:
                return end
        return -1
    if position >= len(tokens):
        return -1
    token = tokens[position]
    ok = token.startswith(element.word) if element.prefix else token == element.word
    return _match_from(elements, at + 1, tokens, position + 1) if ok else -1
