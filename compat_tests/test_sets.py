"""The set group, byte for byte, against miniredis and real redis-server 7.0.15.

Every expected reply below is what redis-server 7.0.15 sends, written out literally (house rule
11). Order: Redis 7.0 keeps a set of at most ``set-max-intset-entries`` canonical integers as a
sorted *intset*, so such sets (and SUNION/SDIFF results that qualify) come back in ascending
order and are compared as exact bytes; any other set comes back in hash order, so those replies
are compared as sets through redis-py. Random commands (SPOP, SRANDMEMBER) are checked by their
properties: sizes, membership, uniqueness, and repeats only for a negative count.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator

import pytest
import redis

from compat_tests.conftest import Target
from compat_tests.rawclient import RawClient

OK = b"+OK\r\n"
NULL = b"$-1\r\n"
RESP3_NULL = b"_\r\n"
EMPTY_ARRAY = b"*0\r\n"
EMPTY_SET = b"~0\r\n"
ZERO, ONE = b":0\r\n", b":1\r\n"
EMPTY_SCAN = b"*2\r\n$1\r\n0\r\n*0\r\n"
WRONGTYPE = b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
SYNTAX = b"-ERR syntax error\r\n"
NOT_INT = b"-ERR value is not an integer or out of range\r\n"
MUST_BE_POSITIVE = b"-ERR value is out of range, must be positive\r\n"
NUMKEYS = b"-ERR numkeys should be greater than 0\r\n"
TOO_MANY_KEYS = b"-ERR Number of keys can't be greater than number of args\r\n"
LIMIT_NEGATIVE = b"-ERR LIMIT can't be negative\r\n"
INVALID_CURSOR = b"-ERR invalid cursor\r\n"
LONG_MAX, LONG_MIN = "9223372036854775807", "-9223372036854775808"


def bulk(value: bytes) -> bytes:
    return b"$%d\r\n%s\r\n" % (len(value), value)


def array(*items: bytes) -> bytes:
    return b"*%d\r\n" % len(items) + b"".join(bulk(item) for item in items)


def rset(*items: bytes) -> bytes:
    """A RESP3 set reply of bulk strings."""
    return b"~%d\r\n" % len(items) + b"".join(bulk(item) for item in items)


def ints(*items: int) -> bytes:
    return b"*%d\r\n" % len(items) + b"".join(b":%d\r\n" % item for item in items)


def scan(cursor: bytes, *items: bytes) -> bytes:
    return b"*2\r\n" + bulk(cursor) + array(*items)


def resp3(raw: RawClient) -> RawClient:
    """Switch the raw connection to RESP3 (the HELLO reply itself differs between servers)."""
    assert raw.call("HELLO", "3").startswith(b"%7\r\n")
    return raw


def encoding(raw: RawClient, key: str) -> bytes:
    return raw.call("OBJECT", "ENCODING", key)


INTSET, HASHTABLE = bulk(b"intset"), bulk(b"hashtable")


@pytest.fixture
def small_intsets(target: Target) -> Iterator[Target]:
    """A private server whose intsets hold at most 3 members (``set-max-intset-entries 3``)."""
    yield target.start_server(set_max_intset_entries=3)


# --- SADD SREM SCARD SISMEMBER SMISMEMBER ----------------------------------------------------
def test_sadd_counts_new_members_binary_and_empty(raw: RawClient) -> None:
    assert raw.call("SADD", "s", "a", "b", "a") == b":2\r\n"
    assert raw.call("SADD", "s", "b", b"", b"\x00\xff\r\n") == b":2\r\n"
    assert raw.call("SCARD", "s") == b":4\r\n"
    assert raw.call("SISMEMBER", "s", b"") == ONE
    assert raw.call("SISMEMBER", "s", b"\x00\xff\r\n") == ONE
    assert raw.call("SISMEMBER", "s", "c") == ZERO
    assert raw.call("TYPE", "s") == b"+set\r\n"
    assert raw.call("SADD", b"", b"x") == ONE  # the empty key is a key like any other
    assert raw.call("SCARD", b"") == ONE
    assert raw.call("SADD", "s") == b"-ERR wrong number of arguments for 'sadd' command\r\n"


def test_missing_key_is_an_empty_set(raw: RawClient) -> None:
    assert raw.call("SCARD", "nokey") == ZERO
    assert raw.call("SISMEMBER", "nokey", "a") == ZERO
    assert raw.call("SMISMEMBER", "nokey", "a", "b") == ints(0, 0)
    assert raw.call("SMEMBERS", "nokey") == EMPTY_ARRAY
    assert raw.call("SREM", "nokey", "a") == ZERO
    assert raw.call("EXISTS", "nokey") == ZERO


def test_smismember_per_member_and_integers_are_compared_as_text(raw: RawClient) -> None:
    assert raw.call("SADD", "s", "1", "2", "x") == b":3\r\n"
    assert raw.call("SMISMEMBER", "s", "1", "01", "x", "y", "2") == ints(1, 0, 1, 0, 1)
    assert raw.call("SADD", "i", "1") == ONE
    assert raw.call("SISMEMBER", "i", "01") == ZERO  # an intset holds 1, not the text "01"
    assert raw.call("SISMEMBER", "i", "+1") == ZERO
    assert raw.call("SMISMEMBER", "s") == (
        b"-ERR wrong number of arguments for 'smismember' command\r\n"
    )


def test_srem_counts_and_the_last_member_deletes_the_key(raw: RawClient) -> None:
    assert raw.call("SADD", "s", "a", "b", "c") == b":3\r\n"
    assert raw.call("SREM", "s", "a", "x", "a") == ONE
    assert raw.call("SREM", "s", "b", "c", "d") == b":2\r\n"
    assert raw.call("EXISTS", "s") == ZERO
    assert raw.call("TYPE", "s") == b"+none\r\n"


@pytest.mark.parametrize(
    "args",
    [
        ("SADD", "str", "a"), ("SREM", "str", "a"), ("SCARD", "str"), ("SISMEMBER", "str", "a"),
        ("SMISMEMBER", "str", "a"), ("SMEMBERS", "str"), ("SPOP", "str"), ("SPOP", "str", "0"),
        ("SRANDMEMBER", "str"), ("SRANDMEMBER", "str", "0"), ("SMOVE", "str", "s", "a"),
        ("SMOVE", "s", "str", "a"), ("SINTER", "s", "str"), ("SINTERCARD", "2", "s", "str"),
        ("SUNION", "str", "s"), ("SDIFF", "s", "str"), ("SINTERSTORE", "d", "s", "str"),
        ("SUNIONSTORE", "d", "str"), ("SDIFFSTORE", "d", "s", "str"), ("SSCAN", "str", "0"),
    ],
)  # fmt: skip
def test_wrongtype_against_a_string(raw: RawClient, args: tuple[str, ...]) -> None:
    assert raw.call("SET", "str", "v") == OK
    assert raw.call("SADD", "s", "a") == ONE
    assert raw.call(*args) == WRONGTYPE
    assert raw.call("GET", "str") == bulk(b"v")
    assert raw.call("SMEMBERS", "s") == array(b"a")


def test_type_and_scan_type(raw: RawClient) -> None:
    assert raw.call("SADD", "s", "a") == ONE
    assert raw.call("SET", "str", "v") == OK
    assert raw.call("TYPE", "s") == b"+set\r\n"
    assert raw.call("SCAN", "0", "TYPE", "set") == scan(b"0", b"s")
    assert raw.call("SCAN", "0", "TYPE", "SET", "MATCH", "s*") == scan(b"0", b"s")


def test_redis_py_resp3_replies(r3: redis.Redis) -> None:
    assert r3.sadd("s", "1", "2", "3") == 3
    assert r3.smembers("s") == {b"1", b"2", b"3"}
    assert r3.smismember("s", ["1", "9"]) == [1, 0]
    popped = r3.spop("s", 2)
    assert len(popped) == 2 and set(popped) <= {b"1", b"2", b"3"}
    assert r3.srandmember("s", -3) == [r3.srandmember("s")] * 3  # one member left
    assert r3.spop("nokey") is None
    assert r3.sintercard(1, ["s"], limit=5) == 1


# --- SMEMBERS and order ----------------------------------------------------------------------
def test_integer_sets_come_back_sorted(raw: RawClient) -> None:
    assert raw.call("SADD", "i", "10", "-3", "2", LONG_MAX, LONG_MIN, "0") == b":6\r\n"
    expected = (LONG_MIN.encode(), b"-3", b"0", b"2", b"10", LONG_MAX.encode())
    assert raw.call("SMEMBERS", "i") == array(*expected)
    assert raw.call("SINTER", "i") == array(*expected)  # SMEMBERS is SINTER of one set
    assert resp3(raw).call("SMEMBERS", "i") == rset(*expected)
    assert raw.call("SMEMBERS", "nokey") == EMPTY_SET


def test_other_sets_compare_as_sets(r: redis.Redis, r3: redis.Redis) -> None:
    members = {b"a", b"1", b"", b"\x00\xff", b"01", b"-0", b"+1", LONG_MAX.encode() + b"0"}
    assert r.sadd("s", *members) == len(members)
    assert r.smembers("s") == members
    assert r3.smembers("s") == members
    cursor, found = r.sscan("s", 0, count=100)
    assert cursor == 0 and len(found) == len(members) and set(found) == members


# --- SPOP ------------------------------------------------------------------------------------
def test_spop_one(raw: RawClient) -> None:
    assert raw.call("SPOP", "nokey") == NULL
    assert raw.call("SADD", "s", "a", "b") == b":2\r\n"
    first = raw.call("SPOP", "s")
    assert first in (bulk(b"a"), bulk(b"b"))
    second = raw.call("SPOP", "s")
    assert {first, second} == {bulk(b"a"), bulk(b"b")}
    assert raw.call("EXISTS", "s") == ZERO
    assert resp3(raw).call("SPOP", "s") == RESP3_NULL


def test_spop_count_missing_key_and_zero(raw: RawClient) -> None:
    assert raw.call("SPOP", "nokey", "0") == EMPTY_ARRAY
    assert raw.call("SPOP", "nokey", "5") == EMPTY_ARRAY
    assert raw.call("SADD", "s", "a") == ONE
    assert raw.call("SPOP", "s", "0") == EMPTY_ARRAY
    assert raw.call("SCARD", "s") == ONE
    resp3(raw)
    assert raw.call("SPOP", "nokey", "5") == EMPTY_SET
    assert raw.call("SPOP", "s", "0") == EMPTY_SET


def test_spop_count_at_least_the_size_takes_the_whole_set(raw: RawClient) -> None:
    assert raw.call("SADD", "i", "3", "1", "2") == b":3\r\n"
    assert raw.call("SPOP", "i", "3") == array(b"1", b"2", b"3")  # an intset, so sorted
    assert raw.call("EXISTS", "i") == ZERO
    assert raw.call("SADD", "i", "3", "1", "2") == b":3\r\n"
    assert resp3(raw).call("SPOP", "i", LONG_MAX) == rset(b"1", b"2", b"3")
    assert raw.call("EXISTS", "i") == ZERO


def test_spop_most_of_an_intset_replies_sorted(raw: RawClient) -> None:
    """Popping so many that the remaining members times 5 are at most the count makes Redis
    rebuild the set from the survivors and reply the popped ones in the old set's order."""
    assert raw.call("SADD", "i", "6", "5", "4", "3", "2", "1") == b":6\r\n"
    reply = raw.call("SPOP", "i", "5")
    popped = re.findall(rb"\$1\r\n(\d)\r\n", reply)
    assert reply.startswith(b"*5\r\n") and popped == sorted(popped)
    assert raw.call("SCARD", "i") == ONE
    assert raw.call("SMEMBERS", "i") == array(*{b"1", b"2", b"3", b"4", b"5", b"6"} - {*popped})


