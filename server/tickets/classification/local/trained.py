"""A model trained on the desk's own tickets, and how it is blended with the zero-shot core.

Two multinomial logistic regressions (category, priority) over the same features the
zero-shot core sees (embedding, prototype similarities, cue scores), standardised, with
L2 regularisation, fitted by full-batch gradient descent: numpy only, deterministic (no
random initialisation, no shuffling), a few seconds for thousands of tickets.

Blending: a desk's first fifty confirmed tickets should nudge the zero-shot answer, its
five thousandth should mostly decide it.  The trained model's weight is
n / (n + HALF_WEIGHT_AT), at most MAX_WEIGHT, where n is the number of training tickets.
The blend is a mixture of probabilities; a label the desk never used gets probability 0
from the trained model, so it fades as the desk's history grows (a desk that files
logins under "technical" stops being offered "account"), but never below
1 - MAX_WEIGHT of its zero-shot probability.

Serialised as an .npz archive (numpy arrays and strings only, loaded with
allow_pickle=False), so stored bytes cannot run code when loaded.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ..types import TicketText
from .cues import CATEGORIES, PRIORITIES, PRIORITY_KINDS
from .embedder import DIM
from .features import Features
from .runtime import get_runtime

HALF_WEIGHT_AT = 200
MAX_WEIGHT = 0.85
L2_CHOICES = (1e-2, 1e-1, 1.0)
STEPS = 200
# What the feature vector is made of; a stored model with another layout is refused.
FEATURE_LAYOUT = (
    f"wordllama-l2_supercat-{DIM}|sim{len(CATEGORIES)}|ex{len(CATEGORIES)}|sim{len(PRIORITIES)}"
    f"|cues{len(CATEGORIES)}|kinds:{','.join(PRIORITY_KINDS)}"
)
FORMAT = "local-trained-v1"

Example = tuple[TicketText, str, str | None]


class IncompatibleModel(ValueError):
    """Stored bytes that are not a trained model this code can use."""


@dataclass(frozen=True, eq=False)
class _Head:
    labels: tuple[str, ...]  # the labels seen in training, in CATEGORIES/PRIORITIES order
    weights: np.ndarray  # (features, labels)
    bias: np.ndarray  # (labels,)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        logits = x @ self.weights + self.bias
        logits -= logits.max(axis=-1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=-1, keepdims=True)


@dataclass(frozen=True, eq=False)
class TrainedModel:
    version: str
    n_examples: int
    mean: np.ndarray
    scale: np.ndarray
    category: _Head
    priority: _Head | None  # None when no example had a priority

    @property
    def weight(self) -> float:
        """How much this model counts against the zero-shot core, in [0, MAX_WEIGHT]."""
        return min(MAX_WEIGHT, self.n_examples / (self.n_examples + HALF_WEIGHT_AT))

    def blend(
        self, features: Features, category: np.ndarray, priority: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Zero-shot probabilities (full label order) in, blended probabilities out."""
        x = (features.vector() - self.mean) / self.scale
        category = _blend(category, self.category, x, CATEGORIES, self.weight)
        if self.priority is not None:
            priority = _blend(priority, self.priority, x, PRIORITIES, self.weight)
        return category, priority

    def to_bytes(self) -> bytes:
        arrays = {
            "format": np.array(FORMAT),
            "layout": np.array(FEATURE_LAYOUT),
            "version": np.array(self.version),
            "n_examples": np.array(self.n_examples),
            "mean": self.mean,
            "scale": self.scale,
            "category_labels": np.array(self.category.labels),
            "category_weights": self.category.weights,
            "category_bias": self.category.bias,
        }
        if self.priority is not None:
            arrays["priority_labels"] = np.array(self.priority.labels)
            arrays["priority_weights"] = self.priority.weights
            arrays["priority_bias"] = self.priority.bias
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **arrays)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> TrainedModel:
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as archive:
                arrays = {name: archive[name] for name in archive.files}
        except Exception as exc:  # noqa: BLE001 - any unreadable archive is the same answer
            raise IncompatibleModel(f"not a trained model archive ({type(exc).__name__})") from exc
        if str(arrays.get("format", "")) != FORMAT:
            raise IncompatibleModel("not a local trained model")
        if str(arrays.get("layout", "")) != FEATURE_LAYOUT:
            raise IncompatibleModel("trained for another feature layout: retrain")
        try:
            model = cls(
                version=str(arrays["version"]),
                n_examples=int(arrays["n_examples"]),
                mean=arrays["mean"].astype(np.float32),
                scale=arrays["scale"].astype(np.float32),
                category=_head(arrays, "category", CATEGORIES),
                priority=_head(arrays, "priority", PRIORITIES)
                if "priority_labels" in arrays
                else None,
            )
        except (KeyError, ValueError) as exc:
            raise IncompatibleModel(f"incomplete trained model ({exc})") from exc
        if model.mean.shape != (_feature_count(),) or model.scale.shape != model.mean.shape:
            raise IncompatibleModel("trained model has the wrong number of features")
        return model


def _head(arrays: dict, name: str, order: tuple[str, ...]) -> _Head:
    labels = tuple(str(label) for label in arrays[f"{name}_labels"])
    if not labels or any(label not in order for label in labels):
        raise ValueError(f"unknown {name} labels {labels}")
    weights = arrays[f"{name}_weights"].astype(np.float32)
    bias = arrays[f"{name}_bias"].astype(np.float32)
    if weights.shape != (_feature_count(), len(labels)) or bias.shape != (len(labels),):
        raise ValueError(f"{name} weights have the wrong shape")
    return _Head(labels, weights, bias)


