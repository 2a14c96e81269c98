"""A second letter, of another shape, built by the installed tool alone (tests/fixtures/second-letter).

Invented for the tests (its README says so): two addressees with postal addresses
and a "CC:" list, no numbered sections, notes citing news and NGO reports and a
book in "Ibid." style (one note cites two sources), an annex with a table after
the signatures, and 30 signatories, organizations and individuals with an
affiliation.  It is built with the tool installed from a wheel (``installed_tool``),
on both engines, from its own files only.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from projects import REPO as ROOT

SECOND_LETTER = ROOT / "tests" / "fixtures" / "second-letter"

EXPECTED = (ROOT / "tests" / "fixtures" / "second-letter.expected.txt").read_text(encoding="utf-8").splitlines()
NOTES = (ROOT / "tests" / "fixtures" / "second-letter.notes.txt").read_text(encoding="utf-8").splitlines()
TABLE = [  # a row a line, as the annex writes it
    ["Paragraph", "Draft text", "Proposed text"],
    ["4", "Notes the situation of persons at the border", "Expresses grave concern at the detention of escapees at the border"],  # noqa: E501
    ["7", "Encourages States to consider their obligations", "Calls upon all States to respect the principle of non-refoulement"],  # noqa: E501
    ["12", "Decides to remain seized of the matter", "Requests a report on the protection of escapees within six months"],  # noqa: E501
]  # fmt: skip


def letter_page(site: Path) -> Tag:
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article")
    assert isinstance(article, Tag)
    for chrome in article.select(".headerlink, .letter-chrome, a#__skip"):
        chrome.decompose()
    return article


def words(text: str) -> str:
    return " ".join(text.split())


def letter_lines(article: Tag) -> list[str]:
    """The letter as a reader reads it, a line a block (a postal address: a line each), up to its notes."""
    lines: list[str] = []
    for block in article.find_all(["h1", "h2", "p", "li"]):
        if block.find_parent(class_="footnote") or block.find_parent("li") or block.find_parent("table"):
            continue
        if block.get("class") and "letter-address" in block["class"]:
            lines += [words(line) for line in block.get_text().splitlines() if line.strip()]
        elif text := words(block.get_text()):
            lines.append(text)
    return lines[: lines.index("Notes")]


def test_the_letter_word_for_word(second_letter_site: Path) -> None:
    assert letter_lines(letter_page(second_letter_site)) == EXPECTED


def test_notes_numbered_in_order_with_ibid_generated(second_letter_site: Path) -> None:
    article = letter_page(second_letter_site)
    notes = article.select("div.footnote li")
    assert [words(note.get_text()).removesuffix(" ↩") for note in notes] == NOTES
    references = [reference.get_text() for reference in article.select("sup a.footnote-ref, a.footnote-ref")]
    assert references[:6] == ["1", "2", "3", "4", "5", "6"]
    ibid = article.select("a.cite-id")
    assert [link.get_text() for link in ibid] == ["Ibid.", "Ibid."]
    assert all(link["aria-label"].startswith("Ibid.: ") for link in ibid)


def test_the_annex_table_comes_after_the_signatures(second_letter_site: Path) -> None:
    article = letter_page(second_letter_site)
    headings = [words(h.get_text()) for h in article.find_all("h2")]
    assert headings == [
        "Signature organizations and individuals (as of January 15, 2024)",
        "Annex: proposed changes to the draft resolution",
        "Notes",
    ]
    annex = article.find("h2", id="annex-proposed-changes")
    assert isinstance(annex, Tag) and "letter-annex" in annex["class"]
    table = annex.find_next("table")
    assert isinstance(table, Tag)
    assert [[words(cell.get_text()) for cell in row.find_all(["th", "td"])] for row in table.find_all("tr")] == TABLE
    assert not table.find(attrs={"style": True})


def test_the_cc_block_and_the_postal_addresses(second_letter_site: Path) -> None:
    article = letter_page(second_letter_site)
    cc = article.select_one("div.letter-cc")
    assert cc is not None and words(cc.p.get_text()) == "CC:"
    addresses = [block.get_text() for block in article.select("p.letter-address")]
    assert addresses == [
        "20 Sajik-ro 8-gil, Jongno-gu\nSeoul 03172, Republic of Korea",
        "209 Sejong-daero, Jongno-gu\nSeoul 03171, Republic of Korea",
        "Rue de Moillebeau 58\n1209 Geneva, Switzerland",
    ]
    assert len(article.select("div.letter-addressee")) == 2


def test_no_numbered_sections_and_every_paragraph_anchored(second_letter_site: Path) -> None:
    article = letter_page(second_letter_site)
    assert not [h for h in article.find_all("h2") if re.match(r"\d+\.", h.get_text())]
    anchored = article.select("p[id^=p]")
    assert len(anchored) >= 4


def test_the_sources_page_names_outlets_and_publishers(second_letter_site: Path) -> None:
    page = BeautifulSoup((second_letter_site / "sources" / "index.html").read_text("utf-8"), "html.parser")
    text = words(page.get_text(" "))
    assert "The Invented Herald, by date" in text  # a news outlet's reports under it, whoever wrote them
    assert "Publisher The Invented Herald" in text
    assert "Example University Press, by date" in text
    assert "Border Watch (an invented NGO) reports, statements and pages, by date" in text


def test_the_pdf_has_the_annex_after_the_signatures(second_letter_site: Path) -> None:
    (pdf,) = second_letter_site.glob("open-letter-2024-01-15.pdf")
    text = words(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    signatures = text.index("Signature organizations and individuals (as of January 15, 2024)")
    assert text.index("Yours sincerely,") < signatures < text.index("Annex: proposed changes to the draft resolution")
    assert "Ibid., para. 6." in text
    assert "Ahn Soo-jin, Professor of Law, Invented National University" in text
    assert "Expresses grave concern at the detention of escapees at the border" in text


def test_it_is_built_from_its_own_files_by_the_installed_tool(installed_tool: Path) -> None:
    where = subprocess.run(
        [str(installed_tool / "python"), "-c", "import letter_site; print(letter_site.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert not Path(where).resolve().is_relative_to(ROOT)
    assert sorted(path.name for path in SECOND_LETTER.iterdir()) == [
        "README.md",
        "docs",
        "footnotes.yaml",
        "letter",
        "mkdocs.yml",
        "signatories.yaml",
    ]
    assert "TEST FIXTURE" in (SECOND_LETTER / "README.md").read_text(encoding="utf-8")
