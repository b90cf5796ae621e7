"""Which trained local model is in use, noticed by running servers without a restart.

Trained models live in the database (TrainedClassifier), so every server process, on any
machine, sees the same one.  Each process looks for a newer row at most every
CLASSIFIER_RELOAD_SECONDS and loads it when there is one.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction

from tickets.models import TrainedClassifier

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Installed:
    version: int | None
    model: Any  # tickets.classification.local.TrainedModel, or None for the zero-shot core


_NONE = Installed(version=None, model=None)


class _Registry:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._current = _NONE
        self._checked_at = float("-inf")

    def current(self) -> Installed:
        now = time.monotonic()
        if now - self._checked_at < settings.CLASSIFIER_RELOAD_SECONDS:
            return self._current
        with self._lock:
            if now - self._checked_at >= settings.CLASSIFIER_RELOAD_SECONDS:
                self._current = self._load_if_newer()
                self._checked_at = now
            return self._current

    def forget(self) -> None:
        """Drop what this process loaded (tests; a fresh database)."""
        with self._lock:
            self._current = _NONE
            self._checked_at = float("-inf")

    def _load_if_newer(self) -> Installed:
        latest = TrainedClassifier.objects.values_list("id", flat=True).first()
        if latest is None:
            return _NONE
        if latest == self._current.version:
            return self._current
        from tickets.classification.local import IncompatibleModel, TrainedModel

        blob = TrainedClassifier.objects.values_list("model", flat=True).get(pk=latest)
        try:
            model = TrainedModel.from_bytes(bytes(blob))
        except IncompatibleModel as exc:
            # E.g. stored by an older release with another feature layout: the zero-shot
            # core carries on alone until `train_classifier` installs a new model.
            logger.warning("Trained classifier #%s cannot be used (%s); ignoring it.", latest, exc)
            return Installed(version=latest, model=None)
        return Installed(version=latest, model=model)


registry = _Registry()


@transaction.atomic
def install(*, model_bytes: bytes, trained_on: int, metrics: dict) -> TrainedClassifier:
    return TrainedClassifier.objects.create(
        model=model_bytes, trained_on=trained_on, metrics=metrics
    )


def installed_metrics() -> dict | None:
    return TrainedClassifier.objects.values_list("metrics", flat=True).first()