def test_spop_count_properties(r: redis.Redis) -> None:
    members = {str(i).encode() for i in range(20)} | {b"x"}
    r.sadd("s", *members)
    popped: list[bytes] = []
    for count in (1, 2, 5, 3):
        batch = r.spop("s", count)
        assert len(batch) == count and len(set(batch)) == count
        assert set(batch) <= members and not set(batch) & set(popped)
        popped += batch
    assert r.smembers("s") == members - set(popped)
    assert r.scard("s") == len(members) - len(popped)
    rest = r.spop("s", 100)
    assert set(rest) | set(popped) == members
    assert r.exists("s") == 0


@pytest.mark.parametrize("count", ["-1", "abc", "9223372036854775808", "+1", " 1", "1.0"])
def test_spop_count_errors(raw: RawClient, count: str) -> None:
    assert raw.call("SPOP", "nokey", count) == MUST_BE_POSITIVE
    assert raw.call("SET", "str", "v") == OK
    assert raw.call("SPOP", "str", count) == MUST_BE_POSITIVE  # the count before the type


def test_spop_with_two_counts_is_a_syntax_error(raw: RawClient) -> None:
    assert raw.call("SPOP", "nokey", "1", "2") == SYNTAX
    assert raw.call("SET", "str", "v") == OK
    assert raw.call("SPOP", "str", "1", "2") == SYNTAX
    assert raw.call("SPOP", "str", "-1", "2") == SYNTAX
    assert raw.call("SPOP") == b"-ERR wrong number of arguments for 'spop' command\r\n"


