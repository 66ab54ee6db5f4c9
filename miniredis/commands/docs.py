"""COMMAND DOCS: from a handler's syntax line to Redis's argument structures.

Redis documents every command's arguments as a tree (``src/commands/*.json`` -> the
``arguments`` of ``COMMAND DOCS``). Each node is a map::

    {name: "seconds", type: "integer", token: "EX"}                 EX seconds
    {name: "nx", type: "pure-token", token: "NX"}                   NX
    {name: "condition", type: "oneof", flags: [optional],           [NX | XX]
     arguments: [{nx...}, {xx...}]}
    {name: "score_member", type: "block", flags: [multiple],        score member [score member ...]
     arguments: [{score...}, {member...}]}

Types are ``key`` (with ``key_spec_index``: which key spec of COMMAND INFO finds it),
``string``, ``integer``, ``double``, ``pattern``, ``unix-time``, ``pure-token`` (a literal word,
no value), ``oneof`` (exactly one of the children) and ``block`` (all children, in order).
Flags are ``optional``, ``multiple`` and ``multiple_token`` (the token repeats with each value).
redis-cli turns this tree back into the grey hint it shows while you type
(``SET key value [NX|XX] [GET] [EX seconds|...]``).

miniredis does not keep a second copy of that tree. Every handler's docstring starts with the
syntax line as Redis's documentation writes it, and :func:`parse_syntax` reads it back:

- ``WORD`` in capitals (or ``*``, ``=``, ``~``) is a token; a token followed by a value name
  labels that value (``EX seconds``); a token alone is a ``pure-token``;
- ``[ ... ]`` is optional, ``< ... >`` is a required group, ``|`` separates the choices of a
  ``oneof``; several values in one group make a ``block``;
- ``x [x ...]`` makes ``x`` ``multiple`` (and ``[TOKEN x [TOKEN x ...]]`` ``multiple_token``);
- a value's type comes from its name (``count`` is an integer, ``timeout`` a double,
  ``unix-time-seconds`` a unix time, ``pattern`` a pattern, ``key`` and ``destination`` keys).

What a syntax line cannot say -- the ``since`` of single arguments, the semantic name Redis gives
some groups -- is left out or approximated; redis-cli's hints do not depend on it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from miniredis.commands.table import CommandSpec

Arg = dict[str, Any]
log = logging.getLogger("miniredis")

# Value names and the type Redis gives them (the majority type across Redis 7.0's own docs).
_KEY_NAMES = {"key", "key1", "key2", "destination", "destkey", "dst", "newkey", "source", "src"}
_INTEGER_NAMES = {
    "count", "cursor", "db", "index", "index1", "index2", "start", "end", "stop", "offset",
    "numkeys", "milliseconds", "seconds", "port", "slot", "ttl", "client-id", "rank", "len",
    "limit", "numreplicas", "protover", "version", "decrement", "increment", "destination-db",
    "bits", "frequency", "ms", "num-matches", "weight", "start-slot", "end-slot",
}  # fmt: skip
_DOUBLE_NAMES = {"latitude", "longitude", "radius", "width", "height", "score", "timeout"}
_TYPE_BY_NAME = {
    "pattern": "pattern",
    "unix-time-seconds": "unix-time",
    "unix-time-milliseconds": "unix-time",
}

# Pure tokens whose lower-cased text is not a usable name.
_TOKEN_NAMES = {"*": "auto_id", "=": "equal", "~": "approximately", '""': "empty_string"}
# The names Redis gives its most common ``oneof`` groups, keyed by their children's names.
_ONEOF_NAMES = {
    ("nx", "xx"): "condition",
    ("gt", "lt"): "comparison",
    ("asc", "desc"): "order",
    ("async", "sync"): "async",
    ("before", "after"): "where",
    ("seconds", "milliseconds", "unix-time-seconds", "unix-time-milliseconds", "keepttl"): (
        "expiration"
    ),
    ("seconds", "milliseconds", "unix-time-seconds", "unix-time-milliseconds", "persist"): (
        "expiration"
    ),
}

_PLAIN_TYPES = frozenset({"key", "string", "integer", "double", "pattern", "unix-time"})
_FLAG_ORDER = ("optional", "multiple", "multiple_token")

_LEXER = re.compile(r"\[|\]|<|>|\||[^\s\[\]<>|]+")


class SyntaxLineError(ValueError):
    """A docstring syntax line that this parser cannot read."""


@dataclass
class _Group:
    """``[...]`` or ``<...>`` in a syntax line: alternatives, each a sequence of nodes."""

    optional: bool
    alternatives: list[list[Any]] = field(default_factory=list)


def _lex(text: str) -> list[str]:
    return _LEXER.findall(text)


def _parse_group_body(words: list[str], pos: int, closer: str | None) -> tuple[_Group, int]:
    """Parse alternatives separated by ``|`` until ``closer`` (or the end for the top level)."""
    group = _Group(optional=closer == "]")
    current: list[Any] = []
    while pos < len(words):
        word = words[pos]
        if word == closer:
            group.alternatives.append(current)
            return group, pos + 1
        if word in ("]", ">"):
            raise SyntaxLineError(f"unbalanced {word!r}")
        if word == "|":
            group.alternatives.append(current)
            current = []
            pos += 1
        elif word in ("[", "<"):
            inner, pos = _parse_group_body(words, pos + 1, "]" if word == "[" else ">")
            current.append(inner)
        else:
            current.append(word)
            pos += 1
    if closer is not None:
        raise SyntaxLineError(f"missing {closer!r}")
    group.alternatives.append(current)
    return group, pos


def _is_token(word: str) -> bool:
    return word != "..." and not any(c.islower() for c in word)


def _value_arg(name: str, command: str) -> Arg:
    """A named value: its type comes from the name."""
    if name in _KEY_NAMES:
        kind = "key"
    elif name == "increment" and (command.endswith("float") or command == "zincrby"):
        kind = "double"
    elif name in _INTEGER_NAMES:
        kind = "integer"
    elif name in _DOUBLE_NAMES:
        kind = "double"
    else:
        kind = _TYPE_BY_NAME.get(name, "string")
    return {"name": name, "type": kind}


def _pure_token(token: str) -> Arg:
    name = _TOKEN_NAMES.get(token, token.lower())
    return {"name": name, "type": "pure-token", "token": "" if token == '""' else token}


def _add_flag(arg: Arg, flag: str) -> Arg:
    """Add ``flag``, keeping Redis's order: optional, multiple, multiple_token."""
    flags = set(arg.get("flags", ())) | {flag}
    arg["flags"] = [name for name in _FLAG_ORDER if name in flags]
    return arg


