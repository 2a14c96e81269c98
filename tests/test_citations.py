"""The citation engine, as a specification: numbering, full forms and "Id."."""

from __future__ import annotations

from datetime import date

import pytest

from letter_site import Letter, cite_notes
from letter_site.cite.citations import Kind, cite_sequence
from letter_site.model import Cite, Note, Place, Source
from published import published

HERE = Place("footnotes.yaml", 1)
SOURCES = {
    "a": Source("a", "Report A", "https://undocs.org/A/1", HERE, date=date(2014, 2, 7), symbol="A/1"),
    "b": Source("b", "Statement B", "https://www.ohchr.org/b", HERE, author="OHCHR", date=date(2023, 4, 10)),
    "c": Source("c", "Report C", "https://undocs.org/C/3", HERE, symbol="C/3"),
}
FULL_A = "Report A (7 February 2014), A/1"
FULL_B = "OHCHR, Statement B (10 April 2023)"
FULL_C = "Report C, C/3"


def note(key: str, *cites: tuple[str, str | None]) -> Note:
    return Note(key, tuple(Cite(source, HERE, pinpoint) for source, pinpoint in cites), HERE)


def texts(*notes: Note) -> list[str]:
    return [cited.text for cited in cite_sequence(notes, SOURCES)]


@pytest.mark.parametrize(
    ("sequence", "expected"),
    [
        pytest.param(
            [[("a", "para. 1")]],
            [f"{FULL_A}, para. 1, https://undocs.org/A/1"],
            id="first citation is in full",
        ),
        pytest.param(
            [[("a", "para. 1")], [("a", "para. 2")]],
            [f"{FULL_A}, para. 1, https://undocs.org/A/1", "Id., para. 2."],
            id="same source again, other pinpoint: Id. with pinpoint",
        ),
        pytest.param(
            [[("a", "para. 1")], [("a", "para. 1")]],
            [f"{FULL_A}, para. 1, https://undocs.org/A/1", "Id."],
            id="same source and pinpoint: bare Id.",
        ),
        pytest.param(
            [[("a", None)], [("a", None)]],
            [f"{FULL_A}, https://undocs.org/A/1", "Id."],
            id="same source twice without pinpoint: bare Id.",
        ),
        pytest.param(
            [[("a", "para. 1")], [("a", None)]],
            [f"{FULL_A}, para. 1, https://undocs.org/A/1", f"{FULL_A}, https://undocs.org/A/1"],
            id="the whole work after a pinpoint in it: full again (a bare Id. would mean para. 1)",
        ),
        pytest.param(
            [[("a", None)], [("a", "paras. 3-4")]],
            [f"{FULL_A}, https://undocs.org/A/1", "Id., paras. 3-4."],
            id="whole work, then a pinpoint in it",
        ),
        pytest.param(
            [[("a", "para. 1")], [("b", None)], [("a", "para. 2")]],
            [
                f"{FULL_A}, para. 1, https://undocs.org/A/1",
                f"{FULL_B}, https://www.ohchr.org/b",
                f"{FULL_A}, para. 2, https://undocs.org/A/1",
            ],
            id="another source in between: full again",
        ),
        pytest.param(
            [[("a", "para. 1"), ("c", "para. 9")], [("c", "para. 10")]],
            [
                f"{FULL_A}, para. 1, https://undocs.org/A/1 ; {FULL_C}, para. 9, https://undocs.org/C/3",
                f"{FULL_C}, para. 10, https://undocs.org/C/3",
            ],
            id="after a multi-source note: full again (note 22)",
        ),
        pytest.param(
            [[("a", "para. 1")], [("a", "para. 2"), ("c", None)]],
            [
                f"{FULL_A}, para. 1, https://undocs.org/A/1",
                f"{FULL_A}, para. 2, https://undocs.org/A/1 ; {FULL_C}, https://undocs.org/C/3",
            ],
            id="a multi-source note is never Id.",
        ),
        pytest.param(
            [[("a", "para. 1")], [("a", "para. 2")], [("a", "para. 3")]],
            [f"{FULL_A}, para. 1, https://undocs.org/A/1", "Id., para. 2.", "Id., para. 3."],
            id="Id. after Id.",
        ),
    ],
)
def test_citation_sequences(sequence: list[list[tuple[str, str | None]]], expected: list[str]) -> None:
    notes = [note(f"n{i}", *cites) for i, cites in enumerate(sequence)]
    assert texts(*notes) == expected


