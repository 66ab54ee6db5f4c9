"""The server group, byte for byte: INFO, CONFIG, DBSIZE, FLUSHDB/FLUSHALL, TIME, LASTSAVE,
SAVE/BGSAVE, SHUTDOWN, DEBUG, FUNCTION FLUSH, MEMORY USAGE (and miniredis's own FLUSH).

Every expected reply is what redis-server 7.0.15 sends. Values that differ between any two
servers (times, memory, run ids) are checked by shape; tests that change server-wide state
(CONFIG SET, SHUTDOWN, BGSAVE, DEBUG) run on a private server of the same kind.
"""

from __future__ import annotations

import re
import shutil
import socket
import time
from typing import TYPE_CHECKING, Any

import hiredis
import pytest

from compat_tests.conftest import TARGETS, redis_required, selected_targets
from compat_tests.rawclient import RawClient

if TYPE_CHECKING:
    from compat_tests.conftest import ServerRegistry, Target

OK = b"+OK\r\n"
SYNTAX = b"-ERR syntax error\r\n"
DEFAULT_SECTIONS = [
    "Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU", "Modules",
    "Errorstats", "Cluster", "Keyspace",
]  # fmt: skip
ALL_SECTIONS = [*DEFAULT_SECTIONS[:8], "Commandstats", "Errorstats", "Latencystats"]
ALL_SECTIONS += ["Cluster", "Keyspace"]
DEBUG_REFUSED = (
    b'-ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you '
    b"can run it from a local connection, otherwise you need to set this option in the "
    b"configuration file, and then restart the server.\r\n"
)


def parse(reply: bytes) -> Any:
    reader = hiredis.Reader()
    reader.feed(reply)
    return reader.gets()


def info_text(raw: RawClient, *sections: str) -> str:
    reply = raw.call("INFO", *sections)
    assert reply.startswith(b"$")
    return parse(reply).decode()


def headers(text: str) -> list[str]:
    return [line[2:] for line in text.split("\r\n") if line.startswith("# ")]


def fields(text: str) -> dict[str, str]:
    return dict(line.split(":", 1) for line in text.split("\r\n") if ":" in line)


# --- INFO ------------------------------------------------------------------------------------
def test_info_sections(raw: RawClient) -> None:
    assert headers(info_text(raw)) == DEFAULT_SECTIONS
    assert headers(info_text(raw, "default")) == DEFAULT_SECTIONS
    assert headers(info_text(raw, "all")) == ALL_SECTIONS
    assert headers(info_text(raw, "EVERYTHING")) == ALL_SECTIONS
    assert headers(info_text(raw, "default", "commandstats")) == [
        *DEFAULT_SECTIONS[:8], "Commandstats", *DEFAULT_SECTIONS[8:],
    ]  # fmt: skip
    assert headers(info_text(raw, "clients", "SERVER", "nosuch")) == ["Server", "Clients"]


@pytest.mark.needs_own_server("expects every database empty")
def test_info_exact_bytes(raw: RawClient) -> None:
    assert raw.call("INFO", "nosuch") == b"$0\r\n\r\n"
    assert raw.call("INFO", "cluster") == b"$30\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n"
    assert raw.call("INFO", "keyspace", "cluster") == (
        b"$44\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n# Keyspace\r\n\r\n"
    )
    assert raw.call("INFO", "modules") == b"$11\r\n# Modules\r\n\r\n"
    assert raw.call("INFO", "x", "y") == b"$0\r\n\r\n"


def test_info_is_verbatim_text_in_resp3(raw: RawClient) -> None:
    raw.call("HELLO", "3")
    assert raw.call("INFO", "cluster") == b"=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n"
    assert raw.call("INFO", "nosuch") == b"=4\r\ntxt:\r\n"


def test_info_server_fields(raw: RawClient, target: Target) -> None:
    server = fields(info_text(raw, "server"))
    assert server["redis_version"] == "7.0.15"
    assert server["redis_mode"] == "standalone"
    assert server["arch_bits"] == "64"
    assert server["tcp_port"] == str(target.port)
    assert re.fullmatch(r"[0-9a-f]{40}", server["run_id"])
    assert int(server["process_id"]) > 0
    assert abs(int(server["server_time_usec"]) / 1e6 - time.time()) < 5
    assert server["config_file"] == ""
    assert int(server["uptime_in_seconds"]) >= 0


