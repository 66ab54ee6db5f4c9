"""The real ``redis-cli`` and ``redis-benchmark`` (7.0.15) against both targets.

These tools are clients users already have; a Redis-compatible server must satisfy them
unchanged. What they send (verified on the wire): ``redis-cli`` asks ``COMMAND DOCS`` for its
hints in interactive and stdin modes, ``SELECT n`` for ``-n``, ``HELLO 3`` for ``-3``, ``AUTH``
for ``-a``, and ``--pipe`` ends the stream with an ``ECHO`` of a random marker; ``redis-benchmark``
first reads ``CONFIG GET save`` / ``appendonly`` and then sends inline ``PING`` for
``PING_INLINE``. What they print depends on whether stdout is a terminal: through a pipe replies
come out raw (``--no-raw`` forces the formatted form), through a pty the formatted form and the
grey argument hints appear. All expected outputs are what the tools print against Redis 7.0.15.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pexpect
import pytest

if TYPE_CHECKING:
    from compat_tests.conftest import Target

CLI_TIMEOUT = 20
AUTH_WARNING = (
    "Warning: Using a password with '-a' or '-u' option on the command line interface"
    " may not be safe.\n"
)


@pytest.fixture
def cli(
    target: Target, tool: Callable[[str], str], tmp_path: Path
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """``cli(*args, port=None, stdin=None)`` runs redis-cli against the target (or ``port``)."""
    binary = tool("redis-cli")

    def run(
        *args: str, port: int | None = None, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        argv = [binary, "-h", target.host, "-p", str(port or target.port)]
        if port is None and target.password is not None:  # a URL target's login and db
            argv += ["--user", target.username or "default", "--pass", target.password]
            argv += ["--no-auth-warning"]
        if port is None and target.db:
            argv += ["-n", str(target.db)]
        argv += args
        return subprocess.run(
            argv,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=CLI_TIMEOUT,
            env=cli_env(tmp_path),
            check=False,
        )

    return run


def cli_env(home: Path) -> dict[str, str]:
    """A clean environment: no user ~/.redisclirc, no history file, a known terminal."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "TERM": "xterm",
        "REDISCLI_HISTFILE": "/dev/null",
        "REDISCLI_RCFILE": "/dev/null",
    }