# --- SRANDMEMBER -----------------------------------------------------------------------------
def test_srandmember_one_and_missing_key(raw: RawClient) -> None:
    assert raw.call("SRANDMEMBER", "nokey") == NULL
    assert raw.call("SRANDMEMBER", "nokey", "5") == EMPTY_ARRAY
    assert raw.call("SRANDMEMBER", "nokey", "-5") == EMPTY_ARRAY
    assert raw.call("SRANDMEMBER", "nokey", "0") == EMPTY_ARRAY
    assert raw.call("SADD", "s", "a") == ONE
    assert raw.call("SRANDMEMBER", "s") == bulk(b"a")
    assert raw.call("SRANDMEMBER", "s", "0") == EMPTY_ARRAY
    assert raw.call("SRANDMEMBER", "s", "-4") == array(b"a", b"a", b"a", b"a")  # repeats
    assert raw.call("SCARD", "s") == ONE
    resp3(raw)
    assert raw.call("SRANDMEMBER", "nokey") == RESP3_NULL
    assert raw.call("SRANDMEMBER", "nokey", "3") == EMPTY_ARRAY  # an array, not a set
    assert raw.call("SRANDMEMBER", "s", "-2") == array(b"a", b"a")


def test_srandmember_count_at_least_the_size_is_the_whole_set(raw: RawClient) -> None:
    assert raw.call("SADD", "i", "5", "4", "3", "2", "1") == b":5\r\n"
    whole = array(b"1", b"2", b"3", b"4", b"5")
    assert raw.call("SRANDMEMBER", "i", "5") == whole
    assert raw.call("SRANDMEMBER", "i", LONG_MAX) == whole
    assert resp3(raw).call("SRANDMEMBER", "i", "10") == whole  # RESP3: still an array


