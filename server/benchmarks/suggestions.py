"""How long a suggestion takes on each path of the chain.

    cd server && ../.venv/bin/python -m benchmarks.suggestions   # needs a migrated database

The LLM is the tests' fake OpenAI-compatible server on 127.0.0.1 (real HTTP, the real
openai SDK) scripted per case: answers, 500s, a 429 with Retry-After, a reply slower than
the time budget, a refused connection; then the cache and the local model alone.  Each
case reports p50/p95 of `chain.suggest` and how many requests the server received.
First, the local model's load time in fresh processes (weights from the wheel, no network).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from django.core.cache import caches
from django.test.utils import override_settings

import benchmarks.django_setup  # noqa: F401  (before the desk's modules)
from testing.fake_openai import FakeOpenAI, Reply, answer, error, slow, unused_base_url
from tickets.classification import chain
from tickets.classification.types import TicketText

SERVER_DIR = Path(__file__).resolve().parents[1]
BUDGET_SECONDS = 2
LOAD_RUNS = 3
LOAD_SCRIPT = (
    "import time; started = time.perf_counter()\n"
    "from tickets.classification.local.runtime import Runtime\n"
    "Runtime.load()\n"
    "print(time.perf_counter() - started)\n"
)


def local_load_seconds() -> float:
    """Seconds to load the local model (weights and tables) in a fresh process."""
    result = subprocess.run(
        [sys.executable, "-c", LOAD_SCRIPT],
        cwd=SERVER_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return float(result.stdout.strip().splitlines()[-1])


def _timed(call: Callable[[int], object], n: int) -> tuple[float, float]:
    times = []
    for i in range(n):
        started = time.perf_counter()
        call(i)
        times.append((time.perf_counter() - started) * 1000)
    ordered = sorted(times)
    return statistics.median(times), ordered[max(0, round(0.95 * n) - 1)]


def _ticket(label: str, i: int) -> TicketText:
    return TicketText.of(title="Benchmark", description=f"{label} {i}")


def main(argv: list[str] | None = None) -> None:
    argparse.ArgumentParser(
        prog="python -m benchmarks.suggestions",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    ).parse_args(argv)
    loads = [local_load_seconds() for _ in range(LOAD_RUNS)]
    print(
        f"local model load, fresh process: median {statistics.median(loads):.2f} s "
        f"({', '.join(f'{t:.2f}' for t in loads)})"
    )
    rows = []

    def case(label: str, replies: list[Reply], n: int) -> None:
        with (
            FakeOpenAI() as fake,
            override_settings(
                OPENAI_API_KEY="sk-bench",
                OPENAI_BASE_URL=fake.base_url,
                OPENAI_TIMEOUT=BUDGET_SECONDS,
            ),
        ):
            caches["classifier"].clear()
            fake.script(*replies)
            p50, p95 = _timed(lambda i: chain.suggest(_ticket(label, i)), n)
            rows.append((label, n, p50, p95, len(fake.requests)))

    case("warm-up (first use of the SDK)", [answer()], 1)
    rows.clear()
    case("LLM answers", [answer() for _ in range(50)], 50)
    with (
        FakeOpenAI() as fake,
        override_settings(OPENAI_API_KEY="sk-bench", OPENAI_BASE_URL=fake.base_url),
    ):
        caches["classifier"].clear()
        fake.script(*[answer() for _ in range(20)])
        p50, p95 = _timed(lambda i: chain.suggest(_ticket("repeat", i % 20)), 220)
        rows.append(("same 20 texts, 220 calls (cache)", 220, p50, p95, len(fake.requests)))
    case("500, retried once, 500 → local", [error(500) for _ in range(20)], 10)
    retry = [error(429, headers={"Retry-After": "1"}), answer()]
    case("429 Retry-After: 1, then an answer", retry * 3, 3)
    case(
        f"reply slower than the {BUDGET_SECONDS} s budget → local",
        [slow(answer(), 5)] * 3,
        3,
    )
    with override_settings(
        OPENAI_API_KEY="sk-bench", OPENAI_BASE_URL=unused_base_url(), OPENAI_TIMEOUT=2
    ):
        caches["classifier"].clear()
        p50, p95 = _timed(lambda i: chain.suggest(_ticket("refused", i)), 15)
        rows.append(("connection refused (retried once) → local", 15, p50, p95, 0))
    with override_settings(OPENAI_API_KEY=""):
        caches["classifier"].clear()
        p50, p95 = _timed(lambda i: chain.suggest(_ticket("no key", i)), 200)
        rows.append(("no API key: local model", 200, p50, p95, 0))

    print("| path | calls | p50 ms | p95 ms | LLM requests |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, n, p50, p95, requests in rows:
        print(f"| {label} | {n} | {p50:.2f} | {p95:.2f} | {requests} |")


if __name__ == "__main__":
    main()
