"""The letter as a Word file (``.docx``) with Word's own footnotes, for coalitions that send and edit in Word.

Made from the same sources as the site and the PDF, by the same conversion:
each part's Markdown goes through :func:`.pdf.letter_html` (Python-Markdown as
the site sets it up), and where the letter refers to a note a mark is put that
:mod:`.docx_walk` turns into a ``w:footnoteReference``.  The footnote holds
the note's text as the site writes it, from the same segments as
:func:`.pages.segments_html`: its URLs are links whose text is the URL, and
"Id." links to the source's entry on the Sources page.  Word numbers footnotes
in the order they are referred to, which is the order the site numbers the
notes in; each footnote's id is its number, and a second reference to a note
is Word's cross-reference to the first (the PDF's is a link to it).

Only the standard library writes it (no Word, no pandoc at build time), and
the same sources give the same bytes: the zip's entries, their order, their
dates (the letter's date) and their compression are fixed, and the document's
own dates are the letter's, never the build's.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Sequence
from datetime import date

from ..cite.citations import CitedNote, Kind
from ..common.ids import source_id
from ..model import Letter
from . import publish
from .docx_styles import FOOTER, PAGE, SEPARATORS, SETTINGS, STYLES, W_NAMESPACES, XML_DECLARATION
from .docx_walk import NOTE_AGAIN, NOTE_CALL, WordWalk, collapse_spaces
from .docx_xml import HYPERLINK, Numbering, Paragraph, Places, Raw, Relationships, blocks_xml, text
from .pdf import NoteConverter, absolute_site_url, letter_html, letter_summary

_TYPES = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_OWN_PARTS = {  # relationship type -> (part, its content type)
    "styles": ("styles.xml", "styles+xml"),
    "settings": ("settings.xml", "settings+xml"),
    "footnotes": ("footnotes.xml", "footnotes+xml"),
    "numbering": ("numbering.xml", "numbering+xml"),
    "footer": ("footer1.xml", "footer+xml"),
}
_HEADING_ID = re.compile(r'<h[1-6]\b[^>]*?\sid="([^"]+)"')
_FOOTNOTE_START = (
    '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
    '<w:r><w:t xml:space="preserve"> </w:t></w:r>'
)


def letter_docx(
    letter: Letter,
    notes: Sequence[CitedNote],
    *,
    site_url: str,
    sources_url: str | None = None,
    address: Callable[[str], str] | None = None,
    description: str | None = None,
    site_name: str = "",
    notice: str | None = None,
) -> bytes:
    """The letter as a ``.docx`` file's bytes: the PDF's text, with real footnotes.

    ``site_url`` and ``sources_url`` are as :func:`.pdf.pdf_html` takes them;
    ``address`` gives a link the letter makes within the site (``sources.md#…``,
    ``#p12``) its address on the published site (by default, MkDocs' directory
    URLs under ``site_url``); a link to a heading of the letter stays in the file.
    ``site_name`` is the author when nobody has signed yet.  ``notice``: HTML that an older version
    prints under its date, as its PDF does (what it is, where the current letter is).
    """
    base = absolute_site_url(site_url)
    sources_page = sources_url or f"{base}sources/"
    address = address or _directory_address(base)
    marks = {note.key: f'<{NOTE_CALL} data-number="{note.number}"></{NOTE_CALL}>' for note in notes}
    again = {note.key: f'<{NOTE_AGAIN} data-number="{note.number}"></{NOTE_AGAIN}>' for note in notes}
    converter = NoteConverter(marks, again)
    blocks = letter_html(letter, converter)
    if notice:
        blocks.insert(blocks.index("</header>") + 1, notice)
    html = "\n".join(blocks)
    converter.check_placed(note.key for note in notes)

    own = Relationships((kind, part) for kind, (part, _) in _OWN_PARTS.items())
    numbering = Numbering()
    again_referred = {int(number) for number in re.findall(rf'<{NOTE_AGAIN} data-number="(\d+)"', html)}
    body = WordWalk(Places(own, _HEADING_ID.findall(html), address), numbering, again_referred)
    body.feed(html)
    body.close()
    numbers = sorted(note.number for note in notes)
    if body.referenced != numbers:  # Word numbers footnotes by their place: the places must be in the notes' order
        raise ValueError(f"the notes are referred to in the order {body.referenced}, not {numbers}")

    in_notes = Relationships()
    places = Places(in_notes, (), address)
    footnotes = "".join(_footnote(note, places, sources_page) for note in sorted(notes, key=lambda note: note.number))
    footer = own.parts["footer1.xml"]
    document = (
        f"{XML_DECLARATION}<w:document {W_NAMESPACES}><w:body>{blocks_xml(body.blocks)}"
        f'<w:sectPr><w:footerReference w:type="default" r:id="{footer}"/>{PAGE}</w:sectPr></w:body></w:document>'
    )
    authors = "; ".join(publish.authors(letter)) or site_name
    parts = [
        ("[Content_Types].xml", _content_types()),
        ("_rels/.rels", _PACKAGE_RELATIONSHIPS),
        ("docProps/core.xml", _core(letter, authors, description or letter_summary(letter))),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", own.xml()),
        ("word/styles.xml", STYLES),
        ("word/settings.xml", SETTINGS),
        ("word/numbering.xml", numbering.xml()),
        ("word/footnotes.xml", f"{XML_DECLARATION}<w:footnotes {W_NAMESPACES}>{SEPARATORS}{footnotes}</w:footnotes>"),
        ("word/_rels/footnotes.xml.rels", in_notes.xml()),
        ("word/footer1.xml", FOOTER),
    ]
    return package(parts, letter.date)


def _footnote(note: CitedNote, places: Places, sources_page: str) -> str:
    """The note as a ``w:footnote``: Word's number (``w:footnoteRef``), a space, the note's text.

    Its segments become runs as :func:`.pages.segments_html` makes them HTML for
    the site: a URL links to itself, "Id." to its source's entry on the Sources page.
    """
    paragraph = Paragraph("FootnoteText", [Raw(_FOOTNOTE_START)])
    for segment in note.segments:
        link = ""
        if segment.kind is Kind.URL:
            link = places.link(segment.text)
        elif segment.kind is Kind.ID and segment.source is not None:
            link = places.link(f"{sources_page}#{source_id(segment.source)}")
        paragraph.add_text(collapse_spaces(segment.text), HYPERLINK if link else "", link)
    paragraph.finish()
    return f'<w:footnote w:id="{note.number}">{paragraph.xml()}</w:footnote>'


def _directory_address(base: str) -> Callable[[str], str]:
    """``sources.md#x`` → ``{base}sources/#x`` and ``#p12`` → ``{base}#p12``: MkDocs' default URLs."""

    def address(href: str) -> str:
        page, mark, fragment = href.partition("#")
        page = page.removeprefix("./")
        if page == "index.md":
            page = ""
        elif page.endswith(".md"):
            page = page.removesuffix(".md") + "/"
        return f"{base}{page}{mark}{fragment}"

    return address


