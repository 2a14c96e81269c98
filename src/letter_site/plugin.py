"""The MkDocs adapter: the only module that knows MkDocs.

It loads and checks the sources in ``on_config`` -- before MkDocs cleans
``site/`` -- so a failed build leaves the previous site untouched, then fills
the letter and Sources stub pages with what the core renders.  Moving to
another static site generator means rewriting this file only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .citations import CitedNote, cite_notes
from .loader import SourcePaths, load_letter
from .markdown_ext import NotesExtension
from .model import Letter
from .problems import SourcesInvalid
from .render import Links, letter_markdown, note_html, note_id, source_id, sources_markdown

REQUIRED_EXTENSIONS = ("footnotes", "attr_list", "md_in_html", "toc")


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


class LetterPlugin(BasePlugin[LetterConfig]):
    def __init__(self) -> None:
        self.letter: Letter | None = None
        self.notes: tuple[CitedNote, ...] = ()
        self.extension = NotesExtension()
        self.paths: SourcePaths | None = None
        self.urls: dict[str, str] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.paths = SourcePaths(root, self.config.letter, self.config.footnotes, self.config.signatories)
        missing = [name for name in REQUIRED_EXTENSIONS if name not in config.markdown_extensions]
        if missing:
            raise PluginError(
                f"mkdocs.yml: markdown_extensions must include {', '.join(missing)} "
                "(the letter's notes, anchors and addressee block need them)"
            )
        try:
            self.letter = load_letter(self.paths)
        except SourcesInvalid as invalid:
            raise PluginError(invalid.report()) from None
        self.notes = cite_notes(self.letter)
        self.extension = NotesExtension()
        config.markdown_extensions.append(self.extension)  # type: ignore[arg-type]  # MkDocs accepts instances
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.urls = {}
        for name in (self.config.letter_page, self.config.sources_page):
            file = files.get_file_from_path(name)
            if file is None:
                raise PluginError(f"{config.docs_dir}/{name}: page not found (restore it: the letter plugin fills it)")
            self.urls[name] = file.url
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
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
            page.meta.setdefault("title", letter.title)
            self.extension.notes = {note.key: note_html(note, letter, links) for note in self.notes}
            return markdown + "\n\n" + letter_markdown(letter)
        if page.file.src_uri == self.config.sources_page:
            return markdown + "\n\n" + sources_markdown(letter, self.notes, links)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        self.extension.notes = None
        return html

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        if self.paths is not None:
            for path in self.paths.watched():
                server.watch(str(path))
        return server
