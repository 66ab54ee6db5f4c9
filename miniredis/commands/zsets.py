"""Sorted set commands (Redis's ``t_zset.c``): adding, reading single members, counting, ZSCAN.

A Redis *sorted set* maps unique members to floating-point scores and keeps them ordered by
score (ties by the member's bytes): a leaderboard (``ZADD board 1200 alice``, ``ZREVRANGE
board 0 9``), a priority queue (``ZPOPMIN``), a time index (score = timestamp, ``ZRANGE
BYSCORE``). The value is a :class:`~miniredis.datatypes.zset.ZSet`: a dict for member ->
score plus a sorted list for ranks and ranges, both O(log n) (see that module for the
encodings, ``-0`` and the range syntax).

| commands                                  | module                                 |
| ----------------------------------------- | -------------------------------------- |
| ZADD ZINCRBY ZREM ZCARD ZSCORE ZMSCORE     | here                                   |
| ZRANK ZREVRANK ZCOUNT ZLEXCOUNT ZRANDMEMBER ZSCAN | here                           |
| ZRANGE ZRANGESTORE ZRANGEBY* ZREVRANGE*, ZREMRANGEBY* | ``zsets_range.py``         |
| ZPOPMIN ZPOPMAX ZMPOP                      | ``zsets_pop.py`` (shared with BZPOP*)  |
| ZUNION ZINTER ZDIFF (+STORE) ZINTERCARD    | ``zsets_algebra.py``                   |

**Scores.** A score argument is a double as ``strtod`` reads it -- ``1.5``, ``-inf``, ``1e3``,
``0x10`` -- but NaN, leading space, trailing junk and out-of-range values (``1e400``) are
``value is not a valid float``. Replies print scores with 17 significant digits (``0.1`` is
``0.10000000000000001``), ``inf``/``-inf``; a bulk string in RESP2, a double (``,``) in RESP3.

**ZADD** checks, in Redis's order: the option words (any order, before the first score), an
even number of score/member words (``syntax error``), ``XX and NX``, ``GT, LT, and/or NX``,
``INCR option supports a single increment-element pair``, every score, then the key's type.
``XX`` never creates the key; ``GT``/``LT`` only restrict *updates* (new members are added);
``CH`` counts updated members too; ``INCR`` replies the new score, or null when NX/XX/GT/LT
stopped it; an increment that gives NaN (``+inf`` plus ``-inf``) is
``resulting score is not a number (NaN)``.
"""

from __future__ import annotations

import random
from typing import Any

from miniredis import errors
from miniredis.commands import zsets_algebra, zsets_pop, zsets_range  # noqa: F401  (registers)
from miniredis.commands.args import (
    INT64_MAX,
    parse_cursor,
    parse_float,
    parse_int,
    parse_scan_options,
    token,
)
from miniredis.commands.table import command
from miniredis.datatypes.zset import (
    LexRange,
    ScoreRange,
    ZSet,
    after_change,
    lookup_zset,
    with_scores,
)
from miniredis.errors import CommandError
from miniredis.keyspace.glob import compile_pattern
from miniredis.protocol.encoder import format_double
from miniredis.session import Session

_SYNTAX = CommandError(errors.SYNTAX)
_NAN = CommandError(errors.ZSET_NAN_SCORE)
_ZADD_FLAGS = frozenset((b"NX", b"XX", b"CH", b"INCR", b"GT", b"LT"))
_NO_FLAGS: frozenset[bytes] = frozenset()


# --- ZADD / ZINCRBY --------------------------------------------------------------------------
def _score(text: bytes) -> float:
    """A score argument; plain digits (the common case) skip the full strtod emulation."""
    if text.isdigit() and len(text) < 300:
        return float(text)
    return parse_float(text)


