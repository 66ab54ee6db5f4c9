"""The configuration: Redis's directive table, CONFIG GET / CONFIG SET, and redis.conf.

Every expected string here was read from redis-server 7.0.15 (Debian's package): ``CONFIG GET
*`` of a server started with ``--port 6379 --logfile "" --dir <tmp>``, the replies to each
``CONFIG SET`` below, and the ``*** FATAL CONFIG FILE ERROR ***`` texts of bad config lines.
No socket is opened: ``Config`` is exercised directly.
"""

# The expected replies are Redis's own texts, kept whole on one line each.
# ruff: noqa: E501
from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from miniredis.config import Config, ConfigValueError, parse_command_line
from miniredis.config_directives import BY_NAME, DIRECTIVES
from miniredis.errors import CommandError, ConfigError

# CONFIG GET * of redis-server 7.0.15 with its defaults (``dir`` aside: it is the cwd).
REDIS_DEFAULTS = {
    "acl-pubsub-default": "resetchannels",
    "aclfile": "",
    "acllog-max-len": "128",
    "active-defrag-cycle-max": "25",
    "active-defrag-cycle-min": "1",
    "active-defrag-ignore-bytes": "104857600",
    "active-defrag-max-scan-fields": "1000",
    "active-defrag-threshold-lower": "10",
    "active-defrag-threshold-upper": "100",
    "active-expire-effort": "1",
    "activedefrag": "no",
    "activerehashing": "yes",
    "always-show-logo": "no",
    "aof-disable-auto-gc": "no",
    "aof-load-truncated": "yes",
    "aof-rewrite-incremental-fsync": "yes",
    "aof-timestamp-enabled": "no",
    "aof-use-rdb-preamble": "yes",
    "aof_rewrite_cpulist": "",
    "appenddirname": "appendonlydir",
    "appendfilename": "appendonly.aof",
    "appendfsync": "everysec",
    "appendonly": "no",
    "auto-aof-rewrite-min-size": "67108864",
    "auto-aof-rewrite-percentage": "100",
    "bgsave_cpulist": "",
    "bind": "* -::*",
    "bind-source-addr": "",
    "bio_cpulist": "",
    "busy-reply-threshold": "5000",
    "client-output-buffer-limit": "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
    "client-query-buffer-limit": "1073741824",
    "cluster-allow-pubsubshard-when-down": "yes",
    "cluster-allow-reads-when-down": "no",
    "cluster-allow-replica-migration": "yes",
    "cluster-announce-bus-port": "0",
    "cluster-announce-hostname": "",
    "cluster-announce-ip": "",
    "cluster-announce-port": "0",
    "cluster-announce-tls-port": "0",
    "cluster-config-file": "nodes.conf",
    "cluster-enabled": "no",
    "cluster-link-sendbuf-limit": "0",
    "cluster-migration-barrier": "1",
    "cluster-node-timeout": "15000",
    "cluster-port": "0",
    "cluster-preferred-endpoint-type": "ip",
    "cluster-replica-no-failover": "no",
    "cluster-replica-validity-factor": "10",
    "cluster-require-full-coverage": "yes",
    "cluster-slave-no-failover": "no",
    "cluster-slave-validity-factor": "10",
    "crash-log-enabled": "yes",
    "crash-memcheck-enabled": "yes",
    "daemonize": "no",
    "databases": "16",
    "dbfilename": "dump.rdb",
    "disable-thp": "yes",
    "dynamic-hz": "yes",
    "enable-debug-command": "no",
    "enable-module-command": "no",
    "enable-protected-configs": "no",
    "hash-max-listpack-entries": "512",
    "hash-max-listpack-value": "64",
    "hash-max-ziplist-entries": "512",
    "hash-max-ziplist-value": "64",
    "hll-sparse-max-bytes": "3000",
    "hz": "10",
    "ignore-warnings": "",
    "io-threads": "1",
    "io-threads-do-reads": "no",
    "jemalloc-bg-thread": "yes",
    "latency-monitor-threshold": "0",
    "latency-tracking": "yes",
    "latency-tracking-info-percentiles": "50 99 99.9",
    "lazyfree-lazy-eviction": "no",
    "lazyfree-lazy-expire": "no",
    "lazyfree-lazy-server-del": "no",
    "lazyfree-lazy-user-del": "no",
    "lazyfree-lazy-user-flush": "no",
    "lfu-decay-time": "1",
    "lfu-log-factor": "10",
    "list-compress-depth": "0",
    "list-max-listpack-size": "-2",
    "list-max-ziplist-size": "-2",
    "logfile": "",
    "loglevel": "notice",
    "lua-time-limit": "5000",
    "masterauth": "",
    "masteruser": "",
    "maxclients": "10000",
    "maxmemory": "0",
    "maxmemory-clients": "0",
    "maxmemory-eviction-tenacity": "10",
    "maxmemory-policy": "noeviction",
    "maxmemory-samples": "5",
    "min-replicas-max-lag": "10",
    "min-replicas-to-write": "0",
    "min-slaves-max-lag": "10",
    "min-slaves-to-write": "0",
    "no-appendfsync-on-rewrite": "no",
    "notify-keyspace-events": "",
    "oom-score-adj": "no",
    "oom-score-adj-values": "0 200 800",
    "pidfile": "",
    "port": "6379",
    "proc-title-template": "{title} {listen-addr} {server-mode}",
    "propagation-error-behavior": "ignore",
    "protected-mode": "yes",
    "proto-max-bulk-len": "536870912",
    "rdb-del-sync-files": "no",
    "rdb-save-incremental-fsync": "yes",
    "rdbchecksum": "yes",
    "rdbcompression": "yes",
    "repl-backlog-size": "1048576",
    "repl-backlog-ttl": "3600",
    "repl-disable-tcp-nodelay": "no",
    "repl-diskless-load": "disabled",
    "repl-diskless-sync": "yes",
    "repl-diskless-sync-delay": "5",
    "repl-diskless-sync-max-replicas": "0",
    "repl-ping-replica-period": "10",
    "repl-ping-slave-period": "10",
    "repl-timeout": "60",
    "replica-announce-ip": "",
    "replica-announce-port": "0",
    "replica-announced": "yes",
    "replica-ignore-disk-write-errors": "no",
    "replica-ignore-maxmemory": "yes",
    "replica-lazy-flush": "no",
    "replica-priority": "100",
    "replica-read-only": "yes",
    "replica-serve-stale-data": "yes",
    "replicaof": "",
    "requirepass": "",
    "sanitize-dump-payload": "no",
    "save": "3600 1 300 100 60 10000",
    "server_cpulist": "",
    "set-max-intset-entries": "512",
    "set-proc-title": "yes",
    "shutdown-on-sigint": "default",
    "shutdown-on-sigterm": "default",
    "shutdown-timeout": "10",
    "slave-announce-ip": "",
    "slave-announce-port": "0",
    "slave-ignore-maxmemory": "yes",
    "slave-lazy-flush": "no",
    "slave-priority": "100",
    "slave-read-only": "yes",
    "slave-serve-stale-data": "yes",
    "slaveof": "",
    "slowlog-log-slower-than": "10000",
    "slowlog-max-len": "128",
    "socket-mark-id": "0",
    "stop-writes-on-bgsave-error": "yes",
    "stream-node-max-bytes": "4096",
    "stream-node-max-entries": "100",
    "supervised": "no",
    "syslog-enabled": "no",
    "syslog-facility": "local0",
    "syslog-ident": "redis",
    "tcp-backlog": "511",
    "tcp-keepalive": "300",
    "timeout": "0",
    "tls-auth-clients": "yes",
    "tls-ca-cert-dir": "",
    "tls-ca-cert-file": "",
    "tls-cert-file": "",
    "tls-ciphers": "",
    "tls-ciphersuites": "",
    "tls-client-cert-file": "",
    "tls-client-key-file": "",
    "tls-client-key-file-pass": "",
    "tls-cluster": "no",
    "tls-dh-params-file": "",
    "tls-key-file": "",
    "tls-key-file-pass": "",
    "tls-port": "0",
    "tls-prefer-server-ciphers": "no",
    "tls-protocols": "",
    "tls-replication": "no",
    "tls-session-cache-size": "20480",
    "tls-session-cache-timeout": "300",
    "tls-session-caching": "yes",
    "tracking-table-max-keys": "1000000",
    "unixsocket": "",
    "unixsocketperm": "0",
    "zset-max-listpack-entries": "128",
    "zset-max-listpack-value": "64",
    "zset-max-ziplist-entries": "128",
    "zset-max-ziplist-value": "64",
}


