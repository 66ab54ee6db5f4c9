"""Fixtures for the socket-free unit tests: a Server that is never started, a session on it,
a manual clock, and ``run(*args)`` which dispatches one command and returns the encoded reply.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from miniredis.config import Config
from miniredis.dispatch import dispatch
from miniredis.keyspace.clock import ManualClock
from miniredis.protocol.encoder import encode
from miniredis.server import Server
from miniredis.session import Session


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def server(clock: ManualClock) -> Server:
    return Server(Config(), clock=clock)


@pytest.fixture
def session(server: Server) -> Session:
    return Session(server, server.next_client_id(), "127.0.0.1:50000", "127.0.0.1:6379")


Run = Callable[..., bytes]


@pytest.fixture
def run(session: Session) -> Run:
    """``run("SET", "k", "v") == b"+OK\\r\\n"``: dispatch + encode in the session's protocol."""

    def _run(*args: str | bytes | int) -> bytes:
        argv = [a if isinstance(a, bytes) else str(a).encode() for a in args]
        return encode(dispatch(session, argv), session.protocol)

    return _run
