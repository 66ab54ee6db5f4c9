"""Keyspace and expiry with a manual clock: lazy expiry, the active cycle, SWAPDB, WATCH marks.

No sockets and no sleeping: time moves only when a test calls ``clock.advance``.
"""

from __future__ import annotations

from miniredis.keyspace import Keyspace, ManualClock
from miniredis.keyspace.expiry import KEYS_PER_LOOP, ActiveExpiry


def make() -> tuple[Keyspace, ManualClock]:
    clock = ManualClock(1_000_000)
    keyspace = Keyspace(4, clock)
    keyspace.snapshot()
    return keyspace, clock


def test_lookup_removes_a_key_once_its_deadline_has_passed() -> None:
    ks, clock = make()
    db = ks.dbs[0]
    db.set(b"k", b"v", deadline_ms=clock() + 100)
    clock.advance(99)
    ks.snapshot()
    assert db.lookup(b"k") == b"v"
    clock.advance(1)  # deadline <= now: expired (Redis: `now > when` is "not yet"; == expires)
    ks.snapshot()
    assert db.lookup(b"k") is None
    assert b"k" not in db.data and b"k" not in db.expires
    assert db.expired_keys == 1


def test_time_is_the_snapshot_not_the_clock() -> None:
    """A command judges every key against one instant, even if the clock moves meanwhile."""
    ks, clock = make()
    db = ks.dbs[0]
    db.set(b"k", b"v", deadline_ms=clock() + 10)
    clock.advance(50)  # no snapshot taken: the running command still sees the old time
    assert db.lookup(b"k") == b"v"
    ks.snapshot()
    assert db.lookup(b"k") is None


def test_set_clears_the_ttl_unless_keepttl() -> None:
    ks, clock = make()
    db = ks.dbs[0]
    db.set(b"k", b"v", deadline_ms=clock() + 10)
    db.set(b"k", b"w", keepttl=True)
    assert db.ttl_ms(b"k") == 10
    db.set(b"k", b"x")
    assert db.ttl_ms(b"k") is None


def test_delete_reports_an_expired_key_as_missing() -> None:
    ks, clock = make()
    db = ks.dbs[0]
    db.set(b"k", b"v", deadline_ms=clock() + 1)
    clock.advance(5)
    ks.snapshot()
    assert db.delete(b"k") is False
    assert db.data == {}


def test_live_keys_skips_expired_keys() -> None:
    ks, clock = make()
    db = ks.dbs[0]
    db.set(b"a", b"1")
    db.set(b"b", b"2", deadline_ms=clock() + 1)
    clock.advance(1)
    ks.snapshot()
    assert list(db.live_keys()) == [b"a"]


def test_active_cycle_removes_keys_nobody_reads() -> None:
    ks, clock = make()
    db = ks.dbs[2]
    for i in range(1000):
        db.set(b"k%d" % i, b"v", deadline_ms=clock() + 10)
    db.set(b"forever", b"v")
    db.set(b"later", b"v", deadline_ms=clock() + 10_000)
    clock.advance(10)
    expiry = ActiveExpiry(ks)
    removed = 0
    for _ in range(200):  # bounded cycles; each one does part of the work
        removed += expiry.cycle(hz=10)
        if len(db.data) == 2:
            break
    assert removed == 1000
    assert set(db.data) == {b"forever", b"later"}
    assert db.expired_keys == 1000


def test_active_cycle_stops_early_when_few_keys_are_stale() -> None:
    """Below 10% stale per batch, one batch per database per cycle is enough (expire.c)."""
    ks, clock = make()
    db = ks.dbs[0]
    for i in range(10 * KEYS_PER_LOOP):
        db.set(b"k%d" % i, b"v", deadline_ms=clock() + 1_000_000)
    db.set(b"k0", b"v", deadline_ms=clock() + 1)
    clock.advance(2)
    assert ActiveExpiry(ks).cycle(hz=10) == 1
    assert len(db.data) == 10 * KEYS_PER_LOOP - 1


def test_swapdb_exchanges_contents_and_ttls() -> None:
    ks, clock = make()
    ks.dbs[0].set(b"a", b"0", deadline_ms=clock() + 50)
    ks.dbs[1].set(b"b", b"1")
    ks.swap(0, 1)
    assert ks.dbs[0].data == {b"b": b"1"}
    assert ks.dbs[1].data == {b"a": b"0"}
    assert ks.dbs[1].ttl_ms(b"a") == 50
    assert ks.dbs[0].index == 0  # databases keep their numbers; only contents move


class Watcher:
    """Anything with a ``watch_dirty`` flag can WATCH (a Session, in the server)."""

    watch_dirty = False


def test_mutations_mark_watchers_dirty() -> None:
    ks, clock = make()
    db = ks.dbs[0]
    watcher = Watcher()
    db.watchers[b"k"] = {watcher}
    db.set(b"other", b"x")
    assert watcher.watch_dirty is False
    db.set(b"k", b"x")
    assert watcher.watch_dirty is True
    for change in (
        lambda: db.delete(b"k"),
        lambda: db.set_deadline(b"k", clock() + 5),
        lambda: db.flush(),
    ):
        db.set(b"k", b"x")
        watcher.watch_dirty = False
        change()
        assert watcher.watch_dirty is True


def test_flushall_counts_every_database() -> None:
    ks, _ = make()
    ks.dbs[0].set(b"a", b"1")
    ks.dbs[3].set(b"b", b"2")
    assert ks.key_count() == 2
    assert ks.flushall() == 2
    assert ks.key_count() == 0


def test_idle_time_counts_from_the_last_read_or_write() -> None:
    ks, clock = make()
    db = ks.dbs[0]
    db.set(b"k", b"v")
    clock.advance(5_500)
    ks.snapshot()
    assert db.peek(b"k") == b"v"  # peeking does not touch
    assert db.idle_ms(b"k") == 5_500
    assert db.lookup(b"k") == b"v"  # a read touches
    assert db.idle_ms(b"k") == 0
    db.delete(b"k")
    assert db.accessed == {}  # nothing left behind for a deleted key
