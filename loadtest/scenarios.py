"""The load scenarios: one locust user class per kind of client, each on its own connection.

=================  ===============================================================  =========
user class         what each simulated client does                                  tags
=================  ===============================================================  =========
``CacheUser``      GET a Zipf-popular key (``--get-ratio`` 0.9), else SET it        cache
``CounterUser``    INCR a Zipf-popular counter; HINCRBY a hash field                counters,
                                                                                    hashes
``PipelineUser``   one batch of ``--pipeline-size`` SET/GET/INCR, one round trip    pipeline
``QueueProducer``  LPUSH a job (its enqueue time) on one of ``--queue-count`` lists queue
``QueueWorker``    BLPOP the lists; reports each job's wait as a ``QUEUE`` request  queue
``MixedUser``      strings, lists, keys, MULTI/EXEC; hashes, sets, zsets            mixed, ...
``ChurnUser``      connect, SET, GET, disconnect: a new connection every task       churn
``IdleSwarmUser``  opens ``--idle-connections`` connections and keeps them idle     swarm
=================  ===============================================================  =========

Run several at once and locust spreads users over them by ``weight`` (all 1 here); change the
mix with ``--config-users '[{"user_class_name": "CacheUser", "weight": 5}]'`` or in the web
UI's class picker (``--class-picker``). Name classes on the command line to run only those.
Tasks that need a command group a server may lack carry its name as a tag (``hashes``,
``sets``, ``zsets``): ``--exclude-tags hashes`` leaves them out; ``catalog.py`` decides this
automatically for the runners.

Keys are ``<scenario>:<n>`` with ``n`` drawn from a Zipf distribution over ``--key-space``
keys (rank 0 most popular): real caches are skewed, and a skewed key set is what makes hot
keys hot. Each scenario has its own prefix and type, so no command meets a WRONGTYPE key and a
smoke run can demand zero failures.

Pub/sub fan-out is not here: miniredis has no SUBSCRIBE/PUBLISH yet.
"""

from __future__ import annotations

import logging
import random
import time
from typing import Any

import gevent
from gevent.pool import Pool
from locust import constant, events, tag, task
from locust.env import Environment
from locust.exception import RescheduleTask
from locust.runners import LocalRunner, WorkerRunner

from loadtest.resp_client import RespClient, parse_target
from loadtest.resp_user import RespUser, options, raise_fd_limit
from loadtest.zipf import zipf

__all__ = [
    "CacheUser",
    "ChurnUser",
    "CounterUser",
    "IdleSwarmUser",
    "MixedUser",
    "PipelineUser",
    "QueueProducer",
    "QueueWorker",
]

log = logging.getLogger(__name__)


class _KeyedUser(RespUser):
    """A user that draws keys from the Zipf distribution and writes ``--value-size`` values."""

    abstract = True

    def on_start(self) -> None:
        self.keys = zipf(self.opts.key_space, self.opts.zipf_s)
        self.value = b"x" * self.opts.value_size
        super().on_start()

    def key(self, prefix: str) -> str:
        return f"{prefix}:{self.keys.draw()}"


class CacheUser(_KeyedUser):
    """A read-through cache client: mostly GETs on popular keys, some SETs (refreshes)."""

    @tag("cache")
    @task
    def get_or_set(self) -> None:
        key = self.key("cache")
        if random.random() < self.opts.get_ratio:
            self.client.execute("GET", key)
        else:
            self.client.execute("SET", key, self.value)


class CounterUser(_KeyedUser):
    """Page-view style counters: every request is a write to a hot key."""

    @tag("counters")
    @task(3)
    def incr(self) -> None:
        self.client.execute("INCR", self.key("counter"))

    @tag("counters", "hashes")
    @task(1)
    def hincrby(self) -> None:
        rank = self.keys.draw()
        self.client.execute("HINCRBY", f"counters:{rank % 100}", f"field:{rank}", 1)


