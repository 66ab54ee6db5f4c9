"""The request parser, in both engines (hiredis fast path and pure Python), with no sockets.

Every expected error text and every "what does Redis do with ..." answer below was read from
redis-server 7.0.15 by sending the bytes over a socket (``*+1`` and ``$03`` are invalid,
``*1\\rX`` is fine, a NUL before a line's end makes Redis wait...). They are written out
literally: the tests encode Redis, not miniredis.
"""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from miniredis.errors import ProtocolError
from miniredis.protocol.request_parser import RequestParser

try:
    import hiredis  # noqa: F401

    ENGINES = [True, False]
except ImportError:  # pragma: no cover
    ENGINES = [pytest.param(True, marks=pytest.mark.skip(reason="hiredis is not installed")), False]


@pytest.fixture(params=ENGINES, ids=lambda hr: "hiredis" if hr else "python")
def use_hiredis(request: pytest.FixtureRequest) -> bool:
    return request.param


def make(use_hiredis: bool, **kwargs: int) -> RequestParser:
    parser = RequestParser(use_hiredis=use_hiredis, **kwargs)
    assert parser.uses_hiredis is use_hiredis
    return parser


def enc(*args: bytes) -> bytes:
    return b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args)


def perr(text: str) -> bytes:
    return b"ERR Protocol error: " + text.encode()


def run(use_hiredis: bool, *chunks: bytes, **kwargs: int) -> tuple[list[list[bytes]], bytes | None]:
    """Feed ``chunks`` one by one; return all commands and the error text (or None)."""
    parser = make(use_hiredis, **kwargs)
    commands: list[list[bytes]] = []
    for chunk in chunks:
        commands += parser.feed(chunk)
    error = parser.error.message if parser.error is not None else None
    return commands, error


# --- well-formed streams, split everywhere ----------------------------------------------------
STREAMS = {
    "set": (enc(b"SET", b"key", b"value"), [[b"SET", b"key", b"value"]]),
    "binary": (
        enc(b"SET", b"a\r\nb", b"\x00\r\n*1\r\n$"),
        [[b"SET", b"a\r\nb", b"\x00\r\n*1\r\n$"]],
    ),
    "empty-arg": (enc(b"ECHO", b""), [[b"ECHO", b""]]),
    "pipeline": (
        enc(b"SET", b"k", b"v") + b"GET k\r\n" + enc(b"INCR", b"n") + b"PING\n",
        [[b"SET", b"k", b"v"], [b"GET", b"k"], [b"INCR", b"n"], [b"PING"]],
    ),
    "skipped": (
        b"\r\n\n   \r\n*0\r\n*-1\r\n*-100\r\n*-9223372036854775808\r\n" + enc(b"PING"),
        [[b"PING"]],
    ),
    "inline-quotes": (
        b'SET "a b" \'c d\'\r\nECHO "\\x41"\r\n',
        [[b"SET", b"a b", b"c d"], [b"ECHO", b"A"]],
    ),
    # Redis looks for "\r" and skips the next byte unseen; after a body it skips 2 bytes unseen.
    "lenient-crlf": (b"*1\rX$4\rXPINGxx*1\r\n$4\r\nPING\r\n", [[b"PING"], [b"PING"]]),
    "case-kept": (enc(b"sEt", b"K", b"V"), [[b"sEt", b"K", b"V"]]),
    "many-args": (
        enc(b"DEL", *[b"k%d" % i for i in range(30)]),
        [[b"DEL"] + [b"k%d" % i for i in range(30)]],
    ),
}


@pytest.mark.parametrize("name", list(STREAMS))
def test_whole_stream(use_hiredis: bool, name: str) -> None:
    data, expected = STREAMS[name]
    commands, error = run(use_hiredis, data)
    assert error is None
    assert commands == expected
    assert all(type(a) is bytes for cmd in commands for a in cmd)


@pytest.mark.parametrize("name", list(STREAMS))
def test_every_two_way_split(use_hiredis: bool, name: str) -> None:
    data, expected = STREAMS[name]
    for cut in range(len(data) + 1):
        assert run(use_hiredis, data[:cut], data[cut:]) == (expected, None), cut


