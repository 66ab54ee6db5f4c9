"""Sorted set algebra (Redis's ``t_zset.c``): ZUNION ZINTER ZDIFF, their STORE forms, ZINTERCARD.

``ZUNION numkeys key [key ...] [WEIGHTS w ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]`` combines
sorted sets member by member: each input score is multiplied by its key's weight (default 1),
and a member found in several inputs gets the SUM (default), MIN or MAX of its weighted scores.
ZINTER keeps only members present in every input; ZDIFF the members of the first input found in
no other (with the first input's scores; it takes no WEIGHTS or AGGREGATE). The STORE forms
write the result to ``destination`` (replacing whatever was there, TTL included, or deleting
it when the result is empty) and reply its size; ZINTERCARD only counts, stopping at LIMIT.

Plain *sets* are valid inputs: each member scores 1. A missing key is an empty input.

**Floating-point rules**, as Redis: ``weight * score`` that is NaN (``0 * inf``) counts as 0,
and a SUM that is NaN (``inf + -inf``) is 0 too.

**Order of checks** (redis-server 7.0.15): numkeys (``value is not an integer``; below 1 ``at
least 1 input key is needed for 'zunion' command``; more than the arguments: ``syntax error``);
then every input key's *type* (``WRONGTYPE``), before the options; then the options left to
right (``weight value is not a float``, ``syntax error``; ZINTERCARD's ``LIMIT can't be
negative``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from miniredis import errors
from miniredis.commands.args import parse_float, parse_int, parse_positive_int, token
from miniredis.commands.table import command
from miniredis.datatypes.rset import RSet
from miniredis.datatypes.zset import ZSet, store, with_scores
from miniredis.errors import CommandError
from miniredis.keyspace.db import WRONGTYPE
from miniredis.session import Session

_SYNTAX = CommandError(errors.SYNTAX)
UNION, INTER, DIFF = "union", "inter", "diff"
Source = ZSet | RSet | None


def _sum(a: float, b: float) -> float:
    total = a + b
    return 0.0 if total != total else total  # inf + -inf: NaN becomes 0


_AGGREGATES: dict[bytes, Callable[[float, float], float]] = {
    b"SUM": _sum,
    b"MIN": lambda a, b: b if b < a else a,
    b"MAX": lambda a, b: b if b > a else a,
}


def _members(source: Source) -> Iterator[tuple[bytes, float]]:
    """(member, score) of an input: a set's members all score 1."""
    if type(source) is ZSet:
        return iter(source.scores.items())
    if source is None:
        return iter(())
    return ((member, 1.0) for member in source.ordered())


def _score(source: Source, member: bytes) -> float | None:
    if type(source) is ZSet:
        return source.scores.get(member)
    return 1.0 if source is not None and member in source else None


def _algebra(
    ctx: Session,
    args: tuple[bytes, ...],
    op: str,
    name: str,
    destination: bytes | None = None,
    count_only: bool = False,
) -> Any:
    """zunionInterDiffGenericCommand: ``args`` starts at numkeys."""
    setnum = parse_int(args[0])
    if setnum < 1:
        raise CommandError(errors.zset_at_least_one_key(name))
    if setnum > len(args) - 1:
        raise _SYNTAX
    db = ctx.db
    sources: list[Source] = []
    for key in args[1 : setnum + 1]:
        value = db.lookup(key)
        if value is not None and type(value) is not ZSet and type(value) is not RSet:
            raise WRONGTYPE
        sources.append(value)
    weights = [1.0] * setnum
    aggregate = _sum
    withscores = False
    limit = 0
    j = setnum + 1
    while j < len(args):
        remaining = len(args) - j
        word = token(args[j])
        if op != DIFF and not count_only and remaining >= setnum + 1 and word == b"WEIGHTS":
            weights = [
                parse_float(w, errors.ZSET_WEIGHT_NOT_FLOAT) for w in args[j + 1 : j + 1 + setnum]
            ]
            j += 1 + setnum
        elif op != DIFF and not count_only and remaining >= 2 and word == b"AGGREGATE":
            chosen = _AGGREGATES.get(token(args[j + 1]))
            if chosen is None:
                raise _SYNTAX
            aggregate = chosen
            j += 2
        elif destination is None and not count_only and word == b"WITHSCORES":
            withscores = True
            j += 1
        elif count_only and remaining >= 2 and word == b"LIMIT":
            limit = parse_positive_int(args[j + 1], errors.LIMIT_NEGATIVE)
            j += 2
        else:
            raise _SYNTAX
    inputs = list(zip(sources, weights, strict=True))
    if op == DIFF:
        result = _diff(sources)
    else:
        inputs.sort(key=lambda item: 0 if item[0] is None else len(item[0]))
        if op == UNION:
            result = _union(inputs, aggregate)
        elif count_only:
            return _inter(inputs, aggregate, limit, count_only=True)
        else:
            result = _inter(inputs, aggregate, 0, count_only=False)
    if destination is not None:
        return store(db, destination, result, ctx.server.config)
    ordered = sorted(zip(result.values(), result, strict=True))
    if withscores:
        return with_scores(ordered, ctx.protocol)
    return [member for _, member in ordered]


def _weighted(score: float, weight: float) -> float:
    value = score * weight
    return 0.0 if value != value else value  # 0 * inf: NaN becomes 0


def _union(
    inputs: list[tuple[Source, float]], aggregate: Callable[[float, float], float]
) -> dict[bytes, float]:
    result: dict[bytes, float] = {}
    for source, weight in inputs:
        for member, score in _members(source):
            value = _weighted(score, weight)
            current = result.get(member)
            result[member] = value if current is None else aggregate(current, value)
    return result


