"""The generic key commands, byte for byte against redis-server 7.0.15.

DEL UNLINK EXISTS TOUCH TYPE, the TTL family (EXPIRE PEXPIRE EXPIREAT PEXPIREAT with NX XX GT
LT, TTL PTTL EXPIRETIME PEXPIRETIME PERSIST), KEYS and its glob, SCAN and its cursor, RANDOMKEY,
RENAME RENAMENX COPY MOVE. Every expected reply and error text is what the real server sends,
written out literally.

Expiry without waiting: deadlines in the past (``PEXPIREAT k 1``) delete at once, and far-future
absolute deadlines (``PEXPIREAT k 1999999999499``) make EXPIRETIME deterministic. The one test
that needs a key to expire *lazily* waits a few milliseconds, bounded.
"""

from __future__ import annotations

import time

import pytest
import redis

from compat_tests.rawclient import RawClient

OK = b"+OK\r\n"
ZERO = b":0\r\n"
ONE = b":1\r\n"
NULL = b"$-1\r\n"
INT_RANGE = "ERR value is out of range, value must between -2147483648 and 2147483647"


def err(text: str) -> bytes:
    return b"-" + text.encode() + b"\r\n"


def integer(reply: bytes) -> int:
    assert reply[:1] == b":", reply
    return int(reply[1:-2])


def scan_all(raw: RawClient, *options: str | bytes) -> list[bytes]:
    """Iterate SCAN from cursor 0 until the server answers cursor 0; every key seen, in order."""
    found: list[bytes] = []
    cursor = b"0"
    while True:
        cursor, keys = _parse_scan(raw.call("SCAN", cursor, *options))
        found += keys
        if cursor == b"0":
            return found


def _parse_scan(reply: bytes) -> tuple[bytes, list[bytes]]:
    lines = reply.split(b"\r\n")
    assert lines[0] == b"*2" and lines[1].startswith(b"$"), reply
    cursor = lines[2]
    count = int(lines[3][1:])
    keys = [lines[5 + 2 * i] for i in range(count)]
    return cursor, keys


# -- DEL UNLINK EXISTS TOUCH TYPE -------------------------------------------------------------
def test_del_and_unlink_count_the_keys_that_existed(raw: RawClient) -> None:
    for key in ("a", "b", "c", "d"):
        assert raw.call("SET", key, "v") == OK
    assert raw.call("DEL", "a", "b", "missing", "a") == b":2\r\n"  # a repeat counts once
    assert raw.call("UNLINK", "c", "c", "missing") == ONE
    assert raw.call("DEL", "a") == ZERO
    assert raw.call("EXISTS", "a", "b", "c", "d") == ONE


def test_exists_and_touch_count_repeats(raw: RawClient) -> None:
    assert raw.call("SET", "k", "v") == OK
    assert raw.call("EXISTS", "k", "k", "k", "nokey") == b":3\r\n"
    assert raw.call("TOUCH", "k", "k", "nokey") == b":2\r\n"
    assert raw.call("EXISTS", "nokey") == ZERO


def test_empty_and_binary_keys_are_keys(raw: RawClient) -> None:
    assert raw.call("SET", "", "empty") == OK
    assert raw.call("SET", b"\x00\xff\r\n", "bin") == OK
    assert raw.call("EXISTS", "", b"\x00\xff\r\n") == b":2\r\n"
    assert raw.call("TYPE", b"\x00\xff\r\n") == b"+string\r\n"
    assert raw.call("DEL", "") == ONE


def test_type(raw: RawClient) -> None:
    assert raw.call("SET", "k", "v") == OK
    assert raw.call("TYPE", "k") == b"+string\r\n"
    assert raw.call("TYPE", "nokey") == b"+none\r\n"


