"""Measuring a backend on labelled tickets: accuracy, macro-F1, recall, confusion, latency.

`evaluate` has no side effects beyond calling the backend: it reads no files and prints
nothing, so the evaluate command, train-and-compare code and tests share it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ..types import BackendError, TicketText
from .cues import CATEGORIES, PRIORITIES

Example = tuple[TicketText, str, str | None]
FAILED = "(failed)"


@dataclass(frozen=True)
class LabelMetrics:
    labels: tuple[str, ...]  # row and column order of `confusion`
    accuracy: float
    macro_f1: float  # over the labels that occur in the truth or the predictions
    recall: dict[str, float | None]  # None for a label absent from the truth
    confusion: tuple[tuple[int, ...], ...]  # rows: true label, columns: predicted label
    support: int


@dataclass(frozen=True)
class Evaluation:
    n: int
    category: LabelMetrics
    priority: LabelMetrics | None  # None when no example has a priority
    latency_p50_ms: float
    latency_p95_ms: float
    failures: int  # examples on which the backend raised BackendError (counted as wrong)

    @property
    def score(self) -> float:
        """One number to compare models: category accuracy, averaged with priority
        accuracy when the examples have priorities."""
        if self.priority is None:
            return self.category.accuracy
        return (self.category.accuracy + self.priority.accuracy) / 2


def evaluate(backend, examples: Iterable[Example]) -> Evaluation:
    """Classify every example with `backend` and compare with its labels."""
    examples = list(examples)
    if not examples:
        raise ValueError("no examples to evaluate")
    categories: list[tuple[str, str]] = []
    priorities: list[tuple[str, str]] = []
    latencies = []
    failures = 0
    for text, category, priority in examples:
        started = time.perf_counter()
        try:
            prediction = backend.classify(text)
            predicted = (prediction.category, prediction.priority)
        except BackendError:
            failures += 1
            predicted = (FAILED, FAILED)
        latencies.append((time.perf_counter() - started) * 1000)
        categories.append((category, predicted[0]))
        if priority is not None:
            priorities.append((priority, predicted[1]))
    return Evaluation(
        n=len(examples),
        category=label_metrics(categories, CATEGORIES),
        priority=label_metrics(priorities, PRIORITIES) if priorities else None,
        latency_p50_ms=float(np.percentile(latencies, 50)),
        latency_p95_ms=float(np.percentile(latencies, 95)),
        failures=failures,
    )


def label_metrics(pairs: Sequence[tuple[str, str]], order: tuple[str, ...]) -> LabelMetrics:
    """Metrics from (true, predicted) pairs; predictions outside `order` count as wrong."""
    labels = order + ((FAILED,) if any(p == FAILED for _, p in pairs) else ())
    index = {label: i for i, label in enumerate(labels)}
    confusion = np.zeros((len(labels), len(labels)), dtype=int)
    for truth, predicted in pairs:
        confusion[index[truth], index[predicted]] += 1
    true_counts = confusion.sum(axis=1)
    predicted_counts = confusion.sum(axis=0)
    correct = np.diag(confusion)
    f1s = []
    recall: dict[str, float | None] = {}
    for i, label in enumerate(labels):
        if label == FAILED:
            continue
        recall[label] = float(correct[i] / true_counts[i]) if true_counts[i] else None
        if true_counts[i] or predicted_counts[i]:
            f1s.append(2 * correct[i] / (true_counts[i] + predicted_counts[i]))
    return LabelMetrics(
        labels=labels,
        accuracy=float(correct.sum() / len(pairs)),
        macro_f1=float(np.mean(f1s)) if f1s else 0.0,
        recall=recall,
        confusion=tuple(tuple(int(v) for v in row) for row in confusion),
        support=len(pairs),
    )