def test_srandmember_count_properties(r: redis.Redis) -> None:
    members = {str(i).encode() for i in range(30)} | {b"x", b"y"}
    r.sadd("s", *members)
    for count in (1, 2, 10, 20, 31):
        picked = r.srandmember("s", count)
        assert len(picked) == count and len(set(picked)) == count and set(picked) <= members
    assert set(r.srandmember("s", 32)) == members
    assert set(r.srandmember("s", 100)) == members
    picked = r.srandmember("s", -200)
    assert len(picked) == 200 and set(picked) <= members  # repeats are allowed (and certain)
    assert len(set(picked)) < 200
    assert r.smembers("s") == members


def test_srandmember_count_errors(raw: RawClient) -> None:
    range_error = (
        b"-ERR value is out of range, value must between -9223372036854775807 and "
        b"9223372036854775807\r\n"
    )
    assert raw.call("SADD", "s", "a") == ONE
    assert raw.call("SRANDMEMBER", "s", LONG_MIN) == range_error
    for count in ("abc", "9223372036854775808", "1.5", " 1", "+1", "-0", ""):
        assert raw.call("SRANDMEMBER", "s", count) == NOT_INT
        assert raw.call("SRANDMEMBER", "nokey", count) == NOT_INT
    assert raw.call("SET", "str", "v") == OK
    assert raw.call("SRANDMEMBER", "str", "abc") == NOT_INT  # the count before the type
    assert raw.call("SRANDMEMBER", "str", "1", "2") == SYNTAX
    assert raw.call("SRANDMEMBER", "s", "1", "2") == SYNTAX


# --- SMOVE -----------------------------------------------------------------------------------
def test_smove(raw: RawClient) -> None:
    assert raw.call("SADD", "src", "a", "b") == b":2\r\n"
    assert raw.call("SMOVE", "src", "dst", "x") == ZERO
    assert raw.call("EXISTS", "dst") == ZERO  # nothing moved, nothing created
    assert raw.call("SMOVE", "src", "dst", "a") == ONE
    assert raw.call("SMEMBERS", "dst") == array(b"a")
    assert raw.call("SADD", "dst", "b") == ONE
    assert raw.call("SMOVE", "src", "dst", "b") == ONE  # already there: still moved
    assert raw.call("EXISTS", "src") == ZERO  # the last member took the key with it
    assert raw.call("SCARD", "dst") == b":2\r\n"
    assert raw.call("SMOVE", "dst", "dst", "a") == ONE  # same key: a membership test
    assert raw.call("SMOVE", "dst", "dst", "z") == ZERO
    assert raw.call("SCARD", "dst") == b":2\r\n"


def test_smove_type_checks(raw: RawClient) -> None:
    assert raw.call("SET", "str", "v") == OK
    assert raw.call("SMOVE", "nokey", "str", "a") == ZERO  # a missing source wins
    assert raw.call("SADD", "src", "a") == ONE
    assert raw.call("SMOVE", "src", "str", "a") == WRONGTYPE
    assert raw.call("SMOVE", "src", "str", "nota") == WRONGTYPE
    assert raw.call("SMOVE", "str", "src", "a") == WRONGTYPE
    assert raw.call("SMEMBERS", "src") == array(b"a")


# --- SINTER SUNION SDIFF ---------------------------------------------------------------------
def test_algebra_on_integer_sets(raw: RawClient) -> None:
    assert raw.call("SADD", "a", "1", "2", "3", "4") == b":4\r\n"
    assert raw.call("SADD", "b", "3", "4", "5") == b":3\r\n"
    assert raw.call("SADD", "c", "4", "5", "6") == b":3\r\n"
    assert raw.call("SINTER", "a", "b") == array(b"3", b"4")
    assert raw.call("SINTER", "a", "b", "c") == array(b"4")
    assert raw.call("SUNION", "a", "b", "c") == array(*(b"%d" % i for i in range(1, 7)))
    assert raw.call("SDIFF", "a", "b") == array(b"1", b"2")
    assert raw.call("SDIFF", "a", "b", "c") == array(b"1", b"2")
    assert raw.call("SDIFF", "c", "a", "b") == array(b"6")
    assert raw.call("SDIFF", "a", "a") == EMPTY_ARRAY
    resp3(raw)
    assert raw.call("SINTER", "a", "b") == rset(b"3", b"4")
    assert raw.call("SUNION", "b", "c") == rset(b"3", b"4", b"5", b"6")
    assert raw.call("SDIFF", "a", "b") == rset(b"1", b"2")