def test_wrong_arity(raw: RawClient) -> None:
    assert raw.call("DEL") == err("ERR wrong number of arguments for 'del' command")
    assert raw.call("EXPIRE", "k") == err("ERR wrong number of arguments for 'expire' command")
    assert raw.call("TTL", "a", "b") == err("ERR wrong number of arguments for 'ttl' command")
    assert raw.call("RANDOMKEY", "x") == err(
        "ERR wrong number of arguments for 'randomkey' command"
    )
    assert raw.call("COPY", "a") == err("ERR wrong number of arguments for 'copy' command")
    assert raw.call("SCAN") == err("ERR wrong number of arguments for 'scan' command")


# -- the TTL family ----------------------------------------------------------------------------
def test_ttl_replies_for_missing_and_persistent_keys(raw: RawClient) -> None:
    for command in ("TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"):
        assert raw.call(command, "nokey") == b":-2\r\n"
    assert raw.call("SET", "k", "v") == OK
    for command in ("TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"):
        assert raw.call(command, "k") == b":-1\r\n"


def test_expire_sets_a_ttl(raw: RawClient) -> None:
    assert raw.call("SET", "k", "v") == OK
    assert raw.call("EXPIRE", "k", "100") == ONE
    assert raw.call("TTL", "k") == b":100\r\n"
    assert 99_000 < integer(raw.call("PTTL", "k")) <= 100_000
    assert raw.call("PEXPIRE", "k", "5000") == ONE
    assert 4_000 < integer(raw.call("PTTL", "k")) <= 5_000
    assert raw.call("EXPIRE", "nokey", "100") == ZERO
    assert raw.call("PEXPIREAT", "nokey", "1999999999000") == ZERO


def test_absolute_deadlines_and_expiretime_rounding(raw: RawClient) -> None:
    """EXPIRETIME rounds the ms deadline to the nearest second: (ms + 500) / 1000."""
    assert raw.call("SET", "k", "v") == OK
    assert raw.call("PEXPIREAT", "k", "1999999999499") == ONE
    assert raw.call("PEXPIRETIME", "k") == b":1999999999499\r\n"
    assert raw.call("EXPIRETIME", "k") == b":1999999999\r\n"
    assert raw.call("PEXPIREAT", "k", "1999999999500") == ONE
    assert raw.call("EXPIRETIME", "k") == b":2000000000\r\n"
    assert raw.call("EXPIREAT", "k", "2100000000") == ONE
    assert raw.call("PEXPIRETIME", "k") == b":2100000000000\r\n"
    assert raw.call("PEXPIREAT", "k", "9223372036854775807") == ONE
    assert raw.call("PEXPIRETIME", "k") == b":9223372036854775807\r\n"
    assert raw.call("EXPIRETIME", "k") == b":9223372036854776\r\n"


def test_a_deadline_in_the_past_deletes_the_key(raw: RawClient) -> None:
    for command, when in [
        ("EXPIRE", "0"),
        ("EXPIRE", "-1"),
        ("PEXPIRE", "-9223372036854775808"),
        ("EXPIREAT", "1"),
        ("EXPIREAT", "-9223372036854775"),
        ("PEXPIREAT", "-9223372036854775808"),
    ]:
        assert raw.call("SET", "k", "v") == OK
        assert raw.call(command, "k", when) == ONE, (command, when)
        assert raw.call("EXISTS", "k") == ZERO, (command, when)
        assert raw.call("TTL", "k") == b":-2\r\n"
    assert raw.call("EXPIRE", "nokey", "-1") == ZERO


@pytest.mark.parametrize(
    ("command", "when"),
    [
        ("EXPIRE", "9223372036854775807"),
        ("EXPIRE", "9223372036854776"),  # * 1000 overflows
        ("EXPIRE", "9223372036854775"),  # * 1000 fits, + now overflows
        ("EXPIRE", "-9223372036854775808"),
        ("EXPIRE", "-9223372036854776"),
        ("PEXPIRE", "9223372036854775807"),
        ("EXPIREAT", "9223372036854775807"),
        ("EXPIREAT", "-9223372036854775808"),
    ],
)
def test_expire_overflow(raw: RawClient, command: str, when: str) -> None:
    assert raw.call("SET", "k", "v") == OK
    expected = f"ERR invalid expire time in '{command.lower()}' command"
    assert raw.call(command, "k", when) == err(expected)
    assert raw.call("EXPIRE", "nokey", "9223372036854775807") == err(
        "ERR invalid expire time in 'expire' command"
    )
    assert raw.call("TTL", "k") == b":-1\r\n"


