"""Letters of other shapes: what their sources may say, and the one clear message for each mistake.

The shapes come from the coalition's real letters: a "CC:" list beside or instead of
"ATTN:", postal addresses, no numbered sections, an annex with a table after the
signatures, individuals who sign with an affiliation, news and NGO reports and books
among the sources, and "Ibid." as the house style.  The second letter
(test_second_letter.py) shows them all built; this table, each mistake reported.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cases import case, check
from letter_site.cite.citations import cite_sequence
from letter_site.model import Cite, Note, Place, Source
from letter_site.sources.loader import SourcePaths, load_letter
from projects import copy_sources, edit, insert_after, write

ANNEX = "---\nanchor: annex-changes\nannex: true\n---\n\n## Annex: proposed changes\n\n"
TABLE = "| Paragraph | Draft | Proposed |\n| --- | --- | --- |\n| 4 | Notes | Condemns |\n"


def test_the_real_letters_shapes_are_accepted(tmp_path: Path) -> None:
    root = copy_sources(tmp_path / "project")
    write("letter/07-annex.md", ANNEX + TABLE)(root)
    insert_after("footnotes.yaml", "\nsources:\n", "  herald:\n    title: A report\n    publisher: The Herald\n"
                 "    url: https://news.example.org/a\n")(root)  # fmt: skip
    edit("footnotes.yaml", "\nsources:\n", "\nrepeat: Ibid.\n\nsources:\n")(root)
    edit("footnotes.yaml", "      - source: sr-2022-ga\n", "      - source: herald\n      - source: sr-2022-ga\n")(root)
    edit("signatories.yaml", "\nsignatories:\n", "\nsignatories:\n  - name: Kim Min-ji\n    kind: individual\n"
         "    affiliation: Yonsei University\n")(root)  # fmt: skip
    opening = "letter/00-opening.md"
    edit(opening, '<div class="letter-attn" markdown>', '<div class="letter-cc" markdown>')(root)
    letter = load_letter(SourcePaths(root))
    assert [part.anchor for part in letter.annexes] == ["annex-changes"]
    assert letter.annexes[0].heading == "Annex: proposed changes"
    assert letter.repeat == "Ibid."
    assert letter.sources["herald"].publisher == "The Herald"
    assert letter.signatories[0].signed_as == "Kim Min-ji, Yonsei University"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        case(
            "annex-without-a-title",
            [write("letter/07-annex.md", "---\nanchor: annex-changes\nannex: true\n---\n\nText.\n")],
            ("letter/07-annex.md", "annex: true", "an annex needs a title: start its text with a ## heading"),
        ),
        case(
            "a-part-after-an-annex",
            [
                write("letter/07-annex.md", ANNEX + TABLE),
                write("letter/08-postscript.md", "---\nanchor: ps\n---\n\nP.S.\n"),
            ],
            (
                "letter/08-postscript.md",
                None,
                "this part comes after the annex letter/07-annex.md, but annexes are printed after the signatures "
                "(rename the files so that the annexes come last, or add 'annex: true' to this one)",
            ),
        ),
        case(
            "aligned-table-column",
            [write("letter/07-annex.md", ANNEX + "| A | B |\n| :-- | --: |\n| 1 | 2 |\n")],
            (
                "letter/07-annex.md",
                "| :-- |",
                "a table column aligned with ':' in the line under its header (write that line with dashes only, "
                "| --- | --- |: the letter's tables are aligned one way)",
            ),
        ),
        case(
            "script-in-a-table-cell",
            [write("letter/07-annex.md", ANNEX + "| A | B |\n| --- | --- |\n| 1 | <script>x</script> |\n")],
            (
                "letter/07-annex.md",
                "<script>",
                "<script> is not allowed in the letter: it could run code or load from another host (remove it)",
            ),
        ),
        case(
            "raw-cell-styled",  # not Markdown's alignment: a style attribute, refused at its own line
            [
                write(
                    "letter/07-annex.md",
                    ANNEX + '<table><tr><td style="text-align: left; color: red">1</td></tr></table>\n',
                )
            ],
            (
                "letter/07-annex.md",
                "<table>",
                "a style attribute can make readers' browsers load from another host (remove it; use one of the "
                "letter's classes: letter-address, letter-addressee, letter-attn, letter-cc, letter-re, "
                "letter-salutation, letter-signoff, letter-thanks)",
            ),
        ),
        case(
            "same-person-twice",
            [
                insert_after(
                    "signatories.yaml",
                    "\nsignatories:\n",
                    "  - name: Kim Min-ji\n    kind: individual\n    affiliation: Yonsei University\n"
                    "  - name: Kim Min-ji\n    kind: individual\n    affiliation: Yonsei University\n",
                )
            ],
            (
                "signatories.yaml",
                "- name: Kim Min-ji#2",
                "duplicate signatory 'Kim Min-ji' (already listed on line {@- name: Kim Min-ji#1}: remove one of them)",
            ),
        ),
        case(
            "affiliation-of-an-organization",
            [insert_after("signatories.yaml", "    acronym: NKD\n", "    affiliation: Seoul\n")],
            (
                "signatories.yaml",
                "affiliation: Seoul",
                "affiliation is for an individual (an organization signs with its name: remove this line, "
                "or write kind: individual)",
            ),
        ),
        case(
            "ibid-typed-as-a-source",
            [edit("footnotes.yaml", "      - source: sr-2022-ga\n", "      - source: Ibid.\n")],
            (
                "footnotes.yaml",
                "sr-2022-ga:",
                "source 'sr-2022-ga' is not cited by any note (cite it from a note, or delete it)",
            ),
            (
                "footnotes.yaml",
                "- source: Ibid.",
                "note 'sr-2000-detained' cites unknown source 'Ibid.' (cite the source by its key: the site writes "
                '"Id." itself, or "Ibid." with \'repeat: Ibid.\' at the top of the file)',
            ),
        ),
        case(
            "repeat-style-unknown",
            [edit("footnotes.yaml", "\nsources:\n", "\nrepeat: Idem\n\nsources:\n")],
            ("footnotes.yaml", "repeat: Idem", "'repeat' must be one of Ibid., Id. (got 'Idem')"),
        ),
    ],
)
def test_mistakes_in_letters_of_other_shapes(tmp_path: Path, changes: list[object], expected: list[object]) -> None:
    check(tmp_path, changes, expected)  # type: ignore[arg-type]


def test_two_people_of_one_name_are_told_apart_by_their_affiliations(tmp_path: Path) -> None:
    root = copy_sources(tmp_path / "project")
    people = "".join(
        f"  - name: Kim Min-ji\n    kind: individual\n    affiliation: {where}\n"
        for where in ("Yonsei University", "Seoul National University")
    )
    insert_after("signatories.yaml", "\nsignatories:\n", people)(root)
    signed = [s.signed_as for s in load_letter(SourcePaths(root)).signatories[:2]]
    assert signed == ["Kim Min-ji, Yonsei University", "Kim Min-ji, Seoul National University"]


def source(key: str, **fields: object) -> Source:
    return Source(key, f"Title {key}", f"https://example.org/{key}", Place("footnotes.yaml", 1), **fields)  # type: ignore[arg-type]


def note(key: str, *cites: tuple[str, str | None]) -> Note:
    return Note(key, tuple(Cite(s, Place("footnotes.yaml", 1), pinpoint) for s, pinpoint in cites), Place("f", 1))


@pytest.mark.parametrize(
    ("repeat", "expected"),
    [
        ("Id.", ["A, Title a, The Herald, https://example.org/a", "Id., para. 2.", "Id."]),
        ("Ibid.", ["A, Title a, The Herald, https://example.org/a", "Ibid., para. 2.", "Ibid."]),
    ],
)
def test_the_repeat_word_is_the_letters_house_style(repeat: str, expected: list[str]) -> None:
    sources = {"a": source("a", author="A", publisher="The Herald")}
    notes = [note("n1", ("a", None)), note("n2", ("a", "para. 2")), note("n3", ("a", "para. 2"))]
    assert [cited.text for cited in cite_sequence(notes, sources, repeat)] == expected
