"""What changed from one version of the letter to the next, in a letter's terms, computed from its sources.

Not a line difference of files: who signed and who withdrew, by name; the
paragraphs whose words changed (a word difference, with their ¶ in both
versions); the notes added, removed or changed (by number: old text, new text);
the sources whose title or address changed.  :func:`summary` says it in a phrase
("3 organizations have signed since; 2 corrections").
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from .paragraphs import Paragraph
from .snapshot import NoteText, Signed, Snapshot, SourceText

Words = tuple[tuple[str, str], ...]  # ("=", "kept words"), ("-", "removed words"), ("+", "added words")


@dataclass(frozen=True)
class ParagraphChange:
    old: Paragraph | None  # None: a paragraph added
    new: Paragraph | None  # None: a paragraph removed
    words: Words


@dataclass(frozen=True)
class NoteChange:
    key: str
    old_number: int | None  # None: a note added
    new_number: int | None  # None: a note removed
    old_text: str | None
    new_text: str | None


@dataclass(frozen=True)
class SourceChange:
    key: str
    field: str  # "title", "url", "added", "removed"
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Changes:
    signed: tuple[Signed, ...] = ()
    withdrawn: tuple[Signed, ...] = ()
    paragraphs: tuple[ParagraphChange, ...] = ()
    notes: tuple[NoteChange, ...] = ()
    sources: tuple[SourceChange, ...] = ()
    title: tuple[str, str] | None = None  # (old, new), if the title changed

    @property
    def corrections(self) -> int:
        """The changes to what the letter says: paragraphs, notes and sources (and its title)."""
        return len(self.paragraphs) + len(self.notes) + len(self.sources) + (self.title is not None)

    @property
    def empty(self) -> bool:
        return not (self.signed or self.withdrawn or self.corrections)


def compare(old: Snapshot, new: Snapshot) -> Changes:
    """What changed from ``old`` to ``new``."""
    old_names = {s.name for s in old.signatories}
    new_names = {s.name for s in new.signatories}
    return Changes(
        signed=tuple(s for s in new.signatories if s.name not in old_names),
        withdrawn=tuple(s for s in old.signatories if s.name not in new_names),
        paragraphs=_paragraphs(old.paragraphs, new.paragraphs),
        notes=_notes(old.notes, new.notes),
        sources=_sources(old.sources, new.sources),
        title=(old.title, new.title) if old.title != new.title else None,
    )


def summary(changes: Changes, since: str = " since") -> str:
    """The changes in a phrase: "3 organizations and 1 individual have signed since; 2 corrections"."""
    phrases = []
    if changes.signed:
        organizations = sum(s.organization for s in changes.signed)
        people = len(changes.signed) - organizations
        who = " and ".join(
            text
            for count, one, many in (
                (organizations, "organization", "organizations"),
                (people, "individual", "individuals"),
            )
            if count
            for text in [f"{count} {one if count == 1 else many}"]
        )
        phrases.append(f"{who} {'has' if len(changes.signed) == 1 else 'have'} signed{since}")
    if changes.withdrawn:
        count = len(changes.withdrawn)
        phrases.append(f"{count} {'signatory has' if count == 1 else 'signatories have'} withdrawn")
    if changes.corrections:
        count = changes.corrections
        phrases.append(f"{count} {'correction' if count == 1 else 'corrections'}")
    return "; ".join(phrases) if phrases else f"no change{since}"


def word_difference(old: str, new: str) -> Words:
    """``old`` → ``new`` word by word: runs kept, removed and added."""
    before, after = old.split(), new.split()
    runs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(("=", " ".join(before[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("-", " ".join(before[i1:i2])))
        if j2 > j1:
            runs.append(("+", " ".join(after[j1:j2])))
    return tuple(runs)


def _paragraphs(old: tuple[Paragraph, ...], new: tuple[Paragraph, ...]) -> tuple[ParagraphChange, ...]:
    changes: list[ParagraphChange] = []
    matcher = SequenceMatcher(None, [p.text for p in old], [p.text for p in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1)
        for a, b in zip(old[i1 : i1 + pairs], new[j1 : j1 + pairs], strict=True):
            changes.append(ParagraphChange(a, b, word_difference(a.text, b.text)))
        for a in old[i1 + pairs : i2]:
            changes.append(ParagraphChange(a, None, (("-", a.text),)))
        for b in new[j1 + pairs : j2]:
            changes.append(ParagraphChange(None, b, (("+", b.text),)))
    return tuple(changes)


def _notes(old: tuple[NoteText, ...], new: tuple[NoteText, ...]) -> tuple[NoteChange, ...]:
    before = {note.key: note for note in old}
    after = {note.key: note for note in new}
    changes = []
    for key, note in after.items():
        was = before.get(key)
        if was is not None and was.cites == note.cites:
            continue  # what it cites is unchanged: a source's change, or an "Id." before it, is listed there
        if was is None or was.text != note.text:
            number, text = (was.number, was.text) if was else (None, None)
            changes.append(NoteChange(key, number, note.number, text, note.text))
    for key, was in before.items():
        if key not in after:
            changes.append(NoteChange(key, was.number, None, was.text, None))
    return tuple(sorted(changes, key=lambda c: (c.new_number or c.old_number or 0, c.new_number is None)))


def _sources(old: tuple[SourceText, ...], new: tuple[SourceText, ...]) -> tuple[SourceChange, ...]:
    before = {source.key: source for source in old}
    after = {source.key: source for source in new}
    changes = []
    for key, source in after.items():
        was = before.get(key)
        if was is None:
            changes.append(SourceChange(key, "added", None, source.title))
            continue
        for name in ("title", "url"):
            if getattr(was, name) != getattr(source, name):
                changes.append(SourceChange(key, name, getattr(was, name), getattr(source, name)))
    changes += [SourceChange(key, "removed", source.title, None) for key, source in before.items() if key not in after]
    return tuple(changes)
