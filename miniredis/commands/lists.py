"""List commands (Redis's ``t_list.c``), the non-blocking ones.

A Redis *list* is a sequence of byte strings in insertion order, built for work at its two
ends: ``LPUSH``/``RPUSH`` add at the head (left) or tail (right), ``LPOP``/``RPOP`` take from
there, all O(1) -- the shape of a queue, a stack or a capped log (``LPUSH`` + ``LTRIM``).
Reaching into the middle (``LINDEX``, ``LSET``, ``LINSERT``, ``LREM``) walks the list. The
value is an :class:`~miniredis.datatypes.rlist.RList`, a ``deque`` (see that module for the
empty-list and negative-index rules).

| commands                        | what they do                                            |
| ------------------------------- | ------------------------------------------------------- |
| LPUSH RPUSH LPUSHX RPUSHX       | add at an end; the X forms only to an existing list     |
| LPOP RPOP                       | take from an end; with a count, several at once         |
| LLEN LRANGE LINDEX LPOS         | read: length, a range, one index, where an element is   |
| LSET LINSERT LREM LTRIM         | change the middle                                       |
| LMOVE RPOPLPUSH LMPOP           | between lists, or among several (``lists_move.py``)     |

**Order of checks**, verified on redis-server 7.0.15, as Redis orders them:

- numbers and option words are parsed *before* the key is looked up, so a bad count is an
  error even on a missing key -- except ``LINDEX`` and ``LSET``, which look up first
  (``LINDEX nokey abc`` is null, ``LSET nokey abc x`` is ``no such key``);
- the ``LPOP``/``RPOP`` count and the ``LPOS`` options take their own error texts for *both*
  "not a number" and "negative" (``LPOP k abc``: ``value is out of range, must be positive``);

**Missing keys** behave as empty lists: ``LLEN`` 0, ``LRANGE`` empty, ``LPOP`` null -- a null
*array* (``*-1``) when a count was given, because the reply would have been an array.

**WATCH.** A new list goes in with ``db.set``, a list that becomes empty goes with
``db.delete``, and a list changed in place calls ``touch`` (Redis's ``signalModifiedKey``).
Like Redis, ``LSET`` and ``LTRIM`` always count as a change; ``LREM``, ``LINSERT`` and a
zero-count pop only when they changed something.

Blocking variants (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP) are not here.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from miniredis import errors
from miniredis.commands import lists_move  # noqa: F401  (registers LMOVE, LMPOP...)
from miniredis.commands.args import INT64_MIN, parse_int, parse_positive_int, token
from miniredis.commands.table import command
from miniredis.datatypes.rlist import RList, after_change, clamp_range, lookup_list
from miniredis.errors import CommandError
from miniredis.keyspace.db import WRONGTYPE
from miniredis.protocol.replies import NULL_ARRAY, OK
from miniredis.session import Session

_SYNTAX = CommandError(errors.SYNTAX)
_PUSH_COMPLEXITY = (
    "O(1) for each element added, so O(N) to add N elements when the command is called with "
    "multiple arguments."
)


# --- pushing ---------------------------------------------------------------------------------
def _push(ctx: Session, key: bytes, elements: tuple[bytes, ...], left: bool, xx: bool) -> int:
    """pushGenericCommand: LPUSH/RPUSH create the list, the X forms answer 0 when it is missing."""
    db = ctx.db
    lst = db.lookup(key)
    if lst is None:
        if xx:
            return 0
        lst = RList()
        (lst.extendleft if left else lst.extend)(elements)
        db.set(key, lst)
        return len(lst)
    if type(lst) is not RList:
        raise WRONGTYPE
    (lst.extendleft if left else lst.extend)(elements)
    if db.watchers:
        db.touch(key)
    return len(lst)


@command(
    "lpush",
    arity=-3,
    flags="write denyoom fast",
    keys=(1, 1, 1),
    group="list",
    since="1.0.0",
    summary="Prepend one or multiple elements to a list",
    complexity=_PUSH_COMPLEXITY,
    key_specs="RW insert",
    history=(("2.4.0", "Accepts multiple `element` arguments."),),
)
def lpush(ctx: Session, key: bytes, *elements: bytes) -> int:
    """LPUSH key element [element ...]  ->  integer: the list's length after the push."""
    return _push(ctx, key, elements, left=True, xx=False)


