"""Blocking pops: BLPOP BRPOP BLMOVE BRPOPLPUSH BLMPOP BZPOPMIN BZPOPMAX BZMPOP.

Each is its non-blocking twin (LPOP, LMOVE, LMPOP, ZPOPMIN, ZMPOP) plus a ``timeout`` in
seconds, a double (0 waits forever). When one of the keys has data, the command answers at
once, exactly like the twin. Otherwise the client *blocks* (see ``miniredis/blocking.py``)
until a push to one of its keys serves it -- first-come first-served among the clients
blocked on that key -- or the timeout passes (a null array, ``*-1``, for *every* blocking
command, BLMOVE included), or another client sends ``CLIENT UNBLOCK``.

Facts verified on redis-server 7.0.15:

- Order of checks: BLPOP/BRPOP and the BZPOP pair read the timeout first, then the keys in
  order (a key of another type before the first non-empty one is ``WRONGTYPE``); BLMOVE reads
  its LEFT/RIGHT words, then the timeout, then source and destination; BLMPOP/BZMPOP read
  numkeys, the end word and COUNT first, the timeout after.
- The timeout is a ``long double`` times 1000, truncated to an integer of milliseconds:
  ``-0.0001`` is 0 (forever), ``-1``/``inf``/``1e16`` are "timeout is negative", ``nan``,
  ``abc`` and `` 1`` are "not a float", and ``0x10`` (strtold reads hex) is 16 seconds.
- Inside MULTI nothing blocks: an empty key answers as a timeout would, except that BLMOVE and
  BRPOPLPUSH answer a null *bulk* there (their twin's reply).
- A client served after blocking pops from the key that became ready, in signalling order:
  with ``BLPOP a b 0`` blocked, ``MULTI; RPUSH b x; RPUSH a y; EXEC`` serves it from ``b``.
- BLMOVE served onto a destination of the wrong type answers ``WRONGTYPE`` and pops nothing.
"""

from __future__ import annotations

from typing import Any

from miniredis import errors
from miniredis.blocking import block, in_transaction
from miniredis.commands.args import parse_long_double
from miniredis.commands.lists_move import mpop, parse_end, parse_mpop
from miniredis.commands.table import command
from miniredis.commands.zsets_pop import parse_zmpop, popped_reply, zmpop_keys, zpop
from miniredis.datatypes.rlist import RList, after_change, lookup_list
from miniredis.datatypes.zset import ZSet
from miniredis.errors import CommandError
from miniredis.protocol.encoder import round_long_double
from miniredis.protocol.replies import NULL_ARRAY
from miniredis.session import Session

_INT64_MAX = (1 << 63) - 1
_TIMEOUT_HISTORY = (("6.0.0", "`timeout` is interpreted as a double instead of an integer."),)


def parse_timeout(value: bytes) -> int:
    """A blocking timeout in seconds -> milliseconds, 0 meaning forever (getTimeoutFromObject).

    Redis reads a ``long double``, multiplies by 1000 and casts to ``long long``: the cast
    truncates toward zero (``-0.0001`` is 0, so forever) and anything beyond int64, infinities
    included, becomes INT64_MIN -- hence ``1e16`` and ``inf`` are "timeout is negative".
    """
    seconds = parse_long_double(value, errors.TIMEOUT_NOT_FLOAT)
    if isinstance(seconds, float):  # +-inf
        raise CommandError(errors.TIMEOUT_NEGATIVE)
    whole = int(round_long_double(seconds * 1000))  # int() truncates toward zero, as C does
    if whole < 0 or whole > _INT64_MAX:
        raise CommandError(errors.TIMEOUT_NEGATIVE)
    return whole


# --- BLPOP / BRPOP ---------------------------------------------------------------------------
def _bpop(ctx: Session, args: tuple[bytes, ...], left: bool) -> Any:
    """blockingPopGenericCommand: ``[key, element]`` from the first non-empty list, or block."""
    keys, timeout = args[:-1], parse_timeout(args[-1])
    db = ctx.db
    for key in keys:
        lst = lookup_list(db, key)
        if lst is not None:
            return _pop_one(ctx, key, left)
    if in_transaction(ctx):
        return NULL_ARRAY
    return block(ctx, keys, timeout, lambda key: _pop_one(ctx, key, left), RList)


