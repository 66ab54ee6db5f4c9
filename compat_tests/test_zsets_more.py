"""Sorted sets: pops, algebra, ZRANDMEMBER, ZSCAN and encodings, against both targets.

Most tests here are *scenarios*: a list of steps ``(command, RESP2 reply, RESP3 reply)`` run in
order on one fresh connection, once in RESP2 and once after ``HELLO 3`` (``SAME`` where the two
protocols agree). Every expected reply is what redis-server 7.0.15 sends, written out literally
(house rule 11): scores are bulk strings in RESP2 and doubles (``,1.5``) in RESP3, WITHSCORES
replies are flat in RESP2 and ``[member, score]`` pairs in RESP3. Each scenario ends by putting
the listpack thresholds back, in case it changed them.
"""

from __future__ import annotations

import pytest

from compat_tests.rawclient import RawClient
from compat_tests.zset_scenarios import (
    EMPTY,
    NOT_INT,
    NULL,
    NULL_ARRAY,
    OK,
    ONE,
    RESP3_NULL,
    SAME,
    SYNTAX,
    WRONGTYPE,
    ZERO,
    Step,
    play,
)

MUST_BETWEEN = (
    b"-ERR value is out of range, value must between -9223372036854775807 and "
    b"9223372036854775807\r\n"
)


