"""The Redis sorted set value: unique members, each with a score, kept in score order.

A sorted set answers two kinds of question fast: "what is the score of ``m``?" (a dictionary
lookup) and "which members rank 10 to 20, or score between 1 and 5?" (an ordered index).
Redis keeps both: a hash table member -> score and a *skiplist* ordered by ``(score, member)``,
whose nodes know their span so that reaching rank ``i`` costs O(log n). :class:`ZSet` has the
same two halves: ``scores``, a ``dict``, and ``order``, a ``sortedcontainers.SortedList`` of
``(score, member)`` tuples, which gives O(log n) insertion, removal, rank (``bisect``) and
positional access.

**Order.** Members are ordered by score, and members with equal scores by their bytes
(``memcmp``), which is exactly how Python compares ``(float, bytes)`` tuples. ``-0.0`` and
``0.0`` compare equal, as in C.

**Encodings.** A small sorted set lives in a *listpack* (one flat array) and is converted to a
skiplist once it holds more than ``zset-max-listpack-entries`` members or a member longer than
``zset-max-listpack-value`` bytes; it is never converted back (only a store command that builds
a new set picks its encoding from the final size). The ``big`` flag records the conversion for
OBJECT ENCODING, and it shows in two more places, as in Redis: a listpack stores scores as text
in which ``-0`` becomes ``0``, and ZSCAN returns a listpack set whole, in order, in one call.

**Ranges** (see :class:`ScoreRange`, :class:`LexRange`): ``(`` makes a score bound exclusive,
``-inf``/``+inf`` are the ends; lexicographic bounds are ``[x`` (inclusive), ``(x`` (exclusive),
``-`` and ``+``. A lex range assumes every member has the same score, as Redis's does.

A key never holds an empty sorted set: the command that removes the last member deletes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sortedcontainers import SortedList

from miniredis import errors
from miniredis.commands.args import parse_float
from miniredis.errors import CommandError
from miniredis.keyspace.db import WRONGTYPE, Database
from miniredis.keyspace.scan import ScanState

_NOT_FLOAT_RANGE = CommandError(errors.ZSET_MIN_MAX_NOT_FLOAT)
_NOT_LEX_RANGE = CommandError(errors.ZSET_MIN_MAX_NOT_LEX)


class _Top:
    """Sorts after every ``bytes``: ``(score, TOP)`` is just past the last member of ``score``."""

    __slots__ = ()

    def __lt__(self, other: object) -> bool:
        return False

    def __gt__(self, other: object) -> bool:
        return other is not self


_TOP = _Top()


class ZSet:
    """A sorted set value: ``scores`` (member -> score) and ``order`` (sorted (score, member))."""

    __slots__ = ("_scan", "big", "order", "scores")
    redis_type = "zset"

    def __init__(self, big: bool = False) -> None:
        self.scores: dict[bytes, float] = {}
        self.order: SortedList = SortedList()
        self.big = big  # converted to a skiplist (see the module docstring)
        self._scan: ScanState | None = None

    @classmethod
    def built(cls, pairs: dict[bytes, float], config: Any) -> ZSet:
        """A set built whole by a store command (ZUNIONSTORE, ZRANGESTORE...): its encoding
        follows from its final size and longest member (zsetConvertToListpackIfNeeded)."""
        zset = cls()
        zset.big = len(pairs) > config.zset_max_listpack_entries or (
            max(map(len, pairs), default=0) > config.zset_max_listpack_value
        )
        if not zset.big:
            pairs = {member: score or 0.0 for member, score in pairs.items()}  # -0 -> 0
        zset.scores = pairs
        zset.order = SortedList(zip(pairs.values(), pairs, strict=True))
        return zset

    def __len__(self) -> int:
        return len(self.scores)

    def __repr__(self) -> str:
        return f"ZSet({list(self.order)!r}, big={self.big})"

    # --- copying (COPY) and OBJECT ENCODING ---------------------------------------------
    def copy(self) -> ZSet:
        """COPY's duplicate: same members and scores, same encoding (zsetDup keeps it)."""
        duplicate = ZSet(self.big)
        duplicate.scores = dict(self.scores)
        duplicate.order = self.order.copy()
        return duplicate

    def __deepcopy__(self, memo: dict[int, Any]) -> ZSet:
        return self.copy()

    def object_encoding(self, config: Any) -> bytes:
        """OBJECT ENCODING: ``listpack`` until converted, then ``skiplist`` for good."""
        return b"skiplist" if self.big else b"listpack"

    def scan_state(self) -> ScanState:
        """The ZSCAN cursor snapshot of this set (created on first use)."""
        if self._scan is None:
            self._scan = ScanState()
        return self._scan

    # --- changing -----------------------------------------------------------------------
    def grow_check(self, member: bytes, config: Any) -> None:
        """Before adding a new member: convert to a skiplist if the listpack would exceed
        ``zset-max-listpack-entries`` or the member is longer than ``...-value`` (zsetAdd)."""
        if not self.big and (
            len(self.scores) >= config.zset_max_listpack_entries
            or len(member) > config.zset_max_listpack_value
        ):
            self.big = True

    def put(self, member: bytes, score: float) -> None:
        """Insert ``member`` or move it to ``score``."""
        if not self.big and score == 0.0:
            score = 0.0  # a listpack stores the score as text: -0 is written "0"
        old = self.scores.get(member)
        if old is not None:
            self.order.remove((old, member))
        self.scores[member] = score
        self.order.add((score, member))

    def remove(self, member: bytes) -> bool:
        """Remove ``member``; False if it was not there."""
        score = self.scores.pop(member, None)
        if score is None:
            return False
        self.order.remove((score, member))
        return True

    def remove_span(self, lo: int, hi: int) -> int:
        """Remove the members of ranks ``lo`` .. ``hi - 1``; returns how many."""
        if hi <= lo:
            return 0
        scores = self.scores
        for _, member in self.order.islice(lo, hi):
            del scores[member]
        del self.order[lo:hi]
        return hi - lo

    def pop(self, count: int, max_first: bool) -> list[tuple[bytes, float]]:
        """Remove up to ``count`` members from the low end (or the high end when
        ``max_first``), returned as (member, score) in popping order."""
        order = self.order
        count = min(count, len(order))
        if max_first:
            taken = list(order.islice(len(order) - count, len(order), reverse=True))
            del order[len(order) - count :]
        else:
            taken = list(order.islice(0, count))
            del order[:count]
        scores = self.scores
        for _, member in taken:
            del scores[member]
        return [(member, score) for score, member in taken]

    # --- reading ------------------------------------------------------------------------
    def rank(self, member: bytes) -> int | None:
        """0-based rank in ascending order, None when ``member`` is absent."""
        score = self.scores.get(member)
        if score is None:
            return None
        return self.order.bisect_left((score, member))

    def pairs(self, lo: int, hi: int, reverse: bool = False) -> Iterator[tuple[float, bytes]]:
        """(score, member) of ranks ``lo`` .. ``hi - 1``, ascending (descending if ``reverse``)."""
        return self.order.islice(lo, hi, reverse=reverse)

    def score_span(self, spec: ScoreRange) -> tuple[int, int]:
        """Ranks ``[lo, hi)`` of the members whose score is inside ``spec``."""
        order = self.order
        if spec.min_ex:
            lo = order.bisect_right((spec.min, _TOP))
        else:
            lo = order.bisect_left((spec.min, b""))
        if spec.max_ex:
            hi = order.bisect_left((spec.max, b""))
        else:
            hi = order.bisect_right((spec.max, _TOP))
        return lo, max(lo, hi)

    def lex_span(self, spec: LexRange) -> tuple[int, int]:
        """Ranks ``[lo, hi)`` of the members inside the lex range ``spec``.

        Like Redis, this assumes equal scores: it searches for the first member not below
        the minimum and then for the first one past the maximum. When every score is the same
        (the normal case) both are one bisection of ``order``.
        """
        order = self.order
        n = len(order)
        if n == 0:
            return 0, 0
        if order[0][0] == order[-1][0]:
            score = order[0][0]
            lo = _lex_bisect_min(order, score, spec)
            hi = _lex_bisect_max(order, score, spec)
            return lo, max(lo, hi)
        lo = _first_false(n, lambda i: not spec.gte_min(order[i][1]), 0)
        hi = _first_false(n, lambda i: spec.lte_max(order[i][1]), lo)
        return lo, hi


