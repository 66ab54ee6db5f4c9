"""Sorted set ranges (Redis's ``t_zset.c``): ZRANGE and its older forms, ZRANGESTORE, ZREMRANGEBY*.

``ZRANGE key start stop`` reads members by *rank* (0 is the lowest score; negative ranks count
from the end, as list indexes do). Redis 6.2 folded the older commands into it:

| ZRANGE form                         | older command                       |
| ----------------------------------- | ----------------------------------- |
| ``ZRANGE k 0 -1 REV``               | ``ZREVRANGE k 0 -1``                |
| ``ZRANGE k 1 (5 BYSCORE LIMIT 0 3`` | ``ZRANGEBYSCORE k 1 (5 LIMIT 0 3``  |
| ``ZRANGE k (5 1 BYSCORE REV``       | ``ZREVRANGEBYSCORE k (5 1``         |
| ``ZRANGE k [a (c BYLEX``            | ``ZRANGEBYLEX k [a (c``             |
| ``ZRANGE k + - BYLEX REV``          | ``ZREVRANGEBYLEX k + -``            |

With REV the *first* bound of a BYSCORE/BYLEX range is the high one. ``LIMIT offset count``
pages through a BYSCORE/BYLEX range (a negative count means "all the rest", a negative offset
gives nothing); WITHSCORES adds the scores -- pairs ``[member, score]`` in RESP3.

**Order of checks** (zrangeGenericCommand, verified on redis-server 7.0.15): option words and
LIMIT's integers left to right (``syntax error``, ``value is not an integer``); then ``LIMIT is
only supported in combination with either BYSCORE or BYLEX`` -- tested as "count is not -1",
so ``LIMIT 0 -1`` passes even by rank --, then ``WITHSCORES not supported in combination with
BYLEX``; then the bounds (``min or max is not a float`` / ``not valid string range item``);
then the key's type. So a bad bound is an error even on a missing key.

ZRANGESTORE stores the selection as a new sorted set (deleting the destination when it is
empty); ZREMRANGEBYRANK/SCORE/LEX delete it from the set.
"""

from __future__ import annotations

from typing import Any

from miniredis import errors
from miniredis.commands.args import parse_int, token
from miniredis.commands.table import command
from miniredis.datatypes.rlist import clamp_range
from miniredis.datatypes.zset import (
    LexRange,
    ScoreRange,
    ZSet,
    after_change,
    lookup_zset,
    store,
    with_scores,
)
from miniredis.errors import CommandError
from miniredis.session import Session

_SYNTAX = CommandError(errors.SYNTAX)
RANK, SCORE, LEX = "rank", "score", "lex"
_RANGE_COMPLEXITY = (
    "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
    "elements being returned. If M is constant (e.g. always asking for the first 10 elements "
    "with LIMIT), you can consider it O(log(N))."
)


def _select(
    zset: ZSet, kind: str, spec: Any, reverse: bool, offset: int, limit: int
) -> list[tuple[float, bytes]]:
    """The (score, member) pairs a range picks, in reply order."""
    if kind == RANK:
        n = len(zset)
        bounds = clamp_range(spec[0], spec[1], n)
        if bounds is None:
            return []
        start, stop = bounds
        if reverse:
            return list(zset.pairs(n - 1 - stop, n - start, reverse=True))
        return list(zset.pairs(start, stop + 1))
    lo, hi = zset.score_span(spec) if kind == SCORE else zset.lex_span(spec)
    if offset < 0:
        return []
    count = hi - lo - offset
    if limit >= 0:
        count = min(count, limit)
    if count <= 0:
        return []
    if reverse:
        return list(zset.pairs(hi - offset - count, hi - offset, reverse=True))
    return list(zset.pairs(lo + offset, lo + offset + count))


