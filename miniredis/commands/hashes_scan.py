"""Sampling and iterating a hash: HRANDFIELD and HSCAN (Redis's ``t_hash.c``, ``db.c``).

**HRANDFIELD** picks fields at random. Without a count it answers one field (null for a missing
key). With a count it answers an array, and the count's sign chooses the kind of sample:

- ``count > 0``: *distinct* fields, at most the whole hash (a count at least the hash's size
  answers every field, in the hash's order);
- ``count < 0``: exactly ``-count`` fields drawn independently, so repeats are expected;
- ``WITHVALUES`` adds each field's value. RESP2 flattens the pairs (field, value, field, ...);
  RESP3 nests them, one two-element array per pair -- verified on redis-server 7.0.15.

Checks in Redis's order: the count must be an integer in ``-LONG_MAX..LONG_MAX`` (``-2**63``
gives ``value is out of range, value must between ...``); then a fourth word other than
``WITHVALUES`` is a syntax error; with ``WITHVALUES`` a count beyond ``LONG_MAX/2`` either way is
``value is out of range``; only then is the key's type checked.

**HSCAN** iterates a hash with a cursor like SCAN (``keyspace/scan.py``), answering fields and
values interleaved. A small hash (listpack encoding) is answered whole in one call with cursor 0,
whatever the cursor and COUNT say, as Redis does; a big one (hashtable) is walked COUNT fields at
a time. The cursor is parsed first, the key looked up next, and the options only after that: a
missing key answers an empty scan even to options that would be a syntax error.
"""

from __future__ import annotations

import random
from itertools import islice
from typing import Any

from miniredis import errors
from miniredis.commands.args import INT64_MAX, parse_cursor, parse_int, parse_scan_options, token
from miniredis.commands.table import command
from miniredis.datatypes.rhash import RHash, lookup_hash
from miniredis.errors import CommandError
from miniredis.keyspace.glob import compile_pattern
from miniredis.session import Session

_LONG_MAX = INT64_MAX
# Redis 7.0 would go on to build a reply this large and run out of memory (verified: the server
# dies). miniredis refuses instead, with the error Redis gives counts it does reject.
_MAX_SAMPLE = 1 << 32


@command(
    "hrandfield",
    arity=-2,
    flags="readonly",
    keys=(1, 1, 1),
    group="hash",
    since="6.2.0",
    summary="Get one or multiple random fields from a hash",
    complexity="O(N) where N is the number of fields returned",
    key_specs="RO access",
    tips="nondeterministic_output",
)
def hrandfield(ctx: Session, key: bytes, *options: bytes) -> Any:
    """HRANDFIELD key [count [WITHVALUES]]  ->  bulk string or null; with count an array."""
    if not options:
        hsh = lookup_hash(ctx.db, key)
        if hsh is None:
            return None
        return next(islice(hsh, random.randrange(len(hsh)), None))
    count = parse_int(options[0])
    if count < -_LONG_MAX:
        raise CommandError(errors.not_between(-_LONG_MAX, _LONG_MAX))
    if len(options) > 2 or (len(options) == 2 and token(options[1]) != b"WITHVALUES"):
        raise CommandError(errors.SYNTAX)
    with_values = len(options) == 2
    if with_values and not -(_LONG_MAX // 2) <= count <= _LONG_MAX // 2:
        raise CommandError(errors.OUT_OF_RANGE)
    hsh = lookup_hash(ctx.db, key)
    if hsh is None or count == 0:
        return []
    fields = _sample(hsh, count)
    if not with_values:
        return fields
    if ctx.protocol == 3:
        return [[field, hsh[field]] for field in fields]
    reply: list[bytes] = []
    for field in fields:
        reply += (field, hsh[field])
    return reply


def _sample(hsh: RHash, count: int) -> list[bytes]:
    """hrandfieldWithCountCommand's cases: repeats for a negative count, the whole hash (in its
    order) for a count at least its size, else ``count`` distinct fields in random order."""
    if count < 0:
        if -count > _MAX_SAMPLE:
            raise CommandError(errors.OUT_OF_RANGE)
        return random.choices(list(hsh), k=-count)
    if count >= len(hsh):
        return list(hsh)
    return random.sample(list(hsh), count)


@command(
    "hscan",
    arity=-3,
    flags="readonly",
    keys=(1, 1, 1),
    group="hash",
    since="2.8.0",
    summary="Incrementally iterate hash fields and associated values",
    complexity="O(1) for every call. O(N) for a complete iteration, including enough command "
    "calls for the cursor to return back to 0. N is the number of elements inside the "
    "collection..",
    key_specs="RO access",
    tips="nondeterministic_output",
)
def hscan(ctx: Session, key: bytes, cursor: bytes, *options: bytes) -> list[Any]:
    """HSCAN key cursor [MATCH pattern] [COUNT count]  ->  array: [next cursor, [field, value, ...]]."""  # noqa: E501
    position = parse_cursor(cursor)
    hsh = lookup_hash(ctx.db, key)
    if hsh is None:
        return [b"0", []]
    count, pattern = parse_scan_options(options)
    if hsh.big:
        next_cursor, fields = hsh.scanner().step(hsh, position, count)
    else:  # a listpack is answered whole, in its order
        next_cursor, fields = 0, list(hsh)
    if pattern is not None:
        matches = compile_pattern(pattern)
        fields = [field for field in fields if matches(field)]
    found: list[bytes] = []
    for field in fields:
        found += (field, hsh[field])
    return [str(next_cursor).encode(), found]
