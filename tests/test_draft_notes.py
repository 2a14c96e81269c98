"""Reading a draft's note texts back into cites (issue 16, its first step): the inverse of the citation engine.

Three kinds of evidence: every note this repository's letter and the second letter
publish, written by the citation engine and read back, writes the same text
again (a round trip through the engine); the same for every combination of a
source's fields the engine writes; and a table of citation strings as drafts
write them (UN documents, resolutions, treaty bodies and special procedures,
news, NGO reports, web pages, books, repeats of every kind, supra and op. cit.,
several cites in a note, comments, titles and outlets in italics) with the
structure expected of each and what is guessed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from pathlib import Path
from typing import cast

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


# The table: a citation string as a draft writes it (or as the engine writes it), and what is read of it.
# Each expected dict names every field read (any other is empty) and a few words of each guess recorded, in
# order; none listed means none recorded.  A list is a note citing several documents.  The guesses are the
# honest part: where a string is ambiguous the entry says what is read and what the person is asked to confirm.
D = dt.date
URL = "no web address: a source needs one"
NO_TITLE = "no title, only the symbol"
COMMENT = "kept as a comment"


def author(name: str) -> str:
    return f"'{name}' read as the author, before the title"


def publisher(name: str) -> str:
    return f"'{name}' read as the publisher, after the title"


def no_day(written: str) -> str:
    return f"'{written}' gives no day: no date read"


def in_title(written: str) -> str:
    return f"'{written}' in the title read as its date"


def page(written: str) -> str:
    return f"'{written}' read as page"


DPRK = "Democratic People’s Republic of Korea"
SR_DPRK = f"Report of the Special Rapporteur on the situation of human rights in the {DPRK}"
Expected = dict[str, object] | list[dict[str, object]]
CASES: list[tuple[str, Expected]] = [
    # — The first table: the published letters' forms (the engine's), and a comment. —
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
        {"title": "Human Rights Council resolution 25/25 of 28 March 2014 on the situation of human rights in the "
         "Democratic People’s Republic of Korea", "date": D(2014, 3, 28), "symbol": "A/HRC/RES/25/25",
         "pinpoint": "para. 10", "url": "https://undocs.org/A/HRC/RES/25/25", "guesses": [in_title("28 March 2014")]},
    ),
    (
        "OHCHR, Comment by UN Human Rights Chief Volker Türk on sentencing of human rights defenders in China "
        "(10 April 2023), https://www.ohchr.org/en/statements/2023/04/comment",
        {"author": "OHCHR", "title": "Comment by UN Human Rights Chief Volker Türk on sentencing of human rights "
         "defenders in China", "date": D(2023, 4, 10), "url": "https://www.ohchr.org/en/statements/2023/04/comment",
         "guesses": [author("OHCHR")]},
    ),
    (
        "Concluding observations on the sixth periodic report of China, CAT/C/CHN/CO/5, para. 46, "
        "https://undocs.org/CAT/C/CHN/CO/5",
        {"title": "Concluding observations on the sixth periodic report of China", "symbol": "CAT/C/CHN/CO/5",
         "pinpoint": "para. 46", "url": "https://undocs.org/CAT/C/CHN/CO/5"},
    ),
    (
        "Question of the violation of human rights in any part of the world (15 April 2005), E/CN.4/2005/34, "
        "https://undocs.org/E/CN.4/2005/34",
        {"title": "Question of the violation of human rights in any part of the world", "date": D(2005, 4, 15),
         "symbol": "E/CN.4/2005/34", "url": "https://undocs.org/E/CN.4/2005/34"},
    ),
    (
        "Letter dated 3 May 2023 from the Panel of Experts, S/2023/171, annex I, https://undocs.org/S/2023/171",
        {"title": "Letter dated 3 May 2023 from the Panel of Experts", "date": D(2023, 5, 3), "symbol": "S/2023/171",
         "pinpoint": "annex I", "url": "https://undocs.org/S/2023/171", "guesses": [in_title("3 May 2023")]},
    ),
    (
        "Jung Min-ho, Hundreds of escapees held near the border, sources say, The Invented Herald (4 December 2023), "
        "https://news.example.org/a",
        {"author": "Jung Min-ho", "title": "Hundreds of escapees held near the border, sources say",
         "publisher": "The Invented Herald", "date": D(2023, 12, 4), "url": "https://news.example.org/a",
         "guesses": [author("Jung Min-ho"), publisher("The Invented Herald")]},
    ),
    (
        "Human Rights Watch, Worse than Hell (1 June 2022), ch. 3, https://www.hrw.org/report/2022/06/01/x",
        {"author": "Human Rights Watch", "title": "Worse than Hell", "date": D(2022, 6, 1), "pinpoint": "ch. 3",
         "url": "https://www.hrw.org/report/2022/06/01/x", "guesses": [author("Human Rights Watch")]},
    ),
    (
        "Institute for Invented Studies, Returned to harm? Escapees and the risk of return (2 October 2023), ch. 3, "
        "https://institute.example.org/r",
        {"author": "Institute for Invented Studies", "title": "Returned to harm? Escapees and the risk of return",
         "date": D(2023, 10, 2), "pinpoint": "ch. 3", "url": "https://institute.example.org/r",
         "guesses": [author("Institute for Invented Studies")]},
    ),
    (
        "A. N. Author, The Law of Asylum, an Invented Treatise, Example University Press (1 March 2021), "
        "pp. 211-215, https://press.example.org/law",
        {"author": "A. N. Author", "title": "The Law of Asylum, an Invented Treatise",
         "publisher": "Example University Press", "date": D(2021, 3, 1), "pinpoint": "pp. 211-215",
         "url": "https://press.example.org/law",
         "guesses": [author("A. N. Author"), publisher("Example University Press")]},
    ),
    (
        "Universal Declaration of Human Rights (10 December 1948), art. 14, https://www.un.org/en/udhr",
        {"title": "Universal Declaration of Human Rights", "date": D(1948, 12, 10), "pinpoint": "art. 14",
         "url": "https://www.un.org/en/udhr"},
    ),
    ("An explanation the note gives, citing nothing.", {"comment": True, "guesses": [COMMENT]}),
    # — UN documents as drafts write them: the symbol before the date, "UN Doc.", a year, a symbol alone. —
    (
        f"{SR_DPRK}, A/HRC/52/64, 28 February 2023, para. 12.",
        {"title": SR_DPRK, "symbol": "A/HRC/52/64", "date": D(2023, 2, 28), "pinpoint": "para. 12", "guesses": [URL]},
    ),
    (
        "Report of the Special Rapporteur on the situation of human rights in the DPRK, UN Doc. A/HRC/55/63 (2024), "
        "para. 20.",
        {"title": "Report of the Special Rapporteur on the situation of human rights in the DPRK",
         "symbol": "A/HRC/55/63", "partial_date": "2024", "pinpoint": "para. 20", "guesses": [URL, no_day("2024")]},
    ),
    (
        f"Report of the Secretary-General, Situation of human rights in the {DPRK}, A/78/212 (2023), section II.B.",
        # "Report of …" opens a title: not read as an author, nor "Situation of …" as a publisher.
        {"title": f"Report of the Secretary-General, Situation of human rights in the {DPRK}", "symbol": "A/78/212",
         "partial_date": "2023", "pinpoint": "section II.B", "guesses": [URL, no_day("2023")]},
    ),
    (
        f"Promoting accountability in the {DPRK}, Report of the United Nations High Commissioner for Human Rights, "
        "A/HRC/52/64",
        {"title": f"Promoting accountability in the {DPRK}, Report of the United Nations High Commissioner for Human "
         "Rights", "symbol": "A/HRC/52/64", "guesses": [URL]},
    ),
    ("S/2023/363", {"symbol": "S/2023/363", "guesses": [NO_TITLE, URL]}),
    ("E/CN.4/2005/34, para. 9 (a)", {"symbol": "E/CN.4/2005/34", "pinpoint": "para. 9 (a)",
                                     "guesses": [NO_TITLE, URL]}),
    (
        "Letter dated 19 May 2023 from the Panel of Experts established pursuant to resolution 1874 (2009) addressed "
        "to the President of the Security Council, S/2023/363, https://undocs.org/S/2023/363",
        {"title": "Letter dated 19 May 2023 from the Panel of Experts established pursuant to resolution 1874 (2009) "
         "addressed to the President of the Security Council", "date": D(2023, 5, 19), "symbol": "S/2023/363",
         "url": "https://undocs.org/S/2023/363", "guesses": [in_title("19 May 2023")]},
    ),
    # — Resolutions. —
    (
        "UN General Assembly, Resolution 77/226 (2022), A/RES/77/226",
        {"author": "UN General Assembly", "title": "Resolution 77/226", "partial_date": "2022",
         "symbol": "A/RES/77/226", "guesses": [author("UN General Assembly"), URL, no_day("2022")]},
    ),
    (
        "Security Council resolution 2397 (2017), S/RES/2397 (2017), para. 7.",
        # The Council's symbol has its year; a symbol has no spaces: read without it, and said.
        {"title": "Security Council resolution 2397", "symbol": "S/RES/2397(2017)", "partial_date": "2017",
         "pinpoint": "para. 7",
         "guesses": [URL, "'S/RES/2397 (2017)' read as the symbol S/RES/2397(2017)", no_day("2017")]},
    ),
    (
        f"Human Rights Council, Resolution 52/28, Situation of human rights in the {DPRK}, A/HRC/RES/52/28 "
        "(4 April 2023)",
        {"author": "Human Rights Council", "title": f"Resolution 52/28, Situation of human rights in the {DPRK}",
         "symbol": "A/HRC/RES/52/28", "date": D(2023, 4, 4), "guesses": [author("Human Rights Council"), URL]},
    ),
    # — Treaty bodies, special procedures, treaties. —
    ("CAT/C/CHN/CO/5, paras. 46-47", {"symbol": "CAT/C/CHN/CO/5", "pinpoint": "paras. 46-47",
                                      "guesses": [NO_TITLE, URL]}),
    (
        "Committee against Torture, Concluding observations on the fifth periodic report of China, CAT/C/CHN/CO/5 "
        "(3 February 2016), chapter IV.",
        {"author": "Committee against Torture", "title": "Concluding observations on the fifth periodic report of "
         "China", "date": D(2016, 2, 3), "symbol": "CAT/C/CHN/CO/5", "pinpoint": "chapter IV",
         "guesses": [author("Committee against Torture"), URL]},
    ),
    (
        f"Human Rights Committee, Concluding observations on the second periodic report of the {DPRK}, "
        "CCPR/CO/72/PRK (27 August 2001), paras. 12 and 15, https://undocs.org/CCPR/CO/72/PRK",
        {"author": "Human Rights Committee", "title": "Concluding observations on the second periodic report of the "
         f"{DPRK}", "date": D(2001, 8, 27), "symbol": "CCPR/CO/72/PRK", "pinpoint": "paras. 12 and 15",
         "url": "https://undocs.org/CCPR/CO/72/PRK", "guesses": [author("Human Rights Committee")]},
    ),
    (
        f"Working Group on Arbitrary Detention, Opinion No. 16/2018 concerning Kim ({DPRK}), A/HRC/WGAD/2018/16, "
        "para. 30.",
        {"author": "Working Group on Arbitrary Detention", "title": f"Opinion No. 16/2018 concerning Kim ({DPRK})",
         "symbol": "A/HRC/WGAD/2018/16", "pinpoint": "para. 30",
         "guesses": [author("Working Group on Arbitrary Detention"), URL]},
    ),
    (
        f"Mandates of the Special Rapporteur on the situation of human rights in the {DPRK} and the Special "
        "Rapporteur on torture, AL CHN 6/2023, 14 March 2023, https://spcommreports.ohchr.org/c?gId=27900",
        # A communication's reference is not a UN document symbol: it stays in the title.
        {"title": f"Mandates of the Special Rapporteur on the situation of human rights in the {DPRK} and the "
         "Special Rapporteur on torture, AL CHN 6/2023", "date": D(2023, 3, 14),
         "url": "https://spcommreports.ohchr.org/c?gId=27900"},
    ),
    ("Convention against Torture, art. 3.", {"title": "Convention against Torture", "pinpoint": "art. 3",
                                             "guesses": [URL]}),
    # — News: the author, the title in quotation marks, the outlet; dates as the outlets write them. —
    (
        "Justin McCurry, “China forcibly returns hundreds of North Koreans, say activists,” The Guardian, "
        "12 October 2023, https://www.theguardian.com/world/2023/oct/12/china-north-korea",
        {"author": "Justin McCurry", "title": "China forcibly returns hundreds of North Koreans, say activists",
         "publisher": "The Guardian", "date": D(2023, 10, 12),
         "url": "https://www.theguardian.com/world/2023/oct/12/china-north-korea"},
    ),
    (
        "Reuters, “China deports hundreds of North Koreans despite pleas,” Oct. 12, 2023.",
        {"author": "Reuters", "title": "China deports hundreds of North Koreans despite pleas",
         "date": D(2023, 10, 12), "guesses": [URL]},
    ),
    (
        "Chad O’Carroll, “Hundreds of North Korean escapees repatriated from China,” NK News, October 11, 2023, "
        "https://www.nknews.org/2023/10/x/",
        {"author": "Chad O’Carroll", "title": "Hundreds of North Korean escapees repatriated from China",
         "publisher": "NK News", "date": D(2023, 10, 11), "url": "https://www.nknews.org/2023/10/x/"},
    ),
    (
        "Yonhap News Agency, “N. Korean defectors forcibly repatriated,” 2023-10-12, "
        "https://en.yna.co.kr/view/AEN20231012000300315",
        {"author": "Yonhap News Agency", "title": "N. Korean defectors forcibly repatriated", "date": D(2023, 10, 12),
         "url": "https://en.yna.co.kr/view/AEN20231012000300315"},
    ),
    (
        "Kim Tong-hyung, ‘North Korea executes defectors’, Associated Press, 5 Sept. 2023, "
        "<https://apnews.com/article/x>",
        {"author": "Kim Tong-hyung", "title": "North Korea executes defectors", "publisher": "Associated Press",
         "date": D(2023, 9, 5), "url": "https://apnews.com/article/x"},
    ),
    (
        "Daily NK, “Returnees sent to political prison camp,” 14 November 2023, www.dailynk.com/english/returnees",
        {"author": "Daily NK", "title": "Returnees sent to political prison camp", "date": D(2023, 11, 14),
         "url": "https://www.dailynk.com/english/returnees",
         "guesses": ["'www.dailynk.com/english/returnees' read as the address https://www.dailynk.com/english/"]},
    ),
    (
        "UN News, “Türk urges China to halt forced returns,” 20 October 2023, "
        "https://news.un.org/en/story/2023/10/1142557",
        {"author": "UN News", "title": "Türk urges China to halt forced returns", "date": D(2023, 10, 20),
         "url": "https://news.un.org/en/story/2023/10/1142557"},
    ),
    (
        'Human Rights Watch, "North Korea: Forced Returns," March 3, 2023, https://www.hrw.org/news/x.',
        {"author": "Human Rights Watch", "title": "North Korea: Forced Returns", "date": D(2023, 3, 3),
         "url": "https://www.hrw.org/news/x"},
    ),
    # — NGO reports. —
    (
        "Human Rights Watch, “China: Stop Forced Returns of North Koreans,” March 3, 2023, "
        "https://www.hrw.org/news/2023/03/03/china",
        {"author": "Human Rights Watch", "title": "China: Stop Forced Returns of North Koreans",
         "date": D(2023, 3, 3), "url": "https://www.hrw.org/news/2023/03/03/china"},
    ),
    (
        "Human Rights Watch, “China: Stop forcibly returning North Koreans; protect refugees,” 2023, "
        "https://www.hrw.org/x",
        # The ";" is inside the title's quotation marks: one cite.
        {"author": "Human Rights Watch", "title": "China: Stop forcibly returning North Koreans; protect refugees",
         "partial_date": "2023", "url": "https://www.hrw.org/x", "guesses": [no_day("2023")]},
    ),
    (
        "Human Rights Watch, “Worse Than Hell”: How North Korea Tortures Detainees, June 2022, "
        "https://www.hrw.org/report/2022/06/28/worse-hell",
        # Only part of the title is quoted: the quotation marks are the title's own.
        {"author": "Human Rights Watch", "title": "“Worse Than Hell”: How North Korea Tortures Detainees",
         "partial_date": "June 2022", "url": "https://www.hrw.org/report/2022/06/28/worse-hell",
         "guesses": [author("Human Rights Watch"), no_day("June 2022")]},
    ),
    (
        "Amnesty International, North Korea: Torture, death and forced labour in detention (ASA 24/1234/2023), "
        "2023, https://www.amnesty.org/en/documents/asa24/1234/2023/en/",
        {"author": "Amnesty International", "title": "North Korea: Torture, death and forced labour in detention "
         "(ASA 24/1234/2023)", "partial_date": "2023", "url": "https://www.amnesty.org/en/documents/asa24/1234/2023/en/",
         "guesses": [author("Amnesty International"), no_day("2023")]},
    ),
    (
        "Citizens’ Alliance for North Korean Human Rights, “Forced repatriation in 2023,” 5 July 2023, "
        "https://eng.nkhumanrights.or.kr/board/report",
        {"author": "Citizens’ Alliance for North Korean Human Rights", "title": "Forced repatriation in 2023",
         "date": D(2023, 7, 5), "url": "https://eng.nkhumanrights.or.kr/board/report"},
    ),
    (
        "Database Center for North Korean Human Rights (NKDB), 2023 White Paper on North Korean Human Rights "
        "(NKDB, 2023), p. 112.",
        {"author": "Database Center for North Korean Human Rights (NKDB)", "title": "2023 White Paper on North Korean "
         "Human Rights", "publisher": "NKDB", "partial_date": "2023", "pinpoint": "p. 112",
         "guesses": [author("Database Center for North Korean Human Rights (NKDB)"), URL, no_day("2023")]},
    ),
    (
        "Transitional Justice Working Group, Mapping the Fate of the Dead (June 2019), https://en.tjwg.org/mapping",
        {"author": "Transitional Justice Working Group", "title": "Mapping the Fate of the Dead",
         "partial_date": "June 2019", "url": "https://en.tjwg.org/mapping",
         "guesses": [author("Transitional Justice Working Group"), no_day("June 2019")]},
    ),
    (
        "Hidden Gulag, Second Edition, Committee for Human Rights in North Korea (2012), https://www.hrnk.org/hg2.pdf",
        # Misread, and said so: the title's first words taken for an author, its last for the title.
        {"author": "Hidden Gulag", "title": "Second Edition", "publisher": "Committee for Human Rights in North Korea",
         "partial_date": "2012", "url": "https://www.hrnk.org/hg2.pdf",
         "guesses": [author("Hidden Gulag"), publisher("Committee for Human Rights in North Korea"), no_day("2012")]},
    ),
    (
        "Interview with a former detainee, Seoul, 12 May 2023.",
        {"title": "Interview with a former detainee, Seoul", "date": D(2023, 5, 12), "guesses": [URL]},
    ),
    # — Web pages: "accessed", "last visited", "available at". —
    (
        "UNHCR, “Refugee Status Determination,” https://www.unhcr.org/rsd (accessed 3 May 2023).",
        {"author": "UNHCR", "title": "Refugee Status Determination", "url": "https://www.unhcr.org/rsd",
         "accessed": "3 May 2023"},
    ),
    (
        "Ministry of Unification, Policy on North Korean Defectors, https://www.unikorea.go.kr/defectors/ "
        "(last visited August 1, 2023).",
        {"author": "Ministry of Unification", "title": "Policy on North Korean Defectors",
         "url": "https://www.unikorea.go.kr/defectors/", "accessed": "August 1, 2023",
         "guesses": [author("Ministry of Unification")]},
    ),
    (
        "OHCHR, Special Procedures of the Human Rights Council, available at: "
        "https://www.ohchr.org/en/special-procedures-human-rights-council, accessed 1 August 2023.",
        {"author": "OHCHR", "title": "Special Procedures of the Human Rights Council",
         "url": "https://www.ohchr.org/en/special-procedures-human-rights-council", "accessed": "1 August 2023",
         "guesses": [author("OHCHR")]},
    ),
    (
        "Statement by the High Commissioner, 3 May 2023, https://www.ohchr.org/x, last accessed 1 August 2023.",
        {"title": "Statement by the High Commissioner", "date": D(2023, 5, 3), "url": "https://www.ohchr.org/x",
         "accessed": "1 August 2023"},
    ),
    # — Books: (Publisher, year), a place, an edition. —
    (
        "Barbara Demick, Nothing to Envy: Ordinary Lives in North Korea (Spiegel & Grau, 2009), p. 12.",
        {"author": "Barbara Demick", "title": "Nothing to Envy: Ordinary Lives in North Korea",
         "publisher": "Spiegel & Grau", "partial_date": "2009", "pinpoint": "p. 12",
         "guesses": [author("Barbara Demick"), URL, no_day("2009")]},
    ),
    (
        "Andrei Lankov, The Real North Korea (Oxford: Oxford University Press, 2013), pp. 5–7.",
        {"author": "Andrei Lankov", "title": "The Real North Korea", "publisher": "Oxford University Press",
         "partial_date": "2013", "pinpoint": "pp. 5–7",
         "guesses": [author("Andrei Lankov"), URL, "'Oxford' read as the place of publication", no_day("2013")]},
    ),
    (
        "Smith & Jones, The Refugee in International Law (3rd ed., 2007), p. 201.",
        {"author": "Smith & Jones", "title": "The Refugee in International Law", "partial_date": "2007",
         "pinpoint": "p. 201",
         "guesses": [author("Smith & Jones"), URL, "'3rd ed.' read as the edition", no_day("2007")]},
    ),
    # — Repeats of the note before: every spelling, "at", a quotation. —
    ("Ibid., p. 4.", {"repeat": "Ibid.", "pinpoint": "p. 4"}),
    ("Id. at 12.", {"repeat": "Id.", "pinpoint": "p. 12", "guesses": [page("12")]}),
    ("Ibid, paras 3-4.", {"repeat": "Ibid.", "pinpoint": "paras 3-4"}),
    ("ibid", {"repeat": "Ibid."}),
    ("Ibidem, p. 3.", {"repeat": "Ibid.", "pinpoint": "p. 3"}),
    ("Id. ¶ 12.", {"repeat": "Id.", "pinpoint": "¶ 12"}),
    ("Id., paras. 31-33 and 36.", {"repeat": "Id.", "pinpoint": "paras. 31-33 and 36"}),
    ("Ibid., pp. 5–7.", {"repeat": "Ibid.", "pinpoint": "pp. 5–7"}),
    ("See id. at para. 4.", {"repeat": "Id.", "pinpoint": "para. 4", "lead": "See"}),
    ("Id., para. 12 (“No interpreter was present”).", {"repeat": "Id.", "pinpoint": "para. 12",
                                                       "quotation": "No interpreter was present"}),
    ("Ibid., p. 12, “the guards beat us”.", {"repeat": "Ibid.", "pinpoint": "p. 12",
                                             "quotation": "the guards beat us"}),
    # — A work cited in an earlier note: supra (its note, its author or short title), op. cit., above n. —
    ("Supra note 3, para. 5.", {"earlier": "supra", "refers_to": 3, "pinpoint": "para. 5"}),
    ("Supra n. 12.", {"earlier": "supra", "refers_to": 12}),
    ("See supra note 3.", {"earlier": "supra", "refers_to": 3, "lead": "See"}),
    ("Smith, supra note 2, at 45", {"earlier": "supra", "refers_to": 2, "author": "Smith", "pinpoint": "p. 45",
                                    "guesses": [page("45")]}),
    ("Human Rights Watch, supra note 4, p. 12.", {"earlier": "supra", "refers_to": 4, "author": "Human Rights Watch",
                                                  "pinpoint": "p. 12"}),
    ("“Worse Than Hell,” supra note 4, p. 12.", {"earlier": "supra", "refers_to": 4, "title": "Worse Than Hell",
                                                 "pinpoint": "p. 12"}),
    (
        "Human Rights Watch, Worse than Hell, supra note 4, at 12-14.",
        {"earlier": "supra", "refers_to": 4, "author": "Human Rights Watch", "title": "Worse than Hell",
         "pinpoint": "pp. 12-14", "guesses": ["'12-14' read as pages 12-14"]},
    ),
    ("Lankov, above n 5, 45.", {"earlier": "supra", "refers_to": 5, "author": "Lankov", "pinpoint": "p. 45",
                                "guesses": [page("45")]}),
    ("Op. cit., p. 7", {"earlier": "op. cit.", "pinpoint": "p. 7",
                        "guesses": ["'Op. cit.' names no note and no author: read as the last work cited before"]}),
    ("HRW, op. cit., p. 7.", {"earlier": "op. cit.", "author": "HRW", "pinpoint": "p. 7",
                              "guesses": ["'HRW, op. cit.' read as the last work by 'HRW' cited before this note"]}),
    ("Op. cit. note 7, p. 9.", {"earlier": "op. cit.", "refers_to": 7, "pinpoint": "p. 9"}),
    # — Several documents in one note: "; " as drafts write it (the engine writes " ; "). —
    (
        "A/HRC/46/52, para. 74 (b); A/HRC/52/64, para. 57 (b).",
        [{"symbol": "A/HRC/46/52", "pinpoint": "para. 74 (b)", "guesses": [NO_TITLE, URL]},
         {"symbol": "A/HRC/52/64", "pinpoint": "para. 57 (b)", "guesses": [NO_TITLE, URL]}],
    ),
    (
        "Human Rights Council resolution 25/25 of 28 March 2014, A/HRC/RES/25/25, paras. 10 and 12; General Assembly "
        "resolution 77/226 of 15 December 2022, A/RES/77/226",
        [{"title": "Human Rights Council resolution 25/25 of 28 March 2014", "date": D(2014, 3, 28),
          "symbol": "A/HRC/RES/25/25", "pinpoint": "paras. 10 and 12", "guesses": [in_title("28 March 2014"), URL]},
         {"title": "General Assembly resolution 77/226 of 15 December 2022", "date": D(2022, 12, 15),
          "symbol": "A/RES/77/226", "guesses": [in_title("15 December 2022"), URL]}],
    ),
    (
        "OHCHR, Press briefing notes on China (13 October 2023), https://www.ohchr.org/en/press-briefing-notes/china; "
        "Human Rights Watch, “China: Halt Forced Returns,” 16 October 2023, https://www.hrw.org/news/2023/10/16/china",
        [{"author": "OHCHR", "title": "Press briefing notes on China", "date": D(2023, 10, 13),
          "url": "https://www.ohchr.org/en/press-briefing-notes/china", "guesses": [author("OHCHR")]},
         {"author": "Human Rights Watch", "title": "China: Halt Forced Returns", "date": D(2023, 10, 16),
          "url": "https://www.hrw.org/news/2023/10/16/china"}],
    ),
    (
        "See, e.g., Human Rights Watch, “Worse Than Hell,” June 28, 2022, https://www.hrw.org/report/2022/06/28/x; "
        "see also Amnesty International, “Forced back,” 10 March 2023, https://www.amnesty.org/en/x",
        [{"lead": "See, e.g.,", "author": "Human Rights Watch", "title": "Worse Than Hell", "date": D(2022, 6, 28),
          "url": "https://www.hrw.org/report/2022/06/28/x"},
         {"lead": "see also", "author": "Amnesty International", "title": "Forced back", "date": D(2023, 3, 10),
          "url": "https://www.amnesty.org/en/x"}],
    ),
    ("Id.; see also Smith, supra note 2, at 45.", [
        {"repeat": "Id."},
        {"lead": "see also", "earlier": "supra", "refers_to": 2, "author": "Smith", "pinpoint": "p. 45",
         "guesses": [page("45")]},
    ]),
    ("Id. at 12; Human Rights Watch, supra note 4, at 3.", [
        {"repeat": "Id.", "pinpoint": "p. 12", "guesses": [page("12")]},
        {"earlier": "supra", "refers_to": 4, "author": "Human Rights Watch", "pinpoint": "p. 3",
         "guesses": [page("3")]},
    ]),
    # — Comments: a note that cites nothing is kept whole, as one. —
    ("The author has kept the names of the refugees confidential for their safety.",
     {"comment": True, "guesses": [COMMENT]}),
    ("Figures as of 1 August 2023, compiled by the signatories.", {"comment": True, "guesses": [COMMENT]}),
    ("Confidential interviews conducted by the signatories in 2023.", {"comment": True, "guesses": [COMMENT]}),
    ("Names are withheld; the families asked for it.", {"comment": True, "guesses": [COMMENT]}),
    # — A comment, then a cite: the comment is the cite's lead, not part of its title. —
    (
        f"On this, see {SR_DPRK} (13 October 2022), A/77/522, para. 9, https://undocs.org/A/77/522",
        {"lead": "On this, see", "title": SR_DPRK, "date": D(2022, 10, 13), "symbol": "A/77/522",
         "pinpoint": "para. 9", "url": "https://undocs.org/A/77/522"},
    ),
    (
        "The names are kept confidential; see Border Watch, Held without a name (20 November 2023), "
        "https://borderwatch.example.org/r",
        {"lead": "The names are kept confidential; see", "author": "Border Watch", "title": "Held without a name",
         "date": D(2023, 11, 20), "url": "https://borderwatch.example.org/r", "guesses": [author("Border Watch")]},
    ),
    (
        "The figures are the authors’ own. See also Human Rights Watch, “Counting the returned,” 2023, "
        "https://www.hrw.org/x",
        {"lead": "The figures are the authors’ own. See also", "author": "Human Rights Watch",
         "title": "Counting the returned", "partial_date": "2023", "url": "https://www.hrw.org/x",
         "guesses": [no_day("2023")]},
    ),
    ("Cf. A/HRC/52/64, para. 3.", {"lead": "Cf.", "symbol": "A/HRC/52/64", "pinpoint": "para. 3",
                                   "guesses": [NO_TITLE, URL]}),
    ("But see Amnesty International, “Forced back,” 2022.", {
        "lead": "But see", "author": "Amnesty International", "title": "Forced back", "partial_date": "2022",
        "guesses": [URL, no_day("2022")]}),
    # — Italics, as the draft readers pass them (Markdown *…*, bold **…**): a title, an outlet, a repeat; the marks
    # are never kept in a field. —
    (
        "Delta Rights Watch, *Silenced Delta: Arbitrary Detention of Land Defenders in Examplestan* (February 2025), "
        "p. 14.",
        # The italics are the title, the words before them its author (still to confirm).
        {"author": "Delta Rights Watch", "title": "Silenced Delta: Arbitrary Detention of Land Defenders in "
         "Examplestan", "partial_date": "February 2025", "pinpoint": "p. 14",
         "guesses": [author("Delta Rights Watch"), URL, no_day("February 2025")]},
    ),
    (
        'See, e.g., Lena Hartmann, "Villagers jailed after meeting on dam project", *The Geneva Observer*, '
        "3 January 2025.",
        # Italics after a quoted title: the outlet.
        {"lead": "See, e.g.,", "author": "Lena Hartmann", "title": "Villagers jailed after meeting on dam project",
         "publisher": "The Geneva Observer", "date": D(2025, 1, 3), "guesses": [URL]},
    ),
    (
        'Office of the United Nations High Commissioner for Human Rights, "Communications – Special Procedures", '
        "https://www.ohchr.org/en/special-procedures-human-rights-council/communications (accessed 28 February 2025).",
        # Before a quoted title, a name of any length is its author.
        {"author": "Office of the United Nations High Commissioner for Human Rights",
         "title": "Communications – Special Procedures",
         "url": "https://www.ohchr.org/en/special-procedures-human-rights-council/communications",
         "accessed": "28 February 2025"},
    ),
    (
        "Working Group on Arbitrary Detention, Deliberation No. 11, A/HRC/45/16, annex II, para. 9",
        {"author": "Working Group on Arbitrary Detention", "title": "Deliberation No. 11", "symbol": "A/HRC/45/16",
         "pinpoint": "annex II, para. 9", "guesses": [author("Working Group on Arbitrary Detention"), URL]},
    ),
    (
        "Lena Hartmann, “Villagers jailed,” *The Geneva Observer*, 3 January 2025, https://observer.example.org/a; "
        "*see also* Delta Rights Watch, *Silenced Delta*, https://drw.example.org/r.",
        [{"author": "Lena Hartmann", "title": "Villagers jailed", "publisher": "The Geneva Observer",
          "date": D(2025, 1, 3), "url": "https://observer.example.org/a"},
         {"lead": "see also", "author": "Delta Rights Watch", "title": "Silenced Delta",
          "url": "https://drw.example.org/r", "guesses": [author("Delta Rights Watch")]}],
    ),
    (
        "*See, e.g.*, *Silenced Delta* (Delta Press, 2025), p. 14.",
        {"lead": "See, e.g.,", "title": "Silenced Delta", "publisher": "Delta Press", "partial_date": "2025",
         "pinpoint": "p. 14", "guesses": [URL, no_day("2025")]},
    ),
    (
        'Mira Osei, "The dam and the defenders", in *Rivers of Protest: Essays on Land Rights* (Example University '
        "Press, 2024), pp. 45–60.",
        # A chapter: the book it is in (italics), then the book's publisher.
        {"author": "Mira Osei", "title": "The dam and the defenders",
         "publisher": "Rivers of Protest: Essays on Land Rights, Example University Press", "partial_date": "2024",
         "pinpoint": "pp. 45–60",
         "guesses": ["read as the publisher: the work it is in, then its publisher", URL, no_day("2024")]},
    ),
    (
        'Lena Hartmann, "Villagers jailed", *Journal of Delta Studies*, vol. 12, no. 3 (2024), p. 5',
        {"author": "Lena Hartmann", "title": "Villagers jailed", "publisher": "Journal of Delta Studies, vol. 12, "
         "no. 3", "partial_date": "2024", "pinpoint": "p. 5",
         "guesses": [publisher("Journal of Delta Studies, vol. 12, no. 3"), URL, no_day("2024")]},
    ),
    (
        "Human Rights Watch, *“Worse Than Hell”: How North Korea Tortures Detainees* (June 2022), "
        "https://www.hrw.org/report/2022/06/28/worse-hell",
        # Quotation marks inside the italics are the title's own.
        {"author": "Human Rights Watch", "title": "“Worse Than Hell”: How North Korea Tortures Detainees",
         "partial_date": "June 2022", "url": "https://www.hrw.org/report/2022/06/28/worse-hell",
         "guesses": [author("Human Rights Watch"), no_day("June 2022")]},
    ),
    (
        "Human Rights Watch, *Worse Than Hell*: How North Korea Tortures Detainees, June 2022, https://www.hrw.org/x",
        {"author": "Human Rights Watch", "title": "Worse Than Hell: How North Korea Tortures Detainees",
         "partial_date": "June 2022", "url": "https://www.hrw.org/x",
         "guesses": [author("Human Rights Watch"), "'How North Korea Tortures Detainees' read as the rest of the title",
                     no_day("June 2022")]},
    ),
    (
        "*Soering v. United Kingdom*, European Court of Human Rights, 7 July 1989, para. 91.",
        {"title": "Soering v. United Kingdom", "publisher": "European Court of Human Rights", "date": D(1989, 7, 7),
         "pinpoint": "para. 91", "guesses": [publisher("European Court of Human Rights"), URL]},
    ),
    (
        "Smith *et al.*, *Land and Liberty* (Example Press, 2021), p. 9.",
        # "et al." in italics is no title.
        {"author": "Smith et al.", "title": "Land and Liberty", "publisher": "Example Press", "partial_date": "2021",
         "pinpoint": "p. 9", "guesses": [author("Smith et al."), URL, no_day("2021")]},
    ),
    (
        "**Delta Rights Watch**, *Silenced Delta*, *Examplestan Series*, 2025.",
        # Bold is no sign, only taken off; a second italic span after the title its series or outlet.
        {"author": "Delta Rights Watch", "title": "Silenced Delta", "publisher": "Examplestan Series",
         "partial_date": "2025", "guesses": [author("Delta Rights Watch"), URL, no_day("2025")]},
    ),
    ("*Id.*, para. 4.", {"repeat": "Id.", "pinpoint": "para. 4"}),
    ("*Ibid.*, p. 12 (“the *only* remedy”).", {"repeat": "Ibid.", "pinpoint": "p. 12",
                                              "quotation": "the only remedy"}),
    ("*See id.* at para. 4.", {"lead": "See", "repeat": "Id.", "pinpoint": "para. 4"}),
    ("Hartmann, *supra* note 3, at 45.", {"earlier": "supra", "refers_to": 3, "author": "Hartmann",
                                          "pinpoint": "p. 45", "guesses": [page("45")]}),
    ("Delta Rights Watch, *op. cit.*, p. 7.", {
        "earlier": "op. cit.", "author": "Delta Rights Watch", "pinpoint": "p. 7",
        "guesses": ["'Delta Rights Watch, op. cit.' read as the last work by 'Delta Rights Watch'"]}),
    # In italics a short title, not an author as the same words without them would be.
    ("*Silenced Delta*, *supra* note 2, p. 3.", {"earlier": "supra", "refers_to": 2, "title": "Silenced Delta",
                                                 "pinpoint": "p. 3"}),
    ("Delta Rights Watch, *Silenced Delta*, *supra* note 2.", {
        "earlier": "supra", "refers_to": 2, "author": "Delta Rights Watch", "title": "Silenced Delta"}),
    (
        'Office of the United Nations High Commissioner for Human Rights, "Communications – Special Procedures", '
        "supra note 5.",
        {"earlier": "supra", "refers_to": 5, "author": "Office of the United Nations High Commissioner for Human "
         "Rights", "title": "Communications – Special Procedures"},
    ),
    (
        "Amnesty International, *Examplestan: Silenced Voices*, 3 March 2025, https://www.amnesty.org/x; *Id.*, p. 4.",
        [{"author": "Amnesty International", "title": "Examplestan: Silenced Voices", "date": D(2025, 3, 3),
          "url": "https://www.amnesty.org/x", "guesses": [author("Amnesty International")]},
         {"repeat": "Id.", "pinpoint": "p. 4"}],
    ),
    # A word in italics in a comment is no title; a title beginning "See" is no lead.
    ("The word *hukou* means the household registration system.", {"comment": True, "guesses": [COMMENT]}),
    ("*Hukou* is the household registration system.", {"comment": True, "guesses": [COMMENT]}),
    ("As they said, *nothing* was done.", {"comment": True, "guesses": [COMMENT]}),
    ("The names are **withheld** for their safety.", {"comment": True, "guesses": [COMMENT]}),
    (
        "*See No Evil*, Delta Rights Watch, 2025.",
        {"title": "See No Evil", "publisher": "Delta Rights Watch", "partial_date": "2025",
         "guesses": [publisher("Delta Rights Watch"), URL, no_day("2025")]},
    ),
]  # fmt: skip
FIELDS = [field.name for field in dataclasses.fields(DraftCite) if field.name not in ("text", "guesses")]
EMPTY = {name: getattr(DraftCite(""), name) for name in FIELDS}


def test_the_table_has_at_least_60_strings_of_every_kind() -> None:
    assert len(CASES) >= 60
    cites = [cite for text, _ in CASES for cite in read_note(text)]
    assert all(any(getattr(cite, kind) for cite in cites) for kind in ("repeat", "earlier", "comment", "lead"))
    assert sum(len(read_note(text)) > 1 for text, _ in CASES) >= 6


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[text[:40] for text, _ in CASES])
def test_a_citation_string_read_into_its_parts(text: str, expected: Expected) -> None:
    cites = read_note(text)
    wanted = expected if isinstance(expected, list) else [expected]
    assert len(cites) == len(wanted), [cite.text for cite in cites]
    for cite, want in zip(cites, wanted, strict=True):
        fields = {name: value for name, value in want.items() if name != "guesses"}
        assert {name: getattr(cite, name) for name in FIELDS} == {**EMPTY, **fields}
        said = [str(fragment) for fragment in cast(list[str], want.get("guesses", []))]
        assert len(cite.guesses) == len(said), cite.guesses
        for fragment, guess in zip(said, cite.guesses, strict=True):
            assert fragment in guess
    if len(cites) == 1:
        assert read_cite(text) == cites[0]


@pytest.mark.parametrize(
    ("author_", "publisher_"),
    [(None, None), ("OHCHR", None), ("Jung Min-ho", "The Invented Herald"), ("Border Watch (an invented NGO)", None),
     (None, "Example University Press")],
)  # fmt: skip
def test_what_the_engine_writes_of_any_source_reads_back(author_: str | None, publisher_: str | None) -> None:
    """Every form of full_form (with or without author, publisher, date, symbol, pinpoint, quotation) reads back."""
    titles = (
        "Report of the detailed findings",
        "Hundreds held near the border, sources say",
        "“These wounds do not heal” – Enforced disappearance",
        "Returned to harm? Escapees and the risk of return",
        "Letter dated 3 May 2023 from the Panel",
    )
    pinpoints = (None, "para. 9", "paras. 31-33, 36", "annex I", "pp. 211-215", "ch. 3", "para. 1221 (a)")
    for title, date, symbol, pinpoint, quotation in itertools.product(
        titles, (None, D(2014, 2, 7)), (None, "A/HRC/25/CRP.1", "S/2023/171"), pinpoints, (None, "No “one” was there.")
    ):
        source = Source("k", title, "https://undocs.org/x", PLACE, author_, date, symbol, publisher_)
        text = "".join(segment.text for segment in full_form(source, Cite("k", PLACE, pinpoint, quotation)))
        read = read_cite(text)
        # "Title, Publisher (date)": without an author, words after a title's last comma are the title's own.
        whole, by = (f"{title}, {publisher_}", None) if publisher_ and not author_ else (title, publisher_)
        parts = (read.author, read.title, read.publisher, read.symbol, read.pinpoint, read.quotation, read.url)
        assert parts == (author_, whole, by, symbol, pinpoint, quotation, "https://undocs.org/x"), text
        assert read.date == (date or (D(2023, 5, 3) if "3 May 2023" in title else None)), text
        assert written_again(read) == text


def test_no_emphasis_mark_is_kept_in_a_field() -> None:
    """The draft readers pass italics and bold as *…* and **…**: read as signs, then taken off every field."""
    marked = [text for text, _ in CASES if "*" in text]
    assert len(marked) >= 12
    for text in marked:
        for cite in read_note(text):
            assert cite.text in text
            values = [getattr(cite, name) for name in FIELDS] + list(cite.guesses)
            assert not [value for value in values if isinstance(value, str) and "*" in value], text


@pytest.mark.parametrize(
    ("author_", "publisher_"),
    [(None, None), ("OHCHR", None), ("Jung Min-ho", "The Invented Herald"), ("Border Watch (an invented NGO)", None),
     (None, "Example University Press")],
)  # fmt: skip
def test_the_engines_forms_with_the_title_in_italics_read_the_same(author_: str | None, publisher_: str | None) -> None:
    """A draft that italicises the titles of the engine's forms: the same cite, and the italics part a title from
    the publisher after it, where without them the words after a title's last comma are the title's own."""
    titles = ("Hundreds held near the border, sources say", "“These wounds do not heal” – Enforced disappearance")
    for title, date, pinpoint in itertools.product(titles, (None, D(2014, 2, 7)), (None, "para. 9")):
        source = Source("k", title, "https://undocs.org/x", PLACE, author_, date, "A/HRC/25/CRP.1", publisher_)
        text = "".join(segment.text for segment in full_form(source, Cite("k", PLACE, pinpoint, None)))
        read = read_cite(text.replace(title, f"*{title}*", 1))
        parts = (read.author, read.title, read.publisher, read.date, read.symbol, read.pinpoint, read.url)
        assert parts == (author_, title, publisher_, date, "A/HRC/25/CRP.1", pinpoint, "https://undocs.org/x"), text
        assert written_again(read) == text


def test_what_was_guessed_is_said() -> None:
    read = read_cite("Jung Min-ho, Hundreds held, The Invented Herald (4 December 2023), https://news.example.org/a")
    assert read.guesses == (
        "'Jung Min-ho' read as the author, before the title (correct it if it is part of the title)",
        "'The Invented Herald' read as the publisher, after the title (correct it if it is part of the title)",
    )
    assert read_cite("A report (1 May 2020)").guesses == ("no web address: a source needs one (add its url)",)
    assert read_cite("A comment.").guesses == (
        "no document found (no address, symbol, date or page): kept as a comment (if it cites one, add its url)",
    )


def test_several_cites_in_one_note() -> None:
    cites = read_note("A report (1 May 2020), https://a.example.org/ ; Id.")
    assert [cite.repeat for cite in cites] == [None, "Id."]
