"""Turn a throughput run into numbers a reader can trust: medians, ratios, a table, a chart.

Every ratio divides by redis-server's figure *from the same run*. ``summarize`` takes the
median of each (server, test, clients, pipeline) over the repetitions; ``targets`` checks the
issue's table (``issues show 6``) against it; ``markdown`` and ``chart`` present both.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

REFERENCE = "redis-server"
CORE = ["set", "get", "incr", "lpush", "mset"]


def _median(values: list[float | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return statistics.median(vals) if vals else None


def summarize(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per (server, test, clients, pipeline): medians and ratios to redis-server."""
    groups: dict[tuple[str, str, int, int], list[dict[str, Any]]] = {}
    for run in result["runs"]:
        key = (run["server"], run["test"], run["clients"], run["pipeline"])
        groups.setdefault(key, []).append(run)
    rows = []
    for (server, test, c, p), runs in groups.items():
        rows.append({
            "server": server, "test": test, "clients": c, "pipeline": p,
            "rps": _median([r.get("rps") for r in runs]),
            "p50_ms": _median([r.get("p50_ms") for r in runs]),
            "p99_ms": _median([r.get("p99_ms") for r in runs]),
            "cpu_us_per_req": _median([r.get("cpu_us_per_req") for r in runs]),
            "client_cpu_us_per_req": _median([r.get("client_cpu_us_per_req") for r in runs]),
            "samples": sum(1 for r in runs if "rps" in r),
            "errors": [r["error"] for r in runs if "error" in r][:1],
        })  # fmt: skip
    ref = {(r["test"], r["clients"], r["pipeline"]): r for r in rows if r["server"] == REFERENCE}
    for row in rows:
        base = ref.get((row["test"], row["clients"], row["pipeline"]))
        for field in ("rps", "p99_ms", "cpu_us_per_req"):
            mine, theirs = row[field], base and base[field]
            row[f"{field}_ratio"] = mine / theirs if mine and theirs else None
    return rows


def _get(summary: list[dict[str, Any]], server: str, test: str, c: int, p: int) -> dict | None:
    for row in summary:
        if (row["server"], row["test"], row["clients"], row["pipeline"]) == (server, test, c, p):
            return row
    return None


def _range(values: list[float | None], fmt: str = "{:.2f}x") -> str:
    vals = [v for v in values if v is not None]
    if not vals:
        return "not measured"
    lo, hi = min(vals), max(vals)
    return fmt.format(lo) if abs(hi - lo) < 0.005 else f"{fmt.format(lo)}-{fmt.format(hi)}"