def _same_shape(a: list[Arg], b: list[Arg]) -> bool:
    """Equal arguments, ignoring flags (``x`` and the ``x`` inside ``[x ...]``)."""

    def strip(arg: Arg) -> Arg:
        out = {k: v for k, v in arg.items() if k != "flags"}
        if "arguments" in out:
            out["arguments"] = [strip(child) for child in out["arguments"]]
        return out

    return len(a) == len(b) and all(strip(x) == strip(y) for x, y in zip(a, b, strict=True))


def _combine(args: list[Arg]) -> Arg:
    """Several values that belong together: one block named after its children."""
    if len(args) == 1:
        return args[0]
    return {"name": "_".join(a["name"] for a in args), "type": "block", "arguments": args}


class _Builder:
    """Turns the parsed nodes into argument maps, for one command."""

    def __init__(self, command: str) -> None:
        self.command = command

    def sequence(self, nodes: list[Any]) -> tuple[list[Arg], bool]:
        """Arguments of a node sequence, and whether it ended with ``...`` (a repetition)."""
        repeated = bool(nodes) and nodes[-1] == "..."
        if repeated:
            nodes = nodes[:-1]
        out: list[Arg] = []
        i = 0
        while i < len(nodes):
            node = nodes[i]
            nxt = nodes[i + 1] if i + 1 < len(nodes) else None
            if isinstance(node, str) and _is_token(node):
                if isinstance(nxt, str) and not _is_token(nxt) and nxt != "...":
                    arg = _value_arg(nxt, self.command)
                    arg["token"] = node
                    i += 2
                elif isinstance(nxt, _Group) and not nxt.optional:
                    arg = self.group(nxt)
                    arg["token"] = node
                    i += 2
                else:
                    arg = _pure_token(node)
                    i += 1
                out.append(arg)
                continue
            i += 1
            if isinstance(node, str):
                if node == "...":
                    raise SyntaxLineError("'...' in the middle of a sequence")
                out.append(_value_arg(node, self.command))
                continue
            if self._repeats(node, out):
                continue
            out.append(self.group(node))
        return out, repeated

    def _repeats(self, group: _Group, out: list[Arg]) -> bool:
        """``x [x ...]``: mark the trailing ``x`` of ``out`` multiple instead of adding a node."""
        if not group.optional or not out:
            return False
        if len(group.alternatives) > 1:
            return self._repeats_choice(group, out)
        args, repeated = self.sequence(group.alternatives[0])
        if not repeated or not args or len(out) < len(args):
            return False
        trailing = out[-len(args) :]
        lead_token = trailing[0].get("token") if "token" not in args[0] else None
        if lead_token is not None:  # KEYS key [key ...]: the token is written once
            trailing = [{k: v for k, v in trailing[0].items() if k != "token"}, *trailing[1:]]
        if not _same_shape(args, trailing):
            return False
        del out[-len(args) :]
        if len(args) > 1 and "token" in args[0]:
            # [TOKEN a b [TOKEN a b ...]]: the token labels the whole repeated block
            token = args[0].pop("token")
            arg = _combine(args)
            arg["token"] = token
            _add_flag(arg, "multiple")
            _add_flag(arg, "multiple_token")
        else:
            arg = _add_flag(_combine(args), "multiple")
            if "token" in arg:
                _add_flag(arg, "multiple_token")
            elif lead_token is not None:
                arg["token"] = lead_token
        out.append(arg)
        return True

    def _repeats_choice(self, group: _Group, out: list[Arg]) -> bool:
        """``<a | b> [a | b ...]``: the choice before may be repeated (CLIENT KILL filters)."""
        last = group.alternatives[-1]
        if not last or last[-1] != "...":
            return False
        choice = self.group(_Group(False, [*group.alternatives[:-1], last[:-1]]))
        if not _same_shape([choice], [out[-1]]):
            return False
        _add_flag(out[-1], "multiple")
        return True

    def group(self, group: _Group) -> Arg:
        """``[...]`` / ``<...>``: one argument, a oneof when it has alternatives."""
        choices = []
        for alternative in group.alternatives:
            args, _ = self.sequence(alternative)
            if not args:
                raise SyntaxLineError("empty group")
            first = args[0]
            if (
                len(args) > 1
                and "token" in first
                and "flags" not in first
                and first["type"] in (_PLAIN_TYPES)
            ):
                # TOKEN a b: the token introduces the block, not just its first value
                token = args[0].pop("token")
                arg = _combine(args)
                arg["token"] = token
            else:
                arg = _combine(args)
            choices.append(arg)
        if len(choices) == 1:
            arg = choices[0]
        else:
            names = tuple(c["name"] for c in choices)
            arg = {
                "name": _ONEOF_NAMES.get(names, "_".join(names)),
                "type": "oneof",
                "arguments": choices,
            }
        if group.optional:
            _add_flag(arg, "optional")
        return arg


