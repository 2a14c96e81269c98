"""The processors that feed generated notes to the ``footnotes`` extension and number the paragraphs.

The letter's Markdown refers to notes by key (``[^coi-gravity]``); the note
texts are generated HTML.  Like mkdocs-bibtex we append ``[^key]: …``
definitions so that Python-Markdown's footnotes extension numbers the notes and
makes the back-links; unlike it, each definition's text is a placeholder in
Markdown's HTML stash, so the generated HTML reaches the page as it is and no
character of a title can be read as Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Protocol
from xml.etree.ElementTree import Element, SubElement

from markdown import Markdown, util
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .ids import paragraph_id

# After NormalizeWhitespace (30), which would strip the stash's STX/ETX markers.
PRIORITY = 15
# After the footnotes extension has made its references (inline: 20, duplicates: 15)
# and attr_list has set the classes (8); before toc (5).
TREE_PRIORITY = 7
# A reference to a note in the letter's Markdown, `[^key]`, and where its inline pattern runs (before links).
NOTE_REFERENCE = r"\[\^([^\]\n]*)\]"
REFERENCE_PRIORITY = 175


class HasNotes(Protocol):
    """The extension (:mod:`.extension`) that holds the notes of the page being rendered; ``None`` on other pages."""

    notes: Mapping[str, str] | None


class NoteDefinitions(Preprocessor):
    def __init__(self, md: Markdown, extension: HasNotes) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        notes = self.extension.notes
        if not notes:
            return lines
        definitions = [""]
        for key, html in notes.items():  # definition order is the notes' order
            definitions += [f"[^{key}]: {self.md.htmlStash.store(html)}", ""]
        return lines + definitions


class ParagraphAnchors(Treeprocessor):
    """Name each note reference ("Note 3") and give each body paragraph its ``#pN``.

    Body paragraphs are the plain paragraphs at the top level of the letter:
    not the date, the addressee and ATTN blocks, the Re: line or the closing
    lines (those carry a class) and not the notes.  The ¶ permalink is an
    empty link drawn by CSS, so the paragraph's text stays the letter's text.
    """

    def __init__(self, md: Markdown, extension: HasNotes) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: Element) -> None:
        if self.extension.notes is None:  # not the letter page
            return
        for link in root.iter("a"):
            if link.get("class") == "footnote-ref":
                link.set("aria-label", f"Note {link.text}")
        for number, element in enumerate(body_paragraphs(root), start=1):
            element.set("id", paragraph_id(number))
            permalink = SubElement(element, "a")
            permalink.set("class", "headerlink paragraph-link")
            permalink.set("href", f"#{paragraph_id(number)}")
            permalink.set("aria-label", f"Link to paragraph {number}")


_RAW_BLOCK = re.compile(util.HTML_PLACEHOLDER % r"[0-9]+")  # where Markdown put a raw HTML block


def body_paragraphs(root: Element) -> list[Element]:
    """The paragraphs numbered #p1, #p2, …: plain top-level ones, not raw HTML, without a class or id.

    The check of letter files counts them with this same function, so that a
    link to ``#p12`` is known to exist before the page is built.
    """
    return [
        element
        for element in root
        if element.tag == "p"
        and not element.get("class")
        and not element.get("id")
        # a raw HTML block (a paragraph that merely starts with an escaped \[ is a paragraph)
        and not (len(element) == 0 and _RAW_BLOCK.fullmatch((element.text or "").strip()))
    ]
