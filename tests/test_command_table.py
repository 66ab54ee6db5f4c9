"""Invariants of the command table, and the syntax-line parser behind COMMAND DOCS.

Every command is declared once (``commands/table.py``); COMMAND, COMMAND INFO, COMMAND DOCS and
the dispatcher all read that declaration. These tests keep every row well-formed: a Redis-shaped
name, a non-zero arity, known flags and ACL categories, a key range that fits the arity, a
summary, a version, and a handler whose docstring starts with a syntax line that parses.
"""

from __future__ import annotations

import re

import pytest

import miniredis.commands  # noqa: F401  (registers every command)
from miniredis.commands import docs
from miniredis.commands.introspection import (
    HIDDEN_FLAGS,
    KEY_SPEC_FLAGS,
    VISIBLE_FLAGS,
    key_spec_flags,
    key_spec_ranges,
    walk,
)
from miniredis.commands.table import ACL_CATEGORY_ORDER, TABLE, CommandSpec, command, container

ALL = walk()
# Redis 7.0's command groups (COMMAND DOCS "group"), as the table may spell them.
GROUPS = {
    "bitmap", "cluster", "connection", "generic", "geo", "hash", "hyperloglog", "list",
    "pubsub", "scripting", "sentinel", "server", "set", "sorted-set", "sorted_set", "stream",
    "string", "transactions",
}  # fmt: skip


def ids(spec: CommandSpec) -> str:
    return spec.name


@pytest.mark.parametrize("spec", ALL, ids=ids)
def test_name_arity_and_documentation(spec: CommandSpec) -> None:
    assert re.fullmatch(r"[a-z][a-z0-9_-]*(\|[a-z][a-z0-9_-]*)?", spec.name)
    assert spec.arity != 0
    assert spec.summary.strip() and spec.summary == spec.summary.strip()
    assert re.fullmatch(r"\d+\.\d+\.\d+", spec.since)
    assert spec.group in GROUPS
    if spec.parent is not None:
        assert spec.name.startswith(spec.parent.name + "|")
        assert spec.arity >= 2 or spec.arity <= -2  # the subcommand word counts
        assert not spec.subcommands


@pytest.mark.parametrize("spec", ALL, ids=ids)
def test_flags_and_categories_are_redis_names(spec: CommandSpec) -> None:
    assert set(spec.flags) <= set(VISIBLE_FLAGS) | set(HIDDEN_FLAGS)
    assert not {"readonly", "write"} <= set(spec.flags)
    assert set(spec.acl_categories) <= set(ACL_CATEGORY_ORDER)
    assert ("@fast" in spec.acl_categories) == ("fast" in spec.flags)
    assert ("@slow" in spec.acl_categories) == ("fast" not in spec.flags)
    assert list(spec.acl_categories) == sorted(spec.acl_categories, key=ACL_CATEGORY_ORDER.index)
    for tip in spec.tips:
        assert re.fullmatch(r"[a-z_]+(:[a-z_]+)?", tip)


@pytest.mark.parametrize("spec", ALL, ids=ids)
def test_key_range_fits_the_arity(spec: CommandSpec) -> None:
    first, last, step = spec.first_key, spec.last_key, spec.step
    if spec.keynum:  # keys counted by an argument (LMPOP numkeys): a movablekeys command
        assert "movablekeys" in spec.flags and spec.key_specs
    if first == 0:
        assert (last, step) == (0, 0)
        assert not spec.key_specs or spec.keynum
        return
    assert first > 0 and step >= 1
    assert last < 0 or last >= first
    minimum_argc = spec.arity if spec.arity > 0 else -spec.arity
    assert first < minimum_argc, "the first key must be present whenever the arity allows"
    if spec.arity > 0 and last >= 0:
        assert last < spec.arity
    for flags in key_spec_flags(spec):
        assert flags.split() and set(flags.split()) <= set(KEY_SPEC_FLAGS)
    for begin, _, keystep in key_spec_ranges(spec):
        assert begin >= first and keystep >= 1


@pytest.mark.parametrize("spec", ALL, ids=ids)
def test_handler_docstring_starts_with_a_parsable_syntax_line(spec: CommandSpec) -> None:
    if spec.handler is None:
        assert spec.subcommands, "only a container may have no handler"
        return
    doc = spec.handler.__doc__ or ""
    first_line = doc.strip().split("\n", 1)[0]
    assert "  ->  " in first_line, "syntax line, two spaces, ->, two spaces, reply type"
    words = spec.name.upper().split("|")
    assert spec.syntax.split()[: len(words)] == words
    docs.parse_syntax(spec.syntax, len(words))  # raises SyntaxLineError if unreadable


def test_names_are_unique_and_lower_case() -> None:
    names = [spec.name for spec in ALL]
    assert len(names) == len(set(names))
    assert all(name.encode() in TABLE for name in names if "|" not in name)


def test_declaring_a_command_twice_is_refused() -> None:
    with pytest.raises(ValueError):
        command("get", arity=2, group="string", since="1.0.0", summary="x")(lambda ctx: None)
    with pytest.raises(ValueError):
        container("config", group="server", since="2.0.0", summary="x")
    with pytest.raises(ValueError):
        command("config|get", arity=-3, group="server", since="2.0.0", summary="x")(
            lambda ctx, sub: None
        )


