"""The load-test RESP client against a real miniredis subprocess, and short locust runs.

``loadtest.resp_client`` does not import locust, so it is tested here directly with a list in
place of ``events.request.fire``. Locust itself monkey-patches the standard library when
imported and must never be imported into this pytest process: the end-to-end checks run
``python -m loadtest.smoke`` as a subprocess (skipped, with the reason, when locust is not
installed: ``pip install locust``).
"""

from __future__ import annotations

import importlib.util
import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:  # `loadtest/` is not installed with the package
    sys.path.append(str(REPO_ROOT))

from loadtest.catalog import SCENARIOS, all_commands, plan  # noqa: E402
from loadtest.resp_client import (  # noqa: E402
    BACKENDS,
    RespClient,
    RespFailure,
    Target,
    parse_target,
    reply_size,
)
from loadtest.servers import free_port, missing_commands, running_server  # noqa: E402
from loadtest.zipf import Zipf  # noqa: E402

needs_locust = pytest.mark.skipif(
    importlib.util.find_spec("locust") is None, reason="locust not installed (pip install locust)"
)


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with running_server("miniredis") as server_url:
        yield server_url


class Recorder:
    """Stands in for ``environment.events.request.fire``: keeps every event."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []

    def __call__(self, **event: Any) -> None:
        self.events.append(event)

    def names(self) -> list[str]:
        return [e["name"] for e in self.events]


# -- the target URL ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("redis://127.0.0.1:7000/2", Target("127.0.0.1", 7000, 2)),
        ("redis://:s%40cret@localhost:7000", Target("localhost", 7000, 0, None, "s@cret")),
        ("redis://app:pw@127.0.0.1/3", Target("127.0.0.1", 6379, 3, "app", "pw")),
        ("127.0.0.1:6380", Target("127.0.0.1", 6380, 0)),
    ],
)
def test_parse_target(url: str, expected: Target) -> None:
    assert parse_target(url) == expected


@pytest.mark.parametrize("url", ["http://127.0.0.1:6379", "redis://127.0.0.1:6379/db"])
def test_parse_target_rejects(url: str) -> None:
    with pytest.raises(ValueError):
        parse_target(url)


def test_target_url_masks_password() -> None:
    assert parse_target("redis://:pw@127.0.0.1:7000/1").url == "redis://:***@127.0.0.1:7000/1"


def test_reply_size_counts_payload_bytes() -> None:
    assert reply_size(b"abc") == 3
    assert reply_size([b"ab", [b"c", 7], None]) == 3
    assert reply_size({b"k": b"vv"}) == 3
    assert reply_size(42) == 0


# -- one request, one event ----------------------------------------------------------------------
@pytest.mark.parametrize("backend", BACKENDS)
def test_each_command_fires_one_resp_event(url: str, backend: str) -> None:
    fire = Recorder()
    client = RespClient(parse_target(url), fire, backend=backend)
    try:
        client.execute("SET", "lt:k", "hello")
        assert client.execute("GET", "lt:k") == b"hello"
    finally:
        client.close()
    assert fire.names() == ["connect", "SET", "GET"]
    get = fire.events[2]
    assert get["request_type"] == "RESP"
    assert get["exception"] is None
    assert get["response_length"] == 5
    assert isinstance(get["response_time"], float)
    assert 0 < get["response_time"] < 1000  # milliseconds, fractions kept


@pytest.mark.parametrize("backend", BACKENDS)
def test_error_reply_is_a_failure_with_its_text(url: str, backend: str) -> None:
    fire = Recorder()
    client = RespClient(parse_target(url), fire, backend=backend)
    client.execute("SET", "lt:str", "v")
    with pytest.raises(RespFailure) as info:
        client.execute("LPUSH", "lt:str", "x")
    failure = fire.events[-1]["exception"]
    assert failure is info.value
    assert repr(failure) == (
        "ResponseError: WRONGTYPE Operation against a key holding the wrong kind of value"
    )
    assert client.connected  # the server answered: the connection stays
    client.close()


def test_unknown_command_failure_does_not_name_the_key(url: str) -> None:
    fire = Recorder()
    client = RespClient(parse_target(url), fire)
    with pytest.raises(RespFailure):
        client.execute("NOSUCHCMD", "lt:key:12345")
    client.close()
    assert str(fire.events[-1]["exception"]) == "ResponseError: ERR unknown command 'NOSUCHCMD'"


@pytest.mark.parametrize("backend", BACKENDS)
def test_pipeline_is_one_request(url: str, backend: str) -> None:
    fire = Recorder()
    client = RespClient(parse_target(url), fire, backend=backend)
    replies = client.pipeline([("SET", "lt:p", "1"), ("INCR", "lt:p"), ("GET", "lt:p")])
    assert replies[1:] == [2, b"2"]
    assert client.pipeline([("INCR", "lt:p"), ("INCR", "lt:p")], transaction=True) == [3, 4]
    with pytest.raises(RespFailure, match="1 of 2 replies failed, first: WRONGTYPE"):
        client.pipeline([("INCR", "lt:p"), ("LPUSH", "lt:p", "x")])
    client.close()
    assert fire.names() == ["connect", "PIPELINE x3", "MULTI x2", "PIPELINE x2"]
    assert fire.events[-1]["exception"] is not None


def test_lost_connection_fails_then_reconnects_visibly(url: str) -> None:
    fire = Recorder()
    client = RespClient(parse_target(url), fire, connect_name="connect")
    client.execute("CLIENT", "SETNAME", "lt-victim")
    killer = RespClient(parse_target(url), Recorder())
    killer.execute("CLIENT", "KILL", "SKIPME", "yes", "TYPE", "normal")
    killer.close()
    with pytest.raises(RespFailure) as info:
        client.execute("PING")
    assert info.value.kind == "ConnectionError"
    assert not client.connected
    assert client.execute("PING") is not None
    client.close()
    assert fire.names() == ["connect", "CLIENT", "PING", "reconnect", "PING"]
    assert [e["exception"] is None for e in fire.events] == [True, True, False, True, True]


def test_refused_connection_is_a_failed_connect() -> None:
    fire = Recorder()
    client = RespClient(parse_target(f"redis://127.0.0.1:{free_port()}"), fire, timeout=2)
    with pytest.raises(RespFailure) as info:
        client.execute("PING")
    assert info.value.kind == "ConnectionError"
    assert fire.names() == ["connect"]  # the command itself was never sent
    assert fire.events[0]["exception"] is info.value


def test_abort_turns_failures_into_the_callers_exception(url: str) -> None:
    class Stop(Exception):
        pass

    client = RespClient(parse_target(url), Recorder(), abort=lambda failure: Stop(failure))
    with pytest.raises(Stop):
        client.execute("NOSUCHCMD")
    client.close()


def test_password_and_db_from_the_url() -> None:
    with running_server("miniredis", extra=["--requirepass", "pw"]) as url:
        target = parse_target(url.replace("redis://", "redis://:pw@").replace("/0", "/3"))
        for backend in BACKENDS:
            client = RespClient(target, Recorder(), backend=backend)
            client.execute("SET", "lt:db", backend)
            client.close()
        check = RespClient(target, Recorder())
        assert check.execute("DBSIZE") == 1
        assert check.execute("SELECT", 0) is not None
        assert check.execute("DBSIZE") == 0
        check.close()


def test_zipf_is_skewed_and_in_range() -> None:
    sampler = Zipf(1000, 1.0)
    draws = [sampler.draw() for _ in range(20_000)]
    assert min(draws) >= 0
    assert max(draws) < 1000
    top_ten = sum(1 for d in draws if d < 10) / len(draws)
    assert 0.30 < top_ten < 0.48  # H(10) / H(1000) = 0.39: 1 % of the keys, ~39 % of the hits
    uniform = Zipf(1000, 0.0)
    assert sum(1 for _ in range(20_000) if uniform.draw() < 10) < 600  # ~1 %


# -- scenario planning -------------------------------------------------------------------------
def test_plan_leaves_out_what_the_target_lacks() -> None:
    chosen = plan(["cache", "queue", "mixed"], missing={"BLPOP", "HSET", "SADD"})
    assert chosen.user_classes == ["CacheUser", "MixedUser"]
    assert chosen.exclude_tags == ["hashes", "sets"]
    assert any("'queue' left out: target lacks BLPOP" in note for note in chosen.notes)


def test_missing_commands_asks_the_server(url: str) -> None:
    missing = missing_commands(url, ["get", "set", "NOSUCHCMD"])
    assert missing == {"NOSUCHCMD"}
    assert all_commands(list(SCENARIOS)) >= {"GET", "BLPOP", "HINCRBY", "PING"}


# -- locust end to end, as a subprocess ----------------------------------------------------------
def _smoke(tmp_path: Path, *args: str, timeout: float = 120) -> tuple[int, str, dict[str, Any]]:
    proc = subprocess.run(
        [sys.executable, "-m", "loadtest.smoke", "--out", str(tmp_path), *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    output = proc.stdout + proc.stderr
    summary_path = tmp_path / "summary.json"
    summary = json.loads(summary_path.read_text()) if summary_path.exists() else {}
    return proc.returncode, output, summary


@needs_locust
def test_headless_run_passes_and_writes_reports(tmp_path: Path) -> None:
    code, output, summary = _smoke(
        tmp_path,
        "-u",
        "20",
        "-r",
        "20",
        "-t",
        "3s",
        "--min-requests",
        "100",
        "--idle-connections",
        "50",
        "--scenarios",
        "cache,pipeline,churn,swarm",
    )
    assert code == 0, output
    assert summary["total"]["failures"] == 0
    assert summary["total"]["requests"] >= 100
    names = {row["name"] for row in summary["requests"]}
    assert {"GET", "PIPELINE x16", "churn connect", "idle connect"} <= names
    assert (tmp_path / "run_stats.csv").exists()
    assert (tmp_path / "report.html").exists()
    assert "smoke: PASS" in output


@needs_locust
def test_too_few_requests_fail_the_run(tmp_path: Path) -> None:
    code, output, summary = _smoke(
        tmp_path,
        "-u",
        "2",
        "-r",
        "2",
        "-t",
        "2s",
        "--min-requests",
        "100000000",
        "--scenarios",
        "cache",
    )
    assert code == 1, output
    assert summary["total"]["failures"] == 0
    assert "fewer than --min-requests" in output


@needs_locust
def test_distributed_run_master_and_two_workers(tmp_path: Path) -> None:
    code, output, summary = _smoke(
        tmp_path,
        "--workers",
        "2",
        "-u",
        "20",
        "-r",
        "20",
        "-t",
        "4s",
        "--min-requests",
        "100",
        "--scenarios",
        "cache,counters",
    )
    assert code == 0, output
    assert "2 workers connected" in output
    assert summary["total"]["failures"] == 0
    assert {"GET", "INCR"} <= {row["name"] for row in summary["requests"]}


def test_free_port_is_free() -> None:
    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))
