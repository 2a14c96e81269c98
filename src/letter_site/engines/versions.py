"""Every released version at its own address, ``v/<tag>/``, beside the current letter; and the Versions page.

Each version is built from its tag's files (``git archive``) by this same tool,
with ``SITE_URL`` at its own address and its notice (what it is, where the
current letter is, what changed since) for the finishing step to print on its
letter page and in its PDF.  A version's output depends only on its tag's tree,
the tool and what its notice says: it is kept in ``.cache/versions/`` under a
digest of them, so that a new release adds one version's build to the next.
The build of a version is dated by its release (``SOURCE_DATE_EPOCH``): two
builds of the same tags are byte for byte the same.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from contextlib import suppress
from pathlib import Path
from urllib.parse import urljoin

import yaml

from ..common.dates import day_month_year
from ..common.files import write_whole
from ..history.changes import compare, summary
from ..history.git import GitUnavailable, committed_at, export, shallow
from ..history.github import AS_PUBLISHED, attached_pdf
from ..history.record import RecordUnreadable, Version, VersionInvalid, record
from ..history.snapshot import snapshot, tool_digest
from ..model import Letter
from ..render import versions as pages
from ..render.pdf import NO_PDF
from ..render.versions import Notice
from ..sources.paths import SourcePaths
from . import safety
from .finish import VERSION_ENV, Site, after_title
from .kept import publish_kept
from .project import read_config
from .release_config import at_address
from .versions_page import PAGE_SOURCE, write_versions_page

FOLDER = "v"
KEPT_FILE = "versions.yaml"
PUBLISHED = "published"  # .cache/published: each version's PDF as first published, kept whatever the tool
KEPT_HELP = (
    "versions.yaml lists releases an older letter-site built, as 'kept:' then lines 'v0.9: releases/v0.9' naming "
    "a folder of the repository that holds that version's built site, and tags that are no version of the letter "
    "as 'ignored:' then lines '- tools-0.1'; README, \"Versions\""
)
# A tag that can be part of an address: "v1.0", "2023-08-11", "release/1" (a folder in a folder: git keeps no
# tag "release" beside "release/1", so no two versions share a folder).
TAG = re.compile(r"(?:[A-Za-z0-9][A-Za-z0-9._-]{0,63}/){0,3}[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")  # the site's own lists its pages; a version's would list it twice


def read_record(root: Path, letter: Letter | None, publish: bool = False) -> tuple[Version, ...] | str:
    """The letter's releases and what changed (nothing in a version's own build); why not, in lines.

    ``publish``: the site is to be published, so a shallow clone is refused even where it shows no
    release (actions/checkout fetches no tag by default): every version published before would vanish.
    """
    if os.environ.get(VERSION_ENV) or letter is None:
        return ()
    if publish and (root / ".git").exists():
        try:
            cut = shallow(root)
        except GitUnavailable:
            cut = False
        if cut:
            return (f"{root / '.git'}: a shallow clone, without the releases' history: published versions would "
                    "vanish (fetch it all: git fetch --unshallow --tags; in a workflow, actions/checkout with "
                    "fetch-depth: 0)")  # fmt: skip
    kept = kept_versions(root)
    if isinstance(kept, str):
        return kept
    if committed := _committed_cache(root):  # before anything of it is read
        return committed
    try:
        found = record(root, letter, kept, root / ".cache" / "record", release_paths)
    except (VersionInvalid, RecordUnreadable) as invalid:
        return str(invalid)
    folded: dict[str, str] = {}
    for version in found:
        if version.release is None:
            continue
        tag = version.release.tag
        if not TAG.fullmatch(tag):
            return (f"release {tag}: a tag name that cannot be part of an address (rename it with letters, "
                    "digits, '.', '-', '_' and '/' between parts, 64 characters at most between two '/', e.g. "
                    "v1.0)")  # fmt: skip
        if (other := folded.setdefault(tag.casefold(), tag)) != tag:  # one folder on a disk that folds case
            return (f"releases {other} and {tag}: two tags whose names differ only in case, one address on many "
                    f"servers (delete one: git push --delete origin {tag} and git tag -d {tag})")  # fmt: skip
    return found


def _committed_cache(root: Path) -> str | None:
    """Why the build must not read ``.cache/``: files of it were committed, so a pull request could have
    put a version's built pages there (the cache is this machine's, or the workflow's, alone)."""
    listed = subprocess.run(["git", "-C", str(root), "ls-files", "--", ".cache"], capture_output=True, text=True,
                            check=False)  # fmt: skip
    tracked = listed.stdout.split("\n", 1)[0].strip() if listed.returncode == 0 else ""
    if not tracked:
        return None
    return (f"{tracked}: the build's cache is committed to the repository, where a pull request could change what "
            "is published (git rm -r --cached .cache, and keep .cache/ in .gitignore)")  # fmt: skip


