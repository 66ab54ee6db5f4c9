"""Unit tests for the string group (``commands/strings*.py``), through the real dispatcher.

No sockets and no sleeping: expiry is driven by the manual clock (``clock.advance(ms)``), and
TTLs are read straight from the database. Expected replies are the bytes redis-server 7.0.15
sends (checked by hand; ``compat_tests/test_strings.py`` checks them against both servers).
"""

from __future__ import annotations

import pytest

from miniredis.keyspace.clock import ManualClock
from miniredis.session import Session

OK = b"+OK\r\n"
NULL = b"$-1\r\n"
WRONGTYPE = b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
SYNTAX = b"-ERR syntax error\r\n"
NOT_INT = b"-ERR value is not an integer or out of range\r\n"
NOT_FLOAT = b"-ERR value is not a valid float\r\n"
INT64_MAX = 2**63 - 1


def bulk(value: bytes) -> bytes:
    return b"$%d\r\n%s\r\n" % (len(value), value)


def invalid_expire(name: bytes) -> bytes:
    return b"-ERR invalid expire time in '" + name + b"' command\r\n"


@pytest.fixture
def with_list(session: Session) -> bytes:
    """A key holding a non-string (any non-bytes value is one, for the type checks)."""
    session.db.data[b"list"] = [b"a"]
    return b"list"


def deadline(session: Session, key: bytes) -> int | None:
    return session.db.expires.get(key)


# --- GET / SET --------------------------------------------------------------------------------
def test_get_set_binary_and_empty(run) -> None:
    assert run("GET", "missing") == NULL
    assert run("SET", b"", b"") == OK
    assert run("GET", b"") == b"$0\r\n\r\n"
    assert run("SET", b"k\x00\r\n", b"\x00\xff\r\n") == OK
    assert run("GET", b"k\x00\r\n") == bulk(b"\x00\xff\r\n")


def test_get_wrong_type(run, with_list) -> None:
    assert run("GET", with_list) == WRONGTYPE


def test_set_overwrites_any_type_and_drops_ttl(run, session, with_list) -> None:
    assert run("SET", "k", "v", "EX", 100) == OK
    assert run("SET", "k", "w") == OK
    assert deadline(session, b"k") is None
    assert run("SET", with_list, "v") == OK
    assert run("GET", with_list) == bulk(b"v")


@pytest.mark.parametrize(
    ("options", "ttl_ms"),
    [(("EX", 10), 10_000), (("PX", 1500), 1500), (("ex", 1), 1000), (("pX", 1), 1)],
)
def test_set_relative_expiry(run, clock: ManualClock, session, options, ttl_ms) -> None:
    assert run("SET", "k", "v", *options) == OK
    assert deadline(session, b"k") == clock.now_ms + ttl_ms
    clock.advance(ttl_ms - 1)
    assert run("GET", "k") == bulk(b"v")
    clock.advance(1)  # a key is expired when its deadline is <= now
    assert run("GET", "k") == NULL
    assert b"k" not in session.db.data


def test_set_absolute_expiry(run, clock: ManualClock, session) -> None:
    seconds = clock.now_ms // 1000 + 5
    assert run("SET", "a", "v", "EXAT", seconds) == OK
    assert deadline(session, b"a") == seconds * 1000
    assert run("SET", "b", "v", "PXAT", clock.now_ms + 7) == OK
    assert deadline(session, b"b") == clock.now_ms + 7
    assert run("SET", "c", "v", "PXAT", clock.now_ms) == OK  # already past: set, then gone
    assert run("GET", "c") == NULL


def test_set_keepttl(run, clock: ManualClock, session) -> None:
    assert run("SET", "k", "v", "PX", 100) == OK
    assert run("SET", "k", "w", "KEEPTTL") == OK
    assert deadline(session, b"k") == clock.now_ms + 100
    assert run("SET", "new", "v", "KEEPTTL") == OK
    assert deadline(session, b"new") is None


