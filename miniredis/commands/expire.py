"""Time to live: EXPIRE PEXPIRE EXPIREAT PEXPIREAT TTL PTTL EXPIRETIME PEXPIRETIME PERSIST.

A key may carry a *deadline*: an absolute Unix time in milliseconds after which it no longer
exists (Redis's ``expires`` table, ``db.c`` / ``expire.c``). The four setters differ only in
how they read their number -- seconds or milliseconds, relative to now or absolute -- and all
end in ``_expire_generic`` (Redis's ``expireGenericCommand``):

- the options ``NX`` (only if the key has no TTL), ``XX`` (only if it has one), ``GT`` / ``LT``
  (only if the new deadline is later / earlier; "no TTL" counts as infinitely late) are parsed
  *before* the number, so ``EXPIRE k abc foo`` complains about ``foo``;
- the arithmetic is checked for 64-bit overflow (``invalid expire time in 'expire' command``);
- a deadline that is already past deletes the key at once and still answers 1.

Reading a TTL never extends it. ``TTL`` rounds to the nearest second (``(ms + 500) / 1000``),
``-2`` means "no such key", ``-1`` "no deadline". Writing a value with SET drops the deadline
(``db.set``); RENAME, MOVE and COPY carry it along.
"""

from __future__ import annotations

from miniredis import errors
from miniredis.commands.args import INT64_MAX, INT64_MIN, parse_int, token
from miniredis.commands.table import command
from miniredis.errors import CommandError
from miniredis.session import Session

