"""The scenarios by name, with the commands each needs. No locust here, so runners can read it.

A *scenario* is one or more locust user classes (``scenarios.py``) that together model one
kind of traffic. Some of their commands may be missing on the target (miniredis grows one
command group at a time; another Redis-compatible server may lack some): the runners call
:func:`plan`, which asks the target with ``COMMAND INFO`` and

- drops a scenario whose *required* commands are missing, with a note;
- keeps a scenario whose *optional* tasks (locust ``@tag``s such as ``hashes``) need missing
  commands, excluding just those tags (``--exclude-tags``), with a note.

Pub/sub fan-out is not here yet: miniredis has no SUBSCRIBE/PUBLISH so far. When it lands, it
becomes one more entry (a publisher class and a subscriber class measuring delivery latency).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["SCENARIOS", "SMOKE", "TAG_COMMANDS", "Plan", "Scenario", "plan"]


@dataclass(frozen=True)
class Scenario:
    """User classes that model one kind of traffic, and the commands they need."""

    user_classes: tuple[str, ...]
    requires: tuple[str, ...]
    description: str
    optional_tags: tuple[str, ...] = ()


TAG_COMMANDS: dict[str, tuple[str, ...]] = {
    "hashes": ("HSET", "HGETALL", "HINCRBY"),
    "sets": ("SADD", "SCARD", "SISMEMBER"),
    "zsets": ("ZINCRBY", "ZREVRANGE"),
}
"""Task tags whose tasks need a command group that a target may not have."""

SCENARIOS: dict[str, Scenario] = {
    "cache": Scenario(
        ("CacheUser",), ("GET", "SET"), "read-heavy cache: Zipf-distributed keys, 90/10 GET/SET"
    ),
    "counters": Scenario(
        ("CounterUser",),
        ("INCR",),
        "write-heavy counters: INCR, and HINCRBY when hashes exist",
        ("hashes",),
    ),
    "pipeline": Scenario(
        ("PipelineUser",),
        ("SET", "GET", "INCR"),
        "pipelined batches of SET/GET/INCR, one request per batch",
    ),
    "queue": Scenario(
        ("QueueProducer", "QueueWorker"),
        ("LPUSH", "BLPOP"),
        "blocking job queue: LPUSH producers, BLPOP workers, job wait measured",
    ),
    "mixed": Scenario(
        ("MixedUser",),
        (
            "SET",
            "GET",
            "MGET",
            "INCRBY",
            "LPUSH",
            "LTRIM",
            "LRANGE",
            "EXPIRE",
            "TTL",
            "EXISTS",
            "DEL",
            "MULTI",
            "EXEC",
        ),
        "mixed data types: strings, lists, keys, MULTI/EXEC (+ hashes, sets, "
        "zsets when they exist)",
        ("hashes", "sets", "zsets"),
    ),
    "churn": Scenario(
        ("ChurnUser",), ("SET", "GET"), "connection churn: connect, SET, GET, disconnect"
    ),
    "swarm": Scenario(
        ("IdleSwarmUser", "CacheUser"),
        ("PING", "GET", "SET"),
        "idle swarm: --idle-connections mostly idle connections + cache users",
    ),
}

SMOKE = ("cache", "counters", "pipeline", "queue", "mixed", "churn", "swarm")
"""The scenarios of the smoke run (each only if the target has its commands)."""


@dataclass
class Plan:
    """What to run against one target: user classes, tags to exclude, and why."""

    user_classes: list[str] = field(default_factory=list)
    exclude_tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def plan(names: tuple[str, ...] | list[str], missing: set[str]) -> Plan:
    """Choose the user classes of ``names`` that can run when ``missing`` commands are absent."""
    result = Plan()
    unknown = [name for name in names if name not in SCENARIOS]
    if unknown:
        raise ValueError(f"unknown scenario(s) {unknown}; known: {sorted(SCENARIOS)}")
    for tag, commands in TAG_COMMANDS.items():
        absent = sorted(set(commands) & missing)
        if absent and any(tag in SCENARIOS[n].optional_tags for n in names):
            result.exclude_tags.append(tag)
            result.notes.append(f"tasks tagged {tag!r} excluded: target lacks {', '.join(absent)}")
    for name in names:
        scenario = SCENARIOS[name]
        absent = sorted(set(scenario.requires) & missing)
        if absent:
            result.notes.append(f"scenario {name!r} left out: target lacks {', '.join(absent)}")
            continue
        for user_class in scenario.user_classes:
            if user_class not in result.user_classes:
                result.user_classes.append(user_class)
    return result


def all_commands(names: tuple[str, ...] | list[str]) -> set[str]:
    """Every command that the scenarios ``names`` may send."""
    commands: set[str] = set()
    for name in names:
        scenario = SCENARIOS[name]
        commands.update(scenario.requires)
        for tag in scenario.optional_tags:
            commands.update(TAG_COMMANDS[tag])
    return commands
