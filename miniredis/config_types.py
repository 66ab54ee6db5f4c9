"""The value kinds of Redis configuration directives: how a value is parsed, how it is shown.

Redis 7 declares every directive once, in the ``standardConfig`` table of ``config.c``, as one of
a few *types* (bool, string, enum, numeric, special), and every type has a ``set`` that parses
the words of a config line and a ``get`` that renders the value for ``CONFIG GET``. This module
is that type system; ``config_directives.py`` is the table; ``config.py`` drives both.

A kind here is an object with two methods:

- ``parse(args, current)`` takes the words after the directive name (``["512mb"]`` for
  ``maxmemory 512mb``, ``["3600", "1", "300", "100"]`` for ``save``) and the current value,
  and returns the new Python value, or raises ``ConfigValueError`` with Redis's exact reason
  (``argument must be a memory value``). It never mutates anything: ``CONFIG SET`` parses
  every pair before it assigns any (house rule 8).
- ``render(value)`` returns the text ``CONFIG GET`` shows: ``yes``/``no``, memory as a plain
  byte count (``maxmemory 1gb`` reads back ``1073741824``), ``save`` as ``"3600 1 300 100"``.

Redis's numbers are C types, and their edges show through: ``port`` is an ``int`` bounded to
0..65535, ``maxclients`` an ``unsigned int`` (so ``-1`` is a huge number, out of range),
``maxmemory`` parses ``1gb`` but not ``1.5gb``; integers are strict (``+1``, ``01``, `` 1``
and ``-0`` are refused), while ``save`` and the buffer limits use C's lenient ``strtoll``.
The helpers below reproduce each parser, byte for byte where a client can tell the difference.
"""

from __future__ import annotations

import errno
import math
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from miniredis import errors

INT_MIN, INT_MAX = -(2**31), 2**31 - 1
UINT_MAX = 2**32 - 1
LLONG_MIN, LLONG_MAX = -(2**63), 2**63 - 1
ULLONG_MAX = 2**64 - 1

# notify-keyspace-events classes (server.h NOTIFY_*): the config holds the OR of these.
NOTIFY_KEYSPACE = 1 << 0  # K
NOTIFY_KEYEVENT = 1 << 1  # E
NOTIFY_GENERIC = 1 << 2  # g
NOTIFY_STRING = 1 << 3  # $
NOTIFY_LIST = 1 << 4  # l
NOTIFY_SET = 1 << 5  # s
NOTIFY_HASH = 1 << 6  # h
NOTIFY_ZSET = 1 << 7  # z
NOTIFY_EXPIRED = 1 << 8  # x
NOTIFY_EVICTED = 1 << 9  # e
NOTIFY_STREAM = 1 << 10  # t
NOTIFY_KEY_MISS = 1 << 11  # m (not part of A)
NOTIFY_MODULE = 1 << 13  # d
NOTIFY_NEW = 1 << 14  # n (not part of A)
NOTIFY_ALL = (
    NOTIFY_GENERIC | NOTIFY_STRING | NOTIFY_LIST | NOTIFY_SET | NOTIFY_HASH | NOTIFY_ZSET
    | NOTIFY_EXPIRED | NOTIFY_EVICTED | NOTIFY_STREAM | NOTIFY_MODULE
)  # fmt: skip
# The order in which Redis renders the classes (keyspaceEventsFlagsToString).
_NOTIFY_TYPE_CHARS = (
    ("g", NOTIFY_GENERIC), ("$", NOTIFY_STRING), ("l", NOTIFY_LIST), ("s", NOTIFY_SET),
    ("h", NOTIFY_HASH), ("z", NOTIFY_ZSET), ("x", NOTIFY_EXPIRED), ("e", NOTIFY_EVICTED),
    ("t", NOTIFY_STREAM), ("d", NOTIFY_MODULE), ("n", NOTIFY_NEW),
)  # fmt: skip
_NOTIFY_CHARS = dict(_NOTIFY_TYPE_CHARS, A=NOTIFY_ALL, K=NOTIFY_KEYSPACE, E=NOTIFY_KEYEVENT,
                     m=NOTIFY_KEY_MISS)  # fmt: skip


