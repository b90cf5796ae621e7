"""`manage.py evaluate_classifier --backend local|llm --dataset NAME [--split test] [--limit N]`

Prints accuracy, macro-F1, per-class recall, the confusion matrix and p50/p95 latency for
the category, and for the priority where the data set has one (bueck_en, saas_dev,
saas_holdout).  Public data sets are read from settings.DATASETS_DIR, or from
<repo>/../shared/datasets when that is not set.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tickets.classification.local import LocalBackend, TrainedModel, datasets, evaluate
from tickets.classification.local.metrics import Evaluation, LabelMetrics
from tickets.classification.local.trained import IncompatibleModel


def datasets_dir() -> Path:
    configured = getattr(settings, "DATASETS_DIR", None)
    if configured:
        return Path(configured)
    return Path(settings.REPO_DIR).resolve().parent / "shared" / "datasets"


class Command(BaseCommand):
    help = "Measure a classifier backend on a labelled data set."

    def add_arguments(self, parser):
        parser.add_argument("--backend", choices=("local", "llm"), default="local")
        parser.add_argument("--dataset", choices=datasets.NAMES, required=True)
        parser.add_argument(
            "--split",
            choices=datasets.SPLITS,
            default="test",
            help="split of a public data set (ignored for saas_dev and saas_holdout)",
        )
        parser.add_argument("--limit", type=int, help="evaluate N tickets spread over the set")
        parser.add_argument(
            "--trained-file",
            type=Path,
            help="local backend only: blend in a trained model saved with to_bytes()",
        )

    def handle(self, *args, backend, dataset, split, limit, trained_file, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be at least 1.")
        classifier = self._backend(backend, trained_file)
        try:
            examples = datasets.load(dataset, split=split, datasets_dir=datasets_dir(), limit=limit)
        except (OSError, KeyError, ValueError) as exc:
            raise CommandError(f"cannot read data set {dataset!r}: {exc}") from exc
        where = dataset if dataset in datasets.OURS else f"{dataset} ({split} split)"
        model = getattr(classifier, "model_name", type(classifier).__name__)
        self.stdout.write(f"{backend} backend ({model}) on {where}: {len(examples)} tickets")
        result = evaluate(classifier, examples)
        self._report(result)

    def _backend(self, name: str, trained_file: Path | None):
        if name == "local":
            trained = None
            if trained_file is not None:
                try:
                    trained = TrainedModel.from_bytes(trained_file.read_bytes())
                except (OSError, IncompatibleModel) as exc:
                    raise CommandError(f"cannot use {trained_file}: {exc}") from exc
            return LocalBackend(trained=trained)
        if trained_file is not None:
            raise CommandError("--trained-file applies to the local backend only.")
        try:
            from tickets.classification.llm import LLMBackend
        except ImportError as exc:
            raise CommandError("the LLM backend is not available in this build.") from exc
        try:
            backend = LLMBackend.from_settings()
        except Exception as exc:  # noqa: BLE001 - any configuration problem is reported
            raise CommandError(f"the LLM backend is not configured: {exc}") from exc
        if backend is None:
            raise CommandError(
                "the LLM backend is not configured: set OPENAI_API_KEY "
                "(and OPENAI_BASE_URL / OPENAI_MODEL as needed)."
            )
        return backend

    def _report(self, result: Evaluation) -> None:
        if result.failures:
            self.stdout.write(f"backend failures (counted as wrong): {result.failures}")
        self._label_report("category", result.category)
        if result.priority is not None:
            self._label_report("priority", result.priority)
        self.stdout.write(
            f"\nlatency per ticket: p50 {result.latency_p50_ms:.2f} ms, "
            f"p95 {result.latency_p95_ms:.2f} ms"
        )

    def _label_report(self, name: str, metrics: LabelMetrics) -> None:
        out = self.stdout
        out.write(
            f"\n{name}: accuracy {metrics.accuracy:.3f}, macro-F1 {metrics.macro_f1:.3f} "
            f"(n={metrics.support})"
        )
        out.write(
            "recall: " + ", ".join(_recall(label, value) for label, value in metrics.recall.items())
        )
        width = max(len(label) for label in metrics.labels) + 2
        out.write("confusion (rows: true, columns: predicted)")
        out.write(" " * width + "".join(label.rjust(width) for label in metrics.labels))
        for label, row in zip(metrics.labels, metrics.confusion, strict=True):
            out.write(label.ljust(width) + "".join(str(v).rjust(width) for v in row))


def _recall(label: str, value: float | None) -> str:
    return f"{label} {value:.3f}" if value is not None else f"{label} -"
