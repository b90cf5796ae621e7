"""Print which of the server's packages import which (product code; tests apart).

    .venv/bin/python scripts/import_graph.py          # edges with their import counts

`make imports` runs it after import-linter's contracts (pyproject.toml [tool.importlinter]).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import grimp

SERVER = Path(__file__).resolve().parent.parent / "server"
PACKAGES = ("api", "tickets", "accounts", "core", "config", "testing", "benchmarks", "tests")


def _package(module: str) -> str:
    return module.split(".", 1)[0]


def _is_test(module: str) -> bool:
    parts = module.split(".")
    return "tests" in parts or parts[-1] == "conftest"


def main() -> None:
    sys.path.insert(0, str(SERVER))
    present = [name for name in PACKAGES if (SERVER / name).is_dir()]
    graph = grimp.build_graph(*present)
    edges: Counter[tuple[str, str, str]] = Counter()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            source, target = _package(module), _package(imported)
            if source != target:
                kind = "tests" if _is_test(module) else "code"
                edges[(kind, source, target)] += 1
    for kind in ("code", "tests"):
        print(f"{kind}:")
        for (k, source, target), n in sorted(edges.items()):
            if k == kind:
                print(f"  {source:>10} -> {target:<10} {n}")


if __name__ == "__main__":
    main()
