"""The server configuration: redis.conf, the command line, and CONFIG GET / CONFIG SET.

Redis has one configuration, and three ways in:

1. **The config file** (``redis-server /etc/redis.conf``): one directive a line,
   ``keyword arg1 arg2 ...``, split with the same quoting rules as inline commands
   (``requirepass "hello world"``, ``save ""``); ``#`` starts a comment line.
2. **The command line**: ``--port 6380 --save 900 1`` is *appended to the file's text* as
   the lines ``port "6380"`` and ``save "900" "1"``, so options override the file, and an
   error points at a line number of that combined text (``parse_command_line``).
3. **CONFIG SET name value [name value ...]** at run time: every pair is looked up and
   parsed before any is assigned, so a bad pair changes nothing; directives marked
   immutable refuse.

Every directive is declared once in ``config_directives.DIRECTIVES`` with its kind (the
parser and renderer from ``config_types``) and Redis's default, and each one becomes a plain
attribute here, named with underscores: ``cfg.port``, ``cfg.maxclients``,
``cfg.hash_max_listpack_entries``. Values are Python values (``bool``, ``int`` byte counts,
``list[tuple[int, int]]`` for ``save``...); text values are ``str`` decoded from bytes with
UTF-8 and ``surrogateescape``, so ``value.encode("utf-8", "surrogateescape")`` gives back
exactly the bytes a client sent.

Paths (``logfile``, ``pidfile``, ``unixsocket``, ``dbfilename``) are relative to ``dir``, as in
Redis, which ``chdir``s into it; ``resolve_path`` joins them.
"""

from __future__ import annotations

import contextlib
import copy
import glob
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import IO

from miniredis import errors
from miniredis.config_directives import BY_NAME, DEPRECATED, DIRECTIVES, Directive
from miniredis.config_types import ConfigValueError
from miniredis.errors import CommandError, ConfigError, ProtocolError
from miniredis.keyspace.glob import match
from miniredis.protocol.inline import split_args

__all__ = ["Config", "ConfigError", "ConfigValueError", "Directive", "parse_command_line"]

ApplyHook = Callable[["Config"], None]

