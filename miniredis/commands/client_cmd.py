"""CLIENT: inspect and control client connections (Redis's ``CLIENT`` container, 7.0).

Every connection is a *client*: a numeric id that is never reused, an address, an optional
name (``CLIENT SETNAME``, also settable by ``HELLO ... SETNAME``), a selected database, a
protocol, and transaction and pub/sub state. This module declares the container and the
subcommands that act on the caller itself; ``client_list.py`` has the ones that look at every
client (``LIST``, ``INFO``, ``KILL``) and the ``CLIENT LIST`` line format.

What is deliberately different from Redis 7.0.15:

- ``SETINFO LIB-NAME|LIB-VER value`` is Redis **7.2**'s (7.0.15 answers ``unknown
  subcommand``). redis-py sends it on every connection and ignores the error; miniredis accepts
  and stores it (``session.lib_name`` / ``lib_ver``) but does not print ``lib-name=`` and
  ``lib-ver=`` in CLIENT LIST, which keeps the line byte-compatible with 7.0's format.
- ``PAUSE`` / ``UNPAUSE`` validate their arguments exactly and answer ``+OK``, but pausing is
  not enforced: other clients keep running.
- ``UNBLOCK`` answers 1 only for a client that is blocked in a blocking command; a blocking
  command marks its session with ``session.unblock = callback(error: bool)``.
- Tracking: ``GETREDIR`` (-1), ``TRACKINGINFO`` (off) and ``CACHING`` (the "not in tracking
  mode" error) answer as Redis does for a client without tracking. ``TRACKING`` itself and
  ``REPLY`` are not implemented and answer ``unknown subcommand``.
- ``MAINT_NOTIFICATIONS`` (redis-py 8 sends it) does not exist in 7.0, so it answers
  ``unknown subcommand`` like 7.0 does, which redis-py ignores.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from miniredis import errors
from miniredis.commands.args import parse_int, token
from miniredis.commands.table import command, container
from miniredis.errors import CommandError
from miniredis.protocol.replies import OK, RespSet, SimpleString

if TYPE_CHECKING:
    from miniredis.session import Session

container(
    "client",
    group="connection",
    since="2.4.0",
    summary="A container for client connection commands",
)

DEFAULT_USER = b"default"  # the only ACL user miniredis has
FLAGS = "noscript loading stale"
ADMIN_FLAGS = "admin noscript loading stale"

# CLIENT HELP, word for word as Redis 7.0 prints it (it still lists REPLY and TRACKING).
_HELP = (
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
)
HELP_LINES = [SimpleString(line.encode()) for line in _HELP]


# --- the client's identity (HELLO and RESET in connection.py use these too) -----------------
def valid_client_name(name: bytes) -> bool:
    """Names must be printable ASCII without spaces ('!'..'~'), so CLIENT LIST stays parseable."""
    return all(33 <= byte <= 126 for byte in name)


def set_client_name(ctx: Session, name: bytes) -> None:
    """CLIENT SETNAME / HELLO SETNAME: validate, then set; the empty name removes the name."""
    if not valid_client_name(name):
        raise CommandError(errors.CLIENT_NAME_INVALID)
    ctx.name = name


def subscriptions(session: Session) -> tuple[int, int, int]:
    """How many channels, patterns and shard channels ``session`` is subscribed to.

    The pub/sub module keeps them on the session as ``channels``, ``patterns`` and
    ``shard_channels`` (any sized collections); before it exists every count is 0.
    """
    return (
        len(getattr(session, "channels", ())),
        len(getattr(session, "patterns", ())),
        len(getattr(session, "shard_channels", ())),
    )


# --- subcommands -----------------------------------------------------------------------------
@command(
    "client|id",
    arity=2,
    flags=FLAGS,
    group="connection",
    since="5.0.0",
    summary="Returns the client ID for the current connection",
    complexity="O(1)",
)
def client_id(ctx: Session, _sub: bytes) -> int:
    """CLIENT ID  ->  integer: this connection's id."""
    return ctx.id


@command(
    "client|setname",
    arity=3,
    flags=FLAGS,
    group="connection",
    since="2.6.9",
    summary="Set the current connection name",
    complexity="O(1)",
)
def client_setname(ctx: Session, _sub: bytes, name: bytes) -> Any:
    """CLIENT SETNAME connection-name  ->  +OK; an empty name removes the name."""
    set_client_name(ctx, name)
    return OK


@command(
    "client|getname",
    arity=2,
    flags=FLAGS,
    group="connection",
    since="2.6.9",
    summary="Get the current connection name",
    complexity="O(1)",
)
def client_getname(ctx: Session, _sub: bytes) -> bytes | None:
    """CLIENT GETNAME  ->  bulk string, or null when the connection has no name."""
    return ctx.name or None


@command(
    "client|setinfo",
    arity=4,
    flags=FLAGS,
    group="connection",
    since="7.2.0",
    summary="Sets information specific to the client or connection.",
    complexity="O(1)",
)
def client_setinfo(ctx: Session, _sub: bytes, attr: bytes, value: bytes) -> Any:
    """CLIENT SETINFO <LIB-NAME libname | LIB-VER libver>  ->  +OK (Redis 7.2's command)."""
    name = token(attr)
    if name not in (b"LIB-NAME", b"LIB-VER"):
        raise CommandError(errors.setinfo_unrecognized(attr))
    if not valid_client_name(value):
        raise CommandError(errors.setinfo_invalid(attr))
    if name == b"LIB-NAME":
        ctx.lib_name = value
    else:
        ctx.lib_ver = value
    return OK


