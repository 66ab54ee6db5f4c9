"""``miniredis-server`` and ``python -m miniredis``: the command line of redis-server.

Whatever starts redis-server can start miniredis the same way, because the arguments, the
config file, the messages and the exit codes are Redis's::

    miniredis-server [/path/to/redis.conf] [--directive value ...] [-]
    miniredis-server --port 7777 --save "" --loglevel verbose
    echo 'maxclients 100' | miniredis-server -
    miniredis-server -v        # "Redis server v=7.0.15 ..." (pytest-redis reads this)

- Each ``--name args`` is a config-file line appended after the file (``config.py`` explains
  the grammar), so options override the file.
- A bad directive prints Redis's ``*** FATAL CONFIG FILE ERROR ***`` block on stderr and
  exits 1; a config file that does not open logs ``Fatal error, can't open config file``.
- Directives that miniredis accepts but does not act on (``appendonly yes``) are logged as a
  warning at start-up, and the server starts anyway: pytest-redis and ops scripts pass many.
- Logs use Redis's line format and phrases (``log.py``), on stdout or ``logfile``;
  SIGTERM/SIGINT shut down gracefully with exit code 0; ``pidfile`` is written at start and
  removed at exit; ``daemonize yes`` forks into the background like Redis.
"""

from __future__ import annotations

import contextlib
import os
import struct
import sys
from collections.abc import Sequence

import miniredis
from miniredis import log
from miniredis.config import Config, parse_command_line
from miniredis.errors import ConfigError
from miniredis.log import logger

PROGRAM = "miniredis-server"
# Where Redis puts the pid file of a daemon that was not given one (CONFIG_DEFAULT_PID_FILE).
DEFAULT_PIDFILE = "/var/run/redis.pid"

USAGE = f"""\
Usage: {PROGRAM} [/path/to/redis.conf] [options] [-]
       {PROGRAM} - (read config from stdin)
       {PROGRAM} -v or --version
       {PROGRAM} -h or --help

Examples:
       {PROGRAM} (run the server with default conf)
       echo 'maxmemory 128mb' | {PROGRAM} -
       {PROGRAM} /etc/redis/6379.conf
       {PROGRAM} --port 7777
       {PROGRAM} /etc/myredis.conf --loglevel verbose -
       {PROGRAM} /etc/myredis.conf --loglevel verbose

python -m miniredis takes the same arguments.
"""


def version_line() -> str:
    """``--version``: redis-server's line, with the Redis version first.

    Tools read the first dotted number as the Redis version (pytest-redis searches
    ``\\d+(?:\\.\\d+)+`` and wants at least 2.6), so miniredis's own version goes last.
    """
    bits = struct.calcsize("P") * 8
    return (
        f"Redis server v={miniredis.REDIS_VERSION} sha=00000000:0 malloc=libc bits={bits} "
        f"build=miniredis-{miniredis.__version__}"
    )


def fatal_config_error(error: ConfigError) -> str:
    """The block Redis prints on stderr before exiting 1 (loadServerConfigFromString)."""
    text = f"\n*** FATAL CONFIG FILE ERROR (Redis {miniredis.REDIS_VERSION}) ***\n"
    if error.lineno is not None:
        text += f"Reading the configuration file, at line {error.lineno}\n>>> '{error.line}'\n"
    return text + error.message + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the server as redis-server would; returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ("-v", "--version"):
        print(version_line())
        return 0
    if args and args[0] in ("-h", "--help"):
        sys.stderr.write(USAGE)
        return 1
    log.set_role("C")
    log.setup_logging()  # stdout at notice, until the config names a log file and level
    command_line = parse_command_line(args)
    config = Config()
    try:
        if command_line.read_stdin:
            logger.warning("Reading config from stdin")
        config.load(command_line)
    except OSError as exc:
        logger.warning("Fatal error, can't open config file '%s': %s", exc.filename, exc.strerror)
        return 1
    except ConfigError as exc:
        sys.stderr.write(fatal_config_error(exc))
        sys.stderr.flush()
        return 1
    if config.daemonize and _daemonize():
        return 0  # the parent: the daemon carries on in the child
    os.chdir(config.dir)  # Redis chdir()s while loading; relative paths follow dir
    log.setup_logging(config.loglevel, config.logfile)
    config.add_apply_hook(["loglevel"], lambda changed: log.set_level(changed.loglevel))
    _log_start(config, no_arguments=not args)
    return _serve(config)


def _log_start(config: Config, no_arguments: bool) -> None:
    logger.warning("oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo")
    logger.warning(
        "Redis version=%s, bits=%d, commit=00000000, modified=0, pid=%d, just started",
        miniredis.REDIS_VERSION,
        struct.calcsize("P") * 8,
        os.getpid(),
    )
    if no_arguments:
        logger.warning(
            "Warning: no config file specified, using the default config. In order to "
            "specify a config file use %s /path/to/redis.conf",
            PROGRAM,
        )
    else:
        logger.warning("Configuration loaded")
    logger.info(
        "miniredis version=%s, python=%s",
        miniredis.__version__,
        ".".join(map(str, sys.version_info[:3])),
    )
    for line in config.ignored_lines:
        logger.warning("miniredis ignores the config line '%s'", line)
    for name in config.stored_only_settings():
        shown = config.render(name) or '""'
        logger.warning("'%s %s' is stored for CONFIG GET, but miniredis does not act on it",
                       name, shown)  # fmt: skip


def _serve(config: Config) -> int:
    """Start the server, announce it, block until shutdown, clean up."""
    from miniredis.server import Server  # gevent comes in only now: after daemonizing

    server = Server(config)
    log.set_role("M")
    try:
        server.start()
    except OSError as exc:
        address = config.bind[0] if config.bind else "*"
        logger.warning(
            "Warning: Could not create server TCP listening socket %s:%d: bind: %s",
            address.lstrip("-"),
            config.port,
            exc.strerror or exc,
        )
        logger.warning("Failed listening on port %d (TCP), aborting.", config.port)
        return 1
    pidfile = config.pidfile or (DEFAULT_PIDFILE if config.daemonize else "")
    wrote_pidfile = bool(pidfile) and _write_pidfile(pidfile)
    logger.info("Running mode=standalone, port=%d.", server.port)
    logger.warning("Server initialized")
    logger.info("Ready to accept connections")
    if config.unixsocket:
        logger.info("The server is now ready to accept connections at %s", config.unixsocket)
    try:
        server.serve_forever()
    finally:
        logger.warning("User requested shutdown...")
        if wrote_pidfile:
            logger.info("Removing the pid file.")
            with contextlib.suppress(OSError):
                os.unlink(pidfile)
        if config.unixsocket:
            logger.info("Removing the unix socket file.")
    logger.warning("Redis is now ready to exit, bye bye...")
    return 0


def _write_pidfile(path: str) -> bool:
    """Redis's createPidFile: the pid and a newline; a failure is only a warning."""
    try:
        with open(path, "w") as pid_file:
            pid_file.write(f"{os.getpid()}\n")
    except OSError as exc:
        logger.warning("Failed to write PID file: %s", exc.strerror or exc)
        return False
    return True


def _daemonize() -> bool:
    """Redis's daemonize(): fork, the child starts a new session with stdio on /dev/null.

    Returns True in the parent (which should exit 0), False in the daemon.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    if os.fork():
        return True
    os.setsid()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    if null > 2:
        os.close(null)
    return False
