"""LocalBackend: the embedded default classifier (no network, no key, no download)."""

from __future__ import annotations

import threading

import numpy as np

from ..types import Prediction, Source, TicketText
from .cues import CATEGORIES, PRIORITIES
from .runtime import Runtime, get_runtime
from .trained import TrainedModel

MODEL_NAME = "local-zeroshot-v1"


class LocalBackend:
    """Zero-shot core, optionally blended with a model trained on the desk's tickets.

    Cheap to construct: the model itself (embedding table, prototypes, cue tables) is
    loaded once per process on first use and shared by every instance and thread.
    """

    source = Source.LOCAL

    def __init__(self, trained: TrainedModel | None = None, *, runtime: Runtime | None = None):
        self.trained = trained
        self._runtime = runtime

    @property
    def model_name(self) -> str:
        if self.trained is None:
            return MODEL_NAME
        return f"{MODEL_NAME}+trained-{self.trained.version}"

    def load(self) -> Runtime:
        """Load the shared model now (it is otherwise loaded by the first classify)."""
        if self._runtime is None:
            self._runtime = get_runtime()
        return self._runtime

    def probabilities(self, text: TicketText) -> tuple[np.ndarray, np.ndarray]:
        """(category, priority) probabilities in CATEGORIES / PRIORITIES order."""
        runtime = self.load()
        features = runtime.featurizer.features(text.title, text.description)
        category, priority = runtime.core.predict(features)
        if self.trained is not None:
            category, priority = self.trained.blend(features, category, priority)
        return category, priority

    def classify(self, text: TicketText) -> Prediction:
        category, priority = self.probabilities(text)
        c, p = int(np.argmax(category)), int(np.argmax(priority))
        return Prediction(
            category=CATEGORIES[c],
            priority=PRIORITIES[p],
            category_confidence=_unit(category[c]),
            priority_confidence=_unit(priority[p]),
            model=self.model_name,
        )


def _unit(value: float) -> float:
    return round(min(max(float(value), 0.0), 1.0), 4)


_default_lock = threading.Lock()
_default: LocalBackend | None = None


def default_backend() -> LocalBackend:
    """The process-wide zero-shot LocalBackend (no trained model)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = LocalBackend()
        return _default
