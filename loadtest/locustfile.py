"""The locustfile: ``locust -f loadtest/locustfile.py --host redis://127.0.0.1:6379``.

Every user class of ``scenarios.py`` is imported here, so locust offers them all (name some on
the command line to run only those). This file adds what a whole run needs:

- **sub-millisecond statistics.** Locust files each response time in a histogram bucket, and
  by default rounds anything under 100 ms to a whole millisecond: against Redis every
  percentile would read 0 or 1. Below 10 ms we keep 0.01 ms buckets instead
  (``locust.stats.bucket_response_time`` is the documented hook). The CSV writer still prints
  whole milliseconds; ``--summary-json`` and the web UI keep the fractions.
- **a verdict.** ``--exit-code-on-error 1`` (locust's) fails the run on any failed request;
  ``--min-requests N`` (ours) also fails it when fewer than N requests were made, because a
  run whose server hung after a second has few failures and few requests.
- **a summary** (``--summary-json PATH``): per request name, count, failures, requests/s and
  p50/p90/p99/max in milliseconds with two decimals, plus ``total`` (everything) and
  ``commands`` (every RESP command and pipeline, without connects), for ``compare.py``.

Both run in the process that holds the final statistics: the single local process, or the
master of a distributed run (workers only forward their numbers).
"""

# ruff: noqa: E402 - the imports below need sys.path set first, when loaded by path
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

_REPO_ROOT = str(Path(__file__).resolve().parent.parent)
if _REPO_ROOT not in sys.path:  # loaded by path (`locust -f`): make `loadtest` importable
    sys.path.append(_REPO_ROOT)  # appended: locust removes sys.path[0] after the import

import locust.stats
from locust import events
from locust.env import Environment
from locust.runners import WorkerRunner
from locust.stats import StatsEntry

from loadtest.resp_user import options
from loadtest.scenarios import (
    CacheUser,
    ChurnUser,
    CounterUser,
    IdleSwarmUser,
    MixedUser,
    PipelineUser,
    QueueProducer,
    QueueWorker,
)

__all__ = [
    "CacheUser",
    "ChurnUser",
    "CounterUser",
    "IdleSwarmUser",
    "MixedUser",
    "PipelineUser",
    "QueueProducer",
    "QueueWorker",
]

log = logging.getLogger("loadtest")

_locust_bucket = locust.stats.bucket_response_time


def fine_bucket(response_time: float) -> float:
    """0.01 ms buckets below 10 ms (where Redis lives), locust's own above."""
    if response_time < 10:
        return round(response_time, 2)
    return _locust_bucket(response_time)


locust.stats.bucket_response_time = fine_bucket  # type: ignore[assignment]

PERCENTILES = (0.5, 0.9, 0.99)


def summarize(environment: Environment) -> dict[str, Any]:
    """Counts and percentiles per ``(type, name)``, plus the aggregate, from the final stats."""
    stats = environment.stats

    def row(entry: Any) -> dict[str, Any]:
        result = {
            "type": entry.method or "",
            "name": entry.name,
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "rps": round(entry.total_rps, 1),
            "avg_ms": round(entry.avg_response_time, 3),
            "max_ms": round(entry.max_response_time or 0.0, 3),
        }
        for p in PERCENTILES:
            value = entry.get_response_time_percentile(p) if entry.num_requests else 0
            result[f"p{round(p * 100)}_ms"] = value
        return result

    entries = sorted(stats.entries.values(), key=lambda e: (e.method or "", e.name))
    # The commands alone: connects (slow by nature, rare) and QUEUE job waits left out, so
    # that one p99 says how fast the server answered commands.
    commands = StatsEntry(stats, "Commands", "RESP")
    for entry in entries:
        if entry.method == "RESP" and not entry.name.endswith("connect"):
            commands.extend(entry)
    return {
        "host": environment.host,
        "user_classes": [cls.__name__ for cls in environment.user_classes],
        "total": row(stats.total),
        "commands": row(commands),
        "requests": [row(entry) for entry in entries],
    }


@events.quitting.add_listener
def verdict(environment: Environment, **_: Any) -> None:
    """Fail the process on too few requests; write the summary if asked."""
    if isinstance(environment.runner, WorkerRunner):
        return
    opts = options(environment)
    total = environment.stats.total
    if opts.summary_json:
        Path(opts.summary_json).parent.mkdir(parents=True, exist_ok=True)
        Path(opts.summary_json).write_text(json.dumps(summarize(environment), indent=2))
    if total.num_failures:
        log.error("%d of %d requests failed", total.num_failures, total.num_requests)
    if opts.min_requests and total.num_requests < opts.min_requests:
        log.error(
            "only %d requests were made, fewer than --min-requests %d",
            total.num_requests,
            opts.min_requests,
        )
        environment.process_exit_code = 1
