"""Splits inline (telnet) request lines into arguments, exactly like Redis's ``sdssplitargs``.

An *inline request* is one line of text, ``SET greeting "hello world"\\r\\n``, the way a
person types at ``telnet``/``nc``. Redis cuts the line into arguments with ``sdssplitargs``
(``src/sds.c``), which ``redis-cli`` also uses on what you type, so the quoting rules are
worth knowing exactly:

- Arguments are separated by blanks. *Leading* blanks are anything C's ``isspace`` accepts
  (space, ``\\t``, ``\\n``, ``\\r``, ``\\v``, ``\\f``), but an unquoted argument ends only at a
  space, ``\\t``, ``\\n`` or ``\\r``: ``a\\vb`` is one argument of three bytes.
- ``"double quotes"`` understand the escapes ``\\n \\r \\t \\b \\a``, ``\\xHH`` (exactly two hex
  digits, either case) and, for any other character, ``\\c`` means ``c`` (so ``\\"`` and
  ``\\\\``). ``"\\xZZ"`` is therefore ``xZZ``: not hex, so the backslash just escapes the ``x``.
- ``'single quotes'`` are literal except ``\\'``, which is a quote.
- A quote may open in the middle of an argument (``a"b c"`` is ``ab c``), but a closing quote
  must be followed by a blank or the end of the line: ``"a"b`` is an error.
- A quote that never closes is an error. Both errors are
  ``-ERR Protocol error: unbalanced quotes in request`` and, as any protocol error, close the
  connection (``processInlineBuffer`` in ``networking.c``).
- ``""`` is one empty argument; a line of blanks has no arguments at all.
- Redis works on C strings, so a NUL byte ends the line. (``processInlineBuffer`` never even
  hands over a line containing NUL: its ``strchr`` stops at the NUL, see ``request_parser``.)
"""

from __future__ import annotations

import re

from miniredis import errors
from miniredis.errors import ProtocolError

# C's isspace() in the "C" locale: these are skipped between arguments.
_BLANKS = frozenset(b" \t\n\r\x0b\x0c")
# ...but only these end an unquoted argument (sdssplitargs' switch: ' ', '\n', '\r', '\t').
_TOKEN_END = frozenset(b" \n\r\t")
_HEX = frozenset(b"0123456789abcdefABCDEF")
# The escapes of double-quoted strings; any other escaped byte stands for itself.
_ESCAPES = {
    ord("n"): ord("\n"),
    ord("r"): ord("\r"),
    ord("t"): ord("\t"),
    ord("b"): ord("\b"),
    ord("a"): ord("\a"),
}
_BACKSLASH, _DQUOTE, _SQUOTE, _X = ord("\\"), ord('"'), ord("'"), ord("x")

# Lines without quotes, NUL, \v or \f split exactly like bytes.split() (on space \t \r \n).
_NEEDS_FULL_SPLIT = re.compile(b"[\"'\x00\x0b\x0c]")


def split_args(line: bytes) -> list[bytes]:
    """Split one inline request line into its arguments (Redis's ``sdssplitargs``).

    >>> split_args(b'SET "a b" \\'c\\'')
    [b'SET', b'a b', b'c']

    Raises ``ProtocolError`` (``unbalanced quotes in request``) for an unclosed quote or a
    closing quote followed by something other than a blank.
    """
    if _NEEDS_FULL_SPLIT.search(line) is None:
        return line.split()  # the common case: plain words
    return _split_quoted(line)


def _split_quoted(line: bytes) -> list[bytes]:
    """The character-by-character state machine of ``sdssplitargs``."""
    end = line.find(b"\x00")
    if end < 0:
        end = len(line)
    args: list[bytes] = []
    i = 0
    while True:
        while i < end and line[i] in _BLANKS:
            i += 1
        if i >= end:
            return args
        arg = bytearray()
        in_double = in_single = False
        while True:
            c = line[i] if i < end else -1  # -1: the end of the string (C's '\0')
            if in_double:
                if (
                    c == _BACKSLASH
                    and i + 3 < end
                    and line[i + 1] == _X
                    and line[i + 2] in _HEX
                    and line[i + 3] in _HEX
                ):
                    arg.append(int(line[i + 2 : i + 4], 16))
                    i += 3
                elif c == _BACKSLASH and i + 1 < end:
                    i += 1
                    arg.append(_ESCAPES.get(line[i], line[i]))
                elif c == _DQUOTE:
                    _closing_quote(line, i + 1, end)
                    i += 1
                    break
                elif c < 0:
                    raise ProtocolError(errors.PROTO_UNBALANCED_QUOTES)
                else:
                    arg.append(c)
            elif in_single:
                if c == _BACKSLASH and i + 1 < end and line[i + 1] == _SQUOTE:
                    i += 1
                    arg.append(_SQUOTE)
                elif c == _SQUOTE:
                    _closing_quote(line, i + 1, end)
                    i += 1
                    break
                elif c < 0:
                    raise ProtocolError(errors.PROTO_UNBALANCED_QUOTES)
                else:
                    arg.append(c)
            elif c < 0 or c in _TOKEN_END:
                i += 1
                break
            elif c == _DQUOTE:
                in_double = True
            elif c == _SQUOTE:
                in_single = True
            else:
                arg.append(c)
            i += 1
        args.append(bytes(arg))


def _closing_quote(line: bytes, after: int, end: int) -> None:
    """A closing quote must be followed by a blank or by the end of the line."""
    if after < end and line[after] not in _BLANKS:
        raise ProtocolError(errors.PROTO_UNBALANCED_QUOTES)
