"""The MkDocs adapter: the only module that knows MkDocs.

It loads and checks the sources in ``on_config`` -- before MkDocs cleans
``site/`` -- so a failed build leaves the previous site untouched, then fills
the letter and Sources stub pages with what the core renders.  Moving to
another static site generator means rewriting this file only.
"""

from __future__ import annotations

import logging
import os
import re
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from . import pdf, publish, slim
from .citations import CitedNote, cite_notes
from .ids import note_id, source_id
from .loader import SourcePaths, load_letter
from .markdown_ext import NotesExtension
from .model import Letter
from .problems import Problem, SourcesInvalid
from .render import Links, letter_markdown, note_html, problems_markdown, sources_markdown

REQUIRED_EXTENSIONS = ("footnotes", "attr_list", "md_in_html", "toc")
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
CITE_MARKER = "<!-- letter:cite -->"  # in an editor's page: replaced by "Cite this letter"
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
        self.problems: tuple[Problem, ...] = ()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.paths = SourcePaths(root, self.config.letter, self.config.footnotes, self.config.signatories)
        missing = [name for name in REQUIRED_EXTENSIONS if name not in config.markdown_extensions]
        if missing:
            raise PluginError(
                f"mkdocs.yml: markdown_extensions must include {', '.join(missing)} "
                "(the letter's notes, anchors and addressee block need them)"
            )
        self.letter, self.notes, self.problems, self.pdf_unavailable = None, (), (), None
        try:
            self.letter = load_letter(self.paths)
        except SourcesInvalid as invalid:
            if not self.serving:
                raise PluginError(invalid.report()) from None
            # A preview keeps running and shows the problems in the page until they are fixed.
            log.error(invalid.report())
            self.problems = invalid.problems
            return config
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
        return config

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
        if self.problems and page.file.src_uri in (self.config.letter_page, self.config.sources_page):
            return markdown + "\n\n" + problems_markdown(self.problems)
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
            # Material prints meta titles unescaped; the title is data.
            page.meta.setdefault("title", escape(letter.title))
            self.extension.notes = {note.key: note_html(note, letter, links) for note in self.notes}
            pdf_name = self.download("pdf")
            pdf_href = get_relative_url(pdf_name, here) if pdf_name else None
            return markdown + "\n\n" + letter_markdown(letter, pdf_href=pdf_href)
        if page.file.src_uri == self.config.sources_page:
            return markdown + "\n\n" + sources_markdown(letter, self.notes, links)
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
        return _fix_material(output_content)  # 404.html is a template, not a page

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        output = _fix_material(output)
        if self.letter is None:
            return output
        at = self.addresses(config)
        if page.file.src_uri == self.config.letter_page:
            urls = [source.url for source in self.letter.sources.values()]
            head = publish.letter_head(self.letter, at, urls)
        else:
            description = page.meta.get("description") or at.description
            # Material's <title> prefers the page's own title to its label in the nav.
            title = str(page.meta.get("title") or page.title or "")
            head = "\n".join(publish.sharing_tags(title, description, page.canonical_url or "", at.site_name))
        return output.replace("</head>", head + "\n</head>", 1)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        before, after = slim.slim_stylesheets(Path(config.site_dir))
        log.debug("Theme stylesheets slimmed from %d to %d bytes", before, after)
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

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        if self.paths is not None:
            for path in self.paths.watched():
                server.watch(str(path))
        return server


def site_url(config: MkDocsConfig) -> str:
    """The published address; mkdocs.yml's default (the preview's) when none is set."""
    return config.site_url or DEFAULT_SITE_URL


def _fix_material(html: str) -> str:
    return _TOGGLE_AUTOCOMPLETE.sub(r"\1", html).replace(_SEARCH_DIALOG, _NAMED_SEARCH_DIALOG)
