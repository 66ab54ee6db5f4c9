"""The differential harness: one test body, run against miniredis and against real Redis.

Every test that asks for ``target`` (directly, or through ``r``, ``r3`` or ``raw``) is
parametrized by target name, so the same assertions, written as the literal bytes real
``redis-server`` 7.0.15 sends, are checked against both servers.

Targets (``--target NAME``, repeatable, or ``COMPAT_TARGETS=miniredis,redis``; default both):

- ``miniredis``: ``python -m miniredis --port N --bind 127.0.0.1 --save '' --appendonly no``;
- ``redis``: ``redis-server`` with the same options plus ``--daemonize no``;
- a URL, ``redis://[[user]:password@]host:port[/db]``: any server that is already running. The
  suite uses only that db and empties it with ``FLUSHDB`` before each test (never FLUSHALL);
  tests that need a server of their own (private config, restarts, signals, server-wide state,
  other databases) carry ``@pytest.mark.needs_own_server("why")`` and are skipped there with
  that reason; tests that expect db 0 and no requirepass carry
  ``@pytest.mark.assumes_db0_noauth("why")`` and are skipped on URLs with a password or a db.
  While a URL target with a password or db is under test, every RawClient opened to its
  address logs in and selects the db first (``logins_for``). Its ``target.name`` is
  ``miniredis`` if the server knows miniredis's extra commands (``COMMAND INFO DELETE FLUSH``),
  else ``redis``: a test's expectations for a known difference follow the server.

Each shared server is started once per session, lazily, on a free loopback port, and stopped at
the end (SIGTERM, then SIGKILL). It counts as up when it answers PING; if it does not within
``STARTUP_TIMEOUT`` seconds the test fails with the server's log. When ``redis-server`` is not on
PATH the ``redis`` tests are skipped with the reason "redis-server not found on PATH", unless the
environment sets ``CI`` or ``MINIREDIS_REQUIRE_REDIS=1``: then they fail.

Fixtures:

- ``target``: a :class:`Target` (``name``, ``host``, ``port``, ``url``, ``start_server(**config)``)
  for the shared server, after ``FLUSHALL``. ``start_server(requirepass="pw", maxclients=2)``
  starts a private instance of the same kind with ``--requirepass pw --maxclients 2`` and stops it
  when the test ends;
- ``r`` / ``r3``: redis-py clients with ``protocol=2`` / ``protocol=3`` on the shared server;
- ``raw``: a fresh :class:`~compat_tests.rawclient.RawClient` connection;
- ``tool``: ``tool("redis-cli")`` returns the path of a Redis command-line tool, or skips.

Also here: ``--record-commands FILE`` (see :mod:`compat_tests.command_log`, the input of
``python -m compat_tests.report``) and the hypothesis profiles ``compat-ci`` (bounded, the
default of the differential test) and ``thorough`` (``--hypothesis-profile thorough``).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import redis
from hypothesis import HealthCheck, settings
from redis.backoff import NoBackoff
from redis.retry import Retry

from compat_tests import command_log
from compat_tests.command_log import harness_traffic
from compat_tests.rawclient import RawClient

TARGETS = ("miniredis", "redis")
HOST = "127.0.0.1"
STARTUP_TIMEOUT = 15.0
STOP_TIMEOUT = 5.0
CLIENT_TIMEOUT = 5.0
REPO_ROOT = Path(__file__).resolve().parent.parent
NEEDS_OWN_SERVER = "needs_own_server"
ASSUMES_DB0_NOAUTH = "assumes_db0_noauth"

# Hypothesis budgets for the differential test. compat-ci is derandomized, so the same examples
# run every time (the compatibility report must not change between runs); thorough explores.
settings.register_profile(
    "compat-ci",
    max_examples=300,
    stateful_step_count=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=1000,
    stateful_step_count=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@dataclass(frozen=True)
class TargetURL:
    """A ``redis://`` target: where the server is, how to log in, which db the suite may use."""

    url: str
    host: str
    port: int
    username: str | None
    password: str | None
    db: int

    @property
    def test_id(self) -> str:
        """The parametrize id: readable, no password, no characters ``-k`` trips over."""
        return f"url-{self.host}-{self.port}-db{self.db}"


