"""A Markdown draft (``.md``) read into its parts: notes written ``[^label]`` and defined ``[^label]: text``.

What pandoc, Obsidian, iA Writer and GitHub write.  The notes are numbered in
the order the text first refers to them, whatever their labels; a title and
date in a YAML front matter (``title:``, ``date:``) come first, as pandoc
reads them.  Headings (``#``) mark sections; a line ending in two spaces or a
backslash is a line break, kept (an address).
"""

from __future__ import annotations

import re
from dataclasses import replace

import yaml

from .layout import Block, Draft, DraftProblem, check_references, lay_out, note_link

_DEFINITION = re.compile(r"^\[\^(?P<label>[^\]\s]+)\]:[ \t]*(?P<text>.*)$")
_REFERENCE = re.compile(r"\[\^(?P<label>[^\]\s]+)\](?!:)")
_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\((https?://[^)\s]+)\)")  # [text](address), in a note: as its words
_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.+?)\s*#*\s*$")
_FRONT = re.compile(r"\A---\n(?P<yaml>.*?)\n(?:---|\.\.\.)\n", re.DOTALL)


def read_markdown(text: str) -> Draft:
    """The parts of a letter written in Markdown; :class:`DraftProblem` if it is not one."""
    text = text.replace("\r\n", "\n").replace("\u00a0", " ")
    front: list[Block] = []
    if found := _FRONT.match(text):
        try:
            meta = yaml.safe_load(found["yaml"])
        except yaml.YAMLError:
            raise DraftProblem("its front matter (between the --- lines at the top) is not YAML") from None
        text = text[found.end() :]
        if isinstance(meta, dict):
            front = [Block(str(meta[key])) for key in ("title", "date") if meta.get(key)]
    definitions: dict[str, str] = {}
    blocks: list[Block] = []
    last = ""
    for chunk in re.split(r"\n[ \t]*\n", text):
        if not chunk.strip():
            continue
        definition = _DEFINITION.match(chunk.split("\n", 1)[0])
        if definition or (last and chunk.startswith(("    ", "\t"))):  # notes, or a note's next paragraph
            last = _definitions(chunk, definitions, last)
            continue
        blocks.append(_block(chunk))
    numbers: dict[str, int] = {}

    def number(found: re.Match[str]) -> str:
        label = found["label"]
        if label not in definitions:
            raise DraftProblem(f"the text refers to note [^{label}], which is defined nowhere (add [^{label}]: …)")
        numbers.setdefault(label, len(numbers) + 1)
        return f"[^{numbers[label]}]"

    blocks = [replace(block, text=_REFERENCE.sub(number, block.text)) for block in [*front, *blocks]]
    if unused := [label for label in definitions if label not in numbers]:
        raise DraftProblem(f"note [^{unused[0]}] is defined but the text never refers to it")
    notes = {numbers[label]: _LINK.sub(lambda found: note_link(found[1], found[2]), text)
             for label, text in definitions.items()}  # fmt: skip
    draft = lay_out(blocks, dict(sorted(notes.items())))
    check_references(draft)
    return draft


def _definitions(chunk: str, definitions: dict[str, str], last: str) -> str:
    """The note definitions in ``chunk`` added (a line not starting one continues the one before); the last label."""
    for line in chunk.split("\n"):
        if found := _DEFINITION.match(line):
            last = found["label"]
            if last in definitions:
                raise DraftProblem(f"note [^{last}] is defined twice")
            definitions[last] = found["text"].strip()
        else:
            definitions[last] = f"{definitions[last]} {line.strip()}".strip()
    return last


def _block(chunk: str) -> Block:
    lines = chunk.strip("\n").split("\n")
    if len(lines) == 1 and (found := _HEADING.match(lines[0])):
        return Block(found["text"], heading=True, level=len(lines[0]) - len(lines[0].lstrip("#")))
    if len(lines) > 1 and all(line.lstrip().startswith("|") for line in lines):  # a table: its rows kept
        return Block("\n".join(line.strip() for line in lines))
    joined = []
    for line in lines:
        hard = line.endswith(("  ", "\\"))
        joined.append(line.rstrip(" \\").strip() + ("\n" if hard else " "))
    return Block("".join(joined).strip())
