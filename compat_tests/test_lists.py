"""The list group (non-blocking), byte for byte, against miniredis and real redis-server 7.0.15.

Every expected reply below is what redis-server 7.0.15 sends, written out literally (house rule
11). A key that must hold another type is made with SET. Null replies are checked in both
protocols: LPOP without a count answers a null *bulk* (``$-1``), with a count a null *array*
(``*-1``), and RESP3 has a single null (``_``) for both.
"""

from __future__ import annotations

import pytest
import redis

from compat_tests.conftest import Target
from compat_tests.rawclient import RawClient

OK = b"+OK\r\n"
NULL = b"$-1\r\n"
NULL_ARRAY = b"*-1\r\n"
RESP3_NULL = b"_\r\n"
EMPTY_ARRAY = b"*0\r\n"
ZERO, ONE = b":0\r\n", b":1\r\n"
WRONGTYPE = b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
SYNTAX = b"-ERR syntax error\r\n"
NOT_INT = b"-ERR value is not an integer or out of range\r\n"
MUST_BE_POSITIVE = b"-ERR value is out of range, must be positive\r\n"
RANK_ZERO = (
    b"-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or "
    b"use negative to start from the end of the list\r\n"
)
COUNT_NEGATIVE = b"-ERR COUNT can't be negative\r\n"
MAXLEN_NEGATIVE = b"-ERR MAXLEN can't be negative\r\n"
NUMKEYS = b"-ERR numkeys should be greater than 0\r\n"
COUNT_POSITIVE = b"-ERR count should be greater than 0\r\n"
LONG_MAX, LONG_MIN = "9223372036854775807", "-9223372036854775808"


def bulk(value: bytes) -> bytes:
    return b"$%d\r\n%s\r\n" % (len(value), value)


def array(*items: bytes) -> bytes:
    return b"*%d\r\n" % len(items) + b"".join(bulk(item) for item in items)


def ints(*items: int) -> bytes:
    return b"*%d\r\n" % len(items) + b"".join(b":%d\r\n" % item for item in items)


def resp3(raw: RawClient) -> RawClient:
    """Switch the raw connection to RESP3 (the HELLO reply itself differs between servers)."""
    assert raw.call("HELLO", "3").startswith(b"%7\r\n")
    return raw


# --- push ------------------------------------------------------------------------------------
def test_push_order_binary_and_empty_elements(raw: RawClient) -> None:
    assert raw.call("LPUSH", "l", "a", "b", "c") == b":3\r\n"
    assert raw.call("RPUSH", "l", b"", b"\x00\xff\r\n") == b":5\r\n"
    assert raw.call("LRANGE", "l", "0", "-1") == array(b"c", b"b", b"a", b"", b"\x00\xff\r\n")
    assert raw.call("RPUSH", b"", b"x") == ONE  # the empty key is a key like any other
    assert raw.call("LRANGE", b"", "0", "-1") == array(b"x")
    assert raw.call("TYPE", "l") == b"+list\r\n"
    assert raw.call("LPUSH", "l") == b"-ERR wrong number of arguments for 'lpush' command\r\n"


def test_pushx_only_onto_an_existing_list(raw: RawClient) -> None:
    assert raw.call("LPUSHX", "l", "a") == ZERO
    assert raw.call("RPUSHX", "l", "a", "b") == ZERO
    assert raw.call("EXISTS", "l") == ZERO
    assert raw.call("RPUSH", "l", "a", "b", "c") == b":3\r\n"
    assert raw.call("LPUSHX", "l", "x", "y") == b":5\r\n"
    assert raw.call("RPUSHX", "l", "z") == b":6\r\n"
    assert raw.call("LRANGE", "l", "0", "-1") == array(b"y", b"x", b"a", b"b", b"c", b"z")


@pytest.mark.parametrize(
    "args",
    [
        ("LPUSH", "s", "a"), ("RPUSH", "s", "a"), ("LPUSHX", "s", "a"), ("RPUSHX", "s", "a"),
        ("LPOP", "s"), ("RPOP", "s", "0"), ("LLEN", "s"), ("LRANGE", "s", "0", "1"),
        ("LINDEX", "s", "abc"), ("LSET", "s", "abc", "x"), ("LINSERT", "s", "BEFORE", "a", "b"),
        ("LREM", "s", "0", "a"), ("LTRIM", "s", "0", "1"), ("LPOS", "s", "a", "COUNT", "0"),
        ("LMOVE", "s", "d", "LEFT", "LEFT"), ("RPOPLPUSH", "s", "s"), ("LMPOP", "1", "s", "LEFT"),
    ],
)  # fmt: skip
def test_wrongtype_against_a_string(raw: RawClient, args: tuple[str, ...]) -> None:
    assert raw.call("SET", "s", "v") == OK
    assert raw.call(*args) == WRONGTYPE
    assert raw.call("GET", "s") == bulk(b"v")