def parse_target_url(text: str) -> TargetURL | None:
    """A :class:`TargetURL` if ``text`` is a ``redis://`` URL, else None (ValueError if bad)."""
    if not text.startswith("redis://"):
        return None
    parts = urlsplit(text)
    if not parts.hostname or parts.port is None:
        raise ValueError(f"{text!r}: a URL target needs host and port (redis://host:port/db)")
    path = parts.path.strip("/")
    if path and not path.isdigit():
        raise ValueError(f"{text!r}: the db must be a number")
    return TargetURL(
        url=text,
        host=parts.hostname,
        port=parts.port,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
        db=int(path or 0),
    )


# -- options and parametrization -------------------------------------------------------------
def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("compat", "miniredis compatibility targets")
    group.addoption(
        "--target",
        action="append",
        dest="compat_targets",
        metavar="NAME|URL",
        help="miniredis, redis, or redis://[:pw@]host:port[/db] of a running server "
        "(repeatable; default: $COMPAT_TARGETS or miniredis and redis)",
    )
    group.addoption(
        "--record-commands",
        dest="record_commands",
        metavar="FILE",
        help="write, per test, the commands it sent and its outcome as JSON (for the report)",
    )


def selected_targets(config: pytest.Config) -> list[str]:
    """Targets from ``--target``, else ``$COMPAT_TARGETS``, else all, in the order given."""
    names: list[str] = config.getoption("compat_targets") or []
    if not names:
        env = os.environ.get("COMPAT_TARGETS", "")
        names = [n.strip() for n in env.split(",") if n.strip()] or list(TARGETS)
    for name in names:
        try:
            url = parse_target_url(name)
        except ValueError as exc:
            raise pytest.UsageError(f"bad compat target: {exc}") from None
        if url is None and name not in TARGETS:
            raise pytest.UsageError(
                f"unknown compat target {name!r}; choose from {TARGETS} or a redis:// URL"
            )
    return list(dict.fromkeys(names))


def pytest_configure(config: pytest.Config) -> None:
    selected_targets(config)  # a bad COMPAT_TARGETS is a usage error before collection
    config.addinivalue_line(
        "markers",
        f"{NEEDS_OWN_SERVER}(reason): the test needs a server of its own (private config, "
        "restart, signals, server-wide state or other databases); skipped on URL targets",
    )
    config.addinivalue_line(
        "markers",
        f"{ASSUMES_DB0_NOAUTH}(reason): the test expects db 0 and no requirepass; skipped on a "
        "URL target with a password or another db",
    )
    path = config.getoption("record_commands", None)
    if path:
        command_log.activate(config, path)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On a URL target, skip the tests marked ``needs_own_server`` (and, if the URL has a
    password or a db, those marked ``assumes_db0_noauth``), saying why."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        url = parse_target_url(str(callspec.params.get("target", ""))) if callspec else None
        if url is None:
            continue
        marker = item.get_closest_marker(NEEDS_OWN_SERVER)
        if marker is not None:
            why = marker.args[0] if marker.args else marker.kwargs.get("reason", "")
            reason = "needs a server of its own" + (f" ({why})" if why else "")
            item.add_marker(pytest.mark.skip(reason=f"{reason}: not run on a URL target"))
        marker = item.get_closest_marker(ASSUMES_DB0_NOAUTH)
        if marker is not None and (url.password is not None or url.db):
            why = marker.args[0] if marker.args else ""
            reason = f"assumes db 0 and no requirepass ({why}): not run on {url.test_id}"
            item.add_marker(pytest.mark.skip(reason=reason))


def redis_required() -> bool:
    """In CI (or with MINIREDIS_REQUIRE_REDIS=1) a missing redis-server is an error, not a skip."""
    ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    return ci or os.environ.get("MINIREDIS_REQUIRE_REDIS") == "1"


