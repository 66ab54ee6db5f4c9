"""The hash group, byte for byte, against miniredis and real redis-server 7.0.15.

Every expected reply below is what redis-server 7.0.15 sends, written out literally (house rule
11). A key that must hold another type is made with SET. Small hashes list their fields in
insertion order on both servers (Redis's listpack encoding), so their replies are compared
exactly; a hash past ``hash-max-listpack-entries`` (a hashtable in Redis) is compared as a set.
HRANDFIELD is random: its tests check sizes, membership and uniqueness on both servers.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis

from compat_tests.conftest import Target
from compat_tests.rawclient import RawClient

OK = b"+OK\r\n"
NULL = b"$-1\r\n"
RESP3_NULL = b"_\r\n"
NULL_ARRAY = b"*-1\r\n"
EMPTY_ARRAY = b"*0\r\n"
ZERO, ONE = b":0\r\n", b":1\r\n"
WRONGTYPE = b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
SYNTAX = b"-ERR syntax error\r\n"
NOT_INT = b"-ERR value is not an integer or out of range\r\n"
NOT_FLOAT = b"-ERR value is not a valid float\r\n"
OVERFLOW = b"-ERR increment or decrement would overflow\r\n"
HASH_NOT_INT = b"-ERR hash value is not an integer\r\n"
HASH_NOT_FLOAT = b"-ERR hash value is not a float\r\n"
NAN_OR_INF = b"-ERR value is NaN or Infinity\r\n"
WOULD_BE_NAN_OR_INF = b"-ERR increment would produce NaN or Infinity\r\n"
OUT_OF_RANGE = b"-ERR value is out of range\r\n"
LONG_RANGE = (
    b"-ERR value is out of range, value must between -9223372036854775807 and "
    b"9223372036854775807\r\n"
)
INVALID_CURSOR = b"-ERR invalid cursor\r\n"
EMPTY_SCAN = b"*2\r\n$1\r\n0\r\n*0\r\n"


def bulk(value: bytes) -> bytes:
    return b"$%d\r\n%s\r\n" % (len(value), value)


def array(*items: bytes | None) -> bytes:
    return b"*%d\r\n" % len(items) + b"".join(NULL if i is None else bulk(i) for i in items)


def scan_reply(*items: bytes) -> bytes:
    """A finished scan (cursor 0) answering ``items``."""
    return b"*2\r\n$1\r\n0\r\n" + array(*items)


def wrong_arity(name: str) -> bytes:
    return b"-ERR wrong number of arguments for '%s' command\r\n" % name.encode()


def resp3(raw: RawClient) -> RawClient:
    """Switch the raw connection to RESP3 (the HELLO reply itself differs between servers)."""
    assert raw.call("HELLO", "3").startswith(b"%7\r\n")
    return raw


# --- setting and reading fields -------------------------------------------------------------
def test_hset_counts_new_fields_and_keeps_insertion_order(raw: RawClient) -> None:
    assert raw.call("HSET", "h", "b", "1", "a", "2") == b":2\r\n"
    assert raw.call("HSET", "h", "a", "3", "c", "4", "c", "5") == ONE  # a updated, c new once
    assert raw.call("HGETALL", "h") == array(b"b", b"1", b"a", b"3", b"c", b"5")
    assert raw.call("HDEL", "h", "b") == ONE
    assert raw.call("HSET", "h", "b", "6") == ONE  # a re-added field goes to the end
    assert raw.call("HKEYS", "h") == array(b"a", b"c", b"b")
    assert raw.call("HVALS", "h") == array(b"3", b"5", b"6")
    assert raw.call("HLEN", "h") == b":3\r\n"
    assert raw.call("TYPE", "h") == b"+hash\r\n"


def test_big_hash_replies_agree_with_each_other(r: redis.Redis, r3: redis.Redis) -> None:
    """Past 512 fields Redis answers in hashtable order: compare as sets, and check that HKEYS,
    HVALS and HGETALL list the fields in one and the same order."""
    mapping = {b"f%d" % i: b"v%d" % i for i in range(700)}
    assert r.hset("h", mapping=mapping) == 700
    assert r.hgetall("h") == mapping
    assert r3.hgetall("h") == mapping
    keys, values = r.hkeys("h"), r.hvals("h")
    assert sorted(keys) == sorted(mapping)
    assert [mapping[key] for key in keys] == values
    assert list(r.hgetall("h")) == keys
    assert r.hlen("h") == 700


def test_binary_and_empty_fields_and_values(raw: RawClient) -> None:
    assert raw.call("HSET", b"", b"", b"", b"\x00\xff\r\n", b"\r\n") == b":2\r\n"
    assert raw.call("HGET", b"", b"") == bulk(b"")
    assert raw.call("HGET", b"", b"\x00\xff\r\n") == bulk(b"\r\n")
    assert raw.call("HEXISTS", b"", b"") == ONE
    assert raw.call("HSTRLEN", b"", b"\x00\xff\r\n") == b":2\r\n"
    assert raw.call("HGETALL", b"") == array(b"", b"", b"\x00\xff\r\n", b"\r\n")


@pytest.mark.parametrize("name", ["HSET", "HMSET"])
def test_odd_field_value_words_are_an_arity_error_before_the_type(
    raw: RawClient, name: str
) -> None:
    assert raw.call("SET", "s", "x") == OK
    for key in ("h", "s"):
        assert raw.call(name, key, "f") == wrong_arity(name.lower())
        assert raw.call(name, key, "f", "v", "g") == wrong_arity(name.lower())
    assert raw.call("EXISTS", "h") == ZERO


def test_hmset_replies_ok(raw: RawClient) -> None:
    assert raw.call("HMSET", "h", "a", "1", "b", "2") == OK
    assert raw.call("HMSET", "h", "a", "3") == OK
    assert raw.call("HMGET", "h", "a", "b", "zz") == array(b"3", b"2", None)


def test_hsetnx(raw: RawClient) -> None:
    assert raw.call("HSETNX", "h", "f", "1") == ONE
    assert raw.call("HSETNX", "h", "f", "2") == ZERO
    assert raw.call("HGET", "h", "f") == bulk(b"1")
    assert raw.call("HSETNX", "h", "g", "3") == ONE
    assert raw.call("HGETALL", "h") == array(b"f", b"1", b"g", b"3")


def test_missing_keys_and_fields(raw: RawClient) -> None:
    assert raw.call("HSET", "h", "f", "v") == ONE
    assert raw.call("HGET", "h", "zz") == NULL
    assert raw.call("HGET", "nokey", "f") == NULL
    assert raw.call("HMGET", "nokey", "a", "b") == array(None, None)
    assert raw.call("HEXISTS", "h", "zz") == ZERO
    assert raw.call("HEXISTS", "nokey", "f") == ZERO
    assert raw.call("HSTRLEN", "h", "zz") == ZERO
    assert raw.call("HSTRLEN", "nokey", "f") == ZERO
    assert raw.call("HLEN", "nokey") == ZERO
    assert raw.call("HGETALL", "nokey") == EMPTY_ARRAY
    assert raw.call("HKEYS", "nokey") == EMPTY_ARRAY
    assert raw.call("HVALS", "nokey") == EMPTY_ARRAY
    assert raw.call("HDEL", "nokey", "f") == ZERO


def test_resp3_replies(raw: RawClient) -> None:
    resp3(raw)
    assert raw.call("HSET", "h", "a", "1", "b", "2") == b":2\r\n"
    assert raw.call("HGETALL", "h") == b"%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n"
    assert raw.call("HGETALL", "nokey") == b"%0\r\n"
    assert raw.call("HMGET", "h", "a", "zz") == b"*2\r\n$1\r\n1\r\n_\r\n"
    assert raw.call("HGET", "h", "zz") == RESP3_NULL
    assert raw.call("HKEYS", "h") == array(b"a", b"b")
    assert raw.call("HSCAN", "h", "0") == scan_reply(b"a", b"1", b"b", b"2")
    assert raw.call("HINCRBYFLOAT", "h", "a", "0.5") == bulk(b"1.5")


@pytest.mark.parametrize(
    "args",
    [
        ("HSET", "s", "f", "v"), ("HSETNX", "s", "f", "v"), ("HMSET", "s", "f", "v"),
        ("HGET", "s", "f"), ("HMGET", "s", "f"), ("HGETALL", "s"), ("HDEL", "s", "f"),
        ("HEXISTS", "s", "f"), ("HLEN", "s"), ("HSTRLEN", "s", "f"), ("HKEYS", "s"),
        ("HVALS", "s"), ("HINCRBY", "s", "f", "1"), ("HINCRBYFLOAT", "s", "f", "1"),
        ("HRANDFIELD", "s"), ("HRANDFIELD", "s", "0"), ("HRANDFIELD", "s", "-1", "WITHVALUES"),
        ("HSCAN", "s", "0"), ("HSCAN", "s", "0", "BAD"),
    ],
)  # fmt: skip
def test_wrongtype(raw: RawClient, args: tuple[str, ...]) -> None:
    assert raw.call("SET", "s", "x") == OK
    assert raw.call(*args) == WRONGTYPE


@pytest.mark.parametrize(
    "args",
    [
        ("HSET", "h"), ("HSET", "h", "f"), ("HSETNX", "h", "f"), ("HGET", "h"), ("HMGET", "h"),
        ("HGETALL",), ("HDEL", "h"), ("HEXISTS", "h"), ("HLEN",), ("HSTRLEN", "h"),
        ("HKEYS", "h", "x"), ("HVALS",), ("HINCRBY", "h", "f"), ("HINCRBYFLOAT", "h", "f"),
        ("HRANDFIELD",), ("HSCAN", "h"),
    ],
)  # fmt: skip
def test_arity(raw: RawClient, args: tuple[str, ...]) -> None:
    assert raw.call(*args) == wrong_arity(args[0].lower())


# --- deleting --------------------------------------------------------------------------------
def test_hdel_counts_and_deletes_the_empty_hash(raw: RawClient) -> None:
    assert raw.call("HSET", "h", "a", "1", "b", "2", "c", "3") == b":3\r\n"
    assert raw.call("HDEL", "h", "a", "a", "zz") == ONE
    assert raw.call("HDEL", "h", "b", "c", "b") == b":2\r\n"
    assert raw.call("EXISTS", "h") == ZERO
    assert raw.call("TYPE", "h") == b"+none\r\n"


# --- HINCRBY / HINCRBYFLOAT ------------------------------------------------------------------
def test_hincrby(raw: RawClient) -> None:
    assert raw.call("HINCRBY", "h", "n", "5") == b":5\r\n"  # creates key and field
    assert raw.call("HINCRBY", "h", "n", "-7") == b":-2\r\n"
    assert raw.call("HGET", "h", "n") == bulk(b"-2")
    assert raw.call("HSET", "h", "max", "9223372036854775807", "min", "-5") == b":2\r\n"
    assert raw.call("HINCRBY", "h", "max", "1") == OVERFLOW
    assert raw.call("HINCRBY", "h", "max", "0") == b":9223372036854775807\r\n"
    assert raw.call("HINCRBY", "h", "min", "-9223372036854775804") == OVERFLOW
    assert raw.call("HINCRBY", "h", "min", "-9223372036854775803") == b":-9223372036854775808\r\n"


@pytest.mark.parametrize("stored", [b"abc", b" 1", b"007", b"-0", b"", b"1.0", b"+1"])
def test_hincrby_needs_a_canonical_integer_field(raw: RawClient, stored: bytes) -> None:
    assert raw.call("HSET", "h", "f", stored) == ONE
    assert raw.call("HINCRBY", "h", "f", "1") == HASH_NOT_INT
    assert raw.call("HGET", "h", "f") == bulk(stored)


@pytest.mark.parametrize("increment", ["x", "+1", "-0", "1.0", " 1", "9223372036854775808", ""])
def test_hincrby_increment_is_checked_before_the_key(raw: RawClient, increment: str) -> None:
    assert raw.call("SET", "s", "x") == OK
    assert raw.call("HINCRBY", "s", "f", increment) == NOT_INT
    assert raw.call("HINCRBY", "nokey", "f", increment) == NOT_INT
    assert raw.call("EXISTS", "nokey") == ZERO


def test_hincrbyfloat_long_double_arithmetic(raw: RawClient) -> None:
    assert raw.call("HINCRBYFLOAT", "h", "f", "0.1") == bulk(b"0.1")
    assert raw.call("HINCRBYFLOAT", "h", "f", "0.2") == bulk(b"0.3")
    assert raw.call("HINCRBYFLOAT", "h", "f", "+1.5") == bulk(b"1.8")
    assert raw.call("HINCRBYFLOAT", "h", "f", "0x10") == bulk(b"17.8")
    assert raw.call("HINCRBYFLOAT", "h", "g", "5.0e3") == bulk(b"5000")
    assert raw.call("HINCRBYFLOAT", "h", "g", "-5000") == bulk(b"0")
    assert raw.call("HINCRBYFLOAT", "h", "g", "1e-20") == bulk(b"0")
    assert raw.call("HGET", "h", "f") == bulk(b"17.8")
    assert raw.call("HSET", "h", "i", "9223372036854775807", "z", "-0", "y", "007") == b":3\r\n"
    assert raw.call("HINCRBYFLOAT", "h", "i", "1") == bulk(b"9223372036854775808")
    assert raw.call("HINCRBYFLOAT", "h", "z", "1") == bulk(b"1")
    assert raw.call("HINCRBYFLOAT", "h", "y", "1") == bulk(b"8")
    assert raw.call("HINCRBY", "h", "y", "1") == b":9\r\n"  # "8" is an integer again


def test_hincrbyfloat_errors(raw: RawClient) -> None:
    assert raw.call("SET", "s", "x") == OK
    assert raw.call("HSET", "h", "str", "abc", "sp", " 1", "inf", "inf", "e", "") == b":4\r\n"
    assert raw.call("HINCRBYFLOAT", "h", "str", "1") == HASH_NOT_FLOAT
    assert raw.call("HINCRBYFLOAT", "h", "sp", "1") == HASH_NOT_FLOAT
    assert raw.call("HINCRBYFLOAT", "h", "e", "1") == HASH_NOT_FLOAT
    assert raw.call("HINCRBYFLOAT", "h", "inf", "1") == WOULD_BE_NAN_OR_INF
    for bad in ("x", "nan", " 1", ""):
        assert raw.call("HINCRBYFLOAT", "h", "f", bad) == NOT_FLOAT
        assert raw.call("HINCRBYFLOAT", "s", "f", bad) == NOT_FLOAT  # before the type
    for infinite in ("inf", "-inf", "+Infinity"):
        assert raw.call("HINCRBYFLOAT", "nokey", "f", infinite) == NAN_OR_INF
    assert raw.call("HINCRBYFLOAT", "s", "f", "inf") == NAN_OR_INF
    assert raw.call("HINCRBYFLOAT", "s", "f", "1") == WRONGTYPE
    assert raw.call("EXISTS", "nokey") == ZERO
    assert raw.call("HEXISTS", "h", "f") == ZERO


def test_hincrbyfloat_overflow_and_huge_values(raw: RawClient) -> None:
    reply = raw.call("HINCRBYFLOAT", "h", "f", "1.1e4932")
    assert reply.startswith(b"$4933\r\n10999999999999999999743731075282418176")
    assert raw.call("HINCRBYFLOAT", "h", "f", "1.1e4932") == WOULD_BE_NAN_OR_INF
    assert raw.call("HINCRBYFLOAT", "h", "g", "1e5000") == NOT_FLOAT  # strtold overflows


# --- HRANDFIELD ------------------------------------------------------------------------------
FIELDS = {b"a": b"1", b"b": b"2", b"c": b"3", b"d": b"4", b"e": b"5"}


@pytest.fixture
def five(raw: RawClient) -> Iterator[RawClient]:
    """A raw connection whose db holds ``h`` = FIELDS (a small, listpack hash)."""
    args = [item for pair in FIELDS.items() for item in pair]
    assert raw.call("HSET", "h", *args) == b":5\r\n"
    yield raw


def _items(reply: bytes, count: int) -> list[bytes]:
    """The bulk strings of a flat array reply of ``count`` bulks (no nulls, no nesting)."""
    assert reply.startswith(b"*%d\r\n" % count)
    parts = reply.split(b"\r\n")[1:-1]
    return [parts[i + 1] for i in range(0, len(parts), 2)]


def test_hrandfield_single(five: RawClient) -> None:
    for _ in range(20):
        reply = five.call("HRANDFIELD", "h")
        assert reply[:4] == b"$1\r\n" and reply[4:5] in FIELDS
    assert five.call("HRANDFIELD", "nokey") == NULL
    assert resp3(five).call("HRANDFIELD", "nokey") == RESP3_NULL


def test_hrandfield_positive_count_is_distinct(five: RawClient) -> None:
    for count in (1, 2, 4):
        fields = _items(five.call("HRANDFIELD", "h", str(count)), count)
        assert len(set(fields)) == count and set(fields) <= set(FIELDS)
    # a count of at least the size answers the whole hash, in its order
    assert five.call("HRANDFIELD", "h", "5") == array(*FIELDS)
    assert five.call("HRANDFIELD", "h", "9223372036854775807") == array(*FIELDS)
    whole = [item for pair in FIELDS.items() for item in pair]
    assert five.call("HRANDFIELD", "h", "6", "WITHVALUES") == array(*whole)
    assert five.call("HRANDFIELD", "h", "0") == EMPTY_ARRAY
    assert five.call("HRANDFIELD", "h", "0", "WITHVALUES") == EMPTY_ARRAY
    assert five.call("HRANDFIELD", "nokey", "3") == EMPTY_ARRAY
    assert five.call("HRANDFIELD", "nokey", "-3", "WITHVALUES") == EMPTY_ARRAY


def test_hrandfield_negative_count_repeats(five: RawClient) -> None:
    fields = _items(five.call("HRANDFIELD", "h", "-50"), 50)
    assert set(fields) <= set(FIELDS)
    assert len(set(fields)) < 50  # only five fields to draw from
    assert _items(five.call("HRANDFIELD", "h", "-1"), 1)[0] in FIELDS


def test_hrandfield_withvalues_resp2_is_flat(five: RawClient) -> None:
    for count in ("3", "-7"):
        items = _items(five.call("HRANDFIELD", "h", count, "withvalues"), 2 * abs(int(count)))
        pairs = list(zip(items[::2], items[1::2], strict=True))
        assert all(FIELDS[field] == value for field, value in pairs)
        if count == "3":
            assert len({field for field, _ in pairs}) == 3


def test_hrandfield_withvalues_resp3_is_pairs(five: RawClient) -> None:
    resp3(five)
    reply = five.call("HRANDFIELD", "h", "2", "WITHVALUES")
    assert reply.startswith(b"*2\r\n*2\r\n$1\r\n")
    reply = five.call("HRANDFIELD", "h", "-3", "WITHVALUES")
    assert reply.startswith(b"*3\r\n*2\r\n") and reply.count(b"*2\r\n") == 3
    whole = b"".join(b"*2\r\n" + bulk(field) + bulk(value) for field, value in FIELDS.items())
    assert five.call("HRANDFIELD", "h", "5", "WITHVALUES") == b"*5\r\n" + whole
    assert set(_items(five.call("HRANDFIELD", "h", "2"), 2)) <= set(FIELDS)  # no values: flat
    assert five.call("HRANDFIELD", "h", "5") == array(*FIELDS)


def test_hrandfield_on_a_big_hash(r: redis.Redis, r3: redis.Redis) -> None:
    """A hashtable-encoded hash: Redis's other sampling strategies, same properties."""
    mapping = {b"f%d" % i: b"v%d" % i for i in range(600)}
    assert r.hset("h", mapping=mapping) == 600
    for count in (1, 10, 250, 599):  # few (random picks) and many (drop from a copy)
        fields = r.hrandfield("h", count)
        assert len(fields) == len(set(fields)) == count and set(fields) <= set(mapping)
    assert sorted(r.hrandfield("h", 600)) == sorted(mapping)
    assert sorted(r.hrandfield("h", 1000)) == sorted(mapping)
    drawn = r.hrandfield("h", -1000)
    assert len(drawn) == 1000 and set(drawn) <= set(mapping)
    pairs = r3.hrandfield("h", -20, withvalues=True)
    assert len(pairs) == 20 and all(mapping[field] == value for field, value in pairs)
    assert r.hrandfield("h") in mapping


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("x",), NOT_INT),
        (("1.5",), NOT_INT),
        (("-9223372036854775808",), LONG_RANGE),
        (("-9223372036854775808", "BAD"), LONG_RANGE),  # the count comes first
        (("-9223372036854775807", "BAD"), SYNTAX),  # then the syntax
        (("1", "WITHVALUE"), SYNTAX),
        (("1", "WITHVALUES", "WITHVALUES"), SYNTAX),
        (("-9223372036854775807", "WITHVALUES"), OUT_OF_RANGE),  # then the WITHVALUES range
        (("-4611686018427387904", "WITHVALUES"), OUT_OF_RANGE),
        (("4611686018427387904", "WITHVALUES"), OUT_OF_RANGE),
    ],
)
def test_hrandfield_errors_come_before_the_type(
    raw: RawClient, args: tuple[str, ...], error: bytes
) -> None:
    assert raw.call("SET", "s", "x") == OK
    assert raw.call("HSET", "h", "a", "1") == ONE
    for key in ("h", "s", "nokey"):
        assert raw.call("HRANDFIELD", key, *args) == error


