"""Read ``letter/``, ``footnotes.yaml`` and ``signatories.yaml`` into a :class:`Letter`.

Every source is read and checked before anything is returned; all problems are
collected and raised together as :class:`SourcesInvalid`, each naming its file,
line and column and saying how to fix it.  The shape of each file is the
schema's business (:mod:`schema`); what a letter file's Markdown may become is
:mod:`markup`'s; this module reads the files, builds the model, and checks
what spans files: references to notes, cites of sources, duplicates by meaning.
Editors are not programmers: messages use the words of the files they edit,
never Python's.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

import yaml

from . import css, markup
from .ids import (
    CITE_MARKER,
    LETTER_MARKER,
    MARKERS,
    NOTES_ANCHOR,
    SIGNATORIES_ANCHOR,
    SIGNATORIES_MARKER,
    SOURCES_MARKER,
    TITLE_ANCHOR,
    note_id,
    paragraph_id,
    reference_id,
    source_id,
)
from .markup import NOTE_REFERENCE, Link
from .model import Cite, Letter, Note, Part, Place, Reference, Signatory, SignatoryKind, Source
from .problems import Problem, SourcesInvalid
from .schema import Failure, Shape, schema, suggest, validate
from .textfile import read_text
from .yamlsrc import Location, YamlDocument, parse_yaml

__all__ = ["NOTE_REFERENCE", "SourcePaths", "load_letter", "suggest"]


@dataclass(frozen=True)
class SourcePaths:
    """Where the sources are, relative to ``root`` (the folder of ``mkdocs.yml``)."""

    root: Path
    letter: str = "letter"
    footnotes: str = "footnotes.yaml"
    signatories: str = "signatories.yaml"
    docs: str = "docs"
    letter_page: str = "index.md"  # in docs/: the page whose <!-- letter:text --> line the letter fills
    sources_page: str = "sources.md"  # in docs/: the page whose <!-- letter:sources --> line the sources fill
    signatories_page: str = "signatories.md"  # in docs/: its <!-- letter:signatories --> line lists every signatory

    def homes(self) -> dict[str, str]:
        """Each marker that has a page of its own -> that page."""
        return {
            LETTER_MARKER: self.letter_page,
            SOURCES_MARKER: self.sources_page,
            SIGNATORIES_MARKER: self.signatories_page,
        }

    def watched(self) -> tuple[Path, ...]:
        """The files and folders whose change must rebuild the site."""
        return tuple(self.root / name for name in (self.letter, self.footnotes, self.signatories))


# What docs/assets/ may hold: the site's own stylesheet, script and images, reviewed as code.
ASSETS = frozenset({".css", ".js", ".svg", ".png", ".jpg", ".jpeg", ".webp", ".ico", ".woff2"})
# How MkDocs (mkdocs/utils/meta.py) finds a page's settings, and Zensical after it.
PAGE_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
MULTIMARKDOWN_SETTING = re.compile(r"^[ ]{0,3}[A-Za-z0-9_-]+:\s*")
# What each page's marker line is replaced with, in problems about the marker or its page.
MARKER_WHAT = {
    LETTER_MARKER: "the letter",
    SOURCES_MARKER: "the table of sources",
    SIGNATORIES_MARKER: "the list of signatories",
}
PAGE_NAME = re.compile(r"(?!(?:404|search|sitemap|assets)\.md\Z)[a-z0-9][a-z0-9-]*\.md\Z")
RESERVED_PAGES = ("404.md", "assets.md", "search.md", "sitemap.md")  # names of what the site makes itself
PART_NAME = re.compile(r"\d{2}-[a-z0-9-]+\.md\Z")
REFERENCE = re.compile(NOTE_REFERENCE + "(:?)")  # with ":" at a line's start it is a definition
H1 = re.compile(r"#(?!#)")  # Python-Markdown needs no space after the #
H2 = re.compile(r"##(?!#)")
# Python-Markdown's footnotes extension puts the notes where this line is.
PLACEHOLDER = "///Footnotes Go Here///"

TOP_LEVEL = "to the file, not indented"
HOW_FRONT_MATTER = "start the file with three lines: ---, then anchor: some-name, then ---"
FOOTNOTES = Shape(
    "footnotes.schema.json",
    "",
    "",
    TOP_LEVEL,
    "expected keys such as 'sources:' at the top level, not indented and without '- ' (it holds the sources and notes)",
)
SIGNATORIES = Shape(
    "signatories.schema.json",
    "",
    "",
    TOP_LEVEL,
    "expected keys such as 'as_of:' at the top level, not indented and without '- ' (it lists who signed the letter)",
)
OPENING = Shape(
    "letter-part.schema.json",
    "/$defs/opening",
    "the opening (first letter file)",
    "to the front matter",
    f"the front matter must be 'key: value' lines ({HOW_FRONT_MATTER})",
)
PAGE = Shape(
    "page.schema.json",
    "",
    "a page",
    "to the front matter",
    "the front matter must be 'key: value' lines (or delete it: a page needs none)",
)
PART = Shape(
    "letter-part.schema.json",
    "/$defs/part",
    "a letter file",
    "to the front matter",
    f"the front matter must be 'key: value' lines ({HOW_FRONT_MATTER})",
)


def load_letter(paths: SourcePaths) -> Letter:
    """Load and check every source; raise :class:`SourcesInvalid` listing all problems."""
    problems: list[Problem] = []
    reader = _Reader(paths, problems)
    sources, notes = reader.footnotes()
    signatories, as_of = reader.signatories()
    title, letter_date, parts = reader.letter()
    reader.published_files()
    _cross_check(paths, reader, sources, notes, problems)
    if problems or title is None or letter_date is None or as_of is None:
        if not problems:  # pragma: no cover - a missing value always records a problem
            problems.append(Problem(paths.letter, 1, 1, "the letter could not be read"))
        raise SourcesInvalid(problems)
    return Letter(
        title=title,
        date=letter_date,
        parts=tuple(parts),
        sources=MappingProxyType(sources),
        notes=MappingProxyType(notes),
        signatories=tuple(signatories),
        signatories_as_of=as_of,
        paragraphs=reader.paragraphs,
        pages=MappingProxyType({page: MappingProxyType(values) for page, values in reader.pages.items()}),
    )


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
class _Reader:
    """Reads the sources, recording problems.

    Besides the valid values it returns, it remembers what it found in invalid
    ones (keys declared, cites and references written) and what it could not
    read at all, so that the cross-checks report only real problems, not the
    consequences of one already reported: a source with a bad url is not also
    an "unknown source" for the notes citing it.
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

    # -- footnotes.yaml ------------------------------------------------

    def footnotes(self) -> tuple[dict[str, Source], dict[str, Note]]:
        name = self.paths.footnotes
        read = self.read_yaml(name, "it holds the sources and notes", FOOTNOTES)
        if read is None:
            self.unread |= {"sources", "notes", "cites"}
            return {}, {}
        document, failed = read
        raw_sources, raw_notes = document.data.get("sources"), document.data.get("notes")
        if not isinstance(raw_sources, dict):
            self.unread.add("sources")
            raw_sources = {}
        if not isinstance(raw_notes, dict):
            self.unread |= {"notes", "cites"}
            raw_notes = {}
        self.declared["source"] |= set(raw_sources)
        self.declared["note"] |= set(raw_notes)
        sources = {}
        for key, value in raw_sources.items():
            location = ("sources", key)
            if not _broken(failed, location):
                sources[key] = Source(
                    key=key,
                    title=one_line(value["title"]),
                    url=value["url"].strip(),
                    place=Place(name, document.start(location).line),
                    author=_text(value.get("author")),
                    date=_date(value.get("date")),
                    symbol=_text(value.get("symbol")),
                )
        notes = {}
        for key, value in raw_notes.items():
            note = self.note(name, document, failed, key, value)
            if note is not None:
                notes[key] = note
        return sources, notes

    def note(self, name: str, document: YamlDocument, failed: set[Location], key: str, value: Any) -> Note | None:
        location: Location = ("notes", key)
        raw = value.get("cites") if isinstance(value, dict) else None
        if location in failed or not isinstance(raw, list):
            self.unread.add("cites")
            return None
        cites = []
        for index, item in enumerate(raw):
            source = item.get("source") if isinstance(item, dict) else None
            where = (*location, "cites", index)
            if not isinstance(source, str) or _broken(failed, (*where, "source")) or where in failed:
                self.unread.add("cites")  # what it cites cannot be known
                continue
            cite = Cite(
                source,
                Place(name, document.start((*where, "source")).line),
                _text(item.get("pinpoint")),
                _text(item.get("quotation")),
            )
            self.cites.append((key, cite))
            cites.append(cite)
        if _broken(failed, location) or len(cites) != len(raw):
            return None
        return Note(key, tuple(cites), Place(name, document.start(location).line))

    # -- signatories.yaml ----------------------------------------------

    def signatories(self) -> tuple[list[Signatory], date | None]:
        name = self.paths.signatories
        read = self.read_yaml(name, "it lists who signed the letter", SIGNATORIES)
        if read is None:
            return [], None
        document, failed = read
        as_of = None if _broken(failed, ("as_of",)) else _date(document.data.get("as_of"))
        raw = document.data.get("signatories")
        if not isinstance(raw, list):
            return [], as_of
        signatories: list[Signatory] = []
        seen: dict[str, Signatory] = {}
        for index, item in enumerate(raw):
            location = ("signatories", index)
            if _broken(failed, location):
                continue
            line = document.start(location).line
            signatory = Signatory(
                one_line(item["name"]),
                SignatoryKind(item["kind"]),
                Place(name, line),
                _text(item.get("acronym")),
                _text(item.get("url")),
            )
            for label in filter(None, (signatory.name, signatory.acronym)):
                folded = fold(label)
                if folded in seen:
                    other = seen[folded]
                    self.problem(
                        name,
                        line,
                        f"duplicate signatory '{label}' (already listed on line {other.place.line}: "
                        "remove one of them)",
                        document.start(location).column,
                    )
                    break
                seen[folded] = signatory
            else:
                signatories.append(signatory)
        return signatories, as_of

    # -- letter/ -------------------------------------------------------

    def letter(self) -> tuple[str | None, date | None, list[Part]]:
        folder = self.paths.root / self.paths.letter
        if folder.is_symlink() or not folder.is_dir():
            self.problem(
                self.paths.letter,
                1,
                "folder not found (it holds the letter, one Markdown file per part: restore it from the repository)",
            )
            self.unread.add("letter")
            return None, None, []
        entries = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
        markdown = [p for p in entries if p.suffix == ".md" and not p.is_dir()]
        for other in entries:
            if other.is_dir():
                self.problem(
                    f"{self.paths.letter}/{other.name}",
                    1,
                    "a folder inside letter/, which would not be published (letter parts are the NN-name.md "
                    "files of letter/ itself: move its files up into letter/, or out of it)",
                )
            elif other.suffix != ".md":
                self.problem(
                    f"{self.paths.letter}/{other.name}",
                    1,
                    "not a letter file, so it would not be published (letter parts are Markdown "
                    "files named NN-name.md: rename it, or move it out of the folder)",
                )
        if not markdown:
            self.problem(self.paths.letter, 1, "no letter files (add NN-name.md files, e.g. 00-opening.md)")
            self.unread.add("letter")
            return None, None, []
        title: str | None = None
        letter_date: date | None = None
        parts: list[Part] = []
        for index, file in enumerate(markdown):
            part, opening = self.part_file(file, first=index == 0)
            if opening is not None:
                title, letter_date = opening
            if part is not None:
                parts.append(part)
        self.check_anchors(parts)
        return title, letter_date, parts

    def part_file(self, file: Path, first: bool) -> tuple[Part | None, tuple[str | None, date | None] | None]:
        rel = f"{self.paths.letter}/{file.name}"
        if not PART_NAME.match(file.name):
            self.problem(
                rel,
                1,
                "letter files are read in order of their names: name it NN-name.md "
                "(two digits, a hyphen, lower-case words, e.g. 03-regular-reports.md)",
            )
        text = read_text(
            self.paths.root, rel, "a part of the letter", "write its text, or delete the file", self.problems
        )
        if text is None:
            self.unread.add("letter")
            return None, None
        self.texts[rel] = text
        front, body, body_line = self.front_matter(rel, text)
        if front is None:
            self.scan(rel, body, body_line, check=False)  # only to know which notes it refers to
            return None, None
        failures = validate(front, OPENING if first else PART, rel)
        self.problems.extend(failure.problem for failure in failures)
        failed = {failure.location for failure in failures} | front.unreadable
        data = front.data if isinstance(front.data, dict) else {}
        anchor = None if _broken(failed, ("anchor",)) else _text(data.get("anchor"))
        if anchor is not None:
            self.anchors.add(anchor)
        opening = None
        if first:
            title = None if _broken(failed, ("title",)) else _text(data.get("title"))
            opening = (title, None if _broken(failed, ("date",)) else _date(data.get("date")))
        part = self.part(rel, anchor, body, body_line)
        if part is None or anchor is None or failed:
            return None, opening
        return Part(rel, anchor, part.heading, part.body, part.references, Place(rel, front.start(("anchor",)).line)), (
            opening
        )

    def front_matter(self, path: str, text: str) -> tuple[YamlDocument | None, str, int]:
        lines = text.split("\n")
        lines = [line + "\n" for line in lines[:-1]] + [lines[-1]]
        if not lines or lines[0].strip() != "---":
            self.problem(path, 1, f"no front matter ({HOW_FRONT_MATTER})")
            return None, text, 1
        for end in range(1, len(lines)):
            if lines[end].strip() == "---":
                break
        else:
            self.problem(path, 1, "the front matter is not closed (add a line --- after it)")
            return None, text, 1
        known = len(self.problems)
        data = parse_yaml("".join(lines[1:end]), path, self.problems, first_line=2)
        body = "".join(lines[end + 1 :])
        if data is None:
            if len(self.problems) == known:
                self.problem(path, 1, f"the front matter is empty ({HOW_FRONT_MATTER})")
            return None, body, end + 2
        return data, body, end + 2

    def scan(self, path: str, body: str, first_line: int, check: bool = True) -> tuple[list[Reference], int | None]:
        """The line-level checks of a part: note references, note texts, # and ## headings.

        Returns the references written and the index of the line holding the
        part's ``##`` heading (``None`` without one).
        """
        lines = body.split("\n")
        heading: int | None = None
        heading_seen = False
        references: list[Reference] = []
        for offset, line in enumerate(lines):
            number = first_line + offset
            for match in REFERENCE.finditer(line):
                key, colon = match.group(1), match.group(2)
                # At a line's start, or inside a quotation (> [^key]: …), [^key]: begins a note's text.
                definition = colon and not line[: match.start()].strip(" \t>")
                if definition:
                    if check:
                        self.problem(
                            path,
                            number,
                            f"note text is written in footnotes.yaml, not in the letter (move note "
                            f"'{key}' there and keep only [^{key}] in the text)",
                            match.start() + 1,
                        )
                elif not note_key(key):
                    if check:
                        self.problem(
                            path,
                            number,
                            f"'[^{key}]' is not a valid note reference (write [^note-key])",
                            match.start() + 1,
                        )
                else:
                    references.append(Reference(key, Place(path, number)))
            if not check:
                continue
            if line.strip() == PLACEHOLDER:
                self.problem(
                    path,
                    number,
                    f"'{PLACEHOLDER}' is where the site puts the notes, after the signatures (delete this line)",
                )
            elif H1.match(line):
                self.problem(path, number, markup.H1)
            elif H2.match(line):
                if heading_seen:
                    self.problem(path, number, markup.SECOND_HEADING)
                elif any(text.strip() for text in lines[:offset]):
                    self.problem(path, number, "the ## heading must come first (move it right after the front matter)")
                else:
                    heading = offset
                    if "{" in line or "}" in line:
                        self.problem(path, number, markup.BRACES)
                heading_seen = True
        if not check:
            self.references += references
        self.written |= {reference.key for reference in references}
        return references, heading

    def part(self, path: str, anchor: str | None, body: str, first_line: int) -> Part | None:
        """Check one letter file's Markdown: its lines, then what it renders to."""
        before = len(self.problems)
        candidates, heading_index = self.scan(path, body, first_line)
        reported = frozenset(problem.line for problem in self.problems[before:])
        lines = body.split("\n")
        heading = None if heading_index is None else lines[heading_index][2:].strip()
        start = 0 if heading_index is None else heading_index + 1
        text = "\n".join(lines[start:]).strip("\n") + "\n"
        rendered = text if heading is None else f"## {heading} {{#{anchor or 'anchor'}}}\n\n{text}"
        problems, found = _checked_part(
            path, body, first_line, rendered, tuple(candidates), heading is not None, anchor or "anchor", reported
        )
        self.problems.extend(problems)
        self.references += found.references
        self.links += found.links
        self.paragraphs += found.paragraphs
        for id_, place in found.ids:
            first = self.ids.setdefault(id_, place)
            if first != place:
                self.problem(
                    place.path,
                    place.line,
                    f"id '{id_}' is already used on line {first.line} of {first.path} (every id must be its own: "
                    "choose another name)",
                )
        if len(self.problems) != before:
            return None
        return Part(path, anchor or "", heading, text, found.references, Place(path, 1))

    def check_anchors(self, parts: list[Part]) -> None:
        first: dict[str, Part] = {}
        for part in parts:
            if part.anchor in first:
                self.problem(
                    part.place.path,
                    part.place.line,
                    f"anchor '{part.anchor}' is already used by {first[part.anchor].path} "
                    "(every part needs its own anchor: choose another name)",
                )
            else:
                first[part.anchor] = part
            taken = self.ids.get(part.anchor)
            if taken is not None and taken.path != part.path:
                self.problem(
                    taken.path,
                    taken.line,
                    f"id '{part.anchor}' is already the anchor of {part.path} (choose another name)",
                )

    # -- the other published files -------------------------------------

    def stylesheet(self, path: str, text: str) -> None:
        """A stylesheet of docs/assets/ loads from the site only (fonts, images, other stylesheets)."""
        for address, line, column in css.placed_addresses(text):
            target = urlsplit(address)
            if target.scheme not in ("", "data") or target.netloc:
                self.problem(
                    path,
                    line,
                    f"'{address}' would make every reader's browser fetch it from another host (put the file in "
                    f"{self.paths.docs}/assets/ and refer to it there)",
                    column,
                )

    def page_front_matter(self, path: str, page: str, text: str) -> tuple[str, int]:
        """Check a page's front matter, read as the site reads it; its Markdown after it, and where that starts.

        The site's engines take front matter between a line ``---`` and a line
        ``---`` or ``...``, each followed by a line break, read by YAML; without
        it, ``key: value`` lines at the top of a page are read as settings too
        (MultiMarkdown's style).  Whatever they would read is checked here.
        """
        match = PAGE_FRONT_MATTER.match(text)
        if match is None:
            first = text.split("\n", 1)[0]
            if text.startswith("---"):
                self.problem(path, 1, "the front matter is not closed (add a line --- after it, then a line break)")
            elif MULTIMARKDOWN_SETTING.match(first):
                self.problem(
                    path,
                    1,
                    "a 'key: value' line at the top of a page is read as a setting of the page (start the page with "
                    "its # title; settings go between two lines ---, at the very top)",
                )
            return text, 1
        yaml_text = match.group(1)
        try:
            yaml.safe_load(yaml_text)  # as the site's engine reads it: if it cannot, it shows it as text
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 2 if mark else 1
            self.problem(
                path,
                line,
                f"the site could not read this front matter ({getattr(error, 'problem', None) or error}), and would "
                "show it as text (put values that look like dates or numbers in quotes)",
            )
        except ValueError as error:  # `2023-02-30`: a date that is not one
            self.problem(
                path,
                1,
                f"the site could not read this front matter ({error}), and would show it as text (put values that "
                "look like dates in quotes)",
            )
        front = parse_yaml(yaml_text, path, self.problems, first_line=2)
        if front is not None:
            failures = validate(front, PAGE, path)
            self.problems.extend(failure.problem for failure in failures)
            if isinstance(front.data, dict):
                self.pages[page] = {key: value for key, value in front.data.items() if isinstance(value, str)}
        return text[match.end() :], text[: match.end()].count("\n") + 1

    def markers(self, path: str, page: str, body: str, first_line: int) -> None:
        """Where the site puts the letter, its Sources, its Signatories and its citation: once, in its page."""
        belongs = self.paths.homes()
        seen: dict[str, int] = {}
        for number, line in enumerate(body.split("\n"), start=first_line):
            for marker in MARKERS:
                column = line.find(marker) + 1
                if not column:
                    continue
                if line.strip() != marker:
                    self.problem(
                        path, number, f"{marker} must be on a line of its own (put it on its own line)", column
                    )
                elif marker in belongs and page != belongs[marker]:
                    self.problem(
                        path,
                        number,
                        f"{marker} belongs in {self.paths.docs}/{belongs[marker]} (delete this line)",
                        column,
                    )
                elif marker == CITE_MARKER and page in ("index.md", self.paths.letter_page):
                    self.problem(
                        path,
                        number,
                        f"{marker} cannot be on the home page or the letter's (put it in another page, e.g. about.md)",
                        column,
                    )
                elif marker in seen:
                    self.problem(path, number, f"{marker} is already on line {seen[marker]} (delete this one)", column)
                seen.setdefault(marker, number)
        for marker, home in belongs.items():
            if page == home and marker not in seen:
                self.problem(path, 1, f"this page has no place for {MARKER_WHAT[marker]} (add a line {marker})")

    def published_files(self) -> None:
        """``docs/`` is published too: no link to a file elsewhere, and pages as safe as the letter."""
        docs = self.paths.root / self.paths.docs
        for marker, page in self.paths.homes().items():
            if not (docs / page).is_file():
                self.problem(
                    f"{self.paths.docs}/{page}",
                    1,
                    f"page not found: the site puts {MARKER_WHAT[marker]} there (restore it, with a line {marker})",
                )
        if not docs.is_dir():
            return
        for path in sorted(docs.rglob("*")):
            rel = path.relative_to(self.paths.root).as_posix()
            in_docs = path.relative_to(docs).as_posix()
            if path.is_file() and not path.is_symlink() and path.suffix != ".md":
                if not (in_docs.startswith("assets/") and path.suffix.lower() in ASSETS):
                    self.problem(
                        rel,
                        1,
                        "a file the site would publish as it is, unchecked (pages are Markdown files, .md; the site's "
                        f"own styles, scripts and images go in {self.paths.docs}/assets/ as "
                        f"{', '.join(sorted(ASSETS))}: rename it or move it out of {self.paths.docs}/)",
                    )
                elif path.suffix.lower() == ".svg":
                    self.problems.extend(markup.check_svg(rel, path.read_text(encoding="utf-8", errors="replace")))
                elif path.suffix.lower() == ".css":
                    self.stylesheet(rel, path.read_text(encoding="utf-8", errors="replace"))
            elif path.suffix == ".md" and not path.is_symlink() and not PAGE_NAME.fullmatch(in_docs):
                self.problem(
                    rel,
                    1,
                    f"a page of the site is named like docs/about.md: lower-case words and hyphens, in "
                    f"{self.paths.docs}/ itself, and not {', '.join(sorted(RESERVED_PAGES))} (rename it)",
                )
            if path.is_symlink():
                self.problem(
                    rel,
                    1,
                    "a link to another file, which would be published in its place (replace it with the file itself)",
                )
            elif path.suffix == ".md" and path.is_file():
                text = read_text(self.paths.root, rel, "a page of the site", "write its text", self.problems)
                if text is not None:
                    body, first_line = self.page_front_matter(rel, in_docs, text)
                    self.markers(rel, in_docs, body, first_line)
                    problems, ids = markup.check_page(rel, body, first_line)
                    self.problems.extend(problems)
                    self.page_ids[path.relative_to(docs).as_posix()] = ids


