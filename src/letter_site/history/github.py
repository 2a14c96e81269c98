"""The releases' titles and texts as GitHub keeps them: a release made on GitHub's web pages has them there, not in git.

GitHub's "Create new tag on publish" makes a lightweight tag, which holds no
message: the release's title and description stay in GitHub.  The Publish
workflow runs ``letter-site release-notes`` (with the workflow's own token), which
writes them to ``.cache/release-notes.json``; the record reads a tag's note from
there when it is listed, else from git (an annotated tag's message, a
lightweight tag's commit's subject).  Nothing else in the tool talks to a network,
and a build never does: without the file (a build on a laptop), notes come from git.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..common.files import write_whole

NOTES_FILE = Path(".cache") / "release-notes.json"
_PAGES_AT_MOST = 50  # 100 releases a page: 5,000 releases


class NotesUnavailable(Exception):  # noqa: N818 - reads as a sentence: "raise NotesUnavailable"
    """GitHub's releases could not be read: why, in one line."""


@dataclass(frozen=True)
class GitHubRelease:
    """What GitHub keeps of a release that git does not: its note, and when it was published."""

    note: str
    published: str  # "2023-08-11T12:00:00Z"; "" if GitHub does not say


def fetch_notes(api: str, repository: str, token: str | None) -> dict[str, GitHubRelease]:
    """Each published release's note (its title, then its text) and date, by tag, from GitHub's REST API."""
    if urlsplit(api).scheme not in ("https", "http") or not repository.count("/") == 1:
        raise NotesUnavailable(f"not a GitHub API address and repository: {api!r}, {repository!r}")
    notes: dict[str, GitHubRelease] = {}
    for page in range(1, _PAGES_AT_MOST + 1):
        request = urllib.request.Request(
            f"{api.rstrip('/')}/repos/{repository}/releases?per_page=100&page={page}",
            headers={"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
            | ({"Authorization": f"Bearer {token}"} if token else {}),
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:  # an http(s) address, checked above
                listed = json.load(answer)
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise NotesUnavailable(f"GitHub's releases could not be read ({error})") from None
        if not isinstance(listed, list) or not listed:
            break
        for release in listed:
            if not isinstance(release, dict) or release.get("draft") or not isinstance(release.get("tag_name"), str):
                continue
            note = note_of(str(release.get("name") or ""), str(release.get("body") or ""))
            notes[release["tag_name"]] = GitHubRelease(note, str(release.get("published_at") or ""))
    return notes


def note_of(title: str, text: str) -> str:
    """A release's note: its title, then its description, as plain paragraphs."""
    parts = [part.strip() for part in (title, text.replace("\r\n", "\n")) if part.strip()]
    return "\n\n".join(parts)


def write_notes(root: Path, notes: dict[str, GitHubRelease]) -> Path:
    """``notes`` into the letter's ``.cache/release-notes.json`` (whole or not at all)."""
    path = root / NOTES_FILE
    written = {tag: asdict(release) for tag, release in notes.items()}
    write_whole(path, (json.dumps(written, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8"))
    return path


def read_notes(root: Path) -> dict[str, GitHubRelease]:
    """What ``letter-site release-notes`` wrote, by tag; nothing if it did not run (or its file is damaged)."""
    try:
        found = json.loads((root / NOTES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(found, dict):
        return {}
    notes = {}
    for tag, release in found.items():
        if isinstance(release, dict) and isinstance(release.get("note"), str):
            notes[str(tag)] = GitHubRelease(release["note"], str(release.get("published") or ""))
    return notes


def release_notes(root: Path) -> tuple[int, str]:
    """``letter-site release-notes``: the exit status and what to say (GitHub's environment names the repository)."""
    api = os.environ.get("GITHUB_API_URL", "https://api.github.com")
    repository = os.environ.get("GITHUB_REPOSITORY", "")
    if not repository:
        return 1, "GITHUB_REPOSITORY is not set: release-notes runs in a GitHub workflow (Publish runs it)"
    try:
        notes = fetch_notes(api, repository, os.environ.get("GH_TOKEN") or os.environ.get("GITHUB_TOKEN"))
    except NotesUnavailable as unavailable:
        # The build goes on: each version's note is then its tag's message, or its commit's subject.
        return 0, f"warning: {unavailable}; the Versions page takes each note from git instead"
    path = write_notes(root, notes)
    return 0, f"{len(notes)} release notes from GitHub written to {path.relative_to(root).as_posix()}"
