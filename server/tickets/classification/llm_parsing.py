"""Reading an LLM's classification answer, however loosely it followed the requested format.

Servers that honour `response_format` send exactly the JSON object we asked for; many
OpenAI-compatible servers ignore it and answer with fenced JSON, prose around the object,
other capitalisation or a near-synonym of a label.  `parse_answer` accepts all of those and
maps them onto the domain values, or raises ValueError with a short message that is safe to
show (it quotes an unknown label only when it is a short word or two).

Synonyms are deliberately few and unambiguous.  Priority follows the usual help-desk scales:
Zendesk's low/normal/high/urgent ("normal" -> medium, "urgent" -> critical, the top of that
scale) and Jira's blocker/major/minor/trivial.  "P1"-style levels are refused because teams
number them in opposite directions.
"""

from __future__ import annotations

import json
import math
import re

from tickets.models import Category, Priority

DEFAULT_CONFIDENCE = 0.5

_CATEGORY_SYNONYMS = {
    "tech": Category.TECHNICAL,
    "technical support": Category.TECHNICAL,
    "tech support": Category.TECHNICAL,
    "technical issue": Category.TECHNICAL,
    "technical problem": Category.TECHNICAL,
    "bug": Category.TECHNICAL,
    "payment": Category.BILLING,
    "payments": Category.BILLING,
    "invoice": Category.BILLING,
    "invoicing": Category.BILLING,
    "billing and payments": Category.BILLING,
    "accounts": Category.ACCOUNT,
    "account management": Category.ACCOUNT,
    "account access": Category.ACCOUNT,
    "login": Category.ACCOUNT,
    "other": Category.GENERAL,
    "general inquiry": Category.GENERAL,
    "general enquiry": Category.GENERAL,
    "general question": Category.GENERAL,
    "question": Category.GENERAL,
    "misc": Category.GENERAL,
    "miscellaneous": Category.GENERAL,
}

_PRIORITY_SYNONYMS = {
    "urgent": Priority.CRITICAL,
    "emergency": Priority.CRITICAL,
    "blocker": Priority.CRITICAL,
    "highest": Priority.CRITICAL,
    "major": Priority.HIGH,
    "important": Priority.HIGH,
    "normal": Priority.MEDIUM,
    "moderate": Priority.MEDIUM,
    "med": Priority.MEDIUM,
    "minor": Priority.LOW,
    "trivial": Priority.LOW,
    "lowest": Priority.LOW,
}

_FENCE = re.compile(r"```[a-zA-Z]*\s*(.*?)```", re.DOTALL)
_SEPARATORS = re.compile(r"[\s_\-]+")
# An unknown label is quoted in the error only when it looks like a label: short words, so a
# long value (a pasted secret, a paragraph) is never repeated, not even in part.
_SHOWABLE = re.compile(r"[\w .\-]{1,24}")


def parse_answer(content: str) -> tuple[str, str, float, float]:
    """(category, priority, category_confidence, priority_confidence) from an answer.

    Confidences are floats in [0, 1]; missing or unreadable ones are DEFAULT_CONFIDENCE.
    """
    if not isinstance(content, str) or not content.strip():
        raise ValueError("empty answer")
    answer = _find_object(content)
    category = _label(answer.get("category"), "category", Category, _CATEGORY_SYNONYMS)
    priority = _label(answer.get("priority"), "priority", Priority, _PRIORITY_SYNONYMS)
    return (
        category,
        priority,
        _confidence(answer.get("category_confidence")),
        _confidence(answer.get("priority_confidence")),
    )


def _find_object(content: str) -> dict:
    """The answer object: the whole text, a fenced block, or the first object inside prose.

    Keys are normalised ("Category", "category-confidence", "categoryConfidence" all work).
    An object wrapping the answer ({"classification": {...}}) is skipped in favour of the
    inner one because the scan tries every opening brace in order.
    """
    candidates = [content.strip(), *(block.strip() for block in _FENCE.findall(content))]
    for candidate in candidates:
        try:
            found = _answer_object(json.loads(candidate))
        except ValueError:
            continue
        if found is not None:
            return found
    decoder = json.JSONDecoder()
    for match in re.finditer(r"\{", content):
        try:
            value, _ = decoder.raw_decode(content, match.start())
        except ValueError:
            continue
        found = _answer_object(value)
        if found is not None:
            return found
    raise ValueError("no JSON object with a category and a priority")


def _answer_object(value: object) -> dict | None:
    if not isinstance(value, dict):
        return None
    normalised = {_key(key): item for key, item in value.items() if isinstance(key, str)}
    if "category" not in normalised and "priority" not in normalised:
        return None
    return normalised


def _key(key: str) -> str:
    key = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", key.strip())
    return _SEPARATORS.sub("_", key).casefold()


def _label(value: object, field: str, choices, synonyms: dict) -> str:
    if value is None:
        raise ValueError(f"no {field}")
    if not isinstance(value, str):
        raise ValueError(f"{field} is {type(value).__name__}, not text")
    folded = _SEPARATORS.sub(" ", value.strip().strip("\"'`.*").casefold()).strip()
    if folded in choices.values:
        return folded
    if folded in synonyms:
        return synonyms[folded].value
    if _SHOWABLE.fullmatch(value):
        raise ValueError(f"unknown {field} {value!r}")
    raise ValueError(f"unknown {field} ({len(value)} characters)")


def _confidence(value: object) -> float:
    """A float in [0, 1].  "80%" is 0.8; a bare number above 1 (up to 100) is read as a
    percentage too, since models often answer 85 meaning 85 %."""
    percent = False
    if isinstance(value, str):
        text = value.strip()
        percent = text.endswith("%")
        try:
            value = float(text.removesuffix("%"))
        except ValueError:
            return DEFAULT_CONFIDENCE
    if isinstance(value, bool) or not isinstance(value, int | float):
        return DEFAULT_CONFIDENCE
    number = float(value)
    if not math.isfinite(number):
        return DEFAULT_CONFIDENCE
    if percent or 1 < number <= 100:
        number /= 100
    return min(max(number, 0.0), 1.0)
