"""Generic key commands through the real dispatcher, with a manual clock: no sockets, no sleep.

What the compat tests cannot pin down on a real server lives here: TTL rounding at exact
millisecond boundaries, lazy expiry at the deadline, the SCAN cursor guarantee under heavy
churn, COPY of non-string values, and miniredis's own DELETE command.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from miniredis.commands.args import parse_cursor
from miniredis.errors import CommandError
from miniredis.keyspace.clock import ManualClock
from miniredis.keyspace.scan import ScanState
from miniredis.server import Server

ZERO = b":0\r\n"
ONE = b":1\r\n"
OK = b"+OK\r\n"


def scan_keys(run: Any, *options: str) -> list[bytes]:
    """Every key of a full SCAN iteration, parsed from RESP2 bytes."""
    found: list[bytes] = []
    cursor = b"0"
    while True:
        lines = run("SCAN", cursor, *options).split(b"\r\n")
        cursor = lines[2]
        found += [lines[5 + 2 * i] for i in range(int(lines[3][1:]))]
        if cursor == b"0":
            return found


class FakeHash(dict):  # type: ignore[type-arg]
    """Stands in for a later value type: TYPE asks the class, COPY must deep-copy it."""

    redis_type = "hash"


# -- TTL arithmetic on exact milliseconds -----------------------------------------------------
def test_ttl_rounds_to_the_nearest_second(run: Any, clock: ManualClock) -> None:
    run("SET", "k", "v")
    assert run("PEXPIRE", "k", 1499) == ONE
    assert run("TTL", "k") == b":1\r\n"
    assert run("PEXPIRE", "k", 1500) == ONE
    assert run("TTL", "k") == b":2\r\n"
    clock.advance(1)
    assert run("PTTL", "k") == b":1499\r\n"
    assert run("TTL", "k") == b":1\r\n"
    clock.advance(1000)
    assert run("PTTL", "k") == b":499\r\n"
    assert run("TTL", "k") == ZERO


def test_key_expires_exactly_at_its_deadline(run: Any, clock: ManualClock) -> None:
    run("SET", "k", "v")
    assert run("PEXPIRE", "k", 100) == ONE
    clock.advance(99)
    assert run("PTTL", "k") == ONE
    assert run("EXISTS", "k") == ONE
    clock.advance(1)
    assert run("PTTL", "k") == b":-2\r\n"
    assert run("TTL", "k") == b":-2\r\n"
    assert run("EXISTS", "k") == ZERO
    assert run("TYPE", "k") == b"+none\r\n"
    assert run("PERSIST", "k") == ZERO
    assert run("EXPIRE", "k", 100) == ZERO


def test_relative_deadlines_count_from_the_command_snapshot(run: Any, clock: ManualClock) -> None:
    now = clock()
    run("SET", "k", "v")
    assert run("EXPIRE", "k", 10) == ONE
    assert run("PEXPIRETIME", "k") == b":%d\r\n" % (now + 10_000)
    assert run("EXPIRETIME", "k") == b":%d\r\n" % ((now + 10_000 + 500) // 1000)


def test_absolute_deadline_equal_to_now_deletes(run: Any, clock: ManualClock) -> None:
    now = clock()
    run("SET", "k", "v")
    assert run("PEXPIREAT", "k", now + 1) == ONE
    assert run("EXISTS", "k") == ONE
    assert run("PEXPIREAT", "k", now) == ONE
    assert run("EXISTS", "k") == ZERO


def test_expire_gt_lt_compare_milliseconds(run: Any, clock: ManualClock) -> None:
    now = clock()
    run("SET", "k", "v")
    assert run("PEXPIREAT", "k", now + 5000) == ONE
    assert run("PEXPIREAT", "k", now + 5000, "GT") == ZERO  # equal is not greater
    assert run("PEXPIREAT", "k", now + 5000, "LT") == ZERO
    assert run("PEXPIREAT", "k", now + 5001, "GT") == ONE
    assert run("EXPIRE", "k", 5, "LT") == ONE  # 5000 ms < 5001 ms
    assert run("PTTL", "k") == b":5000\r\n"


def test_expire_on_a_watched_key_aborts_exec(run: Any) -> None:
    run("SET", "k", "v")
    assert run("WATCH", "k") == OK
    assert run("EXPIRE", "k", 100) == ONE
    assert run("MULTI") == OK
    run("PING")
    assert run("EXEC") == b"*-1\r\n"


# -- DELETE (miniredis's original-design command) ---------------------------------------------
def test_delete_counts_removed_keys(run: Any) -> None:
    run("SET", "a", "1")
    run("SET", "b", "2")
    assert run("DELETE", "a") == ONE
    assert run("DELETE", "a") == ZERO
    assert run("DELETE", "b", "b", "missing") == ONE
    assert run("DELETE") == b"-ERR wrong number of arguments for 'delete' command\r\n"


def test_delete_ignores_expired_keys(run: Any, clock: ManualClock) -> None:
    run("SET", "k", "v")
    run("PEXPIRE", "k", 10)
    clock.advance(10)
    assert run("DEL", "k") == ZERO
    assert run("DELETE", "k") == ZERO


# -- other value types -------------------------------------------------------------------------
def test_type_asks_the_value_class(run: Any, server: Server) -> None:
    server.keyspace.dbs[0].set(b"h", FakeHash({b"f": b"v"}))
    assert run("TYPE", "h") == b"+hash\r\n"
    assert scan_keys(run, "TYPE", "HASH") == [b"h"]
    assert scan_keys(run, "TYPE", "string") == []


def test_copy_makes_an_independent_deep_copy(run: Any, server: Server) -> None:
    db = server.keyspace.dbs[0]
    original = FakeHash({b"f": [b"nested"]})
    db.set(b"h", original)
    assert run("COPY", "h", "h2") == ONE
    assert run("COPY", "h", "h3", "DB", 3) == ONE
    for duplicate in (db.data[b"h2"], server.keyspace.dbs[3].data[b"h3"]):
        assert type(duplicate) is FakeHash and duplicate == original
        assert duplicate is not original and duplicate[b"f"] is not original[b"f"]
    db.data[b"h2"][b"f"].append(b"changed")
    assert original == {b"f": [b"nested"]}


def test_copy_uses_a_value_classs_own_deepcopy(run: Any, server: Server) -> None:
    class Counted(FakeHash):
        copies = 0

        def __deepcopy__(self, memo: dict[int, Any]) -> Counted:
            Counted.copies += 1
            return Counted(copy.deepcopy(dict(self), memo))

    server.keyspace.dbs[0].set(b"h", Counted({b"a": b"1"}))
    assert run("COPY", "h", "h2") == ONE
    assert Counted.copies == 1


def test_rename_and_move_hand_over_the_same_value(run: Any, server: Server) -> None:
    value = FakeHash()
    server.keyspace.dbs[0].set(b"h", value)
    assert run("RENAME", "h", "h2") == OK
    assert run("MOVE", "h2", 5) == ONE
    assert server.keyspace.dbs[5].data[b"h2"] is value


def test_move_and_copy_keep_the_deadline(run: Any, clock: ManualClock, server: Server) -> None:
    now = clock()
    run("SET", "k", "v")
    run("PEXPIREAT", "k", now + 700)
    assert run("COPY", "k", "k", "DB", 2) == ONE
    assert run("MOVE", "k", 1) == ONE
    assert server.keyspace.dbs[1].expires[b"k"] == now + 700
    assert server.keyspace.dbs[2].expires[b"k"] == now + 700
    clock.advance(700)
    assert run("SELECT", 1) == OK
    assert run("EXISTS", "k") == ZERO


def test_move_and_copy_treat_an_expired_target_as_missing(run: Any, clock: ManualClock) -> None:
    run("SELECT", 1)
    run("SET", "k", "old")
    run("PEXPIRE", "k", 5)
    run("SELECT", 0)
    run("SET", "k", "new")
    clock.advance(5)
    assert run("MOVE", "k", 1) == ONE
    run("SELECT", 1)
    assert run("GET", "k") == b"$3\r\nnew\r\n"


# -- KEYS, SCAN, RANDOMKEY with expired keys ---------------------------------------------------
def test_keys_and_scan_skip_expired_keys(run: Any, clock: ManualClock) -> None:
    for i in range(30):
        run("SET", f"k{i}", "v")
    for i in range(10):
        run("PEXPIRE", f"k{i}", 50)
    clock.advance(50)
    assert len(run("KEYS", "*").split(b"\r\n")) == 1 + 2 * 20 + 1
    assert sorted(scan_keys(run, "COUNT", "3")) == sorted(b"k%d" % i for i in range(10, 30))
    assert run("DBSIZE") == b":20\r\n"  # SCAN removed the expired keys it saw


def test_randomkey_skips_and_removes_expired_keys(
    run: Any, clock: ManualClock, server: Server
) -> None:
    for i in range(20):
        run("SET", f"k{i}", "v")
        run("PEXPIRE", f"k{i}", 10)
    run("SET", "live", "v")
    clock.advance(10)
    assert run("RANDOMKEY") == b"$4\r\nlive\r\n"
    run("DEL", "live")
    assert run("RANDOMKEY") == b"$-1\r\n"
    assert server.keyspace.dbs[0].data == {}


def test_randomkey_without_deadlines(run: Any) -> None:
    keys = {f"k{i}".encode() for i in range(10)}
    for key in keys:
        run("SET", key, "v")
    seen = {run("RANDOMKEY").split(b"\r\n")[1] for _ in range(200)}
    assert seen == keys  # 200 draws from 10 keys: missing one has probability ~1e-8


# -- the SCAN cursor ---------------------------------------------------------------------------
def test_scan_guarantee_under_heavy_churn(run: Any, server: Server) -> None:
    """Keys present throughout are returned exactly once, while others come and go and a
    second iteration (which rebuilds the snapshot) starts halfway through."""
    db = server.keyspace.dbs[0]
    stable = {b"stable:%d" % i for i in range(3000)}
    doomed = [b"doomed:%d" % i for i in range(3000)]
    for key in [*stable, *doomed]:
        db.set(key, b"v")
    seen: list[bytes] = []
    cursor = b"0"
    step = 0
    while True:
        lines = run("SCAN", cursor, "COUNT", "25").split(b"\r\n")
        cursor = lines[2]
        seen += [lines[5 + 2 * i] for i in range(int(lines[3][1:]))]
        if cursor == b"0":
            break
        step += 1
        for j in range(30):
            db.set(b"new:%d:%d" % (step, j), b"v")
        for key in doomed[:20]:
            db.delete(key)
        del doomed[:20]
        if step == 50:
            run("SCAN", "0")  # another client starts over: the snapshot is rebuilt
    stable_seen = [key for key in seen if key in stable]
    assert len(stable_seen) == len(stable) and set(stable_seen) == stable
    assert len(seen) == len(set(seen))  # the cursor only moves forward: no repeats at all


def test_scan_survives_swapdb_and_flush_mid_iteration(run: Any, server: Server) -> None:
    for i in range(100):
        run("SET", f"a{i}", "v")
    lines = run("SCAN", "0", "COUNT", "10").split(b"\r\n")
    cursor = lines[2]
    assert cursor != b"0"
    run("SELECT", 1)
    for i in range(50):
        run("SET", f"b{i}", "v")
    run("SWAPDB", 0, 1)
    run("SELECT", 0)
    rest: list[bytes] = []
    while cursor != b"0":
        lines = run("SCAN", cursor, "COUNT", "10").split(b"\r\n")
        cursor = lines[2]
        rest += [lines[5 + 2 * i] for i in range(int(lines[3][1:]))]
    assert set(rest) <= {b"b%d" % i for i in range(50)}
    run("FLUSHDB")
    assert run("SCAN", "0") == b"*2\r\n$1\r\n0\r\n*0\r\n"


class Collider:
    """A key whose hash is chosen by the test (ScanState works on any hashable key)."""

    def __init__(self, name: str, hash_value: int) -> None:
        self.name, self.hash_value = name, hash_value

    def __hash__(self) -> int:
        return self.hash_value

    def __repr__(self) -> str:
        return self.name


def test_scan_state_returns_all_keys_sharing_a_hash_together() -> None:
    keys = [Collider(f"c{i}", 42) for i in range(5)] + [Collider("low", -7), Collider("hi", 99)]
    mapping = dict.fromkeys(keys, b"v")
    state = ScanState()
    cursor, batch = state.step(mapping, 0, 2)
    assert [repr(k) for k in batch] == ["low", "c0", "c1", "c2", "c3", "c4"]
    cursor, batch = state.step(mapping, cursor, 2)
    assert [repr(k) for k in batch] == ["hi"] and cursor == 0


def test_scan_state_at_the_top_of_hash_space_ends() -> None:
    top = (1 << 63) - 1
    mapping = dict.fromkeys([Collider("a", 1), Collider("top", top), Collider("b", 2)], b"v")
    state = ScanState()
    cursor, batch = state.step(mapping, 0, 2)
    assert [repr(k) for k in batch] == ["a", "b"] and cursor == 3 + (1 << 63)
    cursor, batch = state.step(mapping, cursor, 2)
    assert [repr(k) for k in batch] == ["top"] and cursor == 0


def test_scan_state_small_mapping_in_one_call() -> None:
    assert ScanState().step({b"a": 1, b"b": 2}, 0, 10) == (0, [b"a", b"b"])
    assert ScanState().step({}, 0, 10) == (0, [])


# -- cursor parsing ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        (b"0", 0),
        (b"", 0),
        (b"+7", 7),
        (b"-0", 0),
        (b"007", 7),
        (b"-1", 2**64 - 1),
        (b"18446744073709551615", 2**64 - 1),
        (b"-18446744073709551615", 1),
        (b"5\x00junk", 5),
        (b"0" * 50 + b"3", 3),
    ],
)
def test_parse_cursor(text: bytes, value: int) -> None:
    assert parse_cursor(text) == value


@pytest.mark.parametrize(
    "text", [b" 0", b"0 ", b"+", b"-", b"0x1", b"1e3", b"18446744073709551616", b"9" * 5000]
)
def test_parse_cursor_rejects(text: bytes) -> None:
    with pytest.raises(CommandError, match="invalid cursor"):
        parse_cursor(text)