@pytest.mark.needs_own_server("expects the default config")
def test_info_clients_memory_and_cluster_fields(raw: RawClient) -> None:
    text = fields(info_text(raw))
    assert int(text["connected_clients"]) >= 1
    assert text["maxclients"] == "10000"
    assert int(text["used_memory"]) > 0
    assert re.fullmatch(r"\d+(\.\d\d[KMGTP])?B?", text["used_memory_human"])
    assert text["maxmemory"] == "0"
    assert text["role"] == "master"
    assert text["cluster_enabled"] == "0"
    assert text["aof_enabled"] == "0"


@pytest.mark.needs_own_server("FLUSHALL")
def test_info_keyspace_lines(raw: RawClient) -> None:
    raw.call("SET", "a", "1")
    raw.call("SET", "b", "2", "EX", "100")
    raw.call("SELECT", "3")
    raw.call("SET", "c", "3")
    text = info_text(raw, "keyspace")
    lines = text.split("\r\n")
    assert lines[0] == "# Keyspace"
    assert re.fullmatch(r"db0:keys=2,expires=1,avg_ttl=\d+", lines[1])
    assert lines[2:] == ["db3:keys=1,expires=0,avg_ttl=0", ""]
    raw.call("FLUSHALL")


@pytest.mark.needs_own_server("CONFIG RESETSTAT and exact server-wide counters")
def test_resetstat_then_commandstats_and_errorstats(raw: RawClient) -> None:
    assert raw.call("CONFIG", "RESETSTAT") == OK
    raw.call("SET", "a", "b")
    raw.call("SET", "a", "b")
    raw.call("GET")  # rejected: wrong arity
    raw.call("INCR", "a")  # failed: not an integer
    stats = {}
    for name, value in fields(info_text(raw, "commandstats")).items():
        stats[name] = dict(item.split("=") for item in value.split(","))
    assert set(stats) == {"cmdstat_set", "cmdstat_get", "cmdstat_incr", "cmdstat_config|resetstat"}
    assert (stats["cmdstat_set"]["calls"], stats["cmdstat_set"]["failed_calls"]) == ("2", "0")
    assert (stats["cmdstat_get"]["calls"], stats["cmdstat_get"]["rejected_calls"]) == ("0", "1")
    assert (stats["cmdstat_incr"]["calls"], stats["cmdstat_incr"]["failed_calls"]) == ("1", "1")
    assert re.fullmatch(r"\d+\.\d\d", stats["cmdstat_set"]["usec_per_call"])
    assert raw.call("INFO", "errorstats") == b"$37\r\n# Errorstats\r\nerrorstat_ERR:count=2\r\n\r\n"
    counters = fields(info_text(raw, "stats"))
    assert counters["total_commands_processed"] == "6"
    assert counters["total_error_replies"] == "2"


def test_info_field_names_match_redis(
    request: pytest.FixtureRequest, compat_servers: ServerRegistry
) -> None:
    """Every INFO EVERYTHING field name, in order, as redis-server 7.0 prints it."""
    if set(selected_targets(request.config)) != set(TARGETS):
        pytest.skip("comparing field names needs both targets")
    if shutil.which("redis-server") is None and not redis_required():
        pytest.skip("redis-server not found on PATH")
    names = {}
    skip = re.compile(r"(cmdstat_|errorstat_|latency_percentiles_|db\d+)")
    for kind in TARGETS:
        with RawClient("127.0.0.1", compat_servers.get(kind).port) as conn:
            text = parse(conn.call("INFO", "everything")).decode()
        names[kind] = [n for n in fields(text) if not skip.match(n)]
    assert names["miniredis"] == names["redis"]


# --- CONFIG ----------------------------------------------------------------------------------
@pytest.mark.needs_own_server("expects the default config")
def test_config_get_several_patterns(raw: RawClient, target: Target) -> None:
    reply = parse(raw.call("CONFIG", "GET", "maxclients", "port", "port"))
    assert dict(zip(reply[::2], reply[1::2], strict=True)) == {
        b"maxclients": b"10000", b"port": str(target.port).encode(),
    }  # fmt: skip
    assert raw.call("CONFIG", "GET", "nosuch") == b"*0\r\n"
    raw.call("HELLO", "3")
    assert raw.call("CONFIG", "GET", "maxclients", "port").startswith(b"%2\r\n")
    assert raw.call("CONFIG", "GET", "nosuch") == b"%0\r\n"


