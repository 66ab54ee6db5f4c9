"""Connection commands through the real dispatcher, without sockets.

PING ECHO SELECT SWAPDB AUTH HELLO RESET QUIT and the CLIENT container. Expected bytes are the
ones redis-server 7.0.15 sends (the compat tests check the same against the real server);
here we also check the session state behind them, and time with the manual clock.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from miniredis.commands.connection import on_reset
from miniredis.config import Config
from miniredis.dispatch import dispatch
from miniredis.keyspace.clock import ManualClock
from miniredis.protocol.encoder import encode
from miniredis.server import Server
from miniredis.session import Session

HELLO2 = (
    b"*14\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n"
    b"$5\r\nproto\r\n:2\r\n$2\r\nid\r\n:%d\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n"
    b"$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n"
)
HELLO3 = (
    b"%%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n"
    b"$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:%d\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n"
    b"$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n"
)
WRONGPASS = b"-WRONGPASS invalid username-password pair or user is disabled.\r\n"
NOAUTH = b"-NOAUTH Authentication required.\r\n"
HELLO_NOAUTH = (
    b"-NOAUTH HELLO must be called with the client already authenticated, otherwise the "
    b"HELLO AUTH <user> <pass> option can be used to authenticate the client and select the "
    b"RESP protocol version at the same time\r\n"
)
BAD_NAME = b"-ERR Client names cannot contain spaces, newlines or special characters.\r\n"
LINE = re.compile(
    rb"id=(\d+) addr=(\S*) laddr=(\S*) fd=(-?\d+) name=(\S*) age=(\d+) idle=(\d+) flags=(\w+) "
    rb"db=(\d+) sub=(\d+) psub=(\d+) ssub=(\d+) multi=(-?\d+) qbuf=(\d+) qbuf-free=(\d+) "
    rb"argv-mem=(\d+) multi-mem=(\d+) rbs=\d+ rbp=\d+ obl=0 oll=0 omem=0 tot-mem=\d+ events=r "
    rb"cmd=(\S+) user=default redir=-1 resp=([23])\n"
)


def call(session: Session, *args: str | bytes) -> bytes:
    argv = [a if isinstance(a, bytes) else a.encode() for a in args]
    return encode(dispatch(session, argv), session.protocol)


def connect(server: Server, addr: str = "127.0.0.1:50001") -> Session:
    """A second client, registered the way the connection loop registers real ones."""
    return register(server, Session(server, server.next_client_id(), addr, "127.0.0.1:6379"))


def register(server: Server, session: Session) -> Session:
    """Enter ``session`` in the client registry as a busy connection on descriptor 9."""
    sock = SimpleNamespace(fileno=lambda: 9)
    conn = SimpleNamespace(session=session, idle=False, waiting_to_send=False, sock=sock)
    server.clients[session.id] = conn  # type: ignore[assignment]
    return session


def info_fields(line: bytes) -> dict[bytes, bytes]:
    return dict(pair.split(b"=", 1) for pair in line.split())


@pytest.fixture
def secured(clock: ManualClock) -> Server:
    config = Config()
    config.requirepass = "pw"
    return Server(config, clock=clock)


# --- PING ECHO SELECT SWAPDB QUIT ------------------------------------------------------------
def test_ping_and_echo(run) -> None:
    assert run("PING") == b"+PONG\r\n"
    assert run("ping", "hi") == b"$2\r\nhi\r\n"
    assert run("PING", "a", "b") == b"-ERR wrong number of arguments for 'ping' command\r\n"
    assert run("ECHO", "") == b"$0\r\n\r\n"
    assert run("ECHO", "a", "b") == b"-ERR wrong number of arguments for 'echo' command\r\n"


def test_ping_while_subscribed_in_resp2_answers_an_array(session, run) -> None:
    session.channels = {b"c"}  # what pub/sub keeps on the session
    assert run("PING") == b"*2\r\n$4\r\npong\r\n$0\r\n\r\n"
    assert run("PING", "x") == b"*2\r\n$4\r\npong\r\n$1\r\nx\r\n"
    session.protocol = 3
    assert run("PING") == b"+PONG\r\n"


def test_select(session, run) -> None:
    assert run("SELECT", "15") == b"+OK\r\n"
    assert session.db_index == 15
    for bad in ("16", "-1"):
        assert run("SELECT", bad) == b"-ERR DB index is out of range\r\n"
    for bad in ("x", "1.0", " 1", "01", "+1"):
        assert run("SELECT", bad) == b"-ERR value is not an integer or out of range\r\n"
    assert session.db_index == 15


def test_swapdb_errors_in_redis_order(run) -> None:
    assert run("SWAPDB", "x", "1") == b"-ERR invalid first DB index\r\n"
    assert run("SWAPDB", "1", "x") == b"-ERR invalid second DB index\r\n"
    assert run("SWAPDB", "16", "x") == b"-ERR invalid second DB index\r\n"
    assert run("SWAPDB", "0", "16") == b"-ERR DB index is out of range\r\n"
    assert run("SWAPDB", "-1", "0") == b"-ERR DB index is out of range\r\n"


def test_swapdb_swaps_contents_under_every_client(server, session, run) -> None:
    other = connect(server)
    run("SET", "k", "zero")
    call(other, "SELECT", "1")
    call(other, "SET", "k", "one")
    assert run("SWAPDB", "0", "1") == b"+OK\r\n"
    assert run("GET", "k") == b"$3\r\none\r\n"
    assert call(other, "GET", "k") == b"$4\r\nzero\r\n"


def test_swapdb_with_itself_does_not_touch_watched_keys(run) -> None:
    run("SET", "k", "v")
    run("WATCH", "k")
    assert run("SWAPDB", "0", "0") == b"+OK\r\n"
    run("MULTI")
    assert run("EXEC") == b"*0\r\n"


def test_quit_closes_after_the_reply(session, run) -> None:
    assert run("QUIT", "extra", "args") == b"+OK\r\n"
    assert session.close_after_reply


# --- HELLO -----------------------------------------------------------------------------------
def test_hello_replies_in_the_new_protocol(session, run) -> None:
    assert run("HELLO") == HELLO2 % session.id
    assert run("HELLO", "3") == HELLO3 % session.id
    assert session.protocol == 3
    assert run("HELLO") == HELLO3 % session.id
    assert run("GET", "missing") == b"_\r\n"
    assert run("HELLO", "2") == HELLO2 % session.id
    assert session.protocol == 2


def test_hello_errors(session, run) -> None:
    for version in ("4", "1", "0", "-1"):
        assert run("HELLO", version) == b"-NOPROTO unsupported protocol version\r\n"
    assert run("HELLO", "x") == b"-ERR Protocol version is not an integer or out of range\r\n"
    assert run("HELLO", "3.0") == b"-ERR Protocol version is not an integer or out of range\r\n"
    assert run("HELLO", "2", "x") == b"-ERR Syntax error in HELLO option 'x'\r\n"
    assert run("HELLO", "2", "AUTH", "a") == b"-ERR Syntax error in HELLO option 'AUTH'\r\n"
    assert run("HELLO", "2", "setname") == b"-ERR Syntax error in HELLO option 'setname'\r\n"
    assert run("HELLO", "2", b"a\0b") == b"-ERR Syntax error in HELLO option 'a'\r\n"
    assert run("HELLO", "3", "SETNAME", "a b") == BAD_NAME
    assert run("HELLO", "4", "SETNAME", "a b") == b"-NOPROTO unsupported protocol version\r\n"
    assert session.protocol == 2


def test_hello_options_apply_one_by_one(session, run) -> None:
    """Redis 7.0 sets the name as it reads it: a later bad option does not undo it."""
    assert run("HELLO", "3", "SETNAME", "first", "bogus") == (
        b"-ERR Syntax error in HELLO option 'bogus'\r\n"
    )
    assert session.name == b"first" and session.protocol == 2
    assert run("HELLO", "3", "SETNAME", "a", "setname", "b") == HELLO3 % session.id
    assert run("CLIENT", "GETNAME") == b"$1\r\nb\r\n"
    assert run("HELLO", "2", "SETNAME", "") == HELLO2 % session.id
    assert run("CLIENT", "GETNAME") == b"$-1\r\n"


def test_hello_auth_without_requirepass(run) -> None:
    """The default user has no password: any password works for it, other users don't exist."""
    assert run("HELLO", "2", "AUTH", "default", "anything") == HELLO2 % 1
    assert run("HELLO", "2", "AUTH", "someone", "pw") == WRONGPASS