# --- pop -------------------------------------------------------------------------------------
def test_pop_one_and_the_last_one_deletes_the_key(raw: RawClient) -> None:
    assert raw.call("LPOP", "l") == NULL
    assert raw.call("RPUSH", "l", "a", "b") == b":2\r\n"
    assert raw.call("RPOP", "l") == bulk(b"b")
    assert raw.call("LPOP", "l") == bulk(b"a")
    assert raw.call("EXISTS", "l") == ZERO
    assert raw.call("TYPE", "l") == b"+none\r\n"


def test_pop_with_count(raw: RawClient) -> None:
    assert raw.call("LPOP", "l", "0") == NULL_ARRAY  # missing key: null array, even for 0
    assert raw.call("LPOP", "l", "2") == NULL_ARRAY
    assert raw.call("RPUSH", "l", "a", "b", "c", "") == b":4\r\n"
    assert raw.call("LPOP", "l", "0") == EMPTY_ARRAY
    assert raw.call("LPOP", "l", "2") == array(b"a", b"b")
    assert raw.call("RPOP", "l", "10") == array(b"", b"c")  # tail first
    assert raw.call("EXISTS", "l") == ZERO
    assert raw.call("RPUSH", "l", "a") == ONE
    assert raw.call("RPOP", "l", LONG_MAX) == array(b"a")


@pytest.mark.parametrize("count", ["-1", "abc", "9223372036854775808", "+1", " 1", "1.0"])
def test_pop_count_errors(raw: RawClient, count: str) -> None:
    assert raw.call("LPOP", "missing", count) == MUST_BE_POSITIVE
    assert raw.call("SET", "s", "v") == OK
    assert raw.call("RPOP", "s", count) == MUST_BE_POSITIVE  # the count before the type


def test_pop_count_arity(raw: RawClient) -> None:
    assert raw.call("LPOP", "l", "1", "2") == (
        b"-ERR wrong number of arguments for 'lpop' command\r\n"
    )
    assert raw.call("RPOP", "l", "1", "2") == (
        b"-ERR wrong number of arguments for 'rpop' command\r\n"
    )


def test_pop_nulls_in_resp3(raw: RawClient) -> None:
    resp3(raw)
    assert raw.call("LPOP", "l") == RESP3_NULL
    assert raw.call("RPOP", "l", "2") == RESP3_NULL
    assert raw.call("RPUSH", "l", "a") == ONE
    assert raw.call("LPOP", "l", "0") == EMPTY_ARRAY
    assert raw.call("LPOP", "l", "5") == array(b"a")


# --- LMPOP -----------------------------------------------------------------------------------
def test_lmpop_pops_from_the_first_non_empty_list(raw: RawClient) -> None:
    assert raw.call("LMPOP", "2", "a", "b", "LEFT") == NULL_ARRAY
    assert raw.call("RPUSH", "b", "1", "2", "3") == b":3\r\n"
    assert raw.call("LMPOP", "2", "a", "b", "left") == b"*2\r\n" + bulk(b"b") + array(b"1")
    assert raw.call("LMPOP", "2", "a", "b", "RIGHT", "COUNT", "5") == (
        b"*2\r\n" + bulk(b"b") + array(b"3", b"2")
    )
    assert raw.call("EXISTS", "b") == ZERO


def test_lmpop_wrongtype_only_before_the_first_list(raw: RawClient) -> None:
    assert raw.call("SET", "s", "v") == OK
    assert raw.call("RPUSH", "l", "a", "b") == b":2\r\n"
    assert raw.call("LMPOP", "2", "s", "l", "LEFT") == WRONGTYPE
    assert raw.call("LMPOP", "2", "l", "s", "LEFT") == b"*2\r\n" + bulk(b"l") + array(b"a")
    assert raw.call("LMPOP", "2", "missing", "s", "LEFT") == WRONGTYPE


