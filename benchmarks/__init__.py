"""miniredis's speed, measured: microbenchmarks (pytest-benchmark) and a throughput report.

- ``python -m pytest benchmarks --benchmark-only`` runs the microbenchmarks: the request
  parser, the reply encoder and the dispatcher, in-process and without sockets, each group
  holding a reference implementation (hiredis, redis-py's parser) measured in the same run.
- ``python -m benchmarks.throughput`` runs ``redis-benchmark`` against miniredis and
  ``redis-server`` side by side and writes ``benchmarks/results/<date>.{json,md,png}``.

``benchmarks/`` is outside pytest's ``testpaths``: ``pytest`` alone never runs it, and nothing
here is a pass/fail speed test. Speed goals are ratios to a reference measured in the same run.
See ``benchmarks/README.md``.
"""
