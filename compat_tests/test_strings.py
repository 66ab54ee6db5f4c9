"""The string group, byte for byte, against miniredis and real redis-server 7.0.15.

Every expected reply below is what redis-server 7.0.15 sends, written out literally (house rule
11). Keys that must hold another type are made with LPUSH. Expiry is tested without sleeping:
absolute times in the past (``EXAT 1``) expire at once, and TTLs are read back with TTL.
"""

from __future__ import annotations

import pytest

from compat_tests.conftest import Target
from compat_tests.rawclient import RawClient

OK = b"+OK\r\n"
NULL = b"$-1\r\n"
EMPTY = b"$0\r\n\r\n"
ZERO, ONE = b":0\r\n", b":1\r\n"
WRONGTYPE = b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
SYNTAX = b"-ERR syntax error\r\n"
NOT_INT = b"-ERR value is not an integer or out of range\r\n"
NOT_FLOAT = b"-ERR value is not a valid float\r\n"
NAN_OR_INF = b"-ERR increment would produce NaN or Infinity\r\n"
TOO_LONG = b"-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n"


def bulk(value: bytes) -> bytes:
    return b"$%d\r\n%s\r\n" % (len(value), value)


def resp3(raw: RawClient) -> RawClient:
    """Switch the raw connection to RESP3 (the HELLO reply itself differs between servers)."""
    assert raw.call("HELLO", "3").startswith(b"%7\r\n")
    return raw


# --- GET / SET ----------------------------------------------------------------------------------
def test_get_set_binary_and_empty(raw: RawClient) -> None:
    assert raw.call("GET", "missing") == NULL
    assert raw.call("SET", b"", b"") == OK
    assert raw.call("GET", b"") == EMPTY
    assert raw.call("SET", b"\x00k\r\n", b"v\x00\xff\r\n") == OK
    assert raw.call("GET", b"\x00k\r\n") == bulk(b"v\x00\xff\r\n")
    assert raw.call("LPUSH", "list", "a") == ONE
    assert raw.call("GET", "list") == WRONGTYPE
    assert raw.call("SET", "list", "v") == OK  # SET replaces any type
    assert raw.call("GET", "list") == bulk(b"v")


def test_set_null_is_resp3_null(raw: RawClient) -> None:
    resp3(raw)
    assert raw.call("SET", "k", "v") == OK
    assert raw.call("SET", "k", "v", "NX") == b"_\r\n"
    assert raw.call("GET", "nope") == b"_\r\n"


@pytest.mark.parametrize(
    ("options", "reply"),
    [
        (("EX", "0"), b"-ERR invalid expire time in 'set' command\r\n"),
        (("EX", "-1"), b"-ERR invalid expire time in 'set' command\r\n"),
        (("PX", "0"), b"-ERR invalid expire time in 'set' command\r\n"),
        (("EXAT", "0"), b"-ERR invalid expire time in 'set' command\r\n"),
        (("PXAT", "-1"), b"-ERR invalid expire time in 'set' command\r\n"),
        (("EX", "9223372036854775807"), b"-ERR invalid expire time in 'set' command\r\n"),
        (("EX", "9223372036854775"), b"-ERR invalid expire time in 'set' command\r\n"),
        (("PX", "9223372036854775807"), b"-ERR invalid expire time in 'set' command\r\n"),
        (("EXAT", "9223372036854776"), b"-ERR invalid expire time in 'set' command\r\n"),
        (("EX", "abc"), NOT_INT),
        (("EX", "9223372036854775808"), NOT_INT),
        (("EX", "0", "NX", "XX"), SYNTAX),
        (("NX", "XX"), SYNTAX),
        (("XX", "NX"), SYNTAX),
        (("EX", "10", "PX", "10"), SYNTAX),
        (("PX", "10", "EXAT", "10"), SYNTAX),
        (("KEEPTTL", "EX", "10"), SYNTAX),
        (("EX", "10", "KEEPTTL"), SYNTAX),
        (("PERSIST",), SYNTAX),
        (("EX",), SYNTAX),
        (("bogus",), SYNTAX),
        (("",), SYNTAX),
    ],
)
def test_set_option_errors(raw: RawClient, options: tuple[str, ...], reply: bytes) -> None:
    assert raw.call("SET", "k", "v", *options) == reply
    assert raw.call("EXISTS", "k") == ZERO


