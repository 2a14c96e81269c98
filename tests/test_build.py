"""One strict build of the real repository site, read back from its HTML."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from letter_site import Letter, cite_notes
from projects import copy_sources, site_build
from published import published

PUBLISHED = published()
BLOCKS = "h1, h2, p, li.signatory"


def page(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")


def article(soup: BeautifulSoup) -> Tag:
    found = soup.select_one("article.md-content__inner")
    assert found is not None
    return found


def text_of(element: Tag) -> str:
    for permalink in element.select("a.headerlink"):
        permalink.extract()
    return " ".join(element.get_text().split())


def letter_blocks(site: Path) -> list[str]:
    """The letter's paragraphs and headings in order, without the notes and page chrome."""
    body = article(page(site, "index.html"))
    for chrome in body.select(".footnote, #notes, .letter-chrome"):
        chrome.extract()
    return [text_of(element) for element in body.select(BLOCKS) if not element.find_parent("li")]


def test_the_letter_page_is_the_published_letter_word_for_word(built_site: Path) -> None:
    assert letter_blocks(built_site) == [" ".join(p.split()) for p in PUBLISHED.paragraphs]


SEARCH_INDEX = {"mkdocs": "search/search_index.json", "zensical": "search.json"}


def test_the_search_finds_the_letter_not_the_chrome_around_it(built_site: Path, engine: str) -> None:
    index = (built_site / SEARCH_INDEX[engine]).read_text(encoding="utf-8")
    assert "We are writing to express our concern" in index
    byline = article(page(built_site, "index.html")).select_one(".letter-byline")
    assert byline is not None and "Skip to the text" in byline.get_text()
    for chrome in ("From 12 organizations", "Skip to the text", "Download PDF", "Download Word"):
        assert chrome not in index


def test_notes_are_numbered_1_to_26_and_say_what_the_letter_says(built_site: Path) -> None:
    soup = page(built_site, "index.html")
    items = soup.select("div.footnote > ol > li")
    assert len(items) == 26
    for number, item in enumerate(items, start=1):
        for backref in item.select("a.footnote-backref"):
            backref.extract()
        assert " ".join(item.get_text().split()) == PUBLISHED.notes[number], f"note {number}"


def test_each_reference_sits_where_the_letter_has_its_number(built_site: Path) -> None:
    """Reference N is the text the seed has before N, and links to note N."""
    soup = page(built_site, "index.html")
    items = soup.select("div.footnote > ol > li")
    numbers_seen = []
    for sup in article(soup).select("sup[id^='fnref']"):
        link = sup.find("a")
        assert isinstance(link, Tag)
        number = int(link.get_text())
        numbers_seen.append(number)
        target = str(link["href"]).removeprefix("#")
        assert items[number - 1]["id"] == target
        paragraph = sup.find_parent("p")
        assert paragraph is not None
        marked = copy.copy(paragraph)
        marker = next(s for s in marked.select("sup") if s.get("id") == sup.get("id"))
        marker.replace_with("\0")
        before, after = marked.get_text().split("\0")
        here = f"{before[-30:]}{number}{after[:30]}"
        assert any(here in p for p in PUBLISHED.paragraphs), f"reference {number}: {here!r}"
    assert numbers_seen == list(range(1, 27))


def test_note_16_follows_the_word_report_with_no_punctuation(built_site: Path) -> None:
    assert re.search(
        r"submitted a report<sup id=\"fnref:[^\"]+\"><a [^>]*class=\"footnote-ref\"[^>]*>16</a>",
        (built_site / "index.html").read_text(encoding="utf-8"),
    )


def test_urls_in_notes_are_links_and_id_names_its_source(built_site: Path, letter: Letter) -> None:
    soup = page(built_site, "index.html")
    for note in cite_notes(letter):
        item = soup.select_one(f"li[id='fn:{note.key}']")
        assert item is not None
        urls = [a["href"] for a in item.select("a.cite-url")]
        assert urls == [letter.sources[s].url for s in note.sources] if not note.short else urls == []
        ids = item.select("a.cite-id")
        if note.short:
            (link,) = ids
            source = letter.sources[note.sources[0]]
            assert link.get_text() == "Id."
            assert link["href"] == f"sources/#source-{source.key}"
            assert source.title in str(link["title"])
            assert str(link["aria-label"]).startswith("Id.")
            assert (source.symbol or source.title) in str(link["aria-label"])
        else:
            assert ids == []


def test_note_3_id_names_the_commission_report(built_site: Path) -> None:
    soup = page(built_site, "index.html")
    link = soup.select_one("li[id='fn:coi-repatriated-violations'] a.cite-id")
    assert link is not None
    assert "A/HRC/25/CRP.1" in str(link["title"])


