"""INFO: the server's state as ``field:value`` lines in sections (``genRedisInfoString``).

``INFO`` is how monitoring tools, client test suites and humans read a server's state::

    # Server
    redis_version:7.0.15
    ...
    # Keyspace
    db0:keys=2,expires=1,avg_ttl=97857

Each section starts with ``# Name``; lines end with CRLF and a blank line separates sections.
``INFO`` alone (or ``INFO default``) prints Server, Clients, Memory, Persistence, Stats,
Replication, CPU, Modules, Errorstats, Cluster and Keyspace; ``INFO all`` and ``INFO everything``
add Commandstats and Latencystats; ``INFO keyspace stats`` picks sections (any case, any order:
the output keeps Redis's order; unknown names are ignored, so ``INFO nosuch`` is empty).

The field names and their order are Redis 7.0's, because tools parse them. The values are real
where miniredis has them (version, pid, run id, port, uptime, clients, connections, commands,
errors, hits and misses, expired keys, per-command calls and time, keys per database); memory is
the process's resident size, not an allocator's count; what miniredis does not have
(replication, persistence, forks, defragmentation, latency histograms) reads as Redis reads it
when idle: zeros, ``-1`` and ``ok``. The reply is a bulk string in RESP2 and a verbatim string
(``=``, format ``txt``) in RESP3.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import platform
import resource
import sys
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from miniredis import REDIS_VERSION
from miniredis.commands.table import command
from miniredis.protocol.replies import Verbatim
from miniredis.session import Session

if TYPE_CHECKING:
    from miniredis.server import Server

Lines = list[tuple[str, object]]

_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
AVG_TTL_SAMPLE = 1000  # keys with a TTL looked at per database for avg_ttl


@dataclass
class Persistence:
    """What SAVE / BGSAVE / LASTSAVE report. miniredis writes no RDB file: see admin.py."""

    last_save: int  # unix seconds
    saves: int = 0


_PERSISTENCE: weakref.WeakKeyDictionary[Server, Persistence] = weakref.WeakKeyDictionary()


def persistence(server: Server) -> Persistence:
    """The server's save bookkeeping; LASTSAVE starts at the server's start time, as Redis."""
    state = _PERSISTENCE.get(server)
    if state is None:
        state = _PERSISTENCE[server] = Persistence(int(server.started_at))
    return state


# --- values ---------------------------------------------------------------------------------
def human_bytes(n: int) -> str:
    """Redis's bytesToHuman: ``1023B``, ``1.13M``, ``23.54G``."""
    if n < 1024:
        return f"{n}B"
    for unit, power in (("K", 1), ("M", 2), ("G", 3), ("T", 4), ("P", 5)):
        if n < 1024 ** (power + 1) or unit == "P":
            return f"{n / 1024**power:.2f}{unit}"
    return f"{n}B"  # pragma: no cover