_PACKAGE_RELATIONSHIPS = (
    f'{XML_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/></Relationships>'
)


def _content_types() -> str:
    overrides = [("/word/document.xml", f"{_TYPES}document.main+xml")]
    overrides += [(f"/word/{part}", f"{_TYPES}{kind}") for part, kind in _OWN_PARTS.values()]
    overrides.append(("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"))
    return (
        f'{XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides)
        + "</Types>"
    )


def _core(letter: Letter, authors: str, description: str) -> str:
    """Title, authors and dates as Word's File > Info shows them: the letter's date, not the build's."""
    when = f"{letter.date.isoformat()}T00:00:00Z"
    return (
        f"{XML_DECLARATION}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{text(letter.title)}</dc:title><dc:creator>{text(authors)}</dc:creator>"
        f"<dc:description>{text(description)}</dc:description><dc:language>en</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>'
    )


def package(parts: Sequence[tuple[str, str]], when: date) -> bytes:
    """The parts as a zip, the same bytes each time: fixed order, dates (``when``, at least 1980), compression."""
    stamp = (when.year, when.month, when.day, 0, 0, 0) if when.year >= 1980 else (1980, 1, 1, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, wherever it is made
            info.external_attr = 0o644 << 16
            archive.writestr(info, content.encode("utf-8"), compresslevel=6)
    return buffer.getvalue()
