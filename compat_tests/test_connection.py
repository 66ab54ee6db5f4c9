"""Connection commands, byte for byte, on miniredis and on redis-server 7.0.15.

PING ECHO SELECT SWAPDB QUIT RESET AUTH HELLO, and requirepass. Every expected reply is written
out as real Redis sends it. The CLIENT container is in ``test_client_command.py``, which shares
the helpers below for reading CLIENT LIST lines.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
import redis

from compat_tests.rawclient import RawClient

if TYPE_CHECKING:
    from compat_tests.conftest import Target

OK = b"+OK\r\n"
WRONGPASS = b"-WRONGPASS invalid username-password pair or user is disabled.\r\n"
NOAUTH = b"-NOAUTH Authentication required.\r\n"
HELLO_NOAUTH = (
    b"-NOAUTH HELLO must be called with the client already authenticated, otherwise the "
    b"HELLO AUTH <user> <pass> option can be used to authenticate the client and select the "
    b"RESP protocol version at the same time\r\n"
)
BAD_NAME = b"-ERR Client names cannot contain spaces, newlines or special characters.\r\n"
NOPROTO = b"-NOPROTO unsupported protocol version\r\n"
# The CLIENT LIST line of Redis 7.0.15, every field in order.
LINE = re.compile(
    rb"id=\d+ addr=\S+ laddr=\S+ fd=\d+ name=\S* age=\d+ idle=\d+ flags=[A-Za-z]+ db=\d+ "
    rb"sub=\d+ psub=\d+ ssub=\d+ multi=-?\d+ qbuf=\d+ qbuf-free=\d+ argv-mem=\d+ multi-mem=\d+ "
    rb"rbs=\d+ rbp=\d+ obl=\d+ oll=\d+ omem=\d+ tot-mem=\d+ events=r?w? cmd=\S+ user=\S+ "
    rb"redir=-1 resp=[23]"
)


def hello(proto: int, client_id: int) -> bytes:
    """HELLO's reply: a map in RESP3, a flat array of 14 in RESP2."""
    head = b"%7\r\n" if proto == 3 else b"*14\r\n"
    return head + (
        b"$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n"
        b"$5\r\nproto\r\n:%d\r\n$2\r\nid\r\n:%d\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n"
        b"$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n" % (proto, client_id)
    )


def client_id(conn: RawClient) -> int:
    reply = conn.call("CLIENT", "ID")
    assert reply.startswith(b":")
    return int(reply[1:-2])


def bulk_body(reply: bytes) -> bytes:
    """The payload of a ``$`` bulk reply, checking its framing."""
    header, rest = reply.split(b"\r\n", 1)
    assert header.startswith(b"$") and len(rest) == int(header[1:]) + 2, reply
    return rest[:-2]


def fields(line: bytes) -> dict[bytes, bytes]:
    assert LINE.fullmatch(line), line
    return dict(pair.split(b"=", 1) for pair in line.split(b" "))


def own_line(conn: RawClient) -> dict[bytes, bytes]:
    body = bulk_body(conn.call("CLIENT", "INFO"))
    assert body.endswith(b"\n") and body.count(b"\n") == 1
    return fields(body[:-1])


def lines_of(conn: RawClient, *args: str) -> list[dict[bytes, bytes]]:
    body = bulk_body(conn.call("CLIENT", "LIST", *args))
    assert body == b"" or body.endswith(b"\n")
    return [fields(line) for line in body.splitlines()]


def peer(conn: RawClient) -> str:
    host, port = conn.sock.getsockname()[:2]
    return f"{host}:{port}"


# --- PING ECHO SELECT SWAPDB QUIT ------------------------------------------------------------
def test_ping_and_echo(raw: RawClient) -> None:
    assert raw.call("PING") == b"+PONG\r\n"
    assert raw.call("PING", "hello") == b"$5\r\nhello\r\n"
    assert raw.call("PING", "") == b"$0\r\n\r\n"
    assert raw.call("PING", "a", "b") == b"-ERR wrong number of arguments for 'ping' command\r\n"
    assert raw.call("ECHO", b"bin\x00\r\n") == b"$6\r\nbin\x00\r\n\r\n"
    assert raw.call("ECHO") == b"-ERR wrong number of arguments for 'echo' command\r\n"
    assert raw.call("HELLO", "3").startswith(b"%7\r\n")
    assert raw.call("PING") == b"+PONG\r\n"
    assert raw.call("PING", "x") == b"$1\r\nx\r\n"