@command(
    "rpush",
    arity=-3,
    flags="write denyoom fast",
    keys=(1, 1, 1),
    group="list",
    since="1.0.0",
    summary="Append one or multiple elements to a list",
    complexity=_PUSH_COMPLEXITY,
    key_specs="RW insert",
    history=(("2.4.0", "Accepts multiple `element` arguments."),),
)
def rpush(ctx: Session, key: bytes, *elements: bytes) -> int:
    """RPUSH key element [element ...]  ->  integer: the list's length after the push."""
    return _push(ctx, key, elements, left=False, xx=False)


@command(
    "lpushx",
    arity=-3,
    flags="write denyoom fast",
    keys=(1, 1, 1),
    group="list",
    since="2.2.0",
    summary="Prepend an element to a list, only if the list exists",
    complexity=_PUSH_COMPLEXITY,
    key_specs="RW insert",
    history=(("4.0.0", "Accepts multiple `element` arguments."),),
)
def lpushx(ctx: Session, key: bytes, *elements: bytes) -> int:
    """LPUSHX key element [element ...]  ->  integer: the new length, 0 if the key is missing."""
    return _push(ctx, key, elements, left=True, xx=True)


@command(
    "rpushx",
    arity=-3,
    flags="write denyoom fast",
    keys=(1, 1, 1),
    group="list",
    since="2.2.0",
    summary="Append an element to a list, only if the list exists",
    complexity=_PUSH_COMPLEXITY,
    key_specs="RW insert",
    history=(("4.0.0", "Accepts multiple `element` arguments."),),
)
def rpushx(ctx: Session, key: bytes, *elements: bytes) -> int:
    """RPUSHX key element [element ...]  ->  integer: the new length, 0 if the key is missing."""
    return _push(ctx, key, elements, left=False, xx=True)


# --- popping ---------------------------------------------------------------------------------
def _pop(ctx: Session, name: str, key: bytes, rest: tuple[bytes, ...], left: bool) -> Any:
    """popGenericCommand: one element (bulk / null) or, with a count, an array / null array."""
    count = 0
    if rest:
        if len(rest) > 1:  # arity -2 lets "LPOP k 1 2" through; the command refuses it
            raise CommandError(errors.wrong_arity(name))
        count = parse_positive_int(rest[0], errors.MUST_BE_POSITIVE)
    db = ctx.db
    lst = lookup_list(db, key)
    if lst is None:
        return NULL_ARRAY if rest else None
    if not rest:
        element = lst.popleft() if left else lst.pop()
        after_change(db, key, lst)
        return element
    if count == 0:
        return []
    elements = lst.pop_many(count, left)
    after_change(db, key, lst)
    return elements


@command(
    "lpop",
    arity=-2,
    flags="write fast",
    keys=(1, 1, 1),
    group="list",
    since="1.0.0",
    summary="Remove and get the first elements in a list",
    complexity="O(N) where N is the number of elements returned",
    key_specs="RW access delete",
    history=(("6.2.0", "Added the `count` argument."),),
)
def lpop(ctx: Session, key: bytes, *count: bytes) -> Any:
    """LPOP key [count]  ->  bulk string or null; with count an array, or a null array."""
    return _pop(ctx, "lpop", key, count, left=True)


@command(
    "rpop",
    arity=-2,
    flags="write fast",
    keys=(1, 1, 1),
    group="list",
    since="1.0.0",
    summary="Remove and get the last elements in a list",
    complexity="O(N) where N is the number of elements returned",
    key_specs="RW access delete",
    history=(("6.2.0", "Added the `count` argument."),),
)
def rpop(ctx: Session, key: bytes, *count: bytes) -> Any:
    """RPOP key [count]  ->  bulk string or null; with count an array, or a null array."""
    return _pop(ctx, "rpop", key, count, left=False)