def test_lmpop_resp3(raw: RawClient) -> None:
    resp3(raw)
    assert raw.call("LMPOP", "1", "l", "LEFT") == RESP3_NULL
    assert raw.call("RPUSH", "l", "a", "b") == b":2\r\n"
    assert raw.call("LMPOP", "1", "l", "LEFT", "COUNT", "5") == (  # an array, not a map
        b"*2\r\n" + bulk(b"l") + array(b"a", b"b")
    )


@pytest.mark.parametrize(
    ("args", "reply"),
    [
        (("0", "l", "LEFT"), NUMKEYS),
        (("-1", "l", "LEFT"), NUMKEYS),
        (("abc", "l", "LEFT"), NUMKEYS),
        (("2", "l", "LEFT"), SYNTAX),  # LEFT is taken as the second key: no direction left
        (("3", "l", "LEFT"), SYNTAX),
        ((LONG_MAX, "l", "LEFT"), SYNTAX),
        (("1", "l", "MIDDLE"), SYNTAX),
        (("1", "l", "LEFT", "COUNT", "0"), COUNT_POSITIVE),
        (("1", "l", "LEFT", "COUNT", "abc"), COUNT_POSITIVE),
        (("1", "l", "LEFT", "COUNT", "-1"), COUNT_POSITIVE),
        (("1", "l", "LEFT", "COUNT", "0", "junk"), COUNT_POSITIVE),  # errors in argument order
        (("1", "l", "LEFT", "junk", "COUNT", "0"), SYNTAX),
        (("1", "l", "LEFT", "COUNT", "1", "COUNT", "1"), SYNTAX),
        (("1", "l", "LEFT", "COUNT"), SYNTAX),
    ],
)
def test_lmpop_errors(raw: RawClient, args: tuple[str, ...], reply: bytes) -> None:
    assert raw.call("RPUSH", "l", "a") == ONE
    assert raw.call("LMPOP", *args) == reply
    assert raw.call("LLEN", "l") == ONE


# --- reading ---------------------------------------------------------------------------------
def test_llen(raw: RawClient) -> None:
    assert raw.call("LLEN", "l") == ZERO
    assert raw.call("RPUSH", "l", "a", "b") == b":2\r\n"
    assert raw.call("LLEN", "l") == b":2\r\n"


@pytest.mark.parametrize(
    ("start", "stop", "expected"),
    [
        ("0", "-1", [b"a", b"b", b"c", b"d", b"e"]),
        ("-100", "100", [b"a", b"b", b"c", b"d", b"e"]),
        ("1", "2", [b"b", b"c"]),
        ("-3", "-1", [b"c", b"d", b"e"]),
        ("-2", "100", [b"d", b"e"]),
        ("2", "1000", [b"c", b"d", b"e"]),
        ("5", "2", []),
        ("-1", "-2", []),
        ("10", "20", []),
        (LONG_MAX, LONG_MIN, []),
        (LONG_MIN, LONG_MAX, [b"a", b"b", b"c", b"d", b"e"]),
    ],
)
def test_lrange_indexes(raw: RawClient, start: str, stop: str, expected: list[bytes]) -> None:
    assert raw.call("RPUSH", "l", "a", "b", "c", "d", "e") == b":5\r\n"
    assert raw.call("LRANGE", "l", start, stop) == array(*expected)


def test_lrange_errors_and_missing_key(raw: RawClient) -> None:
    assert raw.call("LRANGE", "missing", "0", "1") == EMPTY_ARRAY
    assert raw.call("LRANGE", "missing", "a", "1") == NOT_INT  # parsed before the lookup
    assert raw.call("RPUSH", "l", "a") == ONE
    for start, stop in (("a", "1"), ("1", "b"), ("+1", "2"), ("-0", "2"), ("01", "2")):
        assert raw.call("LRANGE", "l", start, stop) == NOT_INT


def test_lrange_of_a_long_list_from_either_end(raw: RawClient) -> None:
    elements = [str(i).encode() for i in range(300)]
    assert raw.call("RPUSH", "l", *elements) == b":300\r\n"
    assert raw.call("LRANGE", "l", "0", "99") == array(*elements[:100])
    assert raw.call("LRANGE", "l", "-5", "-1") == array(*elements[-5:])
    assert raw.call("LRANGE", "l", "250", "252") == array(*elements[250:253])