@pytest.mark.parametrize("name", list(STREAMS))
def test_byte_by_byte(use_hiredis: bool, name: str) -> None:
    data, expected = STREAMS[name]
    parser = make(use_hiredis)
    commands = []
    for i in range(len(data)):
        commands += parser.feed(data[i : i + 1])
    assert commands == expected
    assert parser.error is None
    assert parser.buffered == 0


def test_partial_request_is_kept_and_counted(use_hiredis: bool) -> None:
    parser = make(use_hiredis)
    assert parser.feed(enc(b"PING") + b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nva") == [[b"PING"]]
    assert parser.buffered > 0
    assert parser.feed(b"") == []
    assert parser.feed(b"lue\r\n") == [[b"SET", b"k", b"value"]]
    assert parser.buffered == 0


def test_feed_accepts_other_bytes_like_objects(use_hiredis: bool) -> None:
    parser = make(use_hiredis)
    commands = parser.feed(memoryview(enc(b"GET", b"k"))) + parser.feed(bytearray(b"PING\r\n"))
    assert commands == [[b"GET", b"k"], [b"PING"]]
    assert all(type(a) is bytes for cmd in commands for a in cmd)


# --- protocol errors: exact texts, commands before them, nothing after -----------------------
SET_X = b"*3\r\n$3\r\nSET\r\n$1\r\nx\r\n"
PROTOCOL_ERRORS = [
    (b"*3000000000\r\n", "invalid multibulk length"),
    (b"*2147483648\r\n", "invalid multibulk length"),  # INT_MAX + 1
    (b"*-9223372036854775809\r\n", "invalid multibulk length"),  # below LLONG_MIN
    (b"*abc\r\n", "invalid multibulk length"),
    (b"*\r\n", "invalid multibulk length"),
    (b"*+1\r\n", "invalid multibulk length"),
    (b"*01\r\n", "invalid multibulk length"),
    (b"*-0\r\n", "invalid multibulk length"),
    (b"*1 \r\n", "invalid multibulk length"),
    (b"* 1\r\n", "invalid multibulk length"),
    (b"*1\n$4\r\nPING\r\n", "invalid multibulk length"),  # the first "\r" is after "$4"
    (b"*1\r\nfoo\r\n", "expected '$', got 'f'"),
    (SET_X + b"fooz\r\n", "expected '$', got 'f'"),
    (b"*1\r\n+PING\r\n", "expected '$', got '+'"),
    (b"*1\r\n:1\r\n", "expected '$', got ':'"),
    (b"*2\r\n$3\r\nGET\r\n*1\r\n_\r\n", "expected '$', got '*'"),
    # (hiredis would allocate a list of 2e9 slots for these: they must stay with Python)
    (b"*1\r\n*2000000000\r\n", "expected '$', got '*'"),
    (b"*2\r\n$4\r\nECHO\r\n>3000000000\r\n", "expected '$', got '>'"),
    (b"*1\r\n\r\n", "expected '$', got ' '"),  # CR shown as a space, as in any error
    (b"*1\r\n$-1\r\n", "invalid bulk length"),
    (b"*1\r\n$-0\r\n", "invalid bulk length"),
    (b"*1\r\n$04\r\nPING\r\n", "invalid bulk length"),
    (b"*1\r\n$+4\r\nPING\r\n", "invalid bulk length"),
    (b"*1\r\n$4 \r\nPING\r\n", "invalid bulk length"),
    (b"*1\r\n$\r\n", "invalid bulk length"),
    (SET_X + b"$blabla\r\n", "invalid bulk length"),
    (SET_X + b"$2000000000\r\n", "invalid bulk length"),
    (SET_X + b"$536870913\r\n", "invalid bulk length"),  # proto-max-bulk-len + 1
    (b"*1\r\n$999999999999\r\n", "invalid bulk length"),
    (b'set """test-key""" test-value\r\nping\r\n', "unbalanced quotes in request"),
    (b'set "a b\r\n', "unbalanced quotes in request"),
    (b"echo ''x\r\n", "unbalanced quotes in request"),
]


@pytest.mark.parametrize(
    ("data", "text"), PROTOCOL_ERRORS, ids=[repr(e[0])[:40] for e in PROTOCOL_ERRORS]
)
def test_protocol_error_text(use_hiredis: bool, data: bytes, text: str) -> None:
    assert run(use_hiredis, data) == ([], perr(text))
    # the same at every split point: errors are found as soon as the bad line is complete
    for cut in range(len(data) + 1):
        assert run(use_hiredis, data[:cut], data[cut:]) == ([], perr(text)), cut


def test_error_byte_is_sent_raw(use_hiredis: bool) -> None:
    """Redis's ``%c``: the offending byte as is."""
    assert run(use_hiredis, b"*1\r\n\xff\r\n") == (
        [],
        b"ERR Protocol error: expected '$', got '\xff'",
    )


@pytest.mark.parametrize(
    "bad",
    [b"*1\r\nfoo\r\n", b"*1\r\n+PING\r\n", b'SET k "v\r\n', b"*x\r\n", b"*1\r\n$-1\r\n"],
    ids=repr,
)
def test_commands_before_the_error_are_returned_and_nothing_after(
    use_hiredis: bool, bad: bytes
) -> None:
    parser = make(use_hiredis)
    before = enc(b"SET", b"a", b"1") + b"PING\r\n" + enc(b"GET", b"a")
    assert parser.feed(before + bad + enc(b"PING") + b"PING\r\n") == [
        [b"SET", b"a", b"1"],
        [b"PING"],
        [b"GET", b"a"],
    ]
    assert isinstance(parser.error, ProtocolError)
    assert parser.overflow is False
    assert parser.feed(enc(b"PING")) == []  # dead from now on
    assert parser.feed(b"") == []


# hiredis accepts these (they are valid *replies*); Redis treats each as shown.
NON_REQUESTS = [
    (b"*3\r\n$3\r\nSET\r\n=5\r\ntxt:k\r\n+0123456789\r\n", [], "expected '$', got '='"),
    (enc(b"PING") + b"*1\r\n(1\r\n", [[b"PING"]], "expected '$', got '('"),
    (b"~1\r\n$4\r\nPING\r\n", [[b"~1"], [b"$4"], [b"PING"]], None),
    (b">1\r\n$4\r\nPING\r\n", [[b">1"], [b"$4"], [b"PING"]], None),
    (
        b"|1\r\n$1\r\na\r\n$1\r\nb\r\n" + enc(b"PING"),
        [[b"|1"], [b"$1"], [b"a"], [b"$1"], [b"b"], [b"PING"]],
        None,
    ),
    (enc(b"PING") + b"#f\r\n", [[b"PING"], [b"#f"]], None),
    (b"~2147483647\r\nPING\r\n", [[b"~2147483647"], [b"PING"]], None),
    (b"*1\r\n$1\r\nxy*1\r\n$4\r\nPING\r\n", [[b"x"], [b"1"], [b"$4"], [b"PING"]], None),
]


@pytest.mark.parametrize(
    ("data", "commands", "text"), NON_REQUESTS, ids=[repr(c[0])[:30] for c in NON_REQUESTS]
)
def test_reply_types_are_not_requests(
    use_hiredis: bool, data: bytes, commands: list, text: str | None
) -> None:
    assert run(use_hiredis, data) == (commands, perr(text) if text else None)


# --- NUL bytes: Redis finds line ends with strchr, which stops at NUL ------------------------
@pytest.mark.parametrize(
    ("data", "line_start", "text"),
    [
        (b"PI\x00NG\r\nPING\r\n", 0, "too big inline request"),
        (b"\x00PING\r\n", 0, "too big inline request"),
        (b"*1\x00\r\n$4\r\nPING\r\n", 0, "too big mbulk count string"),
        (b"*\x00\r\n", 0, "too big mbulk count string"),
        (b"*1\r\n$4\x00\r\nPING\r\n", 4, "too big bulk count string"),
        (b"*1\r\n\x00$4\r\nPING\r\n", 4, "too big bulk count string"),
    ],
    ids=repr,
)
def test_nul_before_line_end_waits_until_64k(
    use_hiredis: bool, data: bytes, line_start: int, text: str
) -> None:
    """redis answers nothing and waits: the line end is never seen. Filling the buffer past
    64 KiB (counted from the line's first byte) then gives the "too big" error (protocol.tcl
    "Protocol desync regression test")."""
    parser = make(use_hiredis)
    assert parser.feed(data) == []
    assert parser.error is None
    assert parser.feed(b"A" * (65536 - (len(data) - line_start))) == []
    assert parser.error is None
    assert parser.feed(b"A") == []
    assert parser.error.message == perr(text)


def test_nul_inside_bulk_is_data(use_hiredis: bool) -> None:
    assert run(use_hiredis, enc(b"ECHO", b"\x00")) == ([[b"ECHO", b"\x00"]], None)


# --- the 64 KiB line limit ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("head", "fill", "text"),
    [
        (b"", b"a", "too big inline request"),
        (b"*", b"1", "too big mbulk count string"),
        (b"*1\r\n$", b"1", "too big bulk count string"),
    ],
)
def test_line_limit_is_65536_bytes_without_terminator(
    use_hiredis: bool, head: bytes, fill: bytes, text: str
) -> None:
    line_start = head.rfind(b"\n") + 1
    line = head + fill * (65536 - (len(head) - line_start))
    for chunks in ([line], [line[:1000], line[1000:]]):
        parser = make(use_hiredis)
        for chunk in chunks:
            assert parser.feed(chunk) == []
        assert parser.error is None
        assert parser.feed(fill) == []
        assert parser.error.message == perr(text)


