"""The folders a build works in, and what a build killed part-way leaves behind.

``letter-site build`` builds into a folder of its own beside the project's
files and swaps it in only when everything has succeeded (:mod:`.build`).
A build stopped with ``kill -9`` runs no ``finally:`` block: what it left is
cleared by the next build of the project, never what a running build owns.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

# -- what a build killed part-way leaves -----------------------------------------------------------
# A build works in .<site>.building-XXXXXXXX beside the project's files, with .<site>.building-XXXXXXXX.pdf
# (and, while the PDF's process writes it, ..<site>.building-XXXXXXXX.pdf.YYYYYYYY.tmp) beside that, and
# .<site>.building-XXXXXXXX.lock, which it holds locked (flock) for as long as it runs. A build killed with
# kill -9 runs no finally: block, but the system releases its lock: the next build of the project removes
# what it can lock. The lock file is made, locked and checked before the folder exists, and removed only
# after the folder and the PDF, so a folder without its lock file is no running build's: it was left by a
# letter-site older than this scheme, and is removed once it is ABANDONED_AFTER old (which spares a build
# of such a letter-site that runs now).
LOCK = ".lock"
ABANDONED_AFTER = 3600  # seconds
_RANDOM = r"[a-z0-9_]+"  # what tempfile puts in a name
_BUILDING = re.compile(rf"(?P<stem>\..+\.building-{_RANDOM})(?:\.pdf|{re.escape(LOCK)})?")
_PDF_BEING_WRITTEN = re.compile(rf"\.(?P<stem>\..+\.building-{_RANDOM})\.pdf\.{_RANDOM}\.tmp")  # render.pdf's


def claim_building(root: Path, site_name: str) -> tuple[Path, int]:
    """A new folder in ``root`` to build site ``site_name`` in, and its lock file, open and locked."""
    while True:
        lock, name = tempfile.mkstemp(prefix=f".{site_name}.building-", suffix=LOCK, dir=root)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            # Between mkstemp and flock, a build clearing leftovers may have locked the file and removed it.
            if os.path.samestat(os.fstat(lock), os.stat(name)):
                folder = Path(name.removesuffix(LOCK))
                folder.mkdir(mode=0o700)  # as tempfile.mkdtemp makes it
                return folder, lock
        except (BlockingIOError, FileNotFoundError):  # that build holds it, or has removed it: another name
            pass
        except FileExistsError:  # a folder of that name without lock file: an old letter-site's
            Path(name).unlink(missing_ok=True)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            os.close(lock)
            raise
        os.close(lock)


def release_building(folder: Path, lock: int) -> None:
    """Remove ``folder`` (unless it was swapped in), what lies beside it, and last its lock file."""
    _remove_building(folder.parent, folder.name)
    Path(f"{folder}{LOCK}").unlink(missing_ok=True)
    os.close(lock)


def clear_leftovers(root: Path) -> list[str]:
    """Remove what builds killed part-way left in ``root`` (for any site) and no running build owns.

    The names of what was removed: none, unless a build was stopped.
    """
    try:
        names = sorted(entry.name for entry in os.scandir(root) if ".building-" in entry.name)
    except OSError:
        return []
    removed = _clear_zensical(root)
    stems: dict[str, list[str]] = {}
    for name in names:
        if found := _PDF_BEING_WRITTEN.fullmatch(name) or _BUILDING.fullmatch(name):
            stems.setdefault(found["stem"], []).append(name)
    for stem, parts in stems.items():
        if stem + LOCK in parts:
            removed += _clear_locked(root, stem)
        elif _abandoned(root, stem, parts):
            removed += _remove_building(root, stem)
    return removed


def _clear_locked(root: Path, stem: str) -> list[str]:
    """Remove building folder ``stem`` and what lies beside it if its lock can be taken (its build has ended)."""
    lock_file = root / (stem + LOCK)
    try:
        lock = os.open(lock_file, os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:  # its build has just ended, and removed it
        return []
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if not os.path.samestat(os.fstat(lock), os.stat(lock_file)):
            return []
        removed = _remove_building(root, stem)
        if os.path.lexists(root / stem):  # not all of it could be removed: the next build tries again
            return removed
        lock_file.unlink()
        return [*removed, lock_file.name]
    except OSError:  # BlockingIOError: a running build holds it
        return []
    finally:
        os.close(lock)


def _abandoned(root: Path, stem: str, parts: list[str]) -> bool:
    """Whether ``parts``, listed without a lock file, were left by an old letter-site's build long ago."""
    try:
        if os.path.lexists(root / (stem + LOCK)):  # made while the folder was being listed
            return False
        changed = max(os.lstat(root / part).st_mtime for part in parts)
    except OSError:
        return False
    return time.time() - changed > ABANDONED_AFTER


def _remove_building(root: Path, stem: str) -> list[str]:
    """Remove building folder ``stem`` of ``root``, its PDF and the PDF being written; the names removed."""
    try:
        writing = sorted(name for name in os.listdir(root) if name.startswith(f".{stem}.pdf."))
    except OSError:
        writing = []
    removed = []
    for name in [stem, f"{stem}.pdf", *(name for name in writing if _PDF_BEING_WRITTEN.fullmatch(name))]:
        path = root / name
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except FileNotFoundError:
            continue
        except OSError:
            shutil.rmtree(path, ignore_errors=True)  # what can be removed
            if os.path.lexists(path):
                continue
        removed.append(name)
    return removed


# What the Zensical path writes for one build or preview (engines/theme.py): an inheriting configuration,
# and a copy of the tool's theme folder with the letter's own laid over it. A preview can run for days, so
# only what has not changed for ABANDONED_AFTER is taken for a killed build's.
_ZENSICAL = re.compile(rf"\..+\.zensical-{_RANDOM}\.yml|\.letter-theme-{_RANDOM}")


def _clear_zensical(root: Path) -> list[str]:
    removed = []
    for entry in sorted(os.scandir(root), key=lambda entry: entry.name):
        if not _ZENSICAL.fullmatch(entry.name):
            continue
        try:
            if time.time() - entry.stat(follow_symlinks=False).st_mtime <= ABANDONED_AFTER:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
        except OSError:
            continue
        removed.append(entry.name)
    return removed
