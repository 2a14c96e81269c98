"""A draft's note texts, read back into cites: the first step of ``letter-site import`` (issue 16).

A published letter's notes are the citation engine's output read by a person:
``Author, Title (7 February 2014), A/HRC/25/CRP.1, para. 1211 (“…”), https://…``,
``Id., paras. 380-434.``, several cites joined by `` ; ``.  :func:`read_note`
takes one note's text apart into :class:`DraftCite` values, the inverse of
:func:`letter_site.cite.citations.full_form`, and says where it guessed
(:attr:`DraftCite.guesses`): nothing is guessed silently.

Existing parsers were looked at first: eyecite reads US case-law citations
(reporters and volumes), refextract scholarly references (journals, DOIs,
arXiv); neither knows UN symbols, "Id." with a pinpoint, or the form above.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..cite.citations import CITE_SEPARATOR
from ..common.dates import MONTHS

_URL = re.compile(r",\s*(?P<url>https?://\S+)\s*$")
_QUOTATION = re.compile(r"\s*\(“(?P<quotation>.*)”\)\s*$", re.DOTALL)
# Where in a document: para. 9, paras. 31-33, 36, p. 12, pp. 50-52, ch. 3, section II, annex I, art. 14 (a)…
_PINPOINT_WORD = r"(?:paras?\.|pp?\.|ch\.|chapters?|sections?|sect\.|annex(?:es)?|arts?\.|articles?|footnotes?|fn\.)"
_PINPOINT = re.compile(rf",\s*(?P<pinpoint>{_PINPOINT_WORD}\s.*?)\s*$")
# A UN document symbol, as the schema takes it: A/77/522, A/HRC/RES/25/25, CAT/C/CHN/CO/5, E/CN.4/2005/34.
_SYMBOL = re.compile(r",\s*(?P<symbol>[A-Z][A-Z0-9]*(?:/[A-Za-z0-9.()-]+)+)\s*$")
_DAY_MONTH_YEAR = rf"(?P<day>\d{{1,2}}) (?P<month>{'|'.join(MONTHS)}) (?P<year>\d{{4}})"
_DATE = re.compile(rf"\s*\({_DAY_MONTH_YEAR}\)\s*$")
_DATE_IN_TITLE = re.compile(_DAY_MONTH_YEAR)
_REPEAT = re.compile(r"^(?P<word>Id\.|Ibid\.)(?:\s+at)?(?P<rest>.*?)\.?\s*$")
# An author named before the title: a short name, its words capitalised but for a few small ones
# ("OHCHR, Comment by …", "Institute for Invented Studies, Returned to harm?"); a publisher after it.
_NAME = r"[A-Z][\w.&’'-]*(?: (?:[A-Z][\w.&’'-]*|for|of|the|and|on|in|de|du|des))*"
_AUTHOR = re.compile(rf"^(?P<author>{_NAME}),\s+(?P<rest>.+)$", re.DOTALL)
_PUBLISHER = re.compile(rf",\s+(?P<publisher>(?:The )?{_NAME})$")


@dataclass(frozen=True)
class DraftCite:
    """One cite of a note as the draft writes it: a document in full, or a repeat of the one before."""

    text: str  # as written, for the review list
    repeat: str | None = None  # "Id." or "Ibid.": the source of the note before
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    date: dt.date | None = None
    symbol: str | None = None
    url: str | None = None
    pinpoint: str | None = None
    quotation: str | None = None
    guesses: tuple[str, ...] = field(default=())  # what a person should confirm, each in a few words


def read_note(text: str) -> tuple[DraftCite, ...]:
    """The cites of one note's text, in order: ``A ; B`` is two."""
    return tuple(read_cite(part) for part in text.strip().split(CITE_SEPARATOR))


def read_cite(text: str) -> DraftCite:
    """One cite: a repeat (``Id., para. 34.``) or a document written in full."""
    text = text.strip()
    if repeat := _REPEAT.fullmatch(text):
        rest = repeat["rest"].strip().removeprefix(",").strip()
        quotation = None
        if found := _QUOTATION.search(rest):
            quotation, rest = found["quotation"], rest[: found.start()]
        return DraftCite(text, repeat=repeat["word"], pinpoint=rest or None, quotation=quotation)
    rest, guesses = text, []
    url = symbol = pinpoint = quotation = None
    date = None
    if found := _URL.search(rest):
        url, rest = found["url"], rest[: found.start()]
    else:
        guesses.append("no web address: a source needs one (add its url)")
    if found := _QUOTATION.search(rest):
        quotation, rest = found["quotation"], rest[: found.start()]
    if found := _PINPOINT.search(rest):
        pinpoint, rest = found["pinpoint"], rest[: found.start()]
    if found := _SYMBOL.search(rest):
        symbol, rest = found["symbol"], rest[: found.start()]
    if found := _DATE.search(rest):
        date, rest = _date(found), rest[: found.start()]
    elif found := _DATE_IN_TITLE.search(rest):
        date = _date(found)  # the title says it (note 9): the site does not write it twice
    author = publisher = None
    if (found := _AUTHOR.fullmatch(rest)) and len(found["author"].split()) <= 8:
        author, rest = found["author"], found["rest"]
        guesses.append(f"'{author}' read as the author, before the title (correct it if it is part of the title)")
        if found := _PUBLISHER.search(rest):
            publisher, rest = found["publisher"], rest[: found.start()]
            guesses.append(
                f"'{publisher}' read as the publisher, after the title (correct it if it is part of the title)"
            )
    return DraftCite(
        text,
        title=rest.strip(),
        author=author,
        publisher=publisher,
        date=date,
        symbol=symbol,
        url=url,
        pinpoint=pinpoint,
        quotation=quotation,
        guesses=tuple(guesses),
    )


def _date(found: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(found["year"]), MONTHS.index(found["month"]) + 1, int(found["day"]))
    except ValueError:
        return None
