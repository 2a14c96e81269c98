"""What reading the sources finds, shared by the reader of each kind of file.

The readers are :mod:`yamlfiles` (footnotes.yaml, signatories.yaml), :mod:`parts`
(letter/) and :mod:`pages` (docs/); each fills one :class:`ReadState`, and
:mod:`crosscheck` then checks what they found against each other.  Here too: the
reading of a YAML file against its schema, the small helpers the readers share, and
the caches that spare a preview re-checking unchanged files, with :func:`forget`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from ..model import Cite, Place, Reference
from ..problems import Problem
from . import markup
from .markup import Link
from .paths import SourcePaths
from .schema import Failure, Shape, validate
from .textfile import read_text
from .yamlsrc import Location, YamlDocument, parse_yaml


def fold(text: str) -> str:
    """``text`` as a reader tells names apart: without case, spacing, or characters that are not seen."""
    if text.isascii():  # NFKC leaves ASCII as it is, and none of it is a format character (Cf)
        return " ".join(text.casefold().split())
    visible = unicodedata.normalize("NFKC", text)
    visible = "".join(c for c in visible if unicodedata.category(c) != "Cf")
    return " ".join(visible.casefold().split())


def one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass
class ReadState:
    """What the readers found, and the problems they recorded.

    Besides the valid values the readers return, it remembers what they found
    in invalid ones (keys declared, cites and references written) and what
    they could not read at all, so that the cross-checks report only real
    problems, not the consequences of one already reported: a source with a
    bad url is not also an "unknown source" for the notes citing it.
    """

    paths: SourcePaths
    problems: list[Problem]
    declared: dict[str, set[str]] = field(default_factory=lambda: {"source": set(), "note": set()})
    unread: set[str] = field(default_factory=set)  # "sources", "notes", "cites", "letter"
    cites: list[tuple[str, Cite]] = field(default_factory=list)  # (note key, cite), valid notes or not
    references: list[Reference] = field(default_factory=list)  # in every letter file, valid or not
    written: set[str] = field(default_factory=set)  # keys written as [^key], whether Markdown reads them or not
    links: list[Link] = field(default_factory=list)  # to places in the site, from every letter file
    ids: dict[str, Place] = field(default_factory=dict)  # ids the letter files give their elements
    anchors: set[str] = field(default_factory=set)  # the parts' anchors, as written
    page_ids: dict[str, frozenset[str]] = field(default_factory=dict)  # docs/ page -> the ids of its elements
    pages: dict[str, dict[str, str]] = field(default_factory=dict)  # docs/ page -> its front matter's text values
    texts: dict[str, str] = field(default_factory=dict)  # each file's text as read, for the columns of problems
    paragraphs: int = 0
    placeholder: bool = False  # the opening says `placeholder: true`
    repeat: str = "Id."  # footnotes.yaml's `repeat:`, the word of a repeated cite
    dates: str = "day month year"  # footnotes.yaml's `dates:`, how the notes write a date

    def problem(self, path: str, line: int, message: str, column: int = 1) -> None:
        self.problems.append(Problem(path, line, column, message))

    def read_yaml(self, name: str, what: str, shape: Shape) -> tuple[YamlDocument, set[Location]] | None:
        """The document and the locations of its schema failures; ``None`` if it cannot be read."""
        text = read_text(self.paths.root, name, what, "restore it from the repository", self.problems)
        if text is None:
            return None
        self.texts[name] = text
        document, problems, failures = _read_yaml_text(name, text, shape)
        self.problems.extend(problems)
        if document is None:
            if not problems:
                self.problem(name, 1, f"the file has no data, only comments ({what}: restore it from the repository)")
            return None
        self.problems.extend(failure.problem for failure in failures)
        if not isinstance(document.data, dict):
            return None
        return document, {failure.location for failure in failures} | document.unreadable


@dataclass
class Reader:
    """Reads one kind of source into a :class:`ReadState` shared with the others."""

    state: ReadState

    @property
    def paths(self) -> SourcePaths:
        return self.state.paths

    @property
    def problems(self) -> list[Problem]:
        return self.state.problems

    def problem(self, path: str, line: int, message: str, column: int = 1) -> None:
        self.state.problem(path, line, message, column)


# A preview reloads the sources when one file changes: the others are read as they were. The results
# are never changed by the reader; the texts are the keys, so an edit is always read afresh.
@lru_cache(maxsize=4)
def _read_yaml_text(
    name: str, text: str, shape: Shape
) -> tuple[YamlDocument | None, tuple[Problem, ...], tuple[Failure, ...]]:
    """A YAML file's document, its reading problems and its schema failures."""
    problems: list[Problem] = []
    document = parse_yaml(text, name, problems)
    failures = validate(document, shape, name) if document is not None else []
    return document, tuple(problems), tuple(failures)


@lru_cache(maxsize=64)
def checked_part(
    path: str,
    source: str,
    first_line: int,
    rendered: str,
    candidates: tuple[Reference, ...],
    heading: bool,
    anchor: str,
    reported: frozenset[int],
) -> tuple[tuple[Problem, ...], markup.PartMarkup]:
    """:func:`markup.check_part`, once for each letter file's text."""
    problems, found = markup.check_part(path, source, first_line, rendered, candidates, heading, anchor, reported)
    return tuple(problems), found


def forget() -> None:
    """Forget the files read before: the next load reads and checks everything (a benchmark's cold load)."""
    _read_yaml_text.cache_clear()
    checked_part.cache_clear()


def broken(failed: set[Location], location: Location) -> bool:
    """Whether a schema failure lies at ``location`` or inside it."""
    return bool(failed) and any(place[: len(location)] == location for place in failed)


def text_value(value: Any) -> str | None:
    """``value`` on one line if it is a text that is not blank, else ``None``."""
    return one_line(value) or None if isinstance(value, str) else None


def date_value(value: Any) -> date | None:
    """``value`` as a date if it is a text giving one in ISO 8601, else ``None``."""
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