def test_set_expiry_options(raw: RawClient) -> None:
    assert raw.call("SET", "k", "v", "EX", "100") == OK
    assert raw.call("TTL", "k") == b":100\r\n"
    assert raw.call("SET", "k", "w", "KEEPTTL") == OK
    assert raw.call("TTL", "k") == b":100\r\n"
    assert raw.call("SET", "k", "w") == OK
    assert raw.call("TTL", "k") == b":-1\r\n"
    assert raw.call("SET", "k", "v", "px", "100000", "ex", "100") == SYNTAX
    assert raw.call("SET", "k", "v", "ex", "10", "ex", "200") == OK  # repeats: last wins
    assert raw.call("TTL", "k") == b":200\r\n"
    assert raw.call("SET", "k", "v", "EXAT", "1") == OK  # in the past: gone at once
    assert raw.call("EXISTS", "k") == ZERO
    assert raw.call("SET", "k", "v", "PXAT", "9223372036854775807") == OK
    assert raw.call("SET", "k", "v", "EXAT", "9223372036854775") == OK
    assert raw.call("GET", "k") == bulk(b"v")


def test_set_nx_xx_get(raw: RawClient) -> None:
    assert raw.call("SET", "k", "v", "XX") == NULL
    assert raw.call("SET", "k", "v", "NX", "GET") == NULL
    assert raw.call("SET", "k", "w", "NX", "GET") == bulk(b"v")
    assert raw.call("SET", "k", "w", "nx", "nx") == NULL
    assert raw.call("SET", "k", "w", "XX", "GET") == bulk(b"v")
    assert raw.call("SET", "k", "x", "GET", "GET") == bulk(b"w")
    assert raw.call("SET", "k", "y", "KEEPTTL", "keepttl") == OK
    assert raw.call("SET", "k", "z", "EXAT", "1", "GET") == bulk(b"y")
    assert raw.call("EXISTS", "k") == ZERO


def test_set_get_on_wrong_type(raw: RawClient) -> None:
    assert raw.call("LPUSH", "list", "a") == ONE
    assert raw.call("SET", "list", "v", "GET") == WRONGTYPE
    assert raw.call("SET", "list", "v", "GET", "NX") == WRONGTYPE
    assert raw.call("SET", "list", "v", "GET", "XX") == WRONGTYPE
    assert raw.call("SET", "list", "v", "GET", "EX", "0") == (
        b"-ERR invalid expire time in 'set' command\r\n"
    )
    assert raw.call("TYPE", "list") == b"+list\r\n"


def test_option_words_are_c_strings(raw: RawClient) -> None:
    """Redis compares option words up to the first NUL byte."""
    assert raw.call("SET", "k", "v", b"NX\x00junk") == OK
    assert raw.call("SET", "k", "v", b"NX\x00junk") == NULL
    assert raw.call("SET", "k", "v", b"EX\x00z", "10") == OK
    assert raw.call("TTL", "k") == b":10\r\n"
    assert raw.call("GETEX", "k", b"PERSIST\x00z") == bulk(b"v")
    assert raw.call("TTL", "k") == b":-1\r\n"
    assert raw.call("LCS", "k", "k", b"LEN\x00z") == ONE


