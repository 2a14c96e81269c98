"""The letter's releases, as git keeps them: each tag a version, its date, its note, and its tree.

A release on GitHub is a tag; an annotated tag carries the release's note.  A
version's date is its commit's: the letter as of then, however long after it was
tagged (the tag's date is kept too, when it is another day).  Nothing here
changes the repository: a version's files are read with ``git archive`` into a
folder of their own.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from .github import read_notes

_FIELD = "\x1f"  # a separator no tag name, date or message holds
_FORMAT = _FIELD.join(
    (
        "%(refname:strip=2)",
        "%(objecttype)",
        "%(objectname)",
        "%(*objectname)",
        "%(creatordate:iso-strict)",
        "%(*objecttype)",
        "%(contents)",
    )
)


class GitUnavailable(Exception):  # noqa: N818 - reads as a sentence: "raise GitUnavailable"
    """The folder is not a git repository, or git is not installed: a letter with no record."""


@dataclass(frozen=True)
class Release:
    """A version of the letter: a tag, the commit it names, its date and its note."""

    tag: str
    commit: str
    date: dt.datetime  # its commit's: the letter is as of then, however long after it was tagged
    note: str  # an annotated tag's message; a lightweight tag's commit's subject (or GitHub's release notes)
    released: dt.datetime | None = None  # the tag's date, if it was made another day


def releases(root: Path) -> tuple[Release, ...]:
    """The repository's tags, oldest first (by the tag's date, then its name).

    Only a repository of the letter's own: a letter in a folder of another repository has no releases.
    """
    top = _git(root, "rev-parse", "--show-toplevel").strip()
    if Path(top).resolve() != root.resolve():
        raise GitUnavailable(f"{root} is a folder of the repository {top}, not a repository of its own")
    listed = _git(root, "for-each-ref", "refs/tags", "--sort=creatordate", f"--format={_FORMAT}%00")
    from_github = read_notes(root)  # a release made on GitHub's pages: its title and text, as GitHub keeps them
    found = []
    for line in listed.split("\x00"):
        record = line.strip("\n")
        if not record:
            continue
        tag, kind, tag_object, peeled, date, peeled_kind, note = record.split(_FIELD, 6)
        commit = peeled or tag_object  # an annotated tag names its commit through the tag object
        if (peeled_kind or kind) != "commit" or not date:
            continue  # a tag of a tree or a file: not a version of the letter
        if kind == "tag":  # its message, without a signature (PGP, SSH, X.509)
            note = re.split(r"^-----BEGIN [A-Z0-9 ]+-----$", note, maxsplit=1, flags=re.MULTILINE)[0].strip()
        else:  # a lightweight tag (GitHub's "Create new tag on publish"): its commit's subject
            note = _git(root, "log", "-1", "--format=%s", commit).strip()
        github = from_github.get(tag)
        note = github.note if github and github.note else note
        tagged = _published(github.published) if github and github.published else None
        tagged = tagged or dt.datetime.fromisoformat(date)
        committed = dt.datetime.fromisoformat(_committed(root, commit))
        released = tagged if tagged.date() != committed.date() else None
        found.append(Release(tag, commit, committed, note, released))
    return tuple(sorted(found, key=lambda release: (release.date, release.released or release.date, release.tag)))


def _published(when: str) -> dt.datetime | None:
    """GitHub's date of a release ("2023-08-11T12:00:00Z"), if it is one."""
    try:
        return dt.datetime.fromisoformat(when.replace("Z", "+00:00"))
    except ValueError:
        return None


def shallow(root: Path) -> bool:
    """Whether the repository is a shallow clone: older commits, and releases with them, are missing."""
    return _git(root, "rev-parse", "--is-shallow-repository").strip() == "true"


def committed_at(root: Path, commit: str) -> int:
    """When ``commit`` was made, in seconds since 1970: how the Publish workflow dates a build of it."""
    return int(_git(root, "log", "-1", "--format=%ct", commit).strip())


def _committed(root: Path, commit: str) -> str:
    """When ``commit`` was made: releases are in the order of their letters, whenever they were tagged."""
    return _git(root, "log", "-1", "--format=%cI", commit).strip()


def head(root: Path) -> str | None:
    """The commit checked out, if any."""
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}").strip() or None
    except GitUnavailable:
        return None


def tree(root: Path, commit: str) -> str:
    """The id of ``commit``'s tree: what a version's build depends on (with the tool's version)."""
    return _git(root, "rev-parse", f"{commit}^{{tree}}").strip()


def export(root: Path, commit: str, target: Path) -> Path:
    """``commit``'s files, written into ``target`` (a new folder), as the version had them."""
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", "--format=tar", commit], capture_output=True, check=False
    )
    if archive.returncode != 0:
        raise GitUnavailable(archive.stderr.decode("utf-8", "replace").strip() or f"git archive {commit} failed")
    target.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as files:
        files.extractall(target, filter="data")  # no links out of the folder, no devices
    return target


def _git(root: Path, *args: str) -> str:
    try:
        # A message in another encoding (a tag's, a commit's): read all the same.
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False,
                                encoding="utf-8", errors="replace")  # fmt: skip
    except OSError as error:
        raise GitUnavailable(f"git cannot be run ({error.strerror})") from None
    if result.returncode != 0:
        raise GitUnavailable(result.stderr.strip() or f"git {args[0]} failed")
    return result.stdout