def _zadd(ctx: Session, key: bytes, flags: frozenset[bytes], pairs: tuple[bytes, ...]) -> Any:
    """zaddGenericCommand, after the option words: ``pairs`` is score, member, score, ..."""
    if len(pairs) % 2 or not pairs:
        raise _SYNTAX
    nx, xx, gt, lt = b"NX" in flags, b"XX" in flags, b"GT" in flags, b"LT" in flags
    incr = b"INCR" in flags
    if nx and xx:
        raise CommandError(errors.ZADD_XX_AND_NX)
    if (gt and nx) or (lt and nx) or (gt and lt):
        raise CommandError(errors.ZADD_GT_LT_NX)
    if incr and len(pairs) > 2:
        raise CommandError(errors.ZADD_INCR_PAIRS)
    scores = [_score(pairs[i]) for i in range(0, len(pairs), 2)]
    db = ctx.db
    zset = lookup_zset(db, key)
    config = ctx.server.config
    created = False
    if zset is None:
        if xx:
            return None if incr else 0
        zset = ZSet(
            big=config.zset_max_listpack_entries == 0
            or len(pairs[1]) > config.zset_max_listpack_value
        )
        created = True
    added = updated = processed = 0
    score = 0.0
    current_scores = zset.scores
    for i, score in enumerate(scores):
        member = pairs[2 * i + 1]
        current = current_scores.get(member)
        if current is None:
            if xx:
                continue
            zset.grow_check(member, config)
            zset.put(member, score)
            added += 1
            processed += 1
            continue
        if nx:
            continue
        if incr:
            score += current
            if score != score:
                raise _NAN
        if (lt and score >= current) or (gt and score <= current):
            continue
        processed += 1
        if score != current:
            zset.put(member, score)
            updated += 1
    if created:
        if zset.scores:
            db.set(key, zset)
    elif (added or updated) and db.watchers:
        db.touch(key)
    if incr:
        return score if processed else None
    return added + updated if b"CH" in flags else added


@command(
    "zadd",
    arity=-4,
    flags="write denyoom fast",
    keys=(1, 1, 1),
    group="sorted_set",
    since="1.2.0",
    summary="Add one or more members to a sorted set, or update its score if it already exists",
    complexity="O(log(N)) for each item added, where N is the number of elements in the sorted "
    "set.",
    key_specs="RW update",
    history=(
        ("2.4.0", "Accepts multiple elements."),
        ("3.0.2", "Added the `XX`, `NX`, `CH` and `INCR` options."),
        ("6.2.0", "Added the `GT` and `LT` options."),
    ),
)
def zadd(ctx: Session, key: bytes, *args: bytes) -> Any:
    """ZADD key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...]  ->  integer: members added (CH: added or changed); with INCR the new score, or null."""  # noqa: E501
    if args[0][:1].isdigit():  # no option word: the common case
        return _zadd(ctx, key, _NO_FLAGS, args)
    i = 0
    flags: set[bytes] = set()
    while i < len(args):
        word = token(args[i])
        if word not in _ZADD_FLAGS:
            break
        flags.add(word)
        i += 1
    return _zadd(ctx, key, frozenset(flags), args[i:])


_INCR = frozenset((b"INCR",))


@command(
    "zincrby",
    arity=4,
    flags="write denyoom fast",
    keys=(1, 1, 1),
    group="sorted_set",
    since="1.2.0",
    summary="Increment the score of a member in a sorted set",
    complexity="O(log(N)) where N is the number of elements in the sorted set.",
    key_specs="RW access update",
)
def zincrby(ctx: Session, key: bytes, increment: bytes, member: bytes) -> Any:
    """ZINCRBY key increment member  ->  double: the member's new score."""
    return _zadd(ctx, key, _INCR, (increment, member))


# --- removing and reading single members -----------------------------------------------------
@command(
    "zrem",
    arity=-3,
    flags="write fast",
    keys=(1, 1, 1),
    group="sorted_set",
    since="1.2.0",
    summary="Remove one or more members from a sorted set",
    complexity="O(M*log(N)) with N being the number of elements in the sorted set and M the "
    "number of elements to be removed.",
    key_specs="RW delete",
    history=(("2.4.0", "Accepts multiple elements."),),
)
def zrem(ctx: Session, key: bytes, *members: bytes) -> int:
    """ZREM key member [member ...]  ->  integer: how many members were removed."""
    db = ctx.db
    zset = lookup_zset(db, key)
    if zset is None:
        return 0
    removed = 0
    for member in members:
        if zset.remove(member):
            removed += 1
            if not zset.scores:
                break
    if removed:
        after_change(db, key, zset)
    return removed