def _pop_one(ctx: Session, key: bytes, left: bool) -> list[bytes]:
    db = ctx.db
    lst = lookup_list(db, key)
    assert lst is not None
    element = lst.popleft() if left else lst.pop()
    after_change(db, key, lst)
    return [key, element]


@command(
    "blpop",
    arity=-3,
    flags="write noscript blocking",
    keys=(1, -2, 1),
    group="list",
    since="2.0.0",
    summary="Remove and get the first element in a list, or block until one is available",
    complexity="O(N) where N is the number of provided keys.",
    key_specs="RW access delete",
    history=_TIMEOUT_HISTORY,
)
def blpop(ctx: Session, *args: bytes) -> Any:
    """BLPOP key [key ...] timeout  ->  array [key, element]; a null array on timeout."""
    return _bpop(ctx, args, left=True)


@command(
    "brpop",
    arity=-3,
    flags="write noscript blocking",
    keys=(1, -2, 1),
    group="list",
    since="2.0.0",
    summary="Remove and get the last element in a list, or block until one is available",
    complexity="O(N) where N is the number of provided keys.",
    key_specs="RW access delete",
    history=_TIMEOUT_HISTORY,
)
def brpop(ctx: Session, *args: bytes) -> Any:
    """BRPOP key [key ...] timeout  ->  array [key, element]; a null array on timeout."""
    return _bpop(ctx, args, left=False)


# --- BLMOVE / BRPOPLPUSH ---------------------------------------------------------------------
def _bmove(
    ctx: Session, source: bytes, destination: bytes, from_left: bool, to_left: bool, timeout: int
) -> Any:
    """blmoveGenericCommand: move now if the source has elements, else block on the source."""
    if lookup_list(ctx.db, source) is not None:
        return _move(ctx, source, destination, from_left, to_left)
    if in_transaction(ctx):
        return None  # the twin's null bulk, not a null array
    return block(
        ctx,
        (source,),
        timeout,
        lambda key: _move(ctx, key, destination, from_left, to_left),
        RList,
        writes=(destination,),
    )


def _move(ctx: Session, source: bytes, destination: bytes, from_left: bool, to_left: bool) -> Any:
    """LMOVE's work on a non-empty source; a destination of another type fails first."""
    db = ctx.db
    src = lookup_list(db, source)
    assert src is not None
    dst = lookup_list(db, destination)
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
    "blmove",
    arity=6,
    flags="write denyoom noscript blocking",
    keys=(1, 2, 1),
    group="list",
    since="6.2.0",
    summary="Pop an element from a list, push it to another list and return it; or block until "
    "one is available",
    complexity="O(1)",
    key_specs=("RW access delete", "RW insert"),
)
def blmove(
    ctx: Session,
    source: bytes,
    destination: bytes,
    wherefrom: bytes,
    whereto: bytes,
    timeout: bytes,
) -> Any:
    """BLMOVE source destination <LEFT | RIGHT> <LEFT | RIGHT> timeout  ->  bulk string: the element moved; a null array on timeout."""  # noqa: E501
    from_left, to_left = parse_end(wherefrom), parse_end(whereto)
    return _bmove(ctx, source, destination, from_left, to_left, parse_timeout(timeout))


@command(
    "brpoplpush",
    arity=4,
    flags="write denyoom noscript blocking",
    keys=(1, 2, 1),
    group="list",
    since="2.2.0",
    summary="Pop an element from a list, push it to another list and return it; or block until "
    "one is available",
    complexity="O(1)",
    key_specs=("RW access delete", "RW insert"),
    history=_TIMEOUT_HISTORY,
    doc_flags="deprecated",
    deprecated_since="6.2.0",
    replaced_by="`BLMOVE` with the `RIGHT` and `LEFT` arguments",
)
def brpoplpush(ctx: Session, source: bytes, destination: bytes, timeout: bytes) -> Any:
    """BRPOPLPUSH source destination timeout  ->  bulk string: the element moved; a null array on timeout."""  # noqa: E501
    return _bmove(ctx, source, destination, False, True, parse_timeout(timeout))


