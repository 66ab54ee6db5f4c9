"""OBJECT: look at how a value is stored (Redis's ``object.c`` objectCommand).

Redis stores each value as a ``robj`` with a *type* (string, list, set...) and an *encoding*,
the data structure actually used, picked for size: a small hash is one packed ``listpack``,
a big one a ``hashtable``; a set of few integers an ``intset``. ``OBJECT ENCODING key`` names
it. miniredis asks the value class (``value.object_encoding(config)``), which applies Redis
7.0's thresholds from the config; strings are plain ``bytes`` and get Redis's rule here.

Facts verified on redis-server 7.0.15:

- A string is ``int`` when it is a canonical int64 (``123``, ``-5``, not ``0123``, ``+1``,
  ``-0`` or ``9223372036854775808``), else ``embstr`` up to 44 bytes, else ``raw``. (APPEND,
  SETRANGE and SETBIT turn even a short string ``raw`` in Redis; miniredis stores strings as
  plain bytes and cannot tell, so it answers by length.)
- ``OBJECT REFCOUNT`` is 1, except for integers 0..9999, which Redis shares among all keys
  (``OBJ_SHARED_INTEGERS``): 2147483647, the refcount of an immortal shared object. Sharing
  is off when ``maxmemory`` is set with an LRU or LFU policy (each key then needs its own
  access clock).
- Lists are always ``quicklist`` in 7.0 (``listpack`` lists came with 7.2).
- ``OBJECT FREQ`` needs an LFU ``maxmemory-policy``, ``OBJECT IDLETIME`` refuses one; a
  missing key is a null reply for all four.

Access times: every read or write of a key records the time (``Database.accessed``), and
OBJECT looks keys up without touching them, as Redis's ``LOOKUP_NOTOUCH`` does. LFU counters
are not tracked: FREQ answers the counter a new key starts with (5).
"""

from __future__ import annotations

from miniredis import errors
from miniredis.commands.args import is_int
from miniredis.commands.table import command, container
from miniredis.errors import CommandError
from miniredis.protocol.replies import SimpleString
from miniredis.session import Session

container(
    "object",
    group="generic",
    since="2.2.3",
    summary="A container for object introspection commands",
)

SHARED_REFCOUNT = 2147483647  # OBJ_SHARED_REFCOUNT: INT_MAX
OBJ_SHARED_INTEGERS = 10000
EMBSTR_SIZE_LIMIT = 44  # OBJ_ENCODING_EMBSTR_SIZE_LIMIT
LFU_INIT_VAL = 5
_FLAGS = "readonly"
_TIPS = "nondeterministic_output"

_HELP = (
    "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "ENCODING <key>",
    "    Return the kind of internal representation used in order to store the value",
    "    associated with a <key>.",
    "FREQ <key>",
    "    Return the access frequency index of the <key>. The returned integer is",
    "    proportional to the logarithm of the recent access frequency of the key.",
    "IDLETIME <key>",
    "    Return the idle time of the <key>, that is the approximated number of",
    "    seconds elapsed since the last access to the key.",
    "REFCOUNT <key>",
    "    Return the number of references of the value associated with the specified",
    "    <key>.",
    "HELP",
    "    Prints this help.",
)
HELP_LINES = [SimpleString(line.encode()) for line in _HELP]


def string_encoding(value: bytes) -> bytes:
    """tryObjectEncoding's verdict for a string value: ``int``, ``embstr`` or ``raw``."""
    if len(value) <= 20 and is_int(value):
        return b"int"
    return b"embstr" if len(value) <= EMBSTR_SIZE_LIMIT else b"raw"


def _lfu(ctx: Session) -> bool:
    return "lfu" in ctx.server.config.maxmemory_policy


def _shares_integers(ctx: Session) -> bool:
    """MAXMEMORY_FLAG_NO_SHARED_INTEGERS: an LRU/LFU policy with a maxmemory set."""
    cfg = ctx.server.config
    policy = cfg.maxmemory_policy
    return not (cfg.maxmemory and ("lru" in policy or "lfu" in policy))


@command(
    "object|encoding", arity=3, flags=_FLAGS, keys=(2, 2, 1), group="generic", since="2.2.3",
    summary="Inspect the internal encoding of a Redis object", complexity="O(1)",
    key_specs="RO", tips=_TIPS,
)  # fmt: skip
def object_encoding(ctx: Session, _sub: bytes, key: bytes) -> bytes | None:
    """OBJECT ENCODING key  ->  bulk string: the encoding name, or null for a missing key."""
    value = ctx.db.peek(key)
    if value is None:
        return None
    if type(value) is bytes:
        return string_encoding(value)
    encoding: bytes = value.object_encoding(ctx.server.config)
    return encoding


@command(
    "object|refcount", arity=3, flags=_FLAGS, keys=(2, 2, 1), group="generic", since="2.2.3",
    summary="Get the number of references to the value of the key", complexity="O(1)",
    key_specs="RO", tips=_TIPS,
)  # fmt: skip
def object_refcount(ctx: Session, _sub: bytes, key: bytes) -> int | None:
    """OBJECT REFCOUNT key  ->  integer: 1, or 2147483647 for a shared small integer."""
    value = ctx.db.peek(key)
    if value is None:
        return None
    if (
        type(value) is bytes
        and len(value) <= 4
        and is_int(value)
        and 0 <= int(value) < OBJ_SHARED_INTEGERS
        and _shares_integers(ctx)
    ):
        return SHARED_REFCOUNT
    return 1


@command(
    "object|idletime", arity=3, flags=_FLAGS, keys=(2, 2, 1), group="generic", since="2.2.3",
    summary="Get the time since a Redis object was last accessed", complexity="O(1)",
    key_specs="RO", tips=_TIPS,
)  # fmt: skip
def object_idletime(ctx: Session, _sub: bytes, key: bytes) -> int | None:
    """OBJECT IDLETIME key  ->  integer: whole seconds since the key was last read or written."""
    if ctx.db.peek(key) is None:
        return None
    if _lfu(ctx):
        raise CommandError(errors.OBJECT_LFU_NO_IDLETIME)
    return ctx.db.idle_ms(key) // 1000


@command(
    "object|freq", arity=3, flags=_FLAGS, keys=(2, 2, 1), group="generic", since="4.0.0",
    summary="Get the logarithmic access frequency counter of a Redis object",
    complexity="O(1)", key_specs="RO", tips=_TIPS,
)  # fmt: skip
def object_freq(ctx: Session, _sub: bytes, key: bytes) -> int | None:
    """OBJECT FREQ key  ->  integer: the key's LFU counter (needs an LFU maxmemory-policy)."""
    if ctx.db.peek(key) is None:
        return None
    if not _lfu(ctx):
        raise CommandError(errors.OBJECT_NO_LFU)
    return LFU_INIT_VAL


@command(
    "object|help", arity=2, flags="loading stale", group="generic", since="6.2.0",
    summary="Show helpful text about the different subcommands", complexity="O(1)",
)  # fmt: skip
def object_help(ctx: Session, _sub: bytes) -> list[SimpleString]:
    """OBJECT HELP  ->  array of status lines."""
    return HELP_LINES
