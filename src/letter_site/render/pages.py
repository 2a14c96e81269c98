"""Renderers: the model and the cited notes as Markdown and HTML fragments.

Text that comes from YAML is data, never markup: it reaches the page only
through :func:`html.escape`, inside raw HTML blocks or stashed HTML, so that
neither HTML nor Markdown in a title can change the page.  The letter files
themselves are Markdown written by editors and pass through as Markdown.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby

from ..cite.citations import CitedNote, Kind, Segment, full_form
from ..common.addresses import Repository
from ..common.dates import DAY_MONTH_YEAR, NOTE_DATES, month_day_year
from ..common.ids import NOTES_ANCHOR, SIGNATORIES_ANCHOR, TITLE_ANCHOR, note_id, paragraph_id, source_id
from ..model import Letter, Part, Signatory, SignatoryKind, Source
from ..problems import Problem

PLACE_MARKER = "///Footnotes Go Here///"  # Python-Markdown's footnotes: where the list goes


@dataclass(frozen=True)
class Links:
    """How one page links to another: the renderer knows no URLs of its own."""

    source: Callable[[str], str]  # source key -> href of its entry on the Sources page
    note: Callable[[str], str] = lambda key: f"#{note_id(key)}"  # note key -> href of the note


# Python-Markdown marks stashed HTML with these; in text they would paste stashed HTML in (the loader
# refuses them in the sources, and this keeps any that slipped through from meaning anything).
_STASH_MARKERS = re.compile("[\x02\x03]")


def escape(value: str, quote: bool = True) -> str:
    """``value`` as HTML text: ``& < > " '`` escaped, and Markdown's stash markers removed."""
    return html.escape(_STASH_MARKERS.sub("", value), quote=quote)


def attr(value: str) -> str:
    return escape(value, quote=True)


# Python-Markdown's backslash escapes; with "<" and "&" as entities, text stays text.
_MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|")


def markdown_text(text: str) -> str:
    """``text`` as Markdown that renders to exactly ``text`` (for headings from YAML)."""
    return "".join(f"\\{c}" if c in _MARKDOWN_SPECIAL else c for c in escape(text, quote=False))


def source_label(source: Source) -> str:
    """What a reader needs to recognise a source: its title and symbol."""
    return f"{source.title}, {source.symbol}" if source.symbol else source.title


def segments_html(segments: Iterable[Segment], sources: Mapping[str, Source] | None, links: Links) -> str:
    out = []
    for segment in segments:
        if segment.kind is Kind.URL:
            out.append(f'<a class="cite-url" href="{attr(segment.text)}">{escape(segment.text)}</a>')
        elif segment.kind is Kind.ID and segment.source is not None and sources is not None:
            label = source_label(sources[segment.source])
            out.append(
                f'<a class="cite-id" href="{attr(links.source(segment.source))}" '
                f'title="{attr(label)}" aria-label="{attr(segment.text)}: {attr(label)}">{escape(segment.text)}</a>'
            )
        else:
            out.append(escape(segment.text))
    return "".join(out)


def note_html(note: CitedNote, letter: Letter, links: Links) -> str:
    """The note's text as inline HTML; its text content equals ``note.text``."""
    return segments_html(note.segments, letter.sources, links)


# Site chrome is left out of the site search (both engines' search honours it): a search
# result shows the letter's own words, not "Skip to the text".
SEARCH_EXCLUDE = "data-search-exclude"


def edit_link(href: str, text: str, label: str, kind: str = "letter-edit") -> str:
    """A small link to where a part of the page is written (site chrome, not part of the letter).

    Its accessible name starts with its visible text and says where it leads.
    """
    return (
        f'<p class="letter-chrome {kind}" {SEARCH_EXCLUDE}><a href="{attr(href)}" aria-label="{attr(label)}">'
        f"{escape(text)}</a></p>"
    )


def _part_edit_link(part: Part, opening: bool, repository: Repository) -> str:
    text = "Edit this section" if part.heading is not None else "Edit the opening" if opening else "Edit this part"
    return edit_link(repository.edit(part.path), text, f"{text} on {repository.host} ({part.path})")


