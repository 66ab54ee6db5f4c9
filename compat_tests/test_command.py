"""COMMAND and its subcommands, byte for byte; then our whole command table diffed against Redis.

The first half runs each test body on both targets (expected bytes are redis-server 7.0.15's,
written out). The second half needs both servers at once: for every command miniredis declares
it compares what ``COMMAND INFO`` and ``COMMAND DOCS`` say on miniredis with what they say on
real Redis -- arity, flags, key positions, ACL categories, tips, key specs, summary, since, group,
complexity -- and the argument hints redis-cli would draw from each. A failure there names the
command whose declaration (``@command(...)`` or its docstring's syntax line) disagrees with Redis.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import hiredis
import pexpect
import pytest

import miniredis.commands  # noqa: F401  (only to list the commands to compare)
from compat_tests.conftest import TARGETS, redis_required, selected_targets
from compat_tests.rawclient import RawClient
from miniredis.commands.introspection import walk

if TYPE_CHECKING:
    from compat_tests.conftest import ServerRegistry, Target

OURS = [spec.name for spec in walk()]
# Redis 7.2 subcommands miniredis has because redis-py 8 sends them on every connection.
NEWER_THAN_7_0 = {b"client|setinfo"}

GET_INFO = (
    b"*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n"
    b"*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n"
    b"+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n"
    b"*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n"
    b"$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n"
)
CONFIG_GET_INFO = (
    b"*10\r\n$10\r\nconfig|get\r\n:-3\r\n*4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n"
    b":0\r\n:0\r\n:0\r\n*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n*0\r\n*0\r\n*0\r\n"
)


def parse(reply: bytes) -> Any:
    reader = hiredis.Reader()
    reader.feed(reply)
    return reader.gets()


# --- COMMAND INFO ----------------------------------------------------------------------------
def test_command_info_of_a_command_and_a_subcommand(raw: RawClient) -> None:
    assert raw.call("COMMAND", "INFO", "get") == b"*1\r\n" + GET_INFO
    assert raw.call("COMMAND", "INFO", "GET", "CONFIG|GET", "nosuch", "config|nosuch") == (
        b"*4\r\n" + GET_INFO + CONFIG_GET_INFO + b"$-1\r\n$-1\r\n"
    )
    assert raw.call("COMMAND", "INFO", "get|x", "config|get|x") == b"*2\r\n$-1\r\n$-1\r\n"


def test_command_info_resp3_uses_sets_and_null(raw: RawClient) -> None:
    raw.call("HELLO", "3")
    assert raw.call("COMMAND", "INFO", "time", "nosuch") == (
        b"*2\r\n*10\r\n$4\r\ntime\r\n:1\r\n~3\r\n+loading\r\n+stale\r\n+fast\r\n:0\r\n:0\r\n:0\r\n"
        b"~1\r\n+@fast\r\n~1\r\n$23\r\nnondeterministic_output\r\n~0\r\n~0\r\n_\r\n"
    )


def test_command_info_nests_subcommands(raw: RawClient) -> None:
    entry = parse(raw.call("COMMAND", "INFO", "command"))[0]
    assert entry[:8] == [
        b"command", -1, [b"loading", b"stale"], 0, 0, 0, [b"@slow", b"@connection"],
        [b"nondeterministic_output_order"],
    ]  # fmt: skip
    assert entry[8] == []
    subcommands = {sub[0]: sub[1] for sub in entry[9]}
    assert subcommands == {
        b"command|count": 2, b"command|docs": -2, b"command|getkeys": -4,
        b"command|getkeysandflags": -4, b"command|help": 2, b"command|info": -2,
        b"command|list": -2,
    }  # fmt: skip


def test_bare_command_and_count_agree(raw: RawClient) -> None:
    everything = parse(raw.call("COMMAND"))
    count = parse(raw.call("COMMAND", "COUNT"))
    assert isinstance(count, int) and count == len(everything)
    assert parse(raw.call("COMMAND", "INFO")) == everything
    names = {entry[0] for entry in everything}
    assert {b"get", b"set", b"command", b"config", b"info"} <= names
    assert raw.call("COMMAND", "COUNT", "x") == (
        b"-ERR wrong number of arguments for 'command|count' command\r\n"
    )


def test_command_unknown_subcommand(raw: RawClient) -> None:
    assert raw.call("COMMAND", "foo") == b"-ERR unknown subcommand 'foo'. Try COMMAND HELP.\r\n"


def test_command_help(raw: RawClient) -> None:
    lines = [
        b"COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        b"(no subcommand)", b"    Return details about all Redis commands.",
        b"COUNT", b"    Return the total number of commands in this Redis server.",
        b"LIST", b"    Return a list of all commands in this Redis server.",
        b"INFO [<command-name> ...]", b"    Return details about multiple Redis commands.",
        b"    If no command names are given, documentation details for all",
        b"    commands are returned.",
        b"DOCS [<command-name> ...]",
        b"    Return documentation details about multiple Redis commands.",
        b"    If no command names are given, documentation details for all",
        b"    commands are returned.",
        b"GETKEYS <full-command>", b"    Return the keys from a full Redis command.",
        b"GETKEYSANDFLAGS <full-command>",
        b"    Return the keys and the access flags from a full Redis command.",
        b"HELP", b"    Prints this help.",
    ]  # fmt: skip
    assert raw.call("COMMAND", "HELP") == b"*21\r\n" + b"".join(b"+%s\r\n" % x for x in lines)


# --- COMMAND DOCS ----------------------------------------------------------------------------
def test_command_docs_of_commands_without_history(raw: RawClient) -> None:
    assert raw.call("COMMAND", "DOCS", "dbsize", "nosuch") == (
        b"*2\r\n$6\r\ndbsize\r\n*8\r\n$7\r\nsummary\r\n$50\r\nReturn the number of keys in the "
        b"selected database\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n"
        b"$10\r\ncomplexity\r\n$4\r\nO(1)\r\n"
    )
    assert raw.call("COMMAND", "DOCS", "MEMORY|USAGE") == (
        b"*2\r\n$12\r\nmemory|usage\r\n*10\r\n$7\r\nsummary\r\n$34\r\nEstimate the memory usage "
        b"of a key\r\n$5\r\nsince\r\n$5\r\n4.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\n"
        b"complexity\r\n$38\r\nO(N) where N is the number of samples.\r\n$9\r\narguments\r\n*2\r\n"
        b"*6\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n"
        b":0\r\n*8\r\n$4\r\nname\r\n$5\r\ncount\r\n$4\r\ntype\r\n$7\r\ninteger\r\n$5\r\ntoken\r\n"
        b"$7\r\nSAMPLES\r\n$5\r\nflags\r\n*1\r\n+optional\r\n"
    )


def test_command_docs_resp3(raw: RawClient) -> None:
    raw.call("HELLO", "3")
    assert raw.call("COMMAND", "DOCS", "nosuch") == b"%0\r\n"
    assert raw.call("COMMAND", "DOCS", "info") == (
        b"%1\r\n$4\r\ninfo\r\n%6\r\n$7\r\nsummary\r\n$47\r\nGet information and statistics about "
        b"the server\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\n"
        b"complexity\r\n$4\r\nO(1)\r\n$7\r\nhistory\r\n~1\r\n*2\r\n$5\r\n7.0.0\r\n$52\r\n"
        b"Added support for taking multiple section arguments.\r\n$9\r\narguments\r\n*1\r\n"
        b"%3\r\n$4\r\nname\r\n$7\r\nsection\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\nflags\r\n"
        b"~2\r\n+optional\r\n+multiple\r\n"
    )


def test_command_docs_of_a_container_lists_its_subcommands(raw: RawClient) -> None:
    doc = parse(raw.call("COMMAND", "DOCS", "config"))
    assert doc[0] == b"config"
    fields = dict(zip(doc[1][::2], doc[1][1::2], strict=True))
    assert fields[b"summary"] == b"A container for server configuration commands"
    assert fields[b"complexity"] == b"Depends on subcommand."
    assert set(fields[b"subcommands"][::2]) == {
        b"config|get", b"config|set", b"config|resetstat", b"config|rewrite", b"config|help",
    }  # fmt: skip
    assert len(parse(raw.call("COMMAND", "DOCS"))) == 2 * parse(raw.call("COMMAND", "COUNT"))


# --- COMMAND LIST ----------------------------------------------------------------------------
def test_command_list_filters(raw: RawClient) -> None:
    assert set(parse(raw.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "CONF*"))) == {
        b"config", b"config|get", b"config|set", b"config|resetstat", b"config|rewrite",
        b"config|help",
    }  # fmt: skip
    assert parse(raw.call("COMMAND", "LIST", "filterby", "pattern", "conf[i]g|g?t")) == [
        b"config|get"
    ]
    assert set(parse(raw.call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "Transaction"))) == {
        b"multi", b"exec", b"discard", b"watch", b"unwatch",
    }  # fmt: skip
    assert raw.call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "@transaction") == b"*0\r\n"
    assert raw.call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "nosuch") == b"*0\r\n"
    assert raw.call("COMMAND", "LIST", "FILTERBY", "MODULE", "x") == b"*0\r\n"
    everything = parse(raw.call("COMMAND", "LIST"))
    assert b"config|get" in everything and b"get" in everything
    assert len(everything) == len(parse(raw.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "*")))


@pytest.mark.parametrize(
    "args",
    [("FILTERBY",), ("x",), ("FILTERBY", "x", "y"), ("FILTERBY", "PATTERN", "a", "b"), ("a", "b")],
)
def test_command_list_syntax_errors(raw: RawClient, args: tuple[str, ...]) -> None:
    assert raw.call("COMMAND", "LIST", *args) == b"-ERR syntax error\r\n"


# --- COMMAND GETKEYS / GETKEYSANDFLAGS -------------------------------------------------------
def test_command_getkeys(raw: RawClient) -> None:
    assert raw.call("COMMAND", "GETKEYS", "GET", "k") == b"*1\r\n$1\r\nk\r\n"
    assert raw.call("COMMAND", "GETKEYS", "mset", "a", "b", "c", "d") == (
        b"*2\r\n$1\r\na\r\n$1\r\nc\r\n"
    )
    assert raw.call("COMMAND", "GETKEYS", "del", "a", "b", "c") == (
        b"*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n"
    )
    assert raw.call("COMMAND", "GETKEYS", "memory", "usage", "k") == b"*1\r\n$1\r\nk\r\n"


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("nosuch", "a"), b"-ERR Invalid command specified\r\n"),
        (("config", "nosuch", "x"), b"-ERR Invalid command specified\r\n"),
        (("ping", "x"), b"-ERR The command has no key arguments\r\n"),
        (("time", "a", "b"), b"-ERR The command has no key arguments\r\n"),
        (("config", "get"), b"-ERR The command has no key arguments\r\n"),
        (("get", "a", "b"), b"-ERR Invalid number of arguments specified for command\r\n"),
        (("set", "k"), b"-ERR Invalid number of arguments specified for command\r\n"),
        (("get",), b"-ERR wrong number of arguments for 'command|getkeys' command\r\n"),
    ],
)
def test_command_getkeys_errors(raw: RawClient, args: tuple[str, ...], error: bytes) -> None:
    assert raw.call("COMMAND", "GETKEYS", *args) == error


def test_command_getkeysandflags(raw: RawClient) -> None:
    assert raw.call("COMMAND", "GETKEYSANDFLAGS", "memory", "usage", "k") == (
        b"*1\r\n*2\r\n$1\r\nk\r\n*1\r\n+RO\r\n"
    )
    assert raw.call("COMMAND", "GETKEYSANDFLAGS", "get", "k") == (
        b"*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+RO\r\n+access\r\n"
    )
    raw.call("HELLO", "3")
    assert raw.call("COMMAND", "GETKEYSANDFLAGS", "get", "k") == (
        b"*1\r\n*2\r\n$1\r\nk\r\n~2\r\n+RO\r\n+access\r\n"
    )


# --- the table diff: miniredis's declarations against Redis's ------------------------------
def _pairs(flat: list[Any]) -> dict[Any, Any]:
    return dict(zip(flat[::2], flat[1::2], strict=True))


def _key_spec(flat: list[Any]) -> dict[str, Any]:
    spec = _pairs(flat)
    return {
        "flags": spec[b"flags"],
        "begin_search": _pairs(spec[b"begin_search"])[b"type"],
        "begin": _pairs(_pairs(spec[b"begin_search"])[b"spec"]),
        "find_keys": _pairs(spec[b"find_keys"])[b"type"],
        "find": _pairs(_pairs(spec[b"find_keys"])[b"spec"]),
    }


def _table(port: int) -> dict[str, dict[str, Any]]:
    """name -> {"info": [...], "docs": {...}} for every command and subcommand of a server."""
    with RawClient("127.0.0.1", port, timeout=20) as conn:
        infos = parse(conn.call("COMMAND"))
        docs = _pairs(parse(conn.call("COMMAND", "DOCS")))
    table: dict[str, dict[str, Any]] = {}

    def add_info(entry: list[Any]) -> None:
        table.setdefault(entry[0].decode(), {})["info"] = entry
        for sub in entry[9]:
            add_info(sub)

    def add_docs(name: bytes, flat: list[Any]) -> None:
        doc = _pairs(flat)
        table.setdefault(name.decode(), {})["docs"] = doc
        for sub_name, sub in _pairs(doc.get(b"subcommands", [])).items():
            add_docs(sub_name, sub)

    for entry in infos:
        add_info(entry)
    for name, flat in docs.items():
        add_docs(name, flat)
    return table


@pytest.fixture(scope="module")
def tables(request: pytest.FixtureRequest, compat_servers: ServerRegistry) -> dict[str, Any]:
    """COMMAND and COMMAND DOCS of both servers, fetched once for the module."""
    if set(selected_targets(request.config)) != set(TARGETS):
        pytest.skip("the table diff needs both targets")
    if shutil.which("redis-server") is None and not redis_required():
        pytest.skip("redis-server not found on PATH")
    return {kind: _table(compat_servers.get(kind).port) for kind in TARGETS}


def _entry(tables: dict[str, Any], name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    ours, theirs = tables["miniredis"].get(name), tables["redis"].get(name)
    assert ours is not None, f"miniredis does not list {name}"
    if theirs is None:
        pytest.skip(f"redis-server 7.0 has no {name!r} (a miniredis extension or newer Redis)")
    return ours, theirs


def _info_fields(entry: list[Any]) -> dict[str, Any]:
    return {
        "arity": entry[1], "flags": sorted(entry[2]), "keys": entry[3:6],
        "acl_categories": entry[6], "tips": sorted(entry[7]),
    }  # fmt: skip


@pytest.mark.parametrize("name", OURS)
def test_command_info_matches_redis(tables: dict[str, Any], name: str) -> None:
    ours, theirs = _entry(tables, name)
    assert _info_fields(ours["info"]) == _info_fields(theirs["info"])
    # a container may hold fewer subcommands than Redis 7.0's, and newer ones redis-py sends
    subcommands = {sub[0] for sub in ours["info"][9]} - NEWER_THAN_7_0
    assert subcommands <= {sub[0] for sub in theirs["info"][9]}


@pytest.mark.parametrize("name", OURS)
def test_key_specs_match_redis(tables: dict[str, Any], name: str) -> None:
    ours, theirs = _entry(tables, name)
    assert [_key_spec(s) for s in ours["info"][8]] == [_key_spec(s) for s in theirs["info"][8]]


def _doc_fields(doc: dict[bytes, Any]) -> dict[bytes, Any]:
    keys = (b"summary", b"since", b"group", b"complexity", b"doc_flags", b"deprecated_since")
    return {key: doc.get(key) for key in (*keys, b"replaced_by", b"history")}


@pytest.mark.parametrize("name", OURS)
def test_command_docs_match_redis(tables: dict[str, Any], name: str) -> None:
    ours, theirs = _entry(tables, name)
    assert _doc_fields(ours["docs"]) == _doc_fields(theirs["docs"])


def hint(arguments: list[Any]) -> str:
    """The hint redis-cli 7.0 draws from COMMAND DOCS arguments (``key [NX|XX] ...``)."""
    return " ".join(_render(_pairs(arg)) for arg in arguments)


def _render(arg: dict[bytes, Any]) -> str:
    flags = set(arg.get(b"flags", []))
    token = arg.get(b"token")
    if token is not None:
        token = token.decode() or '""'
    kind = arg[b"type"]
    if kind == b"pure-token":
        body = str(token)
    else:
        children = [_render(_pairs(child)) for child in arg.get(b"arguments", [])]
        if kind == b"oneof":
            inner = "|".join(children)
        elif kind == b"block":
            inner = " ".join(children)
        else:
            inner = arg[b"name"].decode()
        body = f"{token} {inner}" if token is not None else inner
        if b"multiple" in flags:
            repeat = f"{token} {inner}" if b"multiple_token" in flags else inner
            body = f"{body} [{repeat} ...]"
    return f"[{body}]" if b"optional" in flags else body


# Redis 7.0's docs omit these commands' arguments; miniredis documents them.
UNDOCUMENTED_IN_REDIS_7_0 = {"command|getkeys", "command|getkeysandflags"}


@pytest.mark.parametrize("name", OURS)
def test_redis_cli_hints_match_redis(tables: dict[str, Any], name: str) -> None:
    if name in UNDOCUMENTED_IN_REDIS_7_0:
        pytest.skip("redis-server 7.0 documents no arguments for this command")
    ours, theirs = _entry(tables, name)
    assert hint(ours["docs"].get(b"arguments", [])) == hint(theirs["docs"].get(b"arguments", []))


def test_hint_rendering_is_redis_clis() -> None:
    """The renderer above, on what redis-cli 7.0 showed for SET (read off its prompt)."""
    arguments = [
        [b"name", b"key", b"type", b"key"],
        [b"name", b"condition", b"type", b"oneof", b"flags", [b"optional"], b"arguments",
         [[b"name", b"nx", b"type", b"pure-token", b"token", b"NX"],
          [b"name", b"xx", b"type", b"pure-token", b"token", b"XX"]]],
        [b"name", b"member", b"type", b"block", b"flags", [b"multiple"], b"arguments",
         [[b"name", b"score", b"type", b"double"], [b"name", b"member", b"type", b"string"]]],
        [b"name", b"key", b"type", b"key", b"token", b"KEYS", b"flags", [b"optional", b"multiple"]],
    ]  # fmt: skip
    assert hint(arguments) == "key [NX|XX] score member [score member ...] [KEYS key [key ...]]"


# --- redis-cli draws its hints from COMMAND DOCS ---------------------------------------------
HINT_ON, HINT_OFF = "\x1b[0;90;49m", "\x1b[0m"
SERVER_HINTS = {
    "config get": "parameter [parameter ...]",
    "config set": "parameter value [parameter value ...]",
    "info": "[section [section ...]]",
    "command list": "[FILTERBY MODULE module-name|ACLCAT category|PATTERN pattern]",
    "memory usage": "key [SAMPLES count]",
    "flushall": "[ASYNC|SYNC]",
    "shutdown": "[NOSAVE|SAVE] [NOW] [FORCE] [ABORT]",
}


def test_redis_cli_hints_for_server_commands(
    target: Target, tool: Callable[[str], str], tmp_path: Path
) -> None:
    """Typing a command in interactive redis-cli shows its argument hint in grey."""
    child = pexpect.spawn(
        tool("redis-cli"),
        ["-h", target.host, "-p", str(target.port)],
        env={"HOME": str(tmp_path), "TERM": "xterm", "REDISCLI_HISTFILE": "/dev/null"},
        encoding="utf-8",
        timeout=10,
        dimensions=(24, 250),
    )
    try:
        child.expect_exact(f"{target.host}:{target.port}> ")
        for typed, expected in SERVER_HINTS.items():
            child.send(typed + " ")
            child.expect_exact(f"{typed} {HINT_ON}{expected}{HINT_OFF}")
            child.sendcontrol("u")
        if target.name == "miniredis":
            # FLUSH exists only in miniredis: redis-cli can only know it from COMMAND DOCS
            child.send("help flush\r")
            child.expect_exact("Remove all keys from the current database and return how many")
    finally:
        child.close(force=True)
