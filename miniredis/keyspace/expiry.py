"""Active expiry: remove expired keys nobody reads, without stalling the server.

Lazy expiry (``db.lookup``) only removes keys that are looked up. A key written with a TTL and
never read again would stay in memory forever, so Redis also runs ``activeExpireCycle``
(``expire.c``) ``hz`` times a second. Its rules, which this module follows:

1. Walk each database's ``expires`` table with a persistent cursor, ``KEYS_PER_LOOP`` (20)
   keys at a time, removing the ones whose deadline has passed.
2. If more than ``ACCEPTABLE_STALE`` (10%) of a batch had expired, there are probably many more:
   do another batch at once.
3. Never spend more than ``TIME_PERCENT`` (25%) of each ``1/hz`` second doing it, so clients
   are never starved. The next cycle resumes where the cursor stopped.

Python dicts have no bucket cursor, so the cursor walks a snapshot of the keys that is rebuilt
when it runs out: each key is visited once per full pass, amortised O(1) per key checked.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from miniredis.keyspace import Keyspace
    from miniredis.keyspace.db import Database

KEYS_PER_LOOP = 20  # ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP
ACCEPTABLE_STALE = 10  # ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE, percent
TIME_PERCENT = 25  # ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC, percent of each 1/hz period


class ActiveExpiry:
    """The cursor state of the active expire cycle for one keyspace."""

    def __init__(self, keyspace: Keyspace) -> None:
        self.keyspace = keyspace
        self._cursors: dict[int, tuple[list[bytes], int]] = {}

    def cycle(self, hz: int) -> int:
        """Run one bounded cycle over every database; returns how many keys were removed."""
        budget_s = (TIME_PERCENT / 100) / max(hz, 1)
        deadline = time.perf_counter() + budget_s
        self.keyspace.snapshot()
        removed = 0
        for db in self.keyspace.dbs:
            if db.expires:
                removed += self._expire_db(db, deadline)
            if time.perf_counter() >= deadline:
                break
        return removed

    def _expire_db(self, db: Database, deadline: float) -> int:
        removed = 0
        now = self.keyspace.now_ms
        keys, pos = self._cursors.get(db.index, ([], 0))
        while True:
            if pos >= len(keys):
                keys, pos = list(db.expires), 0
                if not keys:
                    break
            batch = keys[pos : pos + KEYS_PER_LOOP]
            pos += len(batch)
            stale = 0
            for key in batch:
                when = db.expires.get(key)
                if when is not None and when <= now:
                    db.expire_now(key)
                    stale += 1
            removed += stale
            if stale * 100 <= len(batch) * ACCEPTABLE_STALE or time.perf_counter() >= deadline:
                break
        self._cursors[db.index] = (keys, pos)
        return removed