# --- SETNX SETEX PSETEX GETSET GETDEL -----------------------------------------------------------
def test_setnx_setex_psetex(raw: RawClient) -> None:
    assert raw.call("SETNX", "k", "v") == ONE
    assert raw.call("SETNX", "k", "w") == ZERO
    assert raw.call("GET", "k") == bulk(b"v")
    assert raw.call("SETEX", "k", "100", "w") == OK
    assert raw.call("TTL", "k") == b":100\r\n"
    assert raw.call("PSETEX", "k", "100000", "x") == OK
    assert raw.call("TTL", "k") == b":100\r\n"
    assert raw.call("SETEX", "k", "0", "v") == b"-ERR invalid expire time in 'setex' command\r\n"
    assert raw.call("SETEX", "k", "-1", "v") == b"-ERR invalid expire time in 'setex' command\r\n"
    assert raw.call("SETEX", "k", "9223372036854775", "v") == (
        b"-ERR invalid expire time in 'setex' command\r\n"
    )
    assert raw.call("PSETEX", "k", "0", "v") == b"-ERR invalid expire time in 'psetex' command\r\n"
    assert raw.call("SETEX", "k", "abc", "v") == NOT_INT
    assert raw.call("LPUSH", "list", "a") == ONE
    assert raw.call("SETNX", "list", "v") == ZERO
    assert raw.call("SETEX", "list", "10", "v") == OK
    assert raw.call("TYPE", "list") == b"+string\r\n"


def test_getset_getdel(raw: RawClient) -> None:
    assert raw.call("GETSET", "k", "v") == NULL
    assert raw.call("EXPIRE", "k", "100") == ONE
    assert raw.call("GETSET", "k", "w") == bulk(b"v")
    assert raw.call("TTL", "k") == b":-1\r\n"
    assert raw.call("GETDEL", "k") == bulk(b"w")
    assert raw.call("GETDEL", "k") == NULL
    assert raw.call("EXISTS", "k") == ZERO
    assert raw.call("LPUSH", "list", "a") == ONE
    assert raw.call("GETSET", "list", "v") == WRONGTYPE
    assert raw.call("GETDEL", "list") == WRONGTYPE


# --- GETEX --------------------------------------------------------------------------------------
def test_getex_options(raw: RawClient) -> None:
    assert raw.call("SET", "k", "v") == OK
    assert raw.call("GETEX", "k", "EX", "10", "EX", "20") == bulk(b"v")
    assert raw.call("TTL", "k") == b":20\r\n"
    assert raw.call("GETEX", "k") == bulk(b"v")
    assert raw.call("TTL", "k") == b":20\r\n"
    assert raw.call("GETEX", "k", "PERSIST", "PERSIST") == bulk(b"v")
    assert raw.call("TTL", "k") == b":-1\r\n"
    assert raw.call("GETEX", "k", "PX", "100000") == bulk(b"v")
    assert raw.call("TTL", "k") == b":100\r\n"
    assert raw.call("GETEX", "k", "EXAT", "9223372036854775") == bulk(b"v")
    assert raw.call("GETEX", "k", "PXAT", "1") == bulk(b"v")  # in the past: deleted
    assert raw.call("EXISTS", "k") == ZERO


def test_getex_errors(raw: RawClient) -> None:
    assert raw.call("GETEX", "missing", "EX", "0") == NULL  # the key is looked up first
    assert raw.call("GETEX", "missing", "EX", "abc") == NULL
    assert raw.call("GETEX", "missing", "bogus") == SYNTAX
    assert raw.call("LPUSH", "list", "a") == ONE
    assert raw.call("GETEX", "list", "EX", "0") == WRONGTYPE
    assert raw.call("SET", "k", "v") == OK
    for options in (("EX", "0"), ("PX", "-1"), ("EXAT", "0"), ("EX", "9223372036854775")):
        assert raw.call("GETEX", "k", *options) == (
            b"-ERR invalid expire time in 'getex' command\r\n"
        )
    assert raw.call("GETEX", "k", "EX", "abc") == NOT_INT
    for options in (("NX",), ("XX",), ("GET",), ("KEEPTTL",), ("EX",), ("PERSIST", "EX", "1")):
        assert raw.call("GETEX", "k", *options) == SYNTAX
    assert raw.call("GETEX", "k", "EX", "1", "PERSIST") == SYNTAX
    assert raw.call("TTL", "k") == b":-1\r\n"


