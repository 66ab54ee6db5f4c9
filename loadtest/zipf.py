"""Zipf-distributed key ranks: a few keys get most of the traffic, as in real caches.

No locust here, so it is unit-tested directly (``tests/test_loadtest_user.py``).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import random

__all__ = ["Zipf", "zipf"]


class Zipf:
    """Draw ranks ``0 .. n-1`` with probability proportional to ``1 / (rank + 1) ** s``.

    The cumulative weights are computed once; a draw is one ``random()`` and one binary
    search. ``s = 0`` is uniform; ``s`` near 1 gives the classic "a few keys get most hits".
    """

    def __init__(self, n: int, s: float) -> None:
        if n < 1:
            raise ValueError("the key space needs at least one key")
        self.n = n
        self._cumulative = list(itertools.accumulate(1.0 / (rank + 1) ** s for rank in range(n)))
        self._total = self._cumulative[-1]

    def draw(self) -> int:
        rank = bisect.bisect_left(self._cumulative, random.random() * self._total)
        return min(rank, self.n - 1)


@functools.lru_cache(maxsize=8)
def zipf(n: int, s: float) -> Zipf:
    """One shared sampler per process and (key space, exponent)."""
    return Zipf(n, s)
