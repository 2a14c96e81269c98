"""The letter's print HTML walked into Word's paragraphs, tables and footnote references.

The HTML is what :func:`.pdf.letter_html` makes for the PDF (Python-Markdown's,
with the opening's raw HTML blocks), so the Word file says word for word what
the PDF and the site say.  Each block gets the paragraph style its class asks
for (``letter-addressee``, ``letter-re``…, see :mod:`.docx_styles`); whitespace
collapses as a browser collapses it, except in a postal address
(``letter-address``), whose lines stay lines as ``pdf.css``'s ``pre-line``
keeps them.  Where the letter refers to a note, :mod:`.docx` has put a mark
(:data:`NOTE_CALL`, :data:`NOTE_AGAIN`) that becomes Word's own footnote
reference, numbered by Word in order as the site numbers the notes.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from html.parser import HTMLParser

from .docx_styles import BULLETS, NUMBERS
from .docx_xml import HYPERLINK, LINE_BREAK, Block, Numbering, Paragraph, Places, Table, note_bookmark, text

NOTE_CALL = "letter-note"  # the letter's first reference to a note: data-number="N"
NOTE_AGAIN = "letter-note-again"  # a reference to a note already referred to

_SPACES = re.compile(r"[ \t\n\r\f]+")  # HTML's whitespace: a no-break space is text
_VOID = frozenset({"area", "base", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_PARAGRAPHS = {"p": "Normal", "h1": "Title", "h2": "Heading2", "h3": "Heading3", "h4": "Heading4"}
_PARAGRAPHS |= {"h5": "Heading4", "h6": "Heading4"}
_BLOCKS = frozenset(
    {*_PARAGRAPHS, "li", "ul", "ol", "div", "section", "header", "main", "blockquote"}
    | {"table", "thead", "tbody", "tr", "td", "th"}
)
# A paragraph's own class, and the style it asks for.
_CLASS_STYLES = {
    "letter-date": "LetterDate",
    "letter-re": "LetterRe",
    "letter-thanks": "LetterThanks",
    "letter-signoff": "LetterSignoff",
    "letter-signatories-run": "SignatoriesRun",
}
_LABELLED = frozenset({"letter-attn", "letter-cc"})  # blocks whose first paragraph ("ATTN:", "CC:") is their label
_BLOCK_AFTER = 255  # 4.5 mm after an addressee, ATTN or CC block, as pdf.css
_NOTE_STYLE = '<w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'


@dataclass
class _Open:
    """An element the walk is in."""

    tag: str
    classes: frozenset[str]
    link: str = ""  # an <a>: the attributes of its w:hyperlink
    numbering: tuple[int, int] | None = None  # a list, and an item of it: (w:numId, level)
    paragraphs: int = 0  # paragraphs begun in it so far
    blocks_before: int = 0  # a block of the letter: how many blocks its container held when it began
    cell: bool = False  # a table's cell, which holds blocks of its own


class WordWalk(HTMLParser):
    """HTML in (:meth:`feed`), :attr:`blocks` out, with the notes referred to in :attr:`referenced`."""

    def __init__(self, places: Places, numbering: Numbering, cross_referenced: Collection[int] = ()) -> None:
        super().__init__(convert_charrefs=True)
        self.places, self.numbering = places, numbering
        self.cross_referenced = cross_referenced  # notes referred to again: their first reference is bookmarked
        self.blocks: list[Block] = []
        self.referenced: list[int] = []  # note numbers, in the order of their footnote references
        self._containers: list[list[Block]] = [self.blocks]
        self._tables: list[Table] = []
        self._open: list[_Open] = []
        self._paragraph: Paragraph | None = None
        self._page_break = False

    def close(self) -> None:
        super().close()
        self._end_paragraph()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = frozenset((values.get("class") or "").split())
        if tag in (NOTE_CALL, NOTE_AGAIN):
            self._note(int(values.get("data-number") or 0), again=tag == NOTE_AGAIN)
            return
        if tag == "br":
            if self._paragraph is not None:
                self._paragraph.add_raw(LINE_BREAK, self._link(), ends_line=True)
            return
        if tag in _VOID:
            return
        element = _Open(tag, classes)
        if tag in _BLOCKS:
            self._end_paragraph()
        if tag == "a" and values.get("href"):
            element.link = self.places.link(values.get("href") or "")
        elif tag in ("ul", "ol") and "letter-signatories" not in classes:
            level = sum(1 for each in self._open if each.tag in ("ul", "ol"))
            start = values.get("start") or ""
            kind, first = (NUMBERS, int(start) if start.isdigit() else 1) if tag == "ol" else (BULLETS, 1)
            element.numbering = (self.numbering.new(kind, level, first), level)
        elif tag == "li":
            lists = [each for each in self._open if each.tag in ("ul", "ol")]
            element.numbering = lists[-1].numbering if lists else None
        elif tag == "table":
            self._tables.append(Table())
            self._containers[-1].append(self._tables[-1])
        elif tag == "tr" and self._tables:
            self._tables[-1].rows.append((any(each.tag == "thead" for each in self._open), []))
        elif tag in ("td", "th") and self._tables and self._tables[-1].rows:
            cell: list[Block] = []
            self._tables[-1].rows[-1][1].append(cell)
            self._containers.append(cell)
            element.cell = True
        elif tag == "section" and "letter-annex" in classes:
            self._page_break = True  # an annex starts a page, as in the PDF
        element.blocks_before = len(self._containers[-1])
        self._open.append(element)
        if tag in _PARAGRAPHS:
            self._begin_paragraph(_PARAGRAPHS[tag], classes, values.get("id"))

    def handle_endtag(self, tag: str) -> None:
        if not any(each.tag == tag for each in self._open):
            return  # the end of a note's mark, or of an element never opened
        while self._open:
            element = self._open.pop()
            self._close(element)
            if element.tag == tag:
                return

    def handle_data(self, data: str) -> None:
        if self._paragraph is None:
            if not _SPACES.sub("", data):
                return  # between blocks
            self._begin_paragraph("Normal", frozenset(), None)
        paragraph = self._paragraph
        assert paragraph is not None
        props, link = self._props(), self._link()
        for number, line in enumerate(data.split("\n") if paragraph.pre_line else [data]):
            if number:
                paragraph.add_raw(LINE_BREAK, link, ends_line=True)
            paragraph.add_text(collapse_spaces(line), props, link)

    def _close(self, element: _Open) -> None:
        if element.tag in _BLOCKS:
            self._end_paragraph()
        if element.cell:
            self._containers.pop()
        elif element.tag == "table" and self._tables:
            self._tables.pop()
        elif element.tag == "div" and element.classes & {"letter-addressee", *_LABELLED}:
            container = self._containers[-1]
            if len(container) > element.blocks_before and isinstance(container[-1], Paragraph):
                container[-1].after = _BLOCK_AFTER  # the space after the block, on its last paragraph

    def _begin_paragraph(self, style: str, classes: frozenset[str], anchor: str | None) -> None:
        self._end_paragraph()
        style = next((_CLASS_STYLES[name] for name in sorted(classes) if name in _CLASS_STYLES), style)
        paragraph = Paragraph(style, pre_line="letter-address" in classes, bookmark=self.places.bookmark(anchor))
        for element in reversed(self._open):  # up to the block it is in
            if paragraph.style == "Normal":
                paragraph.style = _style_within(element, classes)
            if element.tag == "li" and element.numbering is not None and not element.paragraphs:
                paragraph.numbering = element.numbering
            element.paragraphs += 1
            if element.tag in ("li", "td", "th", "div", "blockquote"):
                break
        paragraph.page_break, self._page_break = self._page_break, False
        self._paragraph = paragraph

    def _end_paragraph(self) -> None:
        paragraph, self._paragraph = self._paragraph, None
        if paragraph is not None and paragraph.finish():
            self._containers[-1].append(paragraph)

    def _props(self) -> str:
        tags = {element.tag for element in self._open}
        props = HYPERLINK if self._link() else ""
        if tags & {"strong", "b", "th"}:
            props += "<w:b/><w:bCs/>"
        if tags & {"em", "i"}:
            props += "<w:i/><w:iCs/>"
        return props

    def _link(self) -> str:
        return next((element.link for element in reversed(self._open) if element.link), "")

    def _note(self, number: int, again: bool) -> None:
        """Word's footnote reference; for a note referred to again, Word's cross-reference to the first."""
        if self._paragraph is None:
            self._begin_paragraph("Normal", frozenset(), None)
        assert self._paragraph is not None
        if again:
            run = _cross_reference(number)
        else:
            self.referenced.append(number)
            run = f'<w:r>{_NOTE_STYLE}<w:footnoteReference w:id="{number}"/></w:r>'
            if number in self.cross_referenced:
                mark, name = self.places.note_bookmark(number)
                run = f'<w:bookmarkStart w:id="{mark}" w:name="{name}"/>{run}<w:bookmarkEnd w:id="{mark}"/>'
        self._paragraph.add_raw(run, self._link())


def collapse_spaces(value: str) -> str:
    """Whitespace as a browser shows it: each run of it one space (a no-break space stays)."""
    return _SPACES.sub(" ", value)


def _style_within(element: _Open, classes: frozenset[str]) -> str:
    """The style of a paragraph of no class of its own in ``element``."""
    if element.tag in ("td", "th"):
        return "TableText"
    if element.tag == "li":
        return "ListParagraph" if element.numbering is not None else "Signatory"
    if element.tag == "blockquote":
        return "Quote"
    if "letter-addressee" in element.classes:
        return "LetterAddressee"
    if element.classes & _LABELLED:
        if not element.paragraphs:
            return "LetterBlockLabel"
        return "LetterAddressee" if "letter-address" in classes else "LetterAttn"
    return "Normal"


def _cross_reference(number: int) -> str:
    """Word's cross-reference to note ``number``'s first reference (Insert > Cross-reference > Footnote number)."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> NOTEREF {note_bookmark(number)} \\f \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{_NOTE_STYLE}<w:t>{text(str(number))}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
