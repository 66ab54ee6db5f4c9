"""The encoder against bytes captured from redis-server 7.0.15.

Every expected value below was read off the wire of a real Redis (RESP2 and after
``HELLO 3``): ZSCORE / ZINCRBY / Lua ``{double=x}`` for doubles, INCRBYFLOAT for long doubles,
``redis.setresp(3)`` Lua replies for the RESP3 types, SUBSCRIBE for push, BLPOP for the null
array. They are written out literally, never taken from miniredis.
"""

from __future__ import annotations

import enum
from fractions import Fraction
from typing import Any

import pytest

from miniredis.errors import CommandError, ProtocolError
from miniredis.protocol.encoder import (
    encode,
    encode_into,
    format_double,
    format_long_double,
    round_long_double,
)
from miniredis.protocol.replies import (
    NULL_ARRAY,
    OK,
    PONG,
    QUEUED,
    BigNumber,
    Push,
    RespSet,
    SimpleString,
    Verbatim,
)

# (value, RESP2 bytes, RESP3 bytes)
CASES: list[tuple[str, Any, bytes, bytes]] = [
    ("bulk", b"hello", b"$5\r\nhello\r\n", b"$5\r\nhello\r\n"),
    ("empty bulk", b"", b"$0\r\n\r\n", b"$0\r\n\r\n"),
    ("binary bulk", b"a\r\nb\x00", b"$5\r\na\r\nb\x00\r\n", b"$5\r\na\r\nb\x00\r\n"),
    ("status OK", OK, b"+OK\r\n", b"+OK\r\n"),
    ("status PONG", PONG, b"+PONG\r\n", b"+PONG\r\n"),
    ("status QUEUED", QUEUED, b"+QUEUED\r\n", b"+QUEUED\r\n"),
    (
        "status other",
        SimpleString(b"background saving"),
        b"+background saving\r\n",
        b"+background saving\r\n",
    ),
    ("int 0", 0, b":0\r\n", b":0\r\n"),
    ("int 1", 1, b":1\r\n", b":1\r\n"),
    ("int -1", -1, b":-1\r\n", b":-1\r\n"),
    ("int -2", -2, b":-2\r\n", b":-2\r\n"),
    ("int 10000", 10000, b":10000\r\n", b":10000\r\n"),
    ("int 10001", 10001, b":10001\r\n", b":10001\r\n"),
    ("int max", 2**63 - 1, b":9223372036854775807\r\n", b":9223372036854775807\r\n"),
    ("int min", -(2**63), b":-9223372036854775808\r\n", b":-9223372036854775808\r\n"),
    ("true", True, b":1\r\n", b"#t\r\n"),
    ("false", False, b":0\r\n", b"#f\r\n"),
    ("null", None, b"$-1\r\n", b"_\r\n"),
    ("null array", NULL_ARRAY, b"*-1\r\n", b"_\r\n"),
    ("double 1.5", 1.5, b"$3\r\n1.5\r\n", b",1.5\r\n"),
    ("double 0.1", 0.1, b"$19\r\n0.10000000000000001\r\n", b",0.10000000000000001\r\n"),
    ("double 0.3", 0.1 + 0.2, b"$19\r\n0.30000000000000004\r\n", b",0.30000000000000004\r\n"),
    ("double 1e20", 1e20, b"$5\r\n1e+20\r\n", b",1e+20\r\n"),
    ("double 3.0", 3.0, b"$1\r\n3\r\n", b",3\r\n"),
    ("double -0.0", -0.0, b"$2\r\n-0\r\n", b",-0\r\n"),
    ("double inf", float("inf"), b"$3\r\ninf\r\n", b",inf\r\n"),
    ("double -inf", float("-inf"), b"$4\r\n-inf\r\n", b",-inf\r\n"),
    ("double nan", float("nan"), b"$3\r\nnan\r\n", b",nan\r\n"),
    ("double -nan", -float("nan"), b"$4\r\n-nan\r\n", b",-nan\r\n"),
    (
        "double max",
        1.7976931348623157e308,
        b"$23\r\n1.7976931348623157e+308\r\n",
        b",1.7976931348623157e+308\r\n",
    ),
    (
        "double min subnormal",
        5e-324,
        b"$23\r\n4.9406564584124654e-324\r\n",
        b",4.9406564584124654e-324\r\n",
    ),
    ("double 1e16", 1e16, b"$17\r\n10000000000000000\r\n", b",10000000000000000\r\n"),
    ("double 1e17", 1e17, b"$5\r\n1e+17\r\n", b",1e+17\r\n"),
    ("double 1e-5", 1e-5, b"$22\r\n1.0000000000000001e-05\r\n", b",1.0000000000000001e-05\r\n"),
    (
        "big number",
        BigNumber(12345678901234567890),
        b"$20\r\n12345678901234567890\r\n",
        b"(12345678901234567890\r\n",
    ),
    (
        "negative big number",
        BigNumber(-12345678901234567890),
        b"$21\r\n-12345678901234567890\r\n",
        b"(-12345678901234567890\r\n",
    ),
    ("verbatim", Verbatim(b"hi"), b"$2\r\nhi\r\n", b"=6\r\ntxt:hi\r\n"),
    ("empty array", [], b"*0\r\n", b"*0\r\n"),
    ("array", [b"a", 1, None], b"*3\r\n$1\r\na\r\n:1\r\n$-1\r\n", b"*3\r\n$1\r\na\r\n:1\r\n_\r\n"),
    ("tuple", (b"a",), b"*1\r\n$1\r\na\r\n", b"*1\r\n$1\r\na\r\n"),
    ("empty map", {}, b"*0\r\n", b"%0\r\n"),
    ("map", {b"a": 1}, b"*2\r\n$1\r\na\r\n:1\r\n", b"%1\r\n$1\r\na\r\n:1\r\n"),
    ("empty set", RespSet(), b"*0\r\n", b"~0\r\n"),
    ("set", RespSet([b"a"]), b"*1\r\n$1\r\na\r\n", b"~1\r\n$1\r\na\r\n"),
    (
        "push",
        Push([b"subscribe", b"ch", 1]),
        b"*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n",
        b">3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n",
    ),
    ("error", CommandError("ERR syntax error"), b"-ERR syntax error\r\n", b"-ERR syntax error\r\n"),
    ("error without code", CommandError(b"nocode here"), b"-nocode here\r\n", b"-nocode here\r\n"),
    ("empty error", CommandError(b""), b"-\r\n", b"-\r\n"),
    (
        "error in array (EXEC)",
        [1, CommandError("FOO bar"), 3],
        b"*3\r\n:1\r\n-FOO bar\r\n:3\r\n",
        b"*3\r\n:1\r\n-FOO bar\r\n:3\r\n",
    ),
]


