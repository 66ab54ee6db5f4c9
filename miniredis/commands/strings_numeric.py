"""Counters on strings (Redis's ``t_string.c``): INCR, DECR, INCRBY, DECRBY, INCRBYFLOAT.

Redis has no number type. A counter is a *string* whose bytes happen to be a number, and each
of these commands reads the text, does the arithmetic, and stores the result as text again:
``SET n 10`` then ``INCR n`` leaves the bytes ``11``, so ``GET n``, ``APPEND n 0`` and
``STRLEN n`` all see a string. A missing key counts as 0. The TTL is kept: incrementing
*modifies* the value, it does not replace the key.

**Integers** (INCR, DECR, INCRBY, DECRBY) are signed 64-bit, parsed as strictly as Redis's
``string2ll``: ``" 1"``, ``"+1"``, ``"01"`` and ``"1.0"`` are ``value is not an integer or out
of range``. A result outside 64 bits is refused with ``increment or decrement would overflow``
and nothing changes; ``DECRBY k -9223372036854775808`` is refused earlier with ``decrement would
overflow``, because negating the smallest 64-bit integer overflows.

**Floats** (INCRBYFLOAT) are computed in C's ``long double`` -- on x86-64 the 80-bit x87 format,
with 64 bits of mantissa -- and written back in "human" form, ``%.17Lf`` with trailing zeros
removed: ``0.1`` plus ``0.2`` stores ``0.3``, and ``1e400`` (too big for a double, fine for a
long double) stores 401 digits. miniredis reproduces that exactly with fractions
(``args.parse_long_double``, ``encoder.round_long_double`` and ``format_long_double``). A result
that is infinite (``INCRBYFLOAT k inf``) is refused with ``increment would produce NaN or
Infinity``. The reply is the stored text as a bulk string, in RESP3 too.
"""

from __future__ import annotations

from miniredis import errors
from miniredis.commands.args import INT64_MAX, INT64_MIN, parse_int, parse_long_double
from miniredis.commands.table import command
from miniredis.errors import CommandError
from miniredis.protocol.encoder import format_long_double, round_long_double
from miniredis.session import Session

_OVERFLOW = CommandError(errors.OVERFLOW)


def _incr_decr(ctx: Session, key: bytes, delta: int) -> int:
    """Redis's ``incrDecrCommand``: add ``delta`` to the integer at ``key``, keeping its TTL."""
    db = ctx.db
    value = db.get_string(key)
    result = delta if value is None else parse_int(value) + delta
    if not INT64_MIN <= result <= INT64_MAX:
        raise _OVERFLOW
    db.set(key, b"%d" % result, keepttl=True)
    return result


@command(
    "incr",
    arity=2,
    flags="write denyoom fast",
    keys=(1, 1, 1),
    group="string",
    since="1.0.0",
    summary="Increment the integer value of a key by one",
    complexity="O(1)",
)
def incr(ctx: Session, key: bytes) -> int:
    """INCR key  ->  integer: the value after adding 1."""
    return _incr_decr(ctx, key, 1)


@command(
    "decr",
    arity=2,
    flags="write denyoom fast",
    keys=(1, 1, 1),
    group="string",
    since="1.0.0",
    summary="Decrement the integer value of a key by one",
    complexity="O(1)",
)
def decr(ctx: Session, key: bytes) -> int:
    """DECR key  ->  integer: the value after subtracting 1."""
    return _incr_decr(ctx, key, -1)


@command(
    "incrby",
    arity=3,
    flags="write denyoom fast",
    keys=(1, 1, 1),
    group="string",
    since="1.0.0",
    summary="Increment the integer value of a key by the given amount",
    complexity="O(1)",
)
def incrby(ctx: Session, key: bytes, increment: bytes) -> int:
    """INCRBY key increment  ->  integer: the value after adding ``increment``.

    The increment is parsed before the key is looked at: ``INCRBY list x`` is a
    not-an-integer error, not WRONGTYPE.
    """
    return _incr_decr(ctx, key, parse_int(increment))


@command(
    "decrby",
    arity=3,
    flags="write denyoom fast",
    keys=(1, 1, 1),
    group="string",
    since="1.0.0",
    summary="Decrement the integer value of a key by the given number",
    complexity="O(1)",
)
def decrby(ctx: Session, key: bytes, decrement: bytes) -> int:
    """DECRBY key decrement  ->  integer: the value after subtracting ``decrement``."""
    amount = parse_int(decrement)
    if amount == INT64_MIN:
        raise CommandError(errors.DECR_OVERFLOW)
    return _incr_decr(ctx, key, -amount)


@command(
    "incrbyfloat",
    arity=3,
    flags="write denyoom fast",
    keys=(1, 1, 1),
    group="string",
    since="2.6.0",
    summary="Increment the float value of a key by the given amount",
    complexity="O(1)",
)
def incrbyfloat(ctx: Session, key: bytes, increment: bytes) -> bytes:
    """INCRBYFLOAT key increment  ->  bulk string: the new value, as stored.

    Checks in Redis's order: the key's type, then its value, then the increment (each
    ``value is not a valid float``), then the sum. The TTL is kept.
    """
    db = ctx.db
    value = db.get_string(key)
    current = 0 if value is None else parse_long_double(value)
    amount = parse_long_double(increment)
    if isinstance(current, float) or isinstance(amount, float):  # an infinity
        raise CommandError(errors.INCR_NAN_OR_INF)
    try:
        result = round_long_double(current + amount)
    except OverflowError:
        raise CommandError(errors.INCR_NAN_OR_INF) from None
    text = format_long_double(result)
    db.set(key, text, keepttl=True)
    return text