def test_hrandfield_withvalues_limits_and_nul(five: RawClient) -> None:
    whole = [item for pair in FIELDS.items() for item in pair]
    assert five.call("HRANDFIELD", "h", "4611686018427387903", "WITHVALUES") == array(*whole)
    # Redis compares the word as a C string: what follows a NUL is not seen
    assert five.call("HRANDFIELD", "h", "9", b"withValues\x00junk") == array(*whole)


# --- HSCAN -----------------------------------------------------------------------------------
def test_hscan_small_hash_is_answered_whole(raw: RawClient) -> None:
    assert raw.call("HSET", "h", "a", "1", "b", "2", "ab", "3") == b":3\r\n"
    whole = scan_reply(b"a", b"1", b"b", b"2", b"ab", b"3")
    assert raw.call("HSCAN", "h", "0") == whole
    assert raw.call("HSCAN", "h", "0", "COUNT", "1") == whole  # COUNT does not split a listpack
    assert raw.call("HSCAN", "h", "12345") == whole  # nor does the cursor matter
    assert raw.call("HSCAN", "h", "0", "MATCH", "a*") == scan_reply(b"a", b"1", b"ab", b"3")
    assert raw.call("HSCAN", "h", "0", "MATCH", "*", "COUNT", "5", "MATCH", "b") == scan_reply(
        b"b", b"2"
    )
    assert raw.call("HSCAN", "h", "0", "MATCH", b"a\x00") == EMPTY_SCAN  # patterns are binary
    assert raw.call("HSCAN", "h", "0", b"count\x00junk", "1") == whole
    assert raw.call("HSCAN", "nokey", "0") == EMPTY_SCAN


