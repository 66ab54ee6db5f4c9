"""The Redis set value: an unordered collection of distinct byte strings.

A set answers "is this a member?" in O(1), adds and removes in O(1), and can hand out a
*random* member in O(1) -- ``SPOP`` and ``SRANDMEMBER`` are what sets are often used for
(draw a winner, sample a population, pop a job without caring which).

**How Redis 7.0 stores a set: two encodings** (``OBJECT ENCODING`` names them):

- ``intset``: while every member is a canonical 64-bit integer (``"12"``, ``"-7"``; not
  ``"012"``, ``"+1"`` or ``"-0"``) and there are at most ``set-max-intset-entries`` (512) of
  them, Redis keeps a *sorted array of integers*. Members then come back in ascending numeric
  order, from SMEMBERS, SSCAN and every other command that walks the set;
- ``hashtable``: as soon as a non-integer member is added, or the count goes past the limit, the
  set becomes a hash table for good -- Redis never converts back, even if the set shrinks
  again -- and members come back in hash order, which is effectively random.

A new set starts as an intset (``setTypeCreate``), so whether it stays one depends only on what
is added; sets built by SINTERSTORE, SUNIONSTORE, SDIFFSTORE and SMOVE follow the same rule.
(Redis 7.2 added a third, ``listpack``, encoding for small sets of strings; 7.0 has none.)

**How miniredis stores it.** :class:`RSet` keeps the members in a list (``items``) plus a dict
from member to its position in that list (``index``). The dict gives O(1) membership and
removal, the list gives O(1) random picks; a removal moves the last member into the freed slot.
``intset`` is a flag that follows Redis's conversion rule exactly, so ``OBJECT ENCODING`` says
what Redis would say. Order, decided to make replies comparable byte for byte:

- an RSet in intset mode answers in ascending numeric order, as Redis does (sorted lazily and
  cached until the next change);
- a hashtable-mode RSet answers in its own order (insertion order, perturbed by removals).
  Redis's order there is its hash order; nobody can rely on it, and tests compare such
  replies as sets.

**A key never holds an empty set**: the command that removes the last member deletes the key.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from typing import Any

from miniredis.keyspace.db import WRONGTYPE, Database
from miniredis.keyspace.scan import ScanState

_random = random.random
# t_set.c setTypeAdd: "limit to 1G entries due to intset internals"
INTSET_HARD_LIMIT = 1 << 30
_INTEGER = re.compile(rb"-?[1-9][0-9]{0,18}\Z|0\Z")


def is_int(member: bytes) -> bool:
    """Can an intset hold ``member``? string2ll's canonical signed 64-bit integers only.

    (``commands.args.is_int`` answers the same; it is not imported here because the command
    modules import this one.)
    """
    return _INTEGER.match(member) is not None and -(2**63) <= int(member) < 2**63


def intset_limit(config: Any) -> int:
    """The largest number of members an intset may have under ``config``."""
    return min(config.set_max_intset_entries, INTSET_HARD_LIMIT)


def fits_intset(members: list[bytes], limit: int) -> bool:
    """Would a set of exactly these members, built from scratch, be an intset?"""
    return len(members) <= limit and all(map(is_int, members))


def numeric_order(members: list[bytes]) -> list[bytes]:
    """Integers as an intset holds them: ascending by value (every member is canonical)."""
    return sorted(members, key=int)


class RSet:
    """A set value. ``index`` maps member -> position in ``items``; ``intset`` is the encoding."""

    __slots__ = ("_scan", "_sorted", "index", "intset", "items")
    redis_type = "set"

    def __init__(self) -> None:
        self.index: dict[bytes, int] = {}
        self.items: list[bytes] = []
        self.intset = True
        self._sorted: list[bytes] | None = None  # intset order, cached until the next change
        self._scan: ScanState | None = None

    @classmethod
    def of(cls, members: Iterable[bytes], limit: int) -> RSet:
        """A new set of ``members``, encoded as Redis encodes a set built by adding them."""
        rset = cls()
        rset.add_many(members, limit)
        return rset

    def __len__(self) -> int:
        return len(self.items)

    def __contains__(self, member: object) -> bool:
        return member in self.index

    def __repr__(self) -> str:
        return f"RSet({self.ordered()!r}, intset={self.intset})"

    # --- copying (COPY) -----------------------------------------------------------------
    def copy(self) -> RSet:
        """COPY's duplicate: same members, same encoding (setTypeDup keeps it)."""
        duplicate = RSet()
        duplicate.index = dict(self.index)
        duplicate.items = list(self.items)
        duplicate.intset = self.intset
        return duplicate

    def __deepcopy__(self, memo: dict[int, Any]) -> RSet:
        return self.copy()

    def object_encoding(self, config: Any) -> bytes:
        """OBJECT ENCODING: ``intset`` or ``hashtable`` (decided when members were added)."""
        return b"intset" if self.intset else b"hashtable"

    # --- reading ------------------------------------------------------------------------
    def ordered(self) -> list[bytes]:
        """The members in the order Redis would walk them (see the module docstring).

        Read-only: the returned list may be the set's own storage.
        """
        if not self.intset:
            return self.items
        if self._sorted is None:
            self._sorted = numeric_order(self.items)
        return self._sorted

    def random_member(self) -> bytes:
        items = self.items
        return items[int(_random() * len(items))]

    def scan_state(self) -> ScanState:
        """The SSCAN cursor snapshot of this set (created on first use)."""
        if self._scan is None:
            self._scan = ScanState()
        return self._scan

    # --- changing -----------------------------------------------------------------------
    def add_many(self, members: Iterable[bytes], limit: int) -> int:
        """Add each new member; returns how many were new (setTypeAdd, one by one).

        ``limit`` is the intset size limit (:func:`intset_limit`): an intset that would grow
        past it, or that meets a member that is not an integer, becomes a hashtable.
        """
        index, items = self.index, self.items
        added = 0
        if self.intset:
            for member in members:
                if member in index:
                    continue
                if self.intset and (len(items) >= limit or not is_int(member)):
                    self.intset = False
                index[member] = len(items)
                items.append(member)
                added += 1
            if added:
                self._sorted = None
            return added
        for member in members:
            if member not in index:
                index[member] = len(items)
                items.append(member)
                added += 1
        return added

    def remove(self, member: bytes) -> bool:
        """Remove ``member``; False if it was not there. The last member fills the hole."""
        position = self.index.pop(member, None)
        if position is None:
            return False
        self._remove_at(position)
        return True

    def _remove_at(self, position: int) -> None:
        items = self.items
        last = items.pop()
        if position < len(items):
            items[position] = last
            self.index[last] = position
        self._sorted = None

    def pop_random(self) -> bytes:
        """Remove and return one member chosen uniformly at random."""
        position = int(_random() * len(self.items))
        member = self.items[position]
        del self.index[member]
        self._remove_at(position)
        return member

    def pop_sample(self, count: int) -> list[bytes]:
        """Remove ``count`` (< size) distinct random members; returned in random order."""
        chosen = random.sample(self.items, count)
        for member in chosen:
            self.remove(member)
        return chosen

    def reencode(self, limit: int) -> None:
        """Rebuild the encoding from the members alone, as for a set created anew."""
        self.intset = fits_intset(self.items, limit)
        self._sorted = None


def lookup_set(db: Database, key: bytes) -> RSet | None:
    """The set at ``key``, None if the key is missing; ``WRONGTYPE`` for any other type."""
    value = db.lookup(key)
    if value is None or type(value) is RSet:
        return value
    raise WRONGTYPE


def after_change(db: Database, key: bytes, rset: RSet) -> None:
    """After changing a stored set in place: delete the key if the set is now empty (a key
    never holds an empty set), else tell the sessions WATCHing it (signalModifiedKey)."""
    if not rset.items:
        db.delete(key)
    elif db.watchers:
        db.touch(key)