def test_defaults_are_redis_defaults() -> None:
    """Every directive of redis-server 7.0.15, no more, no fewer, each with Redis's default."""
    rendered = {name.decode(): value.decode() for name, value in Config().get(b"*").items()}
    assert rendered.pop("dir") == os.path.realpath(os.getcwd())
    assert rendered == REDIS_DEFAULTS


def test_typed_attributes() -> None:
    cfg = Config()
    assert (cfg.port, cfg.bind, cfg.maxclients, cfg.databases) == (6379, ["*", "-::*"], 10000, 16)
    assert (cfg.hz, cfg.timeout, cfg.tcp_backlog, cfg.tcp_keepalive) == (10, 0, 511, 300)
    assert cfg.proto_max_bulk_len == 512 * 1024 * 1024
    assert cfg.client_query_buffer_limit == 1024 * 1024 * 1024
    assert (cfg.requirepass, cfg.unixsocket, cfg.unixsocketperm) == ("", "", 0)
    assert cfg.save == [(3600, 1), (300, 100), (60, 10000)]
    assert (cfg.appendonly, cfg.daemonize, cfg.protected_mode) == (False, False, True)
    assert (cfg.loglevel, cfg.maxmemory_policy, cfg.appendfsync) == (
        "notice",
        "noeviction",
        "everysec",
    )
    assert cfg.client_output_buffer_limit["pubsub"] == (32 * 1024 * 1024, 8 * 1024 * 1024, 60)
    assert cfg.shutdown_on_sigterm == ()
    assert cfg.replicaof is None  # type: ignore[attr-defined]  # stored-only directives too


def test_constructor_overrides() -> None:
    cfg = Config(port=0, save=[], bind=["127.0.0.1"])
    assert cfg.get(b"port", b"save", b"bind") == {
        b"port": b"0",
        b"save": b"",
        b"bind": b"127.0.0.1",
    }
    with pytest.raises(TypeError):
        Config(no_such_directive=1)


