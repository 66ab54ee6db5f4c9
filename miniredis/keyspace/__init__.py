"""The keyspace: Redis's numbered databases, and the clock they judge expiry by.

Redis has ``databases`` (default 16) independent key -> value dictionaries; a client picks one
with ``SELECT`` and ``SWAPDB`` exchanges two of them under every client's feet. Each
``Database`` (``db.py``) holds the keys and their expiry times; ``expiry.py`` removes expired
keys in the background; ``clock.py`` says what "now" is.
"""

from __future__ import annotations

from miniredis.keyspace.clock import Clock, ManualClock, system_clock
from miniredis.keyspace.db import Database

__all__ = ["Clock", "Database", "Keyspace", "ManualClock", "system_clock"]


class Keyspace:
    """All databases of one server, plus the per-command time snapshot."""

    def __init__(self, databases: int = 16, clock: Clock = system_clock) -> None:
        self.clock = clock
        # The real clock: the dispatcher may then derive now_ms from its own time() reading.
        self.wall_clock = clock is system_clock
        self.now_ms: int = clock()
        self.dbs: list[Database] = [Database(i, self) for i in range(databases)]

    def snapshot(self) -> int:
        """Read the clock once; commands judge expiry against this instant (server.c)."""
        self.now_ms = now = self.clock()
        return now

    def swap(self, a: int, b: int) -> None:
        """SWAPDB: exchange the contents of two databases (clients stay on their index)."""
        self.dbs[a].swap_contents(self.dbs[b])

    def flushall(self) -> int:
        """Empty every database; returns how many keys were removed."""
        return sum(db.flush() for db in self.dbs)

    def key_count(self) -> int:
        """Total keys in all databases (expired-but-not-yet-removed keys included, as Redis)."""
        return sum(len(db.data) for db in self.dbs)
