"""One Redis database: a dictionary of keys, a dictionary of expiry times, lazy expiry.

Redis's ``redisDb`` (``server.h``) is two hash tables: ``dict`` maps every key to its value and
``expires`` maps the keys that have a time to live to their deadline, in milliseconds since the
epoch. miniredis keeps exactly that shape:

- ``data``: ``bytes`` key -> value. A string is ``bytes``; other types bring their own classes.
- ``expires``: ``bytes`` key -> deadline in ms. Only keys with a TTL are in it.

**Lazy expiry** (``expireIfNeeded`` in ``db.c``): an expired key is not removed the moment its
deadline passes. It is removed when a command looks it up, or when the active cycle
(``expiry.py``) samples it. Every read here goes through ``lookup()``, which does that check
against the keyspace's per-command time snapshot, so a command never sees an expired key.

**WATCH**: a client that WATCHes a key must learn if anyone changes it before its EXEC. Every
mutation path here calls ``touch()``, which marks the watching sessions dirty (Redis's
``signalModifiedKey`` -> ``touchWatchedKey``). Commands that change a value *in place* (a list
push) call ``touch()`` themselves.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from miniredis import errors
from miniredis.errors import CommandError

if TYPE_CHECKING:
    from miniredis.keyspace import Keyspace

WRONGTYPE = CommandError(errors.WRONGTYPE)


class Database:
    """A numbered database: keys, their deadlines, and who is WATCHing them."""

    __slots__ = ("accessed", "data", "expired_keys", "expires", "index", "keyspace", "watchers")

    def __init__(self, index: int, keyspace: Keyspace) -> None:
        self.index = index
        self.keyspace = keyspace
        self.data: dict[bytes, Any] = {}
        self.expires: dict[bytes, int] = {}
        # key -> ms of its last read or write: Redis keeps this in each object's LRU field
        self.accessed: dict[bytes, int] = {}
        # key -> set of sessions WATCHing it (anything with a ``watch_dirty`` attribute)
        self.watchers: dict[bytes, set[Any]] = {}
        self.expired_keys = 0  # INFO stats: expired_keys

    # --- reading ------------------------------------------------------------------------
    def lookup(self, key: bytes) -> Any:
        """The live value of ``key``, or None. Removes the key first if it has expired.

        A found key is *touched*: its last-access time (OBJECT IDLETIME) becomes now, as
        Redis's lookupKey updates the object's LRU clock.
        """
        value = self.data.get(key)
        if value is not None:
            now = self.keyspace.now_ms
            if self.expires:
                deadline = self.expires.get(key)
                if deadline is not None and deadline <= now:
                    self.expire_now(key)
                    return None
            self.accessed[key] = now
        return value

    def peek(self, key: bytes) -> Any:
        """Like ``lookup`` but without touching the key (Redis's ``LOOKUP_NOTOUCH``)."""
        value = self.data.get(key)
        if value is not None and self.expires:
            deadline = self.expires.get(key)
            if deadline is not None and deadline <= self.keyspace.now_ms:
                self.expire_now(key)
                return None
        return value

    def idle_ms(self, key: bytes) -> int:
        """Milliseconds since ``key`` was last read or written (OBJECT IDLETIME)."""
        now = self.keyspace.now_ms
        return now - self.accessed.get(key, now)

    def get_string(self, key: bytes) -> bytes | None:
        """The string at ``key``, None if missing; WRONGTYPE if it holds another type."""
        value = self.lookup(key)
        if value is None or type(value) is bytes:
            return value
        raise WRONGTYPE

    def exists(self, key: bytes) -> bool:
        return self.lookup(key) is not None

    def ttl_ms(self, key: bytes) -> int | None:
        """Milliseconds left; None when the key has no TTL. Caller checks existence first."""
        deadline = self.expires.get(key)
        return None if deadline is None else deadline - self.keyspace.now_ms

    def live_keys(self) -> Iterator[bytes]:
        """Every key that has not expired (expired ones are skipped, not removed)."""
        now = self.keyspace.now_ms
        expires = self.expires
        for key in list(self.data):
            deadline = expires.get(key)
            if deadline is None or deadline > now:
                yield key

    def __len__(self) -> int:
        return len(self.data)

    # --- writing ------------------------------------------------------------------------
    def set(
        self, key: bytes, value: Any, deadline_ms: int | None = None, keepttl: bool = False
    ) -> None:
        """Store ``value``; the old TTL is dropped unless ``keepttl`` (Redis's setKey)."""
        self.data[key] = value
        self.accessed[key] = self.keyspace.now_ms
        if deadline_ms is not None:
            self.expires[key] = deadline_ms
        elif not keepttl and self.expires:
            self.expires.pop(key, None)
        if self.watchers:
            self.touch(key)

    def set_many(self, keys: Sequence[bytes], values: Sequence[Any]) -> None:
        """``set`` for each key and value in turn (MSET), with the loops in C: a key given
        twice keeps its last value. TTLs are dropped, WATCHers told, as ``set`` does."""
        self.data.update(zip(keys, values, strict=True))
        self.accessed.update(dict.fromkeys(keys, self.keyspace.now_ms))
        if self.expires:
            for key in keys:
                self.expires.pop(key, None)
        if self.watchers:
            for key in keys:
                self.touch(key)

    def delete(self, key: bytes) -> bool:
        """Remove a *live* key; True if it existed (an expired key counts as missing)."""
        if self.lookup(key) is None:
            return False
        del self.data[key]
        self.expires.pop(key, None)
        self.accessed.pop(key, None)
        if self.watchers:
            self.touch(key)
        return True

    def set_deadline(self, key: bytes, deadline_ms: int) -> None:
        """Give an existing key a deadline (EXPIRE and friends)."""
        self.expires[key] = deadline_ms
        if self.watchers:
            self.touch(key)

    def persist(self, key: bytes) -> bool:
        """Remove the deadline; True if there was one."""
        if self.expires.pop(key, None) is None:
            return False
        if self.watchers:
            self.touch(key)
        return True

    def expire_now(self, key: bytes) -> None:
        """Remove a key whose deadline has passed (lazy or active expiry)."""
        self.data.pop(key, None)
        self.expires.pop(key, None)
        self.accessed.pop(key, None)
        self.expired_keys += 1
        if self.watchers:
            self.touch(key)

    def flush(self) -> int:
        """Remove every key (FLUSHDB); returns how many there were."""
        count = len(self.data)
        if self.watchers:
            for key in list(self.data):
                self.touch(key)
        self.data.clear()
        self.expires.clear()
        self.accessed.clear()
        return count

    def swap_contents(self, other: Database) -> None:
        """SWAPDB: exchange keys and deadlines; watchers of both sides are told."""
        for db in (self, other):
            for key in list(db.watchers):
                if key in self.data or key in other.data:
                    db.touch(key)
        self.data, other.data = other.data, self.data
        self.expires, other.expires = other.expires, self.expires
        self.accessed, other.accessed = other.accessed, self.accessed

    # --- WATCH --------------------------------------------------------------------------
    def touch(self, key: bytes) -> None:
        """Mark every session WATCHing ``key`` as dirty, so its EXEC aborts (multi.c)."""
        sessions = self.watchers.get(key)
        if sessions:
            for session in sessions:
                session.watch_dirty = True