@pytest.mark.parametrize(
    ("args", "reply"),
    [
        (("CONFIG",), b"-ERR wrong number of arguments for 'config' command\r\n"),
        (("CONFIG", "GET"), b"-ERR wrong number of arguments for 'config|get' command\r\n"),
        (("CONFIG", "SET", "x"), b"-ERR wrong number of arguments for 'config|set' command\r\n"),
        (("CONFIG", "SET", "maxclients", "10", "port"), SYNTAX),
        (
            ("CONFIG", "RESETSTAT", "x"),
            b"-ERR wrong number of arguments for 'config|resetstat' command\r\n",
        ),
        (("CONFIG", "REWRITE"), b"-ERR The server is running without a config file\r\n"),
        (("CONFIG", "nosuch"), b"-ERR unknown subcommand 'nosuch'. Try CONFIG HELP.\r\n"),
    ],
)
def test_config_errors(raw: RawClient, args: tuple[str, ...], reply: bytes) -> None:
    assert raw.call(*args) == reply


def test_config_help(raw: RawClient) -> None:
    assert raw.call("CONFIG", "HELP") == (
        b"*11\r\n+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
        b"+GET <pattern>\r\n"
        b"+    Return parameters matching the glob-like <pattern> and their values.\r\n"
        b"+SET <directive> <value>\r\n+    Set the configuration <directive> to <value>.\r\n"
        b"+RESETSTAT\r\n+    Reset statistics reported by the INFO command.\r\n"
        b"+REWRITE\r\n+    Rewrite the configuration file.\r\n+HELP\r\n+    Prints this help.\r\n"
    )


@pytest.mark.needs_own_server("CONFIG SET")
def test_config_set_is_all_or_nothing(target: Target) -> None:
    private = target.start_server()
    with RawClient(private.host, private.port) as raw:
        assert raw.call("CONFIG", "SET", "timeout", "7", "maxclients", "abc") == (
            b"-ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument "
            b"couldn't be parsed into an integer\r\n"
        )
        assert raw.call("CONFIG", "GET", "timeout") == b"*2\r\n$7\r\ntimeout\r\n$1\r\n0\r\n"
        assert raw.call("CONFIG", "SET", "timeout", "7", "nosuch", "1") == (
            b"-ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'\r\n"
        )
        assert raw.call("CONFIG", "SET", "timeout", "7", "TIMEOUT", "8") == (
            b"-ERR CONFIG SET failed (possibly related to argument 'TIMEOUT') - duplicate "
            b"parameter\r\n"
        )
        assert raw.call("CONFIG", "SET", "timeout", "7", "maxclients", "100") == OK
        assert parse(raw.call("CONFIG", "GET", "timeout")) == [b"timeout", b"7"]
        assert parse(raw.call("CONFIG", "GET", "maxclients")) == [b"maxclients", b"100"]


# --- databases -------------------------------------------------------------------------------
@pytest.mark.needs_own_server("FLUSHALL")
def test_dbsize_flushdb_flushall(raw: RawClient) -> None:
    assert raw.call("DBSIZE") == b":0\r\n"
    raw.call("MSET", "a", "1", "b", "2")
    raw.call("SELECT", "1")
    raw.call("SET", "c", "3")
    assert raw.call("DBSIZE") == b":1\r\n"
    raw.call("SELECT", "0")
    assert raw.call("DBSIZE") == b":2\r\n"
    assert raw.call("FLUSHDB") == OK
    assert raw.call("DBSIZE") == b":0\r\n"
    raw.call("SELECT", "1")
    assert raw.call("DBSIZE") == b":1\r\n"
    assert raw.call("FLUSHALL", "sync") == OK
    assert raw.call("DBSIZE") == b":0\r\n"
    assert raw.call("FLUSHDB", "ASYNC") == OK
    assert raw.call("FLUSHALL", "Async") == OK


@pytest.mark.parametrize("command", ["FLUSHDB", "FLUSHALL"])
@pytest.mark.parametrize("args", [("x",), ("ASYNC", "SYNC"), ("SYNC", "SYNC")])
def test_flush_syntax_errors(raw: RawClient, command: str, args: tuple[str, ...]) -> None:
    raw.call("SET", "k", "v")
    assert raw.call(command, *args) == SYNTAX
    assert raw.call("DBSIZE") == b":1\r\n"


