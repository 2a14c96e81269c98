"""``letter-site check``: problems where editors look, in each format; and the column of each problem."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from letter_site.cli.main import annotation
from letter_site.problems import Problem, SourcesInvalid
from letter_site.sources.loader import SourcePaths, load_letter
from projects import Change, copy_sources, edit, insert_after, line_of

TOOL_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
NOT_REFERENCED = "is not referenced in the letter (write [^{0}] where it belongs in a letter/ file, or delete the note)"
NOT_A_REAL_DATE = "'as_of' is not a real date: '2023-02-30' (write it as YYYY-MM-DD, e.g. 2023-08-11)"
UNKNOWN_NOTE = (
    "[^coi-gravty] refers to no note in footnotes.yaml; did you mean 'coi-gravity'? (add a note 'coi-gravty' "
    "under notes:, or correct the key)"
)


def check(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "letter_site", "check", *args],
        cwd=cwd,
        env=TOOL_ENV,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def column(root: Path, path: str, where: str, text: str) -> tuple[int, int]:
    """The line holding ``where``, and the column (from 1) where ``text`` starts on it."""
    line = line_of(root, path, where)
    written = (root / path).read_text(encoding="utf-8").splitlines()[line - 1]
    assert text in written, f"{path}:{line}: {text!r} not in {written!r}"
    return line, written.index(text) + 1


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A copy with three problems in three files."""
    project = copy_sources(tmp_path / "project")
    edit("signatories.yaml", "as_of: 2023-08-11\n", "as_of: 2023-02-30\n")(project)
    edit("letter/01-coi-findings.md", "[^coi-gravity]", "[^coi-gravty]")(project)
    return project


def expected_problems(project: Path) -> list[Problem]:
    note = column(project, "footnotes.yaml", "  coi-gravity:", "coi-gravity")
    reference = column(project, "letter/01-coi-findings.md", "[^coi-gravty]", "[^coi-gravty]")
    as_of = column(project, "signatories.yaml", "as_of: 2023-02-30", "2023-02-30")
    return [
        Problem("footnotes.yaml", *note, "note 'coi-gravity' " + NOT_REFERENCED.format("coi-gravity")),
        Problem("letter/01-coi-findings.md", *reference, UNKNOWN_NOTE),
        Problem("signatories.yaml", *as_of, NOT_A_REAL_DATE),
    ]


def test_text_prints_path_line_column_message_on_stderr_and_exits_1(broken: Path, tmp_path: Path) -> None:
    result = check("--root", str(broken), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = [str(problem) for problem in expected_problems(broken)]
    assert (
        result.stderr == "\n".join([*lines, "The letter's sources have 3 problems (each says how to fix it)."]) + "\n"
    )
    assert lines[2].startswith("signatories.yaml:")
    assert lines[2].split(":")[1:3] == [str(line_of(broken, "signatories.yaml", "as_of: 2023")), "8"]


def test_text_on_the_real_sources_exits_0_with_a_summary(tmp_path: Path) -> None:
    project = copy_sources(tmp_path / "project")
    letter = load_letter(SourcePaths(project))
    result = check(cwd=project)  # --root defaults to the current folder
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == (
        f"The sources are valid: {len(letter.parts)} letter files, {len(letter.notes)} notes, "
        f"{len(letter.sources)} sources, {len(letter.signatories)} signatories.\n"
    )
    assert len(letter.parts) == 7 and len(letter.notes) == 26


def test_github_prints_one_annotation_a_problem_on_stdout(broken: Path) -> None:
    result = check("--format", "github", cwd=broken)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"::error file={p.path},line={p.line},col={p.column},title=Letter source problem::{p.message}"
        for p in expected_problems(broken)
    ]
    assert result.stderr == "The letter's sources have 3 problems (each says how to fix it).\n"


def test_github_names_files_from_the_checkout_when_the_site_is_in_a_subfolder(tmp_path: Path) -> None:
    project = copy_sources(tmp_path / "repo" / "site-src")
    edit("signatories.yaml", "as_of: 2023-08-11\n", "as_of: 2023-02-30\n")(project)
    result = check("--format", "github", "--root", "site-src", cwd=tmp_path / "repo")
    [line] = result.stdout.splitlines()
    assert line.startswith(
        f"::error file=site-src/signatories.yaml,line={line_of(project, 'signatories.yaml', 'as_of: 2023')},"
    )


ESCAPES = [
    ("plain", Problem("a.yaml", 3, 5, "x (y)"), "::error file=a.yaml,line=3,col=5,title=Letter source problem::x (y)"),
    (
        "percent-and-newlines-in-the-message",
        Problem("a.yaml", 1, 1, "100% sure\nsecond line\r"),
        "::error file=a.yaml,line=1,col=1,title=Letter source problem::100%25 sure%0Asecond line%0D",
    ),
    (
        "colon-and-comma-in-a-file-name",
        Problem("letter/a:b,c.md", 2, 1, "m"),
        "::error file=letter/a%3Ab%2Cc.md,line=2,col=1,title=Letter source problem::m",
    ),
    (
        "a-message-that-tries-to-end-the-command",
        Problem("a.yaml", 1, 1, "x\n::error file=evil::y"),
        "::error file=a.yaml,line=1,col=1,title=Letter source problem::x%0A::error file=evil::y",
    ),
]


