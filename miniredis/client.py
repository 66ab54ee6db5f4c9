"""The small blocking client of the original design: one socket, one command at a time.

A command goes out as a RESP array of bulk strings (:func:`encode_resp_array`), the reply
comes back through the sans-I/O :class:`~miniredis.protocol.reply_parser.ReplyParser`::

    with Client(port=6379) as client:
        client.set("greeting", "hello")     # SimpleString(b"OK")
        client.get("greeting")              # b"hello"
        client.execute("INCRBY", "n", 5)    # 5
        client.execute("NOSUCH")            # raises CommandError("ERR unknown command ...")

        with client.pipeline() as pipe:     # many commands, one write, replies in order
            pipe.set("a", 1).execute_command("LPUSH", "a", "x").get("a")
            pipe.execute()  # [b"OK", CommandError("WRONGTYPE ..."), b"1"]

Only the standard library's ``socket`` is used, so the client blocks a thread normally and
yields to other greenlets when gevent has monkey-patched ``socket``.

Replies are returned as the reply parser builds them: ``bytes`` for bulk strings, ``int``,
``None``, ``list``; with ``protocol=3`` also ``dict``, ``float``, ``bool`` and the other
RESP3 types. Push messages (pub/sub) are not routed anywhere: they are read like replies.
"""

from __future__ import annotations

import socket
from types import TracebackType
from typing import Any

from miniredis.errors import CommandError
from miniredis.protocol.reply_parser import NEED_MORE, ReplyParser

__all__ = ["Client", "CommandError", "Pipeline", "encode_resp_array"]

Arg = bytes | str | int | float

_RECV_SIZE = 64 * 1024


def _arg_bytes(arg: Arg) -> bytes:
    """One argument as bytes: str in UTF-8, numbers by ``repr`` (as redis-py does)."""
    if isinstance(arg, bytes):
        return arg
    if isinstance(arg, str):
        return arg.encode()
    if isinstance(arg, bool):  # a bool is an int in Python, but "True" is no Redis argument
        raise TypeError("a bool is not a valid Redis argument; send b'1'/b'0' or a string")
    if isinstance(arg, (int, float)):
        return repr(arg).encode()
    raise TypeError(f"cannot send {type(arg).__name__} to Redis; use bytes, str, int or float")


def encode_resp_array(args: tuple[Arg, ...] | list[Arg]) -> bytes:
    """A command as RESP: ``*<argc>`` then each argument as a ``$<len>`` bulk string.

    >>> encode_resp_array(["SET", "k", 10])
    b'*3\\r\\n$3\\r\\nSET\\r\\n$1\\r\\nk\\r\\n$2\\r\\n10\\r\\n'
    """
    parts = [b"*%d\r\n" % len(args)]
    for arg in args:
        data = _arg_bytes(arg)
        parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(parts)


class _Commands:
    """The original design's commands, shared by :class:`Client` (runs) and :class:`Pipeline`
    (queues)."""

    def execute_command(self, *args: Arg) -> Any:
        raise NotImplementedError

    def get(self, key: Arg) -> Any:
        """``GET key``: the value, or ``None`` if the key does not exist."""
        return self.execute_command("GET", key)

    def set(self, key: Arg, value: Arg) -> Any:
        """``SET key value``: ``b"OK"`` (the original design replied 1; Redis 7 says ``+OK``)."""
        return self.execute_command("SET", key, value)

    def delete(self, key: Arg) -> Any:
        """``DELETE key``, miniredis's original-design command: 1 if removed, else 0.

        Real Redis has no DELETE (its command is DEL) and replies "unknown command".
        """
        return self.execute_command("DELETE", key)

    def flush(self) -> Any:
        """``FLUSH``, miniredis's original-design command: the number of keys removed."""
        return self.execute_command("FLUSH")

    def mget(self, *keys: Arg) -> Any:
        """``MGET key [key ...]``: a list with ``None`` for each missing key."""
        return self.execute_command("MGET", *keys)

    def mset(self, *items: Arg) -> Any:
        """``MSET key value [key value ...]``, pairs given flat as on the wire: ``b"OK"``."""
        return self.execute_command("MSET", *items)


