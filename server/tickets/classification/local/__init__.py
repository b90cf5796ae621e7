"""The local backend: the embedded default classifier, nothing downloaded at run time.

Public API:
    LocalBackend(trained=None)    classify(TicketText) -> Prediction; source LOCAL
    default_backend()             the process-wide zero-shot instance
    train(examples)               -> TrainedModel, from (TicketText, category, priority|None)
    TrainedModel.to_bytes() / TrainedModel.from_bytes(b)   (.npz, no pickle)
    evaluate(backend, examples)   -> Evaluation (accuracy, macro-F1, recall, confusion, latency)

docs/classification.md explains the design and the measurements.
"""

from .backend import MODEL_NAME, LocalBackend, default_backend
from .metrics import Evaluation, LabelMetrics, evaluate
from .trained import IncompatibleModel, TrainedModel, train

__all__ = [
    "MODEL_NAME",
    "Evaluation",
    "IncompatibleModel",
    "LabelMetrics",
    "LocalBackend",
    "TrainedModel",
    "default_backend",
    "evaluate",
    "train",
]
