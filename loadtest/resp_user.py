"""``RespUser``: a locust user with its own Redis connection, and the options all scenarios share.

Each simulated user owns one :class:`~loadtest.resp_client.RespClient`, created in
``on_start`` and closed in ``on_stop``: 500 users are 500 server connections. A shared client
(or a redis-py ``ConnectionPool``) would instead open only as many connections as there are
requests in flight, which hides the very thing a concurrency test is about.

The target is locust's ``--host``, read as ``redis://[[user]:password@]host:port[/db]``.
The command-line options below are registered with locust's own parser
(``events.init_command_line_parser``), so they also appear, editable, in the web UI's
"Custom parameters" and can be set in ``locust.conf`` or as ``LOCUST_KEY_SPACE=...``.

Importing this module imports locust, which monkey-patches the standard library for gevent:
import it only in a locust process (the ``locust`` command does so before the locustfile).
"""

from __future__ import annotations

import argparse
import contextlib
import random
import resource
from typing import Any

from locust import User, events
from locust.env import Environment
from locust.exception import RescheduleTask

from loadtest.resp_client import BACKENDS, RespClient, RespFailure, parse_target

__all__ = ["RespUser", "add_arguments", "options", "raise_fd_limit"]

DEFAULTS: dict[str, Any] = {
    "key_space": 10_000,
    "value_size": 100,
    "zipf_s": 0.99,
    "get_ratio": 0.9,
    "pipeline_size": 16,
    "queue_count": 4,
    "blpop_timeout": 1.0,
    "idle_connections": 5_000,
    "idle_ping_interval": 1.0,
    "swarm_reset_stats": False,
    "think_time": 0.05,
    "resp_client": "miniredis",
    "resp_protocol": 2,
    "request_timeout": 10.0,
    "prefill": True,
    "min_requests": 0,
    "summary_json": "",
}


@events.init_command_line_parser.add_listener
def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Our options, next to locust's own (``locust --help`` lists them under "Custom")."""
    group = parser.add_argument_group("miniredis load scenarios")
    d = DEFAULTS
    group.add_argument(
        "--key-space",
        type=int,
        default=d["key_space"],
        help="number of distinct keys each scenario draws from",
    )
    group.add_argument(
        "--value-size", type=int, default=d["value_size"], help="bytes per value written by SET"
    )
    group.add_argument(
        "--zipf-s",
        type=float,
        default=d["zipf_s"],
        help="Zipf exponent of key popularity (0 = uniform, ~1 = web cache)",
    )
    group.add_argument(
        "--get-ratio",
        type=float,
        default=d["get_ratio"],
        help="share of GETs in the cache scenario (the rest are SETs)",
    )
    group.add_argument(
        "--pipeline-size",
        type=int,
        default=d["pipeline_size"],
        help="commands per batch in the pipeline scenario",
    )
    group.add_argument(
        "--queue-count",
        type=int,
        default=d["queue_count"],
        help="number of lists the queue scenario spreads jobs over",
    )
    group.add_argument(
        "--blpop-timeout",
        type=float,
        default=d["blpop_timeout"],
        help="seconds a queue worker blocks in BLPOP",
    )
    group.add_argument(
        "--idle-connections",
        type=int,
        default=d["idle_connections"],
        help="connections the idle swarm opens and keeps (mostly) idle",
    )
    group.add_argument(
        "--idle-ping-interval",
        type=float,
        default=d["idle_ping_interval"],
        help="seconds between PINGs on one random idle connection",
    )
    group.add_argument(
        "--swarm-reset-stats",
        type=_yes_no,
        default=d["swarm_reset_stats"],
        help="once the idle swarm is open, reset the statistics so they "
        "measure the steady state, not the connect storm (yes/no; local runs)",
    )
    group.add_argument(
        "--think-time",
        type=float,
        default=d["think_time"],
        help="mean seconds a user waits between tasks (0: no wait)",
    )
    group.add_argument(
        "--resp-client",
        choices=BACKENDS,
        default=d["resp_client"],
        help="wire client: miniredis (lean) or redis-py (what apps use)",
    )
    group.add_argument(
        "--resp-protocol",
        type=int,
        choices=(2, 3),
        default=d["resp_protocol"],
        help="RESP version (3 sends HELLO 3 on connect)",
    )
    group.add_argument(
        "--request-timeout",
        type=float,
        default=d["request_timeout"],
        help="seconds before a connect or reply counts as failed",
    )
    group.add_argument(
        "--prefill",
        type=_yes_no,
        default=d["prefill"],
        help="write the cache keys before the test starts (yes/no)",
    )
    group.add_argument(
        "--min-requests",
        type=int,
        default=d["min_requests"],
        help="exit code 1 if the run made fewer requests than this",
    )
    group.add_argument(
        "--summary-json",
        default=d["summary_json"],
        help="write per-request-name counts and sub-ms percentiles here",
    )


def _yes_no(text: str) -> bool:
    value = text.strip().lower()
    if value in ("1", "yes", "true", "on"):
        return True
    if value in ("0", "no", "false", "off"):
        return False
    raise argparse.ArgumentTypeError(f"expected yes or no, not {text!r}")


def options(environment: Environment | None) -> argparse.Namespace:
    """The parsed options, or the defaults when locust runs without a command line (library)."""
    parsed = getattr(environment, "parsed_options", None)
    merged = dict(DEFAULTS)
    if parsed is not None:
        merged.update({k: v for k, v in vars(parsed).items() if k in DEFAULTS})
    return argparse.Namespace(**merged)


def raise_fd_limit(wanted: int) -> int:
    """Raise this process's open-file limit towards ``wanted`` (never past the hard limit).

    Every connection is a file descriptor; the usual soft limit (1024) stops an idle swarm of
    5,000 at the 1,021st. Returns the soft limit now in force.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        new = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
        soft = new
    return soft


class RespUser(User):
    """A simulated client with one connection of its own. Subclass it and add ``@task``s.

    In a task, ``self.client.execute("GET", key)`` sends one command and returns the reply;
    ``self.client.pipeline([...])`` sends a batch as one request. A failed request has already
    been reported when it raises, and ends the task (locust's ``RescheduleTask``).
    """

    abstract = True
    host = "redis://127.0.0.1:6379/0"
    connect_name = "connect"

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        self.opts = options(environment)
        self.client = self.new_client(self.connect_name)

    def new_client(self, connect_name: str = "connect") -> RespClient:
        """A measured connection to ``--host`` (not yet connected) with the user's options."""
        return RespClient(
            parse_target(self.host or RespUser.host),
            self.environment.events.request.fire,
            backend=self.opts.resp_client,
            protocol=self.opts.resp_protocol,
            timeout=self.opts.request_timeout,
            connect_name=connect_name,
            abort=_reschedule,
        )

    def wait_time(self) -> float:
        """Uniform in [0, 2 x --think-time]: the mean is --think-time, the arrivals spread."""
        think = self.opts.think_time
        return random.uniform(0.0, 2.0 * think) if think > 0 else 0.0

    def on_start(self) -> None:
        # A failed connect is already reported; the first task will try again.
        with contextlib.suppress(RescheduleTask):
            self.client.connect()

    def on_stop(self) -> None:
        self.client.close()


def _reschedule(failure: RespFailure) -> BaseException:
    return RescheduleTask(failure)
