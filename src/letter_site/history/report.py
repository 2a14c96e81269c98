"""The record as text: what ``letter-site versions`` prints, for editors and for a release's note."""

from __future__ import annotations

from ..common.dates import day_month_year
from .changes import Changes, Words, summary
from .record import Version


def report(versions: tuple[Version, ...]) -> str:
    """Each version with its date, its note and what changed from the one before."""
    if not versions:
        return 'No released version yet: a release (a git tag) marks one (README, "Versions").\n'
    lines: list[str] = []
    for index, version in enumerate(versions):
        release = version.release
        if release is None:
            lines.append("Not yet released (on the branch now):")
        else:
            note = f" — {release.note.splitlines()[0]}" if release.note else ""
            lines.append(f"{release.tag} — {day_month_year(release.date.date())}{note}")
        if index == 0:
            lines.append("  the first version")
        else:
            before = versions[index - 1].release
            lines.append(
                f"  since {before.tag if before else 'the last release'}: {summary(version.changes, since='')}"
            )
            lines += [f"  {line}" for line in details(version.changes)]
    return "\n".join(lines) + "\n"


def details(changes: Changes) -> list[str]:
    """Each change on a line: who signed, ¶ word differences, notes, sources."""
    lines = [f"signed: {s.name}" for s in changes.signed]
    lines += [f"withdrawn: {s.name}" for s in changes.withdrawn]
    if changes.title:
        lines.append(f"title: {changes.title[0]} → {changes.title[1]}")
    for change in changes.paragraphs:
        if change.old and change.new:
            where = f"¶ {change.new.number}" + (
                f" (¶ {change.old.number} before)" if change.old.number != change.new.number else ""
            )
            lines.append(f"{where}: {marked(change.words)}")
        elif change.new:
            lines.append(f"¶ {change.new.number} added: {change.new.text}")
        elif change.old:
            lines.append(f"¶ {change.old.number} (before) removed: {change.old.text}")
    for note in changes.notes:
        if note.old_text is None:
            lines.append(f"note {note.new_number} added: {note.new_text}")
        elif note.new_text is None:
            lines.append(f"note {note.old_number} (before) removed: {note.old_text}")
        else:
            lines.append(f"note {note.new_number}: {note.old_text} → {note.new_text}")
    for source in changes.sources:
        if source.field in ("added", "removed"):
            lines.append(f"source {source.key} {source.field}: {source.new or source.old}")
        else:
            lines.append(f"source {source.key}: {source.field} {source.old} → {source.new}")
    return lines


def marked(words: Words) -> str:
    """A word difference as text: ``kept [-removed-] {+added+}`` (git's word-diff marks)."""
    return " ".join(text if op == "=" else f"[-{text}-]" if op == "-" else f"{{+{text}+}}" for op, text in words)
