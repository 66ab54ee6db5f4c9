"""The server: listeners, the client registry, background work, and a graceful stop.

``Server`` ties the parts together. It owns the ``Config``, the ``Keyspace``, the ``Stats``
and every live ``Connection`` (by client id, for CLIENT LIST / CLIENT KILL / INFO). It listens
with gevent's ``StreamServer`` -- one per bind address, plus a unix socket when configured --
which accepts connections and runs ``connection.handle`` for each in a greenlet drawn from a
``Pool``. One greenlet per client is the whole concurrency model: commands run one at a time,
in one thread, like Redis's single-threaded event loop, so no command needs a lock.

A background greenlet does Redis's ``serverCron`` work ``hz`` times a second: the active
expiry cycle, and timing out blocked clients whose deadline has passed.

Stopping (SIGTERM, SIGINT, SHUTDOWN) closes the listeners, lets every client finish the
command it is running and receive its reply, closes the idle ones, and returns from
``serve_forever()``, so the process exits 0 like Redis's ``prepareForShutdown``.
"""

from __future__ import annotations

import _socket
import contextlib
import logging
import os
import signal
import socket
import time

import gevent
from gevent.event import Event
from gevent.pool import Pool
from gevent.server import StreamServer

from miniredis.blocking import Blocking
from miniredis.config import Config
from miniredis.connection import Connection, format_addr, handle
from miniredis.keyspace import Keyspace
from miniredis.keyspace.clock import Clock, system_clock
from miniredis.keyspace.expiry import ActiveExpiry
from miniredis.log import SIGNAL_HANDLER
from miniredis.stats import Stats

log = logging.getLogger("miniredis")

# Redis's bind wildcards: "*" is every IPv4 address, "::*" every IPv6 one.
_WILDCARDS = {"*": "0.0.0.0", "::*": "::"}
# Greenlets beyond maxclients, so a refused client can still be told "max number of clients".
POOL_HEADROOM = 64


class Listener(StreamServer):
    """gevent's ``StreamServer``, handing each accepted client over as a plain socket.

    ``StreamServer`` wraps every accepted socket in gevent's cooperative socket, with two
    watchers of its own. The connection drives a plain non-blocking socket (``connection.py``),
    so the wrapper would only cost memory for as long as the client stays connected.
    """

    def do_read(self) -> tuple[_socket.socket, str] | None:
        listening = self.socket
        try:
            fd, address = listening._accept()
        except BlockingIOError:
            return None  # no more pending connections in this turn of the loop
        # The peer's address is formatted once, here: the string is what CLIENT LIST shows,
        # and the only copy kept while the client stays connected.
        return _socket.socket(listening.family, _socket.SOCK_STREAM, 0, fd), format_addr(address)

    def do_handle(self, sock: _socket.socket, address: str) -> None:  # type: ignore[override]
        """Run ``handle`` in a pool greenlet of its own; ``handle`` closes the socket itself.

        gevent's default wraps the handler in a helper that closes the socket afterwards and
        calls it as ``handle(*args)``: one more interpreter frame on the C stack that every
        parked greenlet keeps a copy of.
        """
        try:
            self.pool.spawn(self.handle, sock, address)
        except BaseException:
            sock.close()
            raise