@pytest.mark.parametrize(
    ("options", "error"),
    [
        (("COUNT", "0"), SYNTAX),
        (("COUNT", "-1"), SYNTAX),
        (("COUNT", "x"), NOT_INT),
        (("MATCH",), SYNTAX),
        (("TYPE", "string"), SYNTAX),  # TYPE is SCAN's alone
        (("NOVALUES",), SYNTAX),  # 7.4's option does not exist in 7.0
        (("BAD", "x"), SYNTAX),
        (("COUNT", "x", "BAD"), NOT_INT),  # options in order, the first error wins
    ],
)
def test_hscan_option_errors(raw: RawClient, options: tuple[str, ...], error: bytes) -> None:
    assert raw.call("HSET", "h", "a", "1") == ONE
    assert raw.call("HSCAN", "h", "0", *options) == error
    # the key is looked up before the options are read: a missing key answers an empty scan
    assert raw.call("HSCAN", "nokey", "0", *options) == EMPTY_SCAN


def test_hscan_cursor_is_checked_first(raw: RawClient) -> None:
    assert raw.call("SET", "s", "x") == OK
    for key in ("nokey", "s"):
        assert raw.call("HSCAN", key, "x") == INVALID_CURSOR
        assert raw.call("HSCAN", key, " 1") == INVALID_CURSOR


