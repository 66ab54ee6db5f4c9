"""Glob-style patterns, exactly as Redis's ``stringmatchlen`` (``util.c``) reads them.

KEYS, SCAN MATCH, CONFIG GET, PSUBSCRIBE and CLIENT KILL all match names against the same
small glob language:

=========  ==================================================================
``*``      any run of bytes, including none (consecutive stars are one star)
``?``      exactly one byte
``[abc]``  one byte from the set; ``[^abc]`` one byte *not* in it
``[a-z]``  a byte range; a reversed range ``[z-a]`` means the same
``\\x``     the byte ``x`` itself, also inside brackets (``[\\]]``)
=========  ==================================================================

Matching is binary safe and case-sensitive; ``nocase=True`` folds ASCII letters only, the
way C's ``tolower`` does in the C locale. Redis's parser has corners that real patterns hit,
and this module reproduces every one (each verified against redis-server 7.0.15 with KEYS):

- An empty name matches only the empty pattern: ``*`` alone does not match ``""`` (KEYS and
  SCAN special-case the one-byte pattern ``*`` before matching, so there it does).
- An unclosed bracket class runs to the end of the pattern: ``[abc`` is ``[abc]``; ``[``
  alone matches nothing and ``[^`` matches any one byte.
- ``-`` makes a range whenever two more pattern bytes follow, even ``]``: ``[a-]`` is the
  range ``]``..``a``. Range ends compare as C's signed ``char``, so bytes >= 0x80 sort
  below ``\\x00``.
- An escaped byte inside brackets ignores ``nocase``; a ``\\`` that ends the pattern is a
  literal backslash.
- Redis stops recursing after 1000 nested stars: a pattern whose 1001st star is followed by
  more pattern never matches.

**Speed.** Redis's matcher is recursive: one level per star, retrying every position. In
Python that is exponential on patterns such as ``*a*a*a*a*b``. Here a pattern is compiled
once into *segments*, the star-free pieces between stars, where every element matches
exactly one byte. Because each segment has a fixed length, the classic greedy argument
holds: the first segment must match at the start, the last at the end, and each middle
segment may take its *leftmost* occurrence after the previous one -- any later occurrence
leaves less room for the rest. So a match is one left-to-right pass: ``bytes.find`` for
literal segments, a compiled star-free regex (which cannot backtrack more than one segment
length per position) for the others. The worst case is O(len(pattern) * len(name)).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

__all__ = ["compile_pattern", "match"]

_STAR = 0x2A  # '*'
_QUESTION = 0x3F  # '?'
_OPEN = 0x5B  # '['
_CLOSE = 0x5D  # ']'
_CARET = 0x5E  # '^'
_DASH = 0x2D  # '-'
_BACKSLASH = 0x5C  # '\\'
_MAX_NESTING = 1000  # stringmatchlen_impl: "if (nesting > 1000) return 0"

_ALL_BYTES = range(256)
_ANY = frozenset(_ALL_BYTES)

# One pattern element: the set of bytes it accepts. ``None`` stands for a star.
Element = frozenset[int] | None
Matcher = Callable[[bytes], bool]


def _signed(byte: int) -> int:
    """A byte as C's (signed) ``char`` on x86: 0x80..0xff become -128..-1."""
    return byte - 256 if byte >= 0x80 else byte


def _lower(c: int) -> int:
    """C's ``tolower`` in the C locale: ASCII ``A``-``Z`` only; anything else unchanged."""
    return c + 32 if 0x41 <= c <= 0x5A else c


@lru_cache(maxsize=1024)
def _literal(byte: int, nocase: bool) -> frozenset[int]:
    if not nocase:
        return frozenset((byte,))
    low = _lower(byte)
    return frozenset(c for c in _ALL_BYTES if _lower(c) == low)


@lru_cache(maxsize=4096)
def _in_range(first: int, last: int, nocase: bool) -> frozenset[int]:
    """The bytes a ``[first-last]`` element accepts, computed the way the C code compares."""
    start, end = _signed(first), _signed(last)
    if start > end:
        start, end = end, start
    if nocase:
        start, end = _lower(start), _lower(end)
        return frozenset(c for c in _ALL_BYTES if start <= _lower(_signed(c)) <= end)
    return frozenset(c for c in _ALL_BYTES if start <= _signed(c) <= end)


def _bracket(pattern: bytes, i: int, nocase: bool) -> tuple[frozenset[int], int]:
    """Parse a class whose ``[`` is at ``i - 1``; return its byte set and the index after it.

    The C code reads one byte past the end of the pattern (the NUL terminator of the sds
    string); ``at()`` returns 0 there, which is neither ``^``, ``]`` nor ``\\``.
    """
    n = len(pattern)

    def at(j: int) -> int:
        return pattern[j] if j < n else 0

    negate = at(i) == _CARET
    if negate:
        i += 1
    accepted: set[int] = set()
    while True:
        if at(i) == _BACKSLASH and n - i >= 2:
            i += 1
            accepted.add(pattern[i])  # escaped: compared exactly, even with nocase
        elif at(i) == _CLOSE:
            break
        elif i >= n:  # unclosed: the class ends with the pattern
            i -= 1
            break
        elif n - i >= 3 and pattern[i + 1] == _DASH:
            accepted |= _in_range(pattern[i], pattern[i + 2], nocase)
            i += 2
        else:
            accepted |= _literal(pattern[i], nocase)
        i += 1
    if negate:
        return _ANY.difference(accepted), i + 1
    return frozenset(accepted), i + 1


