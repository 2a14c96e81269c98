"""A Word or OpenDocument draft (``.docx``, ``.odt``) read into its parts, through pandoc.

pandoc (the ``pypandoc-binary`` package, the ``import`` extra: it carries its own
pandoc, so nothing else is installed) reads a ``.docx`` from Word, Google Docs
or LibreOffice, and an ``.odt``, into one JSON tree in which each footnote or
endnote is a ``Note`` in its place.  This module walks that tree into the
blocks every format gives (:mod:`.layout`): a note's place becomes ``[^n]``,
numbered in order as Word numbers them; a one-item numbered list ("1. Findings
…", which Word keeps as a list) a numbered paragraph; a table a Markdown table.
"""

from __future__ import annotations

import json
import re
import zipfile
from importlib import metadata
from pathlib import Path
from typing import Any

from .layout import Block, Draft, DraftProblem, check_references, escape_text, lay_out, note_link

MOST_UNPACKED = 50_000_000  # a letter's text is well under a megabyte unpacked; its images do not count
_MEDIA = ("word/media/", "Pictures/", "media/")
_TRACKED = re.compile(r"<w:(?:ins|del|moveFrom|moveTo) |<text:tracked-changes>\s*<text:changed-region")
_HIDDEN = re.compile(r"<w:vanish/>|<w:vanish w:val=\"(?:1|true|on)\"/>|text:display=\"none\"")
Node = dict[str, Any]  # pandoc JSON: {"t": kind, "c": content}
_QUOTES = {"DoubleQuote": ("“", "”"), "SingleQuote": ("‘", "’")}


def read_pandoc(path: Path) -> Draft:
    """The parts of a letter in a Word or OpenDocument file; :class:`DraftProblem` if it is not one."""
    tree = _tree(path)
    walker = _Walker()
    meta = tree.get("meta", {})
    for key in ("title", "subtitle", "date"):
        if key in meta:
            walker.blocks.append(Block(walker.meta(meta[key])))
    try:
        walker.walk(tree.get("blocks", []))
    except (KeyError, IndexError, TypeError, ValueError):  # a pandoc whose tree differs from the one pinned
        raise DraftProblem(
            f"pandoc {tree.get('pandoc-api-version')} read it in a form this version does not know "
            f"(install the pandoc it was made for: pip install '{requirement()}')"
        ) from None
    draft = lay_out(walker.blocks, walker.notes)
    check_references(draft)
    return draft


def requirement() -> str:
    """What the ``import`` extra pins (``pypandoc-binary==…``), for a letter's ``make import`` to install."""
    for item in metadata.requires("letter-site") or []:
        if 'extra == "import"' in item:
            return item.partition(";")[0].strip()
    return "pypandoc-binary"  # pragma: no cover - the package's metadata always has the extra


def _tree(path: Path) -> Node:
    try:
        import pypandoc  # type: ignore[import-untyped]  # noqa: PLC0415 - an extra, loaded only to import
    except ImportError:
        raise DraftProblem(
            f"reading Word and OpenDocument files needs pandoc: make import installs it, or pip install "
            f"'{requirement()}' (or save the draft as .html, .md or .txt)"
        ) from None
    _readable(path)
    try:
        text = pypandoc.convert_file(str(path), "json", format=path.suffix.lower().lstrip("."))
    except RuntimeError as error:
        reason = str(error).strip().splitlines()[-1] if str(error).strip() else "pandoc could not read it"
        raise DraftProblem(f"cannot be read as {path.suffix.lower()} ({reason[:200]})") from None
    tree: Node = json.loads(text)
    return tree


