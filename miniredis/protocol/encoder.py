"""RESP encoding: the one place that turns reply values into bytes, for RESP2 or RESP3.

Redis's command code never writes protocol either. It calls ``addReply*`` helpers in
``networking.c`` and each helper looks at ``c->resp`` (2 or 3) to pick the bytes. This module
is those helpers for miniredis: a handler returns a value from ``replies.py``'s table and
:func:`encode_into` writes it for the session's protocol.

The RESP types, with the Redis helper that writes each one::

    +OK\\r\\n                 simple string   addReplyStatus        (SimpleString)
    -ERR msg\\r\\n            error           addReplyError         (CommandError)
    :42\\r\\n                 integer         addReplyLongLong      (int)
    $5\\r\\nhello\\r\\n         bulk string     addReplyBulk          (bytes)
    *2\\r\\n...              array           addReplyArrayLen      (list, tuple)
    _\\r\\n                   null (RESP3)    addReplyNull          (None, NULL_ARRAY)
    #t\\r\\n                  boolean (RESP3) addReplyBool          (bool)
    ,1.5\\r\\n                double (RESP3)  addReplyDouble        (float)
    (123...\\r\\n             big number      addReplyBigNum        (BigNumber)
    =6\\r\\ntxt:hi\\r\\n         verbatim        addReplyVerbatim      (Verbatim)
    %1\\r\\nk v              map (RESP3)     addReplyMapLen        (dict)
    ~2\\r\\n...              set (RESP3)     addReplySetLen        (RespSet, set)
    >3\\r\\n...              push (RESP3)    addReplyPushLen       (Push)

RESP2 has only the first five, so Redis *downgrades* the others (``replies.py`` has the table):
null becomes ``$-1`` (or ``*-1`` for a null array), a boolean ``:1``/``:0``, a double or big
number a bulk string, a verbatim string a bulk string without its ``txt:`` prefix, a map a flat
array of 2n items, a set or push a plain array.

Doubles are printed the way Redis 7.0 prints them (checked against redis-server 7.0.15):

- replies (ZSCORE, ZINCRBY, Lua ``{double=x}``): ``addReplyDouble`` formats with ``%.17g`` in
  both protocols, e.g. ``1.5``, ``0.10000000000000001``, ``1e+20``, ``3``, ``-0``, ``inf``,
  ``-inf``; a NaN prints as ``nan`` or ``-nan`` (glibc shows the sign bit). See
  :func:`format_double`.
- INCRBYFLOAT and HINCRBYFLOAT compute in ``long double`` (80-bit x87 on x86-64) and store the
  result as a string in "human" mode (``ld2string(..., LD_STR_HUMAN)``): ``%.17Lf``, trailing
  zeros and a trailing dot removed, ``-0`` turned into ``0``. So ``0.1`` then ``+0.2`` gives
  ``0.3``, ``1e20`` gives ``100000000000000000000``, ``1e-18`` gives ``0``. The reply is that
  string as a bulk string, in RESP3 too. See :func:`round_long_double` and
  :func:`format_long_double`.

Speed: this runs once per reply, so the common shapes come first (``type(v) is bytes``), small
integers and common statuses are pre-encoded once (Redis's ``createSharedObjects``), and an
array of bulk strings is written without a call per item. Unusual types go through a table
keyed by type, then by the type's MRO for subclasses.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from fractions import Fraction
from itertools import chain
from typing import Any

from miniredis.errors import CommandError
from miniredis.protocol.replies import (
    BigNumber,
    Encoded,
    Push,
    RespSet,
    SimpleString,
    Verbatim,
    _NoReply,
    _NullArray,
)

CRLF = b"\r\n"

# --- pre-encoded replies (Redis's shared objects) --------------------------------------------
RESP_OK = b"+OK\r\n"
RESP_PONG = b"+PONG\r\n"
RESP_QUEUED = b"+QUEUED\r\n"
RESP_ZERO = b":0\r\n"
RESP_ONE = b":1\r\n"
RESP_NULL_BULK = b"$-1\r\n"  # RESP2 null (shared.null[2])
RESP_NULL_ARRAY = b"*-1\r\n"  # RESP2 null array (shared.nullarray[2])
RESP3_NULL = b"_\r\n"  # RESP3 null, for both (shared.null[3])
RESP_EMPTY_ARRAY = b"*0\r\n"

SMALL_INT_MIN = -1
SMALL_INT_MAX = 10000
_SMALL_INTS: tuple[bytes, ...] = tuple(
    b":%d\r\n" % i for i in range(SMALL_INT_MIN, SMALL_INT_MAX + 1)
)
_STATUSES: dict[bytes, bytes] = {b"OK": RESP_OK, b"PONG": RESP_PONG, b"QUEUED": RESP_QUEUED}

# A bulk string larger than this is appended as header, body, CRLF: the body is then copied
# once (by the final join) instead of twice.
_SPLIT_BULK_OVER = 16 * 1024

# "$<n>\r\n" for the lengths of most values: the items of an array (LRANGE, MGET, HGETALL)
# are then appended as (header, item, CRLF) with no number formatted per item, about a third
# faster than a %-format each (benchmarks/test_encoder_bench.py, "encode: array-100").
_BULK_HEADERS: tuple[bytes, ...] = tuple(b"$%d\r\n" % n for n in range(512))
_BULK_HEADERS_UPTO = len(_BULK_HEADERS)


# --- doubles --------------------------------------------------------------------------------
def format_double(x: float) -> bytes:
    """Redis's ``addReplyDouble`` text: C ``%.17g``, as in ZSCORE's reply (RESP2 and RESP3).

    ``1.5`` -> ``1.5``, ``0.1`` -> ``0.10000000000000001``, ``1e20`` -> ``1e+20``,
    ``3.0`` -> ``3``, ``-0.0`` -> ``-0``, infinities -> ``inf``/``-inf``, NaN -> ``nan``
    or ``-nan`` depending on its sign bit, as glibc prints it.
    """
    if math.isnan(x):
        return b"-nan" if math.copysign(1.0, x) < 0 else b"nan"
    return b"%.17g" % x


_LD_MANTISSA_BITS = 64  # x87 extended precision keeps 64 significant bits
_LD_MIN_ULP_EXP = -16445  # exponent of the smallest subnormal long double
_LD_MAX = Fraction((1 << 64) - 1) * Fraction(2) ** (16383 - 63)


def round_long_double(q: Fraction) -> Fraction:
    """The x87 ``long double`` nearest to ``q`` (ties to even), as ``strtold`` or ``+`` give it.

    INCRBYFLOAT is ``strtold(current) + strtold(increment)``, each step rounded to 64 bits of
    mantissa. Emulate it exactly with fractions: ``round_long_double(a + b)`` where ``a`` and
    ``b`` are ``round_long_double(Fraction(text))``. Python floats would differ (0.1 + 0.2).
    Raises ``OverflowError`` when the result would be infinite.
    """
    if q == 0:
        return Fraction(0)
    a = abs(q)
    exp = a.numerator.bit_length() - a.denominator.bit_length()
    if Fraction(2) ** exp > a:
        exp -= 1  # now 2**exp <= a < 2**(exp + 1)
    ulp = Fraction(2) ** max(exp - (_LD_MANTISSA_BITS - 1), _LD_MIN_ULP_EXP)
    rounded = round(a / ulp) * ulp
    if rounded > _LD_MAX:
        raise OverflowError("long double overflow")
    return rounded if q > 0 else -rounded


def format_long_double(x: float | Fraction) -> bytes:
    """INCRBYFLOAT's text: ``ld2string(LD_STR_HUMAN)``, i.e. ``%.17Lf`` without trailing zeros.

    ``0.3`` -> ``0.3``, ``1e20`` -> ``100000000000000000000``, ``1e-18`` -> ``0``,
    ``-0.0`` -> ``0``, ``3.0`` -> ``3``; infinities -> ``inf``/``-inf``. Rounding at the 17th
    decimal is to nearest, ties to even, on the exact binary value (glibc's printf).
    """
    if isinstance(x, float):
        if math.isinf(x):
            return b"inf" if x > 0 else b"-inf"
        x = Fraction(x)
    scaled = round(x * 10**17)
    digits = _decimal_digits(abs(scaled)).rjust(18, b"0")
    whole, frac = digits[:-17], digits[-17:].rstrip(b"0")
    text = whole + b"." + frac if frac else whole
    return b"-" + text if scaled < 0 else text


_CHUNK = 10**1000


def _decimal_digits(n: int) -> bytes:
    """``n`` in decimal, also past Python's 4300-digit int-to-str guard (long doubles reach
    4933 digits: ``SET f 1.1e4932`` then ``INCRBYFLOAT f 0``)."""
    if n < _CHUNK:
        return b"%d" % n
    high, low = divmod(n, _CHUNK)
    return _decimal_digits(high) + _decimal_digits(low).rjust(1000, b"0")


# --- the encoder ----------------------------------------------------------------------------
def encode(value: Any, protocol: int) -> bytes:
    """Encode one reply value for RESP ``protocol`` (2 or 3) and return the bytes."""
    out: list[bytes] = []
    encode_into(out, value, protocol)
    return out[0] if len(out) == 1 else b"".join(out)


def encode_into(out: list[bytes], value: Any, protocol: int) -> None:
    """Append the encoding of ``value`` to ``out``; the connection joins a batch and sends once.

    Raises ``TypeError`` for a value outside ``replies.py``'s table (``str`` included: a
    handler must return bytes).
    """
    t = type(value)
    if t is bytes and len(value) < _BULK_HEADERS_UPTO:  # a small bulk: no formatting at all
        out += (_BULK_HEADERS[len(value)], value, CRLF)
    elif t is bytes and len(value) <= _SPLIT_BULK_OVER:
        out.append(b"$%d\r\n%s\r\n" % (len(value), value))
    elif t is int:
        if SMALL_INT_MIN <= value <= SMALL_INT_MAX:
            out.append(_SMALL_INTS[value - SMALL_INT_MIN])
        else:
            out.append(b":%d\r\n" % value)
    elif t is SimpleString:
        out.append(_STATUSES.get(value) or b"+" + value + CRLF)
    elif value is None:
        out.append(RESP3_NULL if protocol == 3 else RESP_NULL_BULK)
    elif t is list or t is tuple:
        _array(out, b"*%d\r\n", value, protocol)
    else:
        encoder = _BY_TYPE.get(t) or _lookup_mro(t)
        encoder(out, value, protocol)


def _bulk(out: list[bytes], value: bytes) -> None:
    """``$<len>\\r\\n<bytes>\\r\\n`` (addReplyBulk): binary-safe, the workhorse of RESP."""
    if len(value) > _SPLIT_BULK_OVER:
        out += (b"$%d\r\n" % len(value), value, CRLF)
    else:
        out.append(b"$%d\r\n%s\r\n" % (len(value), value))


def _array(out: list[bytes], header: bytes, items: Any, protocol: int) -> None:
    """An aggregate: ``header % count`` then each item."""
    out.append(header % len(items))
    _items(out, items, protocol)


def _items(out: list[bytes], items: Iterable[Any], protocol: int) -> None:
    """Each item of an aggregate; bulk strings inlined, the rest through :func:`encode_into`."""
    headers, upto = _BULK_HEADERS, _BULK_HEADERS_UPTO
    for item in items:
        if type(item) is bytes and len(item) < upto:
            out += (headers[len(item)], item, CRLF)
        else:
            encode_into(out, item, protocol)


Encoder = Callable[[list[bytes], Any, int], None]


def _encode_bytes(out: list[bytes], value: bytes, protocol: int) -> None:
    _bulk(out, bytes(value))


def _encode_simple(out: list[bytes], value: bytes, protocol: int) -> None:
    """``+text`` (addReplyStatus): one line, no CR or LF inside."""
    out.append(b"+" + bytes(value) + CRLF)


def _encode_int(out: list[bytes], value: int, protocol: int) -> None:
    """``:n`` (addReplyLongLong): a signed 64-bit integer."""
    out.append(b":%d\r\n" % value)


def _encode_bool(out: list[bytes], value: bool, protocol: int) -> None:
    """``#t``/``#f`` (addReplyBool); RESP2 has no boolean, so ``:1``/``:0``."""
    if protocol == 3:
        out.append(b"#t\r\n" if value else b"#f\r\n")
    else:
        out.append(RESP_ONE if value else RESP_ZERO)


