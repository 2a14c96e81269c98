"""A letter's numbered paragraphs (#p1, #p2, …) as the words a reader sees: what a version's changes compare.

Each part is rendered as the check renders it (:mod:`letter_site.sources.markup`'s
Markdown set-up) and its paragraphs are picked as the page numbers them
(:func:`letter_site.common.markdown_ext.body_paragraphs`), so that paragraph 12
here is ¶ 12 on the page.  Note references are left out: notes are compared as
notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from markdown import Markdown, util
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ..common.markdown_ext import NOTE_REFERENCE, body_paragraphs
from ..model import Letter, Part
from ..sources.markup import ENGINE_EXTENSIONS

_PLACEHOLDER = re.compile(f"{util.STX}[^{util.ETX}]*{util.ETX}")  # raw inline HTML, stashed: not words


@dataclass(frozen=True)
class Paragraph:
    number: int  # its ¶ number: #p12 is 12
    part: str  # the anchor of its part (its section)
    text: str  # its words, one space between each


def paragraphs(letter: Letter) -> tuple[Paragraph, ...]:
    """The letter's numbered paragraphs, in order."""
    found: list[Paragraph] = []
    for part in letter.parts:
        for text in _part_paragraphs(part):
            found.append(Paragraph(len(found) + 1, part.anchor, text))
    return tuple(found)


def _part_paragraphs(part: Part) -> list[str]:
    body = re.sub(NOTE_REFERENCE, "", part.body)
    markdown = body if part.heading is None else f"## {part.heading} {{#{part.anchor}}}\n\n{body}"
    collected: list[str] = []
    md = Markdown(extensions=[*ENGINE_EXTENSIONS, "attr_list", "md_in_html", "toc", _Collect(collected)])
    md.convert(markdown)
    return collected


class _Collect(Extension):
    def __init__(self, into: list[str]) -> None:
        super().__init__()
        self.into = into

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(_Paragraphs(md, self.into), "letter-history-paragraphs", 0)


class _Paragraphs(Treeprocessor):
    def __init__(self, md: Markdown, into: list[str]) -> None:
        super().__init__(md)
        self.into = into

    def run(self, root: Element) -> None:
        for element in body_paragraphs(root):
            text = "".join(element.itertext()).replace(util.AMP_SUBSTITUTE, "&")
            self.into.append(" ".join(_PLACEHOLDER.sub("", text).split()))