def letter_markdown(
    letter: Letter,
    pdf_href: str | None = None,
    repository: Repository | None = None,
    all_signatories: str = "signatories/",
    docx_href: str | None = None,
) -> str:
    """The letter page's Markdown: date line, the parts, signatures, the notes' place.

    ``pdf_href`` and ``docx_href``: where the PDF and the Word file are, for
    "Download PDF" and "Download Word" links; ``repository``:
    where the sources are, for a link from each part to its file.  They are
    site chrome, not part of the letter: they carry the class ``letter-chrome``.
    ``all_signatories``: the Signatories page, linked when the individuals are
    too many to list (:attr:`Letter.all_listed`).
    """
    blocks = [
        f"# {markdown_text(letter.title)} {{#{TITLE_ANCHOR}}}",
        byline(letter, pdf_href, docx_href),
        f'<p class="letter-date"><time datetime="{letter.date.isoformat()}">{month_day_year(letter.date)}</time></p>',
    ]
    blocks += _parts_markdown(letter, letter.body, repository)
    blocks.append(signatures_markdown(letter, all_signatories))
    if repository is not None and letter.signatories:
        path = letter.signatories[0].place.path
        text = "Edit the signatories"
        blocks.append(edit_link(repository.edit(path), text, f"{text} on {repository.host} ({path})"))
    blocks += _parts_markdown(letter, letter.annexes, repository)  # after the signatures, each under its heading
    if letter.notes:
        blocks.append(f"## Notes {{#{NOTES_ANCHOR}}}")
        blocks.append(PLACE_MARKER)
    return "\n\n".join(blocks) + "\n"


def _parts_markdown(letter: Letter, parts: Sequence[Part], repository: Repository | None) -> list[str]:
    blocks = []
    for part in parts:
        if part.heading is None:
            blocks.append(f'<div class="letter-part-anchor" id="{attr(part.anchor)}"></div>')
        else:
            annex = " .letter-annex" if part.annex else ""
            blocks.append(f"## {part.heading} {{#{part.anchor}{annex}}}")
        blocks.append(part.body.strip("\n"))
        if repository is not None:
            blocks.append(_part_edit_link(part, part is letter.parts[0], repository))
    return blocks


def byline(letter: Letter, pdf_href: str | None = None, docx_href: str | None = None) -> str:
    """Under the title, what a reader needs first: who wrote, a way past the addressees, the downloads.

    ``From 12 organizations · Skip to the text · Download PDF · Download Word``: the count links
    to the signatures, the skip link to the first numbered paragraph. Site
    chrome, not the letter's text: print, the PDF and the search leave it out.
    """
    links = []
    kinds = signatory_kinds(letter)
    if kinds:
        links.append(f'From <a href="#{SIGNATORIES_ANCHOR}">{escape(" and ".join(kinds))}</a>')
    if letter.paragraphs:
        links.append(f'<a href="#{paragraph_id(1)}">Skip to the text</a>')
    if pdf_href:
        links.append(f'<a href="{attr(pdf_href)}" download>Download PDF</a>')
    if docx_href:  # for coalitions that send letters as attachments and edit them in Word
        links.append(f'<a href="{attr(docx_href)}" download>Download Word</a>')
    return f'<p class="letter-chrome letter-byline" {SEARCH_EXCLUDE}>{" · ".join(links)}</p>' if links else ""


def signatures_markdown(letter: Letter, all_signatories: str | None = None) -> str:
    """The signature block: its heading as published, and whom the letter names.

    Every signatory is listed while the individuals are few (the published
    letter: its 12 organizations).  When they are many, the organizations are
    listed and the individuals counted, with a link to ``all_signatories``
    (the Signatories page); without that link (the PDF) everyone is listed,
    the individuals as running text (:func:`_run_in`).
    """
    heading = f"Signature organizations and individuals (as of {month_day_year(letter.signatories_as_of)})"
    block = f"## {heading} {{#{SIGNATORIES_ANCHOR}}}\n\n"
    if letter.all_listed:
        return block + _signatory_list(letter.signatories)
    organizations = letter.signatories_of(SignatoryKind.ORGANIZATION)
    individuals = letter.signatories_of(SignatoryKind.INDIVIDUAL)
    listed = block + (_signatory_list(organizations) + "\n\n" if organizations else "")
    if all_signatories is None:
        return listed + _run_in(individuals)
    more = (
        f"{'and ' if organizations else ''}{_count(len(individuals), 'individual')}: "
        f'<a href="{attr(all_signatories)}">see all {_count(len(letter.signatories), "signatory")}</a>'
    )
    return listed + f'<p class="letter-signatories-more">{more}</p>'