def note_key(key: str) -> bool:
    """Whether ``[^key]`` names a note as footnotes.yaml's keys are written (the schema's ``key``)."""
    return bool(re.search(schema("common")["$defs"]["key"]["pattern"], key))


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
def _checked_part(
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
    _checked_part.cache_clear()


def _broken(failed: set[Location], location: Location) -> bool:
    """Whether a schema failure lies at ``location`` or inside it."""
    return bool(failed) and any(place[: len(location)] == location for place in failed)


def _text(value: Any) -> str | None:
    return one_line(value) or None if isinstance(value, str) else None


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _cross_check(
    paths: SourcePaths,
    reader: _Reader,
    sources: dict[str, Source],
    notes: dict[str, Note],
    problems: list[Problem],
) -> None:
    """Check the links between the files: letter -> notes -> sources, and links to places in the site.

    Nothing is reported about a key that was found but is invalid (its own
    problem is reported), nor about what could not be read at all.
    """
    note_keys = reader.declared["note"]
    if "notes" not in reader.unread:
        for ref in reader.references:
            if ref.key not in note_keys:
                problems.append(
                    Problem(
                        ref.place.path,
                        ref.place.line,
                        _column(reader, ref.place, f"[^{ref.key}]"),
                        f"[^{ref.key}] refers to no note in {paths.footnotes}{suggest(ref.key, note_keys)} "
                        f"(add a note '{ref.key}' under notes:, or correct the key)",
                    )
                )
    if "letter" not in reader.unread:
        # A [^key] that Markdown does not read is reported where it is written, not again here.
        referenced = {ref.key for ref in reader.references} | reader.written
        for note in notes.values():
            if note.key not in referenced:
                problems.append(
                    Problem(
                        note.place.path,
                        note.place.line,
                        3,
                        f"note '{note.key}' is not referenced in the letter (write [^{note.key}] where "
                        f"it belongs in a {paths.letter}/ file, or delete the note)",
                    )
                )
    source_keys = reader.declared["source"]
    if "sources" not in reader.unread:
        for note_key, cite in reader.cites:
            if cite.source not in source_keys:
                problems.append(
                    Problem(
                        cite.place.path,
                        cite.place.line,
                        _column(reader, cite.place, cite.source),
                        f"note '{note_key}' cites unknown source '{cite.source}'{suggest(cite.source, source_keys)} "
                        "(add it under sources:, or correct the key)",
                    )
                )
    if "cites" not in reader.unread:
        cited = {cite.source for _, cite in reader.cites}
        for source in sources.values():
            if source.key not in cited:
                problems.append(
                    Problem(
                        source.place.path,
                        source.place.line,
                        3,
                        f"source '{source.key}' is not cited by any note (cite it from a note, or delete it)",
                    )
                )
    if "letter" not in reader.unread and "notes" not in reader.unread:
        _check_links(paths, reader, problems)


def _column(reader: _Reader, place: Place, text: str) -> int:
    """Where ``text`` starts on the line of ``place``, in the file as it was read."""
    lines = reader.texts.get(place.path, "").split("\n")
    line = lines[place.line - 1] if 0 < place.line <= len(lines) else ""
    return line.find(text) + 1 or 1


def _check_links(paths: SourcePaths, reader: _Reader, problems: list[Problem]) -> None:
    """Links in letter files to places in the site: anchors of the letter page, and other pages."""
    referenced = {ref.key for ref in reader.references}
    letter_ids = (
        {TITLE_ANCHOR, NOTES_ANCHOR, SIGNATORIES_ANCHOR}
        | set(reader.ids)
        | {paragraph_id(n) for n in range(1, reader.paragraphs + 1)}
        | {note_id(key) for key in referenced}
        | {reference_id(key) for key in referenced}
    )
    letter_ids |= reader.anchors
    docs = paths.root / paths.docs
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md")) if docs.is_dir() else []
    source_ids = {source_id(key) for key in reader.declared["source"]}
    for link in reader.links:
        page, _, fragment = link.href.partition("#")
        if page in ("", paths.letter_page, f"./{paths.letter_page}"):
            if fragment and fragment not in letter_ids:
                problems.append(
                    Problem(
                        link.place.path,
                        link.place.line,
                        link.column,
                        f"a link to '#{fragment}', which is nowhere in the letter{suggest(fragment, letter_ids)} "
                        "(link to a part's anchor, e.g. #thematic-report, or to a paragraph, e.g. #p12)",
                    )
                )
            continue
        if page not in pages:
            problems.append(
                Problem(
                    link.place.path,
                    link.place.line,
                    link.column,
                    f"a link to '{link.href}', which is not a page of the site{suggest(page, pages)} "
                    f"(link to one of: {', '.join(pages)}; or to a web address starting with https://)",
                )
            )
        elif page == paths.sources_page:
            if fragment.startswith(source_id("")) and fragment not in source_ids:
                problems.append(
                    Problem(
                        link.place.path,
                        link.place.line,
                        link.column,
                        f"a link to '{link.href}', which is no source on the Sources page (write "
                        f"{paths.sources_page}#source- followed by the key of a source in {paths.footnotes})",
                    )
                )
        elif fragment and fragment not in reader.page_ids.get(page, frozenset()):
            ids = reader.page_ids.get(page, frozenset())
            problems.append(
                Problem(
                    link.place.path,
                    link.place.line,
                    link.column,
                    f"a link to '{link.href}', but {page} has no '#{fragment}'{suggest(fragment, ids)} (link to one "
                    f"of its headings: {', '.join(f'#{name}' for name in sorted(ids)) or 'it has none'})",
                )
            )
