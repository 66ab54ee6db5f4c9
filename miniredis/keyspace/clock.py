"""Where the server's time comes from, so that tests can own it.

Redis reads the clock once per command (``commandTimeSnapshot`` in ``server.c``): a key cannot
expire halfway through a command, and every key a command touches is judged against the same
instant. The dispatcher calls ``Keyspace.snapshot()`` before each command; everything else reads
``keyspace.now_ms``.

A ``Clock`` is any zero-argument callable returning milliseconds since the Unix epoch.
``ManualClock`` is the test double: time moves only when the test says so (alicebob/miniredis's
``FastForward``), so expiry tests never sleep.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], int]


def system_clock() -> int:
    """Wall-clock milliseconds since the epoch (Redis's ``mstime()``)."""
    return time.time_ns() // 1_000_000


class ManualClock:
    """A clock that stands still until ``advance()`` or ``set()`` moves it."""

    def __init__(self, now_ms: int = 1_700_000_000_000) -> None:
        self.now_ms = now_ms

    def __call__(self) -> int:
        return self.now_ms

    def advance(self, ms: int) -> None:
        """Move time forward by ``ms`` milliseconds."""
        self.now_ms += ms

    def set(self, now_ms: int) -> None:
        """Jump to an absolute time (milliseconds since the epoch)."""
        self.now_ms = now_ms
