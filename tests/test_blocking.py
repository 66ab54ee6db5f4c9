"""The blocking machinery without sockets: waiters, serving order, timeouts on a manual clock."""

from __future__ import annotations

import pytest

from miniredis.blocking import Waiter
from miniredis.commands.blocking import parse_timeout
from miniredis.dispatch import dispatch
from miniredis.errors import CommandError
from miniredis.keyspace.clock import ManualClock
from miniredis.protocol.encoder import encode
from miniredis.protocol.replies import NULL_ARRAY
from miniredis.server import Server
from miniredis.session import Session


def send(session: Session, *args: str) -> object:
    return dispatch(session, [a.encode() for a in args])


def new_session(server: Server) -> Session:
    return Session(server, server.next_client_id())


@pytest.mark.parametrize(
    ("text", "ms"),
    [(b"0", 0), (b"1", 1000), (b"0.0015", 1), (b"-0.0001", 0), (b"0x10", 16000), (b"1e15", 10**18)],
)
def test_parse_timeout(text: bytes, ms: int) -> None:
    assert parse_timeout(text) == ms


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"abc", b"ERR timeout is not a float or out of range"),
        (b"nan", b"ERR timeout is not a float or out of range"),
        (b"-1", b"ERR timeout is negative"),
        (b"inf", b"ERR timeout is negative"),
        (b"1e16", b"ERR timeout is negative"),
    ],
)
def test_parse_timeout_errors(text: bytes, message: bytes) -> None:
    with pytest.raises(CommandError) as info:
        parse_timeout(text)
    assert info.value.message == message


def test_blocked_client_is_served_by_a_push(server: Server, session: Session) -> None:
    waiter = send(session, "BLPOP", "q", "0")
    assert isinstance(waiter, Waiter)
    assert session.unblock is not None  # CLIENT LIST shows flag b
    pusher = new_session(server)
    assert send(pusher, "RPUSH", "q", "a", "b") == 2
    assert waiter.done and waiter.reply == [b"q", b"a"]
    assert waiter.wake.is_set()
    assert server.blocked_keys == {} and not server.blocking.waiters
    assert session.unblock is None
    assert send(pusher, "LRANGE", "q", "0", "-1") == [b"b"]


def test_waiters_are_served_in_arrival_order(server: Server) -> None:
    sessions = [new_session(server) for _ in range(10)]
    waiters = [send(s, "BRPOP", "q", "0") for s in sessions]
    pusher = new_session(server)
    send(pusher, "RPUSH", "q", *[str(i) for i in range(7)])
    replies = [w.reply for w in waiters if isinstance(w, Waiter) and w.done]
    assert replies == [[b"q", str(i).encode()] for i in range(6, -1, -1)]
    assert len(server.blocking.waiters) == 3


def test_timeout_on_the_manual_clock(server: Server, session: Session, clock: ManualClock) -> None:
    waiter = send(session, "BLPOP", "q", "1.5")
    assert isinstance(waiter, Waiter)
    assert waiter.deadline_ms == clock() + 1500
    server.blocking.expire(clock() + 1499)
    assert not waiter.done
    clock.advance(1500)
    server.blocking.expire(clock())
    assert waiter.done and waiter.reply is NULL_ARRAY
    assert encode(waiter.reply, 2) == b"*-1\r\n" and encode(waiter.reply, 3) == b"_\r\n"
    assert server.blocked_keys == {}


def test_cancel_and_unblock(server: Server, session: Session) -> None:
    waiter = send(session, "BLMOVE", "q", "d", "LEFT", "LEFT", "0")
    assert isinstance(waiter, Waiter)
    server.blocking.cancel(waiter)
    assert server.blocked_keys == {} and session.unblock is None
    waiter = send(session, "BLPOP", "q", "0")
    assert isinstance(waiter, Waiter)
    session.unblock(True)
    assert encode(waiter.reply, 2) == b"-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n"
    assert server.stats.command("blpop").failed_calls == 1


def test_the_same_key_twice_waits_once(server: Server, session: Session) -> None:
    waiter = send(session, "BLPOP", "q", "q", "0")
    assert isinstance(waiter, Waiter)
    assert len(server.blocked_keys[b"q"][session.db]) == 1


def test_exec_serves_after_the_whole_transaction(server: Server, session: Session) -> None:
    waiter = send(session, "BLPOP", "a", "b", "0")
    other = new_session(server)
    for command in (("MULTI",), ("RPUSH", "b", "x"), ("RPUSH", "a", "y")):
        send(other, *command)
    assert send(other, "EXEC") == [1, 1]
    assert isinstance(waiter, Waiter) and waiter.reply == [b"b", b"x"]


def test_swapdb_wakes_waiters(server: Server, session: Session) -> None:
    waiter = send(session, "BLPOP", "k", "0")
    other = new_session(server)
    send(other, "SELECT", "3")
    send(other, "RPUSH", "k", "v")
    send(other, "SWAPDB", "0", "3")
    assert isinstance(waiter, Waiter) and waiter.reply == [b"k", b"v"]