def test_lindex(raw: RawClient) -> None:
    assert raw.call("LINDEX", "missing", "abc") == NULL  # the key is looked up first
    assert raw.call("RPUSH", "l", "a", "b", "c") == b":3\r\n"
    assert raw.call("LINDEX", "l", "0") == bulk(b"a")
    assert raw.call("LINDEX", "l", "-1") == bulk(b"c")
    assert raw.call("LINDEX", "l", "-3") == bulk(b"a")
    assert raw.call("LINDEX", "l", "3") == NULL
    assert raw.call("LINDEX", "l", "-4") == NULL
    assert raw.call("LINDEX", "l", "abc") == NOT_INT
    resp3(raw)
    assert raw.call("LINDEX", "l", "3") == RESP3_NULL


def test_lpos_finds_matches(raw: RawClient) -> None:
    assert raw.call("RPUSH", "l", "a", "b", "c", "a", "b", "c", "a") == b":7\r\n"
    cases = [
        (("a",), b":0\r\n"), (("b",), b":1\r\n"), (("z",), NULL),
        (("a", "RANK", "2"), b":3\r\n"), (("a", "RANK", "-1"), b":6\r\n"),
        (("a", "RANK", "-2"), b":3\r\n"), (("a", "RANK", "4"), NULL), (("a", "RANK", "-4"), NULL),
        (("a", "COUNT", "0"), ints(0, 3, 6)), (("a", "COUNT", "2"), ints(0, 3)),
        (("z", "COUNT", "0"), EMPTY_ARRAY), (("a", "COUNT", "0", "RANK", "-1"), ints(6, 3, 0)),
        (("a", "COUNT", "2", "RANK", "2"), ints(3, 6)),
        (("a", "COUNT", "0", "MAXLEN", "4"), ints(0, 3)),
        (("a", "MAXLEN", "1", "RANK", "-1"), b":6\r\n"), (("b", "MAXLEN", "1"), NULL),
        (("a", "MAXLEN", "0"), b":0\r\n"), (("a", "RANK", "1", "RANK", "2"), b":3\r\n"),
        (("c", "RANK", "-" + LONG_MAX), NULL), (("a", "rank", "2"), b":3\r\n"),
        (("a", "RANK\x00junk", "2"), b":3\r\n"),  # option words compare as C strings
    ]  # fmt: skip
    for args, reply in cases:
        assert raw.call("LPOS", "l", *args) == reply, args


def test_lpos_rank_long_min_is_redis_7_0_overflow(raw: RawClient) -> None:
    """7.0 negates the rank in C: LONG_MIN stays negative, so it searches from the tail like
    -1 and COUNT never stops the scan (Redis 7.2 rejects this rank instead)."""
    assert raw.call("RPUSH", "l", "a", "b", "c", "a", "b", "c", "a") == b":7\r\n"
    assert raw.call("LPOS", "l", "c", "RANK", LONG_MIN) == b":5\r\n"
    assert raw.call("LPOS", "l", "a", "RANK", LONG_MIN, "COUNT", "1") == ints(6, 3, 0)
    assert raw.call("LPOS", "l", "b", "RANK", LONG_MIN, "MAXLEN", "2") == NULL
    assert raw.call("LPOS", "missing", "a", "RANK", LONG_MIN) == NULL


@pytest.mark.parametrize(
    ("options", "reply"),
    [
        (("RANK", "0"), RANK_ZERO),
        (("RANK", "abc"), NOT_INT),
        (("COUNT", "-1"), COUNT_NEGATIVE),
        (("COUNT", "abc"), COUNT_NEGATIVE),
        (("MAXLEN", "-1"), MAXLEN_NEGATIVE),
        (("MAXLEN", "abc"), MAXLEN_NEGATIVE),
        (("foo",), SYNTAX),
        (("RANK",), SYNTAX),
        (("RANK", "0", "COUNT", "-1"), RANK_ZERO),  # the first bad option wins
        (("COUNT", "-1", "RANK", "0"), COUNT_NEGATIVE),
        (("COUNT", "-1", "foo"), COUNT_NEGATIVE),
        (("foo", "COUNT", "-1"), SYNTAX),
    ],
)
def test_lpos_errors(raw: RawClient, options: tuple[str, ...], reply: bytes) -> None:
    assert raw.call("LPOS", "missing", "a", *options) == reply  # options before the lookup
    assert raw.call("SET", "s", "v") == OK
    assert raw.call("LPOS", "s", "a", *options) == reply


