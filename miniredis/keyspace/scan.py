"""Cursor iteration over a dictionary that keeps changing: the engine behind SCAN.

SCAN hands the client a *cursor*, an opaque unsigned 64-bit number; the client passes it
back to get the next batch, and the iteration is over when the server answers cursor 0.
Between two calls other clients may add and delete keys, and the table may grow or shrink.
Redis promises (``dictScan`` in ``dict.c``):

1. every element present from the start to the end of a full iteration is returned;
2. an element may be returned more than once only if the table was resized meanwhile;
3. elements added or removed during the iteration may or may not be returned.

Redis gets this from its hash-table layout: the cursor is a bucket index with its bits
reversed, so growing or shrinking the table never moves an unvisited bucket behind it.

A Python ``dict`` has no buckets to walk, so miniredis orders keys by their ``hash()`` value
instead, which never changes while a key exists. The cursor is a position in that hash space
(``hash + 2**63``, so it is never negative): a call returns the next ``count`` keys whose hash
is at or after the cursor, and the new cursor is just past the last hash returned. Keys are
found through a *snapshot*, the dictionary's keys sorted by hash:

- the snapshot is rebuilt whenever an iteration starts (cursor 0). It is therefore never
  older than the start of any iteration in progress, so it holds every key that has been
  present since that iteration began -- promise 1;
- the cursor only moves forward through hash space, so no key is returned twice in one
  iteration, even across rebuilds (stronger than promise 2);
- keys deleted since the snapshot are skipped (checked against the live dictionary), and keys
  added after it are returned only if a later rebuild, started by another client, sees them.

The cost: starting an iteration is O(N log N) (in C, via ``sorted``), and each call after that
is O(log N + count). A dictionary no larger than ``count`` is returned whole in one call, with
no snapshot at all, as Redis does for small tables. Cursors are meaningful only within one
server process, exactly like Redis's.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable, Mapping
from typing import Any

OFFSET = 1 << 63  # hash() is a signed 64-bit value; cursors are unsigned


class ScanState:
    """The snapshot one dictionary's SCAN cursors refer to. Keep one per scanned dictionary."""

    __slots__ = ("_hashes", "_keys", "_source")

    def __init__(self) -> None:
        self._source: Mapping[Any, Any] | None = None
        self._keys: list[Hashable] = []
        self._hashes: list[int] = []

    def _rebuild(self, mapping: Mapping[Any, Any]) -> None:
        self._keys = sorted(mapping, key=hash)
        self._hashes = list(map(hash, self._keys))
        self._source = mapping

    def _drop(self) -> None:
        self._source = None
        self._keys = []
        self._hashes = []

    def step(self, mapping: Mapping[Any, Any], cursor: int, count: int) -> tuple[int, list[Any]]:
        """Up to ``count`` keys of ``mapping`` from ``cursor`` on, and the next cursor (0: done).

        A few more than ``count`` come back when several keys share the last hash value,
        so the cursor can move past it. The caller filters (MATCH, TYPE, expired keys).
        """
        if cursor == 0 and len(mapping) <= count:
            return 0, list(mapping)
        if cursor == 0 or self._source is not mapping:
            self._rebuild(mapping)
        keys, hashes = self._keys, self._hashes
        total = len(keys)
        i = bisect_left(hashes, cursor - OFFSET)
        found: list[Any] = []
        while i < total and len(found) < count:
            if keys[i] in mapping:
                found.append(keys[i])
            i += 1
        while 0 < i < total and hashes[i] == hashes[i - 1]:
            if keys[i] in mapping:
                found.append(keys[i])
            i += 1
        if i >= total or hashes[i - 1] + 1 + OFFSET >= 1 << 64:
            self._drop()
            return 0, found
        return hashes[i - 1] + 1 + OFFSET, found