def _full_scan(raw: RawClient, key: str, *options: str, between: object = None) -> list[bytes]:
    """Every field a complete HSCAN iteration returns (with repeats), checking each value."""
    cursor, fields = b"0", []
    calls = 0
    while True:
        reply = raw.call("HSCAN", key, cursor, *options)
        parts = reply.split(b"\r\n")
        cursor = parts[2]
        items = parts[4:-1][1::2]
        fields += items[::2]
        for field, value in zip(items[::2], items[1::2], strict=True):
            assert value == b"v" + field
        calls += 1
        if callable(between):
            between(calls)
        if cursor == b"0":
            return fields


def test_hscan_big_hash_walks_with_a_cursor(raw: RawClient) -> None:
    fields = [b"f%d" % i for i in range(600)]  # past hash-max-listpack-entries (512)
    args = [item for field in fields for item in (field, b"v" + field)]
    assert raw.call("HSET", "h", *args) == b":600\r\n"
    first = raw.call("HSCAN", "h", "0", "COUNT", "10")
    assert not first.startswith(b"*2\r\n$1\r\n0\r\n")  # more calls to come
    seen = _full_scan(raw, "h", "COUNT", "10")
    assert set(seen) == set(fields)
    matched = _full_scan(raw, "h", "MATCH", "f1*", "COUNT", "50")
    assert set(matched) == {f for f in fields if f.startswith(b"f1")}


