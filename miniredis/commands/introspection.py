"""COMMAND: the server describes its own command table (Redis's ``commandCommand`` family).

Clients learn what a server can do by asking it. ``COMMAND INFO get`` answers with the row of
the command table the dispatcher itself uses (``commands/table.py``)::

    1) "get"              name                  6) (integer) 1       key step
    2) (integer) 2        arity                 7) @read @string...  ACL categories
    3) readonly fast      flags                 8) (empty)           tips
    4) (integer) 1        first key             9) key specs         where the keys are
    5) (integer) 1        last key             10) (empty)           subcommands

*Key specs* (Redis 7) say where a command's keys are and what it does to them: ``RO``/``RW``/
``OW``/``RM`` (read only, read-write, overwrite, remove) plus ``access``/``update``/``insert``/
``delete``. Cluster proxies route by them, ``COMMAND GETKEYS`` applies them. miniredis builds
them from the legacy ``(first, last, step)`` range: each declared key-spec flag string takes
one key of the range in turn and the last one takes the rest (RENAME: ``"RW access delete"``
for the source, ``"OW update"`` for the destination). A command that declares none gets
``RO access`` when ``readonly``, ``RW access update`` when ``write``, plain ``RO`` otherwise.
A command declared with ``keynum`` (LMPOP: ``numkeys key [key ...]``) has a last spec of kind
``keynum`` instead: the keys are counted by an argument, not fixed by the range.

``COMMAND DOCS`` adds the human side -- summary, since, group, complexity and the argument tree
that ``commands/docs.py`` reads from each handler's syntax line; redis-cli asks for it at start-up
to draw its hints. ``COMMAND`` alone lists everything; ``COUNT``, ``LIST [FILTERBY ...]``,
``GETKEYS`` and ``GETKEYSANDFLAGS`` complete the family.
"""

from __future__ import annotations

import re
from typing import Any

from miniredis import errors
from miniredis.commands import docs
from miniredis.commands.table import TABLE, CommandSpec, command, container
from miniredis.errors import CommandError
from miniredis.keyspace.glob import compile_pattern
from miniredis.protocol.replies import RespSet, SimpleString
from miniredis.session import Session

# Command flags in the order COMMAND INFO lists them (server.c addReplyCommandFlags). Flags
# Redis keeps to itself (may_replicate, protected, sentinel, only_sentinel) are not listed.
VISIBLE_FLAGS = (
    "write", "readonly", "denyoom", "module", "admin", "pubsub", "noscript", "blocking",
    "loading", "stale", "skip_monitor", "skip_slowlog", "asking", "fast", "no_auth",
    "no_mandatory_keys", "no_async_loading", "no_multi", "movablekeys", "allow_busy",
)  # fmt: skip
HIDDEN_FLAGS = ("may_replicate", "protected", "sentinel", "only_sentinel")
_FLAG_RANK = {name: rank for rank, name in enumerate(VISIBLE_FLAGS)}
KEY_SPEC_FLAGS = (
    "RO", "RW", "OW", "RM", "access", "update", "insert", "delete", "not_key", "incomplete",
    "variable_flags",
)  # fmt: skip

_HELP = [
    "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "(no subcommand)",
    "    Return details about all Redis commands.",
    "COUNT",
    "    Return the total number of commands in this Redis server.",
    "LIST",
    "    Return a list of all commands in this Redis server.",
    "INFO [<command-name> ...]",
    "    Return details about multiple Redis commands.",
    "    If no command names are given, documentation details for all",
    "    commands are returned.",
    "DOCS [<command-name> ...]",
    "    Return documentation details about multiple Redis commands.",
    "    If no command names are given, documentation details for all",
    "    commands are returned.",
    "GETKEYS <full-command>",
    "    Return the keys from a full Redis command.",
    "GETKEYSANDFLAGS <full-command>",
    "    Return the keys and the access flags from a full Redis command.",
    "HELP",
    "    Prints this help.",
]


# --- the table, as COMMAND sees it -----------------------------------------------------------
def find(name: bytes) -> CommandSpec | None:
    """``get`` or ``config|get`` (any case) -> its spec, as Redis's lookupCommandBySds."""
    parts = name.lower().split(b"|")
    spec = TABLE.get(parts[0])
    if spec is None or len(parts) == 1:
        return spec
    if len(parts) > 2:
        return None
    return spec.subcommands.get(parts[1])


def walk(specs: list[CommandSpec] | None = None) -> list[CommandSpec]:
    """Every command and subcommand, each container followed by its subcommands."""
    out: list[CommandSpec] = []
    for spec in specs if specs is not None else list(TABLE.values()):
        out.append(spec)
        out.extend(spec.subcommands.values())
    return out