# --- reading ---------------------------------------------------------------------------------
@command(
    "llen",
    arity=2,
    flags="readonly fast",
    keys=(1, 1, 1),
    group="list",
    since="1.0.0",
    summary="Get the length of a list",
    complexity="O(1)",
    key_specs="RO",
)
def llen(ctx: Session, key: bytes) -> int:
    """LLEN key  ->  integer: the number of elements, 0 when the key is missing."""
    lst = lookup_list(ctx.db, key)
    return 0 if lst is None else len(lst)


@command(
    "lrange",
    arity=4,
    flags="readonly",
    keys=(1, 1, 1),
    group="list",
    since="1.0.0",
    summary="Get a range of elements from a list",
    complexity="O(S+N) where S is the distance of start offset from HEAD for small lists, from "
    "nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the "
    "specified range.",
    key_specs="RO access",
)
def lrange(ctx: Session, key: bytes, start: bytes, stop: bytes) -> list[bytes]:
    """LRANGE key start stop  ->  array of the elements from start to stop, both inclusive."""
    first, last = parse_int(start), parse_int(stop)
    lst = lookup_list(ctx.db, key)
    if lst is None:
        return []
    bounds = clamp_range(first, last, len(lst))
    return [] if bounds is None else lst.slice(*bounds)


@command(
    "lindex",
    arity=3,
    flags="readonly",
    keys=(1, 1, 1),
    group="list",
    since="1.0.0",
    summary="Get an element from a list by its index",
    complexity="O(N) where N is the number of elements to traverse to get to the element at "
    "index. This makes asking for the first or the last element of the list O(1).",
    key_specs="RO access",
)
def lindex(ctx: Session, key: bytes, index: bytes) -> bytes | None:
    """LINDEX key index  ->  bulk string, or null when the index is out of range."""
    lst = lookup_list(ctx.db, key)
    if lst is None:
        return None
    position = parse_int(index)
    return lst[position] if -len(lst) <= position < len(lst) else None


@command(
    "lpos",
    arity=-3,
    flags="readonly",
    keys=(1, 1, 1),
    group="list",
    since="6.0.6",
    summary="Return the index of matching elements on a list",
    complexity="O(N) where N is the number of elements in the list, for the average case. When "
    "searching for elements near the head or the tail of the list, or when the MAXLEN option "
    "is provided, the command may run in constant time.",
    key_specs="RO access",
)
def lpos(ctx: Session, key: bytes, element: bytes, *options: bytes) -> Any:
    """LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]  ->  integer or null; with COUNT an array."""  # noqa: E501
    rank, count, maxlen = 1, None, 0
    i = 0
    while i < len(options):
        word = token(options[i])
        if i + 1 == len(options) or word not in (b"RANK", b"COUNT", b"MAXLEN"):
            raise _SYNTAX
        value = options[i + 1]
        if word == b"RANK":
            rank = parse_int(value)
            if rank == 0:
                raise CommandError(errors.LPOS_RANK_ZERO)
        elif word == b"COUNT":
            count = parse_positive_int(value, errors.LPOS_COUNT_NEGATIVE)
        else:
            maxlen = parse_positive_int(value, errors.LPOS_MAXLEN_NEGATIVE)
        i += 2
    lst = lookup_list(ctx.db, key)
    if lst is None:
        return None if count is None else []
    return _positions(lst, element, rank, count, maxlen)


def _positions(lst: RList, element: bytes, rank: int, count: int | None, maxlen: int) -> Any:
    """lposCommand's scan. A negative rank searches from the tail.

    Redis 7.0 negates a negative rank in C, so ``RANK -9223372036854775808`` stays negative:
    every match then qualifies and COUNT never stops the scan (7.2 rejects that rank).
    Reproduced here: such a rank acts as -1 whose COUNT is ignored.
    """
    length = len(lst)
    from_tail = rank < 0
    wrapped = rank == INT64_MIN
    rank = 1 if wrapped else abs(rank)
    found: list[int] = []
    matches = 0
    scan = reversed(lst) if from_tail else iter(lst)
    if maxlen:
        scan = islice(scan, maxlen)
    for index, item in enumerate(scan):
        if item != element:
            continue
        matches += 1
        if matches < rank:
            continue
        position = length - 1 - index if from_tail else index
        if count is None:
            return position
        found.append(position)
        if count and not wrapped and matches - rank + 1 >= count:
            break
    return None if count is None else found