def _readable(path: Path) -> None:
    """A Word or OpenDocument file is a zip: an encrypted one (a password) or a broken one is said so."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = {info.filename: info for info in archive.infolist()}
            unpacked = sum(info.file_size for info in names.values() if not info.filename.startswith(_MEDIA))
            if unpacked > MOST_UNPACKED:
                raise DraftProblem(
                    f"{unpacked:,} bytes of text once unpacked: more than a letter's {MOST_UNPACKED:,} "
                    "(is it the right file?)"
                )
            content = "word/document.xml" if path.suffix.lower() == ".docx" else "content.xml"
            xml = archive.read(content).decode("utf-8", "replace") if content in names else ""
    except zipfile.BadZipFile:
        with path.open("rb") as file:
            head = file.read(8)
        if head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # an OLE file: a password-protected .docx, or Word 97
            raise DraftProblem(
                "is encrypted with a password or is an old Word 97-2003 file (remove the password, "
                "or save it again as .docx)"
            ) from None
        raise DraftProblem(f"is not a {path.suffix.lower()} file or is damaged (open it and save it again)") from None
    if not xml:
        raise DraftProblem(f"is not a {path.suffix.lower()} file or is damaged ({content} is missing)")
    if _TRACKED.search(xml):
        raise DraftProblem(
            "has tracked changes not yet accepted or rejected (in Word: Review, Accept, Accept All Changes; "
            "or reject them), so which text is the letter's is not known"
        )
    if _HIDDEN.search(xml):
        raise DraftProblem(
            "has hidden text (Font, Hidden), which would be published as if it were shown "
            "(show it or delete it in Word first)"
        )


class _Walker:
    """pandoc's blocks as :class:`Block` values, each ``Note`` numbered in order."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.notes: dict[int, str] = {}

    def meta(self, value: Node) -> str:
        if value["t"] in ("MetaInlines", "MetaString"):
            return self.inlines(value["c"]) if value["t"] == "MetaInlines" else str(value["c"])
        if value["t"] == "MetaBlocks":
            return " ".join(self.inlines(_inlines_of(block)) for block in value["c"])
        return ""

    def walk(self, blocks: list[Node]) -> None:
        for block in blocks:
            kind, content = block["t"], block.get("c", [])
            if kind in ("Para", "Plain"):
                self._add(self.inlines(content))
            elif kind == "LineBlock":
                self._add("\n".join(self.inlines(line) for line in content))
            elif kind == "Header":
                self._add(self.inlines(content[2]), heading=True, level=content[0])
            elif kind == "OrderedList":
                start = content[0][0]
                for offset, item in enumerate(content[1]):
                    self._add(f"{start + offset}. " + " ".join(self.inlines(_inlines_of(b)) for b in item))
            elif kind == "BulletList":
                for item in content:
                    self._add("- " + " ".join(self.inlines(_inlines_of(b)) for b in item))
            elif kind in ("BlockQuote",):
                self.walk(content)
            elif kind in ("Div", "Figure"):
                self.walk(content[-1])
            elif kind == "CodeBlock":
                self._add(content[1])
            elif kind == "Table":
                self._add(self._table(block))

    def inlines(self, inlines: list[Node], in_note: bool = False) -> str:
        out = []
        for inline in inlines:
            kind, content = inline["t"], inline.get("c", [])
            if kind == "Str":
                out.append(content if in_note else escape_text(content))
            elif kind in ("Space", "SoftBreak"):
                out.append(" ")
            elif kind == "LineBreak":
                out.append(" " if in_note else "\n")
            elif kind == "Note":
                number = len(self.notes) + 1
                self.notes[number] = ""  # numbered where it stands: a note inside a note comes after
                self.notes[number] = " ".join(
                    " ".join(self.inlines(_inlines_of(block), in_note=True).split()) for block in content
                ).strip()
                out.append(f"[^{number}]")
            elif kind in ("Emph", "Underline"):  # in a note too: italics mark a title there
                text = self.inlines(content, in_note)
                out.append(f"*{text.strip()}*" if text.strip() else text)
            elif kind == "Strong":
                text = self.inlines(content, in_note)
                out.append(f"**{text.strip()}**" if text.strip() else text)
            elif kind == "Quoted":
                opening, closing = _QUOTES[content[0]["t"]]
                out.append(opening + self.inlines(content[1], in_note) + closing)
            elif kind == "Link":
                out.append(self._link(content, in_note))
            elif kind in ("Code", "Math"):
                out.append(content[1])
            elif kind == "Image":  # a picture in the text (a logo, a signature): the letter is its words
                continue
            elif kind in ("Span", "Cite"):
                out.append(self.inlines(content[1], in_note))
            elif (
                isinstance(content, list)
                and content
                and isinstance(content[-1], list)
                and all(isinstance(inline, dict) for inline in content[-1])
            ):
                out.append(self.inlines(content[-1], in_note))  # Emph in a note, Strikeout, SmallCaps, Superscript…
        return "".join(out)

    def _link(self, content: list[Any], in_note: bool) -> str:
        text, url = self.inlines(content[1], in_note), content[2][0]
        if in_note:  # the note's text is kept as written, with the address where the text hides it
            return note_link(text, url)
        return f"[{text.strip()}]({url})" if url.startswith(("http://", "https://", "mailto:")) else text

    def _table(self, block: Node) -> str:
        _, _, _, head, bodies, _ = block["c"]  # attr, caption, column specs, head, bodies, foot
        rows = list(head[1]) + [row for body in bodies for row in (*body[2], *body[3])]
        lines = []
        for row in rows:
            cells = [" ".join(self.inlines(_inlines_of(b)) for b in cell[4]) for cell in row[1]]
            cells = [re.sub(r"^\*\*(.*)\*\*$", r"\1", cell.strip()) for cell in cells]  # a header's bold is the table's
            lines.append("| " + " | ".join(" ".join(cell.split()) for cell in cells) + " |")
        if lines:
            lines.insert(1, "|" + " --- |" * len(rows[0][1]))
        return "\n".join(lines)

    def _add(self, text: str, heading: bool = False, level: int = 2) -> None:
        lines = [" ".join(line.split()) for line in text.replace("\u00a0", " ").split("\n")]
        if text := "\n".join(line for line in lines if line):
            self.blocks.append(Block(text, heading, level))


def _inlines_of(block: Node) -> list[Node]:
    """A block's inlines, for a note's or a list item's paragraphs."""
    content: Any = block.get("c", [])
    if block["t"] in ("Para", "Plain"):
        return list(content or [])
    if block["t"] == "Header":
        return list(content[2])
    if block["t"] in ("BlockQuote", "Div"):
        inner = content if block["t"] == "BlockQuote" else content[1]
        return [inline for b in inner for inline in (*_inlines_of(b), {"t": "Space"})]
    return []
