"""The RESP request protocol, byte for byte: a port of redis's ``tests/unit/protocol.tcl``.

Every expected reply below is what redis-server 7.0.15 sends, written out literally. The
checklist follows protocol.tcl (empty query, negative and out-of-range lengths, wrong payload
headers, unbalanced quotes, the desync regression, large argument counts) and adds the facts
DESIGN.md builds on: the 64 KiB inline/count-string limits at their exact boundary, "reply to the
protocol error, then close, and run nothing after it", requests split at every byte, deep
pipelines, inline quoting (``sdssplitargs``), the unauthenticated limits, ``maxclients``, and the
text of the unknown-command and arity errors that dispatch produces before any handler runs.
"""

from __future__ import annotations

import re
import socket
import struct
import time
from typing import TYPE_CHECKING

import pytest

from compat_tests.rawclient import RawClient, encode_command, reply_end

if TYPE_CHECKING:
    from compat_tests.conftest import Target

PONG = b"+PONG\r\n"
# Redis closes within milliseconds; a server that never closes fails in 2 s, not the default 5 s.
CLOSE_TIMEOUT = 2.0


def proto_error(text: str) -> bytes:
    return b"-ERR Protocol error: " + text.encode() + b"\r\n"


# -- the raw client's own framing (no server) ------------------------------------------------
@pytest.mark.parametrize(
    "reply",
    [
        b"+OK\r\n",
        b"-ERR x\r\n",
        b":-12\r\n",
        b"$-1\r\n",
        b"$0\r\n\r\n",
        b"$4\r\na\r\nb\r\n",
        b"*-1\r\n",
        b"*0\r\n",
        b"*2\r\n$1\r\na\r\n*2\r\n:1\r\n_\r\n",
        b"_\r\n",
        b",1.5\r\n",
        b"#t\r\n",
        b"(12345678901234567890\r\n",
        b"!3\r\nbad\r\n",
        b"=8\r\ntxt:abcd\r\n",
        b"%1\r\n$1\r\nk\r\n~2\r\n:1\r\n:2\r\n",
        b">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n",
        b"|1\r\n+ttl\r\n:3\r\n$1\r\nv\r\n",
    ],
    ids=[
        "simple",
        "error",
        "integer",
        "null-bulk",
        "empty-bulk",
        "bulk-with-crlf",
        "null-array",
        "empty-array",
        "nested-array",
        "null",
        "double",
        "boolean",
        "big-number",
        "bulk-error",
        "verbatim",
        "map-with-set",
        "push",
        "attribute-then-reply",
    ],
)
def test_rawclient_frames_one_reply(reply: bytes) -> None:
    """The raw client cuts exactly one reply out of a stream, and waits for an incomplete one."""
    assert reply_end(reply + b"+NEXT\r\n") == len(reply)
    for cut in range(len(reply)):
        assert reply_end(reply[:cut]) is None


# -- what is silently skipped ------------------------------------------------------------------
@pytest.mark.parametrize(
    "prefix",
    [b"\r\n", b"\n", b"   \r\n", b"*-10\r\n", b"*-1\r\n", b"*0\r\n", b"*0\r\n\r\n*-5\r\n\n"],
    ids=["crlf", "lf", "spaces", "star-minus-10", "star-minus-1", "star-0", "mixed"],
)
def test_empty_queries_and_negative_multibulk_are_skipped(raw: RawClient, prefix: bytes) -> None:
    """protocol.tcl "Handle an empty query" / "Negative multibulk length": empty lines,
    ``*0`` and ``*-N`` produce no reply at all, and the PING after them is answered."""
    raw.send(prefix)
    assert raw.read_available(0.1) == b""
    raw.send(b"PING\r\n")
    assert raw.read_reply() == PONG
    assert raw.read_available(0.05) == b""


# -- protocol errors: the exact reply, then close ----------------------------------------------
SET_X = b"*3\r\n$3\r\nSET\r\n$1\r\nx\r\n"