def test_hello_with_requirepass(secured) -> None:
    s = Session(secured, secured.next_client_id(), "127.0.0.1:1", "127.0.0.1:6379")
    assert call(s, "HELLO") == HELLO_NOAUTH
    assert call(s, "HELLO", "3", "SETNAME", "early") == HELLO_NOAUTH
    assert s.name == b"early"  # set before the NOAUTH, as in Redis 7.0
    assert call(s, "HELLO", "3", "AUTH", "default", "nope") == WRONGPASS
    assert call(s, "HELLO", "3", "SETNAME", "a b", "AUTH", "default", "pw") == BAD_NAME
    assert not s.authenticated
    assert call(s, "HELLO", "3", "AUTH", "default", "pw", "SETNAME", "a b") == BAD_NAME
    assert s.authenticated and s.protocol == 2  # authenticated, then failed on the name
    assert call(s, "HELLO", "3", "auth", "default", "pw", "setname", "app") == HELLO3 % s.id
    assert s.protocol == 3 and s.name == b"app"


# --- AUTH ------------------------------------------------------------------------------------
def test_auth_without_requirepass(run) -> None:
    assert run("AUTH", "x") == (
        b"-ERR AUTH <password> called without any password configured for the default user. "
        b"Are you sure your configuration is correct?\r\n"
    )
    assert run("AUTH", "default", "x") == b"+OK\r\n"
    assert run("AUTH", "a", "b") == WRONGPASS
    assert run("AUTH", "a", "b", "c") == b"-ERR syntax error\r\n"
    assert run("AUTH") == b"-ERR wrong number of arguments for 'auth' command\r\n"


