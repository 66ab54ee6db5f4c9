"""The command line (``python -m miniredis`` / ``miniredis-server``) and the log format.

Expected outputs are redis-server 7.0.15's, read from the real binary: the ``--version`` line
(shape), the FATAL CONFIG FILE ERROR blocks (byte for byte, on stderr, exit code 1), the
"can't open config file" line (on stdout, in log format), the start-up and shutdown lines.
Most tests stop before a server starts; the end-to-end ones start a real miniredis process
on a free loopback port and stop it with SIGTERM.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from miniredis import cli, log

REPO = Path(__file__).resolve().parent.parent
LOG_LINE = re.compile(
    r"^(\d+):([CMSX]) \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d\.\d{3} ([.*#-]) (.*)$"
)


def miniredis(*args: str, stdin: bytes = b"", timeout: float = 20) -> subprocess.CompletedProcess:
    """Run ``python -m miniredis args...`` to completion."""
    return subprocess.run(
        [sys.executable, "-m", "miniredis", *args],
        input=stdin,
        capture_output=True,
        timeout=timeout,
        cwd=REPO,
    )


# --- --version and --help --------------------------------------------------------------------


def test_version() -> None:
    done = miniredis("--version")
    assert (done.returncode, done.stderr) == (0, b"")
    line = done.stdout.decode()
    assert re.fullmatch(
        r"Redis server v=7\.0\.15 sha=00000000:0 malloc=libc bits=64 build=miniredis-\S+\n", line
    )
    # pytest-redis (executor/process.py) takes the first dotted number as Redis's version
    assert re.search(r"\d+(?:\.\d+)+", line).group() == "7.0.15"  # type: ignore[union-attr]
    assert miniredis("-v").stdout == done.stdout


def test_help() -> None:
    done = miniredis("--help")
    assert (done.returncode, done.stdout) == (1, b"")  # redis-server: usage on stderr, exit 1
    text = done.stderr.decode()
    assert text.startswith("Usage: miniredis-server [/path/to/redis.conf] [options] [-]\n")
    assert "miniredis-server -v or --version\n" in text
    assert miniredis("-h").stderr == done.stderr


# --- errors before the server starts -----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (
            ["--foo", "bar"],
            "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
            "Reading the configuration file, at line 2\n"
            ">>> 'foo \"bar\"'\n"
            "Bad directive or wrong number of arguments\n",
        ),
        (
            ["--port", "notanumber"],
            "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
            "Reading the configuration file, at line 2\n"
            ">>> 'port \"notanumber\"'\n"
            "argument couldn't be parsed into an integer\n",
        ),
        (
            ["--port", "7398", "--loglevel", "verbose", "--foo", "bar", "baz"],
            "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
            "Reading the configuration file, at line 4\n"
            '>>> \'foo "bar" "baz"\'\n'
            "Bad directive or wrong number of arguments\n",
        ),
        (
            ["--port", "7398", "--version"],
            "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
            "Reading the configuration file, at line 3\n"
            ">>> 'version'\n"
            "Bad directive or wrong number of arguments\n",
        ),
        (
            ["--port", "7398", "-", "--x"],
            "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
            "Reading the configuration file, at line 2\n"
            '>>> \'port "7398" "-"\'\n'
            "wrong number of arguments\n",
        ),
        (
            ["--unixsocketperm", "999"],
            "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
            "Reading the configuration file, at line 2\n"
            ">>> 'unixsocketperm \"999\"'\n"
            "argument couldn't be parsed as an octal number\n",
        ),
        (
            ["--logfile", "/nonexistent-dir/x.log"],
            "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
            "Can't open the log file: No such file or directory\n",
        ),
    ],
)
def test_fatal_config_error(args: list[str], stderr: str) -> None:
    done = miniredis(*args)
    assert (done.returncode, done.stdout, done.stderr.decode()) == (1, b"", stderr)


def test_fatal_error_in_a_config_file(tmp_path: Path) -> None:
    conf = tmp_path / "redis.conf"
    conf.write_text('port 7398\n# comment\n\n  bind 127.0.0.1   \nrequirepass "unbalanced\n')
    done = miniredis(str(conf))
    assert done.returncode == 1
    assert done.stderr.decode() == (
        "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
        "Reading the configuration file, at line 5\n"
        ">>> 'requirepass \"unbalanced'\n"
        "Unbalanced quotes in configuration line\n"
    )


def test_config_from_stdin() -> None:
    done = miniredis("-", "--foo", stdin=b"port 7398\nsave 1 1\n")
    assert done.returncode == 1
    first = LOG_LINE.match(done.stdout.decode())
    assert first is not None and first.group(2, 3, 4) == ("C", "#", "Reading config from stdin")
    assert done.stderr.decode() == (
        "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
        "Reading the configuration file, at line 4\n"
        ">>> 'foo'\n"
        "Bad directive or wrong number of arguments\n"
    )


def test_missing_config_file() -> None:
    done = miniredis("/nonexistent-dir/redis.conf")
    assert (done.returncode, done.stderr) == (1, b"")
    lines = done.stdout.decode().splitlines()
    assert len(lines) == 1
    match = LOG_LINE.match(lines[0])
    assert match is not None
    assert match.group(2, 3, 4) == (
        "C",
        "#",
        "Fatal error, can't open config file '/nonexistent-dir/redis.conf': "
        "No such file or directory",
    )


# --- the log format ----------------------------------------------------------------------------


def record(level: int, message: str, **extra: object) -> logging.LogRecord:
    rec = logging.LogRecord("miniredis", level, __file__, 1, message, None, None)
    rec.__dict__.update(extra)
    return rec


@pytest.mark.parametrize(
    ("level", "char"),
    [(logging.DEBUG, "."), (log.VERBOSE, "-"), (logging.INFO, "*"), (logging.WARNING, "#"),
     (logging.ERROR, "#")],
)  # fmt: skip
def test_log_line_format(level: int, char: str) -> None:
    log.set_role("M")
    line = log.RedisFormatter().format(record(level, "Ready to accept connections"))
    match = LOG_LINE.match(line)
    assert match is not None
    assert match.groups() == (str(os.getpid()), "M", char, "Ready to accept connections")


def test_signal_handler_line_format() -> None:
    line = log.RedisFormatter().format(
        record(logging.WARNING, "Received SIGTERM scheduling shutdown...", **log.SIGNAL_HANDLER)
    )
    assert re.fullmatch(
        rf"{os.getpid()}:signal-handler \(\d+\) Received SIGTERM scheduling shutdown\.\.\.", line
    )


# --- start-up and shutdown, with a stand-in server ---------------------------------------------


class FakeServer:
    """Stands in for miniredis.server.Server: binds nothing, 'serves' until told to return."""

    instances: ClassVar[list[FakeServer]] = []
    fail_with: ClassVar[OSError | None] = None

    def __init__(self, config: object) -> None:
        self.config = config
        self.port = 7399
        self.pidfile_seen = False
        FakeServer.instances.append(self)

    def start(self) -> None:
        if FakeServer.fail_with:
            raise FakeServer.fail_with

    def serve_forever(self) -> None:
        pidfile = self.config.pidfile  # type: ignore[attr-defined]
        self.pidfile_seen = bool(pidfile) and Path(pidfile).read_text() == f"{os.getpid()}\n"


@pytest.fixture
def fake_server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[type[FakeServer]]:
    import miniredis.server

    monkeypatch.setattr(miniredis.server, "Server", FakeServer)
    monkeypatch.chdir(tmp_path)  # main() changes into ``dir``; put the cwd back afterwards
    FakeServer.instances.clear()
    FakeServer.fail_with = None
    yield FakeServer
    log.setup_logging()  # release the log file


SIGNAL_LINE = re.compile(r"\d+:signal-handler \(\d+\) (.*)")


def log_lines(path: Path) -> list[tuple[str, str, str]]:
    """(role, level, message) of every line of a log file, checking the line format."""
    parsed = []
    for line in path.read_text().splitlines():
        signal_line = SIGNAL_LINE.fullmatch(line)
        if signal_line:  # serverLogFromHandler's shape: no role, no timestamp
            parsed.append(("signal-handler", "#", signal_line.group(1)))
            continue
        match = LOG_LINE.match(line)
        assert match is not None, line
        parsed.append(match.group(2, 3, 4))
    return parsed


def test_start_and_shutdown_lines(fake_server: type[FakeServer], tmp_path: Path) -> None:
    pid = os.getpid()
    code = cli.main(
        ["--port", "7399", "--dir", str(tmp_path), "--logfile", "redis.log", "--pidfile",
         "redis.pid", "--appendonly", "yes", "--rename-command", "FLUSHALL", ""]
    )  # fmt: skip
    assert code == 0
    assert fake_server.instances[0].pidfile_seen
    assert not (tmp_path / "redis.pid").exists()
    assert log_lines(tmp_path / "redis.log") == [
        ("C", "#", "oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"),
        ("C", "#", f"Redis version=7.0.15, bits=64, commit=00000000, modified=0, pid={pid}, "
                   "just started"),
        ("C", "#", "Configuration loaded"),
        ("C", "*", f"miniredis version={cli.miniredis.__version__}, "
                   f"python={'.'.join(map(str, sys.version_info[:3]))}"),
        ("C", "#", "miniredis ignores the config line 'rename-command FLUSHALL '"),
        ("C", "#", "'appendonly yes' is stored for CONFIG GET, but miniredis does not act on it"),
        ("M", "*", "Running mode=standalone, port=7399."),
        ("M", "#", "Server initialized"),
        ("M", "*", "Ready to accept connections"),
        ("M", "#", "User requested shutdown..."),
        ("M", "*", "Removing the pid file."),
        ("M", "#", "Redis is now ready to exit, bye bye..."),
    ]  # fmt: skip


def test_loglevel_warning_hides_notices(fake_server: type[FakeServer], tmp_path: Path) -> None:
    assert cli.main(["--dir", str(tmp_path), "--logfile", "w.log", "--loglevel", "warning"]) == 0
    assert all(level == "#" for _role, level, _message in log_lines(tmp_path / "w.log"))


def test_port_in_use(fake_server: type[FakeServer], tmp_path: Path) -> None:
    fake_server.fail_with = OSError(98, "Address already in use")
    code = cli.main(["--port", "7399", "--bind", "127.0.0.1", "--logfile", str(tmp_path / "l")])
    assert code == 1
    assert log_lines(tmp_path / "l")[-2:] == [
        ("M", "#", "Warning: Could not create server TCP listening socket 127.0.0.1:7399: bind: "
                   "Address already in use"),
        ("M", "#", "Failed listening on port 7399 (TCP), aborting."),
    ]  # fmt: skip


def test_config_set_loglevel_follows(fake_server: type[FakeServer], tmp_path: Path) -> None:
    assert cli.main(["--logfile", str(tmp_path / "l")]) == 0
    config = fake_server.instances[0].config
    config.set(b"loglevel", b"debug")  # type: ignore[attr-defined]
    assert log.logger.level == logging.DEBUG


# --- end to end: a real miniredis process ------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_line(path: Path, text: str, process: subprocess.Popen, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text():
            return
        if process.poll() is not None:
            break
        time.sleep(0.05)
    contents = path.read_text() if path.exists() else "(no log file)"
    pytest.fail(f"no {text!r} in the log; exit code {process.poll()}; log:\n{contents}")


def test_serves_pytest_redis_argv_and_stops_on_sigterm(tmp_path: Path) -> None:
    """The exact argv pytest-redis 5.0.1 passes, then SIGTERM as mirakuru sends it."""
    redis = pytest.importorskip("redis")
    port = free_port()
    logfile, pidfile, sock = tmp_path / "redis.log", tmp_path / "redis.pid", tmp_path / "r.sock"
    args = ["--daemonize", "no", "--rdbcompression", "no", "--rdbchecksum", "no",
            "--appendonly", "no", "--databases", "8", "--timeout", "15", "--pidfile", str(pidfile),
            "--unixsocket", str(sock), "--dbfilename", f"dump.{port}.rdb", "--logfile",
            str(logfile), "--loglevel", "notice", "--syslog-enabled", "no", "--bind", "127.0.0.1",
            "--port", str(port), "--dir", str(tmp_path), "--save 900 1"]  # fmt: skip
    process = subprocess.Popen([sys.executable, "-m", "miniredis", *args], cwd=REPO)
    try:
        wait_for_line(logfile, "Ready to accept connections", process)
        assert pidfile.read_text() == f"{process.pid}\n"
        client = redis.Redis(port=port, protocol=2)
        assert client.ping() is True
        assert client.config_get("databases") == {"databases": "8"}
        assert redis.Redis(unix_socket_path=str(sock), protocol=2).ping() is True
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert not pidfile.exists()
    messages = [message for _role, _level, message in log_lines(logfile)]
    assert messages[-3:] == [
        "User requested shutdown...",
        "Removing the pid file.",
        "Redis is now ready to exit, bye bye...",
    ] or messages[-4:] == [
        "User requested shutdown...",
        "Removing the pid file.",
        "Removing the unix socket file.",
        "Redis is now ready to exit, bye bye...",
    ]


def test_daemonize_yes(tmp_path: Path) -> None:
    redis = pytest.importorskip("redis")
    port = free_port()
    logfile, pidfile = tmp_path / "d.log", tmp_path / "d.pid"
    args = ["--daemonize", "yes", "--port", str(port), "--bind", "127.0.0.1",
            "--logfile", str(logfile), "--pidfile", str(pidfile), "--save", ""]  # fmt: skip
    done = miniredis(*args)
    assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")
    deadline = time.monotonic() + 15
    while not (logfile.exists() and "Ready to accept" in logfile.read_text()):
        assert time.monotonic() < deadline, logfile.read_text() if logfile.exists() else ""
        time.sleep(0.05)
    daemon = int(pidfile.read_text())
    try:
        assert redis.Redis(port=port, protocol=2).ping() is True
    finally:
        os.kill(daemon, signal.SIGTERM)
    while pidfile.exists():
        assert time.monotonic() < deadline + 10
        time.sleep(0.05)
    assert "Redis is now ready to exit, bye bye..." in logfile.read_text()
