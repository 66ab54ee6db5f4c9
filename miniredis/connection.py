"""One greenlet per client: read bytes, run every complete command, send all replies at once.

This is the only module (with ``client.py``) that touches a socket. The loop is Redis's
``readQueryFromClient`` -> ``processInputBuffer`` -> ``writeToClient``, shaped for gevent:

1. ``recv`` whatever the kernel has (up to 64 KiB). The socket is non-blocking: when nothing is
   there we park this greenlet until the fd is readable (``wait_readable``), and
   the other clients run meanwhile. After a short read we park *before* the next ``recv``: a
   client sends its next request only after reading our replies, so an immediate ``recv``
   would nearly always fail with ``EAGAIN`` -- a wasted syscall and exception per request.
2. Feed the bytes to the sans-I/O ``RequestParser``; it returns **every** complete command in
   the buffer (a pipelined client sends many per packet) and keeps any partial one for later.
3. Run each command through ``dispatch`` and encode its reply for this session's protocol.
4. Send all the batch's replies with **one** ``send``: one syscall per batch, not per command.
   When other clients are ready in the same turn of the event loop, the batch is queued
   instead, and the server writes every queued batch when the turn ends
   (:meth:`Server.write_before_sleep`), as Redis does in ``beforeSleep``: the replies reach
   the other side in one burst, instead of each ``send`` waking a sleeping client for one
   reply -- a wake-up the sender pays for.
5. A blocking command (BLPOP...) with nothing to pop answers a ``Waiter``: the loop sends what
   it has, parks until the waiter is served, times out or is unblocked, then carries on with
   the batch (:meth:`Connection.wait_unblocked`).
6. A protocol error is answered, then the connection closes (Redis's ``CLIENT_CLOSE_AFTER_REPLY``);
   commands before it in the same packet still run, commands after it never do.

A client that vanishes, stalls, or sends garbage costs only its own greenlet: every exception
ends here, and the listener and the other clients carry on.
"""

from __future__ import annotations

import _socket
import contextlib
import ipaddress
import logging
from typing import TYPE_CHECKING, Any

import gevent
from gevent import get_hub
from gevent.timeout import Timeout

from miniredis import errors
from miniredis.blocking import Waiter
from miniredis.dispatch import dispatch
from miniredis.errors import CommandError
from miniredis.protocol.encoder import encode, encode_into
from miniredis.protocol.limits import PROTO_IOBUF_LEN
from miniredis.protocol.request_parser import RequestParser
from miniredis.session import Session

if TYPE_CHECKING:
    from miniredis.config import Config
    from miniredis.server import Server

log = logging.getLogger("miniredis")

READ_SIZE = 4 * PROTO_IOBUF_LEN
MAX_CLIENTS_REPLY = b"-" + errors.MAX_CLIENTS.encode() + b"\r\n"
PROTECTED_MODE_REPLY = b"-" + errors.PROTECTED_MODE_DENIED.encode() + b"\r\n"


