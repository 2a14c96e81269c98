"""The releases' titles and texts as GitHub keeps them: a release made on GitHub's web pages has them there, not in git.

GitHub's "Create new tag on publish" makes a lightweight tag, which holds no
message: the release's title and description stay in GitHub.  The Publish
workflow runs ``letter-site release-notes`` (with the workflow's own token), which
writes them to ``.cache/release-notes.json``; the record reads a tag's note from
there when it is listed, else from git (an annotated tag's message, a
lightweight tag's commit's subject).  Nothing else in the tool talks to a network,
and a build never does: without the file (a build on a laptop), notes come from git.

It also downloads the PDF as published that the workflow attached to each release
(``<name>-as-published.pdf``, attached once by the Publish workflow's "attach" job):
GitHub keeps it for good, where a workflow's cache is gone after a week unused, so
the SHA-256 the Versions page lists stays the one of the file that was sent, whatever
tool builds the site later.  Only a file the workflow attached (uploaded by
github-actions[bot]) counts, served by this repository's API, and only whole, as
GitHub's digest says, and with nothing in it a PDF reader would run or open; it goes
to ``.cache/release-assets/``.  One that cannot be had so stops the run: the Versions
page must not list another file's SHA-256 for it.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import urllib.error
import urllib.request
import zlib
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from ..common.files import write_whole

NOTES_FILE = Path(".cache") / "release-notes.json"
ASSETS = Path(".cache") / "release-assets"
AS_PUBLISHED = "-as-published.pdf"  # how the file a release's PDF was published as is named (engines/finish.py)
_PAGES_AT_MOST = 50  # 100 releases a page: 5,000 releases
_PDF_AT_MOST = 64 * 1024 * 1024
_ATTACHER = "github-actions[bot]"  # who uploads with a workflow's token: the attach job
_ASSET_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,200}" + re.escape(AS_PUBLISHED))
# What a PDF reader may run, open or send when a PDF is opened: none is in a PDF the tool makes.
_ACTIVE = frozenset({"JavaScript", "JS", "Launch", "EmbeddedFile", "EmbeddedFiles", "SubmitForm", "ImportData",
                     "RichMedia", "OpenAction", "AA", "GoToR", "GoToE", "XFA"})  # fmt: skip
_NAME = re.compile(rb"/([^\s/\[\]()<>{}%]+)")
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)


class NotesUnavailable(Exception):  # noqa: N818 - reads as a sentence: "raise NotesUnavailable"
    """GitHub's releases could not be read: why, in one line."""


@dataclass(frozen=True)
class GitHubRelease:
    """What GitHub keeps of a release that git does not: its note, and when it was published."""

    note: str
    published: str  # "2023-08-11T12:00:00Z"; "" if GitHub does not say
    pdf: str = ""  # the PDF as published attached to it: its file in .cache/release-assets/; "" if none
    # that file is "<hash of the tag>-<the attached file's name>", the name the build gives it


@dataclass(frozen=True)
class _Attached:
    """A release's PDF as published as GitHub lists it: where the API serves it, and what GitHub says it is."""

    name: str  # "open-letter-2023-08-11-as-published.pdf"
    url: str
    size: int
    digest: str  # "sha256:<hex>", or "" (GitHub lists digests of assets uploaded since 2025)


def _request(url: str, token: str | None, accept: str) -> urllib.request.Request:
    request = urllib.request.Request(url, headers={"Accept": accept, "X-GitHub-Api-Version": "2022-11-28"})
    if token:  # not sent on to where GitHub redirects a download (a storage host refuses a second credential)
        request.add_unredirected_header("Authorization", f"Bearer {token}")
    return request


def fetch_releases(api: str, repository: str, token: str | None) -> dict[str, tuple[GitHubRelease, _Attached | None]]:
    """Each published release's note (its title, then its text), date and attached PDF as published, by tag,
    from GitHub's REST API."""
    if urlsplit(api).scheme not in ("https", "http") or not repository.count("/") == 1:
        raise NotesUnavailable(f"not a GitHub API address and repository: {api!r}, {repository!r}")
    releases = f"{api.rstrip('/')}/repos/{repository}/releases"
    notes: dict[str, tuple[GitHubRelease, _Attached | None]] = {}
    for page in range(1, _PAGES_AT_MOST + 1):
        address = f"{releases}?per_page=100&page={page}"
        request = _request(address, token, "application/vnd.github+json")
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:  # an http(s) address, checked above
                listed = json.load(answer)
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
            raise NotesUnavailable(f"GitHub's releases could not be read ({error})") from None
        if not isinstance(listed, list) or not listed:
            break
        for release in listed:
            if not isinstance(release, dict) or release.get("draft") or not isinstance(release.get("tag_name"), str):
                continue
            note = note_of(str(release.get("name") or ""), str(release.get("body") or ""))
            notes[release["tag_name"]] = (GitHubRelease(note, str(release.get("published_at") or "")),
                                          _attached(release.get("assets"), f"{releases}/assets/"))  # fmt: skip
    return notes


def _attached(assets: object, served_at: str) -> _Attached | None:
    """The PDF as published the attach job put among a release's assets (the first by name, should there be several).

    Only one the workflow uploaded, and served by this repository's API (the token goes nowhere else).
    """
    for asset in sorted((asset for asset in assets if isinstance(asset, dict)) if isinstance(assets, list) else (),
                        key=lambda asset: str(asset.get("name")),):  # fmt: skip
        name, url, size, uploader = asset.get("name"), asset.get("url"), asset.get("size"), asset.get("uploader")
        if (isinstance(name, str) and _ASSET_NAME.fullmatch(name) and isinstance(url, str)
                and url.startswith(served_at) and url[len(served_at):].isdigit() and isinstance(size, int)
                and isinstance(uploader, dict) and uploader.get("login") == _ATTACHER):  # fmt: skip
            return _Attached(name, url, size, str(asset.get("digest") or ""))
    return None