def _feature_count() -> int:
    return DIM + 3 * len(CATEGORIES) + len(PRIORITIES) + len(PRIORITY_KINDS)


def _blend(
    zero_shot: np.ndarray, head: _Head, x: np.ndarray, order: tuple[str, ...], weight: float
) -> np.ndarray:
    trained = np.zeros_like(zero_shot)
    trained[[order.index(label) for label in head.labels]] = head.probabilities(x)
    return (1 - weight) * zero_shot + weight * trained


def train(examples: Iterable[Example]) -> TrainedModel:
    """Fit a TrainedModel to (TicketText, category, priority or None) examples.

    Raises ValueError when there is nothing to learn (no examples, unknown labels, or a
    single category).
    """
    examples = list(examples)
    if not examples:
        raise ValueError("no training examples")
    for _, category, priority in examples:
        if category not in CATEGORIES:
            raise ValueError(f"unknown category {category!r}")
        if priority is not None and priority not in PRIORITIES:
            raise ValueError(f"unknown priority {priority!r}")
    featurizer = get_runtime().featurizer
    matrix = np.stack(
        [featurizer.features(text.title, text.description).vector() for text, _, _ in examples]
    )
    mean = matrix.mean(axis=0)
    scale = matrix.std(axis=0) + 1e-3
    x = (matrix - mean) / scale

    category_head = _fit_head(x, [category for _, category, _ in examples], CATEGORIES)
    if category_head is None:
        raise ValueError("training needs at least two different categories")
    with_priority = [i for i, (_, _, priority) in enumerate(examples) if priority is not None]
    priority_head = _fit_head(x[with_priority], [examples[i][2] for i in with_priority], PRIORITIES)
    model = TrainedModel(
        version="",
        n_examples=len(examples),
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
        category=category_head,
        priority=priority_head,
    )
    digest = hashlib.sha256(model.to_bytes()).hexdigest()[:10]
    return TrainedModel(
        version=f"n{len(examples)}-{digest}",
        n_examples=model.n_examples,
        mean=model.mean,
        scale=model.scale,
        category=model.category,
        priority=model.priority,
    )


def _fit_head(x: np.ndarray, labels: Sequence[str], order: tuple[str, ...]) -> _Head | None:
    seen = tuple(label for label in order if label in set(labels))
    if len(seen) < 2:
        return None
    y = np.zeros((len(labels), len(seen)), dtype=np.float32)
    y[np.arange(len(labels)), [seen.index(label) for label in labels]] = 1.0
    x = x.astype(np.float32)
    l2 = _choose_l2(x, y)
    weights, bias = _fit(x, y, l2)
    return _Head(seen, weights, bias)


def _choose_l2(x: np.ndarray, y: np.ndarray) -> float:
    """The regularisation that predicts a held-out fifth best (every fifth example, so
    deterministic); the strongest one when there are too few examples to tell."""
    validation = np.arange(len(x)) % 5 == 4
    if validation.sum() < 20 or (~validation).sum() < 20:
        return L2_CHOICES[-1]
    scores = []
    for l2 in L2_CHOICES:
        weights, bias = _fit(x[~validation], y[~validation], l2)
        logits = x[validation] @ weights + bias
        scores.append((logits.argmax(axis=1) == y[validation].argmax(axis=1)).mean())
    return L2_CHOICES[int(np.argmax(scores))]


def _fit(x: np.ndarray, y: np.ndarray, l2: float) -> tuple[np.ndarray, np.ndarray]:
    """Softmax regression: accelerated gradient descent (FISTA) on the mean log-loss + l2,
    with step 1/L from the loss's smoothness bound, so it converges without tuning."""
    n, d = x.shape
    smoothness = 0.5 * _top_eigenvalue(x) / n + l2 + 0.5
    step = 1.0 / smoothness
    weights = np.zeros((d, y.shape[1]), dtype=np.float32)
    bias = np.log(y.mean(axis=0) + 1e-3).astype(np.float32)
    look_w, look_b = weights.copy(), bias.copy()
    t = 1.0
    for _ in range(STEPS):
        logits = x @ look_w + look_b
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        error = (probs - y) / n
        new_w = look_w - step * (x.T @ error + l2 * look_w)
        new_b = look_b - step * error.sum(axis=0)
        t_next = (1 + np.sqrt(1 + 4 * t * t)) / 2
        look_w = new_w + ((t - 1) / t_next) * (new_w - weights)
        look_b = new_b + ((t - 1) / t_next) * (new_b - bias)
        weights, bias, t = new_w, new_b, t_next
    return weights.astype(np.float32), bias.astype(np.float32)


def _top_eigenvalue(x: np.ndarray) -> float:
    """Largest eigenvalue of x'x by power iteration (deterministic start)."""
    vector = np.ones(x.shape[1], dtype=np.float64) / np.sqrt(x.shape[1])
    value = 0.0
    for _ in range(30):
        product = x.T @ (x @ vector)
        value = float(np.linalg.norm(product))
        if value == 0:
            break
        vector = product / value
    return value