@pytest.mark.parametrize(
    ("value", "resp2", "resp3"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_encode_matches_redis(value: Any, resp2: bytes, resp3: bytes) -> None:
    assert encode(value, 2) == resp2
    assert encode(value, 3) == resp3


# HELLO 3 as redis-server 7.0.15 answers it (connection id 7): a map holding an empty array.
HELLO_MAP = {
    b"server": b"redis",
    b"version": b"7.0.15",
    b"proto": 3,
    b"id": 7,
    b"mode": b"standalone",
    b"role": b"master",
    b"modules": [],
}
HELLO_RESP3 = (
    b"%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n"
    b":3\r\n$2\r\nid\r\n:7\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n"
    b"$7\r\nmodules\r\n*0\r\n"
)


def test_hello_map_resp3() -> None:
    assert encode(HELLO_MAP, 3) == HELLO_RESP3


def test_hello_map_downgrades_to_flat_array() -> None:
    assert encode(HELLO_MAP, 2) == b"*14" + HELLO_RESP3[2:]


def test_nested_aggregates_downgrade_at_every_level() -> None:
    value = [{b"k": RespSet([1.5, True])}, Push([None, NULL_ARRAY])]
    assert encode(value, 3) == (b"*2\r\n%1\r\n$1\r\nk\r\n~2\r\n,1.5\r\n#t\r\n>2\r\n_\r\n_\r\n")
    assert encode(value, 2) == (
        b"*2\r\n*2\r\n$1\r\nk\r\n*2\r\n$3\r\n1.5\r\n:1\r\n*2\r\n$-1\r\n*-1\r\n"
    )


def test_python_set_encodes_like_respset() -> None:
    assert encode({b"x"}, 3) == b"~1\r\n$1\r\nx\r\n"
    assert encode(frozenset([b"x"]), 2) == b"*1\r\n$1\r\nx\r\n"


def test_large_bulk_is_exact() -> None:
    body = bytes(range(256)) * 300
    expected = b"$76800\r\n" + body + b"\r\n"
    assert encode(body, 2) == expected
    assert encode([body, body], 3) == b"*2\r\n" + expected + expected


def test_encode_into_appends_to_the_batch() -> None:
    out: list[bytes] = [b"+PONG\r\n"]
    encode_into(out, [b"a", 7], 2)
    encode_into(out, None, 3)
    assert b"".join(out) == b"+PONG\r\n*2\r\n$1\r\na\r\n:7\r\n_\r\n"


def test_subclasses_encode_like_their_base() -> None:
    class Color(enum.IntEnum):
        RED = 12345

    assert encode(Color.RED, 2) == b":12345\r\n"
    error = ProtocolError("ERR Protocol error: invalid bulk length")
    assert encode(error, 3) == b"-ERR Protocol error: invalid bulk length\r\n"


@pytest.mark.parametrize("value", ["text", bytearray(b"x"), object(), ValueError("x")])
def test_unknown_types_are_refused(value: Any) -> None:
    with pytest.raises(TypeError):
        encode(value, 2)
    with pytest.raises(TypeError):
        encode([value], 3)


# --- number formatting ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("x", "text"),
    [
        (1.5, b"1.5"),
        (0.1, b"0.10000000000000001"),
        (0.3, b"0.29999999999999999"),
        (1e20, b"1e+20"),
        (3.0, b"3"),
        (-0.0, b"-0"),
        (100.0, b"100"),
        (123456789012345678.0, b"1.2345678901234568e+17"),
        (float("inf"), b"inf"),
        (float("-inf"), b"-inf"),
    ],
)
def test_format_double_is_zscore_text(x: float, text: bytes) -> None:
    assert format_double(x) == text


def _incrbyfloat(current: str, increment: str) -> bytes:
    """What INCRBYFLOAT computes: two strtold() values added in long double."""
    total = round_long_double(Fraction(current)) + round_long_double(Fraction(increment))
    return format_long_double(round_long_double(total))


@pytest.mark.parametrize(
    ("current", "increment", "text"),
    [
        ("0", "0.1", b"0.1"),
        ("0.1", "0.2", b"0.3"),  # a double sum would print 0.30000000000000004
        ("0.3", "1e20", b"100000000000000000000"),
        ("3.0", "0", b"3"),
        ("-0.0", "0", b"0"),
        ("1.5", "1e-20", b"1.5"),
        ("0", "5e-324", b"0"),
        ("0", "1.23456789012345678901", b"1.23456789012345679"),
        ("0.1", "-0.1", b"0"),
        ("0", "1e-18", b"0"),
        ("1e-17", "-1.5e-17", b"-0.00000000000000001"),
        ("10.5", "-0.5", b"10"),
        # Ties at the 17th decimal go to even, on the exact binary value.
        ("0.000003814697265625", "0", b"0.00000381469726562"),
        ("0.000011444091796875", "0", b"0.00001144409179688"),
        (
            "0",
            "1e300",
            b"1000000000000000000008997324079559193870523944273290747938260082321"
            b"265646596180935755849152083750497190350372508614274835903592556184672983913096260"
            b"520748646287327135641843653294084255107606016789726652932370030551382947620994540"
            b"294772781889620606179267611627097410650567187386105690089424915104006144",
        ),
    ],
)
def test_incrbyfloat_arithmetic_and_text(current: str, increment: str, text: bytes) -> None:
    assert _incrbyfloat(current, increment) == text


def test_long_double_has_a_wider_range_than_double() -> None:
    text = format_long_double(round_long_double(Fraction("1e400")))
    assert len(text) == 401
    assert text.startswith(b"10000000000000000000281880683947586514586453433629052038625910")
    assert text.endswith(b"734806343732497430221946880")


def test_long_double_overflow_raises() -> None:
    with pytest.raises(OverflowError):
        round_long_double(Fraction(10) ** 4933)


def test_format_long_double_of_floats() -> None:
    assert format_long_double(float("inf")) == b"inf"
    assert format_long_double(float("-inf")) == b"-inf"
    assert format_long_double(-0.0) == b"0"
    assert format_long_double(2.5) == b"2.5"
    assert format_long_double(-2.5) == b"-2.5"
