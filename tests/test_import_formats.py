"""``letter-site import`` of every format a coalition has its letter in (issue 16).

The published letter, made into a Word file and an OpenDocument file with real
footnotes (pandoc writes them), a web page in the forms of Word, Google Docs and
pandoc, Markdown with ``[^n]`` notes, and its text with the repeats written
"Ibid.": each reads as the same letter, and imported into a new repository
builds the published letter word for word.
"""

from __future__ import annotations

import dataclasses
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pypandoc  # type: ignore[import-untyped]
import pytest

from drafts import (
    google_docs_html,
    markdown_draft,
    pandoc_draft,
    pandoc_html,
    published,
    with_ibid,
    word_html,
    wordpress_html,
)
from letter_site import SourcePaths, cite_notes, load_letter
from letter_site.drafts.importer import read_draft
from letter_site.drafts.layout import Draft
from projects import REPO, Sites, build_env, site_build
from test_import import SEED, letter_site, page_words

DRAFT = published(SEED)


def _pandoc(suffix: str) -> Callable[[Path], Path]:
    return lambda folder: pandoc_draft(DRAFT, folder / f"letter{suffix}")


def _written(name: str, make: Callable[[Draft], str | bytes]) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        content = make(DRAFT)
        target = folder / name
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return target

    return write


FORMS: dict[str, Callable[[Path], Path]] = {
    "word": _pandoc(".docx"),
    "opendocument": _pandoc(".odt"),
    "word-web-page": _written("letter.html", word_html),
    "google-docs-web-page": _written("letter.htm", google_docs_html),
    "pandoc-web-page": _written("letter.html", pandoc_html),
    "wordpress-page": _written("letter.html", wordpress_html),
    "markdown": _written("letter.md", markdown_draft),
}


@pytest.mark.parametrize("form", FORMS)
def test_every_form_of_the_draft_reads_as_the_published_letter(tmp_path: Path, form: str) -> None:
    draft = read_draft(FORMS[form](tmp_path))
    styled = [section.styled for section in draft.sections[1:]]
    assert (
        styled == [form not in ("word-web-page",)] * 5
    )  # headings there; numbered paragraphs in Word's page and the text
    draft.sections = [dataclasses.replace(section, styled=False) for section in draft.sections]
    assert draft == DRAFT  # title, date, addressee, ATTN, "Re:", sections, closing, signatories, 26 notes
    assert len(draft.notes) == 26 and len(draft.signatories) == 12


def test_a_word_file_holds_real_footnotes_not_numbers(tmp_path: Path) -> None:
    """The Word file the tests make is what a coalition's is: footnotes in word/footnotes.xml."""
    with zipfile.ZipFile(FORMS["word"](tmp_path)) as archive:
        footnotes = archive.read("word/footnotes.xml").decode("utf-8")
        document = archive.read("word/document.xml").decode("utf-8")
    assert document.count("<w:footnoteReference ") == 26
    assert "Report of the detailed findings of the commission of inquiry" in footnotes
    assert "Report of the detailed findings" not in document


@pytest.fixture(scope="module", params=["word", "opendocument", "word-web-page", "ibid"])
def imported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, str]:
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "ibid":
        draft = folder / "letter.txt"
        draft.write_text(with_ibid(SEED), encoding="utf-8")
    else:
        draft = FORMS[request.param](folder)
    result = letter_site("new", str(folder / "letter"), "--tool", "letter-site[letter]", "--from", str(draft))
    assert result.returncode == 0, result.stderr
    assert "The sources are valid: 7 letter files, 26 notes, 11 sources, 12 signatories." in result.stdout
    return request.param, folder / "letter", result.stdout


