"""The compatibility report: every Redis 7.0 command, implemented or not, tested or not.

``python -m compat_tests.report`` runs the compat suite against miniredis and a real Redis
(``pytest compat_tests --record-commands LOG``, see :mod:`compat_tests.command_log`) and writes
``docs/compatibility.md`` from three sources:

- ``compat_tests/redis_commands.json``: Redis 7.0's commands and subcommands, as recorded from
  a real ``COMMAND`` reply (refresh: ``python -m compat_tests.record_golden --commands``);
- miniredis's own command table (``miniredis.commands.table``): what is implemented;
- the log: which commands each test sent, and whether the test passed on both targets.

A test "covers" a command if it sent it (a container such as CONFIG is credited together with
the subcommand named, CONFIG GET) and ran against Redis (a test skipped there, such as one of a
miniredis extension, is no evidence about Redis compatibility). A test passes "byte for byte
on both" if it passed against miniredis and against Redis (tests that compare the two servers
themselves, such as the differential test, count once). The file has no times or durations,
so the same code gives the same report: ``--check`` regenerates it into a temporary file and
fails if the committed one differs. ``--log FILE`` builds the report from an existing log
instead of running the suite; ``--keep-log FILE`` keeps the log of a run. The exit status is
pytest's when the suite fails (the report is still written), so CI can run the compat suite
once, as ``python -m compat_tests.report --check``, and get both verdicts.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent
REPORT = REPO_ROOT / "docs" / "compatibility.md"
COMMANDS_FILE = HERE / "redis_commands.json"
TARGETS = ("miniredis", "redis")

# Differences documented elsewhere than in a skip reason (test docstrings, the design).
DOCUMENTED_DIFFERENCES = [
    (
        "DELETE, FLUSH",
        "Extra commands from miniredis's original design (integer replies: keys removed). "
        "Redis 7.0 answers `-ERR unknown command`.",
    ),
    (
        "CLIENT SETINFO",
        "A Redis 7.2 command, implemented because redis-py 8 sends it on every connection; "
        "Redis 7.0.15 answers `-ERR unknown subcommand` (redis-py ignores either answer). "
        "CLIENT LIST/INFO keep 7.0's format.",
    ),
]


@dataclass
class Row:
    """One command or subcommand of the report."""

    name: str
    group: str
    in_redis: bool
    implemented: bool
    tests: set[str] = field(default_factory=set)
    passing: set[str] = field(default_factory=set)

    @property
    def status(self) -> str:
        if not self.implemented:
            return "not implemented"
        if not self.in_redis:
            return "miniredis extension"
        if not self.tests:
            return "untested"
        if self.passing == self.tests:
            return "compatible"
        return "differs"


# -- inputs -------------------------------------------------------------------------------------
def redis_commands() -> dict[str, dict[str, Any]]:
    return json.loads(COMMANDS_FILE.read_text())["commands"]


def miniredis_commands() -> dict[str, str]:
    """name (``get``, ``config|get``) -> group, from miniredis's command table."""
    sys.path.insert(0, str(REPO_ROOT))
    import miniredis.commands  # noqa: F401  (registers every command)
    from miniredis.commands.table import all_commands

    table: dict[str, str] = {}
    for spec in all_commands():
        table[spec.fullname.lower()] = spec.group
        for sub in spec.subcommands.values():
            table[sub.fullname.lower()] = sub.group
    return table


def run_suite(log: Path, pytest_args: list[str]) -> int:
    """Run the compat suite against both targets, recording commands into ``log``."""
    env = dict(os.environ, COMPAT_TARGETS="miniredis,redis", MINIREDIS_REQUIRE_REDIS="1")
    argv = [
        sys.executable, "-m", "pytest", "compat_tests", "-q", "-p", "no:cacheprovider",
        "--record-commands", str(log), *pytest_args,
    ]  # fmt: skip
    print("running:", " ".join(argv), file=sys.stderr)
    return subprocess.run(argv, cwd=REPO_ROOT, env=env, check=False).returncode


