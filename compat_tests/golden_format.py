"""The golden transcript format: requests and the exact reply bytes real Redis sent.

A transcript is a text file, one item per line::

    # comment (the header says where and how it was recorded)
    > SET k "a b\\x00"          a request, words as redis-cli reads them (see below)
    < $4\\r\\n                   the reply, escaped, split after every \\r\\n: the reply is
    < a b\\x00\\r\\n              the concatenation of the "<" lines after its request
    >~ HELLO 3                  a request whose reply is read but not compared (it carries
                                a connection id or a version: documented nondeterminism)

Request words are separated by blanks; a word that is empty or holds blanks, quotes, a
backslash or a byte outside printable ASCII is written in double quotes with the escapes
``\\" \\\\ \\n \\r \\t \\xHH`` (the subset of Redis's ``sdssplitargs`` quoting that round-trips).
Reply lines use the same escapes without quotes. Everything is ASCII, so diffs stay readable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PLAIN = re.compile(rb"[!#-\[\]-~]+")  # printable ASCII without blank, quote and backslash
_NAMED = {b"\\": b"\\\\", b'"': b'\\"', b"\n": b"\\n", b"\r": b"\\r", b"\t": b"\\t"}
_UNESCAPE = {"\\": b"\\", '"': b'"', "n": b"\n", "r": b"\r", "t": b"\t"}


def escape(data: bytes, quote: bool = False) -> str:
    """Bytes as ASCII text with backslash escapes (``"`` is escaped only when ``quote``)."""
    out: list[bytes] = []
    for byte in data:
        char = bytes([byte])
        if char in _NAMED and (quote or char != b'"'):
            out.append(_NAMED[char])
        elif 32 <= byte < 127:
            out.append(char)
        else:
            out.append(b"\\x%02x" % byte)
    return b"".join(out).decode("ascii")


def unescape(text: str) -> bytes:
    """The inverse of :func:`escape`."""
    out = bytearray()
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char != "\\":
            out += char.encode("ascii")
            pos += 1
        elif text[pos + 1] == "x":
            out.append(int(text[pos + 2 : pos + 4], 16))
            pos += 4
        else:
            out += _UNESCAPE[text[pos + 1]]
            pos += 2
    return bytes(out)


def format_request(args: tuple[bytes, ...]) -> str:
    """``SET k "a b"``: plain words bare, anything else quoted with escapes."""
    return " ".join(
        arg.decode("ascii") if _PLAIN.fullmatch(arg) else f'"{escape(arg, quote=True)}"'
        for arg in args
    )


def parse_request(line: str) -> tuple[bytes, ...]:
    """Split a request line into words (the quoting of :func:`format_request`)."""
    words: list[bytes] = []
    pos = 0
    while pos < len(line):
        if line[pos] == " ":
            pos += 1
        elif line[pos] == '"':
            end = pos + 1
            while line[end] != '"':
                end += 2 if line[end] == "\\" else 1
            words.append(unescape(line[pos + 1 : end]))
            pos = end + 1
        else:
            end = line.find(" ", pos)
            end = len(line) if end < 0 else end
            words.append(line[pos:end].encode("ascii"))
            pos = end
    return tuple(words)


def format_reply(reply: bytes) -> list[str]:
    """The ``<`` lines of a reply: escaped, one line per ``\\r\\n``-terminated piece."""
    pieces = [piece + b"\r\n" for piece in reply.split(b"\r\n")[:-1]]
    rest = reply[sum(map(len, pieces)) :]
    if rest:
        pieces.append(rest)
    return [f"< {escape(piece)}" for piece in pieces]


@dataclass
class Exchange:
    """One request, its reply (None: not compared), and the line it starts on."""

    request: tuple[bytes, ...]
    reply: bytes | None
    line: int


def parse_transcript(text: str) -> list[Exchange]:
    """The exchanges of a transcript file, in order."""
    exchanges: list[Exchange] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line or line.startswith("#"):
            continue
        if line.startswith(">~ "):
            exchanges.append(Exchange(parse_request(line[3:]), None, number))
        elif line.startswith("> "):
            exchanges.append(Exchange(parse_request(line[2:]), b"", number))
        elif line.startswith("< "):
            last = exchanges[-1]
            assert last.reply is not None, f"line {number}: a reply to an uncompared request"
            last.reply += unescape(line[2:])
        else:
            raise ValueError(f"line {number}: not a transcript line: {line!r}")
    return exchanges


def format_transcript(header: list[str], exchanges: list[Exchange]) -> str:
    """A transcript file's text: ``#`` header lines, then every exchange."""
    lines = [f"# {text}" if text else "#" for text in header]
    for item in exchanges:
        if item.reply is None:
            lines.append(f">~ {format_request(item.request)}")
        else:
            lines.append(f"> {format_request(item.request)}")
            lines.extend(format_reply(item.reply))
    return "\n".join(lines) + "\n"
