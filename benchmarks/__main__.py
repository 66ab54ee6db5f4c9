"""``python -m benchmarks`` is ``python -m benchmarks.throughput`` (the end-to-end report)."""

from benchmarks.throughput import main

raise SystemExit(main())