def test_instances_do_not_share_mutable_defaults() -> None:
    one, two = Config(), Config()
    one.bind.append("10.0.0.1")
    one.save.clear()
    assert two.bind == ["*", "-::*"] and len(two.save) == 3


# --- the table --------------------------------------------------------------------------


def test_table_names_are_unique_and_lower_case() -> None:
    names = [d.name for d in DIRECTIVES] + [d.alias for d in DIRECTIVES if d.alias]
    assert len(names) == len(set(names)) == len(BY_NAME)
    assert all(name == name.lower() for name in names)
    assert len({d.attr for d in DIRECTIVES}) == len(DIRECTIVES)


def test_every_default_reads_back_through_its_own_parser() -> None:
    """render(default) parsed as a config-file line gives the default back."""
    for directive in DIRECTIVES:
        if directive.name in ("dir", "replicaof"):  # the cwd; "" stands for "no one"
            continue
        cfg = Config()
        text = directive.kind.render(directive.default)
        cfg.load_text(f'{directive.name} "{text}"'.encode())
        assert getattr(cfg, directive.attr) == directive.default, directive.name


def test_annotated_attributes_are_directives() -> None:
    for attr in Config.__annotations__:
        assert attr.replace("_", "-") in BY_NAME or attr in BY_NAME, attr


# --- CONFIG GET --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("patterns", "expected"),
    [
        # an exact name is echoed as spelled; a name matched twice, in any case, appears once
        ([b"port", b"PORT", b"Port"], {b"port": b"6379"}),
        ([b"PORT", b"p?rt"], {b"PORT": b"6379"}),
        ([b"p?rt", b"PORT"], {b"port": b"6379"}),
        ([b"SLAVE-read-only"], {b"SLAVE-read-only": b"yes"}),
        # globs ignore case and match aliases too
        ([b"P*RT"], {b"port": b"6379"}),
        (
            [b"hash-max-*"],
            {
                b"hash-max-listpack-entries": b"512",
                b"hash-max-ziplist-entries": b"512",
                b"hash-max-listpack-value": b"64",
                b"hash-max-ziplist-value": b"64",
            },
        ),
        ([b"[a-c]ind"], {b"bind": b"* -::*"}),
        ([b"bin[^a]"], {b"bind": b"* -::*"}),
        # no glob character: an exact lookup, so the backslash is part of the name
        ([b"b\\ind"], {}),
        ([b"nosuch"], {}),
        ([b"port", b"nosuch"], {b"port": b"6379"}),
        # hidden directives answer their exact name only
        ([b"key-load-delay", b"key-load-*"], {b"key-load-delay": b"0"}),
        ([b"use-exit-on-panic"], {b"use-exit-on-panic": b"no"}),
        ([b"*exit-on*"], {}),
        # rendering of each kind
        ([b"save"], {b"save": b"3600 1 300 100 60 10000"}),
        ([b"unixsocketperm"], {b"unixsocketperm": b"0"}),
        ([b"maxmemory-clients"], {b"maxmemory-clients": b"0"}),
        (
            [b"latency-tracking-info-percentiles"],
            {b"latency-tracking-info-percentiles": b"50 99 99.9"},
        ),
        ([b"shutdown-on-sigint"], {b"shutdown-on-sigint": b"default"}),
        ([b"replicaof"], {b"replicaof": b""}),
    ],
)
def test_config_get(patterns: list[bytes], expected: dict[bytes, bytes]) -> None:
    assert Config().get(*patterns) == expected


def test_config_get_renders_set_values() -> None:
    cfg = Config(
        unixsocketperm=0o700,
        maxmemory_clients=-10,
        replicaof=("10.0.0.1", 6380),
        save=[(900, 1)],
        bind=["127.0.0.1", "-::1"],
        shutdown_on_sigint=("nosave", "now"),
        latency_tracking_info_percentiles=[12.5, 0.0, 100.0, -0.0],
    )
    assert cfg.get(b"unixsocketperm", b"maxmemory-clients", b"replicaof", b"save", b"bind") == {
        b"unixsocketperm": b"700",
        b"maxmemory-clients": b"10%",
        b"replicaof": b"10.0.0.1 6380",
        b"save": b"900 1",
        b"bind": b"127.0.0.1 -::1",
    }
    assert cfg.render("shutdown-on-sigint") == "nosave now"
    assert cfg.render("latency-tracking-info-percentiles") == "12.5 0 100 -0"


# --- CONFIG SET --------------------------------------------------------------------------