def targets(result: dict[str, Any], server: str = "miniredis") -> list[tuple[str, str, str]]:
    """(measure, target, measured) for each row of the issue's target table."""
    s = result["summary"]

    def ratios(tests: list[str], c: int, p: int, field: str = "rps_ratio") -> list:
        return [(_get(s, server, t, c, p) or {}).get(field) for t in tests]

    out = [
        ("req/s at -c 50 -P 1, SET GET INCR LPUSH MSET", ">= 0.9x", _range(ratios(CORE, 50, 1))),
        ("req/s at -c 50 -P 16, SET GET INCR", ">= 0.6x (stretch 0.8x)",
         _range(ratios(CORE[:3], 50, 16))),
        ("req/s at -c 1 -P 1 (latency bound); p99", ">= 0.9x; p99 <= 1.5x",
         f"{_range(ratios(CORE, 1, 1))}; p99 {_range(ratios(CORE, 1, 1, 'p99_ms_ratio'))}"),
        ("server CPU per request at -P 16 (-c 50)", "<= 2x",
         _range(ratios(CORE[:3], 50, 16, "cpu_us_per_req_ratio"))),
    ]  # fmt: skip
    if "fakeredis" in result["servers"]:
        vs = []
        for p in (1, 16):
            r = [
                (_get(s, server, t, 50, p) or {}).get("rps", 0)
                / ((_get(s, "fakeredis", t, 50, p) or {}).get("rps") or float("nan"))
                for t in CORE[:3]
            ]
            vs.append(f"-P {p}: {_range(r, '{:.1f}x')}")
        out.append(("vs fakeredis TCP server (-c 50)", ">= 5x at -P 1, >= 100x at -P 16",
                    "; ".join(vs)))  # fmt: skip
    res = result.get("resources") or {}
    idle = res.get("idle_connections", {})
    if server in idle:
        mine = idle[server]
        redis_ = idle.get(REFERENCE, {})
        per = mine.get("rss_per_connection")
        # Two decimals: the target is a line (8 KiB), and 8,165 B must not read as "8.0".
        text = f"{per / 1024:.2f} KiB" if per is not None else "n/a"
        if redis_.get("rss_per_connection"):
            text += f" (redis-server {redis_['rss_per_connection'] / 1024:.1f} KiB)"
        text += f", {mine.get('accepted')}/{mine['connections']} accepted"
        out.append((f"RSS per idle connection at {mine['connections']:,} connections",
                    "<= 8 KiB, all accepted", text))  # fmt: skip
    mem = res.get("memory_per_key", {})
    if server in mem and REFERENCE in mem:
        mine, ref = mem[server], mem[REFERENCE]
        rss = mine["rss_per_key"] / ref["rss_per_key"] if ref["rss_per_key"] else None
        text = f"{mine['rss_per_key']:.0f} B vs {ref['rss_per_key']:.0f} B RSS"
        text += f" = {rss:.2f}x" if rss else ""
        if ref.get("used_memory_per_key"):
            text += f"; redis used_memory {ref['used_memory_per_key']:.0f} B/key"
        out.append((f"memory per small string key ({mine['keys']:,} keys)", "<= 3x redis-server",
                    text))  # fmt: skip
    return out


def _fmt(v: float | None, spec: str) -> str:
    return "-" if v is None else format(v, spec)


def _load(result: dict[str, Any]) -> str:
    """Median and max load average over the runs: above the core count, other processes
    took CPU from both servers and the client, and absolute req/s mean little."""
    loads = [r["loadavg_1m"] for r in result["runs"] if "loadavg_1m" in r]
    if not loads:
        return "not recorded"
    return f"median {statistics.median(loads):.1f}, max {max(loads):.1f}"


def markdown(result: dict[str, Any]) -> str:
    """The report as markdown: machine, targets, the full table, resources."""
    m = result["machine"]
    lines = [
        f"# Throughput: miniredis vs redis-server ({result['started']})",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['platform']}; Python {m['python']}, "
        f"gevent {m['gevent']}, hiredis {m['hiredis']}; {m['redis_server']}. "
        f"{len(result['runs'])} runs in {result['seconds']:.0f} s, medians of "
        f"{result['options']['repeat']} interleaved repetitions; ratios are to redis-server "
        f"in this run. Machine load (1-min load average) during the runs: {_load(result)}.",
        "",
        "## Targets (issue 6)",
        "",
        "| measure | target | measured |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in targets(result)]
    others = [s for s in result["servers"] if s != REFERENCE]
    head = "| test | -c | -P | redis req/s | redis p50/p99 ms | redis CPU µs/req |"
    sep = "| --- | --: | --: | --: | --: | --: |"
    for name in others:
        head += f" {name} req/s | ratio | p50/p99 ms | CPU µs/req (ratio) |"
        sep += " --: | --: | --: | --: |"
    lines += ["", "## All runs (medians)", "", head, sep]
    for c, p in result["configs"]:
        for test in result["tests"]:
            ref = _get(result["summary"], REFERENCE, test, c, p) or {}
            line = (
                f"| {test.upper()} | {c} | {p} | {_fmt(ref.get('rps'), ',.0f')} | "
                f"{_fmt(ref.get('p50_ms'), '.3f')}/{_fmt(ref.get('p99_ms'), '.3f')} | "
                f"{_fmt(ref.get('cpu_us_per_req'), '.2f')} |"
            )
            for name in others:
                row = _get(result["summary"], name, test, c, p) or {}
                line += (
                    f" {_fmt(row.get('rps'), ',.0f')} | **{_fmt(row.get('rps_ratio'), '.2f')}x** |"
                    f" {_fmt(row.get('p50_ms'), '.3f')}/{_fmt(row.get('p99_ms'), '.3f')} |"
                    f" {_fmt(row.get('cpu_us_per_req'), '.2f')}"
                    f" ({_fmt(row.get('cpu_us_per_req_ratio'), '.2f')}x) |"
                )
            lines.append(line)
    lines += _resources_markdown(result.get("resources") or {})
    return "\n".join(lines) + "\n"