def test_expire_nx_xx_gt_lt(raw: RawClient) -> None:
    assert raw.call("SET", "k", "v") == OK
    assert raw.call("EXPIRE", "k", "100", "XX") == ZERO  # no TTL yet
    assert raw.call("EXPIRE", "k", "100", "GT") == ZERO  # no TTL counts as infinite
    assert raw.call("EXPIRE", "k", "100", "lt") == ONE  # ... so anything is less
    assert raw.call("TTL", "k") == b":100\r\n"
    assert raw.call("EXPIRE", "k", "200", "LT") == ZERO
    assert raw.call("EXPIRE", "k", "50", "Lt") == ONE
    assert raw.call("EXPIRE", "k", "60", "gt") == ONE
    assert raw.call("EXPIRE", "k", "60", "NX") == ZERO
    assert raw.call("EXPIRE", "k", "70", "xX") == ONE
    assert raw.call("EXPIRE", "k", "1", "GT", "XX") == ZERO  # XX combines with GT / LT
    assert raw.call("EXPIRE", "k", "10", "LT", "XX", "LT") == ONE  # repeats are fine
    assert raw.call("TTL", "k") == b":10\r\n"
    assert raw.call("PERSIST", "k") == ONE
    assert raw.call("EXPIRE", "k", "10", "NX", "NX") == ONE
    assert raw.call("EXPIRE", "nokey", "60", "XX") == ZERO


def test_expire_lt_with_a_past_deadline_deletes(raw: RawClient) -> None:
    assert raw.call("SET", "k", "v") == OK
    assert raw.call("EXPIRE", "k", "100") == ONE
    assert raw.call("EXPIRE", "k", "-5", "LT") == ONE
    assert raw.call("EXISTS", "k") == ZERO


def test_expire_option_errors(raw: RawClient) -> None:
    nx_and = err("ERR NX and XX, GT or LT options at the same time are not compatible")
    assert raw.call("SET", "k", "v") == OK
    assert raw.call("EXPIRE", "k", "10", "NX", "XX") == nx_and
    assert raw.call("EXPIRE", "k", "10", "GT", "NX") == nx_and
    assert raw.call("PEXPIRE", "k", "10", "nx", "lt") == nx_and
    assert raw.call("EXPIRE", "k", "10", "GT", "LT") == err(
        "ERR GT and LT options at the same time are not compatible"
    )
    assert raw.call("EXPIRE", "k", "10", "foo") == err("ERR Unsupported option foo")
    # Options are checked before the number, and before the key is looked up.
    assert raw.call("EXPIRE", "k", "abc", "foo") == err("ERR Unsupported option foo")
    assert raw.call("EXPIREAT", "k", "abc", "nx", "xx") == nx_and
    assert raw.call("EXPIRE", "nokey", "abc") == err("ERR value is not an integer or out of range")
    assert raw.call("EXPIRE", "k", "1.5") == err("ERR value is not an integer or out of range")
    assert raw.call("EXPIRE", "k", "+1") == err("ERR value is not an integer or out of range")
    assert raw.call("TTL", "k") == b":-1\r\n"


def test_expire_options_are_c_strings(raw: RawClient) -> None:
    """strcasecmp stops at a NUL: ``nx\\0junk`` is NX, and the error shows ``foo`` only."""
    assert raw.call("SET", "k", "v") == OK
    assert raw.call("EXPIRE", "k", "100", b"nx\x00junk") == ONE
    assert raw.call("EXPIRE", "k", "100", b"foo\x00junk") == err("ERR Unsupported option foo")


