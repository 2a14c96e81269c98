"""A sign-on letter at scale: thousands of signatories and hundreds of notes, for readers and in print.

The letter page names every signatory while the individuals are few (the
published letter: 12 organizations); beyond ``LISTED_INDIVIDUALS`` it names
the organizations, counts the individuals and links to the Signatories page,
which lists everyone.  The PDF lists everyone, the individuals as running
text, and its notes become endnotes beyond ``FOOTNOTES_AT_MOST``.  One test
builds the 10,000-signatory sources for real.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from scale import individual_name, make_project

from letter_site.cite.citations import cite_notes
from letter_site.model import LISTED_INDIVIDUALS
from letter_site.render import pdf
from letter_site.render.pages import byline, letter_markdown, signatories_page_markdown, signatory_count
from letter_site.render.publish import Addresses, authors, citation_text
from letter_site.sources.loader import SourcePaths, load_letter
from projects import site_build

LETTER_PAGE_GZIP_LIMIT = 60 * 1024  # the budget for the letter page at 10,000 signatories


@pytest.mark.parametrize(
    ("individuals", "listed", "count", "byline"),
    [
        (0, True, "12 signatories as of August 11, 2023: 12 organizations.", "12 organizations"),
        (
            1,
            True,
            "13 signatories as of August 11, 2023: 12 organizations and 1 individual.",
            "12 organizations and 1 individual",
        ),
        (
            LISTED_INDIVIDUALS,
            True,
            "112 signatories as of August 11, 2023: 12 organizations and 100 individuals.",
            "12 organizations and 100 individuals",
        ),
        (
            LISTED_INDIVIDUALS + 1,
            False,
            "113 signatories as of August 11, 2023: 12 organizations and 101 individuals.",
            "12 organizations and 101 individuals",
        ),
        (
            1000,
            False,
            "1,012 signatories as of August 11, 2023: 12 organizations and 1,000 individuals.",
            "12 organizations and 1,000 individuals",
        ),
    ],
)
def test_the_letter_page_names_everyone_until_the_individuals_are_many(
    tmp_path: Path, individuals: int, listed: bool, count: str, byline: str
) -> None:
    letter = load_letter(SourcePaths(make_project(tmp_path / "p", individuals=individuals)))
    assert signatory_count(letter) == count
    page = BeautifulSoup(letter_markdown(letter, all_signatories="signatories/"), "html.parser")
    # Under the title, who wrote: counted, and linked to the signatures.
    written_by = page.select_one(".letter-byline")
    assert written_by is not None and written_by.get_text() == f"From {byline} · Skip to the text"
    assert [a["href"] for a in written_by.select("a")] == ["#signatories", "#p1"]
    names = [li.get_text() for li in page.select("ul.letter-signatories > li")]
    more = page.select_one(".letter-signatories-more")
    if listed:
        assert names == [s.display_name for s in letter.signatories]
        assert more is None
        assert authors(letter) == names
    else:
        organizations = [s.display_name for s in letter.signatories if s.kind.value == "organization"]
        assert names == organizations
        assert more is not None
        assert more.get_text() == f"and {individuals:,} individuals: see all {individuals + 12:,} signatories"
        assert more.a is not None and more.a["href"] == "signatories/"
        assert authors(letter) == organizations  # a citation names whom the letter page names
    # Whoever is listed, the citation counts everyone.
    assert f"({individuals + 12:,} signatories)" in citation_text(letter, Addresses(page="https://example.org/"))
    # The Signatories page lists everyone, by kind, in the file's order.
    full = BeautifulSoup(signatories_page_markdown(letter), "html.parser")
    assert [li.get_text() for li in full.select("ul.signatory-list > li")] == [
        s.display_name for s in letter.signatories
    ]
    assert full.select_one(".letter-signatories-count").get_text() == count


@pytest.mark.parametrize(
    ("paragraphs", "pdf_href", "docx_href", "text"),
    [
        (0, None, None, "From 12 organizations"),
        (3, None, None, "From 12 organizations · Skip to the text"),
        (3, "open-letter.pdf", None, "From 12 organizations · Skip to the text · Download PDF"),
        (3, None, "open-letter.docx", "From 12 organizations · Skip to the text · Download Word"),
        (
            3,
            "open-letter.pdf",
            "open-letter.docx",
            "From 12 organizations · Skip to the text · Download PDF · Download Word",
        ),
    ],
)
def test_the_byline_offers_only_what_the_page_has(
    tmp_path: Path, paragraphs: int, pdf_href: str | None, docx_href: str | None, text: str
) -> None:
    letter = replace(load_letter(SourcePaths(make_project(tmp_path / "p"))), paragraphs=paragraphs)
    line = BeautifulSoup(byline(letter, pdf_href, docx_href), "html.parser").p
    assert line is not None and line.get_text() == text
    assert "letter-chrome" in line["class"]  # not the letter's text: left out of print and the PDF


@pytest.mark.parametrize(("notes", "endnotes"), [(1, False), (11, False), (12, True)])
def test_the_pdf_sets_notes_as_footnotes_until_they_are_too_many(tmp_path: Path, notes: int, endnotes: bool) -> None:
    letter = load_letter(SourcePaths(make_project(tmp_path / "p", notes=notes)))
    cited = cite_notes(letter)
    assert (len(cited) > pdf.FOOTNOTES_AT_MOST) == endnotes
    html = pdf.pdf_html(letter, cited, site_url="https://example.org/")
    soup = BeautifulSoup(html, "html.parser")
    floats, ends = soup.select("span.note"), soup.select(".letter-endnotes p.endnote")
    assert len(ends if endnotes else floats) == len(cited)
    assert not (floats if endnotes else ends)
    if endnotes:
        # In number order, each the note's text after its number, each called from the letter.
        assert [p.get_text().split("\u2002", 1)[0] for p in ends] == [str(n) for n in range(1, len(cited) + 1)]
        calls = {a["href"] for a in soup.select("a.note-call")}
        assert calls == {f"#{p['id']}" for p in ends}


def test_the_pdf_lists_thousands_of_individuals_as_running_text(tmp_path: Path) -> None:
    letter = load_letter(SourcePaths(make_project(tmp_path / "p", individuals=500)))
    soup = BeautifulSoup(pdf.pdf_html(letter, cite_notes(letter), site_url="https://example.org/"), "html.parser")
    run = soup.select_one(".letter-signatures-long p.letter-signatories-run")
    assert run is not None
    names = [name.replace("\u00a0", " ").replace("\u2060", "") for name in run.get_text().split("\u00a0· ")]
    assert names == [s.display_name for s in letter.signatories if s.kind.value == "individual"]
    # A line can break only after a separator: no ordinary space or bare hyphen inside a name.
    assert all(" " not in name and not re.search("-(?!\u2060)", name) for name in run.get_text().split("\u00a0· "))


@pytest.fixture(scope="module")
def ten_thousand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real sources with 10,000 individual signatories, built with MkDocs, PDF included."""
    project = make_project(tmp_path_factory.mktemp("ten-thousand") / "project", individuals=10_000)
    result = site_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project


