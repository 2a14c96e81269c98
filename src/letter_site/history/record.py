"""The letter's record: every released version's letter, read from its tag, and what changed since the one before.

A version's sources are read with today's checks.  One that today's checks
refuse (a field renamed since) does not vanish: :class:`VersionInvalid` names
its tag and every problem, so that the build can say which release and how.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from ..common.files import write_whole
from ..model import Letter
from ..problems import Problem, SourcesInvalid
from ..sources.loader import SourcePaths, load_letter
from .changes import Changes, compare
from .git import GitUnavailable, Release, export, head, releases, shallow, tree
from .snapshot import Snapshot, snapshot, tool_digest


class VersionInvalid(Exception):  # noqa: N818 - reads as a sentence: "raise VersionInvalid"
    """A released version whose sources today's checks refuse: its tag and each problem."""

    def __init__(self, tag: str, problems: tuple[Problem, ...]) -> None:
        self.tag, self.problems = tag, problems
        lines = [f"release {tag}: its sources are refused by today's checks, so its version cannot be built with "
                 f"this tool (keep its site as an older letter-site built it: list it in versions.yaml as "
                 f"'kept:' then '{tag}: releases/{tag}'; a tag that is no version of the letter: list it under "
                 f"'ignored:'; README, \"Versions\"):"]  # fmt: skip
        lines += [f"  {tag}:{problem}" for problem in problems]
        super().__init__("\n".join(lines))


class RecordUnreadable(Exception):  # noqa: N818 - reads as a sentence
    """The releases cannot be read as they are: why, in one line."""


@dataclass(frozen=True)
class Version:
    release: Release | None  # None: what is on the branch, not yet released
    said: Snapshot | None  # what it says; None: a release kept as an older tool built it (versions.yaml)
    changes: Changes  # from the version before (the last one read); empty for the first
    tree: str | None  # the git tree it was read from: with the tool's version, what its build depends on
    kept: Path | None = None  # the folder of its site as an older letter-site built it (versions.yaml)


def record(
    root: Path,
    current: Letter | None = None,
    kept: Mapping[str, Path | None] | None = None,
    cache: Path | None = None,
    paths_of: Callable[[Path], SourcePaths] = SourcePaths,
) -> tuple[Version, ...]:
    """Each release, oldest first, then the sources as they are now if they differ from the last release.

    ``current`` is the letter as read from ``root`` now (read again if not given); ``kept`` the releases
    whose site an older letter-site built, by tag (their sources are not read: today's checks may
    refuse them), and, with no folder, the tags that are not versions of the letter (left out);
    ``cache`` a folder where what each release says is kept, by its tree and this tool; ``paths_of``
    where a release's files keep its sources (as its own ``mkdocs.yml`` says).
    No git repository, or no tags: an empty record.
    """
    kept = kept or {}
    try:
        tagged = releases(root)
    except GitUnavailable as unavailable:
        if (root / ".git").exists():  # the letter's own repository, but git cannot read it
            raise RecordUnreadable(
                f"{root / '.git'}: its releases cannot be read ({unavailable}; install git)"
            ) from None
        return ()
    if tagged and shallow(root):
        raise RecordUnreadable(
            f"{root / '.git'}: a shallow clone, without the releases' history: published versions would vanish "
            "(fetch it all: git fetch --unshallow --tags; in a workflow, actions/checkout with fetch-depth: 0)"
        )
    if not tagged:
        return ()
    if unknown := sorted(set(kept) - {release.tag for release in tagged}):
        raise RecordUnreadable(
            f"versions.yaml: release {unknown[0]} is not a tag of this repository (git tag lists them; remove its line)"
        )
    versions: list[Version] = []
    previous: Snapshot | None = None
    with tempfile.TemporaryDirectory(prefix="letter-versions-") as folder:
        for number, release in enumerate(tagged):
            files_tree = tree(root, release.commit)
            if release.tag in kept:
                if (folder_of := kept[release.tag]) is not None:
                    versions.append(Version(release, None, Changes(), files_tree, folder_of))
                continue  # else listed as ignored: a tag that is not a version of the letter
            said = _said(root, release, files_tree, Path(folder) / str(number), cache, paths_of)
            versions.append(Version(release, said, compare(previous or said, said), files_tree))
            previous = said
    if not versions:
        return ()
    now = snapshot(current or load_letter(SourcePaths(root)))
    commit = head(root)
    now_tree = tree(root, commit) if commit else None
    last = versions[-1]
    if last.said is None:  # the last release kept as an older tool built it: what changed since is not computed
        if now_tree != last.tree:
            versions.append(Version(None, now, Changes(), now_tree))
    elif not (unreleased := compare(previous or now, now)).empty:
        versions.append(Version(None, now, unreleased, now_tree))
    return tuple(versions)


def _said(
    root: Path,
    release: Release,
    files_tree: str,
    folder: Path,
    cache: Path | None,
    paths_of: Callable[[Path], SourcePaths],
) -> Snapshot:
    """What the release says: from the cache, or read from its files (and kept there)."""
    kept = cache / f"said-{files_tree[:20]}-{tool_digest()[:20]}.json" if cache is not None else None
    if kept is not None and kept.is_file():
        try:
            return Snapshot.from_json(kept.read_text(encoding="utf-8"))
        except (ValueError, KeyError, TypeError):
            pass  # damaged: read again
    said = snapshot(_read(root, release, folder, paths_of))
    if kept is not None:
        with suppress(OSError):  # no cache: read each time
            write_whole(kept, said.to_json().encode("utf-8"))
    return said


def _read(root: Path, release: Release, folder: Path, paths_of: Callable[[Path], SourcePaths]) -> Letter:
    files = export(root, release.commit, folder)
    try:
        return load_letter(paths_of(files))
    except SourcesInvalid as invalid:
        raise VersionInvalid(release.tag, invalid.problems) from None
    finally:
        shutil.rmtree(files, ignore_errors=True)