class Connection:
    """A client's socket, its parser and its session, driven by one greenlet.

    Thousands of these may sit idle at once, so every byte of one counts: ``__slots__``, the
    write watcher made only when a send would block, one shared local-address string. What an
    idle client costs (about 8 KiB, most of it the parked greenlet: a copy of its C stack and
    a page of Python frames) is measured by ``benchmarks/resources.py``.
    """

    __slots__ = (
        "_read_watcher",
        "_write_watcher",
        "greenlet",
        "parser",
        "server",
        "session",
        "sock",
        "unsent",
    )

    def __init__(self, server: Server, sock: _socket.socket, address: str) -> None:
        self.server = server
        # A plain non-blocking socket (``Listener`` accepts it so, not wrapped in gevent's
        # cooperative socket): we call recv/send ourselves and park on our own libev watchers
        # only when the kernel says EAGAIN.
        self.sock = sock
        sock.setblocking(False)
        family = sock.family
        # Every client of one listener shares its local address: keep one copy of the string.
        laddr = format_addr(sock.getsockname())
        laddr = server.local_addresses.setdefault(laddr, laddr)
        fd = sock.fileno()
        if family in (_socket.AF_INET, _socket.AF_INET6):
            sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
        loop = get_hub().loop
        self._read_watcher = loop.io(fd, 1)
        self._write_watcher: Any = None  # made on the first send that finds the buffer full
        self.session = Session(server, server.next_client_id(), address, laddr)
        self.parser = RequestParser(
            max_bulk_len=server.config.proto_max_bulk_len,
            query_buffer_limit=server.config.client_query_buffer_limit,
        )
        self.greenlet = gevent.getcurrent()  # the greenlet serving this client
        # Replies queued for the end of this loop turn, or what that write left over.
        self.unsent: bytes | None = None

    # --- the loop -------------------------------------------------------------------------
    def serve(self) -> None:
        """Handle requests until the client leaves, errs, or is told to close."""
        hub = get_hub()
        loop = hub.loop
        counts_pending = hasattr(loop, "pendingcnt")  # libev does; libuv does not tell
        sock, parser, session = self.sock, self.parser, self.session
        stats = self.server.stats
        timeout = self.server.config.timeout
        parser.unauthenticated = not session.authenticated
        # False after a short read: the kernel holds nothing more yet. A new client starts
        # parked too: its first request may still be on its way.
        readable = False
        while True:
            if not readable:
                # Park until the fd is readable. Trying recv first would almost always fail
                # here: a client sends its next request only after reading these replies.
                if timeout:
                    timed_out = True
                    with Timeout(timeout, False):
                        self.wait_readable(hub)
                        timed_out = False
                    if timed_out:
                        return  # idle for `timeout` seconds: Redis closes silently
                else:
                    self.wait_readable(hub)
                if self.unsent is not None:  # woken to finish a write the kernel cut short
                    self.send(b"")
            try:
                data = sock.recv(READ_SIZE)
            except BlockingIOError:
                readable = False
                continue
            if not data:
                return
            readable = len(data) == READ_SIZE
            stats.total_net_input_bytes += len(data)
            session.last_interaction_ms = self.server.keyspace.now_ms
            out: list[bytes] = []
            commands = parser.feed(data)
            while commands:
                for argv in commands:
                    reply = dispatch(session, argv)
                    if reply.__class__ is Waiter:  # BLPOP & co. found nothing: park
                        reply = self.wait_unblocked(reply, out, commands)
                    encode_into(out, reply, session.protocol)
                    if session.close_after_reply:
                        break
                if session.close_after_reply or not parser.unauthenticated:
                    break
                # Before AUTH the parser hands out one command at a time, so that the
                # unauthenticated limits apply exactly until the AUTH that lifts them.
                parser.unauthenticated = not session.authenticated
                commands = parser.feed(b"")
            error = parser.error
            if error is not None and not session.close_after_reply:
                if not getattr(parser, "overflow", False):
                    out.append(encode(error, session.protocol))
                    stats.count_error(error.message)
                session.close_after_reply = True
            session.query_buffer = parser.buffered
            parser.unauthenticated = not session.authenticated  # AUTH and RESET change it
            if out:
                data = b"".join(out)
                if (
                    readable
                    or session.close_after_reply
                    or not (counts_pending and loop.pendingcnt)
                ):
                    self.send(data)  # alone in this loop turn, or not about to park: now
                elif self.unsent is None:  # others are ready too: write when the turn ends
                    self.unsent = data
                    self.server.write_before_sleep(self)
                else:  # still queued from an earlier turn (the flush was deferred)
                    self.unsent += data
            if session.close_after_reply:
                return

    @property
    def idle(self) -> bool:
        """Parked waiting for the client: for its next request, or in a blocking command.

        CLIENT KILL and shutdown may end the greenlet now, between two commands. It is parked
        so exactly while the read watcher is armed (``wait_readable``, ``wait_unblocked``).
        """
        return bool(self._read_watcher.active)

    @property
    def waiting_to_send(self) -> bool:
        """Parked until the client reads enough of its replies for the rest to fit."""
        return self._write_watcher is not None and bool(self._write_watcher.active)

    def wait_readable(self, hub: Any) -> None:
        """Park this greenlet until the socket is readable (or an exception is thrown in).

        What ``hub.wait(watcher)`` does, minus its per-wait ``Waiter`` object: an idle client
        is parked here for most of its life, and everything alive meanwhile is its memory.
        """
        watcher = self._read_watcher
        watcher.start(self.greenlet.switch)
        try:
            hub.switch()
        finally:
            watcher.stop()

    def wait_unblocked(self, waiter: Waiter, out: list[bytes], commands: list[Any]) -> Any:
        """Park while blocked (BLPOP...) and return the reply the waiter ends with.

        The replies before the blocking command go out first, as Redis's write handler sends
        them while the client is blocked. Meanwhile the socket is watched: a request that
        arrives is parsed and queued behind the blocking command (Redis reads but does not
        run it), and end-of-file drops the waiter -- a gone client leaves nothing behind.
        """
        if out:
            self.send(b"".join(out))
            out.clear()
        blocking = self.server.blocking
        clock = self.server.keyspace.clock
        wake = waiter.wake
        self._read_watcher.start(wake.set)
        try:
            while not waiter.done:
                deadline = waiter.deadline_ms
                wake.wait(max(0.0, (deadline - clock()) / 1000) if deadline else None)
                wake.clear()
                if waiter.done:
                    break
                self._read_while_blocked(commands)
                if deadline and clock() >= deadline:
                    blocking.expire(clock())
        finally:
            self._read_watcher.stop()
            blocking.cancel(waiter)
        return waiter.reply

    def _read_while_blocked(self, commands: list[Any]) -> None:
        """Take what a blocked client sent: queue its commands; raise if it hung up."""
        try:
            data = self.sock.recv(READ_SIZE)
        except BlockingIOError:
            return
        if not data:
            raise ConnectionResetError("client closed the connection while blocked")
        self.server.stats.total_net_input_bytes += len(data)
        commands.extend(self.parser.feed(data))

    def send(self, data: bytes) -> None:
        """Write all of ``data``, parking on the write watcher while the kernel buffer is full."""
        if self.unsent is not None:  # what the end-of-turn write left over goes first
            data = self.unsent + data
            self.unsent = None
        self.server.stats.total_net_output_bytes += len(data)
        sock = self.sock
        while data:
            try:
                sent = sock.send(data)
            except BlockingIOError:
                if self._write_watcher is None:
                    self._write_watcher = get_hub().loop.io(sock.fileno(), 2)
                get_hub().wait(self._write_watcher)
                continue
            if sent == len(data):
                return  # nearly always at the first try: the kernel took it all
            data = memoryview(data)[sent:]

    def write_unsent(self) -> bool:
        """One non-blocking ``send`` of the queued replies (from the event loop, never parks).

        True when all went out (or the client is gone: its greenlet learns it at its next
        ``recv``); False when the kernel took only part, which stays in ``unsent``.
        """
        data = self.unsent
        if data is None:  # the greenlet sent it already, ahead of newer replies
            return True
        try:
            sent = self.sock.send(data)
        except BlockingIOError:
            sent = 0
        except OSError:
            self.unsent = None
            return True
        self.server.stats.total_net_output_bytes += sent
        self.unsent = data[sent:] if sent < len(data) else None
        return self.unsent is None

    def close(self) -> None:
        """Release the socket and the watchers (idempotent)."""
        self._read_watcher.close()
        if self._write_watcher is not None:
            self._write_watcher.close()
        self.sock.close()


