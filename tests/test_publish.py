"""Specification of publish.py: citation text, BibTeX, CSL-JSON and the head tags."""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape

import pytest
import tinyhtml5  # the HTML standard's parser, as browsers parse
from bs4 import BeautifulSoup

from letter_site.model import Letter, Place, Signatory, SignatoryKind
from letter_site.render import publish
from letter_site.render.publish import Addresses

PLACE = Place("signatories.yaml", 1)
ORG = Signatory("Smith & Jones_Trust", SignatoryKind.ORGANIZATION, PLACE, acronym="S&J")
PERSON = Signatory("Ana María Ruiz", SignatoryKind.INDIVIDUAL, PLACE)
AT = Addresses(
    page="https://example.org/letter/",
    pdf="https://example.org/open-letter-2023-08-11.pdf",
    site_name="Example & Co",
    description="A tiny letter.",
)
TITLE = "Tiny & 100% $5 #1 x_y {z} ~ ^ \\ end"
REAL_TITLE = "Open letter on OHCHR’s unacceptable silence on China’s forcible repatriation of North Korean refugees"


def tiny(
    title: str = TITLE, date: dt.date = dt.date(2023, 8, 11), signatories: tuple[Signatory, ...] = (ORG, PERSON)
) -> Letter:
    return Letter(
        title=title,
        date=date,
        parts=(),
        sources={},
        notes={},
        signatories=signatories,
        signatories_as_of=date,
    )


# citation_text ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("letter", "at", "expected"),
    [
        pytest.param(
            tiny("One", dt.date(2024, 2, 1), (PERSON,)),
            Addresses(page="https://example.org/"),
            "Ana María Ruiz, “One”, open letter, 1 February 2024, https://example.org/",
            id="one-signatory",
        ),
        pytest.param(
            tiny("Two"),
            AT,
            "Smith & Jones_Trust (S&J) et al. (2 signatories), “Two”, open letter, 11 August 2023,"
            " https://example.org/letter/",
            id="two-signatories",
        ),
    ],
)
def test_citation_text(letter: Letter, at: Addresses, expected: str) -> None:
    assert publish.citation_text(letter, at) == expected


def test_citation_text_of_the_letter(letter: Letter) -> None:
    assert publish.citation_text(letter, Addresses(page="https://example.org/")) == (
        f"1969 KAL Abductees’ Families Association et al. (12 signatories), “{REAL_TITLE}”, open letter,"
        " 11 August 2023, https://example.org/"
    )


# BibTeX ------------------------------------------------------------------------

BIBTEX_WITH_PDF = r"""@misc{openletter20230811,
  author = {{Smith \& Jones\_Trust (S\&J)} and {Ana María Ruiz}},
  title = {{Tiny \& 100\% \$5 \#1 x\_y \{z\} \textasciitilde{} \^{} \textbackslash{} end}},
  howpublished = {Open letter},
  date = {2023-08-11},
  year = {2023},
  month = aug,
  url = {https://example.org/letter/},
  language = {english},
  file = {https://example.org/open-letter-2023-08-11.pdf}
}
"""

BIBTEX_WITHOUT_PDF = r"""@misc{openletter20240201,
  author = {{Ana María Ruiz}},
  title = {{Plain}},
  howpublished = {Open letter},
  date = {2024-02-01},
  year = {2024},
  month = feb,
  url = {https://example.org/},
  language = {english}
}
"""


@pytest.mark.parametrize(
    ("letter", "at", "expected"),
    [
        pytest.param(tiny(), AT, BIBTEX_WITH_PDF, id="escaped-with-pdf"),
        pytest.param(
            tiny("Plain", dt.date(2024, 2, 1), (PERSON,)),
            Addresses(page="https://example.org/"),
            BIBTEX_WITHOUT_PDF,
            id="without-pdf",
        ),
    ],
)
def test_bibtex(letter: Letter, at: Addresses, expected: str) -> None:
    assert publish.bibtex(letter, at) == expected


@pytest.mark.parametrize(
    ("character", "escaped"),
    [
        ("&", r"\&"),
        ("%", r"\%"),
        ("$", r"\$"),
        ("#", r"\#"),
        ("_", r"\_"),
        ("{", r"\{"),
        ("}", r"\}"),
        ("~", r"\textasciitilde{}"),
        ("^", r"\^{}"),
        ("\\", r"\textbackslash{}"),
        ("’", "’"),
        ("a", "a"),
    ],
)
def test_bibtex_escapes_each_special_character(character: str, escaped: str) -> None:
    entry = publish.bibtex(tiny(f"a{character}b"), AT)
    assert f"  title = {{{{a{escaped}b}}}},\n" in entry


def test_bibtex_braces_stay_balanced_whatever_the_title() -> None:
    entry = publish.bibtex(tiny("}}{ \\} {{\\"), AT)
    unescaped = re.sub(r"\\[{}]", "", entry)
    depth = 0
    for character in unescaped:
        depth += {"{": 1, "}": -1}.get(character, 0)
        assert depth >= 0
    assert depth == 0


# CSL-JSON ------------------------------------------------------------------------


def test_csl_json() -> None:
    text = publish.csl_json(tiny(), AT)
    assert text.endswith("]\n")
    assert "Ana María Ruiz" in text  # UTF-8, not \u escapes
    assert json.loads(text) == [
        {
            "id": "openletter20230811",
            "type": "document",
            "genre": "Open letter",
            "title": TITLE,
            "author": [{"literal": "Smith & Jones_Trust (S&J)"}, {"literal": "Ana María Ruiz"}],
            "issued": {"date-parts": [[2023, 8, 11]]},
            "URL": "https://example.org/letter/",
            "language": "en",
        }
    ]


