"""Counters that INFO reports: per-command calls and time, errors, connections.

Redis keeps these in ``server.stat_*`` and in each ``redisCommand`` (``calls``,
``microseconds``, ``rejected_calls``, ``failed_calls``); ``INFO stats``, ``INFO commandstats``
and ``INFO errorstats`` print them, and ``CONFIG RESETSTAT`` zeroes them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field


@dataclass
class CommandStat:
    """One ``cmdstat_<name>:calls=..,usec=..,usec_per_call=..,rejected_calls=..,failed_calls=..``
    line of INFO commandstats."""

    calls: int = 0
    usec: float = 0.0
    rejected_calls: int = 0
    failed_calls: int = 0


@dataclass
class Stats:
    """Server-wide counters (``INFO stats`` field names)."""

    total_connections_received: int = 0
    total_commands_processed: int = 0
    rejected_connections: int = 0
    total_net_input_bytes: int = 0
    total_net_output_bytes: int = 0
    keyspace_hits: int = 0
    keyspace_misses: int = 0
    # created on first use, in the order commands are first counted (INFO commandstats)
    commands: defaultdict[str, CommandStat] = field(
        default_factory=lambda: defaultdict(CommandStat)
    )
    errors: Counter[str] = field(default_factory=Counter)

    def command(self, fullname: str) -> CommandStat:
        """The counters of one command (``config|get`` for subcommands), created on first use."""
        return self.commands[fullname]

    def count_error(self, message: bytes) -> None:
        """``errorstat_<CODE>:count=N``: the first word of the error reply."""
        self.errors[message.split(b" ", 1)[0].decode("latin-1")] += 1

    def reset(self) -> None:
        """CONFIG RESETSTAT."""
        fresh = Stats()
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(fresh, name))
