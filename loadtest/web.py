"""Start a server and locust's web UI against it (``tox -e load``).

::

    python -m loadtest.web                        # miniredis on a free port, UI on :8089
    python -m loadtest.web --target redis         # real redis-server instead
    python -m loadtest.web --target redis://127.0.0.1:6379/0   # a server you run yourself
    python -m loadtest.web -- --autostart -u 100 -r 20 -t 60s --autoquit 10   # hands-off

Open http://127.0.0.1:8089, pick user classes (the class picker lists the scenarios the
target can serve; see ``catalog.py``), set the number of users and the custom parameters
(``--key-space``, ``--value-size``, ``--idle-connections``...), press START. Stop with Ctrl-C:
the server started here stops with it. The web UI listens on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys

from loadtest.catalog import SCENARIOS, all_commands, plan
from loadtest.runner import LOCUSTFILE
from loadtest.servers import REPO_ROOT, missing_commands, running_server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m loadtest.web",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--target",
        default="miniredis",
        help="miniredis, redis, or the redis:// URL of a running server",
    )
    parser.add_argument("--web-port", type=int, default=8089)
    parser.add_argument("locust_args", nargs="*", help="more locust options, after --")
    args = parser.parse_args(argv)

    if args.target.startswith("redis://"):
        server: contextlib.AbstractContextManager[str] = contextlib.nullcontext(args.target)
    else:
        server = running_server(args.target)
    with server as url:
        names = list(SCENARIOS)
        chosen = plan(names, missing_commands(url, all_commands(names)))
        for note in chosen.notes:
            print(f"note: {note}", flush=True)
        argv_ = [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(LOCUSTFILE),
            "--host",
            url,
            "--web-host",
            "127.0.0.1",
            "--web-port",
            str(args.web_port),
            "--class-picker",
            *chosen.user_classes,
            *args.locust_args,
        ]
        if chosen.exclude_tags:
            argv_ += ["--exclude-tags", *chosen.exclude_tags]
        print(f"target {url}; web UI on http://127.0.0.1:{args.web_port}", flush=True)
        print("+", " ".join(argv_), flush=True)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
        with contextlib.suppress(KeyboardInterrupt):
            return subprocess.run(argv_, env=env, check=False).returncode
    return 130


if __name__ == "__main__":
    sys.exit(main())
