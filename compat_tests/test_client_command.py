"""The CLIENT container, byte for byte, on miniredis and on redis-server 7.0.15.

ID, SETNAME, GETNAME, INFO, LIST (its line format and filters), KILL (both forms, every
filter, killing yourself), PAUSE/UNPAUSE, UNBLOCK, NO-EVICT, the tracking queries, HELP, and
the subcommands 7.0 does not have. CLIENT LIST values that cannot be equal on two servers
(ports, file descriptors, memory sizes) are checked for form; the rest for value. CLIENT
SETINFO, a Redis 7.2 command that miniredis accepts on purpose, has a test that says so.
"""

from __future__ import annotations

import re
import socket
import time
from typing import TYPE_CHECKING

import pytest

from compat_tests.rawclient import RawClient, encode_command
from compat_tests.test_connection import (
    BAD_NAME,
    OK,
    bulk_body,
    client_id,
    fields,
    lines_of,
    own_line,
    peer,
)

if TYPE_CHECKING:
    from compat_tests.conftest import Target


def test_client_id_setname_getname(raw: RawClient) -> None:
    first = client_id(raw)
    assert first > 0 and client_id(raw) == first
    assert raw.call("CLIENT", "GETNAME") == b"$-1\r\n"
    for bad in ("a b", "a\nb", "\xe9", "a\x00b", "tab\there"):
        assert raw.call("CLIENT", "SETNAME", bad) == BAD_NAME
    assert raw.call("CLIENT", "SETNAME", "~!name") == OK
    assert raw.call("client", "getname") == b"$6\r\n~!name\r\n"
    assert raw.call("CLIENT", "SETNAME", "") == OK
    assert raw.call("CLIENT", "GETNAME") == b"$-1\r\n"
    assert raw.call("CLIENT", "SETNAME") == (
        b"-ERR wrong number of arguments for 'client|setname' command\r\n"
    )


def test_client_ids_grow(target: Target, raw: RawClient) -> None:
    with RawClient(target.host, target.port) as later:
        assert client_id(later) > client_id(raw)


def test_client_arity_and_unknown_subcommands(raw: RawClient) -> None:
    assert raw.call("CLIENT") == b"-ERR wrong number of arguments for 'client' command\r\n"
    assert raw.call("CLIENT", "ID", "x") == (
        b"-ERR wrong number of arguments for 'client|id' command\r\n"
    )
    assert raw.call("CLIENT", "HELP", "x") == (
        b"-ERR wrong number of arguments for 'client|help' command\r\n"
    )
    assert raw.call("CLIENT", "foo") == b"-ERR unknown subcommand 'foo'. Try CLIENT HELP.\r\n"
    # redis-py 8 sends this on every RESP3 connection; 7.0 does not know it
    assert raw.call("CLIENT", "MAINT_NOTIFICATIONS", "ON", "moving-endpoint-type", "none") == (
        b"-ERR unknown subcommand 'MAINT_NOTIFICATIONS'. Try CLIENT HELP.\r\n"
    )


@pytest.mark.assumes_db0_noauth("CLIENT INFO shows db=0 and no user login")
def test_client_info(target: Target, raw: RawClient) -> None:
    raw.call("CLIENT", "SETNAME", "me")
    line = own_line(raw)
    assert line[b"id"] == b"%d" % client_id(raw)
    assert line[b"addr"].decode() == peer(raw)
    assert line[b"laddr"].decode() == f"{target.host}:{target.port}"
    assert line[b"name"] == b"me" and line[b"db"] == b"0" and line[b"flags"] == b"N"
    assert int(line[b"age"]) <= 1 and line[b"idle"] == b"0"
    assert line[b"multi"] == b"-1" and line[b"multi-mem"] == b"0"
    assert (line[b"sub"], line[b"psub"], line[b"ssub"]) == (b"0", b"0", b"0")
    assert (line[b"qbuf"], line[b"qbuf-free"], line[b"argv-mem"]) == (b"26", b"20448", b"10")
    assert line[b"cmd"] == b"client|info" and line[b"user"] == b"default"
    assert line[b"resp"] == b"2"
    raw.call("HELLO", "3")
    reply = raw.call("CLIENT", "INFO")
    assert re.fullmatch(rb"=(\d+)\r\ntxt:(id=[^\n]*\n)\r\n", reply)
    size, body = re.fullmatch(rb"=(\d+)\r\ntxt:(.*)\r\n", reply, re.S).groups()  # type: ignore[union-attr]
    assert int(size) == len(body) + 4
    assert fields(body[:-1])[b"resp"] == b"3"


