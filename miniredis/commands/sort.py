"""SORT and SORT_RO (Redis's ``sort.c``): sort a list, set or sorted set, maybe by other keys.

``SORT key`` returns the elements of the list, set or sorted set at ``key`` sorted as numbers
(doubles); ``ALPHA`` sorts them as byte strings, ``DESC`` reverses, ``LIMIT offset count``
takes a window of the result. The two options that make SORT a small query language:

- ``BY pattern``: sort each element by the value of *another* key, named by substituting the
  element for the first ``*`` of the pattern: ``BY weight_*`` sorts element ``3`` by the
  string at ``weight_3``. ``BY obj_*->prio`` reads field ``prio`` of the hash ``obj_3``. A
  pattern without ``*`` (conventionally ``nosort``) skips sorting: the key's own order is kept.
- ``GET pattern`` (repeatable): instead of the element, return the value named by the pattern
  (``GET #`` is the element itself); a missing key or field is a null. With several GETs each
  element contributes one value per GET, flat.

``STORE destination`` writes the result as a list (nulls become empty strings) and answers its
length; an empty result deletes ``destination``. ``SORT_RO`` is SORT without STORE, flagged
read-only so it can run on replicas; its STORE is a syntax error.

Facts verified on redis-server 7.0.15:

- Numeric sort reads each value with ``strtod``: leading spaces and hex are fine, an empty
  string is 0, anything else (``abc``, ``1x``, ``1e400``, ``nan``) fails the whole command with
  ``One or more scores can't be converted into double`` -- but a BY key that is missing (or
  not a string) just counts as 0. Equal scores are ordered by the elements' bytes, and DESC
  reverses that too, so the result is deterministic.
- With ``BY nosort`` a list keeps its order and a sorted set comes out in score order, both
  reversed by DESC before LIMIT applies; a set comes out in its SMEMBERS order, DESC or not.
- Redis checks ``errno`` after ``strtod`` without clearing it first: a pipeline that sorts
  ``1e400`` (ERANGE) can make the next numeric SORT fail too. miniredis does not copy that.
- A set sorted without sorting but with STORE is sorted ALPHA instead (Redis keeps replicas
  and scripts deterministic).
- Options are parsed first (``syntax error``; LIMIT's numbers as integers), then the key's type
  (``WRONGTYPE`` for strings and hashes). A missing key sorts as an empty list.
"""

from __future__ import annotations

import sys
from typing import Any

from miniredis import errors
from miniredis.commands.args import parse_float, parse_int, token
from miniredis.commands.table import TABLE, command
from miniredis.datatypes.rhash import RHash
from miniredis.datatypes.rlist import RList
from miniredis.datatypes.rset import RSet
from miniredis.datatypes.zset import ZSet
from miniredis.errors import CommandError
from miniredis.keyspace.db import WRONGTYPE, Database
from miniredis.session import Session

_SYNTAX = CommandError(errors.SYNTAX)
_NOT_DOUBLE = CommandError(errors.SORT_SCORE_NOT_DOUBLE)
_C_SPACE = b" \t\n\v\f\r"
_DBL_MIN = sys.float_info.min  # the smallest normal double
_INF = float("inf")


class _Options:
    __slots__ = ("alpha", "by", "desc", "dontsort", "gets", "limit", "store")

    def __init__(self) -> None:
        self.desc = False
        self.alpha = False
        self.limit: tuple[int, int] = (0, -1)
        self.store: bytes | None = None
        self.by: bytes | None = None
        self.dontsort = False
        self.gets: list[bytes] = []