def rss_bytes() -> int:
    """Resident set size of this process (``/proc/self/statm``; peak RSS elsewhere)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return peak_rss_bytes()


def peak_rss_bytes() -> int:
    """The largest resident size this process has had (getrusage ru_maxrss, KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _total_memory() -> int:
    try:
        return int(os.sysconf("SC_PHYS_PAGES")) * _PAGE_SIZE
    except (AttributeError, ValueError, OSError):
        return 0


_STARTUP_RSS = rss_bytes()


def _cpu(usage: resource.struct_rusage, field: str) -> str:
    return f"{getattr(usage, field):.6f}"


def _executable() -> str:
    """The program's path, as Redis's absolute argv[0]: the script, else the interpreter."""
    script = sys.argv[0] if sys.argv else ""
    return os.path.abspath(script) if script and os.path.exists(script) else sys.executable


# --- sections -------------------------------------------------------------------------------
def _server(server: Server) -> Lines:
    cfg = server.config
    now = time.time()
    uptime = int(now - server.started_at)
    uname = platform.uname()
    return [
        ("redis_version", REDIS_VERSION),
        ("redis_git_sha1", "00000000"),
        ("redis_git_dirty", 0),
        ("redis_build_id", "0"),
        ("redis_mode", "standalone"),
        ("os", f"{uname.system} {uname.release} {uname.machine}"),
        ("arch_bits", 64 if sys.maxsize > 2**32 else 32),
        ("monotonic_clock", "POSIX clock_gettime"),
        ("multiplexing_api", "epoll" if sys.platform.startswith("linux") else "kqueue"),
        ("atomicvar_api", "c11-builtin"),
        ("gcc_version", "0.0.0"),
        ("process_id", os.getpid()),
        ("process_supervised", "no"),
        ("run_id", server.run_id),
        ("tcp_port", server.port or cfg.port),
        ("server_time_usec", time.time_ns() // 1000),
        ("uptime_in_seconds", uptime),
        ("uptime_in_days", uptime // 86400),
        ("hz", cfg.hz),
        ("configured_hz", cfg.hz),
        ("lru_clock", int(now) & 0xFFFFFF),
        ("executable", _executable()),
        ("config_file", cfg.config_file),
        ("io_threads_active", 0),
    ]


def _clients(server: Server) -> Lines:
    buffers = [conn.session.query_buffer for conn in server.clients.values()]
    return [
        ("connected_clients", len(server.clients)),
        ("cluster_connections", 0),
        ("maxclients", server.config.maxclients),
        ("client_recent_max_input_buffer", max(buffers, default=0)),
        ("client_recent_max_output_buffer", 0),
        ("blocked_clients", len(server.blocking.waiters)),
        ("tracking_clients", 0),
        ("clients_in_timeout_table", server.blocking.with_timeout),
    ]


def _memory(server: Server) -> Lines:
    used = rss_bytes()
    peak = max(peak_rss_bytes(), used)
    startup = min(_STARTUP_RSS, used)
    total = _total_memory()
    maxmemory = server.config.maxmemory
    lines: Lines = [
        ("used_memory", used),
        ("used_memory_human", human_bytes(used)),
        ("used_memory_rss", used),
        ("used_memory_rss_human", human_bytes(used)),
        ("used_memory_peak", peak),
        ("used_memory_peak_human", human_bytes(peak)),
        ("used_memory_peak_perc", f"{used * 100 / peak:.2f}%"),
        ("used_memory_overhead", startup),
        ("used_memory_startup", startup),
        ("used_memory_dataset", used - startup),
        ("used_memory_dataset_perc", "100.00%" if used > startup else "0.00%"),
        ("allocator_allocated", used),
        ("allocator_active", used),
        ("allocator_resident", used),
        ("total_system_memory", total),
        ("total_system_memory_human", human_bytes(total)),
    ]
    # No Lua and no functions in miniredis: their memory is zero.
    lines += _zeros(
        "used_memory_lua used_memory_vm_eval used_memory_lua_human used_memory_scripts_eval"
        " number_of_cached_scripts number_of_functions number_of_libraries"
        " used_memory_vm_functions used_memory_vm_total used_memory_vm_total_human"
        " used_memory_functions used_memory_scripts used_memory_scripts_human"
    )
    lines += [
        ("maxmemory", maxmemory),
        ("maxmemory_human", human_bytes(maxmemory)),
        ("maxmemory_policy", server.config.maxmemory_policy),
        ("allocator_frag_ratio", "1.00"),
        ("allocator_frag_bytes", 0),
        ("allocator_rss_ratio", "1.00"),
        ("allocator_rss_bytes", 0),
        ("rss_overhead_ratio", "1.00"),
        ("rss_overhead_bytes", 0),
        ("mem_fragmentation_ratio", "1.00"),
        ("mem_fragmentation_bytes", 0),
    ]
    lines += _zeros(
        "mem_not_counted_for_evict mem_replication_backlog mem_total_replication_buffers"
        " mem_clients_slaves mem_clients_normal mem_cluster_links mem_aof_buffer"
    )
    lines.append(("mem_allocator", "libc"))
    lines += _zeros("active_defrag_running lazyfree_pending_objects lazyfreed_objects")
    return lines


def _zeros(names: str) -> Lines:
    """Fields miniredis has nothing to report for: 0 (``0B`` for the ``_human`` ones)."""
    return [(name, "0B" if name.endswith("_human") else 0) for name in names.split()]


def _persistence(server: Server) -> Lines:
    state = persistence(server)
    lines = _zeros("loading async_loading current_cow_peak current_cow_size current_cow_size_age")
    lines.append(("current_fork_perc", "0.00"))
    lines += _zeros(
        "current_save_keys_processed current_save_keys_total rdb_changes_since_last_save"
        " rdb_bgsave_in_progress"
    )
    lines += [
        ("rdb_last_save_time", state.last_save),
        ("rdb_last_bgsave_status", "ok"),
        ("rdb_last_bgsave_time_sec", 0 if state.saves else -1),
        ("rdb_current_bgsave_time_sec", -1),
        ("rdb_saves", state.saves),
    ]
    lines += _zeros(
        "rdb_last_cow_size rdb_last_load_keys_expired rdb_last_load_keys_loaded aof_enabled"
        " aof_rewrite_in_progress aof_rewrite_scheduled"
    )
    lines += [
        ("aof_last_rewrite_time_sec", -1),
        ("aof_current_rewrite_time_sec", -1),
        ("aof_last_bgrewrite_status", "ok"),
        ("aof_rewrites", 0),
        ("aof_rewrites_consecutive_failures", 0),
        ("aof_last_write_status", "ok"),
    ]
    lines += _zeros("aof_last_cow_size module_fork_in_progress module_fork_last_cow_size")
    return lines


def _stats(server: Server) -> Lines:
    stats = server.stats
    lines: Lines = [
        ("total_connections_received", stats.total_connections_received),
        ("total_commands_processed", stats.total_commands_processed),
        ("instantaneous_ops_per_sec", 0),
        ("total_net_input_bytes", stats.total_net_input_bytes),
        ("total_net_output_bytes", stats.total_net_output_bytes),
    ]
    lines += _zeros("total_net_repl_input_bytes total_net_repl_output_bytes")
    for name in ("input", "output", "input_repl", "output_repl"):
        lines.append((f"instantaneous_{name}_kbps", "0.00"))
    lines.append(("rejected_connections", stats.rejected_connections))
    lines += _zeros("sync_full sync_partial_ok sync_partial_err")
    lines.append(("expired_keys", sum(db.expired_keys for db in server.keyspace.dbs)))
    lines.append(("expired_stale_perc", "0.00"))
    lines += _zeros(
        "expired_time_cap_reached_count expire_cycle_cpu_milliseconds evicted_keys"
        " evicted_clients total_eviction_exceeded_time current_eviction_exceeded_time"
    )
    lines += [("keyspace_hits", stats.keyspace_hits), ("keyspace_misses", stats.keyspace_misses)]
    lines += _zeros(
        "pubsub_channels pubsub_patterns pubsubshard_channels latest_fork_usec total_forks"
        " migrate_cached_sockets slave_expires_tracked_keys active_defrag_hits"
        " active_defrag_misses active_defrag_key_hits active_defrag_key_misses"
        " total_active_defrag_time current_active_defrag_time tracking_total_keys"
        " tracking_total_items tracking_total_prefixes unexpected_error_replies"
    )
    lines.append(("total_error_replies", sum(stats.errors.values())))
    lines += _zeros(
        "dump_payload_sanitizations total_reads_processed total_writes_processed"
        " io_threaded_reads_processed io_threaded_writes_processed reply_buffer_shrinks"
        " reply_buffer_expands"
    )
    return lines


def _replication(server: Server) -> Lines:
    replid = hashlib.sha1(server.run_id.encode()).hexdigest()
    return [
        ("role", "master"),
        ("connected_slaves", 0),
        ("master_failover_state", "no-failover"),
        ("master_replid", replid),
        ("master_replid2", "0" * 40),
        ("master_repl_offset", 0),
        ("second_repl_offset", -1),
        ("repl_backlog_active", 0),
        ("repl_backlog_size", 1048576),
        ("repl_backlog_first_byte_offset", 0),
        ("repl_backlog_histlen", 0),
    ]


def _cpu_section(server: Server) -> Lines:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    thread = resource.getrusage(getattr(resource, "RUSAGE_THREAD", resource.RUSAGE_SELF))
    return [
        ("used_cpu_sys", _cpu(own, "ru_stime")),
        ("used_cpu_user", _cpu(own, "ru_utime")),
        ("used_cpu_sys_children", _cpu(children, "ru_stime")),
        ("used_cpu_user_children", _cpu(children, "ru_utime")),
        ("used_cpu_sys_main_thread", _cpu(thread, "ru_stime")),
        ("used_cpu_user_main_thread", _cpu(thread, "ru_utime")),
    ]


def _nothing(server: Server) -> Lines:
    return []


def _commandstats(server: Server) -> Lines:
    lines: Lines = []
    for name, stat in server.stats.commands.items():
        if not (stat.calls or stat.failed_calls or stat.rejected_calls):
            continue
        usec = int(stat.usec)
        per_call = usec / stat.calls if stat.calls else 0.0
        lines.append(
            (
                f"cmdstat_{name}",
                f"calls={stat.calls},usec={usec},usec_per_call={per_call:.2f},"
                f"rejected_calls={stat.rejected_calls},failed_calls={stat.failed_calls}",
            )
        )
    return lines


def _errorstats(server: Server) -> Lines:
    return [(f"errorstat_{code}", f"count={n}") for code, n in sorted(server.stats.errors.items())]


def _cluster(server: Server) -> Lines:
    return [("cluster_enabled", 0)]


def _keyspace(server: Server) -> Lines:
    now = server.keyspace.clock()
    lines: Lines = []
    for db in server.keyspace.dbs:
        if not db.data:
            continue
        ttls = [d - now for d in itertools.islice(db.expires.values(), AVG_TTL_SAMPLE)]
        live = [ttl for ttl in ttls if ttl > 0]
        avg_ttl = sum(live) // len(live) if live else 0
        lines.append((f"db{db.index}", f"keys={len(db.data)},expires={len(db.expires)},"
                      f"avg_ttl={avg_ttl}"))  # fmt: skip
    return lines


# Every section in Redis's output order: (name, title, part of ``INFO default``).
Section = tuple[str, str, bool, Callable[["Server"], Lines]]
SECTIONS: tuple[Section, ...] = (
    ("server", "Server", True, _server),
    ("clients", "Clients", True, _clients),
    ("memory", "Memory", True, _memory),
    ("persistence", "Persistence", True, _persistence),
    ("stats", "Stats", True, _stats),
    ("replication", "Replication", True, _replication),
    ("cpu", "CPU", True, _cpu_section),
    ("modules", "Modules", True, _nothing),
    ("commandstats", "Commandstats", False, _commandstats),
    ("errorstats", "Errorstats", True, _errorstats),
    ("latencystats", "Latencystats", False, _nothing),
    ("cluster", "Cluster", True, _cluster),
    ("keyspace", "Keyspace", True, _keyspace),
)


def wanted_sections(args: tuple[bytes, ...]) -> set[str]:
    """Section names selected by INFO's arguments (genInfoSectionDict)."""
    if not args:
        return {name for name, _, default, _ in SECTIONS if default}
    wanted: set[str] = set()
    for arg in args:
        word = arg.decode("latin-1").lower()
        if word in ("all", "everything"):
            wanted.update(name for name, *_ in SECTIONS)
        elif word == "default":
            wanted.update(name for name, _, default, _ in SECTIONS if default)
        else:
            wanted.add(word)
    return wanted


def render(server: Server, args: tuple[bytes, ...] = ()) -> bytes:
    """The INFO text for ``args`` (the section words), CRLF line ends, blank line between."""
    wanted = wanted_sections(args)
    parts = []
    for name, title, _, build in SECTIONS:
        if name in wanted:
            lines = [f"# {title}"] + [f"{field}:{value}" for field, value in build(server)]
            parts.append("".join(line + "\r\n" for line in lines))
    return "\r\n".join(parts).encode()


@command(
    "info", arity=-1, flags="loading stale", group="server", since="1.0.0", acl="@dangerous",
    tips="nondeterministic_output request_policy:all_shards response_policy:special",
    summary="Get information and statistics about the server", complexity="O(1)",
    history=(("7.0.0", "Added support for taking multiple section arguments."),),
)  # fmt: skip
def info(ctx: Session, *sections: bytes) -> Verbatim:
    """INFO [section [section ...]]  ->  bulk string (RESP3: verbatim txt) of field:value lines."""
    return Verbatim(render(ctx.server, sections))
