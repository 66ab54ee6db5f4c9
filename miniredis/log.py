"""Log lines in redis-server's format, through the standard ``logging`` module.

Redis writes one line per event (``serverLogRaw`` in server.c)::

    9023:M 24 Nov 2026 05:35:57.493 * Ready to accept connections

that is ``pid:role day Mon year HH:MM:SS.mmm <level> message``, where

- role is ``C`` before the server is set up (config loading, start-up banner) and ``M``
  (master) after; Redis also has ``S`` (replica) and ``X`` (sentinel);
- level is one character: ``.`` debug, ``-`` verbose, ``*`` notice, ``#`` warning.

Tools grep these lines ("Ready to accept connections"), so miniredis keeps the format and
the phrases. Redis's four verbosity levels map onto ``logging``'s: debug -> DEBUG, verbose
-> ``VERBOSE`` (15, added here), notice -> INFO, warning -> WARNING. Every miniredis module
logs to ``logging.getLogger("miniredis")`` (or a child), and ``setup_logging`` gives that
logger the handler and the level from the ``loglevel`` and ``logfile`` directives.

A signal handler's line has its own shape, ``pid:signal-handler (unix-time) message``
(``serverLogFromHandler``); log it with ``extra=SIGNAL_HANDLER``.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import time

VERBOSE = 15
logging.addLevelName(VERBOSE, "VERBOSE")

#: Redis's ``loglevel`` values -> ``logging`` levels.
LEVELS = {"debug": logging.DEBUG, "verbose": VERBOSE, "notice": logging.INFO,
          "warning": logging.WARNING}  # fmt: skip
#: ``extra=`` for a record written the way Redis writes from a signal handler.
SIGNAL_HANDLER = {"signal_handler": True}

_LEVEL_CHARS = ((logging.WARNING, "#"), (logging.INFO, "*"), (VERBOSE, "-"))
# Month names as C's strftime writes them in the "C" locale, whatever the locale is here.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

logger = logging.getLogger("miniredis")
_role = "C"


def set_role(role: str) -> None:
    """Switch the role character: ``C`` while starting up, ``M`` once the server is set up."""
    global _role
    _role = role


def level_char(levelno: int) -> str:
    """Redis's level character for a ``logging`` level."""
    for threshold, char in _LEVEL_CHARS:
        if levelno >= threshold:
            return char
    return "."


class RedisFormatter(logging.Formatter):
    """``pid:role dd Mon yyyy HH:MM:SS.mmm <level> message``."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.exc_info:
            message += "\n" + self.formatException(record.exc_info)
        if getattr(record, "signal_handler", False):
            return f"{record.process}:signal-handler ({int(record.created)}) {message}"
        moment = time.localtime(record.created)
        stamp = (
            f"{moment.tm_mday:02d} {_MONTHS[moment.tm_mon - 1]} {moment.tm_year} "
            f"{time.strftime('%H:%M:%S', moment)}.{int(record.msecs):03d}"
        )
        return f"{record.process}:{_role} {stamp} {level_char(record.levelno)} {message}"


def setup_logging(loglevel: str = "notice", logfile: str = "") -> logging.Handler:
    """Send the ``miniredis`` logger's records to ``logfile`` ("" = stdout) at ``loglevel``.

    Replaces the handler an earlier call installed. A log file is opened for appending and
    reopened if it is moved away (``WatchedFileHandler``), so log rotation works as with
    Redis, which opens the file for every line. Returns the handler.
    """
    for old in list(logger.handlers):
        logger.removeHandler(old)
        old.close()
    handler: logging.Handler
    if logfile:
        handler = logging.handlers.WatchedFileHandler(logfile, mode="a", encoding="utf-8")
    else:
        handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(RedisFormatter())
    logger.addHandler(handler)
    logger.propagate = False
    set_level(loglevel)
    return handler


def set_level(loglevel: str) -> None:
    """Follow the ``loglevel`` directive (also at run time, after CONFIG SET loglevel)."""
    logger.setLevel(LEVELS[loglevel])