@pytest.mark.needs_own_server("writes to database 3")
def test_client_list_shows_other_clients(target: Target, raw: RawClient) -> None:
    with RawClient(target.host, target.port) as other:
        them = str(client_id(other))
        assert other.call("CLIENT", "SETNAME", "aa") == OK
        assert other.call("SELECT", "3") == OK
        assert other.call("CLIENT", "NO-EVICT", "on") == OK
        assert other.call("MULTI") == OK
        assert other.call("SET", "k", "v") == b"+QUEUED\r\n"
        assert other.call("GET", "k") == b"+QUEUED\r\n"
        listed = lines_of(raw, "ID", them)
        assert len(listed) == 1
        line = listed[0]
        assert line[b"addr"].decode() == peer(other)
        assert (line[b"name"], line[b"db"], line[b"flags"]) == (b"aa", b"3", b"xe")
        assert (line[b"multi"], line[b"multi-mem"], line[b"cmd"]) == (b"2", b"49", b"get")
        assert line[b"argv-mem"] == b"0"
        assert other.call("FOO") == b"-ERR unknown command 'FOO', with args beginning with: \r\n"
        assert lines_of(raw, "ID", them)[0][b"cmd"] == b"NULL"
        assert other.call("DISCARD") == OK
        assert other.call("WATCH", "k") == OK
        assert raw.call("SELECT", "3") == OK
        assert raw.call("SET", "k", "changed") == OK
        line = lines_of(raw, "ID", str(client_id(other)))[0]
        assert (line[b"flags"], line[b"multi"], line[b"cmd"]) == (b"de", b"-1", b"client|id")
        everyone = lines_of(raw)
        mine = [entry for entry in everyone if entry[b"id"] == b"%d" % client_id(raw)]
        assert len(mine) == 1 and mine[0][b"cmd"] == b"client|list"
        assert (mine[0][b"qbuf"], mine[0][b"argv-mem"]) == (b"26", b"10")


def test_client_list_filters(target: Target, raw: RawClient) -> None:
    me = client_id(raw)
    with RawClient(target.host, target.port) as other:
        them = client_id(other)
        listed = lines_of(raw, "ID", str(them), "999999", str(me), str(them))
        ids = [entry[b"id"] for entry in listed]
        assert ids == [b"%d" % them, b"%d" % me, b"%d" % them]
        normal = [entry[b"id"] for entry in lines_of(raw, "TYPE", "NORMAL")]
        assert b"%d" % them in normal and b"%d" % me in normal
    for kind in ("master", "replica", "slave"):
        assert raw.call("CLIENT", "LIST", "TYPE", kind) == b"$0\r\n\r\n"
    assert raw.call("CLIENT", "LIST", "TYPE", "foo") == b"-ERR Unknown client type 'foo'\r\n"
    assert raw.call("CLIENT", "LIST", "ID", "0", "-3") == b"$0\r\n\r\n"
    for bad in (("ID", "x"), ("ID", "1", "x"), ("ID", "1", "TYPE", "normal")):
        assert raw.call("CLIENT", "LIST", *bad) == b"-ERR Invalid client ID\r\n"
    for bad in (("TYPE",), ("foo",), ("ID",), ("TYPE", "normal", "ID", "1"), ("TYPE", "a", "b")):
        assert raw.call("CLIENT", "LIST", *bad) == b"-ERR syntax error\r\n"
    raw.call("HELLO", "3")
    assert raw.call("CLIENT", "LIST", "TYPE", "master") == b"=4\r\ntxt:\r\n"


