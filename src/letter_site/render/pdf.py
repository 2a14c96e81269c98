"""The letter as a PDF: a print HTML document made from the sources, and WeasyPrint.

The words are the site's: each part's Markdown goes through Python-Markdown
(``attr_list``, ``md_in_html``) and each ``[^key]`` is replaced, through
Markdown's HTML stash, by the note's HTML from :func:`render.segments_html` --
the same text the site prints, never parsed as Markdown.  In print the notes
are page-bottom footnotes (CSS ``float: footnote``) numbered with the site's
numbers, which this module writes out rather than letting a CSS counter count.
Beyond :data:`FOOTNOTES_AT_MOST` notes they are endnotes, after the signatures.

WeasyPrint is imported only by :func:`write_pdf`, so the rest of the package
works without it; if it or its system libraries are missing,
:class:`PdfUnavailable` says what to install.  The build reads no URL but
local files: no network request, only the machine's fonts.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor

from ..cite.citations import CitedNote
from ..common.dates import month_day_year
from ..common.ids import source_id
from ..common.markdown_ext import NOTE_REFERENCE, REFERENCE_PRIORITY
from ..model import Letter, Part, SignatoryKind
from .pages import Links, attr, escape, segments_html, signatures_markdown

APT_PACKAGES = ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz0b", "libfontconfig1")
APT_INSTALL = "apt-get install " + " ".join(APT_PACKAGES)

KEYWORDS = (
    "open letter",
    "OHCHR",
    "UN High Commissioner for Human Rights",
    "North Korea",
    "DPRK",
    "China",
    "North Korean refugees",
    "forcible repatriation",
    "non-refoulement",
    "enforced disappearance",
)

REFERENCE = NOTE_REFERENCE  # the same references the loader checked

# WeasyPrint lays a page's footnote area out again for each note added to it: 2,600 notes took
# 45 s of a 50 s PDF.  Beyond this many, the notes are endnotes (2,600 then take 4 s).
FOOTNOTES_AT_MOST = 300


# Set by `make bench` to time the site apart from its PDF (not even WeasyPrint is loaded, which takes
# half a second): the pages still link to a PDF that is not there.
NO_PDF = "LETTER_SITE_NO_PDF"
NO_PDF_IN_CI = f"{NO_PDF} is set: a build without its PDF is for benchmarks, never published (unset it)"


class PdfUnavailable(Exception):  # noqa: N818 - the name says what the caller needs to know
    """WeasyPrint, or a system library it needs, cannot be loaded."""


def note_element_id(note: CitedNote) -> str:
    return f"note-{note.number}"


def pdf_html(
    letter: Letter,
    notes: Sequence[CitedNote],
    *,
    site_url: str,
    sources_url: str | None = None,
    description: str | None = None,
    keywords: Sequence[str] = KEYWORDS,
    notice: str | None = None,
) -> str:
    """The letter as one standalone HTML document for print, its stylesheet inline.

    ``notice``: HTML that an older version prints under its date (what it is, where the current letter is).

    ``site_url`` is the site's absolute address and ``sources_url`` that of its
    Sources page (by default ``sources/`` in it): "Id." in a note links to the
    source's entry there, as it does on the site.
    """
    base = absolute_site_url(site_url)
    sources_page = sources_url or f"{base}sources/"
    links = Links(source=lambda key: f"{sources_page}#{source_id(key)}")
    sources = dict(letter.sources)
    by_key = {note.key: note for note in notes}
    texts = {note.key: segments_html(note.segments, sources, links) for note in notes}
    endnotes = len(notes) > FOOTNOTES_AT_MOST
    if endnotes:
        note_html = {note.key: _call(note) for note in notes}
    else:
        note_html = {note.key: _footnote(note, texts[note.key]) for note in notes}
    again_html = {note.key: _call_again(note) for note in notes}
    converter = NoteConverter(note_html, again_html)
    body = letter_html(letter, converter)
    if notice:
        body.insert(body.index("</header>") + 1, notice)
    if endnotes:
        body += [
            '<section class="letter-endnotes">',
            "<h2>Notes</h2>",
            *(
                f'<p class="endnote" id="{note_element_id(note)}">{note.number}\u2002{texts[note.key]}</p>'
                for note in sorted(notes, key=lambda note: note.number)
            ),
            "</section>",
        ]
    converter.check_placed(by_key)

    head = [
        '<meta charset="utf-8">',
        f"<title>{escape(letter.title)}</title>",
        *(f'<meta name="author" content="{attr(s.display_name)}">' for s in letter.named_signatories),
        f'<meta name="description" content="{attr(description or letter_summary(letter))}">',
        f'<meta name="keywords" content="{attr(", ".join(keywords))}">',
        f'<meta name="dcterms.created" content="{letter.date.isoformat()}">',
        f'<meta name="date" content="{letter.date.isoformat()}">',
        f"<style>\n{stylesheet()}</style>",
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n'
        + "\n".join(head)
        + '\n</head>\n<body>\n<main class="letter">\n'
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def write_pdf(
    letter: Letter,
    notes: Sequence[CitedNote],
    target: Path,
    *,
    site_url: str,
    sources_url: str | None = None,
    description: str | None = None,
    keywords: Sequence[str] = KEYWORDS,
    notice: str | None = None,
) -> None:
    """Write the letter's PDF to ``target`` (replaced whole, never half-written).

    Raises :class:`PdfUnavailable` if WeasyPrint cannot be loaded.
    """
    weasyprint = import_weasyprint()
    html = pdf_html(
        letter,
        notes,
        site_url=site_url,
        sources_url=sources_url,
        description=description,
        keywords=keywords,
        notice=notice,
    )
    fetcher = local_url_fetcher(weasyprint)
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher)
    data = document.write_pdf(pdf_tags=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def letter_html(letter: Letter, converter: NoteConverter) -> list[str]:
    """The letter's own blocks for print, in the site's order: title and date, body, signatures, annexes.

    Where the letter refers to a note, ``converter`` puts what the caller gave it
    (the PDF: the note itself; the Word file, :mod:`.docx`: a mark for its footnote).
    """
    body = [
        '<header class="letter-head">',
        f'<h1 class="letter-title">{escape(letter.title)}</h1>',
        f'<p class="letter-date"><time datetime="{letter.date.isoformat()}">{month_day_year(letter.date)}</time></p>',
        "</header>",
    ]
    body += _parts_html(letter.body, converter)
    body += [
        f'<section class="letter-signatures{"" if letter.all_listed else " letter-signatures-long"}">',
        converter.convert(signatures_markdown(letter)),
        "</section>",
    ]
    body += _parts_html(letter.annexes, converter)  # after the signatures, as in the site
    return body


def _parts_html(parts: tuple[Part, ...], converter: NoteConverter) -> list[str]:
    html = []
    for part in parts:
        markdown = part.body.strip("\n")
        if part.heading is not None:
            markdown = f"## {part.heading} {{#{part.anchor}}}\n\n{markdown}"
        kind = "letter-part letter-annex" if part.annex else "letter-part"
        html += [f'<section class="{kind}" id="part-{attr(part.anchor)}">', converter.convert(markdown), "</section>"]
    return html


def stylesheet() -> str:
    """The PDF's own print stylesheet (``pdf.css``), nothing from the site's theme."""
    return (OWN_FILES / "pdf.css").read_text(encoding="utf-8")


class RefusedUrlError(ValueError):
    """The PDF build asked for a URL that is not a local file."""


OWN_FILES = Path(__file__).resolve().parents[1] / "data"  # the package's data: its print stylesheet


def local_url_fetcher(weasyprint: Any, own_files: Path = OWN_FILES) -> Any:
    """A WeasyPrint URL fetcher that reads the site's own files and refuses every other URL.

    The PDF is made from the letter's sources, which come from pull requests: a
    ``file:`` link to ``/etc/hostname`` (as an attachment, an image, a
    stylesheet) must not copy a file of the building machine into the PDF, nor
    may anything be fetched from the network.
    """

    def refuse(url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme == "file" and parts.netloc in ("", "localhost"):
            path = Path(unquote(parts.path)).resolve()
            if path.is_relative_to(own_files) and path.is_file():
                return
        raise RefusedUrlError(f"not fetched: {url} (the PDF is made from the site's own files only)")

    fetcher_class = getattr(weasyprint.urls, "URLFetcher", None)
    if fetcher_class is None:  # pragma: no cover - WeasyPrint < 68 takes a function
        default = weasyprint.default_url_fetcher

        def fetch(url: str, timeout: int = 10, ssl_context: Any = None) -> Any:
            refuse(url)
            return default(url, timeout, ssl_context)

        return fetch

    class LocalFetcher(fetcher_class):  # type: ignore[misc, valid-type]
        def fetch(self, url: str, headers: Any = None) -> Any:
            refuse(url)
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols=("file",))


def import_weasyprint() -> Any:
    try:
        import weasyprint  # type: ignore[import-untyped]  # noqa: PLC0415 - optional, and slow to load
    except (ImportError, OSError) as error:
        raise PdfUnavailable(
            f"The PDF cannot be made: WeasyPrint cannot be loaded ({type(error).__name__}: {error}). "
            f"Install its system libraries (Debian/Ubuntu): {APT_INSTALL} "
            "-- and WeasyPrint itself: pip install -e '.[pdf]'"
        ) from None
    return weasyprint


def absolute_site_url(site_url: str) -> str:
    if not re.match(r"https?://[^/\s]+", site_url):
        raise ValueError(f"site_url must be the site's absolute address (https://…/), not {site_url!r}")
    return site_url if site_url.endswith("/") else site_url + "/"


def letter_summary(letter: Letter) -> str:
    counts = []
    for kind, word in ((SignatoryKind.ORGANIZATION, "organization"), (SignatoryKind.INDIVIDUAL, "individual")):
        count = sum(1 for signatory in letter.signatories if signatory.kind is kind)
        if count:
            counts.append(f"{count} {word}{'s' if count != 1 else ''}")
    return f"{letter.title}, {month_day_year(letter.date)}; signed by {' and '.join(counts)}."


def _footnote(note: CitedNote, html: str) -> str:
    """The note where the letter refers to it; CSS floats it to the foot of the page."""
    return f'<span class="note" id="{note_element_id(note)}" data-number="{note.number}" role="note">{html}</span>'


def _call(note: CitedNote) -> str:
    """The first reference to an endnote: its number, linking to it."""
    return f'<a class="note-call" href="#{note_element_id(note)}">{note.number}</a>'


def _call_again(note: CitedNote) -> str:
    """A second reference to a note already placed: its number, linking to it."""
    return f'<a class="note-call-again" href="#{note_element_id(note)}">{note.number}</a>'


class NoteConverter:
    """Python-Markdown as the site sets it up, with ``[^key]`` replaced by the HTML given for the note.

    ``notes``: for its first reference; ``again``: for a reference to a note already placed.
    """

    def __init__(self, notes: Mapping[str, str], again: Mapping[str, str]) -> None:
        self.placed: set[str] = set()
        extension = _NotesInline(notes, again, self.placed)
        self.md = Markdown(extensions=["tables", "attr_list", "md_in_html", extension], output_format="html")

    def convert(self, text: str) -> str:
        self.md.reset()
        return self.md.convert(text)

    def check_placed(self, keys: Iterable[str]) -> None:
        """Raise if a note of ``keys`` was never placed: a note in no print would be a note lost."""
        unplaced = [key for key in keys if key not in self.placed]
        if unplaced:
            raise ValueError(f"notes the letter never refers to: {', '.join(unplaced)}")


class _NotesInline(Extension):
    def __init__(self, notes: Mapping[str, str], again: Mapping[str, str], placed: set[str]) -> None:
        super().__init__()
        self.notes, self.again, self.placed = notes, again, placed

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.inlinePatterns.register(_Reference(REFERENCE, md, self), "letter-note", REFERENCE_PRIORITY)


class _Reference(InlineProcessor):
    def __init__(self, pattern: str, md: Markdown, extension: _NotesInline) -> None:
        super().__init__(pattern, md)
        self.extension = extension

    def handleMatch(  # type: ignore[override]  # noqa: N802 - Python-Markdown's name
        self, m: re.Match[str], data: str
    ) -> tuple[str | Element | None, int, int]:
        key = m.group(1)
        extension = self.extension
        if key not in extension.notes:
            raise ValueError(f"the letter refers to [^{key}], which is not among the notes given")
        html = extension.again[key] if key in extension.placed else extension.notes[key]
        extension.placed.add(key)
        # Like raw inline HTML: the stash keeps the generated HTML out of Markdown's hands.
        return self.md.htmlStash.store(html), m.start(0), m.end(0)