def test_long_inline_line_arriving_whole_is_accepted(use_hiredis: bool) -> None:
    """The limit applies to a line still *waiting* for its end, checked after each read:
    redis-server accepts a 70,000-byte inline line that arrives in one go."""
    assert run(use_hiredis, b"a" * 70000 + b"\n") == ([[b"a" * 70000]], None)


def test_cr_as_last_byte_waits_for_one_more(use_hiredis: bool) -> None:
    parser = make(use_hiredis)
    assert parser.feed(b"*1\r") == []
    assert parser.error is None
    assert parser.feed(b"\n$4\r") == []
    assert parser.feed(b"\nPING\r\n") == [[b"PING"]]


# --- limits that depend on configuration ------------------------------------------------------
def test_max_bulk_len_is_configurable(use_hiredis: bool) -> None:
    assert run(use_hiredis, enc(b"ECHO", b"x" * 10), max_bulk_len=10) == (
        [[b"ECHO", b"x" * 10]],
        None,
    )
    assert run(use_hiredis, enc(b"ECHO", b"x" * 11), max_bulk_len=10) == (
        [],
        perr("invalid bulk length"),
    )
    many = enc(b"ECHO", b"x" * 8) * 3  # a feed larger than the limit, every bulk within it
    assert run(use_hiredis, many, max_bulk_len=10) == ([[b"ECHO", b"x" * 8]] * 3, None)