def test_hscan_returns_fields_present_all_along_while_the_hash_changes(
    target: Target, raw: RawClient
) -> None:
    fields = [b"f%d" % i for i in range(1000)]
    args = [item for field in fields for item in (field, b"v" + field)]
    assert raw.call("HSET", "h", *args) == b":1000\r\n"
    deleted: set[bytes] = set()
    with RawClient(target.host, target.port) as other:

        def churn(call: int) -> None:
            # grow by 100 new fields and remove 5 of the original ones, between every two calls
            new = [b"n%d_%d" % (call, i) for i in range(100)]
            assert other.call("HSET", "h", *[x for f in new for x in (f, b"v" + f)]) == (
                b":100\r\n"
            )
            gone = [b"f%d" % i for i in range(call * 5, call * 5 + 5)]
            other.call("HDEL", "h", *gone)
            deleted.update(gone)

        seen = set(_full_scan(raw, "h", "COUNT", "20", between=churn))
    assert len(deleted) >= 100  # the iteration really ran while the hash changed
    assert set(fields) - deleted <= seen


# --- encodings -------------------------------------------------------------------------------
def _encoding(raw: RawClient, key: str) -> bytes:
    return raw.call("OBJECT", "ENCODING", key)


LISTPACK, HASHTABLE = bulk(b"listpack"), bulk(b"hashtable")


