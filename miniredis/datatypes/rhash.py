"""The Redis hash value: a map from field to value, both byte strings.

A Redis *hash* is one key holding many small named values -- the fields of an object
(``HSET user:1 name ada born 1815``). Redis stores it in one of two encodings and reports which
through ``OBJECT ENCODING``:

- **listpack** while it is small: every field and value packed one after the other in a single
  allocation, searched linearly. Small and cache-friendly, and it keeps *insertion order*, which
  is why ``HGETALL`` of a small hash lists the fields in the order they were first set;
- **hashtable** once it has more than ``hash-max-listpack-entries`` fields (512) or once a field
  or value longer than ``hash-max-listpack-value`` bytes (64) is written. The conversion is one
  way: a hash never goes back to a listpack when it shrinks (only a reload would repack it).

A Python ``dict`` is both at once -- O(1) lookups, and it remembers insertion order (an update
keeps a field's place, a deleted and re-added field goes to the end, exactly like the listpack)
-- so :class:`RHash` is a ``dict`` of ``bytes`` to ``bytes``. It carries one flag, ``big``,
set when Redis would have converted to a hashtable; commands call :meth:`RHash.check_size` with
the config in force at the time of the write, as Redis decides at that moment. That flag is
what ``OBJECT ENCODING`` reports and what ``HSCAN`` looks at: Redis answers a listpack-encoded
hash in one ``HSCAN`` call whatever the ``COUNT``, and walks a hashtable with a cursor.

Like every collection, **a key never holds an empty hash**: ``HDEL`` of the last field deletes
the key (:func:`after_change`).
"""

from __future__ import annotations

from typing import Any

from miniredis.keyspace.db import WRONGTYPE, Database
from miniredis.keyspace.scan import ScanState

LISTPACK = b"listpack"
HASHTABLE = b"hashtable"


class RHash(dict):  # type: ignore[type-arg]  # a dict of bytes -> bytes
    """A hash value. ``big`` is True once Redis would have converted it to a hashtable."""

    __slots__ = ("big", "scan_state")
    redis_type = "hash"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.big = False
        # HSCAN's snapshot of this hash (keyspace/scan.py), made by the first cursor call.
        self.scan_state: ScanState | None = None

    def copy(self) -> RHash:
        """COPY: the same fields, and the same encoding (Redis copies the representation)."""
        duplicate = RHash(self)
        duplicate.big = self.big
        return duplicate

    def __deepcopy__(self, memo: dict[int, Any]) -> RHash:
        return self.copy()

    def check_size(self, config: Any, *written: bytes) -> None:
        """After a write: convert (set ``big``) as ``hashTypeTryConversion``/``hashTypeSet`` do.

        ``written`` are the fields and values the command wrote; one longer than
        ``hash-max-listpack-value``, or more than ``hash-max-listpack-entries`` fields in all,
        makes the hash a hashtable for good.
        """
        if self.big:
            return
        if len(self) > config.hash_max_listpack_entries:
            self.big = True
            return
        limit = config.hash_max_listpack_value
        for item in written:
            if len(item) > limit:
                self.big = True
                return

    def object_encoding(self, config: Any) -> bytes:
        """OBJECT ENCODING: ``listpack`` or ``hashtable`` (decided when written, see above)."""
        return HASHTABLE if self.big else LISTPACK

    def scanner(self) -> ScanState:
        """This hash's HSCAN cursor engine, made on first use."""
        state = self.scan_state
        if state is None:
            state = self.scan_state = ScanState()
        return state


def lookup_hash(db: Database, key: bytes) -> RHash | None:
    """The hash at ``key``, None if the key is missing; ``WRONGTYPE`` for any other type."""
    value = db.lookup(key)
    if value is None or type(value) is RHash:
        return value
    raise WRONGTYPE


def after_change(db: Database, key: bytes, hsh: RHash) -> None:
    """After changing a stored hash in place: delete the key if the hash is now empty, else tell
    the sessions WATCHing it (Redis's ``signalModifiedKey``)."""
    if not hsh:
        db.delete(key)
    elif db.watchers:
        db.touch(key)