def test_lpos_missing_key_and_resp3(raw: RawClient) -> None:
    assert raw.call("LPOS", "missing", "a") == NULL
    assert raw.call("LPOS", "missing", "a", "COUNT", "0") == EMPTY_ARRAY
    resp3(raw)
    assert raw.call("LPOS", "missing", "a") == RESP3_NULL
    assert raw.call("LPOS", "missing", "a", "COUNT", "0") == EMPTY_ARRAY


# --- changing the middle ---------------------------------------------------------------------
def test_lset(raw: RawClient) -> None:
    assert raw.call("LSET", "missing", "abc", "x") == b"-ERR no such key\r\n"  # lookup first
    assert raw.call("RPUSH", "l", "a", "b", "c") == b":3\r\n"
    assert raw.call("LSET", "l", "abc", "x") == NOT_INT
    assert raw.call("LSET", "l", "3", "x") == b"-ERR index out of range\r\n"
    assert raw.call("LSET", "l", "-4", "x") == b"-ERR index out of range\r\n"
    assert raw.call("LSET", "l", "-1", "LAST") == OK
    assert raw.call("LSET", "l", "0", b"") == OK
    assert raw.call("LRANGE", "l", "0", "-1") == array(b"", b"b", b"LAST")


def test_linsert(raw: RawClient) -> None:
    assert raw.call("LINSERT", "missing", "MIDDLE", "a", "x") == SYNTAX
    assert raw.call("LINSERT", "missing", "BEFORE", "a", "x") == ZERO
    assert raw.call("RPUSH", "l", "a", "b", "a") == b":3\r\n"
    assert raw.call("LINSERT", "l", "before", "zz", "x") == b":-1\r\n"
    assert raw.call("LINSERT", "l", "BEFORE", "a", "x") == b":4\r\n"  # the first pivot
    assert raw.call("LINSERT", "l", "After", "a", "y") == b":5\r\n"
    assert raw.call("LINSERT", "l", b"after\x00junk", "b", "z") == b":6\r\n"
    assert raw.call("LINSERT", "l", "AFTER", b"b\x00", "z") == b":-1\r\n"  # elements: binary
    assert raw.call("LRANGE", "l", "0", "-1") == array(b"x", b"a", b"y", b"b", b"z", b"a")


def test_lrem(raw: RawClient) -> None:
    assert raw.call("LREM", "missing", "abc", "x") == NOT_INT  # count before the lookup
    assert raw.call("LREM", "missing", "0", "x") == ZERO
    assert raw.call("RPUSH", "l", "a", "b", "c", "a", "b", "c", "a") == b":7\r\n"
    assert raw.call("LREM", "l", "0", "zz") == ZERO
    assert raw.call("LREM", "l", "-1", "c") == ONE
    assert raw.call("LREM", "l", "1", "b") == ONE
    assert raw.call("LRANGE", "l", "0", "-1") == array(b"a", b"c", b"a", b"b", b"a")
    assert raw.call("LREM", "l", "-2", "a") == b":2\r\n"
    assert raw.call("LRANGE", "l", "0", "-1") == array(b"a", b"c", b"b")
    assert raw.call("LREM", "l", LONG_MIN, "a") == ONE
    assert raw.call("LREM", "l", "0", "c") == ONE
    assert raw.call("LREM", "l", "0", "b") == ONE
    assert raw.call("EXISTS", "l") == ZERO


def test_ltrim(raw: RawClient) -> None:
    assert raw.call("LTRIM", "missing", "0", "1") == OK
    assert raw.call("LTRIM", "missing", "a", "1") == NOT_INT
    assert raw.call("RPUSH", "l", "a", "b", "c", "d", "e") == b":5\r\n"
    assert raw.call("LTRIM", "l", "1", "-2") == OK
    assert raw.call("LRANGE", "l", "0", "-1") == array(b"b", b"c", b"d")
    assert raw.call("LTRIM", "l", "-100", "100") == OK
    assert raw.call("LRANGE", "l", "0", "-1") == array(b"b", b"c", b"d")
    assert raw.call("LTRIM", "l", "-1", "-1") == OK
    assert raw.call("LRANGE", "l", "0", "-1") == array(b"d")
    assert raw.call("LTRIM", "l", "1", "0") == OK
    assert raw.call("EXISTS", "l") == ZERO
    assert raw.call("RPUSH", "l", "a", "b") == b":2\r\n"
    assert raw.call("LTRIM", "l", "5", "10") == OK
    assert raw.call("EXISTS", "l") == ZERO


