"""RESP, the Redis protocol, with no I/O: bytes in, values out, and back.

- ``request_parser.py``: client requests (multibulk ``*3\\r\\n$3\\r\\nSET...`` and inline
  ``SET k v\\r\\n``) -> lists of ``bytes``, resumable across reads, with Redis's limits.
- ``inline.py``: the quoting rules of inline requests (Redis's ``sdssplitargs``).
- ``limits.py``: Redis's protocol limits as named constants.
- ``replies.py`` / ``encoder.py``: reply values and their RESP2/RESP3 bytes.
- ``reply_parser.py``: server replies -> values, for the client and the tests.
"""
