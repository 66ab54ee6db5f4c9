"""Build and run locust command lines: one local process, or a master plus workers.

Shared by ``smoke.py``, ``web.py`` and ``compare.py``. Locust always runs as a *subprocess*:
importing locust monkey-patches the standard library for gevent, which must not happen inside
the runner (or inside pytest).

A distributed run on one machine is a master (``--master``, which owns the statistics, the
reports and the verdict) plus N workers (``--worker``, which run the users) talking over
ZeroMQ on a loopback port. Each process gets the same locustfile, user classes, tags and
scenario options; the master alone gets the run time, the user count and the reports.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from loadtest.servers import HOST, REPO_ROOT, free_port

__all__ = ["LOCUSTFILE", "LocustRun", "run_locust"]

LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"


@dataclass
class LocustRun:
    """One locust run against ``host``: what to run, how hard, for how long, where to report."""

    host: str
    user_classes: Sequence[str] = ()
    exclude_tags: Sequence[str] = ()
    users: int = 200
    spawn_rate: float = 50
    run_time: str = "30s"
    options: dict[str, object] = field(default_factory=dict)  # our scenario options
    out_dir: Path | None = None  # CSV, HTML and summary.json go here
    workers: int = 0  # 0: one local process; N: a master and N workers
    extra: Sequence[str] = ()  # more locust arguments, given to the master (or the process)

    def scenario_args(self) -> list[str]:
        """What every process needs: locustfile, host, classes, tags, scenario options."""
        args = ["-f", str(LOCUSTFILE), "--host", self.host, *self.user_classes]
        for key, value in self.options.items():
            args += [f"--{key.replace('_', '-')}", str(value)]
        if self.exclude_tags:  # nargs="*": keep it last, after the positional classes
            args += ["--exclude-tags", *self.exclude_tags]
        return args

    def control_args(self) -> list[str]:
        """What only the controlling process needs: headless load, time, reports, verdict."""
        args = [
            "--headless",
            "-u",
            str(self.users),
            "-r",
            str(self.spawn_rate),
            "--run-time",
            self.run_time,
            "--stop-timeout",
            "5",
            "--exit-code-on-error",
            "1",
            "--only-summary",
        ]
        if self.out_dir is not None:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            args += [
                "--csv",
                str(self.out_dir / "run"),
                "--html",
                str(self.out_dir / "report.html"),
                "--summary-json",
                str(self.out_dir / "summary.json"),
            ]
        return [*args, *self.extra]

    def seconds(self) -> float:
        """The run time in seconds (locust's ``1h2m3s`` grammar, or plain seconds)."""
        total, number = 0.0, ""
        for char in self.run_time:
            if char.isdigit() or char == ".":
                number += char
            else:
                total += float(number or 0) * {"h": 3600, "m": 60, "s": 1}[char]
                number = ""
        return total + float(number or 0)


def _locust(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "locust", *args]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return env


def run_locust(run: LocustRun, grace: float = 90.0) -> int:
    """Run locust (and its workers) to the end; return the exit code of the controlling process.

    Bounded in time: everything is killed ``grace`` seconds after the run time if still alive.
    """
    deadline = run.seconds() + grace
    if run.workers <= 0:
        argv = _locust([*run.scenario_args(), *run.control_args()])
        print("+", " ".join(argv), flush=True)
        try:
            return subprocess.run(argv, env=_env(), timeout=deadline, check=False).returncode
        except subprocess.TimeoutExpired:
            print(f"locust did not finish within {deadline:.0f}s: killed", flush=True)
            return 124

    port = free_port()
    master = _locust(
        [
            *run.scenario_args(),
            *run.control_args(),
            "--master",
            "--master-bind-host",
            HOST,
            "--master-bind-port",
            str(port),
            "--expect-workers",
            str(run.workers),
            "--expect-workers-max-wait",
            "30",
        ]
    )
    worker = _locust(
        [*run.scenario_args(), "--worker", "--master-host", HOST, "--master-port", str(port)]
    )
    print("+", " ".join(master), flush=True)
    print(f"+ {run.workers} x", " ".join(worker), flush=True)
    procs = [subprocess.Popen(master, env=_env())]
    time.sleep(1.0)  # let the master bind before the workers dial in
    procs += [subprocess.Popen(worker, env=_env()) for _ in range(run.workers)]
    started = time.monotonic()
    try:
        code = procs[0].wait(timeout=deadline)
        for proc in procs[1:]:  # workers quit when the master tells them to
            proc.wait(timeout=max(1.0, deadline - (time.monotonic() - started)))
        return code
    except subprocess.TimeoutExpired:
        print(f"locust did not finish within {deadline:.0f}s: killed", flush=True)
        return 124
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