def pytest_report_header(config: pytest.Config) -> str:
    path = shutil.which("redis-server") or "not found on PATH"
    names = [(url.test_id if (url := parse_target_url(n)) else n) for n in selected_targets(config)]
    return f"compat targets: {', '.join(names)}; redis-server: {path}"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "target" not in metafunc.fixturenames:
        return
    params = []
    for name in selected_targets(metafunc.config):
        marks = []
        if name == "redis" and shutil.which("redis-server") is None and not redis_required():
            marks.append(pytest.mark.skip(reason="redis-server not found on PATH"))
        url = parse_target_url(name)
        params.append(pytest.param(name, id=url.test_id if url else name, marks=marks))
    metafunc.parametrize("target", params, indirect=True)


# -- server processes -------------------------------------------------------------------------
def free_port() -> int:
    """Ask the OS for a free loopback port (bind port 0), then release it for the server."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def server_argv(kind: str, port: int, config: dict[str, object]) -> list[str]:
    """redis-server's argv grammar for both kinds: ``--name value`` pairs after the basics."""
    base = ["--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no"]
    extra: list[str] = []
    for key, value in config.items():
        extra += [f"--{key.replace('_', '-')}", str(value)]
    if kind == "redis":
        binary = shutil.which("redis-server")
        if binary is None:
            if redis_required():
                pytest.fail(
                    "redis-server not found on PATH (required: CI/MINIREDIS_REQUIRE_REDIS)",
                    pytrace=False,
                )
            pytest.skip("redis-server not found on PATH")
        return [binary, *base, "--daemonize", "no", *extra]
    return [sys.executable, "-m", "miniredis", *base, *extra]


@dataclass
class ServerProcess:
    """One running server subprocess and its log file."""

    kind: str
    port: int
    config: dict[str, object]
    proc: subprocess.Popen[bytes]
    log_path: Path

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "<no log>"
        return "\n".join(text.splitlines()[-lines:])

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> None:
        """SIGTERM, wait up to STOP_TIMEOUT, then SIGKILL."""
        _live.discard(self.proc)
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(STOP_TIMEOUT)


_live: set[subprocess.Popen[bytes]] = set()


@atexit.register
def _kill_leftovers() -> None:
    """Last resort if pytest dies before its fixtures' teardown: no server outlives the run."""
    for proc in list(_live):
        if proc.poll() is None:
            proc.kill()


def _answers_ping(port: int) -> bool:
    """True once the server replies to PING (``-NOAUTH`` counts: a requirepass server is up).

    The probe connection is half-closed and drained to EOF, so the server has dropped it
    before the test starts: a ``maxclients 2`` test must not find a third client still there.
    """
    try:
        with harness_traffic(), RawClient(HOST, port, timeout=1.0) as probe:
            reply = probe.call("PING")
            probe.sock.shutdown(socket.SHUT_WR)
            with contextlib.suppress(TimeoutError):
                probe.read_until_closed(timeout=1.0)
    except (OSError, EOFError, TimeoutError):
        return False
    return reply == b"+PONG\r\n" or reply.startswith(b"-NOAUTH")


def start_process(kind: str, config: dict[str, object], workdir: Path) -> ServerProcess:
    """Start a server of ``kind`` on a free port and wait until it answers PING."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["PYTHONUNBUFFERED"] = "1"
    failure = ""
    for attempt in range(3):  # another process may grab the free port before the server does
        port = free_port()
        argv = server_argv(kind, port, config)
        log_path = workdir / f"{kind}-{port}.log"
        with log_path.open("wb") as log:
            proc = subprocess.Popen(
                argv,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=workdir,
                env=env,
                start_new_session=True,
            )
        _live.add(proc)
        server = ServerProcess(kind, port, dict(config), proc, log_path)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline and server.alive():
            if _answers_ping(port):
                return server
            time.sleep(0.02)
        exited = proc.poll()
        server.stop()
        why = (
            f"exited with code {exited} before answering PING"
            if exited is not None
            else f"did not answer PING within {STARTUP_TIMEOUT}s"
        )
        failure = (
            f"{kind} on {HOST}:{port} {why} (attempt {attempt + 1})\n"
            f"argv: {argv}\n--- log {log_path} ---\n{server.log_tail()}"
        )
        if "in use" not in server.log_tail():
            break
    pytest.fail(failure, pytrace=False)


class ServerRegistry:
    """Session-wide shared servers, one per kind, started on first use and restarted if dead."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.shared: dict[str, ServerProcess] = {}
        self.failures: dict[str, str] = {}

    def get(self, kind: str) -> ServerProcess:
        if kind in self.failures:  # don't wait STARTUP_TIMEOUT again for every test
            pytest.fail(self.failures[kind], pytrace=False)
        server = self.shared.get(kind)
        if server is not None and server.alive():
            return server
        if server is not None:
            warnings.warn(
                f"shared {kind} server on port {server.port} died (exit code "
                f"{server.proc.returncode}); restarting it. Last log lines:\n{server.log_tail(20)}",
                stacklevel=1,
            )
        try:
            server = start_process(kind, {}, self.workdir)
        except pytest.fail.Exception as exc:
            self.failures[kind] = str(exc)
            raise
        self.shared[kind] = server
        return server

    def stop_all(self) -> None:
        for server in self.shared.values():
            server.stop()
        self.shared.clear()