@pytest.mark.needs_own_server("uses databases other than the target's")
def test_select(raw: RawClient) -> None:
    assert raw.call("SELECT", "15") == OK
    assert raw.call("SET", "k", "in-15") == OK
    assert raw.call("SELECT", "0") == OK
    assert raw.call("GET", "k") == b"$-1\r\n"
    for bad in ("16", "-1", "1000000"):
        assert raw.call("SELECT", bad) == b"-ERR DB index is out of range\r\n"
    for bad in ("x", "1.0", " 1", "01", "+1", ""):
        assert raw.call("SELECT", bad) == b"-ERR value is not an integer or out of range\r\n"
    assert raw.call("SELECT") == b"-ERR wrong number of arguments for 'select' command\r\n"


@pytest.mark.needs_own_server("SWAPDB swaps whole databases")
def test_swapdb(target: Target, raw: RawClient) -> None:
    assert raw.call("SWAPDB", "x", "1") == b"-ERR invalid first DB index\r\n"
    assert raw.call("SWAPDB", "1", "x") == b"-ERR invalid second DB index\r\n"
    assert raw.call("SWAPDB", "16", "x") == b"-ERR invalid second DB index\r\n"
    assert raw.call("SWAPDB", "0", "16") == b"-ERR DB index is out of range\r\n"
    assert raw.call("SWAPDB", "-1", "0") == b"-ERR DB index is out of range\r\n"
    assert raw.call("SWAPDB", "0") == b"-ERR wrong number of arguments for 'swapdb' command\r\n"
    with RawClient(target.host, target.port) as other:
        assert raw.call("SET", "k", "zero") == OK
        assert other.call("SELECT", "1") == OK
        assert other.call("SET", "k", "one") == OK
        assert raw.call("SWAPDB", "0", "1") == OK
        assert raw.call("GET", "k") == b"$3\r\none\r\n"
        assert other.call("GET", "k") == b"$4\r\nzero\r\n"
        assert raw.call("SWAPDB", "1", "1") == OK


@pytest.mark.needs_own_server("SWAPDB swaps whole databases")
def test_swapdb_and_watch(raw: RawClient) -> None:
    """A WATCHed key existing on either side counts as touched; SWAPDB n n touches nothing."""
    assert raw.call("SET", "k", "v") == OK
    assert raw.call("WATCH", "k") == OK
    assert raw.call("SWAPDB", "0", "0") == OK
    assert raw.call("MULTI") == OK
    assert raw.call("EXEC") == b"*0\r\n"
    assert raw.call("WATCH", "nokey") == OK
    assert raw.call("SWAPDB", "0", "1") == OK
    assert raw.call("MULTI") == OK
    assert raw.call("EXEC") == b"*0\r\n"  # missing on both sides: not touched
    assert raw.call("WATCH", "k") == OK  # k now lives in db 1 only
    assert raw.call("SWAPDB", "0", "1") == OK
    assert raw.call("MULTI") == OK
    assert raw.call("EXEC") == b"*-1\r\n"


def test_quit_replies_then_closes(raw: RawClient) -> None:
    raw.send(b"*1\r\n$4\r\nQUIT\r\n*1\r\n$4\r\nPING\r\n")
    assert raw.read_until_closed() == OK


def test_quit_ignores_arguments(raw: RawClient) -> None:
    assert raw.call("QUIT", "a", "b") == OK
    assert raw.is_closed()


# --- HELLO -----------------------------------------------------------------------------------
def test_hello_switches_protocol_and_answers_in_the_new_one(raw: RawClient) -> None:
    me = client_id(raw)
    assert raw.call("HELLO") == hello(2, me)
    assert raw.call("HELLO", "3") == hello(3, me)
    assert raw.call("GET", "missing") == b"_\r\n"
    assert raw.call("HELLO") == hello(3, me)
    assert raw.call("HELLO", "2") == hello(2, me)
    assert raw.call("GET", "missing") == b"$-1\r\n"