def test_reordering_turns_id_back_into_a_full_citation() -> None:
    first, second, other = note("1", ("a", "para. 1")), note("2", ("a", "para. 2")), note("3", ("b", None))
    assert texts(first, second)[1] == "Id., para. 2."
    assert texts(first, other, second)[2] == f"{FULL_A}, para. 2, https://undocs.org/A/1"
    assert texts(second, first) == [f"{FULL_A}, para. 2, https://undocs.org/A/1", "Id., para. 1."]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            Source("t", "OHCHR Assessment of X", "https://x.org/", HERE, author="OHCHR", date=date(2022, 8, 31)),
            "OHCHR Assessment of X (31 August 2022), https://x.org/",
            id="author named at the start of the title is not repeated (note 26)",
        ),
        pytest.param(
            Source("t", "Resolution 25/25 of 28 March 2014 on X", "https://x.org/", HERE, date=date(2014, 3, 28)),
            "Resolution 25/25 of 28 March 2014 on X, https://x.org/",
            id="date written in the title is not repeated (note 9)",
        ),
        pytest.param(
            Source("t", "UNICEF report on X", "https://x.org/", HERE, author="UN"),
            "UN, UNICEF report on X, https://x.org/",
            id="an author is left out only when the title starts with it as a word",
        ),
    ],
)
def test_full_form_does_not_repeat_the_title(source: Source, expected: str) -> None:
    cited = cite_sequence([Note("n", (Cite("t", HERE),), HERE)], {"t": source})
    assert cited[0].text == expected


def test_quotation_is_in_curly_quotes_inside_brackets() -> None:
    cites = (Cite("a", HERE, "para. 9", "It said “this”."),)
    cited = cite_sequence([Note("n", cites, HERE)], SOURCES)
    assert cited[0].text == f"{FULL_A}, para. 9 (“It said “this”.”), https://undocs.org/A/1"


def test_segments_mark_the_url_and_the_id() -> None:
    cited = cite_sequence([note("1", ("a", "para. 1")), note("2", ("a", "para. 2"))], SOURCES)
    assert [(s.kind, s.text, s.source) for s in cited[0].segments] == [
        (Kind.TEXT, f"{FULL_A}, para. 1, ", None),
        (Kind.URL, "https://undocs.org/A/1", "a"),
    ]
    assert [(s.kind, s.text, s.source) for s in cited[1].segments] == [
        (Kind.ID, "Id.", "a"),
        (Kind.TEXT, ", para. 2.", None),
    ]


# -- golden: the real sources against the published letter ------------------

PUBLISHED = published()


def test_there_are_26_notes_numbered_in_reading_order(letter: Letter) -> None:
    cited = cite_notes(letter)
    assert [note.number for note in cited] == list(range(1, 27))
    first_reference = [ref.key for part in letter.parts for ref in part.references]
    assert [note.key for note in cited] == list(dict.fromkeys(first_reference))


@pytest.mark.parametrize("number", sorted(PUBLISHED.notes))
def test_golden_note(letter: Letter, number: int) -> None:
    assert cite_notes(letter)[number - 1].text == PUBLISHED.notes[number]


@pytest.mark.parametrize(("number", "short"), [(3, True), (9, False), (21, False), (22, False), (23, True)])
def test_id_is_used_exactly_where_the_letter_uses_it(letter: Letter, number: int, short: bool) -> None:
    assert cite_notes(letter)[number - 1].short is short


def test_a_lead_is_written_before_its_cite_and_before_a_lowercase_id() -> None:
    see_a = Note("see-a", (Cite("a", HERE, "para. 1", lead="See, e.g.,"),), HERE)
    see_again = Note("see-again", (Cite("a", HERE, "para. 2", lead="See also"),), HERE)
    assert texts(see_a, see_again) == [
        f"See, e.g., {FULL_A}, para. 1, https://undocs.org/A/1",
        "See also id., para. 2.",  # the word in a sentence, as Bluebook writes it
    ]
    cited = cite_sequence((see_a, see_again), SOURCES)[1]
    assert [segment.kind for segment in cited.segments] == [Kind.TEXT, Kind.ID, Kind.TEXT]


def test_a_comment_note_is_its_words_and_the_note_after_it_is_in_full() -> None:
    comment = Note("names", (), HERE, comment="The names of the refugees are withheld for their safety.")
    assert texts(note("n1", ("a", "para. 1")), comment, note("n3", ("a", "para. 1"))) == [
        f"{FULL_A}, para. 1, https://undocs.org/A/1",
        "The names of the refugees are withheld for their safety.",
        f"{FULL_A}, para. 1, https://undocs.org/A/1",  # "Id." would point at the comment
    ]
    assert cite_sequence((comment,), SOURCES)[0].sources == ()


def test_dates_are_written_in_the_letters_style() -> None:
    """footnotes.yaml's `dates: month day, year` keeps a draft that writes "(April 10, 2023)"."""
    cited = cite_sequence([note("n1", ("b", None)), note("n2", ("a", "para. 1"))], SOURCES, dates="month day, year")
    assert [c.text for c in cited] == [
        "OHCHR, Statement B (April 10, 2023), https://www.ohchr.org/b",
        "Report A (February 7, 2014), A/1, para. 1, https://undocs.org/A/1",
    ]


def test_a_source_not_on_the_web_ends_its_note_with_what_it_says() -> None:
    book = Source("k", "The Law of Asylum", None, HERE, author="A. N. Author", publisher="Example Press")
    cited = cite_sequence([Note("n", (Cite("k", HERE, "p. 12"),), HERE)], {"k": book})[0]
    assert cited.text == "A. N. Author, The Law of Asylum, Example Press, p. 12"
    assert [segment.kind for segment in cited.segments] == [Kind.TEXT]  # no address to link
