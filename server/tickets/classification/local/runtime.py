"""The loaded model, once per process: embedding table, prototype vectors, cue tables.

Loading takes well under a second; it happens on first use, not at import, so processes
that never classify (migrations, most management commands) never pay for it.  Every
part is read-only once built, so any number of threads classify through one instance.
"""

from __future__ import annotations

import threading
import time

from ..types import BackendError
from .embedder import Embedder
from .features import Featurizer
from .zeroshot import ZeroShotCore


class Runtime:
    def __init__(self, featurizer: Featurizer, core: ZeroShotCore, load_seconds: float):
        self.featurizer = featurizer
        self.core = core
        self.load_seconds = load_seconds

    @classmethod
    def load(cls) -> Runtime:
        started = time.perf_counter()
        try:
            featurizer = Featurizer(Embedder.load())
        except (ImportError, OSError, ValueError) as exc:
            raise BackendError(f"local model unavailable: {type(exc).__name__}") from exc
        return cls(featurizer, ZeroShotCore(), time.perf_counter() - started)


_lock = threading.Lock()
_runtime: Runtime | None = None


def get_runtime() -> Runtime:
    """The process-wide Runtime, loaded by whichever thread needs it first."""
    global _runtime
    runtime = _runtime
    if runtime is None:
        with _lock:
            if _runtime is None:
                _runtime = Runtime.load()
            runtime = _runtime
    return runtime
