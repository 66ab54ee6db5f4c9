"""Command implementations, one module per Redis command group.

Importing this package imports every group module; each ``@command`` decorator registers its
handler in ``table.TABLE``, which the dispatcher, ``COMMAND`` and ``COMMAND DOCS`` all read.

| module            | Redis group    | commands                                              |
| ----------------- | -------------- | ----------------------------------------------------- |
| ``strings.py``    | string         | GET SET INCR APPEND GETRANGE LCS ...                  |
| ``keys.py``       | generic        | DEL EXISTS EXPIRE TTL KEYS SCAN RENAME COPY ...       |
| ``lists.py``      | list           | LPUSH RPOP LRANGE LPOS LMOVE LMPOP ... (non-blocking) |
| ``connection.py`` | connection     | PING ECHO HELLO AUTH SELECT QUIT RESET CLIENT ...     |
| ``admin.py``      | server         | INFO CONFIG COMMAND DBSIZE FLUSHDB FLUSHALL TIME ...  |
| ``transactions.py``| transactions  | MULTI EXEC DISCARD WATCH UNWATCH                      |
"""

from miniredis.commands import admin, connection, keys, lists, strings, transactions
from miniredis.commands.table import TABLE, CommandSpec, command, container

__all__ = [
    "TABLE",
    "CommandSpec",
    "admin",
    "command",
    "connection",
    "container",
    "keys",
    "lists",
    "strings",
    "transactions",
]
