"""The letter as published (tests/golden/published-letter.txt), split into what tests compare."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden" / "published-letter.txt"
NOTE_LINE = re.compile(r"(\d+) (.+)")


@dataclass(frozen=True)
class Published:
    paragraphs: tuple[str, ...]  # the letter from its title to the last signatory
    notes: dict[int, str]  # number -> text


def published() -> Published:
    lines = [line.strip() for line in GOLDEN.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    end = lines.index("Download the English PDF")
    rule = next(i for i, line in enumerate(lines) if set(line) == {"_"})
    notes = {}
    for line in lines[rule + 1 :]:
        match = NOTE_LINE.fullmatch(line)
        assert match, f"unexpected line among the notes: {line!r}"
        notes[int(match.group(1))] = match.group(2)
    return Published(tuple(lines[:end]), notes)