def _parse(args: tuple[bytes, ...], readonly: bool) -> _Options:
    """sortCommandGeneric's option loop: any order, later options override earlier ones."""
    opts = _Options()
    i = 0
    while i < len(args):
        word = token(args[i])
        left = len(args) - i - 1
        if word == b"ASC":
            opts.desc = False
        elif word == b"DESC":
            opts.desc = True
        elif word == b"ALPHA":
            opts.alpha = True
        elif word == b"LIMIT" and left >= 2:
            opts.limit = (parse_int(args[i + 1]), parse_int(args[i + 2]))
            i += 2
        elif word == b"STORE" and left >= 1 and not readonly:
            opts.store = args[i + 1]
            i += 1
        elif word == b"BY" and left >= 1:
            opts.by = args[i + 1]
            opts.dontsort = b"*" not in _c_string(opts.by)
            i += 1
        elif word == b"GET" and left >= 1:
            opts.gets.append(args[i + 1])
            i += 1
        else:
            raise _SYNTAX
        i += 1
    return opts


def _c_string(value: bytes) -> bytes:
    """What C string functions (strchr, strstr) see: the bytes before the first NUL."""
    return value.split(b"\0", 1)[0]


def lookup_by_pattern(db: Database, pattern: bytes, element: bytes) -> bytes | None:
    """lookupKeyByPattern: ``#`` is the element; the first ``*`` becomes the element; a
    ``->field`` after it reads that hash field. Missing keys, fields, a pattern without ``*``
    and values of the wrong type are all None."""
    if _c_string(pattern) == b"#":
        return element
    star = _c_string(pattern).find(b"*")
    if star < 0:
        return None
    arrow = _c_string(pattern).find(b"->", star + 1)
    field = None
    end = len(pattern)
    if arrow >= 0 and arrow + 2 < len(_c_string(pattern)):
        field, end = pattern[arrow + 2 :], arrow
    value = db.lookup(pattern[:star] + element + pattern[star + 1 : end])
    if field is not None:
        return value.get(field) if type(value) is RHash else None
    return value if type(value) is bytes else None


def _score(value: bytes) -> float:
    """strtod as sort.c checks it: whole (C) string consumed, no ERANGE, not NaN."""
    if value[-1:].isdigit() and b"_" not in value:  # the common case, without a regex
        try:
            number = float(value)
        except ValueError:
            pass
        else:  # Python and strtod agree on these; zero, subnormals and overflow go the long way
            if _DBL_MIN <= abs(number) < _INF:
                return number
    text = _c_string(value)
    if not text:
        return 0.0  # strtod("") consumes nothing and leaves eptr at the end: no error
    stripped = text.lstrip(_C_SPACE)
    if not stripped:
        raise _NOT_DOUBLE
    return parse_float(stripped, errors.SORT_SCORE_NOT_DOUBLE)


def _elements(value: Any, opts: _Options, start: int, end: int) -> tuple[list[bytes], int, int]:
    """The elements to sort, and the window. Left unsorted, a list is walked from the tail
    under DESC; a sorted set comes in score order with only the window loaded (sort.c's
    special case), so its window is rebased to 0."""
    if type(value) is ZSet:
        if opts.dontsort:
            if end < start:
                return [], 0, end - start
            if opts.desc:  # ranks counted from the top
                pairs = value.pairs(len(value) - 1 - end, len(value) - start, reverse=True)
            else:
                pairs = value.pairs(start, end + 1)
            return [member for _score, member in pairs], 0, end - start
        return [member for _score, member in value.order], start, end
    if type(value) is RSet:
        return list(value.ordered()), start, end
    if opts.dontsort and opts.desc:  # a list left unsorted is walked from its tail
        return list(reversed(value)), start, end
    return list(value), start, end