def test_client_kill_errors(raw: RawClient) -> None:
    assert raw.call("CLIENT", "KILL") == (
        b"-ERR wrong number of arguments for 'client|kill' command\r\n"
    )
    for old_form in ("1.2.3.4:5", "foo", "ID", "ADDR"):
        assert raw.call("CLIENT", "KILL", old_form) == b"-ERR No such client\r\n"
    for bad_id in ("x", "0", "-5", "9223372036854775808"):
        assert raw.call("CLIENT", "KILL", "ID", bad_id) == (
            b"-ERR client-id should be greater than 0\r\n"
        )
    assert raw.call("CLIENT", "KILL", "TYPE", "foo") == b"-ERR Unknown client type 'foo'\r\n"
    assert raw.call("CLIENT", "KILL", "USER", "nobody") == b"-ERR No such user 'nobody'\r\n"
    assert raw.call("CLIENT", "KILL", "USER", "Default") == b"-ERR No such user 'Default'\r\n"
    for bad in (
        ("FOO", "bar"),
        ("SKIPME", "x"),
        ("TYPE", "normal", "SKIPME"),
        ("MAXAGE", "5"),
        ("ADDR", "x", "y"),
        ("SKIPME", "YES", "ID"),
    ):
        assert raw.call("CLIENT", "KILL", *bad) == b"-ERR syntax error\r\n"
    assert raw.call("CLIENT", "KILL", "ID", "1", "TYPE", "foo") == (
        b"-ERR Unknown client type 'foo'\r\n"
    )
    for no_match in (
        ("ID", "9223372036854775807"),
        ("TYPE", "master"),
        ("TYPE", "pubsub"),
        ("ADDR", "1.2.3.4:5"),
        ("LADDR", "1.2.3.4:5"),
        ("TYPE", "slave"),
    ):
        assert raw.call("CLIENT", "KILL", *no_match) == b":0\r\n"


@pytest.mark.needs_own_server("private server")
def test_client_kill_other_clients(target: Target) -> None:
    server = target.start_server()  # a private server: these filters match every client
    host, port = server.host, server.port
    with RawClient(host, port) as me, RawClient(host, port) as a, RawClient(host, port) as b:
        a_id, b_id = client_id(a), client_id(b)
        assert me.call("CLIENT", "KILL", "ADDR", peer(a), "ID", str(b_id)) == b":0\r\n"
        assert me.call("CLIENT", "KILL", "ADDR", peer(a), "ID", str(a_id)) == b":1\r\n"
        assert a.is_closed() and not b.is_closed(wait=0.2)
        assert me.call("CLIENT", "KILL", peer(b)) == OK
        assert b.is_closed()
        assert me.call("CLIENT", "KILL", peer(b)) == b"-ERR No such client\r\n"
    with RawClient(host, port) as me, RawClient(host, port) as c, RawClient(host, port) as d:
        assert c.call("PING") == b"+PONG\r\n" and d.call("PING") == b"+PONG\r\n"
        assert me.call("CLIENT", "KILL", "LADDR", f"{host}:{port}") == b":2\r\n"
        assert c.is_closed() and d.is_closed()
        assert me.call("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes") == b":0\r\n"
        assert me.call("PING") == b"+PONG\r\n"
    with RawClient(host, port) as me, RawClient(host, port) as e:
        assert e.call("PING") == b"+PONG\r\n"
        assert me.call("CLIENT", "KILL", "USER", "default", "SKIPME", "no") == b":2\r\n"
        assert me.read_until_closed() == b""
        assert e.is_closed()


def test_client_kill_of_a_client_that_does_not_read_its_replies(target: Target) -> None:
    """A client that asked for more than the socket buffers hold and reads nothing is closed
    at once by CLIENT KILL: its pending replies are dropped, nobody waits for them."""
    value = b"x" * (1024 * 1024)
    with RawClient(target.host, target.port) as me, RawClient(target.host, target.port) as slow:
        assert me.call("SET", "big", value) == OK
        slow_id = client_id(slow)
        slow.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)  # buffers stay small
        slow.send(encode_command("GET", "big") * 16)  # 16 MiB of replies, never read
        time.sleep(0.3)  # the server has written what fits and is waiting for room
        assert me.call("CLIENT", "KILL", "ID", slow_id) == b":1\r\n"
        ids = re.findall(rb"id=(\d+) ", bulk_body(me.call("CLIENT", "LIST")))
        assert str(slow_id).encode() not in ids
        assert me.call("PING") == b"+PONG\r\n"
        # What was already in the kernel's buffers arrives, then end of file: the rest of
        # the 16 MiB is dropped, not sent.
        received = len(slow.read_until_closed(timeout=10))
        assert 0 < received < 16 * (len(value) + 12)


