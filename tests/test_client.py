"""The blocking Client against a live server.

The server comes from :data:`SERVERS`: a name -> function that takes a port and extra
``--name value`` config arguments and runs that server until the ``with`` block ends. Only
real ``redis-server`` is listed here; adding miniredis is one more entry, and every test
below then runs against both. Tests skip, saying why, when ``redis-server`` is not on PATH.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import NamedTuple

import pytest

from miniredis.client import Client, CommandError, encode_resp_array

REDIS_SERVER = shutil.which("redis-server")
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen[bytes], deadline: float = 10.0) -> None:
    """Poll until the server accepts connections (or fail if it died)."""
    stop = time.monotonic() + deadline
    while time.monotonic() < stop:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before listening")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.02)
    raise RuntimeError(f"server did not listen on port {port} within {deadline}s")


@contextlib.contextmanager
def redis_server(port: int, *config: str) -> Iterator[None]:
    """Real redis-server on ``port``, no persistence, plus ``config`` (``--requirepass``, ...)."""
    if REDIS_SERVER is None:
        reason = "redis-server is not on PATH: install redis-server (Debian package) to run"
        if os.environ.get("CI") or os.environ.get("MINIREDIS_REQUIRE_REDIS") == "1":
            pytest.fail(reason + " (required in CI)", pytrace=False)
        pytest.skip(reason)
    args = [
        REDIS_SERVER,
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        *config,
    ]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, proc)
        yield
    finally:
        proc.terminate()
        proc.wait(10)


@contextlib.contextmanager
def miniredis_server(port: int, *config: str) -> Iterator[None]:
    """``python -m miniredis`` on ``port``, from this source tree, plus ``config``."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=root)
    args = [sys.executable, "-m", "miniredis", "--port", str(port), "--bind", "127.0.0.1",
            "--save", "", *config]  # fmt: skip
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        wait_for_port(port, proc)
        yield
    finally:
        proc.terminate()
        proc.wait(10)


ServerFactory = Callable[..., AbstractContextManager[None]]
SERVERS: dict[str, ServerFactory] = {"miniredis": miniredis_server, "redis": redis_server}


class Target(NamedTuple):
    kind: str  # a key of SERVERS
    port: int

    def client(self, **kwargs: object) -> Client:
        return Client("127.0.0.1", self.port, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="module", params=sorted(SERVERS))
def target(request: pytest.FixtureRequest) -> Iterator[Target]:
    port = free_port()
    with SERVERS[request.param](port):
        yield Target(request.param, port)


@pytest.fixture(scope="module", params=sorted(SERVERS))
def secured(request: pytest.FixtureRequest) -> Iterator[Target]:
    """A server whose default user needs the password ``s3cret``."""
    port = free_port()
    with SERVERS[request.param](port, "--requirepass", "s3cret"):
        yield Target(request.param, port)


@pytest.fixture
def client(target: Target) -> Iterator[Client]:
    with target.client() as c:
        c.execute("FLUSHALL")
        yield c


# --- encode_resp_array (no server) ----------------------------------------------------------
def test_encode_resp_array() -> None:
    assert encode_resp_array(["SET", b"k\x00", 10]) == (
        b"*3\r\n$3\r\nSET\r\n$2\r\nk\x00\r\n$2\r\n10\r\n"
    )
    assert encode_resp_array(("INCRBYFLOAT", "é", 0.1, -2)) == (
        b"*4\r\n$11\r\nINCRBYFLOAT\r\n$2\r\n\xc3\xa9\r\n$3\r\n0.1\r\n$2\r\n-2\r\n"
    )
    assert encode_resp_array([]) == b"*0\r\n"
    assert Client.encode_resp_array(["PING"]) == b"*1\r\n$4\r\nPING\r\n"


@pytest.mark.parametrize("bad", [True, None, [b"x"], {"a": 1}, bytearray(b"x")])
def test_encode_resp_array_refuses_other_types(bad: object) -> None:
    with pytest.raises(TypeError):
        encode_resp_array(["SET", "k", bad])  # type: ignore[list-item]


def test_bad_protocol_is_refused() -> None:
    with pytest.raises(ValueError):
        Client(port=1, protocol=4)


# --- against a server -----------------------------------------------------------------------
def test_execute_and_convenience_methods(client: Client) -> None:
    assert client.execute("PING") == b"PONG"
    assert client.set("k", "v") == b"OK"
    assert client.get("k") == b"v"
    assert client.get("missing") is None
    assert client.mset("a", 1, "b", 2.5) == b"OK"
    assert client.mget("a", "b", "missing") == [b"1", b"2.5", None]
    assert client.execute("INCRBYFLOAT", "b", 0.1) == b"2.6"
    assert client.execute("LRANGE", "nolist", 0, -1) == []


def test_original_delete_and_flush(target: Target, client: Client) -> None:
    client.set("k", "v")
    if target.kind == "redis":  # Redis has DEL and FLUSHALL; DELETE/FLUSH are miniredis's
        with pytest.raises(CommandError) as err:
            client.delete("k")
        assert err.value.message == (
            b"ERR unknown command 'DELETE', with args beginning with: 'k' "
        )
        with pytest.raises(CommandError) as err:
            client.flush()
        assert err.value.message == b"ERR unknown command 'FLUSH', with args beginning with: "
    else:
        assert client.delete("k") == 1
        assert client.delete("k") == 0
        client.mset("a", 1, "b", 2)
        assert client.flush() == 2