# A key spec whose flags end with this has begin_search and find_keys of type ``unknown``
# (SORT: keys named by BY/GET patterns, or by STORE anywhere in the arguments). Such specs
# come after the range specs.
UNKNOWN = " unknown"


# A declared key spec may carry Redis's ``notes`` after this separator:
# ``key_specs="RW access update variable_flags # RW and ACCESS due to the optional `GET` ..."``
NOTES = " # "


def key_spec_flags(spec: CommandSpec) -> list[str]:
    """The flag string of each key spec: declared, or derived from the command flags."""
    if spec.first_key <= 0 and not spec.keynum:
        return []
    if spec.key_specs:
        return [flags.partition(NOTES)[0].removesuffix(UNKNOWN) for flags in spec.key_specs]
    if "readonly" in spec.flags:
        return ["RO access"]
    if "write" in spec.flags:
        return ["RW access update"]
    return ["RO"]


def _unknown_specs(spec: CommandSpec) -> int:
    return sum(flags.partition(NOTES)[0].endswith(UNKNOWN) for flags in spec.key_specs)


def key_spec_ranges(spec: CommandSpec) -> list[tuple[int, int, int]]:
    """``(begin index, lastkey, keystep)`` of each range key spec, splitting the legacy range.

    A ``keynum`` spec (always the last one) is not a range and is not listed here.
    """
    count = len(key_spec_flags(spec)) - _unknown_specs(spec) - bool(spec.keynum)
    ranges = []
    for i in range(count):
        begin = spec.first_key + i * spec.step
        if i < count - 1:
            ranges.append((begin, 0, 1))
        elif spec.last_key < 0:
            ranges.append((begin, spec.last_key, spec.step))
        else:
            ranges.append((begin, spec.last_key - begin, spec.step))
    return ranges


def _flag_set(flags: str) -> RespSet:
    return RespSet(SimpleString(flag.encode()) for flag in flags.split())


def _notes(declared: str) -> dict[bytes, bytes]:
    """``{b"notes": ...}`` when a declared key spec has notes (listed first, as Redis)."""
    notes = declared.partition(NOTES)[2]
    return {b"notes": notes.encode()} if notes else {}


def key_specs(spec: CommandSpec) -> RespSet:
    """COMMAND INFO's key specs: [notes,] flags, begin_search (index) and find_keys (range)."""
    out = RespSet()
    all_flags = key_spec_flags(spec)
    declared = list(spec.key_specs) or [""] * len(all_flags)
    ranges = key_spec_ranges(spec)
    for flags, note, (begin, lastkey, step) in zip(all_flags, declared, ranges, strict=False):
        out.append(
            {
                **_notes(note),
                b"flags": _flag_set(flags),
                b"begin_search": {b"type": b"index", b"spec": {b"index": begin}},
                b"find_keys": {
                    b"type": b"range",
                    b"spec": {b"lastkey": lastkey, b"keystep": step, b"limit": 0},
                },
            }
        )
    for declared_flags in spec.key_specs:
        flags = declared_flags.partition(NOTES)[0]
        if flags.endswith(UNKNOWN):  # SORT's BY/GET and STORE keys: found by reading values
            unknown = {b"type": b"unknown", b"spec": {}}
            out.append({**_notes(declared_flags), b"flags": _flag_set(flags.removesuffix(UNKNOWN)),
                        b"begin_search": unknown, b"find_keys": unknown})  # fmt: skip
    if spec.keynum:
        begin, keynumidx, firstkey, step = spec.keynum
        out.append(
            {
                **_notes(declared[-1] if declared else ""),
                b"flags": _flag_set(all_flags[-1]),
                b"begin_search": {b"type": b"index", b"spec": {b"index": begin}},
                b"find_keys": {
                    b"type": b"keynum",
                    b"spec": {b"keynumidx": keynumidx, b"firstkey": firstkey, b"keystep": step},
                },
            }
        )
    return out


def info(spec: CommandSpec) -> list[Any]:
    """One COMMAND INFO entry (server.c addReplyCommandInfo)."""
    flags = sorted((f for f in spec.flags if f in _FLAG_RANK), key=_FLAG_RANK.__getitem__)
    subcommands = [info(sub) for sub in spec.subcommands.values()]
    return [
        spec.name.encode(),
        spec.arity,
        RespSet(SimpleString(flag.encode()) for flag in flags),
        spec.first_key,
        spec.last_key,
        spec.step,
        RespSet(SimpleString(cat.encode()) for cat in spec.acl_categories),
        RespSet(tip.encode() for tip in spec.tips),
        key_specs(spec),
        subcommands or RespSet(),  # Redis: an array of subcommands, but an empty *set*
    ]


