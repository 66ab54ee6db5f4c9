"""One measured RESP connection: every command or pipeline becomes one locust *request*.

Locust only speaks HTTP by itself. For any other protocol the documented pattern is to wrap a
client library and fire ``environment.events.request`` after each call, with the time it
took. This module is that wrapper for Redis-compatible servers, and it does **not** import
locust: the same object can be driven from a unit test with any callable in place of
``events.request.fire`` (see ``tests/test_loadtest_user.py``).

What one call reports, as the keyword arguments of the request event::

    request_type    "RESP"
    name            the command ("GET"), never the key: the name is the statistics row, and
                    a name per key would explode the stats (and master/worker traffic)
    response_time   milliseconds as a float from time.perf_counter(), so 0.083 stays 0.083
    response_length bytes of payload in the reply (bulk strings, summed through arrays)
    exception       None, or a RespFailure whose repr is "ResponseError: WRONGTYPE ..."

Failures are of two kinds, and both count: an *error reply* (``-ERR ...``, the server
answered) and a *connection error* (refused, reset, timeout, garbage on the wire). After a
connection error the socket is dropped and the next call reconnects; every connect is itself
a request named ``connect`` (``reconnect`` after the first), so a server that drops clients
shows up as a growing ``reconnect`` row instead of silently slower requests.

A failed call raises ``abort`` (``RespFailure`` unless told otherwise; the locust user passes
``RescheduleTask``, which ends the task quietly after it has been counted as a failure).

Two backends speak the wire:

``miniredis``  :class:`miniredis.client.Client`: a plain socket, one ``sendall`` per command or
               pipeline, no retries, the least client CPU per request: the load generator
               saturates later, so the numbers are more about the server.
``redis-py``   ``redis.Redis`` with one dedicated connection (``single_connection_client``) and
               retries *off* (redis-py 8 retries 10 times with back-off by default, which turns
               a dead server into slow successes and can send a write twice). It does what
               real applications do on connect (``HELLO 3``, ``CLIENT SETINFO``).

Both are plain-Python socket code, so under locust (which monkey-patches with gevent) every
user's connection is a cooperative gevent socket: a user waiting for its reply lets the
others run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

__all__ = [
    "BACKENDS",
    "FireRequest",
    "RespClient",
    "RespFailure",
    "Target",
    "parse_target",
    "reply_size",
]

BACKENDS = ("miniredis", "redis-py")

Arg = bytes | str | int | float
Command = Sequence[Arg]


class FireRequest(Protocol):
    """The signature of ``environment.events.request.fire`` that we use."""

    def __call__(
        self,
        *,
        request_type: str,
        name: str,
        response_time: float,
        response_length: int,
        exception: BaseException | None,
        context: dict[str, Any],
    ) -> Any: ...


class RespFailure(Exception):
    """A failed request, as locust shows it.

    Locust groups failures by ``repr(exception)``. redis-py 8's ``repr`` is only
    ``server:ResponseError``, which hides the message; ours is ``"<kind>: <message>"``, e.g.
    ``ResponseError: WRONGTYPE Operation against a key holding the wrong kind of value``.
    """

    def __init__(self, kind: str, message: str) -> None:
        # "unknown command 'X', with args beginning with: 'key:1' ..." names the key: keep
        # one failure row per error, not one per key.
        message = message.split(", with args beginning with:", 1)[0]
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.message = message

    def __repr__(self) -> str:
        return str(self)


@dataclass(frozen=True)
class Target:
    """Where to connect: the parts of ``redis://[[user]:password@]host[:port][/db]``."""

    host: str = "127.0.0.1"
    port: int = 6379
    db: int = 0
    username: str | None = None
    password: str | None = None

    @property
    def url(self) -> str:
        """The URL again, with the password masked."""
        auth = ""
        if self.password is not None:
            auth = f"{self.username or ''}:***@"
        return f"redis://{auth}{self.host}:{self.port}/{self.db}"


def parse_target(url: str) -> Target:
    """Read locust's ``--host`` as a Redis URL.

    >>> parse_target("redis://:secret@127.0.0.1:7000/2")
    Target(host='127.0.0.1', port=7000, db=2, username=None, password='secret')

    A bare ``host:port`` is accepted too. Only ``redis://`` (plain TCP) is supported.
    """
    if "://" not in url:
        url = "redis://" + url
    parts = urlsplit(url)
    if parts.scheme != "redis":
        raise ValueError(f"unsupported scheme {parts.scheme!r}: use redis://host:port/db")
    path = parts.path.strip("/")
    if path and not path.isdigit():
        raise ValueError(f"the path of {url!r} must be a database number")
    return Target(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 6379,
        db=int(path or 0),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
    )


