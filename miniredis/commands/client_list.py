"""CLIENT LIST, CLIENT INFO and CLIENT KILL: every client, one line each.

``CLIENT LIST`` prints one line of ``field=value`` pairs per client; monitoring tools and
client libraries (redis-py's ``client_list()``) split it on spaces and ``=``, so the fields
come in Redis 7.0's order, with Redis's names::

    id=3 addr=127.0.0.1:50372 laddr=127.0.0.1:6379 fd=8 name= age=0 idle=0 flags=N db=0
    sub=0 psub=0 ssub=0 multi=-1 qbuf=26 qbuf-free=20448 argv-mem=10 multi-mem=0 rbs=1024
    rbp=0 obl=0 oll=0 omem=0 tot-mem=22298 events=r cmd=client|list user=default redir=-1 resp=2

Real values: id, addr, laddr, fd, name, age and idle (seconds), flags, db, the subscription
counts, multi (commands queued, -1 outside MULTI), qbuf and argv-mem of the running command,
multi-mem (Redis's formula: argument bytes plus 8 per argument), cmd (the last command), user,
resp. Buffer sizes (rbs, rbp, obl, oll, omem, tot-mem) are plausible constants: miniredis does
not manage memory per client the way Redis does.

``flags`` letters, in Redis's order: ``P`` subscribed, ``x`` in MULTI, ``b`` blocked, ``d`` a
WATCHed key changed (EXEC will fail), ``c`` closing after this reply, ``U`` unix socket, ``e``
no-evict; ``N`` when none applies.

``CLIENT KILL`` has two forms. The old one, ``CLIENT KILL ip:port``, answers ``+OK`` or ``No
such client`` and may kill the caller. The new one takes filters (``ID``, ``TYPE``, ``ADDR``,
``LADDR``, ``USER``, ``SKIPME``), kills every client matching all of them -- except the caller,
unless ``SKIPME no`` -- and answers how many. A killed caller gets its reply, then the server
closes the connection; anything it pipelined after the KILL never runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from miniredis import errors
from miniredis.commands.args import parse_int, token
from miniredis.commands.client_cmd import ADMIN_FLAGS, DEFAULT_USER, FLAGS, subscriptions
from miniredis.commands.table import command
from miniredis.errors import CommandError, cstring
from miniredis.protocol.replies import OK, Verbatim

if TYPE_CHECKING:
    from miniredis.session import Session

# Client types for LIST TYPE / KILL TYPE (getClientTypeByName); "slave" is the old "replica".
_TYPES = {
    b"normal": "normal",
    b"replica": "replica",
    b"slave": "replica",
    b"pubsub": "pubsub",
    b"master": "master",
}

# Redis sizes the query buffer at 20474 bytes free for a fresh read (PROTO_IOBUF_LEN + sds).
_QBUF_SIZE = 20474
_BASE_MEM = 22272


# --- the CLIENT LIST line --------------------------------------------------------------------
def sessions(ctx: Session) -> list[Session]:
    """Every connected client's session, oldest first (the caller included, even unregistered).

    A client killed by CLIENT KILL is gone at once, as in Redis, even if its greenlet has not
    yet run to close the socket.
    """
    found = {
        conn.session.id: conn.session
        for conn in ctx.server.clients.values()
        if not conn.session.killed
    }
    found.setdefault(ctx.id, ctx)
    return [found[client_id] for client_id in sorted(found)]


def addresses(session: Session) -> tuple[str, str, bool]:
    """(addr, laddr, is_unix): a unix socket client shows ``<path>:0`` for both, as Redis."""
    if not session.addr and session.laddr:
        path = session.laddr + ":0"
        return path, path, True
    return session.addr, session.laddr, False


def client_type(session: Session) -> str:
    """getClientType: a client with subscriptions is ``pubsub``; no replicas or masters here."""
    return "pubsub" if any(subscriptions(session)) else "normal"


def _flags(session: Session, unix: bool) -> str:
    flags = ""
    if any(subscriptions(session)):
        flags += "P"
    if session.multi is not None:
        flags += "x"
    if session.unblock is not None:
        flags += "b"
    if session.watch_dirty:
        flags += "d"
    if session.close_after_reply:
        flags += "c"
    if unix:
        flags += "U"
    if session.no_evict:
        flags += "e"
    return flags or "N"


def _fd(session: Session) -> int:
    """The client's socket descriptor: the connection's (the session holds no socket)."""
    conn = session.server.clients.get(session.id)
    return conn.sock.fileno() if conn is not None else -1


def _request_size(argv: list[bytes]) -> int:
    """Bytes of ``argv`` as a multibulk request: what sits in the query buffer while it runs."""
    size = len(b"*%d\r\n" % len(argv))
    for arg in argv:
        size += len(b"$%d\r\n" % len(arg)) + len(arg) + 2
    return size


def client_line(session: Session, running: list[bytes] | None = None) -> bytes:
    """One CLIENT LIST line (no newline). ``running`` is the argv of the command executing now,
    given for the calling client: its query buffer still holds it and it is its ``cmd``."""
    now_s = session.server.keyspace.now_ms // 1000
    addr, laddr, unix = addresses(session)
    sub, psub, ssub = subscriptions(session)
    queued = session.multi
    multi_mem = sum(len(a) + 8 for _, argv in queued for a in argv) if queued is not None else 0
    if running is not None:
        qbuf = _request_size(running)
        argv_mem = sum(len(a) for a in running)
        idle = 0
        cmd = b"client|" + running[1].lower()
    else:
        qbuf = session.query_buffer
        argv_mem = 0
        idle = now_s - session.last_interaction_ms // 1000
        cmd = session.last_command
    fields = (
        f"id={session.id} addr={addr} laddr={laddr} fd={_fd(session)} name=".encode()
        + session.name
        + (
            f" age={now_s - session.created_ms // 1000} idle={idle}"
            f" flags={_flags(session, unix)} db={session.db_index}"
            f" sub={sub} psub={psub} ssub={ssub}"
            f" multi={len(queued) if queued is not None else -1}"
            f" qbuf={qbuf} qbuf-free={max(_QBUF_SIZE - qbuf, 0)} argv-mem={argv_mem}"
            f" multi-mem={multi_mem} rbs=1024 rbp=0 obl=0 oll=0 omem=0"
            f" tot-mem={_BASE_MEM + qbuf + multi_mem} events=r cmd="
        ).encode()
        + cmd
        + b" user="
        + session.user
        + f" redir=-1 resp={session.protocol}".encode()
    )
    return fields


def _parse_type(name: bytes) -> str:
    kind = _TYPES.get(token(name).lower())
    if kind is None:
        raise CommandError(errors.unknown_client_type(name))
    return kind


# --- subcommands -----------------------------------------------------------------------------
@command(
    "client|info",
    arity=2,
    flags=FLAGS,
    group="connection",
    since="6.2.0",
    summary="Returns information about the current client connection.",
    complexity="O(1)",
    tips="nondeterministic_output",
)
def client_info(ctx: Session, sub: bytes) -> Verbatim:
    """CLIENT INFO  ->  verbatim string: this connection's CLIENT LIST line."""
    return Verbatim(client_line(ctx, [b"client", sub]) + b"\n")


