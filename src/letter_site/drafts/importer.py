"""``letter-site import DRAFT`` and ``letter-site new DIR --from DRAFT``: a draft becomes a letter's sources.

This version reads a published letter's text (``.txt``, :mod:`.text`); Word,
ODT, HTML and Markdown drafts come next (issue 16).  The sources are written
whole or not at all, then checked; what was guessed is listed for a person
to confirm, as ``path:line:column: check: …``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .text import DraftProblem, read_text
from .write import write_sources

READS = (".txt",)
MOST_BYTES = 20_000_000  # a letter's text is a few hundred kilobytes; anything this large is not one
SOURCES = ("letter", "footnotes.yaml", "signatories.yaml")


def import_draft(draft: Path, root: Path, replace: bool = False) -> int:
    """Write ``draft``'s letter into the repository at ``root``; the exit status, problems to stderr."""
    try:
        written = write_sources(read_text(_draft_text(draft)))
    except DraftProblem as problem:
        print(f"{draft}: {problem}", file=sys.stderr)
        return 1
    if not replace and (changed := _uncommitted(root)):
        print(
            f"{changed}: has changes not committed, which the import would replace (commit them first, "
            "or run letter-site import --replace)",
            file=sys.stderr,
        )
        return 1
    staging = Path(tempfile.mkdtemp(prefix=".letter-import-", dir=root))
    try:
        for path, text in written.files.items():
            (staging / path).parent.mkdir(parents=True, exist_ok=True)
            (staging / path).write_text(text, encoding="utf-8")
        shutil.rmtree(root / "letter", ignore_errors=True)
        for name in SOURCES:
            if (staging / name).exists():
                (staging / name).replace(root / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for path, what in written.checks:
        print(f"{path}:1:1: check: {what}")
    print(f"{draft.name}: {len(written.files)} files written; each line above is for a person to confirm.")
    return subprocess.call([sys.executable, "-m", "letter_site", "check", "--root", str(root)])


def _draft_text(draft: Path) -> str:
    if draft.suffix.lower() not in READS:
        raise DraftProblem(
            f"not a draft this version reads (it reads {', '.join(READS)}; save the draft as plain text)"
        )
    try:
        size = draft.stat().st_size
    except OSError as error:
        raise DraftProblem(f"cannot be read ({error.strerror})") from None
    if size > MOST_BYTES:
        raise DraftProblem(f"{size:,} bytes: more than a letter's {MOST_BYTES:,} (is it the right file?)")
    try:
        return draft.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DraftProblem("is not UTF-8 text (save it as plain text, UTF-8)") from None


def _uncommitted(root: Path) -> str | None:
    """The first source with changes git has not committed; ``None`` outside a git repository."""
    try:
        status = subprocess.run(
            ["git", "status", "--porcelain", "--", *SOURCES], cwd=root, capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    lines = status.stdout.splitlines() if status.returncode == 0 else []
    return lines[0][3:] if lines else None
