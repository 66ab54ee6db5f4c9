"""Server commands (Redis's ``@server`` group): the server as a whole, not one key.

| command                        | what it does here                                            |
| ------------------------------ | ------------------------------------------------------------ |
| CONFIG GET/SET/RESETSTAT/...   | read and change ``Config`` at run time (REWRITE: refused)    |
| DBSIZE FLUSHDB FLUSHALL FLUSH  | count or drop the keys of one database, or of all            |
| TIME LASTSAVE SAVE BGSAVE      | the clock; persistence bookkeeping (nothing is written)      |
| SHUTDOWN                       | stop the server; the caller gets no reply, only the close    |
| DEBUG SLEEP/OBJECT/HELP        | test hooks (refused unless ``enable-debug-command`` allows)  |
| FUNCTION FLUSH, MEMORY USAGE   | what client test suites send between tests                   |

INFO lives in ``info.py`` and COMMAND in ``introspection.py``; they are imported here so that
importing the group registers all of it.

**Persistence.** miniredis keeps everything in memory and writes no RDB or AOF file. SAVE and
BGSAVE still answer as Redis does (``+OK``, ``+Background saving started``) and move LASTSAVE,
because test harnesses call them and expect success; the data is not on disk afterwards.

**FLUSH** is the original design's command: it empties the *current* database (the design had a
single dictionary, which is database 0 here) and answers how many keys it removed, where
FLUSHDB answers ``+OK``.
"""

from __future__ import annotations

import ipaddress
import re
import sys
import time
from typing import Any

from miniredis import errors
from miniredis.commands import info as _info  # noqa: F401  (registers INFO)
from miniredis.commands import introspection as _introspection  # noqa: F401  (registers COMMAND)
from miniredis.commands.args import parse_int
from miniredis.commands.info import persistence
from miniredis.commands.table import command, container
from miniredis.errors import CommandError
from miniredis.keyspace.clock import system_clock
from miniredis.protocol.replies import NO_REPLY, OK, SimpleString
from miniredis.session import Session

_CONFIG_HELP = [
    "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "GET <pattern>",
    "    Return parameters matching the glob-like <pattern> and their values.",
    "SET <directive> <value>",
    "    Set the configuration <directive> to <value>.",
    "RESETSTAT",
    "    Reset statistics reported by the INFO command.",
    "REWRITE",
    "    Rewrite the configuration file.",
    "HELP",
    "    Prints this help.",
]
# DEBUG and MEMORY HELP list only the subcommands miniredis has (Redis's lists are longer).
_MEMORY_HELP = [
    "MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "USAGE <key> [SAMPLES <count>]",
    "    Return memory in bytes used by <key> and its value. Nested values are",
    "    sampled up to <count> times (default: 5, 0 means sample all).",
    "HELP",
    "    Prints this help.",
]
_DEBUG_HELP = [
    "DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "OBJECT <key>",
    "    Show low level info about `key` and associated value.",
    "SLEEP <seconds>",
    "    Stop the server for <seconds>. Decimals allowed.",
    "HELP",
    "    Prints this help.",
]


def _status_lines(lines: list[str]) -> list[SimpleString]:
    return [SimpleString(line.encode()) for line in lines]


# --- CONFIG ---------------------------------------------------------------------------------
container(
    "config", group="server", since="2.0.0",
    summary="A container for server configuration commands",
)  # fmt: skip


@command(
    "config|get", arity=-3, flags="admin noscript loading stale", group="server",
    since="2.0.0", summary="Get the values of configuration parameters",
    complexity="O(N) when N is the number of configuration parameters provided",
    history=(("7.0.0", "Added the ability to pass multiple pattern parameters in one call"),),
)  # fmt: skip
def config_get(ctx: Session, _sub: bytes, *patterns: bytes) -> dict[bytes, bytes]:
    """CONFIG GET parameter [parameter ...]  ->  map of name to value (RESP2: flat array)."""
    return ctx.server.config.get(*patterns)


@command(
    "config|set", arity=-4, flags="admin noscript loading stale", group="server",
    since="2.0.0", tips="request_policy:all_nodes response_policy:all_succeeded",
    summary="Set configuration parameters to the given values",
    complexity="O(N) when N is the number of configuration parameters provided",
    history=(("7.0.0", "Added the ability to set multiple parameters in one call."),),
)  # fmt: skip
def config_set(ctx: Session, _sub: bytes, *pairs: bytes) -> Any:
    """CONFIG SET parameter value [parameter value ...]  ->  +OK; all pairs apply or none."""
    if len(pairs) % 2:
        raise CommandError(errors.SYNTAX)
    pairs_list = list(zip(pairs[::2], pairs[1::2], strict=True))
    ctx.server.config.set_many(pairs_list, local=_is_local(ctx))
    return OK