def test_largest_lengths_wait_for_data(use_hiredis: bool) -> None:
    """``*2147483647`` and ``$536870912`` are accepted: redis-server just waits."""
    for header in (b"*2147483647\r\n", SET_X + b"$536870912\r\n"):
        parser = make(use_hiredis)
        assert parser.feed(header) == []
        assert parser.error is None


def test_query_buffer_limit_closes_without_reply(use_hiredis: bool) -> None:
    """Past client-query-buffer-limit Redis closes the client, unparsed commands unrun. Only
    unparsed bytes count: a finished 600-byte argument does not, a partial 1100-byte one does."""
    parser = make(use_hiredis, query_buffer_limit=1000)
    assert parser.feed(b"*3\r\n$3\r\nSET\r\n$600\r\n" + b"a" * 600 + b"\r\n$600\r\n") == []
    assert parser.feed(b"b" * 500) == []
    assert parser.error is None
    assert parser.buffered == 500
    assert parser.feed(b"b" * 100 + b"\r\n") == [[b"SET", b"a" * 600, b"b" * 600]]
    assert parser.feed(b"*2\r\n$4\r\nECHO\r\n$1100\r\n" + b"c" * 900) == []
    assert parser.feed(b"c" * 100) == []
    assert parser.error is None
    assert parser.buffered == 1000
    assert parser.feed(b"c" * 100 + b"\r\n" + enc(b"PING")) == []
    assert parser.overflow is True
    assert isinstance(parser.error, ProtocolError)
    assert parser.feed(enc(b"PING")) == []


