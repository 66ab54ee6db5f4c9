"""From a parsed request to a reply value: Redis's ``processCommand`` and ``call``.

Every request passes the same gates, in the order ``server.c`` checks them; the first one that
fails answers with its error and the command does not run:

1. **Lookup** the name in the command table; for containers (``CONFIG GET``), the subcommand.
   Unknown -> ``unknown command 'x', with args beginning with: ...`` or ``unknown subcommand``.
2. **Arity** from the table -> ``wrong number of arguments for 'x' command``.
3. **Authentication** when ``requirepass`` is set -> ``NOAUTH Authentication required.``
4. **Transactions**: inside MULTI, a ``no_multi`` command is refused, and every other command
   except EXEC/DISCARD/MULTI/WATCH/QUIT/RESET is queued (``+QUEUED``) instead of run. A command
   refused while queueing poisons the transaction: EXEC will answer EXECABORT.
5. **Call**: read the clock once (the time snapshot), run the handler, count the call.
   While any client is blocked (BLPOP...), a write command then signals the keys it names,
   and the clients blocked on them are served (``blocking.py``).

Handlers never repeat these checks (house rule 2). They return a reply value or raise
``CommandError``; this module turns the exception into an error *value*, so the connection
encodes errors and replies alike.
"""

from __future__ import annotations

import logging
from time import time
from typing import TYPE_CHECKING, Any

from miniredis import errors
from miniredis.commands import TABLE
from miniredis.commands.table import CommandSpec
from miniredis.errors import CommandError
from miniredis.protocol.replies import QUEUED

if TYPE_CHECKING:
    from miniredis.session import Session

log = logging.getLogger("miniredis")

# Commands that run immediately even inside MULTI (server.c: the queueing condition).
_NOT_QUEUED = frozenset({"exec", "discard", "multi", "watch", "quit", "reset"})
_NOAUTH = CommandError(errors.NOAUTH)
_NO_MULTI = CommandError(errors.NOT_ALLOWED_IN_MULTI)

# The name as clients usually send it ("GET", "get") -> spec, so most requests skip .lower().
_FAST_LOOKUP: dict[bytes, CommandSpec] = {}


for _name, _spec in TABLE.items():
    _FAST_LOOKUP[_name] = _FAST_LOOKUP[_name.upper()] = _spec


def lookup(argv: list[bytes]) -> CommandSpec | CommandError:
    """Find the spec for ``argv`` (Redis's lookupCommand + commandCheckExistence)."""
    name = argv[0]
    spec = _FAST_LOOKUP.get(name) or TABLE.get(name.lower())
    if spec is None:
        return CommandError(errors.unknown_command(name, argv[1:]), trim=False)
    if spec.subcommands and len(argv) >= 2:
        sub = spec.subcommands.get(argv[1].lower())
        if sub is None:
            return CommandError(errors.unknown_subcommand(argv[1], spec.name.encode()), trim=False)
        spec = sub
    return spec


def dispatch(session: Session, argv: list[bytes]) -> Any:
    """Run one request through every gate and return its reply value (errors as values)."""
    spec = _FAST_LOOKUP.get(argv[0])  # the common case, without a call; lookup() does the rest
    if spec is None or spec.subcommands:
        spec = lookup(argv)
        if type(spec) is CommandError:
            session.last_command = b"NULL"  # CLIENT LIST cmd=NULL: lookup failed (c->lastcmd)
            return reject(session, spec, None)
    session.last_command = spec.name_bytes  # set before the gates, as processCommand does
    argc = len(argv)
    if argc != spec.arity if spec.arity >= 0 else argc < -spec.arity:
        return reject(session, CommandError(errors.wrong_arity(spec.fullname)), spec)
    if not session.authenticated and not spec.no_auth and session.server.config.requirepass:
        return reject(session, _NOAUTH, spec)
    if session.multi is not None and spec.name not in _NOT_QUEUED:
        if spec.no_multi:
            return reject(session, _NO_MULTI, spec)
        session.multi.append((spec, argv))
        return QUEUED
    return call(session, spec, argv)


def reject(session: Session, error: CommandError, spec: CommandSpec | None) -> CommandError:
    """A gate said no (rejectCommand): count it, and poison an open MULTI (flagTransaction)."""
    server = session.server
    server.stats.count_error(error.message)
    if spec is not None:
        server.stats.command(spec.fullname).rejected_calls += 1
    if session.multi is not None:
        if spec is not None and spec.name == "exec":
            # execCommandAbort: a gate refusing EXEC itself discards the transaction.
            session.multi = None
            session.multi_error = False
            session.unwatch()
            reason = error.message[4:] if error.message.startswith(b"ERR ") else error.message
            return CommandError(b"EXECABORT Transaction discarded because of: " + reason)
        session.multi_error = True
    return error


def call(session: Session, spec: CommandSpec, argv: list[bytes], snapshot: bool = True) -> Any:
    """Execute a command that passed the gates (Redis's ``call()``): snapshot, run, count.

    EXEC passes ``snapshot=False``: a transaction runs against one frozen instant, so no key
    expires between two of its commands (``server.fixed_time_expire``). The counters are
    looked up *after* the handler, as Redis does, so CONFIG RESETSTAT counts itself.
    """
    server = session.server
    # One clock read serves as the command's start and, as in Redis 7.0's call(), as the
    # keyspace's time snapshot (Keyspace.snapshot(), inlined: this runs for every command).
    start = time()
    if snapshot:
        keyspace = server.keyspace
        keyspace.now_ms = int(start * 1000) if keyspace.wall_clock else keyspace.clock()
    try:
        reply = spec.handler(session, *argv[1:])  # type: ignore[misc]
        failed = False
    except CommandError as exc:
        reply = exc
        failed = True
    except Exception:  # a bug in a handler must cost one reply, never the connection
        log.exception("Command %r raised", spec.fullname)
        reply = CommandError(b"ERR internal error while executing '%s'" % spec.name.encode())
        failed = True
    elapsed = time() - start
    stats = server.stats
    stat = stats.commands[spec.name]  # Stats.command(), without the call
    if failed:
        stat.failed_calls += 1
        stats.count_error(reply.message)
    stat.calls += 1
    stat.usec += elapsed * 1e6
    stats.total_commands_processed += 1
    if server.blocked_keys:  # someone is blocked: this command may have filled their key
        server.blocking.after_call(session, spec, argv)
    return reply