@command(
    "zcard",
    arity=2,
    flags="readonly fast",
    keys=(1, 1, 1),
    group="sorted_set",
    since="1.2.0",
    summary="Get the number of members in a sorted set",
    complexity="O(1)",
    key_specs="RO",
)
def zcard(ctx: Session, key: bytes) -> int:
    """ZCARD key  ->  integer: the number of members, 0 when the key is missing."""
    zset = lookup_zset(ctx.db, key)
    return 0 if zset is None else len(zset)


@command(
    "zscore",
    arity=3,
    flags="readonly fast",
    keys=(1, 1, 1),
    group="sorted_set",
    since="1.2.0",
    summary="Get the score associated with the given member in a sorted set",
    complexity="O(1)",
    key_specs="RO access",
)
def zscore(ctx: Session, key: bytes, member: bytes) -> float | None:
    """ZSCORE key member  ->  double: the member's score, or null."""
    zset = lookup_zset(ctx.db, key)
    return None if zset is None else zset.scores.get(member)


@command(
    "zmscore",
    arity=-3,
    flags="readonly fast",
    keys=(1, 1, 1),
    group="sorted_set",
    since="6.2.0",
    summary="Get the score associated with the given members in a sorted set",
    complexity="O(N) where N is the number of members being requested.",
    key_specs="RO access",
)
def zmscore(ctx: Session, key: bytes, *members: bytes) -> list[float | None]:
    """ZMSCORE key member [member ...]  ->  array: each member's score, or null."""
    zset = lookup_zset(ctx.db, key)
    if zset is None:
        return [None] * len(members)
    scores = zset.scores
    return [scores.get(member) for member in members]


def _rank(ctx: Session, key: bytes, member: bytes, reverse: bool) -> int | None:
    zset = lookup_zset(ctx.db, key)
    if zset is None:
        return None
    rank = zset.rank(member)
    if rank is None or not reverse:
        return rank
    return len(zset) - 1 - rank


@command(
    "zrank",
    arity=3,
    flags="readonly fast",
    keys=(1, 1, 1),
    group="sorted_set",
    since="2.0.0",
    summary="Determine the index of a member in a sorted set",
    complexity="O(log(N))",
    key_specs="RO access",
)
def zrank(ctx: Session, key: bytes, member: bytes) -> int | None:
    """ZRANK key member  ->  integer: the 0-based rank by ascending score, or null."""
    return _rank(ctx, key, member, reverse=False)


@command(
    "zrevrank",
    arity=3,
    flags="readonly fast",
    keys=(1, 1, 1),
    group="sorted_set",
    since="2.0.0",
    summary="Determine the index of a member in a sorted set, with scores ordered from high to low",
    complexity="O(log(N))",
    key_specs="RO access",
)
def zrevrank(ctx: Session, key: bytes, member: bytes) -> int | None:
    """ZREVRANK key member  ->  integer: the 0-based rank by descending score, or null."""
    return _rank(ctx, key, member, reverse=True)


# --- counting ranges -------------------------------------------------------------------------
@command(
    "zcount",
    arity=4,
    flags="readonly fast",
    keys=(1, 1, 1),
    group="sorted_set",
    since="2.0.0",
    summary="Count the members in a sorted set with scores within the given values",
    complexity="O(log(N)) with N being the number of elements in the sorted set.",
    key_specs="RO access",
)
def zcount(ctx: Session, key: bytes, low: bytes, high: bytes) -> int:
    """ZCOUNT key min max  ->  integer: members with a score in [min, max] (``(`` excludes)."""
    spec = ScoreRange(low, high)
    zset = lookup_zset(ctx.db, key)
    if zset is None:
        return 0
    lo, hi = zset.score_span(spec)
    return hi - lo