def test_set_and_persist_remove_the_ttl(raw: RawClient) -> None:
    assert raw.call("SET", "k", "v") == OK
    assert raw.call("EXPIRE", "k", "100") == ONE
    assert raw.call("SET", "k", "w") == OK
    assert raw.call("TTL", "k") == b":-1\r\n"
    assert raw.call("PERSIST", "k") == ZERO
    assert raw.call("EXPIRE", "k", "100") == ONE
    assert raw.call("PERSIST", "k") == ONE
    assert raw.call("TTL", "k") == b":-1\r\n"
    assert raw.call("PERSIST", "nokey") == ZERO


def test_an_expired_key_is_gone_everywhere(raw: RawClient) -> None:
    """The one test that lets a key expire by itself: PEXPIRE 1, then a bounded wait."""
    assert raw.call("SET", "k", "v") == OK
    assert raw.call("SET", "other", "v") == OK
    assert raw.call("PEXPIRE", "k", "1") == ONE
    deadline = time.monotonic() + 2.0
    while raw.call("PTTL", "k") != b":-2\r\n":
        assert time.monotonic() < deadline, "the key never expired"
        time.sleep(0.005)
    assert raw.call("EXISTS", "k") == ZERO
    assert raw.call("TYPE", "k") == b"+none\r\n"
    assert raw.call("RENAME", "k", "x") == err("ERR no such key")
    assert raw.call("EXPIRE", "k", "100") == ZERO
    assert raw.call("KEYS", "*") == b"*1\r\n$5\r\nother\r\n"


# -- KEYS and the glob ------------------------------------------------------------------------
GLOB_KEYS = [
    b"", b"a", b"b", b"c", b"d", b"e", b"m", b"A", b"ab", b"abc", b"ac", b"abbc", b"abcd",
    b"hello", b"hallo", b"hillo", b"hbllo", b"heeeello", b"*", b"?", b"[", b"]", b"]]", b"\\",
    b"-", b"^", b"_", b"a]", b"a\\", b"\x00abc", b"\x80", b"\x90", b"\xff",
]  # fmt: skip
PRINTABLE_ONE_BYTE = [b"*", b"-", b"?", b"A", b"[", b"\\", b"]", b"^", b"_", b"a", b"b", b"c"]
ONE_BYTE = [*PRINTABLE_ONE_BYTE, b"d", b"e", b"m", b"\x80", b"\x90", b"\xff"]
# pattern -> the GLOB_KEYS it matches, as redis-server 7.0.15's KEYS answered.
GLOB_TABLE: dict[bytes, list[bytes]] = {
    b"": [b""],
    b"**": [k for k in GLOB_KEYS if k],  # a star never matches the empty key ...
    b"a": [b"a"],
    b"a*": [b"a", b"a\\", b"a]", b"ab", b"abbc", b"abc", b"abcd", b"ac"],
    b"*c": [b"\x00abc", b"abbc", b"abc", b"ac", b"c"],
    b"a*c": [b"abbc", b"abc", b"ac"],
    b"?": ONE_BYTE,
    b"??": [b"]]", b"a\\", b"a]", b"ab", b"ac"],
    b"h?llo": [b"hallo", b"hbllo", b"hello", b"hillo"],
    b"h*llo": [b"hallo", b"hbllo", b"heeeello", b"hello", b"hillo"],
    b"h[ae]llo": [b"hallo", b"hello"],
    b"h[^e]llo": [b"hallo", b"hbllo", b"hillo"],
    b"h[a-b]llo": [b"hallo", b"hbllo"],
    b"[z-a]": [b"a", b"b", b"c", b"d", b"e", b"m"],  # a reversed range
    b"[\\]]": [b"]"],
    b"\\*": [b"*"],
    b"\\?": [b"?"],
    b"a\\": [b"a\\"],  # a trailing backslash is literal
    b"[abc": [b"a", b"b", b"c"],  # an unclosed class runs to the end
    b"[": [],
    b"[^": ONE_BYTE,
    b"[]": [],  # an empty class matches nothing ...
    b"[]]": [],
    b"[^]]": [b"]]", b"a]"],  # ... and negated, anything
    b"[a-]": [b"]", b"^", b"_", b"a"],  # "-]" is a range end: ']'..'a'
    b"[-a]": [b"-", b"a"],
    b"[a-c-e]": [b"-", b"a", b"b", b"c", b"e"],
    b"[\\a-c]": [b"-", b"a", b"c"],  # escaped 'a', then '-' and 'c' literally
    b"\x00*": [b"\x00abc"],
    b"[\x80-\xff]": [b"\x80", b"\x90", b"\xff"],
    b"[a-\xff]": [*PRINTABLE_ONE_BYTE[:-2], b"\xff"],  # signed char: 0xff is -1, below 'a'
    b"*\\": [b"\\", b"a\\"],
    b"[\\": [b"\\"],
    b"a[\\]]": [b"a]"],
    b"[!a]": [b"a"],  # '!' is no negation in Redis
    b"[^a-z]": [b"*", b"-", b"?", b"A", b"[", b"\\", b"]", b"^", b"_", b"\x80", b"\x90", b"\xff"],
}


