"""Where in a file each problem the walk finds is written, and the check of the links the walk meets.

The walk of :mod:`.walker` reads the rendered HTML, but a problem is reported
at the line and column of the source file that made it: a needle of the
element is searched for in the file's text -- as written, or as HTML reads it,
with its character references replaced.  The links are checked here too: an
address must be one the allowlist (:mod:`.allowlist`) names, and the links to
places in the site are kept, to be checked once every part is known.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..model import Place
from ..problems import Problem
from .allowlist import MAIL_SCHEME, WEB_ADDRESS, WEB_SCHEMES

# A character reference as html.unescape finds it (its own pattern): with or without its ";".
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")


@dataclass(frozen=True)
class _AsRead:
    """A text as HTML reads it (as html.unescape does), and where the text as written has each part of it."""

    text: str
    starts: tuple[int, ...]  # where each character reference's reading starts in ``text``
    spans: tuple[tuple[int, int, int], ...]  # where that reading ends, and the reference's start and end as written

    @classmethod
    def of(cls, written: str) -> _AsRead:
        pieces: list[str] = []
        starts: list[int] = []
        spans: list[tuple[int, int, int]] = []
        length = last = 0
        for match in _CHARREF.finditer(written):
            reading = html.unescape(match.group())
            if reading == match.group():
                continue  # an & that starts no reference, as in "R&D" or "&foo;": read as it is written
            pieces += [written[last : match.start()], reading]
            length += match.start() - last
            starts.append(length)
            length += len(reading)
            spans.append((length, match.start(), match.end()))
            last = match.end()
        pieces.append(written[last:])
        return cls("".join(pieces), tuple(starts), tuple(spans))

    def written_at(self, offset: int) -> int:
        """Where the text as written has what ``text`` has at ``offset`` (inside a reference: where it starts)."""
        index = bisect_right(self.starts, offset) - 1
        if index < 0:
            return offset
        read_end, start, end = self.spans[index]
        return start if offset < read_end else end + offset - read_end


@dataclass(frozen=True)
class Link:
    """A link to a place in the site, checked once every part is known."""

    href: str
    place: Place
    column: int


class Where:
    """A file's text after its front matter, the problems found in it, and where each needle was found so far."""

    def __init__(self, path: str, source: str, first_line: int, reported: frozenset[int]) -> None:
        self.path, self.source, self.first_line = path, source, first_line
        self.reported = reported  # the lines whose heading's problem the line scan reported already
        self.lines = source.split("\n")
        self.problems: list[Problem] = []
        self.found: Counter[str] = Counter()  # how many times each needle was found already
        self.source_lines: list[int] = []  # where each line of the source starts, once asked
        self.read: _AsRead | None = None  # the source as HTML reads it, once asked

    def locate(self, *needles: str) -> tuple[int, int]:
        """The file line and column of the next unreported occurrence of the first needle found."""
        for needle in needles:
            if not needle:
                continue
            wanted = self.found[needle]
            pattern = re.compile(re.escape(needle), re.IGNORECASE)
            seen = 0
            for index, line in enumerate(self.lines):
                for match in pattern.finditer(line):
                    if seen == wanted:
                        self.found[needle] += 1
                        return self.first_line + index, match.start() + 1
                    seen += 1
        return self.first_line, 1

    def locate_as_read(self, value: str) -> tuple[int, int] | None:
        """Where the file writes what HTML reads as ``value``: the next place not found before (the last if all were).

        An attribute's value is read with its character references replaced: ``jav&#x61;script:``,
        ``jav&#97script:`` and ``javascript&colon;`` are all ``javascript:``, which the source does not
        hold as such.  So the value is sought in the source as HTML reads it, and found where it is written.
        """
        if not value:
            return None
        if self.read is None:
            self.read = _AsRead.of(self.source)
        key = f"read:{value}"
        wanted = self.found[key]
        last = None
        for seen, match in enumerate(re.finditer(re.escape(value), self.read.text, re.IGNORECASE)):
            last = match.start()
            if seen == wanted:
                self.found[key] += 1
                break
        # Every occurrence found already: a reference-style link's definition, used more than once.
        return None if last is None else self.place_of(self.read.written_at(last))

    def place_of(self, offset: int) -> tuple[int, int]:
        """The file line and column of ``offset`` in the source."""
        if not self.source_lines:
            self.source_lines = [0, *(match.end() for match in re.finditer("\n", self.source))]
        index = bisect_right(self.source_lines, offset) - 1
        return self.first_line + index, offset - self.source_lines[index] + 1

    def column_of(self, line: int, text: str) -> int:
        index = line - self.first_line
        if 0 <= index < len(self.lines):
            return self.lines[index].find(text) + 1 or 1
        return 1

    def problem(self, where: tuple[int, int], message: str) -> None:
        self.problems.append(Problem(self.path, where[0], where[1], message))

    def line_problem(self, line: int, message: str) -> None:
        """A problem about a heading's line, unless the line scan reported that line already."""
        if line not in self.reported:
            self.problems.append(Problem(self.path, line, 1, message))


class Links(Where):
    """The links of the file: a problem for each address the allowlist refuses, the rest kept."""

    def __init__(self, path: str, source: str, first_line: int, reported: frozenset[int]) -> None:
        super().__init__(path, source, first_line, reported)
        self.links: list[Link] = []  # links to #anchors and to other pages

    def link(self, href: str) -> None:
        # Where the address is written, in whatever character references (jav&#x61;script:), else the
        # attribute's name in raw HTML.  A reference-style link ([text][name], and [name]: address on a line
        # of its own) is found at the definition's line: the address is written there, and that is where it
        # is changed (the use only names it; the definition is reported there too).
        where = self.locate_as_read(href) or self.locate("href")
        stripped = href.strip()
        scheme = urlsplit(stripped).scheme.lower() if not stripped.startswith("#") else ""
        if scheme == MAIL_SCHEME:
            return
        if scheme in WEB_SCHEMES:
            if WEB_ADDRESS.fullmatch(stripped):
                return
        elif not scheme and stripped and not stripped.startswith("//"):
            self.links.append(Link(stripped, Place(self.path, where[0]), where[1]))
            return
        self.problem(
            where,
            f"a link to '{href}' is not allowed (use a web address starting with https://, http:// or mailto:, "
            "or #anchor for a place in the letter)",
        )
