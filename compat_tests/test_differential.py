"""Differential testing: random command sequences, the same bytes to a server and to Redis.

A hypothesis ``RuleBasedStateMachine`` draws commands over a small pool of keys (the empty key
and binary keys included, shared by every type, so WRONGTYPE comes up constantly), binary and
numeric-looking values, bad arguments (wrong counts, non-numbers, unknown options), and expiries
whose deadlines are far in the past or far in the future, so no step depends on how long the
previous one took. Each command goes over a raw socket to the server under test (miniredis, or
a URL target) and to a real ``redis-server`` (the oracle), and the two replies must be the same
bytes. A failure shrinks to a minimal sequence of commands, printed as the steps to replay.

Only documented nondeterminism is normalised before comparing (see :func:`normalise`):

- element order of sets and of hashes, and of ``KEYS`` (Redis's dict order is unspecified);
- ``RANDOMKEY``: only whether a key came back;
- ``TTL``/``PTTL``/``EXPIRETIME``/``PEXPIRETIME``: relative expiries are computed from each
  server's own clock, so positive values may differ by ``CLOCK_SLACK_MS``;
- ``HELLO``: the reply carries the connection id and server version; only its type is compared.

Hash, set and sorted-set commands are drawn only if the server under test lists them in
``COMMAND INFO`` (detected when the test starts), so this test grows with miniredis.

Budget: the ``compat-ci`` hypothesis profile (registered in ``conftest.py``, derandomized, a few
seconds); ``--hypothesis-profile thorough`` for long runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test

from compat_tests.conftest import (
    TARGETS,
    Target,
    harness_traffic,
    parse_target_url,
    selected_targets,
    url_target_kind,
)
from compat_tests.rawclient import RawClient, reply_end

if TYPE_CHECKING:
    from compat_tests.conftest import ServerRegistry

CLOCK_SLACK_MS = 5000
DEFAULT_PROFILE = "compat-ci"

# -- what to send ------------------------------------------------------------------------------
KEYS = st.sampled_from([b"k", b"", b"\x00\xff", b"a b", b"list"])
VALUES = st.one_of(
    st.sampled_from(
        [b"", b"0", b"1", b"-1", b"10", b"3.5", b"abc", b"\x00\xff\r\n", b"1e3", b" 1",
         b"9223372036854775807", b"-9223372036854775808", b"inf"]
    ),
    st.binary(max_size=6),
)  # fmt: skip
INTS = st.one_of(
    st.integers(-4, 4).map(lambda n: b"%d" % n),
    st.sampled_from([b"x", b"", b"1.5", b"9223372036854775807", b"-9223372036854775808",
                     b"9223372036854775808", b"+1", b"01"]),
)  # fmt: skip
FLOATS = st.sampled_from([b"0", b"1.5", b"-2", b"1e2", b"abc", b"inf", b"-inf", b"0.1", b""])
# Expiry arguments: never near "now", so a step's duration cannot change a reply.
REL_SECONDS = st.sampled_from([b"-1", b"0", b"10000000", b"100000000000", b"x",
                               b"9223372036854775807"])  # fmt: skip
REL_MS = st.sampled_from([b"-100", b"0", b"10000000000", b"100000000000000", b"1.5",
                          b"9223372036854775807"])  # fmt: skip
ABS_SECONDS = st.sampled_from([b"1", b"1000", b"4102444800", b"253402300799", b"-5"])
ABS_MS = st.sampled_from([b"1", b"1000", b"4102444800000", b"253402300799000", b"-5"])
EXPIRE_OPTS = st.lists(st.sampled_from([b"NX", b"XX", b"GT", b"LT", b"nx", b"foo"]), max_size=2)
SET_OPTS = st.lists(
    st.one_of(
        st.sampled_from([[b"NX"], [b"XX"], [b"GET"], [b"KEEPTTL"], [b"get"], [b"EX"]]),
        st.tuples(st.sampled_from([b"EX", b"PX"]), REL_MS).map(list),
        st.tuples(st.sampled_from([b"EXAT", b"PXAT"]), ABS_MS).map(list),
    ),
    max_size=2,
).map(lambda opts: [word for opt in opts for word in opt])
SIDE = st.sampled_from([b"LEFT", b"RIGHT", b"left", b"UP"])
RANGE = st.tuples(INTS, INTS)


@dataclass(frozen=True)
class Cmd:
    """A command name and the strategy that draws whole requests for it."""

    name: bytes
    requests: st.SearchStrategy[tuple[bytes, ...]]


def cmd(name: bytes, *parts: st.SearchStrategy[bytes] | st.SearchStrategy[list[bytes]]) -> Cmd:
    """Requests for ``name``: the name, then one argument (or list of arguments) per part."""

    def flatten(values: tuple[bytes | list[bytes], ...]) -> tuple[bytes, ...]:
        out: list[bytes] = [name]
        for value in values:
            out.extend(value if isinstance(value, list) else [value])
        return tuple(out)

    # hypothesis prints a mapped value as the call that made it: ``SET(b'k', b'v', [])``
    flatten.__name__ = flatten.__qualname__ = name.decode()
    return Cmd(name, st.tuples(*parts).map(flatten))


def some(strategy: st.SearchStrategy[bytes], most: int = 3) -> st.SearchStrategy[list[bytes]]:
    return st.lists(strategy, min_size=0, max_size=most)


def several(strategy: st.SearchStrategy[bytes], most: int = 3) -> st.SearchStrategy[list[bytes]]:
    return st.lists(strategy, min_size=1, max_size=most)


def pairs(a: st.SearchStrategy[bytes], b: st.SearchStrategy[bytes]) -> st.SearchStrategy:
    return st.lists(st.tuples(a, b), min_size=0, max_size=3).map(
        lambda items: [word for item in items for word in item]
    )


GROUPS: dict[str, list[Cmd]] = {
    "strings": [
        cmd(b"SET", KEYS, VALUES, SET_OPTS),
        cmd(b"GET", KEYS),
        cmd(b"GETDEL", KEYS),
        cmd(b"GETSET", KEYS, VALUES),
        cmd(b"GETEX", KEYS, st.sampled_from([[], [b"PERSIST"], [b"PXAT", b"4102444800000"],
                                             [b"EX", b"0"], [b"EXAT", b"1"]])),
        cmd(b"SETNX", KEYS, VALUES),
        cmd(b"SETEX", KEYS, REL_SECONDS, VALUES),
        cmd(b"PSETEX", KEYS, REL_MS, VALUES),
        cmd(b"APPEND", KEYS, VALUES),
        cmd(b"STRLEN", KEYS),
        cmd(b"INCR", KEYS),
        cmd(b"DECR", KEYS),
        cmd(b"INCRBY", KEYS, INTS),
        cmd(b"DECRBY", KEYS, INTS),
        cmd(b"INCRBYFLOAT", KEYS, FLOATS),
        cmd(b"SETRANGE", KEYS, st.sampled_from([b"0", b"3", b"-1", b"x"]), VALUES),
        cmd(b"GETRANGE", KEYS, INTS, INTS),
        cmd(b"MGET", several(KEYS)),
        cmd(b"MSET", pairs(KEYS, VALUES)),
        cmd(b"MSETNX", pairs(KEYS, VALUES)),
        cmd(b"LCS", KEYS, KEYS, st.sampled_from([[], [b"LEN"], [b"IDX"], [b"IDX", b"LEN"]])),
    ],
    "keys": [
        cmd(b"DEL", several(KEYS)),
        cmd(b"UNLINK", several(KEYS)),
        cmd(b"EXISTS", several(KEYS)),
        cmd(b"TOUCH", several(KEYS)),
        cmd(b"TYPE", KEYS),
        cmd(b"RENAME", KEYS, KEYS),
        cmd(b"RENAMENX", KEYS, KEYS),
        cmd(b"COPY", KEYS, KEYS, st.sampled_from([[], [b"REPLACE"], [b"DB"], [b"DB", b"0"]])),
        cmd(b"EXPIRE", KEYS, REL_SECONDS, EXPIRE_OPTS),
        cmd(b"PEXPIRE", KEYS, REL_MS, EXPIRE_OPTS),
        cmd(b"EXPIREAT", KEYS, ABS_SECONDS, EXPIRE_OPTS),
        cmd(b"PEXPIREAT", KEYS, ABS_MS, EXPIRE_OPTS),
        cmd(b"TTL", KEYS),
        cmd(b"PTTL", KEYS),
        cmd(b"EXPIRETIME", KEYS),
        cmd(b"PEXPIRETIME", KEYS),
        cmd(b"PERSIST", KEYS),
        cmd(b"KEYS", st.sampled_from([b"*", b"?", b"[a-z]*", b"\x00*", b"a\\ b", b""])),
        cmd(b"DBSIZE"),
        cmd(b"RANDOMKEY"),
    ],
    "lists": [
        cmd(b"LPUSH", KEYS, several(VALUES)),
        cmd(b"RPUSH", KEYS, several(VALUES)),
        cmd(b"LPUSHX", KEYS, several(VALUES)),
        cmd(b"RPUSHX", KEYS, several(VALUES)),
        cmd(b"LPOP", KEYS, some(INTS, 1)),
        cmd(b"RPOP", KEYS, some(INTS, 1)),
        cmd(b"LLEN", KEYS),
        cmd(b"LRANGE", KEYS, INTS, INTS),
        cmd(b"LINDEX", KEYS, INTS),
        cmd(b"LSET", KEYS, INTS, VALUES),
        cmd(b"LINSERT", KEYS, st.sampled_from([b"BEFORE", b"AFTER", b"x"]), VALUES, VALUES),
        cmd(b"LREM", KEYS, INTS, VALUES),
        cmd(b"LTRIM", KEYS, INTS, INTS),
        cmd(b"LPOS", KEYS, VALUES, st.sampled_from([[], [b"RANK", b"-1"], [b"COUNT", b"0"],
                                                    [b"MAXLEN", b"2"], [b"RANK", b"0"]])),
        cmd(b"LMOVE", KEYS, KEYS, SIDE, SIDE),
        cmd(b"RPOPLPUSH", KEYS, KEYS),
        cmd(b"LMPOP", st.sampled_from([b"1", b"2", b"0"]), several(KEYS, 2), SIDE, some(
            st.sampled_from([b"COUNT", b"2", b"0"]), 2)),
    ],
    "hashes": [
        cmd(b"HSET", KEYS, pairs(KEYS, VALUES)),
        cmd(b"HGET", KEYS, KEYS),
        cmd(b"HDEL", KEYS, several(KEYS)),
        cmd(b"HLEN", KEYS),
        cmd(b"HEXISTS", KEYS, KEYS),
        cmd(b"HGETALL", KEYS),
        cmd(b"HKEYS", KEYS),
        cmd(b"HVALS", KEYS),
        cmd(b"HMGET", KEYS, several(KEYS)),
        cmd(b"HINCRBY", KEYS, KEYS, INTS),
        cmd(b"HSETNX", KEYS, KEYS, VALUES),
        cmd(b"HSTRLEN", KEYS, KEYS),
    ],
    "sets": [
        cmd(b"SADD", KEYS, several(VALUES)),
        cmd(b"SREM", KEYS, several(VALUES)),
        cmd(b"SCARD", KEYS),
        cmd(b"SISMEMBER", KEYS, VALUES),
        cmd(b"SMISMEMBER", KEYS, several(VALUES)),
        cmd(b"SMEMBERS", KEYS),
        cmd(b"SINTER", several(KEYS)),
        cmd(b"SUNION", several(KEYS)),
        cmd(b"SDIFF", several(KEYS)),
        cmd(b"SMOVE", KEYS, KEYS, VALUES),
    ],
    "zsets": [
        cmd(b"ZADD", KEYS, some(st.sampled_from([b"NX", b"XX", b"GT", b"CH", b"INCR"]), 1),
            pairs(FLOATS, VALUES)),
        cmd(b"ZSCORE", KEYS, VALUES),
        cmd(b"ZCARD", KEYS),
        cmd(b"ZREM", KEYS, several(VALUES)),
        cmd(b"ZRANGE", KEYS, INTS, INTS, some(st.just(b"WITHSCORES"), 1)),
        cmd(b"ZRANK", KEYS, VALUES),
        cmd(b"ZINCRBY", KEYS, FLOATS, VALUES),
    ],
}  # fmt: skip
# The command that proves a group is there.
GROUP_PROBES = {"hashes": "hset", "sets": "sadd", "zsets": "zadd"}
ALWAYS = ("strings", "keys", "lists")
# Any name from the groups, with random arguments: arity and syntax errors of every kind.
JUNK_ARGS = st.lists(st.one_of(KEYS, VALUES, INTS), max_size=4)

# -- comparing -----------------------------------------------------------------------------
SORTED_ELEMENTS = {b"KEYS", b"SMEMBERS", b"HKEYS", b"HVALS", b"SINTER", b"SUNION", b"SDIFF"}
SORTED_PAIRS = {b"HGETALL"}
TIMES = {b"TTL", b"PTTL", b"EXPIRETIME", b"PEXPIRETIME"}


def elements(reply: bytes) -> tuple[bytes, list[bytes]]:
    """Split an aggregate reply into its header line and the raw bytes of each element."""
    header_end = reply.index(b"\r\n") + 2
    parts, pos = [], header_end
    while pos < len(reply):
        end = reply_end(reply, pos)
        assert end is not None, f"truncated reply {reply!r}"
        parts.append(reply[pos:end])
        pos = end
    return reply[:header_end], parts


def normalise(request: tuple[bytes, ...], reply: bytes) -> bytes:
    """Remove the documented nondeterminism from ``reply`` (see the module docstring)."""
    name = request[0].upper()
    kind = reply[:1]
    if name == b"RANDOMKEY":
        return reply if kind in (b"-", b"_") or reply == b"$-1\r\n" else b"<a key>"
    if name in TIMES and kind == b":" and int(reply[1:-2]) > 0:
        return b":<positive, rounded>%d" % (int(reply[1:-2]) // CLOCK_SLACK_MS)
    if kind in (b"*", b"~", b"%") and reply not in (b"*-1\r\n",):
        header, parts = elements(reply)
        if name in SORTED_ELEMENTS:
            return header + b"".join(sorted(parts))
        if name in SORTED_PAIRS:
            pairs_ = sorted(zip(parts[::2], parts[1::2], strict=True))
            return header + b"".join(a + b for a, b in pairs_)
    return reply


def times_close(request: tuple[bytes, ...], ours: bytes, theirs: bytes) -> bool:
    """For TTL-like replies: both positive and within CLOCK_SLACK_MS (in the reply's unit)."""
    if request[0].upper() not in TIMES or ours[:1] != b":" or theirs[:1] != b":":
        return False
    a, b = int(ours[1:-2]), int(theirs[1:-2])
    slack = CLOCK_SLACK_MS if request[0].upper() in (b"PTTL", b"PEXPIRETIME") else 5
    return a > 0 and b > 0 and abs(a - b) <= slack


def any_arguments(drawn: tuple[bytes, list[bytes]]) -> tuple[bytes, ...]:
    """A command name followed by arguments of any kind: arity and syntax errors."""
    return (drawn[0], *drawn[1])


# -- the machine ----------------------------------------------------------------------------
Connect = Callable[[], RawClient]


def build_machine(subject: Connect, oracle: Connect, groups: list[str]) -> type:
    """A state machine class over ``groups``, talking to fresh connections per example."""
    requests = st.one_of(*[c.requests for group in groups for c in GROUPS[group]])
    names = sorted({c.name for group in groups for c in GROUPS[group]})
    junk = st.tuples(st.sampled_from(names), JUNK_ARGS).map(any_arguments)

    class Differential(RuleBasedStateMachine):
        """The same command to both servers, then the replies must be equal bytes."""

        def __init__(self) -> None:
            super().__init__()
            self.ours = subject()
            self.theirs = oracle()
            with harness_traffic():
                for conn in (self.ours, self.theirs):
                    assert conn.call("FLUSHDB") == b"+OK\r\n"

        def compare(self, request: tuple[bytes, ...]) -> None:
            ours = self.ours.call(*request)
            theirs = self.theirs.call(*request)
            if ours == theirs or times_close(request, ours, theirs):
                return
            assert normalise(request, ours) == normalise(request, theirs), (
                f"{request!r}: the server sent {ours!r}, Redis sent {theirs!r}"
            )

        @rule(request=requests)
        def command(self, request: tuple[bytes, ...]) -> None:
            self.compare(request)

        @rule(request=junk)
        def bad_arguments(self, request: tuple[bytes, ...]) -> None:
            self.compare(request)

        @rule(version=st.sampled_from([b"2", b"3"]))
        def hello(self, version: bytes) -> None:
            ours = self.ours.call(b"HELLO", version)
            theirs = self.theirs.call(b"HELLO", version)
            assert ours[:1] == theirs[:1], f"HELLO {version!r}: {ours[:40]!r} vs {theirs[:40]!r}"

        def teardown(self) -> None:
            self.ours.close()
            self.theirs.close()

    return Differential


# -- the test -------------------------------------------------------------------------------
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One run per server under test: every selected target except the ``redis`` oracle."""
    if "subject" not in metafunc.fixturenames:
        return
    subjects = [name for name in selected_targets(metafunc.config) if name != "redis"]
    ids = [(url.test_id if (url := parse_target_url(n)) else n) for n in subjects]
    if not subjects:
        metafunc.parametrize(
            "subject",
            [pytest.param("", marks=pytest.mark.skip(reason="only redis selected: no subject"))],
        )
        return
    metafunc.parametrize("subject", subjects, ids=ids)


def subject_target(name: str, compat_servers: ServerRegistry) -> Target:
    url = parse_target_url(name)
    if url is None:
        return Target(name, "127.0.0.1", compat_servers.get(name).port)
    made = Target(
        "redis", url.host, url.port, password=url.password, username=url.username, db=url.db,
        from_url=True,
    )  # fmt: skip
    made.name = url_target_kind(made)
    return made


def groups_of(target: Target) -> list[str]:
    """The always-present groups, plus each optional group the server lists in COMMAND INFO."""
    with target.raw() as conn, harness_traffic():
        probes = [GROUP_PROBES[g] for g in GROUP_PROBES]
        _, parts = elements(conn.call("COMMAND", "INFO", *probes))
    present = [group for group, part in zip(GROUP_PROBES, parts, strict=True)
               if part not in (b"$-1\r\n", b"*-1\r\n", b"_\r\n")]  # fmt: skip
    return [*ALWAYS, *present]


def test_random_command_sequences_match_redis(
    subject: str, compat_servers: ServerRegistry, request: pytest.FixtureRequest
) -> None:
    """Random sequences over strings, keys, lists (and hashes/sets/zsets when the server has
    them): every reply byte-equal to Redis's, modulo the normalisations documented above."""
    assert "redis" in TARGETS
    oracle_port = compat_servers.get("redis").port  # skips (or fails in CI) without redis
    ours = subject_target(subject, compat_servers)
    groups = groups_of(ours)

    def oracle() -> RawClient:
        conn = RawClient("127.0.0.1", oracle_port)
        if ours.db:  # the same database number as the server under test (COPY ... DB n)
            with harness_traffic():
                assert conn.call("SELECT", str(ours.db)) == b"+OK\r\n"
        return conn

    machine = build_machine(ours.raw, oracle, groups)
    profile = settings.get_current_profile_name()
    chosen = settings.get_profile(DEFAULT_PROFILE if profile == "default" else profile)
    run_state_machine_as_test(machine, settings=chosen)
