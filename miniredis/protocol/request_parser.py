"""The server's request parser: bytes from a client in, complete commands out (sans-I/O).

**What a client sends.** Every Redis request is a list of binary strings, the command name
first. It arrives in one of two framings (``processInputBuffer`` in Redis's ``networking.c``
looks at the first byte to choose):

- *multibulk*, what every client library sends: ``*<count>\\r\\n`` then, per argument,
  ``$<length>\\r\\n<bytes>\\r\\n``. ``SET k hello`` is
  ``*3\\r\\n$3\\r\\nSET\\r\\n$1\\r\\nk\\r\\n$5\\r\\nhello\\r\\n``. Lengths frame the data, so an
  argument may hold any byte, CR and LF included (``processMultibulkBuffer``).
- *inline*, for people at ``telnet``: anything not starting with ``*`` is one line up to
  ``\\n`` (a ``\\r`` before it is dropped), split into arguments with Redis's quoting rules
  (``processInlineBuffer``; the rules are in ``inline.py``).

**Why resumable.** TCP delivers a byte stream, not messages: one read may hold half a
command, or fifty commands and a half (pipelining). So ``feed(data)`` returns *every*
complete command now buffered, and keeps the progress of the incomplete one, as Redis keeps
``c->multibulklen`` (arguments still to read) and ``c->bulklen`` (length of the one being read)
between reads. Completed arguments are never parsed twice, and an incomplete line or bulk is
accumulated and only looked at again where it left off: a 1 MiB value sent in 1,000 pieces,
or a command with 100,000 arguments, costs linear time.

**Why close after a protocol error.** After a malformed frame the parser no longer knows where
the next command starts; guessing could run bytes of a value as a command. Redis answers
``-ERR Protocol error: ...`` and closes (``setProtocolError`` sets ``CLIENT_CLOSE_AFTER_REPLY``):
commands before the bad frame run and get replies, nothing after it runs. ``feed`` returns the
commands before the error and sets ``error``; the parser is dead from then on.

**The limits** are Redis's (``limits.py``): 64 KiB for a line still waiting for its end,
``*count`` up to ``INT_MAX``, ``$len`` up to ``proto-max-bulk-len``, the query buffer up to
``client-query-buffer-limit``, and smaller limits while the client must still AUTH. Redis
checks the line and buffer limits after each read(2), and this parser after each ``feed``, so
a 70 KB inline line arriving in one read is accepted by both. Numbers are read like Redis's
``string2ll``: digits only, no ``+``, no leading zero, no spaces.

**Redis's quirks, kept on purpose** (each verified against redis-server 7.0): a line ends at
the first ``\r`` (``\n`` for inline), and the byte after that ``\r`` is skipped unseen;
the two bytes after a bulk body are skipped unseen too. Line ends are found with C's
``strchr``, which stops at a NUL byte: a NUL before the end hides it, and Redis waits until
the 64 KiB limit closes the connection.

**Two engines, one behaviour.** The pure-Python state machine below is the reference: it gives
Redis's exact error for every malformed input. When the ``hiredis`` package is installed,
well-formed multibulk requests (nearly all traffic) are cut by its C reader instead, several
times faster. hiredis is a *reply* parser and accepts more than a request may contain (``+x`` or
``:1`` elements, nested arrays, ...), so each command it returns is checked against its own
bytes: every element must be a ``$`` bulk at the offset the canonical encoding predicts. At the
first command that fails the check, or anything hiredis rejects or has not finished, the
Python parser takes over from the last verified command. ``RequestParser(use_hiredis=False)``
runs the Python parser only.
"""

from __future__ import annotations

import re
from typing import Any

from miniredis import errors
from miniredis.errors import ProtocolError
from miniredis.protocol import limits
from miniredis.protocol.inline import split_args

try:
    import hiredis
except ImportError:  # pragma: no cover - hiredis is a declared dependency
    hiredis = None

Command = list[bytes]

_STAR, _DOLLAR, _TILDE, _PIPE, _GT = b"*$~|>"
_INLINE_MAX = limits.PROTO_INLINE_MAX_SIZE

# The size of the canonical encoding, "*<n>\r\n" and "$<len>\r\n<len bytes>\r\n", for small n.
_SIZES = 1024
_ARRAY_HEADER_SIZE = [len(b"*%d\r\n" % n) for n in range(_SIZES)]
_BULK_SIZE = [len(b"$%d\r\n" % n) + n + 2 for n in range(_SIZES)]