def test_one_shot_ping(cli: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    """``redis-cli -p P ping`` prints ``PONG`` and exits 0."""
    result = cli("ping")
    assert (result.returncode, result.stdout, result.stderr) == (0, "PONG\n", "")


@pytest.mark.needs_own_server("uses databases other than the target's")
def test_select_db_with_n(cli: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    """``-n 3`` sends ``SELECT 3`` first; the key lives in db 3 only. A nil prints as an empty
    line when stdout is not a terminal. ``-n 16`` fails SELECT and says so on stderr."""
    assert cli("-n", "3", "set", "k", "v").stdout == "OK\n"
    assert cli("-n", "3", "get", "k").stdout == "v\n"
    assert cli("get", "k").stdout == "\n"
    result = cli("-n", "16", "get", "k")
    assert (result.stdout, result.stderr) == (
        "\n",
        "SELECT 16 failed: ERR DB index is out of range\n",
    )


def test_resp3_output_formats(cli: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    """``-3`` (``HELLO 3``) turns CONFIG GET's reply into a map: ``1# "appendonly" => "no"``
    instead of a numbered array; in raw mode the map prints ``key value`` on one line. A nil
    prints ``(nil)`` in the formatted mode under both protocols."""
    assert cli("--no-raw", "config", "get", "appendonly").stdout == '1) "appendonly"\n2) "no"\n'
    assert cli("--no-raw", "-3", "config", "get", "appendonly").stdout == (
        '1# "appendonly" => "no"\n'
    )
    assert cli("config", "get", "appendonly").stdout == "appendonly\nno\n"
    assert cli("-3", "config", "get", "appendonly").stdout == "appendonly no\n"
    assert cli("--no-raw", "get", "missing").stdout == "(nil)\n"
    assert cli("--no-raw", "-3", "get", "missing").stdout == "(nil)\n"


def test_raw_and_formatted_output(cli: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    """``--raw`` prints bulk bytes as they are; ``--no-raw`` quotes and escapes them, and tags
    integers and errors. Errors print to stdout and the exit code stays 0."""
    assert cli("set", "nl", "a\nb").stdout == "OK\n"
    assert cli("--raw", "get", "nl").stdout == "a\nb\n"
    assert cli("--no-raw", "get", "nl").stdout == '"a\\nb"\n'
    assert cli("--raw", "incr", "n").stdout == "1\n"
    assert cli("--no-raw", "incr", "n").stdout == "(integer) 2\n"
    unknown = "ERR unknown command 'foo', with args beginning with: 'bar' "
    result = cli("foo", "bar")
    assert (result.returncode, result.stdout) == (0, unknown + "\n\n")
    assert cli("--no-raw", "foo", "bar").stdout == f"(error) {unknown}\n"


def test_commands_from_stdin(cli: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    """Commands piped on stdin run in order (redis-cli 7.0.15 asks COMMAND DOCS first)."""
    result = cli(stdin="set a 1\nget a\nincr a\n")
    assert (result.returncode, result.stdout) == (0, "OK\n1\n2\n")


@pytest.mark.needs_own_server("requirepass")
def test_password_with_a(
    target: Target, cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    """``-a pw`` authenticates (with a warning on stderr); without it the command gets NOAUTH;
    a wrong password prints ``AUTH failed: WRONGPASS ...`` and carries on."""
    server = target.start_server(requirepass="pw")
    result = cli("-a", "pw", "ping", port=server.port)
    assert (result.returncode, result.stdout, result.stderr) == (0, "PONG\n", AUTH_WARNING)
    result = cli("--no-auth-warning", "-a", "pw", "ping", port=server.port)
    assert (result.stdout, result.stderr) == ("PONG\n", "")
    result = cli("ping", port=server.port)
    assert (result.stdout, result.stderr) == ("NOAUTH Authentication required.\n\n", "")
    result = cli("-a", "wrong", "ping", port=server.port)
    assert result.stdout == "NOAUTH Authentication required.\n\n"
    assert result.stderr == AUTH_WARNING + (
        "AUTH failed: WRONGPASS invalid username-password pair or user is disabled.\n"
    )


def test_pipe_mass_insertion(
    target: Target, cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    """``--pipe`` streams 10,000 RESP SETs, then waits for its ECHO marker and reports
    ``errors: 0, replies: 10000``."""
    count = 10_000
    stream = "".join(
        f"*3\r\n$3\r\nSET\r\n${len(f'k:{i}')}\r\nk:{i}\r\n${len(str(i))}\r\n{i}\r\n"
        for i in range(count)
    )
    result = cli("--pipe", stdin=stream)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "All data transferred. Waiting for the last reply...\n"
        "Last reply received from server.\n"
        f"errors: 0, replies: {count}\n"
    )
    assert cli("get", "k:9999").stdout == "9999\n"
    assert cli("mget", "k:0", "k:5000").stdout == "0\n5000\n"


SET_HINT = (
    "key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|"
    "PXAT unix-time-milliseconds|KEEPTTL]"
)
HINT_ON, HINT_OFF = "\x1b[0;90;49m", "\x1b[0m"


@pytest.mark.assumes_db0_noauth("redis-cli without -a/-n")
def test_interactive_session_with_hints(
    target: Target, tool: Callable[[str], str], tmp_path: Path
) -> None:
    """Through a pty: the prompt is ``host:port>``; typing ``set `` shows SET's argument hint
    in grey (built from COMMAND DOCS); ``get foo`` prints ``"bar"`` quoted; ``quit`` exits 0."""
    binary = tool("redis-cli")
    prompt = f"{target.host}:{target.port}> "
    child = pexpect.spawn(
        binary,
        ["-h", target.host, "-p", str(target.port)],
        env=cli_env(tmp_path),
        encoding="utf-8",
        timeout=10,
        dimensions=(24, 250),
    )
    try:
        child.expect_exact(prompt)
        child.send("set ")
        child.expect_exact(f"set {HINT_ON}{SET_HINT}{HINT_OFF}")
        child.send("foo bar\r")
        child.expect_exact("\r\nOK\r\n")
        child.expect_exact(prompt)
        child.send("get ")
        child.expect_exact(f"get {HINT_ON}key{HINT_OFF}")
        child.send("foo\r")
        child.expect_exact('\r\n"bar"\r\n')
        child.expect_exact(prompt)
        child.send("incr counter\r")
        child.expect_exact("\r\n(integer) 1\r\n")
        child.expect_exact(prompt)
        child.send("quit\r")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0


BENCH_TESTS = {"PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "MSET (10 keys)"}


@pytest.mark.needs_own_server("redis-benchmark writes keys in db 0")
def test_redis_benchmark(target: Target, tool: Callable[[str], str]) -> None:
    """``redis-benchmark -q -t ping,set,get,incr,mset -n 20000`` completes (under ``timeout``:
    it retries forever against a dead server), prints one result line per test and no error
    or warning (it warns if ``CONFIG GET save/appendonly`` fails)."""
    argv = [
        tool("timeout"),
        "120",
        tool("redis-benchmark"),
        "-h",
        target.host,
        "-p",
        str(target.port),
        "-q",
        "-t",
        "ping,set,get,incr,mset",
        "-n",
        "20000",
    ]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=130, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-2000:]
    lines = [line.strip() for line in re.split(r"[\r\n]+", output)]  # progress ends in \r
    finals = [
        match.group(1)
        for line in lines
        if (
            match := re.fullmatch(
                r"([A-Z_]+(?: \(10 keys\))?): [0-9.]+ requests per second.*", line
            )
        )
    ]
    assert sorted(finals) == sorted(BENCH_TESTS), output[-2000:]
    assert [line for line in lines if re.search(r"error|warning", line, re.IGNORECASE)] == []


def test_scan_with_pattern(
    cli: Callable[..., subprocess.CompletedProcess[str]], target: Target
) -> None:
    """``--scan --pattern P`` walks the keyspace with SCAN ... MATCH P and prints every
    matching key, one per line (SCAN's order is unspecified: compared as sets);
    ``--quoted-pattern`` takes the pattern in redis-cli's quoting (``"a\x20*"``: binary-safe);
    ``--scan`` alone lists every key."""
    client = target.client(protocol=2)
    try:
        users = {f"user:{i}" for i in range(250)}
        client.mset({key: "1" for key in users} | {f"other:{i}": "1" for i in range(49)})
        client.set("a b", "1")
    finally:
        client.close()
    result = cli("--scan", "--pattern", "user:*")
    assert result.returncode == 0, result.stderr
    assert set(result.stdout.splitlines()) == users
    result = cli("--scan", "--pattern", "user:1?")
    assert set(result.stdout.splitlines()) == {f"user:{i}" for i in range(10, 20)}
    assert cli("--scan", "--quoted-pattern", '"a\\x20*"').stdout == "a b\n"
    assert cli("--scan", "--pattern", "nomatch*").stdout == ""
    assert len(set(cli("--scan").stdout.splitlines())) == 300
