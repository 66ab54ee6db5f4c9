"""Set algebra (Redis's ``t_set.c``): intersection, union and difference of several sets.

``SINTER a b`` answers the members in *every* set, ``SUNION a b`` those in *any*, ``SDIFF a b c``
those of the first set that are in none of the others. Each has a ``...STORE destination``
form that saves the result as a set and answers its size, and ``SINTERCARD numkeys key [key
...] [LIMIT limit]`` answers only the size of the intersection, stopping early at ``limit``
(0: no limit) -- "do these users share at least 3 interests?" without shipping the members.

Rules, verified on redis-server 7.0.15:

- **A missing key is an empty set**: ``SINTER`` with one is empty, ``SUNION`` ignores it,
  ``SDIFF`` with a missing first key is empty;
- **every key is type-checked** before anything is computed, so ``SINTER missing string`` is
  ``WRONGTYPE`` even though the missing key already decides the answer;
- **STORE replaces anything**: the destination is overwritten whatever its type (its TTL goes
  too), and an empty result *deletes* it, answering 0. The destination may be one of the
  sources: the result is computed first;
- **replies are sets** (``~`` in RESP3; SMEMBERS is SINTER of one key in Redis 7.0).

**Order and encoding.** Redis builds a UNION or DIFF result as a new set that starts as an
intset (see ``datatypes/rset.py``), so when the result is all integers and small enough it
comes back sorted, even from hashtable sources; the STORE forms keep that encoding. For SDIFF,
Redis picks one of two algorithms by estimated work; the second copies the whole first set
and removes the others' members, so the result is a hashtable whenever the first set could
not be an intset (:func:`_diff_result_is_intset`). An intersection walks the smallest set
(the first of the smallest, on a tie) and keeps the members all the others have, so it comes
back in that set's order.
"""

from __future__ import annotations

from itertools import chain

from miniredis import errors
from miniredis.commands.args import parse_int, parse_positive_int, token
from miniredis.commands.table import command
from miniredis.datatypes.rset import RSet, fits_intset, intset_limit, lookup_set, numeric_order
from miniredis.errors import CommandError
from miniredis.keyspace.db import Database
from miniredis.protocol.replies import RespSet
from miniredis.session import Session

_SYNTAX = CommandError(errors.SYNTAX)
Sets = list[RSet | None]
_INTER_COMPLEXITY = (
    "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets."
)
_UNION_COMPLEXITY = "O(N) where N is the total number of elements in all given sets."


def _lookup_all(db: Database, keys: tuple[bytes, ...]) -> Sets:
    """Every key's set (None if missing); ``WRONGTYPE`` if any key holds another type."""
    return [lookup_set(db, key) for key in keys]


# --- the three operations --------------------------------------------------------------------
def _smallest_first(sets: Sets) -> tuple[RSet, list[dict[bytes, int]]] | None:
    """sinterGenericCommand's plan: None if a set is missing (the result is empty), else the
    smallest set (the first of them on a tie) and the member indexes of the other sets."""
    present = [s for s in sets if s is not None]
    if len(present) < len(sets) or not present:
        return None
    present.sort(key=len)
    smallest = present[0]
    return smallest, [s.index for s in present[1:] if s is not smallest]


def intersection(sets: Sets) -> list[bytes]:
    """Members of every set, in the smallest set's order."""
    plan = _smallest_first(sets)
    if plan is None:
        return []
    smallest, indexes = plan
    members = smallest.ordered()
    if not indexes:
        return list(members)
    if len(indexes) == 1:
        other = indexes[0]
        return [member for member in members if member in other]
    return [member for member in members if all(member in index for index in indexes)]


def intersection_size(sets: Sets, limit: int) -> int:
    """SINTERCARD: how many members every set shares, counting no further than ``limit``."""
    plan = _smallest_first(sets)
    if plan is None:
        return 0
    smallest, indexes = plan
    count = 0
    for member in smallest.items:
        if all(member in index for index in indexes):
            count += 1
            if count == limit:
                break
    return count


def union(sets: Sets) -> list[bytes]:
    """Members of any set, each once."""
    present = [s for s in sets if s is not None]
    if len(present) == 1:
        return list(present[0].ordered())
    return list(dict.fromkeys(chain.from_iterable(s.items for s in present)))


def difference(sets: Sets) -> list[bytes]:
    """Members of the first set that no other set has."""
    first = sets[0]
    if first is None:
        return []
    if any(s is first for s in sets[1:]):  # the first key named again
        return []
    others = [s.index for s in sets[1:] if s is not None]
    members = first.ordered()
    if len(others) == 1:
        other = others[0]
        return [member for member in members if member not in other]
    return [member for member in members if not any(member in index for index in others)]


def _diff_result_is_intset(sets: Sets, result: list[bytes], limit: int) -> bool:
    """sunionDiffGenericCommand's choice for SDIFF: algorithm 1 adds the surviving members to
    a new intset; algorithm 2 adds the whole first set, then removes, so the result is an
    intset only if the first set could be one. Algorithm 2 runs when the first set's size
    times the number of (present) sets, halved, exceeds the sizes of all the sets summed."""
    present = [s for s in sets if s is not None]
    first = sets[0]
    if first is None or any(s is first for s in present[1:]):
        return True  # empty result: no algorithm ran
    algorithm_one_work = len(first) * len(present) // 2
    if algorithm_one_work > sum(map(len, present)):
        return fits_intset(first.items, limit)
    return fits_intset(result, limit)


# --- replies and stores ----------------------------------------------------------------------
def _reply(members: list[bytes], intset: bool) -> RespSet:
    return RespSet(numeric_order(members) if intset else members)


