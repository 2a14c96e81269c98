"""The letter as a Word file: real footnotes, the site's words, the same bytes each time.

Read back three ways: as the zip and XML Word reads (the standard library),
through pandoc (``pypandoc``, which carries its own pandoc), which finds each
footnote as a ``Note`` only if it is Word's own, and from the built site.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pypandoc  # type: ignore[import-untyped]
import pytest
from bs4 import BeautifulSoup

from letter_site import Letter, SourcePaths, cite_notes, load_letter
from letter_site.cite.citations import CitedNote
from letter_site.render.docx import letter_docx
from projects import build_env, copy_sources, edit, site_build
from published import published
from test_second_letter import EXPECTED, NOTES, SECOND_LETTER, TABLE

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
SITE_URL = "https://letter.example.org/"
DOCX = "open-letter-2023-08-11.docx"
PUBLISHED = published()
PARTS = [
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/core.xml",
    "word/document.xml",
    "word/_rels/document.xml.rels",
    "word/styles.xml",
    "word/settings.xml",
    "word/numbering.xml",
    "word/footnotes.xml",
    "word/_rels/footnotes.xml.rels",
    "word/footer1.xml",
]


@pytest.fixture(scope="module")
def notes(letter: Letter) -> tuple[CitedNote, ...]:
    return cite_notes(letter)


@pytest.fixture(scope="module")
def docx(letter: Letter, notes: tuple[CitedNote, ...]) -> bytes:
    return letter_docx(letter, notes, site_url=SITE_URL)


@pytest.fixture(scope="module")
def docx_file(docx: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docx") / DOCX
    path.write_bytes(docx)
    return path


# -- reading the file as Word does -------------------------------------------------------------


def part(data: bytes, name: str) -> ElementTree.Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return ElementTree.fromstring(archive.read(name))


def text_of(element: ElementTree.Element) -> str:
    """What a reader sees: the text, a line break as a new line, a note's reference as its number."""
    out = []
    for node in element.iter():
        if node.tag == f"{W}t":
            out.append(node.text or "")
        elif node.tag == f"{W}br":
            out.append("\n")
        elif node.tag == f"{W}footnoteReference":
            out.append(node.get(f"{W}id") or "")
    return "".join(out)


def body_blocks(data: bytes) -> list[ElementTree.Element]:
    body = part(data, "word/document.xml").find(f"{W}body")
    assert body is not None
    return [block for block in body if block.tag in (f"{W}p", f"{W}tbl")]


def paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(style, text) of each paragraph of the body outside tables, in order; empty ones left out."""
    found = []
    for block in body_blocks(data):
        style = block.find(f"{W}pPr/{W}pStyle")
        if block.tag == f"{W}p" and text_of(block):
            found.append(((style.get(f"{W}val") or "") if style is not None else "", text_of(block)))
    return found


def footnotes(data: bytes) -> dict[int, str]:
    """Each footnote's text by id, the separators (ids -1 and 0) left out."""
    return {
        int(note.get(f"{W}id") or ""): text_of(note).strip()
        for note in part(data, "word/footnotes.xml")
        if note.get(f"{W}type") is None
    }


# -- (a) the real letter ----------------------------------------------------------------------


