"""Unit tests for the hash group: the RHash value and its encoding flag, expiry with the manual
clock, WATCH, MULTI, and HSCAN's cursor over a hash that changes. Byte-exact behaviour against
real Redis is in ``compat_tests/test_hashes.py``; these run without sockets.
"""

from __future__ import annotations

import copy

import pytest

from miniredis.config import Config
from miniredis.datatypes.rhash import RHash, lookup_hash
from miniredis.dispatch import dispatch
from miniredis.keyspace.clock import ManualClock
from miniredis.server import Server
from miniredis.session import Session
from tests.conftest import Run


def bulk(value: bytes) -> bytes:
    return b"$%d\r\n%s\r\n" % (len(value), value)


def array(*items: bytes) -> bytes:
    return b"*%d\r\n" % len(items) + b"".join(bulk(item) for item in items)


# --- the value class -------------------------------------------------------------------------
def test_rhash_is_a_hash_type_and_copies_with_its_encoding() -> None:
    hsh = RHash({b"a": b"1"})
    assert RHash.redis_type == "hash"
    hsh.big = True
    for duplicate in (copy.deepcopy(hsh), hsh.copy()):
        assert type(duplicate) is RHash and duplicate == hsh and duplicate is not hsh
        assert duplicate.big is True and duplicate.scan_state is None
        duplicate[b"b"] = b"2"
    assert hsh == {b"a": b"1"}


def test_check_size_converts_for_good() -> None:
    config = Config()
    config.hash_max_listpack_entries = 2
    config.hash_max_listpack_value = 4
    hsh = RHash({b"a": b"1", b"b": b"2"})
    hsh.check_size(config, b"a", b"1234")
    assert hsh.object_encoding(config) == b"listpack"
    hsh.check_size(config, b"abcde")  # a field or value longer than the limit
    assert hsh.object_encoding(config) == b"hashtable"
    hsh.clear()
    config.hash_max_listpack_value = 64
    hsh.check_size(config)
    assert hsh.object_encoding(config) == b"hashtable"  # never back
    other = RHash({b"a": b"1", b"b": b"2", b"c": b"3"})
    other.check_size(config)  # more entries than the limit
    assert other.big


def test_config_set_changes_later_writes_only(run: Run, session: Session) -> None:
    assert run("HSET", "h", "a", "1", "b", "2", "c", "3") == b":3\r\n"
    assert run("CONFIG", "SET", "hash-max-listpack-entries", "2") == b"+OK\r\n"
    hsh = lookup_hash(session.db, b"h")
    assert hsh is not None and not hsh.big  # decided when written, as Redis does
    assert run("HGET", "h", "a") == bulk(b"1")
    assert not hsh.big
    assert run("HSET", "h", "a", "9") == b":0\r\n"
    assert hsh.big
    assert run("CONFIG", "SET", "hash-max-listpack-value", "0") == b"+OK\r\n"
    assert run("HSET", "e", "", "") == b":1\r\n"  # empty strings are not longer than 0
    assert not lookup_hash(session.db, b"e").big  # type: ignore[union-attr]
    assert run("HINCRBY", "i", "", "1") == b":1\r\n"  # the value "1" is
    assert lookup_hash(session.db, b"i").big  # type: ignore[union-attr]


# --- through the dispatcher ------------------------------------------------------------------
def test_the_key_goes_with_the_last_field(run: Run) -> None:
    assert run("HSET", "h", "a", "1", "b", "2") == b":2\r\n"
    assert run("TYPE", "h") == b"+hash\r\n"
    assert run("SCAN", "0", "TYPE", "hash") == b"*2\r\n$1\r\n0\r\n" + array(b"h")
    assert run("HDEL", "h", "a", "b", "a") == b":2\r\n"
    assert run("EXISTS", "h") == b":0\r\n"


def test_an_expired_hash_is_gone_and_hset_starts_a_new_one(run: Run, clock: ManualClock) -> None:
    assert run("HSET", "h", "a", "1") == b":1\r\n"
    assert run("PEXPIRE", "h", "100") == b":1\r\n"
    assert run("HINCRBY", "h", "a", "1") == b":2\r\n"  # an in-place change keeps the deadline
    assert run("PTTL", "h") == b":100\r\n"
    clock.advance(100)
    assert run("HGET", "h", "a") == b"$-1\r\n"
    assert run("HLEN", "h") == b":0\r\n"
    assert run("HINCRBY", "h", "a", "1") == b":1\r\n"
    assert run("PTTL", "h") == b":-1\r\n"


def test_an_expired_string_makes_room_for_a_hash(run: Run, clock: ManualClock) -> None:
    assert run("SET", "k", "v", "PX", "50") == b"+OK\r\n"
    assert run("HSET", "k", "a", "1").startswith(b"-WRONGTYPE")
    clock.advance(50)
    assert run("HSETNX", "k", "a", "1") == b":1\r\n"
    assert run("HGETALL", "k") == array(b"a", b"1")


