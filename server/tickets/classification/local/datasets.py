"""Labelled tickets for evaluation: the public sets in shared/datasets and our SaaS sets.

Each public set's labels are mapped to the desk's with its own category_map.json (and
priority_map where it has one).  saas_dev and saas_holdout ship in this package's data/
folder; saas_holdout and saas_holdout2 are for reporting only, never for tuning
(saas_holdout's errors were looked at once while revising the priority rules, see
docs/classification.md; saas_holdout2 was written and labelled before that and scored only
before and after).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np

from ..types import TicketText

Example = tuple[TicketText, str, str | None]

PUBLIC = ("banking77", "bitext", "bueck_en")
OURS = ("saas_dev", "saas_holdout", "saas_holdout2")
NAMES = PUBLIC + OURS
SPLITS = ("train", "test")
DATA_DIR = Path(__file__).resolve().parent / "data"


def load(
    name: str, *, split: str = "test", datasets_dir: Path | None = None, limit: int | None = None
) -> list[Example]:
    """Examples of one data set.  `limit` keeps that many, spread evenly over the file
    (files are often sorted by label, so the first N would be one label)."""
    if name in OURS:
        examples = _load_saas(DATA_DIR / f"{name}.csv")
    elif name in PUBLIC:
        if split not in SPLITS:
            raise ValueError(f"unknown split {split!r}")
        if datasets_dir is None:
            raise ValueError("datasets_dir is needed for the public data sets")
        examples = _load_public(Path(datasets_dir) / name, split)
    else:
        raise ValueError(f"unknown data set {name!r}; known: {', '.join(NAMES)}")
    if limit is not None and 0 < limit < len(examples):
        picks = np.linspace(0, len(examples) - 1, limit).round().astype(int)
        examples = [examples[i] for i in picks]
    return examples


def _load_saas(path: Path) -> list[Example]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            (
                TicketText.of(title=row["title"], description=row["description"]),
                row["category"],
                row["priority"] or None,
            )
            for row in csv.DictReader(handle)
        ]


def _load_public(folder: Path, split: str) -> list[Example]:
    mapping = json.loads((folder / "category_map.json").read_text(encoding="utf-8"))
    categories = mapping["map"]
    source = mapping.get("source_label", "category")
    priorities = mapping.get("priority_map")
    examples = []
    with (folder / f"{split}.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            title = row.get("subject") or ""
            description = row.get("body") or row.get("text") or ""
            if not (title.strip() or description.strip()):
                continue
            priority = priorities.get(row.get("priority", "")) if priorities else None
            examples.append(
                (
                    TicketText.of(title=title, description=description or title),
                    categories[row[source]],
                    priority,
                )
            )
    return examples