def _encode_float(out: list[bytes], value: float, protocol: int) -> None:
    """``,1.5`` (addReplyDouble); RESP2 sends the same ``%.17g`` text as a bulk string."""
    text = format_double(value)
    if protocol == 3:
        out.append(b"," + text + CRLF)
    else:
        _bulk(out, text)


def _encode_big_number(out: list[bytes], value: int, protocol: int) -> None:
    """``(digits`` (addReplyBigNum); a bulk string of the digits in RESP2."""
    if protocol == 3:
        out.append(b"(%d\r\n" % value)
    else:
        _bulk(out, b"%d" % value)


def _encode_verbatim(out: list[bytes], value: bytes, protocol: int) -> None:
    """``=<len>\\r\\ntxt:<text>`` (addReplyVerbatim): the length counts the 4-byte format."""
    if protocol == 3:
        out += (b"=%d\r\ntxt:" % (len(value) + 4), bytes(value), CRLF)
    else:
        _bulk(out, bytes(value))


def _encode_null_array(out: list[bytes], value: _NullArray, protocol: int) -> None:
    """RESP2 tells a missing array (``*-1``, e.g. BLPOP timing out) from a missing string."""
    out.append(RESP3_NULL if protocol == 3 else RESP_NULL_ARRAY)


def _encode_no_reply(out: list[bytes], value: _NoReply, protocol: int) -> None:
    """NO_REPLY (SHUTDOWN): nothing goes on the wire."""


