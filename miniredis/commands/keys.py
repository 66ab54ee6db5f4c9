"""Generic key commands: the keyspace itself, whatever the values are (Redis's ``db.c``).

| commands                     | what they do                                                 |
| ---------------------------- | ------------------------------------------------------------ |
| DEL UNLINK DELETE            | remove keys; reply how many existed (DELETE is ours)         |
| EXISTS TOUCH TYPE            | ask about keys without changing them                         |
| KEYS SCAN RANDOMKEY          | find keys: all at once by glob, by cursor, by chance         |
| RENAME RENAMENX MOVE COPY    | give a value another name or database                        |
| EXPIRE TTL PERSIST ...       | deadlines, in ``expire.py`` (imported here to register them) |

Every lookup goes through ``Database.lookup``, so a key whose deadline has passed is removed
on first sight and behaves as missing everywhere (EXISTS 0, TYPE none, RENAME ``no such key``).

**Patterns.** KEYS and SCAN MATCH use Redis's glob (``keyspace/glob.py``). KEYS walks the whole
database in one command -- fine for tests and small data, a stall on big data, which is why
Redis marks it ``@dangerous`` and SCAN exists.

**SCAN** iterates with a cursor that survives keys being added and removed between calls;
``keyspace/scan.py`` explains the guarantee. Like Redis, COUNT is how many keys to *look at*,
not to return: MATCH and TYPE filter after, so a call may return fewer keys, even none, while
the cursor is not yet 0.

**Values move whole.** RENAME and MOVE hand the same value object to the new name, with its
deadline; COPY stores an independent deep copy (``copy.deepcopy``; a value class may define
``__deepcopy__``), so changing the copy never changes the original.
"""

from __future__ import annotations

import copy
import random
from itertools import islice
from typing import Any
from weakref import WeakKeyDictionary

from miniredis import errors
from miniredis.commands import expire  # noqa: F401  (registers the TTL commands)
from miniredis.commands.args import parse_cursor, parse_int, parse_int32, token
from miniredis.commands.table import command
from miniredis.errors import CommandError
from miniredis.keyspace import Keyspace
from miniredis.keyspace.db import Database
from miniredis.keyspace.glob import compile_pattern
from miniredis.keyspace.scan import ScanState
from miniredis.protocol.replies import OK, SimpleString
from miniredis.session import Session

SCAN_DEFAULT_COUNT = 10  # db.c scanGenericCommand: "long count = 10"
_NONE = SimpleString(b"none")
_STRING = SimpleString(b"string")


def type_name(value: Any) -> bytes:
    """The TYPE of a stored value: ``string`` for bytes, else its class's ``redis_type``."""
    if type(value) is bytes:
        return b"string"
    name = type(value).redis_type
    return name.encode() if isinstance(name, str) else bytes(name)


# --- removing keys ----------------------------------------------------------------------------
def _delete_keys(db: Database, keys: tuple[bytes, ...]) -> int:
    return sum(db.delete(key) for key in keys)


@command(
    "del",
    arity=-2,
    flags="write",
    keys=(1, -1, 1),
    group="generic",
    since="1.0.0",
    summary="Delete a key",
    complexity="O(N) where N is the number of keys that will be removed. When a key to remove "
    "holds a value other than a string, the individual complexity for this key is O(M) where M "
    "is the number of elements in the list, set, sorted set or hash. Removing a single key that "
    "holds a string value is O(1).",
    key_specs="RM delete",
    tips="request_policy:multi_shard response_policy:agg_sum",
)
def del_(ctx: Session, *keys: bytes) -> int:
    """DEL key [key ...]  ->  integer: how many of the keys existed (a repeated key counts once)."""
    return _delete_keys(ctx.db, keys)


@command(
    "unlink",
    arity=-2,
    flags="write fast",
    keys=(1, -1, 1),
    group="generic",
    since="4.0.0",
    summary="Delete a key asynchronously in another thread. Otherwise it is just as DEL, "
    "but non blocking.",
    complexity="O(1) for each key removed regardless of its size. Then the command does O(N) "
    "work in a different thread in order to reclaim memory, where N is the number of "
    "allocations the deleted objects where composed of.",
    key_specs="RM delete",
    tips="request_policy:multi_shard response_policy:agg_sum",
)
def unlink(ctx: Session, *keys: bytes) -> int:
    """UNLINK key [key ...]  ->  integer: how many of the keys existed (as DEL)."""
    return _delete_keys(ctx.db, keys)


@command(
    "delete",
    arity=-2,
    flags="write",
    keys=(1, -1, 1),
    group="generic",
    since="0.1.0",
    summary="Delete the key-value pair of each key; miniredis's original-design command. "
    "Returns the number of keys removed.",
    complexity="O(N) where N is the number of keys that will be removed.",
    key_specs="RM delete",
    tips="request_policy:multi_shard response_policy:agg_sum",
)
def delete(ctx: Session, *keys: bytes) -> int:
    """DELETE key [key ...]  ->  integer: how many keys were removed (1 or 0 for one key)."""
    return _delete_keys(ctx.db, keys)


