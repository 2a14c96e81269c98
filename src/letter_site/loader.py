"""Read ``letter/``, ``footnotes.yaml`` and ``signatories.yaml`` into a :class:`Letter`.

Every source is read and checked before anything is returned; all problems are
collected and raised together as :class:`SourcesInvalid`, each naming its file
and line and saying how to fix it.  Editors are not programmers: messages use
the words of the files they edit, never Python's.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from .model import Cite, Letter, Note, Part, Place, Reference, Signatory, SignatoryKind, Source
from .problems import Problem, SourcesInvalid
from .yamlsrc import YamlList, YamlMap, parse_yaml


@dataclass(frozen=True)
class SourcePaths:
    """Where the sources are, relative to ``root`` (the folder of ``mkdocs.yml``)."""

    root: Path
    letter: str = "letter"
    footnotes: str = "footnotes.yaml"
    signatories: str = "signatories.yaml"

    def watched(self) -> tuple[Path, ...]:
        """The files and folders whose change must rebuild the site."""
        return tuple(self.root / name for name in (self.letter, self.footnotes, self.signatories))


KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
ANCHOR = re.compile(r"[a-z][a-z0-9-]*\Z")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
PART_NAME = re.compile(r"\d{2}-[a-z0-9-]+\.md\Z")
# As Python-Markdown's footnotes extension reads them: [^key] refers, [^key]: at a line's start defines.
# A note reference as Python-Markdown's footnotes extension reads it (within a line).
NOTE_REFERENCE = r"\[\^([^\]\n]*)\]"
REFERENCE = re.compile(NOTE_REFERENCE + "(:?)")  # with ":" it is a definition
H1 = re.compile(r"#(?!#)")  # Python-Markdown needs no space after the #
H2 = re.compile(r"##(?!#)")
SETEXT_H1 = re.compile(r"=+[ \t]*\Z")  # a line of = under a line of text
# Ids the site generates itself; a section anchor must not take one of them.
RESERVED_ANCHOR = re.compile(r"(p\d+|signatories|sources|top|content|notes|fn.*)\Z")

TOP_LEVEL = "to the file, not indented"
FRONT_MATTER = "to the front matter"
PART_FRONT_MATTER = {"anchor"}
OPENING_FRONT_MATTER = {"anchor", "title", "date"}


def load_letter(paths: SourcePaths) -> Letter:
    """Load and check every source; raise :class:`SourcesInvalid` listing all problems."""
    problems: list[Problem] = []
    reader = _Reader(problems)
    sources, notes = reader.footnotes(paths)
    signatories, as_of = reader.signatories(paths)
    title, letter_date, parts = reader.letter(paths)
    _cross_check(paths, reader, sources, notes, problems)
    if problems or title is None or letter_date is None or as_of is None:
        if not problems:  # pragma: no cover - a missing value always records a problem
            problems.append(Problem(paths.letter, 1, "the letter could not be read"))
        raise SourcesInvalid(problems)
    return Letter(
        title=title,
        date=letter_date,
        parts=tuple(parts),
        sources=MappingProxyType(sources),
        notes=MappingProxyType(notes),
        signatories=tuple(signatories),
        signatories_as_of=as_of,
    )


def suggest(word: str, choices: Iterable[str]) -> str:
    """``; did you mean 'x'?`` for a likely typo, else nothing."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


