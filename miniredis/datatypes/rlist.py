"""The Redis list value: an ordered sequence of byte strings, cheap at both ends.

Redis stores a list as a *quicklist*: a doubly linked list of small packed arrays (listpacks),
so pushing or popping at either end is O(1) and reaching element ``i`` costs a walk from the
nearer end. Python's ``collections.deque`` has the same shape -- a doubly linked list of
64-slot blocks -- and the same costs, so :class:`RList` is a ``deque`` of ``bytes`` with the
few operations Redis needs on top.

Two rules every list command keeps, as Redis does:

- **A key never holds an empty list.** The command that removes the last element deletes the
  key (``LPOP``, ``LREM``, ``LTRIM``, ``LMOVE``...), so ``EXISTS`` says 0 and ``TYPE`` says
  ``none`` afterwards.
- **Indexes may be negative.** ``-1`` is the last element, ``-2`` the one before; a range is
  clamped to the list, and a range that ends up empty is simply empty (see :func:`clamp_range`).
"""

from __future__ import annotations

from collections import deque
from itertools import islice
from typing import Any

from miniredis.keyspace.db import WRONGTYPE, Database


class RList(deque):  # type: ignore[type-arg]  # a deque of bytes
    """A list value. ``appendleft``/``append``/``popleft``/``pop`` are LPUSH/RPUSH/LPOP/RPOP."""

    __slots__ = ()
    redis_type = "list"

    def __deepcopy__(self, memo: dict[int, Any]) -> RList:
        """COPY: a new list of the same elements (bytes are immutable, so they are shared)."""
        return RList(self)

    def copy(self) -> RList:
        return RList(self)

    def object_encoding(self, config: Any) -> bytes:
        """OBJECT ENCODING: Redis 7.0 stores every list as a ``quicklist`` (7.2 added small
        ``listpack`` lists), whatever its size and ``list-max-listpack-size``."""
        return b"quicklist"

    def slice(self, start: int, stop: int) -> list[bytes]:
        """Elements ``start..stop`` inclusive, both already clamped by :func:`clamp_range`.

        Walks from the nearer end, like Redis's quicklist iterator does.
        """
        length = len(self)
        if start <= length - 1 - stop:
            return list(islice(self, start, stop + 1))
        tail = list(islice(reversed(self), length - 1 - stop, length - start))
        tail.reverse()
        return tail

    def pop_many(self, count: int, left: bool) -> list[bytes]:
        """Up to ``count`` elements from the head (``left``) or the tail, in popping order."""
        take = self.popleft if left else self.pop
        return [take() for _ in range(min(count, len(self)))]

    def trim(self, start: int, stop: int) -> None:
        """Keep only ``start..stop`` (clamped, non-empty): LTRIM's work."""
        left, right = start, len(self) - 1 - stop
        if left + right <= stop - start + 1:
            for _ in range(right):
                self.pop()
            for _ in range(left):
                self.popleft()
        else:
            kept = list(islice(self, start, stop + 1))
            self.clear()
            self.extend(kept)

    def remove_matches(self, element: bytes, count: int) -> int:
        """LREM: remove ``count`` occurrences from the head (count > 0), from the tail
        (count < 0) or all of them (count == 0); returns how many were removed."""
        if element not in self:
            return 0
        limit = abs(count) or len(self)
        kept: list[bytes] = []
        removed = 0
        for item in reversed(self) if count < 0 else self:
            if removed < limit and item == element:
                removed += 1
            else:
                kept.append(item)
        if count < 0:
            kept.reverse()
        self.clear()
        self.extend(kept)
        return removed


def lookup_list(db: Database, key: bytes) -> RList | None:
    """The list at ``key``, None if the key is missing; ``WRONGTYPE`` for any other type."""
    value = db.lookup(key)
    if value is None or type(value) is RList:
        return value
    raise WRONGTYPE


def after_change(db: Database, key: bytes, lst: RList) -> None:
    """After changing a stored list in place: delete the key if the list is now empty (a key
    never holds an empty list), else tell the sessions WATCHing it (signalModifiedKey)."""
    if not lst:
        db.delete(key)
    elif db.watchers:
        db.touch(key)


def clamp_range(start: int, stop: int, length: int) -> tuple[int, int] | None:
    """Redis's index arithmetic for LRANGE and LTRIM (``addListRangeReply``, ``ltrimCommand``).

    Negative indexes count from the end; ``start`` below 0 becomes 0 and ``stop`` past the end
    becomes the last index. None when nothing is left: ``start > stop`` or ``start`` past the
    end. So ``0 -1`` is the whole list, ``-100 100`` too, and ``5 2`` is empty.
    """
    if start < 0:
        start += length
    if stop < 0:
        stop += length
    if start < 0:
        start = 0
    if start > stop or start >= length:
        return None
    return start, min(stop, length - 1)