def test_dbsize_arity(raw: RawClient) -> None:
    assert raw.call("DBSIZE", "x") == b"-ERR wrong number of arguments for 'dbsize' command\r\n"


@pytest.mark.needs_own_server("writes to other databases")
def test_flush_counts_removed_keys(raw: RawClient, target: Target) -> None:
    """FLUSH is the original design's command: miniredis only."""
    if target.name != "miniredis":
        pytest.skip("FLUSH is a miniredis extension")
    raw.call("MSET", "a", "1", "b", "2")
    raw.call("SELECT", "1")
    raw.call("SET", "c", "3")
    raw.call("SELECT", "0")
    assert raw.call("FLUSH") == b":2\r\n"
    assert raw.call("FLUSH") == b":0\r\n"
    raw.call("SELECT", "1")
    assert raw.call("DBSIZE") == b":1\r\n"


# --- time and persistence --------------------------------------------------------------------
def test_time(raw: RawClient) -> None:
    reply = raw.call("TIME")
    match = re.fullmatch(rb"\*2\r\n\$\d+\r\n(\d+)\r\n\$\d+\r\n(\d+)\r\n", reply)
    assert match is not None
    assert abs(int(match[1]) - time.time()) < 5 and 0 <= int(match[2]) < 1_000_000
    assert raw.call("TIME", "x") == b"-ERR wrong number of arguments for 'time' command\r\n"


@pytest.mark.needs_own_server("SAVE writes the server's dump file")
def test_lastsave_and_save(raw: RawClient) -> None:
    before = int(parse(raw.call("LASTSAVE")))
    assert before <= time.time() + 1
    assert raw.call("SAVE") == OK
    assert before <= int(parse(raw.call("LASTSAVE"))) <= time.time() + 1
    assert raw.call("SAVE", "x") == b"-ERR wrong number of arguments for 'save' command\r\n"


@pytest.mark.needs_own_server("BGSAVE")
def test_bgsave(target: Target) -> None:
    private = target.start_server()
    with RawClient(private.host, private.port) as raw:
        assert raw.call("BGSAVE", "x") == SYNTAX
        assert raw.call("BGSAVE", "SCHEDULE", "x") == SYNTAX
        assert raw.call("BGSAVE") == b"+Background saving started\r\n"


def test_save_and_shutdown_refused_in_multi(raw: RawClient) -> None:
    assert raw.call("MULTI") == OK
    assert raw.call("SHUTDOWN") == b"-ERR Command not allowed inside a transaction\r\n"
    assert raw.call("SAVE") == b"-ERR Command not allowed inside a transaction\r\n"
    assert raw.call("EXEC") == (b"-EXECABORT Transaction discarded because of previous errors.\r\n")


# --- SHUTDOWN --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "reply"),
    [
        (("x",), SYNTAX),
        (("NOSAVE", "SAVE"), SYNTAX),
        (("abort", "now"), SYNTAX),
        (("NOW", "NOW", "x"), SYNTAX),
        (("ABORT",), b"-ERR No shutdown in progress.\r\n"),
    ],
)
@pytest.mark.needs_own_server("SHUTDOWN")
def test_shutdown_errors_keep_the_server_up(
    raw: RawClient, args: tuple[str, ...], reply: bytes
) -> None:
    assert raw.call("SHUTDOWN", *args) == reply
    assert raw.call("PING") == b"+PONG\r\n"


@pytest.mark.needs_own_server("SHUTDOWN")
@pytest.mark.parametrize("args", [("NOSAVE",), ("now", "force")])
def test_shutdown_closes_without_reply(target: Target, args: tuple[str, ...]) -> None:
    private = target.start_server()
    with RawClient(private.host, private.port) as raw:
        assert raw.call("PING") == b"+PONG\r\n"
        raw.send_command("SHUTDOWN", *args)
        assert raw.read_until_closed() == b""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            socket.create_connection((private.host, private.port), timeout=0.5).close()
        except OSError:
            return  # nobody listens any more: the server has exited
        time.sleep(0.05)
    pytest.fail("the server still accepts connections after SHUTDOWN")


