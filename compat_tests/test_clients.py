"""redis-py's handshake matrix: every way redis-py 8 connects must work, on both targets.

redis-py 8 defaults to RESP3, so a plain ``redis.Redis()`` opens with ``HELLO 3``, then
``CLIENT MAINT_NOTIFICATIONS ON ...`` and ``CLIENT SETINFO LIB-NAME/LIB-VER`` (whose errors it
ignores), then ``SELECT n`` for a db; with a password it sends ``HELLO 3 AUTH default pw`` (RESP3)
or ``AUTH pw`` (RESP2). Each combination below (protocol default/2/3, hiredis or pure-Python
parser, sync or asyncio, bytes or decoded replies, URL with password and db, pipelines with and
without MULTI/EXEC) does the same SET/GET/INCR/MGET round trip and checks every result, and
checks through ``HELLO`` which protocol the server thinks the connection speaks.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import pytest
import redis
import redis.asyncio
import redis.asyncio.retry
import redis.backoff
import redis.retry
from redis._parsers import (
    _AsyncHiredisParser,
    _AsyncRESP2Parser,
    _AsyncRESP3Parser,
    _HiredisParser,
    _RESP2Parser,
    _RESP3Parser,
)
from redis.utils import HIREDIS_AVAILABLE

if TYPE_CHECKING:
    from compat_tests.conftest import Target

TIMEOUT = 5.0


def no_retry() -> redis.retry.Retry:
    """redis-py retries connection errors with backoff; a broken server should fail fast."""
    return redis.retry.Retry(redis.backoff.NoBackoff(), 0)


PROTOCOLS = [
    pytest.param(None, id="default"),
    pytest.param(2, id="resp2"),
    pytest.param(3, id="resp3"),
]
PARSERS = [
    pytest.param(
        "hiredis",
        id="hiredis",
        marks=pytest.mark.skipif(not HIREDIS_AVAILABLE, reason="hiredis is not installed"),
    ),
    pytest.param("python", id="python-parser"),
]
DECODE = [pytest.param(False, id="bytes"), pytest.param(True, id="decoded")]


def sync_parser(name: str, protocol: int | None) -> type:
    """redis-py 8.1's parser classes; the pure-Python one must match the protocol."""
    if name == "hiredis":
        return _HiredisParser
    return _RESP2Parser if protocol == 2 else _RESP3Parser


def async_parser(name: str, protocol: int | None) -> type:
    """The asyncio counterparts of ``sync_parser``."""
    if name == "hiredis":
        return _AsyncHiredisParser
    return _AsyncRESP2Parser if protocol == 2 else _AsyncRESP3Parser


def hello_proto(reply: Any) -> int:
    """The ``proto`` field of a ``HELLO`` reply: a dict under RESP3, a flat list under RESP2."""
    if isinstance(reply, list):
        reply = dict(zip(reply[::2], reply[1::2], strict=True))
    fields = {k.decode() if isinstance(k, bytes) else k: v for k, v in reply.items()}
    return int(fields["proto"])


def round_trip(client: redis.Redis) -> tuple[Any, ...]:
    """SET k v, GET k, INCR n, INCRBY n 41, MGET k n missing."""
    return (
        client.set("k", "v"),
        client.get("k"),
        client.incr("n"),
        client.incr("n", 41),
        client.mget("k", "n", "missing"),
    )


def round_trip_results(decode: bool) -> tuple[Any, ...]:
    """What redis-py returns for ``round_trip`` on Redis, as bytes or decoded."""

    def text(s: str) -> str | bytes:
        return s if decode else s.encode()

    return (True, text("v"), 1, 42, [text("v"), text("42"), None])


def test_redis_default_client_round_trip(target: Target) -> None:
    """``redis.Redis(host, port)`` with nothing else: RESP3 via ``HELLO 3``, default parser."""
    client = redis.Redis(
        host=target.host,
        port=target.port,
        password=target.password,
        db=target.db,
        socket_timeout=TIMEOUT,
        retry=no_retry(),
    )
    try:
        assert client.ping() is True
        assert hello_proto(client.execute_command("HELLO")) == 3
        assert round_trip(client) == round_trip_results(decode=False)
    finally:
        client.close()


@pytest.mark.parametrize("decode", DECODE)
@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_sync_client_matrix(
    target: Target, protocol: int | None, parser: str, decode: bool
) -> None:
    """Sync redis-py, each protocol x parser x decode_responses: the round trip, and the
    server agrees on the protocol (default means RESP3 in redis-py 8)."""
    pool = redis.ConnectionPool(
        host=target.host,
        port=target.port,
        password=target.password,
        db=target.db,
        protocol=protocol,
        parser_class=sync_parser(parser, protocol),
        decode_responses=decode,
        socket_timeout=TIMEOUT,
        retry=no_retry(),
    )
    client = redis.Redis(connection_pool=pool)
    try:
        assert hello_proto(client.execute_command("HELLO")) == (protocol or 3)
        assert round_trip(client) == round_trip_results(decode)
    finally:
        client.close()
        pool.disconnect()


