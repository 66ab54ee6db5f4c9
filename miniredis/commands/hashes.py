"""Hash commands (Redis's ``t_hash.c``): one key holding many named values.

A Redis *hash* maps *fields* to *values*, both byte strings -- the natural shape of a record
(``HSET user:1 name ada born 1815``, then ``HGET user:1 name``). Every single-field operation is
O(1). The value is an :class:`~miniredis.datatypes.rhash.RHash`, a ``dict`` (see that module for
the listpack/hashtable encodings and why small hashes list their fields in insertion order).

| commands                        | what they do                                                |
| ------------------------------- | ----------------------------------------------------------- |
| HSET HSETNX HMSET               | set fields (HSETNX only a new one; HMSET is the old HSET)   |
| HGET HMGET HEXISTS HSTRLEN      | read single fields                                          |
| HGETALL HKEYS HVALS HLEN        | read the whole hash                                         |
| HDEL                            | remove fields; the key goes with the last one               |
| HINCRBY HINCRBYFLOAT            | arithmetic on a field, as INCRBY/INCRBYFLOAT on strings     |
| HRANDFIELD HSCAN                | sample and iterate (``hashes_scan.py``)                     |

**Replies.** ``HGETALL`` is a *map* in RESP3 (``%n``) and a flat field, value, ... array in
RESP2; a missing key is an empty hash (``*0`` / ``%0``). ``HMGET`` answers null for each missing
field, and for every field of a missing key.

**Order of checks**, verified on redis-server 7.0.15: HSET/HMSET with an odd number of
field-value words is a wrong-arity error before the key is looked at (even on a key of another
type); HINCRBY and HINCRBYFLOAT parse the increment before the key's type is checked, and the
field's current value after it (``hash value is not an integer`` / ``... not a float``).

**WATCH.** A new hash goes in with ``db.set``; a hash changed in place calls ``touch``
(``signalModifiedKey``); HDEL of the last field deletes the key. HSETNX on an existing field and
an HDEL that removed nothing change nothing and tell no one.
"""

from __future__ import annotations

from typing import Any

from miniredis import errors
from miniredis.commands import hashes_scan  # noqa: F401  (registers HRANDFIELD, HSCAN)
from miniredis.commands.args import INT64_MAX, INT64_MIN, parse_int, parse_long_double
from miniredis.commands.table import command
from miniredis.datatypes.rhash import RHash, after_change, lookup_hash
from miniredis.errors import CommandError
from miniredis.keyspace.db import WRONGTYPE
from miniredis.protocol.encoder import format_long_double, round_long_double
from miniredis.protocol.replies import OK
from miniredis.session import Session

_FIELD_VALUE_COMPLEXITY = (
    "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command "
    "is called with multiple field/value pairs."
)


def _writable_hash(ctx: Session, key: bytes) -> tuple[RHash, bool]:
    """hashTypeLookupWriteOrCreate: the hash at ``key``, or a new one (not stored yet) and True."""
    hsh = ctx.db.lookup(key)
    if hsh is None:
        return RHash(), True
    if type(hsh) is not RHash:
        raise WRONGTYPE
    return hsh, False


def _store(ctx: Session, key: bytes, hsh: RHash, created: bool) -> None:
    """Put a new hash in the keyspace, or tell WATCHers an existing one changed."""
    db = ctx.db
    if created:
        db.set(key, hsh)
    elif db.watchers:
        db.touch(key)


# --- setting fields --------------------------------------------------------------------------
def _set_fields(ctx: Session, name: str, key: bytes, pairs: tuple[bytes, ...]) -> int:
    """hsetCommand: set every pair, return how many fields are new."""
    if len(pairs) & 1:  # arity -4 lets "HSET k f v f" through; the command refuses it
        raise CommandError(errors.wrong_arity(name))
    db = ctx.db
    hsh = db.lookup(key)
    created = hsh is None
    if created:
        hsh = RHash()
    elif type(hsh) is not RHash:
        raise WRONGTYPE
    before = len(hsh)
    words = iter(pairs)
    hsh.update(zip(words, words, strict=False))  # pairs has an even length
    if not hsh.big:
        hsh.check_size(ctx.server.config, *pairs)
    if created:
        db.set(key, hsh)
    elif db.watchers:
        db.touch(key)
    return len(hsh) - before


@command(
    "hset",
    arity=-4,
    flags="write denyoom fast",
    keys=(1, 1, 1),
    group="hash",
    since="2.0.0",
    summary="Set the string value of a hash field",
    complexity=_FIELD_VALUE_COMPLEXITY,
    key_specs="RW update",
    history=(("4.0.0", "Accepts multiple `field` and `value` arguments."),),
)
def hset(ctx: Session, key: bytes, *pairs: bytes) -> int:
    """HSET key field value [field value ...]  ->  integer: how many fields were added (not updated)."""  # noqa: E501
    if len(pairs) == 2:  # the common case, one field of an existing hash, without the loop
        db = ctx.db
        hsh = db.lookup(key)
        if type(hsh) is RHash:
            field, value = pairs
            added = 0 if field in hsh else 1
            hsh[field] = value
            if not hsh.big:
                hsh.check_size(ctx.server.config, field, value)
            if db.watchers:
                db.touch(key)
            return added
    return _set_fields(ctx, "hset", key, pairs)


