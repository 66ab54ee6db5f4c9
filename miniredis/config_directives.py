"""Every configuration directive of redis-server 7.0, declared once (config.c's static_configs).

One line per directive: its Redis name, its value kind (``config_types``), Redis's default,
and flags. This table is the whole definition of the configuration: ``Config`` turns each
line into a typed attribute (``hash-max-listpack-entries`` -> ``cfg.hash_max_listpack_entries``),
the config-file loader and ``CONFIG GET``/``CONFIG SET`` look names up here, and the tests
diff it against a real server's ``CONFIG GET *``.

Flags, with Redis's names:

- ``mutable=False``: IMMUTABLE_CONFIG, only the config file or command line may set it;
  ``CONFIG SET`` answers ``can't set immutable config``.
- ``protected=True``: PROTECTED_CONFIG (``dir``, ``dbfilename``), refused by ``CONFIG SET``
  unless ``enable-protected-configs`` is ``yes`` (or ``local``, for a local client).
- ``sensitive=True``: SENSITIVE_CONFIG, a secret that SLOWLOG and MONITOR must not show.
- ``hidden=True``: HIDDEN_CONFIG, a debugging knob that ``CONFIG GET`` matches only by its
  exact name, never by a pattern such as ``*``.
- ``used=True``: miniredis acts on the value. Every other directive is accepted and stored,
  so that tools that set or read it keep working, and the command line logs a warning when a
  stored-only directive is given a non-default value.

Defaults are Redis's. ``dir`` has none here: it is the working directory at start-up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from miniredis import errors
from miniredis.config_types import (
    INT_MAX,
    INT_MIN,
    LLONG_MAX,
    UINT_MAX,
    ULLONG_MAX,
    Bind,
    Bool,
    ClientOutputBufferLimit,
    Dir,
    Enum,
    FlagSet,
    Kind,
    NotifyKeyspaceEvents,
    Number,
    OomScoreAdjValues,
    Percentiles,
    ReplicaOf,
    Save,
    String,
)

LONG_MAX = LLONG_MAX  # LP64: long is 64 bits
MB = 1024 * 1024


# --- validators for string directives ------------------------------------------------------


def check_dbfilename(value: str) -> str | None:
    """isValidDBfilename: a bare file name."""
    return errors.CONFIG_DBFILENAME_PATH if "/" in value or "\\" in value else None


def check_aof_filename(value: str) -> str | None:
    """isValidAOFfilename: a bare, non-empty file name."""
    if value == "":
        return errors.CONFIG_AOFFILENAME_EMPTY
    return errors.CONFIG_AOFFILENAME_PATH if "/" in value or "\\" in value else None


def check_aof_dirname(value: str) -> str | None:
    """isValidAOFdirname: a bare, non-empty directory name."""
    if value == "":
        return errors.CONFIG_AOFDIRNAME_EMPTY
    return errors.CONFIG_AOFDIRNAME_PATH if "/" in value or "\\" in value else None


# What each variable expands to when Redis validates a template (expandProcTitleTemplate
# with an empty title): a template that expands to blanks only is refused.
_TITLE_VARIABLES = {"title": "", "listen-addr": "*:6379", "server-mode": "", "port": "6379",
                    "tls-port": "0", "unixsocket": "", "config-file": ""}  # fmt: skip


def check_proc_title(value: str) -> str | None:
    """validateProcTitleTemplate: known ``{variables}`` only, and not blank once expanded."""
    expanded = ""
    for word in re.split(r"(\{[^{}]*\})", value):
        if word.startswith("{"):
            if word[1:-1] not in _TITLE_VARIABLES:
                return errors.CONFIG_PROC_TITLE
            expanded += _TITLE_VARIABLES[word[1:-1]]
        elif "{" in word:  # an unclosed variable (a lone "}" is plain text)
            return errors.CONFIG_PROC_TITLE
        else:
            expanded += word
    return None if expanded.strip(" ") else errors.CONFIG_PROC_TITLE


def check_hostname(value: str) -> str | None:
    """isValidAnnouncedHostname: letters, digits, ``-`` and ``.`` only."""
    if re.fullmatch(r"[A-Za-z0-9.-]*", value):
        return None
    return errors.CONFIG_HOSTNAME


@dataclass(frozen=True)
class Directive:
    """One configuration directive (Redis's ``standardConfig``)."""

    name: str
    kind: Kind
    default: Any
    alias: str | None = None
    mutable: bool = True
    protected: bool = False
    sensitive: bool = False
    hidden: bool = False
    used: bool = False

    @property
    def attr(self) -> str:
        """The Python attribute on ``Config``: dashes become underscores."""
        return self.name.replace("-", "_")


_BOOL = Bool()
_STR = String()


def _bool(name: str, default: bool, **flags: Any) -> Directive:
    return Directive(name, _BOOL, default, **flags)


def _str(name: str, default: str = "", **flags: Any) -> Directive:
    return Directive(name, _STR, default, **flags)


def _int(name: str, default: int, low: int, high: int, **flags: Any) -> Directive:
    """A signed integer without units (int, long, long long, time_t in Redis)."""
    return Directive(name, Number(low, high), default, **flags)


def _uint(name: str, default: int, low: int, high: int, **flags: Any) -> Directive:
    """An unsigned integer (unsigned int, size_t): ``-1`` wraps around and is out of range."""
    return Directive(name, Number(low, high, unsigned=True), default, **flags)


def _mem(name: str, default: int, low: int, high: int, unsigned: bool, **flags: Any) -> Directive:
    """A size in bytes, written with units (``64mb``), shown as a byte count."""
    return Directive(name, Number(low, high, unsigned=unsigned, memory=True), default, **flags)


def _enum(name: str, default: str, names: str, **flags: Any) -> Directive:
    return Directive(name, Enum(tuple(names.split())), default, **flags)


_PROTECTED_ACTION = "no yes local"

DIRECTIVES: tuple[Directive, ...] = (
    # --- networking and clients: what miniredis's server runs on --------------------------
    _int("port", 6379, 0, 65535, used=True),
    Directive("bind", Bind(), ["*", "-::*"], used=True),
    _str("unixsocket", mutable=False, used=True),
    Directive(
        "unixsocketperm", Number(0, 0o777, unsigned=True, octal=True), 0, mutable=False, used=True
    ),
    _int("tcp-backlog", 511, 0, INT_MAX, mutable=False, used=True),
    _int("tcp-keepalive", 300, 0, INT_MAX, used=True),
    _int("timeout", 0, 0, INT_MAX, used=True),
    _uint("maxclients", 10000, 1, UINT_MAX, used=True),
    _int("databases", 16, 1, INT_MAX, mutable=False, used=True),
    Directive("requirepass", _STR, "", sensitive=True, used=True),
    _mem("proto-max-bulk-len", 512 * MB, MB, LONG_MAX, unsigned=False, used=True),
    _mem("client-query-buffer-limit", 1024 * MB, MB, LONG_MAX, unsigned=True, used=True),
    Directive("hz", Number(0, INT_MAX, clamp=(1, 500)), 10, used=True),
    _int("active-expire-effort", 1, 1, 10),
    _bool("protected-mode", True),
    _bool("dynamic-hz", True),
    _str("bind-source-addr"),
    _uint("socket-mark-id", 0, 0, UINT_MAX, mutable=False),
    # --- process, logging, files: the command line (cli.py) uses these --------------------
    _bool("daemonize", False, mutable=False, used=True),
    _str("pidfile", mutable=False, used=True),
    _enum("loglevel", "notice", "debug verbose notice warning", used=True),
    _str("logfile", mutable=False, used=True),
    Directive("dir", Dir(), None, protected=True, used=True),
    _bool("syslog-enabled", False, mutable=False),
    _str("syslog-ident", "redis", mutable=False),
    _enum(
        "syslog-facility",
        "local0",
        "user local0 local1 local2 local3 local4 local5 local6 local7",
        mutable=False,
    ),
    _enum("supervised", "no", "upstart systemd auto no", mutable=False),
    _bool("always-show-logo", False, mutable=False),
    _bool("set-proc-title", True, mutable=False),
    Directive(
        "proc-title-template", String(check_proc_title), "{title} {listen-addr} {server-mode}"
    ),
    _bool("crash-log-enabled", True),
    _bool("crash-memcheck-enabled", True),
    _bool("use-exit-on-panic", False, hidden=True),
    _bool("disable-thp", True, mutable=False),
    _str("ignore-warnings"),
    Directive("shutdown-on-sigint", FlagSet(("default", "save", "nosave", "now", "force")), ()),
    Directive("shutdown-on-sigterm", FlagSet(("default", "save", "nosave", "now", "force")), ()),
    _int("shutdown-timeout", 10, 0, INT_MAX),
    _enum("enable-protected-configs", "no", _PROTECTED_ACTION, mutable=False),
    _enum("enable-debug-command", "no", _PROTECTED_ACTION, mutable=False),
    _enum("enable-module-command", "no", _PROTECTED_ACTION, mutable=False),
    _str("server_cpulist", mutable=False),
    _str("bio_cpulist", mutable=False),
    _str("aof_rewrite_cpulist", mutable=False),
    _str("bgsave_cpulist", mutable=False),
    _int("io-threads", 1, 1, 128, mutable=False),
    _bool("io-threads-do-reads", False, mutable=False),
    _int("watchdog-period", 0, 0, INT_MAX, hidden=True),
    Directive(
        "oom-score-adj",
        Enum(("no", "yes", "relative", "absolute"), same_as=(("relative", "yes"),)),
        "no",
    ),
    Directive("oom-score-adj-values", OomScoreAdjValues(), (0, 200, 800)),
    _bool("jemalloc-bg-thread", True),
    # --- memory and eviction ----------------------------------------------------------------
    _mem("maxmemory", 0, 0, ULLONG_MAX, unsigned=True),
    _enum(
        "maxmemory-policy",
        "noeviction",
        "volatile-lru volatile-lfu volatile-random volatile-ttl allkeys-lru allkeys-lfu "
        "allkeys-random noeviction",
    ),
    _int("maxmemory-samples", 5, 1, INT_MAX),
    _int("maxmemory-eviction-tenacity", 10, 0, 100),
    Directive("maxmemory-clients", Number(-100, LLONG_MAX, memory=True, percent=True), 0),
    _int("lfu-log-factor", 10, 0, INT_MAX),
    _int("lfu-decay-time", 1, 0, INT_MAX),
    _bool("lazyfree-lazy-eviction", False),
    _bool("lazyfree-lazy-expire", False),
    _bool("lazyfree-lazy-server-del", False),
    _bool("lazyfree-lazy-user-del", False),
    _bool("lazyfree-lazy-user-flush", False),
    _bool("activerehashing", True),
    _bool("activedefrag", False),
    _mem("active-defrag-ignore-bytes", 100 * MB, 1, LLONG_MAX, unsigned=True),
    _int("active-defrag-threshold-lower", 10, 0, 1000),
    _int("active-defrag-threshold-upper", 100, 0, 1000),
    _int("active-defrag-cycle-min", 1, 1, 99),
    _int("active-defrag-cycle-max", 25, 1, 99),
    _int("active-defrag-max-scan-fields", 1000, 1, LONG_MAX),
    Directive(
        "client-output-buffer-limit",
        ClientOutputBufferLimit(),
        {"normal": (0, 0, 0), "replica": (256 * MB, 64 * MB, 60), "pubsub": (32 * MB, 8 * MB, 60)},
    ),
    _uint("tracking-table-max-keys", 1000000, 0, LONG_MAX),
    # --- data type encodings ---------------------------------------------------------------
    _uint("hash-max-listpack-entries", 512, 0, LONG_MAX, alias="hash-max-ziplist-entries"),
    _mem("hash-max-listpack-value", 64, 0, LONG_MAX, unsigned=True, alias="hash-max-ziplist-value"),
    _int("list-max-listpack-size", -2, INT_MIN, INT_MAX, alias="list-max-ziplist-size"),
    _int("list-compress-depth", 0, 0, INT_MAX),
    _uint("set-max-intset-entries", 512, 0, LONG_MAX),
    _uint("zset-max-listpack-entries", 128, 0, LONG_MAX, alias="zset-max-ziplist-entries"),
    _mem("zset-max-listpack-value", 64, 0, LONG_MAX, unsigned=True, alias="zset-max-ziplist-value"),
    _mem("hll-sparse-max-bytes", 3000, 0, LONG_MAX, unsigned=True),
    _mem("stream-node-max-bytes", 4096, 0, LONG_MAX, unsigned=True),
    _int("stream-node-max-entries", 100, 0, LLONG_MAX),
    # --- scripting, monitoring, events ------------------------------------------------------
    _int("busy-reply-threshold", 5000, 0, LONG_MAX, alias="lua-time-limit"),
    _int("slowlog-log-slower-than", 10000, -1, LLONG_MAX),
    _int("slowlog-max-len", 128, 0, LONG_MAX),
    _int("latency-monitor-threshold", 0, 0, LLONG_MAX),
    _bool("latency-tracking", True),
    Directive("latency-tracking-info-percentiles", Percentiles(), [50.0, 99.0, 99.9]),
    Directive("notify-keyspace-events", NotifyKeyspaceEvents(), 0),
    _int("acllog-max-len", 128, 0, LONG_MAX),
    _str("aclfile", mutable=False),
    _enum("acl-pubsub-default", "resetchannels", "allchannels resetchannels"),
    _enum("sanitize-dump-payload", "no", "no yes clients"),
    _enum("propagation-error-behavior", "ignore", "ignore panic panic-on-replicas"),
    # --- persistence: stored only (miniredis keeps data in memory) ---------------------------
    Directive("save", Save(), [(3600, 1), (300, 100), (60, 10000)]),
    Directive("dbfilename", String(check_dbfilename), "dump.rdb", protected=True),
    _bool("rdbcompression", True),
    _bool("rdbchecksum", True, mutable=False),
    _bool("rdb-del-sync-files", False),
    _bool("rdb-save-incremental-fsync", True),
    _int("rdb-key-save-delay", 0, INT_MIN, INT_MAX, hidden=True),
    _int("key-load-delay", 0, INT_MIN, INT_MAX, hidden=True),
    _int("loading-process-events-interval-bytes", 2 * MB, 1024, INT_MAX, hidden=True),
    _bool("stop-writes-on-bgsave-error", True),
    _bool("appendonly", False),
    Directive("appendfilename", String(check_aof_filename), "appendonly.aof", mutable=False),
    Directive("appenddirname", String(check_aof_dirname), "appendonlydir", mutable=False),
    _enum("appendfsync", "everysec", "everysec always no"),
    _bool("no-appendfsync-on-rewrite", False),
    _int("auto-aof-rewrite-percentage", 100, 0, INT_MAX),
    _mem("auto-aof-rewrite-min-size", 64 * MB, 0, LLONG_MAX, unsigned=False),
    _bool("aof-rewrite-incremental-fsync", True),
    _bool("aof-load-truncated", True),
    _bool("aof-use-rdb-preamble", True),
    _bool("aof-timestamp-enabled", False),
    _bool("aof-disable-auto-gc", False),
    # --- replication: stored only ---------------------------------------------------------
    Directive("replicaof", ReplicaOf(), None, alias="slaveof", mutable=False),
    _str("masterauth", sensitive=True),
    _str("masteruser", sensitive=True),
    _bool("replica-serve-stale-data", True, alias="slave-serve-stale-data"),
    _bool("replica-read-only", True, alias="slave-read-only"),
    _bool("replica-ignore-maxmemory", True, alias="slave-ignore-maxmemory"),
    _bool("replica-lazy-flush", False, alias="slave-lazy-flush"),
    _bool("replica-announced", True),
    _bool("replica-ignore-disk-write-errors", False),
    _int("replica-priority", 100, 0, INT_MAX, alias="slave-priority"),
    _str("replica-announce-ip", alias="slave-announce-ip"),
    _int("replica-announce-port", 0, 0, 65535, alias="slave-announce-port"),
    _int("min-replicas-to-write", 0, 0, INT_MAX, alias="min-slaves-to-write"),
    _int("min-replicas-max-lag", 10, 0, INT_MAX, alias="min-slaves-max-lag"),
    _int("repl-ping-replica-period", 10, 1, INT_MAX, alias="repl-ping-slave-period"),
    _int("repl-timeout", 60, 1, INT_MAX),
    _bool("repl-disable-tcp-nodelay", False),
    # updateReplBacklogSize raises anything below 16kb to 16kb
    Directive("repl-backlog-size", Number(1, LLONG_MAX, memory=True, clamp=(16384, LLONG_MAX)), MB),
    _int("repl-backlog-ttl", 3600, 0, LONG_MAX),
    _bool("repl-diskless-sync", True),
    _int("repl-diskless-sync-delay", 5, 0, INT_MAX),
    _int("repl-diskless-sync-max-replicas", 0, 0, INT_MAX),
    _enum("repl-diskless-load", "disabled", "disabled on-empty-db swapdb"),
    # --- cluster: stored only (miniredis is standalone) ------------------------------------
    _bool("cluster-enabled", False, mutable=False),
    _str("cluster-config-file", "nodes.conf", mutable=False),
    _int("cluster-port", 0, 0, 65535, mutable=False),
    _int("cluster-node-timeout", 15000, 0, LLONG_MAX),
    _str("cluster-announce-ip"),
    Directive("cluster-announce-hostname", String(check_hostname), ""),
    _int("cluster-announce-port", 0, 0, 65535),
    _int("cluster-announce-bus-port", 0, 0, 65535),
    _int("cluster-announce-tls-port", 0, 0, 65535),
    _enum("cluster-preferred-endpoint-type", "ip", "ip hostname unknown-endpoint"),
    _int("cluster-migration-barrier", 1, 0, INT_MAX),
    _int("cluster-replica-validity-factor", 10, 0, INT_MAX, alias="cluster-slave-validity-factor"),
    _bool("cluster-replica-no-failover", False, alias="cluster-slave-no-failover"),
    _bool("cluster-require-full-coverage", True),
    _bool("cluster-allow-reads-when-down", False),
    _bool("cluster-allow-pubsubshard-when-down", True),
    _bool("cluster-allow-replica-migration", True),
    _mem("cluster-link-sendbuf-limit", 0, 0, ULLONG_MAX, unsigned=True),
    # --- TLS: stored only ----------------------------------------------------------------
    _int("tls-port", 0, 0, 65535),
    _str("tls-cert-file"),
    _str("tls-key-file"),
    _str("tls-key-file-pass"),
    _str("tls-client-cert-file"),
    _str("tls-client-key-file"),
    _str("tls-client-key-file-pass"),
    _str("tls-dh-params-file"),
    _str("tls-ca-cert-file"),
    _str("tls-ca-cert-dir"),
    _str("tls-protocols"),
    _str("tls-ciphers"),
    _str("tls-ciphersuites"),
    _enum("tls-auth-clients", "yes", "no yes optional"),
    _bool("tls-replication", False),
    _bool("tls-cluster", False),
    _bool("tls-prefer-server-ciphers", False),
    _bool("tls-session-caching", True),
    _int("tls-session-cache-size", 20480, 0, INT_MAX),
    _int("tls-session-cache-timeout", 300, 0, INT_MAX),
)

# Names that are accepted in a config file with exactly one argument and then ignored
# (config.c deprecated_configs).
DEPRECATED = frozenset({"list-max-ziplist-entries", "list-max-ziplist-value",
                        "lua-replicate-commands"})  # fmt: skip

# Name or alias (lower case) -> directive.
BY_NAME: dict[str, Directive] = {}
for _directive in DIRECTIVES:
    BY_NAME[_directive.name] = _directive
    if _directive.alias:
        BY_NAME[_directive.alias] = _directive