@command(
    "zlexcount",
    arity=4,
    flags="readonly fast",
    keys=(1, 1, 1),
    group="sorted_set",
    since="2.8.9",
    summary="Count the number of members in a sorted set between a given lexicographical range",
    complexity="O(log(N)) with N being the number of elements in the sorted set.",
    key_specs="RO access",
)
def zlexcount(ctx: Session, key: bytes, low: bytes, high: bytes) -> int:
    """ZLEXCOUNT key min max  ->  integer: members between the lex bounds ``[a``/``(a``/``-``/``+``."""  # noqa: E501
    spec = LexRange(low, high)
    zset = lookup_zset(ctx.db, key)
    if zset is None:
        return 0
    lo, hi = zset.lex_span(spec)
    return hi - lo


# --- random members --------------------------------------------------------------------------
_RANDOM_COUNT_MAX = INT64_MAX // 2  # with WITHSCORES the reply has 2*count items


@command(
    "zrandmember",
    arity=-2,
    flags="readonly",
    keys=(1, 1, 1),
    group="sorted_set",
    since="6.2.0",
    summary="Get one or multiple random elements from a sorted set",
    complexity="O(N) where N is the number of elements returned",
    tips="nondeterministic_output",
    key_specs="RO access",
)
def zrandmember(ctx: Session, key: bytes, *options: bytes) -> Any:
    """ZRANDMEMBER key [count [WITHSCORES]]  ->  bulk string or null; with count an array (negative: repeats allowed)."""  # noqa: E501
    if not options:
        zset = lookup_zset(ctx.db, key)
        if zset is None:
            return None
        return zset.order[random.randrange(len(zset))][1]
    count = parse_int(options[0])
    if count < -INT64_MAX:
        raise CommandError(errors.not_between(-INT64_MAX, INT64_MAX))
    withscores = False
    if len(options) > 2 or (len(options) == 2 and token(options[1]) != b"WITHSCORES"):
        raise _SYNTAX
    if len(options) == 2:
        withscores = True
        if not -_RANDOM_COUNT_MAX <= count <= _RANDOM_COUNT_MAX:
            raise CommandError(errors.OUT_OF_RANGE)
    zset = lookup_zset(ctx.db, key)
    if zset is None or count == 0:
        return []
    picked = _random_pairs(zset, count)
    if withscores:
        return with_scores(picked, ctx.protocol)
    return [member for _, member in picked]


def _random_pairs(zset: ZSet, count: int) -> list[tuple[float, bytes]]:
    """zrandmemberWithCountCommand's cases: repeats for a negative count; the whole set when
    count reaches its size (walked from the highest score down, as Redis's zset iterator
    does); else ``count`` distinct members (a listpack keeps their order in the set)."""
    order = zset.order
    size = len(order)
    if count < 0:
        return [order[i] for i in random.choices(range(size), k=-count)]
    if count >= size:
        return list(reversed(order))
    chosen = random.sample(range(size), count)
    if not zset.big:
        chosen.sort()
    return [order[i] for i in chosen]


# --- ZSCAN -----------------------------------------------------------------------------------
@command(
    "zscan",
    arity=-3,
    flags="readonly",
    keys=(1, 1, 1),
    group="sorted_set",
    since="2.8.0",
    summary="Incrementally iterate sorted sets elements and associated scores",
    complexity="O(1) for every call. O(N) for a complete iteration, including enough command "
    "calls for the cursor to return back to 0. N is the number of elements inside the "
    "collection..",
    tips="nondeterministic_output",
    key_specs="RO access",
)
def zscan(ctx: Session, key: bytes, cursor: bytes, *options: bytes) -> list[Any]:
    """ZSCAN key cursor [MATCH pattern] [COUNT count]  ->  array: [next cursor, [member, score, ...]]."""  # noqa: E501
    position = parse_cursor(cursor)
    zset = lookup_zset(ctx.db, key)
    if zset is None:
        return [b"0", []]
    count, pattern = parse_scan_options(options)
    scores = zset.scores
    if not zset.big:  # a listpack is returned whole, in order, whatever the cursor
        next_cursor, members = 0, [member for _, member in zset.order]
    else:
        next_cursor, members = zset.scan_state().step(scores, position, count)
    if pattern is not None:
        matches = compile_pattern(pattern)
        members = [member for member in members if matches(member)]
    found: list[bytes] = []
    for member in members:
        score = scores.get(member)
        if score is not None:
            found += (member, format_double(score))
    return [b"%d" % next_cursor, found]
