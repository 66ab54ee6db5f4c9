"""The command table: every command declared once, next to its handler.

Redis keeps one JSON file per command (``src/commands/*.json``) and compiles them into one
table (``commands.def``). ``COMMAND``, ``COMMAND INFO``, ``COMMAND DOCS`` and the dispatcher all
read that table, so the metadata can never drift from the code. miniredis does the same with a
decorator::

    @command("get", arity=2, flags="readonly fast", keys=(1, 1, 1), group="string",
             since="1.0.0", summary="Returns the string value of a key.")
    def get(ctx: Session, key: bytes) -> Reply:
        \"\"\"GET key  ->  bulk string, or null when the key does not exist.\"\"\"

The fields are Redis's own:

- **arity** counts the command name. ``2`` means exactly ``GET key``; ``-3`` means *at least*
  three words (``SET key value [options]``).
- **flags** are Redis's command flags (``write``, ``readonly``, ``fast``, ``denyoom``, ``admin``,
  ``noscript``, ``loading``, ``stale``, ``no_auth``, ``no_multi``, ...). The dispatcher reads
  some of them: ``no_auth`` commands run before AUTH, ``write`` commands are counted as writes.
- **keys** is the legacy ``(first, last, step)`` key range: ``MSET k1 v1 k2 v2`` is ``(1, -1, 2)``.
- **group / since / summary** feed ``COMMAND DOCS``, which redis-cli reads for its hints.
- The handler's docstring starts with the syntax line, which ``COMMAND DOCS`` turns into the
  ``arguments`` list (see ``commands/docs.py``).

Commands with subcommands (``CONFIG GET``, ``CLIENT ID``) are *containers*: ``container()``
declares ``config``, and ``@command("config|get", ...)`` declares a subcommand, exactly like
Redis 7's ``config|get`` names in ``COMMAND INFO`` and in error messages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Handler = Callable[..., Any]

# Flags that Redis turns into ACL categories (acl.c: setImplicitACLCategories).
_IMPLICIT_CATEGORIES = {
    "write": "@write",
    "readonly": "@read",
    "admin": "@admin",
    "pubsub": "@pubsub",
    "blocking": "@blocking",
}
# The order Redis lists ACL categories in (acl.c ACLCommandCategories): COMMAND INFO prints a
# command's categories in this order, whatever order its JSON file names them in.
_ACL_ORDER_TEXT = (
    "@keyspace @read @write @set @sortedset @list @hash @string @bitmap @hyperloglog @geo"
    " @stream @pubsub @admin @fast @slow @blocking @dangerous @connection @transaction @scripting"
)
ACL_CATEGORY_ORDER = tuple(_ACL_ORDER_TEXT.split())
_ACL_RANK = {name: rank for rank, name in enumerate(ACL_CATEGORY_ORDER)}
# Command group -> the ACL category every command of the group carries in Redis's JSON.
_GROUP_CATEGORIES = {
    "string": "@string",
    "generic": "@keyspace",
    "connection": "@connection",
    "hash": "@hash",
    "list": "@list",
    "set": "@set",
    "sorted_set": "@sortedset",
    "transactions": "@transaction",
    "pubsub": "@pubsub",
}


@dataclass(eq=False)
class CommandSpec:
    """One row of the command table (Redis's ``struct redisCommand``)."""

    name: str
    handler: Handler | None
    arity: int
    flags: tuple[str, ...]
    first_key: int
    last_key: int
    step: int
    group: str
    since: str
    summary: str
    acl_categories: tuple[str, ...] = ()
    complexity: str = ""
    doc_flags: tuple[str, ...] = ()
    # COMMAND INFO's "tips" (``nondeterministic_output``, ``request_policy:all_shards``...).
    tips: tuple[str, ...] = ()
    # COMMAND DOCS extras: ((version, change), ...), and for deprecated commands since/instead.
    history: tuple[tuple[str, str], ...] = ()
    deprecated_since: str = ""
    replaced_by: str = ""
    # Key-spec flags, one string per key spec (``"RW access delete"``, ``"OW update"``); empty:
    # derived from ``flags``. See ``commands/introspection.py`` for how specs are built.
    key_specs: tuple[str, ...] = ()
    # (begin index, keynumidx, firstkey, keystep): the *last* key spec finds its keys by a
    # count in the arguments (LMPOP's ``numkeys``) instead of by the legacy range.
    keynum: tuple[int, int, int, int] = ()
    subcommands: dict[bytes, CommandSpec] = field(default_factory=dict)
    parent: CommandSpec | None = None
    # Derived once from ``flags`` so the dispatcher tests a bool, not a tuple, per request.
    name_bytes: bytes = b""
    no_auth: bool = False
    no_multi: bool = False
    is_write: bool = False

    def __post_init__(self) -> None:
        self.name_bytes = self.name.encode()  # CLIENT LIST's cmd=, without encoding per call
        self.no_auth = "no_auth" in self.flags
        self.no_multi = "no_multi" in self.flags
        self.is_write = "write" in self.flags

    @property
    def fullname(self) -> str:
        """``get``, or ``config|get`` for a subcommand: the name Redis uses in errors."""
        return self.name

    @property
    def syntax(self) -> str:
        """The first docstring line of the handler, e.g. ``GET key``."""
        doc = (self.handler.__doc__ or "") if self.handler else ""
        return doc.strip().split("\n", 1)[0].split("  ->", 1)[0].strip()

    def arity_ok(self, argc: int) -> bool:
        """Redis's commandCheckArity: exact for arity > 0, a minimum for arity < 0."""
        return argc == self.arity if self.arity >= 0 else argc >= -self.arity

    def key_positions(self, argc: int) -> range:
        """Indexes (into the full argv) of the key arguments, from the legacy key range."""
        if self.first_key <= 0:
            return range(0)
        last = self.last_key if self.last_key >= 0 else argc + self.last_key
        return range(self.first_key, min(last, argc - 1) + 1, self.step or 1)


# name (lower-case bytes) -> spec. Subcommands live in their container's ``subcommands``.
TABLE: dict[bytes, CommandSpec] = {}


def _categories(flags: tuple[str, ...], group: str, extra: tuple[str, ...]) -> tuple[str, ...]:
    cats = [_IMPLICIT_CATEGORIES[f] for f in flags if f in _IMPLICIT_CATEGORIES]
    if group in _GROUP_CATEGORIES:
        cats.append(_GROUP_CATEGORIES[group])
    cats.extend(extra)
    if "admin" in flags and "@dangerous" not in cats:
        cats.append("@dangerous")
    cats.append("@fast" if "fast" in flags else "@slow")
    seen: dict[str, None] = dict.fromkeys(cats)
    return tuple(sorted(seen, key=lambda cat: _ACL_RANK.get(cat, len(_ACL_RANK))))


def _register(spec: CommandSpec) -> CommandSpec:
    if "|" in spec.name:
        parent_name, sub = spec.name.split("|", 1)
        parent = TABLE[parent_name.encode()]
        if sub.encode() in parent.subcommands:
            raise ValueError(f"command {spec.name!r} declared twice")
        spec.parent = parent
        parent.subcommands[sub.encode()] = spec
    else:
        if spec.name.encode() in TABLE:
            raise ValueError(f"command {spec.name!r} declared twice")
        TABLE[spec.name.encode()] = spec
    return spec


def command(
    name: str,
    *,
    arity: int,
    flags: str = "",
    keys: tuple[int, int, int] = (0, 0, 0),
    group: str,
    since: str,
    summary: str,
    acl: str = "",
    complexity: str = "",
    doc_flags: str = "",
    tips: str = "",
    key_specs: tuple[str, ...] | str = (),
    history: tuple[tuple[str, str], ...] = (),
    deprecated_since: str = "",
    replaced_by: str = "",
    keynum: tuple[int, int, int, int] = (),
) -> Callable[[Handler], Handler]:
    """Declare ``name`` with Redis's metadata and register the decorated function as its handler.

    ``tips`` are COMMAND INFO's tips, space separated. ``key_specs`` gives the flags of each key
    spec (a string, or a tuple of strings for commands with several, e.g. RENAME's
    ``("RW access delete", "OW update")``); when omitted they are derived from ``flags``.
    ``history``, ``deprecated_since`` and ``replaced_by`` are COMMAND DOCS fields, as Redis's.
    ``keynum`` makes the last key spec a ``keynum`` one (``commands/introspection.py``), for
    commands whose ``numkeys`` argument says how many keys follow; they are ``movablekeys``.
    """

    def register(handler: Handler) -> Handler:
        flag_tuple = tuple(flags.split())
        _register(
            CommandSpec(
                name=name,
                handler=handler,
                arity=arity,
                flags=flag_tuple,
                first_key=keys[0],
                last_key=keys[1],
                step=keys[2],
                group=group,
                since=since,
                summary=summary,
                acl_categories=_categories(flag_tuple, group, tuple(acl.split())),
                complexity=complexity,
                doc_flags=tuple(doc_flags.split()),
                tips=tuple(tips.split()),
                key_specs=(key_specs,) if isinstance(key_specs, str) else tuple(key_specs),
                history=history,
                deprecated_since=deprecated_since,
                replaced_by=replaced_by,
                keynum=keynum,
            )
        )
        return handler

    return register


def container(
    name: str,
    *,
    group: str,
    since: str,
    summary: str,
    acl: str = "",
    complexity: str = "Depends on subcommand.",
    arity: int = -2,
    flags: str = "",
    tips: str = "",
    handler: Handler | None = None,
    doc_flags: str = "",
) -> CommandSpec:
    """Declare a command that holds subcommands (``CONFIG``, ``CLIENT``, ``COMMAND``...).

    Its arity is -2 in Redis: the container name alone is a wrong-arity error. The one
    exception in Redis 7.0 is ``COMMAND``, which also runs bare: it passes ``arity=-1`` and a
    ``handler`` for the bare form (the dispatcher calls it when no subcommand word follows),
    plus its own ``flags`` and ``tips``.
    """
    flag_tuple = tuple(flags.split())
    return _register(
        CommandSpec(
            name=name,
            handler=handler,
            arity=arity,
            flags=flag_tuple,
            first_key=0,
            last_key=0,
            step=0,
            group=group,
            since=since,
            summary=summary,
            # a container's JSON names no group category: only what ``acl`` adds, and @slow
            acl_categories=_categories(flag_tuple, "", tuple(acl.split())),
            complexity=complexity,
            doc_flags=tuple(doc_flags.split()),
            tips=tuple(tips.split()),
        )
    )


def all_commands() -> list[CommandSpec]:
    """Every top-level command, in declaration order."""
    return list(TABLE.values())