# --- DEBUG -----------------------------------------------------------------------------------
def test_debug_is_refused_by_default(raw: RawClient) -> None:
    assert raw.call("DEBUG", "SLEEP", "0") == DEBUG_REFUSED
    assert raw.call("DEBUG") == b"-ERR wrong number of arguments for 'debug' command\r\n"


@pytest.mark.needs_own_server("enable-debug-command")
def test_debug_when_enabled(target: Target) -> None:
    private = target.start_server(enable_debug_command="yes")
    with RawClient(private.host, private.port) as raw:
        assert raw.call("DEBUG", "SLEEP", "0") == OK
        assert raw.call("DEBUG", "sleep", "abc") == OK  # strtod: not a number sleeps 0
        assert raw.call("DEBUG", "SLEEP", "-1") == OK
        assert raw.call("DEBUG", "sleep") == (
            b"-ERR unknown subcommand or wrong number of arguments for 'sleep'. Try DEBUG HELP.\r\n"
        )
        assert raw.call("DEBUG", "JMAP") == (
            b"-ERR unknown subcommand or wrong number of arguments for 'JMAP'. Try DEBUG HELP.\r\n"
        )
        assert raw.call("DEBUG", "OBJECT", "nosuch") == b"-ERR no such key\r\n"
        raw.call("SET", "k", "v")
        assert re.fullmatch(
            rb"\+Value at:0x[0-9a-f]+ refcount:\d+ encoding:embstr serializedlength:\d+ "
            rb"lru:\d+ lru_seconds_idle:\d+\r\n",
            raw.call("DEBUG", "OBJECT", "k"),
        )


@pytest.mark.needs_own_server("enable-debug-command")
def test_debug_sleep_blocks_every_client(target: Target) -> None:
    private = target.start_server(enable_debug_command="yes")
    with RawClient(private.host, private.port) as a, RawClient(private.host, private.port) as b:
        assert b.call("PING") == b"+PONG\r\n"
        a.send_command("DEBUG", "SLEEP", "0.4")
        time.sleep(0.05)
        start = time.monotonic()
        assert b.call("PING") == b"+PONG\r\n"
        assert time.monotonic() - start > 0.25
        assert a.read_reply() == OK


# --- FUNCTION FLUSH, MEMORY USAGE ------------------------------------------------------------
@pytest.mark.needs_own_server("FUNCTION FLUSH deletes the server's functions")
def test_function_flush(raw: RawClient) -> None:
    assert raw.call("FUNCTION", "FLUSH") == OK
    assert raw.call("FUNCTION", "FLUSH", "async") == OK
    assert raw.call("FUNCTION", "FLUSH", "SYNC") == OK
    assert raw.call("FUNCTION", "FLUSH", "x") == (
        b"-ERR FUNCTION FLUSH only supports SYNC|ASYNC option\r\n"
    )
    assert raw.call("FUNCTION", "flush", "a", "b") == (
        b"-ERR unknown subcommand or wrong number of arguments for 'flush'. Try FUNCTION HELP.\r\n"
    )
    assert raw.call("FUNCTION") == b"-ERR wrong number of arguments for 'function' command\r\n"


def test_memory_usage(raw: RawClient) -> None:
    raw.call("SET", "k", "v")
    assert re.fullmatch(rb":\d+\r\n", raw.call("MEMORY", "USAGE", "k"))
    assert re.fullmatch(rb":\d+\r\n", raw.call("MEMORY", "usage", "k", "SAMPLES", "0"))
    assert raw.call("MEMORY", "USAGE", "nosuch") == b"$-1\r\n"
    assert raw.call("MEMORY", "USAGE", "k", "SAMPLES", "-1") == SYNTAX
    assert raw.call("MEMORY", "USAGE", "k", "SAMPLES") == SYNTAX
    assert raw.call("MEMORY", "USAGE", "k", "x") == SYNTAX
    assert raw.call("MEMORY", "USAGE", "k", "SAMPLES", "x") == (
        b"-ERR value is not an integer or out of range\r\n"
    )
    assert raw.call("MEMORY", "USAGE") == (
        b"-ERR wrong number of arguments for 'memory|usage' command\r\n"
    )
    assert raw.call("MEMORY", "nosuch") == b"-ERR unknown subcommand 'nosuch'. Try MEMORY HELP.\r\n"
    raw.call("HELLO", "3")
    assert raw.call("MEMORY", "USAGE", "nosuch") == b"_\r\n"