# C's LLONG_MAX / 1000 and LLONG_MIN / 1000 (division truncates toward zero).
_MAX_SECONDS = INT64_MAX // 1000
_MIN_SECONDS = -(-INT64_MIN // 1000)
_NX, _XX, _GT, _LT = b"NX", b"XX", b"GT", b"LT"


def _expire_flags(options: tuple[bytes, ...]) -> set[bytes]:
    """parseExtendedExpireArgumentsOrReply: NX XX GT LT, any case, checked for conflicts."""
    flags: set[bytes] = set()
    for option in options:
        word = token(option)
        if word not in (_NX, _XX, _GT, _LT):
            raise CommandError(errors.unsupported_option(option))
        flags.add(word)
    if _NX in flags and len(flags) > 1:
        raise CommandError(errors.EXPIRE_NX_AND_OTHERS)
    if _GT in flags and _LT in flags:
        raise CommandError(errors.EXPIRE_GT_AND_LT)
    return flags


def _expire_generic(
    ctx: Session,
    name: str,
    key: bytes,
    amount: bytes,
    options: tuple[bytes, ...],
    *,
    relative: bool,
    seconds: bool,
) -> int:
    """expireGenericCommand: options, number, overflow checks, conditions, then set or delete."""
    flags = _expire_flags(options)
    when = parse_int(amount)
    if seconds:
        if when > _MAX_SECONDS or when < _MIN_SECONDS:
            raise CommandError(errors.invalid_expire(name))
        when *= 1000
    now = ctx.server.keyspace.now_ms
    base = now if relative else 0
    if when > INT64_MAX - base:
        raise CommandError(errors.invalid_expire(name))
    when += base
    db = ctx.db
    if db.lookup(key) is None:
        return 0
    if flags:
        current = db.expires.get(key)  # None: no deadline, "infinitely late"
        if _NX in flags and current is not None:
            return 0
        if _XX in flags and current is None:
            return 0
        if _GT in flags and (current is None or when <= current):
            return 0
        if _LT in flags and current is not None and when >= current:
            return 0
    if when <= now:
        db.delete(key)
    else:
        db.set_deadline(key, when)
    return 1


@command(
    "expire",
    arity=-3,
    flags="write fast",
    keys=(1, 1, 1),
    group="generic",
    since="1.0.0",
    summary="Set a key's time to live in seconds",
    complexity="O(1)",
    key_specs="RW update",
    history=(("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."),),
)
def expire(ctx: Session, key: bytes, seconds: bytes, *options: bytes) -> int:
    """EXPIRE key seconds [NX | XX | GT | LT]  ->  integer: 1 if set (or deleted), else 0."""
    return _expire_generic(ctx, "expire", key, seconds, options, relative=True, seconds=True)


@command(
    "pexpire",
    arity=-3,
    flags="write fast",
    keys=(1, 1, 1),
    group="generic",
    since="2.6.0",
    summary="Set a key's time to live in milliseconds",
    complexity="O(1)",
    key_specs="RW update",
    history=(("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."),),
)
def pexpire(ctx: Session, key: bytes, milliseconds: bytes, *options: bytes) -> int:
    """PEXPIRE key milliseconds [NX | XX | GT | LT]  ->  integer: 1 if set, 0 if not."""
    return _expire_generic(ctx, "pexpire", key, milliseconds, options, relative=True, seconds=False)


@command(
    "expireat",
    arity=-3,
    flags="write fast",
    keys=(1, 1, 1),
    group="generic",
    since="1.2.0",
    summary="Set the expiration for a key as a UNIX timestamp",
    complexity="O(1)",
    key_specs="RW update",
    history=(("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."),),
)
def expireat(ctx: Session, key: bytes, unix_time_seconds: bytes, *options: bytes) -> int:
    """EXPIREAT key unix-time-seconds [NX | XX | GT | LT]  ->  integer: 1 if set, 0 if not."""
    return _expire_generic(
        ctx, "expireat", key, unix_time_seconds, options, relative=False, seconds=True
    )


@command(
    "pexpireat",
    arity=-3,
    flags="write fast",
    keys=(1, 1, 1),
    group="generic",
    since="2.6.0",
    summary="Set the expiration for a key as a UNIX timestamp specified in milliseconds",
    complexity="O(1)",
    key_specs="RW update",
    history=(("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."),),
)
def pexpireat(ctx: Session, key: bytes, unix_time_milliseconds: bytes, *options: bytes) -> int:
    """PEXPIREAT key unix-time-milliseconds [NX | XX | GT | LT]  ->  integer: 1 if set, 0 if not."""
    return _expire_generic(
        ctx, "pexpireat", key, unix_time_milliseconds, options, relative=False, seconds=False
    )


def _ttl_generic(ctx: Session, key: bytes, *, milliseconds: bool, absolute: bool) -> int:
    """ttlGenericCommand: -2 missing, -1 no deadline, else the (rounded) time or deadline."""
    db = ctx.db
    if db.lookup(key) is None:
        return -2
    deadline = db.expires.get(key)
    if deadline is None:
        return -1
    ttl = max(deadline if absolute else deadline - ctx.server.keyspace.now_ms, 0)
    return ttl if milliseconds else (ttl + 500) // 1000


@command(
    "ttl",
    arity=2,
    flags="readonly fast",
    keys=(1, 1, 1),
    group="generic",
    since="1.0.0",
    summary="Get the time to live for a key in seconds",
    complexity="O(1)",
    key_specs="RO access",
    tips="nondeterministic_output",
    history=(("2.8.0", "Added the -2 reply."),),
)
def ttl(ctx: Session, key: bytes) -> int:
    """TTL key  ->  integer: seconds left (rounded), -1 without a deadline, -2 if missing."""
    return _ttl_generic(ctx, key, milliseconds=False, absolute=False)


@command(
    "pttl",
    arity=2,
    flags="readonly fast",
    keys=(1, 1, 1),
    group="generic",
    since="2.6.0",
    summary="Get the time to live for a key in milliseconds",
    complexity="O(1)",
    key_specs="RO access",
    tips="nondeterministic_output",
    history=(("2.8.0", "Added the -2 reply."),),
)
def pttl(ctx: Session, key: bytes) -> int:
    """PTTL key  ->  integer: milliseconds left, -1 without a deadline, -2 if missing."""
    return _ttl_generic(ctx, key, milliseconds=True, absolute=False)


@command(
    "expiretime",
    arity=2,
    flags="readonly fast",
    keys=(1, 1, 1),
    group="generic",
    since="7.0.0",
    summary="Get the expiration Unix timestamp for a key",
    complexity="O(1)",
    key_specs="RO access",
)
def expiretime(ctx: Session, key: bytes) -> int:
    """EXPIRETIME key  ->  integer: the deadline in Unix seconds, -1 without one, -2 if missing."""
    return _ttl_generic(ctx, key, milliseconds=False, absolute=True)


@command(
    "pexpiretime",
    arity=2,
    flags="readonly fast",
    keys=(1, 1, 1),
    group="generic",
    since="7.0.0",
    summary="Get the expiration Unix timestamp for a key in milliseconds",
    complexity="O(1)",
    key_specs="RO access",
)
def pexpiretime(ctx: Session, key: bytes) -> int:
    """PEXPIRETIME key  ->  integer: the deadline in Unix ms, -1 without one, -2 if missing."""
    return _ttl_generic(ctx, key, milliseconds=True, absolute=True)


@command(
    "persist",
    arity=2,
    flags="write fast",
    keys=(1, 1, 1),
    group="generic",
    since="2.2.0",
    summary="Remove the expiration from a key",
    complexity="O(1)",
    key_specs="RW update",
)
def persist(ctx: Session, key: bytes) -> int:
    """PERSIST key  ->  integer: 1 if a deadline was removed, 0 if missing or without one."""
    if ctx.db.lookup(key) is None:
        return 0
    return int(ctx.db.persist(key))
