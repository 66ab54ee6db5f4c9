"""SORT and SORT_RO, byte for byte, against miniredis and real redis-server 7.0.15."""

from __future__ import annotations

import pytest

from compat_tests.rawclient import RawClient

NULL = b"$-1\r\n"
WRONGTYPE = b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
SYNTAX = b"-ERR syntax error\r\n"
NOT_INT = b"-ERR value is not an integer or out of range\r\n"
NOT_DOUBLE = b"-ERR One or more scores can't be converted into double\r\n"


def bulk(value: bytes) -> bytes:
    return b"$%d\r\n%s\r\n" % (len(value), value)


def array(*items: bytes | None) -> bytes:
    return b"*%d\r\n" % len(items) + b"".join(NULL if i is None else bulk(i) for i in items)


def test_numeric_alpha_desc_limit(raw: RawClient) -> None:
    raw.call("RPUSH", "l", "10", "2", "-1.5", "3e1", "0x10", " 7", "")
    assert raw.call("SORT", "l") == array(b"-1.5", b"", b"2", b" 7", b"10", b"0x10", b"3e1")
    assert raw.call("SORT", "l", "DESC") == array(b"3e1", b"0x10", b"10", b" 7", b"2", b"", b"-1.5")
    assert raw.call("SORT", "l", "ALPHA") == array(
        b"", b" 7", b"-1.5", b"0x10", b"10", b"2", b"3e1"
    )
    assert raw.call("SORT", "l", "LIMIT", "1", "2") == array(b"", b"2")
    assert raw.call("SORT", "l", "LIMIT", "-5", "2") == array(b"-1.5", b"")
    assert raw.call("SORT", "l", "LIMIT", "5", "-1") == array(b"0x10", b"3e1")
    assert raw.call("SORT", "l", "LIMIT", "7", "1") == b"*0\r\n"
    assert raw.call("SORT", "l", "LIMIT", "0", "0") == b"*0\r\n"
    assert raw.call("SORT", "l", "desc", "limit", "0", "1", "asc") == array(b"-1.5")  # last wins
    assert raw.call("SORT_RO", "l", "LIMIT", "0", "2") == array(b"-1.5", b"")


def test_equal_scores_order_by_the_elements_bytes(raw: RawClient) -> None:
    raw.call("RPUSH", "l", "1.0", "1", "01", "1e0")
    assert raw.call("SORT", "l") == array(b"01", b"1", b"1.0", b"1e0")
    assert raw.call("SORT", "l", "DESC") == array(b"1e0", b"1.0", b"1", b"01")


def test_scores_that_are_not_doubles(raw: RawClient) -> None:
    raw.call("RPUSH", "n", "1", "inf", "-inf", "1e-300")
    assert raw.call("SORT", "n") == array(b"-inf", b"1e-300", b"1", b"inf")
    for bad in ("abc", "1x", "1e400", "nan", " ", "inf "):
        raw.call("DEL", "l")
        raw.call("RPUSH", "l", "1", bad)
        assert raw.call("SORT", "l") == NOT_DOUBLE, bad
    raw.call("DEL", "l")
    raw.call("RPUSH", "l", "b", "a")
    assert raw.call("SORT", "l", "ALPHA") == array(b"a", b"b")
    assert raw.call("SORT", "l", "BY", "nosort") == array(b"b", b"a")


def test_by_patterns_and_hash_fields(raw: RawClient) -> None:
    raw.call("RPUSH", "ids", "1", "2", "3", "4")
    raw.call("MSET", "w_1", "30", "w_2", "10", "w_3", "20")  # w_4 missing: scores 0
    assert raw.call("SORT", "ids", "BY", "w_*") == array(b"4", b"2", b"3", b"1")
    assert raw.call("SORT", "ids", "BY", "w_*", "DESC") == array(b"1", b"3", b"2", b"4")
    raw.call("HSET", "o_1", "p", "b")
    raw.call("HSET", "o_2", "p", "a")
    raw.call("HSET", "o_3", "p", "c")
    assert raw.call("SORT", "ids", "BY", "o_*->p", "ALPHA") == array(b"4", b"2", b"1", b"3")
    assert raw.call("SORT", "ids", "BY", "o_*->p", "ALPHA", "DESC") == array(b"3", b"1", b"2", b"4")
    raw.call("SET", "o_4", "a string")  # not a hash: no value, like a missing key
    assert raw.call("SORT", "ids", "BY", "o_*->p", "ALPHA") == array(b"4", b"2", b"1", b"3")
    raw.call("HSET", "o_1", "n", "x")
    assert raw.call("SORT", "ids", "BY", "o_*->n") == NOT_DOUBLE
    raw.call("LPUSH", "w_4", "list")  # not a string: score 0
    assert raw.call("SORT", "ids", "BY", "w_*", "LIMIT", "0", "1") == array(b"4")


