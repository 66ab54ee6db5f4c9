"""LCS: the longest common subsequence of two strings (Redis 7.0's ``lcsCommand``).

A *subsequence* keeps order but may skip bytes: the LCS of ``ohmytext`` and ``mynewtext`` is
``mytext`` (``my`` + ``text``). Redis answers it three ways::

    LCS a b                  -> the subsequence itself, as a bulk string
    LCS a b LEN              -> only its length, an integer
    LCS a b IDX [MINMATCHLEN n] [WITHMATCHLEN]
        -> a map {"matches": [[[a_start, a_end], [b_start, b_end], (len)], ...], "len": n}
           (RESP2: the flat array "matches", [...], "len", n); the matching runs, last first

**The algorithm.** Redis fills the classic dynamic-programming table ``L[i][j]`` = LCS length of
the first ``i`` bytes of ``a`` and the first ``j`` of ``b`` -- O(n*m) cells -- then walks back
from ``L[n][m]``: equal bytes go diagonally (and extend the current run), otherwise it steps
towards the larger neighbour, preferring ``j - 1`` on a tie. Which of several equally long
answers you get depends on that walk, so miniredis walks exactly the same way.

What miniredis does differently is how it *stores* the table: a Python loop over n*m cells is
far too slow, so each row is one big integer, computed with the bit-parallel LCS recurrence
(Allison-Dix / Hyyrö): ``U = V & match[a_i]; V = (V + U) | (V - U)``. In row ``i``, bit ``j`` is
0 exactly when ``L[i][j+1] = L[i][j] + 1``, so ``L[i][j]`` is ``j`` minus the number of 1 bits
below ``j``. The walk reads the cells it needs from the rows; the answers are Redis's.

Redis refuses to start when its table, ``(n+1)*(m+1)`` 4-byte cells, would exceed
``proto-max-bulk-len``; miniredis keeps that limit and its message, so the same inputs fail.
"""

from __future__ import annotations

from typing import Any

from miniredis import errors
from miniredis.commands.args import parse_int, token
from miniredis.commands.table import command
from miniredis.errors import CommandError
from miniredis.session import Session


def _rows(a: bytes, b: bytes) -> list[int]:
    """The bit-vector rows V_0..V_n of the LCS table of ``a`` against ``b`` (see above)."""
    full = (1 << len(b)) - 1
    reverse = b[::-1]  # bit j of an int is character j of b: read b backwards as binary
    match: dict[int, int] = {}
    for byte in set(b):
        table = bytes(0x31 if c == byte else 0x30 for c in range(256))  # byte -> "1", else "0"
        match[byte] = int(reverse.translate(table), 2)
    row = full
    rows = [row]
    for byte in a:
        hits = row & match.get(byte, 0)
        row = ((row + hits) | (row - hits)) & full
        rows.append(row)
    return rows


def _walk(a: bytes, b: bytes, rows: list[int], minmatchlen: int, withmatchlen: bool) -> Any:
    """Redis's walk back through the table: the LCS bytes and the matching runs it emits."""

    def cell(i: int, j: int) -> int:  # L[i][j]
        return j - (rows[i] & ((1 << j) - 1)).bit_count()

    result: list[int] = []
    matches: list[list[Any]] = []
    i, j = len(a), len(b)
    in_run = False
    a_start = a_end = b_start = b_end = 0
    while i > 0 and j > 0:
        emit = False
        if a[i - 1] == b[j - 1]:
            result.append(a[i - 1])
            if not in_run:
                in_run = True
                a_start = a_end = i - 1
                b_start = b_end = j - 1
            elif a_start == i and b_start == j:  # contiguous: extend the run backwards
                a_start -= 1
                b_start -= 1
            else:
                emit = True
            if a_start == 0 or b_start == 0:
                emit = True
            i -= 1
            j -= 1
        else:
            if cell(i - 1, j) > cell(i, j - 1):
                i -= 1
            else:
                j -= 1
            emit = in_run
        if emit:
            length = a_end - a_start + 1
            if minmatchlen == 0 or length >= minmatchlen:
                match: list[Any] = [[a_start, a_end], [b_start, b_end]]
                if withmatchlen:
                    match.append(length)
                matches.append(match)
            in_run = False
    result.reverse()
    return bytes(result), matches


@command(
    "lcs",
    arity=-3,
    flags="readonly",
    keys=(1, 2, 1),
    group="string",
    since="7.0.0",
    summary="Find longest common substring",
    complexity="O(N*M) where N and M are the lengths of s1 and s2, respectively",
)
def lcs(ctx: Session, key1: bytes, key2: bytes, *options: bytes) -> Any:
    """LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]  ->  bulk string; integer with LEN; map with IDX.

    Checks in Redis's order: both keys hold strings (or are missing, which reads as empty)
    -- else ``The specified keys must contain string values``, not WRONGTYPE -- then the
    options, then LEN together with IDX, then the table-size limit.
    """  # noqa: E501
    db = ctx.db
    a, b = db.lookup(key1), db.lookup(key2)
    if (a is not None and type(a) is not bytes) or (b is not None and type(b) is not bytes):
        raise CommandError(errors.LCS_NOT_STRINGS)
    a, b = a or b"", b or b""
    want_len = want_idx = withmatchlen = False
    minmatchlen = 0
    i = 0
    while i < len(options):
        word = token(options[i])
        if word == b"IDX":
            want_idx = True
        elif word == b"LEN":
            want_len = True
        elif word == b"WITHMATCHLEN":
            withmatchlen = True
        elif word == b"MINMATCHLEN" and i + 1 < len(options):
            i += 1
            minmatchlen = max(parse_int(options[i]), 0)
        else:
            raise CommandError(errors.SYNTAX)
        i += 1
    if want_idx and want_len:
        raise CommandError(errors.LCS_LEN_AND_IDX)
    if (len(a) + 1) * (len(b) + 1) * 4 > ctx.server.config.proto_max_bulk_len:
        raise CommandError(errors.LCS_TOO_MUCH_MEMORY)
    rows = _rows(a, b)
    length = len(b) - rows[-1].bit_count()
    if want_len:
        return length
    text, matches = _walk(a, b, rows, minmatchlen, withmatchlen)
    if want_idx:
        return {b"matches": matches, b"len": length}
    return text