@dataclass
class _Reader:
    """Reads the sources, recording problems.

    Besides the valid values it returns, it remembers what it found in invalid
    ones (keys declared, cites and references written) and what it could not
    read at all, so that the cross-checks report only real problems, not the
    consequences of one already reported: a source with a bad url is not also
    an "unknown source" for the notes citing it.
    """

    problems: list[Problem]
    declared: dict[str, set[str]] = field(default_factory=lambda: {"source": set(), "note": set()})
    unread: set[str] = field(default_factory=set)  # "sources", "notes", "cites", "letter"
    cites: list[tuple[str, Cite]] = field(default_factory=list)  # (note key, cite), valid notes or not
    references: list[Reference] = field(default_factory=list)  # in every letter file, valid or not

    def problem(self, path: str, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    # -- files ---------------------------------------------------------

    def read_text(self, root: Path, name: str, what: str, fix: str = "restore it from the repository") -> str | None:
        path = root / name
        if not path.is_file():
            self.problem(name, 1, f"file not found ({what}: {fix})")
            return None
        try:
            # utf-8-sig: editors on Windows save a byte-order mark before the front matter.
            text = path.read_text(encoding="utf-8-sig")
        except OSError as error:
            self.problem(name, 1, f"the file cannot be read ({error.strerror}: check its permissions)")
            return None
        except UnicodeDecodeError as error:
            line = path.read_bytes()[: error.start].count(b"\n") + 1
            self.problem(name, line, "the file is not UTF-8 text (save it again as UTF-8)")
            return None
        if not text.strip():
            self.problem(name, 1, f"the file is empty ({what}: {fix})")
            return None
        return text

    def read_yaml_map(self, root: Path, name: str, what: str, first_key: str) -> YamlMap | None:
        text = self.read_text(root, name, what)
        if text is None:
            return None
        known = len(self.problems)
        data = parse_yaml(text, name, self.problems)
        if data is None:
            if len(self.problems) == known:
                self.problem(name, 1, f"the file has no data, only comments ({what}: restore it from the repository)")
            return None
        if not isinstance(data, YamlMap):
            self.problem(
                name,
                data.line if isinstance(data, YamlList) else 1,
                f"expected keys such as '{first_key}:' at the top level, not indented and without '- ' ({what})",
            )
            return None
        return data

    # -- footnotes.yaml ------------------------------------------------

    def footnotes(self, paths: SourcePaths) -> tuple[dict[str, Source], dict[str, Note]]:
        name = paths.footnotes
        data = self.read_yaml_map(paths.root, name, "it holds the sources and notes", "sources")
        if data is None:
            self.unread |= {"sources", "notes", "cites"}
            return {}, {}
        fields = _Fields(self, name, data, 1, "", {"sources", "notes"}, add_to=TOP_LEVEL)
        raw_sources = fields.mapping("sources", "each source under a key of its own")
        raw_notes = fields.mapping("notes", "each note under a key of its own")
        if raw_sources is None:
            self.unread.add("sources")
        if raw_notes is None:
            self.unread |= {"notes", "cites"}
        sources = dict(self.keyed(name, raw_sources, "source", self.source))
        notes = dict(self.keyed(name, raw_notes, "note", self.note))
        return sources, notes

    def keyed(self, path: str, raw: YamlMap | None, kind: str, build: Any) -> Iterable[tuple[str, Any]]:
        if raw is None:
            return
        for key, value in raw.items():
            line = raw.line_of(key)
            self.declared[kind].add(str(key))
            if not isinstance(key, str) or not KEY.match(key):
                self.problem(
                    path,
                    line,
                    f"{kind} key '{key}' is not a valid name (use letters, digits and hyphens, e.g. coi-2014)",
                )
                if kind == "note":
                    self.unread.add("cites")
                continue
            if not isinstance(value, YamlMap):
                first = "cites" if kind == "note" else "title"
                self.problem(
                    path,
                    line,
                    f"{kind} '{key}' has no fields (write them on the lines below it, indented, "
                    f"starting with '{first}:')",
                )
                if kind == "note":
                    self.unread.add("cites")
                continue
            built = build(path, key, value, line)
            if built is not None:
                yield key, built

    def source(self, path: str, key: str, data: YamlMap, line: int) -> Source | None:
        allowed = {"author", "title", "date", "symbol", "url"}
        fields = _Fields(self, path, data, line, f"source '{key}'", allowed)
        title = fields.text("title", required=True)
        url = fields.url("url", required=True)
        author = fields.text("author")
        symbol = fields.text("symbol")
        when = fields.date("date")
        if title is None or url is None or fields.failed:
            return None
        return Source(key, title, url, Place(path, line), author, when, symbol)

    def note(self, path: str, key: str, data: YamlMap, line: int) -> Note | None:
        fields = _Fields(self, path, data, line, f"note '{key}'", {"cites"})
        raw = fields.sequence("cites", "each cite a '- source: …' item")
        if raw is None:
            self.unread.add("cites")
            return None
        if not raw:
            self.problem(path, raw.line, f"note '{key}' has no cites (list at least one '- source: …')")
            return None
        cites = []
        for index, item in enumerate(raw):
            item_line = raw.line_of(index)
            if not isinstance(item, YamlMap):
                self.problem(
                    path, item_line, f"note '{key}': each cite needs 'source:' (write '- source: some-source')"
                )
                self.unread.add("cites")
                continue
            cite_fields = _Fields(self, path, item, item_line, f"note '{key}'", {"source", "pinpoint", "quotation"})
            source = cite_fields.text("source", required=True)
            pinpoint = cite_fields.text("pinpoint")
            quotation = cite_fields.text("quotation")
            if source is None:
                self.unread.add("cites")
                continue
            cite = Cite(source, Place(path, item.line_of("source")), pinpoint, quotation)
            self.cites.append((key, cite))
            if not cite_fields.failed:
                cites.append(cite)
        if len(cites) != len(raw) or fields.failed:
            return None
        return Note(key, tuple(cites), Place(path, line))

    # -- signatories.yaml ----------------------------------------------

    def signatories(self, paths: SourcePaths) -> tuple[list[Signatory], date | None]:
        name = paths.signatories
        data = self.read_yaml_map(paths.root, name, "it lists who signed the letter", "as_of")
        if data is None:
            return [], None
        fields = _Fields(self, name, data, 1, "", {"as_of", "signatories"}, add_to=TOP_LEVEL)
        as_of = fields.date("as_of", required=True)
        raw = fields.sequence("signatories", "each signatory a '- name: …' item")
        if raw is None:
            return [], as_of
        if not raw:
            self.problem(name, raw.line, "no signatories listed (add at least one '- name: …')")
        signatories: list[Signatory] = []
        seen: dict[str, Signatory] = {}
        for index, item in enumerate(raw):
            line = raw.line_of(index)
            if not isinstance(item, YamlMap):
                self.problem(name, line, "each signatory needs 'name:' and 'kind:' (write '- name: …')")
                continue
            sig_fields = _Fields(self, name, item, line, "signatory", {"name", "acronym", "kind", "url"})
            sig_name = sig_fields.text("name", required=True)
            acronym = sig_fields.text("acronym")
            kind = sig_fields.choice("kind", {k.value for k in SignatoryKind})
            url = sig_fields.url("url")
            if sig_name is None or kind is None or sig_fields.failed:
                continue
            signatory = Signatory(sig_name, SignatoryKind(kind), Place(name, line), acronym, url)
            for label in filter(None, (sig_name, acronym)):
                folded = " ".join(label.casefold().split())
                if folded in seen:
                    other = seen[folded]
                    self.problem(
                        name,
                        line,
                        f"duplicate signatory '{label}' (already listed on line {other.place.line}: "
                        "remove one of them)",
                    )
                    break
                seen[folded] = signatory
            else:
                signatories.append(signatory)
        return signatories, as_of

    # -- letter/ -------------------------------------------------------

    def letter(self, paths: SourcePaths) -> tuple[str | None, date | None, list[Part]]:
        folder = paths.root / paths.letter
        if not folder.is_dir():
            self.problem(
                paths.letter,
                1,
                "folder not found (it holds the letter, one Markdown file per part: restore it from the repository)",
            )
            self.unread.add("letter")
            return None, None, []
        files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
        markdown = [p for p in files if p.suffix == ".md"]
        for other in files:
            if other.suffix != ".md":
                self.problem(
                    f"{paths.letter}/{other.name}",
                    1,
                    "not a letter file, so it would not be published (letter parts are Markdown "
                    "files named NN-name.md: rename it, or move it out of the folder)",
                )
        if not markdown:
            self.problem(paths.letter, 1, "no letter files (add NN-name.md files, e.g. 00-opening.md)")
            self.unread.add("letter")
            return None, None, []
        title: str | None = None
        letter_date: date | None = None
        parts: list[Part] = []
        for index, file in enumerate(markdown):
            rel = f"{paths.letter}/{file.name}"
            if not PART_NAME.match(file.name):
                self.problem(
                    rel,
                    1,
                    "letter files are read in order of their names: name it NN-name.md "
                    "(two digits, a hyphen, lower-case words, e.g. 03-regular-reports.md)",
                )
            text = self.read_text(paths.root, rel, "a part of the letter", "write its text, or delete the file")
            if text is None:
                self.unread.add("letter")
                continue
            front, body, body_line = self.front_matter(rel, text)
            if front is None:
                self.part(rel, "", body, body_line, check=False)  # only to know which notes it refers to
                continue
            opening = index == 0
            allowed = OPENING_FRONT_MATTER if opening else PART_FRONT_MATTER
            where = "the opening (first letter file)" if opening else "a letter file"
            fields = _Fields(self, rel, front, 1, where, allowed, add_to=FRONT_MATTER)
            anchor = fields.text("anchor", required=True)
            if opening:
                title = fields.text("title", required=True)
                letter_date = fields.date("date", required=True)
            if anchor is not None and not ANCHOR.match(anchor):
                self.problem(
                    rel,
                    front.line_of("anchor"),
                    f"anchor '{anchor}' is not usable in a link (use lower-case letters, digits "
                    "and hyphens, starting with a letter, e.g. thematic-report)",
                )
                anchor = None
            elif anchor is not None and RESERVED_ANCHOR.match(anchor):
                self.problem(
                    rel,
                    front.line_of("anchor"),
                    f"anchor '{anchor}' is already used by the site itself (choose another name)",
                )
                anchor = None
            part = self.part(rel, anchor or "", body, body_line)
            if part is not None:
                part = replace(part, place=Place(rel, front.line_of("anchor")))
            if anchor is not None and part is not None:
                parts.append(part)
        self.check_anchors(parts)
        return title, letter_date, parts

    def front_matter(self, path: str, text: str) -> tuple[YamlMap | None, str, int]:
        lines = text.splitlines(keepends=True)
        how = "start the file with three lines: ---, then anchor: some-name, then ---"
        if not lines or lines[0].strip() != "---":
            self.problem(path, 1, f"no front matter ({how})")
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
                self.problem(path, 1, f"the front matter is empty ({how})")
            return None, body, end + 2
        if not isinstance(data, YamlMap):
            self.problem(path, 2, f"the front matter must be 'key: value' lines ({how})")
            return None, body, end + 2
        return data, body, end + 2

    def part(self, path: str, anchor: str, body: str, first_line: int, check: bool = True) -> Part | None:
        """Check one letter file's Markdown; with ``check=False`` only note its references."""
        lines = body.splitlines()
        heading: str | None = None
        heading_seen = False
        start = 0
        references: list[Reference] = []
        problems = len(self.problems)
        for offset, line in enumerate(lines):
            number = first_line + offset
            for match in REFERENCE.finditer(line):
                key, colon = match.group(1), match.group(2)
                definition = colon and match.start() <= 3 and not line[: match.start()].strip()
                if definition:
                    if check:
                        self.problem(
                            path,
                            number,
                            f"note text is written in footnotes.yaml, not in the letter (move note "
                            f"'{key}' there and keep only [^{key}] in the text)",
                        )
                elif not KEY.match(key):
                    if check:
                        self.problem(path, number, f"'[^{key}]' is not a valid note reference (write [^note-key])")
                else:
                    references.append(Reference(key, Place(path, number)))
            if not check:
                continue
            previous = lines[offset - 1] if offset else ""
            if H1.match(line) or (SETEXT_H1.match(line) and previous.strip()):
                self.problem(
                    path,
                    number,
                    "use ## (two #) for a section heading: the page's only # heading is the letter's title",
                )
            elif H2.match(line):
                if heading_seen:
                    self.problem(
                        path,
                        number,
                        "a second ## heading: one section per file (move this heading and the "
                        "text after it to a new letter file)",
                    )
                elif any(text.strip() for text in lines[:offset]):
                    self.problem(path, number, "the ## heading must come first, right after the front matter")
                else:
                    heading = line[2:].strip()
                    start = offset + 1
                heading_seen = True
        self.references += references
        if not check or len(self.problems) != problems:
            return None
        text = "\n".join(lines[start:]).strip("\n") + "\n"
        return Part(path, anchor, heading, text, tuple(references), Place(path, 1))

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


def _cross_check(
    paths: SourcePaths,
    reader: _Reader,
    sources: dict[str, Source],
    notes: dict[str, Note],
    problems: list[Problem],
) -> None:
    """Check the links between the files: letter -> notes -> sources.

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
                        f"[^{ref.key}] refers to no note in {paths.footnotes}{suggest(ref.key, note_keys)} "
                        f"(add a note '{ref.key}' under notes:, or correct the key)",
                    )
                )
    if "letter" not in reader.unread:
        referenced = {ref.key for ref in reader.references}
        for note in notes.values():
            if note.key not in referenced:
                problems.append(
                    Problem(
                        note.place.path,
                        note.place.line,
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
                        f"source '{source.key}' is not cited by any note (cite it from a note, or delete it)",
                    )
                )


class _Fields:
    """Typed access to one mapping's fields, recording a problem for each bad one."""

    def __init__(
        self,
        reader: _Reader,
        path: str,
        data: YamlMap,
        line: int,
        what: str,
        allowed: set[str],
        add_to: str = "below it",
    ) -> None:
        """``what`` names the mapping in messages ("" for a file's top level); ``add_to``
        says where a missing key's line goes."""
        self.reader = reader
        self.path = path
        self.data = data
        self.line = line
        self.what = what
        self.failed = False
        self.add_to = add_to
        for key in data:
            if key not in allowed:
                self.fail(
                    data.line_of(key),
                    f"unknown key '{key}'{suggest(str(key), allowed)} "
                    f"(the keys allowed here are: {', '.join(sorted(allowed))})",
                )

    def fail(self, line: int, message: str) -> None:
        self.failed = True
        self.reader.problem(self.path, line, f"{self.what}: {message}" if self.what else message)

    def raw(self, key: str, required: bool) -> Any:
        if key not in self.data or self.data[key] is None:
            if required:
                line = self.data.line_of(key) if key in self.data else self.line
                self.fail(line, f"'{key}' is missing or empty (add a line '{key}: …' {self.add_to})")
            return None
        return self.data[key]

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.raw(key, required)
        if value is None:
            return None
        if isinstance(value, bool):
            self.fail(self.data.line_of(key), f"'{key}' must be text, not yes/no (put the value in quotes)")
            return None
        if isinstance(value, (int, float)):
            self.fail(self.data.line_of(key), f"'{key}' must be text, not a number (put the value in quotes)")
            return None
        if not isinstance(value, str):
            self.fail(
                self.data.line_of(key),
                f"'{key}' must be a single piece of text, not a list or keys (write the text after "
                f"'{key}:' on the same line, in quotes if it contains ': ' or starts with - or [)",
            )
            return None
        value = " ".join(value.split())
        if not value:
            if required:
                self.fail(self.data.line_of(key), f"'{key}' is empty (write its text after '{key}:')")
            return None
        return value

    def date(self, key: str, required: bool = False) -> date | None:
        value = self.raw(key, required)
        if value is None:
            return None
        how = "write it as YYYY-MM-DD, e.g. 2023-08-11"
        if isinstance(value, (bool, YamlMap, YamlList)):
            self.fail(self.data.line_of(key), f"'{key}' is not a date ({how})")
            return None
        text = str(value).strip()
        if not ISO_DATE.match(text):
            self.fail(self.data.line_of(key), f"'{key}' is not a date: '{text}' ({how})")
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            self.fail(self.data.line_of(key), f"'{key}' is not a real date: '{text}' ({how})")
            return None

    def url(self, key: str, required: bool = False) -> str | None:
        value = self.text(key, required)
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
            self.fail(
                self.data.line_of(key),
                f"'{key}' must be a web address starting with https:// (got '{value}')",
            )
            return None
        return value

    def choice(self, key: str, allowed: set[str]) -> str | None:
        value = self.text(key, required=True)
        if value is None:
            return None
        if value not in allowed:
            self.fail(
                self.data.line_of(key),
                f"'{key}' must be one of {', '.join(sorted(allowed))} (got '{value}'{suggest(value, allowed)})",
            )
            return None
        return value

    def mapping(self, key: str, how: str) -> YamlMap | None:
        value = self.raw(key, required=True)
        if value is None:
            return None
        if not isinstance(value, YamlMap):
            self.fail(self.data.line_of(key), f"'{key}' must contain keys ({how})")
            return None
        return value

    def sequence(self, key: str, how: str) -> YamlList | None:
        value = self.raw(key, required=True)
        if value is None:
            return None
        if not isinstance(value, YamlList):
            self.fail(self.data.line_of(key), f"'{key}' must be a list ({how})")
            return None
        return value