def test_algebra_with_missing_keys(raw: RawClient) -> None:
    assert raw.call("SADD", "a", "1", "2") == b":2\r\n"
    assert raw.call("SINTER", "a", "nokey") == EMPTY_ARRAY
    assert raw.call("SINTER", "nokey") == EMPTY_ARRAY
    assert raw.call("SUNION", "nokey", "a", "nokey2") == array(b"1", b"2")
    assert raw.call("SUNION", "nokey") == EMPTY_ARRAY
    assert raw.call("SDIFF", "nokey", "a") == EMPTY_ARRAY
    assert raw.call("SDIFF", "a", "nokey") == array(b"1", b"2")
    assert raw.call("SINTERCARD", "2", "a", "nokey") == ZERO
    assert resp3(raw).call("SINTER", "a", "nokey") == EMPTY_SET


def test_every_key_is_type_checked(raw: RawClient) -> None:
    assert raw.call("SET", "str", "v") == OK
    assert raw.call("SADD", "a", "1") == ONE
    for command in ("SINTER", "SUNION", "SDIFF"):
        assert raw.call(command, "nokey", "str") == WRONGTYPE
        assert raw.call(command, "str", "nokey") == WRONGTYPE
        assert raw.call(command, "a", "nokey", "str") == WRONGTYPE
    assert raw.call("SINTERCARD", "2", "nokey", "str") == WRONGTYPE
    for command in ("SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"):
        assert raw.call(command, "dst", "a", "nokey", "str") == WRONGTYPE
    assert raw.call("EXISTS", "dst") == ZERO


def test_algebra_on_string_sets(r: redis.Redis, r3: redis.Redis) -> None:
    r.sadd("a", "x", "y", "z", "1")
    r.sadd("b", "y", "z", "w")
    r.sadd("c", "z", "1", b"\x00")
    assert r.sinter("a", "b") == {b"y", b"z"}
    assert r.sinter("a", "b", "c") == {b"z"}
    assert r.sunion("a", "b", "c") == {b"x", b"y", b"z", b"w", b"1", b"\x00"}
    assert r.sdiff("a", "b") == {b"x", b"1"}
    assert r.sdiff("a", "b", "c") == {b"x"}
    assert r3.sinter("a", "c") == {b"z", b"1"}
    assert r3.sunion("b") == {b"y", b"z", b"w"}


def test_sunion_of_integers_is_sorted_even_from_a_hashtable(raw: RawClient) -> None:
    """SUNION and SDIFF build their result as a new set, which starts as an intset."""
    assert raw.call("SADD", "h", "5", "3", "x", "1", "4", "2") == b":6\r\n"
    assert raw.call("SREM", "h", "x") == ONE  # still a hashtable: Redis never converts back
    assert raw.call("SUNION", "h") == array(b"1", b"2", b"3", b"4", b"5")
    assert raw.call("SDIFF", "h", "nokey") == array(b"1", b"2", b"3", b"4", b"5")


# --- the STORE forms -------------------------------------------------------------------------
def test_store_forms(raw: RawClient) -> None:
    assert raw.call("SADD", "a", "1", "2", "3") == b":3\r\n"
    assert raw.call("SADD", "b", "2", "3", "4") == b":3\r\n"
    assert raw.call("SINTERSTORE", "d", "a", "b") == b":2\r\n"
    assert raw.call("SMEMBERS", "d") == array(b"2", b"3")
    assert raw.call("SUNIONSTORE", "d", "a", "b") == b":4\r\n"
    assert raw.call("SMEMBERS", "d") == array(b"1", b"2", b"3", b"4")
    assert raw.call("SDIFFSTORE", "d", "a", "b") == ONE
    assert raw.call("SMEMBERS", "d") == array(b"1")
    assert raw.call("SUNIONSTORE", "a", "a", "b") == b":4\r\n"  # a source as destination
    assert raw.call("SMEMBERS", "a") == array(b"1", b"2", b"3", b"4")
    assert raw.call("SINTERSTORE", "e", "a") == b":4\r\n"  # a copy
    assert raw.call("SREM", "e", "1") == ONE
    assert raw.call("SCARD", "a") == b":4\r\n"


