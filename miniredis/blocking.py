"""Blocking commands' machinery: Redis's ``blocked.c``, without the sockets.

``BLPOP queue 5`` on an empty ``queue`` does not answer: the client *blocks* until another
client pushes, the timeout passes, or ``CLIENT UNBLOCK`` releases it. Redis keeps, per
database and key, the list of clients blocked on that key, in arrival order; a command that
makes a key non-empty calls ``signalKeyAsReady``, and after that command (after EXEC for a
transaction) ``handleClientsBlockedOnKeys`` serves the waiters first-come first-served, each
one running its pop right there, before any other command can steal the element.

miniredis splits that work so command handlers stay I/O-free:

1. A blocking handler that finds nothing to pop calls :func:`block` and returns the
   :class:`Waiter` it gets: the keys, the deadline, and a ``serve(key)`` callable that does
   the pop for one ready key (for BLPOP: pop from that key and answer ``[key, element]``).
2. ``dispatch.call`` tells the manager about every write command while anyone is blocked
   (:meth:`Blocking.after_call`): each argument naming a key some client waits on marks that
   key *ready*; at the end of a top-level command (EXEC included, after its last queued
   command) the manager serves the ready keys in the order they were signalled.
3. The connection loop, handed a ``Waiter`` instead of a reply, sends the replies before it,
   parks its greenlet on the waiter's event, and sends ``waiter.reply`` once it is set: by a
   push (served), by the deadline (null array), by ``CLIENT UNBLOCK`` (null or ``UNBLOCKED``),
   or it drops the waiter if the client disconnects meanwhile.

Deadlines are milliseconds on the keyspace clock. The connection waits in real time for the
remaining milliseconds, and the server's cron calls :meth:`Blocking.expire` each tick, so
tests driving a manual clock fire timeouts by advancing it, without sleeping.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from gevent.event import Event

from miniredis import errors
from miniredis.errors import CommandError
from miniredis.protocol.replies import NULL_ARRAY

if TYPE_CHECKING:
    from miniredis.commands.table import CommandSpec
    from miniredis.keyspace.db import Database
    from miniredis.session import Session

_INT64_MAX = (1 << 63) - 1
_UNBLOCKED = CommandError(errors.UNBLOCKED)


def in_transaction(ctx: Session) -> bool:
    """True while EXEC runs this command: Redis's CLIENT_MULTI, under which nothing blocks.

    EXEC clears ``ctx.multi`` before running its queue, but the dispatcher left
    ``last_command`` at ``exec`` for the transaction's whole run.
    """
    return ctx.last_command == b"exec"


class Waiter:
    """One blocked client: what it waits on, how to serve it, and (once done) its reply."""

    __slots__ = (
        "db",
        "deadline_ms",
        "done",
        "keys",
        "reply",
        "serve",
        "session",
        "spec_name",
        "value_type",
        "wake",
        "writes",
    )

    def __init__(
        self,
        session: Session,
        keys: tuple[bytes, ...],
        deadline_ms: int,
        serve: Callable[[bytes], Any],
        value_type: type,
        writes: tuple[bytes, ...],
    ) -> None:
        self.session = session
        self.db: Database = session.db
        self.keys = tuple(dict.fromkeys(keys))  # BLPOP k k waits once on k
        self.deadline_ms = deadline_ms  # 0: forever
        self.serve = serve
        self.value_type = value_type
        self.writes = writes  # keys serving may create (BLMOVE's destination)
        self.spec_name = session.last_command.decode()
        self.done = False
        self.reply: Any = None
        self.wake = Event()


def block(
    ctx: Session,
    keys: tuple[bytes, ...],
    timeout_ms: int,
    serve: Callable[[bytes], Any],
    value_type: type,
    writes: tuple[bytes, ...] = (),
) -> Waiter:
    """Block ``ctx`` on ``keys`` (blockForKeys); the handler returns the Waiter as its reply."""
    now = ctx.server.keyspace.now_ms
    deadline = now + timeout_ms if timeout_ms else 0
    if deadline > _INT64_MAX:  # C's signed overflow makes the deadline negative: no timeout
        deadline = 0
    waiter = Waiter(ctx, keys, deadline, serve, value_type, writes)
    ctx.server.blocking.add(waiter)
    return waiter


class Blocking:
    """The server's blocked clients, by key, and the keys made ready since the last command."""

    def __init__(self, server: Any) -> None:
        self.server = server
        # key name -> {database: waiters in arrival order}; shared with Server.blocked_keys
        self.keys: dict[bytes, dict[Database, deque[Waiter]]] = {}
        self.ready: dict[bytes, None] = {}  # an ordered set: served in signalling order
        # every blocked client, for INFO and the timeout sweep (a dict: O(1) removal, in order)
        self.waiters: dict[Waiter, None] = {}

    # --- blocking and unblocking ---------------------------------------------------------
    def add(self, waiter: Waiter) -> None:
        for key in waiter.keys:
            self.keys.setdefault(key, {}).setdefault(waiter.db, deque()).append(waiter)
        self.waiters[waiter] = None
        waiter.session.unblock = lambda error: self.unblock(waiter, error)

    def _remove(self, waiter: Waiter) -> None:
        for key in waiter.keys:
            by_db = self.keys.get(key)
            if by_db is None:
                continue
            queue = by_db.get(waiter.db)
            if queue is not None:
                queue.remove(waiter)
                if not queue:
                    del by_db[waiter.db]
            if not by_db:
                del self.keys[key]
        del self.waiters[waiter]
        waiter.session.unblock = None

    def finish(self, waiter: Waiter, reply: Any) -> None:
        """Unblock ``waiter`` with ``reply``: count the call, wake its connection."""
        if waiter.done:
            return
        self._remove(waiter)
        waiter.done = True
        waiter.reply = reply
        if type(reply) is CommandError:
            stats = self.server.stats
            stats.command(waiter.spec_name).failed_calls += 1
            stats.count_error(reply.message)
        waiter.wake.set()

    def cancel(self, waiter: Waiter) -> None:
        """The client went away while blocked: forget it, leaving nothing behind."""
        if not waiter.done:
            self._remove(waiter)
            waiter.done = True

    def unblock(self, waiter: Waiter, error: bool) -> None:
        """CLIENT UNBLOCK: TIMEOUT answers as a timeout would, ERROR with ``-UNBLOCKED``."""
        self.finish(waiter, _UNBLOCKED if error else NULL_ARRAY)

    def expire(self, now_ms: int) -> None:
        """Time out every waiter whose deadline has passed (the cron's sweep; tests call it)."""
        for waiter in [w for w in self.waiters if w.deadline_ms and w.deadline_ms <= now_ms]:
            self.finish(waiter, NULL_ARRAY)

    @property
    def with_timeout(self) -> int:
        """INFO clients_in_timeout_table: blocked clients that have a deadline."""
        return sum(1 for w in self.waiters if w.deadline_ms)

    # --- serving -------------------------------------------------------------------------
    def after_call(self, ctx: Session, spec: CommandSpec, argv: list[bytes]) -> None:
        """After a command ran while clients are blocked: signal keys it may have filled,
        and unless it runs inside EXEC, serve the ready keys (handleClientsBlockedOnKeys)."""
        if spec.is_write:
            if spec.name == "swapdb":  # every key may have changed under the waiters
                self.ready.update(dict.fromkeys(self.keys))
            else:
                keys = self.keys
                for arg in argv[1:]:
                    if arg in keys:
                        self.ready[arg] = None
        if self.ready and (spec.name == "exec" or not in_transaction(ctx)):
            self.serve_ready()

    def serve_ready(self) -> None:
        """Serve waiters of every ready key, first-come first-served, until none is left;
        keys that serving fills (BLMOVE's destination) become ready in turn."""
        while self.ready:
            ready = list(self.ready)
            self.ready.clear()
            for key in ready:
                by_db = self.keys.get(key)
                if by_db is not None:
                    for db, queue in list(by_db.items()):
                        self._serve_key(db, key, queue)

    def _serve_key(self, db: Database, key: bytes, queue: deque[Waiter]) -> None:
        for waiter in list(queue):
            value = db.lookup(key)
            if value is None:
                return
            if type(value) is not waiter.value_type:
                continue
            try:
                reply = waiter.serve(key)
            except CommandError as exc:
                reply = exc
            self.finish(waiter, reply)
            for written in waiter.writes:
                if written in self.keys:
                    self.ready[written] = None