# --- MGET MSET MSETNX ---------------------------------------------------------------------------
def test_mget(raw: RawClient) -> None:
    assert raw.call("SET", "k", "v") == OK
    assert raw.call("LPUSH", "list", "a") == ONE
    assert raw.call("MGET", "k", "list", "nope", "k") == (
        b"*4\r\n$1\r\nv\r\n$-1\r\n$-1\r\n$1\r\nv\r\n"
    )
    resp3(raw)
    assert raw.call("MGET", "k", "list") == b"*2\r\n$1\r\nv\r\n_\r\n"


def test_mset_msetnx(raw: RawClient) -> None:
    assert raw.call("SET", "a", "old", "EX", "100") == OK
    assert raw.call("MSET", "a", "1", "b", "2", "a", "3") == OK
    assert raw.call("MGET", "a", "b") == b"*2\r\n$1\r\n3\r\n$1\r\n2\r\n"
    assert raw.call("TTL", "a") == b":-1\r\n"
    assert raw.call("MSET", "a") == b"-ERR wrong number of arguments for 'mset' command\r\n"
    assert raw.call("MSET", "a", "1", "b") == (
        b"-ERR wrong number of arguments for 'mset' command\r\n"
    )
    assert raw.call("MSETNX", "a", "1", "c", "2") == ZERO
    assert raw.call("EXISTS", "c") == ZERO
    assert raw.call("MSETNX", "c", "1", "d", "2", "c", "3") == ONE
    assert raw.call("GET", "c") == bulk(b"3")
    assert raw.call("MSETNX", "x", "1", "y") == (
        b"-ERR wrong number of arguments for 'msetnx' command\r\n"
    )


# --- counters -----------------------------------------------------------------------------------
def test_incr_decr(raw: RawClient) -> None:
    assert raw.call("INCR", "n") == ONE
    assert raw.call("INCRBY", "n", "41") == b":42\r\n"
    assert raw.call("DECR", "n") == b":41\r\n"
    assert raw.call("DECRBY", "n", "-9") == b":50\r\n"
    assert raw.call("GET", "n") == bulk(b"50")
    assert raw.call("APPEND", "n", "0") == b":3\r\n"
    assert raw.call("INCR", "n") == b":501\r\n"
    assert raw.call("SET", "n", "10", "EX", "100") == OK
    assert raw.call("INCR", "n") == b":11\r\n"
    assert raw.call("TTL", "n") == b":100\r\n"


@pytest.mark.parametrize("value", [" 1", "1 ", "+1", "01", "-0", "1.0", "", "abc", "1e3"])
def test_incr_rejects_non_integers(raw: RawClient, value: str) -> None:
    assert raw.call("SET", "n", value) == OK
    assert raw.call("INCR", "n") == NOT_INT
    assert raw.call("INCRBY", "m", value) == NOT_INT
    assert raw.call("DECRBY", "m", value) == NOT_INT


def test_incr_overflow_and_types(raw: RawClient) -> None:
    overflow = b"-ERR increment or decrement would overflow\r\n"
    assert raw.call("SET", "n", "9223372036854775807") == OK
    assert raw.call("INCR", "n") == overflow
    assert raw.call("SET", "n", "-9223372036854775808") == OK
    assert raw.call("DECR", "n") == overflow
    assert raw.call("DECRBY", "n", "1") == overflow
    assert raw.call("DECRBY", "n", "-9223372036854775808") == b"-ERR decrement would overflow\r\n"
    assert raw.call("DECRBY", "new", "-9223372036854775808") == (
        b"-ERR decrement would overflow\r\n"
    )
    assert raw.call("INCRBY", "n", "9223372036854775807") == b":-1\r\n"
    assert raw.call("SET", "n", "123456789012345678901") == OK
    assert raw.call("INCR", "n") == NOT_INT
    assert raw.call("LPUSH", "list", "a") == ONE
    assert raw.call("INCR", "list") == WRONGTYPE
    assert raw.call("INCRBY", "list", "abc") == NOT_INT  # the increment is parsed first