@command(
    "config|resetstat", arity=2, flags="admin noscript loading stale", group="server",
    since="2.0.0", summary="Reset the stats returned by INFO", complexity="O(1)",
)  # fmt: skip
def config_resetstat(ctx: Session, _sub: bytes) -> Any:
    """CONFIG RESETSTAT  ->  +OK; INFO's counters, commandstats and errorstats restart at 0."""
    ctx.server.stats.reset()
    for db in ctx.server.keyspace.dbs:
        db.expired_keys = 0
    return OK


@command(
    "config|rewrite", arity=2, flags="admin noscript loading stale", group="server",
    since="2.8.0", summary="Rewrite the configuration file with the in memory configuration",
    complexity="O(1)",
)  # fmt: skip
def config_rewrite(ctx: Session, _sub: bytes) -> Any:
    """CONFIG REWRITE  ->  error: miniredis does not write its config file back (yet).

    Redis answers ``The server is running without a config file`` when started without one,
    and ``Rewriting config file: <strerror>`` when writing fails; miniredis, which does not
    rewrite files, answers the second with "Operation not supported".
    """
    if not ctx.server.config.config_file:
        raise CommandError(errors.NO_CONFIG_FILE)
    raise CommandError(errors.CONFIG_REWRITE_UNSUPPORTED)


@command(
    "config|help", arity=2, flags="loading stale", group="server", since="5.0.0",
    summary="Show helpful text about the different subcommands", complexity="O(1)",
)  # fmt: skip
def config_help(ctx: Session, _sub: bytes) -> Any:
    """CONFIG HELP  ->  array of status lines."""
    return _status_lines(_CONFIG_HELP)


# --- databases ------------------------------------------------------------------------------
@command(
    "dbsize", arity=1, flags="readonly fast", group="server", since="1.0.0",
    acl="@keyspace", tips="request_policy:all_shards response_policy:agg_sum",
    summary="Return the number of keys in the selected database", complexity="O(1)",
)  # fmt: skip
def dbsize(ctx: Session) -> int:
    """DBSIZE  ->  integer: keys in the selected database (expired ones not yet removed count)."""
    return len(ctx.db)


def _flush_mode(options: tuple[bytes, ...]) -> None:
    """FLUSHDB / FLUSHALL take nothing, ASYNC or SYNC (getFlushCommandFlags); both run now."""
    if len(options) > 1 or (options and options[0].upper() not in (b"ASYNC", b"SYNC")):
        raise CommandError(errors.SYNTAX)


@command(
    "flushdb", arity=-1, flags="write", group="server", since="1.0.0",
    acl="@keyspace @dangerous", tips="request_policy:all_shards response_policy:all_succeeded",
    summary="Remove all keys from the current database",
    complexity="O(N) where N is the number of keys in the selected database",
    history=(
        ("4.0.0", "Added the `ASYNC` flushing mode modifier."),
        ("6.2.0", "Added the `SYNC` flushing mode modifier."),
    ),
)  # fmt: skip
def flushdb(ctx: Session, *options: bytes) -> Any:
    """FLUSHDB [ASYNC | SYNC]  ->  +OK."""
    _flush_mode(options)
    ctx.db.flush()
    return OK


@command(
    "flushall", arity=-1, flags="write", group="server", since="1.0.0",
    acl="@keyspace @dangerous", tips="request_policy:all_shards response_policy:all_succeeded",
    summary="Remove all keys from all databases",
    complexity="O(N) where N is the total number of keys in all databases",
    history=(
        ("4.0.0", "Added the `ASYNC` flushing mode modifier."),
        ("6.2.0", "Added the `SYNC` flushing mode modifier."),
    ),
)  # fmt: skip
def flushall(ctx: Session, *options: bytes) -> Any:
    """FLUSHALL [ASYNC | SYNC]  ->  +OK."""
    _flush_mode(options)
    ctx.server.keyspace.flushall()
    return OK


@command(
    "flush", arity=1, flags="write", group="server", since="1.0.0",
    acl="@keyspace @dangerous",
    summary="Remove all keys from the current database and return how many there were",
    complexity="O(N) where N is the number of keys in the selected database",
)  # fmt: skip
def flush(ctx: Session) -> int:
    """FLUSH  ->  integer: how many keys the current database held (the original design's)."""
    return ctx.db.flush()


