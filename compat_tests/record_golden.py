"""Record golden transcripts (and Redis's command list) from a real redis-server.

``python -m compat_tests.record_golden`` starts ``redis-server`` on a free loopback port, runs
every script in :data:`SCRIPTS` on a fresh connection (after ``FLUSHDB``), and writes what
Redis answered, byte for byte, to ``compat_tests/golden/<name>.txt`` (format:
:mod:`compat_tests.golden_format`). Each script is run twice; if the two runs differ the
script is nondeterministic and recording fails: mark such requests ``~`` (sent, reply not
compared) or rewrite them. ``test_golden.py`` replays the files against every target, so the
oracle is checked even on machines without redis-server.

``--commands`` also refreshes ``compat_tests/redis_commands.json``: every command and
subcommand from the server's ``COMMAND`` and ``COMMAND DOCS`` replies (name, arity, flags,
group, summary, since), the list ``python -m compat_tests.report`` reports on.
``--only NAME`` records one script. Add a script when a command group lands in miniredis;
scripts use only the connection's own database, so they run on URL targets too.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import hiredis

from compat_tests.golden_format import Exchange, format_transcript, parse_request
from compat_tests.rawclient import RawClient

HERE = Path(__file__).resolve().parent
GOLDEN_DIR = HERE / "golden"
COMMANDS_FILE = HERE / "redis_commands.json"

# name -> script: one request per line (``~`` first: reply not compared), ``#`` comments.
SCRIPTS: dict[str, str] = {
    "connection": r"""
        PING
        PING "hello world"
        PING a b
        ECHO "\x00\xff\r\n"
        ECHO
        SELECT x
        SELECT 16
        SELECT
        AUTH pw
        AUTH a b c
        CLIENT SETNAME "a b"
        CLIENT SETNAME conn1
        CLIENT GETNAME
        CLIENT SETNAME ""
        CLIENT GETNAME
        CLIENT NOSUCH
        HELLO 4
        HELLO x
        HELLO 2 SETNAME
        HELLO 2 AUTH
    """,
    "errors": r"""
        NOSUCHCOMMAND a "b c" 1
        nosuch
        ""
        GET
        GET a b
        SET k
        SET k v EX
        SET k v EX 0
        SET k v EX -1
        SET k v EX x
        SET k v NX XX
        SET k v PX 9223372036854775807
        SET k v FOO
        RPUSH l a
        GET l
        INCR l
        APPEND l x
        LPUSH k2 x
        SET s v
        LPUSH s x
        LRANGE s 0 -1
        CONFIG NOSUCH
        CLIENT
        COMMAND NOSUCH
        EXPIRE s 10 NX XX
        EXPIRE s 10 FOO
        EXPIRE s x
    """,
    "error_newlines": r"""
        # Redis trims CR/LF from the end of a formatted error, then maps the rest to spaces.
        SET k v
        PEXPIRE k 1 "\r"
        PEXPIRE k 1 "a\r\n"
        PEXPIRE k 1 "a\nb"
        "NOSUCH\r\n" x
        CLIENT "NOSUCH\n"
    """,
    "strings": r"""
        SET k v
        GET k
        SET "" "empty key"
        GET ""
        SET "\x00\xff" "\r\n\x00"
        GET "\x00\xff"
        SET k v2 GET
        SET k v3 NX
        SET k v3 XX GET
        SET new v XX
        SET new v NX GET
        GETSET k v4
        GETDEL k
        GETDEL k
        SETNX k a
        SETNX k b
        MSET a 1 b 2 c 3
        MSET a
        MGET a b nosuch c
        MSETNX a 9 z 9
        MSETNX y 1 z 2
        MGET y z
        APPEND k bc
        APPEND nosuch x
        STRLEN k
        STRLEN nosuch
        SET r "Hello World"
        GETRANGE r 0 4
        GETRANGE r -5 -1
        GETRANGE r 5 2
        GETRANGE r 0 1000
        GETRANGE r -1000 -999
        SUBSTR r 0 0
        SETRANGE r 6 Redis
        SETRANGE r 20 "!"
        GET r
        SETRANGE r -1 x
        SETRANGE fresh 0 ""
        EXISTS fresh
        SETRANGE fresh 3 x
        GET fresh
        SET lcs1 ohmytext
        SET lcs2 mynewtext
        LCS lcs1 lcs2
        LCS lcs1 lcs2 LEN
        LCS lcs1 lcs2 IDX
        LCS lcs1 lcs2 IDX MINMATCHLEN 4 WITHMATCHLEN
        SETEX e 100 v
        SETEX e 0 v
        PSETEX e x v
        GETEX nosuch
        GETEX e PERSIST
        GETEX e EX 0
        GETEX e EX 10 PX 10
    """,
    "numbers": r"""
        INCR n
        INCRBY n 41
        DECR n
        DECRBY n -10
        INCRBY n x
        INCRBY n 1.5
        SET n 9223372036854775807
        INCR n
        SET n -9223372036854775808
        DECR n
        DECRBY n -9223372036854775808
        SET n " 1"
        INCR n
        SET n 01
        INCR n
        SET f 10.50
        INCRBYFLOAT f 0.1
        INCRBYFLOAT f -5.0e3
        INCRBYFLOAT f 5.0e3
        INCRBYFLOAT f abc
        INCRBYFLOAT f inf
        INCRBYFLOAT f ""
        SET f 3.0e3
        INCRBYFLOAT f 200
        INCRBYFLOAT newf 1e-3
        SET big 1
        INCRBYFLOAT big 1e300
    """,
    "keys": r"""
        MSET a 1 b 2 "c d" 3
        EXISTS a b nosuch a
        TOUCH a nosuch
        TYPE a
        TYPE nosuch
        RPUSH l x
        TYPE l
        DEL a nosuch l
        UNLINK b
        KEYS *
        RENAME "c d" e
        RENAME nosuch x
        RENAME e e
        SET f 1
        RENAMENX e f
        RENAMENX e g
        COPY g h
        COPY g h
        COPY g h REPLACE
        COPY g g
        COPY g h DB x
        GET h
        DBSIZE
        DEL g h f
        RANDOMKEY
        SET only 1
        RANDOMKEY
        SCAN 0 MATCH nomatch
        SCAN x
        SCAN 0 COUNT 0
        SCAN 0 TYPE
        FLUSHDB
        DBSIZE
        FLUSHDB SYNC
        FLUSHDB x
    """,
    "expire": r"""
        SET k v
        TTL k
        PTTL k
        EXPIRETIME k
        TTL nosuch
        PEXPIREAT k 4102444800000
        PEXPIRETIME k
        EXPIRETIME k
        EXPIREAT k 4102444800 GT
        EXPIREAT k 4102444801 GT
        EXPIRETIME k
        PEXPIREAT k 4102444800500 LT
        PEXPIRETIME k
        EXPIRETIME k
        PEXPIREAT k 4102444800000 NX
        PEXPIREAT k 1 XX LT
        EXISTS k
        SET k v
        PEXPIREAT k 1 XX
        PEXPIRE k 100000 XX
        PEXPIRE k 100000 NX
        PERSIST k
        PERSIST k
        PEXPIRE k 0
        EXISTS k
        SET k v
        EXPIRE k -1
        GET k
        SET k v
        EXPIRE k 9223372036854775807
        PEXPIRE k 9223372036854775807
        EXPIREAT k 9223372036854775807
        EXPIRE k 10 NX GT
        EXPIRE k 10 LT GT
        SET k v PXAT 4102444800000
        PEXPIRETIME k
        SET k v2 KEEPTTL
        PEXPIRETIME k
        SET k v3
        PEXPIRETIME k
        PEXPIREAT nosuch 4102444800000
    """,
    "lists": r"""
        LPUSH l a b c
        RPUSH l d "" "\x00"
        LRANGE l 0 -1
        LLEN l
        LINDEX l 0
        LINDEX l -1
        LINDEX l 100
        LINDEX l x
        LPUSHX nosuch a
        RPUSHX l e
        LPOP l
        RPOP l 2
        LPOP l 0
        LPOP l -1
        RPOP nosuch
        RPOP nosuch 1
        LSET l 0 z
        LSET l 100 z
        LSET nosuch 0 z
        LINSERT l BEFORE z y
        LINSERT l AFTER nosuch y
        LINSERT l MIDDLE z y
        LRANGE l 0 -1
        RPUSH r a b a c a
        LREM r 2 a
        LREM r -1 a
        LRANGE r 0 -1
        LPOS r c
        LPOS r a RANK -1
        LPOS r a RANK 0
        LPOS r b COUNT 0 MAXLEN 10
        LTRIM r 1 -1
        LRANGE r 0 -1
        LTRIM r 5 1
        EXISTS r
        RPUSH src 1 2 3
        LMOVE src dst LEFT RIGHT
        LMOVE src dst RIGHT LEFT
        LMOVE src dst UP DOWN
        RPOPLPUSH src dst
        LRANGE dst 0 -1
        RPOPLPUSH src dst
        LMPOP 2 nosuch dst LEFT COUNT 2
        LMPOP 2 nosuch dst2 LEFT
        LMPOP 0 a LEFT
        LMPOP 1 dst RIGHT COUNT 0
    """,
    "transactions": r"""
        MULTI
        SET k v
        INCR k
        GET k
        EXEC
        EXEC
        DISCARD
        MULTI
        MULTI
        SET k
        EXEC
        GET k
        WATCH k
        MULTI
        WATCH k
        PING
        DISCARD
        UNWATCH
        SET k 1
        WATCH k
        SET k 2
        MULTI
        INCR k
        EXEC
        MULTI
        NOSUCH
        PING
        EXEC
        MULTI
        LPUSH k x
        SET other 1
        EXEC
        GET other
    """,
    "resp3": r"""
        SET s v
        RPUSH l a b c
        ~HELLO 3
        GET s
        GET nosuch
        LRANGE l 0 -1
        LRANGE nosuch 0 -1
        LPOP nosuch
        LPOP nosuch 2
        LPOS l nosuch
        LMPOP 1 l LEFT COUNT 2
        LMPOP 1 nosuch LEFT
        MGET s nosuch
        INCRBYFLOAT f 1.5
        SET s v GET
        SET s2 v NX GET
        EXISTS s
        TYPE l
        TTL s
        LCS s s2 IDX
        COMMAND GETKEYS SET a b
        CONFIG GET nosuch
        CLIENT GETNAME
        MULTI
        GET nosuch
        LRANGE l 0 -1
        EXEC
        NOSUCH
        ~HELLO 2
        GET nosuch
        LPOP nosuch 2
        CONFIG GET nosuch
    """,
    "command_info": r"""
        COMMAND INFO get config|get nosuch
        COMMAND INFO lpush lmpop incr del expire multi
        COMMAND INFO set
    """,
    "server": r"""
        MSET a 1 b 2
        DBSIZE
        DBSIZE x
        COMMAND GETKEYS MSET a 1 b 2
        COMMAND GETKEYS GET
        COMMAND GETKEYS NOSUCH a
        COMMAND GETKEYSANDFLAGS LMOVE a b LEFT RIGHT
        COMMAND DOCS get
        CONFIG GET nosuch*
        INFO nosuch
        ECHO done
    """,
}


def script_requests(text: str) -> list[tuple[bool, tuple[bytes, ...]]]:
    """``(compared, args)`` for every request line of a script."""
    requests = []
    for raw_line in text.strip().splitlines():
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        compared = not line.startswith("~")
        requests.append((compared, parse_request(line.lstrip("~"))))
    return requests


def run_script(port: int, text: str) -> list[Exchange]:
    """Run a script on a fresh connection after FLUSHDB and collect the exchanges."""
    exchanges = []
    with RawClient("127.0.0.1", port) as conn:
        assert conn.call("FLUSHDB") == b"+OK\r\n"
        for compared, args in script_requests(text):
            reply = conn.call(*args)
            exchanges.append(Exchange(args, reply if compared else None, 0))
    return exchanges


def redis_version(port: int) -> str:
    with RawClient("127.0.0.1", port) as conn:
        info = conn.call("INFO", "server").decode()
    return next(line.split(":", 1)[1] for line in info.split("\r\n") if "redis_version" in line)


def record_script(port: int, name: str, version: str) -> Path:
    """Record one script twice, insist the runs agree, write ``golden/<name>.txt``."""
    first, second = run_script(port, SCRIPTS[name]), run_script(port, SCRIPTS[name])
    for a, b in zip(first, second, strict=True):
        if a.reply != b.reply:
            sys.exit(f"{name}: {a.request!r} is nondeterministic ({a.reply!r} / {b.reply!r})")
    header = [
        f"Golden transcript {name!r}: what redis-server {version} answered, byte for byte.",
        "Recorded by `python -m compat_tests.record_golden`; replayed by test_golden.py.",
        "Format: see compat_tests/golden_format.py. Do not edit by hand: re-record.",
        "",
    ]
    path = GOLDEN_DIR / f"{name}.txt"
    path.write_text(format_transcript(header, first))
    return path


def _pairs(flat: list[Any]) -> dict[Any, Any]:
    return dict(zip(flat[::2], flat[1::2], strict=True))


def _parse(reply: bytes) -> Any:
    reader = hiredis.Reader()
    reader.feed(reply)
    return reader.gets()


def command_table(port: int) -> dict[str, dict[str, Any]]:
    """Every command and subcommand of the server: name -> arity, flags, group, summary..."""
    with RawClient("127.0.0.1", port, timeout=20) as conn:
        infos = _parse(conn.call("COMMAND"))
        docs = _pairs(_parse(conn.call("COMMAND", "DOCS")))
    table: dict[str, dict[str, Any]] = {}

    def add(entry: list[Any], doc: dict[Any, Any], parent: str) -> None:
        name = entry[0].decode()
        table[name] = {
            "arity": entry[1],
            "flags": sorted(flag.decode() for flag in entry[2]),
            "group": doc.get(b"group", b"").decode(),
            "summary": doc.get(b"summary", b"").decode(),
            "since": doc.get(b"since", b"").decode(),
            "container": parent,
            "subcommands": sorted(sub[0].decode() for sub in entry[9]),
        }
        subdocs = _pairs(doc.get(b"subcommands", []))
        for sub in entry[9]:
            add(sub, _pairs(subdocs.get(sub[0], [])), name)

    for entry in infos:
        add(entry, _pairs(docs.get(entry[0], [])), "")
    return dict(sorted(table.items()))


def record_commands(port: int, version: str) -> Path:
    data = {"redis_version": version, "commands": command_table(port)}
    COMMANDS_FILE.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    return COMMANDS_FILE


def main(argv: list[str] | None = None) -> int:
    """Start redis-server, record, stop it."""
    parser = argparse.ArgumentParser(prog="python -m compat_tests.record_golden")
    parser.add_argument("--only", action="append", choices=sorted(SCRIPTS), help="one script")
    parser.add_argument(
        "--commands", action="store_true", help="also refresh compat_tests/redis_commands.json"
    )
    args = parser.parse_args(argv)
    if shutil.which("redis-server") is None:
        sys.exit("redis-server not found on PATH: the recorder needs a real Redis")
    from compat_tests.conftest import start_process  # the harness's server starter

    GOLDEN_DIR.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        server = start_process("redis", {}, Path(workdir))
        try:
            version = redis_version(server.port)
            for name in args.only or sorted(SCRIPTS):
                print(f"recorded {record_script(server.port, name, version).relative_to(HERE)}")
            if args.commands:
                print(f"recorded {record_commands(server.port, version).relative_to(HERE)}")
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
