"""Server commands through the real dispatcher, without sockets (``run`` fixture).

What needs no real Redis to check lives here: how the commands follow the injected clock
(TIME, avg_ttl, expired keys), what they do to server state (SHUTDOWN, RESETSTAT, LASTSAVE,
the DEBUG gate) and the shapes of COMMAND's generated replies. Byte-for-byte agreement with
redis-server is in ``compat_tests/test_server.py`` and ``compat_tests/test_command.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from miniredis.commands.introspection import key_spec_ranges, keys_with_flags
from miniredis.commands.table import CommandSpec
from miniredis.keyspace.clock import ManualClock
from miniredis.protocol.encoder import encode
from miniredis.protocol.replies import NO_REPLY
from miniredis.server import Server
from miniredis.session import Session

Run = Callable[..., bytes]
OK = b"+OK\r\n"


def info_fields(run: Run, *sections: str) -> dict[str, str]:
    reply = run("INFO", *sections)
    body = reply.split(b"\r\n", 1)[1][:-2].decode()
    return dict(line.split(":", 1) for line in body.split("\r\n") if ":" in line)


def test_time_follows_the_injected_clock(run: Run, clock: ManualClock) -> None:
    clock.set(1_700_000_000_000)
    assert run("TIME") == b"*2\r\n$10\r\n1700000000\r\n$1\r\n0\r\n"
    clock.advance(1_500)
    assert run("TIME") == b"*2\r\n$10\r\n1700000001\r\n$6\r\n500000\r\n"


def test_keyspace_line_and_avg_ttl(run: Run, session: Session, clock: ManualClock) -> None:
    assert info_fields(run, "keyspace") == {}
    session.db.set(b"a", b"1")
    session.db.set(b"b", b"2", deadline_ms=clock.now_ms + 10_000)
    session.db.set(b"c", b"3", deadline_ms=clock.now_ms + 30_000)
    assert info_fields(run, "keyspace") == {"db0": "keys=3,expires=2,avg_ttl=20000"}
    clock.advance(5_000)
    assert info_fields(run, "keyspace") == {"db0": "keys=3,expires=2,avg_ttl=15000"}


def test_expired_keys_are_counted_and_reset(run: Run, session: Session, clock: ManualClock) -> None:
    session.db.set(b"k", b"v", deadline_ms=clock.now_ms + 100)
    clock.advance(100)
    assert run("DBSIZE") == b":1\r\n"  # expired but not yet removed: Redis counts it too
    assert run("GET", "k") == b"$-1\r\n"
    assert run("DBSIZE") == b":0\r\n"
    assert info_fields(run, "stats")["expired_keys"] == "1"
    assert run("CONFIG", "RESETSTAT") == OK
    assert info_fields(run, "stats")["expired_keys"] == "0"


def test_commandstats_count_calls_rejections_and_failures(run: Run) -> None:
    run("CONFIG", "RESETSTAT")
    run("SET", "k", "v")
    run("GET")
    run("GET", "k", "extra")
    stats = info_fields(run, "commandstats")
    assert re.fullmatch(
        r"calls=1,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=0",
        stats["cmdstat_set"],
    )
    assert (
        stats["cmdstat_get"] == "calls=0,usec=0,usec_per_call=0.00,rejected_calls=2,failed_calls=0"
    )
    assert info_fields(run, "errorstats") == {"errorstat_ERR": "count=2"}


def test_info_default_has_no_commandstats(run: Run) -> None:
    run("PING")
    text = run("INFO").decode()
    assert "# Commandstats" not in text and "# Keyspace" in text
    assert "cmdstat_ping" in run("INFO", "everything").decode()


def test_info_in_resp3_is_verbatim(run: Run, session: Session) -> None:
    session.protocol = 3
    assert run("INFO", "cluster") == b"=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n"


def test_flush_is_the_original_design_command(run: Run) -> None:
    run("SET", "a", "1")
    run("SET", "b", "2")
    assert run("FLUSH") == b":2\r\n"
    assert run("FLUSH") == b":0\r\n"
    assert run("FLUSH", "x") == b"-ERR wrong number of arguments for 'flush' command\r\n"


def test_lastsave_moves_on_save_and_bgsave(run: Run, server: Server) -> None:
    assert run("LASTSAVE") == b":%d\r\n" % int(server.started_at)
    assert run("SAVE") == OK
    assert run("BGSAVE") == b"+Background saving started\r\n"
    assert info_fields(run, "persistence")["rdb_saves"] == "2"


def test_shutdown_sends_nothing_and_stops_the_server(
    run: Run, session: Session, server: Server
) -> None:
    assert run("SHUTDOWN", "NOSAVE") == b""
    assert session.close_after_reply
    assert server.shutdown_requested.is_set()
    assert encode(NO_REPLY, 3) == b""


def test_shutdown_syntax_errors_do_not_stop(run: Run, server: Server) -> None:
    assert run("SHUTDOWN", "SAVE", "NOSAVE") == b"-ERR syntax error\r\n"
    assert run("SHUTDOWN", "ABORT") == b"-ERR No shutdown in progress.\r\n"
    assert not server.shutdown_requested.is_set()


def test_debug_gate(run: Run, server: Server, session: Session) -> None:
    assert run("DEBUG", "SLEEP", "0").startswith(b"-ERR DEBUG command not allowed.")
    server.config.enable_debug_command = "local"
    assert run("DEBUG", "SLEEP", "0") == OK
    session.addr = "10.1.2.3:4000"
    assert run("DEBUG", "SLEEP", "0").startswith(b"-ERR DEBUG command not allowed.")
    server.config.enable_debug_command = "yes"
    assert run("DEBUG", "SLEEP", "0") == OK
    assert run("DEBUG", "OBJECT", "nosuch") == b"-ERR no such key\r\n"
    run("SET", "n", "12345")
    assert b" encoding:int " in run("DEBUG", "OBJECT", "n")
    assert run("DEBUG", "HELP").startswith(b"*7\r\n+DEBUG <subcommand>")


def test_memory_usage_sees_keys_that_expired_but_remain(
    run: Run, session: Session, clock: ManualClock
) -> None:
    session.db.set(b"k", b"value", deadline_ms=clock.now_ms + 1)
    clock.advance(10)
    assert re.fullmatch(rb":\d+\r\n", run("MEMORY", "USAGE", "k"))
    assert run("MEMORY", "USAGE", "nosuch") == b"$-1\r\n"


def test_command_docs_shapes_per_protocol(run: Run, session: Session) -> None:
    assert run("COMMAND", "DOCS", "nosuch") == b"*0\r\n"
    assert run("COMMAND", "DOCS", "dbsize").startswith(b"*2\r\n$6\r\ndbsize\r\n*8\r\n")
    session.protocol = 3
    assert run("COMMAND", "DOCS", "dbsize").startswith(b"%1\r\n$6\r\ndbsize\r\n%4\r\n")
    assert run("COMMAND", "INFO", "nosuch") == b"*1\r\n_\r\n"


def test_bare_command_runs_and_subcommands_still_dispatch(run: Run) -> None:
    assert run("COMMAND").startswith(b"*")
    assert run("command", "count").startswith(b":")
    assert run("COMMAND", "nope") == b"-ERR unknown subcommand 'nope'. Try COMMAND HELP.\r\n"


def _spec(keys: tuple[int, int, int], key_specs: tuple[str, ...]) -> CommandSpec:
    return CommandSpec(
        name="x", handler=None, arity=-2, flags=("write",), first_key=keys[0],
        last_key=keys[1], step=keys[2], group="generic", since="1.0.0", summary="x",
        key_specs=key_specs,
    )  # fmt: skip


def test_key_specs_split_the_legacy_range() -> None:
    rename = _spec((1, 2, 1), ("RW access delete", "OW update"))
    assert key_spec_ranges(rename) == [(1, 0, 1), (2, 0, 1)]
    assert keys_with_flags(rename, [b"rename", b"a", b"b"]) == [
        (b"a", "RW access delete"),
        (b"b", "OW update"),
    ]
    store = _spec((1, -1, 1), ("OW update", "RO access"))  # SDIFFSTORE dest k1 k2 ...
    assert key_spec_ranges(store) == [(1, 0, 1), (2, -1, 1)]
    assert [f for _, f in keys_with_flags(store, [b"x", b"d", b"k1", b"k2"])] == [
        "OW update",
        "RO access",
        "RO access",
    ]
    assert key_spec_ranges(_spec((1, -1, 2), ("OW update",))) == [(1, -1, 2)]
    assert key_spec_ranges(_spec((1, 2, 1), ("RO access",))) == [(1, 1, 1)]  # LCS
    assert key_spec_ranges(_spec((1, -2, 1), ("RW access delete",))) == [(1, -2, 1)]  # BLPOP