def _store(db: Database, destination: bytes, result: RSet) -> int:
    """Save a non-empty result over whatever ``destination`` held; delete it when empty."""
    if not result.items:
        db.delete(destination)
        return 0
    db.set(destination, result)
    return len(result.items)


def _union_or_diff(ctx: Session, keys: tuple[bytes, ...], diff: bool) -> tuple[list[bytes], bool]:
    """The members of SUNION / SDIFF and whether Redis's result set would be an intset."""
    sets = _lookup_all(ctx.db, keys)
    limit = intset_limit(ctx.server.config)
    if diff:
        members = difference(sets)
        return members, _diff_result_is_intset(sets, members, limit)
    members = union(sets)
    return members, fits_intset(members, limit)


# --- commands --------------------------------------------------------------------------------
@command(
    "sinter",
    arity=-2,
    flags="readonly",
    keys=(1, -1, 1),
    group="set",
    since="1.0.0",
    summary="Intersect multiple sets",
    complexity=_INTER_COMPLEXITY,
    key_specs="RO access",
    tips="nondeterministic_output_order",
)
def sinter(ctx: Session, *keys: bytes) -> RespSet:
    """SINTER key [key ...]  ->  set of the members every set has."""
    return RespSet(intersection(_lookup_all(ctx.db, keys)))


@command(
    "sintercard",
    arity=-3,
    flags="readonly movablekeys",
    group="set",
    since="7.0.0",
    summary="Intersect multiple sets and return the cardinality of the result",
    complexity=_INTER_COMPLEXITY,
    key_specs="RO access",
    keynum=(1, 0, 1, 1),
)
def sintercard(ctx: Session, numkeys: bytes, *args: bytes) -> int:
    """SINTERCARD numkeys key [key ...] [LIMIT limit]  ->  integer: the intersection's size, at most limit."""  # noqa: E501
    count = parse_int(numkeys, errors.NUMKEYS_NOT_POSITIVE)
    if count < 1:
        raise CommandError(errors.NUMKEYS_NOT_POSITIVE)
    if count > len(args):
        raise CommandError(errors.NUMKEYS_TOO_MANY)
    limit = 0
    i = count
    while i < len(args):  # LIMIT may repeat; the last one counts
        if token(args[i]) != b"LIMIT" or i + 1 == len(args):
            raise _SYNTAX
        limit = parse_positive_int(args[i + 1], errors.LIMIT_NEGATIVE)
        i += 2
    return intersection_size(_lookup_all(ctx.db, args[:count]), limit)


@command(
    "sinterstore",
    arity=-3,
    flags="write denyoom",
    keys=(1, -1, 1),
    group="set",
    since="1.0.0",
    summary="Intersect multiple sets and store the resulting set in a key",
    complexity=_INTER_COMPLEXITY,
    key_specs=("RW update", "RO access"),
)
def sinterstore(ctx: Session, destination: bytes, *keys: bytes) -> int:
    """SINTERSTORE destination key [key ...]  ->  integer: the size of the stored intersection."""
    members = intersection(_lookup_all(ctx.db, keys))
    return _store(ctx.db, destination, RSet.of(members, intset_limit(ctx.server.config)))


@command(
    "sunion",
    arity=-2,
    flags="readonly",
    keys=(1, -1, 1),
    group="set",
    since="1.0.0",
    summary="Add multiple sets",
    complexity=_UNION_COMPLEXITY,
    key_specs="RO access",
    tips="nondeterministic_output_order",
)
def sunion(ctx: Session, *keys: bytes) -> RespSet:
    """SUNION key [key ...]  ->  set of the members any of the sets has."""
    return _reply(*_union_or_diff(ctx, keys, diff=False))


@command(
    "sunionstore",
    arity=-3,
    flags="write denyoom",
    keys=(1, -1, 1),
    group="set",
    since="1.0.0",
    summary="Add multiple sets and store the resulting set in a key",
    complexity=_UNION_COMPLEXITY,
    key_specs=("OW update", "RO access"),
)
def sunionstore(ctx: Session, destination: bytes, *keys: bytes) -> int:
    """SUNIONSTORE destination key [key ...]  ->  integer: the size of the stored union."""
    return _store_union_or_diff(ctx, destination, keys, diff=False)


@command(
    "sdiff",
    arity=-2,
    flags="readonly",
    keys=(1, -1, 1),
    group="set",
    since="1.0.0",
    summary="Subtract multiple sets",
    complexity=_UNION_COMPLEXITY,
    key_specs="RO access",
    tips="nondeterministic_output_order",
)
def sdiff(ctx: Session, *keys: bytes) -> RespSet:
    """SDIFF key [key ...]  ->  set of the first set's members that no other set has."""
    return _reply(*_union_or_diff(ctx, keys, diff=True))


@command(
    "sdiffstore",
    arity=-3,
    flags="write denyoom",
    keys=(1, -1, 1),
    group="set",
    since="1.0.0",
    summary="Subtract multiple sets and store the resulting set in a key",
    complexity=_UNION_COMPLEXITY,
    key_specs=("OW update", "RO access"),
)
def sdiffstore(ctx: Session, destination: bytes, *keys: bytes) -> int:
    """SDIFFSTORE destination key [key ...]  ->  integer: the size of the stored difference."""
    return _store_union_or_diff(ctx, destination, keys, diff=True)


def _store_union_or_diff(
    ctx: Session, destination: bytes, keys: tuple[bytes, ...], diff: bool
) -> int:
    members, intset = _union_or_diff(ctx, keys, diff)
    result = RSet.of(members, intset_limit(ctx.server.config))
    if not intset:
        result.intset = False
    return _store(ctx.db, destination, result)