class ConfigValueError(Exception):
    """A value Redis refuses; ``message`` is the bare reason, as in the FATAL block."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


# --- the C parsers ------------------------------------------------------------------------

_STRICT_INT = re.compile(r"0|-?[1-9][0-9]*")
_C_SPACE = " \t\n\v\f\r"


def string2ll(text: str) -> int | None:
    """Redis's strict ``string2ll``: digits only, no ``+``, no leading zero or space, 64-bit."""
    if not _STRICT_INT.fullmatch(text):
        return None
    value = int(text)
    return value if LLONG_MIN <= value <= LLONG_MAX else None


def c_strtoll(text: str, base: int = 10) -> int | None:
    """C's ``strtoll`` that must consume the whole string (``*endptr == '\\0'``).

    Leading white space and a sign are allowed, the empty string is 0 (no digit consumed,
    and the end pointer already sits on the terminator), overflow saturates. None means
    trailing garbage.
    """
    digits = "0-7" if base == 8 else "0-9"
    if text == "":
        return 0
    if not re.fullmatch(rf"[ \t\n\v\f\r]*[+-]?[{digits}]+", text):
        return None
    return max(LLONG_MIN, min(LLONG_MAX, int(text.strip(_C_SPACE), base)))


_MEMORY_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1024, "m": 1000**2, "mb": 1024**2,
                 "g": 1000**3, "gb": 1024**3}  # fmt: skip


def memtoull(text: str) -> int | None:
    """Redis's ``memtoull``: ``<digits><unit>``, unit one of b k kb m mb g gb (any case).

    No sign, no fraction, no space. Quirks kept: a bare unit (``gb``) or the empty string is
    0, and a number too long for 64 bits saturates before the unit multiplies.
    """
    if text.startswith("-"):
        return None
    count = 0
    while count < len(text) and text[count] in "0123456789":
        count += 1
    multiplier = _MEMORY_UNITS.get(text[count:].lower())
    if multiplier is None or count >= 128:
        return None
    value = min(int(text[:count] or "0"), ULLONG_MAX)
    if value > ULLONG_MAX // multiplier:
        return None
    return value * multiplier


_C_DOUBLE = re.compile(
    r"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf|infinity"
    r"|0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?[0-9]+)?)",
    re.IGNORECASE,
)


def string2d(text: str) -> float | None:
    """Redis's ``string2d``: a whole ``strtod`` number, no leading space, never NaN."""
    if not _C_DOUBLE.fullmatch(text):
        return None
    value = float.fromhex(text) if "x" in text.lower() else float(text)
    if math.isinf(value) and "inf" not in text.lower():
        return None  # strtod overflow (ERANGE, HUGE_VAL): Redis refuses it
    return value


def trim_double(value: float) -> str:
    """``%f`` then trimDoubleString: ``99.900000`` -> ``99.9``, ``50.000000`` -> ``50``."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _as_signed64(value: int) -> int:
    """A C cast of an unsigned 64-bit value to ``long long``."""
    return value - 2**64 if value > LLONG_MAX else value


# --- the kinds ----------------------------------------------------------------------------


class Kind:
    """A directive's value type. ``multi_arg`` kinds take any number of words (``save``)."""

    multi_arg = False

    def parse(self, args: list[str], current: Any) -> Any:
        raise NotImplementedError

    def render(self, value: Any) -> str:
        raise NotImplementedError


class Bool(Kind):
    """``yes`` / ``no`` in any case -> True / False (yesnotoi)."""

    def parse(self, args: list[str], current: Any) -> bool:
        word = args[0].lower()
        if word not in ("yes", "no"):
            raise ConfigValueError(errors.CONFIG_NOT_BOOL)
        return word == "yes"

    def render(self, value: bool) -> str:
        return "yes" if value else "no"