def test_auth_with_requirepass(secured) -> None:
    s = Session(secured, secured.next_client_id(), "127.0.0.1:1", "127.0.0.1:6379")
    assert call(s, "PING") == NOAUTH
    assert call(s, "CLIENT", "ID") == NOAUTH
    assert call(s, "AUTH", "wrong") == WRONGPASS
    assert call(s, "AUTH", "Default", "pw") == WRONGPASS
    assert call(s, "AUTH", "pw") == b"+OK\r\n"
    assert call(s, "AUTH", "wrong") == WRONGPASS  # a failed AUTH keeps the earlier login
    assert call(s, "PING") == b"+PONG\r\n"
    t = Session(secured, secured.next_client_id(), "127.0.0.1:2", "127.0.0.1:6379")
    assert call(t, "AUTH", "default", "pw") == b"+OK\r\n"


def test_auth_accepts_a_binary_password(clock) -> None:
    config = Config()
    config.requirepass = b"p\xffw".decode("utf-8", "surrogateescape")  # as argv delivers it
    server = Server(config, clock=clock)
    s = Session(server, server.next_client_id())
    assert call(s, "AUTH", b"p\xffw") == b"+OK\r\n"


# --- RESET -----------------------------------------------------------------------------------
def test_reset_restores_a_fresh_connection(session, run) -> None:
    hooked: list[Session] = []
    hook = on_reset(hooked.append)
    try:
        run("CLIENT", "SETNAME", "foo")
        run("SELECT", "5")
        run("HELLO", "3")
        run("WATCH", "k")
        run("MULTI")
        run("SET", "a", "b")
        assert run("RESET") == b"+RESET\r\n"
    finally:
        from miniredis.commands import connection

        connection._RESET_HOOKS.remove(hook)
    assert hooked == [session]
    assert session.protocol == 2 and session.db_index == 0 and session.name == b""
    assert session.multi is None and not session.watching
    assert run("EXEC") == b"-ERR EXEC without MULTI\r\n"
    assert run("RESET", "x") == b"-ERR wrong number of arguments for 'reset' command\r\n"


