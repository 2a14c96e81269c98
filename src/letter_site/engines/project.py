"""What a build of the site is made from, for any engine: settings, the loaded letter, its addresses.

Both engines read ``mkdocs.yml``; our Markdown extension (:mod:`.extension`)
gets its options from it, and ``letter-site build`` reads the same entry
(:func:`read_config`).  :func:`load_project` loads and checks the sources once
per change of their files, so each page an engine renders costs a few
``stat`` calls, not a new load.  Nothing here imports an engine.
"""

from __future__ import annotations

import os
import posixpath
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml

from ..cite.citations import CitedNote, cite_notes
from ..common.addresses import Repository, address_problem, source_date_epoch_problem
from ..common.ids import note_id, source_id
from ..model import Letter
from ..problems import Problem, SourcesInvalid
from ..render import pdf, publish
from ..render.pages import Links
from ..sources.loader import SourcePaths, load_letter
from .theme import setting_problems as theme_setting_problems

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"  # the preview's address: mkdocs.yml's default
EXTENSION = "letter_site.extension"  # its name under markdown_extensions in mkdocs.yml
# What the letter's Markdown needs besides: the notes, {: .class } and {#anchor}, the addressee block, anchors.
REQUIRED_EXTENSIONS = ("footnotes", "attr_list", "md_in_html", "toc", EXTENSION)


@dataclass(frozen=True)
class Settings:
    """The extension's options in ``mkdocs.yml`` (paths relative to ``root``, the folder of ``mkdocs.yml``)."""

    paths: SourcePaths
    site_url: str = DEFAULT_SITE_URL
    repo_url: str | None = None
    edit_uri: str = "edit/main/"
    view_uri: str = "blob/main/"
    use_directory_urls: bool = True
    source_date_epoch: str | None = None  # the build's date (SOURCE_DATE_EPOCH), checked with the addresses

    @classmethod
    def from_options(cls, options: dict[str, Any], root: Path | None = None) -> Settings:
        """From the extension's options; unknown options are refused by the caller (Python-Markdown)."""
        text = {key: value for key, value in options.items() if isinstance(value, str)}
        paths = SourcePaths(
            (root or Path(text.get("root", "."))).resolve(),
            **{
                name: text[name]
                for name in (
                    "letter",
                    "footnotes",
                    "signatories",
                    "docs",
                    "letter_page",
                    "sources_page",
                    "signatories_page",
                )
                if text.get(name)
            },
        )
        return cls(
            paths,
            site_url=(text.get("site_url") or DEFAULT_SITE_URL).rstrip("/") + "/",  # as MkDocs takes it
            repo_url=text.get("repo_url") or None,
            edit_uri=text.get("edit_uri", cls.edit_uri),
            view_uri=text.get("view_uri", cls.view_uri),
            use_directory_urls=bool(options.get("use_directory_urls", True)),
            source_date_epoch=text.get("source_date_epoch") or os.environ.get("SOURCE_DATE_EPOCH"),
        )

    def problems(self) -> tuple[str, ...]:
        """The addresses and date a deployment sets, refused before they reach a page."""
        found = [
            problem
            for name, value in (("site_url (SITE_URL)", self.site_url), ("repo_url (REPO_URL)", self.repo_url))
            if value and (problem := address_problem(f"mkdocs.yml: {name}", value))
        ]
        if problem := source_date_epoch_problem(self.source_date_epoch):
            found.append(problem)
        return tuple(found)

    @property
    def repository(self) -> Repository | None:
        return Repository(self.repo_url, self.edit_uri, self.view_uri) if self.repo_url else None