# --- asking about keys -----------------------------------------------------------------------
def _count_existing(db: Database, keys: tuple[bytes, ...]) -> int:
    return sum(db.lookup(key) is not None for key in keys)


@command(
    "exists",
    arity=-2,
    flags="readonly fast",
    keys=(1, -1, 1),
    group="generic",
    since="1.0.0",
    summary="Determine if a key exists",
    complexity="O(N) where N is the number of keys to check.",
    key_specs="RO",
    tips="request_policy:multi_shard response_policy:agg_sum",
    history=(("3.0.3", "Accepts multiple `key` arguments."),),
)
def exists(ctx: Session, *keys: bytes) -> int:
    """EXISTS key [key ...]  ->  integer: how many of the keys exist; repeats count again."""
    return _count_existing(ctx.db, keys)


@command(
    "touch",
    arity=-2,
    flags="readonly fast",
    keys=(1, -1, 1),
    group="generic",
    since="3.2.1",
    summary="Alters the last access time of a key(s). Returns the number of existing keys "
    "specified.",
    complexity="O(N) where N is the number of keys that will be touched.",
    key_specs="RO",
    tips="request_policy:multi_shard response_policy:agg_sum",
)
def touch(ctx: Session, *keys: bytes) -> int:
    """TOUCH key [key ...]  ->  integer: how many of the keys exist (repeats count again)."""
    return _count_existing(ctx.db, keys)


@command(
    "type",
    arity=2,
    flags="readonly fast",
    keys=(1, 1, 1),
    group="generic",
    since="1.0.0",
    summary="Determine the type stored at key",
    complexity="O(1)",
    key_specs="RO",
)
def type_(ctx: Session, key: bytes) -> SimpleString:
    """TYPE key  ->  status: string, list, set, zset, hash, stream, or none."""
    value = ctx.db.lookup(key)
    if value is None:
        return _NONE
    if type(value) is bytes:
        return _STRING
    return SimpleString(type_name(value))


# --- finding keys ----------------------------------------------------------------------------
@command(
    "keys",
    arity=2,
    flags="readonly",
    group="generic",
    since="1.0.0",
    summary="Find all keys matching the given pattern",
    acl="@dangerous",
    complexity="O(N) with N being the number of keys in the database, under the assumption "
    "that the key names in the database and the given pattern have limited length.",
    tips="request_policy:all_shards nondeterministic_output_order",
)
def keys(ctx: Session, pattern: bytes) -> list[bytes]:
    """KEYS pattern  ->  array of every live key matching the glob pattern, in no fixed order."""
    live = ctx.db.live_keys()
    if pattern == b"*":  # keysCommand's allkeys shortcut (also matches the empty key)
        return list(live)
    matches = compile_pattern(pattern)
    return [key for key in live if matches(key)]


# SCAN snapshots, per keyspace (weakly held, so a stopped server frees them) and db index.
_SCAN_STATES: WeakKeyDictionary[Keyspace, dict[int, ScanState]] = WeakKeyDictionary()


def _scan_state(keyspace: Keyspace, db: Database) -> ScanState:
    per_db = _SCAN_STATES.setdefault(keyspace, {})
    state = per_db.get(db.index)
    if state is None:
        state = per_db[db.index] = ScanState()
    return state


@command(
    "scan",
    arity=-2,
    flags="readonly",
    group="generic",
    since="2.8.0",
    summary="Incrementally iterate the keys space",
    complexity="O(1) for every call. O(N) for a complete iteration, including enough command "
    "calls for the cursor to return back to 0. N is the number of elements inside the "
    "collection.",
    tips="nondeterministic_output request_policy:special",
    history=(("6.0.0", "Added the `TYPE` subcommand."),),
)
def scan(ctx: Session, cursor: bytes, *options: bytes) -> list[Any]:
    """SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]  ->  array: [next cursor, [keys]]."""
    position = parse_cursor(cursor)
    count = SCAN_DEFAULT_COUNT
    pattern: bytes | None = None
    wanted_type: bytes | None = None
    i = 0
    while i < len(options):
        word = token(options[i])
        if i + 1 >= len(options) or word not in (b"COUNT", b"MATCH", b"TYPE"):
            raise CommandError(errors.SYNTAX)
        if word == b"COUNT":
            count = parse_int(options[i + 1])
            if count < 1:
                raise CommandError(errors.SYNTAX)
        elif word == b"MATCH":
            pattern = None if options[i + 1] == b"*" else options[i + 1]
        else:
            wanted_type = token(options[i + 1])
        i += 2
    db = ctx.db
    next_cursor, candidates = _scan_state(ctx.server.keyspace, db).step(db.data, position, count)
    matches = compile_pattern(pattern) if pattern is not None else None
    found = []
    for key in candidates:
        if matches is not None and not matches(key):
            continue
        value = db.lookup(key)  # removes the key if it has expired
        if value is None:
            continue
        if wanted_type is not None and type_name(value).upper() != wanted_type:
            continue
        found.append(key)
    return [str(next_cursor).encode(), found]


