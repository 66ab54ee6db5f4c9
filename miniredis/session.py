"""Per-connection state, with no socket in it: Redis's ``client`` struct, minus the I/O.

Every command handler receives the session as ``ctx``. Through it a handler reaches the
selected database (``ctx.db``), the whole server (``ctx.server``: keyspace, config, other
clients), and the connection's own settings: protocol version (2 or 3, switched by HELLO),
name, library info, whether it has authenticated, and its MULTI/WATCH state.

Because the session holds no socket, commands stay pure functions of (session, arguments),
testable without a network, and the connection loop (``connection.py``) is the only place that
reads and writes bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from miniredis.commands.table import CommandSpec
    from miniredis.keyspace.db import Database
    from miniredis.server import Server


class Session:
    """One client connection's state (``CLIENT LIST`` shows most of these fields).

    ``__slots__``: an idle client's memory is mostly this object and its connection's, so
    no per-instance ``__dict__``. ``channels``, ``patterns`` and ``shard_channels`` are the
    pub/sub module's (unset until it subscribes the client; see ``subscriptions()``).
    """

    __slots__ = (
        "addr",
        "authenticated",
        "channels",
        "close_after_reply",
        "created_ms",
        "db",
        "id",
        "killed",
        "laddr",
        "last_command",
        "last_interaction_ms",
        "lib_name",
        "lib_ver",
        "multi",
        "multi_error",
        "name",
        "no_evict",
        "patterns",
        "protocol",
        "query_buffer",
        "server",
        "shard_channels",
        "unblock",
        "user",
        "watch_dirty",
        "watching",
    )

    def __init__(
        self,
        server: Server,
        client_id: int,
        addr: str = "",
        laddr: str = "",
    ) -> None:
        self.server = server
        self.id = client_id
        self.addr = addr
        self.laddr = laddr
        self.db: Database = server.keyspace.dbs[0]
        self.protocol = 2
        self.name = b""
        self.lib_name = b""
        self.lib_ver = b""
        self.user = b"default"
        self.authenticated = not server.config.requirepass
        self.created_ms = server.keyspace.now_ms
        self.last_interaction_ms = self.created_ms
        self.last_command = b"NULL"
        # Set by QUIT, CLIENT KILL, SHUTDOWN: reply, then close (CLIENT_CLOSE_AFTER_REPLY).
        self.close_after_reply = False
        self.killed = False
        # MULTI / WATCH (multi.c): queued commands, or None when not in a transaction.
        self.multi: list[tuple[CommandSpec, list[bytes]]] | None = None
        self.multi_error = False  # a command was rejected while queueing: EXEC -> EXECABORT
        # (db, key) -> did the key already look expired when WATCHed (multi.c watchedKey);
        # None until the first WATCH (most clients never send one).
        self.watching: dict[tuple[Database, bytes], bool] | None = None
        self.watch_dirty = False
        # Bookkeeping the connection loop fills in for INFO / CLIENT LIST.
        self.query_buffer = 0
        # While blocked (BLPOP...): how CLIENT UNBLOCK ends the wait, ``unblock(error)``.
        self.unblock: Callable[[bool], None] | None = None
        self.no_evict = False  # CLIENT NO-EVICT ON (CLIENT LIST flag e)

    @property
    def db_index(self) -> int:
        return self.db.index

    def select(self, index: int) -> None:
        """Switch to database ``index`` (already validated by the caller)."""
        self.db = self.server.keyspace.dbs[index]

    def unwatch(self) -> None:
        """Forget every WATCHed key (UNWATCH, EXEC, DISCARD, disconnect)."""
        for db, key in self.watching or ():
            sessions = db.watchers.get(key)
            if sessions is not None:
                sessions.discard(self)
                if not sessions:
                    del db.watchers[key]
        self.watching = None
        self.watch_dirty = False
