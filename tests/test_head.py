"""What the built site tells search engines, link unfurlers and reference managers, and Material's fixes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from letter_site import Letter
from letter_site.render import publish
from projects import REPO

PAGES = ["index.html", "sources/index.html", "signatories/index.html", "about/index.html"]
STEM = "open-letter-2023-08-11"
TITLE = "Open letter on OHCHR’s unacceptable silence on China’s forcible repatriation of North Korean refugees"
# The page part of each page's <title>, which is what a shared link should be called.
PAGE_TITLES = [
    ("index.html", TITLE),
    ("sources/index.html", "Sources"),
    ("signatories/index.html", "Signatories"),
    ("about/index.html", "About this letter"),
]


def soup(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")


def head(site: Path, name: str) -> Tag:
    found = soup(site, name).head
    assert found is not None
    return found


def meta(site: Path, name: str, key: str) -> list[str]:
    """The content of every ``<meta name|property=key>`` in the page's head, in order."""
    tags = head(site, name).find_all("meta", attrs={"name": key}) + head(site, name).find_all(
        "meta", attrs={"property": key}
    )
    return [str(tag["content"]) for tag in tags]


def one(site: Path, name: str, key: str) -> str:
    values = meta(site, name, key)
    assert len(values) == 1, f"{name}: {key}: {values}"
    return values[0]


def canonical(site: Path, name: str) -> str:
    (link,) = head(site, name).find_all("link", rel="canonical")
    return str(link["href"])


def signatory_names() -> list[str]:
    """The names as signatories.yaml writes them, with the acronym in brackets."""
    data = yaml.safe_load((REPO / "signatories.yaml").read_text(encoding="utf-8"))
    return [f"{s['name']} ({s['acronym']})" if s.get("acronym") else s["name"] for s in data["signatories"]]


# Every page --------------------------------------------------------------------------

SHARING_KEYS = [
    "description",
    "og:title",
    "og:description",
    "og:url",
    "og:type",
    "og:site_name",
    "twitter:card",
    "twitter:title",
    "twitter:description",
]


@pytest.mark.parametrize("key", SHARING_KEYS)
@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_one_non_empty_sharing_tag(built_site: Path, name: str, key: str) -> None:
    assert one(built_site, name, key).strip()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("index.html", "article"),
        ("sources/index.html", "website"),
        ("signatories/index.html", "website"),
        ("about/index.html", "website"),
    ],
)
def test_og_type(built_site: Path, name: str, expected: str) -> None:
    assert one(built_site, name, "og:type") == expected


@pytest.mark.parametrize("name", PAGES)
def test_sharing_tags_agree_with_the_page(built_site: Path, name: str) -> None:
    description = one(built_site, name, "description")
    assert one(built_site, name, "og:description") == description
    assert one(built_site, name, "twitter:description") == description
    assert one(built_site, name, "twitter:title") == one(built_site, name, "og:title")
    # The letter page shows its card (1200×630) when shared; the other pages a summary.
    assert one(built_site, name, "twitter:card") == ("summary_large_image" if name == "index.html" else "summary")
    assert one(built_site, name, "og:site_name") == "Open letter on North Korean refugees"


@pytest.mark.parametrize(("name", "expected"), PAGE_TITLES)
def test_og_title_is_the_page_title(built_site: Path, name: str, expected: str) -> None:
    title = head(built_site, name).title
    assert title is not None
    assert title.get_text() == f"{expected} - Open letter on North Korean refugees"
    assert one(built_site, name, "og:title") == expected


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("index.html", ""),
        ("sources/index.html", "sources/"),
        ("signatories/index.html", "signatories/"),
        ("about/index.html", "about/"),
    ],
)
def test_og_url_is_the_canonical_url(built_site: Path, name: str, path: str) -> None:
    url = canonical(built_site, name)
    assert url == urljoin(canonical(built_site, "index.html"), path)
    assert one(built_site, name, "og:url") == url


@pytest.mark.parametrize("name", PAGES[1:])
def test_only_the_letter_page_is_a_scholarly_article(built_site: Path, name: str) -> None:
    keys = [tag.get("name") or tag.get("property") for tag in head(built_site, name).find_all("meta")]
    assert [key for key in keys if str(key).startswith(("citation_", "article:"))] == []
    assert head(built_site, name).find_all("script", type="application/ld+json") == []


# The letter page ---------------------------------------------------------------------


def test_letter_citation_tags(built_site: Path, letter: Letter) -> None:
    assert letter.title == TITLE
    assert one(built_site, "index.html", "citation_title") == TITLE
    names = signatory_names()
    assert len(names) == 12
    assert names[1] == "Association of North Korean Defectors (NKD)"
    assert meta(built_site, "index.html", "citation_author") == names
    assert one(built_site, "index.html", "citation_publication_date") == "2023/08/11"
    assert one(built_site, "index.html", "citation_language") == "en"


