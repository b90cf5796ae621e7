"""The load test's report in Markdown: Locust's statistics (its ``--csv`` files) per HTTP
operation and for the websocket subscribers, the subscribers' tally (``tally.py``'s JSON) and
the processes' memory and CPU over time (``memory.py``)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from benchmarks.loadtest.memory import Sample


def locust_rows(prefix: Path) -> list[dict]:
    """Locust's ``<prefix>_stats.csv``: one dict per (type, name), plus "Aggregated"."""
    with open(f"{prefix}_stats.csv", newline="") as stats:
        return [
            {
                "type": row["Type"],
                "name": row["Name"],
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50": _ms(row["50%"]),
                "p95": _ms(row["95%"]),
                "p99": _ms(row["99%"]),
                "max": _ms(row["Max Response Time"]),
            }
            for row in csv.DictReader(stats)
        ]


def locust_failures(prefix: Path) -> list[tuple[str, str, int]]:
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return []
    with open(path, newline="") as failures:
        return [(r["Name"], r["Error"], int(r["Occurrences"])) for r in csv.DictReader(failures)]


def _ms(value: str) -> float | None:
    return None if value in ("", "N/A") else float(value)


def http_rows(rows: list[dict]) -> list[dict]:
    return [row for row in rows if row["type"] not in ("WS", "")]


def _fmt(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def render(
    *,
    title: str,
    facts: list[str],
    rows: list[dict],
    failures: list[tuple[str, str, int]],
    tally: dict,
    samples: list[Sample],
    seconds: float,
) -> str:
    lines = [f"# {title}", "", *(f"- {fact}" for fact in facts), ""]
    lines += _http_table(rows, seconds)
    lines += _websocket_table(rows, tally)
    if failures:
        lines += ["", "### Failures", "", "| operation | error | times |", "| --- | --- | ---: |"]
        lines += [f"| {name} | {error[:160]} | {n:,} |" for name, error, n in failures[:15]]
    lines += _memory_tables(samples)
    return "\n".join(lines) + "\n"


def _http_table(rows: list[dict], seconds: float) -> list[str]:
    http = http_rows(rows)
    lines = [
        "### HTTP operations (GraphQL over nginx)",
        "",
        "| operation | requests | failures | req/s | p50 ms | p95 ms | p99 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in sorted(http, key=lambda r: -r["requests"]):
        lines.append(
            f"| {row['name']} | {row['requests']:,} | {row['failures']:,} | {row['rps']:.1f} | "
            f"{_fmt(row['p50'])} | {_fmt(row['p95'])} | {_fmt(row['p99'])} | {_fmt(row['max'])} |"
        )
    requests = sum(r["requests"] for r in http)
    failures = sum(r["failures"] for r in http)
    rps = sum(r["rps"] for r in http)
    lines.append(f"| **all HTTP** | **{requests:,}** | **{failures:,}** | **{rps:.1f}** | | | | |")
    return lines


def _websocket_table(rows: list[dict], tally: dict) -> list[str]:
    ws = {row["name"]: row for row in rows if row["type"] == "WS"}
    lines = [
        "",
        "### Websocket subscribers (ticketEvents + ticketStats on one socket each)",
        "",
        "| measure | count | p50 ms | p95 ms | p99 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, what in (
        ("connect", "connect + connection_ack"),
        ("ticketEvents lag", "ticketEvents: write's updatedAt → event received"),
        ("ticketStats lag", "ticketStats: create answered → a message counts it"),
    ):
        row = ws.get(name)
        if row:
            lines.append(
                f"| {what} | {row['requests']:,} | {_fmt(row['p50'])} | {_fmt(row['p95'])} | "
                f"{_fmt(row['p99'])} | {_fmt(row['max'])} |"
            )
    if not tally:
        return [*lines, "", "No subscriber tally (Locust did not stop cleanly)."]
    seconds = max(tally["seconds"], 1e-9)
    lines += [
        "",
        f"- writes answered: {tally['writes']:,} ({tally['creates']:,} creates), "
        f"{tally['writes'] / seconds:.1f}/s",
        f"- ticketEvents received: {tally['events']:,} ({tally['events'] / seconds:,.0f}/s); "
        f"expected after each subscriber settled: {tally['events_expected']:,}; "
        f"**missed: {tally['events_missed']:,}**",
        f"- ticketStats messages: {tally['stats_messages']:,} "
        f"({tally['stats_messages'] / seconds:,.0f}/s); creates not counted by a subscriber's "
        f"last message: {tally['stats_behind']:,}",
        f"- connections: {tally['connected']:,} made, {tally['connect_failures']:,} failed, "
        f"{tally['disconnects']:,} dropped; subscriptions ended by the server "
        f"(LIVE_UPDATES_INTERRUPTED): **{tally['interrupted']:,}**",
    ]
    lines += [f"- error: {error}" for error in tally["errors"]]
    return lines


def _memory_tables(samples: list[Sample]) -> list[str]:
    if not samples:
        return []
    names = sorted({name for s in samples for name in s.rss_kb})
    first, last = samples[0], samples[-1]
    span = max(last.seconds - first.seconds, 1e-9)
    warm = _at(samples, min(60.0, span / 4))
    lines = [
        "",
        "### Memory (RSS, MB) and CPU per process",
        "",
        "| process | start | peak | end | end − start | end − after warm-up "
        f"({warm.seconds:.0f} s) | CPU (cores) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in names:
        series = [s.rss_kb[name] for s in samples if name in s.rss_kb]
        start, end = series[0] / 1024, series[-1] / 1024
        warm_kb = warm.rss_kb.get(name, series[0])
        cpu_series = [(s.seconds, s.cpu_seconds[name]) for s in samples if name in s.cpu_seconds]
        (t0, cpu0), (t1, cpu1) = cpu_series[0], cpu_series[-1]
        cores = (cpu1 - cpu0) / (t1 - t0) if t1 > t0 else 0.0
        lines.append(
            f"| {name} | {start:.0f} | {max(series) / 1024:.0f} | {end:.0f} | "
            f"{end - start:+.1f} | {end - warm_kb / 1024:+.1f} | {cores:.2f} |"
        )
    step = 60.0 if span > 180 else 10.0
    marks = [first] + [_at(samples, t) for t in _ticks(span, step)] + [last]
    lines += [
        "",
        f"RSS over time (MB; every {step:.0f} s, and the end; load average over 1 min):",
        "",
        "| t (s) | load | " + " | ".join(names) + " |",
        "| ---: | ---: | " + " | ".join("---:" for _ in names) + " |",
    ]
    seen = set()
    for mark in marks:
        if id(mark) in seen:
            continue
        seen.add(id(mark))
        cells = [f"{mark.rss_kb[n] / 1024:.1f}" if n in mark.rss_kb else "–" for n in names]
        lines.append(f"| {mark.seconds:.0f} | {mark.load_1min:.2f} | " + " | ".join(cells) + " |")
    return lines


def _ticks(span: float, step: float) -> list[float]:
    return [step * i for i in range(1, int(span // step) + 1)]


def _at(samples: list[Sample], seconds: float) -> Sample:
    return min(samples, key=lambda s: abs(s.seconds - seconds))


def read_tally(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