@pytest.mark.parametrize(("problem", "written"), [pytest.param(p, w, id=i) for i, p, w in ESCAPES])
def test_annotations_escape_what_would_end_or_split_the_command(problem: Problem, written: str) -> None:
    assert annotation(problem) == written
    assert "\n" not in annotation(problem) and "\r" not in annotation(problem)


def test_json_is_a_list_of_problems_on_stdout(broken: Path) -> None:
    result = check("--format", "json", cwd=broken)
    assert result.returncode == 1
    assert json.loads(result.stdout) == [
        {"path": p.path, "line": p.line, "column": p.column, "message": p.message} for p in expected_problems(broken)
    ]
    assert result.stderr == ""


def test_json_of_valid_sources_is_an_empty_list(tmp_path: Path) -> None:
    result = check("--format", "json", cwd=copy_sources(tmp_path / "project"))
    assert (result.returncode, json.loads(result.stdout), result.stderr) == (0, [], "")


# -- the column of each kind of problem: where an editor's cursor must land -----------------------

SR_URL = "    url: https://undocs.org/A/77/522\n"
SR_TITLE = (
    "    title: Report of the UN Special Rapporteur on the situation of human rights in the DPRK to the General "
    "Assembly\n"
)
COLUMNS: list[tuple[str, list[Change], str, str, str]] = [
    # (name, changes, path, a text on the problem's line, the text the column points at)
    ("unknown-key", [edit("footnotes.yaml", "    symbol: A/77/522\n", "    symbl: A/77/522\n")], "footnotes.yaml",
     "symbl:", "symbl"),
    ("value-of-the-wrong-type", [edit("footnotes.yaml", "pinpoint: para. 1211", "pinpoint: 1211")], "footnotes.yaml",
     "pinpoint: 1211", "1211"),
    ("address-not-https", [edit("footnotes.yaml", SR_URL, "    url: javascript:alert(1)\n")], "footnotes.yaml",
     "javascript:", "javascript:"),
    ("missing-field-at-its-entry", [edit("footnotes.yaml", SR_TITLE, "")], "footnotes.yaml", "  sr-2022-ga:",
     "sr-2022-ga"),
    ("signatory-missing-a-field", [edit("signatories.yaml", "  - name: Mulmangcho\n    kind: organization\n",
                                        "  - name: Mulmangcho\n")], "signatories.yaml", "Mulmangcho", "name:"),
    ("impossible-date", [edit("signatories.yaml", "as_of: 2023-08-11", "as_of: 2023-02-30")], "signatories.yaml",
     "as_of: 2023", "2023-02-30"),
    ("duplicate-key", [insert_after("signatories.yaml", "    acronym: NKD\n", "    acronym: AND\n")],
     "signatories.yaml", "acronym: AND", "acronym"),
    ("quote-never-closed", [edit("signatories.yaml", "  - name: Mulmangcho\n", '  - name: "Mulmangcho\n')],
     "signatories.yaml", '"Mulmangcho', '"Mulmangcho'),
    ("reference-to-no-note", [edit("letter/01-coi-findings.md", "[^coi-gravity]", "[^coi-gravty]")],
     "letter/01-coi-findings.md", "[^coi-gravty]", "[^coi-gravty]"),
    ("script-in-a-letter-file", [edit("letter/06-closing.md", "Thank you.", "Thank you. <script>x()</script>")],
     "letter/06-closing.md", "Thank you.", "<script>"),
    ("after-letters-that-lowercase-longer", [edit("letter/06-closing.md", "Thank you.", "İİİİ <script>x()</script>")],
     "letter/06-closing.md", "İİİİ", "<script>"),
    ("invisible-character", [edit("letter/06-closing.md", "Thank you.", "Thank\x07 you.")],
     "letter/06-closing.md", "Thank", "\x07"),
    ("anchor-in-front-matter", [edit("letter/04-public-events.md", "anchor: public-events", "anchor: Public")],
     "letter/04-public-events.md", "anchor:", "Public"),
]  # fmt: skip


@pytest.mark.parametrize(("changes", "path", "where", "at"), [pytest.param(*case[1:], id=case[0]) for case in COLUMNS])
def test_each_problem_points_at_its_column(
    tmp_path: Path, changes: list[Change], path: str, where: str, at: str
) -> None:
    project = copy_sources(tmp_path / "project")
    for change in changes:
        change(project)
    with pytest.raises(SourcesInvalid) as raised:
        load_letter(SourcePaths(project))
    places = [(problem.path, problem.line, problem.column) for problem in raised.value.problems]
    assert (path, *column(project, path, where, at)) in places, raised.value.report()


def test_build_outside_a_letters_repository_says_so_in_one_line(tmp_path: Path) -> None:
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    for command in ("build", "serve", "pdf"):
        extra = ["--output", str(tmp_path / "x.pdf")] if command == "pdf" else []
        result = subprocess.run(
            [sys.executable, "-m", "letter_site", command, *extra], cwd=tmp_path, capture_output=True, text=True,
            check=False,
        )  # fmt: skip
        assert (result.returncode, result.stderr) == (
            1,
            "mkdocs.yml: not found (run letter-site in a letter's repository, the folder of its mkdocs.yml, or give "
            "--config-file)\n",
        ), command
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n  bad: [\n", encoding="utf-8")
    broken = subprocess.run(
        [sys.executable, "-m", "letter_site", "build"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert broken.stderr.startswith("mkdocs.yml:2:6: not valid YAML (mapping values are not allowed here")