def format_addr(address: object) -> str:
    """``127.0.0.1:6379`` / ``[::1]:6379`` / a unix socket path, as CLIENT LIST shows them."""
    if isinstance(address, tuple) and len(address) >= 2:
        host, port = address[0], address[1]
        return f"[{host}]:{port}" if ":" in str(host) else f"{host}:{port}"
    if isinstance(address, bytes):
        return address.decode(errors="replace")
    return str(address or "")


def protected_mode_denies(config: Config, address: str, family: int = _socket.AF_INET) -> bool:
    """Redis's protected mode: with no password set, only loopback clients may connect.

    ``address`` is the peer as :func:`format_addr` shows it (``127.0.0.1:5000``,
    ``[::1]:5000``). Unix-socket clients are always local (connIsLocal).
    """
    if not config.protected_mode or config.requirepass or family == _socket.AF_UNIX:
        return False
    host = address.rpartition(":")[0].strip("[]").split("%", 1)[0]
    return not ipaddress.ip_address(host).is_loopback


def handle(server: Server, sock: _socket.socket, address: str) -> None:
    """StreamServer's handler: admit or refuse the client, then serve it until it goes."""
    stats = server.stats
    stats.total_connections_received += 1
    if len(server.clients) >= server.config.maxclients:
        # Redis accepts, writes the error and closes (networking.c acceptCommonHandler).
        refusal = MAX_CLIENTS_REPLY
    elif protected_mode_denies(server.config, address, sock.family):
        refusal = PROTECTED_MODE_REPLY
    else:
        refusal = b""
    if refusal:
        stats.rejected_connections += 1
        with contextlib.suppress(OSError):
            sock.setblocking(False)
            sock.send(refusal)  # a few bytes into a new socket's empty buffer: never blocks
        sock.close()
        return
    try:
        conn = Connection(server, sock, address)
    except OSError:  # gone before we looked at it (getsockname on a reset socket)
        sock.close()
        return
    server.clients[conn.session.id] = conn
    try:
        conn.serve()
    except (ConnectionError, OSError, CommandError):
        pass  # the client went away or broke the protocol: only this connection ends
    finally:
        del server.clients[conn.session.id]
        conn.session.unwatch()
        conn.close()
