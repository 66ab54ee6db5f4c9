"""Unit tests for the list group: the RList value, expiry with the manual clock, WATCH, COPY,
and the ``keynum`` key spec LMPOP introduced. Byte-exact behaviour against real Redis is in
``compat_tests/test_lists.py``; these run without sockets.
"""

from __future__ import annotations

import copy

import pytest

from miniredis.commands.introspection import key_spec_ranges, key_specs, keys_with_flags
from miniredis.commands.table import TABLE, CommandSpec
from miniredis.datatypes.rlist import RList, clamp_range
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
def test_rlist_is_a_list_type_and_copies_deeply() -> None:
    lst = RList([b"a", b"b"])
    assert RList.redis_type == "list"
    duplicate = copy.deepcopy(lst)
    assert type(duplicate) is RList and duplicate == lst and duplicate is not lst
    duplicate.append(b"c")
    assert list(lst) == [b"a", b"b"]
    assert type(lst.copy()) is RList


@pytest.mark.parametrize(
    ("start", "stop", "length", "expected"),
    [
        (0, -1, 5, (0, 4)),
        (-100, 100, 5, (0, 4)),
        (-2, -1, 5, (3, 4)),
        (5, 10, 5, None),
        (3, 2, 5, None),
        (-1, -2, 5, None),
        (0, 0, 0, None),
        (2**63 - 1, -(2**63), 5, None),
    ],
)
def test_clamp_range(start: int, stop: int, length: int, expected: tuple[int, int] | None) -> None:
    assert clamp_range(start, stop, length) == expected


def test_slice_walks_from_either_end() -> None:
    lst = RList(str(i).encode() for i in range(1000))
    assert lst.slice(0, 2) == [b"0", b"1", b"2"]
    assert lst.slice(997, 999) == [b"997", b"998", b"999"]
    assert lst.slice(499, 501) == [b"499", b"500", b"501"]
    assert lst.slice(600, 600) == [b"600"]


@pytest.mark.parametrize(("start", "stop"), [(1, 8), (0, 0), (9, 9), (2, 3), (0, 9)])
def test_trim_by_popping_or_rebuilding(start: int, stop: int) -> None:
    items = [bytes([97 + i]) for i in range(10)]
    lst = RList(items)
    lst.trim(start, stop)
    assert list(lst) == items[start : stop + 1]


@pytest.mark.parametrize(
    ("count", "removed", "left"),
    [
        (0, 3, [b"b", b"c", b"b"]),
        (1, 1, [b"b", b"a", b"c", b"b", b"a"]),
        (2, 2, [b"b", b"c", b"b", b"a"]),
        (-1, 1, [b"a", b"b", b"a", b"c", b"b"]),
        (-2, 2, [b"a", b"b", b"c", b"b"]),
        (-(2**63), 3, [b"b", b"c", b"b"]),
    ],
)
def test_remove_matches(count: int, removed: int, left: list[bytes]) -> None:
    lst = RList([b"a", b"b", b"a", b"c", b"b", b"a"])
    assert lst.remove_matches(b"a", count) == removed
    assert list(lst) == left
    assert lst.remove_matches(b"zz", 0) == 0


# --- through the dispatcher ------------------------------------------------------------------
def test_push_pop_and_the_key_goes_when_empty(run: Run) -> None:
    assert run("RPUSH", "l", "a", "b") == b":2\r\n"
    assert run("TYPE", "l") == b"+list\r\n"
    assert run("LPOP", "l", "5") == array(b"a", b"b")
    assert run("EXISTS", "l") == b":0\r\n"
    assert run("TYPE", "l") == b"+none\r\n"
    assert run("LPOP", "l", "5") == b"*-1\r\n"
    assert run("LPOP", "l") == b"$-1\r\n"


def test_an_expired_list_is_gone_and_push_starts_a_new_one(run: Run, clock: ManualClock) -> None:
    assert run("RPUSH", "l", "a", "b") == b":2\r\n"
    assert run("PEXPIRE", "l", "100") == b":1\r\n"
    assert run("LPUSH", "l", "c") == b":3\r\n"  # an in-place change keeps the deadline
    assert run("PTTL", "l") == b":100\r\n"
    clock.advance(100)
    assert run("LLEN", "l") == b":0\r\n"
    assert run("LPUSHX", "l", "x") == b":0\r\n"
    assert run("RPUSH", "l", "x") == b":1\r\n"
    assert run("PTTL", "l") == b":-1\r\n"


