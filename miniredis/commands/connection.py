"""Connection commands: the client's own session (Redis's ``@connection`` group).

A Redis connection carries state of its own, separate from the data: which database it has
selected, which protocol it speaks, whether it has authenticated, its name. The commands here
read and change that state; none of them touches a key (except SWAPDB, which exchanges two
whole databases under every client's feet).

- **PING / ECHO**: liveness. PING answers ``+PONG``, or echoes its argument as a bulk string.
  A RESP2 client that has SUBSCRIBEd gets ``["pong", message]`` instead, because in RESP2 a
  subscribed connection may only receive arrays (RESP3 has out-of-band *push* replies, so a
  RESP3 PING answers normally).
- **SELECT / SWAPDB**: a connection works in one numbered database at a time (``SELECT 3``);
  ``SWAPDB 0 1`` swaps the *contents* of two databases, so every client on database 0 sees what
  was in 1. WATCHed keys that exist on either side count as modified.
- **AUTH / HELLO**: with ``requirepass`` set, every command except a few (``no_auth`` in the
  table: AUTH, HELLO, QUIT, RESET) answers ``-NOAUTH`` until the client proves it knows the
  password. Redis 6 added users (ACL); miniredis has only Redis's ``default`` user, whose
  password is ``requirepass`` -- with no ``requirepass``, ``default`` is a "nopass" user and
  accepts any password. ``HELLO [2|3] [AUTH user pass] [SETNAME name]`` is the handshake
  modern clients send first: it can authenticate, name the connection and switch the protocol
  in one round trip, and answers a map describing the server *in the new protocol*.
- **RESET**: put the connection back as it was just after connecting (database 0, RESP2, no
  name, no transaction, no subscriptions, not authenticated if a password is required).
- **QUIT**: answer ``+OK``, then close.

The CLIENT container lives in ``client_cmd.py`` and ``client_list.py``.

Other modules hook into RESET with :func:`on_reset` (pub/sub unsubscribes everything there).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from miniredis import REDIS_VERSION, errors
from miniredis.commands import client_list  # noqa: F401  (registers CLIENT LIST/INFO/KILL)
from miniredis.commands.args import INT32_MAX, INT32_MIN, parse_db_index, parse_int, token
from miniredis.commands.client_cmd import DEFAULT_USER, set_client_name, subscriptions
from miniredis.commands.table import command
from miniredis.errors import CommandError
from miniredis.protocol.replies import OK, PONG, SimpleString

if TYPE_CHECKING:
    from miniredis.server import Server
    from miniredis.session import Session

RESET_REPLY = SimpleString(b"RESET")
_VERSION = REDIS_VERSION.encode()

ResetHook = Callable[["Session"], None]
_RESET_HOOKS: list[ResetHook] = []


def on_reset(hook: ResetHook) -> ResetHook:
    """Register ``hook(session)`` to run on RESET (e.g. pub/sub: unsubscribe from everything).

    Usable as a decorator. Hooks run after the transaction is discarded and before the
    database, protocol, name and authentication are reset.
    """
    _RESET_HOOKS.append(hook)
    return hook


# --- shared helpers (CLIENT uses them too) ---------------------------------------------------
def requirepass(server: Server) -> bytes | None:
    """The default user's password as bytes, or None when none is configured ("nopass")."""
    password = server.config.requirepass
    if not password:
        return None
    if isinstance(password, str):
        # argv and config files arrive as str decoded with surrogateescape; undo it exactly.
        return password.encode("utf-8", "surrogateescape")
    return bytes(password)


def authenticate(ctx: Session, username: bytes, password: bytes) -> bool:
    """Redis's ACLAuthenticateUser for the one user miniredis has: ``default``.

    On success the session is authenticated as that user; on failure nothing changes (a
    client that was already authenticated stays so, as in Redis).
    """
    if username != DEFAULT_USER:
        return False
    expected = requirepass(ctx.server)
    if expected is not None and not hmac.compare_digest(password, expected):
        return False
    ctx.user = DEFAULT_USER
    ctx.authenticated = True
    return True


# --- commands --------------------------------------------------------------------------------
@command(
    "ping",
    arity=-1,
    flags="fast",
    group="connection",
    since="1.0.0",
    summary="Ping the server",
    complexity="O(1)",
    tips="request_policy:all_shards response_policy:all_succeeded",
)
def ping(ctx: Session, *message: bytes) -> Any:
    """PING [message]  ->  +PONG, or the message as a bulk string."""
    if len(message) > 1:
        raise CommandError(errors.wrong_arity("ping"))
    if ctx.protocol == 2 and any(subscriptions(ctx)):
        return [b"pong", message[0] if message else b""]
    return message[0] if message else PONG


@command(
    "echo",
    arity=2,
    flags="loading stale fast",
    group="connection",
    since="1.0.0",
    summary="Echo the given string",
    complexity="O(1)",
)
def echo(ctx: Session, message: bytes) -> bytes:
    """ECHO message  ->  the message as a bulk string."""
    return message


@command(
    "select",
    arity=2,
    flags="loading stale fast",
    group="connection",
    since="1.0.0",
    summary="Change the selected database for the current connection",
    complexity="O(1)",
)
def select(ctx: Session, index: bytes) -> Any:
    """SELECT index  ->  +OK."""
    ctx.select(parse_db_index(index, len(ctx.server.keyspace.dbs)))
    return OK