def test_hello_errors(raw: RawClient) -> None:
    for version in ("4", "1", "0", "-1"):
        assert raw.call("HELLO", version) == NOPROTO
    for bad in ("x", "3.0", "03", "99999999999999999999"):
        assert raw.call("HELLO", bad) == (
            b"-ERR Protocol version is not an integer or out of range\r\n"
        )
    assert raw.call("HELLO", "2", "x") == b"-ERR Syntax error in HELLO option 'x'\r\n"
    assert raw.call("HELLO", "2", "AUTH") == b"-ERR Syntax error in HELLO option 'AUTH'\r\n"
    assert raw.call("HELLO", "2", "AUTH", "a") == b"-ERR Syntax error in HELLO option 'AUTH'\r\n"
    assert raw.call("HELLO", "2", "SETNAME") == b"-ERR Syntax error in HELLO option 'SETNAME'\r\n"
    assert raw.call("HELLO", "2", b"a\x00b") == b"-ERR Syntax error in HELLO option 'a'\r\n"
    assert raw.call("HELLO", "2", "SETNAME", "a b") == BAD_NAME
    assert raw.call("HELLO", "4", "SETNAME", "a b") == NOPROTO
    assert raw.call("HELLO", "x", "SETNAME", "a b") == (
        b"-ERR Protocol version is not an integer or out of range\r\n"
    )
    assert raw.call("HELLO", "2", "SETNAME", "a b", "foo") == BAD_NAME
    assert raw.call("HELLO", "2", "foo", "SETNAME", "a b") == (
        b"-ERR Syntax error in HELLO option 'foo'\r\n"
    )
    assert raw.call("GET", "missing") == b"$-1\r\n"  # still RESP2


def test_hello_applies_options_one_by_one(raw: RawClient) -> None:
    """Redis 7.0 sets the name as soon as it reads SETNAME: a later error does not undo it."""
    me = client_id(raw)
    assert raw.call("HELLO", "3", "SETNAME", "first", "bogus") == (
        b"-ERR Syntax error in HELLO option 'bogus'\r\n"
    )
    assert raw.call("CLIENT", "GETNAME") == b"$5\r\nfirst\r\n"  # set, and still RESP2
    assert raw.call("HELLO", "3", "SETNAME", "z", "SETNAME", "a b") == BAD_NAME
    assert raw.call("CLIENT", "GETNAME") == b"$1\r\nz\r\n"
    assert raw.call("HELLO", "3", "setname", "a", "SetName", "b") == hello(3, me)
    assert raw.call("CLIENT", "GETNAME") == b"$1\r\nb\r\n"
    assert raw.call("HELLO", "3", "SETNAME", "") == hello(3, me)
    assert raw.call("CLIENT", "GETNAME") == b"_\r\n"


@pytest.mark.assumes_db0_noauth("no requirepass")
def test_hello_auth_without_requirepass(raw: RawClient) -> None:
    """With no requirepass the default user is "nopass": any password works, for it only."""
    me = client_id(raw)
    assert raw.call("HELLO", "2", "AUTH", "default", "anything") == hello(2, me)
    assert raw.call("HELLO", "2", "AUTH", "someone", "pw") == WRONGPASS


# --- AUTH and requirepass --------------------------------------------------------------------
@pytest.mark.assumes_db0_noauth("no requirepass")
def test_auth_without_requirepass(raw: RawClient) -> None:
    assert raw.call("AUTH", "x") == (
        b"-ERR AUTH <password> called without any password configured for the default user. "
        b"Are you sure your configuration is correct?\r\n"
    )
    assert raw.call("AUTH", "default", "x") == OK
    assert raw.call("AUTH", "a", "b") == WRONGPASS
    assert raw.call("AUTH", "a", "b", "c") == b"-ERR syntax error\r\n"
    assert raw.call("AUTH") == b"-ERR wrong number of arguments for 'auth' command\r\n"


@pytest.mark.needs_own_server("requirepass")
def test_requirepass_auth_flow(target: Target) -> None:
    secured = target.start_server(requirepass="pw")
    with RawClient(secured.host, secured.port) as conn:
        assert conn.call("PING") == NOAUTH
        assert conn.call("CLIENT", "ID") == NOAUTH
        assert conn.call("MULTI") == NOAUTH
        assert conn.call("AUTH", "wrong") == WRONGPASS
        assert conn.call("AUTH", "default", "wrong") == WRONGPASS
        assert conn.call("AUTH", "Default", "pw") == WRONGPASS
        assert conn.call("AUTH", "a", "b", "c") == b"-ERR syntax error\r\n"
        assert conn.call("PING") == NOAUTH
        assert conn.call("AUTH", "pw") == OK
        assert conn.call("PING") == b"+PONG\r\n"
        assert conn.call("AUTH", "wrong") == WRONGPASS  # a failed AUTH keeps the earlier login
        assert conn.call("PING") == b"+PONG\r\n"
        assert conn.call("RESET") == b"+RESET\r\n"  # logs out again
        assert conn.call("PING") == NOAUTH
        assert conn.call("AUTH", "default", "pw") == OK
        assert conn.call("MULTI") == OK
        assert conn.call("AUTH", "pw") == b"+QUEUED\r\n"
        assert conn.call("EXEC") == b"*1\r\n+OK\r\n"