@command(
    "randomkey",
    arity=1,
    flags="readonly",
    group="generic",
    since="1.0.0",
    summary="Return a random key from the keyspace",
    complexity="O(1)",
    tips="request_policy:all_shards nondeterministic_output",
)
def randomkey(ctx: Session) -> bytes | None:
    """RANDOMKEY  ->  bulk string: a random live key, or null when the database is empty."""
    db = ctx.db
    data = db.data
    if not data:
        return None
    if not db.expires:
        return next(islice(data, random.randrange(len(data)), None))
    candidates = list(data)
    while candidates:  # dbRandomKey: an expired pick is removed, then pick again
        i = random.randrange(len(candidates))
        key = candidates[i]
        if db.lookup(key) is not None:
            return key
        candidates[i] = candidates[-1]
        candidates.pop()
    return None


# --- renaming, moving, copying ---------------------------------------------------------------
def _rename_generic(ctx: Session, source: bytes, destination: bytes, nx: bool) -> Any:
    """renameGenericCommand: the value and its deadline go to the new name; the old one goes."""
    db = ctx.db
    value = db.lookup(source)
    if value is None:
        raise CommandError(errors.NO_SUCH_KEY)
    if source == destination:
        return 0 if nx else OK
    if db.lookup(destination) is not None and nx:
        return 0
    db.set(destination, value, deadline_ms=db.expires.get(source))
    db.delete(source)
    return 1 if nx else OK


@command(
    "rename",
    arity=3,
    flags="write",
    keys=(1, 2, 1),
    group="generic",
    since="1.0.0",
    summary="Rename a key",
    complexity="O(1)",
    key_specs=("RW access delete", "OW update"),
)
def rename(ctx: Session, key: bytes, newkey: bytes) -> Any:
    """RENAME key newkey  ->  +OK; ``no such key`` if key is missing; newkey is overwritten."""
    return _rename_generic(ctx, key, newkey, nx=False)


@command(
    "renamenx",
    arity=3,
    flags="write fast",
    keys=(1, 2, 1),
    group="generic",
    since="1.0.0",
    summary="Rename a key, only if the new key does not exist",
    complexity="O(1)",
    key_specs=("RW access delete", "OW insert"),
    history=(
        (
            "3.2.0",
            "The command no longer returns an error when source and destination names are "
            "the same.",
        ),
    ),
)
def renamenx(ctx: Session, key: bytes, newkey: bytes) -> Any:
    """RENAMENX key newkey  ->  integer: 1 if renamed, 0 if newkey exists (or is key itself)."""
    return _rename_generic(ctx, key, newkey, nx=True)


def _target_db(ctx: Session, index_arg: bytes) -> Database:
    """A database named by MOVE / COPY DB: a C int, then a valid index (selectDb)."""
    dbs = ctx.server.keyspace.dbs
    index = parse_int32(index_arg)
    if not 0 <= index < len(dbs):
        raise CommandError(errors.DB_INDEX_OUT_OF_RANGE)
    return dbs[index]


@command(
    "move",
    arity=3,
    flags="write fast",
    keys=(1, 1, 1),
    group="generic",
    since="1.0.0",
    summary="Move a key to another database",
    complexity="O(1)",
    key_specs="RW access update",
)
def move(ctx: Session, key: bytes, db: bytes) -> int:
    """MOVE key db  ->  integer: 1 if moved, 0 if key is missing or already in the target db."""
    source = ctx.db
    target = _target_db(ctx, db)
    if target.index == source.index:
        raise CommandError(errors.SAME_OBJECT)
    value = source.lookup(key)
    if value is None or target.lookup(key) is not None:
        return 0
    target.set(key, value, deadline_ms=source.expires.get(key))
    source.delete(key)
    return 1


@command(
    "copy",
    arity=-3,
    flags="write denyoom",
    keys=(1, 2, 1),
    group="generic",
    since="6.2.0",
    summary="Copy a key",
    complexity="O(N) worst case for collections, where N is the number of nested items. O(1) "
    "for string values.",
    key_specs=("RO access", "OW update"),
)
def copy_(ctx: Session, source: bytes, destination: bytes, *options: bytes) -> int:
    """COPY source destination [DB destination-db] [REPLACE]  ->  integer: 1 if copied, else 0."""
    src_db = target = ctx.db
    replace = False
    i = 0
    while i < len(options):
        word = token(options[i])
        if word == b"REPLACE":
            replace = True
        elif word == b"DB" and i + 1 < len(options):
            target = _target_db(ctx, options[i + 1])
            i += 1
        else:
            raise CommandError(errors.SYNTAX)
        i += 1
    if target.index == src_db.index and source == destination:
        raise CommandError(errors.SAME_OBJECT)
    value = src_db.lookup(source)
    if value is None:
        return 0
    if target.lookup(destination) is not None and not replace:
        return 0
    duplicate = value if type(value) is bytes else copy.deepcopy(value)
    target.set(destination, duplicate, deadline_ms=src_db.expires.get(source))
    return 1