# --- moving ----------------------------------------------------------------------------------
def test_lmove_directions_and_rotation(raw: RawClient) -> None:
    assert raw.call("RPUSH", "l", "a", "b", "c") == b":3\r\n"
    assert raw.call("LMOVE", "l", "l", "LEFT", "RIGHT") == bulk(b"a")
    assert raw.call("LRANGE", "l", "0", "-1") == array(b"b", b"c", b"a")
    assert raw.call("LMOVE", "l", "l", "right", "left") == bulk(b"a")
    assert raw.call("LMOVE", "l", "d", "RIGHT", "LEFT") == bulk(b"c")
    assert raw.call("LMOVE", "l", "d", "RIGHT", "RIGHT") == bulk(b"b")
    assert raw.call("LMOVE", "l", "d", b"LEFT\x00junk", "Right") == bulk(b"a")
    assert raw.call("EXISTS", "l") == ZERO
    assert raw.call("LRANGE", "d", "0", "-1") == array(b"c", b"b", b"a")
    assert raw.call("RPUSH", "one", "x") == ONE
    assert raw.call("LMOVE", "one", "one", "LEFT", "LEFT") == bulk(b"x")
    assert raw.call("LRANGE", "one", "0", "-1") == array(b"x")


def test_lmove_errors_and_check_order(raw: RawClient) -> None:
    assert raw.call("SET", "s", "v") == OK
    assert raw.call("LMOVE", "missing", "d", "MIDDLE", "LEFT") == SYNTAX
    assert raw.call("LMOVE", "missing", "d", "LEFT", "MIDDLE") == SYNTAX
    assert raw.call("LMOVE", "missing", "s", "LEFT", "LEFT") == NULL  # source before destination
    assert raw.call("RPUSH", "l", "a") == ONE
    assert raw.call("LMOVE", "l", "s", "LEFT", "LEFT") == WRONGTYPE
    assert raw.call("LRANGE", "l", "0", "-1") == array(b"a")  # nothing was popped
    resp3(raw)
    assert raw.call("LMOVE", "missing", "d", "LEFT", "LEFT") == RESP3_NULL


def test_rpoplpush(raw: RawClient) -> None:
    assert raw.call("RPOPLPUSH", "missing", "d") == NULL
    assert raw.call("RPUSH", "l", "a", "b", "c") == b":3\r\n"
    assert raw.call("RPOPLPUSH", "l", "l") == bulk(b"c")
    assert raw.call("LRANGE", "l", "0", "-1") == array(b"c", b"a", b"b")
    assert raw.call("SET", "s", "v") == OK
    assert raw.call("RPOPLPUSH", "l", "s") == WRONGTYPE
    assert raw.call("RPOPLPUSH", "l", "d") == bulk(b"b")
    assert raw.call("RPOPLPUSH", "l", "d") == bulk(b"a")
    assert raw.call("RPOPLPUSH", "l", "d") == bulk(b"c")
    assert raw.call("RPOPLPUSH", "l", "d") == NULL
    assert raw.call("LRANGE", "d", "0", "-1") == array(b"c", b"a", b"b")


# --- TTL, COPY, WATCH ------------------------------------------------------------------------
def test_changes_in_place_keep_the_ttl(raw: RawClient) -> None:
    assert raw.call("RPUSH", "l", "a", "b") == b":2\r\n"
    assert raw.call("EXPIRE", "l", "100") == ONE
    assert raw.call("LPUSH", "l", "c") == b":3\r\n"
    assert raw.call("LSET", "l", "0", "z") == OK
    assert raw.call("RPUSH", "d", "x") == ONE
    assert raw.call("EXPIRE", "d", "200") == ONE
    assert raw.call("LMOVE", "l", "d", "LEFT", "LEFT") == bulk(b"z")
    assert raw.call("TTL", "l") == b":100\r\n"
    assert raw.call("TTL", "d") == b":200\r\n"
    assert raw.call("LPOP", "l", "2") == array(b"a", b"b")  # emptied: the key and TTL go
    assert raw.call("RPUSH", "l", "a") == ONE
    assert raw.call("TTL", "l") == b":-1\r\n"


