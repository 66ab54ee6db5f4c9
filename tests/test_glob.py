"""``keyspace/glob.py`` against Redis's ``stringmatchlen``: a verified table, a reference port,
and patterns that would take hours with naive backtracking.

Every row of ``CASES`` and ``NOCASE_CASES`` was checked against redis-server 7.0.15 (KEYS for
case-sensitive matching, ``COMMAND LIST FILTERBY PATTERN`` -- which matches with nocase -- for
the others). ``reference_match`` is a direct, recursive transcription of the C algorithm's
rules, used to fuzz the compiled matcher on small inputs.
"""

from __future__ import annotations

import random

import pytest

from miniredis.keyspace.glob import compile_pattern, match

CASES: list[tuple[bytes, bytes, bool]] = [
    (b"", b"", True),
    (b"", b"a", False),
    (b"*", b"", False),  # only KEYS/SCAN special-case "*"; PUBLISH "" reaches no "*" pattern
    (b"**", b"", False),
    (b"*", b"anything", True),
    (b"a", b"a", True),
    (b"a", b"A", False),
    (b"a*", b"a", True),
    (b"a*", b"abc", True),
    (b"*c", b"abc", True),
    (b"a*c", b"ac", True),
    (b"a*c", b"abbc", True),
    (b"a*c", b"abcd", False),
    (b"?", b"a", True),
    (b"?", b"", False),
    (b"?", b"ab", False),
    (b"??", b"ab", True),
    (b"h?llo", b"hello", True),
    (b"h*llo", b"heeeello", True),
    (b"h[ae]llo", b"hello", True),
    (b"h[ae]llo", b"hillo", False),
    (b"h[^e]llo", b"hallo", True),
    (b"h[^e]llo", b"hello", False),
    (b"h[a-b]llo", b"hbllo", True),
    (b"[z-a]", b"m", True),
    (b"[\\]]", b"]", True),
    (b"\\*", b"*", True),
    (b"\\*", b"a", False),
    (b"\\?", b"?", True),
    (b"a\\", b"a\\", True),
    (b"[abc", b"b", True),
    (b"[abc", b"bc", False),
    (b"[", b"[", False),
    (b"[^", b"x", True),
    (b"[^", b"", False),
    (b"[]", b"]", False),
    (b"[]]", b"]]", False),
    (b"[^]]", b"a]", True),
    (b"[a-]", b"]", True),
    (b"[a-]", b"_", True),
    (b"[a-]", b"-", False),
    (b"[-a]", b"-", True),
    (b"[a-c-e]", b"d", False),
    (b"[a-c-e]", b"-", True),
    (b"[\\a-c]", b"b", False),
    (b"[\\a-c]", b"c", True),
    (b"\x00*", b"\x00abc", True),
    (b"[\x80-\xff]", b"\x90", True),
    (b"[a-\xff]", b"\xff", True),
    (b"[a-\xff]", b"\x90", False),
    (b"[a-\xff]", b"b", False),
    (b"[a-\xff]", b"A", True),
    (b"*\\", b"a\\", True),
    (b"[\\", b"\\", True),
    (b"a[\\]]", b"a]", True),
    (b"[!a]", b"!", True),
    (b"[^a-z]", b"A", True),
]

NOCASE_CASES: list[tuple[bytes, bytes, bool]] = [
    (b"GET", b"get", True),
    (b"G?T", b"get", True),
    (b"[A-C]cl", b"acl", True),
    (b"[Z-a]cl", b"acl", False),  # 'Z'..'a' folds to 'z'..'a': empty
    (b"[a-Z]cl", b"acl", False),
    (b"[Z-z]add", b"zadd", True),
    (b"[_-a]cl", b"acl", True),
    (b"\\Get", b"get", True),  # an escape outside brackets still folds case
    (b"[\\G]et", b"get", False),  # inside brackets it does not
    (b"[\\g]et", b"get", True),
    (b"[^G]et", b"set", True),
    (b"[^G]et", b"get", False),
    (b"CONFIG|G*", b"config|get", True),
]


@pytest.mark.parametrize(("pattern", "string", "expected"), CASES)
def test_verified_cases(pattern: bytes, string: bytes, expected: bool) -> None:
    assert match(pattern, string) is expected


@pytest.mark.parametrize(("pattern", "string", "expected"), NOCASE_CASES)
def test_verified_nocase_cases(pattern: bytes, string: bytes, expected: bool) -> None:
    assert match(pattern, string, nocase=True) is expected


def test_case_sensitive_by_default() -> None:
    assert not match(b"GET", b"get")
    assert match(b"GET", b"GET")
    assert match(b"get", b"GET", nocase=True)


