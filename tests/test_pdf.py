"""The letter's PDF: real WeasyPrint on the real sources, read back with poppler.

Nothing here is skipped: without WeasyPrint (``pip install -e '.[pdf]'``) or
poppler-utils (``apt-get install poppler-utils``) these tests fail.

pdftotext prints a PDF's text with its own line breaks: a space of the letter
may come out as any whitespace, and a line may break inside a word (a URL wraps
anywhere; a line may end after the hyphen of "non-refoulement").  The patterns
below allow exactly that and nothing else: every character, in order.
``-raw`` keeps the text in drawing order and never removes a line-end hyphen.
"""

from __future__ import annotations

import builtins
import dataclasses
import logging
import re
import socket
import subprocess
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
import pytest
from bs4 import BeautifulSoup

from letter_site.cite.citations import CitedNote, Kind, cite_notes
from letter_site.common.dates import month_day_year
from letter_site.model import Letter
from letter_site.render import pdf
from letter_site.render.pdf import APT_INSTALL, PdfUnavailable, pdf_html, write_pdf
from letter_site.sources.loader import SourcePaths, load_letter

ROOT = Path(__file__).resolve().parents[1]
SITE_URL = "https://letter.example.org/"
A4_POINTS = (595, 842)
REFERENCE = re.compile(r"\[\^([^\]\s]+)\]")
FOOTER = re.compile(r"Page (\d+) of (\d+)")
CALL = "\ue000"  # marks, in a paragraph, the reference whose place is looked for


# -- fixtures -----------------------------------------------------------------


@pytest.fixture(scope="module")
def letter() -> Letter:
    return load_letter(SourcePaths(ROOT))


@pytest.fixture(scope="module")
def notes(letter: Letter) -> tuple[CitedNote, ...]:
    return cite_notes(letter)


