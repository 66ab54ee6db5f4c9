"""Scenario helpers shared by the sorted-set compat tests (``test_zsets*.py``).

A scenario is a list of steps ``(command, RESP2 reply, RESP3 reply)`` run in order on one
connection; the replies are redis-server 7.0.15's bytes, written literally in the tests.
"""

from __future__ import annotations

from typing import Any

from compat_tests.rawclient import RawClient

Step = tuple[tuple[str, ...], bytes, Any]
SAME = None  # the RESP3 reply is the RESP2 one
OK = b"+OK\r\n"
NULL = b"$-1\r\n"
NULL_ARRAY = b"*-1\r\n"
RESP3_NULL = b"_\r\n"
EMPTY = b"*0\r\n"
ZERO, ONE = b":0\r\n", b":1\r\n"
SYNTAX = b"-ERR syntax error\r\n"
WRONGTYPE = b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
NOT_FLOAT = b"-ERR value is not a valid float\r\n"
NOT_INT = b"-ERR value is not an integer or out of range\r\n"
LIMIT_NEEDS_BY = (
    b"-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n"
)
WITHSCORES_BYLEX = b"-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n"
RANGE_NOT_FLOAT = b"-ERR min or max is not a float\r\n"
RANGE_NOT_LEX = b"-ERR min or max not valid string range item\r\n"


def play(raw: RawClient, steps: list[Step], protocol: int) -> None:
    """Run ``steps`` on ``raw`` in ``protocol``, comparing each reply; reset the thresholds."""
    if protocol == 3:
        assert raw.call("HELLO", "3").startswith(b"%7\r\n")
    try:
        for number, (args, reply2, reply3) in enumerate(steps):
            expected = reply2 if protocol == 2 or reply3 is SAME else reply3
            assert (number, args, raw.call(*args)) == (number, args, expected)
    finally:
        raw.call("CONFIG", "SET", "zset-max-listpack-entries", "128")
        raw.call("CONFIG", "SET", "zset-max-listpack-value", "64")