def test_reset_logs_out_when_a_password_is_required(secured) -> None:
    s = Session(secured, secured.next_client_id())
    assert call(s, "RESET") == b"+RESET\r\n"  # no_auth: allowed before AUTH
    call(s, "AUTH", "pw")
    assert call(s, "RESET") == b"+RESET\r\n"
    assert call(s, "PING") == NOAUTH


# --- CLIENT ----------------------------------------------------------------------------------
def test_client_id_setname_getname(session, run) -> None:
    assert run("CLIENT", "ID") == b":%d\r\n" % session.id
    assert run("CLIENT", "GETNAME") == b"$-1\r\n"
    assert run("CLIENT", "SETNAME", "~!") == b"+OK\r\n"
    assert run("client", "getname") == b"$2\r\n~!\r\n"
    for bad in ("a b", "a\nb", "\xe9", "a\0b"):
        assert run("CLIENT", "SETNAME", bad) == BAD_NAME
    assert run("CLIENT", "SETNAME", "") == b"+OK\r\n"
    assert run("CLIENT", "GETNAME") == b"$-1\r\n"
    session.protocol = 3
    assert run("CLIENT", "GETNAME") == b"_\r\n"


def test_client_arity_and_unknown_subcommands(run) -> None:
    assert run("CLIENT") == b"-ERR wrong number of arguments for 'client' command\r\n"
    assert run("CLIENT", "ID", "x") == (
        b"-ERR wrong number of arguments for 'client|id' command\r\n"
    )
    for sub in ("MAINT_NOTIFICATIONS", "TRACKING", "REPLY"):
        assert run("CLIENT", sub, "ON") == (
            b"-ERR unknown subcommand '%s'. Try CLIENT HELP.\r\n" % sub.encode()
        )


def test_client_info_line(session, clock, run) -> None:
    clock.advance(3500)
    reply = run("CLIENT", "INFO")
    body = reply.split(b"\r\n", 1)[1][:-2]
    assert reply.startswith(b"$%d\r\n" % len(body))
    m = LINE.fullmatch(body)
    assert m, body
    fields = info_fields(body)
    assert fields[b"id"] == b"%d" % session.id
    assert fields[b"addr"] == b"127.0.0.1:50000" and fields[b"laddr"] == b"127.0.0.1:6379"
    assert fields[b"age"] == b"3" and fields[b"idle"] == b"0"
    assert fields[b"flags"] == b"N" and fields[b"multi"] == b"-1"
    assert fields[b"qbuf"] == b"26" and fields[b"qbuf-free"] == b"20448"
    assert fields[b"argv-mem"] == b"10" and fields[b"cmd"] == b"client|info"
    session.protocol = 3
    reply = run("CLIENT", "INFO")
    assert reply.startswith(b"=%d\r\ntxt:id=" % (len(body) + 4))
    assert reply.endswith(b" resp=3\n\r\n")


def test_client_list_shows_other_clients_state(server, session, clock, run) -> None:
    other = connect(server)
    call(other, "CLIENT", "SETNAME", "aa")
    call(other, "SELECT", "3")
    call(other, "CLIENT", "NO-EVICT", "on")
    call(other, "MULTI")
    call(other, "SET", "k", "v")
    call(other, "GET", "k")
    clock.advance(2000)
    listing = run("CLIENT", "LIST").split(b"\r\n", 1)[1][:-2]
    lines = listing.splitlines(keepends=True)
    assert [LINE.fullmatch(line) is not None for line in lines] == [True, True]
    mine, theirs = (info_fields(line) for line in lines)
    assert mine[b"id"] == b"%d" % session.id and mine[b"cmd"] == b"client|list"
    assert theirs[b"name"] == b"aa" and theirs[b"db"] == b"3"
    assert theirs[b"flags"] == b"xe" and theirs[b"multi"] == b"2"
    assert theirs[b"multi-mem"] == b"49"  # SET k v + GET k: 9 bytes + 8 per argument
    assert theirs[b"qbuf"] == b"0" and theirs[b"argv-mem"] == b"0"
    assert theirs[b"age"] == b"2" and theirs[b"idle"] == b"2"