SCENARIOS: dict[str, list[Step]] = {
    "zpopmin_zpopmax": [
        (("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"), b":5\r\n", SAME),
        (("ZPOPMIN", "nokey"), EMPTY, SAME),
        (("ZPOPMIN", "nokey", "2"), EMPTY, SAME),
        (("ZPOPMIN", "nokey", "0"), EMPTY, SAME),
        (("ZPOPMIN", "nokey", "-1"), b"-ERR value is out of range, must be positive\r\n", SAME),
        (("ZPOPMIN", "z", "0"), EMPTY, SAME),
        (("ZPOPMIN", "z", "-1"), b"-ERR value is out of range, must be positive\r\n", SAME),
        (("ZPOPMIN", "z", "abc"), b"-ERR value is out of range, must be positive\r\n", SAME),
        (("ZPOPMIN", "z", "1", "2"), SYNTAX, SAME),
        (("ZPOPMAX", "z"), b"*2\r\n$1\r\ne\r\n$1\r\n5\r\n", b"*2\r\n$1\r\ne\r\n,5\r\n"),
        (("ZPOPMIN", "z"), b"*2\r\n$1\r\na\r\n$1\r\n1\r\n", b"*2\r\n$1\r\na\r\n,1\r\n"),
        (("ZPOPMIN", "z", "1"), b"*2\r\n$1\r\nb\r\n$1\r\n2\r\n", b"*1\r\n*2\r\n$1\r\nb\r\n,2\r\n"),
        (("ZPOPMAX", "z", "1"), b"*2\r\n$1\r\nd\r\n$1\r\n4\r\n", b"*1\r\n*2\r\n$1\r\nd\r\n,4\r\n"),
        (
            ("ZPOPMAX", "z", "100"),
            b"*2\r\n$1\r\nc\r\n$1\r\n3\r\n",
            b"*1\r\n*2\r\n$1\r\nc\r\n,3\r\n",
        ),
        (("EXISTS", "z"), ZERO, SAME),
        (("SET", "s", "x"), OK, SAME),
        (("ZPOPMIN", "s"), WRONGTYPE, SAME),
        (("ZPOPMAX", "s", "0"), WRONGTYPE, SAME),
        (("ZPOPMIN", "s", "-1"), b"-ERR value is out of range, must be positive\r\n", SAME),
    ],
    "zmpop": [
        (
            ("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "6", "f"),
            b":6\r\n",
            SAME,
        ),
        (
            ("ZMPOP", "1", "z", "MIN"),
            b"*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n",
            b"*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\na\r\n,1\r\n",
        ),
        (
            ("ZMPOP", "2", "nokey", "z", "max", "COUNT", "2"),
            b"*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\nf\r\n$1\r\n6\r\n*2\r\n$1\r\ne\r\n$1\r\n5\r\n",
            b"*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\nf\r\n,6\r\n*2\r\n$1\r\ne\r\n,5\r\n",
        ),
        (("ZMPOP", "1", "nokey", "min"), NULL_ARRAY, RESP3_NULL),
        (("ZMPOP", "0", "z", "min"), b"-ERR numkeys should be greater than 0\r\n", SAME),
        (("ZMPOP", "-1", "z", "min"), b"-ERR numkeys should be greater than 0\r\n", SAME),
        (("ZMPOP", "a", "z", "min"), b"-ERR numkeys should be greater than 0\r\n", SAME),
        (("ZMPOP", "2", "z", "min"), SYNTAX, SAME),
        (("ZMPOP", "1", "z", "foo"), SYNTAX, SAME),
        (
            ("ZMPOP", "1", "z", "min", "count", "0"),
            b"-ERR count should be greater than 0\r\n",
            SAME,
        ),
        (
            ("ZMPOP", "1", "z", "min", "count", "-1"),
            b"-ERR count should be greater than 0\r\n",
            SAME,
        ),
        (
            ("ZMPOP", "1", "z", "min", "count", "a"),
            b"-ERR count should be greater than 0\r\n",
            SAME,
        ),
        (("ZMPOP", "1", "z", "min", "count", "1", "count", "1"), SYNTAX, SAME),
        (("ZMPOP", "1", "z", "min", "count"), SYNTAX, SAME),
        (("ZMPOP", "1", "z", "min", "foo"), SYNTAX, SAME),
        (("SET", "s", "x"), OK, SAME),
        (("ZMPOP", "2", "s", "z", "min"), WRONGTYPE, SAME),
        (
            ("ZMPOP", "2", "z", "s", "min"),
            b"*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n",
            b"*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\nb\r\n,2\r\n",
        ),
        (("ZMPOP", "2", "nokey", "s", "max"), WRONGTYPE, SAME),
        (
            ("ZMPOP", "1", "z", "max", "count", "100"),
            b"*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\nd\r\n$1\r\n4\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n",
            b"*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\nd\r\n,4\r\n*2\r\n$1\r\nc\r\n,3\r\n",
        ),
        (("EXISTS", "z"), ZERO, SAME),
        (("ZMPOP", "2", "z", "s", "max"), WRONGTYPE, SAME),
    ],
    "zunion_zinter_zdiff": [
        (("ZADD", "z1", "1", "a", "2", "b", "3", "c"), b":3\r\n", SAME),
        (("ZADD", "z2", "10", "b", "20", "c", "30", "d"), b":3\r\n", SAME),
        (("SADD", "s1", "a", "d", "x"), b":3\r\n", SAME),
        (("ZUNION", "2", "z1", "z2"), b"*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n", SAME),
        (
            ("ZUNION", "2", "z1", "z2", "WITHSCORES"),
            b"*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$2\r\n12\r\n$1\r\nc\r\n$2\r\n23\r\n$1\r\n"
            b"d\r\n$2\r\n30\r\n",
            b"*4\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,12\r\n*2\r\n$1\r\nc\r\n,23\r\n*2\r\n"
            b"$1\r\nd\r\n,30\r\n",
        ),
        (
            ("ZUNION", "3", "z1", "z2", "s1", "withscores"),
            b"*10\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nb\r\n$2\r\n12\r\n$1\r\n"
            b"c\r\n$2\r\n23\r\n$1\r\nd\r\n$2\r\n31\r\n",
            b"*5\r\n*2\r\n$1\r\nx\r\n,1\r\n*2\r\n$1\r\na\r\n,2\r\n*2\r\n$1\r\nb\r\n,12\r\n*2\r\n"
            b"$1\r\nc\r\n,23\r\n*2\r\n$1\r\nd\r\n,31\r\n",
        ),
        (
            ("ZUNION", "2", "z1", "nokey", "withscores"),
            b"*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n",
            b"*3\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2\r\n*2\r\n$1\r\nc\r\n,3\r\n",
        ),
        (
            ("ZINTER", "2", "z1", "z2", "withscores"),
            b"*4\r\n$1\r\nb\r\n$2\r\n12\r\n$1\r\nc\r\n$2\r\n23\r\n",
            b"*2\r\n*2\r\n$1\r\nb\r\n,12\r\n*2\r\n$1\r\nc\r\n,23\r\n",
        ),
        (
            ("ZINTER", "2", "z1", "s1", "withscores"),
            b"*2\r\n$1\r\na\r\n$1\r\n2\r\n",
            b"*1\r\n*2\r\n$1\r\na\r\n,2\r\n",
        ),
        (("ZINTER", "3", "z1", "z2", "s1"), EMPTY, SAME),
        (
            ("ZINTER", "2", "z1", "z2", "weights", "2", "0.5", "aggregate", "max", "withscores"),
            b"*4\r\n$1\r\nb\r\n$1\r\n5\r\n$1\r\nc\r\n$2\r\n10\r\n",
            b"*2\r\n*2\r\n$1\r\nb\r\n,5\r\n*2\r\n$1\r\nc\r\n,10\r\n",
        ),
        (
            ("ZINTER", "2", "z1", "z2", "aggregate", "min", "withscores"),
            b"*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n",
            b"*2\r\n*2\r\n$1\r\nb\r\n,2\r\n*2\r\n$1\r\nc\r\n,3\r\n",
        ),
        (
            ("ZUNION", "2", "z1", "z2", "aggregate", "MAX", "weights", "1", "-1", "withscores"),
            b"*8\r\n$1\r\nd\r\n$3\r\n-30\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\n"
            b"c\r\n$1\r\n3\r\n",
            b"*4\r\n*2\r\n$1\r\nd\r\n,-30\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2\r\n*2\r\n"
            b"$1\r\nc\r\n,3\r\n",
        ),
        (
            ("ZUNION", "2", "z1", "z2", "weights", "1", "2", "weights", "3", "4", "withscores"),
            b"*8\r\n$1\r\na\r\n$1\r\n3\r\n$1\r\nb\r\n$2\r\n46\r\n$1\r\nc\r\n$2\r\n89\r\n$1\r\n"
            b"d\r\n$3\r\n120\r\n",
            b"*4\r\n*2\r\n$1\r\na\r\n,3\r\n*2\r\n$1\r\nb\r\n,46\r\n*2\r\n$1\r\nc\r\n,89\r\n*2\r\n"
            b"$1\r\nd\r\n,120\r\n",
        ),
        (
            ("ZUNION", "2", "z1", "z2", "withscores", "withscores"),
            b"*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$2\r\n12\r\n$1\r\nc\r\n$2\r\n23\r\n$1\r\n"
            b"d\r\n$2\r\n30\r\n",
            b"*4\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,12\r\n*2\r\n$1\r\nc\r\n,23\r\n*2\r\n"
            b"$1\r\nd\r\n,30\r\n",
        ),
        (
            ("ZUNION", "2", "z1", "z1", "withscores"),
            b"*6\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nb\r\n$1\r\n4\r\n$1\r\nc\r\n$1\r\n6\r\n",
            b"*3\r\n*2\r\n$1\r\na\r\n,2\r\n*2\r\n$1\r\nb\r\n,4\r\n*2\r\n$1\r\nc\r\n,6\r\n",
        ),
        (
            ("ZINTER", "2", "z1", "z1", "weights", "1", "2", "withscores"),
            b"*6\r\n$1\r\na\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n6\r\n$1\r\nc\r\n$1\r\n9\r\n",
            b"*3\r\n*2\r\n$1\r\na\r\n,3\r\n*2\r\n$1\r\nb\r\n,6\r\n*2\r\n$1\r\nc\r\n,9\r\n",
        ),
        (
            ("ZDIFF", "2", "z1", "z2", "withscores"),
            b"*2\r\n$1\r\na\r\n$1\r\n1\r\n",
            b"*1\r\n*2\r\n$1\r\na\r\n,1\r\n",
        ),
        (("ZDIFF", "2", "z1", "s1"), b"*2\r\n$1\r\nb\r\n$1\r\nc\r\n", SAME),
        (
            ("ZDIFF", "2", "s1", "z1", "withscores"),
            b"*4\r\n$1\r\nd\r\n$1\r\n1\r\n$1\r\nx\r\n$1\r\n1\r\n",
            b"*2\r\n*2\r\n$1\r\nd\r\n,1\r\n*2\r\n$1\r\nx\r\n,1\r\n",
        ),
        (("ZDIFF", "2", "z1", "z1"), EMPTY, SAME),
        (("ZDIFF", "1", "z1"), b"*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n", SAME),
        (("ZDIFF", "1", "nokey"), EMPTY, SAME),
    ],
    "algebra_errors": [
        (("ZADD", "z1", "1", "a", "2", "b", "3", "c"), b":3\r\n", SAME),
        (("ZADD", "z2", "10", "b", "20", "c", "30", "d"), b":3\r\n", SAME),
        (("SET", "str", "x"), OK, SAME),
        (
            ("ZUNION", "0", "z1"),
            b"-ERR at least 1 input key is needed for 'zunion' command\r\n",
            SAME,
        ),
        (
            ("ZUNION", "-1", "z1"),
            b"-ERR at least 1 input key is needed for 'zunion' command\r\n",
            SAME,
        ),
        (("ZUNION", "a", "z1"), NOT_INT, SAME),
        (("ZUNION", "3", "z1", "z2"), SYNTAX, SAME),
        (("ZUNION", "2", "z1", "str"), WRONGTYPE, SAME),
        (("ZUNION", "2", "z1", "str", "weights", "x"), WRONGTYPE, SAME),
        (("ZUNION", "2", "z1", "z2", "weights", "1"), SYNTAX, SAME),
        (
            ("ZUNION", "2", "z1", "z2", "weights", "1", "x"),
            b"-ERR weight value is not a float\r\n",
            SAME,
        ),
        (
            ("ZUNION", "2", "z1", "z2", "weights", "1", "nan"),
            b"-ERR weight value is not a float\r\n",
            SAME,
        ),
        (
            ("ZUNION", "2", "z1", "z2", "weights", "1", "1e400"),
            b"-ERR weight value is not a float\r\n",
            SAME,
        ),
        (("ZUNION", "2", "z1", "z2", "aggregate", "foo"), SYNTAX, SAME),
        (("ZUNION", "2", "z1", "z2", "aggregate"), SYNTAX, SAME),
        (("ZUNION", "2", "z1", "z2", "foo"), SYNTAX, SAME),
        (
            ("ZINTER", "0", "z1"),
            b"-ERR at least 1 input key is needed for 'zinter' command\r\n",
            SAME,
        ),
        (("ZINTER", "2", "str", "z1"), WRONGTYPE, SAME),
        (
            ("ZDIFF", "0", "z1"),
            b"-ERR at least 1 input key is needed for 'zdiff' command\r\n",
            SAME,
        ),
        (("ZDIFF", "2", "z1", "z2", "weights", "1", "2"), SYNTAX, SAME),
        (("ZDIFF", "2", "z1", "z2", "aggregate", "sum"), SYNTAX, SAME),
        (("ZDIFF", "2", "z2", "str"), WRONGTYPE, SAME),
        (
            ("ZUNIONSTORE", "d", "0", "z1"),
            b"-ERR at least 1 input key is needed for 'zunionstore' command\r\n",
            SAME,
        ),
        (
            ("ZINTERSTORE", "d", "0", "z1"),
            b"-ERR at least 1 input key is needed for 'zinterstore' command\r\n",
            SAME,
        ),
        (
            ("ZDIFFSTORE", "d", "0", "z1"),
            b"-ERR at least 1 input key is needed for 'zdiffstore' command\r\n",
            SAME,
        ),
        (("ZUNIONSTORE", "d", "2", "z1", "z2", "withscores"), SYNTAX, SAME),
        (("ZUNIONSTORE", "d", "3", "z1", "z2"), SYNTAX, SAME),
        (("ZINTERSTORE", "d", "2", "z1", "str"), WRONGTYPE, SAME),
        (("EXISTS", "d"), ZERO, SAME),
    ],
    "algebra_store": [
        (("ZADD", "z1", "1", "a", "2", "b", "3", "c"), b":3\r\n", SAME),
        (("ZADD", "z2", "10", "b", "20", "c", "30", "d"), b":3\r\n", SAME),
        (("SADD", "s1", "a", "d", "x"), b":3\r\n", SAME),
        (("ZUNIONSTORE", "d", "2", "z1", "z2"), b":4\r\n", SAME),
        (
            ("ZRANGE", "d", "0", "-1", "WITHSCORES"),
            b"*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$2\r\n12\r\n$1\r\nc\r\n$2\r\n23\r\n$1\r\n"
            b"d\r\n$2\r\n30\r\n",
            b"*4\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,12\r\n*2\r\n$1\r\nc\r\n,23\r\n*2\r\n"
            b"$1\r\nd\r\n,30\r\n",
        ),
        (("ZINTERSTORE", "d", "2", "z1", "z2", "weights", "1", "2"), b":2\r\n", SAME),
        (
            ("ZRANGE", "d", "0", "-1", "WITHSCORES"),
            b"*4\r\n$1\r\nb\r\n$2\r\n22\r\n$1\r\nc\r\n$2\r\n43\r\n",
            b"*2\r\n*2\r\n$1\r\nb\r\n,22\r\n*2\r\n$1\r\nc\r\n,43\r\n",
        ),
        (("ZINTERSTORE", "d", "2", "z1", "s1", "aggregate", "max"), ONE, SAME),
        (
            ("ZRANGE", "d", "0", "-1", "WITHSCORES"),
            b"*2\r\n$1\r\na\r\n$1\r\n1\r\n",
            b"*1\r\n*2\r\n$1\r\na\r\n,1\r\n",
        ),
        (("ZDIFFSTORE", "d", "2", "z1", "z2"), ONE, SAME),
        (
            ("ZRANGE", "d", "0", "-1", "WITHSCORES"),
            b"*2\r\n$1\r\na\r\n$1\r\n1\r\n",
            b"*1\r\n*2\r\n$1\r\na\r\n,1\r\n",
        ),
        (("ZINTERSTORE", "d", "2", "z1", "nokey"), ZERO, SAME),
        (("EXISTS", "d"), ZERO, SAME),
        (("ZDIFFSTORE", "d", "1", "nokey"), ZERO, SAME),
        (("ZUNIONSTORE", "z1", "2", "z1", "z2"), b":4\r\n", SAME),
        (
            ("ZRANGE", "z1", "0", "-1", "WITHSCORES"),
            b"*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$2\r\n12\r\n$1\r\nc\r\n$2\r\n23\r\n$1\r\n"
            b"d\r\n$2\r\n30\r\n",
            b"*4\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,12\r\n*2\r\n$1\r\nc\r\n,23\r\n*2\r\n"
            b"$1\r\nd\r\n,30\r\n",
        ),
        (("SET", "str", "x"), OK, SAME),
        (("EXPIRE", "str", "100"), ONE, SAME),
        (("ZUNIONSTORE", "str", "1", "z2"), b":3\r\n", SAME),
        (("TYPE", "str"), b"+zset\r\n", SAME),
        (("TTL", "str"), b":-1\r\n", SAME),
        (("ZUNIONSTORE", "s1", "1", "s1"), b":3\r\n", SAME),
        (("TYPE", "s1"), b"+zset\r\n", SAME),
        (
            ("ZRANGE", "s1", "0", "-1", "WITHSCORES"),
            b"*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nd\r\n$1\r\n1\r\n$1\r\nx\r\n$1\r\n1\r\n",
            b"*3\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nd\r\n,1\r\n*2\r\n$1\r\nx\r\n,1\r\n",
        ),
    ],
    "zintercard": [
        (("ZADD", "z1", "1", "a", "2", "b", "3", "c"), b":3\r\n", SAME),
        (("ZADD", "z2", "10", "b", "20", "c", "30", "d"), b":3\r\n", SAME),
        (("SADD", "s1", "a", "b", "x"), b":3\r\n", SAME),
        (("SET", "str", "x"), OK, SAME),
        (("ZINTERCARD", "2", "z1", "z2"), b":2\r\n", SAME),
        (("ZINTERCARD", "2", "z1", "z2", "LIMIT", "1"), ONE, SAME),
        (("ZINTERCARD", "2", "z1", "z2", "limit", "0"), b":2\r\n", SAME),
        (("ZINTERCARD", "2", "z1", "z2", "limit", "5"), b":2\r\n", SAME),
        (("ZINTERCARD", "3", "z1", "z2", "s1"), ONE, SAME),
        (("ZINTERCARD", "2", "z1", "s1"), b":2\r\n", SAME),
        (("ZINTERCARD", "2", "z1", "nokey"), ZERO, SAME),
        (
            ("ZINTERCARD", "0", "z1"),
            b"-ERR at least 1 input key is needed for 'zintercard' command\r\n",
            SAME,
        ),
        (
            ("ZINTERCARD", "-1", "z1"),
            b"-ERR at least 1 input key is needed for 'zintercard' command\r\n",
            SAME,
        ),
        (("ZINTERCARD", "a", "z1"), NOT_INT, SAME),
        (("ZINTERCARD", "2", "z1", "z2", "limit", "-1"), b"-ERR LIMIT can't be negative\r\n", SAME),
        (("ZINTERCARD", "2", "z1", "z2", "limit", "a"), b"-ERR LIMIT can't be negative\r\n", SAME),
        (("ZINTERCARD", "2", "z1", "z2", "withscores"), SYNTAX, SAME),
        (("ZINTERCARD", "2", "z1", "z2", "weights", "1", "1"), SYNTAX, SAME),
        (("ZINTERCARD", "3", "z1", "z2"), SYNTAX, SAME),
        (("ZINTERCARD", "2", "z1", "str"), WRONGTYPE, SAME),
        (("ZINTERCARD", "2", "z1", "z2", "limit"), SYNTAX, SAME),
    ],
    "infinities_and_nan": [
        (("ZADD", "zi", "1", "a"), ONE, SAME),
        (("ZADD", "zi2", "1", "a"), ONE, SAME),
        (("ZINCRBY", "zi", "inf", "a"), b"$3\r\ninf\r\n", b",inf\r\n"),
        (("ZINCRBY", "zi2", "-inf", "a"), b"$4\r\n-inf\r\n", b",-inf\r\n"),
        (
            ("ZUNION", "2", "zi", "zi2", "WITHSCORES"),
            b"*2\r\n$1\r\na\r\n$1\r\n0\r\n",
            b"*1\r\n*2\r\n$1\r\na\r\n,0\r\n",
        ),
        (
            ("ZINTER", "2", "zi", "zi2", "WITHSCORES"),
            b"*2\r\n$1\r\na\r\n$1\r\n0\r\n",
            b"*1\r\n*2\r\n$1\r\na\r\n,0\r\n",
        ),
        (
            ("ZUNION", "1", "zi", "weights", "0", "withscores"),
            b"*2\r\n$1\r\na\r\n$1\r\n0\r\n",
            b"*1\r\n*2\r\n$1\r\na\r\n,0\r\n",
        ),
        (
            ("ZUNION", "2", "zi", "zi", "weights", "1", "-1", "withscores"),
            b"*2\r\n$1\r\na\r\n$1\r\n0\r\n",
            b"*1\r\n*2\r\n$1\r\na\r\n,0\r\n",
        ),
        (
            ("ZUNION", "2", "zi", "zi", "withscores"),
            b"*2\r\n$1\r\na\r\n$3\r\ninf\r\n",
            b"*1\r\n*2\r\n$1\r\na\r\n,inf\r\n",
        ),
        (
            ("ZINTER", "2", "zi", "zi", "weights", "0", "1", "withscores"),
            b"*2\r\n$1\r\na\r\n$3\r\ninf\r\n",
            b"*1\r\n*2\r\n$1\r\na\r\n,inf\r\n",
        ),
        (
            ("ZINTER", "2", "zi", "zi2", "weights", "1", "0", "withscores"),
            b"*2\r\n$1\r\na\r\n$1\r\n0\r\n",
            b"*1\r\n*2\r\n$1\r\na\r\n,0\r\n",
        ),
        (
            ("ZINTER", "2", "zi", "zi2", "aggregate", "max", "weights", "0", "1", "withscores"),
            b"*2\r\n$1\r\na\r\n$1\r\n0\r\n",
            b"*1\r\n*2\r\n$1\r\na\r\n,0\r\n",
        ),
        (
            ("ZINTER", "2", "zi", "zi2", "aggregate", "min", "weights", "0", "1", "withscores"),
            b"*2\r\n$1\r\na\r\n$4\r\n-inf\r\n",
            b"*1\r\n*2\r\n$1\r\na\r\n,-inf\r\n",
        ),
        (("ZINTERSTORE", "d", "2", "zi", "zi2"), ONE, SAME),
        (
            ("ZRANGE", "d", "0", "-1", "WITHSCORES"),
            b"*2\r\n$1\r\na\r\n$1\r\n0\r\n",
            b"*1\r\n*2\r\n$1\r\na\r\n,0\r\n",
        ),
        (
            ("ZADD", "zi", "incr", "-inf", "a"),
            b"-ERR resulting score is not a number (NaN)\r\n",
            SAME,
        ),
        (("ZADD", "zi", "incr", "inf", "a"), b"$3\r\ninf\r\n", b",inf\r\n"),
        (("ZSCORE", "zi", "a"), b"$3\r\ninf\r\n", b",inf\r\n"),
    ],
    "zrandmember_deterministic": [
        (("ZADD", "z", "1", "a", "2", "b", "3", "c"), b":3\r\n", SAME),
        (("ZRANDMEMBER", "nokey"), NULL, RESP3_NULL),
        (("ZRANDMEMBER", "nokey", "5"), EMPTY, SAME),
        (("ZRANDMEMBER", "nokey", "5", "WITHSCORES"), EMPTY, SAME),
        (("ZRANDMEMBER", "nokey", "-5", "withscores"), EMPTY, SAME),
        (("ZRANDMEMBER", "nokey", "a"), NOT_INT, SAME),
        (("ZRANDMEMBER", "z", "a"), NOT_INT, SAME),
        (("ZRANDMEMBER", "z", "1", "foo"), SYNTAX, SAME),
        (("ZRANDMEMBER", "z", "1", "withscores", "x"), SYNTAX, SAME),
        (("ZRANDMEMBER", "z", "0"), EMPTY, SAME),
        (("ZRANDMEMBER", "z", "0", "withscores"), EMPTY, SAME),
        (
            ("ZRANDMEMBER", "z", "5", "withscores"),
            b"*6\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n",
            b"*3\r\n*2\r\n$1\r\nc\r\n,3\r\n*2\r\n$1\r\nb\r\n,2\r\n*2\r\n$1\r\na\r\n,1\r\n",
        ),
        (("ZRANDMEMBER", "z", "3"), b"*3\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n", SAME),
        (
            ("ZRANDMEMBER", "z", "-9223372036854775808"),
            MUST_BETWEEN,
            SAME,
        ),
        (
            ("ZRANDMEMBER", "z", "-9223372036854775808", "withscores"),
            MUST_BETWEEN,
            SAME,
        ),
        (
            ("ZRANDMEMBER", "z", "9223372036854775807", "withscores"),
            b"-ERR value is out of range\r\n",
            SAME,
        ),
        (
            ("ZRANDMEMBER", "z", "4611686018427387904", "withscores"),
            b"-ERR value is out of range\r\n",
            SAME,
        ),
        (
            ("ZRANDMEMBER", "z", "4611686018427387903", "withscores"),
            b"*6\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n",
            b"*3\r\n*2\r\n$1\r\nc\r\n,3\r\n*2\r\n$1\r\nb\r\n,2\r\n*2\r\n$1\r\na\r\n,1\r\n",
        ),
        (
            ("ZRANDMEMBER", "z", "-4611686018427387904", "withscores"),
            b"-ERR value is out of range\r\n",
            SAME,
        ),
        (("ZRANDMEMBER", "z", "9223372036854775808"), NOT_INT, SAME),
        (("SET", "s", "x"), OK, SAME),
        (("ZRANDMEMBER", "s"), WRONGTYPE, SAME),
        (("ZRANDMEMBER", "s", "0"), WRONGTYPE, SAME),
        (("ZRANDMEMBER", "s", "a"), NOT_INT, SAME),
        (("ZADD", "one", "7", "only"), ONE, SAME),
        (("ZRANDMEMBER", "one"), b"$4\r\nonly\r\n", SAME),
        (
            ("ZRANDMEMBER", "one", "-3", "withscores"),
            b"*6\r\n$4\r\nonly\r\n$1\r\n7\r\n$4\r\nonly\r\n$1\r\n7\r\n$4\r\nonly\r\n$1\r\n7\r\n",
            b"*3\r\n*2\r\n$4\r\nonly\r\n,7\r\n*2\r\n$4\r\nonly\r\n,7\r\n*2\r\n$4\r\nonly\r\n,7\r\n",
        ),
    ],
    "zscan_small": [
        (("ZADD", "z", "1", "a", "2", "b", "3", "c", "0.5", "ab"), b":4\r\n", SAME),
        (
            ("ZSCAN", "z", "0"),
            b"*2\r\n$1\r\n0\r\n*8\r\n$2\r\nab\r\n$3\r\n0.5\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n"
            b"$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n",
            SAME,
        ),
        (
            ("ZSCAN", "z", "0", "MATCH", "a*"),
            b"*2\r\n$1\r\n0\r\n*4\r\n$2\r\nab\r\n$3\r\n0.5\r\n$1\r\na\r\n$1\r\n1\r\n",
            SAME,
        ),
        (
            ("ZSCAN", "z", "7", "count", "1"),
            b"*2\r\n$1\r\n0\r\n*8\r\n$2\r\nab\r\n$3\r\n0.5\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n"
            b"$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n",
            SAME,
        ),
        (("ZSCAN", "z", "0", "count", "0"), SYNTAX, SAME),
        (("ZSCAN", "z", "0", "count", "-1"), SYNTAX, SAME),
        (("ZSCAN", "z", "0", "count", "a"), NOT_INT, SAME),
        (("ZSCAN", "z", "abc"), b"-ERR invalid cursor\r\n", SAME),
        (
            ("ZSCAN", "z", "-1"),
            b"*2\r\n$1\r\n0\r\n*8\r\n$2\r\nab\r\n$3\r\n0.5\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n"
            b"$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n",
            SAME,
        ),
        (("ZSCAN", "nokey", "0"), b"*2\r\n$1\r\n0\r\n*0\r\n", SAME),
        (("ZSCAN", "nokey", "0", "count", "0"), b"*2\r\n$1\r\n0\r\n*0\r\n", SAME),
        (("ZSCAN", "nokey", "abc"), b"-ERR invalid cursor\r\n", SAME),
        (("ZSCAN", "z", "0", "count", "1", "match", "*", "foo"), SYNTAX, SAME),
        (("ZSCAN", "z", "0", "type", "zset"), SYNTAX, SAME),
        (("ZSCAN", "z", "0", "novalues"), SYNTAX, SAME),
        (("ZSCAN", "z", "0", "match"), SYNTAX, SAME),
        (("SET", "s", "x"), OK, SAME),
        (("ZSCAN", "s", "0"), WRONGTYPE, SAME),
        (("ZSCAN", "s", "0", "count", "0"), WRONGTYPE, SAME),
        (
            (
                "ZADD",
                "zs",
                "0.1",
                "b",
                "1e300",
                "c",
                "1.5e-300",
                "d",
                "inf",
                "e",
                "3",
                "f",
                "-inf",
                "g",
                "-0",
                "h",
            ),
            b":7\r\n",
            SAME,
        ),
        (
            ("ZSCAN", "zs", "0"),
            b"*2\r\n$1\r\n0\r\n*14\r\n$1\r\ng\r\n$4\r\n-inf\r\n$1\r\nh\r\n$1\r\n0\r\n$1\r\nd\r\n"
            b"$23\r\n1.5000000000000001e-300\r\n$1\r\nb\r\n$19\r\n0.10000000000000001\r\n$1\r\n"
            b"f\r\n$1\r\n3\r\n$1\r\nc\r\n$23\r\n1.0000000000000001e+300\r\n$1\r\ne\r\n$3\r\n"
            b"inf\r\n",
            SAME,
        ),
    ],
    "encodings": [
        (("ZADD", "z", "-0", "a"), ONE, SAME),
        (("OBJECT", "ENCODING", "z"), b"$8\r\nlistpack\r\n", SAME),
        (("ZSCORE", "z", "a"), b"$1\r\n0\r\n", b",0\r\n"),
        (("ZADD", "z", "incr", "-0", "b"), b"$2\r\n-0\r\n", b",-0\r\n"),
        (("ZSCORE", "z", "b"), b"$1\r\n0\r\n", b",0\r\n"),
        (("CONFIG", "SET", "zset-max-listpack-entries", "2"), OK, SAME),
        (("ZADD", "z2", "1", "a", "2", "b"), b":2\r\n", SAME),
        (("OBJECT", "ENCODING", "z2"), b"$8\r\nlistpack\r\n", SAME),
        (("ZADD", "z2", "3", "c"), ONE, SAME),
        (("OBJECT", "ENCODING", "z2"), b"$8\r\nskiplist\r\n", SAME),
        (("ZREM", "z2", "a", "b"), b":2\r\n", SAME),
        (("OBJECT", "ENCODING", "z2"), b"$8\r\nskiplist\r\n", SAME),
        (("ZUNIONSTORE", "u", "1", "z2"), ONE, SAME),
        (("OBJECT", "ENCODING", "u"), b"$8\r\nlistpack\r\n", SAME),
        (("ZRANGESTORE", "d", "z2", "0", "-1"), ONE, SAME),
        (("OBJECT", "ENCODING", "d"), b"$8\r\nlistpack\r\n", SAME),
        (("ZADD", "z3", "1", "a", "2", "b", "3", "c"), b":3\r\n", SAME),
        (("OBJECT", "ENCODING", "z3"), b"$8\r\nskiplist\r\n", SAME),
        (("ZRANGESTORE", "d", "z3", "0", "-1"), b":3\r\n", SAME),
        (("OBJECT", "ENCODING", "d"), b"$8\r\nskiplist\r\n", SAME),
        (("ZRANGESTORE", "d", "z3", "-inf", "inf", "byscore"), b":3\r\n", SAME),
        (("OBJECT", "ENCODING", "d"), b"$8\r\nskiplist\r\n", SAME),
        (("CONFIG", "SET", "zset-max-listpack-entries", "0"), OK, SAME),
        (("ZADD", "big", "-0", "a"), ONE, SAME),
        (("OBJECT", "ENCODING", "big"), b"$8\r\nskiplist\r\n", SAME),
        (("ZSCORE", "big", "a"), b"$2\r\n-0\r\n", b",-0\r\n"),
        (("ZSCAN", "big", "0"), b"*2\r\n$1\r\n0\r\n*2\r\n$1\r\na\r\n$2\r\n-0\r\n", SAME),
        (("ZINCRBY", "big2", "1", "x"), b"$1\r\n1\r\n", b",1\r\n"),
        (("OBJECT", "ENCODING", "big2"), b"$8\r\nskiplist\r\n", SAME),
        (("CONFIG", "SET", "zset-max-listpack-entries", "128"), OK, SAME),
        (("ZUNIONSTORE", "u", "1", "big"), ONE, SAME),
        (("OBJECT", "ENCODING", "u"), b"$8\r\nlistpack\r\n", SAME),
        (("ZSCORE", "u", "a"), b"$1\r\n0\r\n", b",0\r\n"),
        (("CONFIG", "SET", "zset-max-listpack-value", "3"), OK, SAME),
        (("ZADD", "v", "1", "abcd"), ONE, SAME),
        (("OBJECT", "ENCODING", "v"), b"$8\r\nskiplist\r\n", SAME),
        (("ZADD", "v2", "1", "abc"), ONE, SAME),
        (("ZADD", "v2", "2", "abcd"), ONE, SAME),
        (("OBJECT", "ENCODING", "v2"), b"$8\r\nskiplist\r\n", SAME),
        (("ZADD", "v5", "1", "a", "2", "abcd"), b":2\r\n", SAME),
        (("OBJECT", "ENCODING", "v5"), b"$8\r\nskiplist\r\n", SAME),
        (("ZADD", "v6", "1", "abcd", "2", "a"), b":2\r\n", SAME),
        (("OBJECT", "ENCODING", "v6"), b"$8\r\nskiplist\r\n", SAME),
        (("ZRANGESTORE", "d", "v6", "1", "1"), ONE, SAME),
        (("OBJECT", "ENCODING", "d"), b"$8\r\nlistpack\r\n", SAME),
        (("ZUNIONSTORE", "d", "1", "v6"), b":2\r\n", SAME),
        (("OBJECT", "ENCODING", "d"), b"$8\r\nskiplist\r\n", SAME),
        (("COPY", "v6", "v7"), ONE, SAME),
        (("OBJECT", "ENCODING", "v7"), b"$8\r\nskiplist\r\n", SAME),
        (
            ("ZRANGE", "v7", "0", "-1", "WITHSCORES"),
            b"*4\r\n$4\r\nabcd\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n2\r\n",
            b"*2\r\n*2\r\n$4\r\nabcd\r\n,1\r\n*2\r\n$1\r\na\r\n,2\r\n",
        ),
        (("ZADD", "v7", "3", "c"), ONE, SAME),
        (("ZCARD", "v6"), b":2\r\n", SAME),
    ],
    "command_getkeys": [
        (
            ("COMMAND", "GETKEYS", "ZUNIONSTORE", "d", "2", "a", "b", "WEIGHTS", "1", "2"),
            b"*3\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n",
            SAME,
        ),
        (
            ("COMMAND", "GETKEYS", "ZMPOP", "2", "a", "b", "MIN", "COUNT", "1"),
            b"*2\r\n$1\r\na\r\n$1\r\nb\r\n",
            SAME,
        ),
        (
            ("COMMAND", "GETKEYS", "ZRANGESTORE", "d", "s", "0", "1"),
            b"*2\r\n$1\r\nd\r\n$1\r\ns\r\n",
            SAME,
        ),
        (
            ("COMMAND", "GETKEYS", "ZINTERCARD", "2", "a", "b", "LIMIT", "1"),
            b"*2\r\n$1\r\na\r\n$1\r\nb\r\n",
            SAME,
        ),
        (
            ("COMMAND", "GETKEYS", "ZUNION", "3", "a", "b"),
            b"-ERR Invalid arguments specified for command\r\n",
            SAME,
        ),
        (("COMMAND", "GETKEYS", "ZADD", "z", "1", "a"), b"*1\r\n$1\r\nz\r\n", SAME),
    ],
}


@pytest.mark.parametrize("protocol", [2, 3])
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_scenario(raw: RawClient, name: str, protocol: int) -> None:
    play(raw, SCENARIOS[name], protocol)
