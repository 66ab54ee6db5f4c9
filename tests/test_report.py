"""The compat harness's own machinery, without sockets: the golden transcript format, the
request parser of ``--record-commands``, and how the report credits tests to commands."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from compat_tests.command_log import request_names
from compat_tests.golden_format import (
    Exchange,
    format_reply,
    format_request,
    format_transcript,
    parse_request,
    parse_transcript,
)
from compat_tests.rawclient import encode_command
from compat_tests.report import base_id, credited

WORDS = st.lists(st.binary(max_size=8), min_size=1, max_size=5).map(tuple)


@given(WORDS)
def test_request_lines_round_trip(args: tuple[bytes, ...]) -> None:
    line = format_request(args)
    assert line.isascii() and "\n" not in line
    assert parse_request(line) == args


def test_request_lines_quote_only_what_needs_it() -> None:
    assert format_request((b"SET", b"k", b"a b", b"", b'"', b"\x00\\")) == (
        'SET k "a b" "" "\\"" "\\x00\\\\"'
    )


def test_replies_split_after_each_crlf() -> None:
    assert format_reply(b"*2\r\n$1\r\na\r\n$-1\r\n") == ["< *2\\r\\n", "< $1\\r\\n", "< a\\r\\n",
                                                          "< $-1\\r\\n"]  # fmt: skip


@given(st.lists(st.tuples(WORDS, st.none() | st.binary(min_size=1, max_size=20)), max_size=5))
def test_transcripts_round_trip(items: list[tuple[tuple[bytes, ...], bytes | None]]) -> None:
    exchanges = [Exchange(args, reply, 0) for args, reply in items]
    parsed = parse_transcript(format_transcript(["header"], exchanges))
    assert [(e.request, e.reply) for e in parsed] == items


def test_request_names_multibulk_inline_and_garbage() -> None:
    data = encode_command("CONFIG", "GET", "x") + b"ping\r\n" + encode_command("x" * 100, "a")
    assert request_names(data + b"*2\r\n$3\r\nGET") == [("config", "get"), ("ping", ""), ("", "a")]
    assert request_names(b"*1\r\n$bad\r\n") == []


def test_base_id_drops_the_target() -> None:
    assert base_id("t.py::test_x[miniredis]", "miniredis") == "t.py::test_x"
    assert base_id("t.py::test_x[redis-a-b]", "redis") == "t.py::test_x[a-b]"
    assert base_id("t.py::test_x[a-redis]", "redis") == "t.py::test_x[a]"
    assert base_id("t.py::test_x[a]", None) == "t.py::test_x[a]"


def test_credited_names_subcommands_of_containers() -> None:
    known = {"config", "config|get", "get"}
    assert credited(["config", "get"], known, {"config"}) == ["config", "config|get"]
    assert credited(["config", "nosuch"], known, {"config"}) == ["config"]
    assert credited(["get", "k"], known, {"config"}) == ["get"]
    assert credited(["nosuch", ""], known, {"config"}) == []
