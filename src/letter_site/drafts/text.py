"""A published letter's text (``.txt``) read into its parts: the form of a letter pasted from a web page.

Its paragraphs are separated by blank lines; its notes are numbers glued to the
text they follow ("… in China.1 This …") and listed at the end ("1 Report of
…").  The notes are taken from the end and each number found in the text in
order, 1, 2, 3…; the rest is laid out as every format's is (:mod:`.layout`).
"""

from __future__ import annotations

import re

from .layout import Block, Draft, DraftProblem, Section, escape_text, lay_out

_NOTE_LINE = re.compile(r"(?P<number>\d{1,3})\.?\s+(?P<text>\S.*)")


def read_text(text: str) -> Draft:
    """The parts of a letter written as plain text; :class:`DraftProblem` if it is not one."""
    paragraphs = [" ".join(block.split()) for block in re.split(r"\n\s*\n", text.replace("\u00a0", " "))]
    paragraphs = [paragraph for paragraph in paragraphs if paragraph]
    if not paragraphs:
        raise DraftProblem("the draft has no text (is it the right file?)")
    notes, end = _notes(paragraphs)
    draft = lay_out([Block(escape_text(paragraph)) for paragraph in paragraphs[:end]], notes)
    _mark_references(draft.sections, notes)
    return draft


def _notes(paragraphs: list[str]) -> tuple[dict[int, str], int]:
    """The numbered notes at the end (N, N-1, … back to 1, each a paragraph), and where they start."""
    numbered: dict[int, str] = {}
    start = len(paragraphs)
    for index in range(len(paragraphs) - 1, -1, -1):
        found = _NOTE_LINE.fullmatch(paragraphs[index])
        if not found:
            break
        if int(found["number"]) in numbered:
            raise DraftProblem(f"note {found['number']} is listed twice at the end")
        numbered[int(found["number"])] = found["text"]
        start = index
        if int(found["number"]) == 1:
            break
    if not numbered:
        return {}, len(paragraphs)
    wanted = list(range(1, max(numbered) + 1))
    if sorted(numbered) != wanted:
        missing = sorted(set(wanted) - set(numbered))
        raise DraftProblem(f"the notes at the end are not numbered 1 to {max(numbered)}: {missing[0]} is missing")
    return dict(sorted(numbered.items())), start


def _mark_references(sections: list[Section], notes: dict[int, str]) -> None:
    """Each note number glued to the text before it ("China.1 ") becomes ``[^n]``, in order: 1, 2, 3…"""
    expected = 1
    for section in sections:
        for index, paragraph in enumerate(section.paragraphs):
            out, position = [], 0
            while expected in notes:
                # After a word's last letter or its punctuation ("China.1"), not in a name ("P5", "G20").
                found = re.compile(rf"(?<=[^\s\dA-Z,/-]){expected}(?=\s|$)").search(paragraph, position)
                if not found:
                    break
                out.append(paragraph[position : found.start()] + f"[^{expected}]")
                position, expected = found.end(), expected + 1
            section.paragraphs[index] = "".join(out) + paragraph[position:]
    if expected in notes:
        raise DraftProblem(f"note {expected} is listed at the end but the text never refers to it")