def release_paths(files: Path) -> SourcePaths:
    """Where a release keeps its sources: as its own mkdocs.yml says (the defaults if it cannot be read)."""
    try:
        return dataclasses.replace(read_config(files / "mkdocs.yml").settings.paths, root=files)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return SourcePaths(files)


def kept_versions(root: Path) -> dict[str, Path | None] | str:
    """``versions.yaml``'s ``kept:``: releases whose site an older letter-site built, each a folder of the
    repository; and its ``ignored:``, tags that are no version of the letter (``None``).

    For a release whose sources today's checks refuse: its built site, committed, is published as it is.
    """
    path = root / KEPT_FILE
    if not path.is_file():
        return {}
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return f"{KEPT_FILE}:1:1: not UTF-8 text (save it as UTF-8) ({KEPT_HELP})"
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        where = f"{mark.line + 1}:{mark.column + 1}" if mark is not None else "1:1"
        what = getattr(error, "problem", None) or "not YAML"
        return f"{KEPT_FILE}:{where}: {what} ({KEPT_HELP})"
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        return f"{KEPT_FILE}:{line}:{column}: expected 'kept:' or 'ignored:' ({KEPT_HELP})"
    entries: dict[str, Path | None] = {}
    for key, value in node.value:
        if key.value in ("kept", "ignored") and isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null"):
            continue  # "kept:" with nothing under it yet
        if key.value == "ignored" and isinstance(value, yaml.SequenceNode):
            for tag in value.value:
                if not isinstance(tag, yaml.ScalarNode):
                    line, column = tag.start_mark.line + 1, tag.start_mark.column + 1
                    return f"{KEPT_FILE}:{line}:{column}: expected a line '- tag' ({KEPT_HELP})"
                entries[str(tag.value)] = None
            continue
        if key.value != "kept" or not isinstance(value, yaml.MappingNode):
            line, column = key.start_mark.line + 1, key.start_mark.column + 1
            return f"{KEPT_FILE}:{line}:{column}: expected 'kept:' or 'ignored:' ({KEPT_HELP})"
        for tag, folder in value.value:
            if not isinstance(folder, yaml.ScalarNode) or not isinstance(tag, yaml.ScalarNode):
                line, column = tag.start_mark.line + 1, tag.start_mark.column + 1
                return f"{KEPT_FILE}:{line}:{column}: expected a line 'tag: folder' ({KEPT_HELP})"
            where = f"{KEPT_FILE}:{folder.start_mark.line + 1}:{folder.start_mark.column + 1}"
            site = (root / str(folder.value)).resolve()
            if not site.is_relative_to(root.resolve()) or not (site / "index.html").is_file():
                what = "is not a folder of this repository with a built letter page (its index.html)"
                return f"{where}: '{folder.value}' {what} ({KEPT_HELP})"
            entries[str(tag.value)] = site
    return entries