# A session of CONFIG SET commands as real Redis answered them, in order (state carries over),
# on a server at port 7322; after each, `port` is set back to 7322 and `requirepass` to "".
# Each entry: the arguments after CONFIG SET, the reply, and CONFIG GET of the named directives
# (None: not compared, as ``dir``, which is the server's working directory).
# fmt: off
SET_SESSION = [
    (["port", "abc"], "ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be parsed into an integer", {"port": "7322"}),
    (["port", "-1"], "ERR CONFIG SET failed (possibly related to argument 'port') - argument must be between 0 and 65535 inclusive", {"port": "7322"}),
    (["port", "99999"], "ERR CONFIG SET failed (possibly related to argument 'port') - argument must be between 0 and 65535 inclusive", {"port": "7322"}),
    (["port", "+7322"], "ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be parsed into an integer", {"port": "7322"}),
    (["port", "07322"], "ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be parsed into an integer", {"port": "7322"}),
    (["port", "-0"], "ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be parsed into an integer", {"port": "7322"}),
    (["port", ""], "ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be parsed into an integer", {"port": "7322"}),
    (["nosuch", "1"], "ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'", {"nosuch": None}),
    (["databases", "5"], "ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config", {"databases": "16"}),
    (["daemonize", "yes"], "ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config", {"daemonize": "no"}),
    (["dir", "/tmp"], "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config", {"dir": None}),
    (["dbfilename", "x.rdb"], "ERR CONFIG SET failed (possibly related to argument 'dbfilename') - can't set protected config", {"dbfilename": "dump.rdb"}),
    (["appendonly", "maybe"], "ERR CONFIG SET failed (possibly related to argument 'appendonly') - argument must be 'yes' or 'no'", {"appendonly": "no"}),
    (["appendonly", "YES"], "OK", {"appendonly": "yes"}),
    (["maxmemory", "1x"], "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value", {"maxmemory": "0"}),
    (["maxmemory", "100mb"], "OK", {"maxmemory": "104857600"}),
    (["maxmemory", "-1"], "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value", {"maxmemory": "104857600"}),
    (["maxmemory", "1.5gb"], "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value", {"maxmemory": "104857600"}),
    (["maxmemory", "1GB"], "OK", {"maxmemory": "1073741824"}),
    (["maxmemory", "1g"], "OK", {"maxmemory": "1000000000"}),
    (["maxmemory", "1k"], "OK", {"maxmemory": "1000"}),
    (["maxmemory", "1Kb"], "OK", {"maxmemory": "1024"}),
    (["maxmemory", "gb"], "OK", {"maxmemory": "0"}),
    (["maxmemory", " 10"], "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value", {"maxmemory": "0"}),
    (["maxmemory-policy", "foo"], "ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction", {"maxmemory-policy": "noeviction"}),
    (["maxmemory-policy", "ALLKEYS-LRU"], "OK", {"maxmemory-policy": "allkeys-lru"}),
    (["loglevel", "Verbose"], "OK", {"loglevel": "verbose"}),
    (["loglevel", "nothing"], "ERR CONFIG SET failed (possibly related to argument 'loglevel') - argument(s) must be one of the following: debug, verbose, notice, warning", {"loglevel": "verbose"}),
    (["hz", "0"], "OK", {"hz": "1"}),
    (["hz", "1000"], "OK", {"hz": "500"}),
    (["timeout", "-1"], "ERR CONFIG SET failed (possibly related to argument 'timeout') - argument must be between 0 and 2147483647 inclusive", {"timeout": "0"}),
    (["maxclients", "0"], "ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument must be between 1 and 4294967295 inclusive", {"maxclients": "10000"}),
    (["maxclients", "-1"], "ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument must be between 1 and 4294967295 inclusive", {"maxclients": "10000"}),
    (["maxclients", "abc"], "ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument couldn't be parsed into an integer", {"maxclients": "10000"}),
    (["save", "1"], "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters", {"save": "3600 1 300 100 60 10000"}),
    (["save", "3600 1 300"], "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters", {"save": "3600 1 300 100 60 10000"}),
    (["save", ""], "OK", {"save": ""}),
    (["save", "100 +1"], "OK", {"save": "100 1"}),
    (["save", "0 1"], "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters", {"save": "100 1"}),
    (["save", "  100 2   "], "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters", {"save": "100 1"}),
    (["save", "900 1 300 10"], "OK", {"save": "900 1 300 10"}),
    (["port", "7322", "port", "7323"], "ERR CONFIG SET failed (possibly related to argument 'port') - duplicate parameter", {"port": "7322"}),
    (["port", "7322", "PORT", "7322"], "ERR CONFIG SET failed (possibly related to argument 'PORT') - duplicate parameter", {"port": "7322", "PORT": "7322"}),
    (["hz", "20", "port", "abc"], "ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be parsed into an integer", {"hz": "500", "port": "7322"}),
    (["timeout", "5", "nosuch", "1"], "ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'", {"timeout": "0", "nosuch": None}),
    (["daemonize", "yes", "nosuch", "1"], "ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config", {"daemonize": "no", "nosuch": None}),
    (["nosuch", "1", "daemonize", "yes"], "ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'", {"nosuch": None, "daemonize": "no"}),
    (["PORT", "abc"], "ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be parsed into an integer", {"PORT": "7322"}),
    (["notify-keyspace-events", "KEA"], "OK", {"notify-keyspace-events": "AKE"}),
    (["notify-keyspace-events", "Kx"], "OK", {"notify-keyspace-events": "xK"}),
    (["notify-keyspace-events", "gn$m"], "OK", {"notify-keyspace-events": "g$nm"}),
    (["notify-keyspace-events", "AnK"], "OK", {"notify-keyspace-events": "AK"}),
    (["notify-keyspace-events", "Q"], "ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - Invalid event class character. Use 'Ag$lshzxeKEtmdn'.", {"notify-keyspace-events": "AK"}),
    (["client-output-buffer-limit", "NORMAL 1kb 2gb 3 replica 1 2 3"], "OK", {"client-output-buffer-limit": "normal 1024 2147483648 3 slave 1 2 3 pubsub 33554432 8388608 60"}),
    (["client-output-buffer-limit", "normal 1 2"], "ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Wrong number of arguments in buffer limit configuration.", {"client-output-buffer-limit": "normal 1024 2147483648 3 slave 1 2 3 pubsub 33554432 8388608 60"}),
    (["client-output-buffer-limit", "master 1 2 3"], "ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Invalid client class specified in buffer limit configuration.", {"client-output-buffer-limit": "normal 1024 2147483648 3 slave 1 2 3 pubsub 33554432 8388608 60"}),
    (["client-output-buffer-limit", "normal 1 2 -3"], "ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Error in hard, soft or soft_seconds setting in buffer limit configuration.", {"client-output-buffer-limit": "normal 1024 2147483648 3 slave 1 2 3 pubsub 33554432 8388608 60"}),
    (["proto-max-bulk-len", "100"], "ERR CONFIG SET failed (possibly related to argument 'proto-max-bulk-len') - argument must be between 1048576 and 9223372036854775807 inclusive", {"proto-max-bulk-len": "536870912"}),
    (["proto-max-bulk-len", "2mb"], "OK", {"proto-max-bulk-len": "2097152"}),
    (["slowlog-log-slower-than", "-2"], "ERR CONFIG SET failed (possibly related to argument 'slowlog-log-slower-than') - argument must be between -1 and 9223372036854775807 inclusive", {"slowlog-log-slower-than": "10000"}),
    (["hash-max-ziplist-entries", "7"], "OK", {"hash-max-ziplist-entries": "7"}),
    (["hash-max-ziplist-entries", "abc"], "ERR CONFIG SET failed (possibly related to argument 'hash-max-ziplist-entries') - argument couldn't be parsed into an integer", {"hash-max-ziplist-entries": "7"}),
    (["hash-max-listpack-entries", "-1"], "ERR CONFIG SET failed (possibly related to argument 'hash-max-listpack-entries') - argument must be between 0 and 9223372036854775807 inclusive", {"hash-max-listpack-entries": "7"}),
    (["slave-read-only", "maybe"], "ERR CONFIG SET failed (possibly related to argument 'slave-read-only') - argument must be 'yes' or 'no'", {"slave-read-only": "yes"}),
    (["latency-tracking-info-percentiles", "12.5 0 100 1e1 99.99999999"], "OK", {"latency-tracking-info-percentiles": "12.5 0 100 10 100"}),
    (["latency-tracking-info-percentiles", "50 101"], "ERR CONFIG SET failed (possibly related to argument 'latency-tracking-info-percentiles') - latency-tracking-info-percentiles parameters should sit between [0.0,100.0]", {"latency-tracking-info-percentiles": "12.5 0 100 10 100"}),
    (["latency-tracking-info-percentiles", "abc"], "ERR CONFIG SET failed (possibly related to argument 'latency-tracking-info-percentiles') - Invalid latency-tracking-info-percentiles parameters", {"latency-tracking-info-percentiles": "12.5 0 100 10 100"}),
    (["oom-score-adj-values", "1 2"], "ERR CONFIG SET failed (possibly related to argument 'oom-score-adj-values') - wrong number of arguments", {"oom-score-adj-values": "0 200 800"}),
    (["oom-score-adj-values", "1 2 9999"], "ERR CONFIG SET failed (possibly related to argument 'oom-score-adj-values') - Invalid oom-score-adj-values, elements must be between -2000 and 2000.", {"oom-score-adj-values": "0 200 800"}),
    (["oom-score-adj", "relative"], "OK", {"oom-score-adj": "yes"}),
    (["shutdown-on-sigterm", "now nosave force"], "OK", {"shutdown-on-sigterm": "nosave now force"}),
    (["shutdown-on-sigterm", "save nosave"], "ERR CONFIG SET failed (possibly related to argument 'shutdown-on-sigterm') - shutdown options SAVE and NOSAVE can't be used simultaneously", {"shutdown-on-sigterm": "nosave now force"}),
    (["shutdown-on-sigterm", "bogus"], "ERR CONFIG SET failed (possibly related to argument 'shutdown-on-sigterm') - argument(s) must be one of the following: default, save, nosave, now, force", {"shutdown-on-sigterm": "nosave now force"}),
    (["maxmemory-clients", "10%"], "OK", {"maxmemory-clients": "10%"}),
    (["maxmemory-clients", "101%"], "ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - percentage argument must be less or equal to 100", {"maxmemory-clients": "10%"}),
    (["maxmemory-clients", "-5"], "ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - argument must be a memory or percent value", {"maxmemory-clients": "10%"}),
    (["requirepass", "a b"], "OK", {"requirepass": "a b"}),
    (["unixsocket", "/tmp/x.sock"], "ERR CONFIG SET failed (possibly related to argument 'unixsocket') - can't set immutable config", {"unixsocket": ""}),
    (["proc-title-template", "{x}"], "ERR CONFIG SET failed (possibly related to argument 'proc-title-template') - template format is invalid or contains unknown variables", {"proc-title-template": "{title} {listen-addr} {server-mode}"}),
    (["active-expire-effort", "11"], "ERR CONFIG SET failed (possibly related to argument 'active-expire-effort') - argument must be between 1 and 10 inclusive", {"active-expire-effort": "1"}),
    (["list-max-ziplist-size", "5"], "OK", {"list-max-ziplist-size": "5"}),
    (["lua-time-limit", "100"], "OK", {"lua-time-limit": "100"}),
]
# fmt: on