@command(
    "hmset",
    arity=-4,
    flags="write denyoom fast",
    keys=(1, 1, 1),
    group="hash",
    since="2.0.0",
    summary="Set multiple hash fields to multiple values",
    complexity="O(N) where N is the number of fields being set.",
    key_specs="RW update",
    doc_flags="deprecated",
    deprecated_since="4.0.0",
    replaced_by="`HSET` with multiple field-value pairs",
)
def hmset(ctx: Session, key: bytes, *pairs: bytes) -> Any:
    """HMSET key field value [field value ...]  ->  +OK (HSET's older form)."""
    _set_fields(ctx, "hmset", key, pairs)
    return OK


@command(
    "hsetnx",
    arity=4,
    flags="write denyoom fast",
    keys=(1, 1, 1),
    group="hash",
    since="2.0.0",
    summary="Set the value of a hash field, only if the field does not exist",
    complexity="O(1)",
    key_specs="RW insert",
)
def hsetnx(ctx: Session, key: bytes, field: bytes, value: bytes) -> int:
    """HSETNX key field value  ->  integer: 1 if the field was set, 0 if it already existed."""
    hsh, created = _writable_hash(ctx, key)
    if field in hsh:
        return 0
    hsh[field] = value
    hsh.check_size(ctx.server.config, field, value)
    _store(ctx, key, hsh, created)
    return 1


# --- reading fields --------------------------------------------------------------------------
@command(
    "hget",
    arity=3,
    flags="readonly fast",
    keys=(1, 1, 1),
    group="hash",
    since="2.0.0",
    summary="Get the value of a hash field",
    complexity="O(1)",
    key_specs="RO access",
)
def hget(ctx: Session, key: bytes, field: bytes) -> bytes | None:
    """HGET key field  ->  bulk string, or null when the field or the key is missing."""
    hsh = lookup_hash(ctx.db, key)
    return None if hsh is None else hsh.get(field)


@command(
    "hmget",
    arity=-3,
    flags="readonly fast",
    keys=(1, 1, 1),
    group="hash",
    since="2.0.0",
    summary="Get the values of all the given hash fields",
    complexity="O(N) where N is the number of fields being requested.",
    key_specs="RO access",
)
def hmget(ctx: Session, key: bytes, *fields: bytes) -> list[bytes | None]:
    """HMGET key field [field ...]  ->  array: each field's value, null for a missing one."""
    hsh = lookup_hash(ctx.db, key)
    if hsh is None:
        return [None] * len(fields)
    get = hsh.get
    return [get(field) for field in fields]


@command(
    "hexists",
    arity=3,
    flags="readonly fast",
    keys=(1, 1, 1),
    group="hash",
    since="2.0.0",
    summary="Determine if a hash field exists",
    complexity="O(1)",
    key_specs="RO",
)
def hexists(ctx: Session, key: bytes, field: bytes) -> int:
    """HEXISTS key field  ->  integer: 1 if the hash has the field, else 0."""
    hsh = lookup_hash(ctx.db, key)
    return 0 if hsh is None else int(field in hsh)


@command(
    "hstrlen",
    arity=3,
    flags="readonly fast",
    keys=(1, 1, 1),
    group="hash",
    since="3.2.0",
    summary="Get the length of the value of a hash field",
    complexity="O(1)",
    key_specs="RO",
)
def hstrlen(ctx: Session, key: bytes, field: bytes) -> int:
    """HSTRLEN key field  ->  integer: the value's length in bytes, 0 when it is missing."""
    hsh = lookup_hash(ctx.db, key)
    return 0 if hsh is None else len(hsh.get(field, b""))


# --- the whole hash --------------------------------------------------------------------------
@command(
    "hlen",
    arity=2,
    flags="readonly fast",
    keys=(1, 1, 1),
    group="hash",
    since="2.0.0",
    summary="Get the number of fields in a hash",
    complexity="O(1)",
    key_specs="RO",
)
def hlen(ctx: Session, key: bytes) -> int:
    """HLEN key  ->  integer: the number of fields, 0 when the key is missing."""
    hsh = lookup_hash(ctx.db, key)
    return 0 if hsh is None else len(hsh)


@command(
    "hgetall",
    arity=2,
    flags="readonly",
    keys=(1, 1, 1),
    group="hash",
    since="2.0.0",
    summary="Get all the fields and values in a hash",
    complexity="O(N) where N is the size of the hash.",
    key_specs="RO access",
    tips="nondeterministic_output_order",
)
def hgetall(ctx: Session, key: bytes) -> dict[bytes, bytes]:
    """HGETALL key  ->  map of field -> value (RESP2: a flat field, value, ... array)."""
    hsh = lookup_hash(ctx.db, key)
    # a copy: inside MULTI the reply is encoded after later commands may have changed the hash
    return {} if hsh is None else dict(hsh)


