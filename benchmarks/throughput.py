"""End-to-end throughput: miniredis beside redis-server under ``redis-benchmark``, same run.

Run ``python -m benchmarks.throughput`` (about 6-8 minutes; ``--quick``: under 2). It starts
``redis-server`` and miniredis on free loopback ports and runs ``redis-benchmark --csv`` (each
call under ``timeout``) for every test, at ``-c 1``/``-c 50`` clients and ``-P 1``/``-P 16``
pipelining, repeating the whole sweep ``--repeat`` times with the servers interleaved
(redis, miniredis, redis, miniredis, ...) so that a slow minute of the machine hits both.

**How to read the report** (``benchmarks/results/<date>.md``, ``.json``, ``.png``):

- *req/s* is the median over the repetitions; *ratio* is miniredis's median over
  redis-server's median, both from this run -- the only comparison that means anything on a
  shared machine. Ratios above 1 are possible on 2 cores: redis-benchmark competes with the
  server for the CPU, and a slower server leaves the client more of it.
- *p50/p99* are redis-benchmark's latency percentiles in ms (medians over repetitions).
- *CPU µs/req* is the server's user+system CPU over the run (``/proc/<pid>/stat``) divided by
  the requests: the cost that stays honest when the machine, not the server, is the limit.
  For ``LRANGE_100`` it includes redis-benchmark's ``LPUSH`` pre-fill (as many requests).
- The resource section: memory per small string key at ``--keys`` keys, memory per idle
  connection at ``--connections`` connections, and one active client's p99 beside them
  (``benchmarks/resources.py`` explains each).

Options: ``--tests set,get,...`` (default: SET GET INCR LPUSH MSET plus each redis-benchmark
data-type test whose command miniredis has), ``--requests N`` (per run, all configurations),
``--repeat N``, ``--target URL`` (any running server, repeatable), ``--fakeredis`` (fakeredis's
TCP server), ``--miniredis-src LABEL=DIR`` (another miniredis from another checkout, e.g. before
a change; repeatable), ``--no-resources``, ``--out DIR``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import report
from benchmarks.resources import idle_connections, memory_per_key
from benchmarks.servers import ServerProcess, redis_benchmark_path, url_server

CORE_TESTS = ["set", "get", "incr", "lpush", "mset"]
# redis-benchmark data-type tests -> the command that must exist for each.
OPTIONAL_TESTS = {
    "rpush": "rpush",
    "lpop": "lpop",
    "rpop": "rpop",
    "lrange_100": "lrange",
    "sadd": "sadd",
    "spop": "spop",
    "hset": "hset",
    "zadd": "zadd",
    "zpopmin": "zpopmin",
}
# Requests per run, sized for ~0.3-2 s on miniredis (a 10 ms CPU tick is then <= 3%).
CONFIGS: dict[tuple[int, int], int] = {(1, 1): 20_000, (1, 16): 100_000, (50, 1): 100_000,
                                       (50, 16): 400_000}  # fmt: skip
QUICK_CONFIGS = {(1, 1): 5_000, (50, 1): 30_000, (50, 16): 100_000}
# Some tests cost more per request: scale their counts so every run lasts about as long.
TEST_SCALE = {"mset": 0.3, "lrange_100": 0.15}
KIND_SCALE = {"fakeredis": 0.02}
RUN_TIMEOUT = 180  # seconds per redis-benchmark call; it retries forever if a server dies
KEYSPACE = 100_000  # -r: random keys, as real traffic has


def run_benchmark(
    server: ServerProcess, test: str, clients: int, pipeline: int, requests: int
) -> dict[str, Any]:
    """One ``redis-benchmark`` call for one test; its CSV row plus the server's CPU and RSS."""
    argv = [
        "timeout", "--kill-after=5", str(RUN_TIMEOUT), redis_benchmark_path(),
        "-h", server.host, "-p", str(server.port), "-t", test, "-n", str(requests),
        "-c", str(clients), "-P", str(pipeline), "-r", str(KEYSPACE), "--csv",
    ]  # fmt: skip
    cpu0, child0 = server.cpu_seconds(), resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    wall = time.monotonic() - start
    cpu1, child1 = server.cpu_seconds(), resource.getrusage(resource.RUSAGE_CHILDREN)
    row: dict[str, Any] = {
        "server": server.label, "test": test, "clients": clients, "pipeline": pipeline,
        "requests": requests, "wall_s": round(wall, 3), "returncode": done.returncode,
    }  # fmt: skip
    found = _csv_row(done.stdout, test)
    if done.returncode != 0 or found is None:
        row["error"] = (done.stderr or done.stdout).strip()[-300:] or "no CSV row"
        return row
    row.update(found)
    served = requests * (2 if test.startswith("lrange") else 1)  # + the LPUSH pre-fill
    if cpu0 is not None and cpu1 is not None:
        row["cpu_s"] = round(cpu1 - cpu0, 3)
        row["cpu_us_per_req"] = (cpu1 - cpu0) * 1e6 / served
    client_cpu = (child1.ru_utime + child1.ru_stime) - (child0.ru_utime + child0.ru_stime)
    row["client_cpu_us_per_req"] = client_cpu * 1e6 / served
    row["rss"] = server.rss_bytes()
    row["loadavg_1m"] = os.getloadavg()[0]  # other work on the machine skews every figure
    return row


