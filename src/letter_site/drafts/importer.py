"""``letter-site import DRAFT`` and ``letter-site new DIR --from DRAFT``: a draft becomes a letter's sources.

It reads Word and OpenDocument files (:mod:`.pandoc`), web pages (:mod:`.html`),
Markdown (:mod:`.markdown`) and a published letter's text (:mod:`.text`) into
the same blocks, lays them out as a letter (:mod:`.layout`) and writes the
sources (:mod:`.write`) whole or not at all; the command line then checks them.
What was guessed is listed for a person to confirm, as ``path:line:column:
check: …``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..problems import Problem
from .html import decode, read_html
from .layout import Draft, DraftProblem
from .markdown import read_markdown
from .pandoc import read_pandoc
from .text import read_text
from .write import Written, write_sources

READS = (".docx", ".odt", ".html", ".htm", ".md", ".txt")
IMPORT_HELP = """\
Write a draft's letter into this letter's sources: letter/, footnotes.yaml and
signatories.yaml, then check them.

The draft: a Word file (.docx, from Word, Google Docs or LibreOffice) or an
.odt with footnotes or endnotes; a web page of the letter (.html: Word's
"Save as web page", a page the letter was pasted into, Google Docs' or pandoc's
web page); Markdown with [^1] notes (.md); or a published letter's text (.txt:
note numbers after the words, the notes listed at the end). Word and .odt
need pip install 'letter-site[import]' (pandoc, which it brings).

Every note becomes structured cites, one source per document, "Id." and
"Ibid." resolved and never typed. What was guessed is listed, one line each:
  path:line:column: check: what it did (what to confirm)
Sources with uncommitted changes are kept unless --replace.
"""
MOST_BYTES = 20_000_000  # a letter's text is a few hundred kilobytes; anything this large is not one
SOURCES = ("letter", "footnotes.yaml", "signatories.yaml")


def prepare(draft: Path) -> Written:
    """The sources of ``draft``'s letter, not yet written; :class:`DraftProblem` if it cannot be read."""
    try:
        return write_sources(read_draft(draft))
    except DraftProblem as problem:
        raise problem.at(str(draft)) from None
    except RecursionError:
        raise DraftProblem("is nested too deeply to be a letter (save it again from Word)", str(draft)) from None


def import_draft(written: Written, root: Path, replace: bool = False, new: bool = False) -> tuple[Problem, ...]:
    """Write a draft's sources into the repository at ``root``: what a person should confirm, each at its line.

    :class:`DraftProblem` (and nothing written) if the folder is not a letter's repository, or if the
    import would replace work that could not be got back.  The old ``letter/`` comes back if writing fails.
    """
    if not (root / "mkdocs.yml").is_file():
        raise DraftProblem(
            "is not a letter's repository (it has no mkdocs.yml: start one with letter-site new DIR --from DRAFT)",
            str(root),
        )
    letter = root / "letter"
    if letter.is_symlink() or (letter.exists() and not letter.is_dir()):
        raise DraftProblem("is not a folder of letter files (a link or a file: make it a folder)", str(letter))
    if not replace and (refusal := _unsaved(root)):
        raise DraftProblem(*refusal)
    removed = sorted(
        path.relative_to(root).as_posix() for path in letter.rglob("*") if path.is_file()
    ) if letter.is_dir() else []  # fmt: skip
    removed = [path for path in removed if path not in written.files and not new]  # new: the placeholder's
    staging = Path(tempfile.mkdtemp(prefix=".letter-import-", dir=root))
    try:
        for path, text in written.files.items():
            (staging / "new" / path).parent.mkdir(parents=True, exist_ok=True)
            (staging / "new" / path).write_text(text, encoding="utf-8")
        _swap(root, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    gone = [Problem(path, 1, 1, f"check: removed: the draft has no such part (git restore {path} to keep it)")
            for path in removed]  # fmt: skip
    return (*written.checks, *gone)


def _swap(root: Path, staging: Path) -> None:
    """The new sources in place of the old, the old put back if any move fails."""
    (staging / "old").mkdir()
    moved: list[str] = []
    try:
        for name in SOURCES:
            if (root / name).exists():
                (root / name).replace(staging / "old" / name)
                moved.append(name)
        for name in SOURCES:
            if (staging / "new" / name).exists():
                (staging / "new" / name).replace(root / name)
    except OSError:
        for name in SOURCES:
            if name in moved:
                if (root / name).is_dir() and not (root / name).is_symlink():
                    shutil.rmtree(root / name)
                else:
                    (root / name).unlink(missing_ok=True)
                (staging / "old" / name).replace(root / name)
        raise


def read_draft(draft: Path) -> Draft:
    """The letter in ``draft``, read as its suffix says; :class:`DraftProblem` in one line if it cannot be."""
    suffix = draft.suffix.lower()
    if suffix not in READS:
        raise DraftProblem(
            f"not a draft letter-site reads (it reads {', '.join(READS)}; save the draft as one of these)"
        )
    try:
        size = draft.stat().st_size
    except OSError as error:
        raise DraftProblem(f"cannot be read ({error.strerror}: is the name right?)") from None
    if not draft.is_file():
        raise DraftProblem("is not a file (a folder or a device: name the draft's file)")
    if size > MOST_BYTES:
        raise DraftProblem(f"{size:,} bytes: more than a letter's {MOST_BYTES:,} (is it the right file?)")
    if suffix in (".docx", ".odt"):
        return read_pandoc(draft)
    data = draft.read_bytes()
    if suffix in (".html", ".htm"):
        return read_html(decode(data))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DraftProblem("is not UTF-8 text (save it as plain text, UTF-8)") from None
    if "\x00" in text:
        raise DraftProblem("is not text (it holds binary data: is it the right file?)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return read_markdown(text) if suffix == ".md" else read_text(text)


def _unsaved(root: Path) -> tuple[str, str] | None:
    """Why the import would lose work: a source with changes git has not committed, or sources and no git at all."""
    try:
        status = subprocess.run(
            ["git", "status", "--porcelain", "--", *SOURCES], cwd=root, capture_output=True, text=True, check=False
        )
    except OSError:
        status = None
    if status is None or status.returncode != 0:  # not a git repository (or no git): nothing to go back to
        existing = next((name for name in SOURCES if (root / name).exists()), None)
        if existing is None:
            return None
        return (
            "the import would replace the letter's sources, and this folder is not a git repository to get them "
            "back from (run git init, git add . and git commit first, or letter-site import --replace)",
            existing,
        )
    lines = status.stdout.splitlines()
    if not lines:
        return None
    return (
        "has changes not committed, which the import would replace (commit them first: then git diff shows "
        "what the draft changes; or letter-site import --replace, make import REPLACE=1)",
        lines[0][3:],
    )
