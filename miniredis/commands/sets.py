"""Set commands on one set (Redis's ``t_set.c``); the algebra of several is in ``sets_algebra.py``.

A Redis *set* is an unordered collection of distinct byte strings: tags of an article, the
users online, the IPs seen today. Adding a member twice keeps one; asking "is it there?" is
O(1); ``SPOP``/``SRANDMEMBER`` draw members at random. The value is an
:class:`~miniredis.datatypes.rset.RSet` (see that module for Redis's two encodings,
``intset`` and ``hashtable``, and for the order members come back in).

| commands                                 | what they do                                 |
| ---------------------------------------- | -------------------------------------------- |
| SADD SREM                                | add / remove members; reply how many changed |
| SCARD SISMEMBER SMISMEMBER               | size; membership of one member or of several |
| SMEMBERS SSCAN                           | every member at once, or a cursor's worth    |
| SPOP SRANDMEMBER                         | random members, removed or not               |
| SMOVE                                    | move a member between two sets, atomically   |
| SINTER SUNION SDIFF (+STORE), SINTERCARD | set algebra (``sets_algebra.py``)            |

**Random members** (verified on redis-server 7.0.15):

- ``SPOP key`` answers one member or null; ``SPOP key count`` a *set* of up to ``count``
  distinct members (``~`` in RESP3), removing them; a count at or past the size takes the whole
  set and deletes the key. The count must be ``>= 0``, else (also for "abc")
  ``value is out of range, must be positive``;
- ``SRANDMEMBER key count`` leaves the set alone and answers an *array*: a positive count gives
  distinct members (the whole set if count >= size); a negative count gives exactly ``-count``
  members drawn independently, so repeats are possible. The count is any integer in
  ``-LONG_MAX..LONG_MAX`` ("abc" is ``not an integer``; ``-9223372036854775808`` is
  ``out of range, value must between ...``);
- with a count, a missing key answers an empty array/set, and a third argument is a
  ``syntax error`` (arity allows it, the command refuses it).

When Redis's SPOP takes most of a set (the remaining members times 5 are at most the count) it
builds a new set from what stays, so the encoding is recomputed: a hashtable whose remaining
members are few integers becomes an intset again, and the popped members come back in the old
set's order (sorted, for an intset). Both are mimicked (see :func:`_spop_count`).

**SSCAN** checks the cursor, then the key (missing: ``0`` and no members), then its options
(``MATCH pattern``, ``COUNT n`` >= 1; ``TYPE`` is SCAN's only). An intset is returned whole in
one call, whatever the cursor; a hashtable set is walked with the SCAN engine of
``keyspace/scan.py``, which returns every member present for the whole iteration.
"""

from __future__ import annotations

import random
from typing import Any

from miniredis import errors
from miniredis.commands import sets_algebra  # noqa: F401  (registers SINTER, SUNION...)
from miniredis.commands.args import (
    INT64_MIN,
    parse_cursor,
    parse_int,
    parse_positive_int,
    parse_scan_options,
)
from miniredis.commands.table import command
from miniredis.datatypes.rset import (
    RSet,
    after_change,
    fits_intset,
    intset_limit,
    lookup_set,
    numeric_order,
)
from miniredis.errors import CommandError
from miniredis.keyspace.db import WRONGTYPE
from miniredis.keyspace.glob import compile_pattern
from miniredis.protocol.replies import RespSet
from miniredis.session import Session

_SYNTAX = CommandError(errors.SYNTAX)
_MULTI_COMPLEXITY = (
    "O(1) for each element added, so O(N) to add N elements when the command is called with "
    "multiple arguments."
)
SPOP_MOVE_STRATEGY_MUL = 5  # t_set.c: when to rebuild the set instead of popping one by one


# --- adding and removing ---------------------------------------------------------------------
@command(
    "sadd",
    arity=-3,
    flags="write denyoom fast",
    keys=(1, 1, 1),
    group="set",
    since="1.0.0",
    summary="Add one or more members to a set",
    complexity=_MULTI_COMPLEXITY,
    key_specs="RW insert",
    history=(("2.4.0", "Accepts multiple `member` arguments."),),
)
def sadd(ctx: Session, key: bytes, *members: bytes) -> int:
    """SADD key member [member ...]  ->  integer: how many members were new."""
    db = ctx.db
    rset = db.lookup(key)
    if rset is None:
        rset = RSet.of(members, intset_limit(ctx.server.config))
        db.set(key, rset)
        return len(rset)
    if type(rset) is not RSet:
        raise WRONGTYPE
    added = rset.add_many(members, intset_limit(ctx.server.config))
    if added and db.watchers:
        db.touch(key)
    return added


