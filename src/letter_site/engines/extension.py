"""The site as a Python-Markdown extension: what MkDocs and Zensical both run.

Listed in ``mkdocs.yml`` under ``markdown_extensions`` as
``letter_site.extension``, it fills the pages of ``docs/`` where they say:

- ``<!-- letter:text -->`` (in the letter page): the letter, its numbered notes
  (in full or "Id."), its signatures and its ¶ paragraph anchors;
- ``<!-- letter:sources -->`` (in the Sources page): every source, with links
  back to the notes that cite it;
- ``<!-- letter:signatories -->`` (in the Signatories page): everyone who
  signed, counted and listed by kind;
- ``<!-- letter:cite -->`` (in any other page): how to cite the letter, and
  its downloads.

While the sources have problems (in a preview), the letter, Sources and
Signatories pages show the list instead.  The extension imports no engine; each engine makes a
new Markdown instance per page, and :func:`~.project.load_project` loads the
sources once per change of their files.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from ..common.ids import CITE_MARKER, LETTER_MARKER, MARKERS, SIGNATORIES_MARKER, SOURCES_MARKER
from ..common.markdown_ext import PRIORITY, TREE_PRIORITY, NoteDefinitions, ParagraphAnchors
from ..render import publish
from ..render.pages import (
    attr,
    escape,
    letter_markdown,
    note_html,
    problems_markdown,
    signatories_page_markdown,
    sources_markdown,
)
from .project import Project, Settings, announce, load_project

# Before Python-Markdown's whitespace normalizer (30) and its raw HTML blocks (20):
# what replaces a marker is Markdown like the rest of the page.
MARKER_PRIORITY = 35
# After the normalizer, which strips the stash's placeholder characters, and before raw HTML blocks.
STASH_PRIORITY = 25
# Every page but the home page (index.md) is one folder down (about.md → about/):
# the page a citation block is on, for its relative links.
ANY_INNER_PAGE = "page.md"


class LetterExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "root": [".", "The folder of mkdocs.yml; the other paths are relative to it."],
            "letter": ["letter", "Folder of the letter's Markdown parts, read in order of their file names."],
            "footnotes": ["footnotes.yaml", "The sources the letter cites and its notes."],
            "signatories": ["signatories.yaml", "Who signed the letter, and as of when."],
            "docs": ["docs", "The pages' folder (MkDocs' docs_dir)."],
            "letter_page": ["index.md", "The page in docs/ that holds <!-- letter:text -->."],
            "sources_page": ["sources.md", "The page in docs/ that holds <!-- letter:sources -->."],
            "signatories_page": ["signatories.md", "The page in docs/ that holds <!-- letter:signatories -->."],
            "site_url": ["", "The published site's address (mkdocs.yml's site_url)."],
            "repo_url": ["", "The repository the sources are edited in; empty: no edit links."],
            "edit_uri": ["edit/main/", "Relative to repo_url: where a file opens in the web editor."],
            "view_uri": ["blob/main/", "Relative to repo_url: where a file is shown at a line (#L12)."],
            "use_directory_urls": [True, "As mkdocs.yml's use_directory_urls: sources.md is sources/."],
            "source_date_epoch": ["", "The build's date; empty: SOURCE_DATE_EPOCH from the environment."],
        }
        super().__init__(**kwargs)
        self.notes: Mapping[str, str] | None = None  # the notes of the page being rendered; None on other pages

    def settings(self) -> Settings:
        return Settings.from_options(self.getConfigs())

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.registerExtension(self)
        markers = _Markers(md, self)
        md.preprocessors.register(markers, "letter-markers", MARKER_PRIORITY)
        md.preprocessors.register(_Stash(md, markers), "letter-stash", STASH_PRIORITY)
        md.preprocessors.register(NoteDefinitions(md, self), "letter-notes", PRIORITY)
        md.treeprocessors.register(ParagraphAnchors(md, self), "letter-anchors", TREE_PRIORITY)

    def reset(self) -> None:
        self.notes = None


class _Markers(Preprocessor):
    """Put the letter, the Sources, the Signatories or the citation where a page's marker line is."""

    def __init__(self, md: Markdown, extension: LetterExtension) -> None:
        super().__init__(md)
        self.extension = extension
        self.from_source = False
        self.blocks: dict[str, str] = {}  # token line -> generated HTML block, for _Stash

    def run(self, lines: list[str]) -> list[str]:
        self.extension.notes = None
        self.blocks = {}
        found = {line.strip() for line in lines} & set(MARKERS)
        if not found:
            return lines
        project = load_project(self.extension.settings())
        # Zensical registers its page context as this preprocessor; it resolves the links of
        # the page's HTML from its source file (MkDocs leaves them as they are).
        self.from_source = "rendering_context" in self.md.preprocessors
        out: list[str] = []
        for line in lines:
            marker = line.strip()
            if marker in found:
                out.extend(self.fill(marker, project).split("\n"))
            else:
                out.append(line)
        return out

    def fill(self, marker: str, project: Project) -> str:
        letter, paths = project.letter, project.settings.paths
        if not project.valid or letter is None:
            announce(project)
            if marker == CITE_MARKER:
                return ""
            return problems_markdown(project.problems, project.setting_problems)
        if marker == LETTER_MARKER:
            here = paths.letter_page
            links = project.links(here, self.from_source)
            self.extension.notes = {note.key: note_html(note, letter, links) for note in project.notes}
            pdf_name, docx_name = project.download("pdf"), project.download("docx")
            return letter_markdown(
                letter,
                pdf_href=project.href(here, pdf_name, self.from_source) if pdf_name else None,
                repository=project.settings.repository,
                all_signatories=project.href(here, paths.signatories_page, self.from_source),
                docx_href=project.href(here, docx_name, self.from_source) if docx_name else None,
            )
        if marker == SOURCES_MARKER:
            links = project.links(paths.sources_page, self.from_source)
            return self.stashed(sources_markdown(letter, project.notes, links, project.settings.repository))
        if marker == SIGNATORIES_MARKER:
            return self.stashed(signatories_page_markdown(letter, project.settings.repository))
        return cite_block(project, ANY_INNER_PAGE, self.from_source)

    def stashed(self, markdown: str) -> str:
        """``markdown`` with each of its HTML blocks (all generated, escaped) set aside for :class:`_Stash`.

        Markdown would otherwise parse them again (``md_in_html``) only to hand
        them back unchanged: 10,000 names took a third of a second.
        """
        out = []
        for block in markdown.split("\n\n"):
            token = block
            if block.startswith("<") and "\n" not in block:
                token = f"letter-stash-{secrets.token_hex(8)}"
                self.blocks[token] = block
            out.append(token)
        return "\n\n".join(out)