def test_encoding_by_value_length(raw: RawClient) -> None:
    assert raw.call("HSET", "h", "f", b"x" * 64) == ONE
    assert _encoding(raw, "h") == LISTPACK
    assert raw.call("HSET", "h", "f", b"x" * 65) == ZERO  # an update converts too
    assert _encoding(raw, "h") == HASHTABLE
    assert raw.call("HSET", "h", "f", "short") == ZERO
    assert _encoding(raw, "h") == HASHTABLE  # never back
    assert raw.call("HSET", "k", b"x" * 65, "1") == ONE
    assert _encoding(raw, "k") == HASHTABLE
    assert raw.call("HINCRBYFLOAT", "i", b"x" * 65, "1") == bulk(b"1")
    assert _encoding(raw, "i") == HASHTABLE
    assert raw.call("HSET", "n", "g", "1") == ONE
    assert raw.call("HSETNX", "n", "g", b"x" * 65) == ZERO  # not written: no conversion
    assert _encoding(raw, "n") == LISTPACK
    assert raw.call("HSETNX", "n", "f", b"x" * 65) == ONE
    assert _encoding(raw, "n") == HASHTABLE
    assert raw.call("COPY", "n", "n2") == ONE
    assert _encoding(raw, "n2") == HASHTABLE


def test_encoding_by_entries(raw: RawClient) -> None:
    assert raw.call("CONFIG", "SET", "hash-max-listpack-entries", "2") == OK
    try:
        assert raw.call("HSET", "h", "a", "1", "b", "2") == b":2\r\n"
        assert _encoding(raw, "h") == LISTPACK
        assert raw.call("HINCRBY", "h", "c", "1") == ONE
        assert _encoding(raw, "h") == HASHTABLE
        assert raw.call("HDEL", "h", "a", "b") == b":2\r\n"
        assert _encoding(raw, "h") == HASHTABLE
        assert raw.call("CONFIG", "SET", "hash-max-listpack-entries", "0") == OK
        assert raw.call("HSET", "z", "a", "1") == ONE
        assert _encoding(raw, "z") == HASHTABLE
    finally:
        assert raw.call("CONFIG", "SET", "hash-max-listpack-entries", "512") == OK
    assert raw.call("HSET", "y", "a", "1") == ONE
    assert _encoding(raw, "y") == LISTPACK