async def _async_round_trip(
    target: Target, protocol: int | None, parser: str, decode: bool
) -> tuple[int, tuple[Any, ...]]:
    pool = redis.asyncio.ConnectionPool(
        host=target.host,
        port=target.port,
        password=target.password,
        db=target.db,
        protocol=protocol,
        parser_class=async_parser(parser, protocol),
        decode_responses=decode,
        socket_timeout=TIMEOUT,
        retry=redis.asyncio.retry.Retry(redis.backoff.NoBackoff(), 0),
    )
    client = redis.asyncio.Redis(connection_pool=pool)
    try:
        proto = hello_proto(await client.execute_command("HELLO"))
        results = (
            await client.set("k", "v"),
            await client.get("k"),
            await client.incr("n"),
            await client.incr("n", 41),
            await client.mget("k", "n", "missing"),
        )
        return proto, results
    finally:
        await client.aclose()
        await pool.disconnect()


@pytest.mark.parametrize("decode", DECODE)
@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_asyncio_client_matrix(
    target: Target, protocol: int | None, parser: str, decode: bool
) -> None:
    """``redis.asyncio`` pipelines its handshake (SETINFO pair, SELECT written before any
    reply is read); the round trip must still come back right."""
    proto, results = asyncio.run(_async_round_trip(target, protocol, parser, decode))
    assert proto == (protocol or 3)
    assert results == round_trip_results(decode)


@pytest.mark.needs_own_server("requirepass")
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_from_url_with_password_and_db(target: Target, protocol: int | None) -> None:
    """``Redis.from_url("redis://:pw@host:port/3")`` on a requirepass server authenticates
    (``HELLO 3 AUTH default pw`` or ``AUTH pw``) and selects db 3."""
    server = target.start_server(requirepass="pw")
    url = f"redis://:pw@{server.host}:{server.port}/3"
    client = redis.Redis.from_url(url, protocol=protocol, socket_timeout=TIMEOUT, retry=no_retry())
    db0 = server.client(password="pw", protocol=2)
    try:
        assert round_trip(client) == round_trip_results(decode=False)
        assert db0.exists("k") == 0
        assert db0.execute_command("SELECT", 3) is True
        assert db0.get("k") == b"v"
    finally:
        client.close()
        db0.close()


@pytest.mark.needs_own_server("requirepass")
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_password_db_and_client_name(target: Target, protocol: int | None) -> None:
    """``password=, db=1, client_name="app"``: AUTH, CLIENT SETNAME, SELECT in the handshake."""
    server = target.start_server(requirepass="pw")
    client = server.client(password="pw", db=1, client_name="app", protocol=protocol)
    try:
        name = client.client_getname()  # redis-py decodes it under RESP2 only
        assert (name.decode() if isinstance(name, bytes) else name) == "app"
        assert client.set("k", "v") is True
        assert client.get("k") == b"v"
    finally:
        client.close()


@pytest.mark.parametrize(
    ("protocol", "password", "message"),
    [
        (2, None, "Authentication required."),
        (2, "wrong", "invalid username-password pair or user is disabled."),
        (3, "wrong", "invalid username-password pair or user is disabled."),
        (
            None,
            None,
            "HELLO must be called with the client already authenticated, otherwise the HELLO"
            " AUTH <user> <pass> option can be used to authenticate the client and select the"
            " RESP protocol version at the same time",
        ),
    ],
    ids=["resp2-no-password", "resp2-wrong", "resp3-wrong", "default-no-password"],
)
@pytest.mark.needs_own_server("requirepass")
def test_auth_failures_raise_authentication_error(
    target: Target, protocol: int | None, password: str | None, message: str
) -> None:
    """redis-py picks ``AuthenticationError`` from the error text (NOAUTH / WRONGPASS); a
    default (RESP3) client without a password already fails at ``HELLO 3``."""
    server = target.start_server(requirepass="pw")
    client = server.client(password=password, protocol=protocol)
    try:
        with pytest.raises(redis.exceptions.AuthenticationError) as excinfo:
            client.set("k", "v")
        assert str(excinfo.value) == message
    finally:
        client.close()


@pytest.mark.parametrize("transaction", [False, True], ids=["plain", "multi-exec"])
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_pipeline(target: Target, protocol: int | None, transaction: bool) -> None:
    """``pipeline(transaction=False)`` writes the commands in one go; ``transaction=True`` wraps
    them in MULTI ... EXEC (``+OK``, ``+QUEUED`` x4, then the EXEC array)."""
    client = target.client(protocol=protocol)
    try:
        with client.pipeline(transaction=transaction) as pipe:
            pipe.set("k", "v").get("k").incr("n").incr("n", 41).mget("k", "n", "missing")
            results = tuple(pipe.execute())
        assert results == round_trip_results(decode=False)
    finally:
        client.close()