def test_keys_glob_table(r: redis.Redis) -> None:
    r.mset({key: b"1" for key in GLOB_KEYS})
    for pattern, expected in GLOB_TABLE.items():
        assert sorted(r.keys(pattern)) == sorted(expected), pattern


def test_keys_star_is_special_cased_to_match_the_empty_key(raw: RawClient) -> None:
    assert raw.call("SET", "", "v") == OK
    assert raw.call("KEYS", "*") == b"*1\r\n$0\r\n\r\n"
    assert raw.call("KEYS", "**") == b"*0\r\n"
    assert raw.call("KEYS", "") == b"*1\r\n$0\r\n\r\n"


def test_keys_pathological_pattern_answers(r: redis.Redis) -> None:
    """Redis cuts off exponential matching; so must we (the test passes in well under 1 s)."""
    r.set(b"a" * 2000, b"1")
    assert r.keys(b"*a" * 40 + b"*b") == []
    assert r.keys(b"*a" * 40 + b"*") == [b"a" * 2000]


def test_keys_more_than_1000_nested_stars(r: redis.Redis) -> None:
    """stringmatchlen stops recursing at 1000 levels: the 1001st star then never matches."""
    r.set(b"a" * 1001, b"1")
    assert r.keys(b"*a" * 1000) == [b"a" * 1001]
    assert r.keys(b"*a" * 1001) == []
    assert r.keys(b"*a" * 1000 + b"*") == [b"a" * 1001]  # a final star is never recursed into


# -- SCAN --------------------------------------------------------------------------------------
def test_scan_returns_every_key(raw: RawClient, r: redis.Redis) -> None:
    keys = {b"key:%d" % i for i in range(300)}
    r.mset({key: b"v" for key in keys})
    for count in ("1", "7", "10", "1000"):
        found = scan_all(raw, "COUNT", count)
        assert set(found) == keys, count
    assert raw.call("SCAN", "0", "COUNT", "1000").startswith(b"*2\r\n$1\r\n0\r\n*300\r\n")


@pytest.mark.needs_own_server("FLUSHALL")
def test_scan_small_database_in_one_call(raw: RawClient) -> None:
    assert raw.call("SET", "k", "v") == OK
    assert raw.call("SCAN", "0") == b"*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n"
    assert raw.call("HELLO", "3").startswith(b"%")
    assert raw.call("SCAN", "0") == b"*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n"  # same in RESP3
    assert raw.call("FLUSHALL") == OK
    assert raw.call("SCAN", "0") == b"*2\r\n$1\r\n0\r\n*0\r\n"