@pytest.mark.parametrize(
    ("start", "increment", "result"),
    [
        (None, "0.1", b"0.1"),
        ("0.1", "0.2", b"0.3"),
        ("10", "-10", b"0"),
        ("10", "-0.0", b"10"),
        ("1", "-17", b"-16"),
        ("3", "1e-18", b"3"),
        ("3", "1e-17", b"3.00000000000000001"),
        ("3", "3.0000000000000000001", b"6"),
        ("5000", "1.23456789012345678", b"5001.23456789012345691"),
        ("1", "0x10", b"17"),
        ("3", "0x1p-3", b"3.125"),
        ("1", ".5", b"1.5"),
        ("1", "5.", b"6"),
        ("1", "5.0e3", b"5001"),
        ("0x10", "+1", b"17"),
        ("0", "1e20", b"100000000000000000000"),
        ("0", "1.5e-4940", b"0"),
    ],
)
def test_incrbyfloat(raw: RawClient, start: str | None, increment: str, result: bytes) -> None:
    if start is not None:
        assert raw.call("SET", "f", start) == OK
    assert raw.call("INCRBYFLOAT", "f", increment) == bulk(result)
    assert raw.call("GET", "f") == bulk(result)


def test_incrbyfloat_long_double_range(raw: RawClient) -> None:
    """Redis computes in long double: 1e400 is a number, 1e5000 is not."""
    reply = raw.call("INCRBYFLOAT", "f", "1e400")
    assert reply == bulk(
        b"1000000000000000000028188068394758651458645343362905203862591069353968553400862986203"
        b"9363994848324160522094053927317616200295822777259255734023828976593340661017797447434"
        b"5461739178624481166749717237789438243915933380474706750262466844013592375136038303437"
        b"3548550524495596497902182503828009106841494740245689865304095101751265809261582758892"
        b"0183472511643316591362664138176309734806343732497430221946880"
    )
    assert raw.call("SET", "f", "1e4932") == OK
    assert raw.call("INCRBYFLOAT", "f", "1e4932") == NAN_OR_INF
    assert raw.call("INCRBYFLOAT", "f", "1e4933") == NOT_FLOAT


def test_incrbyfloat_huge_value_is_written_in_full(raw: RawClient) -> None:
    """1.1e4932, the largest long doubles' neighbourhood, prints as 4933 digits."""
    assert raw.call("SET", "f", "1.1e4932") == OK
    reply = raw.call("INCRBYFLOAT", "f", "0")
    assert reply.startswith(b"$4933\r\n10999999999999999999743731075282418176590308692790434")
    assert reply.endswith(b"3242088136704\r\n")


@pytest.mark.parametrize(
    "bad", ["abc", "", " 1", "1 ", "nan", "-nan", "1e5000", "1e-5000", "1_0", "0x", "1e", "--1"]
)
def test_incrbyfloat_not_a_float(raw: RawClient, bad: str) -> None:
    assert raw.call("INCRBYFLOAT", "f", bad) == NOT_FLOAT
    assert raw.call("SET", "g", bad) == OK
    assert raw.call("INCRBYFLOAT", "g", "1") == NOT_FLOAT
    assert raw.call("EXISTS", "f") == ZERO


def test_incrbyfloat_errors_ttl_and_resp3(raw: RawClient) -> None:
    assert raw.call("SET", "f", "1", "EX", "100") == OK
    assert raw.call("INCRBYFLOAT", "f", "inf") == NAN_OR_INF
    assert raw.call("INCRBYFLOAT", "f", "-infinity") == NAN_OR_INF
    assert raw.call("INCRBYFLOAT", "f", "1.5") == bulk(b"2.5")
    assert raw.call("TTL", "f") == b":100\r\n"  # INCRBYFLOAT keeps the TTL
    assert raw.call("LPUSH", "list", "a") == ONE
    assert raw.call("INCRBYFLOAT", "list", "abc") == WRONGTYPE  # the type is checked first
    resp3(raw)
    assert raw.call("INCRBYFLOAT", "f", "1") == bulk(b"3.5")  # a bulk string in RESP3 too