# --- the syntax-line parser (expected trees are Redis 7.0's COMMAND DOCS, minus "since") ---
def test_parse_key_value_options() -> None:
    line = (
        "SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds"
        " | PXAT unix-time-milliseconds | KEEPTTL]"
    )
    assert docs.parse_syntax(line) == [
        {"name": "key", "type": "key"},
        {"name": "value", "type": "string"},
        {
            "name": "condition",
            "type": "oneof",
            "arguments": [
                {"name": "nx", "type": "pure-token", "token": "NX"},
                {"name": "xx", "type": "pure-token", "token": "XX"},
            ],
            "flags": ["optional"],
        },
        {"name": "get", "type": "pure-token", "token": "GET", "flags": ["optional"]},
        {
            "name": "expiration",
            "type": "oneof",
            "arguments": [
                {"name": "seconds", "type": "integer", "token": "EX"},
                {"name": "milliseconds", "type": "integer", "token": "PX"},
                {"name": "unix-time-seconds", "type": "unix-time", "token": "EXAT"},
                {"name": "unix-time-milliseconds", "type": "unix-time", "token": "PXAT"},
                {"name": "keepttl", "type": "pure-token", "token": "KEEPTTL"},
            ],
            "flags": ["optional"],
        },
    ]


def test_parse_repetitions() -> None:
    assert docs.parse_syntax("DEL key [key ...]") == [
        {"name": "key", "type": "key", "flags": ["multiple"]}
    ]
    assert docs.parse_syntax("INFO [section [section ...]]") == [
        {"name": "section", "type": "string", "flags": ["optional", "multiple"]}
    ]
    assert docs.parse_syntax("HSET key field value [field value ...]")[1] == {
        "name": "field_value",
        "type": "block",
        "arguments": [{"name": "field", "type": "string"}, {"name": "value", "type": "string"}],
        "flags": ["multiple"],
    }
    sort_get = docs.parse_syntax("SORT key [GET pattern [GET pattern ...]]")[1]
    assert sort_get == {
        "name": "pattern",
        "type": "pattern",
        "token": "GET",
        "flags": ["optional", "multiple", "multiple_token"],
    }
    keys = docs.parse_syntax("MIGRATE host [KEYS key [key ...]]")[1]
    assert keys == {
        "name": "key",
        "type": "key",
        "flags": ["optional", "multiple"],
        "token": "KEYS",
    }


def test_parse_tokens_blocks_and_required_groups() -> None:
    args = docs.parse_syntax(
        "COMMAND LIST [FILTERBY <MODULE module-name | ACLCAT category | PATTERN pattern>]", 2
    )
    assert args == [
        {
            "name": "module-name_category_pattern",
            "type": "oneof",
            "arguments": [
                {"name": "module-name", "type": "string", "token": "MODULE"},
                {"name": "category", "type": "string", "token": "ACLCAT"},
                {"name": "pattern", "type": "pattern", "token": "PATTERN"},
            ],
            "token": "FILTERBY",
            "flags": ["optional"],
        }
    ]
    limit = docs.parse_syntax("ZRANGE key start stop [LIMIT offset count]")[3]
    assert limit == {
        "name": "offset_count",
        "type": "block",
        "arguments": [
            {"name": "offset", "type": "integer"},
            {"name": "count", "type": "integer"},
        ],
        "token": "LIMIT",
        "flags": ["optional"],
    }
    where = docs.parse_syntax("LMOVE source destination <LEFT | RIGHT> <LEFT | RIGHT>")[2]
    assert where["type"] == "oneof" and "flags" not in where


@pytest.mark.parametrize("line", ["GET key]", "GET [key", "GET a | b", "GET [x ...] ...", "X <>"])
def test_unreadable_syntax_lines_are_reported(line: str) -> None:
    with pytest.raises(docs.SyntaxLineError):
        docs.parse_syntax(line)


def test_parse_a_repeated_choice() -> None:
    line = (
        "CLIENT KILL <ip:port | <[ID client-id] | [USER username]> [[ID client-id]"
        " | [USER username] ...]>"
    )
    [choice] = docs.parse_syntax(line, 2)
    assert choice["type"] == "oneof" and "flags" not in choice
    ip_port, filters = choice["arguments"]
    assert ip_port == {"name": "ip:port", "type": "string"}
    assert filters["type"] == "oneof" and filters["flags"] == ["multiple"]
    assert filters["arguments"] == [
        {"name": "client-id", "type": "integer", "token": "ID", "flags": ["optional"]},
        {"name": "username", "type": "string", "token": "USER", "flags": ["optional"]},
    ]


def test_an_unreadable_line_gives_no_arguments_instead_of_an_error() -> None:
    def handler(ctx: object) -> None:
        """ODD a | b  ->  +OK"""

    spec = CommandSpec(
        name="odd", handler=handler, arity=-1, flags=(), first_key=0, last_key=0, step=0,
        group="server", since="1.0.0", summary="x",
    )  # fmt: skip
    assert docs.arguments(spec, 0) == []


def test_arguments_number_the_keys_by_key_spec() -> None:
    spec = TABLE[b"memory"].subcommands[b"usage"]
    assert docs.arguments(spec, 1) == [
        {"name": "key", "type": "key", "key_spec_index": 0},
        {"name": "count", "type": "integer", "token": "SAMPLES", "flags": ["optional"]},
    ]