def test_scan_match_and_type(raw: RawClient, r: redis.Redis) -> None:
    r.mset({b"user:%d" % i: b"v" for i in range(50)})
    r.mset({b"item:%d" % i: b"v" for i in range(50)})
    found = scan_all(raw, "MATCH", "user:*", "COUNT", "7")
    assert set(found) == {b"user:%d" % i for i in range(50)}
    found = scan_all(raw, "MATCH", "nothing*", "MATCH", "item:1?")  # the last MATCH wins
    assert set(found) == {b"item:%d" % i for i in range(10, 20)}
    found = scan_all(raw, "TYPE", "STRING", "MATCH", "*:4?")  # TYPE is case-insensitive
    assert len(found) == 20
    found = scan_all(raw, "TYPE", "list")
    assert found == []
    found = scan_all(raw, "TYPE", "nosuchtype")  # no error in 7.0: nothing matches
    assert found == []
    found = scan_all(raw, "TYPE", b"string\x00x", "COUNT", "100")  # a C string
    assert len(found) == 100


@pytest.mark.parametrize("cursor", [b"", b"+0", b"-0", b"000", b"0\x00zz"])
def test_scan_cursor_forms_read_as_zero(raw: RawClient, cursor: bytes) -> None:
    """strtoul: an empty string, a sign, leading zeros, and text after a NUL are all fine."""
    assert raw.call("SET", "k", "v") == OK
    assert raw.call("SCAN", cursor) == b"*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n"


@pytest.mark.parametrize(
    "cursor", [b" 0", b"0 ", b"\t0", b"abc", b"0x1", b"1.0", b"+", b"-", b"18446744073709551616",
               b"1" * 25, b"-18446744073709551616"],
)  # fmt: skip
def test_scan_invalid_cursor(raw: RawClient, cursor: bytes) -> None:
    assert raw.call("SCAN", cursor) == err("ERR invalid cursor")
    assert raw.call("SCAN", cursor, "COUNT", "0") == err("ERR invalid cursor")  # cursor first


@pytest.mark.parametrize("cursor", [b"18446744073709551615", b"-1", b"-18446744073709551615"])
def test_scan_accepts_any_unsigned_64_bit_cursor(raw: RawClient, cursor: bytes) -> None:
    assert raw.call("SET", "k", "v") == OK
    assert raw.call("SCAN", cursor).startswith(b"*2\r\n$")


@pytest.mark.parametrize(
    ("options", "error"),
    [
        (["COUNT", "0"], "ERR syntax error"),
        (["COUNT", "-1"], "ERR syntax error"),
        (["COUNT", "abc"], "ERR value is not an integer or out of range"),
        (["COUNT", "99999999999999999999"], "ERR value is not an integer or out of range"),
        (["COUNT"], "ERR syntax error"),
        (["MATCH"], "ERR syntax error"),
        (["TYPE"], "ERR syntax error"),
        (["foo"], "ERR syntax error"),
        (["foo", "bar"], "ERR syntax error"),
        (["MATCH", "k", "COUNT", "0"], "ERR syntax error"),
        (["COUNT", "1", "COUNT", "abc"], "ERR value is not an integer or out of range"),
        (["COUNT", "abc", "COUNT", "0", "foo"], "ERR value is not an integer or out of range"),
        (["COUNT", "5", "MATCH"], "ERR syntax error"),
    ],
)
def test_scan_option_errors(raw: RawClient, options: list[str], error: str) -> None:
    assert raw.call("SCAN", "0", *options) == err(error)


def test_scan_guarantee_while_keys_come_and_go(raw: RawClient, r: redis.Redis) -> None:
    """A key present for the whole iteration is returned, however the keyspace changes."""
    stable = {b"stable:%d" % i for i in range(200)}
    doomed = [b"doomed:%d" % i for i in range(200)]
    r.mset({key: b"v" for key in [*stable, *doomed]})
    seen: set[bytes] = set()
    cursor = b"0"
    step = 0
    while True:
        cursor, keys = _parse_scan(raw.call("SCAN", cursor, "COUNT", "5"))
        seen.update(keys)
        if cursor == b"0":
            break
        step += 1
        r.mset({b"new:%d:%d" % (step, j): b"v" for j in range(20)})  # grow the table
        if doomed:
            r.delete(*doomed[:3])
            del doomed[:3]
    assert stable <= seen


