"""Redis's protocol limits, as named constants with Redis's own names and values (7.0).

Each limit below is a number you can observe from outside: cross it and redis-server answers
``-ERR Protocol error: ...`` and closes the connection (or, for the query buffer, closes it
without a word). The names are the C names in ``server.h`` / ``networking.c`` or the
``redis.conf`` parameter, so a reader can grep Redis's source for them.
"""

from __future__ import annotations

# server.h PROTO_IOBUF_LEN: Redis reads a client's socket 16 KiB at a time (more when it is
# reading a big bulk, see PROTO_MBULK_BIG_ARG). The "too big ..." checks below run after each
# read, so the read size decides how far past 64 KiB a line may get before it is refused.
PROTO_IOBUF_LEN = 16 * 1024

# server.h PROTO_INLINE_MAX_SIZE: the longest line still waiting for its newline: an inline
# request ("too big inline request"), or a multibulk "*<count>" / "$<len>" header ("too big
# mbulk count string" / "too big bulk count string"). More than this many bytes without the
# terminator is a protocol error.
PROTO_INLINE_MAX_SIZE = 64 * 1024

# server.h PROTO_MBULK_BIG_ARG: a bulk at least this long is "big"; Redis reads exactly the
# rest of it into its own buffer. We use it the same way: a partial big bulk is accumulated,
# never re-scanned.
PROTO_MBULK_BIG_ARG = 32 * 1024

# redis.conf proto-max-bulk-len (default 512mb): the largest "$<len>" accepted from a normal
# client; more is "invalid bulk length". CONFIG SET may change it (minimum 1mb).
PROTO_MAX_BULK_LEN = 512 * 1024 * 1024

# networking.c processMultibulkBuffer: "if (!ok || ll > INT_MAX)" -> "invalid multibulk length".
MAX_MULTIBULK_LEN = 2**31 - 1

# util.c string2ll / LONG_STR_SIZE: a count or length string of 21 bytes or more is not a number.
LONG_STR_SIZE = 21
LLONG_MAX = 2**63 - 1
LLONG_MIN = -(2**63)

# redis.conf client-query-buffer-limit (default 1gb): when a client's unparsed input grows past
# this, readQueryFromClient logs "Closing client that reached max query buffer length" and
# frees the client. No reply is sent.
CLIENT_QUERY_BUFFER_LIMIT = 1024 * 1024 * 1024

# networking.c processMultibulkBuffer, while authentication is required and not yet done
# (authRequired(c)): "*<count>" above 10 is "unauthenticated multibulk length" and "$<len>"
# above 16384 is "unauthenticated bulk length". Inline requests have no such check.
UNAUTHENTICATED_MAX_MULTIBULK_LEN = 10
UNAUTHENTICATED_MAX_BULK_LEN = 16 * 1024