def test_query_buffer_limit_counts_one_read(use_hiredis: bool) -> None:
    parser = make(use_hiredis, query_buffer_limit=100)
    assert parser.feed(enc(b"PING") * 6) == [[b"PING"]] * 6  # 84 bytes
    assert parser.feed(enc(b"PING") * 8) == []  # 112 bytes in one read
    assert parser.overflow is True


# --- before AUTH ------------------------------------------------------------------------------
def test_unauthenticated_one_command_per_feed(use_hiredis: bool) -> None:
    parser = make(use_hiredis)
    parser.unauthenticated = True
    stream = enc(b"PING") + b"*0\r\n" + enc(b"AUTH", b"pw") + b"PING\r\n" + enc(b"GET", b"k")
    got = [parser.feed(stream)]
    while got[-1]:
        got.append(parser.feed(b""))
    assert got == [[[b"PING"]], [[b"AUTH", b"pw"]], [[b"PING"]], [[b"GET", b"k"]], []]


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"*11\r\n", "unauthenticated multibulk length"),
        (enc(*[b"x"] * 11), "unauthenticated multibulk length"),
        (b"*11\r\n$x\r\n", "unauthenticated multibulk length"),  # count checked first
        (b"*2\r\n$4\r\nECHO\r\n$16385\r\n", "unauthenticated bulk length"),
        (b"*2\r\n$4\r\nECHO\r\n$600000000\r\n", "invalid bulk length"),  # checked first
        (b"*3000000000\r\n", "invalid multibulk length"),
    ],
    ids=repr,
)
def test_unauthenticated_limits(use_hiredis: bool, data: bytes, text: str) -> None:
    parser = make(use_hiredis)
    parser.unauthenticated = True
    assert parser.feed(data) == []
    assert parser.error.message == perr(text)


def test_unauthenticated_limits_boundaries(use_hiredis: bool) -> None:
    """10 arguments and 16384-byte bulks pass; inline requests have no such limit."""
    for ok in (enc(*[b"x"] * 10), enc(b"ECHO", b"a" * 16384), b"x " * 20 + b"\r\n"):
        parser = make(use_hiredis)
        parser.unauthenticated = True
        assert len(parser.feed(ok)) == 1
        assert parser.error is None


def test_limits_lift_after_auth(use_hiredis: bool) -> None:
    """The next header is judged by the state after the previous command ran: AUTH then a
    big command is fine, a failed AUTH then the same command is a protocol error."""
    big = enc(*[b"x"] * 11)
    for auth_ok, expected_error in (
        (True, None),
        (False, perr("unauthenticated multibulk length")),
    ):
        parser = make(use_hiredis)
        parser.unauthenticated = True
        assert parser.feed(enc(b"AUTH", b"pw") + big + big) == [[b"AUTH", b"pw"]]
        parser.unauthenticated = not auth_ok
        rest = parser.feed(b"")
        assert rest == ([[b"x"] * 11, [b"x"] * 11] if auth_ok else [])
        assert (parser.error.message if parser.error else None) == expected_error


# --- resumability at scale ------------------------------------------------------------------
def test_big_bulk_in_small_pieces_grows_in_place(use_hiredis: bool) -> None:
    value = bytes(range(256)) * 4096  # 1 MiB
    data = enc(b"SET", b"k", value) + enc(b"PING")
    parser = make(use_hiredis)
    commands = parser.feed(data[:100])
    held = parser._acc  # the partial body accumulates in one buffer, never re-copied
    for i in range(100, len(data), 997):
        commands += parser.feed(data[i : i + 997])
        if parser.buffered and i < len(value):
            assert parser._acc is held
    assert commands == [[b"SET", b"k", value], [b"PING"]]