# --- APPEND STRLEN ------------------------------------------------------------------------------
def test_append_strlen(raw: RawClient) -> None:
    assert raw.call("APPEND", "k", "") == ZERO
    assert raw.call("EXISTS", "k") == ONE
    assert raw.call("TYPE", "k") == b"+string\r\n"
    assert raw.call("SET", "k", "ab", "EX", "100") == OK
    assert raw.call("APPEND", "k", b"\x00\r\n") == b":5\r\n"
    assert raw.call("GET", "k") == bulk(b"ab\x00\r\n")
    assert raw.call("TTL", "k") == b":100\r\n"
    assert raw.call("STRLEN", "k") == b":5\r\n"
    assert raw.call("STRLEN", "nope") == ZERO
    assert raw.call("LPUSH", "list", "a") == ONE
    assert raw.call("APPEND", "list", "x") == WRONGTYPE
    assert raw.call("STRLEN", "list") == WRONGTYPE


# --- GETRANGE SUBSTR SETRANGE -------------------------------------------------------------------
@pytest.mark.parametrize("name", ["GETRANGE", "SUBSTR"])
@pytest.mark.parametrize(
    ("start", "end", "result"),
    [
        ("0", "-1", b"hello"),
        ("1", "3", b"ell"),
        ("-3", "-1", b"llo"),
        ("0", "-100", b"h"),
        ("-1", "-5", b""),
        ("5", "-100", b""),
        ("-100", "-1", b"hello"),
        ("1", "100", b"ello"),
        ("3", "1", b""),
        ("10", "20", b""),
    ],
)
def test_getrange(raw: RawClient, name: str, start: str, end: str, result: bytes) -> None:
    assert raw.call("SET", "s", "hello") == OK
    assert raw.call(name, "s", start, end) == bulk(result)


def test_getrange_edges(raw: RawClient) -> None:
    assert raw.call("GETRANGE", "missing", "0", "-1") == EMPTY
    assert raw.call("SET", "e", "") == OK
    assert raw.call("GETRANGE", "e", "0", "0") == EMPTY
    assert raw.call("GETRANGE", "e", "a", "0") == NOT_INT
    assert raw.call("GETRANGE", "e", "0", "9223372036854775808") == NOT_INT
    assert raw.call("LPUSH", "list", "a") == ONE
    assert raw.call("GETRANGE", "list", "0", "-1") == WRONGTYPE
    assert raw.call("GETRANGE", "list", "a", "0") == NOT_INT


def test_setrange(raw: RawClient) -> None:
    assert raw.call("SETRANGE", "m", "10", "") == ZERO
    assert raw.call("EXISTS", "m") == ZERO
    assert raw.call("SETRANGE", "m", "536870911", "") == ZERO
    assert raw.call("SETRANGE", "m", "2", "ab") == b":4\r\n"
    assert raw.call("GET", "m") == bulk(b"\x00\x00ab")
    assert raw.call("SET", "s", "hello", "EX", "100") == OK
    assert raw.call("SETRANGE", "s", "1", "EY") == b":5\r\n"
    assert raw.call("SETRANGE", "s", "4", "O world") == b":11\r\n"
    assert raw.call("GET", "s") == bulk(b"hEYlO world")
    assert raw.call("TTL", "s") == b":100\r\n"
    assert raw.call("SETRANGE", "s", "100000000000", "") == b":11\r\n"
    assert raw.call("SETRANGE", "s", "-1", "x") == b"-ERR offset is out of range\r\n"
    assert raw.call("SETRANGE", "s", "-1", "") == b"-ERR offset is out of range\r\n"
    assert raw.call("SETRANGE", "s", "a", "x") == NOT_INT
    assert raw.call("SETRANGE", "m", "536870912", "x") == TOO_LONG
    assert raw.call("SETRANGE", "m", "9223372036854775807", "x") == TOO_LONG
    assert raw.call("LPUSH", "list", "a") == ONE
    assert raw.call("SETRANGE", "list", "0", "x") == WRONGTYPE
    assert raw.call("SETRANGE", "list", "0", "") == WRONGTYPE
    assert raw.call("SETRANGE", "list", "-1", "x") == b"-ERR offset is out of range\r\n"