# --- TTL, COPY, WATCH, MULTI -----------------------------------------------------------------
def test_changes_in_place_keep_the_ttl(raw: RawClient) -> None:
    assert raw.call("HSET", "h", "a", "1", "b", "2") == b":2\r\n"
    assert raw.call("EXPIRE", "h", "100") == ONE
    assert raw.call("HSET", "h", "c", "3") == ONE
    assert raw.call("HINCRBY", "h", "a", "1") == b":2\r\n"
    assert raw.call("HDEL", "h", "c") == ONE
    assert raw.call("TTL", "h") == b":100\r\n"
    assert raw.call("HDEL", "h", "a", "b") == b":2\r\n"
    assert raw.call("HSET", "h", "a", "1") == ONE
    assert raw.call("TTL", "h") == b":-1\r\n"


def test_copy_is_independent(raw: RawClient) -> None:
    assert raw.call("HSET", "h", "a", "1") == ONE
    assert raw.call("COPY", "h", "c") == ONE
    assert raw.call("HSET", "c", "b", "2") == ONE
    assert raw.call("HGETALL", "h") == array(b"a", b"1")
    assert raw.call("HGETALL", "c") == array(b"a", b"1", b"b", b"2")


def test_hgetall_inside_multi_sees_its_own_moment(raw: RawClient) -> None:
    assert raw.call("HSET", "h", "a", "1") == ONE
    assert raw.call("MULTI") == OK
    assert raw.call("HGETALL", "h") == b"+QUEUED\r\n"
    assert raw.call("HSET", "h", "b", "2") == b"+QUEUED\r\n"
    assert raw.call("HKEYS", "h") == b"+QUEUED\r\n"
    assert raw.call("EXEC") == (b"*3\r\n" + array(b"a", b"1") + ONE + array(b"a", b"b"))