def test_config_set_session_replays_like_redis() -> None:
    cfg = Config(port=7322)
    for args, reply, after in SET_SESSION:
        pairs = [(n.encode(), v.encode()) for n, v in zip(args[::2], args[1::2], strict=True)]
        try:
            cfg.set_many(pairs)
            got = "OK"
        except CommandError as exc:
            got = exc.message.decode()
        assert got == reply, args
        expected = {name: value for name, value in after.items() if value is not None}
        rendered = {name: cfg.get(name.encode())[name.encode()].decode() for name in expected}
        assert rendered == expected, args
        if any(name.lower() == "port" for name in args[::2]):
            cfg.port = 7322
        cfg.requirepass = ""


def test_config_set_is_atomic() -> None:
    cfg = Config()
    with pytest.raises(CommandError):
        cfg.set_many([(b"hz", b"20"), (b"maxmemory", b"1mb"), (b"port", b"abc")])
    assert (cfg.hz, cfg.maxmemory) == (10, 0)


def test_config_set_one() -> None:
    cfg = Config()
    cfg.set(b"maxmemory", b"1gb")
    assert cfg.maxmemory == 1073741824
    cfg.set(b"save", b"900 1 300 10")
    assert cfg.save == [(900, 1), (300, 10)]
    cfg.set(b"requirepass", b"p\xffw")  # any bytes: the str round-trips with surrogateescape
    assert cfg.requirepass.encode("utf-8", "surrogateescape") == b"p\xffw"
    assert cfg.get(b"requirepass") == {b"requirepass": b"p\xffw"}