@command(
    "srem",
    arity=-3,
    flags="write fast",
    keys=(1, 1, 1),
    group="set",
    since="1.0.0",
    summary="Remove one or more members from a set",
    complexity="O(N) where N is the number of members to be removed.",
    key_specs="RW delete",
    history=(("2.4.0", "Accepts multiple `member` arguments."),),
)
def srem(ctx: Session, key: bytes, *members: bytes) -> int:
    """SREM key member [member ...]  ->  integer: how many members were removed."""
    db = ctx.db
    rset = lookup_set(db, key)
    if rset is None:
        return 0
    removed = 0
    for member in members:
        if rset.remove(member):
            removed += 1
            if not rset.items:  # Redis stops here: the set, and so the key, is gone
                break
    if removed:
        after_change(db, key, rset)
    return removed


@command(
    "smove",
    arity=4,
    flags="write fast",
    keys=(1, 2, 1),
    group="set",
    since="1.0.0",
    summary="Move a member from one set to another",
    complexity="O(1)",
    key_specs=("RW access delete", "RW insert"),
)
def smove(ctx: Session, source: bytes, destination: bytes, member: bytes) -> int:
    """SMOVE source destination member  ->  integer: 1 if moved, 0 if not a member of source."""
    db = ctx.db
    src = db.lookup(source)
    dst = db.lookup(destination)
    if src is None:
        return 0  # even when the destination holds another type
    if type(src) is not RSet or (dst is not None and type(dst) is not RSet):
        raise WRONGTYPE
    if src is dst:
        return int(member in src)
    if not src.remove(member):
        return 0
    after_change(db, source, src)
    limit = intset_limit(ctx.server.config)
    if dst is None:
        db.set(destination, RSet.of((member,), limit))
    elif dst.add_many((member,), limit) and db.watchers:
        db.touch(destination)
    return 1


# --- reading ---------------------------------------------------------------------------------
@command(
    "scard",
    arity=2,
    flags="readonly fast",
    keys=(1, 1, 1),
    group="set",
    since="1.0.0",
    summary="Get the number of members in a set",
    complexity="O(1)",
    key_specs="RO",
)
def scard(ctx: Session, key: bytes) -> int:
    """SCARD key  ->  integer: the number of members, 0 when the key is missing."""
    rset = lookup_set(ctx.db, key)
    return 0 if rset is None else len(rset.items)


@command(
    "sismember",
    arity=3,
    flags="readonly fast",
    keys=(1, 1, 1),
    group="set",
    since="1.0.0",
    summary="Determine if a given value is a member of a set",
    complexity="O(1)",
    key_specs="RO",
)
def sismember(ctx: Session, key: bytes, member: bytes) -> int:
    """SISMEMBER key member  ->  integer: 1 if member is in the set, else 0."""
    rset = lookup_set(ctx.db, key)
    return int(rset is not None and member in rset.index)


@command(
    "smismember",
    arity=-3,
    flags="readonly fast",
    keys=(1, 1, 1),
    group="set",
    since="6.2.0",
    summary="Returns the membership associated with the given elements for a set",
    complexity="O(N) where N is the number of elements being checked for membership",
    key_specs="RO access",
)
def smismember(ctx: Session, key: bytes, *members: bytes) -> list[int]:
    """SMISMEMBER key member [member ...]  ->  array of integers: 1 or 0 for each member."""
    rset = lookup_set(ctx.db, key)
    if rset is None:
        return [0] * len(members)
    index = rset.index
    return [int(member in index) for member in members]


@command(
    "smembers",
    arity=2,
    flags="readonly",
    keys=(1, 1, 1),
    group="set",
    since="1.0.0",
    summary="Get all the members in a set",
    complexity="O(N) where N is the set cardinality.",
    key_specs="RO access",
    tips="nondeterministic_output_order",
)
def smembers(ctx: Session, key: bytes) -> RespSet:
    """SMEMBERS key  ->  set of every member (an array in RESP2); empty when the key is missing."""
    rset = lookup_set(ctx.db, key)
    return RespSet() if rset is None else RespSet(rset.ordered())