# --- the rest of the matrix: single connection, asyncio pipelines, from_url on any target ------
def round_trip_commands(client: Any) -> Any:
    """The ``round_trip`` commands queued on a pipeline (sync or asyncio: same API)."""
    return client.set("k", "v").get("k").incr("n").incr("n", 41).mget("k", "n", "missing")


@pytest.mark.parametrize("api", ["sync", "asyncio"])
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_single_connection_client(target: Target, protocol: int | None, api: str) -> None:
    """``single_connection_client=True``: one connection held for the client's life (no pool
    checkout per command); the handshake runs once and every command reuses it."""
    if api == "sync":
        client = target.client(protocol=protocol, single_connection_client=True)
        try:
            first = client.client_id()
            assert round_trip(client) == round_trip_results(decode=False)
            assert client.client_id() == first
        finally:
            client.close()
        return

    async def run() -> tuple[int, int, tuple[Any, ...]]:
        client = redis.asyncio.Redis(
            host=target.host,
            port=target.port,
            password=target.password,
            db=target.db,
            protocol=protocol,
            single_connection_client=True,
            socket_timeout=TIMEOUT,
            retry=redis.asyncio.retry.Retry(redis.backoff.NoBackoff(), 0),
        )
        try:
            first = await client.client_id()
            results = (
                await client.set("k", "v"),
                await client.get("k"),
                await client.incr("n"),
                await client.incr("n", 41),
                await client.mget("k", "n", "missing"),
            )
            return first, await client.client_id(), results
        finally:
            await client.aclose()

    first, last, results = asyncio.run(run())
    assert first == last
    assert results == round_trip_results(decode=False)


async def _async_pipeline(
    target: Target, protocol: int | None, parser: str, decode: bool, transaction: bool
) -> list[Any]:
    pool = redis.asyncio.ConnectionPool(
        host=target.host,
        port=target.port,
        password=target.password,
        db=target.db,
        protocol=protocol,
        parser_class=async_parser(parser, protocol),
        decode_responses=decode,
        socket_timeout=TIMEOUT,
        retry=redis.asyncio.retry.Retry(redis.backoff.NoBackoff(), 0),
    )
    client = redis.asyncio.Redis(connection_pool=pool)
    try:
        async with client.pipeline(transaction=transaction) as pipe:
            round_trip_commands(pipe)
            return await pipe.execute()
    finally:
        await client.aclose()
        await pool.disconnect()


@pytest.mark.parametrize("transaction", [False, True], ids=["plain", "multi-exec"])
@pytest.mark.parametrize("decode", DECODE)
@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize("api", ["sync", "asyncio"])
def test_pipeline_matrix(
    target: Target, api: str, protocol: int | None, parser: str, decode: bool, transaction: bool
) -> None:
    """Pipelines through every parser and ``decode_responses``, sync and asyncio, with and
    without MULTI/EXEC: the replies of one batched write come back in order and typed."""
    if api == "asyncio":
        results = asyncio.run(_async_pipeline(target, protocol, parser, decode, transaction))
    else:
        pool = redis.ConnectionPool(
            host=target.host,
            port=target.port,
            password=target.password,
            db=target.db,
            protocol=protocol,
            parser_class=sync_parser(parser, protocol),
            decode_responses=decode,
            socket_timeout=TIMEOUT,
            retry=no_retry(),
        )
        client = redis.Redis(connection_pool=pool)
        try:
            with client.pipeline(transaction=transaction) as pipe:
                results = round_trip_commands(pipe).execute()
        finally:
            client.close()
            pool.disconnect()
    assert tuple(results) == round_trip_results(decode)


@pytest.mark.parametrize("decode", DECODE)
@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize("api", ["sync", "asyncio"])
def test_from_url(target: Target, api: str, protocol: int | None, decode: bool) -> None:
    """``from_url`` on the target's own URL (no private server needed, so it also runs on URL
    targets), ``protocol`` and ``socket_timeout`` in the query string (redis-py reads
    ``decode_responses`` there as a string, so that one goes as a keyword)."""
    query = f"?socket_timeout={TIMEOUT}" + (f"&protocol={protocol}" if protocol else "")
    url = target.url + query
    if api == "sync":
        client = redis.Redis.from_url(url, decode_responses=decode, retry=no_retry())
        try:
            proto = hello_proto(client.execute_command("HELLO"))
            results = round_trip(client)
        finally:
            client.close()
    else:

        async def run() -> tuple[int, tuple[Any, ...]]:
            client = redis.asyncio.Redis.from_url(
                url,
                decode_responses=decode,
                retry=redis.asyncio.retry.Retry(redis.backoff.NoBackoff(), 0),
            )
            try:
                proto = hello_proto(await client.execute_command("HELLO"))
                results = (
                    await client.set("k", "v"),
                    await client.get("k"),
                    await client.incr("n"),
                    await client.incr("n", 41),
                    await client.mget("k", "n", "missing"),
                )
                return proto, results
            finally:
                await client.aclose()

        proto, results = asyncio.run(run())
    assert proto == (protocol or 3)
    assert results == round_trip_results(decode)