def test_at_10000_signatories_the_letter_page_stays_light(ten_thousand: Path) -> None:
    html = (ten_thousand / "site" / "index.html").read_bytes()
    assert len(gzip.compress(html, compresslevel=6)) <= LETTER_PAGE_GZIP_LIMIT
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.select("ul.letter-signatories > li")) == 12
    more = soup.select_one("#signatories ~ .letter-signatories-more a")
    assert more is not None and more["href"] == "signatories/"
    assert more.get_text() == "see all 10,012 signatories"


def test_at_10000_signatories_every_name_can_be_reached(ten_thousand: Path) -> None:
    listed = yaml.safe_load((ten_thousand / "signatories.yaml").read_text(encoding="utf-8"))["signatories"]
    names = [s["name"] + (f" ({s['acronym']})" if s.get("acronym") else "") for s in listed]
    assert len(names) == 10_012
    site = ten_thousand / "site"
    # On the Signatories page, as text a browser's find reaches, in the file's order.
    page = BeautifulSoup((site / "signatories" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [li.get_text() for li in page.select("ul.signatory-list > li")] == names
    count = page.select_one(".letter-signatories-count")
    assert count is not None
    assert count.get_text() == "10,012 signatories as of August 11, 2023: 12 organizations and 10,000 individuals."
    # In the site search's index.
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    searched = html.unescape(
        " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("signatories/"))
    )
    assert [name for name in names if name not in searched] == []
    # In the PDF, as one can search and copy it.
    pdf_file = next(site.glob("*.pdf"))
    text = subprocess.run(["pdftotext", str(pdf_file), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.replace("\u00a0", " ").replace("\u2060", "").split())
    missing = [name for name in names if name not in flat]
    assert missing == []
    pages = subprocess.run(["pdfinfo", str(pdf_file)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", pages).group(1)) < 40  # 246 at one name a line


def test_thousands_of_individuals_and_no_organization(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    names = [individual_name(number) for number in range(LISTED_INDIVIDUALS + 50)]
    (project / "signatories.yaml").write_text(
        "as_of: 2023-08-11\n\nsignatories:\n" + "".join(f"  - name: {n}\n    kind: individual\n" for n in names),
        encoding="utf-8",
    )
    letter = load_letter(SourcePaths(project))
    page = BeautifulSoup(letter_markdown(letter, all_signatories="signatories/"), "html.parser")
    assert page.select("ul.letter-signatories") == []
    assert page.select_one(".letter-byline").get_text() == "From 150 individuals · Skip to the text"
    more = page.select_one(".letter-signatories-more")
    assert more is not None and more.get_text() == "150 individuals: see all 150 signatories"
    assert authors(letter) == [names[0]]  # a citation needs a name: the first to sign
    assert citation_text(letter, Addresses(page="https://example.org/")).startswith(f"{names[0]} et al. (150 ")
    markdown = signatories_page_markdown(letter)
    assert "## Individuals {#individuals}" in markdown and "## Organizations" not in markdown
    assert len(BeautifulSoup(markdown, "html.parser").select("ul.signatory-list > li")) == 150
    html = pdf.pdf_html(letter, cite_notes(letter), site_url="https://example.org/")
    assert "letter-signatories-run" in html and "<ul" not in html.split('class="letter-signatures')[1]