# -- analysis -----------------------------------------------------------------------------------
def base_id(nodeid: str, target: str | None) -> str:
    """The test without its target: ``t.py::test_x[miniredis-a]`` -> ``t.py::test_x[a]``."""
    if target is None or "[" not in nodeid:
        return nodeid
    head, params = nodeid[:-1].split("[", 1)
    if params == target:
        return head
    if params.startswith(f"{target}-"):
        params = params[len(target) + 1 :]
    elif params.endswith(f"-{target}"):
        params = params[: -len(target) - 1]
    return f"{head}[{params}]"


def credited(pair: list[str], known: set[str], containers: set[str]) -> list[str]:
    """The command names a ``[name, second word]`` request covers."""
    name, second = pair
    names = [name] if name in known else []
    if name in containers and f"{name}|{second}" in known:
        names.append(f"{name}|{second}")
    return names


@dataclass
class Analysis:
    rows: list[Row]
    tests: dict[str, dict[str, str]]  # base id -> target (or "both") -> outcome
    differences: list[tuple[str, str]]


def analyse(log: dict[str, Any]) -> Analysis:
    redis = redis_commands()
    ours = miniredis_commands()
    known = set(redis) | set(ours)
    containers = {n for n, c in redis.items() if c["subcommands"]} | {
        n.split("|")[0] for n in ours if "|" in n
    }
    rows = {
        name: Row(
            name=name,
            group=(redis[name]["group"] if name in redis else ours[name]),
            in_redis=name in redis,
            implemented=name in ours,
        )
        for name in sorted(known)
    }
    outcomes: dict[str, dict[str, str]] = defaultdict(dict)
    sent: dict[str, set[str]] = defaultdict(set)
    reasons: dict[str, dict[str, str]] = defaultdict(dict)
    for nodeid, entry in log["tests"].items():
        target = entry.get("target")
        base = base_id(nodeid, target)
        outcomes[base][target or "both"] = entry["outcome"]
        reasons[base][target or "both"] = entry["reason"]
        for pair in entry["requests"]:
            sent[base].update(credited(pair, known, containers))

    def passes(base: str) -> bool:
        seen = outcomes[base]
        if "both" in seen:
            return seen["both"] == "passed"
        return all(seen.get(t) == "passed" for t in TARGETS)

    for base, names in sent.items():
        if outcomes[base].get("redis") == "skipped" or outcomes[base].get("both") == "skipped":
            continue  # a test of a miniredis extension, or one that did not run: no evidence
        for name in names:
            rows[name].tests.add(base)
            if passes(base):
                rows[name].passing.add(base)
    differences = []
    for base in sorted(outcomes):
        seen = outcomes[base]
        if seen.get("miniredis") in ("skipped", "xfailed") and seen.get("redis") == "passed":
            differences.append((base, reasons[base]["miniredis"]))
        elif seen.get("redis") == "skipped" and seen.get("miniredis") == "passed":
            differences.append((base, f"(Redis skipped) {reasons[base]['redis']}"))
        elif "failed" in seen.values():
            which = ", ".join(sorted(t for t, o in seen.items() if o == "failed"))
            differences.append((base, f"FAILS on {which}"))
    return Analysis(list(rows.values()), dict(outcomes), differences)


# -- rendering ---------------------------------------------------------------------------------
def _count(rows: list[Row], **checks: Any) -> int:
    return sum(all(getattr(r, k) == v for k, v in checks.items()) for r in rows)


