"""What a letter file's Markdown may become: the element tree is checked against an allowlist.

Letter files come from pull requests, and the site promises readers at risk
that it runs no foreign script and asks no other host for anything.  So each
part is rendered the way the site renders it (Python-Markdown with
``attr_list``, ``md_in_html`` and ``toc``) and the resulting HTML -- raw HTML
blocks included -- is walked element by element: what a letter needs is
allowed, everything else is a problem at the line it came from, saying what to
write instead.  Nothing here decides by matching HTML with regular
expressions; the source text is searched only to find the line to report.

The same render tells which ``[^key]`` Markdown really turns into a note
reference: one written inside `code`, an HTML comment or a raw HTML block, or
escaped as ``\\[^key]``, stays text on the page, so it is reported here rather
than crashing the build later.

This module renders and gives the entry points; what is allowed is
:mod:`.allowlist`'s table, the walk is :mod:`.walker`'s (each element's checks
in :mod:`.walker_elements`, where a problem is written and the links' checks in
:mod:`.walker_where`), and the images' check is :mod:`.svg`'s.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from ..common.markdown_ext import NOTE_REFERENCE, REFERENCE_PRIORITY, TREE_PRIORITY, body_paragraphs
from ..model import Place, Reference
from ..problems import Problem
from .allowlist import (
    ALLOWED_CLASSES,
    ALLOWED_TAGS,
    BRACES,
    GLOBAL_ATTRIBUTES,
    H1,
    HEADING_IN_PART,
    MAX_NESTING,
    PAGE_COMMENTS,
    PAGE_TAGS,
    SECOND_HEADING,
    SVG,
    SVG_ELEMENTS,
    TAG_ATTRIBUTES,
    TOO_NESTED,
)
from .svg import check_svg
from .walker import Walker
from .walker_elements import Reading
from .walker_where import Link

# The names the loader and the tests use, wherever they are defined.
__all__ = [
    "ALLOWED_CLASSES",
    "ALLOWED_TAGS",
    "BRACES",
    "ENGINE_EXTENSIONS",
    "GLOBAL_ATTRIBUTES",
    "H1",
    "HEADING_IN_PART",
    "MAX_NESTING",
    "PAGE_COMMENTS",
    "PAGE_TAGS",
    "SECOND_HEADING",
    "SVG",
    "SVG_ELEMENTS",
    "TAG_ATTRIBUTES",
    "TOO_NESTED",
    "Link",
    "PartMarkup",
    "check_page",
    "check_part",
    "check_svg",
]


@dataclass(frozen=True)
class PartMarkup:
    """What a part's rendered Markdown holds that the rest of the site depends on."""

    references: tuple[Reference, ...]  # the [^key] Markdown turns into note references, in order
    ids: tuple[tuple[str, Place], ...]  # ids the part gives its elements ({: #id }, id="…")
    links: tuple[Link, ...]  # links to #anchors and to other pages
    paragraphs: int  # numbered body paragraphs (#p1, #p2, …)


def check_part(
    path: str,
    source: str,
    first_line: int,
    markdown: str,
    candidates: Sequence[Reference],
    heading: bool,
    anchor: str,
    reported: frozenset[int] = frozenset(),
) -> tuple[list[Problem], PartMarkup]:
    """Render ``markdown`` (the part as the site renders it) and check what it became.

    ``source`` is the file's text after the front matter, starting at file
    line ``first_line``: problems are located in it.  ``candidates`` are the
    ``[^key]`` written in the file; ``heading`` says whether the part starts
    with its ``##`` heading, which must keep ``anchor`` as its id.  Headings
    on the ``reported`` lines have had their problem reported already.
    """
    walker = Walker(Reading(path, source, first_line, heading, anchor, reported, letter=True))
    if not _check(walker, markdown):
        return walker.problems, PartMarkup((), (), (), 0)
    references = _rendered(candidates, walker.references, walker)
    markup = PartMarkup(tuple(references), tuple(walker.ids), tuple(walker.links), walker.paragraphs)
    return walker.problems, markup


def check_page(path: str, source: str, first_line: int) -> tuple[list[Problem], frozenset[str]]:
    """Check a page of ``docs/`` (its text after the front matter): a page's allowlist, not a letter's.

    Returns the problems and the ids the page's elements have (its headings'), for links to them.
    """
    walker = Walker(Reading(path, source, first_line, False, "", frozenset(), letter=False))
    _check(walker, source)
    return walker.problems, frozenset(walker.page_ids)