@command(
    "client|list",
    arity=-2,
    flags=ADMIN_FLAGS,
    group="connection",
    since="2.4.0",
    summary="Get the list of client connections",
    history=(
        ("2.8.12", "Added unique client `id` field."),
        ("5.0.0", "Added optional `TYPE` filter."),
        ("6.0.0", "Added `user` field."),
        (
            "6.2.0",
            "Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter.",
        ),
        ("7.0.0", "Added `resp`, `multi-mem`, `rbs` and `rbp` fields."),
        ("7.0.3", "Added `ssub` field."),
    ),
    complexity="O(N) where N is the number of client connections",
    tips="nondeterministic_output",
)
def client_list(ctx: Session, sub: bytes, *options: bytes) -> Verbatim:
    """CLIENT LIST [TYPE <NORMAL | MASTER | REPLICA | PUBSUB>] [ID client-id [client-id ...]]  ->  verbatim string, a line per client."""  # noqa: E501
    if not options:
        chosen = sessions(ctx)
    elif len(options) == 2 and token(options[0]) == b"TYPE":
        kind = _parse_type(options[1])
        chosen = [s for s in sessions(ctx) if client_type(s) == kind]
    elif len(options) >= 2 and token(options[0]) == b"ID":
        by_id = {s.id: s for s in sessions(ctx)}
        chosen = []
        for raw_id in options[1:]:  # in the order given, repeats included, as Redis
            found = by_id.get(parse_int(raw_id, errors.CLIENT_INVALID_ID))
            if found is not None:
                chosen.append(found)
    else:
        raise CommandError(errors.SYNTAX)
    running = [b"client", sub, *options]
    lines = [client_line(s, running if s is ctx else None) + b"\n" for s in chosen]
    return Verbatim(b"".join(lines))


