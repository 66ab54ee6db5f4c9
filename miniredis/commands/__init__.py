"""Command implementations, one module per Redis command group.

Importing this package imports every group module; each ``@command`` decorator registers its
handler in ``table.TABLE``, which the dispatcher, ``COMMAND`` and ``COMMAND DOCS`` all read.

| module            | Redis group    | commands                                              |
| ----------------- | -------------- | ----------------------------------------------------- |
| ``strings.py``    | string         | GET SET INCR APPEND GETRANGE LCS ...                  |
| ``keys.py``       | generic        | DEL EXISTS EXPIRE TTL KEYS SCAN RENAME COPY ...       |
| ``lists.py``      | list           | LPUSH RPOP LRANGE LPOS LMOVE LMPOP ... (non-blocking) |
| ``hashes.py``     | hash           | HSET HGET HGETALL HDEL HINCRBY HRANDFIELD HSCAN ...   |
| ``sets.py``       | set            | SADD SPOP SMEMBERS SINTER SUNIONSTORE SSCAN ...       |
| ``zsets.py``      | sorted_set     | ZADD ZRANGE ZPOPMIN ZMPOP ZUNIONSTORE ZSCAN ...       |
| ``blocking.py``   | list, zset     | BLPOP BRPOP BLMOVE BLMPOP BZPOPMIN BZMPOP ...         |
| ``sort.py``       | generic        | SORT SORT_RO                                          |
| ``object_cmd.py`` | generic        | OBJECT ENCODING / REFCOUNT / IDLETIME / FREQ          |
| ``connection.py`` | connection     | PING ECHO HELLO AUTH SELECT QUIT RESET CLIENT ...     |
| ``admin.py``      | server         | INFO CONFIG COMMAND DBSIZE FLUSHDB FLUSHALL TIME ...  |
| ``transactions.py``| transactions  | MULTI EXEC DISCARD WATCH UNWATCH                      |
"""

from miniredis.commands import (
    admin,
    blocking,
    connection,
    hashes,
    keys,
    lists,
    object_cmd,
    sets,
    sort,
    strings,
    transactions,
    zsets,
)
from miniredis.commands.table import TABLE, CommandSpec, command, container

__all__ = [
    "TABLE",
    "CommandSpec",
    "admin",
    "blocking",
    "command",
    "connection",
    "container",
    "hashes",
    "keys",
    "lists",
    "object_cmd",
    "sets",
    "sort",
    "strings",
    "transactions",
    "zsets",
]
