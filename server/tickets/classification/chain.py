"""The desk's classifier: the LLM when configured, the local model otherwise or on failure.

Never raises because a model failed: the local backend answers and the reason is kept.
Suggestions are cached per normalised text (Django's "classifier" cache: bounded, with a
TTL), so a requester typing the same text, or submitting what they were shown, costs one
LLM call.  A fallback answer is cached only briefly so a recovered LLM is asked again soon.
"""

from __future__ import annotations

import dataclasses
import logging

from django.conf import settings
from django.core.cache import caches

from tickets.classification.registry import registry
from tickets.classification.types import (
    Backend,
    BackendError,
    Prediction,
    Source,
    Suggestion,
    TicketText,
)
from tickets.models import Category, Priority

logger = logging.getLogger(__name__)

LLM_NOT_CONFIGURED = "LLM not configured (OPENAI_API_KEY is not set)"


def llm_backend() -> Backend | None:
    if not getattr(settings, "OPENAI_API_KEY", ""):
        return None  # without a key, the openai SDK (~1.5 s to import) is never loaded
    from tickets.classification.llm import LLMBackend

    return LLMBackend.from_settings()


_local_backends: dict[int | None, Backend] = {}


def local_backend() -> Backend:
    """The local model, with the newest trained model blended in once one is installed."""
    from tickets.classification.local import LocalBackend

    installed = registry.current()
    backend = _local_backends.get(installed.version)
    if backend is None:
        backend = LocalBackend(trained=installed.model)
        _local_backends.clear()
        _local_backends[installed.version] = backend
    return backend


def _last_resort(reason: str) -> Suggestion:
    """Both backends failed: a neutral answer that says so (confidence 0), not an error."""
    return Suggestion(
        category=Category.GENERAL,
        priority=Priority.MEDIUM,
        category_confidence=0.0,
        priority_confidence=0.0,
        source=Source.LOCAL,
        model="none",
        fallback_reason=reason,
    )


def _cache_key(text: TicketText) -> str:
    return f"suggestion:{settings.OPENAI_MODEL}:{registry.current().version}:{text.cache_key()}"


def suggest(text: TicketText) -> Suggestion:
    cache = caches["classifier"]
    key = _cache_key(text)
    cached = cache.get(key)
    if cached is not None:
        return Suggestion(**cached)

    suggestion, fallback = _classify(text)
    ttl = settings.CLASSIFIER_FALLBACK_CACHE_TTL if fallback else settings.CLASSIFIER_CACHE_TTL
    cache.set(key, dataclasses.asdict(suggestion), timeout=ttl)
    return suggestion


def _classify(text: TicketText) -> tuple[Suggestion, bool]:
    """The suggestion, and whether it is a fallback from a configured LLM."""
    llm = llm_backend()
    reason = LLM_NOT_CONFIGURED
    if llm is not None:
        try:
            return Suggestion.from_prediction(llm.classify(text), source=Source.LLM), False
        except BackendError as exc:
            reason = exc.reason
            logger.warning("LLM classification failed, using the local model: %s", reason)
        except Exception as exc:  # noqa: BLE001 - a model failing must never fail the request
            reason = f"LLM failed unexpectedly ({type(exc).__name__})"
            logger.exception("LLM classification failed unexpectedly")
    try:
        prediction: Prediction = local_backend().classify(text)
    except Exception as exc:  # noqa: BLE001 - as above; BackendError or a bug, same answer
        local_reason = exc.reason if isinstance(exc, BackendError) else type(exc).__name__
        logger.exception("Local classification failed too")
        return _last_resort(f"{reason}; local model failed: {local_reason}"), True
    suggestion = Suggestion.from_prediction(prediction, source=Source.LOCAL, fallback_reason=reason)
    return suggestion, llm is not None