@dataclass(frozen=True)
class Number(Kind):
    """A numeric config: Redis's ``createIntConfig`` and friends.

    ``unsigned`` compares the bounds as C unsigned types do (uint, size_t, unsigned long long),
    so ``-1`` is out of range. ``memory`` accepts units (stored as a byte count); ``percent``
    also accepts ``10%``, stored negative as Redis does (``-10``); ``octal`` reads and shows
    base 8 (unixsocketperm). ``clamp`` is applied after the bounds check (hz: 0 -> 1,
    1000 -> 500, as updateHZ and the config loader do).
    """

    low: int
    high: int
    unsigned: bool = False
    memory: bool = False
    percent: bool = False
    octal: bool = False
    clamp: tuple[int, int] | None = None

    def parse(self, args: list[str], current: Any) -> int:
        value = self._parse_text(args[0])
        self._check_bounds(value)
        if self.clamp:
            value = max(self.clamp[0], min(self.clamp[1], value))
        return value

    def _parse_text(self, text: str) -> int:
        if self.memory:
            memory = memtoull(text)
            if memory is not None:
                return memory if self.unsigned else _as_signed64(memory)
        if self.percent and len(text) > 1 and text.endswith("%"):
            percent = string2ll(text[:-1])
            if percent is not None and percent >= 0:
                return -percent
        if self.octal:
            octal = c_strtoll(text, 8)
            if octal is not None and LLONG_MIN < octal < LLONG_MAX:  # strtoll: no ERANGE
                return octal
            raise ConfigValueError(errors.CONFIG_NOT_OCTAL)
        if not (self.memory or self.percent):
            plain = string2ll(text)
            if plain is not None:
                return plain
        if self.memory and self.percent:
            raise ConfigValueError(errors.CONFIG_NOT_MEMORY_OR_PERCENT)
        if self.memory:
            raise ConfigValueError(errors.CONFIG_NOT_MEMORY)
        raise ConfigValueError(errors.CONFIG_NOT_INTEGER)

    def _check_bounds(self, value: int) -> None:
        if self.unsigned:
            if not self.low <= value & ULLONG_MAX <= self.high:
                if self.octal:
                    low, high = f"{self.low:o}", f"{self.high:o}"
                    raise ConfigValueError(errors.config_out_of_range(low, high))
                raise ConfigValueError(errors.config_out_of_range(self.low, self.high))
        elif self.percent and value < 0:
            if value < self.low:
                raise ConfigValueError(errors.config_percent_too_big(-self.low))
        elif not self.low <= value <= self.high:
            raise ConfigValueError(errors.config_out_of_range(self.low, self.high))

    def render(self, value: int) -> str:
        if self.percent and value < 0:
            return f"{-value}%"
        return f"{value:o}" if self.octal else str(value)


@dataclass(frozen=True)
class Enum(Kind):
    """One name out of a fixed list, any case; the value is the canonical lower-case name.

    ``same_as`` maps synonyms to the name Redis shows (``oom-score-adj relative`` reads
    back ``yes``: both have one value in Redis's enum, and the first name wins).
    """

    names: tuple[str, ...]
    same_as: tuple[tuple[str, str], ...] = ()

    def parse(self, args: list[str], current: Any) -> str:
        word = args[0].lower()
        if word not in self.names:
            raise ConfigValueError(errors.config_enum_choices(list(self.names)))
        return dict(self.same_as).get(word, word)

    def render(self, value: str) -> str:
        return value