def test_hundred_thousand_arguments_in_small_pieces(use_hiredis: bool) -> None:
    args = [b"RPUSH", b"list"] + [b"%d" % i for i in range(100_000)]
    data = enc(*args)
    parser = make(use_hiredis)
    commands = []
    for i in range(0, len(data), 1000):
        commands += parser.feed(data[i : i + 1000])
        assert parser.buffered < 1100  # finished arguments leave the buffer
    assert commands == [args]


def test_deep_pipeline_across_reads(use_hiredis: bool) -> None:
    cmds = [[b"SET", b"key:%d" % i, b"v" * (i % 50)] for i in range(3000)]
    data = b"".join(enc(*c) for c in cmds)
    for size in (7, 4096, 65536):
        parser = make(use_hiredis)
        got = []
        for i in range(0, len(data), size):
            got += parser.feed(data[i : i + size])
        assert got == cmds


# --- property: any arguments, any chunking ----------------------------------------------------
ARG = st.binary(max_size=40) | st.sampled_from([b"", b"\r\n", b"*1\r\n$1\r\nx\r\n", b"\x00", b"$"])


@settings(max_examples=300, deadline=None)
@given(
    commands=st.lists(st.lists(ARG, min_size=1, max_size=6), min_size=1, max_size=5),
    cuts=st.lists(st.integers(min_value=0, max_value=2000), max_size=8),
    use_hiredis=st.sampled_from([p for p in ENGINES if p in (True, False)]),
)
def test_any_args_any_chunking(
    commands: list[list[bytes]], cuts: list[int], use_hiredis: bool
) -> None:
    data = b"".join(enc(*c) for c in commands)
    points = sorted({0, len(data), *(c % (len(data) + 1) for c in cuts)})
    chunks = [data[a:b] for a, b in pairwise(points)]
    assert run(use_hiredis, *chunks) == (commands, None)


# --- property: the hiredis engine and the Python engine never disagree ----------------------
FRAGMENT = st.sampled_from(
    [b"*", b"$", b"\r\n", b"\r", b"\n", b"0", b"1", b"2", b"3", b"-1", b"-", b"+", b":", b"=",
     b"~", b"|", b">", b"%", b"_", b"#", b"(", b",", b"\x00", b" ", b'"', b"'", b"\\x41", b"a",
     b"PING", b"txt:", b"*1\r\n", b"*2\r\n", b"$1\r\n", b"$3\r\n", b"$0\r\n", b"*0\r\n",
     b"*1\r\n$4\r\nPING\r\n", b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", b"PING\r\n", b"*10000000\r\n"]
)  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(
    fragments=st.lists(FRAGMENT, max_size=30),
    cuts=st.lists(st.integers(min_value=0, max_value=500), max_size=5),
    unauthenticated=st.booleans(),
)
def test_engines_agree_on_any_input(
    fragments: list[bytes], cuts: list[int], unauthenticated: bool
) -> None:
    """Whatever the bytes and however they are cut, both engines return the same commands,
    error and buffered byte count, and the same as when the bytes arrive in one piece."""
    data = b"".join(fragments)
    points = sorted({0, len(data), *(c % (len(data) + 1) for c in cuts)})
    chunked = [data[a:b] for a, b in pairwise(points)]
    runs = [(engine, chunks) for engine in ENGINES if engine in (True, False)
            for chunks in (chunked, [data])]  # fmt: skip
    results = set()
    for engine, chunks in runs:
        parser = RequestParser(use_hiredis=engine)
        parser.unauthenticated = unauthenticated
        commands: list[list[bytes]] = []
        for chunk in chunks:
            got = parser.feed(chunk)
            while got:  # one at a time while unauthenticated: drain as the connection does
                commands += got
                got = parser.feed(b"") if unauthenticated else []
        error = parser.error.message if parser.error else None
        results.add((repr(commands), error, parser.buffered))
    assert len(results) == 1, results