def reply_size(reply: Any) -> int:
    """Bytes of payload in a reply: bulk strings counted, arrays and maps summed, numbers 0."""
    if isinstance(reply, (bytes, str)):
        return len(reply)
    if isinstance(reply, (list, tuple, set)):
        return sum(reply_size(item) for item in reply)
    if isinstance(reply, dict):
        return sum(reply_size(k) + reply_size(v) for k, v in reply.items())
    return 0


class _Wire(Protocol):
    """What a backend connection offers: one command, or many in one round trip."""

    def call(self, args: Command) -> Any: ...  # raises on an error reply

    def batch(self, commands: Sequence[Command], transaction: bool) -> list[Any]: ...

    def close(self) -> None: ...


class _MiniredisWire:
    """:class:`miniredis.client.Client`: error replies are values in a batch, raised alone."""

    def __init__(self, target: Target, protocol: int, timeout: float) -> None:
        from miniredis.client import Client

        password = target.password if not target.username else None
        self._client = Client(
            target.host,
            target.port,
            db=0,
            password=password,
            protocol=protocol,
            timeout=timeout,
        )
        try:
            if target.username:  # an ACL user: AUTH with both names (HELLO's AUTH is "default")
                self._client.execute("AUTH", target.username, target.password or "")
            if target.db:
                self._client.execute("SELECT", target.db)
        except BaseException:
            self._client.close()
            raise

    def call(self, args: Command) -> Any:
        return self._client.execute(*args)

    def batch(self, commands: Sequence[Command], transaction: bool) -> list[Any]:
        pipe = self._client.pipeline()
        if transaction:
            pipe.execute_command("MULTI")
        for args in commands:
            pipe.execute_command(*args)
        if not transaction:
            return pipe.execute()
        pipe.execute_command("EXEC")
        replies = pipe.execute()
        exec_reply = replies[-1]
        # MULTI's +OK and the QUEUED replies carry nothing; a queueing error is in its place.
        queued = [r for r in replies[1:-1] if _is_error(r)]
        if queued or exec_reply is None or _is_error(exec_reply):
            return queued or [exec_reply]
        return list(exec_reply)

    def close(self) -> None:
        self._client.close()


class _RedisPyWire:
    """redis-py with one dedicated connection and no retries; connects eagerly."""

    def __init__(self, target: Target, protocol: int, timeout: float) -> None:
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        self._redis = redis.Redis(
            host=target.host,
            port=target.port,
            db=target.db,
            username=target.username,
            password=target.password,
            protocol=protocol,
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
            retry=Retry(NoBackoff(), 0),
            single_connection_client=True,
        )
        try:
            connection = self._redis.connection
            assert connection is not None
            connection.connect()  # the handshake is part of "connect", not of the first call
        except BaseException:
            self._redis.close()
            raise

    def call(self, args: Command) -> Any:
        return self._redis.execute_command(*args)

    def batch(self, commands: Sequence[Command], transaction: bool) -> list[Any]:
        pipe = self._redis.pipeline(transaction=transaction)
        for args in commands:
            pipe.execute_command(*args)
        return pipe.execute(raise_on_error=False)

    def close(self) -> None:
        self._redis.close()


def _is_error(reply: Any) -> bool:
    return isinstance(reply, Exception)


def _classify(exc: BaseException) -> tuple[str, bool]:
    """``(kind, connection_lost)`` of an exception raised by either backend."""
    try:
        import redis
    except ImportError:  # pragma: no cover - redis-py is a test dependency
        redis = None  # type: ignore[assignment]
    from miniredis.client import CommandError
    from miniredis.protocol.reply_parser import InvalidReply

    if isinstance(exc, CommandError):
        return "ResponseError", False
    if redis is not None and isinstance(exc, (redis.ConnectionError, redis.TimeoutError)):
        return type(exc).__name__, True
    if redis is not None and isinstance(exc, redis.RedisError):
        return type(exc).__name__, False  # ResponseError and its subclasses: the server answered
    if isinstance(exc, TimeoutError):
        return "TimeoutError", True
    if isinstance(exc, (OSError, InvalidReply)):
        return "ConnectionError", True
    return type(exc).__name__, True  # anything unexpected: assume the stream is unusable


