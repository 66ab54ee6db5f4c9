"""Blocking pops, byte for byte, against miniredis and real redis-server 7.0.15.

A blocked client is driven with raw connections: one sends ``BLPOP q 0`` and reads nothing
yet, a second one waits until ``INFO clients`` shows it blocked, then pushes, and the first
reads its reply. Timeouts use 0.01 s so the suite stays fast; expected bytes are literal.
"""

from __future__ import annotations

import time

import pytest

from compat_tests.conftest import Target
from compat_tests.rawclient import RawClient

NULL = b"$-1\r\n"
NULL_ARRAY = b"*-1\r\n"
RESP3_NULL = b"_\r\n"
OK = b"+OK\r\n"
QUEUED = b"+QUEUED\r\n"
WRONGTYPE = b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
SYNTAX = b"-ERR syntax error\r\n"
NOT_FLOAT = b"-ERR timeout is not a float or out of range\r\n"
NEGATIVE = b"-ERR timeout is negative\r\n"
NUMKEYS = b"-ERR numkeys should be greater than 0\r\n"
UNBLOCKED = b"-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n"


def bulk(value: bytes) -> bytes:
    return b"$%d\r\n%s\r\n" % (len(value), value)


def array(*items: bytes) -> bytes:
    """An array of bulk strings."""
    return b"*%d\r\n" % len(items) + b"".join(bulk(i) for i in items)


def resp3(raw: RawClient) -> RawClient:
    assert raw.call("HELLO", "3").startswith(b"%7\r\n")
    return raw


def blocked_count(ctl: RawClient) -> int:
    info = ctl.call("INFO", "clients")
    line = next(x for x in info.split(b"\r\n") if x.startswith(b"blocked_clients:"))
    return int(line.split(b":")[1])


def wait_blocked(ctl: RawClient, count: int) -> None:
    """Poll INFO until ``count`` clients are blocked (the only way to know a BLPOP arrived)."""
    deadline = time.monotonic() + 5
    while blocked_count(ctl) != count:
        assert time.monotonic() < deadline, f"never saw {count} blocked clients"
        time.sleep(0.002)


def client_id(conn: RawClient) -> bytes:
    return conn.call("CLIENT", "ID")[1:-2]


# --- answering at once -----------------------------------------------------------------------
def test_data_available_answers_like_the_twin(raw: RawClient) -> None:
    raw.call("RPUSH", "l", "a", "b", "c")
    assert raw.call("BLPOP", "missing", "l", "0") == array(b"l", b"a")
    assert raw.call("BRPOP", "l", "missing", "0") == array(b"l", b"c")
    assert raw.call("RPUSH", "l", "x", "y") == b":3\r\n"
    assert raw.call("BLMOVE", "l", "d", "LEFT", "RIGHT", "0") == bulk(b"b")
    assert raw.call("BRPOPLPUSH", "l", "d", "0") == bulk(b"y")
    assert raw.call("LRANGE", "d", "0", "-1") == array(b"y", b"b")
    assert raw.call("BLMPOP", "0", "2", "none", "d", "RIGHT", "COUNT", "5") == (
        b"*2\r\n$1\r\nd\r\n" + array(b"b", b"y")
    )
    assert raw.call("EXISTS", "d") == b":0\r\n"  # emptied lists go away
    assert raw.call("BLMOVE", "l", "l", "LEFT", "RIGHT", "0") == bulk(b"x")  # rotate


def test_zset_variants_answer_at_once(raw: RawClient) -> None:
    raw.call("ZADD", "z", "1.5", "a", "2", "b", "3", "c")
    assert raw.call("BZPOPMIN", "missing", "z", "0") == array(b"z", b"a", b"1.5")
    assert raw.call("BZPOPMAX", "z", "0") == array(b"z", b"c", b"3")
    assert raw.call("BZMPOP", "0", "1", "z", "MAX", "COUNT", "5") == (
        b"*2\r\n$1\r\nz\r\n*1\r\n" + array(b"b", b"2")
    )
    raw.call("ZADD", "z", "1.5", "a")
    resp3(raw)
    assert raw.call("BZPOPMIN", "z", "0") == b"*3\r\n$1\r\nz\r\n$1\r\na\r\n,1.5\r\n"