def test_store_replaces_any_type_and_drops_the_ttl(raw: RawClient) -> None:
    assert raw.call("SADD", "a", "1", "2") == b":2\r\n"
    for command in ("SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"):
        assert raw.call("SET", "d", "v", "EX", "100") == OK
        assert raw.call(command, "d", "a") == b":2\r\n"
        assert raw.call("TYPE", "d") == b"+set\r\n"
        assert raw.call("TTL", "d") == b":-1\r\n"
        assert raw.call("RPUSH", "l", "x") == ONE
        assert raw.call(command, "l", "a") == b":2\r\n"
        assert raw.call("SMEMBERS", "l") == array(b"1", b"2")
        assert raw.call("DEL", "l") == ONE


def test_an_empty_result_deletes_the_destination(raw: RawClient) -> None:
    assert raw.call("SADD", "a", "1") == ONE
    assert raw.call("SADD", "b", "2") == ONE
    for command, sources in (
        ("SINTERSTORE", ("a", "b")), ("SINTERSTORE", ("a", "nokey")),
        ("SUNIONSTORE", ("nokey",)), ("SDIFFSTORE", ("a", "a")), ("SDIFFSTORE", ("nokey", "a")),
    ):  # fmt: skip
        assert raw.call("SET", "d", "v") == OK
        assert raw.call(command, "d", *sources) == ZERO
        assert raw.call("EXISTS", "d") == ZERO
        assert raw.call(command, "d", *sources) == ZERO  # and with nothing to delete
    assert raw.call("SINTERSTORE", "a", "a", "b") == ZERO  # even a source
    assert raw.call("EXISTS", "a") == ZERO


def test_store_of_string_sets(r: redis.Redis) -> None:
    r.sadd("a", "x", "y", "1")
    r.sadd("b", "y", "z")
    assert r.sunionstore("d", "a", "b") == 4
    assert r.smembers("d") == {b"x", b"y", b"z", b"1"}
    assert r.sdiffstore("d", "a", "b") == 2
    assert r.smembers("d") == {b"x", b"1"}
    assert r.sinterstore("d", "a", "b") == 1
    assert r.smembers("d") == {b"y"}


def test_store_arity(raw: RawClient) -> None:
    for command in ("SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"):
        assert raw.call(command, "d") == (
            b"-ERR wrong number of arguments for '%s' command\r\n" % command.lower().encode()
        )
    assert raw.call("SINTER") == b"-ERR wrong number of arguments for 'sinter' command\r\n"


# --- SINTERCARD ------------------------------------------------------------------------------
def test_sintercard(raw: RawClient) -> None:
    assert raw.call("SADD", "a", "1", "2", "3", "x") == b":4\r\n"
    assert raw.call("SADD", "b", "2", "3", "x", "y") == b":4\r\n"
    assert raw.call("SINTERCARD", "1", "a") == b":4\r\n"
    assert raw.call("SINTERCARD", "2", "a", "b") == b":3\r\n"
    assert raw.call("SINTERCARD", "2", "a", "b", "LIMIT", "2") == b":2\r\n"
    assert raw.call("SINTERCARD", "2", "a", "b", "limit", "0") == b":3\r\n"  # 0: no limit
    assert raw.call("SINTERCARD", "2", "a", "b", "LIMIT", "10") == b":3\r\n"
    assert raw.call("SINTERCARD", "2", "a", "b", "LIMIT", "1", "LIMIT", "0") == b":3\r\n"
    assert raw.call("SINTERCARD", "2", "a", "a") == b":4\r\n"
    assert raw.call("SINTERCARD", "1", "nokey") == ZERO


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("0", "a"), NUMKEYS), (("-1", "a"), NUMKEYS), (("abc", "a"), NUMKEYS),
        (("9223372036854775808", "a"), NUMKEYS), (("2", "a"), TOO_MANY_KEYS),
        ((LONG_MAX, "a"), TOO_MANY_KEYS), (("1", "a", "LIMIT"), SYNTAX),
        (("1", "a", "LIMIT", "-1"), LIMIT_NEGATIVE), (("1", "a", "LIMIT", "abc"), LIMIT_NEGATIVE),
        (("1", "a", "foo", "1"), SYNTAX), (("1", "a", "b"), SYNTAX),
        (("1", "nokey", "LIMIT", "-1"), LIMIT_NEGATIVE),
        (("1", "str", "LIMIT", "-1"), LIMIT_NEGATIVE),
        (("1",), b"-ERR wrong number of arguments for 'sintercard' command\r\n"),
    ],
)  # fmt: skip
def test_sintercard_errors(raw: RawClient, args: tuple[str, ...], error: bytes) -> None:
    assert raw.call("SADD", "a", "1") == ONE
    assert raw.call("SET", "str", "v") == OK
    assert raw.call("SINTERCARD", *args) == error


