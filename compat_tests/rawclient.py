"""A raw-socket RESP client for byte-exact compatibility tests.

redis-py hides the wire: it turns ``$-1`` and ``*-1`` into the same ``None``, drops the
difference between ``+OK`` and ``$2\\r\\nOK``, and reconnects after a protocol error. Tests that
pin down what a server *sends* need the bytes themselves, so this client does the framing and
nothing else:

- ``send(data)`` writes bytes exactly as given (inline commands, broken frames, half frames);
- ``send_command(*args)`` writes one multibulk request (``*<n>\\r\\n$<len>\\r\\n<arg>\\r\\n...``);
- ``read_reply()`` returns the raw bytes of exactly one complete RESP2/RESP3 reply, nested
  aggregates included, leaving anything after it buffered for the next call;
- ``read_until_closed()`` returns everything up to EOF, to assert "this reply, then close".

Every read has a deadline (default 5 s), so a server that hangs fails the test instead of
stalling the suite.
"""

from __future__ import annotations

import socket
import time
from types import TracebackType

DEFAULT_TIMEOUT = 5.0
CRLF = b"\r\n"

# RESP type bytes whose payload is the rest of the line.
_LINE_TYPES = frozenset(b"+-:,#_(")
# Types followed by a length line and that many bytes plus CRLF ($-1 / !-1 / =-1: no payload).
_BULK_TYPES = frozenset(b"$!=")
# Aggregates holding n replies (*-1 / ~-1 / >-1: null, no elements).
_AGGREGATE_TYPES = frozenset(b"*~>")
# Aggregates holding n key/value pairs, i.e. 2n replies.
_MAP_TYPES = frozenset(b"%|")


class RespFramingError(ValueError):
    """The server sent bytes that are not a RESP reply."""


def encode_command(*args: bytes | str | int | float) -> bytes:
    """Encode a request as a RESP multibulk array of bulk strings, as every client does."""
    parts = [b"*%d\r\n" % len(args)]
    for arg in args:
        if isinstance(arg, bytes):
            data = arg
        elif isinstance(arg, str):
            data = arg.encode()
        else:
            data = repr(arg).encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(parts)


def reply_end(buf: bytes | bytearray, pos: int = 0) -> int | None:
    """Return the offset just past the reply starting at ``buf[pos]``, or None if incomplete.

    Attributes (``|``) are out-of-band metadata that precede the reply they describe, so the
    attribute and the reply after it count as one reply.
    """
    if pos >= len(buf):
        return None
    kind = buf[pos]
    eol = buf.find(CRLF, pos)
    if eol < 0:
        return None
    after_header = eol + 2
    if kind in _LINE_TYPES:
        return after_header
    header = bytes(buf[pos + 1 : eol])
    try:
        count = int(header)
    except ValueError:
        raise RespFramingError(f"bad length in header {bytes(buf[pos:eol])!r}") from None
    if kind in _BULK_TYPES:
        if count < 0:
            return after_header
        end = after_header + count + 2
        if len(buf) < end:
            return None
        if buf[end - 2 : end] != CRLF:
            raise RespFramingError(f"bulk of {count} bytes not followed by CRLF")
        return end
    if kind in _AGGREGATE_TYPES or kind in _MAP_TYPES:
        elements = count * 2 if kind in _MAP_TYPES else count
        cursor: int | None = after_header
        for _ in range(max(elements, 0)):
            cursor = reply_end(buf, cursor)
            if cursor is None:
                return None
        if kind == ord("|"):
            return reply_end(buf, cursor)
        return cursor
    raise RespFramingError(f"unknown RESP type byte {bytes([kind])!r} at {bytes(buf[pos:eol])!r}")


class RawClient:
    """One TCP connection that speaks RESP at the byte level (see the module docstring)."""

    def __init__(self, host: str, port: int, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._buf = bytearray()
        self._eof = False

    # -- writing ---------------------------------------------------------------------------
    def send(self, data: bytes) -> None:
        """Write ``data`` exactly as given, all of it (TimeoutError if the server stops reading)."""
        self.sock.settimeout(self.timeout)
        self.sock.sendall(data)

    def send_command(self, *args: bytes | str | int | float) -> None:
        """Write one multibulk request."""
        self.send(encode_command(*args))

    def call(self, *args: bytes | str | int | float) -> bytes:
        """Send one multibulk request and return the raw bytes of its reply."""
        self.send_command(*args)
        return self.read_reply()

    # -- reading ---------------------------------------------------------------------------
    def _fill(self, deadline: float) -> bool:
        """Receive more bytes into the buffer; False on EOF. Raises TimeoutError at deadline."""
        if self._eof:
            return False
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(self._timeout_message())
        self.sock.settimeout(remaining)
        try:
            chunk = self.sock.recv(65536)
        except TimeoutError:
            raise TimeoutError(self._timeout_message()) from None
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            self._eof = True
            return False
        self._buf += chunk
        return True

    def _timeout_message(self) -> str:
        return f"no complete reply within {self.timeout}s; buffered: {bytes(self._buf[:200])!r}"

    def read_reply(self, timeout: float | None = None) -> bytes:
        """Return the raw bytes of exactly one complete reply (raises EOFError, TimeoutError)."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            end = reply_end(self._buf)
            if end is not None:
                reply = bytes(self._buf[:end])
                del self._buf[:end]
                return reply
            if not self._fill(deadline):
                raise EOFError(f"connection closed; incomplete reply: {bytes(self._buf)!r}")

    def read_replies(self, count: int, timeout: float | None = None) -> list[bytes]:
        """Return ``count`` replies, within one overall deadline."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        return [
            self.read_reply(timeout=max(deadline - time.monotonic(), 0.001)) for _ in range(count)
        ]

    def read_exactly(self, size: int, timeout: float | None = None) -> bytes:
        """Return exactly ``size`` bytes of the stream, with no framing (for bulk comparisons)."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while len(self._buf) < size:
            if not self._fill(deadline):
                raise EOFError(f"connection closed after {len(self._buf)} of {size} bytes")
        data = bytes(self._buf[:size])
        del self._buf[:size]
        return data

    def read_until_closed(self, timeout: float | None = None) -> bytes:
        """Return every byte until the server closes the connection; TimeoutError if it won't."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while self._fill(deadline):
            pass
        data = bytes(self._buf)
        self._buf.clear()
        return data

    def read_available(self, wait: float = 0.2) -> bytes:
        """Return whatever arrives within ``wait`` seconds (b"" if nothing): proves silence."""
        deadline = time.monotonic() + wait
        try:
            while self._fill(deadline):
                pass
        except TimeoutError:
            pass
        data = bytes(self._buf)
        self._buf.clear()
        return data

    def is_closed(self, wait: float = 1.0) -> bool:
        """True if the server has closed the connection (EOF seen within ``wait`` seconds).

        Bytes that arrive meanwhile stay buffered for ``read_reply``.
        """
        deadline = time.monotonic() + wait
        try:
            while self._fill(deadline):
                pass
        except TimeoutError:
            return False
        return True

    # -- lifecycle ------------------------------------------------------------------------
    def close(self) -> None:
        """Close the socket (idempotent)."""
        self.sock.close()

    def __enter__(self) -> RawClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