def test_it_is_a_zip_of_well_formed_parts_in_a_fixed_order(docx: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == PARTS
        for name in PARTS:
            ElementTree.fromstring(archive.read(name))  # raises if not well-formed


def test_26_footnotes_numbered_1_to_26_in_the_order_the_letter_refers_to_them(docx: bytes) -> None:
    assert sorted(footnotes(docx)) == list(range(1, 27))
    references = [int(ref.get(f"{W}id") or "") for ref in part(docx, "word/document.xml").iter(f"{W}footnoteReference")]
    assert references == list(range(1, 27))  # Word numbers them by place: the site's numbers
    separators = [note.get(f"{W}type") for note in part(docx, "word/footnotes.xml") if note.get(f"{W}type")]
    assert separators == ["separator", "continuationSeparator"]


@pytest.mark.parametrize("number", sorted(PUBLISHED.notes))
def test_each_footnote_says_what_the_published_note_says(
    docx: bytes, notes: tuple[CitedNote, ...], number: int
) -> None:
    assert footnotes(docx)[number] == PUBLISHED.notes[number] == notes[number - 1].text


def test_urls_in_notes_are_links_to_themselves_and_id_to_its_source(docx: bytes, letter: Letter) -> None:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        targets = {
            rel.get("Id"): rel.get("Target")
            for rel in ElementTree.fromstring(archive.read("word/_rels/footnotes.xml.rels"))
        }
    links = [
        (targets[link.get(f"{R}id")], text_of(link)) for link in part(docx, "word/footnotes.xml").iter(f"{W}hyperlink")
    ]
    urls = [(target, shown) for target, shown in links if shown != "Id."]
    assert urls and all(target == shown for target, shown in urls)
    assert {shown for _, shown in urls} == {source.url for source in letter.sources.values()}
    assert (f"{SITE_URL}sources/#source-coi-2014-detailed-findings", "Id.") in links


def test_the_letter_word_for_word_in_order_title_to_last_signatory(docx: bytes) -> None:
    """Title, date, addressee, ATTN, Re:, the sections, the signature heading and its 12 names."""
    assert [text for _, text in paragraphs(docx)] == list(PUBLISHED.paragraphs)


def test_each_block_has_the_style_of_its_kind(docx: bytes) -> None:
    styles = {text: style for style, text in reversed(paragraphs(docx))}
    assert styles[PUBLISHED.paragraphs[0]] == "Title"
    assert styles["August 11, 2023"] == "LetterDate"
    assert styles["High Commissioner Volker Türk"] == "LetterAddressee"
    assert styles["ATTN:"] == "LetterBlockLabel"
    assert styles[next(p for p in PUBLISHED.paragraphs if p.startswith("Ravina Shamdasani"))] == "LetterAttn"
    assert styles[next(p for p in PUBLISHED.paragraphs if p.startswith("Re: "))] == "LetterRe"
    assert styles[next(p for p in PUBLISHED.paragraphs if p.startswith("2. OHCHR"))] == "Heading2"
    heading = "Signature organizations and individuals (as of August 11, 2023)"
    assert styles[heading] == "Heading2"
    names = PUBLISHED.paragraphs[PUBLISHED.paragraphs.index(heading) + 1 :]
    assert len(names) == 12 and {styles[name] for name in names} == {"Signatory"}


def test_its_properties_are_the_letters_and_its_dates_the_letters_date(docx: bytes) -> None:
    core = part(docx, "docProps/core.xml")
    values = {element.tag.rpartition("}")[2]: element.text for element in core}
    assert values["title"] == PUBLISHED.paragraphs[0]
    assert values["creator"] is not None and values["creator"].startswith("1969 KAL Abductees’ Families Association; ")
    assert values["created"] == values["modified"] == "2023-08-11T00:00:00Z"
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 8, 11, 0, 0, 0)}


# -- (b) the same bytes -------------------------------------------------------------------------


def test_two_makings_give_the_same_bytes(letter: Letter, notes: tuple[CitedNote, ...], docx: bytes) -> None:
    again = load_letter(SourcePaths(Path(__file__).resolve().parents[1]))
    assert letter_docx(again, cite_notes(again), site_url=SITE_URL) == docx


# -- (c) pandoc finds real footnotes ------------------------------------------------------------


def plain(inlines: list[Any], notes: list[str]) -> str:
    """Pandoc's inlines as text; a note as its number, its own text kept in ``notes``."""
    out = []
    for inline in inlines:
        kind, content = inline["t"], inline.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak"):
            out.append(" ")
        elif kind == "LineBreak":
            out.append("\n")
        elif kind == "Note":
            notes.append(" ".join(plain(block["c"], []) for block in content))
            out.append(str(len(notes)))
        elif kind in ("Link", "Span", "Quoted"):
            out.append(plain(content[1], notes))
        elif kind in ("Emph", "Strong", "Superscript", "Underline", "SmallCaps", "Strikeout"):
            out.append(plain(content, notes))
        else:
            raise AssertionError(f"an inline pandoc did not make of this letter: {kind}")
    return "".join(out)