@dataclass(frozen=True)
class Project:
    """The sources as loaded, with the problems that stop a build, and the site's addresses."""

    settings: Settings
    letter: Letter | None
    notes: tuple[CitedNote, ...] = ()
    problems: tuple[Problem, ...] = ()
    setting_problems: tuple[str, ...] = ()
    pdf_unavailable: str | None = None  # why no PDF can be made here (WeasyPrint missing)

    @property
    def valid(self) -> bool:
        return self.letter is not None and not self.problems and not self.setting_problems

    def report(self) -> str:
        """Every problem, settings first, one per line."""
        lines = list(self.setting_problems)
        if self.problems:
            lines.append(SourcesInvalid(self.problems).report())
        return "\n".join(lines)

    def download(self, kind: str) -> str | None:
        """File name of a download (``open-letter-2023-08-11.pdf``); ``None`` if not made."""
        if self.letter is None or (kind == "pdf" and self.pdf_unavailable):
            return None
        return f"open-letter-{self.letter.date.isoformat()}.{kind}"

    def url(self, page: str) -> str:
        """A page's address in the site, as MkDocs writes it: ``sources.md`` → ``sources/``, ``index.md`` → ``./``."""
        stem = page.removesuffix(".md")
        if not self.settings.use_directory_urls:
            return f"{stem}.html"
        return "./" if stem == "index" else f"{stem}/"

    def href(self, here: str, target: str, from_source: bool = False) -> str:
        """The link from page ``here`` to ``target``: a page of docs/ (``sources.md``) or a file of the site.

        MkDocs leaves the HTML the extension makes as it is, so its links are
        relative to the page's address.  Zensical resolves every relative link
        of a page from the page's source file, as both engines do for Markdown
        links (``from_source``): a page is then linked by its file name.
        """
        page = target.endswith(".md")
        if from_source:
            return target  # docs/ has no subfolders: every page and file is beside ``here``
        return relative_url(self.url(target) if page else target, self.url(here))

    def links(self, here: str, from_source: bool = False) -> Links:
        """How page ``here`` links to a source's entry and to a note."""
        paths = self.settings.paths
        sources = self.href(here, paths.sources_page, from_source)
        notes = self.href(here, paths.letter_page, from_source)
        return Links(source=lambda key: f"{sources}#{source_id(key)}", note=lambda key: f"{notes}#{note_id(key)}")

    def absolute(self, target: str) -> str:
        """``target`` (a URL within the site) as an absolute address on the published site."""
        return urljoin(self.settings.site_url, target)

    def addresses(self, site_name: str = "", description: str = "", card: bool = False) -> publish.Addresses:
        pdf_name, card_name = self.download("pdf"), self.download("png")
        return publish.Addresses(
            page=self.absolute(self.url(self.settings.paths.letter_page)),
            pdf=self.absolute(pdf_name) if pdf_name else None,
            site_name=site_name,
            description=description,
            card=self.absolute(card_name) if card and card_name else None,
        )


def relative_url(url: str, other: str) -> str:
    """``url`` relative to ``other``, both within the site: MkDocs' ``get_relative_url``, so links read the same."""
    directory, _, name = other.rpartition("/")
    if "." in name:
        other = directory
    other_parts, parts = _parts(other), _parts(url)
    common = 0
    for a, b in zip(other_parts, parts, strict=False):
        if a != b:
            break
        common += 1
    relative = "/".join([".."] * (len(other_parts) - common) + parts[common:]) or "."
    return relative + "/" if url.endswith("/") else relative


def _parts(path: str) -> list[str]:
    return [part for part in posixpath.normpath(path).split("/") if part not in ("", ".")]


_cache: dict[Settings, tuple[tuple[Any, ...], Project]] = {}
_lock = threading.Lock()
_announced: set[int] = set()


def announce(project: Project) -> None:
    """Tell the terminal of a preview about the problems of ``project``, once however many pages show them."""
    with _lock:
        if project.valid or id(project) in _announced:
            return
        _announced.add(id(project))
    print(project.report(), file=sys.stderr, flush=True)


def load_project(settings: Settings) -> Project:
    """The sources of ``settings`` loaded and cited; loaded again only when one of their files changed."""
    signature = _signature(settings.paths)
    with _lock:
        cached = _cache.get(settings)
        if cached is not None and cached[0] == signature:
            return cached[1]
        project = _load(settings)
        _cache[settings] = (signature, project)
        return project


def _load(settings: Settings) -> Project:
    setting_problems = settings.problems()
    try:
        letter = load_letter(settings.paths)
    except SourcesInvalid as invalid:
        return Project(settings, None, problems=invalid.problems, setting_problems=setting_problems)
    try:
        if not os.environ.get(pdf.NO_PDF):
            pdf.import_weasyprint()
    except pdf.PdfUnavailable as unavailable:
        pdf_unavailable: str | None = str(unavailable)
    else:
        pdf_unavailable = None
    return Project(
        settings,
        letter,
        cite_notes(letter),
        setting_problems=setting_problems,
        pdf_unavailable=pdf_unavailable,
    )


def _signature(paths: SourcePaths) -> tuple[Any, ...]:
    """Name, size and time of change of every file the sources are read from."""
    found: list[Any] = []
    for top in (*paths.watched(), paths.root / paths.docs):
        files = sorted(top.rglob("*")) if top.is_dir() else [top]
        for file in files:
            try:
                status = file.stat()
            except OSError:
                found.append((str(file), None))
            else:
                found.append((str(file), status.st_size, status.st_mtime_ns))
    return tuple(found)


