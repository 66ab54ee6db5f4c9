"""miniredis: a Redis-compatible server in Python on gevent.

How the code is laid out (follow one request from top to bottom):

- ``server.py``       Server: listeners (gevent StreamServer + Pool), clients, background work.
- ``connection.py``   one greenlet per client: recv -> parse all -> dispatch each -> one send.
- ``protocol/``       sans-I/O RESP: ``request_parser.py`` (multibulk + inline), ``inline.py``
                      (Redis's quoting), ``encoder.py`` (RESP2/RESP3), ``reply_parser.py``,
                      ``replies.py`` (reply value types), ``limits.py`` (Redis's limits).
- ``dispatch.py``     Redis's processCommand: lookup -> arity -> auth -> MULTI queue -> call.
- ``commands/``       ``table.py`` (the declarative command table), ``args.py`` (typed
                      arguments), then one module per Redis group: strings, keys, connection,
                      admin, transactions.
- ``keyspace/``       databases (``db.py``), active expiry (``expiry.py``), the clock.
- ``session.py``      per-connection state with no socket in it.
- ``errors.py``       every error text Redis sends, in one place.
- ``config.py``, ``cli.py``, ``log.py``   the redis-server-shaped command line and config.
- ``client.py``       the small blocking Client of the original design.
"""

from __future__ import annotations

__version__ = "0.1.0"
# The Redis version whose behaviour miniredis reproduces (INFO redis_version, HELLO, --version).
REDIS_VERSION = "7.0.15"

__all__ = ["REDIS_VERSION", "Client", "CommandError", "Server", "__version__"]


def __getattr__(name: str) -> object:
    # Imported lazily so that ``import miniredis.client`` needs no gevent.
    if name == "Server":
        from miniredis.server import Server

        return Server
    if name == "Client":
        from miniredis.client import Client

        return Client
    if name == "CommandError":
        from miniredis.errors import CommandError

        return CommandError
    raise AttributeError(name)