def test_compiled_patterns_are_cached() -> None:
    assert compile_pattern(b"user:*") is compile_pattern(b"user:*")
    assert compile_pattern(b"user:*") is not compile_pattern(b"user:*", True)


# -- pathological patterns: these would run for hours with one recursion level per star -------
def test_many_stars_against_a_long_run() -> None:
    subject = b"a" * 20_000
    assert not match(b"*a" * 60 + b"*b", subject)
    assert not match(b"*a*a*a*a*a*a*a*a*b", subject)
    assert not match(b"*a" * 60 + b"*b*a", subject)
    assert match(b"*a" * 60 + b"*", subject)
    assert match(b"a*" * 60 + b"a", subject)


def test_many_stars_with_classes_against_a_long_run() -> None:
    subject = b"ab" * 10_000
    assert not match(b"*[ab]?" * 40 + b"*c*", subject)
    assert match(b"*[ab]?" * 40 + b"*", subject)
    assert not match(b"*?[^x]*" * 40 + b"x", subject)


def test_redis_gives_up_after_1000_nested_stars() -> None:
    subject = b"a" * 1001
    assert match(b"*a" * 1000, subject)
    assert not match(b"*a" * 1001, subject)  # the 1001st star has pattern after it
    assert match(b"*a" * 1000 + b"*", subject)  # a final star is matched without recursing
    assert match(b"a" + b"**" * 2000, b"a")  # consecutive stars are one star


# -- a reference transcription of stringmatchlen, to fuzz the compiled matcher ----------------
def _fold(c: int, nocase: bool) -> int:
    return c + 32 if nocase and 65 <= c <= 90 else c


def _signed(c: int) -> int:
    return c - 256 if c >= 128 else c


def reference_match(p: bytes, s: bytes, nocase: bool = False, nesting: int = 0) -> bool:
    """Pattern and string consumed side by side, recursing at each star, as util.c does."""
    if nesting > 1000:
        return False
    pi, si, n = 0, 0, len(p)

    def at(j: int) -> int:
        return p[j] if j < n else 0  # the C string's terminating NUL

    while pi < n and si < len(s):
        c = p[pi]
        if c == ord("*"):
            while pi + 1 < n and p[pi + 1] == ord("*"):
                pi += 1
            if pi == n - 1:
                return True
            return any(
                reference_match(p[pi + 1 :], s[k:], nocase, nesting + 1) for k in range(si, len(s))
            )
        if c == ord("?"):
            pass
        elif c == ord("["):
            pi += 1
            negate = at(pi) == ord("^")
            if negate:
                pi += 1
            hit = False
            while True:
                if at(pi) == ord("\\") and n - pi >= 2:
                    pi += 1
                    hit |= p[pi] == s[si]
                elif at(pi) == ord("]"):
                    break
                elif pi >= n:
                    pi -= 1
                    break
                elif n - pi >= 3 and p[pi + 1] == ord("-"):
                    lo, hi, ch = _signed(p[pi]), _signed(p[pi + 2]), _signed(s[si])
                    lo, hi = min(lo, hi), max(lo, hi)
                    lo, hi, ch = _fold(lo, nocase), _fold(hi, nocase), _fold(ch, nocase)
                    hit |= lo <= ch <= hi
                    pi += 2
                else:
                    hit |= _fold(p[pi], nocase) == _fold(s[si], nocase)
                pi += 1
            if hit == negate:
                return False
        else:
            if c == ord("\\") and n - pi >= 2:
                pi += 1
                c = p[pi]
            if _fold(c, nocase) != _fold(s[si], nocase):
                return False
        pi += 1
        si += 1
        if si == len(s):
            while pi < n and p[pi] == ord("*"):
                pi += 1
            break
    return pi >= n and si == len(s)


@pytest.mark.parametrize(("pattern", "string", "expected"), CASES)
def test_reference_agrees_with_the_verified_table(
    pattern: bytes, string: bytes, expected: bool
) -> None:
    assert reference_match(pattern, string) is expected


@pytest.mark.parametrize("nocase", [False, True])
def test_fuzz_against_the_reference(nocase: bool) -> None:
    rng = random.Random(7 + nocase)
    pieces = [b"a", b"b", b"A", b"*", b"**", b"?", b"[", b"]", b"^", b"-", b"\\", b"\xff", b"z"]
    alphabet = b"abAB-]^\\\xff\x80z["
    for _ in range(4000):
        pattern = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 7)))
        string = bytes(rng.choice(alphabet) for _ in range(rng.randint(0, 7)))
        expected = reference_match(pattern, string, nocase)
        assert match(pattern, string, nocase) is expected, (pattern, string, nocase)