def test_lmove_onto_an_expired_destination_creates_it(run: Run, clock: ManualClock) -> None:
    assert run("RPUSH", "src", "a") == b":1\r\n"
    assert run("SET", "dst", "string", "PX", "50") == b"+OK\r\n"
    assert run("LMOVE", "src", "dst", "LEFT", "LEFT").startswith(b"-WRONGTYPE")
    clock.advance(50)
    assert run("LMOVE", "src", "dst", "LEFT", "LEFT") == bulk(b"a")
    assert run("LRANGE", "dst", "0", "-1") == array(b"a")
    assert run("EXISTS", "src") == b":0\r\n"


def test_watch_is_dirtied_by_an_in_place_push(server: Server, session: Session, run: Run) -> None:
    other = Session(server, server.next_client_id(), "127.0.0.1:50001", "127.0.0.1:6379")
    assert run("RPUSH", "l", "a") == b":1\r\n"
    assert run("WATCH", "l") == b"+OK\r\n"
    assert dispatch(other, [b"LRANGE", b"l", b"0", b"-1"]) == [b"a"]  # reading is no change
    assert dispatch(other, [b"RPUSH", b"l", b"b"]) == 2
    assert run("MULTI") == b"+OK\r\n"
    assert run("LLEN", "l") == b"+QUEUED\r\n"
    assert run("EXEC") == b"*-1\r\n"


def test_copy_of_a_list_is_independent(run: Run) -> None:
    assert run("RPUSH", "l", "a", "b") == b":2\r\n"
    assert run("COPY", "l", "c") == b":1\r\n"
    assert run("RPOP", "c") == bulk(b"b")
    assert run("LRANGE", "l", "0", "-1") == array(b"a", b"b")


def test_lpos_scans_a_long_list_with_maxlen(run: Run) -> None:
    assert run("RPUSH", "l", *(["x"] * 100 + ["a"])) == b":101\r\n"
    assert run("LPOS", "l", "a", "MAXLEN", "100") == b"$-1\r\n"
    assert run("LPOS", "l", "a", "MAXLEN", "101") == b":100\r\n"
    assert run("LPOS", "l", "a", "RANK", "-1", "MAXLEN", "1") == b":100\r\n"


# --- the keynum key spec ---------------------------------------------------------------------
def test_lmpop_declares_a_keynum_key_spec() -> None:
    spec = TABLE[b"lmpop"]
    assert (spec.first_key, spec.last_key, spec.step) == (0, 0, 0)
    assert key_spec_ranges(spec) == []
    (only,) = key_specs(spec)
    assert only[b"begin_search"] == {b"type": b"index", b"spec": {b"index": 1}}
    assert only[b"find_keys"] == {
        b"type": b"keynum",
        b"spec": {b"keynumidx": 0, b"firstkey": 1, b"keystep": 1},
    }
    argv = [b"lmpop", b"2", b"a", b"b", b"LEFT"]
    assert keys_with_flags(spec, argv) == [(b"a", "RW access delete"), (b"b", "RW access delete")]
    assert keys_with_flags(spec, [b"lmpop", b"3", b"a", b"LEFT"]) == []


def test_keynum_after_a_range_spec() -> None:
    """ZUNIONSTORE's shape: a destination found by range, then numkeys sources."""
    spec = CommandSpec(
        name="x", handler=None, arity=-4, flags=("write", "movablekeys"), first_key=1,
        last_key=1, step=1, group="sorted_set", since="2.0.0", summary="x",
        key_specs=("OW update", "RO access"), keynum=(2, 0, 1, 1),
    )  # fmt: skip
    assert key_spec_ranges(spec) == [(1, 0, 1)]
    assert [entry[b"find_keys"][b"type"] for entry in key_specs(spec)] == [b"range", b"keynum"]
    argv = [b"x", b"dest", b"2", b"k1", b"k2", b"WEIGHTS", b"1", b"2"]
    assert keys_with_flags(spec, argv) == [
        (b"dest", "OW update"),
        (b"k1", "RO access"),
        (b"k2", "RO access"),
    ]
