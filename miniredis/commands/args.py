"""Typed argument converters: Redis's ``get*FromObjectOrReply`` family.

Every argument arrives as ``bytes``. A handler that needs a number calls one of these; each
either returns the value or raises ``CommandError`` with Redis's exact text, so handlers read
like the syntax line and never build error strings themselves.

Redis is strict, and so are these: ``string2ll`` (``util.c``) accepts an optional ``-`` and
decimal digits, nothing else -- no ``+``, no spaces, no leading zeros, no ``_`` -- and the
value must fit in a signed 64-bit integer. Python's ``int()`` accepts all of those, so it is
only called after the bytes pass the same test.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

from miniredis import errors
from miniredis.errors import CommandError
from miniredis.protocol.encoder import round_long_double

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

_INTEGER = re.compile(rb"-?(0|[1-9][0-9]*)\Z")
# strtod's decimal and hex forms, without leading space (Redis rejects it explicitly).
_FLOAT = re.compile(
    rb"[+-]?(([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?|0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*"
    rb"|\.[0-9a-fA-F]+)([pP][+-]?[0-9]+)?|inf|infinity|nan)\Z",
    re.IGNORECASE,
)


def is_int(value: bytes) -> bool:
    """True when ``value`` is a canonical signed 64-bit integer (string2ll)."""
    if not _INTEGER.match(value) or value == b"-0":
        return False
    return INT64_MIN <= int(value) <= INT64_MAX


def parse_int(value: bytes, message: str = errors.NOT_INTEGER) -> int:
    """A signed 64-bit integer, or ``ERR value is not an integer or out of range``."""
    if value.isdigit() and len(value) < 19 and (value[0] != 48 or len(value) == 1):
        return int(value)  # the common case, without the regex: up to 18 digits always fit
    if len(value) <= 20 and _INTEGER.match(value) and value != b"-0":
        number = int(value)
        if INT64_MIN <= number <= INT64_MAX:
            return number
    raise CommandError(message)


def parse_positive_int(value: bytes, message: str = errors.NOT_INTEGER) -> int:
    """An integer >= 0 (COUNT arguments and the like); negatives give ``message``."""
    number = parse_int(value, message)
    if number < 0:
        raise CommandError(message)
    return number


def parse_float(
    value: bytes, message: str = errors.NOT_FLOAT, *, allow_range_error: bool = False
) -> float:
    """A double as ``strtod`` reads it (``inf``, ``-inf``, hex floats); NaN and junk rejected.

    Like getDoubleFromObject, a value ``strtod`` flags with ERANGE is rejected too: one that
    overflows (``1e400``, unlike ``inf``) or a non-zero one that underflows to 0 (``1e-400``).
    ``allow_range_error`` keeps those as inf / 0 instead, as ZRANGEBYSCORE's bounds do.
    """
    if not _FLOAT.match(value):
        raise CommandError(message)
    text = value.decode("ascii")
    try:
        number = float(text)
    except ValueError:
        try:
            number = float.fromhex(text)
        except ValueError:
            raise CommandError(message) from None
    if math.isnan(number):
        raise CommandError(message)
    if not allow_range_error and (number == 0.0 or math.isinf(number)):
        if math.isinf(number):
            if value.lstrip(b"+-")[:1] not in b"iI":
                raise CommandError(message)
        elif _NONZERO_DIGIT.search(_MANTISSA.split(value, 1)[0].lower().replace(b"0x", b"")):
            raise CommandError(message)
    return number


_NONZERO_DIGIT = re.compile(rb"[1-9a-f]")
_MANTISSA = re.compile(rb"[eE](?=[+-]?[0-9]+\Z)|[pP]")


def parse_db_index(value: bytes, databases: int) -> int:
    """SELECT's database number: a C ``int`` first (getIntFromObjectOrReply), then in range."""
    index = parse_int32(value)
    if not 0 <= index < databases:
        raise CommandError(errors.DB_INDEX_OUT_OF_RANGE)
    return index


INT32_MIN = -(2**31)
INT32_MAX = 2**31 - 1


def parse_int32(value: bytes) -> int:
    """A C ``int`` (getIntFromObjectOrReply): MOVE's and COPY's DB, for instance.

    Not an integer -> ``value is not an integer or out of range``; outside the int range ->
    ``value is out of range, value must between -2147483648 and 2147483647``.
    """
    number = parse_int(value)
    if not INT32_MIN <= number <= INT32_MAX:
        raise CommandError(errors.not_between(INT32_MIN, INT32_MAX))
    return number


_CURSOR = re.compile(rb"([+-]?)([0-9]*)\Z")
UINT64_MAX = 2**64 - 1


def parse_cursor(value: bytes) -> int:
    """A SCAN cursor as ``strtoul`` reads it (db.c parseScanCursorOrReply), or ``invalid cursor``.

    Redis's rules, verified on 7.0.15: a leading space is refused, and so is anything after
    the digits; ``+5`` is 5, ``-1`` wraps to 2**64-1, and the empty string is cursor 0 (strtoul
    reads nothing and stops at the end). The text is a C string: a NUL ends it.
    """
    parts = _CURSOR.match(value.split(b"\0", 1)[0])
    if parts is None:
        raise CommandError(errors.INVALID_CURSOR)
    sign, digits = parts.groups()
    if not digits:
        if sign:  # "+" / "-" alone: nothing parsed, the end pointer stays on the sign
            raise CommandError(errors.INVALID_CURSOR)
        return 0
    digits = digits.lstrip(b"0") or b"0"
    if len(digits) > 20 or int(digits) > UINT64_MAX:
        raise CommandError(errors.INVALID_CURSOR)
    number = int(digits)
    return (-number) & UINT64_MAX if sign == b"-" else number