@dataclass
class Target:
    """A server under test: where it listens, and how to start a private one of the same kind.

    ``name`` is ``miniredis`` or ``redis``; ``from_url`` marks a running server given by URL,
    whose ``password``/``username``/``db`` every client made here uses.
    """

    name: str
    host: str
    port: int
    config: dict[str, object] = field(default_factory=dict)
    _workdir: Path | None = field(default=None, repr=False)
    _started: list[ServerProcess] = field(default_factory=list, repr=False)
    password: str | None = None
    username: str | None = None
    db: int = 0
    from_url: bool = False

    @property
    def is_url(self) -> bool:
        """True for a server given by URL: the suite must not touch its config or other dbs."""
        return self.from_url

    @property
    def url(self) -> str:
        auth = ""
        if self.password is not None:
            auth = f"{self.username or ''}:{self.password}@"
        db = f"/{self.db}" if self.db else ""
        return f"redis://{auth}{self.host}:{self.port}{db}"

    def raw(self, timeout: float | None = None) -> RawClient:
        """A raw connection, logged in and on the target's db (the harness's requests are not
        credited to the test by ``--record-commands``)."""
        conn = RawClient(self.host, self.port, **({} if timeout is None else {"timeout": timeout}))
        if not getattr(conn, "url_login_done", False):
            self.login(conn)
        return conn

    def login(self, conn: RawClient) -> None:
        """AUTH and SELECT as the target's URL says (nothing for a server started here)."""
        with harness_traffic():
            if self.password is not None:
                login = (self.username, self.password) if self.username else (self.password,)
                reply = conn.call("AUTH", *login)
                if reply != b"+OK\r\n":
                    conn.close()
                    pytest.fail(f"AUTH on {self.url} answered {reply!r}", pytrace=False)
            if self.db:
                reply = conn.call("SELECT", str(self.db))
                if reply != b"+OK\r\n":
                    conn.close()
                    pytest.fail(f"SELECT {self.db} on {self.url} answered {reply!r}")

    @property
    def process(self) -> ServerProcess:
        """The subprocess of a server made by ``start_server`` (to signal it, read its log)."""
        for server in reversed(self._started):
            if server.port == self.port:
                return server
        raise LookupError("only servers from start_server() expose their process")

    def start_server(self, **config: object) -> Target:
        """Start a fresh server of this kind with extra config (``--key value``); stopped at
        the end of the test. Underscores in keys become dashes: ``proto_max_bulk_len``."""
        if self.is_url:
            pytest.skip("needs a server of its own (start_server): not run on a URL target")
        assert self._workdir is not None, "start_server needs the target fixture"
        server = start_process(self.name, config, self._workdir)
        self._started.append(server)
        return Target(self.name, HOST, server.port, dict(config), self._workdir, self._started)

    def client(self, **kwargs: object) -> redis.Redis:
        """A redis-py client for this server: timeouts so a hang fails the test, and no
        retries (redis-py retries connection errors with backoff, seconds per failure)."""
        options: dict[str, object] = {
            "socket_timeout": CLIENT_TIMEOUT,
            "socket_connect_timeout": CLIENT_TIMEOUT,
            "retry": Retry(NoBackoff(), 0),
        }
        if self.password is not None:
            options["password"] = self.password
            options["username"] = self.username
        if self.db:
            options["db"] = self.db
        options.update(kwargs)
        return redis.Redis(host=self.host, port=self.port, **options)  # type: ignore[arg-type]


