"""A sans-I/O parser for RESP2 and RESP3 *replies*: the client side of the protocol.

It does no I/O. Whoever owns the socket feeds it bytes as they arrive and asks for replies::

    parser = ReplyParser()
    parser.feed(b"*2\\r\\n$3\\r\\nfoo\\r\\n:4")   # a reply cut in the middle
    parser.gets()                            # -> NEED_MORE
    parser.feed(b"2\\r\\n")
    parser.gets()                            # -> [b"foo", 42]

A reply may arrive split at any byte. The parser keeps what it has not consumed, and keeps
the arrays it is in the middle of on a stack, so a reply cut inside the tenth element of a
big array resumes there instead of starting over.

Every reply starts with a type byte, then a line ended by CRLF. What follows the line depends
on the type, and maps back to ``replies.py``'s values::

    RESP2   +  simple string   SimpleString      RESP3   _  null             None
            -  error           CommandError              #  boolean          bool
            :  integer         int                       ,  double           float
            $  bulk string     bytes ($-1: None)         (  big number       BigNumber
            *  array           list  (*-1: None)         !  blob error       CommandError
                                                         =  verbatim         Verbatim
                                                         %  map              dict
                                                         ~  set              RespSet
                                                         >  push             Push
                                                         |  attribute        skipped

Errors are *values* here, not exceptions: a pipeline's replies keep each error in its place,
and the caller decides what to raise. A stream that is not RESP raises :class:`InvalidReply`;
the parser is then unusable and the connection should be closed.

Not supported: RESP3 streamed strings and aggregates (``$?``, ``*?``), which Redis never
sends. A verbatim string's 3-letter format (``txt``, ``mkd``) is dropped.
"""

from __future__ import annotations

from typing import Any

from miniredis.errors import CommandError
from miniredis.protocol.replies import BigNumber, Push, RespSet, SimpleString, Verbatim


