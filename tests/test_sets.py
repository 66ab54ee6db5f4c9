"""Unit tests for the set group: the RSet value and its encoding rules, expiry with the manual
clock, WATCH, COPY, SSCAN under change, and the algorithms whose traces Redis leaves in
OBJECT ENCODING. Byte-exact behaviour against real Redis is in ``compat_tests/test_sets.py``;
these run without sockets.
"""

from __future__ import annotations

import copy
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from miniredis.commands.args import is_int as args_is_int
from miniredis.commands.introspection import key_specs
from miniredis.commands.table import TABLE
from miniredis.datatypes.rset import RSet, intset_limit, is_int, lookup_set
from miniredis.dispatch import dispatch
from miniredis.keyspace.clock import ManualClock
from miniredis.server import Server
from miniredis.session import Session
from tests.conftest import Run


def bulk(value: bytes) -> bytes:
    return b"$%d\r\n%s\r\n" % (len(value), value)


def array(*items: bytes) -> bytes:
    return b"*%d\r\n" % len(items) + b"".join(bulk(item) for item in items)


def stored(server: Server, key: bytes) -> RSet:
    value = server.keyspace.dbs[0].data[key]
    assert type(value) is RSet
    return value


def check_invariants(rset: RSet) -> None:
    """index and items describe the same members, positions agree, no duplicates."""
    assert len(rset.index) == len(rset.items)
    for position, member in enumerate(rset.items):
        assert rset.index[member] == position


# --- the value class -------------------------------------------------------------------------
@given(st.binary(max_size=22) | st.integers(-(2**64), 2**64).map(lambda i: str(i).encode()))
def test_intset_members_are_string2ll_integers(value: bytes) -> None:
    assert is_int(value) == args_is_int(value)


def test_add_remove_pop_keep_index_and_items_in_step() -> None:
    rng = random.Random(7)
    rset = RSet()
    model: set[bytes] = set()
    for _ in range(2000):
        member = b"%d" % rng.randrange(60)
        action = rng.randrange(3)
        if action == 0:
            assert rset.add_many([member], 512) == (member not in model)
            model.add(member)
        elif action == 1:
            assert rset.remove(member) == (member in model)
            model.discard(member)
        elif model:
            model.remove(rset.pop_random())
        check_invariants(rset)
        assert set(rset.items) == model
    assert rset.ordered() == sorted(model, key=int)


def test_encoding_rules() -> None:
    assert RSet.of([b"1", b"2"], 512).intset
    assert not RSet.of([b"1", b"x"], 512).intset
    assert not RSet.of([b"x", b"1"], 512).intset
    assert RSet.of([b"1", b"2", b"3"], 3).intset
    assert not RSet.of([b"1", b"2", b"3", b"4"], 3).intset
    assert not RSet.of([b"1"], 0).intset
    rset = RSet.of([b"1", b"2", b"x"], 512)
    rset.remove(b"x")
    assert not rset.intset  # never back by itself
    rset.reencode(512)  # only a rebuild (SPOP's third case) starts over
    assert rset.intset
    assert rset.object_encoding(None) == b"intset"
    assert RSet.of([b"a"], 512).object_encoding(None) == b"hashtable"


def test_intset_limit_is_capped_at_a_billion() -> None:
    class Config:
        set_max_intset_entries = 1 << 40

    assert intset_limit(Config()) == 1 << 30


def test_copies_are_independent_and_keep_the_encoding() -> None:
    rset = RSet.of([b"1", b"x"], 512)
    rset.remove(b"x")
    duplicate = copy.deepcopy(rset)
    assert type(duplicate) is RSet and duplicate.items == [b"1"] and not duplicate.intset
    duplicate.add_many([b"2"], 512)
    assert rset.items == [b"1"] and b"2" not in rset


def test_intset_order_is_numeric_and_cached_until_a_change() -> None:
    rset = RSet.of([b"10", b"-2", b"3"], 512)
    assert rset.ordered() == [b"-2", b"3", b"10"]
    assert rset.ordered() is rset.ordered()
    rset.add_many([b"0"], 512)
    assert rset.ordered() == [b"-2", b"0", b"3", b"10"]
    rset.remove(b"3")
    assert rset.ordered() == [b"-2", b"0", b"10"]