# --- time and persistence -------------------------------------------------------------------
@command(
    "time", arity=1, flags="loading stale fast", group="server", since="2.6.0",
    tips="nondeterministic_output", summary="Return the current server time",
    complexity="O(1)",
)  # fmt: skip
def time_(ctx: Session) -> list[bytes]:
    """TIME  ->  array of two bulk strings: unix seconds and microseconds.

    With the system clock this is the wall clock to the microsecond; with an injected clock
    (tests) it is that clock's millisecond, so TIME agrees with key expiry.
    """
    keyspace = ctx.server.keyspace
    wall = keyspace.clock is system_clock
    usec = time.time_ns() // 1000 if wall else keyspace.now_ms * 1000
    seconds, micros = divmod(usec, 1_000_000)
    return [b"%d" % seconds, b"%d" % micros]


@command(
    "lastsave", arity=1, flags="loading stale fast", group="server", since="1.0.0",
    acl="@admin @dangerous", tips="nondeterministic_output",
    summary="Get the UNIX time stamp of the last successful save to disk", complexity="O(1)",
)  # fmt: skip
def lastsave(ctx: Session) -> int:
    """LASTSAVE  ->  integer: unix time of the last SAVE/BGSAVE (server start before any)."""
    return persistence(ctx.server).last_save


def _record_save(ctx: Session) -> None:
    state = persistence(ctx.server)
    state.last_save = int(time.time())
    state.saves += 1


@command(
    "save", arity=1, flags="admin noscript no_async_loading no_multi", group="server",
    since="1.0.0", summary="Synchronously save the dataset to disk",
    complexity="O(N) where N is the total number of keys in all databases",
)  # fmt: skip
def save(ctx: Session) -> Any:
    """SAVE  ->  +OK. miniredis has no persistence: nothing is written, LASTSAVE moves."""
    _record_save(ctx)
    return OK


@command(
    "bgsave", arity=-1, flags="admin noscript no_async_loading", group="server",
    since="1.0.0", summary="Asynchronously save the dataset to disk", complexity="O(1)",
    history=(("3.2.2", "Added the `SCHEDULE` option."),),
)  # fmt: skip
def bgsave(ctx: Session, *options: bytes) -> Any:
    """BGSAVE [SCHEDULE]  ->  +Background saving started (nothing is written, see SAVE)."""
    if len(options) > 1 or (options and options[0].upper() != b"SCHEDULE"):
        raise CommandError(errors.SYNTAX)
    _record_save(ctx)
    return SimpleString(b"Background saving started")


# --- SHUTDOWN -------------------------------------------------------------------------------
@command(
    "shutdown", arity=-1, flags="admin noscript loading stale no_multi allow_busy",
    group="server", since="1.0.0",
    summary="Synchronously save the dataset to disk and then shut down the server",
    complexity="O(N) when saving, where N is the total number of keys in all databases when "
    "saving data, otherwise O(1)",
    history=(("7.0.0", "Added the `NOW`, `FORCE` and `ABORT` modifiers."),),
)  # fmt: skip
def shutdown(ctx: Session, *options: bytes) -> Any:
    """SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT]  ->  no reply: the connection closes."""
    seen = set()
    for option in options:
        word = option.upper()
        if word not in (b"NOSAVE", b"SAVE", b"NOW", b"FORCE", b"ABORT"):
            raise CommandError(errors.SYNTAX)
        seen.add(word)
    if (b"ABORT" in seen and len(seen) > 1) or {b"NOSAVE", b"SAVE"} <= seen:
        raise CommandError(errors.SYNTAX)
    if b"ABORT" in seen:
        raise CommandError(errors.NO_SHUTDOWN_IN_PROGRESS)  # shutdowns here never wait
    ctx.server.request_shutdown()
    ctx.close_after_reply = True
    return NO_REPLY


