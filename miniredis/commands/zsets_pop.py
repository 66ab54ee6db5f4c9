"""Popping from sorted sets (Redis's ``t_zset.c``): ZPOPMIN, ZPOPMAX, ZMPOP.

``ZPOPMIN key [count]`` removes and returns the members with the lowest scores (``ZPOPMAX``
the highest): a priority queue whose priorities are the scores. ``ZMPOP numkeys key [key ...]
<MIN | MAX> [COUNT count]`` pops from the *first non-empty* sorted set among several keys and
says which one. The set's key is deleted when its last member goes.

Reply shapes (redis-server 7.0.15):

- ``ZPOPMIN k`` -> ``[member, score]``, flat in both protocols (empty array when k is missing);
- ``ZPOPMIN k 2`` -> ``[m1, s1, m2, s2]`` in RESP2, ``[[m1, s1], [m2, s2]]`` in RESP3;
- ``ZMPOP`` -> ``[key, [[m1, s1], ...]]`` -- nested in RESP2 too -- or a null array.

The count of ZPOPMIN is "positive" (``value is out of range, must be positive`` for a negative
or non-numeric count) and 0 gives an empty array; ZMPOP's COUNT must be at least 1.

The blocking variants (BZPOPMIN, BZPOPMAX, BZMPOP) live with the other blocking commands;
:func:`zpop`, :func:`popped_reply`, :func:`parse_zmpop` and :func:`zmpop_keys` are written for
them.
"""

from __future__ import annotations

from typing import Any

from miniredis import errors
from miniredis.commands.args import parse_int, parse_positive_int, token
from miniredis.commands.table import command
from miniredis.datatypes.zset import after_change, lookup_zset
from miniredis.errors import CommandError
from miniredis.keyspace.db import Database
from miniredis.protocol.replies import NULL_ARRAY
from miniredis.session import Session

_SYNTAX = CommandError(errors.SYNTAX)
_ENDS = {b"MIN": False, b"MAX": True}


def zpop(ctx: Session, key: bytes, count: int, max_first: bool) -> list[tuple[bytes, float]] | None:
    """Pop up to ``count`` members of the sorted set at ``key`` from its low end (its high end
    when ``max_first``): (member, score) pairs in popping order; None when the key is missing.

    ``WRONGTYPE`` for another type; the key goes when it becomes empty; WATCHers are told.
    """
    return _pop(ctx.db, key, count, max_first)


def _pop(db: Database, key: bytes, count: int, max_first: bool) -> list[tuple[bytes, float]] | None:
    zset = lookup_zset(db, key)
    if zset is None:
        return None
    popped = zset.pop(count, max_first)
    after_change(db, key, zset)
    return popped


def popped_reply(popped: list[tuple[bytes, float]], nested: bool) -> list[Any]:
    """``[m1, s1, m2, s2]``, or ``[[m1, s1], [m2, s2]]`` when ``nested``."""
    if nested:
        return [[member, score] for member, score in popped]
    flat: list[Any] = []
    for member, score in popped:
        flat += (member, score)
    return flat


def _zpop_command(ctx: Session, key: bytes, rest: tuple[bytes, ...], max_first: bool) -> Any:
    """zpopMinMaxCommand: count parsed first, then the key."""
    if len(rest) > 1:
        raise _SYNTAX
    count = parse_positive_int(rest[0], errors.MUST_BE_POSITIVE) if rest else 1
    db = ctx.db
    if count == 0:
        lookup_zset(db, key)  # WRONGTYPE still applies
        return []
    popped = _pop(db, key, count, max_first)
    if popped is None:
        return []
    return popped_reply(popped, nested=bool(rest) and ctx.protocol == 3)


_POP_COMPLEXITY = (
    "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number "
    "of elements popped."
)


@command(
    "zpopmin",
    arity=-2,
    flags="write fast",
    keys=(1, 1, 1),
    group="sorted_set",
    since="5.0.0",
    summary="Remove and return members with the lowest scores in a sorted set",
    complexity=_POP_COMPLEXITY,
    key_specs="RW access delete",
)
def zpopmin(ctx: Session, key: bytes, *count: bytes) -> Any:
    """ZPOPMIN key [count]  ->  array: member, score (with count, RESP3 nests the pairs)."""
    return _zpop_command(ctx, key, count, max_first=False)


@command(
    "zpopmax",
    arity=-2,
    flags="write fast",
    keys=(1, 1, 1),
    group="sorted_set",
    since="5.0.0",
    summary="Remove and return members with the highest scores in a sorted set",
    complexity=_POP_COMPLEXITY,
    key_specs="RW access delete",
)
def zpopmax(ctx: Session, key: bytes, *count: bytes) -> Any:
    """ZPOPMAX key [count]  ->  array: member, score (with count, RESP3 nests the pairs)."""
    return _zpop_command(ctx, key, count, max_first=True)


# --- ZMPOP -----------------------------------------------------------------------------------
def parse_zmpop(args: tuple[bytes, ...]) -> tuple[tuple[bytes, ...], bool, int]:
    """``numkeys key [key ...] <MIN | MAX> [COUNT count]`` -> (keys, max_first, count).

    zmpopGenericCommand's parsing, shared with BZMPOP: numkeys at least 1, then a MIN/MAX
    word after the keys (``syntax error`` when missing or another word), then COUNT once.
    """
    numkeys = parse_int(args[0], errors.NUMKEYS_NOT_POSITIVE)
    if numkeys < 1:
        raise CommandError(errors.NUMKEYS_NOT_POSITIVE)
    if numkeys + 1 >= len(args):
        raise _SYNTAX
    max_first = _ENDS.get(token(args[numkeys + 1]))
    if max_first is None:
        raise _SYNTAX
    count = 0
    i = numkeys + 2
    while i < len(args):
        if count or token(args[i]) != b"COUNT" or i + 1 == len(args):
            raise _SYNTAX
        count = parse_int(args[i + 1], errors.COUNT_NOT_POSITIVE)
        if count < 1:
            raise CommandError(errors.COUNT_NOT_POSITIVE)
        i += 2
    return args[1 : numkeys + 1], max_first, count or 1


def zmpop_keys(ctx: Session, keys: tuple[bytes, ...], max_first: bool, count: int) -> Any:
    """Pop from the first non-empty sorted set among ``keys``: ``[key, [[m, s], ...]]``, or
    None. A key of another type met before it is ``WRONGTYPE``; keys after it are not seen."""
    db = ctx.db
    for key in keys:
        popped = _pop(db, key, count, max_first)
        if popped is not None:
            return [key, popped_reply(popped, nested=True)]
    return None


@command(
    "zmpop",
    arity=-4,
    flags="write movablekeys",
    group="sorted_set",
    since="7.0.0",
    summary="Remove and return members with scores in a sorted set",
    complexity="O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of "
    "elements in the sorted set, and M being the number of elements popped.",
    key_specs="RW access delete",
    keynum=(1, 0, 1, 1),
)
def zmpop(ctx: Session, *args: bytes) -> Any:
    """ZMPOP numkeys key [key ...] <MIN | MAX> [COUNT count]  ->  array [key, [[member, score], ...]], or a null array."""  # noqa: E501
    keys, max_first, count = parse_zmpop(args)
    popped = zmpop_keys(ctx, keys, max_first, count)
    return NULL_ARRAY if popped is None else popped