def parse_syntax(syntax: str, words_in_name: int = 1, command: str = "") -> list[Arg]:
    """The ``arguments`` tree of a syntax line such as ``SET key value [NX | XX]``.

    ``words_in_name`` is how many leading words name the command (2 for ``CONFIG GET``).
    Raises :class:`SyntaxLineError` on a line it cannot read.
    """
    words = _lex(syntax)[words_in_name:]
    top, _ = _parse_group_body(words, 0, None)
    if len(top.alternatives) != 1:
        raise SyntaxLineError("'|' outside a group")
    args, repeated = _Builder(command.lower()).sequence(top.alternatives[0])
    if repeated:
        raise SyntaxLineError("'...' at the top level")
    return args


def _number_keys(args: list[Arg], spec_count: int, counter: list[int]) -> None:
    """Give each key argument its ``key_spec_index``, in order of appearance."""
    for arg in args:
        if arg["type"] == "key":
            arg["key_spec_index"] = min(counter[0], max(spec_count - 1, 0))
            counter[0] += 1
        if "arguments" in arg:
            _number_keys(arg["arguments"], spec_count, counter)


def _ordered(arg: Arg) -> Arg:
    """The fields in the order Redis writes them (addReplyCommandArgList)."""
    out = {"name": arg["name"], "type": arg["type"]}
    for field_name in ("key_spec_index", "token"):
        if field_name in arg:
            out[field_name] = arg[field_name]
    if arg.get("flags"):
        out["flags"] = arg["flags"]
    if "arguments" in arg:
        out["arguments"] = [_ordered(child) for child in arg["arguments"]]
    return out


def arguments(spec: CommandSpec, key_spec_count: int) -> list[Arg]:
    """COMMAND DOCS ``arguments`` for ``spec``; ``[]`` when the syntax line has none.

    A syntax line this parser cannot read gives no arguments (and a warning in the log) rather
    than an error: one odd docstring must not break COMMAND DOCS, which redis-cli needs for
    every command. ``tests/test_command_table.py`` keeps every line readable.
    """
    cached = _CACHE.get(spec)
    if cached is not None:
        return cached
    syntax = spec.syntax
    args: list[Arg] = []
    if syntax:
        words_in_name = 2 if spec.parent is not None else 1
        try:
            args = parse_syntax(syntax, words_in_name, spec.name.rsplit("|", 1)[-1])
        except SyntaxLineError as exc:
            log.warning("COMMAND DOCS: cannot read the syntax line of %r: %s", spec.name, exc)
        _number_keys(args, key_spec_count, [0])
    _CACHE[spec] = result = [_ordered(arg) for arg in args]
    return result


# spec -> its arguments, parsed once (the table does not change after import)
_CACHE: dict[CommandSpec, list[Arg]] = {}