class PipelineUser(_KeyedUser):
    """Batches: ``--pipeline-size`` commands written at once, replies read together."""

    @tag("pipeline")
    @task
    def batch(self) -> None:
        commands: list[tuple[Any, ...]] = []
        for i in range(self.opts.pipeline_size):
            key = self.key("pipe")
            match i % 3:
                case 0:
                    commands.append(("SET", key, self.value))
                case 1:
                    commands.append(("GET", key))
                case _:
                    commands.append(("INCR", self.key("pipecount")))
        self.client.pipeline(commands)


def _queue_name(user: RespUser) -> str:
    return f"queue:{random.randrange(max(1, user.opts.queue_count))}"


class QueueProducer(RespUser):
    """Pushes jobs; a job's body is the time it was pushed, so workers can measure its wait."""

    @tag("queue")
    @task
    def push(self) -> None:
        self.client.execute("LPUSH", _queue_name(self), repr(time.time()))


class QueueWorker(RespUser):
    """Blocks in BLPOP on all queues; each job's wait becomes a ``QUEUE``/``job wait`` request.

    The ``BLPOP`` row's times include the blocking (up to ``--blpop-timeout``); the
    ``job wait`` row is the end-to-end latency a job saw, from LPUSH to the worker.
    """

    wait_time = constant(0)

    @tag("queue")
    @task
    def pop(self) -> None:
        queues = [f"queue:{i}" for i in range(max(1, self.opts.queue_count))]
        reply = self.client.execute("BLPOP", *queues, self.opts.blpop_timeout)
        if reply is None:
            return  # timed out: no job in --blpop-timeout seconds; not a failure
        _, body = reply
        waited_ms = (time.time() - float(body)) * 1000.0
        self.environment.events.request.fire(
            request_type="QUEUE",
            name="job wait (LPUSH to BLPOP)",
            response_time=max(waited_ms, 0.0),
            response_length=len(body),
            exception=None,
            context={},
        )


class MixedUser(_KeyedUser):
    """An application that uses a bit of everything, each data type under its own prefix."""

    @tag("mixed")
    @task(4)
    def strings(self) -> None:
        key = self.key("mixed:str")
        self.client.execute("SET", key, self.value, "EX", 300)
        self.client.execute("GET", key)
        self.client.execute("MGET", *(self.key("mixed:str") for _ in range(5)))
        self.client.execute("INCRBY", self.key("mixed:num"), random.randint(1, 10))

    @tag("mixed")
    @task(2)
    def lists(self) -> None:
        key = f"mixed:list:{self.keys.draw() % 100}"
        self.client.execute("LPUSH", key, self.value)
        self.client.execute("LTRIM", key, 0, 99)
        self.client.execute("LRANGE", key, 0, 9)

    @tag("mixed")
    @task(2)
    def keys_and_ttl(self) -> None:
        key = self.key("mixed:tmp")
        self.client.execute("SET", key, self.value)
        self.client.execute("EXPIRE", key, 60)
        self.client.execute("TTL", key)
        self.client.execute("EXISTS", key)
        self.client.execute("DEL", key)

    @tag("mixed")
    @task(1)
    def transaction(self) -> None:
        rank = self.keys.draw()
        self.client.pipeline(
            [
                ("INCR", f"mixed:txcount:{rank}"),
                ("LPUSH", f"mixed:txlog:{rank % 100}", rank),
                ("LTRIM", f"mixed:txlog:{rank % 100}", 0, 49),
            ],
            transaction=True,
        )

    @tag("mixed", "hashes")
    @task(2)
    def hashes(self) -> None:
        key = f"mixed:hash:{self.keys.draw()}"
        self.client.execute("HSET", key, "name", self.value, "visits", random.randint(1, 99))
        self.client.execute("HGETALL", key)

    @tag("mixed", "sets")
    @task(1)
    def sets(self) -> None:
        key = f"mixed:set:{self.keys.draw() % 100}"
        self.client.execute("SADD", key, self.keys.draw())
        self.client.execute("SISMEMBER", key, self.keys.draw())
        self.client.execute("SCARD", key)

    @tag("mixed", "zsets")
    @task(1)
    def zsets(self) -> None:
        key = f"mixed:board:{self.keys.draw() % 10}"
        self.client.execute("ZINCRBY", key, 1, f"player:{self.keys.draw()}")
        self.client.execute("ZREVRANGE", key, 0, 9, "WITHSCORES")