def build_versions(
    site: Site, engine: str, root: Path, versions: tuple[Version, ...], publish: bool = False
) -> list[str]:
    """Each release's site into ``v/<tag>/``, then the Versions page; the problems that stop the build.

    ``publish``: each version's build is to be published too (a release of the placeholder letter is refused).
    """
    project, current = site.project, site.project.letter
    assert current is not None
    now = versions[-1].said if versions[-1].release is None and versions[-1].said else snapshot(current)
    current_url = project.absolute(project.url(project.settings.paths.letter_page))
    versions_url = project.absolute(project.url(PAGE_SOURCE))
    urls: dict[str | None, str] = {None: current_url}
    digests: dict[str, tuple[str, str]] = {}
    for version in versions:
        release = version.release
        if release is None:
            continue
        address = project.absolute(f"{FOLDER}/{release.tag}/")
        if version.kept is not None:  # as an older letter-site built it: an archive, with today's notice
            refused = publish_kept(version.kept, site.folder / FOLDER / release.tag, address,
                                   project.settings.site_url, root)  # fmt: skip
            if refused:
                return [*refused, f"(release {release.tag}, kept in versions.yaml: nothing was published)"]
            for name in SITEMAPS:
                (site.folder / FOLDER / release.tag / name).unlink(missing_ok=True)
            told = Notice(release.tag, day_month_year(release.date.date()), current_url, versions_url, "")
            for page in _pages(site.folder / FOLDER / release.tag):
                _rewrite(page, after_title(page.read_text(encoding="utf-8"), pages.notice_html(told)))
            urls[release.tag] = address
            digests |= _digests(site.folder / FOLDER / release.tag, release.tag)
            continue
        notice = Notice(release.tag, day_month_year(release.date.date()), current_url, versions_url, "")
        built = _version_site(root, version, engine, address, notice, publish)
        if isinstance(built, str):
            return [built]
        shutil.copytree(built, site.folder / FOLDER / release.tag, copy_function=_link,
                        ignore=shutil.ignore_patterns(".complete", *SITEMAPS))  # fmt: skip
        if not built.is_relative_to(root / ".cache"):  # built where the cache could not be written
            shutil.rmtree(built, ignore_errors=True)
        _as_first_published(root, site.folder / FOLDER / release.tag, version, project.settings.site_url)
        assert version.said is not None
        since = pages.since_html(summary(compare(version.said, now)))
        folder = site.folder / FOLDER / release.tag
        for page in _pages(folder):  # its notices: what changed since, now
            text = page.read_text(encoding="utf-8")
            if pages.since_html("") in text:
                _rewrite(page, text.replace(pages.since_html(""), since, 1))
        for page in sorted(folder.rglob("*.html")):  # what came from the cache goes through the gate again
            found = safety.page_problems(page.read_text(encoding="utf-8"), urljoin(address, page.relative_to(
                folder).as_posix()), project.settings.site_url)  # fmt: skip
            if found:
                return [f"release {release.tag}: its built page {page.relative_to(folder).as_posix()} would run "
                        f"script or fetch from another host: {'; '.join(found)} (nothing was published: delete "
                        f".cache/versions to build it again, and tell the site's developers)"]  # fmt: skip
        urls[release.tag] = address
        digests |= _digests(site.folder / FOLDER / release.tag, release.tag)
    return write_versions_page(site, versions, urls, digests, versions_url)


def _pages(folder: Path) -> list[Path]:
    """A version's pages, each with its notice: not the theme's page for an address that is not there."""
    return sorted(page for page in folder.rglob("*.html") if page.name != "404.html")


