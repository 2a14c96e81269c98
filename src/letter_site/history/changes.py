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
        """The changes to what the letter already said: paragraphs and notes reworded, sources' titles and
        addresses, its title."""
        return (
            sum(1 for change in self.paragraphs if change.old and change.new)
            + sum(1 for change in self.notes if change.old_text is not None and change.new_text is not None)
            + sum(1 for change in self.sources if change.field not in ("added", "removed"))
            + (self.title is not None)
        )

    def counted(self, field: str) -> dict[str, int]:
        """Paragraphs, notes and sources ``"added"`` or ``"removed"``, by kind."""
        added = field == "added"
        return {
            "paragraph": sum(1 for c in self.paragraphs if (c.old is None if added else c.new is None)),
            "note": sum(1 for c in self.notes if (c.old_text is None if added else c.new_text is None)),
            "source": sum(1 for c in self.sources if c.field == field),
        }

    @property
    def empty(self) -> bool:
        return not (self.signed or self.withdrawn or self.paragraphs or self.notes or self.sources or self.title)


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
    for field in ("added", "removed"):
        counts = [
            f"{count} {kind}{'' if count == 1 else 's'}" for kind, count in changes.counted(field).items() if count
        ]
        if counts:
            phrases.append(f"{' and '.join(counts)} {field}")
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


SIMILAR = 0.5  # two paragraphs that share at least this much of their words: one reworded, not one for another
_ALIGNED_AT_MOST = 2_500  # paragraphs old × new in one changed run aligned by their words; beyond, by place


def _paragraphs(old: tuple[Paragraph, ...], new: tuple[Paragraph, ...]) -> tuple[ParagraphChange, ...]:
    changes: list[ParagraphChange] = []
    matcher = SequenceMatcher(None, [p.text for p in old], [p.text for p in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        for a, b in _aligned(old[i1:i2], new[j1:j2]):
            if a is not None and b is not None:
                changes.append(ParagraphChange(a, b, word_difference(a.text, b.text)))
            elif a is not None:
                changes.append(ParagraphChange(a, None, (("-", a.text),)))
            elif b is not None:
                changes.append(ParagraphChange(None, b, (("+", b.text),)))
    return tuple(changes)


def _aligned(old: tuple[Paragraph, ...], new: tuple[Paragraph, ...]) -> list[tuple[Paragraph | None, Paragraph | None]]:
    """A changed run of paragraphs, in order: each old one paired with the new one most like it (a paragraph
    inserted before a reworded one is added, not the reworded one's replacement), the others removed or added."""
    n, m = len(old), len(new)
    if n * m > _ALIGNED_AT_MOST:  # by place: as many pairs as the shorter side
        pairs = min(n, m)
        return [*zip(old[:pairs], new[:pairs], strict=True), *((a, None) for a in old[pairs:]),
                *((None, b) for b in new[pairs:])]  # fmt: skip
    words_old, words_new = [p.text.split() for p in old], [p.text.split() for p in new]
    alike = [[SequenceMatcher(None, a, b, autojunk=False).ratio() for b in words_new] for a in words_old]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]  # best[i][j]: the most likeness old[i:] and new[j:] can pair
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            paired = alike[i][j] + best[i + 1][j + 1] if alike[i][j] >= SIMILAR else 0.0
            best[i][j] = max(best[i + 1][j], best[i][j + 1], paired)
    out: list[tuple[Paragraph | None, Paragraph | None]] = []
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and alike[i][j] >= SIMILAR and best[i][j] == alike[i][j] + best[i + 1][j + 1]:
            out.append((old[i], new[j]))
            i, j = i + 1, j + 1
        elif j < m and (i == n or best[i][j] == best[i][j + 1]):
            out.append((None, new[j]))
            j += 1
        else:
            out.append((old[i], None))
            i += 1
    return out


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
