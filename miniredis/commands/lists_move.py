"""List commands that work on two lists, or pick one among several (Redis's ``t_list.c``).

``LMOVE source destination <LEFT | RIGHT> <LEFT | RIGHT>`` pops an element from one end of
``source`` and pushes it onto one end of ``destination``, in one atomic step -- the reliable
queue pattern: a worker moves a job from ``todo`` to ``processing`` and no crash can lose it.
``RPOPLPUSH`` is its older, fixed-direction form (``LMOVE s d RIGHT LEFT``). Source and
destination may be the same key: ``LMOVE k k LEFT RIGHT`` rotates the list.

``LMPOP numkeys key [key ...] <LEFT | RIGHT> [COUNT count]`` pops from the *first non-empty*
list among the keys, and says which one: ``[key, [elements]]``, or a null array when every list
is empty. Its keys are counted by ``numkeys``, so COMMAND INFO describes them with a ``keynum``
key spec and the ``movablekeys`` flag instead of a fixed key range.

**Order of checks** (redis-server 7.0.15): option words first (``syntax error``); then LMOVE
answers null for a missing source *before* it looks at the destination, and a destination of
the wrong type fails the command before anything is popped. LMPOP checks ``numkeys``, then that
a LEFT/RIGHT word follows the keys, then COUNT (once); a key of another type met before the
first non-empty list is ``WRONGTYPE``, one after it is never looked at.

The blocking variants (BLMOVE, BRPOPLPUSH, BLMPOP) are not here; :func:`parse_mpop` and
:func:`mpop` are written to be shared with BLMPOP.
"""

from __future__ import annotations

from typing import Any

from miniredis import errors
from miniredis.commands.args import parse_int, token
from miniredis.commands.table import command
from miniredis.datatypes.rlist import RList, after_change, lookup_list
from miniredis.errors import CommandError
from miniredis.keyspace.db import Database
from miniredis.protocol.replies import NULL_ARRAY
from miniredis.session import Session

_SYNTAX = CommandError(errors.SYNTAX)
_ENDS = {b"LEFT": True, b"RIGHT": False}


def parse_end(word: bytes) -> bool:
    """``LEFT`` -> True (the head), ``RIGHT`` -> False (the tail), any case, as a C string;
    anything else is a syntax error (getListPositionFromObjectOrReply)."""
    left = _ENDS.get(token(word))
    if left is None:
        raise _SYNTAX
    return left


# --- moving between lists --------------------------------------------------------------------
def _move(ctx: Session, source: bytes, destination: bytes, from_left: bool, to_left: bool) -> Any:
    """lmoveGenericCommand: pop from source, push onto destination (which may be source)."""
    db = ctx.db
    src = lookup_list(db, source)
    if src is None:
        return None
    dst = lookup_list(db, destination)  # WRONGTYPE here leaves the source untouched
    element = src.popleft() if from_left else src.pop()
    if dst is None:
        db.set(destination, RList((element,)))
    else:
        (dst.appendleft if to_left else dst.append)(element)
        if db.watchers:
            db.touch(destination)
    after_change(db, source, src)
    return element


@command(
    "lmove",
    arity=5,
    flags="write denyoom",
    keys=(1, 2, 1),
    group="list",
    since="6.2.0",
    summary="Pop an element from a list, push it to another list and return it",
    complexity="O(1)",
    key_specs=("RW access delete", "RW insert"),
)
def lmove(ctx: Session, source: bytes, destination: bytes, wherefrom: bytes, whereto: bytes) -> Any:
    """LMOVE source destination <LEFT | RIGHT> <LEFT | RIGHT>  ->  bulk string: the element moved, or null."""  # noqa: E501
    from_left, to_left = parse_end(wherefrom), parse_end(whereto)
    return _move(ctx, source, destination, from_left, to_left)


@command(
    "rpoplpush",
    arity=3,
    flags="write denyoom",
    keys=(1, 2, 1),
    group="list",
    since="1.2.0",
    summary="Remove the last element in a list, prepend it to another list and return it",
    complexity="O(1)",
    key_specs=("RW access delete", "RW insert"),
    doc_flags="deprecated",
    deprecated_since="6.2.0",
    replaced_by="`LMOVE` with the `RIGHT` and `LEFT` arguments",
)
def rpoplpush(ctx: Session, source: bytes, destination: bytes) -> Any:
    """RPOPLPUSH source destination  ->  bulk string: the element moved, or null."""
    return _move(ctx, source, destination, from_left=False, to_left=True)


# --- popping from the first non-empty list --------------------------------------------------
def parse_mpop(args: tuple[bytes, ...]) -> tuple[tuple[bytes, ...], bool, int]:
    """``numkeys key [key ...] <LEFT | RIGHT> [COUNT count]`` -> (keys, left, count).

    lmpopGenericCommand's parsing, shared with BLMPOP: numkeys must be a positive integer, the
    word after the keys must exist and be LEFT or RIGHT, then COUNT at most once.
    """
    numkeys = parse_int(args[0], errors.NUMKEYS_NOT_POSITIVE)
    if numkeys < 1:
        raise CommandError(errors.NUMKEYS_NOT_POSITIVE)
    if numkeys >= len(args) - 1:  # no word left for LEFT | RIGHT
        raise _SYNTAX
    keys = args[1 : numkeys + 1]
    left = parse_end(args[numkeys + 1])
    count = 0
    i = numkeys + 2
    while i < len(args):
        if count or token(args[i]) != b"COUNT" or i + 1 == len(args):
            raise _SYNTAX
        count = parse_int(args[i + 1], errors.COUNT_NOT_POSITIVE)
        if count < 1:
            raise CommandError(errors.COUNT_NOT_POSITIVE)
        i += 2
    return keys, left, count or 1


def mpop(db: Database, keys: tuple[bytes, ...], left: bool, count: int) -> list[Any] | None:
    """Pop from the first non-empty list among ``keys``: ``[key, [elements]]``, or None.

    A key of another type met before a list is found is ``WRONGTYPE``; one after is not seen.
    """
    for key in keys:
        lst = lookup_list(db, key)
        if lst is not None:
            elements = lst.pop_many(count, left)
            after_change(db, key, lst)
            return [key, elements]
    return None


@command(
    "lmpop",
    arity=-4,
    flags="write movablekeys",
    group="list",
    since="7.0.0",
    summary="Pop elements from a list",
    complexity="O(N+M) where N is the number of provided keys and M is the number of elements "
    "returned.",
    key_specs="RW access delete",
    keynum=(1, 0, 1, 1),
)
def lmpop(ctx: Session, *args: bytes) -> Any:
    """LMPOP numkeys key [key ...] <LEFT | RIGHT> [COUNT count]  ->  array [key, [elements]], or a null array."""  # noqa: E501
    keys, left, count = parse_mpop(args)
    popped = mpop(ctx.db, keys, left, count)
    return NULL_ARRAY if popped is None else popped