def _csv_row(stdout: str, test: str) -> dict[str, float] | None:
    """The CSV row of ``test`` (``"MSET (10 keys)"`` for mset, not LRANGE's LPUSH pre-fill)."""
    for rec in csv.DictReader(io.StringIO(stdout)):
        name = rec.get("test", "").split(" ")[0].lower()
        if name == test:
            return {
                "rps": float(rec["rps"]),
                "avg_ms": float(rec["avg_latency_ms"]),
                "p50_ms": float(rec["p50_latency_ms"]),
                "p99_ms": float(rec["p99_latency_ms"]),
                "max_ms": float(rec["max_latency_ms"]),
            }
    return None


def latency_probe(server: ServerProcess) -> dict[str, Any]:
    """One client, no pipelining, GET: the latency an interactive user would see."""
    row = run_benchmark(server, "get", 1, 1, 10_000)
    return {k: row.get(k) for k in ("rps", "p50_ms", "p99_ms", "max_ms", "error") if k in row}


def choose_tests(args: argparse.Namespace, miniredis: ServerProcess) -> list[str]:
    if args.tests:
        return [t.strip().lower() for t in args.tests.split(",") if t.strip()]
    tests = list(CORE_TESTS)
    if not args.quick:
        tests += [t for t, cmd in OPTIONAL_TESTS.items() if miniredis.has_command(cmd)]
    return tests