@pytest.mark.needs_own_server("proto-max-bulk-len config")
def test_length_limits_follow_proto_max_bulk_len(target: Target) -> None:
    """1 MiB is the smallest proto-max-bulk-len Redis accepts; it bounds APPEND, SETRANGE, LCS."""
    small = target.start_server(proto_max_bulk_len=1048576)
    with RawClient(small.host, small.port) as raw:
        assert raw.call("SETRANGE", "k", "1048576", "x") == TOO_LONG
        assert raw.call("SETRANGE", "k", "1048575", "x") == b":1048576\r\n"
        assert raw.call("APPEND", "k", "y") == TOO_LONG
        assert raw.call("STRLEN", "k") == b":1048576\r\n"
        assert raw.call("SET", "a", b"a" * 511) == OK  # (511+1)^2 cells of 4 bytes = 1 MiB
        assert raw.call("LCS", "a", "a", "LEN") == b":511\r\n"
        assert raw.call("SET", "a", b"a" * 512) == OK
        assert raw.call("LCS", "a", "a", "LEN") == (
            b"-ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len\r\n"
        )


# --- LCS ----------------------------------------------------------------------------------------
MATCHES = (
    b"*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n"
)
MATCHES_WITH_LEN = (
    b"*2\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n"
    b"*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n"
)


def test_lcs(raw: RawClient) -> None:
    assert raw.call("MSET", "key1", "ohmytext", "key2", "mynewtext") == OK
    assert raw.call("LCS", "key1", "key2") == bulk(b"mytext")
    assert raw.call("LCS", "key1", "key2", "len") == b":6\r\n"
    assert raw.call("LCS", "key1", "key2", "IDX") == (
        b"*4\r\n$7\r\nmatches\r\n" + MATCHES + b"$3\r\nlen\r\n:6\r\n"
    )
    assert raw.call("LCS", "key1", "key2", "IDX", "WITHMATCHLEN") == (
        b"*4\r\n$7\r\nmatches\r\n" + MATCHES_WITH_LEN + b"$3\r\nlen\r\n:6\r\n"
    )
    assert raw.call("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN") == (
        b"*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n"
        b"$3\r\nlen\r\n:6\r\n"
    )
    assert raw.call("LCS", "key1", "key2", "MINMATCHLEN", "-5", "IDX") == (
        b"*4\r\n$7\r\nmatches\r\n" + MATCHES + b"$3\r\nlen\r\n:6\r\n"
    )
    assert raw.call("LCS", "key1", "key2", "WITHMATCHLEN", "MINMATCHLEN", "3") == bulk(b"mytext")
    assert raw.call("LCS", "key1", "key2", "LEN", "WITHMATCHLEN") == b":6\r\n"
    assert raw.call("LCS", "key1", "key1", "IDX", "WITHMATCHLEN") == (
        b"*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:0\r\n:7\r\n*2\r\n:0\r\n:7\r\n:8\r\n"
        b"$3\r\nlen\r\n:8\r\n"
    )


def test_lcs_resp3(raw: RawClient) -> None:
    assert raw.call("MSET", "key1", "ohmytext", "key2", "mynewtext") == OK
    resp3(raw)
    assert raw.call("LCS", "key1", "key2", "IDX", "WITHMATCHLEN") == (
        b"%2\r\n$7\r\nmatches\r\n" + MATCHES_WITH_LEN + b"$3\r\nlen\r\n:6\r\n"
    )
    assert raw.call("LCS", "nope1", "nope2", "IDX") == (
        b"%2\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n"
    )
    assert raw.call("LCS", "key1", "key2") == bulk(b"mytext")
    assert raw.call("LCS", "key1", "key2", "LEN") == b":6\r\n"