def test_each_imported_draft_builds_the_published_letter_word_for_word(
    imported: tuple[str, Path, str], sites: Sites
) -> None:
    form, folder, _ = imported
    footnotes = (folder / "footnotes.yaml").read_text(encoding="utf-8")
    assert "Id." not in footnotes and "Ibid.," not in footnotes  # resolved, never typed
    assert ("repeat: Ibid." in footnotes) == (form == "ibid")  # the draft's own style is kept
    ours, theirs = cite_notes(load_letter(SourcePaths(REPO))), cite_notes(load_letter(SourcePaths(folder)))
    repeat = "Ibid." if form == "ibid" else "Id."
    assert [note.text for note in theirs] == [note.text.replace("Id.", repeat) for note in ours]
    site = folder.parent / "site"
    built = site_build(folder, site, env=build_env(LETTER_SITE_NO_PDF="1"))
    assert built.returncode == 0, built.stderr
    expected = [word.replace("Id.", repeat) for word in page_words(sites("mkdocs"))]
    assert page_words(site) == expected  # paragraphs, 13 signature lines, 26 notes with their numbers


def test_what_was_guessed_is_listed_at_its_line(imported: tuple[str, Path, str]) -> None:
    form, folder, stdout = imported
    reviews = [line for line in stdout.splitlines() if ": check: " in line]
    assert reviews, stdout
    for review in reviews:
        path, line, column, _ = review.split(":", 3)
        text = (folder / path).read_text(encoding="utf-8").split("\n")[int(line) - 1]
        at = text[int(column) - 1 :]  # a source's key, a signatory, a heading: what the line is about
        assert re.match(r"[a-z0-9-]+:$", at) or at.startswith(("- name:", "## ")), review
    headings = [review for review in reviews if "read as a section heading" in review]
    assert len(headings) == (5 if form in ("ibid", "word-web-page") else 0)  # numbered paragraphs, not headings


