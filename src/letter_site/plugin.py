"""The MkDocs adapter: the only module that knows MkDocs.

It loads and checks the sources in ``on_config`` -- before MkDocs cleans
anything -- then fills the letter and Sources stub pages with what the core
renders.  A build is written into a folder beside ``site/`` and swapped in
only when everything has succeeded, warnings of a strict build included, so
whatever stops a build leaves the previous site byte for byte.  Moving to
another static site generator means rewriting this file only.
"""

from __future__ import annotations

import html
import logging
import os
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from . import pdf, publish, safety, slim
from .addresses import Repository, address_problem, source_date_epoch_problem
from .citations import CitedNote, cite_notes
from .ids import CITE_MARKER, note_id, source_id
from .loader import SourcePaths, load_letter
from .markdown_ext import NotesExtension
from .model import Letter
from .problems import Problem, SourcesInvalid
from .render import Links, escape, letter_markdown, note_html, problems_markdown, sources_markdown

REQUIRED_EXTENSIONS = ("footnotes", "attr_list", "md_in_html", "toc")
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
# Material quirks fixed in its output (Nu HTML checker and axe-core):
# an `autocomplete` attribute is not allowed on a checkbox, and the search
# dialog has no accessible name.
_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_NAMED_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'


class LetterConfig(Config):
    """Options of the ``letter`` plugin in ``mkdocs.yml``; paths are relative to it."""

    letter = c.Type(str, default="letter")
    """Folder of the letter's Markdown parts, read in order of their file names."""
    footnotes = c.Type(str, default="footnotes.yaml")
    """The sources the letter cites and its notes."""
    signatories = c.Type(str, default="signatories.yaml")
    """Who signed the letter, and as of when."""
    letter_page = c.Type(str, default="index.md")
    """The stub page in ``docs/`` that the letter fills."""
    sources_page = c.Type(str, default="sources.md")
    """The stub page in ``docs/`` that the table of sources fills."""
    edit_uri = c.Type(str, default="edit/main/")
    """Relative to ``repo_url``: where a source file opens in the web editor (GitHub: ``edit/<branch>/``)."""
    view_uri = c.Type(str, default="blob/main/")
    """Relative to ``repo_url``: where a source file is shown at a line (GitHub: ``blob/<branch>/``)."""


log = logging.getLogger(f"mkdocs.plugins.{__name__}")