@command(
    "hkeys",
    arity=2,
    flags="readonly",
    keys=(1, 1, 1),
    group="hash",
    since="2.0.0",
    summary="Get all the fields in a hash",
    complexity="O(N) where N is the size of the hash.",
    key_specs="RO access",
    tips="nondeterministic_output_order",
)
def hkeys(ctx: Session, key: bytes) -> list[bytes]:
    """HKEYS key  ->  array of the hash's fields."""
    hsh = lookup_hash(ctx.db, key)
    return [] if hsh is None else list(hsh)


@command(
    "hvals",
    arity=2,
    flags="readonly",
    keys=(1, 1, 1),
    group="hash",
    since="2.0.0",
    summary="Get all the values in a hash",
    complexity="O(N) where N is the size of the hash.",
    key_specs="RO access",
    tips="nondeterministic_output_order",
)
def hvals(ctx: Session, key: bytes) -> list[bytes]:
    """HVALS key  ->  array of the hash's values, in the order HKEYS lists the fields."""
    hsh = lookup_hash(ctx.db, key)
    return [] if hsh is None else list(hsh.values())


# --- removing fields -------------------------------------------------------------------------
@command(
    "hdel",
    arity=-3,
    flags="write fast",
    keys=(1, 1, 1),
    group="hash",
    since="2.0.0",
    summary="Delete one or more hash fields",
    complexity="O(N) where N is the number of fields to be removed.",
    key_specs="RW delete",
    history=(("2.4.0", "Accepts multiple `field` arguments."),),
)
def hdel(ctx: Session, key: bytes, *fields: bytes) -> int:
    """HDEL key field [field ...]  ->  integer: how many fields were removed."""
    db = ctx.db
    hsh = lookup_hash(db, key)
    if hsh is None:
        return 0
    removed = 0
    for field in fields:
        if hsh.pop(field, None) is not None:
            removed += 1
            if not hsh:
                break  # hdelCommand stops at an empty hash and deletes the key
    if removed:
        after_change(db, key, hsh)
    return removed


# --- arithmetic ------------------------------------------------------------------------------
@command(
    "hincrby",
    arity=4,
    flags="write denyoom fast",
    keys=(1, 1, 1),
    group="hash",
    since="2.0.0",
    summary="Increment the integer value of a hash field by the given number",
    complexity="O(1)",
    key_specs="RW access update",
)
def hincrby(ctx: Session, key: bytes, field: bytes, increment: bytes) -> int:
    """HINCRBY key field increment  ->  integer: the field's value after the increment.

    A missing field (or key) counts as 0. The field must hold a canonical 64-bit integer
    (``hash value is not an integer``) and the sum must fit in one
    (``increment or decrement would overflow``).
    """
    amount = parse_int(increment)
    hsh, created = _writable_hash(ctx, key)
    current = hsh.get(field)
    value = 0 if current is None else parse_int(current, errors.HASH_VALUE_NOT_INTEGER)
    result = value + amount
    if not INT64_MIN <= result <= INT64_MAX:
        raise CommandError(errors.OVERFLOW)
    text = b"%d" % result
    hsh[field] = text
    hsh.check_size(ctx.server.config, field, text)
    _store(ctx, key, hsh, created)
    return result


@command(
    "hincrbyfloat",
    arity=4,
    flags="write denyoom fast",
    keys=(1, 1, 1),
    group="hash",
    since="2.6.0",
    summary="Increment the float value of a hash field by the given amount",
    complexity="O(1)",
    key_specs="RW access update",
)
def hincrbyfloat(ctx: Session, key: bytes, field: bytes, increment: bytes) -> bytes:
    """HINCRBYFLOAT key field increment  ->  bulk string: the new value, as stored.

    Long double arithmetic and formatting, as INCRBYFLOAT (``strings_numeric.py``): ``0.1``
    then ``0.2`` gives ``0.3``. An infinite increment is refused up front (``value is NaN or
    Infinity``), a field holding ``inf`` or a sum that overflows after (``increment would
    produce NaN or Infinity``).
    """
    amount = parse_long_double(increment)
    if isinstance(amount, float):  # string2ld accepts inf; the command does not
        raise CommandError(errors.HINCRBYFLOAT_NAN_OR_INF)
    hsh, created = _writable_hash(ctx, key)
    current = hsh.get(field)
    value = 0 if current is None else parse_long_double(current, errors.HASH_VALUE_NOT_FLOAT)
    if isinstance(value, float):  # the field holds an infinity
        raise CommandError(errors.INCR_NAN_OR_INF)
    try:
        result = round_long_double(value + amount)
    except OverflowError:
        raise CommandError(errors.INCR_NAN_OR_INF) from None
    text = format_long_double(result)
    hsh[field] = text
    hsh.check_size(ctx.server.config, field, text)
    _store(ctx, key, hsh, created)
    return text