def upper(value: bytes) -> bytes:
    """Option words (``EX``, ``nx``) are case-insensitive in Redis: compare upper-cased."""
    return value.upper()


def token(value: bytes) -> bytes:
    """An option word as Redis's ``strcasecmp`` sees it: upper-cased and cut at the first NUL.

    Redis compares option words as C strings, so ``NX\\0junk`` *is* ``NX`` (verified on
    7.0.15 for SET, GETEX and LCS options). Use this where Redis uses ``strcasecmp``.
    """
    return value.split(b"\0", 1)[0].upper()


# --- long double: INCRBYFLOAT / HINCRBYFLOAT (util.c string2ld) -------------------------------
MAX_LONG_DOUBLE_CHARS = 5 * 1024  # server.h: longer texts are never numbers
_DECIMAL_PARTS = re.compile(rb"([+-]?)([0-9]*)\.?([0-9]*)(?:[eE]([+-]?[0-9]+))?\Z")
_HEX_PARTS = re.compile(rb"([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)(?:[pP]([+-]?[0-9]+))?\Z")
# Beyond these decimal / binary magnitudes strtold overflows (ERANGE, HUGE_VAL) or underflows
# to zero (ERANGE): the long double range is about 3.6e-4951 .. 1.19e4932.
_DECIMAL_MAG = (-4960, 4940)
_BINARY_MAG = (-16500, 16400)


def parse_long_double(value: bytes, message: str = errors.NOT_FLOAT) -> Fraction | float:
    """A number as Redis's ``string2ld`` reads it: ``strtold`` into an x87 ``long double``.

    Returns the long double's *exact* value as a ``Fraction`` (so ``0.1`` is the 64-bit-mantissa
    neighbour of 0.1, not the double one), or ``inf``/``-inf`` as a float: ``string2ld`` accepts
    infinities and leaves them to the caller. Rejected with ``message``: the empty string, texts
    of 5 KiB or more, leading spaces or any junk, NaN, and values ``strtold`` reports as out of
    range (overflow, or a non-zero value that underflows to zero).
    """
    if not 0 < len(value) < MAX_LONG_DOUBLE_CHARS or not _FLOAT.match(value):
        raise CommandError(message)
    if value.lstrip(b"+-")[:1] in b"iInN":
        number = float(value)  # inf, infinity, nan (any case, signed)
        if math.isnan(number):
            raise CommandError(message)
        return number
    hex_parts = _HEX_PARTS.match(value)
    if hex_parts:
        sign, whole, frac, exp = hex_parts.groups()
        mantissa, base, shift, limits = int(whole + frac, 16), 2, 4 * len(frac), _BINARY_MAG
        magnitude = mantissa.bit_length()
    else:
        parts = _DECIMAL_PARTS.match(value)
        assert parts is not None  # _FLOAT matched
        sign, whole, frac, exp = parts.groups()
        digits = (whole + frac).lstrip(b"0")
        mantissa, base, shift, limits = _decimal_int(digits), 10, len(frac), _DECIMAL_MAG
        magnitude = len(digits)
    if mantissa == 0:
        return Fraction(0)
    exponent = int(exp or b"0") - shift
    if magnitude + exponent > limits[1] or magnitude + exponent < limits[0]:
        raise CommandError(message)
    exact = mantissa * Fraction(base) ** exponent
    try:
        rounded = round_long_double(-exact if sign == b"-" else exact)
    except OverflowError:
        raise CommandError(message) from None
    if rounded == 0:
        raise CommandError(message)
    return rounded


def _decimal_int(digits: bytes) -> int:
    """``int(digits)`` for up to 5 KiB of digits, past Python's 4300-digit conversion guard."""
    if len(digits) <= 4000:
        return int(digits or b"0")
    return _decimal_int(digits[:-4000]) * 10**4000 + int(digits[-4000:])


SCAN_DEFAULT_COUNT = 10  # scanGenericCommand's default COUNT


def parse_scan_options(options: tuple[bytes, ...]) -> tuple[int, bytes | None]:
    """``[MATCH pattern] [COUNT count]`` of SSCAN/HSCAN/ZSCAN -> (count, pattern or None).

    scanGenericCommand: each option word needs a value; COUNT must be an integer (else ``not
    an integer``) and at least 1 (else ``syntax error``); a MATCH of ``*`` filters nothing.
    """
    count, pattern = SCAN_DEFAULT_COUNT, None
    i = 0
    while i < len(options):
        word = token(options[i])
        if i + 1 >= len(options) or word not in (b"COUNT", b"MATCH"):
            raise CommandError(errors.SYNTAX)
        if word == b"COUNT":
            count = parse_int(options[i + 1])
            if count < 1:
                raise CommandError(errors.SYNTAX)
        else:
            pattern = None if options[i + 1] == b"*" else options[i + 1]
        i += 2
    return count, pattern
