"""Reading a draft's note texts back into cites (issue 16, its first step): the inverse of the citation engine.

Two kinds of evidence: every note this repository's letter and the second letter
publish, written by the citation engine and read back, writes the same text
again (a round trip through the engine); and a table of citation strings with
the structure expected of each.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from letter_site import Letter, SourcePaths, cite_notes, load_letter
from letter_site.cite.citations import full_form
from letter_site.drafts.notes import DraftCite, read_cite, read_note
from letter_site.model import Cite, Place, Source
from projects import REPO

# The letter as published on the web (a copy of the project's seed, ../shared/seeds/000_175906ea1df205ea.txt).
SEED = Path(__file__).resolve().parent / "fixtures" / "published-letter.txt"
PLACE = Place("footnotes.yaml", 1)


def written_again(cite: DraftCite) -> str:
    """What the citation engine writes of a cite read from a draft."""
    assert cite.repeat is None and cite.title and cite.url
    source = Source("k", cite.title, cite.url, PLACE, cite.author, cite.date, cite.symbol, cite.publisher)
    return "".join(segment.text for segment in full_form(source, Cite("k", PLACE, cite.pinpoint, cite.quotation)))


@pytest.mark.parametrize("root", [REPO, REPO / "tests" / "fixtures" / "second-letter"], ids=["flagship", "second"])
def test_every_published_note_read_back_is_written_the_same(root: Path) -> None:
    letter: Letter = load_letter(SourcePaths(root))
    for note in cite_notes(letter):
        cites = read_note(note.text)
        assert len(cites) == (1 if note.short else len(note.note.cites)), note.text
        for read, original in zip(cites, note.note.cites, strict=True):
            if note.short:
                assert (read.repeat, read.pinpoint, read.quotation) == (
                    letter.repeat,
                    original.pinpoint,
                    original.quotation,
                )
                continue
            assert read.repeat is None
            assert read.url == letter.sources[original.source].url
            assert read.symbol == letter.sources[original.source].symbol
            assert (read.pinpoint, read.quotation) == (original.pinpoint, original.quotation), note.text
        if not note.short:
            assert " ; ".join(written_again(read) for read in cites) == note.text


def test_the_seeds_notes_are_the_sites() -> None:
    """The published letter's 26 notes, as the seed has them, read as the site's own notes are."""
    notes = [line.split(" ", 1)[1] for line in SEED.read_text(encoding="utf-8").splitlines() if line[:1].isdigit()]
    notes = [text for text in notes if text[:1].isupper()][-26:]
    site = cite_notes(load_letter(SourcePaths(REPO)))
    assert [tuple(read_note(text)) for text in notes] == [tuple(read_note(note.text)) for note in site]


D = dt.date
CASES = [
    (
        "Report of the detailed findings of the commission of inquiry on human rights in the Democratic People’s "
        "Republic of Korea (7 February 2014), A/HRC/25/CRP.1, para. 1211, https://undocs.org/A/HRC/25/CRP.1",
        {"title": "Report of the detailed findings of the commission of inquiry on human rights in the Democratic "
         "People’s Republic of Korea", "date": D(2014, 2, 7), "symbol": "A/HRC/25/CRP.1", "pinpoint": "para. 1211",
         "url": "https://undocs.org/A/HRC/25/CRP.1"},
    ),
    ("Id., paras. 380-434.", {"repeat": "Id.", "pinpoint": "paras. 380-434"}),
    ("Id., para. 1221 (a).", {"repeat": "Id.", "pinpoint": "para. 1221 (a)"}),
    ("Id., paras. 60 and 63.", {"repeat": "Id.", "pinpoint": "paras. 60 and 63"}),
    ("Id., paras. 31-33, 36.", {"repeat": "Id.", "pinpoint": "paras. 31-33, 36"}),
    ("Id.", {"repeat": "Id."}),
    ("Ibid.", {"repeat": "Ibid."}),
    ("Ibid., p. 12.", {"repeat": "Ibid.", "pinpoint": "p. 12"}),
    ("Id. at para. 4.", {"repeat": "Id.", "pinpoint": "para. 4"}),
    ("Ibid., p. 12 (“No interpreter was present”).", {"repeat": "Ibid.", "pinpoint": "p. 12",
                                                       "quotation": "No interpreter was present"}),
    (
        "Human Rights Council resolution 25/25 of 28 March 2014 on the situation of human rights in the Democratic "
        "People’s Republic of Korea, A/HRC/RES/25/25, para. 10, https://undocs.org/A/HRC/RES/25/25",
        {"date": D(2014, 3, 28), "symbol": "A/HRC/RES/25/25", "pinpoint": "para. 10"},
    ),
    (
        "OHCHR, Comment by UN Human Rights Chief Volker Türk on sentencing of human rights defenders in China "
        "(10 April 2023), https://www.ohchr.org/en/statements/2023/04/comment",
        {"author": "OHCHR", "title": "Comment by UN Human Rights Chief Volker Türk on sentencing of human rights "
         "defenders in China", "date": D(2023, 4, 10)},
    ),
    (
        "Concluding observations on the sixth periodic report of China, CAT/C/CHN/CO/5, para. 46, "
        "https://undocs.org/CAT/C/CHN/CO/5",
        {"symbol": "CAT/C/CHN/CO/5", "pinpoint": "para. 46", "author": None},
    ),
    (
        "Question of the violation of human rights in any part of the world (15 April 2005), E/CN.4/2005/34, "
        "https://undocs.org/E/CN.4/2005/34",
        {"symbol": "E/CN.4/2005/34", "date": D(2005, 4, 15)},
    ),
    (
        "Letter dated 3 May 2023 from the Panel of Experts, S/2023/171, annex I, https://undocs.org/S/2023/171",
        {"symbol": "S/2023/171", "pinpoint": "annex I", "date": D(2023, 5, 3)},
    ),
    (
        "Jung Min-ho, Hundreds of escapees held near the border, sources say, The Invented Herald (4 December 2023), "
        "https://news.example.org/a",
        {"author": "Jung Min-ho", "title": "Hundreds of escapees held near the border, sources say",
         "publisher": "The Invented Herald", "date": D(2023, 12, 4)},
    ),
    (
        "Human Rights Watch, Worse than Hell (1 June 2022), ch. 3, https://www.hrw.org/report/2022/06/01/x",
        {"author": "Human Rights Watch", "title": "Worse than Hell", "pinpoint": "ch. 3"},
    ),
    (
        "Institute for Invented Studies, Returned to harm? Escapees and the risk of return (2 October 2023), ch. 3, "
        "https://institute.example.org/r",
        {"author": "Institute for Invented Studies", "title": "Returned to harm? Escapees and the risk of return"},
    ),
    (
        "A. N. Author, The Law of Asylum, an Invented Treatise, Example University Press (1 March 2021), "
        "pp. 211-215, https://press.example.org/law",
        {"author": "A. N. Author", "title": "The Law of Asylum, an Invented Treatise",
         "publisher": "Example University Press", "pinpoint": "pp. 211-215"},
    ),
    (
        "Universal Declaration of Human Rights (10 December 1948), art. 14, https://www.un.org/en/udhr",
        {"title": "Universal Declaration of Human Rights", "pinpoint": "art. 14", "author": None},
    ),
    ("An explanation the note gives, citing nothing.", {"url": None, "title": "An explanation the note gives, "
                                                        "citing nothing."}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[text[:40] for text, _ in CASES])
def test_a_citation_string_read_into_its_parts(text: str, expected: dict[str, object]) -> None:
    read = read_cite(text)
    for name, value in expected.items():
        assert getattr(read, name) == value, name


def test_what_was_guessed_is_said() -> None:
    read = read_cite("Jung Min-ho, Hundreds held, The Invented Herald (4 December 2023), https://news.example.org/a")
    assert read.guesses == (
        "'Jung Min-ho' read as the author, before the title (correct it if it is part of the title)",
        "'The Invented Herald' read as the publisher, after the title (correct it if it is part of the title)",
    )
    assert read_cite("A comment.").guesses == ("no web address: a source needs one (add its url)",)


def test_several_cites_in_one_note() -> None:
    cites = read_note("A report (1 May 2020), https://a.example.org/ ; Id.")
    assert [cite.repeat for cite in cites] == [None, "Id."]