def test_client_list_filters(server, session, run) -> None:
    other = connect(server)
    other.channels = {b"news"}
    assert run("CLIENT", "LIST", "TYPE", "pubsub").count(b"id=") == 1
    assert b"flags=P " in run("CLIENT", "LIST", "TYPE", "PUBSUB")
    assert b" sub=1 " in run("CLIENT", "LIST", "TYPE", "pubsub")
    for kind in ("master", "replica", "slave"):
        assert run("CLIENT", "LIST", "TYPE", kind) == b"$0\r\n\r\n"
    assert run("CLIENT", "LIST", "TYPE", "foo") == b"-ERR Unknown client type 'foo'\r\n"
    ids = run("CLIENT", "LIST", "ID", str(other.id), "999", str(session.id), str(other.id))
    assert re.findall(rb"id=(\d+) ", ids) == [b"%d" % i for i in (other.id, session.id, other.id)]
    assert run("CLIENT", "LIST", "ID", "1", "x") == b"-ERR Invalid client ID\r\n"
    for bad in (("TYPE",), ("foo",), ("ID",), ("TYPE", "normal", "ID", "1"), ("TYPE", "a", "b")):
        assert run("CLIENT", "LIST", *bad) == b"-ERR syntax error\r\n"


def test_client_list_flags_for_watch_and_unix_sockets(server, session, run) -> None:
    unix = register(server, Session(server, server.next_client_id(), "", "/tmp/redis.sock"))
    line = run("CLIENT", "LIST", "ID", str(unix.id))
    assert b" addr=/tmp/redis.sock:0 laddr=/tmp/redis.sock:0 " in line
    assert b" flags=U " in line
    run("WATCH", "k")
    call(unix, "SET", "k", "1")
    assert b" flags=d " in run("CLIENT", "INFO")


def test_client_kill_errors(run) -> None:
    assert run("CLIENT", "KILL") == b"-ERR wrong number of arguments for 'client|kill' command\r\n"
    for old in ("1.2.3.4:5", "ID", "ADDR"):
        assert run("CLIENT", "KILL", old) == b"-ERR No such client\r\n"
    for bad_id in ("x", "0", "-5", "9223372036854775808"):
        assert run("CLIENT", "KILL", "ID", bad_id) == (
            b"-ERR client-id should be greater than 0\r\n"
        )
    assert run("CLIENT", "KILL", "TYPE", "foo") == b"-ERR Unknown client type 'foo'\r\n"
    assert run("CLIENT", "KILL", "USER", "Default") == b"-ERR No such user 'Default'\r\n"
    for bad in (("FOO", "bar"), ("SKIPME", "x"), ("TYPE", "normal", "SKIPME"), ("MAXAGE", "5")):
        assert run("CLIENT", "KILL", *bad) == b"-ERR syntax error\r\n"
    assert run("CLIENT", "KILL", "ID", "99999") == b":0\r\n"
    assert run("CLIENT", "KILL", "ID", "1", "ID", "x") == (
        b"-ERR client-id should be greater than 0\r\n"
    )


def test_client_kill_filters_and_skipme(server, session, run) -> None:
    a = connect(server, "127.0.0.1:40001")
    b = connect(server, "127.0.0.1:40002")
    assert run("CLIENT", "KILL", "ADDR", "127.0.0.1:40001", "ID", str(b.id)) == b":0\r\n"
    assert run("CLIENT", "KILL", "ADDR", "127.0.0.1:40001") == b":1\r\n"
    assert a.killed and a.close_after_reply and not b.killed
    assert b"id=%d " % a.id not in run("CLIENT", "LIST")  # gone at once
    assert run("CLIENT", "KILL", "USER", "default") == b":1\r\n"  # b; a is gone, not me
    assert not session.close_after_reply
    assert run("CLIENT", "KILL", "ID", str(session.id), "SKIPME", "no") == b":1\r\n"
    assert session.close_after_reply