class _NeedMore:
    """The type of :data:`NEED_MORE`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NEED_MORE"


NEED_MORE = _NeedMore()
"""Returned by :meth:`ReplyParser.gets` when the buffer holds no complete reply yet."""


class InvalidReply(Exception):
    """The bytes are not RESP: close the connection, the stream cannot be resynchronised."""


# An aggregate header was read and its items are still to come, or an attribute was dropped:
# nothing to hand to the enclosing aggregate yet.
_PENDING: Any = object()

# Keep consumed bytes at most this long before compacting the buffer.
_COMPACT_OVER = 64 * 1024

_BLOB_TYPES = frozenset(b"$!=")
_AGGREGATE_TYPES = frozenset(b"*%~>|")


class _Aggregate:
    """An array, map, set, push or attribute whose items are still arriving."""

    __slots__ = ("items", "kind", "remaining")

    def __init__(self, kind: int, count: int) -> None:
        self.kind = kind
        self.remaining = count
        self.items: list[Any] = []

    def build(self) -> Any:
        """The finished value; an attribute (``|``) gives nothing: it only annotates a reply."""
        kind, items = self.kind, self.items
        if kind == 0x2A:  # *
            return items
        if kind == 0x25:  # %
            return {_hashable(items[i]): items[i + 1] for i in range(0, len(items), 2)}
        if kind == 0x7E:  # ~
            return RespSet(items)
        if kind == 0x3E:  # >
            return Push(items)
        return _PENDING  # |


def _hashable(key: Any) -> Any:
    """A map key that is itself an array or map becomes a tuple, so it can key a dict."""
    if isinstance(key, list):
        return tuple(_hashable(item) for item in key)
    if isinstance(key, dict):
        return tuple((_hashable(k), _hashable(v)) for k, v in key.items())
    return key


class ReplyParser:
    """Incremental RESP2/RESP3 reply parser: :meth:`feed` bytes, :meth:`gets` replies."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self._pos = 0
        self._stack: list[_Aggregate] = []

    def feed(self, data: bytes) -> None:
        """Append bytes received from the server."""
        self._buf += data

    def gets(self) -> Any:
        """The next complete reply, or :data:`NEED_MORE` (feed more bytes, then call again)."""
        stack = self._stack
        while True:
            value = self._read_one()
            if value is NEED_MORE:
                self._compact()
                return NEED_MORE
            # Hand the value up through the aggregates it completes.
            while value is not _PENDING:
                if not stack:
                    self._compact()
                    return value
                frame = stack[-1]
                frame.items.append(value)
                frame.remaining -= 1
                if frame.remaining:
                    break
                stack.pop()
                value = frame.build()

    def _compact(self) -> None:
        """Drop consumed bytes: all at once when nothing is left, else now and then."""
        if self._pos == len(self._buf):
            self._buf.clear()
            self._pos = 0
        elif self._pos > _COMPACT_OVER:
            del self._buf[: self._pos]
            self._pos = 0

    def _read_one(self) -> Any:
        """Consume one item: a whole scalar, or an aggregate header (pushed, ``_PENDING``)."""
        buf, pos = self._buf, self._pos
        end = buf.find(b"\r\n", pos)
        if end < 0:
            return NEED_MORE
        kind = buf[pos]
        line = bytes(buf[pos + 1 : end])
        if kind in _BLOB_TYPES:
            length = _to_int(line)
            if length < 0:
                if kind != 0x24:  # only $-1 is a null
                    raise InvalidReply(f"negative length in {bytes(buf[pos:end])!r}")
                self._pos = end + 2
                return None
            start = end + 2
            stop = start + length
            if len(buf) < stop + 2:
                return NEED_MORE
            if buf[stop : stop + 2] != b"\r\n":
                raise InvalidReply("blob not terminated by CRLF")
            self._pos = stop + 2
            return _blob(kind, bytes(buf[start:stop]))
        self._pos = end + 2
        if kind in _AGGREGATE_TYPES:
            return self._open(kind, line)
        return _scalar(kind, line)

    def _open(self, kind: int, line: bytes) -> Any:
        """An aggregate header: start collecting its items (a map or attribute has 2n)."""
        count = _to_int(line)
        if count < 0:
            if kind != 0x2A:  # only *-1 is a null (the RESP2 null array)
                raise InvalidReply(f"negative count for {chr(kind)!r}")
            return None
        if kind in b"%|":
            count *= 2
        frame = _Aggregate(kind, count)
        if count == 0:
            return frame.build()
        self._stack.append(frame)
        return _PENDING


def _to_int(line: bytes) -> int:
    try:
        return int(line)
    except ValueError:
        raise InvalidReply(f"not an integer: {line!r}") from None


def _blob(kind: int, data: bytes) -> Any:
    """A length-prefixed payload: ``$`` bulk, ``!`` blob error, ``=`` verbatim (``fmt:text``)."""
    if kind == 0x24:  # $
        return data
    if kind == 0x21:  # !
        return CommandError(data)
    if len(data) < 4 or data[3:4] != b":":
        raise InvalidReply(f"verbatim string without a format: {data[:8]!r}")
    return Verbatim(data[4:])


def _scalar(kind: int, line: bytes) -> Any:
    """A one-line reply; the line is everything after the type byte, without CRLF."""
    if kind == 0x2B:  # +
        return SimpleString(line)
    if kind == 0x3A:  # :
        return _to_int(line)
    if kind == 0x2D:  # -
        return CommandError(line)
    if kind == 0x5F:  # _
        return None
    if kind == 0x2C:  # ,
        try:
            return float(line)  # also "inf", "-inf", "nan", "-nan"
        except ValueError:
            raise InvalidReply(f"not a double: {line!r}") from None
    if kind == 0x23:  # #
        if line == b"t":
            return True
        if line == b"f":
            return False
        raise InvalidReply(f"not a boolean: {line!r}")
    if kind == 0x28:  # (
        return BigNumber(_to_int(line))
    raise InvalidReply(f"unknown reply type {chr(kind)!r}")
