"""A published letter's text (``.txt``) read into its parts: the form of a letter pasted from a web page.

Its paragraphs are separated by blank lines; its notes are numbers glued to the
text they follow ("… in China.1 This …") and listed at the end ("1 Report of
…").  What is read: the title, the date, the addressee, ATTN and CC blocks, the
"Re:" line, the salutation, the sections ("1. Findings …"), the closing lines,
the signature block (its "as of" date) and the notes, each in the order the
letter numbers them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..common.dates import MONTHS

_MONTH = "|".join(MONTHS)
_US_DATE = re.compile(rf"(?P<month>{_MONTH}) (?P<day>\d{{1,2}}), (?P<year>\d{{4}})")
_UN_DATE = re.compile(rf"(?P<day>\d{{1,2}}) (?P<month>{_MONTH}) (?P<year>\d{{4}})")
_NOTE_LINE = re.compile(r"(?P<number>\d{1,3})\.?\s+(?P<text>\S.*)")
_SECTION = re.compile(r"(?P<number>\d{1,2})\.\s+(?P<heading>[A-Z“‘\"].{2,300})")
_SIGNATURES = re.compile(r"(?P<heading>Signatur(?:e|ies)\b.*?)(?:\(as of (?P<as_of>[^)]+)\))?\s*$", re.IGNORECASE)
_ACRONYM = re.compile(r"(?P<name>.+?)\s+\((?P<acronym>[A-Z][A-Za-z0-9&.-]{1,15})\)")
_CLOSING = (
    "Thank you",
    "Sincerely",
    "Yours sincerely",
    "Yours faithfully",
    "Respectfully",
    "Best regards",
    "Kind regards",
)
_JUNK = re.compile(r"^(?:_{5,}|-{5,}|Download\b.*|\s*)$")


class DraftProblem(ValueError):  # noqa: N818 - a problem of the draft, for its reader
    """A draft that cannot be read, and why, in one line."""


@dataclass
class Section:
    heading: str | None  # "1. Findings and recommendations …", as the draft writes it; None for text before any
    paragraphs: list[str] = field(default_factory=list)  # with [^n] where the draft has its note number n


@dataclass
class Draft:
    """A letter as its draft lays it out, before it becomes sources."""

    title: str
    date: dt.date
    addressee: list[str]
    attn: list[str]
    cc: list[str]
    re_line: str | None
    salutation: str | None
    sections: list[Section]
    closing: list[str]
    signatures_heading: str | None
    as_of: dt.date | None
    signatories: list[tuple[str, str | None]]  # (name, acronym)
    notes: dict[int, str]  # number -> text


def read_text(text: str) -> Draft:
    """The parts of a letter written as plain text; :class:`DraftProblem` if it is not one."""
    paragraphs = [" ".join(block.split()) for block in re.split(r"\n\s*\n", text.replace("\u00a0", " "))]
    paragraphs = [paragraph for paragraph in paragraphs if paragraph]
    if not paragraphs:
        raise DraftProblem("the draft has no text")
    notes, end = _notes(paragraphs)
    body = [paragraph for paragraph in paragraphs[:end] if not _JUNK.match(paragraph)]
    title = body.pop(0)
    date_index = next((i for i, p in enumerate(body[:3]) if _US_DATE.fullmatch(p) or _UN_DATE.fullmatch(p)), None)
    if date_index is None:
        raise DraftProblem("no date under the title (write it as August 11, 2023 or 11 August 2023)")
    date = _date(body.pop(date_index))
    assert date is not None
    addressee: list[str] = []
    attn: list[str] = []
    cc: list[str] = []
    block = addressee
    re_line = salutation = None
    while body and not body[0].startswith("Dear ") and not _SECTION.fullmatch(body[0]):
        line = body.pop(0)
        if line.rstrip(":").upper() == "ATTN":
            block = attn
        elif line.rstrip(":.").upper() == "CC":
            block = cc
        elif line.startswith("Re:"):
            re_line = line
        else:
            block.append(line)
    if body and body[0].startswith("Dear "):
        salutation = body.pop(0)
    signature_index = next((i for i, p in enumerate(body) if _SIGNATURES.fullmatch(p)), len(body))
    signature_lines = body[signature_index:]
    body = body[:signature_index]
    closing: list[str] = []
    while body and body[-1].startswith(_CLOSING):
        closing.insert(0, body.pop())
    sections = [Section(None)]
    for paragraph in body:
        if found := _SECTION.fullmatch(paragraph):
            sections.append(Section(paragraph))
        else:
            sections[-1].paragraphs.append(paragraph)
    _mark_references(sections, notes)
    heading, as_of, signatories = None, None, []
    if signature_lines:
        found = _SIGNATURES.fullmatch(signature_lines[0])
        assert found is not None
        heading, as_of = signature_lines[0], _date(found["as_of"] or "")
        for line in signature_lines[1:]:
            named = _ACRONYM.fullmatch(line)
            signatories.append((named["name"], named["acronym"]) if named else (line, None))
    return Draft(
        title, date, addressee, attn, cc, re_line, salutation, sections, closing, heading, as_of, signatories, notes
    )


def _notes(paragraphs: list[str]) -> tuple[dict[int, str], int]:
    """The numbered notes at the end (N, N-1, … back to 1, each a paragraph), and where they start."""
    numbered: dict[int, str] = {}
    start = len(paragraphs)
    for index in range(len(paragraphs) - 1, -1, -1):
        found = _NOTE_LINE.fullmatch(paragraphs[index])
        if not found:
            break
        numbered[int(found["number"])] = found["text"]
        start = index
        if int(found["number"]) == 1:
            break
    if not numbered:
        return {}, len(paragraphs)
    wanted = list(range(1, max(numbered) + 1))
    if sorted(numbered) != wanted:
        missing = sorted(set(wanted) - set(numbered))
        raise DraftProblem(f"the notes at the end are not numbered 1 to {max(numbered)}: {missing[0]} is missing")
    return dict(sorted(numbered.items())), start


def _mark_references(sections: list[Section], notes: dict[int, str]) -> None:
    """Each note number glued to the text before it ("China.1 ") becomes ``[^n]``, in order: 1, 2, 3…"""
    expected = 1
    for section in sections:
        for index, paragraph in enumerate(section.paragraphs):
            out, position = [], 0
            while expected in notes:
                found = re.compile(rf"(?<=[^\s\d,/-]){expected}(?=\s|$)").search(paragraph, position)
                if not found:
                    break
                out.append(paragraph[position : found.start()] + f"[^{expected}]")
                position, expected = found.end(), expected + 1
            section.paragraphs[index] = "".join(out) + paragraph[position:]
    if expected in notes:
        raise DraftProblem(f"note {expected} is listed at the end but the text never refers to it")


def _date(text: str) -> dt.date | None:
    found = _US_DATE.fullmatch(text.strip()) or _UN_DATE.fullmatch(text.strip())
    if not found:
        return None
    return dt.date(int(found["year"]), MONTHS.index(found["month"]) + 1, int(found["day"]))