# --- random members --------------------------------------------------------------------------
@command(
    "spop",
    arity=-2,
    flags="write fast",
    keys=(1, 1, 1),
    group="set",
    since="1.0.0",
    summary="Remove and return one or multiple random members from a set",
    complexity="Without the count argument O(1), otherwise O(N) where N is the value of the "
    "passed count.",
    key_specs="RW access delete",
    tips="nondeterministic_output",
    history=(("3.2.0", "Added the `count` argument."),),
)
def spop(ctx: Session, key: bytes, *count: bytes) -> Any:
    """SPOP key [count]  ->  bulk string or null; with count a set of the popped members."""
    if len(count) > 1:
        raise _SYNTAX
    how_many = parse_positive_int(count[0], errors.MUST_BE_POSITIVE) if count else 0
    db = ctx.db
    rset = lookup_set(db, key)
    if not count:
        if rset is None:
            return None
        member = rset.pop_random()
        after_change(db, key, rset)
        return member
    if rset is None or how_many == 0:
        return RespSet()
    return RespSet(_spop_count(ctx, key, rset, how_many))


def _spop_count(ctx: Session, key: bytes, rset: RSet, count: int) -> list[bytes]:
    """spopWithCountCommand's three cases, with the encodings and orders they leave."""
    db = ctx.db
    limit = intset_limit(ctx.server.config)
    size = len(rset.items)
    if count >= size:  # case 1: the whole set, replied as SUNION would, and the key goes
        members = list(rset.ordered())
        if not rset.intset and fits_intset(members, limit):
            members = numeric_order(members)
        db.delete(key)
        return members
    was_intset = rset.intset
    popped = rset.pop_sample(count)
    if (size - count) * SPOP_MOVE_STRATEGY_MUL <= count:
        # case 3: Redis builds a new set of the survivors and replies the old one's members
        rset.reencode(limit)
        if was_intset:
            popped = numeric_order(popped)
    after_change(db, key, rset)
    return popped


@command(
    "srandmember",
    arity=-2,
    flags="readonly",
    keys=(1, 1, 1),
    group="set",
    since="1.0.0",
    summary="Get one or multiple random members from a set",
    complexity="Without the count argument O(1), otherwise O(N) where N is the absolute value of "
    "the passed count.",
    key_specs="RO access",
    tips="nondeterministic_output",
    history=(("2.6.0", "Added the optional `count` argument."),),
)
def srandmember(ctx: Session, key: bytes, *count: bytes) -> Any:
    """SRANDMEMBER key [count]  ->  bulk string or null; with count an array (repeats if count < 0)."""  # noqa: E501
    if len(count) > 1:
        raise _SYNTAX
    how_many = 0
    if count:
        how_many = parse_int(count[0])
        if how_many == INT64_MIN:
            raise CommandError(errors.not_between(INT64_MIN + 1, -(INT64_MIN + 1)))
    rset = lookup_set(ctx.db, key)
    if not count:
        return None if rset is None else rset.random_member()
    if rset is None or how_many == 0:
        return []
    items = rset.items
    if how_many < 0 or how_many == 1:  # drawn independently: repeats allowed
        return random.choices(items, k=abs(how_many))
    if how_many >= len(items):
        return list(rset.ordered())
    return random.sample(items, how_many)


# --- SSCAN -----------------------------------------------------------------------------------
@command(
    "sscan",
    arity=-3,
    flags="readonly",
    keys=(1, 1, 1),
    group="set",
    since="2.8.0",
    summary="Incrementally iterate Set elements",
    complexity="O(1) for every call. O(N) for a complete iteration, including enough command "
    "calls for the cursor to return back to 0. N is the number of elements inside the "
    "collection..",
    key_specs="RO access",
    tips="nondeterministic_output",
)
def sscan(ctx: Session, key: bytes, cursor: bytes, *options: bytes) -> list[Any]:
    """SSCAN key cursor [MATCH pattern] [COUNT count]  ->  array: [next cursor, [members]]."""
    position = parse_cursor(cursor)
    rset = lookup_set(ctx.db, key)
    if rset is None:
        return [b"0", []]
    count, pattern = parse_scan_options(options)
    if rset.intset:  # a compact encoding is returned whole, whatever the cursor
        next_cursor, found = 0, list(rset.ordered())
    else:
        next_cursor, found = rset.scan_state().step(rset.index, position, count)
    if pattern is not None:
        matches = compile_pattern(pattern)
        found = [member for member in found if matches(member)]
    return [str(next_cursor).encode(), found]