class _Stash(Preprocessor):
    """Put the blocks :meth:`_Markers.stashed` set aside into Markdown's stash, as raw HTML."""

    def __init__(self, md: Markdown, markers: _Markers) -> None:
        super().__init__(md)
        self.markers = markers

    def run(self, lines: list[str]) -> list[str]:
        blocks = self.markers.blocks
        if not blocks:
            return lines
        return [self.md.htmlStash.store(blocks[line]) if line in blocks else line for line in lines]


def cite_block(project: Project, here: str, from_source: bool = False) -> str:
    """How to cite the letter, and its downloads, for page ``here``."""
    assert project.letter is not None
    downloads = [
        (project.download("pdf"), "PDF"),
        (project.download("docx"), "Word"),
        (project.download("bib"), "BibTeX"),
        (project.download("csl.json"), "CSL-JSON (Zotero, pandoc)"),
    ]
    links = " · ".join(
        f'<a href="{attr(project.href(here, name, from_source))}" download>{label}</a>'
        for name, label in downloads
        if name
    )
    citation = escape(publish.citation_text(project.letter, project.addresses()))
    return (
        f'<blockquote class="letter-citation"><p>{citation}</p></blockquote>\n\n'
        f'<p class="letter-downloads">Download: {links}</p>'
    )


def makeExtension(**kwargs: Any) -> LetterExtension:  # noqa: N802 - Python-Markdown's name
    return LetterExtension(**kwargs)