def test_section_anchors_are_in_the_table_of_contents(built_site: Path, letter: Letter) -> None:
    soup = page(built_site, "index.html")
    toc = [str(a["href"]) for a in soup.select("nav.md-nav--secondary a.md-nav__link")]
    for section in letter.sections:
        assert f"#{section.anchor}" in toc
        heading = soup.select_one(f"h2#{section.anchor}")
        assert heading is not None and text_of(heading) == section.heading
    assert "#signatories" in toc


def test_signature_block(built_site: Path) -> None:
    soup = page(built_site, "index.html")
    heading = soup.select_one("h2#signatories")
    assert heading is not None
    assert text_of(heading) == "Signature organizations and individuals (as of August 11, 2023)"
    names = [text_of(li) for li in soup.select("ul.letter-signatories > li")]
    start = PUBLISHED.paragraphs.index(text_of(heading)) + 1
    assert names == list(PUBLISHED.paragraphs[start:])


def test_sources_page_lists_every_source_with_back_links_to_its_notes(built_site: Path, letter: Letter) -> None:
    soup = page(built_site, "sources/index.html")
    letter_page = page(built_site, "index.html")
    cited = cite_notes(letter)
    for source in letter.sources.values():
        entry = soup.select_one(f"article#source-{source.key}")
        assert entry is not None, source.key
        assert source.url in [a["href"] for a in entry.select("a.cite-url")]
        if source.symbol:
            assert source.symbol in entry.get_text()
        expected = [f"Note {n.number}" for n in cited if source.key in n.sources]
        backrefs = entry.select("a.source-backref")
        assert [a.get_text() for a in backrefs] == expected
        for link in backrefs:
            href = str(link["href"])
            assert href.startswith("../#fn:")
            assert letter_page.find(id=href.split("#", 1)[1]) is not None


def test_sources_are_grouped_un_documents_by_symbol_first(built_site: Path) -> None:
    soup = page(built_site, "sources/index.html")
    groups = [text_of(h) for h in article(soup).select("h2")]
    assert groups == ["UN documents, by symbol", "OHCHR reports, statements and pages, by date"]
    symbols = [text_of(dd) for dd in soup.select("#un-documents ~ article dt:-soup-contains('UN symbol') + dd")][:6]
    assert symbols == ["A/77/522", "A/HRC/25/CRP.1", "A/HRC/31/38", "A/HRC/46/52", "A/HRC/52/64", "A/HRC/RES/25/25"]


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    pages = {path.relative_to(built_site).as_posix(): path for path in built_site.rglob("*.html")}
    ids = {name: {str(el["id"]) for el in page(built_site, name).select("[id]")} for name in pages}
    checked = 0
    for name in pages:
        for link in page(built_site, name).select("a[href]"):
            href = str(link["href"])
            if urlsplit(href).scheme or href.startswith("//"):
                continue
            target = urlsplit(urljoin(f"http://site/{name}", href))
            path = unquote(target.path.lstrip("/"))
            if path == "" or path.endswith("/"):
                path += "index.html"
            assert (built_site / path).exists(), f"{name}: {href}"
            if target.fragment and path in ids:
                assert unquote(target.fragment) in ids[path], f"{name}: {href}"
            checked += 1
    assert checked > 100


@pytest.mark.parametrize("name", ["index.html", "sources/index.html", "signatories/index.html", "about/index.html"])
def test_no_page_asks_another_host_for_anything(built_site: Path, name: str) -> None:
    html = (built_site / name).read_text(encoding="utf-8")
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.select("script[src], link[href], img[src]"):
        url = str(element.get("src") or element.get("href"))
        if element.name == "link" and element.get("rel") in (["canonical"], ["alternate"]):
            continue
        assert not urlsplit(url).netloc, f"{name}: {element}"


def test_a_letter_without_notes_builds_without_a_notes_section(tmp_path: Path) -> None:
    project = copy_sources(tmp_path / "project")
    for part in (project / "letter").glob("*.md"):
        part.write_text(re.sub(r"\[\^[^\]]+\]", "", part.read_text(encoding="utf-8")), encoding="utf-8")
    (project / "footnotes.yaml").write_text("sources: {}\nnotes: {}\n", encoding="utf-8")
    result = site_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    soup = page(tmp_path / "site", "index.html")
    assert "Footnotes Go Here" not in soup.get_text()
    assert soup.select_one("#notes") is None
    assert [p["id"] for p in soup.select("article p[id]")] == [f"p{n}" for n in range(1, 17)]