def test_client_kill_yourself_replies_then_closes(target: Target, raw: RawClient) -> None:
    """The killed caller gets its reply; commands pipelined after it never run."""
    me = client_id(raw)
    kill = encode_command("CLIENT", "KILL", "ID", me)
    kill_me = encode_command("CLIENT", "KILL", "ID", me, "SKIPME", "no")
    raw.send(kill + kill_me + encode_command("SET", "k", "v"))
    assert raw.read_until_closed() == b":0\r\n:1\r\n"  # SKIPME defaults to yes (new form)
    with RawClient(target.host, target.port) as old_form:
        assert old_form.call("CLIENT", "KILL", peer(old_form)) == OK  # old form: no SKIPME
        assert old_form.is_closed()
    with RawClient(target.host, target.port) as check:
        assert check.call("EXISTS", "k") == b":0\r\n"


@pytest.mark.needs_own_server("CLIENT PAUSE stops every client of the server")
def test_client_pause_unpause_unblock(raw: RawClient) -> None:
    assert raw.call("CLIENT", "PAUSE") == (
        b"-ERR wrong number of arguments for 'client|pause' command\r\n"
    )
    assert raw.call("CLIENT", "PAUSE", "x") == b"-ERR timeout is not an integer or out of range\r\n"
    assert raw.call("CLIENT", "PAUSE", "-1") == b"-ERR timeout is negative\r\n"
    assert raw.call("CLIENT", "PAUSE", "x", "foo") == (
        b"-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n"
    )
    assert raw.call("CLIENT", "pause", "10", "all", "x") == (
        b"-ERR unknown subcommand or wrong number of arguments for 'pause'. Try CLIENT HELP.\r\n"
    )
    assert raw.call("CLIENT", "PAUSE", "1", "WRITE") == OK
    assert raw.call("CLIENT", "PAUSE", "1", "all") == OK
    assert raw.call("CLIENT", "UNPAUSE") == OK
    assert raw.call("CLIENT", "UNPAUSE", "x") == (
        b"-ERR wrong number of arguments for 'client|unpause' command\r\n"
    )
    assert raw.call("CLIENT", "UNBLOCK", str(client_id(raw))) == b":0\r\n"
    assert raw.call("CLIENT", "UNBLOCK", "999999", "TIMEOUT") == b":0\r\n"
    assert raw.call("CLIENT", "UNBLOCK", "-1", "error") == b":0\r\n"
    assert raw.call("CLIENT", "UNBLOCK", "1.5") == (
        b"-ERR value is not an integer or out of range\r\n"
    )
    assert raw.call("CLIENT", "UNBLOCK", "x", "foo") == (
        b"-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n"
    )
    assert raw.call("CLIENT", "UNBLOCK", "1", "error", "x") == (
        b"-ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. Try CLIENT HELP.\r\n"
    )


def test_client_no_evict_and_tracking_state(raw: RawClient) -> None:
    assert raw.call("CLIENT", "NO-EVICT", "ON") == OK
    assert own_line(raw)[b"flags"] == b"e"
    assert raw.call("CLIENT", "NO-EVICT", "off") == OK
    assert own_line(raw)[b"flags"] == b"N"
    assert raw.call("CLIENT", "NO-EVICT", "yes") == b"-ERR syntax error\r\n"
    assert raw.call("CLIENT", "GETREDIR") == b":-1\r\n"
    tracking = (
        b"$5\r\nflags\r\n%s1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n"
    )
    assert raw.call("CLIENT", "TRACKINGINFO") == b"*6\r\n" + tracking % b"*"
    for mode in ("yes", "x"):
        assert raw.call("CLIENT", "CACHING", mode) == (
            b"-ERR CLIENT CACHING can be called only when the client is in tracking mode with "
            b"OPTIN or OPTOUT mode enabled\r\n"
        )
    raw.call("HELLO", "3")
    assert raw.call("CLIENT", "TRACKINGINFO") == b"%3\r\n" + tracking % b"~"