# --- errors ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("timeout", "reply"),
    [
        ("abc", NOT_FLOAT),
        ("", NOT_FLOAT),
        (" 1", NOT_FLOAT),
        ("nan", NOT_FLOAT),
        ("-1", NEGATIVE),
        ("inf", NEGATIVE),
        ("-inf", NEGATIVE),
        ("1e16", NEGATIVE),  # 1e19 ms overflows int64
        ("9223372036854775807", NEGATIVE),
    ],
)
def test_timeout_errors(raw: RawClient, timeout: str, reply: bytes) -> None:
    for command in (
        ("BLPOP", "k", timeout),
        ("BRPOP", "k", timeout),
        ("BLMOVE", "k", "d", "LEFT", "LEFT", timeout),
        ("BRPOPLPUSH", "k", "d", timeout),
        ("BLMPOP", timeout, "1", "k", "LEFT"),
        ("BZPOPMIN", "k", timeout),
        ("BZPOPMAX", "k", timeout),
        ("BZMPOP", timeout, "1", "k", "MIN"),
    ):
        assert raw.call(*command) == reply, command


def test_tiny_and_hex_timeouts_are_accepted(raw: RawClient) -> None:
    raw.call("RPUSH", "l", "a", "b", "c")
    # -0.0001 s truncates to 0 ms (wait forever), 0x10 is sixteen seconds: both parse.
    assert raw.call("BLPOP", "l", "-0.0001") == array(b"l", b"a")
    assert raw.call("BLPOP", "l", "0x10") == array(b"l", b"b")
    assert raw.call("BLPOP", "l", "1e15") == array(b"l", b"c")


def test_order_of_checks(raw: RawClient) -> None:
    raw.call("SET", "s", "x")
    raw.call("RPUSH", "l", "a")
    assert raw.call("BLPOP", "s", "abc") == NOT_FLOAT  # the timeout before the keys
    assert raw.call("BLPOP", "missing", "s", "0") == WRONGTYPE
    assert raw.call("BLPOP", "l", "s", "0") == array(b"l", b"a")  # s never looked at
    raw.call("RPUSH", "l", "a")
    assert raw.call("BLMOVE", "s", "d", "UP", "LEFT", "abc") == SYNTAX  # words first
    assert raw.call("BLMOVE", "l", "l", "LEFT", "RIGHT", "-1") == NEGATIVE  # then the timeout
    assert raw.call("BLMOVE", "l", "s", "LEFT", "RIGHT", "0") == WRONGTYPE  # then the keys
    assert raw.call("BRPOPLPUSH", "l", "s", "0") == WRONGTYPE
    assert raw.call("LRANGE", "l", "0", "-1") == array(b"a")  # nothing was popped
    assert raw.call("BLMPOP", "-1", "0", "l", "LEFT") == NUMKEYS  # numkeys before the timeout
    assert raw.call("BLMPOP", "abc", "1", "l", "MIDDLE") == SYNTAX
    assert raw.call("BLMPOP", "-1", "1", "s", "LEFT") == NEGATIVE
    assert raw.call("BLMPOP", "0", "1", "s", "LEFT") == WRONGTYPE
    assert raw.call("BLMPOP", "0", "1", "l", "LEFT", "COUNT", "0") == (
        b"-ERR count should be greater than 0\r\n"
    )
    assert raw.call("BLMPOP", "0", "2", "l") == (
        b"-ERR wrong number of arguments for 'blmpop' command\r\n"
    )
    assert raw.call("BZMPOP", "abc", "0", "l", "MIN") == NUMKEYS
    assert raw.call("BZMPOP", "abc", "1", "l", "LEFT") == SYNTAX
    assert raw.call("BZPOPMIN", "s", "0") == WRONGTYPE