def _signatory_list(signatories: Sequence[Signatory]) -> str:
    items = []
    for signatory in signatories:
        name = escape(signatory.signed_as)
        if signatory.url:
            name = f'<a href="{attr(signatory.url)}">{name}</a>'
        items.append(f'<li class="signatory signatory-{signatory.kind.value}">{name}</li>')
    return f'<ul class="letter-signatories">{"".join(items)}</ul>'


def _run_in(signatories: Sequence[Signatory]) -> str:
    """Names as one paragraph, ``A · B · C``, each kept on one line: thousands of names in print.

    A name's spaces are no-break spaces and a word joiner follows its hyphens,
    so a line breaks only after a "·"; text copied from the PDF reads as
    written.  One name a line would take eight times the pages, and WeasyPrint
    ten times as long (9 s for 10,000 names, against 1 s).
    """
    names = []
    for signatory in signatories:
        name = escape(signatory.signed_as).replace(" ", "\u00a0").replace("-", "-\u2060")
        names.append(f'<a href="{attr(signatory.url)}">{name}</a>' if signatory.url else name)
    return '<p class="letter-signatories-run">' + "\u00a0· ".join(names) + "</p>"


def _count(number: int, word: str) -> str:
    """``10,012 signatories``, ``1 individual``."""
    plural = word[:-1] + "ies" if word.endswith("y") else word + "s"
    return f"{number:,} {word if number == 1 else plural}"


def signatory_count(letter: Letter) -> str:
    """``10,012 signatories as of August 11, 2023: 12 organizations and 10,000 individuals.``"""
    return (
        f"{_count(len(letter.signatories), 'signatory')} as of {month_day_year(letter.signatories_as_of)}: "
        f"{' and '.join(signatory_kinds(letter))}."
    )


def signatory_kinds(letter: Letter) -> list[str]:
    """``["12 organizations", "10,000 individuals"]``: the kinds that signed, counted."""
    return [
        _count(len(found), word)
        for kind, word in ((SignatoryKind.ORGANIZATION, "organization"), (SignatoryKind.INDIVIDUAL, "individual"))
        if (found := letter.signatories_of(kind))
    ]


def signatories_page_markdown(letter: Letter, repository: Repository | None = None) -> str:
    """The Signatories page: the count, then every signatory by kind, in the order of ``signatories.yaml``.

    One plain ``<li>`` a name keeps 10,000 names near 300 KB (about 60 KB
    compressed); the page's own script adds a filter field, and the browser's
    find and the site search find any name without it.
    """
    blocks = [f'<p class="letter-signatories-count">{escape(signatory_count(letter))}</p>']
    for kind, heading, anchor in (
        (SignatoryKind.ORGANIZATION, "Organizations", "organizations"),
        (SignatoryKind.INDIVIDUAL, "Individuals", "individuals"),
    ):
        found = letter.signatories_of(kind)
        if not found:
            continue
        items = "".join(
            f'<li><a href="{attr(s.url)}">{escape(s.signed_as)}</a></li>'
            if s.url
            else f"<li>{escape(s.signed_as)}</li>"
            for s in found
        )
        blocks.append(f"## {heading} {{#{anchor}}}")
        blocks.append(f'<ul class="letter-signatories signatory-list signatory-list-{kind.value}">{items}</ul>')
    if repository is not None and letter.signatories:
        path = letter.signatories[0].place.path
        text = "Edit the signatories"
        blocks.append(edit_link(repository.edit(path), text, f"{text} on {repository.host} ({path})"))
    return "\n\n".join(blocks) + "\n"


# -- the Sources page -----------------------------------------------------


def source_groups(letter: Letter) -> list[tuple[str, str, list[Source]]]:
    """(heading as Markdown, anchor, sources): UN documents by symbol, then each author's by date."""
    with_symbol = sorted((s for s in letter.sources.values() if s.symbol), key=lambda s: _natural(s.symbol or ""))
    groups: list[tuple[str, str, list[Source]]] = []
    if with_symbol:
        groups.append(("UN documents, by symbol", "un-documents", with_symbol))
    # A news outlet's or a publisher's sources are grouped under it, whoever wrote each; others under their author.
    others = sorted(
        (s for s in letter.sources.values() if not s.symbol),
        key=lambda s: (s.publisher or s.author or "\uffff", s.date.isoformat() if s.date else "", s.title),
    )
    for (publisher, author), members in groupby(others, key=lambda s: (s.publisher, None if s.publisher else s.author)):
        if publisher or author:
            name = publisher or author or ""
            heading = (
                f"{markdown_text(name)}, by date"
                if publisher
                else f"{markdown_text(name)} reports, statements and pages, by date"
            )
            anchor = "published-by-" + "".join(c if c.isalnum() else "-" for c in name.lower())
        else:
            heading, anchor = "Other sources", "other-sources"
        groups.append((heading, anchor, list(members)))
    return groups