@dataclass(frozen=True)
class FlagSet(Kind):
    """Several names at once (shutdown-on-sigterm ``nosave now``); ``default`` is none.

    The value is a tuple of names in Redis's table order; it renders the same way, or
    ``default`` when empty.
    """

    names: tuple[str, ...]
    multi_arg = True

    def parse(self, args: list[str], current: Any) -> tuple[str, ...]:
        words = {arg.lower() for arg in args}
        if not args or not words <= set(self.names):
            raise ConfigValueError(errors.config_enum_choices(list(self.names)))
        if {"save", "nosave"} <= words:
            raise ConfigValueError(errors.CONFIG_SHUTDOWN_SAVE_NOSAVE)
        return tuple(name for name in self.names[1:] if name in words)

    def render(self, value: tuple[str, ...]) -> str:
        return " ".join(value) if value else self.names[0]


@dataclass(frozen=True)
class String(Kind):
    """Any text. ``check`` returns Redis's reason for a refused value, or None."""

    check: Callable[[str], str | None] | None = None

    def parse(self, args: list[str], current: Any) -> str:
        reason = self.check(args[0]) if self.check else None
        if reason:
            raise ConfigValueError(reason)
        return args[0]

    def render(self, value: str) -> str:
        return value


class Save(Kind):
    """``save <seconds> <changes> [...]``: a list of (seconds, changes); ``""`` is none.

    In a config file every ``save`` line adds points (after the first one drops the
    defaults); ``CONFIG SET save`` replaces them. ``config.py`` does the adding.
    """

    multi_arg = True

    def parse(self, args: list[str], current: Any) -> list[tuple[int, int]]:
        if args == [""]:
            return []
        numbers = [c_strtoll(arg) for arg in args]
        if len(args) % 2 or any(
            number is None or number < (1 if index % 2 == 0 else 0)
            for index, number in enumerate(numbers)
        ):
            raise ConfigValueError(errors.CONFIG_SAVE_INVALID)
        return [(int(numbers[i] or 0), int(numbers[i + 1] or 0)) for i in range(0, len(args), 2)]

    def render(self, value: list[tuple[int, int]]) -> str:
        return " ".join(f"{seconds} {changes}" for seconds, changes in value)


class Bind(Kind):
    """``bind addr [addr ...]`` (at most 16): a list of addresses; ``""`` is none."""

    multi_arg = True

    def parse(self, args: list[str], current: Any) -> list[str]:
        if len(args) > 16:
            raise ConfigValueError(errors.CONFIG_BIND_TOO_MANY)
        return [] if args == [""] else list(args)

    def render(self, value: list[str]) -> str:
        return " ".join(value)


class ClientOutputBufferLimit(Kind):
    """``<class> <hard> <soft> <soft-seconds>`` groups; classes not named keep their limits.

    The value maps ``normal``, ``replica`` and ``pubsub`` to (hard, soft, seconds); the
    class ``slave`` is ``replica``, and Redis still renders it as ``slave``.
    """

    multi_arg = True
    _CLASSES: ClassVar[dict[str, str]] = {
        "normal": "normal",
        "slave": "replica",
        "replica": "replica",
        "pubsub": "pubsub",
    }

    def parse(
        self, args: list[str], current: dict[str, tuple[int, int, int]]
    ) -> dict[str, tuple[int, int, int]]:
        if len(args) % 4:
            raise ConfigValueError(errors.CONFIG_OBUF_ARGS)
        limits = dict(current)
        for at in range(0, len(args), 4):
            name = self._CLASSES.get(args[at].lower())
            if name is None:
                raise ConfigValueError(errors.CONFIG_OBUF_CLASS)
            hard, soft = memtoull(args[at + 1]), memtoull(args[at + 2])
            seconds = c_strtoll(args[at + 3])
            if hard is None or soft is None or seconds is None or seconds < 0:
                raise ConfigValueError(errors.CONFIG_OBUF_VALUES)
            limits[name] = (hard, soft, seconds)
        return limits

    def render(self, value: dict[str, tuple[int, int, int]]) -> str:
        shown = (("normal", "normal"), ("slave", "replica"), ("pubsub", "pubsub"))
        return " ".join(
            f"{label} {value[key][0]} {value[key][1]} {value[key][2]}" for label, key in shown
        )