def test_error_reply_raises_with_redis_text(client: Client) -> None:
    client.set("k", "abc")
    with pytest.raises(CommandError) as err:
        client.execute("INCR", "k")
    assert err.value.message == b"ERR value is not an integer or out of range"
    with pytest.raises(CommandError) as err:
        client.execute("LPUSH", "k", "x")
    assert err.value.message == b"WRONGTYPE Operation against a key holding the wrong kind of value"
    with pytest.raises(CommandError) as err:
        client.execute("GET")
    assert err.value.message == b"ERR wrong number of arguments for 'get' command"
    assert client.get("k") == b"abc"  # the connection is still in step


def test_read_response_returns_errors_as_values(client: Client) -> None:
    client.send(encode_resp_array(["NOSUCH", "a"]) + encode_resp_array(["PING"]))
    error = client.read_response()
    assert isinstance(error, CommandError)
    assert error.message == b"ERR unknown command 'NOSUCH', with args beginning with: 'a' "
    assert client.read_response() == b"PONG"


def test_pipeline_keeps_errors_in_place(client: Client) -> None:
    with client.pipeline() as pipe:
        pipe.set("a", 1).execute_command("LPUSH", "a", "x").execute_command("INCR", "a")
        pipe.get("a")
        assert len(pipe) == 4
        replies = pipe.execute()
        assert len(pipe) == 0
    assert replies[0] == b"OK"
    assert isinstance(replies[1], CommandError)
    assert replies[1].message == (
        b"WRONGTYPE Operation against a key holding the wrong kind of value"
    )
    assert replies[2:] == [2, b"2"]
    assert client.execute("PING") == b"PONG"


def test_pipeline_sends_one_write(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    writes: list[bytes] = []
    real_send = client.send
    monkeypatch.setattr(client, "send", lambda data: (writes.append(data), real_send(data)))
    pipe = client.pipeline()
    for i in range(100):
        pipe.execute_command("RPUSH", "list", i)
    assert pipe.execute() == list(range(1, 101))
    assert len(writes) == 1
    assert pipe.execute() == []


def test_pipeline_discards_unexecuted_commands(client: Client) -> None:
    with client.pipeline() as pipe:
        pipe.set("k", "v")
    assert client.get("k") is None


def test_protocol_3_uses_hello(target: Target) -> None:
    with target.client(protocol=3) as c:
        assert c.hello is not None
        assert c.hello[b"proto"] == 3
        assert c.hello[b"version"] == b"7.0.15"
        c.execute("FLUSHALL")
        c.execute("HSET", "h", "f", "v")
        assert c.execute("HGETALL", "h") == {b"f": b"v"}
        c.execute("ZADD", "z", "0.1", "m")
        score = c.execute("ZSCORE", "z", "m")
        assert type(score) is float and score == 0.1
        assert c.execute("GET", "missing") is None
        assert c.execute("SMEMBERS", "nokey") == []
        with c.pipeline() as pipe:
            pipe.execute_command("HGET", "h").execute_command("ZSCORE", "z", "x")
            replies = pipe.execute()
        assert isinstance(replies[0], CommandError)
        assert replies[1] is None


def test_protocol_2_sends_no_hello(target: Target) -> None:
    with target.client() as c:
        assert c.hello is None
        assert c.execute("HELLO")[:2] == [b"server", b"redis"]  # flat array: still RESP2


def test_db_is_selected(target: Target) -> None:
    with target.client(db=3) as c3, target.client() as c0:
        c3.execute("FLUSHALL")
        c3.set("only-in-3", "x")
        assert c0.get("only-in-3") is None
        assert c3.get("only-in-3") == b"x"


@pytest.mark.parametrize("protocol", [2, 3])
def test_password(secured: Target, protocol: int) -> None:
    with secured.client(password="s3cret", protocol=protocol) as c:
        assert c.execute("PING") == b"PONG"
    if protocol == 2:
        with secured.client() as c:
            with pytest.raises(CommandError) as err:
                c.execute("GET", "k")
            assert err.value.message == b"NOAUTH Authentication required."
    else:
        with pytest.raises(CommandError) as err:
            secured.client(protocol=3)
        assert err.value.message == (
            b"NOAUTH HELLO must be called with the client already authenticated, otherwise the "
            b"HELLO AUTH <user> <pass> option can be used to authenticate the client and select "
            b"the RESP protocol version at the same time"
        )
    with pytest.raises(CommandError) as err:
        secured.client(password="wrong", protocol=protocol)
    assert err.value.message == (b"WRONGPASS invalid username-password pair or user is disabled.")


def test_timeout_closes_the_client(target: Target) -> None:
    c = target.client(timeout=0.2)
    with pytest.raises(TimeoutError):
        c.execute("BLPOP", "never", 5)
    with pytest.raises(ConnectionError):
        c.execute("PING")


def test_closed_client_refuses_commands(target: Target) -> None:
    with target.client() as c:
        assert "open" in repr(c)
    assert "closed" in repr(c)
    with pytest.raises(ConnectionError):
        c.get("k")
    c.close()  # closing twice is fine


GEVENT_SCRIPT = """
from gevent import monkey
monkey.patch_all()
import sys, time, gevent
from miniredis.client import Client

port = int(sys.argv[1])
start = time.monotonic()
waiter = gevent.spawn(lambda: Client(port=port).execute("BLPOP", "gq", 5))
gevent.sleep(0.1)  # the waiter is now blocked in recv: only a cooperative socket lets us run
Client(port=port).execute("RPUSH", "gq", "x")
print(waiter.get(timeout=5), round(time.monotonic() - start))
"""


def test_blocking_read_yields_to_other_greenlets(target: Target) -> None:
    pytest.importorskip("gevent")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", GEVENT_SCRIPT, str(target.port)],
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
        check=True,
    )
    assert result.stdout.split("\n")[0] == "[b'gq', b'x'] 0"
