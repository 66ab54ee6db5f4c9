"""Reply value types: what a command handler returns, before it becomes bytes.

A handler never writes protocol. It returns a plain Python value and the encoder
(``protocol/encoder.py``) turns it into RESP2 or RESP3 bytes for the session's protocol,
the way Redis's ``addReply*`` helpers know the protocol for the command code.

| Python value           | RESP3                | RESP2 (how Redis downgrades)      |
| ---------------------- | -------------------- | --------------------------------- |
| ``bytes``              | ``$`` bulk string    | same                              |
| ``SimpleString``       | ``+`` status         | same                              |
| ``int``                | ``:`` integer        | same                              |
| ``None``               | ``_`` null           | ``$-1`` null bulk                 |
| ``NULL_ARRAY``         | ``_`` null           | ``*-1`` null array                |
| ``list`` / ``tuple``   | ``*`` array          | same                              |
| ``dict``               | ``%`` map            | ``*`` flat array k1 v1 k2 v2 ...  |
| ``RespSet``            | ``~`` set            | ``*`` array                       |
| ``float``              | ``,`` double         | ``$`` bulk (Redis's formatting)   |
| ``bool``               | ``#t`` / ``#f``      | ``:1`` / ``:0``                   |
| ``BigNumber``          | ``(`` big number     | ``$`` bulk                        |
| ``Verbatim``           | ``=`` verbatim       | ``$`` bulk                        |
| ``Push``               | ``>`` push           | ``*`` array                       |
| ``CommandError``       | ``-`` error          | same                              |

``CommandError`` (from ``miniredis.errors``) is raised by handlers, but an error can also be
a *value* inside an array: EXEC returns the error of a failed command in place.
"""

from __future__ import annotations


class SimpleString(bytes):
    """A status reply (``+OK``): a short, binary-unsafe line, never containing CR or LF."""

    __slots__ = ()


class BigNumber(int):
    """An integer too big for ``:``; RESP3 ``(``, a bulk string in RESP2."""

    __slots__ = ()


class Verbatim(bytes):
    """RESP3 verbatim string (``=``) of format ``txt``; a bulk string in RESP2 (INFO...)."""

    __slots__ = ()


class RespSet(list):
    """An unordered collection: RESP3 ``~``, an array in RESP2 (a list: keeps Redis's order)."""

    __slots__ = ()


class Push(list):
    """Out-of-band data (pub/sub messages): RESP3 ``>``, a plain array in RESP2."""

    __slots__ = ()


class _NullArray:
    """The null *array*: ``*-1`` in RESP2 (e.g. BLPOP timeout), ``_`` in RESP3."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NULL_ARRAY"


NULL_ARRAY = _NullArray()


class _NoReply:
    """Send nothing at all (SHUTDOWN: Redis closes the connection without a reply).

    A handler returns ``NO_REPLY`` after setting ``ctx.close_after_reply``; the encoder writes
    no bytes for it. (Added for admin.py's SHUTDOWN.)
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "NO_REPLY"


NO_REPLY = _NoReply()


class Encoded(bytes):
    """Bytes already encoded as one RESP reply; the encoder copies them as they are.

    EXEC uses it when a queued HELLO switched the protocol: Redis writes each reply in the
    protocol in force when that command ran.
    """

    __slots__ = ()


# Replies used on hot paths, built once (Redis's createSharedObjects).
OK = SimpleString(b"OK")
PONG = SimpleString(b"PONG")
QUEUED = SimpleString(b"QUEUED")

Reply = (
    bytes
    | SimpleString
    | int
    | float
    | bool
    | None
    | _NullArray
    | list
    | tuple
    | dict
    | BaseException
)