def test_set_expire_overflow_boundaries(run, clock: ManualClock) -> None:
    now = clock.now_ms
    assert run("SET", "k", "v", "PX", INT64_MAX - now) == OK
    assert run("SET", "k", "v", "PX", INT64_MAX - now + 1) == invalid_expire(b"set")
    assert run("SET", "k", "v", "PXAT", INT64_MAX) == OK
    assert run("SET", "k", "v", "EXAT", INT64_MAX // 1000) == OK
    assert run("SET", "k", "v", "EXAT", INT64_MAX // 1000 + 1) == invalid_expire(b"set")
    assert run("SET", "k", "v", "EX", (INT64_MAX - now) // 1000) == OK
    assert run("SET", "k", "v", "EX", (INT64_MAX - now) // 1000 + 1) == invalid_expire(b"set")


@pytest.mark.parametrize(
    ("options", "reply"),
    [
        (("EX", 0), invalid_expire(b"set")),
        (("EX", -1), invalid_expire(b"set")),
        (("PX", 0), invalid_expire(b"set")),
        (("EXAT", 0), invalid_expire(b"set")),
        (("PXAT", -5), invalid_expire(b"set")),
        (("EX", "abc"), NOT_INT),
        (("EX", "1.5"), NOT_INT),
        (("EX", 0, "NX", "XX"), SYNTAX),  # syntax before the expire value
        (("EX", "abc", "KEEPTTL"), SYNTAX),
        (("NX", "XX"), SYNTAX),
        (("XX", "NX"), SYNTAX),
        (("EX", 10, "PX", 10), SYNTAX),
        (("KEEPTTL", "EX", 10), SYNTAX),
        (("EX", 10, "KEEPTTL"), SYNTAX),
        (("EXAT", 10, "PXAT", 10), SYNTAX),
        (("PERSIST",), SYNTAX),
        (("EX",), SYNTAX),
        (("N",), SYNTAX),
        (("",), SYNTAX),
        (("bogus",), SYNTAX),
    ],
)
def test_set_option_errors_write_nothing(run, session, options, reply) -> None:
    assert run("SET", "k", "v", *options) == reply
    assert session.db.data == {}


def test_set_repeated_options_are_allowed(run, clock: ManualClock, session) -> None:
    assert run("SET", "k", "v", "EX", 10, "EX", 20) == OK
    assert deadline(session, b"k") == clock.now_ms + 20_000
    assert run("SET", "k", "v", "KEEPTTL", "keepttl", "GET", "get") == bulk(b"v")
    assert run("SET", "k", "v", "xx", "XX") == OK


def test_option_words_end_at_nul(run, session) -> None:
    """Redis compares options as C strings: ``NX\\0junk`` is NX."""
    assert run("SET", "k", "v", b"NX\x00junk") == OK
    assert run("SET", "k", "w", b"NX\x00junk") == NULL
    assert run("GET", "k") == bulk(b"v")


def test_set_nx_xx(run) -> None:
    assert run("SET", "k", "v", "XX") == NULL
    assert run("SET", "k", "v", "NX") == OK
    assert run("SET", "k", "w", "NX") == NULL
    assert run("SET", "k", "w", "XX") == OK
    assert run("GET", "k") == bulk(b"w")


def test_set_get_option(run) -> None:
    assert run("SET", "k", "v", "GET") == NULL
    assert run("SET", "k", "w", "GET") == bulk(b"v")
    assert run("SET", "k", "x", "NX", "GET") == bulk(b"w")  # NX failed: old value, no write
    assert run("GET", "k") == bulk(b"w")
    assert run("SET", "n", "x", "XX", "GET") == NULL
    assert run("GET", "n") == NULL


def test_set_get_on_wrong_type_writes_nothing(run, session, with_list) -> None:
    assert run("SET", with_list, "v", "GET") == WRONGTYPE
    assert session.db.data[with_list] == [b"a"]
    assert run("SET", with_list, "v", "GET", "EX", 0) == invalid_expire(b"set")  # expire first


def test_set_expired_key_counts_as_missing(run, clock: ManualClock) -> None:
    assert run("SET", "k", "v", "PX", 5) == OK
    clock.advance(5)
    assert run("SET", "k", "w", "XX") == NULL
    assert run("SET", "k", "w", "NX", "GET") == NULL
    assert run("GET", "k") == bulk(b"w")


# --- SETNX SETEX PSETEX GETSET GETDEL GETEX ----------------------------------------------------
def test_setnx(run, with_list) -> None:
    assert run("SETNX", "k", "v") == b":1\r\n"
    assert run("SETNX", "k", "w") == b":0\r\n"
    assert run("SETNX", with_list, "w") == b":0\r\n"
    assert run("GET", "k") == bulk(b"v")


def test_setex_psetex(run, clock: ManualClock, session, with_list) -> None:
    assert run("SETEX", "k", 10, "v") == OK
    assert deadline(session, b"k") == clock.now_ms + 10_000
    assert run("PSETEX", "p", 10, "v") == OK
    assert deadline(session, b"p") == clock.now_ms + 10
    assert run("SETEX", with_list, 10, "v") == OK  # replaces any type
    assert run("SETEX", "k", 0, "v") == invalid_expire(b"setex")
    assert run("PSETEX", "k", -1, "v") == invalid_expire(b"psetex")
    assert run("SETEX", "k", "x", "v") == NOT_INT
    assert run("SETEX", "k", INT64_MAX // 1000 + 1, "v") == invalid_expire(b"setex")
    clock.advance(10)
    assert run("GET", "p") == NULL


def test_getset(run, clock: ManualClock, session, with_list) -> None:
    assert run("GETSET", "k", "v") == NULL
    assert run("SET", "k", "v", "EX", 10) == OK
    assert run("GETSET", "k", "w") == bulk(b"v")
    assert deadline(session, b"k") is None
    assert run("GETSET", with_list, "w") == WRONGTYPE


def test_getdel(run, session, with_list) -> None:
    assert run("SET", "k", "v", "EX", 10) == OK
    assert run("GETDEL", "k") == bulk(b"v")
    assert run("GETDEL", "k") == NULL
    assert b"k" not in session.db.expires
    assert run("GETDEL", with_list) == WRONGTYPE


def test_getex_sets_and_removes_ttl(run, clock: ManualClock, session) -> None:
    assert run("SET", "k", "v") == OK
    assert run("GETEX", "k") == bulk(b"v")
    assert deadline(session, b"k") is None
    assert run("GETEX", "k", "EX", 10) == bulk(b"v")
    assert deadline(session, b"k") == clock.now_ms + 10_000
    assert run("GETEX", "k", "PX", 10, "px", 20) == bulk(b"v")
    assert deadline(session, b"k") == clock.now_ms + 20
    assert run("GETEX", "k", "EXAT", clock.now_ms // 1000 + 100) == bulk(b"v")
    assert deadline(session, b"k") == (clock.now_ms // 1000 + 100) * 1000
    assert run("GETEX", "k", "PERSIST") == bulk(b"v")
    assert deadline(session, b"k") is None
    assert run("GETEX", "k", "PXAT", clock.now_ms) == bulk(b"v")  # absolute time past: deleted
    assert b"k" not in session.db.data


def test_getex_checks_key_before_expire_value(run, with_list) -> None:
    assert run("GETEX", "missing", "EX", 0) == NULL
    assert run("GETEX", "missing", "EX", "abc") == NULL
    assert run("GETEX", "missing", "NX") == SYNTAX  # syntax is still checked first
    assert run("GETEX", with_list, "EX", 0) == WRONGTYPE
    assert run("SET", "k", "v") == OK
    assert run("GETEX", "k", "EX", 0) == invalid_expire(b"getex")
    assert run("GETEX", "k", "EX", "abc") == NOT_INT


@pytest.mark.parametrize(
    "options",
    [
        ("NX",),
        ("XX",),
        ("GET",),
        ("KEEPTTL",),
        ("PERSIST", "EX", 1),
        ("EX", 1, "PERSIST"),
        ("EX",),
        ("EX", 1, "PX", 1),
        ("bogus",),
    ],
)
def test_getex_syntax_errors(run, options) -> None:
    assert run("SET", "k", "v") == OK
    assert run("GETEX", "k", *options) == SYNTAX


# --- MGET MSET MSETNX --------------------------------------------------------------------------
def test_mget_answers_null_for_non_strings(run, with_list) -> None:
    assert run("SET", "a", "1") == OK
    assert run("MGET", "a", with_list, "nope", "a") == (
        b"*4\r\n$1\r\n1\r\n$-1\r\n$-1\r\n$1\r\n1\r\n"
    )


def test_mset(run, session) -> None:
    assert run("SET", "a", "old", "EX", 10) == OK
    assert run("MSET", "a", "1", "b", "2", "a", "3") == OK
    assert run("MGET", "a", "b") == b"*2\r\n$1\r\n3\r\n$1\r\n2\r\n"
    assert deadline(session, b"a") is None
    assert run("MSET", "a", "1", "b") == b"-ERR wrong number of arguments for 'mset' command\r\n"


def test_msetnx(run, clock: ManualClock) -> None:
    assert run("MSETNX", "a", "1", "b", "2", "a", "3") == b":1\r\n"
    assert run("GET", "a") == bulk(b"3")
    assert run("MSETNX", "c", "1", "a", "2") == b":0\r\n"
    assert run("GET", "c") == NULL
    assert run("MSETNX", "c") == b"-ERR wrong number of arguments for 'msetnx' command\r\n"
    assert run("SET", "e", "v", "PX", 1) == OK
    clock.advance(1)
    assert run("MSETNX", "e", "new") == b":1\r\n"


# --- counters ----------------------------------------------------------------------------------
def test_incr_family(run, session) -> None:
    assert run("INCR", "n") == b":1\r\n"
    assert run("INCRBY", "n", 41) == b":42\r\n"
    assert run("DECR", "n") == b":41\r\n"
    assert run("DECRBY", "n", -9) == b":50\r\n"
    assert session.db.data[b"n"] == b"50"  # stored as canonical text
    assert run("SET", "n", "-0") == OK
    assert run("INCR", "n") == NOT_INT


@pytest.mark.parametrize("value", [" 1", "1 ", "+1", "01", "1.0", "", "9223372036854775808"])
def test_incr_rejects_non_canonical_integers(run, value) -> None:
    assert run("SET", "n", value) == OK
    assert run("INCR", "n") == NOT_INT
    assert run("INCRBY", "other", value) == NOT_INT


def test_incr_overflow(run) -> None:
    overflow = b"-ERR increment or decrement would overflow\r\n"
    assert run("SET", "n", INT64_MAX) == OK
    assert run("INCR", "n") == overflow
    assert run("INCRBY", "n", -1) == b":9223372036854775806\r\n"
    assert run("SET", "n", -INT64_MAX - 1) == OK
    assert run("DECR", "n") == overflow
    assert run("INCRBY", "n", INT64_MAX) == b":-1\r\n"
    assert run("DECRBY", "n", -INT64_MAX - 1) == b"-ERR decrement would overflow\r\n"
    assert run("DECRBY", "missing", -INT64_MAX - 1) == b"-ERR decrement would overflow\r\n"


def test_incr_type_and_argument_order(run, with_list) -> None:
    assert run("INCR", with_list) == WRONGTYPE
    assert run("INCRBY", with_list, "x") == NOT_INT  # the increment is parsed first
    assert run("INCRBYFLOAT", with_list, "x") == WRONGTYPE  # the type is checked first


def test_counters_keep_ttl(run, clock: ManualClock, session) -> None:
    assert run("SET", "n", "1", "PX", 100) == OK
    for command in (("INCR", "n"), ("DECRBY", "n", 2), ("INCRBYFLOAT", "n", "1.5")):
        run(*command)
        assert deadline(session, b"n") == clock.now_ms + 100


@pytest.mark.parametrize(
    ("start", "increment", "result"),
    [
        (None, "0.1", b"0.1"),
        ("0.1", "0.2", b"0.3"),
        ("10", "-10", b"0"),
        ("1", "-0.0", b"1"),
        ("3", "1e-18", b"3"),
        ("3", "1e-17", b"3.00000000000000001"),
        ("5000", "1.23456789012345678", b"5001.23456789012345691"),
        ("1", "0x10", b"17"),
        ("0", "0x1p-3", b"0.125"),
        ("1", ".5", b"1.5"),
        ("1", "5.", b"6"),
        ("1", "5.0e3", b"5001"),
        ("0", "1e20", b"100000000000000000000"),
        ("0x10", "1", b"17"),
    ],
)
def test_incrbyfloat_formatting(run, start, increment, result) -> None:
    if start is not None:
        assert run("SET", "f", start) == OK
    assert run("INCRBYFLOAT", "f", increment) == bulk(result)
    assert run("GET", "f") == bulk(result)


def test_incrbyfloat_long_double_range(run) -> None:
    assert run("INCRBYFLOAT", "f", "1e400").startswith(b"$401\r\n100000000000000000002818")
    assert run("SET", "d", "1e308") == OK  # 2e308 is no double, but a fine long double
    assert run("INCRBYFLOAT", "d", "1e308").startswith(b"$309\r\n19999999999999999999337175")
    assert run("SET", "f", "1e4932") == OK
    nan_or_inf = b"-ERR increment would produce NaN or Infinity\r\n"
    assert run("INCRBYFLOAT", "f", "1e4932") == nan_or_inf
    assert run("INCRBYFLOAT", "f", "inf") == nan_or_inf
    assert run("INCRBYFLOAT", "g", "-infinity") == nan_or_inf
    assert run("EXISTS", "g") == b":0\r\n"


@pytest.mark.parametrize(
    "bad", ["abc", "", " 1", "1 ", "nan", "1e5000", "1e-5000", "1_0", "1/2", "0x", "1e", "1" * 5120]
)
def test_incrbyfloat_invalid(run, bad) -> None:
    assert run("INCRBYFLOAT", "f", bad) == NOT_FLOAT
    assert run("SET", "g", bad) == OK
    assert run("INCRBYFLOAT", "g", "1") == NOT_FLOAT


def test_incrbyfloat_reply_is_bulk_in_resp3(run, session) -> None:
    session.protocol = 3
    assert run("INCRBYFLOAT", "f", "1.5") == b"$3\r\n1.5\r\n"


# --- APPEND STRLEN GETRANGE SETRANGE ------------------------------------------------------------
def test_append_and_strlen(run, clock: ManualClock, session, with_list) -> None:
    assert run("APPEND", "k", "") == b":0\r\n"  # creates an empty string
    assert run("EXISTS", "k") == b":1\r\n"
    assert run("SET", "k", "ab", "PX", 50) == OK
    assert run("APPEND", "k", b"\x00c") == b":4\r\n"
    assert run("GET", "k") == bulk(b"ab\x00c")
    assert deadline(session, b"k") == clock.now_ms + 50
    assert run("STRLEN", "k") == b":4\r\n"
    assert run("STRLEN", "nope") == b":0\r\n"
    assert run("APPEND", with_list, "x") == WRONGTYPE
    assert run("STRLEN", with_list) == WRONGTYPE


@pytest.mark.parametrize(
    ("start", "end", "result"),
    [
        (0, -1, b"hello"),
        (1, 3, b"ell"),
        (-3, -1, b"llo"),
        (0, -100, b"h"),  # Redis 7.0: end clamps to 0
        (-1, -5, b""),
        (5, -100, b""),
        (-100, -1, b"hello"),
        (1, 100, b"ello"),
        (3, 1, b""),
        (10, 20, b""),
    ],
)
def test_getrange(run, start, end, result) -> None:
    assert run("SET", "s", "hello") == OK
    assert run("GETRANGE", "s", start, end) == bulk(result)
    assert run("SUBSTR", "s", start, end) == bulk(result)


def test_getrange_edges(run, with_list) -> None:
    assert run("GETRANGE", "missing", 0, -1) == b"$0\r\n\r\n"
    assert run("SET", "e", "") == OK
    assert run("GETRANGE", "e", 0, 0) == b"$0\r\n\r\n"
    assert run("GETRANGE", with_list, 0, -1) == WRONGTYPE
    assert run("GETRANGE", with_list, "a", 0) == NOT_INT  # indexes are parsed first
    assert run("GETRANGE", "e", 0, "9223372036854775808") == NOT_INT


def test_setrange(run, clock: ManualClock, session, with_list) -> None:
    assert run("SETRANGE", "m", 10, "") == b":0\r\n"  # nothing written, nothing created
    assert run("EXISTS", "m") == b":0\r\n"
    assert run("SETRANGE", "m", 2, "ab") == b":4\r\n"
    assert run("GET", "m") == bulk(b"\x00\x00ab")
    assert run("SET", "s", "hello", "PX", 9) == OK
    assert run("SETRANGE", "s", 1, "EY") == b":5\r\n"
    assert run("SETRANGE", "s", 4, "O world") == b":11\r\n"
    assert run("GET", "s") == bulk(b"hEYlO world")
    assert deadline(session, b"s") == clock.now_ms + 9
    assert run("SETRANGE", "s", 100000000000, "") == b":11\r\n"
    assert run("SETRANGE", "s", -1, "x") == b"-ERR offset is out of range\r\n"
    assert run("SETRANGE", with_list, -1, "x") == b"-ERR offset is out of range\r\n"
    assert run("SETRANGE", with_list, 0, "") == WRONGTYPE
    assert run("SETRANGE", "s", "x", "x") == NOT_INT


def test_string_length_limit(run, session) -> None:
    too_long = b"-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n"
    session.server.config.proto_max_bulk_len = 10
    assert run("SETRANGE", "k", 10, "x") == too_long
    assert run("SETRANGE", "k", 9, "x") == b":10\r\n"
    assert run("APPEND", "k", "x") == too_long
    assert run("SETRANGE", "k", INT64_MAX, "x") == too_long
    assert run("SETRANGE", "k", INT64_MAX, "") == b":10\r\n"


# --- LCS ----------------------------------------------------------------------------------------
LCS_LEN6 = b"$3\r\nlen\r\n:6\r\n"
LCS_IDX = (
    b"*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n"
)


def test_lcs(run) -> None:
    assert run("MSET", "a", "ohmytext", "b", "mynewtext") == OK
    assert run("LCS", "a", "b") == bulk(b"mytext")
    assert run("LCS", "a", "b", "len") == b":6\r\n"
    assert run("LCS", "a", "b", "IDX") == b"*4\r\n$7\r\nmatches\r\n" + LCS_IDX + LCS_LEN6
    assert run("LCS", "a", "b", "IDX", "MINMATCHLEN", 4, "WITHMATCHLEN") == (
        b"*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n"
        b"$3\r\nlen\r\n:6\r\n"
    )
    assert run("LCS", "a", "b", "MINMATCHLEN", -5, "IDX").endswith(LCS_IDX + b"$3\r\nlen\r\n:6\r\n")
    assert run("LCS", "a", "b", "WITHMATCHLEN") == bulk(b"mytext")


def test_lcs_resp3_map(run, session) -> None:
    assert run("MSET", "a", "ohmytext", "b", "mynewtext") == OK
    session.protocol = 3
    assert run("LCS", "a", "b", "IDX") == b"%2\r\n$7\r\nmatches\r\n" + LCS_IDX + LCS_LEN6
    assert run("LCS", "x", "y", "IDX") == b"%2\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n"


def test_lcs_missing_keys_and_errors(run, with_list) -> None:
    assert run("LCS", "x", "y") == b"$0\r\n\r\n"
    assert run("LCS", "x", "y", "LEN") == b":0\r\n"
    not_strings = b"-ERR The specified keys must contain string values\r\n"
    assert run("LCS", with_list, "x") == not_strings
    assert run("LCS", "x", with_list, "bogus") == not_strings  # before the options
    assert run("LCS", "x", "y", "LEN", "IDX") == (
        b"-ERR If you want both the length and indexes, please just use IDX.\r\n"
    )
    assert run("LCS", "x", "y", "IDX", "LEN", "bogus") == SYNTAX
    assert run("LCS", "x", "y", "MINMATCHLEN") == SYNTAX
    assert run("LCS", "x", "y", "MINMATCHLEN", "x") == NOT_INT


def test_lcs_table_size_limit(run, session) -> None:
    session.server.config.proto_max_bulk_len = 1 << 20
    assert run("SET", "a", b"a" * 511) == OK  # 512 * 512 cells of 4 bytes: exactly the limit
    assert run("LCS", "a", "a", "LEN") == b":511\r\n"
    assert run("SET", "b", b"a" * 512) == OK
    assert run("LCS", "b", "b", "LEN") == (
        b"-ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len\r\n"
    )


def test_lcs_walk_matches_redis_tie_breaking(run) -> None:
    """Several answers are equally long; Redis's walk (j-1 first on ties) picks these."""
    assert run("MSET", "a", "abcabc", "b", "cbacba") == OK
    assert run("LCS", "a", "b") == bulk(b"cbc")
    assert run("LCS", "a", "b", "IDX", "WITHMATCHLEN") == (
        b"*4\r\n$7\r\nmatches\r\n*3\r\n"
        b"*3\r\n*2\r\n:5\r\n:5\r\n*2\r\n:3\r\n:3\r\n:1\r\n"
        b"*3\r\n*2\r\n:4\r\n:4\r\n*2\r\n:1\r\n:1\r\n:1\r\n"
        b"*3\r\n*2\r\n:2\r\n:2\r\n*2\r\n:0\r\n:0\r\n:1\r\n"
        b"$3\r\nlen\r\n:3\r\n"
    )
    assert run("MSET", "a", "acgtacgt", "b", "tgcatgca") == OK
    assert run("LCS", "a", "b") == bulk(b"tgt")