class ChurnUser(_KeyedUser):
    """Short-lived clients (think CGI scripts or serverless functions): a connection per task.

    The per-task connections are reported as ``churn connect``; the user's own long-lived
    connection is not used.
    """

    @tag("churn")
    @task
    def connect_use_close(self) -> None:
        client = self.new_client("churn connect")
        try:
            key = self.key("churn")
            client.execute("SET", key, self.value)
            client.execute("GET", key)
        finally:
            client.close()

    def on_start(self) -> None:
        self.keys = zipf(self.opts.key_space, self.opts.zipf_s)
        self.value = b"x" * self.opts.value_size  # no long-lived connection to open


class IdleSwarmUser(RespUser):
    """Opens ``--idle-connections`` connections and holds them, mostly idle.

    There is exactly one of these per test (``fixed_count = 1``, on one worker in a
    distributed run). It opens the connections 64 at a time (so the server's accept backlog is
    not flooded), each reported as ``idle connect``; then every ``--idle-ping-interval``
    seconds it sends ``PING`` on one random idle connection (``PING (idle)``), proving they
    are still served. Run it next to active users (``CacheUser``) to see what thousands of
    idle clients cost the active ones: their p99 against the same run without the swarm.
    With ``--swarm-reset-stats yes`` the statistics restart once every connection is open,
    so they measure the steady state rather than the connect storm.
    """

    fixed_count = 1

    def on_start(self) -> None:
        count = max(0, self.opts.idle_connections)
        raise_fd_limit(count + 2048)
        self.idle: list[RespClient] = []
        pool = Pool(64)
        started = time.perf_counter()
        for _ in range(count):
            pool.spawn(self._open_one)
        pool.join()
        log.info(
            "idle swarm: %d of %d connections open after %.2f s",
            len(self.idle),
            count,
            time.perf_counter() - started,
        )
        if self.opts.swarm_reset_stats and isinstance(self.environment.runner, LocalRunner):
            if len(self.idle) < count:  # keep the failed connects in the report
                log.warning("statistics not reset: %d idle connects failed", count - len(self.idle))
            else:
                self.environment.runner.stats.reset_all()
                log.info("statistics reset: from now on they measure the swarm's steady state")

    def _open_one(self) -> None:
        client = self.new_client("idle connect")
        try:
            client.connect()
        except RescheduleTask:
            return  # reported as a failed "idle connect"
        self.idle.append(client)

    def wait_time(self) -> float:
        return self.opts.idle_ping_interval

    @tag("swarm")
    @task
    def ping_one(self) -> None:
        if self.idle:
            random.choice(self.idle).execute("PING", name="PING (idle)")

    def on_stop(self) -> None:
        for client in self.idle:
            client.close()
        self.idle.clear()
        gevent.sleep(0)


@events.test_start.add_listener
def prefill(environment: Environment, **_: Any) -> None:
    """Write every ``cache:<n>`` key once before the users start, so GETs hit.

    Runs in the master or the single local process, not in workers (which would write the
    same keys again). Uses the lean client directly: these writes are setup, not load, and are
    not counted.
    """
    opts = options(environment)
    if not opts.prefill or isinstance(environment.runner, WorkerRunner):
        return
    if environment.user_classes and not any(
        cls.__name__ in ("CacheUser", "IdleSwarmUser") for cls in environment.user_classes
    ):
        return
    from miniredis.client import Client

    target = parse_target(environment.host or RespUser.host)
    value = b"x" * opts.value_size
    try:
        with Client(target.host, target.port, password=target.password, timeout=30) as client:
            if target.db:
                client.execute("SELECT", target.db)
            for start in range(0, opts.key_space, 500):
                pairs: list[Any] = []
                for n in range(start, min(start + 500, opts.key_space)):
                    pairs += (f"cache:{n}", value)
                client.execute("MSET", *pairs)
    except OSError as exc:
        log.warning("prefill skipped, %s unreachable: %s", target.url, exc)
        return
    log.info("prefilled %d cache keys of %d bytes", opts.key_space, opts.value_size)