_GLOB_CHARS = frozenset(b"*?[")
# What sdscatrepr writes for the bytes it escapes (other unprintable bytes become \\xHH).
_REPR_ESCAPES = {ord("\\"): b"\\\\", ord('"'): b'\\"', ord("\n"): b"\\n", ord("\r"): b"\\r",
                 ord("\t"): b"\\t", 7: b"\\a", 8: b"\\b"}  # fmt: skip


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def _raw(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


class Config:
    """Redis's configuration, one attribute per directive, with Redis's defaults.

    ``Config(port=0, save=[])`` overrides defaults with Python values (attribute names).
    The attributes below are the ones miniredis reads; every other directive of Redis 7.0 is
    an attribute too (``cfg.tls_port``), stored for CONFIG GET and never acted upon.
    """

    # networking and clients
    port: int
    bind: list[str]
    unixsocket: str
    unixsocketperm: int
    tcp_backlog: int
    tcp_keepalive: int
    timeout: int
    maxclients: int
    databases: int
    requirepass: str
    proto_max_bulk_len: int
    client_query_buffer_limit: int
    hz: int
    active_expire_effort: int
    protected_mode: bool
    # process and files
    daemonize: bool
    pidfile: str
    loglevel: str
    logfile: str
    dir: str
    enable_debug_command: str
    enable_protected_configs: str
    shutdown_on_sigint: tuple[str, ...]
    shutdown_on_sigterm: tuple[str, ...]
    # features whose settings other modules may read
    maxmemory: int
    maxmemory_policy: str
    notify_keyspace_events: int
    slowlog_log_slower_than: int
    slowlog_max_len: int
    latency_monitor_threshold: int
    busy_reply_threshold: int
    client_output_buffer_limit: dict[str, tuple[int, int, int]]
    hash_max_listpack_entries: int
    hash_max_listpack_value: int
    list_max_listpack_size: int
    set_max_intset_entries: int
    zset_max_listpack_entries: int
    zset_max_listpack_value: int
    save: list[tuple[int, int]]
    appendonly: bool
    appendfsync: str
    dbfilename: str

    def __init__(self, **overrides: object) -> None:
        for directive in DIRECTIVES:
            setattr(self, directive.attr, copy.deepcopy(directive.default))
        self.dir = os.path.realpath(os.getcwd())
        #: The config file's absolute path, "" without one (INFO config_file).
        self.config_file = ""
        #: Lines accepted from a config file but ignored (rename-command, user...).
        self.ignored_lines: list[str] = []
        self._from_file: list[str] = []  # canonical names set by a file or the command line
        self._save_loaded = False
        self._hooks: dict[str, list[ApplyHook]] = {}
        for attr, value in overrides.items():
            if attr.replace("_", "-") not in BY_NAME and attr not in BY_NAME:
                raise TypeError(f"Config has no directive {attr!r}")
            setattr(self, attr, value)

    # --- CONFIG GET ------------------------------------------------------------------------
    def get(self, *patterns: bytes) -> dict[bytes, bytes]:
        """CONFIG GET: ``{name: value}`` for every name matching any of the patterns.

        A pattern with a glob character (``*``, ``?``, ``[``) matches names and aliases,
        ignoring case, but not hidden directives; any other pattern is looked up exactly
        (hidden ones too) and the reply echoes it as spelled (``CONFIG GET PORT`` ->
        ``PORT``). A name matched twice, whatever the case, appears once. Values render as
        Redis renders them: ``yes``/``no``, memory as a byte count, ``save`` as
        ``3600 1 300 100 60 10000``. Redis returns its hash table's order; this returns the
        table's.
        """
        found: dict[bytes, bytes] = {}
        seen: set[bytes] = set()
        for pattern in patterns:
            if _GLOB_CHARS.isdisjoint(pattern):
                directive = BY_NAME.get(_text(pattern).lower())
                if directive is not None and pattern.lower() not in seen:
                    seen.add(pattern.lower())
                    found[pattern] = self._render(directive)
                continue
            for name, directive in BY_NAME.items():
                key = name.encode()
                if directive.hidden or key in seen or not match(pattern, key, nocase=True):
                    continue
                seen.add(key)
                found[key] = self._render(directive)
        return found

    def render(self, name: str) -> str:
        """One directive's value as CONFIG GET shows it (``render("save")``)."""
        return _text(self._render(BY_NAME[name.lower()]))

    def _render(self, directive: Directive) -> bytes:
        return _raw(directive.kind.render(getattr(self, directive.attr)))

    # --- CONFIG SET ------------------------------------------------------------------------
    def set(self, name: bytes, value: bytes, *, local: bool = False) -> None:
        """CONFIG SET of one directive; see ``set_many``."""
        self.set_many([(name, value)], local=local)

    def set_many(self, pairs: Sequence[tuple[bytes, bytes]], *, local: bool = False) -> None:
        """CONFIG SET name value [name value ...]: all pairs apply, or none does.

        Raises ``CommandError`` with Redis 7.0's reply text. In Redis's order: every name is
        checked first (unknown, immutable, protected, duplicate: the first problem wins and
        names the directive as the client spelled it), then every value is parsed (multi-word
        values such as ``save "900 1 300 10"`` are split at single spaces), then all are
        assigned and the apply hooks run. A hook that fails rolls every value back.
        ``local``: the client is on a loopback or unix socket, which lets
        ``enable-protected-configs local`` allow ``dir`` and ``dbfilename``. The caller
        checks that the arguments come in pairs (``ERR syntax error``).
        """
        directives: list[Directive] = []
        for name, _value in pairs:
            directive = BY_NAME.get(_text(name).lower())
            if directive is None:
                raise CommandError(errors.config_set_unknown(name))
            if not directive.mutable:
                raise CommandError(errors.config_set_failed(name, errors.CONFIG_IMMUTABLE))
            if directive.protected and not self._protected_allowed(local):
                raise CommandError(errors.config_set_failed(name, errors.CONFIG_PROTECTED))
            if directive in directives:
                raise CommandError(errors.config_set_failed(name, errors.CONFIG_DUPLICATE))
            directives.append(directive)
        new_values = []
        for (name, raw), directive in zip(pairs, directives, strict=True):
            value = _text(raw)
            words = [value]
            if directive.kind.multi_arg:  # sdssplitlen(value, " "): "" is no words at all
                words = value.split(" ") if value else []
            try:
                new_values.append(directive.kind.parse(words, getattr(self, directive.attr)))
            except ConfigValueError as exc:
                spelled = name.lower()  # Redis names the table entry: the alias, if used
                raise CommandError(errors.config_set_failed(spelled, exc.message)) from None
        old_values = [getattr(self, d.attr) for d in directives]
        for directive, value in zip(directives, new_values, strict=True):
            setattr(self, directive.attr, value)
        changed = [
            (name, directive)
            for (name, _), directive, old, new in zip(
                pairs, directives, old_values, new_values, strict=True
            )
            if old != new
        ]
        self._run_hooks(changed, directives, old_values)

    def add_apply_hook(self, names: Iterable[str], hook: ApplyHook) -> None:
        """Call ``hook(config)`` after a CONFIG SET changes any of ``names``.

        This is Redis's ``apply`` step (``updatePort``, ``applyBind``...): the server rebinds
        its listener after ``port`` changes, the logger follows ``loglevel``. A hook runs once
        per CONFIG SET however many of its names changed; to refuse, it raises
        ``ConfigValueError(reason)``, and the whole CONFIG SET is rolled back (the hooks
        that already ran are called again with the old values) and fails with
        ``CONFIG SET failed (possibly related to argument 'port') - <reason>``.
        """
        for name in names:
            self._hooks.setdefault(BY_NAME[name].name, []).append(hook)

    def _run_hooks(
        self,
        changed: list[tuple[bytes, Directive]],
        directives: list[Directive],
        old_values: list[object],
    ) -> None:
        ran: list[ApplyHook] = []
        for name, directive in changed:
            for hook in self._hooks.get(directive.name, []):
                if hook in ran:
                    continue
                ran.append(hook)
                try:
                    hook(self)
                except ConfigValueError as exc:
                    for restored, old in zip(directives, old_values, strict=True):
                        setattr(self, restored.attr, old)
                    for undo in ran:  # best effort, as Redis's restoreBackupConfig
                        with contextlib.suppress(ConfigValueError):
                            undo(self)
                    raise CommandError(
                        errors.config_set_failed(name.lower(), exc.message)
                    ) from None

    def _protected_allowed(self, local: bool) -> bool:
        setting = self.enable_protected_configs
        return setting == "yes" or (setting == "local" and local)

    # --- config file and command line --------------------------------------------------------
    @classmethod
    def from_argv(cls, argv: Sequence[str], stdin: IO[bytes] | None = None) -> Config:
        """A Config from redis-server's arguments (without the program name).

        ``[/path/to/redis.conf] [--name arg ...] [-]``: see ``parse_command_line``. Raises
        ``ConfigError`` for a bad directive and ``OSError`` for a config file that does not
        open (``OSError.filename`` names it).
        """
        command_line = parse_command_line(argv)
        config = cls()
        config.load(command_line, stdin)
        return config

    def load(self, command_line: CommandLine, stdin: IO[bytes] | None = None) -> None:
        """Load the file, then stdin (with ``-``), then the options, as one text."""
        text = b""
        if command_line.config_file is not None:
            self.config_file = os.path.abspath(command_line.config_file)
            text += _read_config_file(self.config_file)
        if command_line.read_stdin:
            text += (stdin or sys.stdin.buffer).read()
        self.load_text(text + b"\n" + command_line.options)
        self.check_after_load()

    def load_text(self, text: bytes) -> None:
        """Apply every line of config-file text; a bad line raises ``ConfigError``.

        Lines are trimmed; empty lines and lines starting with ``#`` are skipped (a ``#``
        later in a line is an ordinary argument, as in Redis).
        """
        for lineno, raw_line in enumerate(text.split(b"\n"), start=1):
            line = raw_line.strip(b" \t\r\n")
            if not line or line.startswith(b"#"):
                continue
            try:
                words = split_args(line)
            except ProtocolError:
                raise ConfigError(errors.CONFIG_UNBALANCED_QUOTES, lineno, _text(line)) from None
            if not words:
                continue
            try:
                self.apply_directive(_text(words[0]), [_text(word) for word in words[1:]])
            except ConfigError as exc:
                if exc.lineno is not None:  # from a file this line included: already placed
                    raise
                raise ConfigError(exc.message, lineno, _text(line)) from None

    def apply_directive(self, name: str, args: list[str]) -> None:
        """One config-file line, already split: ``apply_directive("save", ["900", "1"])``.

        Raises ``ConfigError`` with Redis's reason (``load_text`` adds the line number).
        A multi-word directive given one non-empty word is split again, so that
        ``--save "900 1 300 10"`` works. Each ``save`` line adds save points; the first
        one drops the defaults, ``save ""`` drops them all.
        """
        try:
            self._apply_directive(name.lower(), args)
        except ConfigValueError as exc:
            raise ConfigError(exc.message) from None

    def _apply_directive(self, name: str, args: list[str]) -> None:
        directive = BY_NAME.get(name)
        if directive is None:
            self._apply_other(name, args)
            return
        kind = directive.kind
        if not kind.multi_arg and len(args) != 1:
            raise ConfigValueError(errors.CONFIG_WRONG_ARGS)
        if kind.multi_arg and len(args) == 1 and args[0]:
            try:
                args = [_text(word) for word in split_args(_raw(args[0]))]
            except ProtocolError:
                args = []  # Redis passes sdssplitargs's NULL on: no arguments
        value = kind.parse(args, getattr(self, directive.attr))
        if directive.name == "save":
            if self._save_loaded and args != [""]:
                value = self.save + value
            self._save_loaded = True
        setattr(self, directive.attr, value)
        self._from_file.append(directive.name)

    def _apply_other(self, name: str, args: list[str]) -> None:
        """The directives outside the table (loadServerConfigFromString's if/else chain)."""
        line = " ".join([name, *args])
        if name in DEPRECATED and len(args) == 1:
            return
        if name == "include" and len(args) == 1:
            self.load_text(_read_config_file(self.resolve_path(args[0])))
        elif (name == "rename-command" and len(args) == 2) or (name == "user" and args):
            self.ignored_lines.append(line)
        elif name == "loadmodule" and args:
            raise ConfigValueError(errors.CONFIG_NO_MODULES)
        elif "." in name:  # a module's config: without modules, Redis aborts at start
            if not args:
                raise ConfigValueError(errors.CONFIG_MODULE_NO_VALUE)
            raise ConfigValueError(errors.CONFIG_MODULE_NOT_LOADED)
        elif name == "sentinel":
            raise ConfigValueError(errors.CONFIG_SENTINEL_DIRECTIVE if args else
                                   errors.CONFIG_NO_SENTINEL)  # fmt: skip
        else:
            raise ConfigValueError(errors.CONFIG_BAD_DIRECTIVE)

    def check_after_load(self) -> None:
        """Redis's checks after the last line: the logfile must open for appending."""
        if self.logfile:
            try:
                with open(self.resolve_path(self.logfile), "a"):
                    pass
            except OSError as exc:
                raise ConfigError(errors.config_log_file(exc.strerror or str(exc))) from None

    # --- helpers for the server and the command line -------------------------------------
    def bind_addresses(self) -> list[tuple[str, bool]]:
        """``bind`` as socket addresses: a list of ``(host, optional)``.

        Redis reads ``*`` as every IPv4 address (``0.0.0.0``) and ``::*`` as every IPv6
        address (``::``); a leading ``-`` makes an address optional: when it cannot be bound
        because the address or its family is not available here (EADDRNOTAVAIL,
        EAFNOSUPPORT: a host without IPv6), Redis skips it instead of failing. The default,
        ``* -::*``, is therefore "all IPv4, and all IPv6 if there is IPv6".
        """
        addresses = []
        for address in self.bind:
            optional = address.startswith("-")
            host = address[1:] if optional else address
            addresses.append(({"*": "0.0.0.0", "::*": "::"}.get(host, host), optional))
        return addresses

    def resolve_path(self, path: str) -> str:
        """A path from the config, as Redis opens it: relative to ``dir``."""
        return os.path.join(self.dir, path)

    def stored_only_settings(self) -> list[str]:
        """Directives a file or the command line set to ask for what miniredis does not do.

        Those set to a non-default value that turns something on (``appendonly yes``, save
        points, ``maxmemory 1gb``), not those that turn a stored-only feature off
        (``save ""``, ``rdbcompression no``): the command line logs a warning for each, so
        nobody believes that ``appendonly yes`` persists anything.
        """
        names = []
        for name in dict.fromkeys(self._from_file):
            directive = BY_NAME[name]
            value = getattr(self, directive.attr)
            if not directive.used and value and value != directive.default:
                names.append(name)
        return names


def _read_config_file(path: str) -> bytes:
    """A config file's bytes; a name with glob characters reads every match (maybe none)."""
    if any(char in path for char in "*?["):
        return b"".join(_read_config_file(found) for found in sorted(glob.glob(path)))
    with open(path, "rb") as config_file:
        return config_file.read()


# --- the command line ----------------------------------------------------------------------


@dataclass(frozen=True)
class CommandLine:
    """What redis-server's ``main()`` makes of its arguments."""

    config_file: str | None
    read_stdin: bool
    options: bytes  # the config text the ``--name args`` options stand for


def parse_command_line(argv: Sequence[str]) -> CommandLine:
    """Redis's argument grammar (``main()`` in server.c), arguments without the program name.

    - A first argument not starting with ``-`` is the config file.
    - ``-`` as the first or last argument reads more config from stdin.
    - ``--name`` starts a new config line ``name``; each following argument is appended to
      it, quoted (``sdscatrepr``), so ``--requirepass "a b"`` is the line
      ``requirepass "a b"``. The argument right after a bare ``--name`` is always a value,
      even one starting with ``--`` (``--requirepass --x``). A single argument holding
      spaces, ``"--save 900 1"``, is copied raw and so splits into words.
    - ``--save`` followed by another option or by nothing means ``save ""``; ``--sentinel``
      takes no value.

    ``-v``/``--version`` and ``-h``/``--help`` are the caller's business (first argument).
    """
    args = [os.fsencode(arg) for arg in argv]
    config_file = None
    start = 0
    if args and not args[0].startswith(b"-"):
        config_file, start = argv[0], 1
    options = b""
    read_stdin = False
    value_expected = False  # the previous argument was a bare --name
    for index in range(start, len(args)):
        arg = args[index]
        last = index == len(args) - 1
        if arg == b"-" and (index == 0 or last):
            read_stdin = True
        elif not value_expected and arg.startswith(b"--"):
            if options:
                options += b"\n"
            options += arg[2:] + b" "
            try:
                words = len(split_args(arg))
            except ProtocolError:
                words = 0
            value_expected = words == 1
            if value_expected and (last or args[index + 1].startswith(b"--")):
                if arg.lower() == b"--save":
                    options += b'""'
                    value_expected = False
                elif arg.lower() == b"--sentinel":  # a flag: never takes the next option
                    value_expected = False
        else:
            options += _repr_arg(arg) + b" "
            value_expected = False
    return CommandLine(config_file, read_stdin, options)


def _repr_arg(arg: bytes) -> bytes:
    """Redis's ``sdscatrepr``: a double-quoted string that ``split_args`` reads back."""
    out = bytearray(b'"')
    for byte in arg:
        if byte in _REPR_ESCAPES:
            out += _REPR_ESCAPES[byte]
        elif 0x20 <= byte < 0x7F:
            out.append(byte)
        else:
            out += b"\\x%02x" % byte
    return bytes(out + b'"')
