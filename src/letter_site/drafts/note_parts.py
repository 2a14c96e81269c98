"""The parts of a draft's citation that can be found from its end: address, date, symbol, pinpoint, quotation.

Drafts write them in several orders (``…, A/HRC/52/64, 28 February 2023, para. 12.``,
``… (7 February 2014), A/HRC/25/CRP.1, para. 1211, https://…``, ``“Title,” March 3,
2023, https://… (accessed 3 May 2023)``); :func:`peel` takes them off the end one
at a time until none is left, and what remains is the author, title and publisher.
A pinpoint stands after the symbol and the date, so it is taken only before them.
The draft readers pass a note's italics and bold as Markdown emphasis (``*Title*``,
``**word**``); :func:`unmark` takes the marks off and says where the italics were.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

# Months as drafts write them: "February", "Feb.", "Sept.".
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)"
)
YEAR = r"(?:1[89]|20)\d\d"
_DAY_FIRST = rf"\d{{1,2}}\s+{_MONTH}\s+\d{{4}}"  # 7 February 2014, the engine's form
_MONTH_FIRST = rf"{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}"  # March 3, 2023
_ISO = r"\d{4}-\d\d-\d\d"
_MONTH_YEAR = rf"{_MONTH}\s+{YEAR}"  # June 2022: no day
DATE = rf"(?:{_DAY_FIRST}|{_MONTH_FIRST}|{_ISO}|{_MONTH_YEAR}|{YEAR})"
DAY_IN_TITLE = re.compile(_DAY_FIRST)
# Where in a document: para. 9, paras. 31-33 and 36, p. 12, pp. 5–7, chapter IV, section II.B, annex I, art. 14 (a)…
PINWORD = (
    r"(?i:paras?\b\.?|paragraphs?|¶¶?|pp?\.|pages?|ch\.|chaps?\.|chapters?|sections?|sect\.|secs?\.|§§?|annex(?:es)?"
    r"|appendix|arts?\.|articles?|footnotes?|fn\.|nn?\.|parts?|pt\.|box|table|figure|fig\.)"
)
_ITEM = r"(?:\d+[a-z]?|[IVXLC]+|[A-Z])(?:\.(?:\d+|[A-Za-z]+))*(?:\s?\([a-z0-9]+\))*"
_RANGE = rf"{_ITEM}(?:\s*[-–—]\s*{_ITEM})?(?:\s*ff\.|\s+et\s+seq\.)?"
_AND = r"(?:,\s*and\s+|,\s*|\s+and\s+|\s*&\s*)"
NUMBERS = rf"{_RANGE}(?:{_AND}{_RANGE})*"  # 12, 45-47: a pinpoint without its word
POINTS = rf"{PINWORD}\s*{_RANGE}(?:{_AND}(?:{PINWORD}\s*)?{_RANGE})*"
# A UN document symbol, as the schema takes it: A/77/522, A/HRC/RES/25/25, CAT/C/CHN/CO/5, E/CN.4/2005/34.
SYMBOL = r"(?=\S*\d)[A-Z][A-Z0-9]*(?:/[A-Za-z0-9.()-]+)+"
_UN_DOC = r"(?:(?i:U\.?\s?N\.?\s+Doc(?:ument)?\.?)\s+)?"
_VISITED = r"(?i:(?:last\s+)?(?:accessed|visited|retrieved|consulted|viewed))(?:\s+on)?:?\s+"

_ACCESSED = re.compile(rf"(?:\s*[(\[]{_VISITED}(?P<v>{DATE})[)\]]|(?:^|[,.;]?\s+){_VISITED}(?P<w>{DATE}))$")
_URL = re.compile(
    r"(?:^|[,;:.]?\s+)(?:(?i:available\s+(?:at|from|online))[:,]?\s+)?<?(?P<v>(?:https?://|www\.)\S+?)>?$"
)
_QUOTATION = re.compile(r"(?:\s*\(“(?P<v>.*)”\)|\s*\(\"(?P<w>.*)\"\))$", re.DOTALL)
_QUOTED_AFTER = re.compile(r"(?:\s*\(“(?P<v>.*)”\)|\s*\(\"(?P<w>.*)\"\)|[:,]\s*[“\"](?P<x>.*)[”\"])$", re.DOTALL)
_POINTS = re.compile(rf",\s*(?P<v>{POINTS})$")
_ANY_POINTS = re.compile(rf",\s*(?P<v>{PINWORD}\s*\S.*?)$")  # para. 12 and the note's text after it: the last try
_DATE = re.compile(rf"(?:(?:,\s*|(?<=[”\"])\s+)(?P<v>{DATE})|\s*[(\[](?P<w>{DATE})[)\]])$")
_PUBLISHED = re.compile(rf"\s*\((?:(?P<place>[^():,]+):\s*)?(?P<v>[^()]+?),\s*(?P<year>{YEAR})\)$")
_EDITION = re.compile(r"(?i:\d+(?:st|nd|rd|th)\s+(?:ed|edn|edition)\.?|rev\.\s+ed\.)")
_SYMBOL = re.compile(
    rf"(?:(?:,\s*|^){_UN_DOC}(?:(?P<v>{SYMBOL})|(?P<council>S/RES/\d+)\s*\((?P<year>{YEAR})\))"
    rf"|\s*\({_UN_DOC}(?P<w>{SYMBOL})\))$"
)  # S/RES/2397 (2017): a Security Council resolution's symbol has its year


@dataclass
class Parts:
    """What :func:`peel` found at the end of a citation, and what remains before it (``rest``)."""

    rest: str
    url: str | None = None
    accessed: str | None = None
    quotation: str | None = None
    pinpoint: str | None = None
    date: dt.date | None = None
    partial_date: str | None = None  # a year or a month: no day
    publisher: str | None = None
    symbol: str | None = None
    guesses: list[str] = field(default_factory=list)

    def any(self) -> bool:
        """Whether anything of a document was found: a comment has none of these."""
        found = (self.url, self.accessed, self.quotation, self.pinpoint, self.date, self.partial_date, self.publisher)
        return any(found) or bool(self.symbol)


def peel(text: str) -> Parts:
    parts = Parts(text)
    while _peel_one(parts):
        parts.rest = parts.rest.rstrip(" ,;:")
    return parts


def _peel_one(parts: Parts) -> bool:
    """Take one part off the end of ``parts.rest``; False when none is there."""
    dated = bool(parts.date or parts.partial_date)
    before_pinpoint = not (dated or parts.symbol or parts.publisher or parts.pinpoint)
    if parts.accessed is None and (found := _ACCESSED.search(parts.rest)):
        parts.accessed = found["v"] or found["w"]
    elif parts.url is None and (found := _URL.search(parts.rest)):
        parts.url = found["v"].rstrip(".,;")
        if parts.url.startswith("www."):
            parts.guesses.append(f"'{parts.url}' read as the address https://{parts.url}")
            parts.url = f"https://{parts.url}"
    elif before_pinpoint and parts.quotation is None and (found := _QUOTATION.search(parts.rest)):
        parts.quotation = found["v"] if found["v"] is not None else found["w"]
    elif before_pinpoint and (found := _POINTS.search(parts.rest)):
        parts.pinpoint = found["v"]
    elif parts.symbol is None and (found := _SYMBOL.search(parts.rest)):
        parts.symbol = found["v"] or found["w"]
        if found["council"]:
            parts.symbol = f"{found['council']}({found['year']})"
            written = found[0].lstrip(", ")
            parts.guesses.append(f"'{written}' read as the symbol {parts.symbol} (a symbol has no spaces)")
    elif not dated and (found := _DATE.search(parts.rest)):
        parts.date, parts.partial_date = read_date(found["v"] or found["w"])
        if parts.partial_date:
            parts.guesses.append(_partial(parts.partial_date))
    elif parts.publisher is None and not dated and (found := _PUBLISHED.search(parts.rest)):
        names = [name.strip() for name in found["v"].split(",")]
        for edition in [name for name in names if _EDITION.fullmatch(name)]:
            names.remove(edition)
            parts.guesses.append(f"'{edition}' read as the edition (not kept)")
        parts.publisher, parts.partial_date = ", ".join(names) or None, found["year"]
        if found["place"]:
            parts.guesses.append(f"'{found['place'].strip()}' read as the place of publication (not kept)")
        parts.guesses.append(_partial(found["year"]))
    elif before_pinpoint and (found := _ANY_POINTS.search(parts.rest)):
        parts.pinpoint = found["v"]
    else:
        return False
    parts.rest = parts.rest[: found.start()]
    return True


def _partial(when: str) -> str:
    return f"'{when}' gives no day: no date read (footnotes.yaml takes a full date: add it)"


def read_date(text: str) -> tuple[dt.date | None, str | None]:
    """``7 February 2014``, ``Feb. 7, 2014`` or ``2014-02-07`` → the day; ``February 2014`` or ``2014`` → no day."""
    text = " ".join(text.split())
    if re.fullmatch(_MONTH_YEAR, text) or re.fullmatch(YEAR, text):
        return None, text
    if re.fullmatch(_ISO, text):
        year, month, day = (int(number) for number in text.split("-"))
    else:
        words = text.replace(",", "").split()
        if words[0].isdigit():
            words[0], words[1] = words[1], words[0]
        month = [name[:3] for name in _MONTHS].index(words[0][:3]) + 1
        day, year = int(words[1]), int(words[2])
    try:
        return dt.date(year, month, day), None
    except ValueError:
        return None, text  # 31 February: not a day; said as a date without one


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_AT = re.compile(r"(?i:at)\s+(?P<v>.+)", re.DOTALL)


def tail(rest: str) -> tuple[str | None, str | None, list[str]]:
    """What follows "Id.", "supra note 3" or "op. cit.": the pinpoint and the quotation, and what was guessed.

    ``, para. 4``, `` at para. 4`` and ``, p. 12 (“…”)`` say it; Bluebook's ``at 12`` and AGLC's ``, 45`` name
    a page without the word, read as ``p. 12`` and said.
    """
    rest = rest.strip().lstrip(",:").strip()
    quotation = None
    guesses: list[str] = []
    if found := _QUOTED_AFTER.search(rest):
        quotation = found["v"] if found["v"] is not None else found["w"] or found["x"]
        rest = rest[: found.start()].rstrip(" ,")
    if found := _AT.fullmatch(rest):
        rest = found["v"]
    if not rest:
        return None, quotation, guesses
    if re.fullmatch(NUMBERS, rest):
        several = re.search(r"[-–—,&]|\band\b", rest) is not None
        pinpoint = f"{'pp.' if several else 'p.'} {rest}"
        guesses.append(f"'{rest}' read as {'pages' if several else 'page'} {rest} ({pinpoint})")
        return pinpoint, quotation, guesses
    if not re.fullmatch(POINTS, rest):
        guesses.append(f"'{rest}' read as the pinpoint, where in the document (correct it if it is not)")
    return rest, quotation, guesses


# Emphasis as the draft readers write it: *italic*, **bold**, ***both***; "\\*" is an asterisk the draft writes.
_EMPHASIS = re.compile(r"(?<![\\*])(\*{1,3})(?=[^\s*])(.+?)(?<=[^\s*\\])\1(?!\*)", re.DOTALL)


def unmark(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``A, *Title*, **p. 3**`` → ``A, Title, p. 3`` and where its italics are in that: ``[(3, 8)]``.

    Italics are a sign (a title, an outlet); bold is not, its marks are only taken off.
    """
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length = position = 0
    for found in _EMPHASIS.finditer(text):
        before = text[position : found.start()].replace("\\*", "*")
        inner, inside = unmark(found[2])
        start = length + len(before)
        if len(found[1]) != 2:
            spans.append((start, start + len(inner)))
        spans += [(start + begin, start + end) for begin, end in inside]
        out += [before, inner]
        length, position = start + len(inner), found.end()
    out.append(text[position:].replace("\\*", "*"))
    return "".join(out), spans


def within(spans: list[tuple[int, int]], start: int, length: int) -> list[tuple[int, int]]:
    """The spans that begin in ``[start, start + length)``, counted from ``start`` and cut at its end."""
    moved = [(begin - start, min(end - start, length)) for begin, end in spans if begin >= start]
    return [(begin, end) for begin, end in moved if begin < end]