def _resources_markdown(res: dict[str, Any]) -> list[str]:
    if not res:
        return []
    lines = ["", "## Resources", "", "| server | keys | RSS B/key | used_memory B/key | "
             "idle conns accepted | RSS KiB/conn | active p50/p99 ms before | ... during |",
             "| --- | --: | --: | --: | --: | --: | --: | --: |"]  # fmt: skip
    for name, mem in res.get("memory_per_key", {}).items():
        idle = res.get("idle_connections", {}).get(name, {})
        before = idle.get("active_client_before", {})
        during = idle.get("active_client_during", {})
        per_conn = idle.get("rss_per_connection")
        lines.append(
            f"| {name} | {mem['keys']:,} | {_fmt(mem['rss_per_key'], '.0f')} | "
            f"{_fmt(mem['used_memory_per_key'], '.0f')} | "
            f"{idle.get('accepted')}/{idle.get('connections')} | "
            f"{_fmt(per_conn / 1024 if per_conn is not None else None, '.2f')} | "
            f"{_fmt(before.get('p50_ms'), '.3f')}/{_fmt(before.get('p99_ms'), '.3f')} | "
            f"{_fmt(during.get('p50_ms'), '.3f')}/{_fmt(during.get('p99_ms'), '.3f')} |"
        )
    return lines


def chart(result: dict[str, Any], path: Path) -> bool:
    """Bars of req/s ratio to redis-server per test, one panel per (-c, -P). False if no
    matplotlib (``pip install matplotlib``)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    others = [s for s in result["servers"] if s != REFERENCE]
    configs, tests = result["configs"], result["tests"]
    fig, axes = plt.subplots(1, len(configs), figsize=(4.2 * len(configs), 4.2), sharey=True)
    if len(configs) == 1:
        axes = [axes]
    width = 0.8 / max(1, len(others))
    for ax, (c, p) in zip(axes, configs, strict=True):
        for i, name in enumerate(others):
            ys = [
                (_get(result["summary"], name, t, c, p) or {}).get("rps_ratio") or 0 for t in tests
            ]
            xs = [x + i * width for x in range(len(tests))]
            ax.bar(xs, ys, width, label=name)
        ax.axhline(1.0, color="black", linewidth=0.8)
        ax.set_xticks([x + width * (len(others) - 1) / 2 for x in range(len(tests))])
        ax.set_xticklabels([t.upper() for t in tests], rotation=60, fontsize=8)
        ax.set_title(f"-c {c} -P {p}")
    axes[0].set_ylabel("req/s ÷ redis-server (same run)")
    axes[0].legend(fontsize=8)
    fig.suptitle(f"miniredis vs redis-server 7.0, {result['machine']['cores']} cores, "
                 f"{result['started']}")  # fmt: skip
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def write(result: dict[str, Any], out: Path, stem: str) -> list[Path]:
    """``<stem>.json``, ``.md``, ``.png`` in ``out``, and copies named ``latest.*``."""
    out.mkdir(parents=True, exist_ok=True)
    text = markdown(result)
    paths = []
    for name in (stem, "latest"):
        (out / f"{name}.json").write_text(json.dumps(result, indent=1) + "\n")
        (out / f"{name}.md").write_text(text)
        paths += [out / f"{name}.json", out / f"{name}.md"]
        if chart(result, out / f"{name}.png"):
            paths.append(out / f"{name}.png")
        elif name == stem:
            print("matplotlib not installed: no chart (pip install matplotlib)")
    return paths
