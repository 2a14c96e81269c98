"""WordprocessingML's pieces, as the Word file needs them: runs, paragraphs, tables, relationships, lists.

Each piece writes its own XML; :mod:`.docx_walk` makes them from the letter's
HTML and :mod:`.docx` puts them into the file's parts.  Every text and
attribute value goes through :func:`text` or :func:`attr`: escaped, and without
the characters XML 1.0 cannot hold (a file with one would not open at all).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import count, groupby
from urllib.parse import quote

from .docx_styles import ABSTRACT_NUMBERING, NUMBERS, TEXT_WIDTH, W_NAMESPACES, XML_DECLARATION

RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What a relationship's target may hold as it is: an address's own characters, and %-escapes already made.
_URI_SAFE = "!#$%&'()*+,/:;=?@[]~"
_ABSOLUTE = re.compile(r"(https?|mailto):", re.IGNORECASE)


def text(value: str) -> str:
    """``value`` as XML character data."""
    return _NOT_IN_XML.sub("", value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(value: str) -> str:
    """``value`` as an XML attribute's value, between double quotes."""
    return text(value).replace('"', "&quot;")


@dataclass
class Text:
    """A run of text with one formatting (``props``: its ``w:rPr``), in a hyperlink or not (``link``)."""

    text: str
    props: str = ""
    link: str = ""  # the attributes of the w:hyperlink it is in

    def xml(self) -> str:
        props = f"<w:rPr>{self.props}</w:rPr>" if self.props else ""
        return f'<w:r>{props}<w:t xml:space="preserve">{text(self.text)}</w:t></w:r>'


@dataclass
class Raw:
    """Runs written whole: a line break, a note's reference, a field."""

    run: str
    link: str = ""
    ends_line: bool = False  # a line break: the space after it is dropped, as a browser drops it

    def xml(self) -> str:
        return self.run


LINE_BREAK = "<w:r><w:br/></w:r>"
HYPERLINK = '<w:rStyle w:val="Hyperlink"/>'  # a link's runs: its character style