def _check(walker: Walker, markdown: str) -> bool:
    """Render ``markdown`` and walk what it became; ``False`` if it cannot even be rendered."""
    try:
        rendered = _render(f"{markdown}\n\n{walker.sentinel}\n", walker.nonce)
    except RecursionError:
        walker.problems.append(_TOO_DEEP(walker.path, walker.source, walker.first_line))
        return False
    for name in rendered.link_definitions:
        walker.problem(
            walker.locate(f"[{name}]:"),
            f"a link definition ([{name}]: …) would apply to the whole page, where it is not checked (write "
            "the address in the link itself: [text](https://…))",
        )
    for key in rendered.note_definitions:
        what = "the letter" if walker.letter else "a page"
        walker.problem(
            walker.locate(f"[^{key}]:"),
            f"note text is written in footnotes.yaml, not in {what} (move note '{key}' there and keep only "
            f"[^{key}] in the text)",
        )
    walker.walk(rendered.html, "<" in markdown)
    return True


def _TOO_DEEP(path: str, source: str, first_line: int) -> Problem:  # noqa: N802 - reads as the problem it makes
    # Python-Markdown renders nested lists, quotations, blocks and emphasis by recursion; hundreds deep
    # exhaust Python's stack, in the site's build as here.  Reported where the file's text starts.
    lines = source.split("\n")
    start = next((index for index, line in enumerate(lines) if line.strip()), 0)
    return Problem(
        path,
        first_line + start,
        1,
        "this file nests lists, quotations, HTML blocks or emphasis hundreds of levels deep, too deep to be read "
        "(a letter needs a few levels at most: remove the extra levels)",
    )


@dataclass(frozen=True)
class _Rendered:
    html: str
    link_definitions: tuple[str, ...]  # [name]: address, which Markdown applies to the whole page
    note_definitions: tuple[str, ...]  # [^key]: text, which the footnotes extension would make notes of


# What the engines add to every page whatever mkdocs.yml lists: MkDocs `tables` and `fenced_code`,
# Zensical `tables` and `pymdownx.superfences` (which reads every fence `fenced_code` reads, and
# more: in lists and quotations). The check reads a file with them, so that a table or a fence
# is seen as the site will show it, and refused.
ENGINE_EXTENSIONS = ("tables", "pymdownx.superfences")


def _render(markdown: str, nonce: str) -> _Rendered:
    """Python-Markdown as the site sets it up, with note references and numbered paragraphs marked."""
    footnotes = FootnoteExtension()
    md = Markdown(
        extensions=[*ENGINE_EXTENSIONS, "attr_list", "md_in_html", "toc", footnotes, _Marks(nonce)],
        output_format="html",
    )
    html_out = md.convert(markdown)
    return _Rendered(html_out, tuple(md.references), tuple(footnotes.footnotes))


# Python-Markdown's footnotes extension: a reference is [^key], matched before links (160) and
# after code spans (190) and backslash escapes (180).
class _Marks(Extension):
    """Marks, with a nonce the sources cannot forge, what the site's own extension finds:
    each note reference as the footnotes extension reads it, and each numbered paragraph."""

    def __init__(self, nonce: str) -> None:
        super().__init__()
        self.nonce = nonce

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # Before the footnotes extension's own pattern (175), which would want a definition.
        md.inlinePatterns.register(_Marker(NOTE_REFERENCE, md, self.nonce), "letter-check-ref", REFERENCE_PRIORITY + 1)
        md.treeprocessors.register(_NumberedMarks(md, self.nonce), "letter-check-paragraphs", TREE_PRIORITY)
        # The footnotes extension only collects what it would make notes of: no list of notes is added.
        if "footnote" in md.treeprocessors:
            md.treeprocessors.deregister("footnote")


class _NumberedMarks(Treeprocessor):
    def __init__(self, md: Markdown, nonce: str) -> None:
        super().__init__(md)
        self.nonce = nonce

    def run(self, root: Element) -> None:
        for element in body_paragraphs(root):
            element.set("data-numbered", self.nonce)


class _Marker(InlineProcessor):
    def __init__(self, pattern: str, md: Markdown, nonce: str) -> None:
        super().__init__(pattern, md)
        self.nonce = nonce

    def handleMatch(  # type: ignore[override]  # noqa: N802 - Python-Markdown's name
        self, m: re.Match[str], data: str
    ) -> tuple[Element, int, int]:
        element = Element("sup")
        element.set("data-reference", f"{self.nonce}:{m.group(1)}")
        return element, m.start(0), m.end(0)


def _rendered(candidates: Sequence[Reference], rendered: list[str], walker: Walker) -> list[Reference]:
    """The written references that Markdown made into references; a problem for each it did not."""
    kept: list[Reference] = []
    remaining = list(rendered)
    for candidate in candidates:
        if remaining and remaining[0] == candidate.key:
            remaining.pop(0)
            kept.append(candidate)
        elif candidate.key in remaining:
            # Markdown skipped the ones before this key's next rendering.
            remaining.remove(candidate.key)
            kept.append(candidate)
        else:
            walker.problems.append(
                Problem(
                    candidate.place.path,
                    candidate.place.line,
                    walker.column_of(candidate.place.line, f"[^{candidate.key}]"),
                    f"[^{candidate.key}] would not become a note here: it is inside `code`, an HTML comment "
                    f"or an HTML block, or escaped with \\ (write [^{candidate.key}] in the text itself)",
                )
            )
    return kept