@command(
    "client|kill",
    arity=-3,
    flags=ADMIN_FLAGS,
    group="connection",
    since="2.4.0",
    summary="Kill the connection of a client",
    history=(
        ("2.8.12", "Added new filter format."),
        ("2.8.12", "`ID` option."),
        ("3.2.0", "Added `master` type in for `TYPE` option."),
        (
            "5.0.0",
            "Replaced `slave` `TYPE` with `replica`. `slave` still supported for backward "
            "compatibility.",
        ),
        ("6.2.0", "`LADDR` option."),
    ),
    complexity="O(N) where N is the number of client connections",
)
def client_kill(ctx: Session, _sub: bytes, *args: bytes) -> Any:
    """CLIENT KILL <ip:port | <[ID client-id] | [TYPE <NORMAL | MASTER | SLAVE | REPLICA | PUBSUB>] | [USER username] | [ADDR ip:port] | [LADDR ip:port] | [SKIPME yes/no]> [<[ID client-id] | [TYPE <NORMAL | MASTER | SLAVE | REPLICA | PUBSUB>] | [USER username] | [ADDR ip:port] | [LADDR ip:port] | [SKIPME yes/no]> ...]>  ->  +OK (old form) or integer: clients killed."""  # noqa: E501
    if len(args) == 1:  # old form: CLIENT KILL addr, may kill the caller itself
        killed = _kill(ctx, addr=cstring(args[0]).decode("latin-1"), skipme=False)
        if not killed:
            raise CommandError(errors.NO_SUCH_CLIENT)
        return OK
    filters: dict[str, Any] = {}
    skipme = True
    for i in range(0, len(args), 2):
        option = token(args[i])
        if i + 1 >= len(args):
            raise CommandError(errors.SYNTAX)
        value = args[i + 1]
        if option == b"ID":
            client = parse_int(value, errors.CLIENT_ID_NOT_POSITIVE)
            if client < 1:
                raise CommandError(errors.CLIENT_ID_NOT_POSITIVE)
            filters["cid"] = client
        elif option == b"TYPE":
            filters["kind"] = _parse_type(value)
        elif option == b"ADDR":
            filters["addr"] = cstring(value).decode("latin-1")
        elif option == b"LADDR":
            filters["laddr"] = cstring(value).decode("latin-1")
        elif option == b"USER":
            if value != DEFAULT_USER:
                raise CommandError(errors.no_such_user(value))
            filters["user"] = value
        elif option == b"SKIPME":
            answer = token(value)
            if answer not in (b"YES", b"NO"):
                raise CommandError(errors.SYNTAX)
            skipme = answer == b"YES"
        else:
            raise CommandError(errors.SYNTAX)
    return _kill(ctx, skipme=skipme, **filters)


def _kill(
    ctx: Session,
    *,
    skipme: bool,
    cid: int = 0,
    kind: str | None = None,
    addr: str | None = None,
    laddr: str | None = None,
    user: bytes | None = None,
) -> int:
    """Close every client matching all the filters; the caller closes after its reply."""
    killed = 0
    for session in sessions(ctx):
        peer, local, _ = addresses(session)
        if addr is not None and peer != addr:
            continue
        if laddr is not None and local != laddr:
            continue
        if kind is not None and client_type(session) != kind:
            continue
        if cid and session.id != cid:
            continue
        if user is not None and session.user != user:
            continue
        if session is ctx:
            if skipme:
                continue
            ctx.close_after_reply = True
        else:
            ctx.server.kill_client(session.id)
        killed += 1
    return killed
