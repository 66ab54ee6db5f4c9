"""The sorted set group, byte for byte, against miniredis and real redis-server 7.0.15.

Most tests here are *scenarios*: a list of steps ``(command, RESP2 reply, RESP3 reply)`` run in
order on one fresh connection, once in RESP2 and once after ``HELLO 3`` (``SAME`` where the two
protocols agree). Every expected reply is what redis-server 7.0.15 sends, written out literally
(house rule 11): scores are bulk strings in RESP2 and doubles (``,1.5``) in RESP3, WITHSCORES
replies are flat in RESP2 and ``[member, score]`` pairs in RESP3. Each scenario ends by putting
the listpack thresholds back, in case it changed them.
"""

from __future__ import annotations

from typing import Any

import pytest

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


SCENARIOS: dict[str, list[Step]] = {
    "zadd_and_scores": [
        (("ZADD", "z", "1", "a", "2", "b", "1.5", "c"), b":3\r\n", SAME),
        (
            (
                "ZADD", "z", "0.1", "tenth", "1e20", "big", "-0", "neg", "0x10", "hex", "inf",
                "top", "-inf", "bottom",
            ),
            b":6\r\n",
            SAME,
        ),
        (
            ("ZRANGE", "z", "0", "-1", "WITHSCORES"),
            b"*18\r\n$6\r\nbottom\r\n$4\r\n-inf\r\n$3\r\nneg\r\n$1\r\n0\r\n$5\r\ntenth\r\n$19\r\n"
            b"0.10000000000000001\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nc\r\n$3\r\n1.5\r\n$1\r\nb\r\n"
            b"$1\r\n2\r\n$3\r\nhex\r\n$2\r\n16\r\n$3\r\nbig\r\n$5\r\n1e+20\r\n$3\r\ntop\r\n$3\r\n"
            b"inf\r\n",
            b"*9\r\n*2\r\n$6\r\nbottom\r\n,-inf\r\n*2\r\n$3\r\nneg\r\n,0\r\n*2\r\n$5\r\ntenth\r\n"
            b",0.10000000000000001\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nc\r\n,1.5\r\n*2\r\n"
            b"$1\r\nb\r\n,2\r\n*2\r\n$3\r\nhex\r\n,16\r\n*2\r\n$3\r\nbig\r\n,1e+20\r\n*2\r\n"
            b"$3\r\ntop\r\n,inf\r\n",
        ),
        (("ZSCORE", "z", "tenth"), b"$19\r\n0.10000000000000001\r\n", b",0.10000000000000001\r\n"),
        (("ZSCORE", "z", "neg"), b"$1\r\n0\r\n", b",0\r\n"),
        (("ZSCORE", "z", "nope"), NULL, RESP3_NULL),
        (("ZSCORE", "nokey", "a"), NULL, RESP3_NULL),
        (
            ("ZMSCORE", "z", "a", "nope", "top"),
            b"*3\r\n$1\r\n1\r\n$-1\r\n$3\r\ninf\r\n",
            b"*3\r\n,1\r\n_\r\n,inf\r\n",
        ),
        (("ZMSCORE", "nokey", "a", "b"), b"*2\r\n$-1\r\n$-1\r\n", b"*2\r\n_\r\n_\r\n"),
        (("ZCARD", "z"), b":9\r\n", SAME),
        (("ZCARD", "nokey"), ZERO, SAME),
        (("TYPE", "z"), b"+zset\r\n", SAME),
        (("ZADD", "z", "1", "a"), ZERO, SAME),
        (("ZADD", "", "1", ""), ONE, SAME),
        (("ZSCORE", "", ""), b"$1\r\n1\r\n", b",1\r\n"),
    ],
    "zadd_option_errors": [
        (
            ("ZADD", "z", "nx", "xx", "1", "a"),
            b"-ERR XX and NX options at the same time are not compatible\r\n",
            SAME,
        ),
        (
            ("ZADD", "z", "gt", "lt", "1", "a"),
            b"-ERR GT, LT, and/or NX options at the same time are not compatible\r\n",
            SAME,
        ),
        (
            ("ZADD", "z", "nx", "gt", "1", "a"),
            b"-ERR GT, LT, and/or NX options at the same time are not compatible\r\n",
            SAME,
        ),
        (
            ("ZADD", "z", "lt", "nx", "1", "a"),
            b"-ERR GT, LT, and/or NX options at the same time are not compatible\r\n",
            SAME,
        ),
        (
            ("ZADD", "z", "xx", "nx", "ch", "incr", "1", "a"),
            b"-ERR XX and NX options at the same time are not compatible\r\n",
            SAME,
        ),
        (
            ("ZADD", "z", "incr", "1", "a", "2", "b"),
            b"-ERR INCR option supports a single increment-element pair\r\n",
            SAME,
        ),
        (("ZADD", "z", "1", "a", "2"), SYNTAX, SAME),
        (("ZADD", "z", "nx", "1", "a", "2"), SYNTAX, SAME),
        (("ZADD", "z", "nx"), b"-ERR wrong number of arguments for 'zadd' command\r\n", SAME),
        (("ZADD", "z", "x", "1", "a"), SYNTAX, SAME),
        (("ZADD", "z", "1"), b"-ERR wrong number of arguments for 'zadd' command\r\n", SAME),
        (("ZADD", "z", "nan", "a"), NOT_FLOAT, SAME),
        (("ZADD", "z", "abc", "a"), NOT_FLOAT, SAME),
        (("ZADD", "z", " 1", "a"), NOT_FLOAT, SAME),
        (("ZADD", "z", "1 ", "a"), NOT_FLOAT, SAME),
        (("ZADD", "z", "", "a"), NOT_FLOAT, SAME),
        (("ZADD", "z", "1e400", "a"), NOT_FLOAT, SAME),
        (("ZADD", "z", "-1e400", "a"), NOT_FLOAT, SAME),
        (("ZADD", "z", "1e-400", "a"), NOT_FLOAT, SAME),
        (("ZADD", "z", "1.7976931348623159e308", "a"), NOT_FLOAT, SAME),
        (("ZADD", "z", "1", "a", "nan", "b"), NOT_FLOAT, SAME),
        (("ZADD", "z", "incr", "nx", "nan", "a"), NOT_FLOAT, SAME),
        (("EXISTS", "z"), ZERO, SAME),
        (("SET", "s", "x"), OK, SAME),
        (("ZADD", "s", "1", "a"), WRONGTYPE, SAME),
        (
            ("ZADD", "s", "nx", "xx", "1", "a"),
            b"-ERR XX and NX options at the same time are not compatible\r\n",
            SAME,
        ),
        (("ZADD", "s", "1", "a", "2"), SYNTAX, SAME),
        (("ZADD", "s", "abc", "a"), NOT_FLOAT, SAME),
    ],
    "zadd_nx_xx_gt_lt_ch": [
        (("ZADD", "z", "1", "a", "2", "b"), b":2\r\n", SAME),
        (("ZADD", "z", "nx", "5", "a", "3", "c"), ONE, SAME),
        (("ZADD", "z", "xx", "5", "a", "4", "d"), ZERO, SAME),
        (("ZADD", "z", "ch", "6", "a", "7", "new"), b":2\r\n", SAME),
        (("ZADD", "z", "gt", "ch", "1", "a", "10", "b", "8", "e"), b":2\r\n", SAME),
        (("ZADD", "z", "lt", "ch", "20", "b", "5", "b2", "0", "a"), b":2\r\n", SAME),
        (("ZADD", "z", "xx", "gt", "100", "b"), ZERO, SAME),
        (("ZADD", "z", "Ch", "NX", "1", "a", "1", "f"), ONE, SAME),
        (
            ("ZRANGE", "z", "0", "-1", "WITHSCORES"),
            b"*14\r\n$1\r\na\r\n$1\r\n0\r\n$1\r\nf\r\n$1\r\n1\r\n$1\r\nc\r\n$1\r\n3\r\n$2\r\n"
            b"b2\r\n$1\r\n5\r\n$3\r\nnew\r\n$1\r\n7\r\n$1\r\ne\r\n$1\r\n8\r\n$1\r\nb\r\n$3\r\n"
            b"100\r\n",
            b"*7\r\n*2\r\n$1\r\na\r\n,0\r\n*2\r\n$1\r\nf\r\n,1\r\n*2\r\n$1\r\nc\r\n,3\r\n*2\r\n"
            b"$2\r\nb2\r\n,5\r\n*2\r\n$3\r\nnew\r\n,7\r\n*2\r\n$1\r\ne\r\n,8\r\n*2\r\n$1\r\nb\r\n"
            b",100\r\n",
        ),
        (("ZADD", "nz", "xx", "1", "a"), ZERO, SAME),
        (("EXISTS", "nz"), ZERO, SAME),
        (("ZADD", "nz2", "gt", "5", "a"), ONE, SAME),
        (("ZSCORE", "nz2", "a"), b"$1\r\n5\r\n", b",5\r\n"),
    ],
    "zadd_incr_and_zincrby": [
        (("ZADD", "z", "incr", "1", "a"), b"$1\r\n1\r\n", b",1\r\n"),
        (("ZADD", "z", "INCR", "1.5", "a"), b"$3\r\n2.5\r\n", b",2.5\r\n"),
        (("ZADD", "z", "incr", "nx", "1", "a"), NULL, RESP3_NULL),
        (("ZADD", "z", "incr", "xx", "1", "zz"), NULL, RESP3_NULL),
        (("ZADD", "z", "incr", "gt", "-1", "a"), NULL, RESP3_NULL),
        (("ZADD", "z", "incr", "gt", "1", "a"), b"$3\r\n3.5\r\n", b",3.5\r\n"),
        (("ZADD", "z", "incr", "lt", "0", "a"), NULL, RESP3_NULL),
        (("ZADD", "z", "incr", "0", "a"), b"$3\r\n3.5\r\n", b",3.5\r\n"),
        (("ZADD", "z", "incr", "-0", "neg"), b"$2\r\n-0\r\n", b",-0\r\n"),
        (("ZSCORE", "z", "neg"), b"$1\r\n0\r\n", b",0\r\n"),
        (("ZINCRBY", "z", "1", "a"), b"$3\r\n4.5\r\n", b",4.5\r\n"),
        (
            ("ZINCRBY", "z", "0.1", "fresh"),
            b"$19\r\n0.10000000000000001\r\n",
            b",0.10000000000000001\r\n",
        ),
        (("ZINCRBY", "z", "abc", "a"), NOT_FLOAT, SAME),
        (("ZINCRBY", "z", "nan", "a"), NOT_FLOAT, SAME),
        (("ZINCRBY", "z", "", "a"), NOT_FLOAT, SAME),
        (("ZADD", "z", "inf", "m"), ONE, SAME),
        (
            ("ZADD", "z", "incr", "-inf", "m"),
            b"-ERR resulting score is not a number (NaN)\r\n",
            SAME,
        ),
        (("ZINCRBY", "z", "-inf", "m"), b"-ERR resulting score is not a number (NaN)\r\n", SAME),
        (("ZINCRBY", "z", "1e308", "a"), b"$6\r\n1e+308\r\n", b",1e+308\r\n"),
        (("ZINCRBY", "z", "1e308", "a"), b"$3\r\ninf\r\n", b",inf\r\n"),
        (("ZSCORE", "z", "m"), b"$3\r\ninf\r\n", b",inf\r\n"),
        (("SET", "s", "x"), OK, SAME),
        (("ZINCRBY", "s", "1", "a"), WRONGTYPE, SAME),
        (("ZINCRBY", "s", "abc", "a"), NOT_FLOAT, SAME),
        (
            ("ZINCRBY", "z", "1", "a", "b"),
            b"-ERR wrong number of arguments for 'zincrby' command\r\n",
            SAME,
        ),
    ],
    "zrem_zrank": [
        (("ZADD", "z", "1", "a", "2", "b", "3", "c", "3", "d"), b":4\r\n", SAME),
        (("ZRANK", "z", "a"), ZERO, SAME),
        (("ZRANK", "z", "d"), b":3\r\n", SAME),
        (("ZREVRANK", "z", "a"), b":3\r\n", SAME),
        (("ZREVRANK", "z", "d"), ZERO, SAME),
        (("ZRANK", "z", "nope"), NULL, RESP3_NULL),
        (("ZRANK", "nokey", "a"), NULL, RESP3_NULL),
        (("ZREVRANK", "nokey", "a"), NULL, RESP3_NULL),
        (
            ("ZRANK", "z", "a", "withscore"),
            b"-ERR wrong number of arguments for 'zrank' command\r\n",
            SAME,
        ),
        (("ZREM", "z", "a", "nope", "a"), ONE, SAME),
        (("ZREM", "nokey", "a"), ZERO, SAME),
        (("ZREM", "z", "b", "c", "d"), b":3\r\n", SAME),
        (("EXISTS", "z"), ZERO, SAME),
        (("SET", "s", "x"), OK, SAME),
        (("ZRANK", "s", "a"), WRONGTYPE, SAME),
        (("ZREVRANK", "s", "a"), WRONGTYPE, SAME),
        (("ZREM", "s", "a"), WRONGTYPE, SAME),
        (("ZCARD", "s"), WRONGTYPE, SAME),
        (("ZSCORE", "s", "a"), WRONGTYPE, SAME),
        (("ZMSCORE", "s", "a"), WRONGTYPE, SAME),
    ],
    "zrange_by_rank": [
        (("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"), b":5\r\n", SAME),
        (
            ("ZRANGE", "z", "0", "-1"),
            b"*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n",
            SAME,
        ),
        (
            ("ZRANGE", "z", "1", "2", "WITHSCORES"),
            b"*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n",
            b"*2\r\n*2\r\n$1\r\nb\r\n,2\r\n*2\r\n$1\r\nc\r\n,3\r\n",
        ),
        (
            ("ZRANGE", "z", "0", "-1", "REV", "WITHSCORES"),
            b"*10\r\n$1\r\ne\r\n$1\r\n5\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\n"
            b"b\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n",
            b"*5\r\n*2\r\n$1\r\ne\r\n,5\r\n*2\r\n$1\r\nd\r\n,4\r\n*2\r\n$1\r\nc\r\n,3\r\n*2\r\n"
            b"$1\r\nb\r\n,2\r\n*2\r\n$1\r\na\r\n,1\r\n",
        ),
        (("ZRANGE", "z", "-2", "-1", "rev"), b"*2\r\n$1\r\nb\r\n$1\r\na\r\n", SAME),
        (
            ("ZRANGE", "z", "-100", "100"),
            b"*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n",
            SAME,
        ),
        (("ZRANGE", "z", "9223372036854775807", "-9223372036854775808"), EMPTY, SAME),
        (("ZRANGE", "z", "3", "1"), EMPTY, SAME),
        (
            ("ZRANGE", "z", "0", "0", "withscores", "withscores"),
            b"*2\r\n$1\r\na\r\n$1\r\n1\r\n",
            b"*1\r\n*2\r\n$1\r\na\r\n,1\r\n",
        ),
        (("ZRANGE", "z", "a", "b"), NOT_INT, SAME),
        (("ZRANGE", "z", "0", "-1", "foo"), SYNTAX, SAME),
        (("ZRANGE", "z", "0", "-1", "rev", "rev"), SYNTAX, SAME),
        (("ZRANGE", "z", "0", "-1", "limit", "1", "2"), LIMIT_NEEDS_BY, SAME),
        (
            ("ZRANGE", "z", "0", "-1", "limit", "0", "-1"),
            b"*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n",
            SAME,
        ),
        (("ZRANGE", "z", "a", "b", "limit", "1", "2"), LIMIT_NEEDS_BY, SAME),
        (("ZRANGE", "z", "0", "-1", "limit", "1"), SYNTAX, SAME),
        (("ZRANGE", "nokey", "0", "-1"), EMPTY, SAME),
        (("ZRANGE", "nokey", "a", "b"), NOT_INT, SAME),
        (
            ("ZREVRANGE", "z", "0", "1", "WITHSCORES"),
            b"*4\r\n$1\r\ne\r\n$1\r\n5\r\n$1\r\nd\r\n$1\r\n4\r\n",
            b"*2\r\n*2\r\n$1\r\ne\r\n,5\r\n*2\r\n$1\r\nd\r\n,4\r\n",
        ),
        (("ZREVRANGE", "z", "0", "1", "withscores", "x"), SYNTAX, SAME),
        (("ZREVRANGE", "z", "0", "1", "limit", "0", "1"), LIMIT_NEEDS_BY, SAME),
        (("ZREVRANGE", "z", "0", "1", "rev"), SYNTAX, SAME),
        (("ZREVRANGE", "z", "0", "1", "byscore"), SYNTAX, SAME),
    ],
    "zrange_by_score": [
        (("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"), b":5\r\n", SAME),
        (("ZRANGE", "z", "(1", "3", "BYSCORE"), b"*2\r\n$1\r\nb\r\n$1\r\nc\r\n", SAME),
        (("ZRANGE", "z", "3", "(1", "byscore", "rev"), b"*2\r\n$1\r\nc\r\n$1\r\nb\r\n", SAME),
        (
            ("ZRANGE", "z", "-inf", "+inf", "byscore", "limit", "1", "2", "withscores"),
            b"*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n",
            b"*2\r\n*2\r\n$1\r\nb\r\n,2\r\n*2\r\n$1\r\nc\r\n,3\r\n",
        ),
        (
            ("ZRANGE", "z", "-inf", "+inf", "byscore", "limit", "1", "-1"),
            b"*4\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n",
            SAME,
        ),
        (("ZRANGE", "z", "-inf", "+inf", "byscore", "limit", "-1", "2"), EMPTY, SAME),
        (("ZRANGE", "z", "-inf", "+inf", "byscore", "limit", "10", "2"), EMPTY, SAME),
        (
            ("ZRANGE", "z", "-inf", "+inf", "byscore", "limit", "2", "2", "rev", "withscores"),
            EMPTY,
            SAME,
        ),
        (("ZRANGE", "z", "0", "-1", "byscore", "limit", "0", "0"), EMPTY, SAME),
        (("ZRANGE", "z", "(1", "(1", "byscore"), EMPTY, SAME),
        (("ZRANGE", "z", "(inf", "+inf", "byscore"), EMPTY, SAME),
        (("ZRANGE", "z", "-inf", "(-inf", "byscore"), EMPTY, SAME),
        (("ZRANGE", "z", "5", "1", "byscore"), EMPTY, SAME),
        (("ZRANGE", "z", "", "2", "byscore"), b"*2\r\n$1\r\na\r\n$1\r\nb\r\n", SAME),
        (("ZRANGE", "z", "(", "2", "byscore"), b"*2\r\n$1\r\na\r\n$1\r\nb\r\n", SAME),
        (("ZRANGE", "z", "1", "(", "byscore"), EMPTY, SAME),
        (("ZRANGE", "z", "1", " 2", "byscore"), b"*2\r\n$1\r\na\r\n$1\r\nb\r\n", SAME),
        (("ZRANGE", "z", "1", "  ", "byscore"), RANGE_NOT_FLOAT, SAME),
        (("ZRANGE", "z", "1", "2 ", "byscore"), RANGE_NOT_FLOAT, SAME),
        (("ZRANGE", "z", "1", "((2", "byscore"), RANGE_NOT_FLOAT, SAME),
        (("ZRANGE", "z", "1", "nan", "byscore"), RANGE_NOT_FLOAT, SAME),
        (
            ("ZRANGE", "z", "1", "infinity", "byscore"),
            b"*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n",
            SAME,
        ),
        (("ZRANGE", "z", "1", "0x3", "byscore"), b"*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n", SAME),
        (
            ("ZRANGE", "z", "1", "1e400", "byscore"),
            b"*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n",
            SAME,
        ),
        (("ZRANGE", "z", "abc", "2", "byscore"), RANGE_NOT_FLOAT, SAME),
        (("ZRANGE", "z", "(abc", "2", "byscore"), RANGE_NOT_FLOAT, SAME),
        (("ZRANGE", "z", "0", "-1", "byscore", "bylex"), SYNTAX, SAME),
        (("ZRANGE", "z", "0", "-1", "limit", "a", "b", "byscore"), NOT_INT, SAME),
        (("ZRANGE", "nokey", "(a", "1", "byscore"), RANGE_NOT_FLOAT, SAME),
        (
            ("ZRANGEBYSCORE", "z", "1", "3", "WITHSCORES", "LIMIT", "0", "1"),
            b"*2\r\n$1\r\na\r\n$1\r\n1\r\n",
            b"*1\r\n*2\r\n$1\r\na\r\n,1\r\n",
        ),
        (
            ("ZRANGEBYSCORE", "z", "1", "3", "limit", "0", "1", "withscores"),
            b"*2\r\n$1\r\na\r\n$1\r\n1\r\n",
            b"*1\r\n*2\r\n$1\r\na\r\n,1\r\n",
        ),
        (
            ("ZRANGEBYSCORE", "z", "(1", "+inf"),
            b"*4\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n",
            SAME,
        ),
        (("ZRANGEBYSCORE", "z", "1", "3", "rev"), SYNTAX, SAME),
        (("ZRANGEBYSCORE", "z", "1", "3", "byscore"), SYNTAX, SAME),
        (("ZRANGEBYSCORE", "z", "1", "3", "limit", "0"), SYNTAX, SAME),
        (("ZREVRANGEBYSCORE", "z", "3", "1"), b"*3\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n", SAME),
        (
            ("ZREVRANGEBYSCORE", "z", "+inf", "(3", "withscores"),
            b"*4\r\n$1\r\ne\r\n$1\r\n5\r\n$1\r\nd\r\n$1\r\n4\r\n",
            b"*2\r\n*2\r\n$1\r\ne\r\n,5\r\n*2\r\n$1\r\nd\r\n,4\r\n",
        ),
        (
            ("ZREVRANGEBYSCORE", "z", "3", "1", "limit", "1", "1", "withscores"),
            b"*2\r\n$1\r\nb\r\n$1\r\n2\r\n",
            b"*1\r\n*2\r\n$1\r\nb\r\n,2\r\n",
        ),
        (("ZCOUNT", "z", "(1", "3"), b":2\r\n", SAME),
        (("ZCOUNT", "z", "-inf", "+inf"), b":5\r\n", SAME),
        (("ZCOUNT", "z", "3", "1"), ZERO, SAME),
        (("ZCOUNT", "z", "a", "3"), RANGE_NOT_FLOAT, SAME),
        (("ZCOUNT", "nokey", "a", "b"), RANGE_NOT_FLOAT, SAME),
        (("ZCOUNT", "nokey", "1", "2"), ZERO, SAME),
    ],
    "zrange_by_lex": [
        (("ZADD", "z", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e"), b":5\r\n", SAME),
        (("ZRANGE", "z", "[a", "[c", "BYLEX"), b"*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n", SAME),
        (("ZRANGE", "z", "[a", "(c", "bylex"), b"*2\r\n$1\r\na\r\n$1\r\nb\r\n", SAME),
        (
            ("ZRANGE", "z", "+", "-", "bylex", "rev"),
            b"*5\r\n$1\r\ne\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n",
            SAME,
        ),
        (
            ("ZRANGE", "z", "(d", "[b", "bylex", "rev", "limit", "1", "5"),
            b"*1\r\n$1\r\nb\r\n",
            SAME,
        ),
        (("ZRANGE", "z", "[a", "[c", "bylex", "withscores"), WITHSCORES_BYLEX, SAME),
        (("ZRANGE", "z", "a", "c", "bylex"), RANGE_NOT_LEX, SAME),
        (("ZRANGE", "z", "[a", "[", "bylex"), EMPTY, SAME),
        (("ZRANGE", "z", "", "+", "bylex"), RANGE_NOT_LEX, SAME),
        (("ZRANGE", "z", "-x", "+", "bylex"), RANGE_NOT_LEX, SAME),
        (("ZRANGE", "z", "+", "-", "bylex"), EMPTY, SAME),
        (
            ("ZRANGE", "z", "-", "+", "bylex", "limit", "1", "2"),
            b"*2\r\n$1\r\nb\r\n$1\r\nc\r\n",
            SAME,
        ),
        (("ZRANGE", "nokey", "a", "b", "bylex"), RANGE_NOT_LEX, SAME),
        (("ZRANGEBYLEX", "z", "-", "+", "LIMIT", "1", "2"), b"*2\r\n$1\r\nb\r\n$1\r\nc\r\n", SAME),
        (("ZRANGEBYLEX", "z", "-", "+", "withscores"), WITHSCORES_BYLEX, SAME),
        (
            ("ZRANGEBYLEX", "z", "[b", "+"),
            b"*4\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n",
            SAME,
        ),
        (
            ("ZRANGEBYLEX", "z", "[a"),
            b"-ERR wrong number of arguments for 'zrangebylex' command\r\n",
            SAME,
        ),
        (
            ("ZREVRANGEBYLEX", "z", "+", "-"),
            b"*5\r\n$1\r\ne\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n",
            SAME,
        ),
        (
            ("ZREVRANGEBYLEX", "z", "+", "-", "limit", "1", "2"),
            b"*2\r\n$1\r\nd\r\n$1\r\nc\r\n",
            SAME,
        ),
        (("ZREVRANGEBYLEX", "z", "(d", "[b"), b"*2\r\n$1\r\nc\r\n$1\r\nb\r\n", SAME),
        (("ZLEXCOUNT", "z", "-", "+"), b":5\r\n", SAME),
        (("ZLEXCOUNT", "z", "[b", "(d"), b":2\r\n", SAME),
        (("ZLEXCOUNT", "z", "b", "d"), RANGE_NOT_LEX, SAME),
        (("ZLEXCOUNT", "z", "+", "-"), ZERO, SAME),
        (("ZLEXCOUNT", "z", "-", "-"), ZERO, SAME),
        (("ZLEXCOUNT", "z", "+", "+"), ZERO, SAME),
        (("ZLEXCOUNT", "z", "[c", "[b"), ZERO, SAME),
        (("ZLEXCOUNT", "nokey", "a", "b"), RANGE_NOT_LEX, SAME),
        (("ZLEXCOUNT", "nokey", "-", "+"), ZERO, SAME),
        (("ZADD", "z", "0", "", "0", "aa"), b":2\r\n", SAME),
        (("ZRANGE", "z", "-", "(b", "bylex"), b"*3\r\n$0\r\n\r\n$1\r\na\r\n$2\r\naa\r\n", SAME),
        (("ZRANGE", "z", "[", "(aa", "bylex"), b"*2\r\n$0\r\n\r\n$1\r\na\r\n", SAME),
    ],
    "zrangestore": [
        (("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"), b":5\r\n", SAME),
        (("ZRANGESTORE", "d", "z", "0", "1"), b":2\r\n", SAME),
        (
            ("ZRANGE", "d", "0", "-1", "WITHSCORES"),
            b"*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n",
            b"*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2\r\n",
        ),
        (("ZRANGESTORE", "d", "z", "(1", "3", "byscore", "limit", "1", "1"), ONE, SAME),
        (("ZRANGE", "d", "0", "-1"), b"*1\r\n$1\r\nc\r\n", SAME),
        (("ZRANGESTORE", "d", "z", "[c", "[a", "bylex", "rev"), b":3\r\n", SAME),
        (("ZRANGE", "d", "0", "-1"), b"*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n", SAME),
        (("ZRANGESTORE", "d", "z", "[a", "[c", "bylex", "rev"), ZERO, SAME),
        (("EXISTS", "d"), ZERO, SAME),
        (("ZRANGESTORE", "d", "z", "0", "1"), b":2\r\n", SAME),
        (("ZRANGESTORE", "d", "z", "5", "6"), ZERO, SAME),
        (("EXISTS", "d"), ZERO, SAME),
        (("ZRANGESTORE", "d", "nokey", "0", "-1"), ZERO, SAME),
        (("ZRANGESTORE", "d", "z", "0", "-1", "withscores"), SYNTAX, SAME),
        (("ZRANGESTORE", "d", "z", "0", "-1", "limit", "0", "1"), LIMIT_NEEDS_BY, SAME),
        (("SET", "s", "x"), OK, SAME),
        (("ZRANGESTORE", "d", "s", "0", "-1"), WRONGTYPE, SAME),
        (("ZRANGESTORE", "s", "z", "0", "-1", "rev"), b":5\r\n", SAME),
        (("TYPE", "s"), b"+zset\r\n", SAME),
        (
            ("ZRANGE", "s", "0", "-1"),
            b"*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n",
            SAME,
        ),
        (("SET", "s2", "x"), OK, SAME),
        (("EXPIRE", "s2", "100"), ONE, SAME),
        (("ZRANGESTORE", "s2", "z", "0", "0"), ONE, SAME),
        (("TTL", "s2"), b":-1\r\n", SAME),
    ],
    "zremrange": [
        (("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"), b":5\r\n", SAME),
        (("ZREMRANGEBYSCORE", "z", "(1", "2"), ONE, SAME),
        (("ZREMRANGEBYSCORE", "z", "a", "2"), RANGE_NOT_FLOAT, SAME),
        (("ZREMRANGEBYRANK", "z", "0", "0"), ONE, SAME),
        (("ZREMRANGEBYRANK", "z", "a", "0"), NOT_INT, SAME),
        (("ZREMRANGEBYRANK", "z", "5", "10"), ZERO, SAME),
        (("ZREMRANGEBYRANK", "z", "-1", "-1"), ONE, SAME),
        (
            ("ZRANGE", "z", "0", "-1", "WITHSCORES"),
            b"*4\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n",
            b"*2\r\n*2\r\n$1\r\nc\r\n,3\r\n*2\r\n$1\r\nd\r\n,4\r\n",
        ),
        (("ZREMRANGEBYLEX", "z", "a", "b"), RANGE_NOT_LEX, SAME),
        (("ZREMRANGEBYLEX", "z", "-", "+"), b":2\r\n", SAME),
        (("EXISTS", "z"), ZERO, SAME),
        (("ZADD", "z", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e"), b":5\r\n", SAME),
        (("ZREMRANGEBYLEX", "z", "[b", "(d"), b":2\r\n", SAME),
        (("ZRANGE", "z", "0", "-1"), b"*3\r\n$1\r\na\r\n$1\r\nd\r\n$1\r\ne\r\n", SAME),
        (("ZREMRANGEBYSCORE", "z", "-inf", "+inf"), b":3\r\n", SAME),
        (("EXISTS", "z"), ZERO, SAME),
        (("ZREMRANGEBYSCORE", "nokey", "a", "b"), RANGE_NOT_FLOAT, SAME),
        (("ZREMRANGEBYRANK", "nokey", "a", "b"), NOT_INT, SAME),
        (("ZREMRANGEBYLEX", "nokey", "a", "b"), RANGE_NOT_LEX, SAME),
        (("ZREMRANGEBYSCORE", "nokey", "1", "2"), ZERO, SAME),
        (("SET", "s", "x"), OK, SAME),
        (("ZREMRANGEBYSCORE", "s", "1", "2"), WRONGTYPE, SAME),
        (("ZREMRANGEBYRANK", "s", "0", "1"), WRONGTYPE, SAME),
        (("ZREMRANGEBYLEX", "s", "-", "+"), WRONGTYPE, SAME),
        (("ZCOUNT", "s", "1", "2"), WRONGTYPE, SAME),
        (("ZLEXCOUNT", "s", "-", "+"), WRONGTYPE, SAME),
        (("ZRANGE", "s", "0", "-1"), WRONGTYPE, SAME),
        (("ZRANGEBYSCORE", "s", "0", "1"), WRONGTYPE, SAME),
    ],
}


@pytest.mark.parametrize("protocol", [2, 3])
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_scenario(raw: RawClient, name: str, protocol: int) -> None:
    play(raw, SCENARIOS[name], protocol)
