"""Transactions: MULTI, EXEC, DISCARD, WATCH, UNWATCH (Redis's ``multi.c``).

Between MULTI and EXEC the dispatcher *queues* commands instead of running them and answers
``+QUEUED``. EXEC then runs the whole queue at once; since miniredis, like Redis, runs one
command at a time, nothing from another client can interleave. A command refused while
queueing (unknown, wrong arity) poisons the transaction and EXEC answers EXECABORT.

WATCH adds optimistic locking: if any WATCHed key is modified (by anyone) before EXEC, EXEC
runs nothing and answers a null array. ``Database.touch`` flags the watchers when a key
changes; a WATCHed key that was live and has logically expired by EXEC counts as changed too.
"""

from __future__ import annotations

from typing import Any

from miniredis import errors
from miniredis.commands.table import command
from miniredis.errors import CommandError
from miniredis.protocol.encoder import encode
from miniredis.protocol.replies import NULL_ARRAY, OK, Encoded
from miniredis.session import Session


@command(
    "multi",
    arity=1,
    flags="noscript loading stale fast allow_busy",
    group="transactions",
    since="1.2.0",
    summary="Mark the start of a transaction block",
    complexity="O(1)",
)
def multi(ctx: Session) -> Any:
    """MULTI  ->  +OK; following commands are queued until EXEC or DISCARD."""
    if ctx.multi is not None:
        raise CommandError(errors.MULTI_NESTED)
    ctx.multi = []
    ctx.multi_error = False
    return OK


@command(
    "exec",
    arity=1,
    flags="noscript loading stale skip_slowlog",
    group="transactions",
    since="1.2.0",
    summary="Execute all commands issued after MULTI",
    complexity="Depends on commands in the transaction",
)
def exec_(ctx: Session) -> Any:
    """EXEC  ->  array of the queued commands' replies; null array if a WATCHed key changed."""
    from miniredis.dispatch import call  # dispatch imports this package: import at call time

    queued = ctx.multi
    if queued is None:
        raise CommandError(errors.EXEC_WITHOUT_MULTI)
    ctx.multi = None
    if ctx.multi_error:
        ctx.multi_error = False
        ctx.unwatch()
        raise CommandError(errors.EXECABORT)
    aborted = ctx.watch_dirty or _watched_key_expired(ctx)
    ctx.unwatch()
    if aborted:
        return NULL_ARRAY
    replies = []
    protocols = []
    for spec, argv in queued:
        replies.append(call(ctx, spec, argv, snapshot=False))
        protocols.append(ctx.protocol)  # HELLO answers in the protocol it switched to
    if any(proto != ctx.protocol for proto in protocols):
        return [Encoded(encode(r, proto)) for r, proto in zip(replies, protocols, strict=True)]
    return replies


@command(
    "discard",
    arity=1,
    flags="noscript loading stale fast allow_busy",
    group="transactions",
    since="2.0.0",
    summary="Discard all commands issued after MULTI",
    complexity="O(N), when N is the number of queued commands",
)
def discard(ctx: Session) -> Any:
    """DISCARD  ->  +OK; the queue is dropped and every key is UNWATCHed."""
    if ctx.multi is None:
        raise CommandError(errors.DISCARD_WITHOUT_MULTI)
    ctx.multi = None
    ctx.multi_error = False
    ctx.unwatch()
    return OK


@command(
    "watch",
    arity=-2,
    flags="noscript loading stale fast allow_busy",
    keys=(1, -1, 1),
    group="transactions",
    since="2.2.0",
    summary="Watch the given keys to determine execution of the MULTI/EXEC block",
    complexity="O(1) for every key.",
)
def watch(ctx: Session, *keys: bytes) -> Any:
    """WATCH key [key ...]  ->  +OK."""
    if ctx.multi is not None:
        raise CommandError(errors.WATCH_IN_MULTI)
    db = ctx.db
    now = ctx.server.keyspace.now_ms
    watching = ctx.watching
    if watching is None:
        watching = ctx.watching = {}
    for key in keys:
        if (db, key) in watching:
            continue
        deadline = db.expires.get(key)
        watching[(db, key)] = key in db.data and deadline is not None and deadline <= now
        db.watchers.setdefault(key, set()).add(ctx)
    return OK


@command(
    "unwatch",
    arity=1,
    flags="noscript loading stale fast allow_busy",
    group="transactions",
    since="2.2.0",
    summary="Forget about all watched keys",
    complexity="O(1)",
)
def unwatch(ctx: Session) -> Any:
    """UNWATCH  ->  +OK."""
    ctx.unwatch()
    return OK


def _watched_key_expired(ctx: Session) -> bool:
    """multi.c isWatchedKeyExpired: a key live at WATCH time that has expired since."""
    now = ctx.server.keyspace.now_ms
    for (db, key), was_expired in (ctx.watching or {}).items():
        deadline = db.expires.get(key)
        if not was_expired and deadline is not None and deadline <= now and key in db.data:
            return True
    return False