def _zrange(
    ctx: Session,
    args: tuple[bytes, ...],
    destination: bytes | None = None,
    kind: str | None = None,
    reverse: bool | None = None,
) -> Any:
    """zrangeGenericCommand: ``args`` is ``key first second [options]``; ``kind`` and
    ``reverse`` are fixed by the older commands, None where ZRANGE's words choose them."""
    key, first, second = args[0], args[1], args[2]
    withscores = False
    offset, limit = 0, -1
    j = 3
    while j < len(args):
        word = token(args[j])
        if destination is None and word == b"WITHSCORES":
            withscores = True
        elif word == b"LIMIT" and len(args) - j - 1 >= 2:
            offset, limit = parse_int(args[j + 1]), parse_int(args[j + 2])
            j += 2
        elif reverse is None and word == b"REV":
            reverse = True
        elif kind is None and word == b"BYLEX":
            kind = LEX
        elif kind is None and word == b"BYSCORE":
            kind = SCORE
        else:
            raise _SYNTAX
        j += 1
    reverse = bool(reverse)
    kind = kind or RANK
    if limit != -1 and kind == RANK:
        raise CommandError(errors.ZRANGE_LIMIT_NEEDS_BY)
    if withscores and kind == LEX:
        raise CommandError(errors.ZRANGE_WITHSCORES_BYLEX)
    if reverse and kind != RANK:
        first, second = second, first
    spec: Any
    if kind == RANK:
        spec = (parse_int(first), parse_int(second))
    elif kind == SCORE:
        spec = ScoreRange(first, second)
    else:
        spec = LexRange(first, second)
    db = ctx.db
    zset = lookup_zset(db, key)
    picked = [] if zset is None else _select(zset, kind, spec, reverse, offset, limit)
    if destination is not None:
        pairs = {member: score for score, member in picked}
        return store(db, destination, pairs, ctx.server.config)
    if withscores:
        return with_scores(picked, ctx.protocol)
    return [member for _, member in picked]


@command(
    "zrange",
    arity=-4,
    flags="readonly",
    keys=(1, 1, 1),
    group="sorted_set",
    since="1.2.0",
    summary="Return a range of members in a sorted set",
    complexity="O(log(N)+M) with N being the number of elements in the sorted set and M the "
    "number of elements returned.",
    key_specs="RO access",
    history=(("6.2.0", "Added the `REV`, `BYSCORE`, `BYLEX` and `LIMIT` options."),),
)
def zrange(ctx: Session, *args: bytes) -> list[Any]:
    """ZRANGE key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES]  ->  array of members (WITHSCORES: with their scores)."""  # noqa: E501
    return _zrange(ctx, args)


@command(
    "zrangestore",
    arity=-5,
    flags="write denyoom",
    keys=(1, 2, 1),
    group="sorted_set",
    since="6.2.0",
    summary="Store a range of members from sorted set into another key",
    complexity="O(log(N)+M) with N being the number of elements in the sorted set and M the "
    "number of elements stored into the destination key.",
    key_specs=("OW update", "RO access"),
)
def zrangestore(ctx: Session, dst: bytes, *args: bytes) -> int:
    """ZRANGESTORE dst src min max [BYSCORE | BYLEX] [REV] [LIMIT offset count]  ->  integer: the size of the stored set."""  # noqa: E501
    return _zrange(ctx, args, destination=dst)


@command(
    "zrevrange",
    arity=-4,
    flags="readonly",
    keys=(1, 1, 1),
    group="sorted_set",
    since="1.2.0",
    summary="Return a range of members in a sorted set, by index, with scores ordered from high "
    "to low",
    complexity="O(log(N)+M) with N being the number of elements in the sorted set and M the "
    "number of elements returned.",
    key_specs="RO access",
    doc_flags="deprecated",
    deprecated_since="6.2.0",
    replaced_by="`ZRANGE` with the `REV` argument",
)
def zrevrange(ctx: Session, *args: bytes) -> list[Any]:
    """ZREVRANGE key start stop [WITHSCORES]  ->  array of members, highest score first."""
    return _zrange(ctx, args, kind=RANK, reverse=True)


@command(
    "zrangebyscore",
    arity=-4,
    flags="readonly",
    keys=(1, 1, 1),
    group="sorted_set",
    since="1.0.5",
    summary="Return a range of members in a sorted set, by score",
    complexity=_RANGE_COMPLEXITY,
    key_specs="RO access",
    doc_flags="deprecated",
    deprecated_since="6.2.0",
    replaced_by="`ZRANGE` with the `BYSCORE` argument",
    history=(("2.0.0", "Added the `WITHSCORES` modifier."),),
)
def zrangebyscore(ctx: Session, *args: bytes) -> list[Any]:
    """ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]  ->  array of members with min <= score <= max."""  # noqa: E501
    return _zrange(ctx, args, kind=SCORE, reverse=False)


