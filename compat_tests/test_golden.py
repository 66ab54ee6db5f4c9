"""Replay the golden transcripts against every target and compare the reply bytes.

The files in ``compat_tests/golden/`` hold what a real ``redis-server`` answered to curated
command scripts (recorded by ``python -m compat_tests.record_golden``, format in
:mod:`compat_tests.golden_format`). Replaying them needs no Redis: this is how the oracle is
checked on a machine without redis-server, and against any server given by URL. Each file runs
on one fresh connection to the target's (flushed) database; the first reply that differs fails
the test, since everything after it would run on a different state.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from compat_tests.golden_format import format_request, parse_transcript

if TYPE_CHECKING:
    from compat_tests.conftest import Target

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
TRANSCRIPTS = sorted(GOLDEN_DIR.glob("*.txt"))
# Transcripts that assume a server without requirepass (they send AUTH).
NO_REQUIREPASS = {"connection"}
CONTEXT = 60


def first_difference(expected: bytes, got: bytes) -> str:
    """Where two replies part, with a little context either side."""
    at = next(
        (i for i, (a, b) in enumerate(zip(expected, got, strict=False)) if a != b),
        min(len(expected), len(got)),
    )
    start = max(at - CONTEXT, 0)
    return (
        f"first difference at byte {at}:\n"
        f"  Redis sent:      ...{expected[start : at + CONTEXT]!r}...\n"
        f"  the target sent: ...{got[start : at + CONTEXT]!r}..."
    )


def test_there_are_transcripts() -> None:
    assert len(TRANSCRIPTS) >= 10, f"golden transcripts missing from {GOLDEN_DIR}"


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=[p.stem for p in TRANSCRIPTS])
def test_golden_transcript(target: Target, path: Path) -> None:
    """Every compared reply equals the recorded bytes (``>~`` requests: sent, not compared)."""
    if path.stem in NO_REQUIREPASS and target.password is not None:
        pytest.skip(f"{path.name} expects a server without requirepass")
    exchanges = parse_transcript(path.read_text())
    with target.raw() as conn:
        for item in exchanges:
            reply = conn.call(*item.request)
            if item.reply is not None and reply != item.reply:
                pytest.fail(
                    f"{path.name}:{item.line}: > {format_request(item.request)}\n"
                    + first_difference(item.reply, reply),
                    pytrace=False,
                )
