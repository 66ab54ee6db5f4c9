"""The reply parser: every RESP2/RESP3 type, every split point, and an encode/parse round trip.

The byte streams are replies captured from redis-server 7.0.15, written out literally.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from miniredis.errors import CommandError
from miniredis.protocol.encoder import encode
from miniredis.protocol.replies import NULL_ARRAY, BigNumber, Push, RespSet, SimpleString, Verbatim
from miniredis.protocol.reply_parser import NEED_MORE, InvalidReply, ReplyParser


def norm(value: Any) -> Any:
    """A structure that compares types too: ``True != 1``, ``b"x" != SimpleString(b"x")``."""
    if isinstance(value, CommandError):
        return ("error", value.message)
    if isinstance(value, dict):
        return ("map", [(norm(k), norm(v)) for k, v in value.items()])
    if isinstance(value, list):
        return (type(value).__name__, [norm(v) for v in value])
    if isinstance(value, float):
        return ("float", repr(value), math.copysign(1.0, value))
    return (type(value).__name__, value)


def parse_all(*chunks: bytes) -> list[Any]:
    """Feed the chunks one by one, collecting every reply that completes."""
    parser = ReplyParser()
    replies = []
    for chunk in chunks:
        parser.feed(chunk)
        while (reply := parser.gets()) is not NEED_MORE:
            replies.append(reply)
    return replies


# (wire bytes, value)
CASES: list[tuple[str, bytes, Any]] = [
    ("status", b"+OK\r\n", SimpleString(b"OK")),
    ("error", b"-ERR syntax error\r\n", CommandError("ERR syntax error")),
    ("integer", b":-42\r\n", -42),
    ("bulk", b"$5\r\nhello\r\n", b"hello"),
    ("bulk with CRLF inside", b"$4\r\n\r\n\r\n\r\n", b"\r\n\r\n"),
    ("empty bulk", b"$0\r\n\r\n", b""),
    ("null bulk", b"$-1\r\n", None),
    ("null array", b"*-1\r\n", None),
    ("empty array", b"*0\r\n", []),
    ("array", b"*3\r\n:1\r\n-FOO bar\r\n:3\r\n", [1, CommandError("FOO bar"), 3]),
    ("null", b"_\r\n", None),
    ("true", b"#t\r\n", True),
    ("false", b"#f\r\n", False),
    ("double", b",0.10000000000000001\r\n", 0.1),
    ("double exponent", b",1e+20\r\n", 1e20),
    ("double inf", b",inf\r\n", math.inf),
    ("double -inf", b",-inf\r\n", -math.inf),
    ("double -0", b",-0\r\n", -0.0),
    ("big number", b"(-12345678901234567890\r\n", BigNumber(-12345678901234567890)),
    ("blob error", b"!22\r\nSYNTAX invalid\r\nsyntax\r\n", CommandError("SYNTAX invalid  syntax")),
    ("verbatim", b"=6\r\ntxt:hi\r\n", Verbatim(b"hi")),
    ("verbatim markdown", b"=8\r\nmkd:# hi\r\n", Verbatim(b"# hi")),
    ("map", b"%1\r\n$1\r\na\r\n:1\r\n", {b"a": 1}),
    ("empty map", b"%0\r\n", {}),
    ("set", b"~1\r\n$1\r\na\r\n", RespSet([b"a"])),
    ("push", b">3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n", Push([b"subscribe", b"ch", 1])),
    ("attribute before a reply", b"|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n:7\r\n", 7),
    ("attribute inside an array", b"*2\r\n:1\r\n|1\r\n+ttl\r\n:3600\r\n:2\r\n", [1, 2]),
    ("empty attribute", b"|0\r\n+OK\r\n", SimpleString(b"OK")),
    ("array as map key", b"%1\r\n*2\r\n:1\r\n:2\r\n+v\r\n", {(1, 2): SimpleString(b"v")}),
    (
        "nested",
        b"*2\r\n%1\r\n$1\r\nk\r\n~2\r\n,1.5\r\n#t\r\n>2\r\n_\r\n*0\r\n",
        [{b"k": RespSet([1.5, True])}, Push([None, []])],
    ),
]


@pytest.mark.parametrize(("wire", "value"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_parses_each_type(wire: bytes, value: Any) -> None:
    assert [norm(r) for r in parse_all(wire)] == [norm(value)]


def test_nan_doubles() -> None:
    nan, minus_nan = parse_all(b",nan\r\n,-nan\r\n")
    assert math.isnan(nan) and math.copysign(1.0, nan) == 1.0
    assert math.isnan(minus_nan) and math.copysign(1.0, minus_nan) == -1.0


# HELLO 3, a pipeline of replies, and a SUBSCRIBE push: one stream with most types in it.
STREAM = (
    b"%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n"
    b":3\r\n$2\r\nid\r\n:7\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n"
    b"$7\r\nmodules\r\n*0\r\n"
    b"+OK\r\n$-1\r\n_\r\n,-0\r\n(12345678901234567890\r\n=6\r\ntxt:hi\r\n"
    b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    b"!10\r\nERR a\r\nb c\r\n|1\r\n+a\r\n:1\r\n~2\r\n$0\r\n\r\n#f\r\n"
    b">3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n"
)
STREAM_VALUES = [
    {
        b"server": b"redis",
        b"version": b"7.0.15",
        b"proto": 3,
        b"id": 7,
        b"mode": b"standalone",
        b"role": b"master",
        b"modules": [],
    },
    SimpleString(b"OK"),
    None,
    None,
    -0.0,
    BigNumber(12345678901234567890),
    Verbatim(b"hi"),
    CommandError("WRONGTYPE Operation against a key holding the wrong kind of value"),
    CommandError("ERR a  b c"),
    RespSet([b"", False]),
    Push([b"subscribe", b"ch", 1]),
]


def test_whole_stream_at_once() -> None:
    assert [norm(r) for r in parse_all(STREAM)] == [norm(v) for v in STREAM_VALUES]


@pytest.mark.parametrize("split", range(1, len(STREAM)))
def test_every_split_point(split: int) -> None:
    replies = parse_all(STREAM[:split], STREAM[split:])
    assert [norm(r) for r in replies] == [norm(v) for v in STREAM_VALUES]


def test_byte_by_byte() -> None:
    chunks = [STREAM[i : i + 1] for i in range(len(STREAM))]
    assert [norm(r) for r in parse_all(*chunks)] == [norm(v) for v in STREAM_VALUES]


def test_need_more_until_complete_and_nothing_lost() -> None:
    parser = ReplyParser()
    assert parser.gets() is NEED_MORE
    parser.feed(b"*2\r\n$3\r\nfoo\r\n:4")
    assert parser.gets() is NEED_MORE
    assert parser.gets() is NEED_MORE
    parser.feed(b"2\r\n+OK\r\n")
    assert parser.gets() == [b"foo", 42]
    assert parser.gets() == b"OK"
    assert parser.gets() is NEED_MORE


def test_many_replies_and_large_bulks_in_one_buffer() -> None:
    big = b"x" * 100_000
    wire = (b"$100000\r\n" + big + b"\r\n:1\r\n") * 5
    replies = parse_all(wire[:150_000], wire[150_000:])
    assert replies == [big, 1] * 5


@pytest.mark.parametrize(
    "wire",
    [
        b"?x\r\n",  # unknown type byte
        b":12a\r\n",  # not an integer
        b"$3\r\nabcd\r\n",  # bulk longer than its length
        b"#x\r\n",  # not a boolean
        b",1.2.3\r\n",  # not a double
        b"=2\r\nhi\r\n",  # verbatim without a format
        b"%-1\r\n",  # only * and $ have a null form
        b"!-1\r\n",
        b"\r\n",  # empty line
    ],
)
def test_malformed_streams_raise(wire: bytes) -> None:
    parser = ReplyParser()
    parser.feed(wire)
    with pytest.raises(InvalidReply):
        parser.gets()


# --- round trip: encode (ours) -> parse (ours) ----------------------------------------------
line_bytes = st.binary(max_size=20).map(lambda b: b.replace(b"\r", b"").replace(b"\n", b""))
int64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
scalars = st.one_of(
    st.binary(max_size=40),
    line_bytes.map(SimpleString),
    int64,
    st.booleans(),
    st.floats(allow_nan=False),
    st.none(),
    st.integers().map(BigNumber),
    st.binary(max_size=20).map(Verbatim),
    line_bytes.map(CommandError),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.lists(children, max_size=5).map(RespSet),
        st.lists(children, max_size=5).map(Push),
        st.dictionaries(st.binary(max_size=8), children, max_size=4),
    ),
    max_leaves=25,
)


def split_points(data: bytes) -> st.SearchStrategy[list[int]]:
    return st.lists(st.integers(0, len(data)), max_size=4).map(sorted)


@given(values, st.data())
def test_round_trip_resp3(value: Any, data: st.DataObject) -> None:
    wire = encode(value, 3)
    cuts = data.draw(split_points(wire))
    chunks = [wire[a:b] for a, b in zip([0, *cuts], [*cuts, len(wire)], strict=True)]
    assert [norm(r) for r in parse_all(*chunks)] == [norm(value)]


def downgrade(value: Any) -> Any:
    """What a RESP2 client sees: Redis's downgrade table, written independently of the encoder."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        return b"%.17g" % value
    if isinstance(value, BigNumber | Verbatim):
        return bytes(value) if isinstance(value, Verbatim) else str(value).encode()
    if isinstance(value, dict):
        return [downgrade(x) for pair in value.items() for x in pair]
    if isinstance(value, list):
        return [downgrade(x) for x in value]
    if value is NULL_ARRAY:
        return None
    return value


@given(values)
def test_round_trip_resp2_sees_the_downgrade(value: Any) -> None:
    assert [norm(r) for r in parse_all(encode(value, 2))] == [norm(downgrade(value))]