def test_client_kill_old_form_kills_the_caller_too(session, run) -> None:
    assert run("CLIENT", "KILL", "127.0.0.1:50000") == b"+OK\r\n"
    assert session.close_after_reply


def test_client_pause_unpause_unblock(run) -> None:
    assert run("CLIENT", "PAUSE", "10") == b"+OK\r\n"
    assert run("CLIENT", "PAUSE", "10", "write") == b"+OK\r\n"
    assert run("CLIENT", "PAUSE", "x") == b"-ERR timeout is not an integer or out of range\r\n"
    assert run("CLIENT", "PAUSE", "-1") == b"-ERR timeout is negative\r\n"
    assert run("CLIENT", "PAUSE", "x", "foo") == b"-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n"
    assert run("CLIENT", "pause", "10", "all", "x") == (
        b"-ERR unknown subcommand or wrong number of arguments for 'pause'. Try CLIENT HELP.\r\n"
    )
    assert run("CLIENT", "UNPAUSE") == b"+OK\r\n"
    assert run("CLIENT", "UNBLOCK", "1") == b":0\r\n"
    assert run("CLIENT", "UNBLOCK", "x") == b"-ERR value is not an integer or out of range\r\n"
    assert run("CLIENT", "UNBLOCK", "x", "foo") == (
        b"-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n"
    )
    assert run("CLIENT", "UNBLOCK", "1", "error", "x") == (
        b"-ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. Try CLIENT HELP.\r\n"
    )


def test_client_unblock_calls_the_blocked_clients_hook(server, run) -> None:
    other = connect(server)
    calls: list[bool] = []
    other.unblock = calls.append
    assert b" flags=b " in run("CLIENT", "LIST", "ID", str(other.id))
    assert run("CLIENT", "UNBLOCK", str(other.id), "ERROR") == b":1\r\n"
    assert run("CLIENT", "UNBLOCK", str(other.id)) == b":1\r\n"
    assert calls == [True, False]


def test_client_no_evict_tracking_help(run) -> None:
    assert run("CLIENT", "NO-EVICT", "ON") == b"+OK\r\n"
    assert b" flags=e " in run("CLIENT", "INFO")
    assert run("CLIENT", "NO-EVICT", "off") == b"+OK\r\n"
    assert run("CLIENT", "NO-EVICT", "yes") == b"-ERR syntax error\r\n"
    assert run("CLIENT", "GETREDIR") == b":-1\r\n"
    assert run("CLIENT", "TRACKINGINFO") == (
        b"*6\r\n$5\r\nflags\r\n*1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n"
    )
    assert run("CLIENT", "CACHING", "yes") == (
        b"-ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN "
        b"or OPTOUT mode enabled\r\n"
    )
    help_reply = run("CLIENT", "HELP")
    assert help_reply.startswith(
        b"*48\r\n+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
    )
    assert help_reply.endswith(b"+HELP\r\n+    Prints this help.\r\n")


def test_client_setinfo_is_redis_7_2s(session, run) -> None:
    assert run("CLIENT", "SETINFO", "LIB-NAME", "redis-py") == b"+OK\r\n"
    assert run("CLIENT", "SETINFO", "lib-ver", "8.1.0") == b"+OK\r\n"
    assert (session.lib_name, session.lib_ver) == (b"redis-py", b"8.1.0")
    assert run("CLIENT", "SETINFO", "foo", "x") == b"-ERR Unrecognized option 'foo'\r\n"
    assert run("CLIENT", "SETINFO", "Lib-Name", "a b") == (
        b"-ERR Lib-Name cannot contain spaces, newlines or special characters.\r\n"
    )
    assert b"lib-name" not in run("CLIENT", "INFO")  # CLIENT LIST keeps 7.0's fields
