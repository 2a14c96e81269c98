"""Synthetic sources at scale: the real letter with k times its notes and sources, and n individual signatories.

``make_project(folder, notes=10, individuals=1000)`` copies the repository's
sources into ``folder`` and grows them the way a coalition's letter grows:

- ``(notes - 1) × 26`` more notes and ``(notes - 1) × 11`` more sources, cited
  from new paragraphs of the letter's last section, each with a pinpoint; every
  third note cites the same source as the note before it, so "Id." is written
  as often, in proportion, as in the real letter;
- ``individuals`` individual signatories after the 12 organizations.

Every generated source and name is valid, so the result builds: a benchmark
(``tools/bench.py``) and a test (the 10,000-signatory page) use it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("letter", "docs", "footnotes.yaml", "signatories.yaml", "mkdocs.yml")
REAL_NOTES, REAL_SOURCES = 26, 11
LAST_SECTION = "letter/05-way-forward.md"
NOTES_PER_PARAGRAPH = 4


def copy_sources(target: Path) -> Path:
    """The repository's sources, as they are now, in ``target`` (the tests copy them with this too)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    return target


def make_project(target: Path, notes: int = 1, individuals: int = 0) -> Path:
    """The real sources in ``target`` with ``notes`` times the notes and sources, and ``individuals`` more names."""
    project = copy_sources(target)
    extra_notes, extra_sources = (notes - 1) * REAL_NOTES, (notes - 1) * REAL_SOURCES
    if extra_notes:
        add_notes(project, extra_notes, extra_sources)
    if individuals:
        add_individuals(project, individuals)
    return project


def add_notes(project: Path, count: int, sources: int) -> None:
    source_lines, note_lines, paragraphs, words = [], [], [], []
    for number in range(1, sources + 1):
        source_lines += [
            f"  scale-source-{number}:",
            f"    title: Report number {number} of a synthetic series on the situation of human rights",
            f"    date: 20{10 + number % 14:02d}-{1 + number % 12:02d}-{1 + number % 28:02d}",
            f"    symbol: A/HRC/{40 + number // 1000}/{number % 1000 + 100}",
            f"    url: https://undocs.org/A/HRC/{40 + number // 1000}/{number % 1000 + 100}",
            "",
        ]
    source = 0
    for number in range(1, count + 1):
        if number % 3:  # every third note cites the source of the note before it: "Id."
            source = source % sources + 1
        note_lines += [
            f"  scale-note-{number}:",
            "    cites:",
            f"      - source: scale-source-{source}",
            f"        pinpoint: para. {number}",
            "",
        ]
        words.append(f"Finding {number} of the synthetic series is cited here.[^scale-note-{number}]")
        if len(words) == NOTES_PER_PARAGRAPH:
            paragraphs.append(" ".join(words))
            words = []
    if words:
        paragraphs.append(" ".join(words))
    footnotes = project / "footnotes.yaml"
    text = footnotes.read_text(encoding="utf-8")
    head, notes = text.split("\nnotes:\n", 1)
    footnotes.write_text(
        head.rstrip("\n")
        + "\n\n"
        + "\n".join(source_lines)
        + "\nnotes:\n"
        + notes.rstrip("\n")
        + "\n\n"
        + "\n".join(note_lines),
        encoding="utf-8",
    )
    section = project / LAST_SECTION
    section.write_text(
        section.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8"
    )


GIVEN = (  # noqa: SIM905 - names to read, not a list to scroll
    "Min-jun Seo-yeon Ji-ho Ha-eun Do-yun Soo-ah Jae-won Eun-ji Hyun-woo Ye-jin Sung-min Na-rae "
    "Anna James Maria David Sarah Thomas Elena Daniel Sophie Michael Laura Peter Ingrid Tomás Aiko "
    "Kenji Mei Wei Priya Arjun Fatima Omar Amara Kwame Olga Ivan Lucía Mateo Chloé Lukas Sven Noor"
).split()
FAMILY = (  # noqa: SIM905
    "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song Jeon Hong "
    "Smith García Müller Rossi Dubois Tanaka Chen Wang Singh Okafor Hansen Novak Silva Cohen Ahmed "
    "Nakamura Petrov Johansson Moreau Kowalski"
).split()


def individual_name(number: int) -> str:
    """The ``number``-th synthetic individual (from 0): given name, middle initial and family name, all distinct."""
    given, rest = GIVEN[number % len(GIVEN)], number // len(GIVEN)
    family, initial = FAMILY[rest % len(FAMILY)], rest // len(FAMILY)
    return f"{given} {chr(ord('A') + initial % 26)}. {family}" + (f" {initial // 26 + 1}" if initial >= 26 else "")


def add_individuals(project: Path, count: int) -> None:
    signatories = project / "signatories.yaml"
    names = "".join(f"\n  - name: {individual_name(number)}\n    kind: individual\n" for number in range(count))
    signatories.write_text(signatories.read_text(encoding="utf-8").rstrip("\n") + "\n" + names, encoding="utf-8")
