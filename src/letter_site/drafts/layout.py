"""A draft's blocks laid out as a letter: title, date, addressee, ATTN and CC, "Re:", sections, closing, signatures.

Every reader (:mod:`.text`, :mod:`.markdown`, :mod:`.html`, :mod:`.pandoc`)
turns its format into the same :class:`Block` list, a note's place in the text
written ``[^n]``, and its notes' texts by number; :func:`lay_out` then finds the
parts of the letter the way a person reads one, the same for every format.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..common.dates import MONTHS

_MONTH = "|".join(MONTHS)
_US_DATE = re.compile(rf"(?P<month>{_MONTH}) (?P<day>\d{{1,2}}), (?P<year>\d{{4}})")
_UN_DATE = re.compile(rf"(?P<day>\d{{1,2}}) (?P<month>{_MONTH}) (?P<year>\d{{4}})")
# A numbered paragraph read as a section's heading: short, and not a sentence ("5. The Committee recommends….").
SECTION = re.compile(r"(?P<number>\d{1,2})\.\s+(?P<heading>[A-Z“‘\"].{2,300}(?<![.!?;]))")
_SIGNATURES = re.compile(
    r"(?P<heading>Signat(?:ures?|ory|ories)\b.*?)(?:\(as of (?P<as_of>[^)]+)\))?\s*$", re.IGNORECASE
)
_ACRONYM = re.compile(r"(?P<name>.+?)\s+\((?P<acronym>[A-Z][A-Za-z0-9&.-]{1,15})\)")
_ANNEX = re.compile(r"^(?:Annex|Appendix|Attachment)\b", re.IGNORECASE)
# A person and their title: "Ahn Soo-jin, Professor of Law, Invented National University" (a name of two
# to four words, then a comma); an organization's name seldom has a comma after its first words.
_NAME_WORD = r"(?:[A-Z]|[^\W\d_a-zA-Z])[\w.’'-]*"  # capitalised, or in a script without capitals (김철수)
_PERSON = re.compile(rf"(?P<name>{_NAME_WORD}(?: {_NAME_WORD}){{0,3}}), (?P<affiliation>[^(),].*)")
_WHOLE_EMPHASIS = re.compile(r"(?P<mark>\*\*|\*|__|_)(?P<text>[^*_\n](?:.*[^*_\n])?)(?P=mark)", re.DOTALL)
_LABEL = re.compile(r"(?P<label>ATTN|Attn|CC|Cc|cc)\s*[:.]?(?:\s+|$)")
# A line naming a group of the signature block: "Organizations", "Individuals", "Signatory organisations:"…
_GROUP = re.compile(
    r"(?:Signatory |Signing )?(?:(?P<orgs>Organi[sz]ations|NGOs|Civil society organi[sz]ations)|"
    r"(?P<people>Individuals|Individual signatories|Experts|Persons))\s*:?",
    re.IGNORECASE,
)
_LIST_MARK = re.compile(r"^(?:[-*•]\s+|\d{1,3}[.)]\s+)")
_CLOSING = (
    "Thank you",
    "Sincerely",
    "Yours sincerely",
    "Yours faithfully",
    "Respectfully",
    "Best regards",
    "Kind regards",
)
_JUNK = re.compile(r"^(?:(?:\\?_){5,}|-{5,}|Download\b.*|\s*)$")
_REPEAT_WORD = re.compile(r"(?i)(?:id|ibid|ibidem|supra|op\. cit|loc\. cit)\.?")
_MARKDOWN_CHARACTER = re.compile(r"([\\`*_\[\]|])")
_ESCAPED = re.compile(r"\\([\\`*_\[\]|])")
_LIST_START = re.compile(r"^(\d*)([.)] |[-+#>] )", re.MULTILINE)
REFERENCE = re.compile(r"\[\^(\d+)\]")


class DraftProblem(ValueError):  # noqa: N818 - a problem of the draft, for its reader
    """A draft that cannot be read, or a folder it cannot go into, and why, in one line: ``path: why``."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.message, self.path = message, path

    def at(self, path: str) -> DraftProblem:
        """The problem said of ``path`` (the draft), unless it names its own."""
        return self if self.path else DraftProblem(self.message, path)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


@dataclass(frozen=True)
class Block:
    """A paragraph of the draft as its format gives it: a line break inside it is ``\\n``."""

    text: str
    heading: bool = False  # the draft marks it a heading (Word's heading styles, <h2>, ##)
    level: int = 2  # a heading's level in the draft (Heading 1 is 1, <h3> 3, ### 3)


@dataclass
class Section:
    heading: str | None  # "1. Findings and recommendations …", as the draft writes it; None for text before any
    paragraphs: list[str] = field(default_factory=list)  # with [^n] where the draft has its note number n
    styled: bool = False  # the draft marks its heading a heading; if not, a numbered paragraph was read as one