_url_kinds: dict[str, str] = {}


def url_target_kind(target: Target) -> str:
    """``miniredis`` if the server at a URL has miniredis's DELETE and FLUSH, else ``redis``."""
    if target.url not in _url_kinds:
        try:
            with target.raw() as conn, harness_traffic():
                reply = conn.call("COMMAND", "INFO", "DELETE", "FLUSH")
        except OSError as exc:
            pytest.fail(f"cannot connect to {target.url}: {exc}", pytrace=False)
        _url_kinds[target.url] = (
            "redis" if b"$-1\r\n" in reply or b"_\r\n" in reply else ("miniredis")
        )
    return _url_kinds[target.url]


# -- fixtures ----------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def compat_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerRegistry]:
    registry = ServerRegistry(tmp_path_factory.mktemp("servers"))
    yield registry
    registry.stop_all()


@pytest.fixture
def target(request: pytest.FixtureRequest, compat_servers: ServerRegistry) -> Iterator[Target]:
    """The shared server of the parametrized kind, flushed (FLUSHALL) before the test; for a
    URL target, the running server with only its db flushed (FLUSHDB)."""
    name: str = request.param
    started: list[ServerProcess] = []
    url = parse_target_url(name)
    if url is not None:
        made = Target(
            "redis", url.host, url.port, {}, compat_servers.workdir, started,
            password=url.password, username=url.username, db=url.db, from_url=True,
        )  # fmt: skip
        made.name = url_target_kind(made)
        flush = "FLUSHDB"
    else:
        shared = compat_servers.get(name)
        made = Target(name, HOST, shared.port, {}, compat_servers.workdir, started)
        flush = "FLUSHALL"
    try:
        conn = made.raw()
    except OSError as exc:
        pytest.fail(f"cannot connect to {made.url}: {exc}", pytrace=False)
    with conn, harness_traffic():
        reply = conn.call(flush)
    if reply != b"+OK\r\n":
        pytest.fail(f"{flush} on {made.url} answered {reply!r}", pytrace=False)
    with logins_for(made):
        yield made
    for server in started:
        server.stop()


@contextlib.contextmanager
def logins_for(target: Target) -> Iterator[None]:
    """While a URL target with a password or a db is under test, every RawClient opened to its
    address logs in and selects the db first: tests that open a second connection with
    ``RawClient(target.host, target.port)`` then see the same database as ``raw``."""
    if not target.is_url or (target.password is None and not target.db):
        yield
        return
    original = RawClient.__init__

    def init(client: RawClient, host: str, port: int, *args: Any, **kwargs: Any) -> None:
        original(client, host, port, *args, **kwargs)
        if (host, port) == (target.host, target.port):
            target.login(client)
            client.url_login_done = True  # type: ignore[attr-defined]

    RawClient.__init__ = init  # type: ignore[method-assign]
    try:
        yield
    finally:
        RawClient.__init__ = original  # type: ignore[method-assign]


@pytest.fixture
def r(target: Target) -> Iterator[redis.Redis]:
    """redis-py on RESP2 (``protocol=2``), bytes replies."""
    client = target.client(protocol=2)
    yield client
    client.close()


@pytest.fixture
def r3(target: Target) -> Iterator[redis.Redis]:
    """redis-py on RESP3 (``protocol=3``: the connection starts with ``HELLO 3``)."""
    client = target.client(protocol=3)
    yield client
    client.close()


@pytest.fixture
def raw(target: Target) -> Iterator[RawClient]:
    """A fresh raw-socket connection to the target (logged in and on its db if a URL says so)."""
    with target.raw() as conn:
        yield conn


@pytest.fixture
def tool() -> Callable[[str], str]:
    """``tool("redis-cli")``: the path of a Redis CLI tool; skips (or fails in CI) if missing."""

    def find(name: str) -> str:
        path = shutil.which(name)
        if path is None:
            if redis_required():
                pytest.fail(
                    f"{name} not found on PATH (required: CI/MINIREDIS_REQUIRE_REDIS)",
                    pytrace=False,
                )
            pytest.skip(f"{name} not found on PATH")
        return path

    return find
