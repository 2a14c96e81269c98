"""The letter as checked data: immutable, with the place every value came from.

Nothing here reads files or renders anything; the loader builds these objects
only when every source is valid, so code downstream never re-validates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True)
class Place:
    """Where a value was written: a path relative to the project, and a line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Source:
    """Something the letter cites: a UN document, a statement, a news or NGO report, a web page, a book."""

    key: str
    title: str
    url: str | None  # its web address; None for what is not on the web (a printed report, a book)
    place: Place
    author: str | None = None
    date: dt.date | None = None
    symbol: str | None = None
    publisher: str | None = None  # the outlet of a news report, the publisher of a book or report


@dataclass(frozen=True)
class Cite:
    """One source cited by a note, where in it, and what it says."""

    source: str
    place: Place
    pinpoint: str | None = None
    quotation: str | None = None
    lead: str | None = None  # words written before the cite: "See", "See also", "Cf."


@dataclass(frozen=True)
class Note:
    """A footnote: an ordered list of cites; or, citing nothing, a comment (``cites`` is then empty)."""

    key: str
    cites: tuple[Cite, ...]
    place: Place
    comment: str | None = None


@dataclass(frozen=True)
class Reference:
    """A ``[^key]`` written in a letter file."""

    key: str
    place: Place


@dataclass(frozen=True)
class Part:
    """One file of ``letter/``: the opening, a section, the closing, or an annex.

    ``heading`` is the section's ``##`` heading text, or ``None`` for a part
    without one.  ``body`` is the Markdown after the front matter and heading.
    An annex (``annex: true``) comes after the signatures, under its heading.
    """

    path: str
    anchor: str
    heading: str | None
    body: str
    references: tuple[Reference, ...]
    place: Place
    annex: bool = False


class SignatoryKind(Enum):
    ORGANIZATION = "organization"
    INDIVIDUAL = "individual"


@dataclass(frozen=True)
class Signatory:
    name: str
    kind: SignatoryKind
    place: Place
    acronym: str | None = None
    url: str | None = None
    affiliation: str | None = None  # an individual's organization or title, printed after the name

    @property
    def display_name(self) -> str:
        """The name as citations and metadata give it: ``Citizens' Alliance … (NKHR)``."""
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def signed_as(self) -> str:
        """The name as the signatures print it: with an individual's affiliation, ``Kim Min-ji, Yonsei University``."""
        return f"{self.display_name}, {self.affiliation}" if self.affiliation else self.display_name


# Up to this many individuals sign on the letter page itself, as the organizations always do; a
# longer list (a sign-on letter can gather thousands) is counted there and listed on the Signatories page.
LISTED_INDIVIDUALS = 100


@dataclass(frozen=True)
class Letter:
    """Everything the site and the PDF are made from."""

    title: str
    date: dt.date
    parts: tuple[Part, ...]
    sources: Mapping[str, Source]
    notes: Mapping[str, Note]
    signatories: tuple[Signatory, ...]
    signatories_as_of: dt.date
    placeholder: bool = False  # the opening says `placeholder: true`: not to be published (letter-site new)
    repeat: str = "Id."  # footnotes.yaml's `repeat:`: the word for "the source of the note before" (or "Ibid.")
    dates: str = "day month year"  # footnotes.yaml's `dates:`: how notes write a date ("month day, year")
    paragraphs: int = 0  # numbered body paragraphs (#p1, #p2, …), counted as the page numbers them
    # docs/ page -> its front matter's text values (title, description), as checked by the loader
    pages: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def signatories_of(self, kind: SignatoryKind) -> tuple[Signatory, ...]:
        return tuple(signatory for signatory in self.signatories if signatory.kind is kind)

    @property
    def all_listed(self) -> bool:
        """Whether the letter page lists every signatory (else the individuals are counted there)."""
        return len(self.signatories_of(SignatoryKind.INDIVIDUAL)) <= LISTED_INDIVIDUALS

    @property
    def named_signatories(self) -> tuple[Signatory, ...]:
        """The letter's authors in citations and metadata: whom its page names (everyone, or the
        organizations); with no organization among thousands of individuals, the first of them."""
        if self.all_listed:
            return self.signatories
        return self.signatories_of(SignatoryKind.ORGANIZATION) or self.signatories[:1]

    @property
    def sections(self) -> tuple[Part, ...]:
        return tuple(part for part in self.parts if part.heading is not None)

    @property
    def body(self) -> tuple[Part, ...]:
        """The parts before the signatures: all but the annexes."""
        return tuple(part for part in self.parts if not part.annex)

    @property
    def annexes(self) -> tuple[Part, ...]:
        """The parts after the signatures, in order."""
        return tuple(part for part in self.parts if part.annex)
