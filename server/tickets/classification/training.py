"""Retraining the local model on the desk's own tickets, installed only when it is better.

Training data are the tickets whose labels a person set or confirmed
(`Ticket.labels_by_person`).  A fixed slice of them (chosen by id, so reruns compare like
with like) is held out; the candidate is installed only when it scores strictly higher on
that slice than the model in use.  Public datasets are not mixed in: measured, they make a
SaaS desk's model worse (docs/classification.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from tickets.classification.local import LocalBackend, evaluate, train
from tickets.classification.registry import install, registry
from tickets.classification.types import TicketText
from tickets.models import Ticket

DEFAULT_MIN_EXAMPLES = 30
DEFAULT_HOLDOUT_SHARE = 0.2


class NotEnoughData(Exception):
    pass


@dataclass(frozen=True)
class TrainingReport:
    examples: int
    trained_on: int
    held_out: int
    current_score: float
    candidate_score: float
    installed_version: int | None

    @property
    def installed(self) -> bool:
        return self.installed_version is not None


def _held_out(pk: int, share: float) -> bool:
    # Multiplicative hashing spreads consecutive ids evenly over 0..99.
    return (pk * 2654435761) % 2**32 % 100 < share * 100


def labelled_examples():
    rows = (
        Ticket.objects.filter(labels_by_person=True)
        .order_by("id")
        .values_list("id", "title", "description", "category", "priority")
    )
    for pk, title, description, category, priority in rows.iterator():
        yield pk, (TicketText.of(title=title, description=description), category, priority)


def retrain(
    *,
    min_examples: int = DEFAULT_MIN_EXAMPLES,
    holdout_share: float = DEFAULT_HOLDOUT_SHARE,
    dry_run: bool = False,
) -> TrainingReport:
    training, holdout = [], []
    for pk, example in labelled_examples():
        (holdout if _held_out(pk, holdout_share) else training).append(example)
    total = len(training) + len(holdout)
    if total < min_examples or not holdout or not training:
        raise NotEnoughData(
            f"Need at least {min_examples} tickets labelled by a person, with some held out; "
            f"the desk has {total}."
        )
    try:
        candidate = train(training)
    except ValueError as exc:
        raise NotEnoughData(f"Cannot train on these tickets: {exc}") from None

    current_score = evaluate(LocalBackend(trained=registry.current().model), holdout).score
    candidate_evaluation = evaluate(LocalBackend(trained=candidate), holdout)
    installed_version = None
    if candidate_evaluation.score > current_score and not dry_run:
        installed_version = install(
            model_bytes=candidate.to_bytes(),
            trained_on=len(training),
            metrics={
                "held_out": len(holdout),
                "score": candidate_evaluation.score,
                "previous_score": current_score,
                "category_accuracy": candidate_evaluation.category.accuracy,
                "priority_accuracy": candidate_evaluation.priority.accuracy
                if candidate_evaluation.priority
                else None,
            },
        ).pk
    return TrainingReport(
        examples=total,
        trained_on=len(training),
        held_out=len(holdout),
        current_score=current_score,
        candidate_score=candidate_evaluation.score,
        installed_version=installed_version,
    )