def test_sintercard_keys_are_counted_by_numkeys(raw: RawClient) -> None:
    assert raw.call("COMMAND", "GETKEYS", "SINTERCARD", "2", "a", "b", "LIMIT", "1") == (
        array(b"a", b"b")
    )


# --- SSCAN -----------------------------------------------------------------------------------
def test_sscan_an_intset_comes_whole_whatever_the_cursor(raw: RawClient) -> None:
    assert raw.call("SADD", "i", "5", "1", "3", "2", "4") == b":5\r\n"
    whole = scan(b"0", b"1", b"2", b"3", b"4", b"5")
    assert raw.call("SSCAN", "i", "0") == whole
    assert raw.call("SSCAN", "i", "0", "COUNT", "1") == whole
    assert raw.call("SSCAN", "i", "12345") == whole
    assert raw.call("SSCAN", "i", "0", "MATCH", "[2-4]") == scan(b"0", b"2", b"3", b"4")
    assert raw.call("SSCAN", "i", "0", "MATCH", "9*") == EMPTY_SCAN
    assert resp3(raw).call("SSCAN", "i", "0", "MATCH", "1") == scan(b"0", b"1")


def test_sscan_missing_key_before_options(raw: RawClient) -> None:
    assert raw.call("SSCAN", "nokey", "0") == EMPTY_SCAN
    assert raw.call("SSCAN", "nokey", "0", "COUNT", "0") == EMPTY_SCAN
    assert raw.call("SSCAN", "nokey", "0", "foo") == EMPTY_SCAN
    assert raw.call("SSCAN", "nokey", "abc") == INVALID_CURSOR  # but the cursor first
    assert raw.call("SET", "str", "v") == OK
    assert raw.call("SSCAN", "str", "0", "COUNT", "0") == WRONGTYPE
    assert raw.call("SSCAN", "str", "abc") == INVALID_CURSOR


@pytest.mark.parametrize(
    ("options", "error"),
    [
        (("COUNT", "0"), SYNTAX), (("COUNT", "-1"), SYNTAX), (("COUNT", "abc"), NOT_INT),
        (("COUNT",), SYNTAX), (("MATCH",), SYNTAX), (("TYPE", "string"), SYNTAX),
        (("foo", "bar"), SYNTAX), (("MATCH", "*", "COUNT", "0"), SYNTAX),
    ],
)  # fmt: skip
def test_sscan_option_errors(raw: RawClient, options: tuple[str, ...], error: bytes) -> None:
    assert raw.call("SADD", "s", "a") == ONE
    assert raw.call("SSCAN", "s", "0", *options) == error
    assert raw.call("SSCAN", "s", "x") == INVALID_CURSOR


def test_sscan_a_hashtable_iterates_every_member(r: redis.Redis) -> None:
    members = {b"m%d" % i for i in range(300)}
    r.sadd("s", *members)
    for count in (1, 7, 50):
        seen: list[bytes] = []
        cursor = 0
        for _ in range(1000):
            cursor, batch = r.sscan("s", cursor, count=count)
            seen += batch
            if cursor == 0:
                break
        assert cursor == 0 and set(seen) == members
    matched = set(r.sscan_iter("s", match="m1?", count=20))
    assert matched == {b"m%d" % i for i in range(10, 20)}


def test_sscan_returns_members_present_throughout_while_the_set_changes(r: redis.Redis) -> None:
    stable = {b"s%d" % i for i in range(200)}
    r.sadd("s", *stable)
    seen: set[bytes] = set()
    cursor, step = 0, 0
    while True:
        cursor, batch = r.sscan("s", cursor, count=10)
        seen.update(batch)
        step += 1
        r.sadd("s", *(b"n%d-%d" % (step, i) for i in range(20)))  # grows past a resize
        r.srem("s", *(b"n%d-%d" % (step - 1, i) for i in range(20)))
        if cursor == 0:
            break
    assert stable <= seen


# --- encodings (OBJECT ENCODING) --------------------------------------------------------------
def test_encoding_follows_the_members(raw: RawClient) -> None:
    assert raw.call("SADD", "i", "1", "2", LONG_MIN) == b":3\r\n"
    assert encoding(raw, "i") == INTSET
    for key, members in (("a", ("1", "x")), ("b", ("x", "1")), ("c", ("-0",)), ("d", ("01",))):
        assert raw.call("SADD", key, *members) == b":%d\r\n" % len(members)
        assert encoding(raw, key) == HASHTABLE
    assert raw.call("SADD", "i", "9223372036854775808") == ONE
    assert encoding(raw, "i") == HASHTABLE
    assert raw.call("SREM", "i", "9223372036854775808") == ONE
    assert encoding(raw, "i") == HASHTABLE  # never back