# --- timeouts and MULTI ----------------------------------------------------------------------
def test_timeout_replies_a_null_array_even_for_blmove(raw: RawClient) -> None:
    assert raw.call("BLPOP", "k", "k2", "0.01") == NULL_ARRAY
    assert raw.call("BRPOP", "k", "0.01") == NULL_ARRAY
    assert raw.call("BLMOVE", "k", "d", "LEFT", "LEFT", "0.01") == NULL_ARRAY
    assert raw.call("BRPOPLPUSH", "k", "d", "0.01") == NULL_ARRAY
    assert raw.call("BLMPOP", "0.01", "1", "k", "LEFT") == NULL_ARRAY
    assert raw.call("BZPOPMIN", "k", "0.01") == NULL_ARRAY
    assert raw.call("BZMPOP", "0.01", "1", "k", "MIN") == NULL_ARRAY
    resp3(raw)
    assert raw.call("BLPOP", "k", "0.01") == RESP3_NULL
    assert raw.call("BLMOVE", "k", "d", "LEFT", "LEFT", "0.01") == RESP3_NULL
    assert raw.call("EXISTS", "d") == b":0\r\n"


def test_inside_multi_nothing_blocks(raw: RawClient) -> None:
    assert raw.call("MULTI") == OK
    for command in (
        ("BLPOP", "k", "0"),
        ("BRPOP", "k", "0"),
        ("BLMOVE", "k", "d", "LEFT", "LEFT", "0"),
        ("BRPOPLPUSH", "k", "d", "0"),
        ("BLMPOP", "0", "1", "k", "LEFT"),
        ("BZPOPMAX", "k", "0"),
        ("BZMPOP", "0", "1", "k", "MIN"),
    ):
        assert raw.call(*command) == QUEUED
    assert raw.call("EXEC") == b"*7\r\n*-1\r\n*-1\r\n$-1\r\n$-1\r\n*-1\r\n*-1\r\n*-1\r\n"
    resp3(raw)
    raw.call("MULTI")
    raw.call("BLPOP", "k", "0")
    raw.call("BLMOVE", "k", "d", "LEFT", "LEFT", "0")
    assert raw.call("EXEC") == b"*2\r\n_\r\n_\r\n"


# --- blocking and being served ---------------------------------------------------------------
def test_push_serves_a_blocked_client(target: Target, raw: RawClient) -> None:
    waiter = target.raw()
    waiter.send_command("BLPOP", "q", "0")
    wait_blocked(raw, 1)
    assert raw.call("RPUSH", "q", "a", "b") == b":2\r\n"
    assert waiter.read_reply() == array(b"q", b"a")
    assert raw.call("LRANGE", "q", "0", "-1") == array(b"b")
    assert blocked_count(raw) == 0
    waiter.close()


def test_resp3_served_and_zset(target: Target, raw: RawClient) -> None:
    waiter = resp3(target.raw())
    waiter.send_command("BZPOPMAX", "z", "0")
    wait_blocked(raw, 1)
    raw.call("ZADD", "z", "1", "a", "2.5", "b")
    assert waiter.read_reply() == b"*3\r\n$1\r\nz\r\n$1\r\nb\r\n,2.5\r\n"
    waiter.send_command("BZMPOP", "0", "1", "z2", "MIN", "COUNT", "2")
    wait_blocked(raw, 1)
    raw.call("ZADD", "z2", "1", "a", "2", "b", "3", "c")
    assert (
        waiter.read_reply()
        == b"*2\r\n$2\r\nz2\r\n*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2\r\n"
    )
    waiter.close()


def test_blmpop_served_with_count(target: Target, raw: RawClient) -> None:
    waiter = target.raw()
    waiter.send_command("BLMPOP", "0", "2", "a", "b", "RIGHT", "COUNT", "2")
    wait_blocked(raw, 1)
    raw.call("RPUSH", "b", "1", "2", "3")
    assert waiter.read_reply() == b"*2\r\n$1\r\nb\r\n" + array(b"3", b"2")
    waiter.close()


def test_replies_before_go_out_and_commands_after_wait(target: Target, raw: RawClient) -> None:
    waiter = target.raw()
    waiter.send(b"PING\r\nBLPOP q 0\r\nPING\r\n")
    assert waiter.read_reply() == b"+PONG\r\n"
    wait_blocked(raw, 1)
    assert waiter.read_available(0.05) == b""  # the PING behind BLPOP has not run
    waiter.send(b"ECHO hi\r\n")  # sent while blocked: queued behind too
    raw.call("LPUSH", "q", "x")
    assert waiter.read_replies(3) == [array(b"q", b"x"), b"+PONG\r\n", bulk(b"hi")]
    waiter.close()