def machine_info() -> dict[str, Any]:
    """What the numbers depend on: CPU, cores, versions."""
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    import gevent
    import hiredis

    import miniredis

    redis_version = subprocess.run(
        ["redis-server", "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "gevent": gevent.__version__,
        "hiredis": hiredis.__version__,
        "miniredis": miniredis.__version__,
        "redis_server": redis_version,
    }


def raise_fd_limit(wanted: int) -> int:
    """Raise this process's (and so its children's) open-file limit; return the new one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if target > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    return soft


class Progress:
    """One line per run on stderr: count, elapsed, an estimate of what is left."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.start = total, 0, time.monotonic()

    def step(self, row: dict[str, Any]) -> None:
        self.done += 1
        elapsed = time.monotonic() - self.start
        left = elapsed / self.done * (self.total - self.done)
        result = f"{row['rps']:>12,.0f} req/s" if "rps" in row else f"ERROR {row.get('error')}"
        print(
            f"[{self.done:>3}/{self.total}] {elapsed:5.0f}s ~{left:4.0f}s left  "
            f"{row['server']:<18} c={row['clients']:<2} P={row['pipeline']:<2} "
            f"{row['test']:<10} {result}",
            file=sys.stderr,
            flush=True,
        )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks.throughput", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    p.add_argument("--quick", action="store_true", help="fewer configs and requests (< 2 min)")
    p.add_argument("--repeat", type=int, default=3, help="interleaved repetitions (default 3)")
    p.add_argument("--requests", type=int, help="requests per run, overriding the defaults")
    p.add_argument("--tests", help="comma-separated redis-benchmark tests, e.g. set,get")
    p.add_argument("--target", action="append", default=[], help="also benchmark this URL")
    p.add_argument("--fakeredis", action="store_true", help="also benchmark fakeredis's TCP server")
    p.add_argument(
        "--miniredis-src",
        action="append",
        default=[],
        metavar="LABEL=DIR",
        help="also run miniredis from the source tree DIR, e.g. before=/tmp/old",
    )
    p.add_argument("--no-resources", action="store_true", help="skip memory/connection checks")
    p.add_argument("--keys", type=int, help="keys for memory per key (default 1M; quick 100k)")
    p.add_argument("--connections", type=int, help="idle connections (default 10,000)")
    p.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    keys = args.keys or (100_000 if args.quick else 1_000_000)
    connections = args.connections or 10_000
    limit = raise_fd_limit(connections + 1024)
    if limit < connections + 256:
        print(f"open-file limit {limit}: measuring {limit - 256} connections", file=sys.stderr)
        connections = limit - 256
    servers = [ServerProcess("redis-server", "redis"), ServerProcess("miniredis", "miniredis")]
    for spec in args.miniredis_src:
        label, _, src = spec.rpartition("=")
        servers.append(ServerProcess(label or f"miniredis@{src}", "miniredis", source=Path(src)))
    if args.fakeredis:
        servers.append(ServerProcess("fakeredis", "fakeredis"))
    servers += [url_server(url) for url in args.target]
    configs = QUICK_CONFIGS if args.quick else CONFIGS
    runs: list[dict[str, Any]] = []
    resources: dict[str, Any] = {}
    started = dt.datetime.now()
    try:
        for server in servers:
            server.start()
        tests = choose_tests(args, servers[1])
        progress = Progress(args.repeat * len(configs) * len(tests) * len(servers))
        for rep in range(args.repeat):
            for (clients, pipeline), base in configs.items():
                for test in tests:
                    for server in servers:  # interleaved: A B A B ...
                        n = args.requests or base
                        n = max(
                            1000, int(n * TEST_SCALE.get(test, 1) * KIND_SCALE.get(server.kind, 1))
                        )
                        row = run_benchmark(server, test, clients, pipeline, n)
                        row["repetition"] = rep
                        runs.append(row)
                        progress.step(row)
        if not args.no_resources:
            resources = measure_resources(servers, keys, connections)
    finally:
        for server in servers:
            server.stop()
    result = {
        "started": started.isoformat(timespec="seconds"),
        "seconds": round((dt.datetime.now() - started).total_seconds(), 1),
        "machine": machine_info(),
        "options": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "servers": [s.label for s in servers],
        "tests": tests,
        "configs": [list(c) for c in configs],
        "runs": runs,
        "resources": resources,
    }
    result["summary"] = report.summarize(result)
    paths = report.write(result, args.out, started.strftime("%Y-%m-%d-%H%M"))
    print(report.markdown(result))
    for path in paths:
        print(f"wrote {path}", file=sys.stderr)
    return 0


def measure_resources(servers: list[ServerProcess], keys: int, connections: int) -> dict[str, Any]:
    """Memory per key and per idle connection, on fresh processes with maxclients raised."""
    out: dict[str, Any] = {"memory_per_key": {}, "idle_connections": {}}
    for server in servers:
        if server.kind not in ("redis", "miniredis"):
            continue  # fakeredis has no INFO memory/clients; a URL target is not ours to restart
        server.extra_args = ["--maxclients", str(connections + 100)]
        print(f"resources: {server.label}: {keys:,} keys ...", file=sys.stderr, flush=True)
        out["memory_per_key"][server.label] = memory_per_key(server, keys)
        print(f"resources: {server.label}: {connections:,} idle connections ...",
              file=sys.stderr, flush=True)  # fmt: skip
        out["idle_connections"][server.label] = idle_connections(server, connections, latency_probe)
    return out


if __name__ == "__main__":
    raise SystemExit(main())
