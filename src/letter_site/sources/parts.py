"""Read ``letter/``: its files in order, each one's front matter, then its Markdown.

:class:`LetterFolder` reads the folder, the names of its files, their front
matter and the anchors they give; :class:`PartMarkdown` checks what follows the
front matter, line by line and then as rendered (:mod:`markup`).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from ..common.markdown_ext import NOTE_REFERENCE
from ..model import Part, Place, Reference
from . import markup
from .paths import PART_NAME
from .schema import Shape, schema, validate
from .state import Reader, broken, checked_part, date_value, text_value
from .textfile import read_text
from .yamlsrc import YamlDocument, parse_yaml

REFERENCE = re.compile(NOTE_REFERENCE + "(:?)")  # with ":" at a line's start it is a definition
H1 = re.compile(r"#(?!#)")  # Python-Markdown needs no space after the #
H2 = re.compile(r"##(?!#)")
# Python-Markdown's footnotes extension puts the notes where this line is.
PLACEHOLDER = "///Footnotes Go Here///"

HOW_FRONT_MATTER = "start the file with three lines: ---, then anchor: some-name, then ---"
OPENING = Shape(
    "letter-part.schema.json",
    "/$defs/opening",
    "the opening (first letter file)",
    "to the front matter",
    f"the front matter must be 'key: value' lines ({HOW_FRONT_MATTER})",
)
PART = Shape(
    "letter-part.schema.json",
    "/$defs/part",
    "a letter file",
    "to the front matter",
    f"the front matter must be 'key: value' lines ({HOW_FRONT_MATTER})",
)


def note_key(key: str) -> bool:
    """Whether ``[^key]`` names a note as footnotes.yaml's keys are written (the schema's ``key``)."""
    return bool(re.search(schema("common")["$defs"]["key"]["pattern"], key))


class LetterFolder(Reader):
    """Reads letter/: which files it holds, and each one's front matter; their Markdown to :class:`PartMarkdown`."""

    def letter(self) -> tuple[str | None, date | None, list[Part]]:
        folder = self.paths.root / self.paths.letter
        if folder.is_symlink() or not folder.is_dir():
            self.problem(
                self.paths.letter,
                1,
                "folder not found (it holds the letter, one Markdown file per part: restore it from the repository)",
            )
            self.state.unread.add("letter")
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
            self.state.unread.add("letter")
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
        self.check_annexes(parts)
        return title, letter_date, parts

    def check_annexes(self, parts: list[Part]) -> None:
        """Annexes come after the signatures, so after every other part: a part after an annex is out of order."""
        annex = next((part for part in parts if part.annex), None)
        for part in parts:
            if annex is not None and not part.annex and part.path > annex.path:
                self.problem(
                    part.place.path,
                    1,
                    f"this part comes after the annex {annex.path}, but annexes are printed after the signatures "
                    "(rename the files so that the annexes come last, or add 'annex: true' to this one)",
                )

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
            self.state.unread.add("letter")
            return None, None
        self.state.texts[rel] = text
        markdown = PartMarkdown(self.state)
        front, body, body_line = self.front_matter(rel, text)
        if front is None:
            markdown.scan(rel, body, body_line, check=False)  # only to know which notes it refers to
            return None, None
        failures = validate(front, OPENING if first else PART, rel)
        self.problems.extend(failure.problem for failure in failures)
        failed = {failure.location for failure in failures} | front.unreadable
        data = front.data if isinstance(front.data, dict) else {}
        anchor = None if broken(failed, ("anchor",)) else text_value(data.get("anchor"))
        if anchor is not None:
            self.state.anchors.add(anchor)
        opening = None
        if first:
            self.state.placeholder = data.get("placeholder") is True
            title = None if broken(failed, ("title",)) else text_value(data.get("title"))
            opening = (title, None if broken(failed, ("date",)) else date_value(data.get("date")))
        part = markdown.part(rel, anchor, body, body_line)
        if part is None or anchor is None or failed:
            return None, opening
        annex = data.get("annex") is True
        if annex and part.heading is None:
            self.problem(rel, front.start(("annex",)).line, "an annex needs a title: start its text with a ## heading")
            return None, opening
        place = Place(rel, front.start(("anchor",)).line)
        return Part(rel, anchor, part.heading, part.body, part.references, place, annex=annex), opening

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
            taken = self.state.ids.get(part.anchor)
            if taken is not None and taken.path != part.path:
                self.problem(
                    taken.path,
                    taken.line,
                    f"id '{part.anchor}' is already the anchor of {part.path} (choose another name)",
                )


class PartMarkdown(Reader):
    """Reads a letter file's Markdown, after its front matter: its lines, then what it renders to."""

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
            self.state.references += references
        self.state.written |= {reference.key for reference in references}
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
        problems, found = checked_part(
            path, body, first_line, rendered, tuple(candidates), heading is not None, anchor or "anchor", reported
        )
        self.problems.extend(problems)
        self.state.references += found.references
        self.state.links += found.links
        self.state.paragraphs += found.paragraphs
        for id_, place in found.ids:
            first = self.state.ids.setdefault(id_, place)
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