PROTOCOL_ERRORS = [
    ("multibulk-3e9", b"*3000000000\r\n", "invalid multibulk length"),
    ("multibulk-int-max-plus-1", b"*2147483648\r\n", "invalid multibulk length"),
    ("multibulk-not-a-number", b"*abc\r\n", "invalid multibulk length"),
    ("multibulk-empty-count", b"*\r\n", "invalid multibulk length"),
    ("multibulk-lf-only-header", b"*1\n$4\nPING\r\n", "invalid multibulk length"),
    ("payload-header-f", SET_X + b"fooz\r\n", "expected '$', got 'f'"),
    ("no-bulk-after-count", b"*1\r\nfoo\r\n", "expected '$', got 'f'"),
    ("simple-string-arg", b"*2\r\n$4\r\nPING\r\n+x\r\n", "expected '$', got '+'"),
    ("array-arg", b"*1\r\n*1\r\n", "expected '$', got '*'"),
    ("bulk-minus-10", SET_X + b"$-10\r\n", "invalid bulk length"),
    ("bulk-minus-1", SET_X + b"$-1\r\n", "invalid bulk length"),
    ("bulk-2e9", SET_X + b"$2000000000\r\n", "invalid bulk length"),
    ("bulk-512mib-plus-1", SET_X + b"$536870913\r\n", "invalid bulk length"),
    ("bulk-not-a-number", SET_X + b"$blabla\r\n", "invalid bulk length"),
    ("bulk-empty-length", b"*1\r\n$\r\n", "invalid bulk length"),
    (
        "unbalanced-triple-quotes",
        b'set """test-key""" test-value\r\nping\r\n',
        "unbalanced quotes in request",
    ),
    ("unterminated-double-quote", b'set "a b\r\nping\r\n', "unbalanced quotes in request"),
    ("unterminated-single-quote", b"set 'a b\r\n", "unbalanced quotes in request"),
    ("quote-then-no-space", b"echo ''x\r\n", "unbalanced quotes in request"),
    ("double-quote-then-no-space", b'set "a"b c\r\n', "unbalanced quotes in request"),
]


@pytest.mark.parametrize(
    ("request_bytes", "error"),
    [pytest.param(req, err, id=name) for name, req, err in PROTOCOL_ERRORS],
)
def test_protocol_error_replies_then_closes(
    raw: RawClient, request_bytes: bytes, error: str
) -> None:
    """protocol.tcl's malformed-request cases: ``-ERR Protocol error: <text>``, then EOF.
    Nothing after the bad frame runs (the trailing ``ping`` is never answered)."""
    raw.send(request_bytes)
    assert raw.read_until_closed(CLOSE_TIMEOUT) == proto_error(error)


def test_reply_before_bad_frame_is_sent_and_nothing_after(raw: RawClient) -> None:
    """``PING``, a bad frame and ``PING`` in one write: ``+PONG``, the error, then EOF."""
    raw.send(b"PING\r\n*1\r\nfoo\r\nPING\r\n")
    assert raw.read_until_closed(CLOSE_TIMEOUT) == PONG + proto_error("expected '$', got 'f'")


def test_inline_reply_before_unbalanced_quotes_and_nothing_after(raw: RawClient) -> None:
    """The same rule for inline requests: earlier commands in the buffer are answered."""
    raw.send(b'PING\r\nSET k "v\r\nPING\r\n')
    assert raw.read_until_closed(CLOSE_TIMEOUT) == PONG + proto_error(
        "unbalanced quotes in request"
    )