def _sort(ctx: Session, key: bytes, args: tuple[bytes, ...], readonly: bool) -> Any:
    opts = _parse(args, readonly)
    db = ctx.db
    value = db.lookup(key)
    if value is None:
        value = RList()
    elif type(value) not in (RList, RSet, ZSet):
        raise WRONGTYPE
    if opts.dontsort and type(value) is RSet and opts.store is not None:
        opts.dontsort, opts.alpha, opts.by = False, True, None
    length = len(value)
    offset, count = opts.limit
    start = max(offset, 0)
    end = length - 1 if count < 0 else start + count - 1
    if start >= length:
        start, end = length - 1, length - 2
    end = min(end, length - 1)
    elements, start, end = _elements(value, opts, start, end)
    if not opts.dontsort:
        elements = _sorted(db, elements, opts)
    window = elements[start : end + 1] if end >= start else []
    result: list[bytes | None] = list(window)
    if opts.gets:
        result = [lookup_by_pattern(db, get, element) for element in window for get in opts.gets]
    if opts.store is None:
        return result
    if result:
        db.set(opts.store, RList(b"" if item is None else item for item in result))
    else:
        db.delete(opts.store)
    return len(result)


def _sorted(db: Database, elements: list[bytes], opts: _Options) -> list[bytes]:
    """sortCompare, as sort keys: numbers then the element's bytes; ALPHA the bytes (or the BY
    values, where a missing one sorts first). DESC reverses the whole comparison."""
    by = opts.by
    if opts.alpha:
        if by is None:
            return sorted(elements, reverse=opts.desc)
        keyed = [(lookup_by_pattern(db, by, element), element) for element in elements]
        keyed.sort(key=lambda pair: (pair[0] is not None, pair[0] or b""), reverse=opts.desc)
        return [element for _value, element in keyed]
    if by is None:
        scored = [(_score(element), element) for element in elements]
    else:
        scored = []
        for element in elements:
            source = lookup_by_pattern(db, by, element)
            scored.append((0.0 if source is None else _score(source), element))
    scored.sort(reverse=opts.desc)
    return [element for _score, element in scored]


_SORT_COMPLEXITY = (
    "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the "
    "number of returned elements. When the elements are not sorted, complexity is O(N)."
)


# COMMAND INFO's key-spec notes for the keys SORT finds by reading values (Redis's sort.json).
_NOTE_BY_GET = (
    " # For the optional BY/GET keyword. It is marked 'unknown' because the key names derive "
    "from the content of the key we sort"
)
_NOTE_STORE = (
    " # For the optional STORE keyword. It is marked 'unknown' because the keyword can appear "
    "anywhere in the argument array"
)


@command(
    "sort",
    arity=-2,
    flags="write denyoom movablekeys",
    keys=(1, 1, 1),
    group="generic",
    since="1.0.0",
    summary="Sort the elements in a list, set or sorted set",
    complexity=_SORT_COMPLEXITY,
    acl="@set @sortedset @list @dangerous",
    key_specs=("RO access", "RO access unknown" + _NOTE_BY_GET, "OW update unknown" + _NOTE_STORE),
)
def sort(ctx: Session, key: bytes, *args: bytes) -> Any:
    """SORT key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC | DESC] [ALPHA] [STORE destination]  ->  array of elements (or GET values); with STORE, integer: the stored list's length."""  # noqa: E501
    return _sort(ctx, key, args, readonly=False)


@command(
    "sort_ro",
    arity=-2,
    flags="readonly movablekeys",
    keys=(1, 1, 1),
    group="generic",
    since="7.0.0",
    summary="Sort the elements in a list, set or sorted set. Read-only variant of SORT.",
    complexity=_SORT_COMPLEXITY,
    acl="@set @sortedset @list @dangerous",
    key_specs=("RO access", "RO access unknown" + _NOTE_BY_GET),
)
def sort_ro(ctx: Session, key: bytes, *args: bytes) -> Any:
    """SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC | DESC] [ALPHA]  ->  array of elements (or GET values)."""  # noqa: E501
    return _sort(ctx, key, args, readonly=True)


# Redis's sort.json names no @keyspace though SORT is in the generic group.
for _name in (b"sort", b"sort_ro"):
    TABLE[_name].acl_categories = tuple(c for c in TABLE[_name].acl_categories if c != "@keyspace")
