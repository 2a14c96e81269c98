"""The citation engine: number the notes and write each one in full or as "Id." (or "Ibid.").

Plain Python on the model; knows nothing of MkDocs or HTML.  A note's text is a
tuple of :class:`Segment` so that renderers can make links of the URLs and of
"Id." while its plain text stays exactly what the published letter prints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from ..common.dates import DAY_MONTH_YEAR, NOTE_DATES
from ..model import Cite, Letter, Note, Source

CITE_SEPARATOR = " ; "  # as published: the space keeps the ";" out of the URL before it
ID = "Id."  # Bluebook's word, the default; footnotes.yaml's `repeat: Ibid.` keeps a house style that writes "Ibid."
REPEATS = ("Id.", "Ibid.")


class Kind(Enum):
    TEXT = "text"
    URL = "url"  # the source's address, written out
    ID = "id"  # "Id.": refers to the source of the note before


@dataclass(frozen=True)
class Segment:
    text: str
    kind: Kind = Kind.TEXT
    source: str | None = None  # the source key, for URL and ID segments


@dataclass(frozen=True)
class CitedNote:
    """A note with its number and its generated text."""

    number: int
    note: Note
    short: bool  # written as "Id." because the note before cited the same single source
    segments: tuple[Segment, ...]

    @property
    def key(self) -> str:
        return self.note.key

    @property
    def text(self) -> str:
        return "".join(segment.text for segment in self.segments)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(cite.source for cite in self.note.cites)


def order_notes(letter: Letter) -> tuple[Note, ...]:
    """Notes in order of first reference across the whole letter."""
    seen: dict[str, Note] = {}
    for part in letter.parts:
        for reference in part.references:
            if reference.key not in seen:
                seen[reference.key] = letter.notes[reference.key]
    return tuple(seen.values())


def cite_notes(letter: Letter) -> tuple[CitedNote, ...]:
    """Number the notes 1..N and write each one, in reading order."""
    return cite_sequence(order_notes(letter), letter.sources, letter.repeat, letter.dates)


def cite_sequence(
    notes: Sequence[Note], sources: Mapping[str, Source], repeat: str = ID, dates: str = DAY_MONTH_YEAR
) -> tuple[CitedNote, ...]:
    """Write ``notes`` in the given order.

    Bluebook rule 4.1: "Id." stands for the immediately preceding authority
    only when that note cited a single source; after a note citing several,
    the next citation is given in full again.  ``repeat`` is the word written
    for it: "Id." or "Ibid.", by the same rule; ``dates`` how a source's date is
    written (:data:`~letter_site.common.dates.NOTE_DATES`).
    """
    written: list[CitedNote] = []
    previous: Cite | None = None  # the single cite of the note before, if it had one
    for number, note in enumerate(notes, start=1):
        single = note.cites[0] if len(note.cites) == 1 else None
        short = (
            single is not None
            and previous is not None
            and previous.source == single.source
            # A bare "Id." repeats the pinpoint before it; the whole work after a pinpoint is cited in full.
            and (single.pinpoint is not None or previous.pinpoint is None)
        )
        if note.comment is not None:
            segments = [Segment(note.comment)]  # a note citing nothing: the "Id." after it is written in full
        elif short and single is not None and previous is not None:
            segments = short_form(single, previous, repeat)
        else:
            segments = []
            for index, cite in enumerate(note.cites):
                if index:
                    segments.append(Segment(CITE_SEPARATOR))
                segments.extend(full_form(sources[cite.source], cite, dates))
        written.append(CitedNote(number, note, short, _merge(segments)))
        previous = single
    return tuple(written)


def full_form(source: Source, cite: Cite | None = None, dates: str = DAY_MONTH_YEAR) -> list[Segment]:
    """``[Lead ][Author, ]Title[, Publisher][ (date)][, symbol][, pinpoint][ (“quotation”)][, URL]``.

    What the title already says is not repeated: an author named at the start
    of the title (note 26), or a date written in it (note 9).  The publisher is
    a news report's outlet, or a book's or report's publisher.
    """
    text = ""
    if source.author and not _starts_with_word(source.title, source.author):
        text += f"{source.author}, "
    text += source.title
    if source.publisher and source.publisher != source.author:
        text += f", {source.publisher}"
    if source.date and (written := NOTE_DATES[dates](source.date)) not in source.title:
        text += f" ({written})"
    if source.symbol:
        text += f", {source.symbol}"
    text += _pinpoint_and_quotation(cite)
    if cite is not None and cite.lead:
        text = f"{cite.lead} {text}"
    if source.url is None:  # not on the web: the note ends with what it says of it
        return [Segment(text)]
    return [Segment(text + ", "), Segment(source.url, Kind.URL, source.key)]


def _starts_with_word(text: str, words: str) -> bool:
    """``OHCHR’s report`` starts with ``OHCHR``; ``UNICEF report`` does not start with ``UN``."""
    return text.startswith(words) and not text[len(words) : len(words) + 1].isalnum()


def short_form(cite: Cite, previous: Cite, repeat: str = ID) -> list[Segment]:
    """``Id.``, ``Id., para. 34.`` or ``Id., para. 34 (“…”).`` (or the same with ``Ibid.``)

    A cite with the same pinpoint as the note before, or without one after a
    note without one, is plain "Id.".
    """
    tail = _pinpoint_and_quotation(cite if cite.pinpoint != previous.pinpoint else _no_pinpoint(cite))
    segments = [Segment(repeat, Kind.ID, cite.source)]
    if cite.lead:  # "See id.": the word in a sentence, as Bluebook writes it
        segments = [Segment(f"{cite.lead} "), Segment(repeat.lower(), Kind.ID, cite.source)]
    if tail:
        segments.append(Segment(tail + "."))
    return segments


def _no_pinpoint(cite: Cite) -> Cite:
    return Cite(cite.source, cite.place, None, cite.quotation, cite.lead)


def _pinpoint_and_quotation(cite: Cite | None) -> str:
    if cite is None:
        return ""
    text = f", {cite.pinpoint}" if cite.pinpoint else ""
    if cite.quotation:
        text += f" (“{cite.quotation}”)"
    return text


def _merge(segments: list[Segment]) -> tuple[Segment, ...]:
    """Join neighbouring plain-text segments, so renderers see one run of text."""
    merged: list[Segment] = []
    for segment in segments:
        if merged and segment.kind is Kind.TEXT and merged[-1].kind is Kind.TEXT:
            merged[-1] = Segment(merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return tuple(merged)