class Client(_Commands):
    """A blocking connection to a Redis-compatible server.

    ``protocol=3`` sends ``HELLO 3`` first (with ``AUTH default password`` when a password is
    given); ``protocol=2`` sends no HELLO, only ``AUTH password`` if needed. A non-zero ``db``
    is selected with ``SELECT``. ``timeout`` (seconds) applies to connecting and every read.
    """

    encode_resp_array = staticmethod(encode_resp_array)

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 6379,
        *,
        db: int = 0,
        password: str | bytes | None = None,
        protocol: int = 2,
        timeout: float | None = None,
    ) -> None:
        if protocol not in (2, 3):
            raise ValueError("protocol must be 2 or 3")
        self.host, self.port = host, port
        self.protocol = protocol
        self.hello: dict[Any, Any] | None = None  # the server's HELLO reply, with protocol=3
        self._parser = ReplyParser()
        self._sock: socket.socket | None = socket.create_connection((host, port), timeout)
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            if protocol == 3:
                auth: tuple[Arg, ...] = ()
                if password is not None:
                    auth = ("AUTH", "default", password)
                self.hello = self.execute("HELLO", 3, *auth)
            elif password is not None:
                self.execute("AUTH", password)
            if db:
                self.execute("SELECT", db)
        except BaseException:
            self.close()
            raise

    # --- the original design's three operations --------------------------------------------
    def send(self, data: bytes) -> None:
        """Write raw bytes (one or more encoded commands) to the server."""
        if self._sock is None:
            raise ConnectionError("client is closed")
        self._sock.sendall(data)

    def read_response(self) -> Any:
        """Read one reply. An error reply is *returned* as a :class:`CommandError` value.

        If the read fails half-way (timeout, reset, interrupt), the connection is closed: the
        next reply could not be told apart from the rest of this one.
        """
        parser = self._parser
        reply = parser.gets()
        if reply is not NEED_MORE:
            return reply
        if self._sock is None:
            raise ConnectionError("client is closed")
        try:
            while reply is NEED_MORE:
                data = self._sock.recv(_RECV_SIZE)
                if not data:
                    raise ConnectionError("server closed the connection")
                parser.feed(data)
                reply = parser.gets()
        except BaseException:
            self.close()
            raise
        return reply

    def execute(self, *args: Arg) -> Any:
        """Send one command and return its reply; an error reply raises :class:`CommandError`."""
        self.send(encode_resp_array(args))
        reply = self.read_response()
        if isinstance(reply, CommandError):
            raise reply
        return reply

    execute_command = execute

    def pipeline(self) -> Pipeline:
        """Queue commands, send them in one write, read all replies: see :class:`Pipeline`."""
        return Pipeline(self)

    def close(self) -> None:
        """Close the socket; the client cannot be used afterwards."""
        if self._sock is not None:
            self._sock.close()
            self._sock = None
            self._parser = ReplyParser()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._sock is None else "open"
        return f"<Client {self.host}:{self.port} resp{self.protocol} {state}>"


class Pipeline(_Commands):
    """Commands queued on a :class:`Client`, sent together by :meth:`execute`.

    Each queuing method returns the pipeline, so calls chain. One ``sendall`` carries every
    command, then the replies are read in order: the server never waits for the client
    between commands, which is where pipelining's speed comes from. Leaving the ``with``
    block discards commands not yet executed.
    """

    def __init__(self, client: Client) -> None:
        self._client = client
        self._commands: list[bytes] = []

    def execute_command(self, *args: Arg) -> Pipeline:
        """Queue one command (encoded now, so a bad argument fails here, not at execute)."""
        self._commands.append(encode_resp_array(args))
        return self

    def __len__(self) -> int:
        return len(self._commands)

    def execute(self) -> list[Any]:
        """Send the queue in one write and return all replies; errors stay in place as values."""
        commands, self._commands = self._commands, []
        if not commands:
            return []
        self._client.send(b"".join(commands))
        return [self._client.read_response() for _ in commands]

    def reset(self) -> None:
        """Forget queued commands."""
        self._commands = []

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.reset()