def test_encoding_of_results(raw: RawClient) -> None:
    assert raw.call("SADD", "a", "1", "2", "x") == b":3\r\n"
    assert raw.call("SADD", "b", "1", "2", "y") == b":3\r\n"
    assert raw.call("SINTERSTORE", "d", "a", "b") == b":2\r\n"
    assert encoding(raw, "d") == INTSET  # from two hashtables
    assert raw.call("SUNIONSTORE", "d", "a", "b") == b":4\r\n"
    assert encoding(raw, "d") == HASHTABLE
    assert raw.call("SMOVE", "a", "m", "1") == ONE
    assert encoding(raw, "m") == INTSET
    assert raw.call("SMOVE", "a", "n", "x") == ONE
    assert encoding(raw, "n") == HASHTABLE


def test_sdiff_algorithm_decides_the_encoding(raw: RawClient) -> None:
    """SDIFF's second algorithm (first set large, the others small) copies the first set, so
    the result is a hashtable when the first set is one, even if only integers remain."""
    assert raw.call("SADD", "k", "1", "2", "3", "4", "x", "y") == b":6\r\n"
    assert raw.call("SADD", "k1", "x") == ONE
    assert raw.call("SADD", "k2", "y") == ONE
    assert raw.call("SDIFFSTORE", "d", "k", "k1", "k2") == b":4\r\n"
    assert encoding(raw, "d") == HASHTABLE
    assert raw.call("SADD", "j", "1", "2", "3", "x") == b":4\r\n"
    assert raw.call("SDIFFSTORE", "e", "j", "k1") == b":3\r\n"  # first algorithm
    assert encoding(raw, "e") == INTSET
    assert raw.call("SDIFF", "j", "k1") == array(b"1", b"2", b"3")


@pytest.mark.needs_own_server("starts a server with set-max-intset-entries 3")
def test_intset_size_limit(small_intsets: Target) -> None:
    with small_intsets.raw() as raw:
        assert raw.call("SADD", "k", "3", "2", "1") == b":3\r\n"
        assert encoding(raw, "k") == INTSET
        assert raw.call("SADD", "k", "4") == ONE
        assert encoding(raw, "k") == HASHTABLE
        assert raw.call("SREM", "k", "4", "3") == b":2\r\n"
        assert encoding(raw, "k") == HASHTABLE
        assert raw.call("SUNION", "k") == array(b"1", b"2")
        assert raw.call("SUNIONSTORE", "u", "k") == b":2\r\n"
        assert encoding(raw, "u") == INTSET
        assert raw.call("SADD", "big", "1", "2", "3", "4") == b":4\r\n"
        assert encoding(raw, "big") == HASHTABLE
        assert raw.call("CONFIG", "SET", "set-max-intset-entries", "0") == OK
        assert raw.call("SADD", "z", "1") == ONE
        assert encoding(raw, "z") == HASHTABLE


@pytest.mark.needs_own_server("starts a server with set-max-intset-entries 3")
def test_spop_most_of_a_hashtable_can_make_an_intset(small_intsets: Target) -> None:
    with small_intsets.raw() as raw:
        members = [str(i) for i in range(1, 11)]
        assert raw.call("SADD", "k", *members) == b":10\r\n"
        assert encoding(raw, "k") == HASHTABLE
        assert raw.call("EXPIRE", "k", "100") == ONE
        assert raw.call("SPOP", "k", "9").startswith(b"*9\r\n")  # 1 left: 1*5 <= 9
        assert encoding(raw, "k") == INTSET  # the set was rebuilt from the survivor
        assert raw.call("TTL", "k") in (b":100\r\n", b":99\r\n")  # and kept its TTL
        assert raw.call("SADD", "h", *members) == b":10\r\n"
        assert raw.call("SPOP", "h", "1").startswith(b"*1\r\n")  # 9 left: popped one by one
        assert encoding(raw, "h") == HASHTABLE


# --- redis-benchmark -------------------------------------------------------------------------
@pytest.mark.needs_own_server("redis-benchmark writes keys in db 0")
def test_redis_benchmark_sadd_spop(target: Target, tool: Callable[[str], str]) -> None:
    argv = [
        tool("timeout"), "120", tool("redis-benchmark"), "-h", target.host,
        "-p", str(target.port), "-q", "-t", "sadd,spop", "-n", "20000", "-r", "1000",
    ]  # fmt: skip
    result = subprocess.run(argv, capture_output=True, text=True, timeout=130, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-2000:]
    lines = [line.strip() for line in re.split(r"[\r\n]+", output)]
    finals = [
        m.group(1) for line in lines if (m := re.fullmatch(r"(\w+): [0-9.]+ requests.*", line))
    ]
    assert sorted(finals) == ["SADD", "SPOP"], output[-2000:]
    assert [line for line in lines if re.search(r"error|warning", line, re.IGNORECASE)] == []