def test_nosort_keeps_the_stored_order(raw: RawClient) -> None:
    raw.call("RPUSH", "l", "3", "1", "2")
    assert raw.call("SORT", "l", "BY", "nosort") == array(b"3", b"1", b"2")
    assert raw.call("SORT", "l", "BY", "nosort", "DESC") == array(b"2", b"1", b"3")
    assert raw.call("SORT", "l", "BY", "nosort", "LIMIT", "1", "5") == array(b"1", b"2")
    assert raw.call("SORT", "l", "BY", "nosort", "DESC", "LIMIT", "0", "2") == array(b"2", b"1")
    raw.call("SADD", "s", "3", "1", "2")  # an intset walks in numeric order, DESC or not
    assert raw.call("SORT", "s", "BY", "nosort", "DESC") == array(b"1", b"2", b"3")
    raw.call("ZADD", "z", "1", "c", "2", "a", "3", "b", "4", "d")
    assert raw.call("SORT", "z", "BY", "nosort") == array(b"c", b"a", b"b", b"d")
    assert raw.call("SORT", "z", "BY", "nosort", "DESC") == array(b"d", b"b", b"a", b"c")
    assert raw.call("SORT", "z", "BY", "nosort", "LIMIT", "1", "2") == array(b"a", b"b")
    assert raw.call("SORT", "z", "BY", "nosort", "DESC", "LIMIT", "1", "2") == array(b"b", b"a")
    assert raw.call("SORT", "z", "ALPHA") == array(b"a", b"b", b"c", b"d")


def test_get_patterns(raw: RawClient) -> None:
    raw.call("RPUSH", "ids", "2", "1", "3")
    raw.call("MSET", "name_1", "one", "name_2", "two")
    raw.call("HSET", "u_1", "age", "40")
    raw.call("HSET", "u_3", "age", "7")
    assert raw.call("SORT", "ids", "GET", "name_*") == array(b"one", b"two", None)
    assert raw.call("SORT", "ids", "GET", "#", "GET", "name_*", "GET", "u_*->age") == array(
        b"1", b"one", b"40", b"2", b"two", None, b"3", None, b"7"
    )
    assert raw.call("SORT", "ids", "GET", "fixed") == array(None, None, None)  # no '*'
    assert raw.call("SORT", "ids", "BY", "u_*->age", "GET", "#") == array(b"2", b"3", b"1")
    # "->" with nothing after it is part of the key name; only the first '*' is replaced
    raw.call("SET", "k_1->", "arrow")
    raw.call("SET", "a1*", "star")
    assert raw.call("SORT", "ids", "GET", "k_*->", "LIMIT", "0", "1") == array(b"arrow")
    assert raw.call("SORT", "ids", "GET", "a**", "LIMIT", "0", "1") == array(b"star")


def test_store(raw: RawClient) -> None:
    raw.call("RPUSH", "l", "3", "1", "2")
    raw.call("MSET", "n_1", "one", "n_3", "three")
    assert raw.call("SORT", "l", "STORE", "dst") == b":3\r\n"
    assert raw.call("LRANGE", "dst", "0", "-1") == array(b"1", b"2", b"3")
    assert raw.call("SORT", "l", "GET", "n_*", "STORE", "dst") == b":3\r\n"
    assert raw.call("LRANGE", "dst", "0", "-1") == array(b"one", b"", b"three")
    raw.call("SET", "str", "x")
    assert raw.call("SORT", "l", "STORE", "str") == b":3\r\n"  # overwrites any type
    assert raw.call("TYPE", "str") == b"+list\r\n"
    assert raw.call("SORT", "missing", "STORE", "dst") == b":0\r\n"
    assert raw.call("EXISTS", "dst") == b":0\r\n"  # an empty result deletes destination
    assert raw.call("SORT", "l", "STORE", "l") == b":3\r\n"
    assert raw.call("LRANGE", "l", "0", "-1") == array(b"1", b"2", b"3")
    assert raw.call("SORT_RO", "l", "STORE", "dst") == SYNTAX


def test_sets(raw: RawClient) -> None:
    raw.call("SADD", "s", "5", "-2", "10")
    assert raw.call("SORT", "s") == array(b"-2", b"5", b"10")
    assert raw.call("SORT", "s", "DESC", "LIMIT", "0", "2") == array(b"10", b"5")
    raw.call("SADD", "t", "b", "c", "a")
    assert raw.call("SORT", "t", "ALPHA") == array(b"a", b"b", b"c")
    # unsorted but stored: Redis sorts it ALPHA for determinism
    raw.call("SADD", "u", "10", "9", "b")
    assert raw.call("SORT", "u", "BY", "nosort", "STORE", "dst") == b":3\r\n"
    assert raw.call("LRANGE", "dst", "0", "-1") == array(b"10", b"9", b"b")


def test_errors_and_order_of_checks(raw: RawClient) -> None:
    raw.call("SET", "str", "x")
    raw.call("HSET", "h", "f", "v")
    raw.call("RPUSH", "l", "1")
    assert raw.call("SORT", "str") == WRONGTYPE
    assert raw.call("SORT", "h") == WRONGTYPE
    assert raw.call("SORT", "str", "BOGUS") == SYNTAX  # options before the type
    assert raw.call("SORT", "str", "LIMIT", "a", "1") == NOT_INT
    assert raw.call("SORT", "l", "LIMIT", "1") == SYNTAX
    assert raw.call("SORT", "l", "BY") == SYNTAX
    assert raw.call("SORT", "l", "GET") == SYNTAX
    assert raw.call("SORT", "l", "STORE") == SYNTAX
    assert raw.call("SORT", "missing") == b"*0\r\n"
    assert raw.call("SORT") == b"-ERR wrong number of arguments for 'sort' command\r\n"
    assert raw.call("SORT_RO", "str") == WRONGTYPE


@pytest.mark.parametrize("protocol", [2, 3])
def test_null_get_in_both_protocols(raw: RawClient, protocol: int) -> None:
    if protocol == 3:
        assert raw.call("HELLO", "3").startswith(b"%7\r\n")
    raw.call("RPUSH", "l", "1")
    expected = b"*1\r\n$-1\r\n" if protocol == 2 else b"*1\r\n_\r\n"
    assert raw.call("SORT", "l", "GET", "nothing_*") == expected