def test_letter_pdf_url_names_the_built_pdf(built_site: Path) -> None:
    url = one(built_site, "index.html", "citation_pdf_url")
    assert url == urljoin(canonical(built_site, "index.html"), f"{STEM}.pdf")
    assert (built_site / f"{STEM}.pdf").read_bytes().startswith(b"%PDF-")


def test_letter_addresses_are_its_canonical_url(built_site: Path) -> None:
    url = canonical(built_site, "index.html")
    assert one(built_site, "index.html", "citation_abstract_html_url") == url
    assert letter_json_ld(built_site)["url"] == url


def letter_json_ld(site: Path) -> dict[str, object]:
    (script,) = head(site, "index.html").find_all("script", type="application/ld+json")
    data = json.loads(script.get_text())
    assert isinstance(data, dict)
    return data


def test_letter_json_ld(built_site: Path) -> None:
    data = letter_json_ld(built_site)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Article"
    assert data["headline"] == TITLE
    assert data["datePublished"] == "2023-08-11"
    assert data["author"] == [{"@type": "Organization", "name": name} for name in signatory_names()]
    assert data["encoding"] == {
        "@type": "MediaObject",
        "encodingFormat": "application/pdf",
        "contentUrl": one(built_site, "index.html", "citation_pdf_url"),
    }


# Downloads ---------------------------------------------------------------------------


def built_addresses(site: Path) -> publish.Addresses:
    return publish.Addresses(page=one(site, "index.html", "og:url"), pdf=one(site, "index.html", "citation_pdf_url"))


@pytest.mark.parametrize(("suffix", "make"), [(".bib", publish.bibtex), (".csl.json", publish.csl_json)])
def test_downloads_are_made_from_the_letter(
    built_site: Path, letter: Letter, suffix: str, make: Callable[[Letter, publish.Addresses], str]
) -> None:
    text = (built_site / f"{STEM}{suffix}").read_text(encoding="utf-8")
    assert text == make(letter, built_addresses(built_site))


def cite_section(site: Path) -> list[Tag]:
    """The elements of the About page's "Cite this letter" section, up to the next heading."""
    heading = soup(site, "about/index.html").find("h2", id="cite-this-letter")
    assert isinstance(heading, Tag)
    assert heading.get_text().removesuffix("¶") == "Cite this letter"
    elements = []
    for sibling in heading.find_next_siblings():
        if sibling.name in ("h1", "h2"):
            break
        elements.append(sibling)
    return elements


def test_about_page_cites_the_letter(built_site: Path, letter: Letter) -> None:
    quotes = [element for element in cite_section(built_site) if element.name == "blockquote"]
    assert [quote.get("class") for quote in quotes] == [["letter-citation"]]
    assert quotes[0].get_text(strip=True) == publish.citation_text(letter, built_addresses(built_site))


def test_about_page_links_every_download(built_site: Path) -> None:
    links = {
        urljoin("https://site/about/", str(link["href"])).removeprefix("https://site/"): link.get_text()
        for element in cite_section(built_site)
        for link in element.find_all("a", href=True)
        if str(link["href"]).endswith((".pdf", ".docx", ".bib", ".csl.json"))
    }
    assert links == {
        f"{STEM}.pdf": "PDF",
        f"{STEM}.docx": "Word",
        f"{STEM}.bib": "BibTeX",
        f"{STEM}.csl.json": "CSL-JSON (Zotero, pandoc)",
    }
    for target in links:
        assert (built_site / target).is_file()


# The theme's output (Material's or Zensical's), fixed for the Nu HTML checker and axe -------------

ALL_PAGES = [*PAGES, "404.html"]


def test_every_built_page_is_checked(built_site: Path) -> None:
    assert sorted(str(p.relative_to(built_site)) for p in built_site.rglob("*.html")) == sorted(ALL_PAGES)


@pytest.mark.parametrize("name", ALL_PAGES)
def test_toggles_have_no_autocomplete(built_site: Path, name: str) -> None:
    toggles = soup(built_site, name).find_all("input", class_="md-toggle")
    assert {"drawer", "search"} <= {toggle.get("data-md-toggle") for toggle in toggles}
    assert [toggle for toggle in toggles if toggle.has_attr("autocomplete")] == []


@pytest.mark.parametrize("name", ALL_PAGES)
def test_search_dialog_has_a_name(built_site: Path, name: str) -> None:
    (dialog,) = soup(built_site, name).select("[role=dialog]")
    assert dialog.get("class") == ["md-search"]
    assert dialog.get("aria-label") == "Search"


@pytest.mark.parametrize("name", ALL_PAGES)
def test_no_label_of_a_control_is_hidden_from_assistive_technology(built_site: Path, name: str) -> None:
    labels = soup(built_site, name).select("label[for]")
    assert any(label.get("for") == "__drawer" for label in labels)
    assert [str(label) for label in labels if label.has_attr("aria-hidden")] == []
