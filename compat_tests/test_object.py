"""OBJECT ENCODING / REFCOUNT / IDLETIME / FREQ / HELP against miniredis and redis-server 7.0.15."""

from __future__ import annotations

import time

import pytest

from compat_tests.conftest import Target
from compat_tests.rawclient import RawClient

NULL = b"$-1\r\n"
SHARED = b":2147483647\r\n"
NO_LFU = (
    b"-ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note "
    b"that when switching between policies at runtime LRU and LFU data will take some time to "
    b"adjust.\r\n"
)
LFU_NO_IDLETIME = (
    b"-ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when "
    b"switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n"
)


def bulk(value: bytes) -> bytes:
    return b"$%d\r\n%s\r\n" % (len(value), value)


@pytest.mark.parametrize(
    ("value", "encoding"),
    [
        (b"12345", b"int"),
        (b"-5", b"int"),
        (b"0", b"int"),
        (b"9223372036854775807", b"int"),
        (b"-9223372036854775808", b"int"),
        (b"9223372036854775808", b"embstr"),
        (b"0123", b"embstr"),
        (b"+1", b"embstr"),
        (b"-0", b"embstr"),
        (b" 1", b"embstr"),
        (b"1.5", b"embstr"),
        (b"", b"embstr"),
        (b"a" * 44, b"embstr"),
        (b"a" * 45, b"raw"),
    ],
)
def test_string_encodings(raw: RawClient, value: bytes, encoding: bytes) -> None:
    raw.call("SET", "k", value)
    assert raw.call("OBJECT", "ENCODING", "k") == bulk(encoding)


def test_encodings_made_by_commands(raw: RawClient) -> None:
    raw.call("SET", "n", "5")
    raw.call("INCR", "n")
    assert raw.call("OBJECT", "ENCODING", "n") == bulk(b"int")
    raw.call("INCRBYFLOAT", "f", "1.5")
    assert raw.call("OBJECT", "ENCODING", "f") == bulk(b"embstr")
    raw.call("APPEND", "new", "abc")  # APPEND creating the key stores its argument
    assert raw.call("OBJECT", "ENCODING", "new") == bulk(b"embstr")
    raw.call("MSET", "m1", "77", "m2", "x")
    assert raw.call("OBJECT", "ENCODING", "m1") == bulk(b"int")
    raw.call("RPUSH", "l", "a")
    assert raw.call("OBJECT", "ENCODING", "l") == bulk(b"quicklist")  # always, in 7.0
    raw.call("RPUSH", "l", *["x" * 100] * 200)
    assert raw.call("OBJECT", "ENCODING", "l") == bulk(b"quicklist")


def test_refcount_shares_small_integers(raw: RawClient) -> None:
    for value, reply in (
        ("0", SHARED),
        ("9999", SHARED),
        ("10000", b":1\r\n"),
        ("-1", b":1\r\n"),
        ("007", b":1\r\n"),
        ("abc", b":1\r\n"),
    ):
        raw.call("SET", "k", value)
        assert raw.call("OBJECT", "REFCOUNT", "k") == reply, value
    raw.call("SET", "c", "5")
    raw.call("INCR", "c")
    assert raw.call("OBJECT", "REFCOUNT", "c") == SHARED
    raw.call("RPUSH", "l", "1")
    assert raw.call("OBJECT", "REFCOUNT", "l") == b":1\r\n"


def test_missing_keys_and_errors(raw: RawClient) -> None:
    for sub in ("ENCODING", "REFCOUNT", "IDLETIME", "FREQ"):
        assert raw.call("OBJECT", sub, "missing") == NULL
    raw.call("SET", "k", "v")
    assert raw.call("OBJECT", "IDLETIME", "k") == b":0\r\n"
    assert raw.call("OBJECT", "FREQ", "k") == NO_LFU
    assert raw.call("OBJECT", "ENCODING") == (
        b"-ERR wrong number of arguments for 'object|encoding' command\r\n"
    )
    assert raw.call("OBJECT", "ENCODING", "a", "b") == (
        b"-ERR wrong number of arguments for 'object|encoding' command\r\n"
    )
    assert raw.call("OBJECT") == b"-ERR wrong number of arguments for 'object' command\r\n"
    assert raw.call("OBJECT", "foo") == b"-ERR unknown subcommand 'foo'. Try OBJECT HELP.\r\n"


@pytest.mark.needs_own_server("changes maxmemory-policy")
def test_lfu_policy(target: Target) -> None:
    server = target.start_server(maxmemory_policy="allkeys-lfu")
    raw = server.raw()
    raw.call("SET", "k", "v")
    assert raw.call("OBJECT", "FREQ", "k") == b":5\r\n"  # LFU_INIT_VAL for a new key
    assert raw.call("OBJECT", "IDLETIME", "k") == LFU_NO_IDLETIME
    raw.call("SET", "n", "5")
    assert raw.call("OBJECT", "REFCOUNT", "n") == SHARED  # no maxmemory: still shared
    raw.call("CONFIG", "SET", "maxmemory", "100mb")
    raw.call("SET", "n", "5")
    assert raw.call("OBJECT", "REFCOUNT", "n") == b":1\r\n"
    raw.close()


def test_help(raw: RawClient) -> None:
    reply = raw.call("OBJECT", "HELP")
    assert reply.startswith(b"*15\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands")
    assert b"+FREQ <key>\r\n" in reply
    assert reply.endswith(b"+HELP\r\n+    Prints this help.\r\n")


def test_idletime_grows_until_the_key_is_read(raw: RawClient) -> None:
    """OBJECT IDLETIME counts whole seconds since the last access; OBJECT itself doesn't touch.

    Redis's LRU clock ticks in whole seconds, so after a 2.2 s wait it reads 1, 2 or 3.
    """
    assert raw.call("SET", "idle", "v") == b"+OK\r\n"
    assert raw.call("OBJECT", "IDLETIME", "idle") == b":0\r\n"
    time.sleep(2.2)
    assert raw.call("OBJECT", "IDLETIME", "idle") in (b":1\r\n", b":2\r\n", b":3\r\n")
    assert raw.call("GET", "idle") == b"$1\r\nv\r\n"
    assert raw.call("OBJECT", "IDLETIME", "idle") == b":0\r\n"