# -- RANDOMKEY ---------------------------------------------------------------------------------
def test_randomkey(raw: RawClient) -> None:
    assert raw.call("RANDOMKEY") == NULL
    assert raw.call("SET", "only", "v") == OK
    assert raw.call("RANDOMKEY") == b"$4\r\nonly\r\n"
    assert raw.call("PEXPIREAT", "only", "1") == ONE
    assert raw.call("RANDOMKEY") == NULL
    assert raw.call("HELLO", "3").startswith(b"%")
    assert raw.call("RANDOMKEY") == b"_\r\n"


def test_randomkey_picks_among_live_keys(raw: RawClient, r: redis.Redis) -> None:
    keys = {b"k%d" % i for i in range(5)}
    r.mset({key: b"v" for key in keys})
    picked = {r.randomkey() for _ in range(50)}
    assert picked <= keys


# -- RENAME RENAMENX ---------------------------------------------------------------------------
def test_rename_moves_value_and_ttl(raw: RawClient) -> None:
    assert raw.call("SET", "a", "va") == OK
    assert raw.call("PEXPIREAT", "a", "1999999999499") == ONE
    assert raw.call("SET", "b", "vb") == OK
    assert raw.call("RENAME", "a", "b") == OK
    assert raw.call("GET", "b") == b"$2\r\nva\r\n"
    assert raw.call("PEXPIRETIME", "b") == b":1999999999499\r\n"
    assert raw.call("EXISTS", "a") == ZERO
    # The destination's own TTL does not survive: it takes the source's (none here).
    assert raw.call("SET", "c", "vc") == OK
    assert raw.call("RENAME", "c", "b") == OK
    assert raw.call("TTL", "b") == b":-1\r\n"
    assert raw.call("GET", "b") == b"$2\r\nvc\r\n"


def test_rename_errors_and_same_name(raw: RawClient) -> None:
    assert raw.call("RENAME", "nokey", "x") == err("ERR no such key")
    assert raw.call("RENAME", "nokey", "nokey") == err("ERR no such key")
    assert raw.call("RENAMENX", "nokey", "nokey") == err("ERR no such key")
    assert raw.call("SET", "k", "v") == OK
    assert raw.call("EXPIRE", "k", "100") == ONE
    assert raw.call("RENAME", "k", "k") == OK
    assert raw.call("RENAMENX", "k", "k") == ZERO
    assert raw.call("TTL", "k") == b":100\r\n"


def test_renamenx(raw: RawClient) -> None:
    assert raw.call("SET", "a", "va") == OK
    assert raw.call("SET", "b", "vb") == OK
    assert raw.call("RENAMENX", "a", "b") == ZERO
    assert raw.call("GET", "a") == b"$2\r\nva\r\n"
    assert raw.call("RENAMENX", "a", "c") == ONE
    assert raw.call("GET", "c") == b"$2\r\nva\r\n"
    assert raw.call("EXISTS", "a") == ZERO


# -- COPY --------------------------------------------------------------------------------------
def test_copy(raw: RawClient) -> None:
    assert raw.call("SET", "a", "va") == OK
    assert raw.call("PEXPIREAT", "a", "1999999999499") == ONE
    assert raw.call("COPY", "a", "b") == ONE
    assert raw.call("GET", "b") == b"$2\r\nva\r\n"
    assert raw.call("PEXPIRETIME", "b") == b":1999999999499\r\n"
    assert raw.call("SET", "c", "vc") == OK
    assert raw.call("COPY", "c", "b") == ZERO  # destination exists
    assert raw.call("COPY", "c", "b", "REPLACE") == ONE
    assert raw.call("GET", "b") == b"$2\r\nvc\r\n"
    assert raw.call("TTL", "b") == b":-1\r\n"
    assert raw.call("COPY", "nokey", "b", "replace") == ZERO
    assert raw.call("GET", "a") == b"$2\r\nva\r\n"


