"""The zero-shot core: label scores from prototype similarity and cues, no training data.

    category logit = EMB * (similarity - mean similarity) + EX * (example similarity - mean)
                     + LEX * squash(cue score) + prior
    priority logit = the same with priority prototypes and cues
                     + what the category says (a general ticket is rarely urgent)
    confidence     = softmax(logit / temperature)

The weights were set by reasoning about scale (a decisive cue is worth about one strong
embedding margin) and checked on the development set, where accuracy is flat over a wide
range of them.  The temperatures are set so that the mean confidence on the development
set is 0.85 (category) and 0.75 (priority): below the accuracy there, because the cues
were written with it in view, and about the accuracy measured on fresh batches of
tickets before the cues were revised for them (docs/classification.md has the figures
and the holdout set's calibration).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .cues import CATEGORIES, PRIORITIES, PRIORITY_KINDS
from .features import Features


@dataclass(frozen=True)
class ZeroShotParams:
    category_embedding: float = 15.0
    category_examples: float = 10.0
    category_cues: float = 1.0
    category_prior: tuple[float, ...] = (0.0, 0.3, 0.0, 0.0)
    category_temperature: float = 2.3
    priority_embedding: float = 6.0
    priority_cues: float = 1.0
    priority_prior: tuple[float, ...] = (0.0, 0.6, 0.0, -0.5)
    priority_temperature: float = 2.4
    # rows: categories, columns: priorities
    category_to_priority: tuple[tuple[float, ...], ...] = (
        (0.0, 0.5, 0.2, -0.3),
        (-0.3, 0.3, 0.3, 0.2),
        (0.0, 0.4, 0.3, -0.2),
        (1.0, 0.0, -0.5, -0.8),
    )
    squash: float = 8.0
    # How much problem evidence (problem + blocked + severe cue strength) it takes for
    # "everyone", "production", "all users" to count in full: "is there a way to force
    # 2FA for all users?" is not an outage.
    scope_needs: float = 2.0
    # "A person is blocked" becomes "severe" when many are, up to this many times the
    # scope evidence: one user locked out is high, a whole team locked out is critical.
    blocked_to_severe: float = 2.0
    # How much problem evidence it takes to silence the question cues: "what are our
    # options to raise the limit today? new signups are being rejected" is not a how-to.
    question_silenced_by: float = 4.0
    # A workaround turns up to this many times its strength of "blocked" evidence into
    # plain "problem" evidence: "crashes in landscape, portrait works" is not blocking.
    workaround_unblocks: float = 1.0
    # Money cues count in full when the ticket is at least this likely to be billing
    # ("charged for" in a billing ticket, not "after cancelling the import").
    money_needs_billing: float = 0.5
    # A question with no problem evidence is not a technical ticket, whatever product
    # nouns it names ("which formats can reports be exported to?").
    question_not_technical: float = 1.5


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)


def _squash(scores: np.ndarray, limit: float) -> np.ndarray:
    """Cue scores grow about linearly at first, then level off at `limit`: ten billing
    words in a long letter are not ten times the evidence of one."""
    return limit * np.tanh(scores / limit)


class ZeroShotCore:
    def __init__(self, params: ZeroShotParams | None = None):
        self.params = params or ZeroShotParams()
        p = self.params
        self._category_prior = np.asarray(p.category_prior, dtype=np.float32)
        self._priority_prior = np.asarray(p.priority_prior, dtype=np.float32)
        self._category_to_priority = np.asarray(p.category_to_priority, dtype=np.float32)
        self._kinds = np.asarray(list(PRIORITY_KINDS.values()), dtype=np.float32)
        names = list(PRIORITY_KINDS)
        self._wide = names.index("wide")
        self._blocked = names.index("blocked")
        self._severe = names.index("severe")
        self._trouble = [names.index(k) for k in ("problem", "blocked", "severe", "money")]
        self._question = names.index("question")
        self._problem = names.index("problem")
        self._money = names.index("money")
        self._deadline = names.index("deadline")
        self._workaround = names.index("workaround")

    def category_logits(self, features: Features) -> np.ndarray:
        p = self.params
        similarity = features.category_similarity - features.category_similarity.mean()
        examples = features.example_similarity - features.example_similarity.mean()
        logits = (
            p.category_embedding * similarity
            + p.category_examples * examples
            + p.category_cues * _squash(features.category_cues, p.squash)
            + self._category_prior
        )
        if p.question_not_technical:
            strengths = _squash(features.priority_cues, p.squash)
            trouble = float(strengths[self._trouble].sum())
            calm = max(0.0, 1.0 - trouble / p.scope_needs)
            question = min(float(strengths[self._question]), 3.0)
            logits[1] -= p.question_not_technical * question * calm
        return logits

    def priority_logits(self, features: Features, category_probs: np.ndarray) -> np.ndarray:
        p = self.params
        similarity = features.priority_similarity - features.priority_similarity.mean()
        strengths = _squash(features.priority_cues, p.squash).copy()
        strengths[self._money] *= min(1.0, float(category_probs[0]) / p.money_needs_billing)
        trouble = float(strengths[self._trouble].sum())
        gate = min(max(trouble / p.scope_needs, 0.0), 1.0)
        strengths[self._wide] *= gate
        strengths[self._deadline] *= gate
        strengths[self._workaround] *= gate
        unblocked = max(
            0.0, min(strengths[self._blocked], p.workaround_unblocks * strengths[self._workaround])
        )
        strengths[self._blocked] -= unblocked
        strengths[self._problem] += unblocked
        strengths[self._question] *= max(0.0, 1.0 - trouble / p.question_silenced_by)
        moved = max(0.0, min(strengths[self._blocked], p.blocked_to_severe * strengths[self._wide]))
        strengths[self._blocked] -= moved
        strengths[self._severe] += moved
        return (
            p.priority_embedding * similarity
            + p.priority_cues * (strengths @ self._kinds)
            + self._priority_prior
            + category_probs @ self._category_to_priority
        )

    def predict(self, features: Features) -> tuple[np.ndarray, np.ndarray]:
        """(category probabilities, priority probabilities), in CATEGORIES/PRIORITIES order."""
        p = self.params
        category = softmax(self.category_logits(features) / p.category_temperature)
        priority = softmax(self.priority_logits(features, category) / p.priority_temperature)
        return category, priority


__all__ = ["CATEGORIES", "PRIORITIES", "ZeroShotCore", "ZeroShotParams", "softmax"]