def _doc_arg(arg: docs.Arg) -> dict[bytes, Any]:
    out: dict[bytes, Any] = {}
    for name, value in arg.items():
        if name == "flags":
            out[b"flags"] = RespSet(SimpleString(flag.encode()) for flag in value)
        elif name == "arguments":
            out[b"arguments"] = [_doc_arg(child) for child in value]
        else:
            out[name.encode()] = value if isinstance(value, int) else value.encode()
    return out


def documentation(spec: CommandSpec) -> dict[bytes, Any]:
    """One COMMAND DOCS entry (server.c addReplyCommandDocs), in Redis's field order."""
    doc: dict[bytes, Any] = {
        b"summary": spec.summary.encode(),
        b"since": spec.since.encode(),
        # Redis spells the groups with a dash (sorted-set), however the table spells them
        b"group": spec.group.replace("_", "-").encode(),
    }
    if spec.complexity:
        doc[b"complexity"] = spec.complexity.encode()
    if spec.doc_flags:
        doc[b"doc_flags"] = RespSet(SimpleString(flag.encode()) for flag in spec.doc_flags)
    if spec.deprecated_since:
        doc[b"deprecated_since"] = spec.deprecated_since.encode()
    if spec.replaced_by:
        doc[b"replaced_by"] = spec.replaced_by.encode()
    if spec.history:
        doc[b"history"] = RespSet([v.encode(), text.encode()] for v, text in spec.history)
    arguments = docs.arguments(spec, len(key_spec_flags(spec)))
    if arguments:
        doc[b"arguments"] = [_doc_arg(arg) for arg in arguments]
    if spec.subcommands:
        doc[b"subcommands"] = {
            sub.name.encode(): documentation(sub) for sub in spec.subcommands.values()
        }
    return doc


def keys_with_flags(spec: CommandSpec, argv: list[bytes]) -> list[tuple[bytes, str]]:
    """The keys of a full command line and the flags of the key spec that found each."""
    ranges = key_spec_ranges(spec)
    flags = key_spec_flags(spec)
    out = []
    for pos in spec.key_positions(len(argv)):
        index = next(
            (i for i, (begin, _, _) in reversed(list(enumerate(ranges))) if pos >= begin), 0
        )
        out.append((argv[pos], flags[index]))
    if spec.keynum:
        out.extend((key, flags[-1]) for key in _keynum_keys(spec.keynum, argv))
    return out


_ATOI = re.compile(rb"[ \t\n\v\f\r]*([+-]?[0-9]+)")


def _keynum_keys(keynum: tuple[int, int, int, int], argv: list[bytes]) -> list[bytes]:
    """The keys a ``keynum`` spec finds (db.c genericGetKeys, which GETKEYS falls back to).

    The count is read with C's ``atoi`` (``2x`` is 2, ``abc`` is 0); a count below 1 or larger
    than the arguments left finds no key at all.
    """
    begin, keynumidx, firstkey, step = keynum
    if begin + keynumidx >= len(argv):
        return []
    digits = _ATOI.match(argv[begin + keynumidx])
    count = int(digits.group(1)) if digits else 0
    first = begin + firstkey
    if count < 1 or count > (len(argv) - first) // step:
        return []
    return [argv[first + i * step] for i in range(count)]


# --- COMMAND and its subcommands -----------------------------------------------------------
def command_all(ctx: Session) -> Any:
    """COMMAND  ->  array with the COMMAND INFO entry of every command."""
    return [info(spec) for spec in TABLE.values()]


container(
    "command",
    group="server",
    since="2.8.13",
    summary="Get array of Redis command details",
    complexity="O(N) where N is the total number of Redis commands",
    arity=-1,
    flags="loading stale",
    acl="@connection",
    tips="nondeterministic_output_order",
    handler=command_all,
)


@command(
    "command|count", arity=2, flags="loading stale", group="server", since="2.8.13",
    acl="@connection", summary="Get total number of Redis commands", complexity="O(1)",
)  # fmt: skip
def command_count(ctx: Session, _sub: bytes) -> int:
    """COMMAND COUNT  ->  integer: how many top-level commands there are."""
    return len(TABLE)


@command(
    "command|info", arity=-2, flags="loading stale", group="server", since="2.8.13",
    acl="@connection", tips="nondeterministic_output_order",
    summary="Get array of specific Redis command details, or all when no argument is given.",
    complexity="O(N) where N is the number of commands to look up",
    history=(("7.0.0", "Allowed to be called with no argument to get info on all commands."),),
)  # fmt: skip
def command_info(ctx: Session, _sub: bytes, *names: bytes) -> Any:
    """COMMAND INFO [command-name [command-name ...]]  ->  array of entries, null if unknown."""
    if not names:
        return command_all(ctx)
    return [None if (spec := find(name)) is None else info(spec) for name in names]