def _first_false(n: int, pred: Any, lo: int) -> int:
    """The first index in ``[lo, n)`` where ``pred`` is false (``pred`` true, then false)."""
    hi = n
    while lo < hi:
        mid = (lo + hi) // 2
        if pred(mid):
            lo = mid + 1
        else:
            hi = mid
    return lo


def _lex_bisect_min(order: SortedList, score: float, spec: LexRange) -> int:
    if spec.min is None:
        return 0 if spec.min_ex is False else len(order)  # "-" or "+"
    if spec.min_ex:
        return order.bisect_right((score, spec.min))
    return order.bisect_left((score, spec.min))


def _lex_bisect_max(order: SortedList, score: float, spec: LexRange) -> int:
    if spec.max is None:
        return len(order) if spec.max_ex is False else 0  # "+" or "-"
    if spec.max_ex:
        return order.bisect_left((score, spec.max))
    return order.bisect_right((score, spec.max))


# --- looking up ------------------------------------------------------------------------------
def lookup_zset(db: Database, key: bytes) -> ZSet | None:
    """The sorted set at ``key``, None if the key is missing; ``WRONGTYPE`` for any other type."""
    value = db.lookup(key)
    if value is None or type(value) is ZSet:
        return value
    raise WRONGTYPE


def after_change(db: Database, key: bytes, zset: ZSet) -> None:
    """After changing a stored sorted set in place: delete the key if it is now empty, else
    tell the sessions WATCHing it (signalModifiedKey)."""
    if not zset.scores:
        db.delete(key)
    elif db.watchers:
        db.touch(key)