@dataclass(frozen=True)
class Signer:
    """One signature line: an organization (with its acronym in brackets), or a person and their title."""

    name: str
    acronym: str | None = None
    affiliation: str | None = None  # "Ahn Soo-jin, Professor of Law, …": what follows a person's name
    individual: bool = False  # read as a person: a name followed by a comma and a title, or among such lines
    stated: bool = False  # the draft says which it is: listed under "Organizations" or "Individuals"


@dataclass
class Draft:
    """A letter as its draft lays it out, before it becomes sources."""

    title: str
    date: dt.date
    addressee: list[str]  # lines; a postal address of several lines is one entry, its lines joined by "\n"
    attn: list[str]
    cc: list[str]
    re_line: str | None
    salutation: str | None
    sections: list[Section]
    closing: list[str]
    signatures_heading: str | None
    as_of: dt.date | None
    signatories: list[Signer]
    notes: dict[int, str]  # number -> text
    annexes: list[Section] = field(default_factory=list)  # after the signatures: "Annex: …" and what follows


def lay_out(blocks: Sequence[Block], notes: dict[int, str]) -> Draft:
    """The parts of a letter in its blocks; :class:`DraftProblem` if they are not a letter's."""
    body = [_unstyled(block) for block in blocks if not _JUNK.match(block.text)]
    if not body:
        raise DraftProblem("the draft has no text (is it the right file?)")
    title = _one_line(body.pop(0).text)
    date_index = next((i for i, b in enumerate(body[:3]) if _date(b.text) is not None), None)
    if date_index is None:
        raise DraftProblem("no date under the title (write it as August 11, 2023 or 11 August 2023)")
    date = _date(body.pop(date_index).text)
    assert date is not None
    addressee: list[str] = []
    attn: list[str] = []
    cc: list[str] = []
    lines = addressee
    re_line = salutation = None
    while body and not body[0].text.startswith("Dear ") and not _is_heading(body[0]):
        block = body.pop(0)
        label, rest = _label(block.text)
        if label == "ATTN":
            lines = attn
        elif label == "CC":
            lines = cc
        elif block.text.startswith("Re:"):
            re_line = _one_line(block.text)
            continue
        else:
            rest = block.text
        lines += _entries(rest)
    if body and body[0].text.startswith("Dear "):
        salutation = _one_line(body.pop(0).text)
    signature_index = next((i for i, b in enumerate(body) if _SIGNATURES.fullmatch(_first_line(b.text))), len(body))
    signature_blocks = body[signature_index:]
    body = body[:signature_index]
    closing: list[str] = []
    while body and body[-1].text.startswith(_CLOSING):
        closing[:0] = [line.strip() for line in body.pop().text.split("\n") if line.strip()]
    sections = [Section(None)]
    top = min((block.level for block in body if block.heading), default=2)
    styled = any(block.heading for block in body)  # headings styled as such: a numbered paragraph is a paragraph
    for block in body:
        if block.heading and block.level > top:  # a heading within a section: the draft's lower level
            sections[-1].paragraphs.append(f"### {_one_line(block.text)}")
        elif block.heading or (not styled and _is_heading(block)):
            sections.append(Section(_one_line(block.text), styled=block.heading))
        else:
            sections[-1].paragraphs.append(_paragraph(block.text))
    annex_index = next((i for i, b in enumerate(signature_blocks) if i and _ANNEX.match(b.text)), None)
    annexes: list[Section] = []
    for block in signature_blocks[annex_index:] if annex_index else ():
        if _ANNEX.match(block.text):
            annexes.append(Section(_one_line(block.text), styled=block.heading))
        else:
            annexes[-1].paragraphs.append(_paragraph(block.text))
    heading, as_of, signatories = _signatures(signature_blocks[:annex_index])
    return Draft(
        title,
        date,
        addressee,
        attn,
        cc,
        re_line,
        salutation,
        sections,
        closing,
        heading,
        as_of,
        signatories,
        notes,
        annexes=annexes,
    )


def check_references(draft: Draft) -> None:
    """Every ``[^n]`` names a note the draft has, and every note is referred to."""
    if empty := next((number for number, text in draft.notes.items() if not text.strip()), None):
        raise DraftProblem(f"note {empty} is empty (write what it cites, or delete the note)")
    elsewhere = [("the title", draft.title), ("the addressee", " ".join(draft.addressee + draft.attn + draft.cc)),
                 ("the Re: line", draft.re_line or ""), ("the closing", " ".join(draft.closing)),
                 ("the signatures", " ".join(s.name + (s.affiliation or "") for s in draft.signatories))]  # fmt: skip
    for where, text in elsewhere:
        if found := REFERENCE.search(text):
            raise DraftProblem(
                f"{where} refers to note {found[1]}, where the site has no place for a note "
                "(move the note's reference into the letter's text)"
            )
    texts = [p for section in [*draft.sections, *draft.annexes] for p in [*section.paragraphs, section.heading or ""]]
    referred = {int(number) for text in texts for number in REFERENCE.findall(text)}
    if missing := sorted(referred - set(draft.notes)):
        raise DraftProblem(f"the text refers to note {missing[0]}, which the draft's notes do not have")
    if unreferred := sorted(set(draft.notes) - referred):
        raise DraftProblem(f"note {unreferred[0]} is in the draft's notes but the text never refers to it")