def test_served_after_exec_from_the_first_signalled_key(target: Target, raw: RawClient) -> None:
    waiter = target.raw()
    waiter.send_command("BLPOP", "a", "b", "0")
    wait_blocked(raw, 1)
    raw.call("MULTI")
    raw.call("RPUSH", "b", "x")
    raw.call("RPUSH", "a", "y")
    raw.call("LPOP", "a")
    raw.call("RPUSH", "a", "z")
    assert raw.call("EXEC") == b"*4\r\n:1\r\n:1\r\n$1\r\ny\r\n:1\r\n"
    assert waiter.read_reply() == array(b"b", b"x")
    assert raw.call("LRANGE", "a", "0", "-1") == array(b"z")
    waiter.close()


def test_a_push_popped_in_the_same_transaction_serves_nobody(
    target: Target, raw: RawClient
) -> None:
    waiter = target.raw()
    waiter.send_command("BLPOP", "q", "0")
    wait_blocked(raw, 1)
    raw.call("MULTI")
    raw.call("RPUSH", "q", "x")
    raw.call("LPOP", "q")
    assert raw.call("EXEC") == b"*2\r\n:1\r\n$1\r\nx\r\n"
    assert waiter.read_available(0.05) == b""
    assert blocked_count(raw) == 1
    raw.call("RPUSH", "q", "y")
    assert waiter.read_reply() == array(b"q", b"y")
    waiter.close()


def test_other_types_do_not_wake_list_waiters(target: Target, raw: RawClient) -> None:
    waiter = target.raw()
    waiter.send_command("BLPOP", "k", "0")
    wait_blocked(raw, 1)
    raw.call("SET", "k", "str")
    assert waiter.read_available(0.05) == b""
    raw.call("DEL", "k")
    raw.call("RPUSH", "k", "v")
    assert waiter.read_reply() == array(b"k", b"v")
    waiter.close()


def test_keys_arriving_by_rename_and_copy_serve(target: Target, raw: RawClient) -> None:
    waiter = target.raw()
    waiter.send_command("BRPOP", "dst", "0")
    wait_blocked(raw, 1)
    raw.call("RPUSH", "src", "a", "b")
    assert raw.call("RENAME", "src", "dst") == OK
    assert waiter.read_reply() == array(b"dst", b"b")
    waiter.send_command("BRPOP", "copy", "0")
    wait_blocked(raw, 1)
    assert raw.call("COPY", "dst", "copy") == b":1\r\n"
    assert waiter.read_reply() == array(b"copy", b"a")
    waiter.close()


@pytest.mark.needs_own_server("uses databases 1 and 2 (MOVE, SWAPDB)")
def test_keys_arriving_by_move_and_swapdb_serve(target: Target, raw: RawClient) -> None:
    waiter = target.raw()
    waiter.send_command("BLPOP", "k", "0")
    wait_blocked(raw, 1)
    raw.call("SELECT", "1")
    raw.call("RPUSH", "k", "moved")
    assert raw.call("MOVE", "k", "0") == b":1\r\n"
    assert waiter.read_reply() == array(b"k", b"moved")
    waiter.send_command("BLPOP", "k", "0")
    wait_blocked(raw, 1)
    raw.call("SELECT", "2")
    raw.call("RPUSH", "k", "swapped")
    assert raw.call("SWAPDB", "0", "2") == OK
    assert waiter.read_reply() == array(b"k", b"swapped")
    waiter.close()


def test_blmove_chain_and_wrongtype_destination(target: Target, raw: RawClient) -> None:
    mover, popper = target.raw(), target.raw()
    mover.send_command("BLMOVE", "src", "dst", "LEFT", "RIGHT", "0")
    wait_blocked(raw, 1)
    popper.send_command("BLPOP", "dst", "0")
    wait_blocked(raw, 2)
    raw.call("RPUSH", "src", "job")
    assert mover.read_reply() == bulk(b"job")
    assert popper.read_reply() == array(b"dst", b"job")  # the move filled dst: served too
    mover.send_command("BLMOVE", "src", "dst", "LEFT", "RIGHT", "0")
    wait_blocked(raw, 1)
    raw.call("SET", "dst", "str")
    raw.call("RPUSH", "src", "a")
    assert mover.read_reply() == WRONGTYPE
    assert raw.call("LRANGE", "src", "0", "-1") == array(b"a")
    mover.close()
    popper.close()