@dataclass(frozen=True)
class SiteConfig:
    """What ``letter-site build`` reads from ``mkdocs.yml``: the site's name and folders, our extension's options."""

    file: Path
    site_name: str
    site_description: str
    docs_dir: str
    site_dir: str
    settings: Settings
    problems: tuple[str, ...] = ()  # what in mkdocs.yml would give a site without the letter, or a wrong one
    custom_dir: str | None = None  # theme.custom_dir: the letter's own theme files, laid over the tool's


class ConfigLoader(yaml.SafeLoader):
    """``mkdocs.yml`` as both engines read it: ``!ENV`` tags are read, other tags give nothing."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # As MkDocs' pyyaml_env_tag: `!ENV NAME` or `!ENV [NAME, OTHER, default]`.
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        values = loader.construct_sequence(node, deep=True)  # type: ignore[arg-type]
        names, default = (values[:-1], values[-1]) if len(values) > 1 else (values, None)
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name]) if os.environ[name] else ""
    return default


ConfigLoader.add_constructor("!ENV", _env)
ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _nav_pages(nav: Any) -> list[str]:
    """The pages a nav lists: ``- About: about.md``, ``- about.md`` and sections of them."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [page for item in nav for page in _nav_pages(item)]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in _nav_pages(value)]
    return []


def read_config(file: Path) -> SiteConfig:
    """The settings of ``file`` (``mkdocs.yml``) that a build needs, read as the engines read them."""
    with file.open(encoding="utf-8") as stream:
        data = yaml.load(stream, Loader=ConfigLoader)
    if not isinstance(data, dict):
        data = {}
    options: dict[str, Any] = {}
    listed: set[str] = set()
    for entry in data.get("markdown_extensions") or []:
        if isinstance(entry, str):
            listed.add(entry)
        elif isinstance(entry, dict):
            listed.update(str(name) for name in entry)
            options = entry.get(EXTENSION) or options
    problems = []
    if missing := [name for name in REQUIRED_EXTENSIONS if name not in listed]:
        problems.append(
            f"{file.name}: markdown_extensions must include {', '.join(missing)} (the letter, its notes, anchors and "
            "addressee block need them; see the repository's mkdocs.yml)"
        )
    for name in ("site_url", "repo_url") if EXTENSION in listed else ():
        if str(data.get(name) or "").rstrip("/") != str(options.get(name) or "").rstrip("/"):
            problems.append(
                f"{file.name}: {EXTENSION}'s {name} is not the site's {name} (write {name}: *{name} under "
                f"{EXTENSION}, and &{name} after the site's {name}:)"
            )
    root = file.resolve().parent
    docs_dir = str(data.get("docs_dir") or "docs")
    if isinstance(data.get("nav"), list):
        # MkDocs' strict build stops on a page left out of the nav; Zensical publishes it, unlisted.
        listed_pages = set(_nav_pages(data["nav"]))
        problems += [
            f"{docs_dir}/{page.name}: this page is not in {file.name}'s nav (add it under nav:, or delete the page)"
            for page in sorted((root / docs_dir).glob("*.md"))
            if page.name not in listed_pages
        ]
    theme: dict[str, Any] = data["theme"] if isinstance(data.get("theme"), dict) else {}
    custom_dir = root / str(theme["custom_dir"]) if theme.get("custom_dir") else None
    problems += theme_setting_problems(
        file.resolve(),
        _strings(data.get("extra_css")),
        _strings(data.get("extra_javascript")),
        root / docs_dir,
        custom_dir,
    )
    if theme.get("custom_dir") and not (root / str(theme["custom_dir"])).is_dir():
        problems.append(
            f"{file.name}: theme's custom_dir '{theme['custom_dir']}' is not a folder of the project (create it, "
            "or delete the line custom_dir:)"
        )
    settings = Settings.from_options(
        {"docs": docs_dir, "use_directory_urls": data.get("use_directory_urls", True), **options}, root=root
    )
    return SiteConfig(
        file,
        site_name=str(data.get("site_name") or ""),
        site_description=str(data.get("site_description") or ""),
        docs_dir=docs_dir,
        site_dir=str(data.get("site_dir") or "site"),
        settings=settings,
        problems=tuple(problems),
        custom_dir=str(theme["custom_dir"]) if theme.get("custom_dir") else None,
    )


def _strings(entries: Any) -> list[str]:
    """A list setting's entries as text: ``extra_javascript`` may hold ``{path: …, defer: true}``."""
    if not isinstance(entries, list):
        return []
    return [str(entry.get("path")) if isinstance(entry, dict) else str(entry) for entry in entries]