def _natural(symbol: str) -> list[tuple[int, int | str]]:
    """Sort key putting A/HRC/25/… before A/HRC/31/… and A/77/… before A/HRC/…."""
    key: list[tuple[int, int | str]] = []
    for piece in symbol.replace(".", "/").split("/"):
        key.append((0, int(piece)) if piece.isdigit() else (1, piece))
    return key


def sources_markdown(
    letter: Letter, notes: Sequence[CitedNote], links: Links, repository: Repository | None = None
) -> str:
    """The Sources page: every source, the pinpoints cited and links back to the notes.

    With a ``repository``, each source links to its entry in the YAML file, at its line.
    """
    citing: dict[str, list[tuple[CitedNote, str | None]]] = {key: [] for key in letter.sources}
    for note in notes:
        for cite in note.note.cites:
            citing[cite.source].append((note, cite.pinpoint))
    blocks = []
    for heading, anchor, members in source_groups(letter):
        blocks.append(f"## {heading} {{#{anchor}}}")
        for source in members:
            blocks.append(_source_entry(source, citing[source.key], links, repository, letter.dates))
    return "\n\n".join(blocks) + "\n"


def _source_entry(
    source: Source,
    citing: list[tuple[CitedNote, str | None]],
    links: Links,
    repository: Repository | None,
    dates: str = DAY_MONTH_YEAR,
) -> str:
    key = source.key
    rows = []
    if source.symbol:
        rows.append(("UN symbol", escape(source.symbol)))
    if source.author:
        rows.append(("Author", escape(source.author)))
    if source.publisher:
        rows.append(("Publisher", escape(source.publisher)))
    if source.date:
        written = NOTE_DATES[dates](source.date)
        rows.append(("Date", f'<time datetime="{source.date.isoformat()}">{written}</time>'))
    if source.url:
        rows.append(("Address", f'<a class="cite-url" href="{attr(source.url)}">{escape(source.url)}</a>'))
    cited = []
    for note, pinpoint in citing:
        where = f" ({escape(pinpoint)})" if pinpoint else ""
        cited.append(
            f'<li><a class="source-backref" href="{attr(links.note(note.key))}">Note {note.number}</a>{where}</li>'
        )
    rows.append(("Cited in", f'<ul class="source-cited-in">{"".join(cited)}</ul>'))
    details = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    citation = segments_html(full_form(source, dates=dates), None, links)
    edit = ""
    if repository is not None:
        where = f"{source.place.path}, line {source.place.line}"
        edit = edit_link(
            repository.line(source.place.path, source.place.line),
            f"Edit in {where}",
            f"Edit in {where}, on {repository.host}",
            "source-edit",
        )
    return (
        f'<article class="source" id="{attr(source_id(key))}" aria-labelledby="{attr(source_id(key))}-title">'
        f'<h3 id="{attr(source_id(key))}-title">{escape(source.symbol or source.title)}</h3>'
        f'<p class="source-citation">{citation}</p>'
        f'<dl class="source-details">{details}</dl>'
        f"{edit}"
        "</article>"
    )


def problems_markdown(problems: Sequence[Problem], settings: Sequence[str] = ()) -> str:
    """What a preview shows instead of the letter while its sources (or its settings) have problems."""
    items = "".join(f"<li><code>{escape(str(problem))}</code></li>" for problem in (*problems, *settings))
    count = len(problems) + len(settings)
    return (
        '<div class="admonition failure letter-problems" role="alert">'
        f'<p class="admonition-title">The sources have {count} problem{"s" if count != 1 else ""}</p>'
        "<p>Fix them and this page reloads by itself. Each line says the file and line, "
        "what is wrong, and how to fix it.</p>"
        f"<ul>{items}</ul></div>\n"
    )