@command(
    "swapdb",
    arity=3,
    flags="write fast",
    group="server",
    since="4.0.0",
    summary="Swaps two Redis databases",
    acl="@keyspace @dangerous",
    complexity="O(N) where N is the count of clients watching or blocking on keys from both "
    "databases.",
)
def swapdb(ctx: Session, index1: bytes, index2: bytes) -> Any:
    """SWAPDB index1 index2  ->  +OK; clients of either database now see the other's keys."""
    first = _swapdb_index(index1, errors.SWAPDB_INVALID_FIRST)
    second = _swapdb_index(index2, errors.SWAPDB_INVALID_SECOND)
    databases = len(ctx.server.keyspace.dbs)
    if not (0 <= first < databases and 0 <= second < databases):
        raise CommandError(errors.DB_INDEX_OUT_OF_RANGE)
    if first != second:  # swapping a database with itself touches nothing, not even WATCH
        ctx.server.keyspace.swap(first, second)
    return OK


def _swapdb_index(value: bytes, message: str) -> int:
    """getIntFromObjectOrReply with a message: not an integer, or not a C int -> ``message``."""
    index = parse_int(value, message)
    if not INT32_MIN <= index <= INT32_MAX:
        raise CommandError(message)
    return index


@command(
    "auth",
    arity=-2,
    flags="noscript loading stale fast no_auth allow_busy",
    group="connection",
    since="1.0.0",
    summary="Authenticate to the server",
    history=(("6.0.0", "Added ACL style (username and password)."),),
    complexity="O(N) where N is the number of passwords defined for the user",
)
def auth(ctx: Session, *args: bytes) -> Any:
    """AUTH [username] password  ->  +OK, or -WRONGPASS."""
    if len(args) > 2:
        raise CommandError(errors.SYNTAX)
    if len(args) == 1:
        if requirepass(ctx.server) is None:
            raise CommandError(errors.AUTH_NO_PASSWORD)
        username, password = DEFAULT_USER, args[0]
    else:
        username, password = args
    if not authenticate(ctx, username, password):
        raise CommandError(errors.WRONGPASS)
    return OK


@command(
    "hello",
    arity=-1,
    flags="noscript loading stale fast no_auth allow_busy",
    group="connection",
    since="6.0.0",
    summary="Handshake with Redis",
    history=(
        (
            "6.2.0",
            "`protover` made optional; when called without arguments the command reports the "
            "current connection's context.",
        ),
    ),
    complexity="O(1)",
)
def hello(ctx: Session, *args: bytes) -> Any:
    """HELLO [protover [AUTH username password] [SETNAME clientname]]  ->  map of server facts.

    Options take effect one by one as they are read, as in Redis 7.0: ``HELLO 3 AUTH default
    pw SETNAME "a b"`` authenticates and *then* fails on the name; ``HELLO 3 SETNAME x`` sets
    the name even when it then answers NOAUTH. The protocol switches last, only on success,
    and the reply is encoded in the new protocol (``%7`` for 3, ``*14`` for 2).
    """
    version = 0
    if args:
        version = parse_int(args[0], errors.HELLO_PROTO_NOT_INT)
        if version not in (2, 3):
            raise CommandError(errors.NOPROTO)
    i = 1
    while i < len(args):
        option = token(args[i])
        remaining = len(args) - 1 - i
        if option == b"AUTH" and remaining >= 2:
            if not authenticate(ctx, args[i + 1], args[i + 2]):
                raise CommandError(errors.WRONGPASS)
            i += 3
        elif option == b"SETNAME" and remaining >= 1:
            set_client_name(ctx, args[i + 1])
            i += 2
        else:
            raise CommandError(errors.hello_syntax(args[i]))
    if not ctx.authenticated:
        raise CommandError(errors.HELLO_NOAUTH)
    if version:
        ctx.protocol = version
    return {
        b"server": b"redis",
        b"version": _VERSION,
        b"proto": ctx.protocol,
        b"id": ctx.id,
        b"mode": b"standalone",
        b"role": b"master",
        b"modules": [],
    }


@command(
    "reset",
    arity=1,
    flags="noscript loading stale fast no_auth allow_busy",
    group="connection",
    since="6.2.0",
    summary="Reset the connection",
    complexity="O(1)",
)
def reset(ctx: Session) -> Any:
    """RESET  ->  +RESET; the connection is as new (db 0, RESP2, no name, no MULTI/WATCH)."""
    ctx.multi = None
    ctx.multi_error = False
    ctx.unwatch()
    for hook in _RESET_HOOKS:
        hook(ctx)
    ctx.select(0)
    ctx.protocol = 2
    ctx.name = b""
    ctx.user = DEFAULT_USER
    ctx.authenticated = requirepass(ctx.server) is None
    return RESET_REPLY


@command(
    "quit",
    arity=-1,
    flags="noscript loading stale fast no_auth allow_busy",
    group="connection",
    since="1.0.0",
    summary="Close the connection",
    complexity="O(1)",
)
def quit_(ctx: Session, *_: bytes) -> Any:
    """QUIT  ->  +OK, then the server closes the connection."""
    ctx.close_after_reply = True
    return OK