def test_protected_configs() -> None:
    refused = (
        "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config"
    )
    with pytest.raises(CommandError) as exc:
        Config().set(b"dir", b"/tmp")
    assert exc.value.message.decode() == refused
    local_only = Config(enable_protected_configs="local")
    with pytest.raises(CommandError):
        local_only.set(b"dir", b"/tmp")
    local_only.set(b"dir", b"/tmp", local=True)
    assert local_only.dir == os.path.realpath("/tmp")
    anyone = Config(enable_protected_configs="yes")
    anyone.set(b"dbfilename", b"x.rdb")
    assert anyone.dbfilename == "x.rdb"


def test_apply_hooks_run_once_and_only_on_change() -> None:
    cfg = Config()
    calls: list[tuple[int, str]] = []
    cfg.add_apply_hook(["port", "bind"], lambda c: calls.append((c.port, " ".join(c.bind))))
    cfg.set_many([(b"port", b"7000"), (b"bind", b"127.0.0.1")])
    assert calls == [(7000, "127.0.0.1")]
    cfg.set(b"port", b"7000")  # unchanged: Redis skips the apply step
    assert calls == [(7000, "127.0.0.1")]


def test_a_failing_apply_hook_rolls_everything_back() -> None:
    cfg = Config()
    seen: list[int] = []

    def rebind(config: Config) -> None:
        seen.append(config.port)
        if config.port == 7001:
            raise ConfigValueError("Unable to listen on this port. Check server logs.")

    cfg.add_apply_hook(["port"], rebind)
    with pytest.raises(CommandError) as exc:
        cfg.set_many([(b"timeout", b"5"), (b"PORT", b"7001")])
    assert exc.value.message == (
        b"ERR CONFIG SET failed (possibly related to argument 'port') - "
        b"Unable to listen on this port. Check server logs."
    )
    assert (cfg.timeout, cfg.port) == (0, 6379)
    assert seen == [7001, 6379]  # the hook ran again with the restored value


def test_loglevel_hook_name_by_alias() -> None:
    cfg = Config()
    seen: list[int] = []
    cfg.add_apply_hook(["lua-time-limit"], lambda c: seen.append(c.busy_reply_threshold))
    cfg.set(b"busy-reply-threshold", b"100")
    assert seen == [100]


# --- config file ---------------------------------------------------------------------------


def load(text: str) -> Config:
    cfg = Config()
    cfg.load_text(text.encode())
    return cfg


def test_config_file_grammar() -> None:
    cfg = load(
        "# a comment\n"
        "\n"
        "   port 7000   \r\n"
        'requirepass "hello world"\n'
        "unixsocket '/tmp/with space.sock'\n"
        'notify-keyspace-events "Ex"\n'
        "MAXMEMORY 1gb\n"
        "bind 127.0.0.1 -::1\n"
        "slave-read-only no\n"  # an alias
        "list-max-ziplist-entries 5\n"  # deprecated: accepted, ignored
        'save "900 1 300 10"\n'  # one word of a multi-word directive is split again
    )
    assert (cfg.port, cfg.requirepass, cfg.unixsocket) == (
        7000,
        "hello world",
        "/tmp/with space.sock",
    )
    assert cfg.render("notify-keyspace-events") == "xE"
    assert (cfg.maxmemory, cfg.bind, cfg.replica_read_only) == (
        1 << 30,
        ["127.0.0.1", "-::1"],
        False,
    )  # type: ignore[attr-defined]
    assert cfg.save == [(900, 1), (300, 10)]


