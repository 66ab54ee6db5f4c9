"""Which commands each compat test sends, and how it ended: the raw data of the report.

``pytest compat_tests --record-commands FILE`` installs :class:`CommandLog`: it wraps the two
places where test traffic leaves the process — :meth:`RawClient.send` (every raw request,
inline or multibulk, well-formed or not) and redis-py's ``send_packed_command`` (sync and
asyncio, which carries single commands, pipelines and the connection handshake) — and notes,
for the test running at that moment, the first two words of every request it can parse. The
harness's own traffic (the FLUSHALL before a test, the PING that waits for a server) is
excluded with :meth:`CommandLog.paused`. At the end of the session the log is written as JSON::

    {"tests": {"<nodeid>": {"outcome": "passed|failed|skipped|xfailed", "reason": "...",
                            "target": "miniredis|redis|<url>|null",
                            "requests": [["set", "k"], ["config", "get"], ...]}}}

Requests are kept as lower-cased ``[name, second word]`` pairs; ``compat_tests.report`` decides
which of them name a subcommand (``config|get``), since only Redis's command table knows.
"""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

# A request word longer than this is data, not a command or subcommand name.
MAX_NAME = 40


def _word(data: bytes) -> str:
    return data[:MAX_NAME].decode("latin-1").lower() if len(data) <= MAX_NAME else ""


def request_names(data: bytes) -> list[tuple[str, str]]:
    """``(name, second word)`` of every complete request in ``data`` (multibulk or inline).

    Parsing is lenient and stops at the first thing that is not a request: a test that sends
    broken frames on purpose is credited with the requests before them.
    """
    names: list[tuple[str, str]] = []
    pos = 0
    while pos < len(data):
        eol = data.find(b"\r\n", pos) if data[pos : pos + 1] == b"*" else data.find(b"\n", pos)
        if eol < 0:
            break
        if data[pos : pos + 1] != b"*":  # an inline request: words separated by blanks
            words = data[pos:eol].split()
            if words:
                names.append((_word(words[0]), _word(words[1]) if len(words) > 1 else ""))
            pos = eol + 1
            continue
        try:
            count = int(data[pos + 1 : eol])
        except ValueError:
            break
        pos = eol + 2
        args: list[bytes] = []
        for _ in range(max(count, 0)):
            eol = data.find(b"\r\n", pos)
            if eol < 0 or data[pos : pos + 1] != b"$":
                return names
            try:
                size = int(data[pos + 1 : eol])
            except ValueError:
                return names
            start = eol + 2
            if len(data) < start + size + 2:
                return names
            if len(args) < 2:
                args.append(data[start : start + size])
            pos = start + size + 2
        if args:
            names.append((_word(args[0]), _word(args[1]) if len(args) > 1 else ""))
    return names


def _joined(command: bytes | str | Iterable[bytes]) -> bytes:
    if isinstance(command, str):
        return command.encode()
    if isinstance(command, bytes | bytearray | memoryview):
        return bytes(command)
    return b"".join(bytes(chunk) for chunk in command)


class CommandLog:
    """Collects requests per test while installed (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.current: str | None = None
        self._paused = 0
        self.tests: dict[str, dict[str, Any]] = {}
        self._undo: list[tuple[object, str, object]] = []

    # -- recording ---------------------------------------------------------------------------
    def note(self, data: bytes) -> None:
        """Credit the requests in ``data`` to the running test."""
        if self.current is None or self._paused:
            return
        entry = self._entry(self.current)
        seen = {tuple(pair) for pair in entry["requests"]}
        for pair in request_names(data):
            if pair not in seen:
                seen.add(pair)
                entry["requests"].append(list(pair))

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """Traffic inside this block is the harness's own, not the test's."""
        self._paused += 1
        try:
            yield
        finally:
            self._paused -= 1

    def _entry(self, nodeid: str) -> dict[str, Any]:
        return self.tests.setdefault(nodeid, {"outcome": "passed", "reason": "", "requests": []})

    # -- wrapping the clients -------------------------------------------------------------------
    def install(self) -> None:
        """Wrap RawClient.send and redis-py's send_packed_command (sync and asyncio)."""
        import redis.asyncio.connection
        import redis.connection

        from compat_tests.rawclient import RawClient

        log = self
        raw_send = RawClient.send

        @functools.wraps(raw_send)
        def send(client: RawClient, data: bytes) -> None:
            log.note(data)
            raw_send(client, data)

        sync_cls = redis.connection.AbstractConnection
        sync_send = sync_cls.send_packed_command

        @functools.wraps(sync_send)
        def sync_packed(conn: Any, command: Any, check_health: bool = True) -> None:
            log.note(_joined(command))
            sync_send(conn, command, check_health)

        async_cls = redis.asyncio.connection.AbstractConnection
        async_send = async_cls.send_packed_command

        @functools.wraps(async_send)
        async def async_packed(conn: Any, command: Any, check_health: bool = True) -> None:
            log.note(_joined(command))
            await async_send(conn, command, check_health)

        for owner, name, wrapper in (
            (RawClient, "send", send),
            (sync_cls, "send_packed_command", sync_packed),
            (async_cls, "send_packed_command", async_packed),
        ):
            self._undo.append((owner, name, owner.__dict__[name]))
            setattr(owner, name, wrapper)

    def uninstall(self) -> None:
        """Put the original methods back."""
        for owner, name, original in reversed(self._undo):
            setattr(owner, name, original)
        self._undo.clear()

    # -- pytest hooks ---------------------------------------------------------------------------
    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> Iterator[None]:
        self.current = item.nodeid
        callspec = getattr(item, "callspec", None)
        target = callspec.params.get("target") if callspec is not None else None
        self._entry(item.nodeid)["target"] = target
        try:
            return (yield)
        finally:
            self.current = None

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        entry = self._entry(report.nodeid)
        if report.failed:
            entry["outcome"] = "failed"
        elif hasattr(report, "wasxfail") and entry["outcome"] == "passed":
            entry["outcome"] = "xfailed"
            entry["reason"] = str(report.wasxfail)
        elif report.skipped and entry["outcome"] == "passed":
            entry["outcome"] = "skipped"
            longrepr = report.longrepr
            reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
            entry["reason"] = reason.removeprefix("Skipped: ")

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self.uninstall()
        data = {"tests": {nodeid: self.tests[nodeid] for nodeid in sorted(self.tests)}}
        self.path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")


_active: CommandLog | None = None


def harness_traffic() -> contextlib.AbstractContextManager[None]:
    """``with harness_traffic():`` requests the harness sends for itself are not credited."""
    return _active.paused() if _active is not None else contextlib.nullcontext()


def activate(config: pytest.Config, path: str) -> None:
    """Install a CommandLog writing to ``path`` as a pytest plugin for this session."""
    global _active
    _active = CommandLog(Path(path))
    _active.install()
    config.pluginmanager.register(_active, "compat-command-log")