def test_first_come_first_served_with_100_waiters(target: Target, raw: RawClient) -> None:
    waiters = []
    for i in range(100):
        conn = target.raw()
        conn.send_command("BLPOP", "q", "0")
        waiters.append(conn)
        wait_blocked(raw, i + 1)
    elements = [b"e%d" % i for i in range(100)]
    assert raw.call("RPUSH", "q", *elements) == b":100\r\n"
    for conn, element in zip(waiters, elements, strict=True):
        assert conn.read_reply() == array(b"q", element)
        conn.close()
    assert raw.call("EXISTS", "q") == b":0\r\n"


# --- leaving while blocked -------------------------------------------------------------------
def test_client_unblock_timeout_and_error(target: Target, raw: RawClient) -> None:
    waiter = target.raw()
    wid = client_id(waiter)
    waiter.send_command("BLPOP", "q", "0")
    wait_blocked(raw, 1)
    flags = raw.call("CLIENT", "LIST", "ID", wid)
    assert b" flags=b " in flags and b" cmd=blpop " in flags
    assert raw.call("CLIENT", "UNBLOCK", wid, "TIMEOUT") == b":1\r\n"
    assert waiter.read_reply() == NULL_ARRAY
    assert raw.call("CLIENT", "UNBLOCK", wid) == b":0\r\n"  # no longer blocked
    waiter.send_command("BLMOVE", "q", "d", "LEFT", "LEFT", "0")
    wait_blocked(raw, 1)
    assert raw.call("CLIENT", "UNBLOCK", wid, "ERROR") == b":1\r\n"
    assert waiter.read_reply() == UNBLOCKED
    resp3(waiter)
    waiter.send_command("BRPOPLPUSH", "q", "d", "0")
    wait_blocked(raw, 1)
    assert raw.call("CLIENT", "UNBLOCK", wid) == b":1\r\n"  # TIMEOUT is the default
    assert waiter.read_reply() == RESP3_NULL
    assert blocked_count(raw) == 0
    waiter.close()


def test_disconnected_waiter_leaves_nothing_behind(target: Target, raw: RawClient) -> None:
    for _ in range(3):
        gone = target.raw()
        gone.send_command("BLPOP", "q", "0")
        wait_blocked(raw, 1)
        gone.close()
        wait_blocked(raw, 0)
    stays = target.raw()
    stays.send_command("BLPOP", "q", "0")
    wait_blocked(raw, 1)
    raw.call("RPUSH", "q", "a", "b")
    assert stays.read_reply() == array(b"q", b"a")
    assert raw.call("LRANGE", "q", "0", "-1") == array(b"b")  # nobody else took one
    stays.close()


def test_client_kill_of_a_blocked_client(target: Target, raw: RawClient) -> None:
    waiter = target.raw()
    wid = client_id(waiter)
    waiter.send_command("BRPOP", "q", "0")
    wait_blocked(raw, 1)
    assert raw.call("CLIENT", "KILL", "ID", wid) == b":1\r\n"
    assert waiter.read_until_closed() == b""
    wait_blocked(raw, 0)
    raw.call("RPUSH", "q", "a")
    assert raw.call("LLEN", "q") == b":1\r\n"


def test_info_counts_clients_with_a_timeout(target: Target, raw: RawClient) -> None:
    forever, timed = target.raw(), target.raw()
    forever.send_command("BLPOP", "q", "0")
    wait_blocked(raw, 1)  # blocked first, so served first: the order the asserts rely on
    timed.send_command("BLPOP", "q", "100")
    wait_blocked(raw, 2)
    assert b"clients_in_timeout_table:1\r\n" in raw.call("INFO", "clients")
    raw.call("RPUSH", "q", "1", "2")
    assert forever.read_reply() == array(b"q", b"1")
    assert timed.read_reply() == array(b"q", b"2")
    forever.close()
    timed.close()