def test_save_lines_add_up_and_empty_save_clears() -> None:
    assert load("save 900 1\nsave 300 10\n").save == [(900, 1), (300, 10)]
    assert load("save 900 1\nsave ''\nsave 60 5\n").save == [(60, 5)]
    assert load('save ""').save == []
    assert load("port 1").save == [(3600, 1), (300, 100), (60, 10000)]


@pytest.mark.parametrize(
    ("text", "lineno", "line", "message"),
    [
        (
            'port 7398\nrequirepass "unbalanced\n',
            2,
            'requirepass "unbalanced',
            "Unbalanced quotes in configuration line",
        ),
        ("port 7398\nsave 900 1 # comment\n", 2, "save 900 1 # comment", "Invalid save parameters"),
        (
            "port 7398\r\nmaxmemory 10mb\r\nmaxmemory-policy  nope\r\n",
            3,
            "maxmemory-policy  nope",
            "argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, "
            "volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction",
        ),
        ('port 7398\nbind "a"b\n', 2, 'bind "a"b', "Unbalanced quotes in configuration line"),
        ("foo bar", 1, "foo bar", "Bad directive or wrong number of arguments"),
        ("port 1 2", 1, "port 1 2", "wrong number of arguments"),
        ("port", 1, "port", "wrong number of arguments"),
        (
            "list-max-ziplist-entries 5 6",
            1,
            "list-max-ziplist-entries 5 6",
            "Bad directive or wrong number of arguments",
        ),
        (
            "unixsocketperm 999",
            1,
            "unixsocketperm 999",
            "argument couldn't be parsed as an octal number",
        ),
        (
            "unixsocketperm 1000",
            1,
            "unixsocketperm 1000",
            "argument must be between 0 and 777 inclusive",
        ),
        ("dbfilename a/b", 1, "dbfilename a/b", "dbfilename can't be a path, just a filename"),
        ("appenddirname ''", 1, "appenddirname ''", "appenddirname can't be empty"),
        ("replicaof no one x", 1, "replicaof no one x", "wrong number of arguments"),
        ("replicaof host 99999", 1, "replicaof host 99999", "Invalid master port"),
        (
            "client-output-buffer-limit normal 1 2 x",
            1,
            "client-output-buffer-limit normal 1 2 x",
            "Error in hard, soft or soft_seconds setting in buffer limit configuration.",
        ),
        ("dir /nonexistent-dir", 1, "dir /nonexistent-dir", "No such file or directory"),
        (
            "sentinel monitor x",
            1,
            "sentinel monitor x",
            "sentinel directive while not in sentinel mode",
        ),
        ("foo.bar", 1, "foo.bar", "Module config specified without value"),
        (
            "maxmemory-clients 200%",
            1,
            "maxmemory-clients 200%",
            "percentage argument must be less or equal to 100",
        ),
        (
            "socket-mark-id -1",
            1,
            "socket-mark-id -1",
            "argument must be between 0 and 4294967295 inclusive",
        ),
    ],
)
def test_config_file_errors(text: str, lineno: int, line: str, message: str) -> None:
    with pytest.raises(ConfigError) as exc:
        load(text)
    assert (exc.value.lineno, exc.value.line, exc.value.message) == (lineno, line, message)


def test_rename_command_and_user_are_ignored_with_a_note() -> None:
    cfg = load('rename-command FLUSHALL ""\nuser alice on >pw ~* +@all\n')
    assert cfg.ignored_lines == ["rename-command FLUSHALL ", "user alice on >pw ~* +@all"]


def test_include_and_dir_are_relative(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "extra.conf").write_text("maxclients 7\n")
    cfg = load(f"dir {tmp_path}\ndir sub\ninclude extra.conf\n")
    assert cfg.dir == os.path.realpath(tmp_path / "sub")
    assert cfg.maxclients == 7
    assert cfg.resolve_path("x.pid") == os.path.join(cfg.dir, "x.pid")


def test_an_error_in_an_included_file_names_its_line(tmp_path: Path) -> None:
    (tmp_path / "inner.conf").write_text("port 1\nhz abc\n")
    with pytest.raises(ConfigError) as exc:
        load(f"dir {tmp_path}\n\n\ninclude inner.conf\n")
    assert (exc.value.lineno, exc.value.line) == (2, "hz abc")


def test_apply_directive_alone() -> None:
    cfg = Config()
    cfg.apply_directive("SAVE", ["900", "1"])
    assert cfg.save == [(900, 1)]
    with pytest.raises(ConfigError) as exc:
        cfg.apply_directive("port", ["1", "2"])
    assert (exc.value.lineno, exc.value.message) == (None, "wrong number of arguments")


def test_logfile_must_open(tmp_path: Path) -> None:
    cfg = load(f"dir {tmp_path}\nlogfile redis.log\n")
    cfg.check_after_load()
    assert (tmp_path / "redis.log").exists()
    bad = load("logfile /nonexistent-dir/x.log")
    with pytest.raises(ConfigError) as exc:
        bad.check_after_load()
    assert (exc.value.lineno, exc.value.message) == (
        None,
        "Can't open the log file: No such file or directory",
    )