# -- the limits, at their exact boundary -------------------------------------------------------
@pytest.mark.parametrize(
    ("head", "fill", "error"),
    [
        (b"", b"a", "too big inline request"),
        (b"\x00", b"A", "too big inline request"),  # protocol.tcl "desync regression"
        (b"*", b"1", "too big mbulk count string"),
        (b"*1\r\n$", b"1", "too big bulk count string"),
    ],
    ids=["inline", "inline-after-nul", "mbulk-count", "bulk-count"],
)
def test_line_without_newline_is_limited_to_64k(
    raw: RawClient, head: bytes, fill: bytes, error: str
) -> None:
    """A line still waiting for its newline may hold 64 KiB (65536 bytes, counted from its
    first byte: from ``*`` or ``$`` for count strings); byte 65537 is a protocol error."""
    line_start = head.rfind(b"\n") + 1
    raw.send(head + fill * (65536 - (len(head) - line_start)))
    assert raw.read_available(0.2) == b""
    raw.send(fill)
    assert raw.read_until_closed(CLOSE_TIMEOUT) == proto_error(error)


@pytest.mark.parametrize(
    "header",
    [b"*2147483647\r\n", SET_X + b"$536870912\r\n"],
    ids=["multibulk-int-max", "bulk-512mib"],
)
def test_largest_accepted_lengths_wait_for_data(raw: RawClient, header: bytes) -> None:
    """``*2147483647`` (INT_MAX) and ``$536870912`` (proto-max-bulk-len, 512 MiB) are accepted:
    the server waits for the data instead of answering."""
    raw.send(header)
    assert raw.read_available(0.2) == b""
    assert not raw.is_closed(0.05)


# -- framing: splits, pipelines, many arguments ---------------------------------------------
def test_request_split_at_every_byte_boundary(raw: RawClient) -> None:
    """A request cut anywhere into two TCP writes is answered once, as if sent whole."""
    multibulk = encode_command("SET", "key", "value")
    inline = b"GET key\r\n"
    for frame, reply in ((multibulk, b"+OK\r\n"), (inline, b"$5\r\nvalue\r\n")):
        for cut in range(1, len(frame)):
            raw.send(frame[:cut])
            time.sleep(0.002)
            raw.send(frame[cut:])
            assert raw.read_reply() == reply, (frame, cut)
    assert raw.read_available(0.05) == b""


def test_pipeline_sent_one_byte_at_a_time(raw: RawClient) -> None:
    """Every byte in its own TCP segment (TCP_NODELAY): multibulk and inline both resume."""
    stream = encode_command("SET", "k", "v") + b"GET k\r\n" + encode_command("INCR", "n")
    for byte in stream:
        raw.send(bytes([byte]))
        time.sleep(0.0005)
    assert raw.read_replies(3) == [b"+OK\r\n", b"$1\r\nv\r\n", b":1\r\n"]


def test_ten_thousand_pipelined_commands_answered_in_order(raw: RawClient) -> None:
    """10,000 SETs then 10,000 GETs in one write: 20,000 replies, in order, nothing else."""
    count = 10_000
    request = b"".join(encode_command("SET", f"k:{i}", i) for i in range(count))
    request += b"".join(encode_command("GET", f"k:{i}") for i in range(count))
    expected = b"+OK\r\n" * count
    expected += b"".join(b"$%d\r\n%d\r\n" % (len(str(i)), i) for i in range(count))
    raw.send(request)
    assert raw.read_exactly(len(expected), timeout=30) == expected
    assert raw.read_available(0.05) == b""


def test_large_number_of_args(raw: RawClient) -> None:
    """protocol.tcl "test large number of args": MSET with 20,002 arguments."""
    args = ["k", "v"] * 10_000 + ["{k}2", "v2"]
    assert raw.call("MSET", *args) == b"+OK\r\n"
    assert raw.call("GET", "{k}2") == b"$2\r\nv2\r\n"
    assert raw.call("GET", "k") == b"$1\r\nv\r\n"


def test_bulk_arguments_are_binary_safe(raw: RawClient) -> None:
    """A bulk argument may hold CR, LF and NUL: its length, not its content, frames it."""
    value = b"a\r\nb\x00\n\r*1\r\n"
    assert raw.call(b"SET", b"bin\r\nkey", value) == b"+OK\r\n"
    assert raw.call(b"GET", b"bin\r\nkey") == b"$%d\r\n%s\r\n" % (len(value), value)


