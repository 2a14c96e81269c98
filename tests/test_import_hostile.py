"""Drafts come from outside (issue 16): what a hostile or odd draft does to ``letter-site import``.

Each bad draft gets one line and leaves nothing behind; what a draft hides is not
published; a draft's words are its words, never Markdown or HTML the site would
act on; the import writes only into a letter's repository and says what it removes.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pypandoc  # type: ignore[import-untyped]
import pytest

from letter_site import SourcePaths, cite_notes, load_letter
from projects import build_env, site_build
from test_import import letter_site

HEAD = "---\ntitle: A letter\ndate: 5 January 2024\n---\n\nDear Minister,\n\n"
TAIL = "\n\nSincerely,\n\nSignatories (as of 5 January 2024)\n\nBorder Watch (BW)\n\n[^a]: A report, https://a.example.org/\n"


def word(folder: Path, markdown: str, change: Callable[[str], str] = lambda xml: xml) -> Path:
    """A Word file of ``markdown`` (pandoc's), its document.xml changed by ``change``."""
    made, target = folder / "made.docx", folder / "letter.docx"
    pypandoc.convert_text(markdown, "docx", format="markdown", outputfile=str(made))
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            out.writestr(item, change(data.decode()).encode() if item.filename == "word/document.xml" else data)
    return target


def first_run(xml: str, properties: str) -> str:
    return re.sub(r"<w:r>(<w:t[ >][^<]*secret)", rf"<w:r><w:rPr>{properties}</w:rPr>\1", xml, count=1)


def _text(folder: Path, name: str, text: str) -> Path:
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def _bomb(folder: Path) -> Path:
    """A small .docx whose text would unpack to 60 MB: refused by its size before pandoc reads it."""
    target = folder / "letter.docx"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document>" + " " * 59_999_988)
    return target


HOSTILE: list[tuple[str, Callable[[Path], Path], str]] = [
    (
        "hidden-word-text",
        lambda f: word(f, HEAD + "We ask.[^a] secret words\n" + TAIL, lambda x: first_run(x, "<w:vanish/>")),
        "has hidden text (Font, Hidden), which would be published as if it were shown (show it or delete it in Word "
        "first)",
    ),
    (
        "tracked-changes",
        lambda f: word(
            f,
            HEAD + "We ask.[^a] secret words\n" + TAIL,
            lambda x: re.sub(
                r"(<w:r>(?:(?!</w:r>).)*secret(?:(?!</w:r>).)*</w:r>)",
                r'<w:ins w:id="9" w:author="Mallory">\1</w:ins>',
                x,
                count=1,
            ),
        ),
        "has tracked changes not yet accepted or rejected (in Word: Review, Accept, Accept All Changes; or reject "
        "them), so which text is the letter's is not known",
    ),
    (
        "unpacked-too-large",
        _bomb,
        "60,000,000 bytes of text once unpacked: more than a letter's 50,000,000 (is it the right file?)",
    ),
    (
        "a-folder",
        lambda f: (f / "letter.md").mkdir() or f / "letter.md",
        "is not a file (a folder or a device: name the draft's file)",
    ),
    (
        "empty-note",
        lambda f: _text(f, "letter.md", HEAD + "We ask.[^a] More.[^b]" + TAIL + "[^b]:\n"),
        "note 2 is empty (write what it cites, or delete the note)",
    ),
    (
        "note-in-the-title",
        lambda f: _text(f, "letter.md", HEAD.replace("title: A letter", "title: A letter[^a]") + "We ask." + TAIL),
        "the title refers to note 1, where the site has no place for a note (move the note's reference into the "
        "letter's text)",
    ),
]


@pytest.mark.parametrize(("make", "message"), [pytest.param(m, s, id=i) for i, m, s in HOSTILE])
def test_a_hostile_draft_gets_one_line_and_no_repository(
    tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    draft = make(tmp_path)
    result = letter_site("new", str(tmp_path / "letter"), "--tool", "x", "--from", str(draft))
    assert (result.returncode, result.stderr, result.stdout) == (1, f"{draft}: {message}\n", "")
    assert not (tmp_path / "letter").exists()


def test_a_draft_error_as_json_and_as_an_annotation(tmp_path: Path) -> None:
    draft = _text(tmp_path, "letter.md", "\n")
    as_json = letter_site("new", str(tmp_path / "a"), "--tool", "x", "--from", str(draft), "--format", "json")
    assert json.loads(as_json.stdout) == [
        {"path": str(draft), "line": 1, "column": 1, "message": "the draft has no text (is it the right file?)"}
    ]
    github = letter_site("new", str(tmp_path / "b"), "--tool", "x", "--from", str(draft), "--format", "github")
    assert github.stdout.startswith(f"::error file={draft},line=1,col=1,title=The draft cannot be imported::")


def test_a_drafts_words_stay_words(tmp_path: Path) -> None:
    """Markdown or HTML typed in a Word draft is text on the site; "5." and "P5" stay as written."""
    body = (
        "We ask.[^a] Literal \\[click here\\](https://evil.example/phish), x \\< y, a \\* star.\n\n"
        "5\\. The Committee recommends that the P5 and the G20 act.\n\n| Cell with a \\| pipe | B |\n| --- | --- |\n"
        "| 1 | 2 |\n"
    )
    draft = word(tmp_path, HEAD + body + TAIL)
    result = letter_site("new", str(tmp_path / "letter"), "--tool", "x", "--from", str(draft))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The sources are valid" in result.stdout

    site = tmp_path / "site"
    built = site_build(tmp_path / "letter", site, env=build_env(LETTER_SITE_NO_PDF="1"))
    assert built.returncode == 0, built.stderr
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "[click here](https://evil.example/phish)" in page and 'href="https://evil.example' not in page
    assert "x &lt; y" in page and "a * star" in page
    assert "5. The Committee recommends that the P5 and the G20 act." in page and "<li>The Committee" not in page
    assert "Cell with a | pipe" in page


def test_a_cross_reference_and_hidden_words_in_a_web_page(tmp_path: Path) -> None:
    page = (
        "<html><body><article><p>A letter</p><p>5 January 2024</p><p>Dear Minister,</p>"
        '<p>As paragraph <a href="#p3">3</a> says, we ask.<sup><a href="#ftn1" id="ref1">[1]</a></sup>'
        '<span style="display: none"> We endorse the Evil Party.</span></p>'
        '<p id="p3">Third paragraph, the most important.</p><div hidden><p>Secret words.</p></div>'
        "<p>Sincerely,</p><p>Signatories (as of 5 January 2024)</p><p>Border Watch (BW)</p>"
        '<p style="visibility:hidden">Evil Organization (EVIL)</p></article>'
        '<hr><div id="ftn1"><p><a href="#ref1">[1]</a> A report, https://a.example.org/</p></div></body></html>'
    )
    draft = _text(tmp_path, "letter.html", page)
    result = letter_site("new", str(tmp_path / "letter"), "--tool", "x", "--from", str(draft))
    assert result.returncode == 0, result.stdout + result.stderr
    letter = load_letter(SourcePaths(tmp_path / "letter"))
    assert [note.text for note in cite_notes(letter)] == ["A report, https://a.example.org/"]
    text = " ".join(part.body for part in letter.parts)
    assert "Third paragraph, the most important." in text
    assert "Evil" not in text and "Secret" not in text
    assert [s.name for s in letter.signatories] == ["Border Watch"]


def test_import_goes_only_into_a_letters_repository_and_says_what_it_removes(tmp_path: Path) -> None:
    draft = _text(tmp_path, "letter.md", HEAD + "We ask.[^a]" + TAIL)
    empty = tmp_path / "empty"
    empty.mkdir()
    refused = letter_site("import", str(draft), "--root", str(empty))
    assert (refused.returncode, refused.stderr) == (
        1,
        f"{empty}: is not a letter's repository (it has no mkdocs.yml: start one with letter-site new DIR --from "
        "DRAFT)\n",
    )
    assert list(empty.iterdir()) == []
    folder = tmp_path / "letter"
    assert letter_site("new", str(folder), "--tool", "x", "--from", str(draft)).returncode == 0
    (folder / "letter" / "09-annex.md").write_text("---\nanchor: annex\n---\n\nAn annex.\n", encoding="utf-8")
    again = letter_site("import", str(draft), "--root", str(folder), "--replace")
    removed = "letter/09-annex.md:1:1: check: removed: the draft has no such part (git restore letter/09-annex.md to"
    assert f"{removed} keep it)" in again.stdout
    assert not (folder / "letter" / "09-annex.md").exists()


def test_in_a_texts_words_a_number_in_a_name_is_not_a_note(tmp_path: Path) -> None:
    """'P5', 'G7', 'G20': UN letters name them; only a number after a word's end or punctuation is a note."""
    text = (
        "A letter\n\n5 January 2024\n\nDear Minister,\n\nThe P5 members and the G7 met.1 Then more.2 The G20 "
        "again, as reported.3\n\nSincerely,\n\nSignatories (as of 5 January 2024)\n\nBorder Watch (BW)\n\n"
        "1 A report, https://a.example.org/1\n\n2 Id., p. 2.\n\n3 Id., p. 3.\n"
    )
    draft = _text(tmp_path, "letter.txt", text)
    result = letter_site("new", str(tmp_path / "letter"), "--tool", "x", "--from", str(draft))
    assert result.returncode == 0, result.stdout + result.stderr
    opening = (tmp_path / "letter" / "letter" / "00-opening.md").read_text(encoding="utf-8")
    assert "The P5 members and the G7 met.[^" in opening and "The G20 again, as reported.[^" in opening


def test_a_page_declaring_utf_7_is_not_read_as_utf_7() -> None:
    """Browsers never read UTF-7; read as such, '+ADw-a+AD4-' would become a tag no reader of the page saw."""
    from letter_site.drafts.html import decode  # noqa: PLC0415

    assert decode(b'<meta charset="utf-7"><p>+ADw-a+AD4-</p>') == '<meta charset="utf-7"><p>+ADw-a+AD4-</p>'


def test_a_markdown_notes_indented_paragraph_does_not_swallow_the_next_note() -> None:
    from letter_site.drafts.markdown import read_markdown  # noqa: PLC0415

    draft = read_markdown(
        "T\n\n5 January 2024\n\nDear X,\n\nA.[^c] B.[^d]\n\nSignatories\n\nBW\n\n"
        "[^c]: First, https://a.example/\n\n    Second paragraph.\n[^d]: Another, https://b.example/\n"
    )
    assert draft.notes == {1: "First, https://a.example/ Second paragraph.", 2: "Another, https://b.example/"}


def test_a_korean_name_with_a_title_signs_as_a_person() -> None:
    from letter_site.drafts.layout import Block, lay_out  # noqa: PLC0415

    blocks = ["A letter", "5 January 2024", "Dear X,", "Text.", "Signatories", "북한인권시민연합 (NKHR)",
              "김철수, 고려대학교 법학전문대학원 교수"]  # fmt: skip
    signers = lay_out([Block(text) for text in blocks], {}).signatories
    assert [(s.name, s.individual, s.affiliation) for s in signers] == [
        ("북한인권시민연합", False, None),
        ("김철수", True, "고려대학교 법학전문대학원 교수"),
    ]
