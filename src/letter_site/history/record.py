"""The letter's record: every released version's letter, read from its tag, and what changed since the one before.

A version's sources are read with today's checks.  One that today's checks
refuse (a field renamed since) does not vanish: :class:`VersionInvalid` names
its tag and every problem, so that the build can say which release and how.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..model import Letter
from ..problems import Problem, SourcesInvalid
from ..sources.loader import SourcePaths, load_letter
from .changes import Changes, compare
from .git import GitUnavailable, Release, export, head, releases, tree


class VersionInvalid(Exception):  # noqa: N818 - reads as a sentence: "raise VersionInvalid"
    """A released version whose sources today's checks refuse: its tag and each problem."""

    def __init__(self, tag: str, problems: tuple[Problem, ...]) -> None:
        self.tag, self.problems = tag, problems
        lines = [f"release {tag}: its sources are refused by today's checks, so its version cannot be built with "
                 f"this tool (keep its site as an older letter-site built it: list it in versions.yaml as "
                 f"'kept:' then '{tag}: releases/{tag}'; README, \"Versions\"):"]  # fmt: skip
        lines += [f"  {tag}:{problem}" for problem in problems]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Version:
    release: Release | None  # None: what is on the branch, not yet released
    letter: Letter | None  # None: a release kept as an older tool built it (versions.yaml), its sources not read
    changes: Changes  # from the version before (the last one read); empty for the first
    tree: str | None  # the git tree it was read from: with the tool's version, what its build depends on
    kept: Path | None = None  # the folder of its site as an older letter-site built it (versions.yaml)


def record(root: Path, current: Letter | None = None, kept: Mapping[str, Path] | None = None) -> tuple[Version, ...]:
    """Each release, oldest first, then the sources as they are now if they differ from the last release.

    ``current`` is the letter as read from ``root`` now (read again if not given); ``kept`` the releases
    whose site an older letter-site built, by tag (their sources are not read: today's checks may
    refuse them).  No git repository, or no tags: an empty record.
    """
    kept = kept or {}
    try:
        tagged = releases(root)
    except GitUnavailable:
        return ()
    if not tagged:
        return ()
    versions: list[Version] = []
    previous: Letter | None = None
    with tempfile.TemporaryDirectory(prefix="letter-versions-") as folder:
        for number, release in enumerate(tagged):
            if release.tag in kept:
                versions.append(Version(release, None, Changes(), tree(root, release.commit), kept[release.tag]))
                continue
            letter = _read(root, release, Path(folder) / str(number))
            versions.append(Version(release, letter, compare(previous or letter, letter), tree(root, release.commit)))
            previous = letter
    now = current or load_letter(SourcePaths(root))
    unreleased = compare(previous, now) if previous is not None else Changes()
    if not unreleased.empty:
        commit = head(root)
        versions.append(Version(None, now, unreleased, tree(root, commit) if commit else None))
    return tuple(versions)


def _read(root: Path, release: Release, folder: Path) -> Letter:
    files = export(root, release.commit, folder)
    try:
        return load_letter(SourcePaths(files))
    except SourcesInvalid as invalid:
        raise VersionInvalid(release.tag, invalid.problems) from None
    finally:
        shutil.rmtree(files, ignore_errors=True)