@pytest.mark.needs_own_server("writes to other databases")
def test_copy_to_another_db(raw: RawClient) -> None:
    assert raw.call("SET", "k", "v") == OK
    assert raw.call("COPY", "k", "k", "DB", "1") == ONE
    assert raw.call("COPY", "k", "k", "db", "1") == ZERO
    assert raw.call("COPY", "k", "k", "REPLACE", "REPLACE", "DB", "2", "DB", "1") == ONE
    assert raw.call("SELECT", "1") == OK
    assert raw.call("GET", "k") == b"$1\r\nv\r\n"
    assert raw.call("SELECT", "2") == OK
    assert raw.call("EXISTS", "k") == ZERO


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["k", "k"], "ERR source and destination objects are the same"),
        (["nokey", "nokey"], "ERR source and destination objects are the same"),
        (["k", "k", "DB", "0"], "ERR source and destination objects are the same"),
        (["k", "x", "DB"], "ERR syntax error"),
        (["k", "x", "foo", "DB", "1"], "ERR syntax error"),
        (["k", "x", "DB", "abc", "foo"], "ERR value is not an integer or out of range"),
        (["k", "x", "DB", "1\x00"], "ERR value is not an integer or out of range"),
        (["k", "x", "DB", "16"], "ERR DB index is out of range"),
        (["k", "x", "DB", "-1"], "ERR DB index is out of range"),
        (
            ["k", "x", "DB", "2147483648"],
            "ERR value is out of range, value must between -2147483648 and 2147483647",
        ),
        (
            ["k", "x", "DB", "-4294967296"],
            "ERR value is out of range, value must between -2147483648 and 2147483647",
        ),
    ],
)
@pytest.mark.assumes_db0_noauth("runs in db 0")
def test_copy_errors(raw: RawClient, args: list[str], error: str) -> None:
    assert raw.call("SET", "k", "v") == OK
    assert raw.call("COPY", *args) == err(error)


def test_copy_option_words_are_c_strings(raw: RawClient) -> None:
    assert raw.call("SET", "k", "v") == OK
    assert raw.call("SET", "x", "old") == OK
    assert raw.call("COPY", "k", "x", b"replace\x00junk") == ONE
    assert raw.call("GET", "x") == b"$1\r\nv\r\n"


# -- MOVE --------------------------------------------------------------------------------------
@pytest.mark.needs_own_server("writes to other databases")
def test_move(raw: RawClient) -> None:
    assert raw.call("SET", "k", "v") == OK
    assert raw.call("PEXPIREAT", "k", "1999999999499") == ONE
    assert raw.call("MOVE", "k", "1") == ONE
    assert raw.call("EXISTS", "k") == ZERO
    assert raw.call("MOVE", "k", "1") == ZERO  # gone from here
    assert raw.call("SELECT", "1") == OK
    assert raw.call("GET", "k") == b"$1\r\nv\r\n"
    assert raw.call("PEXPIRETIME", "k") == b":1999999999499\r\n"
    assert raw.call("SELECT", "0") == OK
    assert raw.call("SET", "k", "other") == OK
    assert raw.call("MOVE", "k", "1") == ZERO  # already there: nothing moves
    assert raw.call("GET", "k") == b"$5\r\nother\r\n"


@pytest.mark.parametrize(
    ("key", "db", "error"),
    [
        ("k", "0", "ERR source and destination objects are the same"),
        ("nokey", "0", "ERR source and destination objects are the same"),
        ("k", "16", "ERR DB index is out of range"),
        ("k", "-1", "ERR DB index is out of range"),
        ("k", "abc", "ERR value is not an integer or out of range"),
        ("nokey", "abc", "ERR value is not an integer or out of range"),
        ("k", "4294967296", INT_RANGE),
    ],
)  # fmt: skip
@pytest.mark.assumes_db0_noauth("runs in db 0")
def test_move_errors(raw: RawClient, key: str, db: str, error: str) -> None:
    assert raw.call("SET", "k", "v") == OK
    assert raw.call("MOVE", key, db) == err(error)
    assert raw.call("MOVE", "nokey", "1") == ZERO