# -- inline commands and sdssplitargs quoting -----------------------------------------------
def test_inline_set_and_get_with_quotes(raw: RawClient) -> None:
    """Inline ``SET "a b" 'c d'`` stores key ``a b``; ``\\x41`` escapes work in double quotes."""
    raw.send(b'SET "a b" \'c d\'\r\nGET "a b"\r\n')
    assert raw.read_replies(2) == [b"+OK\r\n", b"$3\r\nc d\r\n"]
    raw.send(b'SET "\\x41\\x42" "x\\ty"\r\nGET AB\r\n')
    assert raw.read_replies(2) == [b"+OK\r\n", b"$3\r\nx\ty\r\n"]


@pytest.mark.parametrize(
    ("line", "reply"),
    [
        (b'ECHO "\\x41\\x42\\x43"', b"$3\r\nABC\r\n"),
        (b'ECHO "\\xe2\\x82\\xAC"', b"$3\r\n\xe2\x82\xac\r\n"),
        (b'ECHO "\\xZZ"', b"$3\r\nxZZ\r\n"),  # not two hex digits: the backslash is dropped
        (b'ECHO "\\n\\r\\t\\b\\a\\\\\\"\\q"', b'$8\r\n\n\r\t\x08\x07\\"q\r\n'),
        (b"ECHO 'a\\'b'", b"$3\r\na'b\r\n"),
        (b"ECHO 'a\\nb'", b"$4\r\na\\nb\r\n"),  # single quotes only unescape \'
        (b'ECHO a"b c"', b"$4\r\nab c\r\n"),  # a quote may open mid-token
        (b'ECHO ""', b"$0\r\n\r\n"),
        (b"ECHO\ta", b"$1\r\na\r\n"),  # any isspace() separates
        (b"  ECHO    a   ", b"$1\r\na\r\n"),
        (b"ECHO a\nPING", b"$1\r\na\r\n+PONG\r\n"),  # a bare LF ends an inline request too
        (b'""', b"-ERR unknown command '', with args beginning with: \r\n"),
    ],
    ids=[
        "hex-escapes",
        "hex-utf8-mixed-case",
        "bad-hex-escape",
        "c-escapes",
        "single-quote-escape",
        "single-quotes-literal",
        "quote-mid-token",
        "empty-quoted-arg",
        "tab-separator",
        "extra-spaces",
        "bare-lf",
        "empty-command-name",
    ],
)
def test_inline_quoting(raw: RawClient, line: bytes, reply: bytes) -> None:
    """Inline requests are split like redis's ``sdssplitargs``."""
    raw.send(line + b"\r\n")
    assert raw.read_exactly(len(reply)) == reply
    assert raw.read_available(0.05) == b""


# -- one client's trouble is not another's ----------------------------------------------------
@pytest.mark.parametrize("how", ["fin", "rst"])
def test_half_command_then_vanish_does_not_disturb_others(target: Target, how: str) -> None:
    """A client that sends half a command and stalls, then disappears (FIN or RST), leaves
    other clients working and its half command unexecuted."""
    with (
        RawClient(target.host, target.port) as other,
        RawClient(target.host, target.port) as stalled,
    ):
        stalled.send(b"*3\r\n$3\r\nSET\r\n$4\r\nhalf\r\n$5\r\nva")
        assert other.call("SET", "k", "v") == b"+OK\r\n"
        assert other.call("GET", "k") == b"$1\r\nv\r\n"
        if how == "rst":
            stalled.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        stalled.close()
        time.sleep(0.05)
        assert other.call("EXISTS", "half") == b":0\r\n"
        assert other.call("PING") == PONG