def test_lcs_missing_keys_and_errors(raw: RawClient) -> None:
    assert raw.call("LCS", "nope1", "nope2") == EMPTY
    assert raw.call("LCS", "nope1", "nope2", "LEN") == ZERO
    assert raw.call("LCS", "nope1", "nope2", "IDX") == (
        b"*4\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n"
    )
    not_strings = b"-ERR The specified keys must contain string values\r\n"
    assert raw.call("LPUSH", "list", "a") == ONE
    assert raw.call("LCS", "list", "nope") == not_strings
    assert raw.call("LCS", "nope", "list", "bogus") == not_strings  # before the options
    assert raw.call("LCS", "list", "nope", "IDX", "LEN") == not_strings
    assert raw.call("LCS", "a", "b", "LEN", "IDX") == (
        b"-ERR If you want both the length and indexes, please just use IDX.\r\n"
    )
    assert raw.call("LCS", "a", "b", "IDX", "LEN", "bogus") == SYNTAX
    assert raw.call("LCS", "a", "b", "MINMATCHLEN") == SYNTAX
    assert raw.call("LCS", "a", "b", "MINMATCHLEN", "abc") == NOT_INT
    assert raw.call("LCS", "a", "b", "MINMATCHLEN", "9223372036854775808") == NOT_INT


def test_lcs_picks_redis_answer_among_equals(raw: RawClient) -> None:
    assert raw.call("MSET", "a", "abcabc", "b", "cbacba") == OK
    assert raw.call("LCS", "a", "b") == bulk(b"cbc")
    assert raw.call("LCS", "a", "b", "IDX", "WITHMATCHLEN") == (
        b"*4\r\n$7\r\nmatches\r\n*3\r\n"
        b"*3\r\n*2\r\n:5\r\n:5\r\n*2\r\n:3\r\n:3\r\n:1\r\n"
        b"*3\r\n*2\r\n:4\r\n:4\r\n*2\r\n:1\r\n:1\r\n:1\r\n"
        b"*3\r\n*2\r\n:2\r\n:2\r\n*2\r\n:0\r\n:0\r\n:1\r\n"
        b"$3\r\nlen\r\n:3\r\n"
    )
    assert raw.call("MSET", "a", "acgtacgt", "b", "tgcatgca") == OK
    assert raw.call("LCS", "a", "b") == bulk(b"tgt")
    assert raw.call("MSET", "a", b"\x00\xff\r\n\x00", "b", b"\xff\x00\n") == OK
    assert raw.call("LCS", "a", "b") == bulk(b"\xff\x00")


# --- metadata -----------------------------------------------------------------------------------
STRING_COMMANDS = [
    *("get", "set", "setnx", "setex", "psetex", "getset", "getdel", "getex", "mget", "mset"),
    *("msetnx", "incr", "decr", "incrby", "decrby", "incrbyfloat", "append", "strlen"),
    *("getrange", "substr", "setrange", "lcs"),
]


@pytest.mark.parametrize("name", STRING_COMMANDS)
def test_command_info(raw: RawClient, name: str) -> None:
    """Arity, flags, key range and ACL categories as Redis declares them (the first 7 fields)."""
    expected = {
        "get": b"*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n"
        b"*3\r\n+@read\r\n+@string\r\n+@fast\r\n",
        "set": b"*10\r\n$3\r\nset\r\n:-3\r\n*2\r\n+write\r\n+denyoom\r\n:1\r\n:1\r\n:1\r\n"
        b"*3\r\n+@write\r\n+@string\r\n+@slow\r\n",
        "mset": b"*10\r\n$4\r\nmset\r\n:-3\r\n*2\r\n+write\r\n+denyoom\r\n:1\r\n:-1\r\n:2\r\n"
        b"*3\r\n+@write\r\n+@string\r\n+@slow\r\n",
        "lcs": b"*10\r\n$3\r\nlcs\r\n:-3\r\n*1\r\n+readonly\r\n:1\r\n:2\r\n:1\r\n"
        b"*3\r\n+@read\r\n+@string\r\n+@slow\r\n",
    }
    reply = raw.call("COMMAND", "INFO", name)
    assert reply.startswith(b"*1\r\n*10\r\n$%d\r\n%s\r\n" % (len(name), name.encode()))
    if name in expected:
        assert reply[4:].startswith(expected[name])