# --- DEBUG ----------------------------------------------------------------------------------
_STRTOD_PREFIX = re.compile(rb"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _debug_allowed(ctx: Session) -> bool:
    """enable-debug-command: ``no``, ``yes``, or ``local`` (loopback and unix sockets only)."""
    setting = ctx.server.config.enable_debug_command
    return setting == "yes" or (setting == "local" and _is_local(ctx))


def _is_local(ctx: Session) -> bool:
    """Redis's islocalClient: a unix socket, or a loopback address."""
    host = ctx.addr.rsplit(":", 1)[0].strip("[]") if ":" in ctx.addr else ""
    if not host:  # unix socket
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _debug_object(ctx: Session, key: bytes) -> SimpleString:
    value = ctx.db.data.get(key)  # Redis looks in the dict directly: no expiry check
    if value is None:
        raise CommandError(errors.NO_SUCH_KEY)
    if isinstance(value, bytes):
        if len(value) <= 20 and re.fullmatch(rb"-?(0|[1-9]\d*)", value):
            encoding = b"int"
        else:
            encoding = b"embstr" if len(value) <= 44 else b"raw"
        length = len(value)
    else:
        encoding = type(value).__name__.lower().encode()
        length = sys.getsizeof(value)
    lru = int(time.time()) & 0xFFFFFF
    return SimpleString(
        b"Value at:0x%x refcount:1 encoding:%s serializedlength:%d lru:%d lru_seconds_idle:0"
        % (id(value), encoding, length, lru)
    )


@command(
    "debug", arity=-2, flags="admin noscript loading stale", group="server", since="1.0.0",
    summary="A container for debugging commands", complexity="Depends on subcommand.",
    doc_flags="syscmd",
)  # fmt: skip
def debug(ctx: Session, sub: bytes, *args: bytes) -> Any:
    """DEBUG  ->  depends on the subcommand: SLEEP seconds, OBJECT key, HELP.

    Redis documents DEBUG without arguments (it is a "syscmd", not for applications).
    """
    if not _debug_allowed(ctx):
        raise CommandError(errors.DEBUG_NOT_ALLOWED)
    name = sub.upper()
    if name == b"HELP" and not args:
        return _status_lines(_DEBUG_HELP)
    if name == b"SLEEP" and len(args) == 1:
        # Redis: strtod(argv[2]) with no validation; "abc" sleeps 0, negative does not sleep.
        prefix = _STRTOD_PREFIX.match(args[0])
        seconds = float(prefix.group(0)) if prefix else 0.0
        if seconds > 0:
            time.sleep(seconds)  # blocks every client, as in Redis (nothing is monkey-patched)
        return OK
    if name == b"OBJECT" and len(args) == 1:
        return _debug_object(ctx, args[0])
    raise CommandError(errors.subcommand_syntax(sub, b"debug"))


# --- FUNCTION FLUSH and MEMORY USAGE --------------------------------------------------------
container("function", group="scripting", since="7.0.0", summary="A container for function commands")


@command(
    "function|flush", arity=-2, flags="write noscript", group="scripting", since="7.0.0",
    acl="@scripting", tips="request_policy:all_shards response_policy:all_succeeded",
    summary="Deleting all functions",
    complexity="O(N) where N is the number of functions deleted",
)  # fmt: skip
def function_flush(ctx: Session, sub: bytes, *mode: bytes) -> Any:
    """FUNCTION FLUSH [ASYNC | SYNC]  ->  +OK (miniredis has no functions to delete)."""
    if len(mode) > 1:
        raise CommandError(errors.subcommand_syntax(sub, b"function"))
    if mode and mode[0].upper() not in (b"ASYNC", b"SYNC"):
        raise CommandError(errors.FUNCTION_FLUSH_MODE)
    return OK


container(
    "memory", group="server", since="4.0.0",
    summary="A container for memory diagnostics commands",
)  # fmt: skip


def _size_of(value: Any, samples: int) -> int:
    """A rough memory estimate in bytes: Redis's object header plus the payload."""
    if isinstance(value, bytes):
        if len(value) <= 20 and re.fullmatch(rb"-?(0|[1-9]\d*)", value):
            return 16  # an int-encoded object
        return 16 + ((len(value) + 3 + 1 + 7) & ~7)
    items = list(value.items()) if isinstance(value, dict) else None
    elements: list[Any] = items if items is not None else list(value)
    if not elements:
        return 16
    sample = elements[:samples] if samples else elements
    each = sum(sys.getsizeof(e) for e in sample) / len(sample)
    return 16 + int(each * len(elements))


@command(
    "memory|usage", arity=-3, flags="readonly", keys=(2, 2, 1), key_specs="RO",
    group="server", since="4.0.0", summary="Estimate the memory usage of a key",
    complexity="O(N) where N is the number of samples.",
)  # fmt: skip
def memory_usage(ctx: Session, _sub: bytes, key: bytes, *options: bytes) -> int | None:
    """MEMORY USAGE key [SAMPLES count]  ->  integer: estimated bytes; null if no such key."""
    samples = 5
    i = 0
    while i < len(options):
        if options[i].upper() != b"SAMPLES" or i + 1 >= len(options):
            raise CommandError(errors.SYNTAX)
        samples = parse_int(options[i + 1])
        if samples < 0:
            raise CommandError(errors.SYNTAX)
        i += 2
    value = ctx.db.data.get(key)  # Redis looks in the dict directly: no expiry check
    if value is None:
        return None
    return ((len(key) + 9 + 7) & ~7) + 24 + _size_of(value, samples)


@command(
    "memory|help", arity=2, flags="loading stale", group="server", since="4.0.0",
    summary="Show helpful text about the different subcommands", complexity="O(1)",
)  # fmt: skip
def memory_help(ctx: Session, _sub: bytes) -> Any:
    """MEMORY HELP  ->  array of status lines."""
    return _status_lines(_MEMORY_HELP)
