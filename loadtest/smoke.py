"""The smoke run: a short headless load with a verdict, for CI (``tox -e loadsmoke``).

::

    python -m loadtest.smoke                       # miniredis, 200 users, 30 s
    python -m loadtest.smoke --target redis        # the same against real redis-server
    python -m loadtest.smoke --target redis://127.0.0.1:6379/0   # any running server
    python -m loadtest.smoke --workers 2 -t 15s    # distributed: a master and 2 workers

It starts the target on a free loopback port (unless given a URL), asks it which commands it
has and leaves out the scenarios (or tagged tasks) it cannot serve, saying so; then runs every
other scenario of ``catalog.SMOKE`` at once (the idle swarm with ``--idle-connections``, 1,000
by default here) and writes ``run_stats.csv`` & co., ``report.html`` and ``summary.json`` to
``--out``.

The verdict is locust's exit code: 1 if any request failed (``--exit-code-on-error 1``) or if
fewer than ``--min-requests`` requests were made (our ``quitting`` listener), else 0.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path

from loadtest.catalog import SCENARIOS, SMOKE, all_commands, plan
from loadtest.runner import LocustRun, run_locust
from loadtest.servers import missing_commands, running_server

DEFAULT_MIN_REQUESTS = 20_000
"""A 30 s smoke on a 2-core machine makes well over 100,000 requests against miniredis;
20,000 catches a server that stalls or a load generator that never got going, without
flaking on a slow CI machine."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m loadtest.smoke",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--target",
        default="miniredis",
        help="miniredis, redis, or the redis:// URL of a running server",
    )
    parser.add_argument("-u", "--users", type=int, default=200)
    parser.add_argument("-r", "--spawn-rate", type=float, default=50)
    parser.add_argument("-t", "--run-time", default="30s")
    parser.add_argument("--min-requests", type=int, default=DEFAULT_MIN_REQUESTS)
    parser.add_argument(
        "--scenarios",
        default=",".join(SMOKE),
        help=f"comma-separated, from: {', '.join(SCENARIOS)}",
    )
    parser.add_argument("--idle-connections", type=int, default=1000)
    parser.add_argument(
        "--workers", type=int, default=0, help="run distributed: a master and this many workers"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("loadtest-reports/smoke"),
        help="directory for the CSV, HTML and JSON reports",
    )
    parser.add_argument(
        "locust_args", nargs="*", help="more locust options, after --, e.g. -- --think-time 0.1"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    names = [name.strip() for name in args.scenarios.split(",") if name.strip()]
    if args.target.startswith("redis://"):
        server: contextlib.AbstractContextManager[str] = contextlib.nullcontext(args.target)
    else:
        server = running_server(args.target)
    with server as url:
        missing = missing_commands(url, all_commands(names))
        chosen = plan(names, missing)
        for note in chosen.notes:
            print(f"note: {note}", flush=True)
        if not chosen.user_classes:
            print("nothing to run: the target lacks the commands of every scenario")
            return 1
        run = LocustRun(
            host=url,
            user_classes=chosen.user_classes,
            exclude_tags=chosen.exclude_tags,
            users=args.users,
            spawn_rate=args.spawn_rate,
            run_time=args.run_time,
            options={"idle_connections": args.idle_connections, "min_requests": args.min_requests},
            out_dir=args.out,
            workers=args.workers,
            extra=args.locust_args,
        )
        code = run_locust(run)
    summary_path = args.out / "summary.json"
    if summary_path.exists():
        total = json.loads(summary_path.read_text())["total"]
        print(
            f"smoke: {total['requests']} requests, {total['failures']} failed, "
            f"{total['rps']} req/s, p50 {total['p50_ms']} ms, p99 {total['p99_ms']} ms "
            f"(reports in {args.out}/)"
        )
    else:
        print(f"smoke: no summary written to {summary_path}")
        code = code or 1
    print("smoke: PASS" if code == 0 else f"smoke: FAIL (exit code {code})", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