@dataclass
class Paragraph:
    """A paragraph of ``style``; its whitespace is collapsed as the browser collapses the HTML's."""

    style: str
    items: list[Text | Raw] = field(default_factory=list)
    pre_line: bool = False  # a postal address (pdf.css: white-space: pre-line): a line break where the source has one
    numbering: tuple[int, int] | None = None  # a list item's (w:numId, level)
    page_break: bool = False
    after: int | None = None  # space after, in twentieths of a point, where a block of the letter ends
    bookmark: tuple[int, str] | None = None  # (id, name): a heading that a link of the letter goes to

    def add_text(self, value: str, props: str, link: str) -> None:
        if value.startswith(" ") and self._at_line_start():
            value = value[1:]
        if not value:
            return
        last = self.items[-1] if self.items else None
        if isinstance(last, Text) and last.props == props and last.link == link:
            last.text += value
        else:
            self.items.append(Text(value, props, link))

    def add_raw(self, run: str, link: str = "", ends_line: bool = False) -> None:
        if ends_line:
            self._strip_end()
        self.items.append(Raw(run, link, ends_line))

    def finish(self) -> bool:
        """Drop the trailing space; whether anything is left to write."""
        self._strip_end()
        return bool(self.items)

    def _at_line_start(self) -> bool:
        last = self.items[-1] if self.items else None
        if isinstance(last, Raw):
            return last.ends_line
        return last is None or last.text.endswith(" ")

    def _strip_end(self) -> None:
        while self.items and isinstance(self.items[-1], Text):
            self.items[-1].text = self.items[-1].text.rstrip(" ")
            if self.items[-1].text:
                return
            self.items.pop()

    def xml(self) -> str:
        props = [f'<w:pStyle w:val="{self.style}"/>']
        if self.page_break:
            props.append("<w:pageBreakBefore/>")
        if self.numbering is not None:
            number, level = self.numbering
            props.append(f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{number}"/></w:numPr>')
        if self.after is not None:
            props.append(f'<w:spacing w:after="{self.after}"/>')
        content = "".join(
            f"<w:hyperlink {link}>{''.join(item.xml() for item in group)}</w:hyperlink>"
            if link
            else "".join(item.xml() for item in group)
            for link, group in groupby(self.items, key=lambda item: item.link)
        )
        if self.bookmark is not None:
            mark, name = self.bookmark
            content = f'<w:bookmarkStart w:id="{mark}" w:name="{attr(name)}"/>{content}<w:bookmarkEnd w:id="{mark}"/>'
        return f"<w:p><w:pPr>{''.join(props)}</w:pPr>{content}</w:p>"


@dataclass
class Table:
    """A table as Markdown writes one: its rows (a header row or not), each cell a list of blocks."""

    rows: list[tuple[bool, list[list[Paragraph | Table]]]] = field(default_factory=list)

    def xml(self) -> str:
        columns = max((len(cells) for _, cells in self.rows), default=0) or 1
        width = TEXT_WIDTH // columns
        header = any(is_header for is_header, _ in self.rows)
        rows = []
        for is_header, cells in self.rows:
            row = "".join(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{blocks_xml(cell)}</w:tc>'
                for cell in [*cells, *([[]] * (columns - len(cells)))]  # Word needs every row whole
            )
            rows.append(f"<w:tr>{'<w:trPr><w:tblHeader/></w:trPr>' if is_header else ''}{row}</w:tr>")
        look = f'w:val="{"04A0" if header else "0480"}" w:firstRow="{int(header)}" w:lastRow="0" w:firstColumn="0"'
        grid = f'<w:gridCol w:w="{width}"/>' * columns
        return (
            '<w:tbl><w:tblPr><w:tblStyle w:val="LetterTable"/><w:tblW w:w="5000" w:type="pct"/>'
            f'<w:tblLook {look} w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
        )


Block = Paragraph | Table


def blocks_xml(blocks: Sequence[Block]) -> str:
    """The blocks of a body or a table's cell; Word wants each to end with a paragraph."""
    xml = "".join(block.xml() for block in blocks if not isinstance(block, Table) or block.rows)
    return xml if blocks and isinstance(blocks[-1], Paragraph) else xml + "<w:p/>"


class Relationships:
    """One part's relationships: the fixed ones (``styles.xml``…), then each hyperlink's address, once."""

    def __init__(self, fixed: Iterable[tuple[str, str]] = ()) -> None:
        self.rows: list[str] = []
        self.parts = {target: self._add(kind, target, "") for kind, target in fixed}  # part -> id
        self.ids: dict[str, str] = {}  # address -> id

    def hyperlink(self, address: str) -> str:
        """The id of the relationship to ``address``: Word keeps a link's address there, not in the text."""
        if address not in self.ids:
            self.ids[address] = self._add("hyperlink", quote(address, safe=_URI_SAFE), ' TargetMode="External"')
        return self.ids[address]

    def _add(self, kind: str, target: str, mode: str) -> str:
        rid = f"rId{len(self.rows) + 1}"
        self.rows.append(f'<Relationship Id="{rid}" Type="{RELATIONSHIPS}{kind}" Target="{attr(target)}"{mode}/>')
        return rid

    def xml(self) -> str:
        return (
            f'{XML_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{''.join(self.rows)}</Relationships>"
        )


class Numbering:
    """The lists: each of the letter's lists numbered (or bulleted) on its own, an ordered one from its start."""

    def __init__(self) -> None:
        self.lists: list[str] = []

    def new(self, kind: int, level: int, start: int = 1) -> int:
        number = len(self.lists) + 1
        restart = (
            f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
            if kind == NUMBERS
            else ""
        )
        self.lists.append(f'<w:num w:numId="{number}"><w:abstractNumId w:val="{kind}"/>{restart}</w:num>')
        return number

    def xml(self) -> str:
        return f"{XML_DECLARATION}<w:numbering {W_NAMESPACES}>{ABSTRACT_NUMBERING}{''.join(self.lists)}</w:numbering>"


class Places:
    """Where the letter's links go: a heading of the document (a bookmark), or an address (a relationship).

    ``anchors``: the ids of the headings a link may go to within the file; ``address``: a
    link within the site (``sources.md#…``, ``#p12``) as its address on the published site.
    """

    def __init__(self, relationships: Relationships, anchors: Iterable[str], address: Callable[[str], str]) -> None:
        self.relationships = relationships
        self.bookmarks = bookmark_names(anchors)
        self.address = address
        self.ids = count()

    def link(self, href: str) -> str:
        """The attributes of the ``w:hyperlink`` that ``href`` becomes."""
        if href.startswith("#") and href[1:] in self.bookmarks:
            return f'w:anchor="{attr(self.bookmarks[href[1:]])}" w:history="1"'
        address = href if _ABSOLUTE.match(href) else self.address(href)
        return f'r:id="{self.relationships.hyperlink(address)}" w:history="1"'

    def bookmark(self, anchor: str | None) -> tuple[int, str] | None:
        if anchor is None or anchor not in self.bookmarks:
            return None
        return next(self.ids), self.bookmarks[anchor]

    def note_bookmark(self, number: int) -> tuple[int, str]:
        return next(self.ids), note_bookmark(number)


def note_bookmark(number: int) -> str:
    """The bookmark around a note's first reference; ``_`` hides it, as in Word's own cross-references."""
    return f"_RefNote{number}"


def bookmark_names(anchors: Iterable[str]) -> dict[str, str]:
    """A Word bookmark name for each anchor: letters, digits and ``_``, at most 40, each once."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for anchor in anchors:
        base = name = re.sub(r"\W", "_", anchor, flags=re.ASCII)[:40]
        suffix = 1
        while name in taken:
            suffix += 1
            name = f"{base[: 39 - len(str(suffix))]}_{suffix}"
        if anchor not in names:
            names[anchor] = name
            taken.add(name)
    return names