def test_csl_json_of_the_letter(letter: Letter) -> None:
    (item,) = json.loads(publish.csl_json(letter, Addresses(page="https://example.org/")))
    assert item["title"] == REAL_TITLE
    assert item["issued"] == {"date-parts": [[2023, 8, 11]]}
    assert len(item["author"]) == 12
    assert item["author"][2] == {"literal": "Citizens’ Alliance for North Korean Human Rights (NKHR)"}


# Head tags -------------------------------------------------------------------------


def metas(head: str) -> list[tuple[str, str]]:
    soup = BeautifulSoup(head, "html.parser")
    return [(str(m.get("property") or m.get("name")), str(m["content"])) for m in soup.find_all("meta")]


def json_ld(head: str) -> object:
    (script,) = BeautifulSoup(head, "html.parser").find_all("script", type="application/ld+json")
    return json.loads(script.get_text())


def test_letter_head_tags() -> None:
    head = publish.letter_head(tiny("Tiny"), AT, ["https://example.org/a", "https://example.org/b"])
    assert metas(head) == [
        ("og:type", "article"),
        ("og:title", "Tiny"),
        ("og:description", "A tiny letter."),
        ("og:url", "https://example.org/letter/"),
        ("og:site_name", "Example & Co"),
        ("og:locale", "en"),
        ("twitter:card", "summary"),
        ("twitter:title", "Tiny"),
        ("twitter:description", "A tiny letter."),
        ("article:published_time", "2023-08-11"),
        ("citation_title", "Tiny"),
        ("citation_author", "Smith & Jones_Trust (S&J)"),
        ("citation_author", "Ana María Ruiz"),
        ("citation_publication_date", "2023/08/11"),
        ("citation_date", "2023/08/11"),
        ("citation_language", "en"),
        ("citation_abstract_html_url", "https://example.org/letter/"),
        ("citation_pdf_url", "https://example.org/open-letter-2023-08-11.pdf"),
    ]
    assert json_ld(head) == {
        "@context": "https://schema.org",
        "@type": "Article",
        "genre": "Open letter",
        "headline": "Tiny",
        "name": "Tiny",
        "description": "A tiny letter.",
        "datePublished": "2023-08-11",
        "inLanguage": "en",
        "url": "https://example.org/letter/",
        "author": [
            {"@type": "Organization", "name": "Smith & Jones_Trust (S&J)"},
            {"@type": "Person", "name": "Ana María Ruiz"},
        ],
        "citation": ["https://example.org/a", "https://example.org/b"],
        "encoding": {
            "@type": "MediaObject",
            "encodingFormat": "application/pdf",
            "contentUrl": "https://example.org/open-letter-2023-08-11.pdf",
        },
    }


def test_letter_head_without_pdf_names_none() -> None:
    head = publish.letter_head(tiny("Tiny"), Addresses(page="https://example.org/"))
    assert "citation_pdf_url" not in dict(metas(head))
    data = json_ld(head)
    assert isinstance(data, dict)
    assert "encoding" not in data
    assert data["citation"] == []


def test_sharing_tags() -> None:
    tags = publish.sharing_tags('Say "hi" & <go>', "D", "https://example.org/p/", "S")
    assert metas("\n".join(tags)) == [
        ("og:type", "website"),
        ("og:title", 'Say "hi" & <go>'),
        ("og:description", "D"),
        ("og:url", "https://example.org/p/"),
        ("og:site_name", "S"),
        ("og:locale", "en"),
        ("twitter:card", "summary"),
        ("twitter:title", 'Say "hi" & <go>'),
        ("twitter:description", "D"),
    ]


HOSTILE_TITLES = [
    pytest.param('A "quoted" title', id="double-quote"),
    pytest.param("It's <b>bold</b> & more", id="angle-and-ampersand"),
    pytest.param("&amp; is not &lt;", id="entity-lookalikes"),
    pytest.param("Ends here </script><p>injected</p>", id="end-script"),
    pytest.param("Ends here </SCRIPT >", id="end-script-upper"),
    pytest.param("Hides the end <!--<script>", id="comment-script"),
    pytest.param("Half <!-- comment", id="comment-open"),
]
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#x27);")


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_head_attributes_are_escaped(title: str) -> None:
    head = publish.letter_head(tiny(title), AT)
    raw = re.findall(r'<meta name="citation_title" content="([^"]*)">', head)
    assert len(raw) == 1
    assert "<" not in raw[0]
    assert "&" not in _ENTITY.sub("", raw[0])
    assert unescape(raw[0]) == title
    assert ("citation_title", title) in metas(head)
    assert ("og:title", title) in metas(head)


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_json_ld_cannot_end_or_hide_the_end_of_its_script(title: str) -> None:
    head = publish.letter_head(tiny(title), AT)
    script = head[head.index('<script type="application/ld+json">') :]
    payload = script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "</" not in payload.lower()
    assert "<!--" not in payload
    data = json.loads(payload)
    assert data["headline"] == data["name"] == title


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_json_ld_in_a_page_as_a_browser_parses_it(title: str) -> None:
    """The HTML standard's parser (WeasyPrint's) ends the script where the head means it to end."""
    head = publish.letter_head(tiny(title), AT)
    page = f'<!doctype html><html><head>{head}</head><body><p id="after">text</p></body></html>'
    document = tinyhtml5.parse(page, namespace_html_elements=False)
    (script,) = document.iter("script")
    assert json.loads(script.text)["headline"] == title
    assert [p.get("id") for p in document.iter("p")] == ["after"]
    assert len(list(document.find("head").iter("meta"))) == len(metas(head))