def render(analysis: Analysis, version: str) -> str:
    rows = analysis.rows
    top = [r for r in rows if "|" not in r.name]
    subs = [r for r in rows if "|" in r.name]
    redis_top = [r for r in top if r.in_redis]
    redis_subs = [r for r in subs if r.in_redis]
    tests = analysis.tests
    both = sum(
        (o.get("both") == "passed") or all(o.get(t) == "passed" for t in TARGETS)
        for o in tests.values()
    )
    failed = sum("failed" in o.values() for o in tests.values())

    def line(label: str, group: list[Row]) -> str:
        impl = [r for r in group if r.implemented]
        tested = [r for r in impl if r.tests]
        ok = [r for r in impl if r.status == "compatible"]
        return f"| {label} | {len(group)} | {len(impl)} | {len(tested)} | {len(ok)} |"

    out = [
        "# Compatibility with Redis 7.0",
        "",
        "Generated by `python -m compat_tests.report` (do not edit; CI runs "
        "`python -m compat_tests.report --check`). The command list is what redis-server "
        f"{version} answers to `COMMAND` (`compat_tests/redis_commands.json`); \"implemented\" "
        "is miniredis's own command table; a command is \"covered\" by every compat test that "
        "sends it, and \"compatible\" when it is implemented, covered, and every covering test "
        "passes byte for byte against both miniredis and redis-server.",
        "",
        "## Totals",
        "",
        "| | Redis 7.0 | implemented | covered by tests | compatible |",
        "|---|---:|---:|---:|---:|",
        line("commands", redis_top),
        line("subcommands", redis_subs),
        "",
        f"- miniredis extensions (not in Redis {version}): "
        + (", ".join(f"`{r.name.upper().replace('|', ' ')}`" for r in rows
                     if r.implemented and not r.in_redis)
           or "none"),
        f"- compat tests: {len(tests)} (each run against both targets where it takes a target);"
        f" {both} pass on both, {failed} fail somewhere, the rest are skipped on one target"
        " (see the differences below) or need no server.",
        "",
        "## Known differences",
        "",
        "Documented on purpose:",
        "",
    ]  # fmt: skip
    out += [f"- **{name}**: {why}" for name, why in DOCUMENTED_DIFFERENCES]
    out += ["", "From the test run (skips, expected failures and failures on one target):", ""]
    out += [f"- `{base}`: {why}" for base, why in analysis.differences] or ["- none"]
    out += [
        "",
        "## Commands",
        "",
        "| Command | Group | miniredis | Tests | Pass on both | Status |",
        "|---|---|---|---:|---:|---|",
    ]
    for row in sorted(rows, key=lambda r: (r.name.split("|")[0], r.name)):
        label = row.name.upper().replace("|", " ")  # Redis's docs write "CONFIG GET"
        if "|" in row.name:
            label = "&nbsp;&nbsp;" + label
        out.append(
            f"| {label} | {row.group} | {'yes' if row.implemented else 'no'} | "
            f"{len(row.tests)} | {len(row.passing)} | {row.status} |"
        )
    return "\n".join(out) + "\n"


def build(log_path: Path) -> str:
    log = json.loads(log_path.read_text())
    version = json.loads(COMMANDS_FILE.read_text())["redis_version"]
    return render(analyse(log), version)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m compat_tests.report")
    parser.add_argument("--check", action="store_true", help="fail if the report is stale")
    parser.add_argument("--log", type=Path, help="use this --record-commands log, run nothing")
    parser.add_argument("--keep-log", type=Path, help="copy the run's command log here")
    parser.add_argument("--output", type=Path, default=REPORT, help="where to write")
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments (after --)")
    args = parser.parse_args(argv)
    required = os.environ.get("CI") or os.environ.get("MINIREDIS_REQUIRE_REDIS") == "1"
    if args.check and args.log is None and not shutil.which("redis-server") and not required:
        # The report compares both servers: without redis-server it cannot be reproduced.
        print("SKIPPED: docs/compatibility.md not checked: redis-server not found on PATH")
        return 0
    suite = 0
    with tempfile.TemporaryDirectory() as tmp:
        log = args.log
        if log is None:
            log = Path(tmp) / "commands.json"
            suite = run_suite(log, args.pytest_args)
            if not log.exists():
                print("the test run wrote no command log", file=sys.stderr)
                return 2
            if args.keep_log:
                args.keep_log.write_text(log.read_text())
        text = build(log)
    if args.check:
        current = REPORT.read_text() if REPORT.exists() else ""
        if current == text:
            print(f"{REPORT.relative_to(REPO_ROOT)} is current")
            return suite
        diff = difflib.unified_diff(
            current.splitlines(), text.splitlines(), "committed", "regenerated", lineterm=""
        )
        print("\n".join(list(diff)[:200]))
        print(f"{REPORT.relative_to(REPO_ROOT)} is stale: run python -m compat_tests.report")
        return 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    print(f"wrote {args.output}")
    return suite


if __name__ == "__main__":
    raise SystemExit(main())