@pytest.mark.parametrize(
    ("args", "dirty"),
    [
        (("HSET", "h", "a", "1"), True),  # same value: still a change for WATCH
        (("HMSET", "h", "z", "1"), True),
        (("HSETNX", "h", "new", "1"), True),
        (("HINCRBY", "h", "a", "0"), True),
        (("HINCRBYFLOAT", "h", "a", "0"), True),
        (("HDEL", "h", "a", "b"), True),
        (("HSETNX", "h", "a", "9"), False),
        (("HDEL", "h", "zz"), False),
        (("HINCRBY", "h", "s", "1"), False),  # an error changes nothing
        (("HGETALL", "h"), False),
        (("HSET", "other", "a", "1"), False),
    ],
)
def test_watch_sees_hash_changes(target: Target, args: tuple[str, ...], dirty: bool) -> None:
    with (
        RawClient(target.host, target.port) as watcher,
        RawClient(target.host, target.port) as other,
    ):
        assert watcher.call("HSET", "h", "a", "1", "b", "2", "s", "x") == b":3\r\n"
        assert watcher.call("WATCH", "h") == OK
        other.call(*args)
        assert watcher.call("MULTI") == OK
        assert watcher.call("PING") == b"+QUEUED\r\n"
        assert watcher.call("EXEC") == (NULL_ARRAY if dirty else b"*1\r\n+PONG\r\n")


# --- through redis-py ------------------------------------------------------------------------
def test_redis_py_hash_commands(r: redis.Redis, r3: redis.Redis) -> None:
    assert r.hset("h", mapping={"a": "1", "b": "2"}) == 2
    assert r.hgetall("h") == {b"a": b"1", b"b": b"2"}
    assert r3.hgetall("h") == {b"a": b"1", b"b": b"2"}
    assert r.hincrbyfloat("h", "a", 0.5) == 1.5
    assert r.hincrby("h", "b", 3) == 5
    assert r.hmget("h", ["a", "zz"]) == [b"1.5", None]
    assert r.hscan("h") == (0, {b"a": b"1.5", b"b": b"5"})
    assert r3.hscan("h") == (0, {b"a": b"1.5", b"b": b"5"})
    pairs = r.hrandfield("h", 2, withvalues=True)
    assert sorted(pairs) == [b"1.5", b"5", b"a", b"b"]
    nested = r3.hrandfield("h", 2, withvalues=True)
    assert sorted(map(tuple, nested)) == [(b"a", b"1.5"), (b"b", b"5")]
    assert r.hrandfield("missing") is None
    assert r.hdel("h", "a", "b") == 2
    assert r.exists("h") == 0
