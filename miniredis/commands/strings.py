"""String commands (Redis's ``t_string.c``): GET, SET and its family, ranges, MGET/MSET.

A Redis *string* is a binary-safe byte sequence of up to ``proto-max-bulk-len`` bytes (512 MiB
by default). It is the only type most commands here accept: a key holding a list or a hash
gives ``WRONGTYPE`` -- except where the command *replaces* the value (``SET`` overwrites any
type) or only *peeks* at it (``MGET`` answers null for a non-string). miniredis stores a string
as ``bytes`` in ``Database.data``; numbers live there as their decimal text, as Redis shows them.

**One SET, many names.** ``SET key value [NX|XX] [GET] [EX|PX|EXAT|PXAT|KEEPTTL]`` can do what
the older commands do: ``SETNX`` is ``SET NX`` answering ``:1``/``:0``, ``SETEX`` is ``SET EX``,
``PSETEX`` is ``SET PX``, ``GETSET`` is ``SET GET``. Like Redis's ``setGenericCommand``, one
function, :func:`_set_generic`, implements all of them, and one option parser,
:func:`_parse_options` (Redis's ``parseExtendedStringArgumentsOrReply``), serves SET and GETEX.

**Order of checks** (verified on redis-server 7.0.15), which is what a client sees when
several things are wrong at once:

1. option syntax -- ``SET k v EX 0 NX XX`` is a ``syntax error``, not an expire error;
2. the expire value -- ``EX abc`` is ``value is not an integer or out of range``, ``EX 0`` or a
   time that overflows 64-bit milliseconds is ``invalid expire time in 'set' command``;
3. the type of the old value, for ``GET`` -- ``WRONGTYPE``, and nothing is written;
4. ``NX``/``XX`` -- the condition failed: null (or the old value, with ``GET``).

GETEX differs: it looks the key up *before* validating the expire value, so on a missing key
``GETEX k EX 0`` answers null, and on a list ``WRONGTYPE``.

**TTL rules.** ``SET``, ``MSET``, ``GETSET`` and ``SETEX`` replace the value *and* drop the old
TTL (unless ``KEEPTTL``). Commands that *modify* a string -- ``APPEND``, ``SETRANGE``, ``INCR``,
``INCRBYFLOAT`` -- keep it.

The numeric commands (``INCR``...) are in ``strings_numeric.py``, LCS in ``strings_lcs.py``.
"""

from __future__ import annotations

from typing import Any

from miniredis import errors
from miniredis.commands import strings_lcs, strings_numeric  # noqa: F401  (registers them)
from miniredis.commands.args import INT64_MAX, parse_int, token
from miniredis.commands.table import command
from miniredis.errors import CommandError
from miniredis.protocol.replies import OK
from miniredis.session import Session

_SYNTAX = CommandError(errors.SYNTAX)

# Option flags (server.h: OBJ_SET_NX ...). EX/PX/EXAT/PXAT also say which unit the
# expire argument has and whether it is relative to now.
NX, XX, GET, KEEPTTL, PERSIST = 1, 2, 4, 8, 16
EX, PX, EXAT, PXAT = 32, 64, 128, 256
_EXPIRES = EX | PX | EXAT | PXAT
_SECONDS = EX | EXAT
_RELATIVE = EX | PX

# option word -> (its flag, flags it cannot be combined with, which command accepts it).
# Repeating an option is allowed (``EX 1 EX 2``: the last value wins), as in Redis.
_FOR_SET, _FOR_GETEX, _FOR_BOTH = 1, 2, 3
_OPTIONS: dict[bytes, tuple[int, int, int]] = {
    b"NX": (NX, XX, _FOR_SET),
    b"XX": (XX, NX, _FOR_SET),
    b"GET": (GET, 0, _FOR_SET),
    b"KEEPTTL": (KEEPTTL, PERSIST | _EXPIRES, _FOR_SET),
    b"PERSIST": (PERSIST, KEEPTTL | _EXPIRES, _FOR_GETEX),
    b"EX": (EX, KEEPTTL | PERSIST | (_EXPIRES & ~EX), _FOR_BOTH),
    b"PX": (PX, KEEPTTL | PERSIST | (_EXPIRES & ~PX), _FOR_BOTH),
    b"EXAT": (EXAT, KEEPTTL | PERSIST | (_EXPIRES & ~EXAT), _FOR_BOTH),
    b"PXAT": (PXAT, KEEPTTL | PERSIST | (_EXPIRES & ~PXAT), _FOR_BOTH),
}