class Server:
    """A miniredis server. ``start()`` binds; ``serve_forever()`` blocks until stopped."""

    def __init__(self, config: Config | None = None, clock: Clock | None = None) -> None:
        self.config = config or Config()
        self.keyspace = Keyspace(self.config.databases, clock or system_clock)
        self.stats = Stats()
        self.clients: dict[int, Connection] = {}
        self.local_addresses: dict[str, str] = {}  # one shared string per CLIENT LIST laddr
        self._pending_writes: list[Connection] = []  # replies to write when the loop turn ends
        # Clients blocked in BLPOP & co., by key; ``blocked_keys`` is its dict, tested by
        # the dispatcher after every command, so keep it a plain attribute.
        self.blocking = Blocking(self)
        self.blocked_keys = self.blocking.keys
        self.started_at = time.time()
        self.run_id = os.urandom(20).hex()
        self.shutdown_requested = Event()
        self._last_client_id = 0
        self._pool = Pool(self.config.maxclients + POOL_HEADROOM)
        self._listeners: list[StreamServer] = []
        self._background: list[gevent.Greenlet] = []
        self._expiry = ActiveExpiry(self.keyspace)

    # --- life cycle ---------------------------------------------------------------------
    def start(self) -> None:
        """Bind every listener and start background work. Raises OSError if a bind fails."""
        # gevent records each greenlet's parent and spawning stack, for debugging; on a
        # server that spawns a greenlet per client it costs time per accept and memory per
        # connection (gevent.config, "track_greenlet_tree").
        gevent.config.track_greenlet_tree = False
        cfg = self.config
        if cfg.port:
            for host in cfg.bind:
                optional = host.startswith("-")  # Redis: "-::1" means "if available"
                address = _WILDCARDS.get(host.lstrip("-"), host.lstrip("-"))
                try:
                    self._listen(self._tcp_socket(address, cfg.port))
                except OSError:
                    if not optional:
                        self.stop(0)
                        raise
        if cfg.unixsocket:
            self._listen(self._unix_socket(cfg.unixsocket, cfg.unixsocketperm))
        if not self._listeners:
            raise OSError("no listening sockets (port 0 and no unixsocket)")
        self._background.append(gevent.spawn(self._cron))

    def serve_forever(self) -> None:
        """Start (unless ``start()`` was called), block until SIGTERM/SIGINT/SHUTDOWN, then stop."""
        if not self._listeners:
            self.start()
        handlers = [
            gevent.signal_handler(signum, self._on_signal, signum)
            for signum in (signal.SIGTERM, signal.SIGINT)
        ]
        try:
            self.shutdown_requested.wait()
        finally:
            for h in handlers:
                h.cancel()
            self.stop()

    def request_shutdown(self) -> None:
        """Ask ``serve_forever`` to stop (SHUTDOWN command, signals). Returns at once."""
        self.shutdown_requested.set()

    def stop(self, timeout: float = 1.0) -> None:
        """Close listeners, let in-flight commands send their replies, close every client."""
        for listener in self._listeners:
            listener.stop(timeout=0)
            self._cleanup_unix(listener)
        self._listeners.clear()
        for greenlet in self._background:
            greenlet.kill(block=False)
        self._background.clear()
        # Idle clients have been answered in full: close them now. Busy ones finish first.
        for conn in list(self.clients.values()):
            conn.session.close_after_reply = True
        deadline = time.monotonic() + timeout
        while self.clients and time.monotonic() < deadline:
            for conn in list(self.clients.values()):
                if conn.idle and conn.unsent is None:  # answered in full: close it
                    conn.greenlet.kill(block=False)
            gevent.sleep(0.01)
        self._pool.kill(timeout=timeout)

    @property
    def port(self) -> int:
        """The TCP port actually bound (useful with ``--port`` of a free port)."""
        for listener in self._listeners:
            addr = listener.address
            if isinstance(addr, tuple):
                return int(addr[1])
        return 0

    # --- clients ------------------------------------------------------------------------
    def next_client_id(self) -> int:
        """Client ids grow from 1 and are never reused (CLIENT ID)."""
        self._last_client_id += 1
        return self._last_client_id

    def kill_client(self, client_id: int) -> bool:
        """CLIENT KILL: close another client's connection at its next yield point."""
        conn = self.clients.get(client_id)
        if conn is None:
            return False
        conn.session.killed = True
        conn.session.close_after_reply = True
        if conn.idle or conn.waiting_to_send:  # Redis drops a killed client's pending output
            conn.greenlet.kill(block=False)
        return True

    # --- replies written when the loop turn ends ----------------------------------------
    def write_before_sleep(self, conn: Connection) -> None:
        """Write ``conn.unsent`` once every client that is ready in this turn of the loop ran.

        Redis queues a client's replies and writes them all in ``beforeSleep``, just before the
        event loop polls again: a client then gets its reply in one burst with the others' and
        is woken once, not once per ``send`` -- and waking a sleeping client is most of what a
        small ``send`` costs the sender. libev runs the watchers that fired in one poll one
        after the other, then the callbacks queued meanwhile: that is our ``beforeSleep``.
        """
        self._pending_writes.append(conn)
        if len(self._pending_writes) == 1:
            gevent.get_hub().loop.run_callback(self._write_pending)

    def _write_pending(self) -> None:
        """Redis's handleClientsWithPendingWrites: one non-blocking send per queued client."""
        pending, self._pending_writes = self._pending_writes, []
        for conn in pending:
            if not conn.write_unsent():  # the kernel buffer is full: the client's greenlet
                conn.greenlet.switch()  # waits for room itself (Connection.serve)

    # --- internals ----------------------------------------------------------------------
    def _handle(self, sock: _socket.socket, address: str) -> None:
        handle(self, sock, address)

    def _listen(self, sock: socket.socket) -> None:
        listener = Listener(sock, self._handle, spawn=self._pool)
        listener.start()
        self._listeners.append(listener)

    def _tcp_socket(self, host: str, port: int) -> socket.socket:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = gevent.socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind((host, port))
        sock.listen(self.config.tcp_backlog)
        return sock

    def _unix_socket(self, path: str, perm: int) -> socket.socket:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        sock = gevent.socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(path)
        if perm:
            os.chmod(path, perm)
        sock.listen(self.config.tcp_backlog)
        return sock

    @staticmethod
    def _cleanup_unix(listener: StreamServer) -> None:
        if isinstance(listener.address, str):
            with contextlib.suppress(OSError):
                os.unlink(listener.address)

    def _on_signal(self, signum: int) -> None:
        name = signal.Signals(signum).name
        log.warning("Received %s scheduling shutdown...", name, extra=SIGNAL_HANDLER)
        self.request_shutdown()

    def _cron(self) -> None:
        """serverCron's duties ``hz`` times a second: active expiry, blocked clients' timeouts."""
        while True:
            hz = max(1, min(self.config.hz, 500))
            gevent.sleep(1.0 / hz)
            try:
                if self.blocking.waiters:
                    self.blocking.expire(self.keyspace.clock())
                self._expiry.cycle(hz)
            except Exception:  # never let background work die silently
                log.exception("active expiry cycle failed")
