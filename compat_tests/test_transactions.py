"""MULTI / EXEC / DISCARD / WATCH / UNWATCH, byte for byte, on miniredis and redis-server 7.0.15.

What is checked, each as real Redis answers it:

- queueing: ``+QUEUED`` for every command between MULTI and EXEC, then one array of replies;
- commands refused *while queueing* (unknown name, wrong arity) poison the transaction: EXEC
  answers EXECABORT and runs nothing; errors raised *while running* (WRONGTYPE, not an integer)
  stay in place in EXEC's array and the other commands still run;
- the commands that are never queued (MULTI, EXEC, DISCARD, WATCH, QUIT, RESET) and their own
  errors, which do not poison the queue -- except EXEC itself refused by a gate, which aborts;
- WATCH: a change to a watched key by anyone, before EXEC, makes EXEC answer a null array
  (``*-1`` in RESP2, ``_`` in RESP3); which commands count as a change;
- redis-py's ``pipeline(transaction=True)`` and ``Redis.transaction(func, *keys)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import redis

from compat_tests.rawclient import RawClient

if TYPE_CHECKING:
    from compat_tests.conftest import Target

OK = b"+OK\r\n"
QUEUED = b"+QUEUED\r\n"
EXECABORT = b"-EXECABORT Transaction discarded because of previous errors.\r\n"
NO_MULTI = b"-ERR EXEC without MULTI\r\n"


def hello(proto: int, client_id: int) -> bytes:
    head = b"%7\r\n" if proto == 3 else b"*14\r\n"
    return head + (
        b"$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n"
        b"$5\r\nproto\r\n:%d\r\n$2\r\nid\r\n:%d\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n"
        b"$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n" % (proto, client_id)
    )


# --- queueing and EXEC ----------------------------------------------------------------------
def test_exec_runs_the_queue(raw: RawClient) -> None:
    assert raw.call("MULTI") == OK
    assert raw.call("SET", "a", "1") == QUEUED
    assert raw.call("INCR", "a") == QUEUED
    assert raw.call("GET", "a") == QUEUED
    assert raw.call("GET", "missing") == QUEUED
    assert raw.call("EXEC") == b"*4\r\n+OK\r\n:2\r\n$1\r\n2\r\n$-1\r\n"
    assert raw.call("EXEC") == NO_MULTI


def test_empty_transaction(raw: RawClient) -> None:
    assert raw.call("MULTI") == OK
    assert raw.call("EXEC") == b"*0\r\n"


def test_exec_reply_in_resp3(raw: RawClient) -> None:
    assert raw.call("HELLO", "3").startswith(b"%7\r\n")
    assert raw.call("MULTI") == OK
    assert raw.call("GET", "missing") == QUEUED
    assert raw.call("SET", "k", "v") == QUEUED
    assert raw.call("EXEC") == b"*2\r\n_\r\n+OK\r\n"


def test_runtime_errors_stay_in_place(raw: RawClient) -> None:
    """Errors found while EXEC runs are replies like any other; later commands still run."""
    assert raw.call("MULTI") == OK
    for command in (("SET", "a", "x"), ("INCR", "a"), ("SET", "b", "y"), ("GET", "b")):
        assert raw.call(*command) == QUEUED
    assert raw.call("EXEC") == (
        b"*4\r\n+OK\r\n-ERR value is not an integer or out of range\r\n+OK\r\n$1\r\ny\r\n"
    )


def test_runtime_error_inside_exec_stays_in_place(raw: RawClient) -> None:
    """A command that fails when EXEC runs it does not stop the others (no rollback)."""
    assert raw.call("MULTI") == OK
    for command in (("SET", "b", "y"), ("INCR", "b"), ("APPEND", "b", "!")):
        assert raw.call(*command) == QUEUED
    assert raw.call("EXEC") == (
        b"*3\r\n+OK\r\n-ERR value is not an integer or out of range\r\n:2\r\n"
    )


def test_unknown_command_aborts_the_transaction(raw: RawClient) -> None:
    assert raw.call("MULTI") == OK
    assert raw.call("SET", "c", "1") == QUEUED
    assert raw.call("FOO", "bar") == (
        b"-ERR unknown command 'FOO', with args beginning with: 'bar' \r\n"
    )
    assert raw.call("SET", "d", "1") == QUEUED
    assert raw.call("EXEC") == EXECABORT
    assert raw.call("EXISTS", "c", "d") == b":0\r\n"
    assert raw.call("EXEC") == NO_MULTI


def test_wrong_arity_aborts_the_transaction(raw: RawClient) -> None:
    assert raw.call("MULTI") == OK
    assert raw.call("GET") == b"-ERR wrong number of arguments for 'get' command\r\n"
    assert raw.call("SET", "c", "1") == QUEUED
    assert raw.call("EXEC") == EXECABORT
    assert raw.call("GET", "c") == b"$-1\r\n"


def test_discard(raw: RawClient) -> None:
    assert raw.call("DISCARD") == b"-ERR DISCARD without MULTI\r\n"
    assert raw.call("MULTI") == OK
    assert raw.call("SET", "a", "1") == QUEUED
    assert raw.call("DISCARD") == OK
    assert raw.call("GET", "a") == b"$-1\r\n"
    assert raw.call("EXEC") == NO_MULTI
    assert raw.call("MULTI") == OK
    assert raw.call("FOO") == b"-ERR unknown command 'FOO', with args beginning with: \r\n"
    assert raw.call("DISCARD") == OK  # a poisoned transaction can be discarded
    assert raw.call("MULTI") == OK
    assert raw.call("EXEC") == b"*0\r\n"  # and the next one starts clean


def test_nested_multi_is_an_error_that_keeps_the_queue(raw: RawClient) -> None:
    assert raw.call("MULTI") == OK
    assert raw.call("MULTI") == b"-ERR MULTI calls can not be nested\r\n"
    assert raw.call("SET", "a", "1") == QUEUED
    assert raw.call("EXEC") == b"*1\r\n+OK\r\n"


def test_watch_inside_multi_is_an_error_that_keeps_the_queue(raw: RawClient) -> None:
    assert raw.call("MULTI") == OK
    assert raw.call("WATCH", "x") == b"-ERR WATCH inside MULTI is not allowed\r\n"
    assert raw.call("SET", "b", "2") == QUEUED
    assert raw.call("EXEC") == b"*1\r\n+OK\r\n"


def test_unwatch_is_queued_inside_multi(raw: RawClient) -> None:
    assert raw.call("UNWATCH", "x") == b"-ERR wrong number of arguments for 'unwatch' command\r\n"
    assert raw.call("MULTI") == OK
    assert raw.call("UNWATCH") == QUEUED
    assert raw.call("EXEC") == b"*1\r\n+OK\r\n"


def test_arity_errors_of_never_queued_commands_poison_the_transaction(raw: RawClient) -> None:
    for command in (("MULTI", "x"), ("DISCARD", "x")):
        assert raw.call("MULTI") == OK
        assert raw.call(*command) == (
            b"-ERR wrong number of arguments for '%s' command\r\n" % command[0].lower().encode()
        )
        assert raw.call("EXEC") == EXECABORT


def test_exec_with_wrong_arity_aborts_the_transaction(raw: RawClient) -> None:
    """A gate refusing EXEC itself discards the transaction, with the reason (execCommandAbort)."""
    assert raw.call("MULTI") == OK
    assert raw.call("SET", "a", "1") == QUEUED
    assert raw.call("EXEC", "x") == (
        b"-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' "
        b"command\r\n"
    )
    assert raw.call("EXEC") == NO_MULTI
    assert raw.call("GET", "a") == b"$-1\r\n"


@pytest.mark.needs_own_server("writes to database 1")
def test_select_inside_a_transaction_sticks(raw: RawClient) -> None:
    assert raw.call("MULTI") == OK
    assert raw.call("SELECT", "1") == QUEUED
    assert raw.call("SET", "k", "in-db1") == QUEUED
    assert raw.call("SELECT", "100") == QUEUED
    assert raw.call("EXEC") == b"*3\r\n+OK\r\n+OK\r\n-ERR DB index is out of range\r\n"
    assert raw.call("GET", "k") == b"$6\r\nin-db1\r\n"
    assert raw.call("SELECT", "0") == OK
    assert raw.call("GET", "k") == b"$-1\r\n"


@pytest.mark.assumes_db0_noauth("AUTH without requirepass")
def test_connection_commands_inside_exec(raw: RawClient) -> None:
    assert raw.call("MULTI") == OK
    assert raw.call("AUTH", "a") == QUEUED
    assert raw.call("PING", "a") == QUEUED
    assert raw.call("CLIENT", "KILL", "ID", "999999") == QUEUED
    assert raw.call("EXEC") == (
        b"*3\r\n-ERR AUTH <password> called without any password configured for the default "
        b"user. Are you sure your configuration is correct?\r\n$1\r\na\r\n:0\r\n"
    )


def test_exec_encodes_each_reply_in_the_protocol_current_when_it_ran(raw: RawClient) -> None:
    """HELLO inside MULTI switches the protocol mid-EXEC: Redis writes each reply as it runs, so
    replies before HELLO 3 are RESP2 and replies after it RESP3 (and back after HELLO 2)."""
    assert raw.call("CLIENT", "ID").startswith(b":")
    me = int(raw.call("CLIENT", "ID")[1:-2])
    assert raw.call("MULTI") == OK
    for command in (
        ("GET", "nokey"),
        ("HELLO", "3"),
        ("GET", "nokey"),
        ("HELLO", "2"),
        ("GET", "nokey"),
    ):
        assert raw.call(*command) == QUEUED
    assert raw.call("EXEC") == (
        b"*5\r\n$-1\r\n" + hello(3, me) + b"_\r\n" + hello(2, me) + b"$-1\r\n"
    )


def test_quit_inside_multi_closes(raw: RawClient) -> None:
    assert raw.call("MULTI") == OK
    assert raw.call("SET", "k", "v") == QUEUED
    assert raw.call("QUIT") == OK
    assert raw.is_closed()


# --- WATCH -----------------------------------------------------------------------------------
def test_watch_and_another_client_modifying(target: Target, raw: RawClient) -> None:
    with RawClient(target.host, target.port) as other:
        assert raw.call("SET", "k", "v") == OK
        assert raw.call("WATCH", "k") == OK
        assert other.call("SET", "k", "v") == OK  # same value: still a modification
        assert raw.call("MULTI") == OK
        assert raw.call("SET", "k", "mine") == QUEUED
        assert raw.call("EXEC") == b"*-1\r\n"
        assert raw.call("GET", "k") == b"$1\r\nv\r\n"
        # EXEC unwatched everything: the next transaction is not affected
        assert other.call("SET", "k", "again") == OK
        assert raw.call("MULTI") == OK
        assert raw.call("EXEC") == b"*0\r\n"


def test_watch_abort_is_a_resp3_null(target: Target, raw: RawClient) -> None:
    assert raw.call("HELLO", "3").startswith(b"%7\r\n")
    with RawClient(target.host, target.port) as other:
        assert raw.call("WATCH", "k") == OK
        assert other.call("SET", "k", "1") == OK  # created: a missing watched key counts too
        assert raw.call("MULTI") == OK
        assert raw.call("EXEC") == b"_\r\n"


def test_own_modifications_count_too(raw: RawClient) -> None:
    assert raw.call("WATCH", "k") == OK
    assert raw.call("SET", "k", "v") == OK
    assert raw.call("MULTI") == OK
    assert raw.call("EXEC") == b"*-1\r\n"


def test_unwatch_and_discard_forget_watched_keys(target: Target, raw: RawClient) -> None:
    with RawClient(target.host, target.port) as other:
        assert raw.call("WATCH", "k") == OK
        assert raw.call("UNWATCH") == OK
        assert other.call("SET", "k", "z") == OK
        assert raw.call("MULTI") == OK
        assert raw.call("EXEC") == b"*0\r\n"
        assert raw.call("WATCH", "k") == OK
        assert raw.call("MULTI") == OK
        assert raw.call("DISCARD") == OK
        assert other.call("SET", "k", "w") == OK
        assert raw.call("MULTI") == OK
        assert raw.call("EXEC") == b"*0\r\n"


def test_aborted_transaction_unwatches(target: Target, raw: RawClient) -> None:
    with RawClient(target.host, target.port) as other:
        assert raw.call("WATCH", "k") == OK
        assert raw.call("MULTI") == OK
        assert raw.call("FOO") == b"-ERR unknown command 'FOO', with args beginning with: \r\n"
        assert raw.call("EXEC") == EXECABORT
        assert other.call("SET", "k", "1") == OK
        assert raw.call("MULTI") == OK
        assert raw.call("EXEC") == b"*0\r\n"


# (setup commands, the other client's command and its reply, whether EXEC aborts)
WATCH_CASES = [
    pytest.param([], ("DEL", "k"), b":0\r\n", False, id="del-missing"),
    pytest.param([], ("GET", "k"), b"$-1\r\n", False, id="read"),
    pytest.param(
        [("SET", "k", "v")], ("FLUSHALL",), OK, True, id="flushall-existing",
        marks=pytest.mark.needs_own_server("FLUSHALL"),
    ),
    pytest.param([], ("FLUSHDB",), OK, False, id="flushdb-missing"),
    pytest.param([("SET", "k", "v")], ("EXPIRE", "k", "100"), b":1\r\n", True, id="expire"),
    pytest.param([("SET", "k", "v", "EX", "100")], ("PERSIST", "k"), b":1\r\n", True, id="persist"),
    pytest.param([("SET", "k", "v")], ("PERSIST", "k"), b":0\r\n", False, id="persist-no-ttl"),
    pytest.param([("SET", "k", "v")], ("RENAME", "k", "k2"), OK, True, id="rename-from"),
    pytest.param([("SET", "k2", "v")], ("RENAME", "k2", "k"), OK, True, id="rename-to"),
    pytest.param([("SET", "k", "v")], ("GETSET", "k", "x"), b"$1\r\nv\r\n", True, id="getset"),
    pytest.param([("SET", "k", "1")], ("INCR", "k"), b":2\r\n", True, id="incr"),
    pytest.param([("SET", "k", "1")], ("APPEND", "k", ""), b":1\r\n", True, id="append-empty"),
    pytest.param(
        [("SET", "k", "1")], ("SETRANGE", "k", "0", ""), b":1\r\n", False, id="setrange-empty"
    ),
    pytest.param(
        [("SET", "k", "1")], ("EXPIRE", "k", "-1"), b":1\r\n", True, id="expire-negative-deletes"
    ),
    pytest.param(
        [("SET", "k", "1")], ("SET", "k", "2", "NX"), b"$-1\r\n", False, id="set-nx-fails"
    ),
    pytest.param([], ("MSET", "a", "1", "k", "2"), OK, True, id="mset-among-others"),
    pytest.param([("SET", "k", "1")], ("MSET", "a", "1", "b", "2"), OK, False, id="mset-others"),
]


@pytest.mark.parametrize(("setup", "change", "change_reply", "aborts"), WATCH_CASES)
def test_what_counts_as_a_modification(
    target: Target,
    raw: RawClient,
    setup: list[tuple[str, ...]],
    change: tuple[str, ...],
    change_reply: bytes,
    aborts: bool,
) -> None:
    with RawClient(target.host, target.port) as other:
        for command in setup:
            assert other.call(*command) == OK
        assert raw.call("WATCH", "k") == OK
        assert other.call(*change) == change_reply
        assert raw.call("MULTI") == OK
        assert raw.call("PING") == QUEUED
        assert raw.call("EXEC") == (b"*-1\r\n" if aborts else b"*1\r\n+PONG\r\n")


@pytest.mark.needs_own_server("writes to database 1")
def test_watch_is_per_database(target: Target, raw: RawClient) -> None:
    with RawClient(target.host, target.port) as other:
        assert raw.call("WATCH", "k") == OK
        assert other.call("SELECT", "1") == OK
        assert other.call("SET", "k", "db1") == OK  # same name, another database
        assert raw.call("MULTI") == OK
        assert raw.call("EXEC") == b"*0\r\n"


# --- redis-py --------------------------------------------------------------------------------
@pytest.mark.parametrize("protocol", [2, 3])
def test_redis_py_transaction_pipeline(target: Target, protocol: int) -> None:
    client = target.client(protocol=protocol)
    try:
        pipe = client.pipeline(transaction=True)
        pipe.set("a", 1).incr("a").get("a").get("missing")
        assert pipe.execute() == [True, 2, b"2", None]
        pipe = client.pipeline(transaction=True)
        pipe.set("s", "x").incr("s").set("t", "y")
        results = pipe.execute(raise_on_error=False)
        assert results[0] is True and results[2] is True
        assert isinstance(results[1], redis.ResponseError)
        assert str(results[1]) == "value is not an integer or out of range"
        pipe = client.pipeline(transaction=True)
        pipe.set("u", "1").execute_command("FOO")
        with pytest.raises(redis.ResponseError):
            pipe.execute()
        assert client.exists("u") == 0
    finally:
        client.close()


@pytest.mark.parametrize("protocol", [2, 3])
def test_redis_py_watch_error(target: Target, protocol: int) -> None:
    client = target.client(protocol=protocol)
    other = target.client(protocol=2)
    try:
        client.set("balance", 10)
        with client.pipeline() as pipe:
            pipe.watch("balance")
            current = int(pipe.get("balance"))
            other.set("balance", 99)
            pipe.multi()
            pipe.set("balance", current - 1)
            with pytest.raises(redis.WatchError):
                pipe.execute()
        assert client.get("balance") == b"99"
    finally:
        client.close()
        other.close()


@pytest.mark.parametrize("protocol", [2, 3])
def test_redis_py_transaction_helper_retries_after_a_conflict(
    target: Target, protocol: int
) -> None:
    """``Redis.transaction(func, *keys)`` WATCHes, runs func, and retries on WatchError."""
    client = target.client(protocol=protocol)
    other = target.client(protocol=2)
    attempts: list[int] = []
    try:
        client.set("counter", 1)

        def increment(pipe: redis.client.Pipeline) -> None:
            value = int(pipe.get("counter"))
            if not attempts:
                other.incr("counter")  # interfere once: the first EXEC must fail
            attempts.append(value)
            pipe.multi()
            pipe.set("counter", value * 10)

        assert client.transaction(increment, "counter") == [True]
        assert attempts == [1, 2]
        assert client.get("counter") == b"20"
    finally:
        client.close()
        other.close()