def test_pandoc_reads_26_notes_with_the_sites_texts_where_the_letter_has_them(docx_file: Path) -> None:
    tree = json.loads(pypandoc.convert_file(str(docx_file), "json"))
    found: list[str] = []
    blocks = [plain(block["c"][-1] if block["t"] == "Header" else block["c"], found) for block in tree["blocks"]]
    assert found == [PUBLISHED.notes[number] for number in range(1, 27)]
    title = plain(tree["meta"]["title"]["c"], [])  # pandoc takes the Title paragraph as the title
    assert [title, *blocks] == list(PUBLISHED.paragraphs)


def test_pandoc_plain_text_has_every_paragraph_and_the_notes(docx_file: Path) -> None:
    text = pypandoc.convert_file(str(docx_file), "plain", extra_args=["--wrap=none"])
    for paragraph in PUBLISHED.paragraphs[1:]:
        if not re.search(r"\D\d+(\s|$)", paragraph):  # no note's number in it: word for word
            assert f"\n{paragraph}\n" in text, paragraph
    assert "\n[1] Report of the UN Special Rapporteur on the situation of human rights in the DPRK" in text
    assert re.findall(r"\[(\d+)\]", text.split("\n[1] ")[0]) == [str(n) for n in range(1, 27)]


# -- other shapes: the second letter, and what a letter may hold --------------------------------


@pytest.fixture(scope="module")
def second_docx() -> bytes:
    letter = load_letter(SourcePaths(SECOND_LETTER))
    return letter_docx(letter, cite_notes(letter), site_url=SITE_URL)


def test_the_second_letter_line_for_line_its_addresses_a_line_each(second_docx: bytes) -> None:
    lines = [line for _, text in paragraphs(second_docx) for line in text.split("\n")]
    assert lines == EXPECTED
    addresses = [text for style, text in paragraphs(second_docx) if "\n" in text]
    assert addresses == [
        "20 Sajik-ro 8-gil, Jongno-gu\nSeoul 03172, Republic of Korea",
        "209 Sejong-daero, Jongno-gu\nSeoul 03171, Republic of Korea",
        "Rue de Moillebeau 58\n1209 Geneva, Switzerland",
    ]
    assert list(footnotes(second_docx).values()) == NOTES


def test_the_annex_table_is_a_word_table_after_the_signatures(second_docx: bytes) -> None:
    blocks = body_blocks(second_docx)
    (table,) = [index for index, block in enumerate(blocks) if block.tag == f"{W}tbl"]
    texts = [text_of(block) for block in blocks]
    signatures = texts.index("Signature organizations and individuals (as of January 15, 2024)")
    annex = texts.index("Annex: proposed changes to the draft resolution")
    assert texts.index("Moon Sang-hoon, Writer") < annex < table and signatures < annex
    rows = [[text_of(cell) for cell in row.iter(f"{W}tc")] for row in blocks[table].iter(f"{W}tr")]
    assert rows == TABLE
    header = blocks[table].find(f"{W}tr/{W}trPr/{W}tblHeader")
    assert header is not None  # repeated on each page, as the PDF repeats it
    annex_heading = blocks[annex].find(f"{W}pPr/{W}pageBreakBefore")
    assert annex_heading is not None  # an annex starts a page, as in the PDF


SHAPES = (
    "\nAs we said before,[^sr-2000-detained] *the silence* must end: **now**, R&amp;D &lt;3, see "
    "[section 2](#thematic-report), [the report](sources.md#source-sr-2022-ga) and [paragraph 3](#p3).\n\n"
    "- first point\n- second point\n\n> A quotation\n> on two lines.\n"
)