# --- commands through the dispatcher ---------------------------------------------------------
def test_sadd_follows_the_configured_limit(server: Server, run: Run) -> None:
    server.config.set_max_intset_entries = 2
    assert run("SADD", "k", "1", "2") == b":2\r\n"
    assert stored(server, b"k").intset
    assert run("SADD", "k", "2") == b":0\r\n"  # an existing member converts nothing
    assert stored(server, b"k").intset
    assert run("SADD", "k", "3") == b":1\r\n"
    assert not stored(server, b"k").intset
    server.config.set_max_intset_entries = 512
    assert run("SREM", "k", "3") == b":1\r\n"
    assert not stored(server, b"k").intset


def test_spop_third_case_rebuilds_and_sorts(server: Server, run: Run) -> None:
    assert run("SADD", "i", *[str(n) for n in range(20, 0, -1)]) == b":20\r\n"
    for _ in range(20):
        reply = run("SPOP", "i", "17")  # 3 left: 3*5 <= 17, the third case
        popped = [int(m) for m in reply.split(b"\r\n")[2::2]]
        assert len(popped) == 17 and popped == sorted(popped)
        assert run("SADD", "i", *[str(n) for n in range(1, 21)]) == b":17\r\n"
    assert run("SADD", "h", "x", *[str(n) for n in range(1, 11)]) == b":11\r\n"
    run("SPOP", "h", "9")  # 2 left: 2*5 > 9, the second case: no rebuild
    assert not stored(server, b"h").intset
    run("SADD", "h", "x", *[str(n) for n in range(1, 11)])
    run("SPOP", "h", "10")  # 1 left: a rebuild, an intset unless "x" survived
    survivor = stored(server, b"h")
    assert survivor.intset == (survivor.items != [b"x"])


def test_sinter_walks_the_smallest_set(run: Run) -> None:
    assert run("SADD", "big", "c", "b", "a", "d", "e") == b":5\r\n"
    assert run("SADD", "small", "d", "a", "c") == b":3\r\n"
    assert run("SINTER", "big", "small") == array(b"d", b"a", b"c")
    assert run("SINTERCARD", "2", "big", "small", "LIMIT", "2") == b":2\r\n"


def test_sdiff_algorithm_choice(server: Server, run: Run) -> None:
    run("SADD", "k", "1", "2", "3", "4", "x", "y")
    run("SADD", "k1", "x")
    run("SADD", "k2", "y")
    assert run("SDIFFSTORE", "d", "k", "k1", "k2") == b":4\r\n"  # 6*3//2 > 8: algorithm 2
    assert not stored(server, b"d").intset
    assert run("SDIFFSTORE", "d", "k", "k1") == b":5\r\n"
    assert run("SADD", "k3", "z") == b":1\r\n"
    assert run("SDIFFSTORE", "d", "k", "k1", "k2", "k3") == b":4\r\n"  # 6*4//2 > 9: still 2
    assert not stored(server, b"d").intset
    run("SADD", "j", "1", "2", "3", "x")
    assert run("SDIFFSTORE", "e", "j", "k1") == b":3\r\n"  # 4*2//2 <= 5: algorithm 1
    assert stored(server, b"e").intset


def test_resp3_shapes(run: Run) -> None:
    assert run("HELLO", "3").startswith(b"%")
    run("SADD", "s", "1", "2")
    assert run("SMEMBERS", "s") == b"~2\r\n$1\r\n1\r\n$1\r\n2\r\n"
    assert run("SPOP", "nokey", "1") == b"~0\r\n"
    assert run("SRANDMEMBER", "s", "5") == b"*2\r\n$1\r\n1\r\n$1\r\n2\r\n"
    assert run("SMISMEMBER", "s", "1", "3") == b"*2\r\n:1\r\n:0\r\n"
    assert run("SSCAN", "s", "0") == b"*2\r\n$1\r\n0\r\n*2\r\n$1\r\n1\r\n$1\r\n2\r\n"
    assert run("SPOP", "nokey") == b"_\r\n"


# --- expiry, WATCH, COPY ---------------------------------------------------------------------
def test_expired_sets_are_missing(run: Run, clock: ManualClock) -> None:
    run("SADD", "s", "a", "b")
    run("SADD", "t", "b")
    assert run("PEXPIRE", "s", "100") == b":1\r\n"
    clock.advance(100)
    assert run("SINTER", "s", "t") == b"*0\r\n"
    assert run("SUNION", "s", "t") == array(b"b")
    assert run("SMOVE", "s", "t", "a") == b":0\r\n"
    assert run("SADD", "s", "c") == b":1\r\n"  # a new set
    assert run("SMEMBERS", "s") == array(b"c")
    assert run("TTL", "s") == b":-1\r\n"


