"""What a version says, as the record compares it: a small value read once per release and kept as JSON.

A release's files do not change, nor does what this tool reads in them: its
snapshot is kept in ``.cache/versions/`` under its tree and the tool's digest,
so that a build with fifty releases reads fifty small files, not fifty trees.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..cite.citations import cite_notes
from ..model import Letter, SignatoryKind
from .paragraphs import Paragraph, paragraphs


@dataclass(frozen=True)
class Signed:
    name: str  # as the signatures print it: "Kim Min-ji, Yonsei University"
    organization: bool


@dataclass(frozen=True)
class NoteText:
    key: str
    number: int
    text: str
    cites: tuple[tuple[str | None, ...], ...]  # (source, pinpoint, quotation, lead) each, and (comment,)


@dataclass(frozen=True)
class SourceText:
    key: str
    title: str
    url: str | None


@dataclass(frozen=True)
class Snapshot:
    title: str
    paragraphs: tuple[Paragraph, ...]
    notes: tuple[NoteText, ...]
    signatories: tuple[Signed, ...]
    sources: tuple[SourceText, ...]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Snapshot:
        data = json.loads(text)
        return cls(
            data["title"],
            tuple(Paragraph(**item) for item in data["paragraphs"]),
            tuple(
                NoteText(n["key"], n["number"], n["text"], tuple(tuple(c) for c in n["cites"])) for n in data["notes"]
            ),
            tuple(Signed(**item) for item in data["signatories"]),
            tuple(SourceText(**item) for item in data["sources"]),
        )


def snapshot(letter: Letter) -> Snapshot:
    """What ``letter`` says, as the record compares it."""
    notes = []
    for note in cite_notes(letter):
        cites = tuple((c.source, c.pinpoint, c.quotation, c.lead) for c in note.note.cites)
        notes.append(NoteText(note.key, note.number, note.text, (*cites, (note.note.comment,))))
    return Snapshot(
        letter.title,
        paragraphs(letter),
        tuple(notes),
        tuple(Signed(s.signed_as, s.kind is SignatoryKind.ORGANIZATION) for s in letter.signatories),
        tuple(SourceText(key, source.title, source.url) for key, source in letter.sources.items()),
    )


def _note(data: dict[str, Any]) -> NoteText:
    return NoteText(data["key"], data["number"], data["text"], tuple(tuple(cite) for cite in data["cites"]))


@lru_cache(maxsize=1)
def tool_digest() -> str:
    """This tool's own files, as a digest: what it reads in a release, and builds of it, depend on them."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