def test_a_note_referred_to_again_links_and_what_a_letter_may_hold(tmp_path: Path) -> None:
    project = copy_sources(tmp_path / "project")
    edit("letter/05-way-forward.md", "\n\nIt is still not too late", f"\n{SHAPES}\nIt is still not too late")(project)
    letter = load_letter(SourcePaths(project))
    data = letter_docx(letter, cite_notes(letter), site_url=SITE_URL)
    document = part(data, "word/document.xml")
    # Still 26 footnotes: the second reference is Word's cross-reference to the first, as the PDF's is a link to it.
    assert sorted(footnotes(data)) == list(range(1, 27))
    (field,) = [node.text for node in document.iter(f"{W}instrText")]
    assert field == " NOTEREF _RefNote1 \\f \\h "
    (first,) = [p for p in document.iter(f"{W}p") if p.find(f"{W}bookmarkStart[@{W}name='_RefNote1']") is not None]
    children = [child.tag for child in first]
    start = children.index(f"{W}bookmarkStart")
    assert children[start + 1 : start + 3] == [f"{W}r", f"{W}bookmarkEnd"]
    reference = first[start + 1].find(f"{W}footnoteReference")
    assert reference is not None and reference.get(f"{W}id") == "1"  # the cross-reference's target
    (said,) = [text_of(p) for p in document.iter(f"{W}p") if text_of(p).startswith("As we said before")]
    assert said == "As we said before,1 the silence must end: now, R&D <3, see section 2, the report and paragraph 3."
    links = {text_of(link): link for link in document.iter(f"{W}hyperlink")}
    assert links["section 2"].get(f"{W}anchor") == "thematic_report"  # a heading of the file: a bookmark
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rels = ElementTree.fromstring(archive.read("word/_rels/document.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    assert targets[links["the report"].get(f"{R}id")] == f"{SITE_URL}sources/#source-sr-2022-ga"
    assert targets[links["paragraph 3"].get(f"{R}id")] == f"{SITE_URL}#p3"
    styles = {text: style for style, text in paragraphs(data)}
    assert styles["first point"] == styles["second point"] == "ListParagraph"
    assert styles["A quotation on two lines."] == "Quote"
    tree = json.loads(pypandoc.convert_file(str(_save(data, tmp_path)), "json"))
    assert json.dumps(tree).count('"t": "Note"') == 26
    assert [block["t"] for block in tree["blocks"]].count("BulletList") == 1


def _save(data: bytes, folder: Path) -> Path:
    path = folder / "letter.docx"
    path.write_bytes(data)
    return path


# -- (e) in the built site ------------------------------------------------------------------------


def targets(data: bytes, name: str) -> set[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {rel.get("Target") or "" for rel in ElementTree.fromstring(archive.read(name))}


def test_its_links_go_where_the_site_has_its_pages_and_it_needs_no_pdf(tmp_path: Path) -> None:
    """With ``use_directory_urls: false``, "Id." and the letter's links within the site follow the site's addresses.

    Built without the PDF (``LETTER_SITE_NO_PDF``): the Word file is made all the same.
    """
    project = copy_sources(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nuse_directory_urls: false\n", encoding="utf-8")
    link = "See [how to cite it](about.md#cite-this-letter) and [paragraph 3](#p3).\n\n"
    edit("letter/05-way-forward.md", "\n\nIt is still not too late", f"\n\n{link}It is still not too late")(project)
    result = site_build(project, tmp_path / "site", env=build_env(LETTER_SITE_NO_PDF="1"))
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "site" / "open-letter-2023-08-11.pdf").exists()
    data = (tmp_path / "site" / DOCX).read_bytes()
    site = "http://127.0.0.1:8000/"  # mkdocs.yml's site_url without SITE_URL
    assert {f"{site}about.html#cite-this-letter", f"{site}index.html#p3"} <= targets(
        data, "word/_rels/document.xml.rels"
    )
    assert f"{site}sources.html#source-coi-2014-detailed-findings" in targets(data, "word/_rels/footnotes.xml.rels")
    assert not any("/sources/" in target for target in targets(data, "word/_rels/footnotes.xml.rels"))


def test_the_built_site_publishes_it_linked_from_the_letter_and_about_pages(built_site: Path) -> None:
    data = (built_site / DOCX).read_bytes()
    assert sorted(footnotes(data)) == list(range(1, 27))
    assert [text for _, text in paragraphs(data)] == list(PUBLISHED.paragraphs)
    letter_page = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    byline = letter_page.select_one(".letter-byline")
    assert byline is not None
    assert [(a["href"], a.get_text()) for a in byline.select("a[download]")] == [
        ("open-letter-2023-08-11.pdf", "Download PDF"),
        (DOCX, "Download Word"),
    ]
    about = (built_site / "about" / "index.html").read_text(encoding="utf-8")
    assert f'<a href="../{DOCX}" download>Word</a>' in about