def test_watch_is_dirtied_by_an_in_place_change(server: Server, session: Session, run: Run) -> None:
    other = Session(server, server.next_client_id(), "127.0.0.1:50001", "127.0.0.1:6379")
    assert run("HSET", "h", "a", "1") == b":1\r\n"
    assert run("WATCH", "h") == b"+OK\r\n"
    assert dispatch(other, [b"HGETALL", b"h"]) == {b"a": b"1"}  # reading is no change
    assert dispatch(other, [b"HSETNX", b"h", b"a", b"2"]) == 0  # nor is a refused write
    assert run("MULTI") == b"+OK\r\n"
    assert run("HLEN", "h") == b"+QUEUED\r\n"
    assert run("EXEC") == b"*1\r\n:1\r\n"
    assert run("WATCH", "h") == b"+OK\r\n"
    assert dispatch(other, [b"HINCRBYFLOAT", b"h", b"a", b"0"]) == b"1"
    assert run("MULTI") == b"+OK\r\n"
    assert run("HLEN", "h") == b"+QUEUED\r\n"
    assert run("EXEC") == b"*-1\r\n"


def test_hgetall_reply_is_a_snapshot(session: Session) -> None:
    assert dispatch(session, [b"HSET", b"h", b"a", b"1"]) == 1
    reply = dispatch(session, [b"HGETALL", b"h"])
    dispatch(session, [b"HSET", b"h", b"b", b"2"])
    assert reply == {b"a": b"1"} and type(reply) is dict


def test_hincrbyfloat_accumulates_in_long_double(run: Run) -> None:
    for _ in range(10):
        run("HINCRBYFLOAT", "h", "f", "0.1")
    assert run("HGET", "h", "f") == bulk(b"1")  # a double sum would end at 0.9999999999999999
    assert run("HINCRBYFLOAT", "h", "f", "1e-18") == bulk(b"1")  # below the 17 decimals shown


def test_hrandfield_refuses_a_sample_too_large_to_build(run: Run) -> None:
    """Redis 7.0 starts building such a reply and dies out of memory; miniredis refuses."""
    assert run("HSET", "h", "a", "1") == b":1\r\n"
    assert run("HRANDFIELD", "h", "-4611686018427387903") == b"-ERR value is out of range\r\n"
    assert run("HRANDFIELD", "h", "-3") == array(b"a", b"a", b"a")
    assert run("HRANDFIELD", "h", "9223372036854775807") == array(b"a")


# --- HSCAN over a hashtable ------------------------------------------------------------------
def _scan_all(session: Session, key: bytes, count: bytes, between: object = None) -> list[bytes]:
    cursor, seen, calls = b"0", [], 0
    while True:
        cursor, items = dispatch(session, [b"HSCAN", key, cursor, b"COUNT", count])
        seen += items[::2]
        calls += 1
        if callable(between):
            between(calls)
        if cursor == b"0":
            return seen


def test_hscan_of_a_big_hash_returns_each_field_once(session: Session) -> None:
    fields = [b"f%d" % i for i in range(1000)]
    dispatch(session, [b"HSET", b"h", *[x for f in fields for x in (f, b"v")]])
    assert lookup_hash(session.db, b"h").big  # type: ignore[union-attr]
    first_cursor, first = dispatch(session, [b"HSCAN", b"h", b"0", b"COUNT", b"10"])
    assert first_cursor != b"0" and len(first) == 20
    seen = _scan_all(session, b"h", b"7")
    assert sorted(seen) == sorted(fields)


def test_hscan_survives_growth_and_shrinking(session: Session) -> None:
    fields = [b"f%d" % i for i in range(600)]
    dispatch(session, [b"HSET", b"h", *[x for f in fields for x in (f, b"v")]])
    deleted: set[bytes] = set()

    def churn(call: int) -> None:
        added = [b"n%d_%d" % (call, i) for i in range(50)]
        dispatch(session, [b"HSET", b"h", *[x for f in added for x in (f, b"v")]])
        gone = fields[call * 3 : call * 3 + 3]
        dispatch(session, [b"HDEL", b"h", *gone])
        deleted.update(gone)

    seen = _scan_all(session, b"h", b"10", between=churn)
    assert len(seen) == len(set(seen))  # miniredis never repeats a field within one iteration
    assert set(fields) - deleted <= set(seen)


@pytest.mark.parametrize("cursor", [b"0", b"99999"])
def test_hscan_of_a_small_hash_ignores_cursor_and_count(session: Session, cursor: bytes) -> None:
    dispatch(session, [b"HSET", b"h", b"a", b"1", b"b", b"2"])
    reply = dispatch(session, [b"HSCAN", b"h", cursor, b"COUNT", b"1"])
    assert reply == [b"0", [b"a", b"1", b"b", b"2"]]