CLIENT_HELP = [
    "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "CACHING (YES|NO)",
    "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
    "GETREDIR",
    "    Return the client ID we are redirecting to when tracking is enabled.",
    "GETNAME",
    "    Return the name of the current connection.",
    "ID",
    "    Return the ID of the current connection.",
    "INFO",
    "    Return information about the current client connection.",
    "KILL <ip:port>",
    "    Kill connection made from <ip:port>.",
    "KILL <option> <value> [<option> <value> [...]]",
    "    Kill connections. Options are:",
    "    * ADDR (<ip:port>|<unixsocket>:0)",
    "      Kill connections made from the specified address",
    "    * LADDR (<ip:port>|<unixsocket>:0)",
    "      Kill connections made to specified local address",
    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
    "      Kill connections by type.",
    "    * USER <username>",
    "      Kill connections authenticated by <username>.",
    "    * SKIPME (YES|NO)",
    "      Skip killing current connection (default: yes).",
    "LIST [options ...]",
    "    Return information about client connections. Options:",
    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
    "      Return clients of specified type.",
    "UNPAUSE",
    "    Stop the current client pause, resuming traffic.",
    "PAUSE <timeout> [WRITE|ALL]",
    "    Suspend all, or just write, clients for <timeout> milliseconds.",
    "REPLY (ON|OFF|SKIP)",
    "    Control the replies sent to the current connection.",
    "SETNAME <name>",
    "    Assign the name <name> to the current connection.",
    "UNBLOCK <clientid> [TIMEOUT|ERROR]",
    "    Unblock the specified blocked client.",
    "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
    "         [OPTIN] [OPTOUT] [NOLOOP]",
    "    Control server assisted client side caching.",
    "TRACKINGINFO",
    "    Report tracking status for the current connection.",
    "NO-EVICT (ON|OFF)",
    "    Protect current client connection from eviction.",
    "HELP",
    "    Prints this help.",
]


def test_client_help(raw: RawClient) -> None:
    expected = b"*48\r\n" + b"".join(b"+" + line.encode() + b"\r\n" for line in CLIENT_HELP)
    assert raw.call("CLIENT", "HELP") == expected
    assert raw.call("client", "help") == expected


def test_client_setinfo_is_a_known_difference(target: Target, raw: RawClient) -> None:
    """CLIENT SETINFO exists from Redis 7.2; redis-server 7.0.15 answers "unknown subcommand".

    Intentional difference: redis-py 8 sends ``CLIENT SETINFO LIB-NAME/LIB-VER`` on every
    connection and ignores an error, so both answers work for it. miniredis implements 7.2's
    command (+OK, the values kept on the session) because the project's brief asks for it,
    and keeps CLIENT LIST in 7.0's format (no ``lib-name=``/``lib-ver=`` fields).
    """
    replies = [
        raw.call("CLIENT", "SETINFO", "LIB-NAME", "mylib"),
        raw.call("CLIENT", "SETINFO", "lib-ver", "1.0"),
        raw.call("CLIENT", "SETINFO", "foo", "x"),
        raw.call("CLIENT", "SETINFO", "LIB-NAME", "a b"),
    ]
    if target.name == "redis":
        unknown = b"-ERR unknown subcommand 'SETINFO'. Try CLIENT HELP.\r\n"
        assert replies == [unknown] * 4
    else:
        assert replies == [
            OK,
            OK,
            b"-ERR Unrecognized option 'foo'\r\n",
            b"-ERR LIB-NAME cannot contain spaces, newlines or special characters.\r\n",
        ]
    assert b"lib-name" not in raw.call("CLIENT", "INFO")  # 7.0's line on both


def test_redis_py_default_handshake_and_client_helpers(target: Target) -> None:
    """redis-py 8's RESP3 handshake (HELLO 3, CLIENT MAINT_NOTIFICATIONS, SETINFO) works, and
    its CLIENT helpers parse what the server sends."""
    client = target.client(client_name="helper")
    other = target.client(protocol=2)
    try:
        assert client.ping() is True
        me = client.client_id()
        info = {key: str(value) for key, value in client.client_info().items()}
        assert (info["id"], info["name"], info["resp"]) == (str(me), "helper", "3")
        assert info["cmd"] == "client|info"
        listed = {entry["id"]: entry for entry in client.client_list()}
        assert listed[str(me)]["name"] == "helper"
        assert client.echo(b"hi") == b"hi"
        other_id = other.client_id()
        assert client.client_kill_filter(_id=other_id) == 1
        assert str(other_id) not in {entry["id"] for entry in client.client_list()}
        assert client.swapdb(0, 1) is True
    finally:
        client.close()
        other.close()
