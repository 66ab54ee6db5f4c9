"""Locust load scenarios for miniredis, Redis, or any server that speaks RESP.

Start with ``README.md`` beside this file. The layout, from the wire up:

- ``resp_client.py``: one measured connection; every command or pipeline fires one locust
  ``request`` event (type ``RESP``, the command as name, sub-millisecond time, failures);
- ``resp_user.py``: ``RespUser``, a locust user with a connection of its own, and the options;
- ``scenarios.py`` (+ ``zipf.py``): the user classes: cache, counters, pipeline, queue,
  mixed, churn, idle swarm;
- ``locustfile.py``: what ``locust -f`` loads, with sub-ms buckets, the verdict and summary;
- ``catalog.py``, ``servers.py``, ``runner.py``: scenarios by name, starting servers, running
  locust (single process or master + workers) as a subprocess;
- ``smoke.py``, ``web.py``, ``compare.py``: ``python -m loadtest.smoke | web | compare``.

Only ``resp_user``, ``scenarios`` and ``locustfile`` import locust (which monkey-patches the
standard library for gevent); everything else is safe to import anywhere, tests included.
"""