@command(
    "zrevrangebyscore",
    arity=-4,
    flags="readonly",
    keys=(1, 1, 1),
    group="sorted_set",
    since="2.2.0",
    summary="Return a range of members in a sorted set, by score, with scores ordered from high "
    "to low",
    complexity=_RANGE_COMPLEXITY,
    key_specs="RO access",
    doc_flags="deprecated",
    deprecated_since="6.2.0",
    replaced_by="`ZRANGE` with the `REV` and `BYSCORE` arguments",
    history=(("2.1.6", "`min` and `max` can be exclusive."),),
)
def zrevrangebyscore(ctx: Session, *args: bytes) -> list[Any]:
    """ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]  ->  array of members, highest score first."""  # noqa: E501
    return _zrange(ctx, args, kind=SCORE, reverse=True)


@command(
    "zrangebylex",
    arity=-4,
    flags="readonly",
    keys=(1, 1, 1),
    group="sorted_set",
    since="2.8.9",
    summary="Return a range of members in a sorted set, by lexicographical range",
    complexity=_RANGE_COMPLEXITY,
    key_specs="RO access",
    doc_flags="deprecated",
    deprecated_since="6.2.0",
    replaced_by="`ZRANGE` with the `BYLEX` argument",
)
def zrangebylex(ctx: Session, *args: bytes) -> list[Any]:
    """ZRANGEBYLEX key min max [LIMIT offset count]  ->  array of members between the lex bounds."""
    return _zrange(ctx, args, kind=LEX, reverse=False)


@command(
    "zrevrangebylex",
    arity=-4,
    flags="readonly",
    keys=(1, 1, 1),
    group="sorted_set",
    since="2.8.9",
    summary="Return a range of members in a sorted set, by lexicographical range, ordered from "
    "higher to lower strings.",
    complexity=_RANGE_COMPLEXITY,
    key_specs="RO access",
    doc_flags="deprecated",
    deprecated_since="6.2.0",
    replaced_by="`ZRANGE` with the `REV` and `BYLEX` arguments",
)
def zrevrangebylex(ctx: Session, *args: bytes) -> list[Any]:
    """ZREVRANGEBYLEX key max min [LIMIT offset count]  ->  array of members, highest first."""
    return _zrange(ctx, args, kind=LEX, reverse=True)


# --- removing ranges -------------------------------------------------------------------------
def _remove(ctx: Session, key: bytes, kind: str, spec: Any) -> int:
    """zremrangeGenericCommand, after the bounds were parsed."""
    db = ctx.db
    zset = lookup_zset(db, key)
    if zset is None:
        return 0
    if kind == RANK:
        bounds = clamp_range(spec[0], spec[1], len(zset))
        if bounds is None:
            return 0
        lo, hi = bounds[0], bounds[1] + 1
    elif kind == SCORE:
        lo, hi = zset.score_span(spec)
    else:
        lo, hi = zset.lex_span(spec)
    removed = zset.remove_span(lo, hi)
    if removed:
        after_change(db, key, zset)
    return removed


_REMOVE_COMPLEXITY = (
    "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
    "elements removed by the operation."
)


@command(
    "zremrangebyrank",
    arity=4,
    flags="write",
    keys=(1, 1, 1),
    group="sorted_set",
    since="2.0.0",
    summary="Remove all members in a sorted set within the given indexes",
    complexity=_REMOVE_COMPLEXITY,
    key_specs="RW delete",
)
def zremrangebyrank(ctx: Session, key: bytes, start: bytes, stop: bytes) -> int:
    """ZREMRANGEBYRANK key start stop  ->  integer: how many members were removed."""
    return _remove(ctx, key, RANK, (parse_int(start), parse_int(stop)))


@command(
    "zremrangebyscore",
    arity=4,
    flags="write",
    keys=(1, 1, 1),
    group="sorted_set",
    since="1.2.0",
    summary="Remove all members in a sorted set within the given scores",
    complexity=_REMOVE_COMPLEXITY,
    key_specs="RW delete",
)
def zremrangebyscore(ctx: Session, key: bytes, low: bytes, high: bytes) -> int:
    """ZREMRANGEBYSCORE key min max  ->  integer: how many members were removed."""
    return _remove(ctx, key, SCORE, ScoreRange(low, high))


@command(
    "zremrangebylex",
    arity=4,
    flags="write",
    keys=(1, 1, 1),
    group="sorted_set",
    since="2.8.9",
    summary="Remove all members in a sorted set between the given lexicographical range",
    complexity=_REMOVE_COMPLEXITY,
    key_specs="RW delete",
)
def zremrangebylex(ctx: Session, key: bytes, low: bytes, high: bytes) -> int:
    """ZREMRANGEBYLEX key min max  ->  integer: how many members were removed."""
    return _remove(ctx, key, LEX, LexRange(low, high))