def store(db: Database, key: bytes, pairs: dict[bytes, float], config: Any) -> int:
    """A store command's end: ``key`` becomes a new set of ``pairs`` (any old value and TTL
    go), or is deleted when there are none. Returns the new size."""
    if not pairs:
        db.delete(key)
        return 0
    db.set(key, ZSet.built(pairs, config))
    return len(pairs)


def with_scores(pairs: Iterable[tuple[float, bytes]], protocol: int) -> list[Any]:
    """WITHSCORES replies: ``[m1, s1, m2, s2...]`` in RESP2, ``[[m1, s1], [m2, s2]...]`` in
    RESP3 (scores are doubles there; the encoder writes them as bulk strings in RESP2)."""
    if protocol == 3:
        return [[member, score] for score, member in pairs]
    flat: list[Any] = []
    for score, member in pairs:
        flat += (member, score)
    return flat


# --- range specifications -------------------------------------------------------------------
_C_SPACE = b" \t\n\v\f\r"


def _range_float(text: bytes) -> float:
    """One score bound as ``zslParseRange`` reads it: ``strtod`` on a C string.

    Unlike a score argument, leading white space is skipped, the empty string is 0, and a
    value out of the double range is simply infinite (or 0): errno is not checked.
    """
    text = text.split(b"\0", 1)[0]
    if not text:
        return 0.0
    body = text.lstrip(_C_SPACE)
    try:
        return parse_float(body, allow_range_error=True)
    except CommandError:
        raise _NOT_FLOAT_RANGE from None


class ScoreRange:
    """``min max`` of ZRANGEBYSCORE, ZCOUNT...: two doubles, each maybe exclusive (``(``)."""

    __slots__ = ("max", "max_ex", "min", "min_ex")

    def __init__(self, low: bytes, high: bytes) -> None:
        self.min_ex = low[:1] == b"("
        self.max_ex = high[:1] == b"("
        self.min = _range_float(low[1:] if self.min_ex else low)
        self.max = _range_float(high[1:] if self.max_ex else high)


class LexRange:
    """``min max`` of ZRANGEBYLEX, ZLEXCOUNT...: ``[x``, ``(x``, ``-`` or ``+`` each.

    ``min``/``max`` hold the bytes of a bound, or None for ``-``/``+``; for those ``*_ex``
    says which: False means the open end on that side (``-`` for min, ``+`` for max), True
    the opposite end, which nothing can pass (``+`` as min, ``-`` as max).
    """

    __slots__ = ("max", "max_ex", "min", "min_ex")

    def __init__(self, low: bytes, high: bytes) -> None:
        self.min, self.min_ex = _lex_item(low, b"-")
        self.max, self.max_ex = _lex_item(high, b"+")

    def gte_min(self, member: bytes) -> bool:
        if self.min is None:
            return not self.min_ex
        return member > self.min if self.min_ex else member >= self.min

    def lte_max(self, member: bytes) -> bool:
        if self.max is None:
            return not self.max_ex
        return member < self.max if self.max_ex else member <= self.max


def _lex_item(item: bytes, open_end: bytes) -> tuple[bytes | None, bool]:
    """zslParseLexRangeItem: ``+``/``-`` alone, or ``[``/``(`` followed by the bound."""
    first = item[:1]
    if first in (b"+", b"-"):
        if len(item) != 1:
            raise _NOT_LEX_RANGE
        return None, first != open_end
    if first == b"[":
        return item[1:], False
    if first == b"(":
        return item[1:], True
    raise _NOT_LEX_RANGE