@command(
    "client|no-evict",
    arity=3,
    flags=ADMIN_FLAGS,
    group="connection",
    since="7.0.0",
    summary="Set client eviction mode for the current connection",
    complexity="O(1)",
)
def client_no_evict(ctx: Session, _sub: bytes, mode: bytes) -> Any:
    """CLIENT NO-EVICT <ON | OFF>  ->  +OK (shown as flag ``e`` in CLIENT LIST)."""
    mode = token(mode)
    if mode not in (b"ON", b"OFF"):
        raise CommandError(errors.SYNTAX)
    ctx.no_evict = mode == b"ON"
    return OK


@command(
    "client|pause",
    arity=-3,
    flags=ADMIN_FLAGS,
    group="connection",
    since="2.9.50",
    summary="Stop processing commands from clients for some time",
    history=(("6.2.0", "`CLIENT PAUSE WRITE` mode added along with the `mode` option."),),
    complexity="O(1)",
)
def client_pause(ctx: Session, sub: bytes, timeout: bytes, *mode: bytes) -> Any:
    """CLIENT PAUSE timeout [WRITE | ALL]  ->  +OK (accepted, not enforced by miniredis)."""
    if len(mode) > 1:
        raise CommandError(errors.subcommand_syntax(sub, b"CLIENT"))
    if mode and token(mode[0]) not in (b"WRITE", b"ALL"):
        raise CommandError(errors.CLIENT_PAUSE_MODE)
    if parse_int(timeout, errors.TIMEOUT_NOT_INTEGER) < 0:
        raise CommandError(errors.TIMEOUT_NEGATIVE)
    return OK


@command(
    "client|unpause",
    arity=2,
    flags=ADMIN_FLAGS,
    group="connection",
    since="6.2.0",
    summary="Resume processing of clients that were paused",
    complexity="O(N) Where N is the number of paused clients",
)
def client_unpause(ctx: Session, _sub: bytes) -> Any:
    """CLIENT UNPAUSE  ->  +OK."""
    return OK


@command(
    "client|unblock",
    arity=-3,
    flags=ADMIN_FLAGS,
    group="connection",
    since="5.0.0",
    summary="Unblock a client blocked in a blocking command from a different connection",
    complexity="O(log N) where N is the number of client connections",
)
def client_unblock(ctx: Session, sub: bytes, client: bytes, *reason: bytes) -> int:
    """CLIENT UNBLOCK client-id [TIMEOUT | ERROR]  ->  1 if the client was blocked, else 0."""
    if len(reason) > 1:
        raise CommandError(errors.subcommand_syntax(sub, b"CLIENT"))
    if reason and token(reason[0]) not in (b"TIMEOUT", b"ERROR"):
        raise CommandError(errors.CLIENT_UNBLOCK_REASON)
    target_id = parse_int(client)
    conn = ctx.server.clients.get(target_id)
    unblock = conn.session.unblock if conn is not None else None
    if unblock is None:
        return 0
    unblock(bool(reason) and token(reason[0]) == b"ERROR")
    return 1


@command(
    "client|getredir",
    arity=2,
    flags=FLAGS,
    group="connection",
    since="6.0.0",
    summary="Get tracking notifications redirection client ID if any",
    complexity="O(1)",
)
def client_getredir(ctx: Session, _sub: bytes) -> int:
    """CLIENT GETREDIR  ->  -1: tracking is never on in miniredis."""
    return -1


@command(
    "client|trackinginfo",
    arity=2,
    flags=FLAGS,
    group="connection",
    since="6.2.0",
    summary="Return information about server assisted client side caching for the current "
    "connection",
    complexity="O(1)",
)
def client_trackinginfo(ctx: Session, _sub: bytes) -> dict[bytes, Any]:
    """CLIENT TRACKINGINFO  ->  map: flags (a set: ``off``), redirect -1, prefixes (empty)."""
    return {b"flags": RespSet([b"off"]), b"redirect": -1, b"prefixes": []}


@command(
    "client|caching",
    arity=3,
    flags=FLAGS,
    group="connection",
    since="6.0.0",
    summary="Instruct the server about tracking or not keys in the next request",
    complexity="O(1)",
)
def client_caching(ctx: Session, _sub: bytes, _mode: bytes) -> Any:
    """CLIENT CACHING <YES | NO>  ->  error: only valid in OPTIN/OPTOUT tracking mode."""
    raise CommandError(errors.CLIENT_CACHING_NOT_TRACKING)


@command(
    "client|help",
    arity=2,
    flags="loading stale",
    group="connection",
    since="5.0.0",
    summary="Show helpful text about the different subcommands",
    complexity="O(1)",
)
def client_help(ctx: Session, _sub: bytes) -> list[SimpleString]:
    """CLIENT HELP  ->  array of status lines."""
    return HELP_LINES