@dataclass(frozen=True)
class Built:
    path: Path
    pages: list[str]  # pdftotext -raw of each page
    bottoms: list[str]  # pdftotext -raw of the bottom half of each page
    seconds: float
    warnings: list[str]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _no_network(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError(f"the PDF build tried to use the network: {args!r}")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, letter: Letter, notes: tuple[CitedNote, ...]) -> Built:
    target = tmp_path_factory.mktemp("pdf") / "site" / "letter.pdf"
    collect = _Collect()
    weasy_logger = logging.getLogger("weasyprint")
    weasy_logger.addHandler(collect)
    try:
        with pytest.MonkeyPatch.context() as patch:
            for name in ("connect", "connect_ex"):
                patch.setattr(socket.socket, name, _no_network)
            patch.setattr(socket, "create_connection", _no_network)
            patch.setattr(socket, "getaddrinfo", _no_network)
            start = time.perf_counter()
            write_pdf(letter, notes, target, site_url=SITE_URL)
            seconds = time.perf_counter() - start
    finally:
        weasy_logger.removeHandler(collect)
    count = int(_info(target)["Pages"])
    pages = [_text(target, number) for number in range(1, count + 1)]
    width, height = A4_POINTS
    crop = ["-x", "0", "-y", str(height // 2), "-W", str(width), "-H", str(height - height // 2)]
    bottoms = [_text(target, number, *crop) for number in range(1, count + 1)]
    return Built(target, pages, bottoms, seconds, collect.messages)


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True, encoding="utf-8").stdout


def _text(path: Path, page: int, *options: str) -> str:
    return _run("pdftotext", "-raw", "-enc", "UTF-8", "-f", str(page), "-l", str(page), *options, str(path), "-")


def _info(path: Path, *options: str) -> dict[str, str]:
    fields = {}
    for line in _run("pdfinfo", "-enc", "UTF-8", *options, str(path)).splitlines():
        name, _, value = line.partition(":")
        fields[name.strip()] = value.strip()
    return fields


def loose(text: str) -> re.Pattern[str]:
    """``text`` as pdftotext may print it: a space as any whitespace, a line break inside a word."""
    words = ["\n?".join(re.escape(char) for char in word) for word in text.split()]
    return re.compile(r"\s+".join(words))


def note_pattern(note: CitedNote) -> re.Pattern[str]:
    """A note at the foot of a page: its number, then its text."""
    return loose(f"{note.number} {note.text}")


# -- what the letter says, read from the sources independently of pdf.py ------


@dataclass(frozen=True)
class Oracle:
    blocks: list[str]  # every heading, paragraph and signatory, in reading order
    calls: dict[str, str]  # note key -> its number in the text with the word it follows


def oracle(letter: Letter, notes: tuple[CitedNote, ...]) -> Oracle:
    numbers = {note.key: note.number for note in notes}

    def text_of(body: str, marked: str | None = None) -> list[str]:
        def number(match: re.Match[str]) -> str:
            key = match.group(1)
            return f"{numbers[key]}{CALL if key == marked else ''}"

        html = markdown.markdown(REFERENCE.sub(number, body), extensions=["attr_list", "md_in_html"])
        return [" ".join(p.get_text().split()) for p in BeautifulSoup(html, "html.parser").find_all("p")]

    blocks = [letter.title, month_day_year(letter.date)]
    calls: dict[str, str] = {}
    for part in letter.parts:
        if part.heading is not None:
            blocks.append(part.heading)
        blocks += text_of(part.body)
        for reference in part.references:
            if reference.key in calls:
                continue
            (marked,) = [p for p in text_of(part.body, reference.key) if CALL in p]
            # The word the number is attached to: "China.1", "report16", "recurrence”.21"
            calls[reference.key] = re.split(r"[\s\-–—]", marked.split(CALL)[0])[-1]
    blocks.append(f"Signature organizations and individuals (as of {month_day_year(letter.signatories_as_of)})")
    blocks += [signatory.display_name for signatory in letter.signatories]
    return Oracle(blocks, calls)


def body_text(built: Built, notes: tuple[CitedNote, ...]) -> str:
    """The whole PDF's text without the notes and the page numbers: the letter as one text."""
    pages = []
    for text in built.pages:
        page = text
        for note in notes:
            page = note_pattern(note).sub("\n", page)
        pages.append(FOOTER.sub("\n", page))
    # What was between two lines of a paragraph (a page's end, its notes) leaves one line break.
    return re.sub(r"\s*\n\s*", "\n", "\n".join(pages))


def page_of(built: Built, pattern: re.Pattern[str]) -> list[int]:
    return [number for number, page in enumerate(built.pages, start=1) if pattern.search(page)]


# -- the HTML document ----------------------------------------------------------


def test_html_is_a_standalone_print_document(letter: Letter, notes: tuple[CitedNote, ...]) -> None:
    html = pdf_html(letter, notes, site_url=SITE_URL)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html is not None
    assert soup.html["lang"] == "en"
    assert soup.title is not None
    assert soup.title.get_text() == letter.title
    assert not soup.find("link"), "the stylesheet is inline: the document stands alone"
    assert not soup.find(["script", "img"])
    (style,) = soup.find_all("style")
    css = re.sub(r"/\*.*?\*/", "", style.get_text(), flags=re.DOTALL)
    assert style.get_text().strip() == pdf.stylesheet().strip()
    for foreign in ("@import", "@font-face", "url(", "http", ".md-"):
        assert foreign not in css, f"pdf.css must not use {foreign}: local fonts, no theme, no network"
    assert "float: footnote" in css
    assert "overflow-wrap: anywhere" in css
    assert "hyphens: auto" not in css
    # Nothing of the Markdown machinery is left over.
    for leftover in ("\x02", "\x03", "wzxhzdk", "[^", "{:", "markdown="):
        assert leftover not in html


def test_html_notes_are_the_site_notes_with_their_numbers(letter: Letter, notes: tuple[CitedNote, ...]) -> None:
    soup = BeautifulSoup(pdf_html(letter, notes, site_url="https://letter.example.org"), "html.parser")
    spans = soup.select("span.note")
    assert (
        [int(str(span["data-number"])) for span in spans]
        == list(range(1, len(notes) + 1))
        == [note.number for note in notes]
    )
    assert len(notes) == 26
    for span, note in zip(spans, notes, strict=True):
        assert span.get_text() == note.text, f"note {note.number}"
        linked = [segment for segment in note.segments if segment.kind is not Kind.TEXT]
        for segment, link in zip(linked, span.find_all("a"), strict=True):
            if segment.kind is Kind.URL:
                assert link["href"] == segment.text == link.get_text()
            else:  # "Id." links to the source on the site's Sources page, an absolute address
                assert link["href"] == f"{SITE_URL}sources/#source-{segment.source}"


def test_html_second_reference_and_wrong_notes(letter: Letter, notes: tuple[CitedNote, ...]) -> None:
    first, *rest = letter.parts
    again = dataclasses.replace(first, body=first.body + "\n\nAgain.[^sr-2000-detained]\n")
    soup = BeautifulSoup(
        pdf_html(dataclasses.replace(letter, parts=(again, *rest)), notes, site_url=SITE_URL), "html.parser"
    )
    assert len(soup.select("span.note")) == len(notes), "a note is printed once"
    (call,) = soup.select("a.note-call-again")
    assert (call.get_text(), call["href"]) == ("1", "#note-1")
    unused = dataclasses.replace(notes[0], number=27, note=dataclasses.replace(notes[0].note, key="unused"))
    with pytest.raises(ValueError, match=r"never refers to: unused"):
        pdf_html(letter, (*notes, unused), site_url=SITE_URL)
    with pytest.raises(ValueError, match=r"\[\^sr-2000-detained\], which is not among the notes"):
        pdf_html(letter, notes[1:], site_url=SITE_URL)


def test_html_rejects_a_relative_site_url(letter: Letter, notes: tuple[CitedNote, ...]) -> None:
    for bad in ("", "/", "sources/", "letter.example.org/"):
        with pytest.raises(ValueError, match="absolute"):
            pdf_html(letter, notes, site_url=bad)


# -- the PDF --------------------------------------------------------------------


def test_builds_quietly_without_network(built: Built) -> None:
    assert built.path.read_bytes().startswith(b"%PDF-")
    assert [path.name for path in built.path.parent.iterdir()] == ["letter.pdf"], "written whole, then moved"
    assert built.warnings == [], "WeasyPrint understood every rule of pdf.css"
    assert built.seconds < 120  # a hang, not a benchmark (make bench times the PDF): CI shares 2 cores with 4 workers


def test_every_note_verbatim_with_its_site_number(built: Built, notes: tuple[CitedNote, ...]) -> None:
    for note in notes:
        where = page_of(built, note_pattern(note))
        assert len(where) == 1, f"note {note.number} should be printed once, in full: {note.text}"


def test_notes_at_the_foot_of_the_page_that_calls_them(
    built: Built, letter: Letter, notes: tuple[CitedNote, ...]
) -> None:
    calls = oracle(letter, notes).calls
    for note in notes:
        call = loose(calls[note.key])
        (number,) = page_of(built, note_pattern(note))
        page = built.pages[number - 1]
        assert (called := call.search(page)), f"note {note.number} is not on the page of its number in the text"
        placed = note_pattern(note).search(page)
        assert placed is not None
        assert placed.start() > called.end(), f"note {note.number} should come below the text"
        assert note_pattern(note).search(built.bottoms[number - 1]), f"note {note.number} is not at the page bottom"


def test_letter_word_for_word_in_order(built: Built, letter: Letter, notes: tuple[CitedNote, ...]) -> None:
    text = body_text(built, notes)
    position = 0
    blocks = oracle(letter, notes).blocks
    assert len(blocks) > 40
    for block in blocks:
        found = loose(block).search(text, position)
        assert found, f"not found (after what came before it): {block}"
        position = found.end()
    for required in ("ATTN:", "Re: Office", "Dear High Commissioner Türk,", "Thank you.", "Sincerely,"):
        assert any(block.startswith(required) for block in blocks)
    headings = [part.heading for part in letter.sections]
    assert [heading[:2] for heading in headings if heading] == ["1.", "2.", "3.", "4.", "5."]


def test_page_numbers(built: Built) -> None:
    total = len(built.pages)
    assert total >= 2
    for number, page in enumerate(built.pages, start=1):
        assert FOOTER.findall(page) == [(str(number), str(total))]


def test_metadata(built: Built, letter: Letter) -> None:
    info = _info(built.path, "-isodates")
    assert info["Title"] == letter.title
    assert info["Author"] == ", ".join(signatory.display_name for signatory in letter.signatories)
    assert info["CreationDate"].startswith("2023-08-11")
    assert "North Korea" in info["Keywords"]
    assert info["Subject"].startswith(letter.title)
    assert info["Tagged"] == "yes"
    assert info["Page size"].endswith("(A4)")
    assert b"/Lang (en)" in pdf_objects(built.path)


def test_links_are_live(built: Built, letter: Letter, notes: tuple[CitedNote, ...]) -> None:
    uris = {line.split()[-1] for line in _run("pdfinfo", "-url", str(built.path)).splitlines()[1:]}
    expected = set()
    for note in notes:
        for segment in note.segments:
            if segment.kind is Kind.URL:
                expected.add(segment.text)
            elif segment.kind is Kind.ID:
                expected.add(f"{SITE_URL}sources/#source-{segment.source}")
    assert expected <= uris
    assert "https://undocs.org/A/77/522" in expected
    assert b"/URI (https://undocs.org/A/77/522)" in pdf_objects(built.path)


def test_fonts_are_local_and_embedded(built: Built) -> None:
    rows = _run("pdffonts", str(built.path)).splitlines()[2:]
    assert rows
    for row in rows:
        assert re.search(r"\byes\s+yes\s+yes\b", row), f"font not embedded and subset: {row}"


def pdf_objects(path: Path) -> bytes:
    """The PDF's bytes with every compressed stream inflated, to look for dictionary entries."""
    data = path.read_bytes()
    inflated = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            inflated.append(zlib.decompressobj().decompress(data[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(inflated)


# -- without WeasyPrint -----------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file"), ImportError()],
)
def test_missing_weasyprint_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, letter: Letter, notes: tuple[CitedNote, ...], error: Exception
) -> None:
    real_import = builtins.__import__

    def failing_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise error
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", failing_import)
    target = tmp_path / "letter.pdf"
    with pytest.raises(PdfUnavailable) as raised:
        write_pdf(letter, notes, target, site_url=SITE_URL)
    message = str(raised.value)
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libfontconfig1" in message
    assert APT_INSTALL in message
    assert type(error).__name__ in message
    assert raised.value.__suppress_context__, "no chained traceback"
    assert not target.exists()


def test_url_fetcher_reads_local_files_only() -> None:
    import weasyprint  # type: ignore[import-untyped]  # noqa: PLC0415 - the test of the missing import patches it

    fetcher = pdf.local_url_fetcher(weasyprint)
    for url in ("https://fonts.googleapis.com/css2?family=Roboto", "http://127.0.0.1/", "ftp://example.org/x"):
        with pytest.raises(pdf.RefusedUrlError):
            fetcher.fetch(url)
    css = pdf.OWN_FILES / "pdf.css"
    response = fetcher.fetch(css.as_uri())
    try:
        assert b"float: footnote" in response.read()
    finally:
        response.close()
