"""Run the same scenarios against miniredis and real Redis, and print the numbers side by side.

::

    python -m loadtest.compare                      # every comparison, 20 s each, both servers
    python -m loadtest.compare --only cache,swarm -t 30s

Each comparison runs locust headless, in one process, against a fresh server of each kind
started on a free loopback port with the same arguments. The table reports the *commands*
aggregate of ``summary.json`` (every RESP command and pipeline, connects left out): requests
per second, p50 and p99 in milliseconds, and failures. Everything runs on one machine, so the
load generator shares the CPU with the server under test: read the ratios, not the absolutes.

Two kinds of rows:

- ``cache`` to ``queue``: a closed loop (``--think-time 0``), every user sends its next
  request as soon as the last one is answered. Requests/s is what client and server together
  sustain; latency is mostly queueing.
- ``cache-paced`` and ``swarm``: a fixed offered load (``--think-time 0.05``: each user waits
  0.05 s on average between requests, so 50 users offer about 1,000 requests/s), well under
  capacity, so latency is the server's answer time. This is how the idle swarm is measured:
  the same 50 cache users without (``cache-paced``) and with 5,000 idle connections beside
  them (``swarm``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from loadtest.catalog import SCENARIOS, all_commands, plan
from loadtest.runner import LocustRun, run_locust
from loadtest.servers import missing_commands, running_server


@dataclass(frozen=True)
class Comparison:
    """One row of the table: scenarios, users and scenario options."""

    label: str
    scenarios: tuple[str, ...]
    users: int
    options: dict[str, object] = field(default_factory=dict)


KINDS = ("miniredis", "redis")

COMPARISONS = (
    Comparison("cache", ("cache",), 50, {"think_time": 0}),
    Comparison("counters", ("counters",), 50, {"think_time": 0}),
    Comparison("pipeline", ("pipeline",), 50, {"think_time": 0}),
    Comparison("mixed", ("mixed",), 50, {"think_time": 0}),
    Comparison("churn", ("churn",), 50, {"think_time": 0}),
    Comparison("queue", ("queue",), 50, {"think_time": 0}),
    Comparison("cache-paced", ("cache",), 50, {"think_time": 0.05}),
    Comparison(
        "swarm",
        ("swarm",),
        51,
        {"think_time": 0.05, "idle_connections": 5000, "swarm_reset_stats": "yes"},
    ),
)


def missing_anywhere(kinds: tuple[str, ...]) -> set[str]:
    """The commands of any scenario that at least one of the servers lacks.

    Both servers then run exactly the same tasks: a task tag that one of them cannot serve
    is left out for both.
    """
    missing: set[str] = set()
    for kind in kinds:
        with running_server(kind) as url:
            missing |= missing_commands(url, all_commands(list(SCENARIOS)))
    return missing


def run_one(
    kind: str, comparison: Comparison, run_time: str, out: Path, missing: set[str]
) -> dict[str, object]:
    """Run one comparison against a fresh server of ``kind``; return its summary (or a note)."""
    with running_server(kind) as url:
        chosen = plan(list(comparison.scenarios), missing)
        if not chosen.user_classes:
            return {"note": "; ".join(chosen.notes)}
        run_dir = out / comparison.label / kind
        shutil.rmtree(run_dir, ignore_errors=True)
        options = {"think_time": 0.05, **comparison.options}
        spawn_rate = max(comparison.users, 10)
        run = LocustRun(
            host=url,
            user_classes=chosen.user_classes,
            exclude_tags=chosen.exclude_tags,
            users=comparison.users,
            spawn_rate=spawn_rate,
            run_time=run_time,
            options=options,
            out_dir=run_dir,
        )
        code = run_locust(run)
        summary_path = run_dir / "summary.json"
        if not summary_path.exists():
            return {"note": f"no summary (locust exit code {code})"}
        summary = json.loads(summary_path.read_text())
        summary["notes"] = chosen.notes
        summary["exit_code"] = code
        return summary


def table(results: dict[str, dict[str, dict[str, object]]]) -> str:
    """A Markdown table: one row per comparison, miniredis and Redis side by side."""
    lines = [
        "| scenario | users | miniredis req/s | Redis req/s | ratio | miniredis p50 / p99 ms "
        "| Redis p50 / p99 ms | failures (m / R) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for comparison in COMPARISONS:
        row = results.get(comparison.label)
        if row is None:
            continue
        mini, real = row.get("miniredis", {}), row.get("redis", {})
        if "commands" not in mini or "commands" not in real:
            note = mini.get("note") or real.get("note") or "not run"
            lines.append(f"| {comparison.label} | {comparison.users} | {note} |||||||")
            continue
        m, r = mini["commands"], real["commands"]
        assert isinstance(m, dict) and isinstance(r, dict)
        ratio = m["rps"] / r["rps"] if r["rps"] else 0.0
        lines.append(
            f"| {comparison.label} | {comparison.users} | {m['rps']:,.0f} | {r['rps']:,.0f} "
            f"| {ratio:.2f} | {m['p50_ms']} / {m['p99_ms']} | {r['p50_ms']} / {r['p99_ms']} "
            f"| {m['failures']} / {r['failures']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m loadtest.compare",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-t", "--run-time", default="20s")
    parser.add_argument("--only", default="", help="comma-separated comparison labels")
    parser.add_argument("--out", type=Path, default=Path("loadtest-reports/compare"))
    args = parser.parse_args(argv)
    wanted = {x for x in args.only.split(",") if x} or {c.label for c in COMPARISONS}
    unknown = wanted - {c.label for c in COMPARISONS}
    if unknown:
        parser.error(f"unknown comparison(s) {sorted(unknown)}; scenarios: {sorted(SCENARIOS)}")
    missing = missing_anywhere(KINDS)
    print(f"left out on both servers (one lacks them): {sorted(missing) or 'nothing'}")
    results: dict[str, dict[str, dict[str, object]]] = {}
    for comparison in COMPARISONS:
        if comparison.label not in wanted:
            continue
        for kind in KINDS:
            print(f"== {comparison.label} against {kind}", flush=True)
            results.setdefault(comparison.label, {})[kind] = run_one(
                kind, comparison, args.run_time, args.out, missing
            )
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=2))
    markdown = table(results)
    (args.out / "compare.md").write_text(markdown + "\n")
    print(markdown)
    failed = any(
        ("exit_code" in summary and summary["exit_code"] != 0)  # a failed request, or a hang
        or str(summary.get("note", "")).startswith("no summary")
        for row in results.values()
        for summary in row.values()
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
