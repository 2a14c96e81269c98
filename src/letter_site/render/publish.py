"""How the letter presents itself to the world: citation, BibTeX, CSL-JSON, head tags.

All generated from the model, so a new signatory or a corrected title reaches
Google Scholar, link unfurlers and reference managers without anyone typing it
twice.  Every value is escaped for the format it goes into.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from ..common.dates import MONTHS, day_month_year
from ..model import Letter, SignatoryKind

GENRE = "Open letter"
BIBTEX_KEY_PREFIX = "openletter"
CARD_SIZE = (1200, 630)  # the card a shared link shows: Open Graph's large image


@dataclass(frozen=True)
class Addresses:
    """Absolute URLs of what the letter is published as."""

    page: str  # the letter page
    pdf: str | None = None
    site_name: str = ""
    description: str = ""
    card: str | None = None  # the card a shared link shows (og:image), 1200×630
    version: str | None = None  # a released version's tag, when these are that version's files (v/<tag>/)
    version_date: str | None = None  # that version's date, as its notice writes it ("1 September 2023")


def authors(letter: Letter) -> list[str]:
    """The letter's authors for citations: whom its page names (10,000 individuals would not fit a reference)."""
    return [signatory.display_name for signatory in letter.named_signatories]


def citation_text(letter: Letter, at: Addresses) -> str:
    """A plain-text citation: first signatory et al., title, genre, date, address."""
    names = authors(letter)
    count = len(letter.signatories)
    who = names[0] if count == 1 else f"{names[0]} et al. ({count:,} signatories)"
    return f"{who}, “{letter.title}”, {GENRE.lower()}, {day_month_year(letter.date)}, {at.page}"


def bibtex_key(letter: Letter) -> str:
    return f"{BIBTEX_KEY_PREFIX}{letter.date.strftime('%Y%m%d')}"


_BIBTEX_SPECIAL = {c: "\\" + c for c in "&%$#_{}"} | {
    "~": r"\textasciitilde{}",
    "^": r"\^{}",
    "\\": r"\textbackslash{}",
}


def _bib(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(c, c) for c in text)


def bibtex(letter: Letter, at: Addresses) -> str:
    """A ``@misc`` entry; organisations are braced so BibTeX keeps them whole."""
    names = " and ".join("{" + _bib(name) + "}" for name in authors(letter))
    fields = [
        ("author", names),
        ("title", "{" + _bib(letter.title) + "}"),
        ("howpublished", _bib(GENRE)),
        ("date", letter.date.isoformat()),
        ("year", str(letter.date.year)),
        ("month", MONTHS[letter.date.month - 1][:3].lower()),  # BibTeX's macros: jan, feb, …
        ("url", at.page),
        ("language", "english"),
    ]
    if at.pdf:
        fields.append(("file", at.pdf))
    if at.version:
        fields.append(("version", _bib(at.version)))
        fields.append(("note", _bib(f"Version {at.version} of {at.version_date}")))
    body = ",\n".join(f"  {name} = {{{value}}}" if name != "month" else f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{bibtex_key(letter)},\n{body}\n}}\n"


def csl_json(letter: Letter, at: Addresses) -> str:
    """A CSL-JSON item list, as Zotero and pandoc read it."""
    item: dict[str, object] = {
        "id": bibtex_key(letter),
        "type": "document",
        "genre": GENRE,
        "title": letter.title,
        "author": [{"literal": name} for name in authors(letter)],
        "issued": {"date-parts": [[letter.date.year, letter.date.month, letter.date.day]]},
        "URL": at.page,
        "language": "en",
    }
    if at.version:
        item["version"] = at.version
        item["note"] = f"Version {at.version} of {at.version_date}"
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


def _meta(attribute: str, name: str, content: str) -> str:
    return f'<meta {attribute}="{escape(name)}" content="{escape(content)}">'


def sharing_tags(
    title: str, description: str, url: str, site_name: str, kind: str = "website", card: str | None = None
) -> list[str]:
    """OpenGraph and Twitter card tags, for any page; with ``card``, the large image a shared link shows."""
    image = [
        _meta("property", "og:image", card),
        _meta("property", "og:image:type", "image/png"),
        _meta("property", "og:image:width", str(CARD_SIZE[0])),
        _meta("property", "og:image:height", str(CARD_SIZE[1])),
        _meta("property", "og:image:alt", title),
        _meta("name", "twitter:image", card),
        _meta("name", "twitter:image:alt", title),
    ] if card else []  # fmt: skip
    return [
        _meta("property", "og:type", kind),
        _meta("property", "og:title", title),
        _meta("property", "og:description", description),
        _meta("property", "og:url", url),
        _meta("property", "og:site_name", site_name),
        _meta("property", "og:locale", "en"),
        _meta("name", "twitter:card", "summary_large_image" if card else "summary"),
        _meta("name", "twitter:title", title),
        _meta("name", "twitter:description", description),
        *image,
    ]


def letter_head(letter: Letter, at: Addresses, source_urls: Sequence[str] = ()) -> str:
    """Head tags of the letter page: sharing tags, Highwire ``citation_*`` and JSON-LD."""
    tags = sharing_tags(letter.title, at.description, at.page, at.site_name, kind="article", card=at.card)
    tags.append(_meta("property", "article:published_time", letter.date.isoformat()))
    tags.append(_meta("name", "citation_title", letter.title))
    tags += [_meta("name", "citation_author", name) for name in authors(letter)]
    tags.append(_meta("name", "citation_publication_date", letter.date.strftime("%Y/%m/%d")))
    tags.append(_meta("name", "citation_date", letter.date.strftime("%Y/%m/%d")))
    tags.append(_meta("name", "citation_language", "en"))
    tags.append(_meta("name", "citation_abstract_html_url", at.page))
    if at.pdf:
        tags.append(_meta("name", "citation_pdf_url", at.pdf))
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "genre": GENRE,
        "headline": letter.title,
        "name": letter.title,
        "description": at.description,
        "datePublished": letter.date.isoformat(),
        "inLanguage": "en",
        "url": at.page,
        "author": [
            {"@type": "Organization" if s.kind is SignatoryKind.ORGANIZATION else "Person", "name": s.display_name}
            for s in letter.named_signatories
        ],
        "citation": list(source_urls),
    }
    if at.pdf:
        data["encoding"] = {"@type": "MediaObject", "encodingFormat": "application/pdf", "contentUrl": at.pdf}
    # In a script element "</script" ends it and "<!--<script" hides its real end;
    # "<" only occurs inside JSON strings, where "\u003c" means the same.
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    tags.append(f'<script type="application/ld+json">{payload}</script>')
    return "\n".join(tags)