def _parse_options(options: tuple[bytes, ...], used_by: int) -> tuple[int, bytes | None]:
    """SET's and GETEX's options -> (flags, the expire argument or None). Syntax only.

    An option that does not exist, belongs to the other command, conflicts with one already
    given, or (EX/PX/EXAT/PXAT) lacks its argument is a ``syntax error``. The expire argument
    is not looked at here: :func:`_deadline` does that, later, as Redis does.
    """
    flags = 0
    expire: bytes | None = None
    i = 0
    while i < len(options):
        spec = _OPTIONS.get(token(options[i]))
        if spec is None or flags & spec[1] or not spec[2] & used_by:
            raise _SYNTAX
        flag = spec[0]
        if flag & _EXPIRES:
            if i + 1 == len(options):
                raise _SYNTAX
            i += 1
            expire = options[i]
        flags |= flag
        i += 1
    return flags, expire


def _deadline(ctx: Session, flags: int, expire: bytes, name: str) -> int:
    """The absolute deadline in ms for an expire argument (getExpireMillisecondsOrReply).

    Not an integer -> ``value is not an integer or out of range``; zero, negative, or past
    the 64-bit range once converted to absolute milliseconds -> ``invalid expire time``.
    """
    when = parse_int(expire)
    if when <= 0 or (flags & _SECONDS and when > INT64_MAX // 1000):
        raise CommandError(errors.invalid_expire(name))
    if flags & _SECONDS:
        when *= 1000
    if flags & _RELATIVE:
        when += ctx.server.keyspace.now_ms
    if when > INT64_MAX:  # Redis's signed addition wraps negative here
        raise CommandError(errors.invalid_expire(name))
    return when


def _set_generic(
    ctx: Session,
    name: str,
    key: bytes,
    value: bytes,
    flags: int,
    expire: bytes | None,
    ok_reply: Any = OK,
    abort_reply: Any = None,
) -> Any:
    """Redis's ``setGenericCommand``: SET, SETNX, SETEX, PSETEX and GETSET in one place.

    Replies ``ok_reply`` when the value was written and ``abort_reply`` when NX/XX stopped it;
    with ``GET`` the reply is always the old value (null if there was none).
    """
    deadline = None if expire is None else _deadline(ctx, flags, expire, name)
    db = ctx.db
    old = db.get_string(key) if flags & GET else None  # WRONGTYPE before anything changes
    if flags & (NX | XX):
        found = db.lookup(key) is not None
        if (flags & NX and found) or (flags & XX and not found):
            return old if flags & GET else abort_reply
    db.set(key, value, deadline, keepttl=bool(flags & KEEPTTL))
    return old if flags & GET else ok_reply


def _check_length(ctx: Session, size: int, extra: int) -> None:
    """``checkStringLength``: a result longer than ``proto-max-bulk-len`` is refused."""
    if size + extra > ctx.server.config.proto_max_bulk_len:
        raise CommandError(errors.STRING_TOO_LONG)


# --- GET / SET and their older names --------------------------------------------------------
@command(
    "get",
    arity=2,
    flags="readonly fast",
    keys=(1, 1, 1),
    group="string",
    since="1.0.0",
    summary="Get the value of a key",
    complexity="O(1)",
)
def get(ctx: Session, key: bytes) -> bytes | None:
    """GET key  ->  bulk string, or null when the key does not exist."""
    return ctx.db.get_string(key)


@command(
    "set",
    arity=-3,
    flags="write denyoom",
    keys=(1, 1, 1),
    group="string",
    since="1.0.0",
    summary="Set the string value of a key",
    complexity="O(1)",
    key_specs="RW access update variable_flags # RW and ACCESS due to the optional `GET` argument",
    history=(
        ("2.6.12", "Added the `EX`, `PX`, `NX` and `XX` options."),
        ("6.0.0", "Added the `KEEPTTL` option."),
        ("6.2.0", "Added the `GET`, `EXAT` and `PXAT` option."),
        ("7.0.0", "Allowed the `NX` and `GET` options to be used together."),
    ),
)
def set_(ctx: Session, key: bytes, value: bytes, *options: bytes) -> Any:
    """SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]  ->  +OK; null if NX/XX failed; with GET the old value."""  # noqa: E501
    if not options:
        ctx.db.set(key, value)
        return OK
    flags, expire = _parse_options(options, _FOR_SET)
    return _set_generic(ctx, "set", key, value, flags, expire)


@command(
    "setnx",
    arity=3,
    flags="write denyoom fast",
    keys=(1, 1, 1),
    group="string",
    since="1.0.0",
    summary="Set the value of a key, only if the key does not exist",
    complexity="O(1)",
    key_specs="OW insert",
)
def setnx(ctx: Session, key: bytes, value: bytes) -> int:
    """SETNX key value  ->  integer: 1 if the key was set, 0 if it already existed."""
    return _set_generic(ctx, "setnx", key, value, NX, None, ok_reply=1, abort_reply=0)


@command(
    "setex",
    arity=4,
    flags="write denyoom",
    keys=(1, 1, 1),
    group="string",
    since="2.0.0",
    summary="Set the value and expiration of a key",
    complexity="O(1)",
    key_specs="OW update",
)
def setex(ctx: Session, key: bytes, seconds: bytes, value: bytes) -> Any:
    """SETEX key seconds value  ->  +OK."""
    return _set_generic(ctx, "setex", key, value, EX, seconds)


@command(
    "psetex",
    arity=4,
    flags="write denyoom",
    keys=(1, 1, 1),
    group="string",
    since="2.6.0",
    summary="Set the value and expiration in milliseconds of a key",
    complexity="O(1)",
    key_specs="OW update",
)
def psetex(ctx: Session, key: bytes, milliseconds: bytes, value: bytes) -> Any:
    """PSETEX key milliseconds value  ->  +OK."""
    return _set_generic(ctx, "psetex", key, value, PX, milliseconds)


@command(
    "getset",
    arity=3,
    flags="write denyoom fast",
    keys=(1, 1, 1),
    group="string",
    since="1.0.0",
    summary="Set the string value of a key and return its old value",
    complexity="O(1)",
    doc_flags="deprecated",
    key_specs="RW access update",
    deprecated_since="6.2.0",
    replaced_by="`SET` with the `!GET` argument",
)
def getset(ctx: Session, key: bytes, value: bytes) -> bytes | None:
    """GETSET key value  ->  bulk string: the old value, or null; the TTL is dropped."""
    return _set_generic(ctx, "getset", key, value, GET, None)


@command(
    "getdel",
    arity=2,
    flags="write fast",
    keys=(1, 1, 1),
    group="string",
    since="6.2.0",
    summary="Get the value of a key and delete the key",
    complexity="O(1)",
    key_specs="RW access delete",
)
def getdel(ctx: Session, key: bytes) -> bytes | None:
    """GETDEL key  ->  bulk string: the value, which is deleted; null if there was none."""
    value = ctx.db.get_string(key)
    if value is not None:
        ctx.db.delete(key)
    return value


@command(
    "getex",
    arity=-2,
    flags="write fast",
    keys=(1, 1, 1),
    group="string",
    since="6.2.0",
    summary="Get the value of a key and optionally set its expiration",
    complexity="O(1)",
    key_specs="RW access update # RW and UPDATE because it changes the TTL",
)
def getex(ctx: Session, key: bytes, *options: bytes) -> bytes | None:
    """GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST]  ->  bulk string, or null."""  # noqa: E501
    flags, expire = _parse_options(options, _FOR_GETEX)
    db = ctx.db
    value = db.get_string(key)
    if value is None:
        return None
    if expire is not None:
        deadline = _deadline(ctx, flags, expire, "getex")
        if flags & (EXAT | PXAT) and deadline <= ctx.server.keyspace.now_ms:
            db.delete(key)  # an absolute time already past deletes the key (checkAlreadyExpired)
        else:
            db.set_deadline(key, deadline)
    elif flags & PERSIST:
        db.persist(key)
    return value


# --- many keys at once ----------------------------------------------------------------------
@command(
    "mget",
    arity=-2,
    flags="readonly fast",
    keys=(1, -1, 1),
    group="string",
    since="1.0.0",
    summary="Get the values of all the given keys",
    complexity="O(N) where N is the number of keys to retrieve.",
    key_specs="RO access",
    tips="request_policy:multi_shard",
)
def mget(ctx: Session, *keys: bytes) -> list[bytes | None]:
    """MGET key [key ...]  ->  array: each value, null for a missing key *or a non-string*."""
    lookup = ctx.db.lookup
    values = [lookup(key) for key in keys]
    return [v if type(v) is bytes else None for v in values]


def _keys_and_values(
    name: str, args: tuple[bytes, ...]
) -> tuple[tuple[bytes, ...], tuple[bytes, ...]]:
    """MSET's ``key value`` pairs as keys and values; an odd count is a wrong-arity error,
    raised by the command."""
    if len(args) % 2:
        raise CommandError(errors.wrong_arity(name))
    return args[::2], args[1::2]


@command(
    "mset",
    arity=-3,
    flags="write denyoom",
    keys=(1, -1, 2),
    group="string",
    since="1.0.1",
    summary="Set multiple keys to multiple values",
    complexity="O(N) where N is the number of keys to set.",
    key_specs="OW update",
    tips="request_policy:multi_shard response_policy:all_succeeded",
)
def mset(ctx: Session, *args: bytes) -> Any:
    """MSET key value [key value ...]  ->  +OK; a key given twice keeps its last value."""
    ctx.db.set_many(*_keys_and_values("mset", args))
    return OK


@command(
    "msetnx",
    arity=-3,
    flags="write denyoom",
    keys=(1, -1, 2),
    group="string",
    since="1.0.1",
    summary="Set multiple keys to multiple values, only if none of the keys exist",
    complexity="O(N) where N is the number of keys to set.",
    key_specs="OW insert",
    tips="request_policy:multi_shard response_policy:agg_min",
)
def msetnx(ctx: Session, *args: bytes) -> int:
    """MSETNX key value [key value ...]  ->  integer: 1 if all were set, 0 if any key existed."""
    keys, values = _keys_and_values("msetnx", args)
    db = ctx.db
    if any(db.lookup(key) is not None for key in keys):
        return 0
    db.set_many(keys, values)
    return 1


# --- parts of a string ----------------------------------------------------------------------
@command(
    "append",
    arity=3,
    flags="write denyoom fast",
    keys=(1, 1, 1),
    group="string",
    since="2.0.0",
    summary="Append a value to a key",
    complexity="O(1). The amortized time complexity is O(1) assuming the appended value is "
    "small and the already present value is of any size, since the dynamic string library "
    "used by Redis will double the free space available on every reallocation.",
    key_specs="RW insert",
)
def append(ctx: Session, key: bytes, value: bytes) -> int:
    """APPEND key value  ->  integer: the new length. A missing key is created (even empty)."""
    db = ctx.db
    old = db.get_string(key)
    if old is None:
        db.set(key, value)
        return len(value)
    _check_length(ctx, len(old), len(value))
    new = old + value
    db.set(key, new, keepttl=True)
    return len(new)


@command(
    "strlen",
    arity=2,
    flags="readonly fast",
    keys=(1, 1, 1),
    group="string",
    since="2.2.0",
    summary="Get the length of the value stored in a key",
    complexity="O(1)",
    key_specs="RO",
)
def strlen(ctx: Session, key: bytes) -> int:
    """STRLEN key  ->  integer: the length in bytes, 0 for a missing key."""
    value = ctx.db.get_string(key)
    return 0 if value is None else len(value)


_RANGE_COMPLEXITY = (
    "O(N) where N is the length of the returned string. The complexity is ultimately "
    "determined by the returned length, but because creating a substring from an existing "
    "string is very cheap, it can be considered O(1) for small strings."
)


@command(
    "getrange",
    arity=4,
    flags="readonly",
    keys=(1, 1, 1),
    group="string",
    since="2.4.0",
    summary="Get a substring of the string stored at a key",
    complexity=_RANGE_COMPLEXITY,
)
def getrange(ctx: Session, key: bytes, start: bytes, end: bytes) -> bytes:
    """GETRANGE key start end  ->  bulk string: bytes start..end inclusive; -1 is the last.

    Redis 7.0's clamping, kept exactly: both indexes negative with start > end is empty;
    then negatives count from the end and clamp to 0, and end clamps to the last byte -- so
    ``GETRANGE k 0 -100`` on ``hello`` is ``h`` (end clamps to 0), not empty.
    """
    first, last = parse_int(start), parse_int(end)
    value = ctx.db.get_string(key)
    if not value or (first < 0 and last < 0 and first > last):
        return b""
    size = len(value)
    if first < 0:
        first = max(size + first, 0)
    if last < 0:
        last = max(size + last, 0)
    last = min(last, size - 1)
    return b"" if first > last else value[first : last + 1]


@command(
    "substr",
    arity=4,
    flags="readonly",
    keys=(1, 1, 1),
    group="string",
    since="1.0.0",
    summary="Get a substring of the string stored at a key",
    complexity=_RANGE_COMPLEXITY,
    doc_flags="deprecated",
    deprecated_since="2.0.0",
    replaced_by="`GETRANGE`",
)
def substr(ctx: Session, key: bytes, start: bytes, end: bytes) -> bytes:
    """SUBSTR key start end  ->  bulk string; the old name of GETRANGE."""
    return getrange(ctx, key, start, end)


@command(
    "setrange",
    arity=4,
    flags="write denyoom",
    keys=(1, 1, 1),
    group="string",
    since="2.2.0",
    summary="Overwrite part of a string at key starting at the specified offset",
    complexity="O(1), not counting the time taken to copy the new string in place. Usually, "
    "this string is very small so the amortized complexity is O(1). Otherwise, complexity "
    "is O(M) with M being the length of the value argument.",
    key_specs="RW update",
)
def setrange(ctx: Session, key: bytes, offset: bytes, value: bytes) -> int:
    """SETRANGE key offset value  ->  integer: the new length. Gaps are filled with zero bytes.

    An empty value writes nothing: a missing key stays missing (reply 0) and the length
    limit is not even checked.
    """
    at = parse_int(offset)
    if at < 0:
        raise CommandError(errors.OFFSET_OUT_OF_RANGE)
    db = ctx.db
    old = db.get_string(key)
    if not value:
        return 0 if old is None else len(old)
    _check_length(ctx, at, len(value))
    if old is None:
        db.set(key, bytes(at) + value)
        return at + len(value)
    if at > len(old):
        new = old + bytes(at - len(old)) + value
    else:
        new = old[:at] + value + old[at + len(value) :]
    db.set(key, new, keepttl=True)
    return len(new)