@command(
    "command|docs", arity=-2, flags="loading stale", group="server", since="7.0.0",
    acl="@connection", tips="nondeterministic_output_order",
    summary="Get array of specific Redis command documentation",
    complexity="O(N) where N is the number of commands to look up",
)  # fmt: skip
def command_docs(ctx: Session, _sub: bytes, *names: bytes) -> Any:
    """COMMAND DOCS [command-name [command-name ...]]  ->  map of name to docs; unknown skipped."""
    if not names:
        return {spec.name.encode(): documentation(spec) for spec in TABLE.values()}
    found = {}
    for name in names:
        spec = find(name)
        if spec is not None:
            found[spec.name.encode()] = documentation(spec)
    return found


@command(
    "command|list", arity=-2, flags="loading stale", group="server", since="7.0.0",
    acl="@connection", tips="nondeterministic_output_order",
    summary="Get an array of Redis command names",
    complexity="O(N) where N is the total number of Redis commands",
)  # fmt: skip
def command_list(ctx: Session, _sub: bytes, *args: bytes) -> Any:
    """COMMAND LIST [FILTERBY <MODULE module-name | ACLCAT category | PATTERN pattern>]  ->  array"""  # noqa: E501
    specs = walk()
    if not args:
        return [spec.name.encode() for spec in specs]
    if len(args) != 3 or args[0].upper() != b"FILTERBY":
        raise CommandError(errors.SYNTAX)
    kind, value = args[1].upper(), args[2]
    if kind == b"MODULE":
        return []  # no modules here
    if kind == b"ACLCAT":
        category = "@" + value.decode("latin-1").lower()
        return [spec.name.encode() for spec in specs if category in spec.acl_categories]
    if kind == b"PATTERN":
        matches = compile_pattern(value, nocase=True)
        return [spec.name.encode() for spec in specs if matches(spec.name.encode())]
    raise CommandError(errors.SYNTAX)


def _target(argv: tuple[bytes, ...]) -> CommandSpec:
    """The command a GETKEYS line names, with its checks in Redis's order."""
    spec = TABLE.get(argv[0].lower())
    if spec is not None and spec.subcommands and len(argv) >= 2:
        spec = spec.subcommands.get(argv[1].lower())
    if spec is None:
        raise CommandError(errors.GETKEYS_INVALID_COMMAND)
    if spec.first_key <= 0 and "movablekeys" not in spec.flags:
        raise CommandError(errors.GETKEYS_NO_KEYS)
    if not spec.arity_ok(len(argv)):
        raise CommandError(errors.GETKEYS_INVALID_ARITY)
    return spec


def _keys(argv: tuple[bytes, ...]) -> list[tuple[bytes, str]]:
    spec = _target(argv)
    found = keys_with_flags(spec, list(argv))
    if not found and "no_mandatory_keys" not in spec.flags:
        raise CommandError(errors.GETKEYS_INVALID_ARGUMENTS)
    return found


@command(
    "command|getkeys", arity=-4, flags="loading stale", group="server", since="2.8.13",
    acl="@connection", summary="Extract keys given a full Redis command",
    complexity="O(N) where N is the number of arguments to the command",
)  # fmt: skip
def command_getkeys(ctx: Session, _sub: bytes, *argv: bytes) -> Any:
    """COMMAND GETKEYS command [arg [arg ...]]  ->  array of the keys in the command line."""
    return [key for key, _ in _keys(argv)]


@command(
    "command|getkeysandflags", arity=-4, flags="loading stale", group="server", since="7.0.0",
    acl="@connection", summary="Extract keys and access flags given a full Redis command",
    complexity="O(N) where N is the number of arguments to the command",
)  # fmt: skip
def command_getkeysandflags(ctx: Session, _sub: bytes, *argv: bytes) -> Any:
    """COMMAND GETKEYSANDFLAGS command [arg [arg ...]]  ->  array of [key, flags] pairs."""
    return [[key, _flag_set(flags)] for key, flags in _keys(argv)]


@command(
    "command|help", arity=2, flags="loading stale", group="server", since="5.0.0",
    acl="@connection", summary="Show helpful text about the different subcommands",
    complexity="O(1)",
)  # fmt: skip
def command_help(ctx: Session, _sub: bytes) -> Any:
    """COMMAND HELP  ->  array of status lines."""
    return [SimpleString(line.encode()) for line in _HELP]