# hiredis allocates a Python list of the announced size as soon as it reads an aggregate header
# ("*", "~", "|" or ">" then a count), and freeing an unfilled list of 2**31 slots takes seconds:
# one 13-byte "*2147483647\r\n" would stall the server. So input holding any such header with
# a count of 7 digits or more (possibly inside a value: a false alarm only costs speed) is
# left to the Python parser, which allocates nothing in advance.
_BIG_ARRAY = re.compile(rb"\*[0-9]{7}")
_BIG_OTHER_AGGREGATE = re.compile(rb"[~|>][0-9]{7}")

# Input longer than _SCAN_OVER is cut in Python, one command at a time, until a command
# shorter than _LARGE_COMMAND shows that hiredis would pay off (see RequestParser._hiredis).
_SCAN_OVER = 16 * 1024
_LARGE_COMMAND = 4 * 1024

# The arguments of "no request in progress": the parser makes a new list when a request
# starts, so an idle connection holds no list of its own. A tuple: appending would fail loudly.
_NO_ARGS: Any = ()

# What an incomplete request waits for (kept in self._wait while bytes accumulate).
_READY, _LINE, _BODY = 0, 1, 2


class QueryBufferOverflow(ProtocolError):
    """The client's unparsed input outgrew ``client-query-buffer-limit``.

    Redis logs ``Closing client that reached max query buffer length`` and closes the
    connection *without a reply* (``readQueryFromClient``). The parser reports it as
    ``error`` with ``overflow`` set: the caller must close without sending this error.
    """


def string2ll(s: bytes) -> int | None:
    """Parse ``s`` like Redis's ``string2ll`` (``util.c``), or return None.

    Exactly the canonical decimal form of a signed 64-bit integer: ``0``, ``-5``, ``42``;
    not ``+1``, ``01``, ``-0``, `` 1``, ``1 `` or an empty string.
    """
    negative = s[:1] == b"-"
    digits = s[1:] if negative else s
    if not digits.isdigit() or len(s) >= limits.LONG_STR_SIZE:
        return None
    if digits[0] == 48 and (len(digits) > 1 or negative):  # "01", "-0"
        return None
    value = int(s)
    return value if limits.LLONG_MIN <= value <= limits.LLONG_MAX else None