class RespClient:
    """A measured connection for one simulated user.

    ``fire`` receives one event per request (``environment.events.request.fire`` under
    locust). ``connect_name`` names the connect requests, so that scenarios which connect on
    purpose (connection churn, the idle swarm) get rows of their own.

    >>> client = RespClient(parse_target("redis://127.0.0.1:6379"), fire)   # doctest: +SKIP
    >>> client.execute("SET", "k", "v")                                       # doctest: +SKIP
    b'OK'
    """

    def __init__(
        self,
        target: Target,
        fire: FireRequest,
        *,
        backend: str = "miniredis",
        protocol: int = 2,
        timeout: float = 10.0,
        connect_name: str = "connect",
        abort: Callable[[RespFailure], BaseException] = lambda failure: failure,
    ) -> None:
        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {BACKENDS}, not {backend!r}")
        self.target = target
        self.backend = backend
        self.protocol = protocol
        self.timeout = timeout
        self.connect_name = connect_name
        self.connects = 0  # how many connections were opened, reconnects included
        self._fire = fire
        self._abort = abort
        self._wire: _Wire | None = None

    @property
    def connected(self) -> bool:
        return self._wire is not None

    # -- requests -------------------------------------------------------------------------
    def connect(self) -> None:
        """Open the connection (a no-op when open), reported as ``connect``/``reconnect``."""
        if self._wire is not None:
            return
        name = self.connect_name if self.connects == 0 else "re" + self.connect_name
        self.connects += 1
        wire_class = _MiniredisWire if self.backend == "miniredis" else _RedisPyWire
        start = time.perf_counter()
        try:
            self._wire = wire_class(self.target, self.protocol, self.timeout)
        except Exception as exc:
            elapsed = time.perf_counter() - start
            kind, _ = _classify(exc)
            failure = RespFailure(kind, str(exc) or type(exc).__name__)
            self._report(name, start, 0, failure, elapsed)
            raise self._abort(failure) from exc
        self._report(name, start, 0, None)

    def execute(self, *args: Arg, name: str | None = None) -> Any:
        """Send one command and return its reply; on failure report it and raise ``abort``.

        ``name`` defaults to the command word in capitals (``"GET"``).
        """
        self.connect()
        wire = self._wire
        assert wire is not None
        label = name or _command_name(args)
        start = time.perf_counter()
        try:
            reply = wire.call(args)
        except Exception as exc:
            self._fail(label, start, exc)
        self._report(label, start, reply_size(reply), None)
        return reply

    def pipeline(
        self, commands: Sequence[Command], *, name: str | None = None, transaction: bool = False
    ) -> list[Any]:
        """Send many commands in one round trip: **one** request, timed as a whole.

        Any error reply among them fails the request (the first one is the message). With
        ``transaction=True`` the batch is wrapped in ``MULTI``/``EXEC`` and the replies are
        EXEC's. The default name is ``"PIPELINE x<n>"`` (``"MULTI x<n>"`` for a transaction).
        """
        self.connect()
        wire = self._wire
        assert wire is not None
        label = name or f"{'MULTI' if transaction else 'PIPELINE'} x{len(commands)}"
        start = time.perf_counter()
        try:
            replies = wire.batch(commands, transaction)
        except Exception as exc:
            self._fail(label, start, exc)
        errors = [r for r in replies if _is_error(r)]
        if errors:
            failure = RespFailure(
                "ResponseError",
                f"{len(errors)} of {len(replies)} replies failed, first: {errors[0]}",
            )
            self._report(label, start, 0, failure)
            raise self._abort(failure)
        self._report(label, start, reply_size(replies), None)
        return replies

    def close(self) -> None:
        """Close the connection; a later call reconnects."""
        if self._wire is not None:
            wire, self._wire = self._wire, None
            wire.close()

    # -- reporting ------------------------------------------------------------------------
    def _fail(self, label: str, start: float, exc: BaseException) -> Any:
        elapsed = time.perf_counter() - start  # before classifying: that may import redis-py
        kind, lost = _classify(exc)
        if lost:
            self.close()
        failure = RespFailure(kind, str(exc) or type(exc).__name__)
        self._report(label, start, 0, failure, elapsed)
        raise self._abort(failure) from exc

    def _report(
        self,
        name: str,
        start: float,
        length: int,
        failure: RespFailure | None,
        elapsed: float | None = None,
    ) -> None:
        if elapsed is None:
            elapsed = time.perf_counter() - start
        self._fire(
            request_type="RESP",
            name=name,
            response_time=elapsed * 1000.0,
            response_length=length,
            exception=failure,
            context={"backend": self.backend},
        )


def _command_name(args: Sequence[Arg]) -> str:
    if not args:
        return "(empty)"
    word = args[0]
    text = word.decode("utf-8", "replace") if isinstance(word, bytes) else str(word)
    return text.upper()