def _elements(pattern: bytes, nocase: bool) -> list[Element]:
    """Split ``pattern`` into one-byte elements and stars (runs of stars folded into one)."""
    out: list[Element] = []
    n = len(pattern)
    i = 0
    while i < n:
        c = pattern[i]
        if c == _STAR:
            while i + 1 < n and pattern[i + 1] == _STAR:
                i += 1
            out.append(None)
            i += 1
        elif c == _QUESTION:
            out.append(_ANY)
            i += 1
        elif c == _OPEN:
            element, i = _bracket(pattern, i + 1, nocase)
            out.append(element)
        else:
            if c == _BACKSLASH and i + 1 < n:
                i += 1
            out.append(_literal(pattern[i], nocase))
            i += 1
    return out


def _class_regex(accepted: frozenset[int]) -> bytes:
    """A regex for one byte of ``accepted``: ``.``, ``(?!)`` (nothing), or ``[\\x00-\\x1f]``."""
    if len(accepted) == 256:
        return b"."
    if not accepted:
        return b"(?!)"
    if len(accepted) == 1:
        return re.escape(bytes(accepted))
    parts = []
    ordered = sorted(accepted)
    start = prev = ordered[0]
    for c in [*ordered[1:], -1]:
        if c == prev + 1:
            prev = c
            continue
        parts.append(b"\\x%02x" % start if start == prev else b"\\x%02x-\\x%02x" % (start, prev))
        start = prev = c
    return b"[" + b"".join(parts) + b"]"


class _Segment:
    """A star-free run of elements: a literal (found with bytes methods) or a regex."""

    __slots__ = ("length", "literal", "regex")

    def __init__(self, elements: list[frozenset[int]]) -> None:
        self.length = len(elements)
        self.literal: bytes | None = None
        self.regex: re.Pattern[bytes] | None = None
        if all(len(e) == 1 for e in elements):
            self.literal = bytes(next(iter(e)) for e in elements)
        else:
            self.regex = re.compile(b"".join(_class_regex(e) for e in elements), re.DOTALL)

    def at(self, string: bytes, pos: int) -> bool:
        """Does the segment match ``string`` starting exactly at ``pos``?"""
        if self.literal is not None:
            return string.startswith(self.literal, pos)
        assert self.regex is not None
        return self.regex.match(string, pos) is not None

    def find(self, string: bytes, pos: int, end: int) -> int:
        """Leftmost start >= ``pos`` of a match lying inside ``string[:end]``, or -1."""
        if self.literal is not None:
            return string.find(self.literal, pos, end)
        assert self.regex is not None
        found = self.regex.search(string, pos, end)
        return -1 if found is None else found.start()


def _build(pattern: bytes, nocase: bool) -> Matcher:
    elements = _elements(pattern, nocase)
    segments: list[_Segment] = []
    current: list[frozenset[int]] = []
    stars = 0
    for index, element in enumerate(elements):
        if element is None:
            stars += 1
            if stars > _MAX_NESTING and index < len(elements) - 1:
                # Redis gives up at this depth: the rest of the pattern is never reached.
                return _never
            segments.append(_Segment(current))
            current = []
        else:
            current.append(element)
    segments.append(_Segment(current))
    is_empty_pattern = not pattern

    if len(segments) == 1:  # no star: the whole name is one segment
        only = segments[0]

        def whole(string: bytes) -> bool:
            if not string:
                return is_empty_pattern
            return len(string) == only.length and only.at(string, 0)

        return whole

    head, middle, tail = segments[0], segments[1:-1], segments[-1]
    fixed = head.length + tail.length

    def starred(string: bytes) -> bool:
        n = len(string)
        if n == 0 or n < fixed or not head.at(string, 0):
            return False
        end = n - tail.length
        if not tail.at(string, end):
            return False
        pos = head.length
        for segment in middle:
            found = segment.find(string, pos, end)
            if found < 0:
                return False
            pos = found + segment.length
        return True

    return starred


def _never(string: bytes) -> bool:
    return False


@lru_cache(maxsize=512)
def compile_pattern(pattern: bytes, nocase: bool = False) -> Matcher:
    """A function ``name -> bool`` for ``pattern``; compiled once and cached."""
    return _build(pattern, nocase)


def match(pattern: bytes, string: bytes, nocase: bool = False) -> bool:
    """Redis's ``stringmatchlen(pattern, string, nocase)``: does ``string`` match the glob?"""
    return compile_pattern(pattern, nocase)(string)