class RequestParser:
    """Turns a client's byte stream into commands; one instance per connection.

    ``feed(data)`` returns every complete command (a list of ``bytes``, name as sent).
    ``error`` is None or the ``ProtocolError`` of the first malformed request (a
    ``QueryBufferOverflow``, with ``overflow`` True, when the buffer limit was crossed: close
    without replying). While ``unauthenticated`` is True (the caller sets it), ``feed`` hands
    out at most one command per call, so that the caller can run AUTH before the next header
    is judged by the unauthenticated limits; call ``feed(b"")`` until it returns ``[]``.
    ``buffered`` is the number of bytes held for the incomplete request (CLIENT LIST qbuf).
    """

    __slots__ = (
        "_acc",
        "_args",
        "_bulklen",
        "_left",
        "_need",
        "_pos",
        "_raw",
        "_reader",
        "_stuck",
        "_use_hiredis",
        "_wait",
        "error",
        "max_bulk_len",
        "overflow",
        "query_buffer_limit",
        "unauthenticated",
    )

    def __init__(
        self,
        *,
        max_bulk_len: int = limits.PROTO_MAX_BULK_LEN,
        query_buffer_limit: int = limits.CLIENT_QUERY_BUFFER_LIMIT,
        use_hiredis: bool = True,
    ) -> None:
        self.max_bulk_len = max_bulk_len
        self.query_buffer_limit = query_buffer_limit
        self.unauthenticated = False
        self.error: ProtocolError | None = None
        self.overflow = False
        self._use_hiredis = use_hiredis and hiredis is not None
        self._reader: hiredis.Reader | None = None
        # Unparsed input is self._raw[self._pos:] ...
        self._raw = b""
        self._pos = 0
        # ... or, while a line or a bulk body is incomplete, self._acc (growing in place).
        self._acc: bytearray | None = None
        self._wait = _READY
        self._need = 0  # _BODY: bytes _acc must reach; _LINE: where to resume the search
        self._stuck = False  # a NUL came before the line's end: Redis's strchr never finds it
        # The multibulk request being read: Redis's c->multibulklen, c->bulklen, c->argv.
        self._left = 0
        self._bulklen = -1
        self._args: Command = _NO_ARGS  # a new list per request, made when one starts

    @property
    def buffered(self) -> int:
        """Bytes held for a request not yet complete (Redis's ``qbuf`` in CLIENT LIST)."""
        if self._acc is not None:
            return len(self._acc)
        return len(self._raw) - self._pos

    @property
    def uses_hiredis(self) -> bool:
        """True when well-formed multibulk requests are cut by hiredis's C reader."""
        return self._use_hiredis

    # --- feeding --------------------------------------------------------------------------
    def feed(self, data: bytes) -> list[Command]:
        """Add ``data`` (possibly empty) and return the commands now complete, in order."""
        if self.error is not None:
            return []
        if type(data) is not bytes:
            data = bytes(data)
        out: list[Command] = []
        acc = self._acc
        if (  # the hot path: nothing pending, and hiredis can take it all
            acc is None
            and not self._raw
            and data[:1] == b"*"
            and self._use_hiredis
            and not self.unauthenticated
            and len(data) <= self.max_bulk_len
            and len(data) <= self.query_buffer_limit
        ):
            pos = self._hiredis(data, 0, out)
            if pos < len(data):
                self._parse(data, pos, out, False)
            return out
        if acc is not None:  # an incomplete line or bulk: grow it, look only at what is new
            if len(acc) + len(data) > self.query_buffer_limit:
                return self._overflow()
            acc += data
            if self._wait == _BODY:
                if len(acc) < self._need:
                    return out
                raw = self._finish_body(acc, out)
            else:
                if not self._line_complete(acc):
                    return out
                raw = bytes(acc)
            self._acc = None
            self._wait = _READY
            pos = 0
        elif self._pos < len(self._raw):  # complete requests left over (one-at-a-time mode)
            if data:
                raw = self._raw[self._pos :] + data
                pos = 0
            else:
                raw, pos = self._raw, self._pos
            if len(raw) - pos > self.query_buffer_limit:
                return self._overflow()
        else:
            if len(data) > self.query_buffer_limit:
                return self._overflow()
            raw, pos = data, 0
        self._raw, self._pos = b"", 0
        if pos < len(raw):
            self._parse(raw, pos, out)
        return out

    def _overflow(self) -> list[Command]:
        self.overflow = True
        self._die(QueryBufferOverflow("Closing client that reached max query buffer length"))
        return []

    def _die(self, error: ProtocolError) -> None:
        """Record the first protocol error; the parser returns nothing after it."""
        self.error = error
        self._raw, self._pos, self._acc, self._args, self._reader = b"", 0, None, _NO_ARGS, None

    def _finish_body(self, acc: bytearray, out: list[Command]) -> bytes:
        """The awaited bulk body is complete in ``acc``: take it, return the bytes after it."""
        with memoryview(acc) as view:
            self._args.append(view[: self._bulklen].tobytes())
            rest = view[self._need :].tobytes()
        self._bulklen = -1
        self._left -= 1
        if not self._left:
            out.append(self._args)
            self._args = _NO_ARGS
        return rest

    def _line_complete(self, acc: bytearray) -> bool:
        """Has the awaited line end arrived? Also applies the 64 KiB limit meanwhile."""
        if not self._stuck:
            inline = self._left == 0 and acc[0] != _STAR
            end = acc.find(b"\n" if inline else b"\r", self._need)
            if end >= 0 and (inline or end + 1 < len(acc)):
                return True  # the parser will look at it (and may find it stuck on a NUL)
            if end >= 0:  # "\r" is the last byte: wait for one more, no size check (Redis)
                self._need = end
                return False
            self._need = len(acc)
        if len(acc) > _INLINE_MAX:
            self._die(ProtocolError(self._too_big_error(acc[0])))
        return False

    def _too_big_error(self, first: int) -> str:
        if self._left:
            return errors.PROTO_BIG_BULK_COUNT
        return errors.PROTO_BIG_MBULK_COUNT if first == _STAR else errors.PROTO_BIG_INLINE

    # --- parsing --------------------------------------------------------------------------
    def _parse(self, raw: bytes, pos: int, out: list[Command], try_hiredis: bool = True) -> None:
        """Parse ``raw[pos:]``: hiredis for a run of multibulk requests, Python for the rest.
        hiredis gets one try per feed, so bytes it stops at are never handed to it twice."""
        limit = 1 if self.unauthenticated else 1 << 62  # commands this feed() may return
        if self._left and len(out) < limit:  # first finish the request in progress
            pos = self._python(raw, pos, out, len(out) + 1)
        if (
            try_hiredis
            and self._use_hiredis
            and not self.unauthenticated
            and self._wait == _READY
            and self.error is None
            and pos < len(raw)
            and raw[pos] == _STAR
            and len(raw) - pos <= self.max_bulk_len
        ):
            pos = self._hiredis(raw, pos, out)
        if self._wait == _READY and self.error is None and pos < len(raw):
            pos = self._python(raw, pos, out, limit)
        if self.error is not None:
            return
        if self._wait != _READY:
            self._acc = bytearray(memoryview(raw)[pos:])
        elif pos < len(raw):
            self._raw, self._pos = raw, pos

    def _hiredis(self, raw: bytes, pos: int, out: list[Command]) -> int:
        """Cut verified multibulk commands from ``raw[pos:]`` with hiredis; return where the
        verified part ends (the Python parser takes it from there)."""
        # The safety scan below costs ~0.25 ns per byte, 250 us for a 1 MiB value, ten times
        # what the Python parser needs to cut that value out. So while much input is left, a
        # command is first cut in Python; once one turns out small, hiredis takes the rest.
        while len(raw) - pos > _SCAN_OVER:
            start = pos
            pos = self._python(raw, pos, out, len(out) + 1)
            if self._left or self._wait != _READY or self.error is not None:
                return pos  # stopped inside a request: the caller keeps what is left
            if pos - start < _LARGE_COMMAND:
                break
        if _BIG_ARRAY.search(raw, pos) or (
            (_TILDE in raw or _PIPE in raw or _GT in raw) and _BIG_OTHER_AGGREGATE.search(raw, pos)
        ):
            return pos
        reader = self._reader
        if reader is None:
            reader = self._reader = hiredis.Reader()
        reader.feed(raw, pos)
        gets = reader.gets
        good = pos  # end of the last command known to be exactly what Redis would parse
        try:
            while (cmd := gets()) is not False:
                # The canonical bytes of cmd: "*" at good, then "$" before each argument at the
                # offsets its length predicts. A "+x", ":1", "=..." or nested element, a "~"
                # set... all put another byte there (sizes are exact once the type bytes are).
                try:
                    if raw[good] != _STAR:
                        break
                    at = good + _ARRAY_HEADER_SIZE[len(cmd)]
                    for arg in cmd:
                        if raw[at] != _DOLLAR:
                            break
                        at += _BULK_SIZE[len(arg)]
                    else:
                        good = at
                        if cmd:  # "*0" is skipped, as Redis does
                            out.append(cmd)
                        continue
                    break
                except IndexError:  # a count or a length past the tables: check it in full
                    at = _canonical_end(raw, good, cmd)
                    if at < 0:
                        break
                    good = at
                    if cmd:
                        out.append(cmd)
        except Exception:  # whatever hiredis refuses, the Python parser judges exactly
            pass
        if good != len(raw):  # the reader holds bytes past `good`: start afresh next time
            self._reader = None
        return good

    def _python(self, raw: bytes, pos: int, out: list[Command], limit: int) -> int:
        """Redis's processInlineBuffer/processMultibulkBuffer over ``raw[pos:]``, until the
        data ends, ``out`` holds ``limit`` commands, or an error. Returns the position reached
        and leaves ``self._wait`` set if it stopped inside a request."""
        end = len(raw)
        left, bulklen, args = self._left, self._bulklen, self._args
        unauthenticated, max_bulk_len = self.unauthenticated, self.max_bulk_len
        while True:
            if not left:
                if pos >= end or len(out) >= limit:
                    break
                if raw[pos] != _STAR:  # ---- an inline request: one line
                    eol = raw.find(b"\n", pos)
                    if eol < 0 or b"\x00" in raw[pos:eol]:
                        self._wait_line(raw, pos, eol >= 0, errors.PROTO_BIG_INLINE)
                        break
                    try:
                        cut = eol - 1 if eol > pos and raw[eol - 1] == 13 else eol  # "\r\n"
                        argv = split_args(raw[pos:cut])
                    except ProtocolError as exc:
                        self._die(exc)
                        break
                    pos = eol + 1
                    if argv:  # an empty line or only blanks: nothing to run
                        out.append(argv)
                    continue
                cr = raw.find(b"\r", pos)  # ---- a multibulk request: "*<count>\r\n"
                if cr < 0 or cr + 1 >= end:
                    self._wait_line(raw, pos, False, errors.PROTO_BIG_MBULK_COUNT, cr)
                    break
                digits = raw[pos + 1 : cr]
                if digits.isdigit() and len(digits) < 11 and (digits[0] != 48 or cr == pos + 2):
                    count = int(digits)
                else:
                    count = string2ll(digits)
                if count is None or count > limits.MAX_MULTIBULK_LEN:
                    if b"\x00" in digits:
                        self._wait_line(raw, pos, True, errors.PROTO_BIG_MBULK_COUNT)
                    else:
                        self._die(ProtocolError(errors.PROTO_INVALID_MULTIBULK_LEN))
                    break
                if unauthenticated and count > limits.UNAUTHENTICATED_MAX_MULTIBULK_LEN:
                    self._die(ProtocolError(errors.PROTO_UNAUTH_MBULK_LEN))
                    break
                pos = cr + 2  # Redis skips the byte after "\r" without looking at it
                if count <= 0:  # "*0", "*-1": nothing to run
                    continue
                left, args = count, []
            while left:  # ---- the arguments: "$<len>\r\n<bytes>\r\n" each
                if bulklen < 0:
                    cr = raw.find(b"\r", pos)
                    if cr < 0 or cr + 1 >= end:
                        self._wait_line(raw, pos, False, errors.PROTO_BIG_BULK_COUNT, cr)
                        break
                    if raw[pos] != _DOLLAR:
                        if b"\x00" in raw[pos:cr]:
                            self._wait_line(raw, pos, True, errors.PROTO_BIG_BULK_COUNT)
                        else:
                            got = raw[pos : pos + 1]
                            self._die(ProtocolError(errors.proto_expected_dollar(got)))
                        break
                    digits = raw[pos + 1 : cr]
                    if digits.isdigit() and len(digits) < 11 and (digits[0] != 48 or cr == pos + 2):
                        bulklen = int(digits)
                    else:
                        bulklen = string2ll(digits)
                    if bulklen is None or bulklen < 0 or bulklen > max_bulk_len:
                        if b"\x00" in digits:
                            self._wait_line(raw, pos, True, errors.PROTO_BIG_BULK_COUNT)
                        else:
                            self._die(ProtocolError(errors.PROTO_INVALID_BULK_LEN))
                        bulklen = -1
                        break
                    if unauthenticated and bulklen > limits.UNAUTHENTICATED_MAX_BULK_LEN:
                        self._die(ProtocolError(errors.PROTO_UNAUTH_BULK_LEN))
                        break
                    pos = cr + 2
                if end - pos < bulklen + 2:  # the body (and the 2 bytes after it) not all here
                    self._wait, self._need = _BODY, bulklen + 2
                    break
                args.append(raw[pos : pos + bulklen])
                pos += bulklen + 2  # Redis skips 2 bytes after the body without checking them
                bulklen = -1
                left -= 1
            if left:
                break
            out.append(args)
        # Between requests keep no list: the finished one belongs to the caller now.
        self._left, self._bulklen, self._args = left, bulklen, args if left else _NO_ARGS
        return pos

    def _wait_line(self, raw: bytes, pos: int, stuck: bool, too_big: str, cr: int = -1) -> None:
        """The line at ``pos`` has no usable end yet: wait for more, unless it is too long.

        ``stuck``: a NUL comes before the end. Redis looks for the end with ``strchr``, which
        stops at NUL, so it never finds it; it waits until the 64 KiB limit closes the client
        (redis's protocol.tcl "Protocol desync regression test"). ``cr`` >= 0: the ``\\r`` is
        the last byte; Redis waits for the byte after it and applies no limit meanwhile.
        """
        if cr < 0 and len(raw) - pos > _INLINE_MAX:
            self._die(ProtocolError(too_big))
            return
        self._wait, self._stuck = _LINE, stuck
        self._need = cr - pos if cr >= 0 else len(raw) - pos


def _canonical_end(raw: bytes, start: int, cmd: object) -> int:
    """Where ``cmd`` ends if ``raw[start:]`` holds its canonical multibulk encoding, else -1.
    The slow, exact form of the check in ``RequestParser._hiredis``, for counts and lengths
    past its tables. Only the headers need comparing: the bodies are the bytes hiredis read
    at the places those headers point to."""
    if type(cmd) is not list:
        return -1
    header = b"*%d\r\n" % len(cmd)
    if not raw.startswith(header, start):
        return -1
    at = start + len(header)
    for arg in cmd:
        if type(arg) is not bytes:
            return -1
        header = b"$%d\r\n" % len(arg)
        if not raw.startswith(header, at):
            return -1
        at += len(header) + len(arg) + 2
    return at