def test_smove_onto_an_expired_destination_creates_it(run: Run, clock: ManualClock) -> None:
    run("SADD", "src", "a", "b")
    run("SET", "dst", "v", "PX", "10")
    clock.advance(10)
    assert run("SMOVE", "src", "dst", "a") == b":1\r\n"
    assert run("SMEMBERS", "dst") == array(b"a")


def test_watch_sees_only_real_changes(server: Server, session: Session, run: Run) -> None:
    other = Session(server, server.next_client_id(), "127.0.0.1:50001", "127.0.0.1:6379")
    run("SADD", "k", "x", "y")
    no_change = [
        [b"SADD", b"k", b"x"], [b"SREM", b"k", b"z"], [b"SMOVE", b"k", b"k", b"x"],
        [b"SPOP", b"k", b"0"], [b"SINTERSTORE", b"k2", b"nokey"],
        [b"SMOVE", b"k", b"k2", b"nothere"], [b"SMEMBERS", b"k"], [b"SRANDMEMBER", b"k", b"-3"],
    ]  # fmt: skip
    change = [
        [b"SADD", b"k", b"new"], [b"SREM", b"k", b"new"], [b"SPOP", b"k2", b"1"],
        [b"SMOVE", b"k", b"k2", b"x"], [b"SINTERSTORE", b"k2", b"k"],
    ]  # fmt: skip
    for argv in no_change:
        assert run("WATCH", "k", "k2") == b"+OK\r\n"
        dispatch(other, argv)
        assert run("MULTI") == b"+OK\r\n"
        assert run("EXEC") == b"*0\r\n", argv
    run("SADD", "k2", "z")
    for argv in change:
        assert run("WATCH", "k", "k2") == b"+OK\r\n"
        dispatch(other, argv)
        assert run("MULTI") == b"+OK\r\n"
        assert run("EXEC") == b"*-1\r\n", argv


def test_copy_of_a_set_is_independent(server: Server, run: Run) -> None:
    run("SADD", "s", "a", "b")
    assert run("COPY", "s", "c") == b":1\r\n"
    assert run("SREM", "c", "a") == b":1\r\n"
    assert run("SCARD", "s") == b":2\r\n"
    assert stored(server, b"c") is not stored(server, b"s")


def test_lookup_set(server: Server, run: Run) -> None:
    db = server.keyspace.dbs[0]
    assert lookup_set(db, b"nokey") is None
    run("SET", "str", "v")
    with pytest.raises(Exception, match="WRONGTYPE"):
        lookup_set(db, b"str")


# --- SSCAN -----------------------------------------------------------------------------------
def test_sscan_returns_every_member_present_throughout(server: Server, run: Run) -> None:
    rng = random.Random(3)
    stable = [b"s%d" % i for i in range(500)]
    run("SADD", "k", "x", *stable)
    seen: set[bytes] = set()
    cursor = b"0"
    churn = 0
    while True:
        reply = dispatch(server_session(server), [b"SSCAN", b"k", cursor, b"COUNT", b"13"])
        cursor, batch = reply
        assert len(batch) == len(set(batch))
        assert not seen & set(batch)  # never twice in one iteration
        seen.update(batch)
        for _ in range(rng.randrange(40)):  # grow and shrink meanwhile
            churn += 1
            run("SADD", "k", b"n%d" % churn)
            if churn % 3:
                run("SREM", "k", b"n%d" % rng.randrange(churn))
        if cursor == b"0":
            break
    assert set(stable) <= seen


def server_session(server: Server) -> Session:
    return Session(server, server.next_client_id(), "127.0.0.1:50002", "127.0.0.1:6379")


def test_sscan_match_and_count_on_a_hashtable(run: Run) -> None:
    run("SADD", "k", *[b"m%d" % i for i in range(100)])
    reply = run("SSCAN", "k", "0", "COUNT", "1000", "MATCH", "m9?")
    assert reply.startswith(b"*2\r\n$1\r\n0\r\n*10\r\n")


# --- declarations ----------------------------------------------------------------------------
def test_sintercard_declares_a_keynum_key_spec() -> None:
    spec = TABLE[b"sintercard"]
    assert "movablekeys" in spec.flags and spec.keynum == (1, 0, 1, 1)
    (only,) = key_specs(spec)
    assert only[b"find_keys"][b"type"] == b"keynum"


def test_store_forms_declare_the_destination_spec_first() -> None:
    assert TABLE[b"sinterstore"].key_specs == ("RW update", "RO access")
    assert TABLE[b"sunionstore"].key_specs == ("OW update", "RO access")
    assert TABLE[b"sdiffstore"].key_specs == ("OW update", "RO access")