def test_many_clients_with_large_replies_and_slow_readers_each_get_theirs(
    target: Target,
) -> None:
    """Eight clients each ask for 6 x 1 MiB in the same instant, more than a socket's send
    buffer takes (4 MiB at most here), and some read slowly: the server writes part and waits
    for room, per client. Each gets its bytes whole and in order, and a client that asks for
    little is answered meanwhile."""
    value = bytes(range(256)) * 4096  # 1 MiB, every byte value
    bulk = b"$%d\r\n%s\r\n" % (len(value), value)
    expected = bulk * 6 + PONG
    with RawClient(target.host, target.port) as setup:
        assert setup.call("SET", "big", value) == b"+OK\r\n"
    clients = [RawClient(target.host, target.port) for _ in range(8)]
    try:
        for client in clients:  # all requests first, so the server finds them ready together
            client.send(encode_command("GET", "big") * 6 + encode_command("PING"))
        with RawClient(target.host, target.port) as bystander:
            assert bystander.call("PING") == PONG
        for i, client in enumerate(clients):
            head = b""
            if i % 3 == 0:  # a slow reader: a few small reads first
                for _ in range(3):
                    head += client.sock.recv(1000)
                    time.sleep(0.01)
                assert expected.startswith(head)
            rest = client.read_exactly(len(expected) - len(head), timeout=30)
            assert head + rest == expected
    finally:
        for client in clients:
            client.close()


# -- authentication gate and its protocol limits -----------------------------------------------
@pytest.mark.needs_own_server("requirepass")
def test_unauthenticated_protocol_limits(target: Target) -> None:
    """Before AUTH, at most 10 arguments and bulks of at most 16384 bytes are accepted:
    ``*11`` and ``$16385`` get ``unauthenticated ... length`` and the connection closes."""
    server = target.start_server(requirepass="pw")
    for ok_header in (b"*10\r\n", b"*1\r\n$16384\r\n"):
        with RawClient(server.host, server.port) as conn:
            conn.send(ok_header)
            assert conn.read_available(0.1) == b""
            assert not conn.is_closed(0.05)
    for bad_header, error in (
        (b"*11\r\n", "unauthenticated multibulk length"),
        (b"*1\r\n$16385\r\n", "unauthenticated bulk length"),
        (b"*2\r\n$3\r\nGET\r\n$16385\r\n", "unauthenticated bulk length"),
    ):
        with RawClient(server.host, server.port) as conn:
            conn.send(bad_header)
            assert conn.read_until_closed(CLOSE_TIMEOUT) == proto_error(error)
    with RawClient(server.host, server.port) as conn:
        assert conn.call("AUTH", "pw") == b"+OK\r\n"
        assert conn.call("DEL", *[f"k{i}" for i in range(10)]) == b":0\r\n"
        big = b"x" * 16385
        assert conn.call(b"ECHO", big) == b"$16385\r\n" + big + b"\r\n"


@pytest.mark.needs_own_server("requirepass")
def test_auth_gate_replies(target: Target) -> None:
    """With requirepass: NOAUTH for known commands, but unknown commands are reported as
    unknown (existence is checked before auth); WRONGPASS; HELLO needs AUTH or HELLO AUTH."""
    server = target.start_server(requirepass="pw")
    with RawClient(server.host, server.port) as conn:
        assert conn.call("PING") == b"-NOAUTH Authentication required.\r\n"
        assert conn.call("GET", "k") == b"-NOAUTH Authentication required.\r\n"
        assert conn.call("FOO", "a") == (
            b"-ERR unknown command 'FOO', with args beginning with: 'a' \r\n"
        )
        assert conn.call("AUTH", "nope") == (
            b"-WRONGPASS invalid username-password pair or user is disabled.\r\n"
        )
        assert conn.call("HELLO", "3") == (
            b"-NOAUTH HELLO must be called with the client already authenticated, otherwise the"
            b" HELLO AUTH <user> <pass> option can be used to authenticate the client and select"
            b" the RESP protocol version at the same time\r\n"
        )
        reply = conn.call("HELLO", "3", "AUTH", "default", "pw")
        assert reply.startswith(b"%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n")
        assert conn.call("GET", "k") == b"_\r\n"