class LetterPlugin(BasePlugin[LetterConfig]):
    def __init__(self) -> None:
        self.letter: Letter | None = None
        self.notes: tuple[CitedNote, ...] = ()
        self.extension = NotesExtension()
        self.paths: SourcePaths | None = None
        self.urls: dict[str, str] = {}
        self.pdf_unavailable: str | None = None
        self.serving = False
        self.dirty = False
        self.problems: tuple[Problem, ...] = ()
        self.setting_problems: list[str] = []
        self.repository: Repository | None = None
        self.target: Path | None = None  # where the site goes once built; None: MkDocs writes it in place
        self.warnings = _WarningCounter()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds.
        self.serving = command == "serve"
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.warnings.start(strict=bool(config.strict) and not self.serving)
        root = Path(config.config_file_path or ".").resolve().parent
        self.paths = SourcePaths(
            root,
            self.config.letter,
            self.config.footnotes,
            self.config.signatories,
            Path(config.docs_dir).relative_to(root).as_posix()
            if Path(config.docs_dir).is_relative_to(root)
            else "docs",
            self.config.letter_page,
            self.config.sources_page,
        )
        missing = [name for name in REQUIRED_EXTENSIONS if name not in config.markdown_extensions]
        if missing:
            raise PluginError(
                f"mkdocs.yml: markdown_extensions must include {', '.join(missing)} "
                "(the letter's notes, anchors and addressee block need them)"
            )
        self.letter, self.notes, self.problems, self.pdf_unavailable = None, (), (), None
        self.setting_problems = self.check_settings(config)
        try:
            letter = load_letter(self.paths)
        except SourcesInvalid as invalid:
            self.problems = invalid.problems
        else:
            self.letter = letter if not self.setting_problems else None
        if self.problems or self.setting_problems:
            lines = [*self.setting_problems]
            if self.problems:
                lines.append(SourcesInvalid(self.problems).report())
            report = "\n".join(lines)
            if not self.serving:
                raise PluginError(report)
            # A preview keeps running and shows the problems in the page until they are fixed.
            log.error(report)
            return config
        assert self.letter is not None
        self.notes = cite_notes(self.letter)
        try:
            pdf.import_weasyprint()
        except pdf.PdfUnavailable as unavailable:
            # Strict builds and CI must publish the PDF; a preview may go without.
            if config.strict or os.environ.get("CI"):
                raise PluginError(str(unavailable)) from None
            self.pdf_unavailable = str(unavailable)
            log.warning("%s The PDF is skipped in this preview.", unavailable)
        self.extension = NotesExtension()
        config.markdown_extensions.append(self.extension)  # type: ignore[arg-type]  # MkDocs accepts instances
        self.build_beside(config)
        return config

    def check_settings(self, config: MkDocsConfig) -> list[str]:
        """The addresses and dates a deployment sets: refused before they reach a page."""
        problems = []
        for name, value in (("site_url (SITE_URL)", config.site_url), ("repo_url (REPO_URL)", config.repo_url)):
            if value and (problem := address_problem(f"mkdocs.yml: {name}", value)):
                problems.append(problem)
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if problem := source_date_epoch_problem(epoch):
            problems.append(problem)
            if self.serving:
                del os.environ["SOURCE_DATE_EPOCH"]  # MkDocs would crash on it; the preview needs no fixed date
        self.repository = None
        if config.repo_url and not problems:
            self.repository = Repository(config.repo_url, self.config.edit_uri, self.config.view_uri)
        return problems

    def build_beside(self, config: MkDocsConfig) -> None:
        """Have MkDocs write into a folder beside the site's, swapped in by :meth:`on_post_build`."""
        self.target = None
        if self.serving or self.dirty:
            return  # a preview writes its own temporary folder; a dirty build updates in place
        target = Path(config.site_dir)
        building = target.with_name(f".{target.name}.building")
        shutil.rmtree(building, ignore_errors=True)  # what an interrupted build left
        self.target = target
        config.site_dir = str(building)

    def download(self, kind: str) -> str | None:
        """File name of a download (``open-letter-2023-08-11.pdf``); ``None`` if not made."""
        assert self.letter is not None
        if kind == "pdf" and self.pdf_unavailable:
            return None
        return f"open-letter-{self.letter.date.isoformat()}.{kind}"

    def addresses(self, config: MkDocsConfig) -> publish.Addresses:
        base = site_url(config)
        pdf_name = self.download("pdf")
        return publish.Addresses(
            page=urljoin(base, self.urls.get(self.config.letter_page, "")),
            pdf=urljoin(base, pdf_name) if pdf_name else None,
            site_name=config.site_name,
            description=config.site_description or "",
        )

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.urls = {}
        for name in (self.config.letter_page, self.config.sources_page):
            file = files.get_file_from_path(name)
            if file is None:
                raise PluginError(f"{config.docs_dir}/{name}: page not found (restore it: the letter plugin fills it)")
            self.urls[name] = file.url
        if self.letter is not None:
            at = self.addresses(config)
            for kind, content in (("bib", publish.bibtex), ("csl.json", publish.csl_json)):
                download = self.download(kind)
                assert download is not None  # only the PDF can be missing
                files.append(File.generated(config, download, content=content(self.letter, at)))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        # The theme prints these as HTML; they are text (the loader refuses < and > in them too).
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = escape(page.meta[key])
        if (self.problems or self.setting_problems) and page.file.src_uri in (
            self.config.letter_page,
            self.config.sources_page,
        ):
            return markdown + "\n\n" + problems_markdown(self.problems, self.setting_problems)
        letter = self.letter
        if letter is None:
            return markdown
        here = page.url
        letter_url = self.urls[self.config.letter_page]
        sources_url = self.urls[self.config.sources_page]
        links = Links(
            source=lambda key: f"{get_relative_url(sources_url, here)}#{source_id(key)}",
            note=lambda key: f"{get_relative_url(letter_url, here)}#{note_id(key)}",
        )
        if page.file.src_uri == self.config.letter_page:
            # The letter's own title, whatever the stub says; Material prints it unescaped, and it is data.
            page.meta["title"] = escape(letter.title)
            self.extension.notes = {note.key: note_html(note, letter, links) for note in self.notes}
            pdf_name = self.download("pdf")
            pdf_href = get_relative_url(pdf_name, here) if pdf_name else None
            return markdown + "\n\n" + letter_markdown(letter, pdf_href=pdf_href, repository=self.repository)
        if page.file.src_uri == self.config.sources_page:
            return markdown + "\n\n" + sources_markdown(letter, self.notes, links, self.repository)
        if CITE_MARKER in markdown:
            return markdown.replace(CITE_MARKER, self.cite_block(config, here))
        return markdown

    def cite_block(self, config: MkDocsConfig, here: str) -> str:
        assert self.letter is not None
        at = self.addresses(config)
        downloads = [
            (self.download("pdf"), "PDF"),
            (self.download("bib"), "BibTeX"),
            (self.download("csl.json"), "CSL-JSON (Zotero, pandoc)"),
        ]
        links = " · ".join(
            f'<a href="{escape(get_relative_url(name, here))}" download>{label}</a>'
            for name, label in downloads
            if name
        )
        citation = escape(publish.citation_text(self.letter, at))
        return (
            f'<blockquote class="letter-citation"><p>{citation}</p></blockquote>\n\n'
            f'<p class="letter-downloads">Download: {links}</p>'
        )

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        self.extension.notes = None
        return html

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str | None:
        output = _fix_material(output_content)  # 404.html is a template, not a page
        return self.gate(output, f"the theme's {template_name}", urljoin(site_url(config), template_name), config)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        output = _fix_material(output)
        if self.letter is None:
            return output
        at = self.addresses(config)
        if page.file.src_uri == self.config.letter_page:
            urls = [source.url for source in self.letter.sources.values()]
            head = publish.letter_head(self.letter, at, urls)
        else:
            # The page's own title and description as text (on_page_markdown escaped them for the theme).
            description = html.unescape(str(page.meta.get("description") or "")) or at.description
            # Material's <title> prefers the page's own title to its label in the nav.
            title = html.unescape(str(page.meta.get("title") or page.title or ""))
            head = "\n".join(publish.sharing_tags(title, description, page.canonical_url or "", at.site_name))
        output = output.replace("</head>", head + "\n</head>", 1)
        docs = self.paths.docs if self.paths else "docs"
        return self.gate(output, f"{docs}/{page.file.src_uri}", urljoin(site_url(config), page.url), config)

    def gate(self, output: str, what: str, address: str, config: MkDocsConfig) -> str:
        """The finished page, read as a browser reads it: nothing may run script or fetch from another host."""
        found = safety.page_problems(output, address, site_url(config))
        if not found:
            return output
        report = (
            f"{what}: the built page would run script or fetch from another host, which the check "
            f"of the sources did not catch: {'; '.join(found)} (nothing was published: look for unusual HTML in the "
            "files changed, and tell the site's developers)"
        )
        if not self.serving:
            raise PluginError(report)
        log.error(report)
        return f"<!DOCTYPE html><html lang=en><title>Not shown</title><p>{escape(report)}</p></html>"

    @event_priority(-100)  # last: after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        before, after = slim.slim_stylesheets(Path(config.site_dir))
        log.debug("Theme stylesheets slimmed from %d to %d bytes", before, after)
        self.write_pdf(config)
        if self.target is None:
            return
        if self.warnings.stop():
            # MkDocs is about to abort the strict build: the previous site stays as it was.
            self.discard(config)
            return
        _swap(Path(config.site_dir), self.target)
        config.site_dir = str(self.target)
        self.target = None

    def write_pdf(self, config: MkDocsConfig) -> None:
        pdf_name = self.download("pdf") if self.letter is not None else None
        if self.letter is None or pdf_name is None:
            return
        try:
            pdf.write_pdf(
                self.letter,
                self.notes,
                Path(config.site_dir) / pdf_name,
                site_url=site_url(config),
                sources_url=urljoin(site_url(config), self.urls[self.config.sources_page]),
                description=config.site_description,
            )
        except pdf.PdfUnavailable as unavailable:  # pragma: no cover - checked in on_config
            raise PluginError(str(unavailable)) from None
        except Exception:
            if not self.serving:
                raise
            # The preview keeps answering: the letter is there, the PDF is not.
            log.exception("The PDF could not be made; the preview goes on without it.")

    def on_build_error(self, *, error: Exception) -> None:
        self.warnings.stop()
        if self.target is not None:
            shutil.rmtree(self.target.with_name(f".{self.target.name}.building"), ignore_errors=True)
            self.target = None

    def discard(self, config: MkDocsConfig) -> None:
        assert self.target is not None
        shutil.rmtree(config.site_dir, ignore_errors=True)
        config.site_dir = str(self.target)
        self.target = None

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        if self.paths is not None:
            for path in self.paths.watched():
                server.watch(str(path))
        return server


class _WarningCounter(logging.Handler):
    """Counts MkDocs' warnings, as its strict mode does, to know before it aborts."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0
        self.strict = False

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1

    def start(self, strict: bool) -> None:
        self.count, self.strict = 0, strict
        logger = logging.getLogger("mkdocs")
        if self not in logger.handlers:
            logger.addHandler(self)

    def stop(self) -> bool:
        """Stop counting; whether a strict build has warnings, and will be aborted."""
        logging.getLogger("mkdocs").removeHandler(self)
        return self.strict and self.count > 0


def _swap(built: Path, target: Path) -> None:
    """Put the new site where the old one was; the old one goes only once the new one is in place."""
    previous = target.with_name(f".{target.name}.previous")
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        target.rename(previous)
    built.rename(target)
    shutil.rmtree(previous, ignore_errors=True)


def site_url(config: MkDocsConfig) -> str:
    """The published address; mkdocs.yml's default (the preview's) when none is set."""
    return config.site_url or DEFAULT_SITE_URL


def _fix_material(html: str) -> str:
    return _TOGGLE_AUTOCOMPLETE.sub(r"\1", html).replace(_SEARCH_DIALOG, _NAMED_SEARCH_DIALOG)