@pytest.mark.needs_own_server("requirepass")
def test_requirepass_hello(target: Target) -> None:
    secured = target.start_server(requirepass="pw")
    with RawClient(secured.host, secured.port) as conn:
        assert conn.call("HELLO") == HELLO_NOAUTH
        assert conn.call("HELLO", "3") == HELLO_NOAUTH
        assert conn.call("HELLO", "3", "SETNAME", "early") == HELLO_NOAUTH
        assert conn.call("HELLO", "3", "AUTH", "default", "wrong") == WRONGPASS
        assert conn.call("HELLO", "3", "AUTH", "foo", "pw") == WRONGPASS
        assert conn.call("HELLO", "3", "SETNAME", "a b", "AUTH", "default", "pw") == BAD_NAME
        assert conn.call("PING") == NOAUTH
        assert conn.call("HELLO", "3", "AUTH", "default", "pw", "SETNAME", "a b") == BAD_NAME
        assert conn.call("PING") == b"+PONG\r\n"  # AUTH took effect before the bad name
        assert conn.call("CLIENT", "GETNAME") == b"$5\r\nearly\r\n"  # set despite the NOAUTH
    with RawClient(secured.host, secured.port) as conn:
        reply = conn.call("HELLO", "3", "AUTH", "default", "pw", "SETNAME", "app")
        me = client_id(conn)
        assert reply == hello(3, me)
        assert conn.call("CLIENT", "GETNAME") == b"$3\r\napp\r\n"
        assert conn.call("RESET") == b"+RESET\r\n"
        assert conn.call("CLIENT", "GETNAME") == NOAUTH
        assert conn.call("HELLO", "2", "AUTH", "default", "pw") == hello(2, me)
        assert conn.call("CLIENT", "GETNAME") == b"$-1\r\n"


@pytest.mark.needs_own_server("requirepass")
@pytest.mark.parametrize("protocol", [2, 3])
def test_requirepass_with_redis_py(target: Target, protocol: int) -> None:
    secured = target.start_server(requirepass="pw")
    client = secured.client(protocol=protocol, password="pw", client_name="app", db=2)
    try:
        assert client.ping() is True
        name = client.client_getname()  # redis-py decodes it under RESP2 only
        assert (name.decode() if isinstance(name, bytes) else name) == "app"
        info = {key: str(value) for key, value in client.client_info().items()}
        assert (info["db"], info["name"], info["resp"]) == ("2", "app", str(protocol))
    finally:
        client.close()
    wrong = secured.client(protocol=protocol, password="nope")
    with pytest.raises(redis.exceptions.AuthenticationError):
        wrong.ping()
    wrong.close()
    anonymous = secured.client(protocol=protocol)
    with pytest.raises(redis.exceptions.AuthenticationError):
        anonymous.ping()
    anonymous.close()


# --- RESET -----------------------------------------------------------------------------------
@pytest.mark.needs_own_server("uses databases other than the target's")
def test_reset(raw: RawClient) -> None:
    assert raw.call("CLIENT", "SETNAME", "foo") == OK
    assert raw.call("SELECT", "5") == OK
    assert raw.call("HELLO", "3").startswith(b"%7")
    assert raw.call("CLIENT", "NO-EVICT", "on") == OK
    assert raw.call("WATCH", "k") == OK
    assert raw.call("MULTI") == OK
    assert raw.call("SET", "a", "b") == b"+QUEUED\r\n"
    assert raw.call("RESET") == b"+RESET\r\n"
    line = own_line(raw)
    assert (line[b"name"], line[b"db"], line[b"resp"]) == (b"", b"0", b"2")
    assert line[b"flags"] == b"e" and line[b"multi"] == b"-1"  # NO-EVICT survives RESET
    assert raw.call("EXEC") == b"-ERR EXEC without MULTI\r\n"
    assert raw.call("GET", "a") == b"$-1\r\n"
    assert raw.call("RESET", "x") == b"-ERR wrong number of arguments for 'reset' command\r\n"


def test_database_indexes_outside_a_c_int(raw: RawClient) -> None:
    """SELECT and SWAPDB read their indexes as a C int first (getIntFromObjectOrReply)."""
    assert raw.call("SELECT", "4294967296") == (
        b"-ERR value is out of range, value must between -2147483648 and 2147483647\r\n"
    )
    assert raw.call("SWAPDB", "0", "4294967296") == b"-ERR invalid second DB index\r\n"
    assert raw.call("SWAPDB", "4294967296", "x") == b"-ERR invalid first DB index\r\n"
    assert raw.call("SWAPDB", "16", "x") == b"-ERR invalid second DB index\r\n"