def escape_text(text: str) -> str:
    """A draft's words as Markdown that shows them as they are: ``[x](y)``, ``*``, ``<b>`` are text in a draft."""
    return _MARKDOWN_CHARACTER.sub(r"\\\1", text).replace("<", "&lt;").replace(">", "&gt;")


def unescape_text(text: str) -> str:
    """What :func:`escape_text` made, as the words again: for the title and names, written to YAML."""
    return _ESCAPED.sub(r"\1", text).replace("&lt;", "<").replace("&gt;", ">")


def escape_start(paragraph: str) -> str:
    """A paragraph starting "5. " or "- " is words, not a list the site would renumber."""
    return _LIST_START.sub(r"\1\\\2", paragraph)


def note_link(text: str, url: str) -> str:
    """A link in a note, as text: with its address after it where the text hides it ("available here").

    Not where the text shows the address, where it is not a web address, or where it is
    a repeat's word linked to its source ("Id.", as the site and its Word file write it).
    """
    shown = text.strip()
    if not url.startswith(("http://", "https://")) or url.rstrip("/") in shown or _REPEAT_WORD.fullmatch(shown):
        return text
    return f"{text}, {url}"


def _signatures(blocks: Sequence[Block]) -> tuple[str | None, dt.date | None, list[Signer]]:
    if not blocks:
        return None, None, []
    first, _, rest = blocks[0].text.partition("\n")
    found = _SIGNATURES.fullmatch(first.strip())
    assert found is not None
    lines = [line for block in [Block(rest), *blocks[1:]] for line in block.text.split("\n")]
    signatories: list[Signer] = []
    stated: bool | None = None  # under a line "Organizations" (False) or "Individuals" (True): the kind is stated
    for written in lines:
        line = _LIST_MARK.sub("", " ".join(written.split())).strip("*").strip()
        if not line:
            continue
        if group := _GROUP.fullmatch(line):
            stated = group["people"] is not None
            continue
        signatories.append(_signer(line, stated, signatories[-1] if signatories else None))
    return " ".join(first.split()), _date(found["as_of"] or ""), signatories


def _signer(line: str, stated: bool | None, before: Signer | None) -> Signer:
    """One signature line: as its group says (``stated``), else a person if a comma and a title follow a name."""
    named = _ACRONYM.fullmatch(line)
    if stated is False:
        return Signer(named["name"], named["acronym"], stated=True) if named else Signer(line, stated=True)
    if person := _PERSON.fullmatch(line):
        return Signer(person["name"], affiliation=person["affiliation"], individual=True, stated=bool(stated))
    if stated:
        return Signer(line, individual=True, stated=True)
    if named:
        return Signer(named["name"], named["acronym"])
    return Signer(line, individual=before is not None and before.individual and len(line.split()) <= 4)


def _unstyled(block: Block) -> Block:
    """A paragraph bold or italic throughout is a style of the draft, not an emphasis: its words alone."""
    if found := _WHOLE_EMPHASIS.fullmatch(block.text):
        return Block(found["text"], block.heading, block.level)
    return block


def _label(text: str) -> tuple[str | None, str]:
    """``ATTN:`` or ``CC:`` and what follows it (on its line or the next); a CC list of one line split at ";"."""
    found = _LABEL.match(text)
    if not found:
        return None, text
    rest = text[found.end() :]
    label = found["label"].upper()
    return label, rest.replace("; ", "\n").replace(";", "\n") if label == "CC" and "\n" not in rest else rest


def _entries(text: str) -> list[str]:
    """An addressee block's lines: each its own, but a postal address's (every line with a number) kept together."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) > 1 and all(re.search(r"\d", line) for line in lines):
        return ["\n".join(lines)]
    return lines


def _is_heading(block: Block) -> bool:
    return block.heading or bool(SECTION.fullmatch(_one_line(block.text)))


def _first_line(text: str) -> str:
    return text.partition("\n")[0].strip()


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _paragraph(text: str) -> str:
    """A paragraph's text: its lines joined, but a list's or a table's kept as the lines they are."""
    lines = [line.strip() for line in text.split("\n")]
    if len(lines) > 1 and all(_LIST_MARK.match(line) or line.startswith("|") for line in lines if line):
        return "\n".join(line for line in lines if line)
    return " ".join(text.split())


def _date(text: str) -> dt.date | None:
    text = " ".join(text.split())
    if iso := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):  # a Markdown front matter's date
        try:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
    found = _US_DATE.fullmatch(text) or _UN_DATE.fullmatch(text)
    if not found:
        return None
    try:
        return dt.date(int(found["year"]), MONTHS.index(found["month"]) + 1, int(found["day"]))
    except ValueError:
        return None