# --- changing the middle ---------------------------------------------------------------------
@command(
    "lset",
    arity=4,
    flags="write denyoom",
    keys=(1, 1, 1),
    group="list",
    since="1.0.0",
    summary="Set the value of an element in a list by its index",
    complexity="O(N) where N is the length of the list. Setting either the first or the last "
    "element of the list is O(1).",
    key_specs="RW update",
)
def lset(ctx: Session, key: bytes, index: bytes, element: bytes) -> Any:
    """LSET key index element  ->  +OK; ``no such key``, or ``index out of range``."""
    db = ctx.db
    lst = lookup_list(db, key)
    if lst is None:
        raise CommandError(errors.NO_SUCH_KEY)
    position = parse_int(index)
    if not -len(lst) <= position < len(lst):
        raise CommandError(errors.INDEX_OUT_OF_RANGE)
    lst[position] = element
    if db.watchers:
        db.touch(key)
    return OK


@command(
    "linsert",
    arity=5,
    flags="write denyoom",
    keys=(1, 1, 1),
    group="list",
    since="2.2.0",
    summary="Insert an element before or after another element in a list",
    complexity="O(N) where N is the number of elements to traverse before seeing the value "
    "pivot. This means that inserting somewhere on the left end on the list (head) can be "
    "considered O(1) and inserting somewhere on the right end (tail) is O(N).",
    key_specs="RW insert",
)
def linsert(ctx: Session, key: bytes, where: bytes, pivot: bytes, element: bytes) -> int:
    """LINSERT key <BEFORE | AFTER> pivot element  ->  integer: the new length; -1 without the pivot, 0 without the key."""  # noqa: E501
    word = token(where)
    if word not in (b"BEFORE", b"AFTER"):
        raise _SYNTAX
    db = ctx.db
    lst = lookup_list(db, key)
    if lst is None:
        return 0
    try:
        position = lst.index(pivot)
    except ValueError:
        return -1
    lst.insert(position + (word == b"AFTER"), element)
    if db.watchers:
        db.touch(key)
    return len(lst)


@command(
    "lrem",
    arity=4,
    flags="write",
    keys=(1, 1, 1),
    group="list",
    since="1.0.0",
    summary="Remove elements from a list",
    complexity="O(N+M) where N is the length of the list and M is the number of elements removed.",
    key_specs="RW delete",
)
def lrem(ctx: Session, key: bytes, count: bytes, element: bytes) -> int:
    """LREM key count element  ->  integer: how many were removed (count > 0 from the head, < 0 from the tail, 0 all)."""  # noqa: E501
    how_many = parse_int(count)
    db = ctx.db
    lst = lookup_list(db, key)
    if lst is None:
        return 0
    removed = lst.remove_matches(element, how_many)
    if removed:
        after_change(db, key, lst)
    return removed


@command(
    "ltrim",
    arity=4,
    flags="write",
    keys=(1, 1, 1),
    group="list",
    since="1.0.0",
    summary="Trim a list to the specified range",
    complexity="O(N) where N is the number of elements to be removed by the operation.",
    key_specs="RW delete",
)
def ltrim(ctx: Session, key: bytes, start: bytes, stop: bytes) -> Any:
    """LTRIM key start stop  ->  +OK; the list keeps only start..stop (the key goes if none)."""
    first, last = parse_int(start), parse_int(stop)
    db = ctx.db
    lst = lookup_list(db, key)
    if lst is None:
        return OK
    bounds = clamp_range(first, last, len(lst))
    if bounds is None:
        lst.clear()
    else:
        lst.trim(*bounds)
    after_change(db, key, lst)
    return OK