def active_parts(data: bytes) -> list[str]:
    """What a PDF reader would run, open or send in ``data`` (names such as /JavaScript, compressed or not)."""
    found = set()
    for part in [data, *(_inflated(stream) for stream in _STREAM.findall(data))]:
        for name in _NAME.findall(part):
            decoded = re.sub(rb"#([0-9A-Fa-f]{2})", lambda hex_: bytes([int(hex_[1], 16)]), name)
            if decoded.decode("latin-1") in _ACTIVE:
                found.add("/" + decoded.decode("latin-1"))
    return sorted(found)


def _inflated(stream: bytes) -> bytes:
    try:
        return zlib.decompressobj().decompress(stream, _PDF_AT_MOST)
    except zlib.error:
        return b""


def fetch_attached(root: Path, tag: str, attached: _Attached, token: str | None) -> str:
    """The release's PDF as published, downloaded into ``.cache/release-assets/`` (kept there): its file name.

    Raises NotesUnavailable when it cannot be had whole, is no PDF, or is not the file GitHub lists.
    """
    name = f"{hashlib.sha256(tag.encode()).hexdigest()[:16]}-{attached.name}"  # a tag may hold "/"
    path = root / ASSETS / name
    expected = attached.digest.removeprefix("sha256:") if attached.digest.startswith("sha256:") else ""
    kept = path.read_bytes() if path.is_file() else b""
    if len(kept) == attached.size and (not expected or hashlib.sha256(kept).hexdigest() == expected):
        return name  # downloaded by an earlier run
    if attached.size > _PDF_AT_MOST:
        raise NotesUnavailable(f"release {tag}: its PDF as published is over {_PDF_AT_MOST // 2**20} MB")
    try:
        with urllib.request.urlopen(_request(attached.url, token, "application/octet-stream"), timeout=60) as answer:
            data = answer.read(_PDF_AT_MOST + 1)
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
        raise NotesUnavailable(f"release {tag}: its PDF as published could not be downloaded ({error})") from None
    if not data.startswith(b"%PDF-") or len(data) != attached.size:
        raise NotesUnavailable(f"release {tag}: what is attached as its PDF as published is no whole PDF")
    if expected and hashlib.sha256(data).hexdigest() != expected:
        raise NotesUnavailable(f"release {tag}: its PDF as published is not the file GitHub lists (SHA-256 differs)")
    if active := active_parts(data):
        raise NotesUnavailable(f"release {tag}: its PDF as published holds what a PDF reader would run or open "
                               f"({', '.join(active)}), which no PDF letter-site makes holds")  # fmt: skip
    write_whole(path, data)
    return name


def attached_pdf(root: Path, tag: str, name: str) -> Path | None:
    """The PDF as published named ``name`` attached to the release ``tag``, as ``release-notes`` downloaded it."""
    release = read_notes(root).get(tag)
    path = root / ASSETS / release.pdf if release and release.pdf.endswith(f"-{name}") else None
    try:
        return path if path is not None and path.read_bytes()[:5] == b"%PDF-" else None
    except OSError:
        return None


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
            pdf = str(release.get("pdf") or "")
            pdf = pdf if pdf == Path(pdf).name and pdf.endswith(".pdf") else ""  # a file of the folder, no path
            notes[str(tag)] = GitHubRelease(release["note"], str(release.get("published") or ""), pdf)
    return notes


def release_notes(root: Path) -> tuple[int, str]:
    """``letter-site release-notes``: the exit status and what to say (GitHub's environment names the repository)."""
    api = os.environ.get("GITHUB_API_URL", "https://api.github.com")
    repository = os.environ.get("GITHUB_REPOSITORY", "")
    if not repository:
        return 1, "GITHUB_REPOSITORY is not set: release-notes runs in a GitHub workflow (Publish runs it)"
    token = os.environ.get("GH_TOKEN") or os.environ.get("GITHUB_TOKEN")
    try:
        found = fetch_releases(api, repository, token)
    except NotesUnavailable as unavailable:
        if (root / NOTES_FILE).is_file():  # kept by the workflow's cache: its notes, and the PDFs it downloaded
            return 0, f"warning: {unavailable}; the Versions page takes the notes and PDFs an earlier run read"
        # The build goes on: each version's note is then its tag's message, or its commit's subject.
        return 0, f"warning: {unavailable}; the Versions page takes each note from git instead"
    notes, problems = {}, []
    for tag, (listed, attached) in found.items():
        notes[tag] = listed
        if attached is not None:
            try:
                notes[tag] = replace(listed, pdf=fetch_attached(root, tag, attached, token))
            except NotesUnavailable as unavailable:  # listing another file's SHA-256 for it would be worse
                problems.append(
                    f"{unavailable} (nothing was published: run the workflow again; if this stays, "
                    f"delete {attached.name} from the release on GitHub: this build's is attached)"
                )
    if problems:
        return 1, "\n".join(problems)
    path = write_notes(root, notes)
    pdfs = sum(1 for release in notes.values() if release.pdf)
    attached_said = f"; {pdfs} PDF{'s' if pdfs != 1 else ''} as published to {ASSETS.as_posix()}/" if pdfs else ""
    return 0, f"{len(notes)} release notes from GitHub written to {path.relative_to(root).as_posix()}{attached_said}"