def test_the_review_list_as_json_and_as_github_annotations(tmp_path: Path) -> None:
    draft = FORMS["word"](tmp_path)
    as_json = letter_site("new", str(tmp_path / "a"), "--tool", "x", "--from", str(draft), "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    items = json.loads(as_json.stdout)  # the new repository's messages go to stderr
    assert {item["path"] for item in items} == {"footnotes.yaml", "signatories.yaml"}
    assert all(item["message"].startswith("check: ") and item["line"] > 1 for item in items)
    github = letter_site("new", str(tmp_path / "b"), "--tool", "x", "--from", str(draft), "--format", "github")
    warnings = [line for line in github.stdout.splitlines() if line.startswith("::warning ")]
    assert len(warnings) == len(items)
    assert all("title=Imported from the draft%3A to confirm::check: " in warning for warning in warnings)


def _zip(target: Path, names: dict[str, str]) -> bytes:
    with zipfile.ZipFile(target, "w") as archive:
        for name, text in names.items():
            archive.writestr(name, text)
    return target.read_bytes()


MD_HEAD = "Title\n\nAugust 11, 2023\n\nDear Sir,\n\n"
BAD_DRAFTS: list[tuple[str, str, Callable[[Path], bytes], str]] = [
    (
        "encrypted",
        "letter.docx",
        lambda folder: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        "is encrypted with a password or is an old Word 97-2003 file (remove the password, or save it again as .docx)",
    ),
    (
        "not-word-inside",
        "letter.docx",
        lambda folder: _zip(folder / "x.zip", {"readme.txt": "a zip, not a Word file"}),
        "is not a .docx file or is damaged (word/document.xml is missing)",
    ),
    (
        "opendocument-damaged",
        "letter.odt",
        lambda folder: b"PK\x03\x04 cut short",
        "is not a .odt file or is damaged (open it and save it again)",
    ),
    ("no-text", "letter.md", lambda folder: b"\n \n", "the draft has no text (is it the right file?)"),
    (
        "defined-twice",
        "letter.md",
        lambda folder: (MD_HEAD + "Text.[^1]\n\n[^1]: A report, https://a.example.org/\n[^1]: Another\n").encode(),
        "note [^1] is defined twice",
    ),
    (
        "undefined",
        "letter.md",
        lambda folder: (MD_HEAD + "Text.[^1] More.[^2]\n\n[^1]: A report, https://a.example.org/\n").encode(),
        "the text refers to note [^2], which is defined nowhere (add [^2]: …)",
    ),
    (
        "numbered-twice",
        "letter.html",
        lambda folder: (
            b"<p>Title</p><p>August 11, 2023</p><p>Text<a href='#ftn1'>[1]</a> more<a href='#ftn1b'>[1]</a></p>"
            b"<hr><p id='ftn1'>[1] A report, https://a.example.org/</p><p id='ftn1b'>[1] Another</p>"
        ),
        "two notes are numbered 1",
    ),
    (
        "binary",
        "letter.txt",
        lambda folder: b"Title\n\n\x00\x01\x02",
        "is not text (it holds binary data: is it the right file?)",
    ),
]


@pytest.mark.parametrize(("name", "content", "message"), [pytest.param(*case[1:], id=case[0]) for case in BAD_DRAFTS])
def test_a_bad_draft_of_any_form_gets_one_line_and_no_repository(
    tmp_path: Path, name: str, content: Callable[[Path], bytes], message: str
) -> None:
    draft = tmp_path / name
    draft.write_bytes(content(tmp_path))
    result = letter_site("new", str(tmp_path / "letter"), "--tool", "x", "--from", str(draft))
    assert (result.returncode, result.stderr, result.stdout) == (1, f"{draft}: {message}\n", "")
    assert not (tmp_path / "letter").exists()  # read before anything is written


def test_a_draft_of_hundreds_of_megabytes_is_refused_by_its_size(tmp_path: Path) -> None:
    draft = tmp_path / "letter.docx"
    with draft.open("wb") as file:
        file.truncate(300_000_000)  # sparse: nothing is written to the disk
    result = letter_site("import", str(draft), "--root", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr == (f"{draft}: 300,000,000 bytes: more than a letter's 20,000,000 (is it the right file?)\n")


def test_leads_comments_and_works_cited_earlier_are_structured(tmp_path: Path) -> None:
    """ "See, e.g.,", a note citing nothing, "supra note 1" and "See id." as a coalition's draft writes them."""
    folder = tmp_path / "letter"
    draft = REPO / "tests" / "fixtures" / "draft-kinds-of-notes.md"
    result = letter_site("new", str(folder), "--tool", "x", "--from", str(draft))
    assert result.returncode == 0, result.stderr
    assert "The sources are valid: 2 letter files, 5 notes, 2 sources, 3 signatories." in result.stdout
    letter = load_letter(SourcePaths(folder))
    assert [note.text for note in cite_notes(letter)] == [
        "See, e.g., Human Rights Watch, Worse than Hell (3 March 2023), https://hrw.example.org/worse",
        "Report of the Special Rapporteur (28 February 2023), A/HRC/52/64, para. 12, https://undocs.org/A/HRC/52/64",
        "The names of the refugees are withheld for their safety.",
        "Human Rights Watch, Worse than Hell (3 March 2023), p. 4, https://hrw.example.org/worse",  # supra note 1
        "See id., p. 5.",
    ]
    assert [(s.display_name, s.kind.value) for s in letter.signatories] == [
        ("Border Watch (BW)", "organization"),
        ("Ahn Soo-jin", "individual"),  # with her affiliation, written after it
        ("Dong Min-jae", "individual"),
    ]
    assert letter.signatories[1].affiliation == "Professor of Law, Invented National University"
    reviews = [line.split(": check: ")[1] for line in result.stdout.splitlines() if ": check: " in line]
    assert reviews[:2] == [
        "note 3 read as a comment citing nothing (give it a source if it cites one)",
        "note 4: 'Human Rights Watch, supra note 1, p. 4.' read as human-rights-watch-worse-than-hell, cited before "
        "(confirm it is that document)",
    ]
    built = site_build(folder, tmp_path / "site", env=build_env(LETTER_SITE_NO_PDF="1"))
    assert built.returncode == 0, built.stderr
    assert "The names of the refugees are withheld for their safety." in (tmp_path / "site" / "index.html").read_text(
        encoding="utf-8"
    )


def test_a_lower_heading_stays_within_its_section_and_is_listed(tmp_path: Path) -> None:
    draft = tmp_path / "letter.md"
    draft.write_text(
        "---\ntitle: Levels\ndate: 5 January 2024\n---\n\nDear Minister,\n\n## 1. Requests\n\nWe ask.[^a]\n\n"
        "### (a) Access\n\nGive access.\n\n## 2. Next\n\nThank you for reading.\n\nSincerely,\n\n"
        "Signatories (as of 5 January 2024)\n\nBorder Watch\n\n[^a]: A report, https://a.example.org/\n",
        encoding="utf-8",
    )
    result = letter_site("new", str(tmp_path / "letter"), "--tool", "x", "--from", str(draft))
    assert result.returncode == 0, result.stderr
    part = (tmp_path / "letter" / "letter" / "01-requests.md").read_text(encoding="utf-8")
    assert "## 1. Requests\n\nWe ask.[^" in part and "\n### (a) Access\n\nGive access.\n" in part
    line = part.split("\n").index("### (a) Access") + 1
    assert f"letter/01-requests.md:{line}:1: check: a heading of a lower level in the draft" in result.stdout
    assert sorted(p.name for p in (tmp_path / "letter" / "letter").iterdir()) == [
        "00-opening.md", "01-requests.md", "02-next.md", "03-closing.md"
    ]  # fmt: skip


def test_a_draft_writing_month_day_year_keeps_its_dates(tmp_path: Path) -> None:
    draft = tmp_path / "letter.md"
    kinds = (REPO / "tests" / "fixtures" / "draft-kinds-of-notes.md").read_text(encoding="utf-8")
    draft.write_text(
        kinds.replace("3 March 2023", "March 3, 2023").replace("(28 February 2023)", "(February 28, 2023)"),
        encoding="utf-8",
    )
    result = letter_site("new", str(tmp_path / "letter"), "--tool", "x", "--from", str(draft))
    assert result.returncode == 0, result.stderr
    assert "\ndates: month day, year\n" in (tmp_path / "letter" / "footnotes.yaml").read_text(encoding="utf-8")
    texts = [note.text for note in cite_notes(load_letter(SourcePaths(tmp_path / "letter")))]
    assert texts[0] == "See, e.g., Human Rights Watch, Worse than Hell (March 3, 2023), https://hrw.example.org/worse"
    assert "(February 28, 2023)" in texts[1]


def test_a_coalitions_word_draft_as_written(tmp_path: Path) -> None:
    """A Word draft as a newcomer wrote it: ATTN:/CC: on their names' line, a bold signature heading, lists of
    Organizations and Individuals, italic titles and outlets, UN symbols without addresses, a remark."""
    markdown = (REPO / "tests" / "fixtures" / "draft-from-word.md").read_text(encoding="utf-8")
    draft = tmp_path / "letter.docx"
    pypandoc.convert_text(markdown, "docx", format="markdown", outputfile=str(draft))
    result = letter_site("new", str(tmp_path / "letter"), "--tool", "x", "--from", str(draft))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The sources are valid: 5 letter files, 10 notes, 7 sources, 7 signatories." in result.stdout
    letter = load_letter(SourcePaths(tmp_path / "letter"))
    opening = (tmp_path / "letter" / "letter" / "00-opening.md").read_text(encoding="utf-8")
    assert '<div class="letter-attn" markdown>\n\nATTN:\n\nMr. Tomasz Wielgosz, Human Rights Officer' in opening
    assert "CC:\n\nPermanent Mission of Examplestan to the United Nations Office at Geneva\n\nWorking Group" in opening
    assert [(s.name, s.kind.value, s.acronym, s.affiliation) for s in letter.signatories][2:6] == [
        ("Coalition for Community Land", "organization", "CCL", None),
        ("Open Assembly Initiative", "organization", None, None),
        ("Justice Without Borders Examplestan", "organization", None, None),
        ("Kim Min-ji", "individual", None, "Professor of Law, Example University"),
    ]
    texts = [note.text for note in cite_notes(letter)]
    assert texts[0] == "Delta Rights Watch, Silenced Delta: Arbitrary Detention of Land Defenders in Examplestan, p. 14"
    assert texts[1] == "Ibid., pp. 17–19." and texts[7] == "Ibid."
    assert texts[6] == (
        "See, e.g., Lena Hartmann, Villagers jailed after meeting on dam project, The Geneva Observer (3 January 2025)"
    )
    assert texts[2].endswith("A/HRC/55/63, para. 12, https://undocs.org/A/HRC/55/63")  # the UN's address, added
    assert texts[9] == "The signatories are willing to brief the mandate in person during the session."
    assert "note 3: no web address in the draft: the UN's permanent address for its symbol added" in result.stdout