def _inter(
    inputs: list[tuple[Source, float]],
    aggregate: Callable[[float, float], float],
    limit: int,
    count_only: bool,
) -> Any:
    """The intersection, walking the smallest input (``inputs`` is sorted by size)."""
    result: dict[bytes, float] = {}
    cardinality = 0
    first, first_weight = inputs[0]
    for member, score in _members(first):
        total = _weighted(score, first_weight)
        for source, weight in inputs[1:]:
            other = score if source is first else _score(source, member)
            if other is None:
                break
            total = aggregate(total, other * weight)
        else:
            if count_only:
                cardinality += 1
                if limit and cardinality >= limit:
                    break
            else:
                result[member] = total
    return cardinality if count_only else result


def _diff(sources: list[Source]) -> dict[bytes, float]:
    first = sources[0]
    others = sources[1:]
    if any(source is first for source in others):
        return {}
    return {
        member: score
        for member, score in _members(first)
        if all(_score(source, member) is None for source in others)
    }


_UNION_COMPLEXITY = (
    "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being "
    "the number of elements in the resulting sorted set."
)
_INTER_COMPLEXITY = (
    "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the "
    "number of input sorted sets and M being the number of elements in the resulting sorted set."
)
_DIFF_COMPLEXITY = (
    "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is "
    "the size of the first set, and K is the size of the result set."
)
_KEYNUM = (1, 0, 1, 1)


@command(
    "zunion",
    arity=-3,
    flags="readonly movablekeys",
    group="sorted_set",
    since="6.2.0",
    summary="Add multiple sorted sets",
    complexity=_UNION_COMPLEXITY,
    key_specs="RO access",
    keynum=_KEYNUM,
)
def zunion(ctx: Session, *args: bytes) -> list[Any]:
    """ZUNION numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE <SUM | MIN | MAX>] [WITHSCORES]  ->  array of members (WITHSCORES: with scores)."""  # noqa: E501
    return _algebra(ctx, args, UNION, "zunion")


@command(
    "zinter",
    arity=-3,
    flags="readonly movablekeys",
    group="sorted_set",
    since="6.2.0",
    summary="Intersect multiple sorted sets",
    complexity=_INTER_COMPLEXITY,
    key_specs="RO access",
    keynum=_KEYNUM,
)
def zinter(ctx: Session, *args: bytes) -> list[Any]:
    """ZINTER numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE <SUM | MIN | MAX>] [WITHSCORES]  ->  array of members (WITHSCORES: with scores)."""  # noqa: E501
    return _algebra(ctx, args, INTER, "zinter")


@command(
    "zdiff",
    arity=-3,
    flags="readonly movablekeys",
    group="sorted_set",
    since="6.2.0",
    summary="Subtract multiple sorted sets",
    complexity=_DIFF_COMPLEXITY,
    key_specs="RO access",
    keynum=_KEYNUM,
)
def zdiff(ctx: Session, *args: bytes) -> list[Any]:
    """ZDIFF numkeys key [key ...] [WITHSCORES]  ->  array of members of the first set in no other."""  # noqa: E501
    return _algebra(ctx, args, DIFF, "zdiff")


@command(
    "zunionstore",
    arity=-4,
    flags="write denyoom movablekeys",
    keys=(1, 1, 1),
    group="sorted_set",
    since="2.0.0",
    summary="Add multiple sorted sets and store the resulting sorted set in a new key",
    complexity=_UNION_COMPLEXITY.replace("M*log", "M log"),
    key_specs=("OW update", "RO access"),
    keynum=(2, 0, 1, 1),
)
def zunionstore(ctx: Session, destination: bytes, *args: bytes) -> int:
    """ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE <SUM | MIN | MAX>]  ->  integer: the size of the stored set."""  # noqa: E501
    return _algebra(ctx, args, UNION, "zunionstore", destination)


@command(
    "zinterstore",
    arity=-4,
    flags="write denyoom movablekeys",
    keys=(1, 1, 1),
    group="sorted_set",
    since="2.0.0",
    summary="Intersect multiple sorted sets and store the resulting sorted set in a new key",
    complexity=_INTER_COMPLEXITY,
    key_specs=("OW update", "RO access"),
    keynum=(2, 0, 1, 1),
)
def zinterstore(ctx: Session, destination: bytes, *args: bytes) -> int:
    """ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE <SUM | MIN | MAX>]  ->  integer: the size of the stored set."""  # noqa: E501
    return _algebra(ctx, args, INTER, "zinterstore", destination)


@command(
    "zdiffstore",
    arity=-4,
    flags="write denyoom movablekeys",
    keys=(1, 1, 1),
    group="sorted_set",
    since="6.2.0",
    summary="Subtract multiple sorted sets and store the resulting sorted set in a new key",
    complexity=_DIFF_COMPLEXITY,
    key_specs=("OW update", "RO access"),
    keynum=(2, 0, 1, 1),
)
def zdiffstore(ctx: Session, destination: bytes, *args: bytes) -> int:
    """ZDIFFSTORE destination numkeys key [key ...]  ->  integer: the size of the stored set."""
    return _algebra(ctx, args, DIFF, "zdiffstore", destination)


@command(
    "zintercard",
    arity=-3,
    flags="readonly movablekeys",
    group="sorted_set",
    since="7.0.0",
    summary="Intersect multiple sorted sets and return the cardinality of the result",
    complexity="O(N*K) worst case with N being the smallest input sorted set, K being the number "
    "of input sorted sets.",
    key_specs="RO access",
    keynum=_KEYNUM,
)
def zintercard(ctx: Session, *args: bytes) -> int:
    """ZINTERCARD numkeys key [key ...] [LIMIT limit]  ->  integer: the size of the intersection (at most limit)."""  # noqa: E501
    return _algebra(ctx, args, INTER, "zintercard", count_only=True)