# -- maxclients -------------------------------------------------------------------------------
def _connect_ready(server: Target, deadline: float) -> RawClient:
    """Connect and PING, retrying while the server may still count an earlier, closed client."""
    while True:
        conn = RawClient(server.host, server.port)
        try:
            reply = conn.call("PING")
        except (OSError, EOFError) as exc:
            reply = repr(exc).encode()
        if reply == PONG:
            return conn
        conn.close()
        if time.monotonic() > deadline:
            raise AssertionError(f"client slot never freed; last reply {reply!r}")
        time.sleep(0.02)


@pytest.mark.needs_own_server("maxclients")
def test_maxclients_refuses_the_extra_connection(target: Target) -> None:
    """``maxclients 2``: two clients are served, the third gets
    ``-ERR max number of clients reached`` unprompted and is closed; a freed slot is reusable."""
    server = target.start_server(maxclients=2)
    deadline = time.monotonic() + 3
    with _connect_ready(server, deadline) as first:
        with _connect_ready(server, deadline):
            # The error comes unprompted; sending a request first changes nothing.
            for probe in (b"", b"PING\r\n"):
                with RawClient(server.host, server.port) as extra:
                    extra.send(probe)
                    assert (
                        extra.read_until_closed(CLOSE_TIMEOUT)
                        == b"-ERR max number of clients reached\r\n"
                    )
        with _connect_ready(server, time.monotonic() + 3) as again:
            assert again.call("PING") == PONG
        assert first.call("PING") == PONG


# -- dispatch errors: unknown command, arity, subcommands ------------------------------------
@pytest.mark.parametrize(
    ("args", "reply"),
    [
        (["FOO", "a", "b"], b"-ERR unknown command 'FOO', with args beginning with: 'a' 'b' \r\n"),
        (["foo"], b"-ERR unknown command 'foo', with args beginning with: \r\n"),
        ([""], b"-ERR unknown command '', with args beginning with: \r\n"),
        (
            ["X" * 200, "a"],
            b"-ERR unknown command '" + b"X" * 128 + b"', with args beginning with: 'a' \r\n",
        ),
        (
            ["FOO", "a" * 200, "b"],
            b"-ERR unknown command 'FOO', with args beginning with: '" + b"a" * 128 + b"' \r\n",
        ),
        (
            ["FOO", "a" * 100, "b" * 100, "c"],
            b"-ERR unknown command 'FOO', with args beginning with: '"
            + b"a" * 100
            + b"' '"
            + b"b" * 25
            + b"' \r\n",
        ),
        (
            ["FOO", *["ab"] * 60],
            b"-ERR unknown command 'FOO', with args beginning with: " + b"'ab' " * 26 + b"\r\n",
        ),
        (
            ["F\r\nO", "a\r\nb", "c\nd"],
            b"-ERR unknown command 'F  O', with args beginning with: 'a  b' 'c d' \r\n",
        ),
    ],
    ids=[
        "args",
        "no-args",
        "empty-name",
        "long-name",
        "long-arg",
        "args-share-128",
        "many-args",
        "crlf-become-spaces",
    ],
)
def test_unknown_command_error_text(raw: RawClient, args: list[str], reply: bytes) -> None:
    """``unknown command '%.128s', with args beginning with: `` then ``'arg' `` while the list
    is under 128 bytes (each arg cut to what is left); CR and LF print as spaces."""
    assert raw.call(*args) == reply