class OomScoreAdjValues(Kind):
    """Three integers in -2000..2000 (master, replica, background child)."""

    multi_arg = True

    def parse(self, args: list[str], current: Any) -> tuple[int, int, int]:
        if len(args) != 3:
            raise ConfigValueError(errors.CONFIG_WRONG_ARGS)
        values = [c_strtoll(arg) for arg in args]
        if any(value is None or not -2000 <= value <= 2000 for value in values):
            raise ConfigValueError(errors.CONFIG_OOM_VALUES)
        return (int(values[0] or 0), int(values[1] or 0), int(values[2] or 0))

    def render(self, value: tuple[int, int, int]) -> str:
        return " ".join(map(str, value))


class NotifyKeyspaceEvents(Kind):
    """Class characters ``KEg$lshzxetdmnA`` -> an int of ``NOTIFY_*`` bits.

    Rendered in Redis's canonical order, ``A`` when every type class is on: ``KEA`` reads
    back ``AKE``. (With ``A``, Redis does not show ``n``: ``AnK`` reads back ``AK``.)
    """

    def parse(self, args: list[str], current: Any) -> int:
        flags = 0
        for char in args[0]:
            if char not in _NOTIFY_CHARS:
                raise ConfigValueError(errors.CONFIG_NOTIFY_CLASS)
            flags |= _NOTIFY_CHARS[char]
        return flags

    def render(self, value: int) -> str:
        if value & NOTIFY_ALL == NOTIFY_ALL:
            text = "A"
        else:
            text = "".join(char for char, flag in _NOTIFY_TYPE_CHARS if value & flag)
        for char, flag in (("K", NOTIFY_KEYSPACE), ("E", NOTIFY_KEYEVENT), ("m", NOTIFY_KEY_MISS)):
            if value & flag:
                text += char
        return text


class ReplicaOf(Kind):
    """``replicaof <host> <port>`` or ``no one``: a (host, port) tuple or None."""

    multi_arg = True

    def parse(self, args: list[str], current: Any) -> tuple[str, int] | None:
        if len(args) != 2:
            raise ConfigValueError(errors.CONFIG_WRONG_ARGS)
        if args[0].lower() == "no" and args[1].lower() == "one":
            return None
        port = c_strtoll(args[1])
        if port is None or not 0 <= port <= 65535:
            raise ConfigValueError(errors.CONFIG_MASTER_PORT)
        return (args[0], port)

    def render(self, value: tuple[str, int] | None) -> str:
        return "" if value is None else f"{value[0]} {value[1]}"


class Percentiles(Kind):
    """latency-tracking-info-percentiles: floats in [0, 100]; ``""`` is none."""

    multi_arg = True

    def parse(self, args: list[str], current: Any) -> list[float]:
        if args == [""]:
            return []
        values = []
        for arg in args:
            value = string2d(arg)
            if value is None:
                raise ConfigValueError(errors.CONFIG_PERCENTILES_INVALID)
            if not 0.0 <= value <= 100.0:
                raise ConfigValueError(errors.CONFIG_PERCENTILES_RANGE)
            values.append(value)
        return values

    def render(self, value: list[float]) -> str:
        return " ".join(trim_double(number) for number in value)


class Dir(Kind):
    """The working directory: must exist; relative to the previous ``dir``; stored absolute.

    Redis ``chdir``s on the spot and shows ``getcwd()``. miniredis only records the path
    (the server may run inside a test process whose cwd is not ours to change); the
    command-line entry point changes into it before it opens log, pid and socket files.
    """

    def parse(self, args: list[str], current: str) -> str:
        path = os.path.join(current, args[0])
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            raise ConfigValueError(exc.strerror or str(exc)) from None
        if not stat.S_ISDIR(mode):
            raise ConfigValueError(os.strerror(errno.ENOTDIR))
        if not os.access(path, os.X_OK):
            raise ConfigValueError(os.strerror(errno.EACCES))
        return os.path.realpath(path)

    def render(self, value: str) -> str:
        return value