def _version_site(root: Path, version: Version, engine: str, address: str, notice: Notice, publish: bool) -> Path | str:
    """The version's built site, from the cache or built now; why not, if its build failed."""
    assert version.release is not None and version.tree is not None
    no_pdf = os.environ.get(NO_PDF, "")
    settings = "\n".join((version.tree, tool_digest(), engine, address, notice.to_json(), no_pdf, str(publish)))
    key = hashlib.sha256(settings.encode()).hexdigest()[:32]
    cached = root / ".cache" / "versions" / key
    if _complete(cached):
        return cached
    with tempfile.TemporaryDirectory(prefix="letter-version-") as folder:
        files = export(root, version.release.commit, Path(folder) / "files")
        at_address(files / "mkdocs.yml", address)  # an address written out in it: the version's, in this copy
        env = {name: value for name, value in os.environ.items() if name not in ("REPO_URL", "SITE_URL")}
        env |= {"SITE_URL": address, VERSION_ENV: notice.to_json(),
                "SOURCE_DATE_EPOCH": str(committed_at(root, version.release.commit))}  # fmt: skip
        out = Path(folder) / "site"
        result = subprocess.run(
            [sys.executable, "-m", "letter_site", "build", "--engine", engine, "--site-dir", str(out)]
            + (["--publish"] if publish else []),
            cwd=files, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            said = "\n".join(f"  {line}" for line in result.stderr.strip().splitlines()[-20:])
            tag = version.release.tag
            if "placeholder" in result.stderr:  # a release of letter-site new's placeholder: not a letter
                said += (f"\n  (release {tag} is of the placeholder letter, never sent: delete its tag, on GitHub "
                         f"with its release, or git push --delete origin {tag} and git tag -d {tag})")  # fmt: skip
            return f"release {tag}: its letter could not be built with this tool:\n{said}"
        if wrong := _other_address(out / "index.html", address):
            return (f"release {version.release.tag}: its mkdocs.yml gives its letter another address than its "
                    f"version's ({wrong}, not {address}), which this tool could not change (keep that release as "
                    'it was built: versions.yaml, README "Versions")')  # fmt: skip
        (out / ".complete").write_text(settings + "\n", encoding="utf-8")
        return _keep(out, cached)


def _as_first_published(root: Path, folder: Path, version: Version, site_url: str) -> None:
    """The version's PDF as published, the same file in every later build, whatever tool makes them.

    The one attached to its GitHub release comes first (the Publish workflow attaches it once, and
    GitHub keeps it for good). Else its build's, kept in ``.cache/published/`` by the version's files
    and the site's address alone (not the tool): a later letter-site may lay out a PDF differently, and
    the SHA-256 the Versions page lists must stay the one of the PDF that readers were sent.
    """
    made = next(folder.glob(f"*{AS_PUBLISHED}"), None)
    if made is None or version.tree is None or version.release is None:
        return
    key = hashlib.sha256(f"{version.tree}\n{site_url}".encode()).hexdigest()[:32]
    kept = root / ".cache" / PUBLISHED / f"{key}-{made.name}"
    attached = attached_pdf(root, version.release.tag, made.name)
    if attached is not None or (kept.is_file() and kept.read_bytes()[:5] == b"%PDF-"):  # else damaged: kept again
        made.unlink()
        _link(str(attached or kept), str(made))
        return
    with suppress(OSError):  # not kept: made again next time
        write_whole(kept, made.read_bytes())


_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)"')


def _other_address(page: Path, address: str) -> str | None:
    """The address a version's letter page names as its own, if it is not ``address`` ("none": it names none)."""
    try:
        found = _CANONICAL.search(page.read_text(encoding="utf-8"))
    except OSError:
        return None  # no letter page: its build said why
    named = found[1] if found else "none"
    return None if named == address else named


def _complete(cached: Path) -> bool:
    """A kept build that was written whole: its marker (written last) and its letter page."""
    return (cached / ".complete").is_file() and (cached / "index.html").is_file()


def _keep(out: Path, cached: Path) -> Path:
    """``out`` kept as ``cached`` (whole: moved in at once; another build's, if it got there first); where
    the cache cannot be written (a read-only disk), a folder of its own that the caller removes after use."""
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{cached.name}.", dir=cached.parent))
        shutil.copytree(out, staging, dirs_exist_ok=True)
        if cached.is_symlink() or cached.is_file():
            cached.unlink()
        try:
            os.replace(staging, cached)
        except OSError:  # there already: another build's, complete, or a damaged one
            if not _complete(cached):
                shutil.rmtree(cached, ignore_errors=True)
                os.replace(staging, cached)
            shutil.rmtree(staging, ignore_errors=True)
        return cached
    except OSError:
        uncached = Path(tempfile.mkdtemp(prefix="letter-version-"))
        shutil.copytree(out, uncached, dirs_exist_ok=True)
        return uncached


def _digests(folder: Path, tag: str) -> dict[str, tuple[str, str]]:
    """The version's PDF as it was published (else its PDF): its name and SHA-256, to check a copy against."""
    pdfs = sorted(folder.glob("*.pdf"), key=lambda path: not path.name.endswith(AS_PUBLISHED))
    return {tag: (pdfs[0].name, hashlib.sha256(pdfs[0].read_bytes()).hexdigest())} if pdfs else {}


def _link(source: str, target: str) -> None:
    """A kept version's file in the site: the same file on the disk where it can be (no copy), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _rewrite(path: Path, text: str) -> None:
    """``path`` with ``text``, as a file of its own: never through a link into the kept build."""
    path.unlink()
    path.write_text(text, encoding="utf-8")