# --- BLMPOP ----------------------------------------------------------------------------------
@command(
    "blmpop",
    arity=-5,
    flags="write blocking movablekeys",
    group="list",
    since="7.0.0",
    summary="Pop elements from a list, or block until one is available",
    complexity="O(N+M) where N is the number of provided keys and M is the number of elements "
    "returned.",
    key_specs="RW access delete",
    keynum=(2, 0, 1, 1),
)
def blmpop(ctx: Session, timeout: bytes, *args: bytes) -> Any:
    """BLMPOP timeout numkeys key [key ...] <LEFT | RIGHT> [COUNT count]  ->  array [key, [elements]]; a null array on timeout."""  # noqa: E501
    keys, left, count = parse_mpop(args)
    timeout_ms = parse_timeout(timeout)
    popped = mpop(ctx.db, keys, left, count)
    if popped is not None:
        return popped
    if in_transaction(ctx):
        return NULL_ARRAY
    return block(ctx, keys, timeout_ms, lambda key: mpop(ctx.db, (key,), left, count), RList)


# --- BZPOPMIN / BZPOPMAX / BZMPOP ------------------------------------------------------------
def _bzpop(ctx: Session, args: tuple[bytes, ...], max_first: bool) -> Any:
    """blockingGenericZpopCommand: ``[key, member, score]`` from the first non-empty set."""
    keys, timeout = args[:-1], parse_timeout(args[-1])
    for key in keys:
        popped = zpop(ctx, key, 1, max_first)
        if popped is not None:
            return [key, *popped_reply(popped, nested=False)]
    if in_transaction(ctx):
        return NULL_ARRAY

    def serve(key: bytes) -> list[Any]:
        popped = zpop(ctx, key, 1, max_first)
        assert popped is not None
        return [key, *popped_reply(popped, nested=False)]

    return block(ctx, keys, timeout, serve, ZSet)


_BZPOP_COMPLEXITY = "O(log(N)) with N being the number of elements in the sorted set."


@command(
    "bzpopmin",
    arity=-3,
    flags="write noscript blocking fast",
    keys=(1, -2, 1),
    group="sorted_set",
    since="5.0.0",
    summary="Remove and return the member with the lowest score from one or more sorted sets, "
    "or block until one is available",
    complexity=_BZPOP_COMPLEXITY,
    key_specs="RW access delete",
    history=_TIMEOUT_HISTORY,
)
def bzpopmin(ctx: Session, *args: bytes) -> Any:
    """BZPOPMIN key [key ...] timeout  ->  array [key, member, score]; a null array on timeout."""
    return _bzpop(ctx, args, max_first=False)


@command(
    "bzpopmax",
    arity=-3,
    flags="write noscript blocking fast",
    keys=(1, -2, 1),
    group="sorted_set",
    since="5.0.0",
    summary="Remove and return the member with the highest score from one or more sorted sets, "
    "or block until one is available",
    complexity=_BZPOP_COMPLEXITY,
    key_specs="RW access delete",
    history=_TIMEOUT_HISTORY,
)
def bzpopmax(ctx: Session, *args: bytes) -> Any:
    """BZPOPMAX key [key ...] timeout  ->  array [key, member, score]; a null array on timeout."""
    return _bzpop(ctx, args, max_first=True)


@command(
    "bzmpop",
    arity=-5,
    flags="write blocking movablekeys",
    group="sorted_set",
    since="7.0.0",
    summary="Remove and return members with scores in a sorted set or block until one is available",
    complexity="O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of "
    "elements in the sorted set, and M being the number of elements popped.",
    key_specs="RW access delete",
    keynum=(2, 0, 1, 1),
)
def bzmpop(ctx: Session, timeout: bytes, *args: bytes) -> Any:
    """BZMPOP timeout numkeys key [key ...] <MIN | MAX> [COUNT count]  ->  array [key, [[member, score], ...]]; a null array on timeout."""  # noqa: E501
    keys, max_first, count = parse_zmpop(args)
    timeout_ms = parse_timeout(timeout)
    popped = zmpop_keys(ctx, keys, max_first, count)
    if popped is not None:
        return popped
    if in_transaction(ctx):
        return NULL_ARRAY
    return block(ctx, keys, timeout_ms, lambda key: zmpop_keys(ctx, (key,), max_first, count), ZSet)