def _encode_list(out: list[bytes], value: list[Any], protocol: int) -> None:
    _array(out, b"*%d\r\n", value, protocol)


def _encode_set(out: list[bytes], value: Any, protocol: int) -> None:
    """``~n`` (addReplySetLen); a plain array in RESP2."""
    _array(out, b"~%d\r\n" if protocol == 3 else b"*%d\r\n", value, protocol)


def _encode_push(out: list[bytes], value: list[Any], protocol: int) -> None:
    """``>n`` (addReplyPushLen): out-of-band data such as pub/sub messages; ``*n`` in RESP2."""
    _array(out, b">%d\r\n" if protocol == 3 else b"*%d\r\n", value, protocol)


def _encode_map(out: list[bytes], value: dict[Any, Any], protocol: int) -> None:
    """``%n`` then key, value, ... (addReplyMapLen); RESP2 gets a flat array of 2n items."""
    if protocol == 3:
        out.append(b"%%%d\r\n" % len(value))
    else:
        out.append(b"*%d\r\n" % (2 * len(value)))
    _items(out, chain.from_iterable(value.items()), protocol)


def _encode_error(out: list[bytes], value: CommandError, protocol: int) -> None:
    """``-CODE message`` (addReplyError): the text already carries its code, e.g. ``ERR``."""
    out += (b"-", value.message, CRLF)


def _encode_encoded(out: list[bytes], value: bytes, protocol: int) -> None:
    """Encoded: bytes that are already a RESP reply."""
    out.append(bytes(value))


_BY_TYPE: dict[type, Encoder] = {
    Encoded: _encode_encoded,
    bytes: _encode_bytes,
    SimpleString: _encode_simple,
    Verbatim: _encode_verbatim,
    int: _encode_int,
    bool: _encode_bool,
    BigNumber: _encode_big_number,
    float: _encode_float,
    _NullArray: _encode_null_array,
    _NoReply: _encode_no_reply,
    list: _encode_list,
    tuple: _encode_list,
    RespSet: _encode_set,
    set: _encode_set,
    frozenset: _encode_set,
    Push: _encode_push,
    dict: _encode_map,
    CommandError: _encode_error,
}


def _lookup_mro(t: type) -> Encoder:
    """Subclasses (an ``IntEnum``, a ``ProtocolError``) encode like their nearest known base."""
    for base in t.__mro__:
        encoder = _BY_TYPE.get(base)
        if encoder is not None:
            return encoder
    raise TypeError(f"cannot encode {t.__name__} as a RESP reply")