def test_copy_is_independent(raw: RawClient) -> None:
    assert raw.call("RPUSH", "l", "a", "b") == b":2\r\n"
    assert raw.call("COPY", "l", "c") == ONE
    assert raw.call("LPUSH", "c", "new") == b":3\r\n"
    assert raw.call("LRANGE", "l", "0", "-1") == array(b"a", b"b")
    assert raw.call("LRANGE", "c", "0", "-1") == array(b"new", b"a", b"b")
    assert raw.call("TYPE", "c") == b"+list\r\n"


@pytest.mark.parametrize(
    ("args", "dirty"),
    [
        (("LTRIM", "l", "0", "-1"), True),  # Redis signals LTRIM and LSET even when nothing changed
        (("LSET", "l", "0", "a"), True),
        (("LREM", "l", "1", "a"), True),
        (("LMOVE", "l", "l", "LEFT", "LEFT"), True),
        (("LPUSHX", "l", "x"), True),
        (("LREM", "l", "0", "zz"), False),
        (("LINSERT", "l", "BEFORE", "zz", "x"), False),
        (("LPOP", "l", "0"), False),
        (("LPUSHX", "missing", "x"), False),
        (("LMOVE", "missing", "l", "LEFT", "LEFT"), False),
        (("LPOS", "l", "a"), False),
        (("LMPOP", "1", "missing", "LEFT"), False),
        (("LTRIM", "missing", "0", "1"), False),
    ],
)
def test_watch_sees_list_changes(target: Target, args: tuple[str, ...], dirty: bool) -> None:
    with (
        RawClient(target.host, target.port) as watcher,
        RawClient(target.host, target.port) as other,
    ):
        assert watcher.call("RPUSH", "l", "a", "b", "c") == b":3\r\n"
        assert watcher.call("WATCH", "l", "missing") == OK
        other.call(*args)
        assert watcher.call("MULTI") == OK
        assert watcher.call("PING") == b"+QUEUED\r\n"
        assert watcher.call("EXEC") == (NULL_ARRAY if dirty else b"*1\r\n+PONG\r\n")


def test_redis_py_list_commands(r: redis.Redis, r3: redis.Redis) -> None:
    """What client libraries see: the null array and the null bulk both become None."""
    assert r.rpush("q", "a", "b", "c") == 3
    assert r.lpop("q", 2) == [b"a", b"b"]
    assert r.lpop("missing", 2) is None
    assert r.lmpop(2, "missing", "q", direction="RIGHT") == [b"q", [b"c"]]
    assert r3.lmpop(1, "q", direction="LEFT") is None
    assert r3.rpush("q", "x") == 1
    assert r3.lpos("q", "x", count=0) == [0]


@pytest.mark.parametrize(
    ("args", "reply"),
    [
        (("lmpop", "2", "a", "b", "left"), array(b"a", b"b")),
        (("lmpop", "3", "a", "b", "c"), array(b"a", b"b", b"c")),
        (("lmpop", "2x", "a", "b", "left"), array(b"a", b"b")),  # atoi, in the getkeys fallback
        (("lmpop", "0", "a", "left"), b"-ERR Invalid arguments specified for command\r\n"),
        (("lmpop", "5", "a", "left"), b"-ERR Invalid arguments specified for command\r\n"),
        (("lmpop", "abc", "a", "left"), b"-ERR Invalid arguments specified for command\r\n"),
        (("lmpop", "1", "a"), b"-ERR Invalid number of arguments specified for command\r\n"),
        (("lmove", "a", "b", "left", "left"), array(b"a", b"b")),
    ],
)
def test_command_getkeys_of_list_commands(
    raw: RawClient, args: tuple[str, ...], reply: bytes
) -> None:
    assert raw.call("COMMAND", "GETKEYS", *args) == reply


def test_command_getkeysandflags_of_list_commands(raw: RawClient) -> None:
    assert raw.call("COMMAND", "GETKEYSANDFLAGS", "lmpop", "2", "a", "b", "left") == (
        b"*2\r\n*2\r\n$1\r\na\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n"
        b"*2\r\n$1\r\nb\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n"
    )
    assert raw.call("COMMAND", "GETKEYSANDFLAGS", "rpoplpush", "a", "b") == (
        b"*2\r\n*2\r\n$1\r\na\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n"
        b"*2\r\n$1\r\nb\r\n*2\r\n+RW\r\n+insert\r\n"
    )