@pytest.mark.parametrize(
    ("args", "reply"),
    [
        (["GET"], b"-ERR wrong number of arguments for 'get' command\r\n"),
        (["GeT", "a", "b"], b"-ERR wrong number of arguments for 'get' command\r\n"),
        (["set", "k"], b"-ERR wrong number of arguments for 'set' command\r\n"),
        (["PING", "x", "y", "z"], b"-ERR wrong number of arguments for 'ping' command\r\n"),
        (["CONFIG"], b"-ERR wrong number of arguments for 'config' command\r\n"),
        (["CONFIG", "GET"], b"-ERR wrong number of arguments for 'config|get' command\r\n"),
        (["config", "nope"], b"-ERR unknown subcommand 'nope'. Try CONFIG HELP.\r\n"),
        (["CLIENT", "NOPE"], b"-ERR unknown subcommand 'NOPE'. Try CLIENT HELP.\r\n"),
    ],
    ids=[
        "get-none",
        "mixed-case",
        "set-one",
        "ping-three",
        "container",
        "subcommand",
        "unknown-config-sub",
        "unknown-client-sub",
    ],
)
def test_arity_and_subcommand_error_text(raw: RawClient, args: list[str], reply: bytes) -> None:
    """Arity errors name the command in lower case as declared (``config|get`` for
    subcommands), whatever case was sent; unknown subcommands echo the name as sent."""
    assert raw.call(*args) == reply
    assert raw.call("PING") == PONG


# -- RESP3 and HELLO ------------------------------------------------------------------------
HELLO_FIELDS = (
    rb"\$6\r\nserver\r\n\$5\r\nredis\r\n\$7\r\nversion\r\n\$6\r\n7\.0\.15\r\n"
    rb"\$5\r\nproto\r\n:(?P<proto>[23])\r\n\$2\r\nid\r\n:\d+\r\n\$4\r\nmode\r\n"
    rb"\$10\r\nstandalone\r\n\$4\r\nrole\r\n\$6\r\nmaster\r\n\$7\r\nmodules\r\n\*0\r\n"
)


def test_hello_replies_in_the_new_protocol(raw: RawClient) -> None:
    """``HELLO`` alone answers in RESP2 (``*14``); ``HELLO 3`` answers with a RESP3 map
    (``%7``), already in the new protocol; ``HELLO 2`` switches back to ``*14``."""
    hello = re.fullmatch(rb"\*14\r\n" + HELLO_FIELDS, raw.call("HELLO"))
    assert hello is not None and hello["proto"] == b"2"
    hello3 = re.fullmatch(rb"%7\r\n" + HELLO_FIELDS, raw.call("HELLO", "3"))
    assert hello3 is not None and hello3["proto"] == b"3"
    hello2 = re.fullmatch(rb"\*14\r\n" + HELLO_FIELDS, raw.call("HELLO", "2"))
    assert hello2 is not None and hello2["proto"] == b"2"


@pytest.mark.parametrize(
    ("args", "reply"),
    [
        (["HELLO", "4"], b"-NOPROTO unsupported protocol version\r\n"),
        (["HELLO", "1"], b"-NOPROTO unsupported protocol version\r\n"),
        (["HELLO", "abc"], b"-ERR Protocol version is not an integer or out of range\r\n"),
    ],
    ids=["version-4", "version-1", "not-a-number"],
)
def test_hello_rejects_bad_versions(raw: RawClient, args: list[str], reply: bytes) -> None:
    """Only protocol versions 2 and 3 exist; the connection stays RESP2."""
    assert raw.call(*args) == reply
    assert raw.call("GET", "missing") == b"$-1\r\n"


def test_null_and_aggregates_per_protocol(raw: RawClient) -> None:
    """A missing value is ``$-1`` in RESP2 and ``_`` in RESP3, also inside arrays."""
    assert raw.call("SET", "k", "v") == b"+OK\r\n"
    assert raw.call("GET", "missing") == b"$-1\r\n"
    assert raw.call("MGET", "k", "missing") == b"*2\r\n$1\r\nv\r\n$-1\r\n"
    raw.call("HELLO", "3")
    assert raw.call("GET", "missing") == b"_\r\n"
    assert raw.call("MGET", "k", "missing") == b"*2\r\n$1\r\nv\r\n_\r\n"
    assert raw.call("SET", "k", "v") == b"+OK\r\n"
    assert raw.call("INCR", "n") == b":1\r\n"