def test_stored_only_settings() -> None:
    cfg = load("appendonly yes\nrdbcompression no\nport 7000\nappendfsync always\nsave ''\n")
    assert cfg.stored_only_settings() == ["appendonly", "appendfsync"]


def test_bind_addresses() -> None:
    assert Config().bind_addresses() == [("0.0.0.0", False), ("::", True)]
    assert Config(bind=["127.0.0.1", "-::1"]).bind_addresses() == [
        ("127.0.0.1", False),
        ("::1", True),
    ]


# --- the command line ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "config_file", "read_stdin", "options"),
    [
        ([], None, False, b""),
        (["--port", "7000"], None, False, b'port "7000" '),
        (
            ["redis.conf", "--port", "7000", "--loglevel", "verbose"],
            "redis.conf",
            False,
            b'port "7000" \nloglevel "verbose" ',
        ),
        (
            ["--save", "900", "1", "--save", "300", "10"],
            None,
            False,
            b'save "900" "1" \nsave "300" "10" ',
        ),
        (["--save", "--port", "1"], None, False, b'save ""\nport "1" '),
        (["--port", "1", "--save"], None, False, b'port "1" \nsave ""'),
        # after a bare --name the next argument is its value, dashes or not
        (["--requirepass", "--port", "7000"], None, False, b'requirepass "--port" "7000" '),
        # one argument holding spaces is copied raw (pytest-redis passes "--save 900 1")
        (["--save 900 1"], None, False, b"save 900 1 "),
        (["--requirepass", 'a "b"\n\x01'], None, False, b'requirepass "a \\"b\\"\\n\\x01" '),
        (["-"], None, True, b""),
        (["redis.conf", "--port", "1", "-"], "redis.conf", True, b'port "1" '),
        (["--port", "1", "-", "--x"], None, False, b'port "1" "-" \nx '),
        (["-v", "--port", "1"], None, False, b'"-v" \nport "1" '),
    ],
)
def test_parse_command_line(
    argv: list[str], config_file: str | None, read_stdin: bool, options: bytes
) -> None:
    parsed = parse_command_line(argv)
    assert (parsed.config_file, parsed.read_stdin, parsed.options) == (
        config_file,
        read_stdin,
        options,
    )


PYTEST_REDIS_ARGV = [
    "--daemonize", "no", "--rdbcompression", "no", "--rdbchecksum", "no", "--appendonly", "no",
    "--databases", "8", "--timeout", "15", "--pidfile", "/tmp/redis-server.7400.pid",
    "--unixsocket", "/tmp/redis.7400.sock", "--dbfilename", "dump.7400.rdb",
    "--logfile", "", "--loglevel", "notice", "--syslog-enabled", "no", "--bind", "127.0.0.1",
    "--port", "7400", "--dir", "/tmp", "--requirepass", "secret", "--save 900 1",
]  # fmt: skip


def test_every_pytest_redis_directive_is_accepted() -> None:
    """The argv pytest-redis 5.0.1 builds (executor/process.py), with its optional parts."""
    cfg = Config.from_argv(PYTEST_REDIS_ARGV)
    assert cfg.get(
        b"daemonize", b"rdbcompression", b"rdbchecksum", b"appendonly", b"databases", b"timeout",
        b"pidfile", b"unixsocket", b"dbfilename", b"logfile", b"loglevel", b"syslog-enabled",
        b"bind", b"port", b"dir", b"requirepass", b"save",
    ) == {
        b"daemonize": b"no", b"rdbcompression": b"no", b"rdbchecksum": b"no", b"appendonly": b"no",
        b"databases": b"8", b"timeout": b"15", b"pidfile": b"/tmp/redis-server.7400.pid",
        b"unixsocket": b"/tmp/redis.7400.sock", b"dbfilename": b"dump.7400.rdb", b"logfile": b"",
        b"loglevel": b"notice", b"syslog-enabled": b"no", b"bind": b"127.0.0.1", b"port": b"7400",
        b"dir": os.path.realpath("/tmp").encode(), b"requirepass": b"secret", b"save": b"900 1",
    }  # fmt: skip


def test_from_argv_reads_file_then_stdin_then_options(tmp_path: Path) -> None:
    conf = tmp_path / "redis.conf"
    conf.write_text("port 7001\nmaxclients 5\nsave 900 1\n")
    stdin = io.BytesIO(b"maxclients 6\ntimeout 9\n")
    cfg = Config.from_argv([str(conf), "--timeout", "10", "--save", "60", "5", "-"], stdin=stdin)
    assert (cfg.port, cfg.maxclients, cfg.timeout) == (7001, 6, 10)
    assert cfg.save == [(900, 1), (60, 5)]
    assert cfg.config_file == str(conf)


def test_from_argv_line_numbers_count_the_whole_text(tmp_path: Path) -> None:
    conf = tmp_path / "redis.conf"
    conf.write_text("port 7001\n# comment\n\nbind 127.0.0.1\n")
    with pytest.raises(ConfigError) as exc:
        Config.from_argv([str(conf), "--port", "1", "--x"])
    assert (exc.value.lineno, exc.value.line) == (7, "x")


def test_from_argv_missing_file() -> None:
    with pytest.raises(OSError) as exc:
        Config.from_argv(["/nonexistent-dir/redis.conf"])
    assert exc.value.filename == "/nonexistent-dir/redis.conf"
