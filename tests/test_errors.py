"""The specification of validation: every kind of bad input and the exact report it gets.

Each case copies the real sources into a temporary folder, changes one thing,
and states the complete list of problems ``load_letter`` must report, each as
``path:line: message (how to fix)``.  Lines are found by the text written on
them, so the cases survive edits elsewhere in the sources; every change must
apply exactly once, so a case cannot silently test the unchanged sources.

The end of the file runs the real tools on broken copies: ``mkdocs build
--strict`` (the report on stderr, no traceback, the previous site untouched)
and ``python -m letter_site check``; and builds a site from YAML text full of
HTML and Markdown, which must reach the page as text.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from cases import Expected, case, check, problems_of, render
from letter_site.problems import Problem, SourcesInvalid
from letter_site.sources.loader import SourcePaths, load_letter
from projects import (
    REPO,
    Change,
    copy_sources,
    delete,
    drop_line,
    edit,
    edit_bytes,
    insert_after,
    line_of,
    rename,
    site_build,
    write,
)

SR_TITLE = (
    "    title: Report of the UN Special Rapporteur on the situation of human rights in the DPRK "
    "to the General Assembly\n"
)
COI_GRAVITY_CITE = "      - source: coi-2014-detailed-findings\n        pinpoint: para. 1211\n"
WOUNDS_REPORT = "  wounds-report:\n    cites:\n      - source: ohchr-2023-these-wounds\n"
YAML_HINT = (
    "check the quotes, colons and indentation on this line and the one before; text "
    "containing ': ' or starting with a quote must be put in quotes"
)
HOW_DATE = "write it as YYYY-MM-DD, e.g. 2023-08-11"
HOW_ANCHOR = "start the file with three lines: ---, then anchor: some-name, then ---"
SOURCE_KEYS = "the keys allowed here are: author, date, publisher, symbol, title, url"
SIGNATORY_KEYS = "the keys allowed here are: acronym, affiliation, kind, name, url"
H1 = "a # heading: the page's only one is the letter's title (use ## for a section heading)"


def test_the_real_sources_are_valid(tmp_path: Path) -> None:
    """The baseline every case changes one thing of."""
    letter = load_letter(SourcePaths(copy_sources(tmp_path / "project")))
    assert all((letter.parts, letter.notes, letter.sources, letter.signatories))


# -- YAML syntax -------------------------------------------------------------

NO_ALIASES = (
    "YAML anchors, aliases and merge keys (&name, *name, <<) are not supported here (write the value out in full)"
)
YAML_SYNTAX = [
    case(
        "colon-in-unquoted-text",
        [edit("footnotes.yaml", SR_TITLE, "    title: Report: the UN Special Rapporteur\n")],
        (
            "footnotes.yaml",
            "title: Report: the UN",
            "YAML syntax error: a second ':' on this line (put text containing ': ' in quotes, "
            "or indent this line like the one before)",
        ),
    ),
    case(
        "quote-never-closed-reported-where-it-opens",
        [edit("signatories.yaml", "  - name: Mulmangcho\n", '  - name: "Mulmangcho\n')],
        (
            "signatories.yaml",
            '"Mulmangcho',
            "YAML syntax error: a quotation mark opened on this line is never closed (end the text with "
            "the same quotation mark; an apostrophe inside text in '…' is written twice: '')",
        ),
    ),
    case(
        "text-after-closing-quote",
        [edit("footnotes.yaml", SR_TITLE, '    title: "Report" of the UN Special Rapporteur\n')],
        (
            "footnotes.yaml",
            '"Report" of the UN',
            "YAML syntax error: this line does not fit the lines before it (indent it like the other keys "
            "at its level; text that starts with a quotation mark must end with it, or be put in quotes "
            "as a whole)",
        ),
    ),
    case(
        "indentation",
        [edit("footnotes.yaml", "    date: 2022-10-13\n", "   date: 2022-10-13\n")],
        (
            "footnotes.yaml",
            "date: 2022-10-13",
            "YAML syntax error: this line does not fit the lines before it (indent it like the other keys "
            "at its level; text that starts with a quotation mark must end with it, or be put in quotes "
            "as a whole)",
        ),
    ),
    case(
        "tab-in-front-matter-counts-file-lines",
        [edit("letter/01-coi-findings.md", "anchor: coi-findings\n", "\tanchor: coi-findings\n")],
        (
            "letter/01-coi-findings.md",
            "anchor: coi-findings",
            "YAML syntax error: a tab character (indent with spaces only)",
        ),
    ),
    case(
        "key-without-colon",
        [edit("signatories.yaml", "    acronym: NKD\n", "    acronym NKD\n")],
        (
            "signatories.yaml",
            "acronym NKD",
            "YAML syntax error: a key without ':' (write 'key: value', with a space after the colon)",
        ),
    ),
    case(
        "bracket-never-closed-reported-where-it-opens",
        [edit("signatories.yaml", "as_of: 2023-08-11\n", "as_of: [2023-08-11\n")],
        (
            "signatories.yaml",
            "as_of: [2023",
            "YAML syntax error: a bracket [ or { opened on this line is not closed where expected (close it; "
            "text that starts with [ or { must be put in quotes)",
        ),
    ),
    case(
        "text-starting-with-an-exclamation-mark-is-a-yaml-tag",
        [
            edit(
                "footnotes.yaml",
                "        quotation: The Special Rapporteur",
                "        quotation: !The Special Rapporteur",
            )
        ],
        (
            "footnotes.yaml",
            "quotation: !The",
            "'!The' here is a YAML tag, which is not supported (remove it; text that starts with ! & * or % must "
            "be put in quotes)",
        ),
    ),
    case(
        "an-alias-inside-itself",
        # Refused before anything is built: the anchor and the alias, nothing about what they stand for.
        [edit("signatories.yaml", "  - name: THINK\n    kind: organization\n", "  - &t [*t]\n")],
        ("signatories.yaml", "&t [*t]", NO_ALIASES),
        ("signatories.yaml", "&t [*t]", NO_ALIASES),
    ),
    case(
        "a-merge-key",
        [
            edit(
                "signatories.yaml",
                "    kind: organization\n\n  - name: Transitional",
                "    <<: {kind: organization}\n\n  - name: Transitional",
            )
        ],
        (
            "signatories.yaml",
            "  - name: THINK",
            "signatory: 'kind' is missing or empty (add a line 'kind: …' below it)",
        ),
        ("signatories.yaml", "<<: {kind", NO_ALIASES),
    ),
    case(
        "other-errors-keep-pyyaml-words-and-the-general-hint",
        [edit("signatories.yaml", "    acronym: NKD\n", "    acronym: @NKD\n")],
        (
            "signatories.yaml",
            "@NKD",
            "YAML syntax error: found character '@' that cannot start any token while scanning for the "
            f"next token ({YAML_HINT})",
        ),
    ),
]


@pytest.mark.parametrize(("changes", "expected"), YAML_SYNTAX)
def test_yaml_syntax_error(tmp_path: Path, changes: list[Change], expected: list[Expected]) -> None:
    check(tmp_path, changes, expected)


# -- duplicate keys ------------------------------------------------------------

DUPLICATE_KEYS = [
    case(
        "footnotes-source-field",
        [insert_after("footnotes.yaml", "    symbol: A/77/522\n", "    title: Another title\n")],
        (
            "footnotes.yaml",
            "title: Another title",
            "duplicate key 'title' (also on line {@title: Report of the UN Special Rapporteur on}; YAML would "
            "silently keep only the last one: remove or rename one of them)",
        ),
    ),
    case(
        "footnotes-note-key",
        [
            insert_after(
                "footnotes.yaml",
                "        pinpoint: para. 1211\n",
                "\n  coi-gravity:\n    cites:\n      - source: sr-2022-ga\n        pinpoint: para. 99999\n",
            )
        ],
        (
            "footnotes.yaml",
            "  coi-gravity:#2",
            "duplicate key 'coi-gravity' (also on line {@  coi-gravity:#1}; YAML would silently keep only the "
            "last one: remove or rename one of them)",
        ),
    ),
    case(
        "signatories",
        [insert_after("signatories.yaml", "    acronym: NKD\n", "    acronym: AND\n")],
        (
            "signatories.yaml",
            "acronym: AND",
            "duplicate key 'acronym' (also on line {@acronym: NKD}; YAML would silently keep only the last "
            "one: remove or rename one of them)",
        ),
    ),
    case(
        "letter-front-matter",
        [insert_after("letter/00-opening.md", "anchor: opening\n", "anchor: other\n")],
        (
            "letter/00-opening.md",
            "anchor: other",
            "duplicate key 'anchor' (also on line {@anchor: opening}; YAML would silently keep only the "
            "last one: remove or rename one of them)",
        ),
    ),
]


@pytest.mark.parametrize(("changes", "expected"), DUPLICATE_KEYS)
def test_duplicate_key(tmp_path: Path, changes: list[Change], expected: list[Expected]) -> None:
    check(tmp_path, changes, expected)


# -- missing, empty and unreadable files -----------------------------------------

FILES = [
    case(
        "footnotes-missing",
        [delete("footnotes.yaml")],
        ("footnotes.yaml", None, "file not found (it holds the sources and notes: restore it from the repository)"),
    ),
    case(
        "signatories-missing",
        [delete("signatories.yaml")],
        ("signatories.yaml", None, "file not found (it lists who signed the letter: restore it from the repository)"),
    ),
    case(
        "letter-folder-missing",
        [delete("letter")],
        (
            "letter",
            None,
            "folder not found (it holds the letter, one Markdown file per part: restore it from the repository)",
        ),
    ),
    case(
        "letter-folder-without-markdown",
        [delete(f"letter/{p.name}") for p in sorted((REPO / "letter").glob("*.md"))],
        ("letter", None, "no letter files (add NN-name.md files, e.g. 00-opening.md)"),
    ),
    case(
        "footnotes-empty",
        [write("footnotes.yaml", "\n  \n")],
        ("footnotes.yaml", None, "the file is empty (it holds the sources and notes: restore it from the repository)"),
    ),
    case(
        "signatories-empty",
        [write("signatories.yaml", "")],
        (
            "signatories.yaml",
            None,
            "the file is empty (it lists who signed the letter: restore it from the repository)",
        ),
    ),
    case(
        "signatories-only-comments",
        [write("signatories.yaml", "# as_of: 2023-08-11\n")],
        (
            "signatories.yaml",
            None,
            "the file has no data, only comments (it lists who signed the letter: restore it from the repository)",
        ),
    ),
    case(
        "letter-file-empty",
        [write("letter/06-closing.md", "")],
        ("letter/06-closing.md", None, "the file is empty (a part of the letter: write its text, or delete the file)"),
    ),
    case(
        "not-utf8",
        [edit_bytes("signatories.yaml", b"  - name: Mulmangcho\n", b"  - name: Mul\xffcho\n")],
        ("signatories.yaml", "Mul", "the file is not UTF-8 text (save it again as UTF-8)"),
    ),
    case(
        "top-level-is-a-list",
        [write("footnotes.yaml", "# sources\n- sources: x\n")],
        (
            "footnotes.yaml",
            "- sources",
            "expected keys such as 'sources:' at the top level, not indented and without '- ' "
            "(it holds the sources and notes)",
        ),
    ),
]


@pytest.mark.parametrize(("changes", "expected"), FILES)
def test_missing_empty_or_unreadable_file(tmp_path: Path, changes: list[Change], expected: list[Expected]) -> None:
    check(tmp_path, changes, expected)


# -- where the site puts the letter, its sources and its citation ------------------

MARKERS = [
    case(
        "letter-page-missing",
        [delete("docs/index.md")],
        (
            "docs/index.md",
            None,
            "page not found: the site puts the letter there (restore it, with a line <!-- letter:text -->)",
        ),
    ),
    case(
        "sources-page-missing",
        [delete("docs/sources.md")],
        (
            "docs/sources.md",
            None,
            "page not found: the site puts the table of sources there (restore it, with a line "
            "<!-- letter:sources -->)",
        ),
    ),
    case(
        "letter-marker-deleted",
        [edit("docs/index.md", "<!-- letter:text -->\n", "")],
        ("docs/index.md", None, "this page has no place for the letter (add a line <!-- letter:text -->)"),
    ),
    case(
        "sources-marker-deleted",
        [edit("docs/sources.md", "<!-- letter:sources -->\n", "")],
        (
            "docs/sources.md",
            None,
            "this page has no place for the table of sources (add a line <!-- letter:sources -->)",
        ),
    ),
    case(
        "letter-marker-inside-a-paragraph",
        [edit("docs/index.md", "<!-- letter:text -->", "The letter: <!-- letter:text -->")],
        ("docs/index.md", "The letter:", "<!-- letter:text --> must be on a line of its own (put it on its own line)"),
    ),
    case(
        "letter-marker-twice",
        [edit("docs/index.md", "<!-- letter:text -->\n", "<!-- letter:text -->\n\n<!-- letter:text -->\n")],
        (
            "docs/index.md",
            "<!-- letter:text -->#2",
            "<!-- letter:text --> is already on line {@<!-- letter:text -->#1} (delete this one)",
        ),
    ),
    case(
        "letter-marker-on-another-page",
        [insert_after("docs/about.md", "## What it is\n", "\n<!-- letter:text -->\n")],
        ("docs/about.md", "<!-- letter:text -->", "<!-- letter:text --> belongs in docs/index.md (delete this line)"),
    ),
    case(
        "citation-on-the-letter-page",
        [insert_after("docs/index.md", "<!-- letter:text -->\n", "\n<!-- letter:cite -->\n")],
        (
            "docs/index.md",
            "<!-- letter:cite -->",
            "<!-- letter:cite --> cannot be on the home page or the letter's (put it in another page, e.g. about.md)",
        ),
    ),
]


@pytest.mark.parametrize(("changes", "expected"), MARKERS)
def test_a_place_the_site_fills_is_missing_or_misplaced(
    tmp_path: Path, changes: list[Change], expected: list[Expected]
) -> None:
    check(tmp_path, changes, expected)


# -- required fields ------------------------------------------------------------

REQUIRED = [
    case(
        "source-title",
        [edit("footnotes.yaml", SR_TITLE, "")],
        (
            "footnotes.yaml",
            "  sr-2022-ga:",
            "source 'sr-2022-ga': 'title' is missing or empty (add a line 'title: …' below it)",
        ),
    ),
    case(
        "source-url-empty-value",
        [edit("footnotes.yaml", "    url: https://undocs.org/A/77/522\n", "    url:  # unknown\n")],
        (
            "footnotes.yaml",
            "url:  # unknown",
            "source 'sr-2022-ga': 'url' is missing or empty (add a line 'url: …' below it)",
        ),
    ),
    case(
        "source-title-only-spaces",
        [edit("footnotes.yaml", SR_TITLE, "    title: '   '\n")],
        ("footnotes.yaml", "title: '   '", "source 'sr-2022-ga': 'title' is empty (write its text after 'title:')"),
    ),
    case(
        "note-cites",
        [edit("footnotes.yaml", WOUNDS_REPORT, "  wounds-report:\n    cites: []\n")],
        ("footnotes.yaml", "cites: []", "note 'wounds-report': no cites listed (add at least one '- source: …')"),
    ),
    case(
        "cite-source",
        [edit("footnotes.yaml", COI_GRAVITY_CITE, "      - pinpoint: para. 1211\n")],
        (
            "footnotes.yaml",
            "- pinpoint: para. 1211",
            "note 'coi-gravity': 'source' is missing or empty (add a line 'source: …' below it)",
        ),
    ),
    case(
        "signatory-name",
        [
            edit(
                "signatories.yaml",
                "  - name: Mulmangcho\n    kind: organization\n",
                "  - kind: organization  # Mulmangcho\n",
            )
        ],
        ("signatories.yaml", "# Mulmangcho", "signatory: 'name' is missing or empty (add a line 'name: …' below it)"),
    ),
    case(
        "signatory-kind",
        [edit("signatories.yaml", "  - name: Mulmangcho\n    kind: organization\n", "  - name: Mulmangcho\n")],
        ("signatories.yaml", "Mulmangcho", "signatory: 'kind' is missing or empty (add a line 'kind: …' below it)"),
    ),
    case(
        "as-of",
        [edit("signatories.yaml", "as_of: 2023-08-11\n", "")],
        ("signatories.yaml", None, "'as_of' is missing or empty (add a line 'as_of: …' to the file, not indented)"),
    ),
    case(
        "opening-title",
        [drop_line("letter/00-opening.md", "title: ")],
        (
            "letter/00-opening.md",
            None,
            "the opening (first letter file): 'title' is missing or empty (add a line 'title: …' to the front matter)",
        ),
    ),
    case(
        "opening-date",
        [edit("letter/00-opening.md", "date: 2023-08-11\n", "date:\n")],
        (
            "letter/00-opening.md",
            "date:",
            "the opening (first letter file): 'date' is missing or empty (add a line 'date: …' to the front matter)",
        ),
    ),
]


@pytest.mark.parametrize(("changes", "expected"), REQUIRED)
def test_missing_required_field(tmp_path: Path, changes: list[Change], expected: list[Expected]) -> None:
    check(tmp_path, changes, expected)


# -- wrong types ---------------------------------------------------------------

NOT_A_LIST = "must be a single piece of text, not a list or keys"
WRONG_TYPES = [
    case(
        "list-for-text",
        [
            edit(
                "footnotes.yaml",
                SR_TITLE,
                "    title:  # two lines\n      - Report of the UN\n      - Special Rapporteur\n",
            )
        ],
        (
            "footnotes.yaml",
            "title:  # two lines",
            f"source 'sr-2022-ga': 'title' {NOT_A_LIST} (write the text after 'title:' on the same line, "
            "in quotes if it contains ': ' or starts with - or [)",
        ),
    ),
    case(
        "keys-for-text",
        [
            edit(
                "footnotes.yaml",
                "        pinpoint: para. 1211\n",
                "        pinpoint: para. 1211\n        quotation:  # keys\n          a: b\n",
            )
        ],
        (
            "footnotes.yaml",
            "quotation:  # keys",
            f"note 'coi-gravity': 'quotation' {NOT_A_LIST} (write the text after 'quotation:' on the same "
            "line, in quotes if it contains ': ' or starts with - or [)",
        ),
    ),
    case(
        "yes-for-text",
        [edit("signatories.yaml", "  - name: Mulmangcho\n", "  - name: yes\n")],
        ("signatories.yaml", "name: yes", "signatory: 'name' must be text, not yes/no (put the value in quotes)"),
    ),
    case(
        "no-for-text",
        [edit("signatories.yaml", "    acronym: NKD\n", "    acronym: NO\n")],
        ("signatories.yaml", "acronym: NO", "signatory: 'acronym' must be text, not yes/no (put the value in quotes)"),
    ),
    case(
        "integer-for-text",
        [edit("footnotes.yaml", "        pinpoint: para. 1211\n", "        pinpoint: 1211\n")],
        (
            "footnotes.yaml",
            "pinpoint: 1211",
            "note 'coi-gravity': 'pinpoint' must be text, not a number (put the value in quotes)",
        ),
    ),
    case(
        "decimal-for-text",
        [edit("footnotes.yaml", "    symbol: A/77/522\n", "    symbol: 77.522\n")],
        (
            "footnotes.yaml",
            "symbol: 77.522",
            "source 'sr-2022-ga': 'symbol' must be text, not a number (put the value in quotes)",
        ),
    ),
    case(
        "number-for-anchor",
        [edit("letter/03-regular-reports.md", "anchor: regular-reports\n", "anchor: 3\n")],
        (
            "letter/03-regular-reports.md",
            "anchor: 3",
            "a letter file: 'anchor' must be text, not a number (put the value in quotes)",
        ),
    ),
    case(
        "text-for-choice",
        [
            edit(
                "signatories.yaml",
                "  - name: Mulmangcho\n    kind: organization\n",
                "  - name: Mulmangcho\n    kind: organisation\n",
            )
        ],
        (
            "signatories.yaml",
            "kind: organisation",
            "signatory: 'kind' must be one of individual, organization (got 'organisation'; did you mean "
            "'organization'?)",
        ),
    ),
    case(
        "text-for-notes",
        [edit("footnotes.yaml", "\nnotes:\n", "\nnotes: see below\nxnotes:\n")],
        ("footnotes.yaml", "notes: see below", "'notes' must contain keys (each note under a key of its own)"),
        (
            "footnotes.yaml",
            "xnotes:",
            "unknown key 'xnotes'; did you mean 'notes'? (the keys allowed here are: dates, notes, repeat, sources)",
        ),
    ),
    case(
        "keys-for-list",
        [edit("signatories.yaml", "\nsignatories:\n", "\nsignatories:  # keys, not a list\n  first:\n")],
        ("signatories.yaml", "keys, not a list", "'signatories' must be a list (each signatory a '- name: …' item)"),
    ),
    case(
        "text-for-note",
        [edit("footnotes.yaml", WOUNDS_REPORT, "  wounds-report: ohchr-2023-these-wounds\n")],
        (
            "footnotes.yaml",
            "wounds-report: ohchr",
            "note 'wounds-report' has no fields (write them on the lines below it, indented, starting with 'cites:')",
        ),
    ),
    case(
        "text-for-cite",
        [edit("footnotes.yaml", WOUNDS_REPORT, "  wounds-report:\n    cites:\n      - ohchr-2023-these-wounds\n")],
        (
            "footnotes.yaml",
            "- ohchr-2023-these-wounds",
            "note 'wounds-report': each cite needs 'source:' (write '- source: …')",
        ),
    ),
    case(
        "text-for-signatory",
        [edit("signatories.yaml", "  - name: Mulmangcho\n    kind: organization\n", "  - Mulmangcho\n")],
        ("signatories.yaml", "- Mulmangcho", "each signatory needs 'name:' and 'kind:' (write '- name: …')"),
    ),
    case(
        "invalid-note-key",
        [
            edit(
                "footnotes.yaml",
                WOUNDS_REPORT,
                "  wounds report:\n    cites:\n      - source: ohchr-2023-these-wounds\n",
            )
        ],
        (
            "footnotes.yaml",
            "wounds report:",
            "note key 'wounds report' is not a valid name (use letters, digits and hyphens, e.g. coi-2014)",
        ),
        (
            "letter/02-thematic-report.md",
            "[^wounds-report]",
            "[^wounds-report] refers to no note in footnotes.yaml; did you mean 'wounds report'? (add a note "
            "'wounds-report' under notes:, or correct the key)",
        ),
    ),
]


@pytest.mark.parametrize(("changes", "expected"), WRONG_TYPES)
def test_wrong_type(tmp_path: Path, changes: list[Change], expected: list[Expected]) -> None:
    check(tmp_path, changes, expected)


# -- dates -----------------------------------------------------------------------

DATES = [
    case(
        "unparseable-letter-date",
        [edit("letter/00-opening.md", "date: 2023-08-11\n", "date: 11 August 2023\n")],
        (
            "letter/00-opening.md",
            "date: 11 August",
            f"the opening (first letter file): 'date' is not a date: '11 August 2023' ({HOW_DATE})",
        ),
    ),
    case(
        "impossible-date",
        [edit("signatories.yaml", "as_of: 2023-08-11\n", "as_of: 2023-02-30\n")],
        ("signatories.yaml", "as_of: 2023-02-30", f"'as_of' is not a real date: '2023-02-30' ({HOW_DATE})"),
    ),
    case(
        "year-0000",  # jsonschema refuses it; jsonschema_rs's own date format would not
        [edit("signatories.yaml", "as_of: 2023-08-11\n", "as_of: 0000-08-11\n")],
        ("signatories.yaml", "as_of: 0000-08-11", f"'as_of' is not a real date: '0000-08-11' ({HOW_DATE})"),
    ),
    case(
        "month-13",
        [edit("footnotes.yaml", "    date: 2022-10-13\n", "    date: 2022-13-10\n")],
        (
            "footnotes.yaml",
            "date: 2022-13-10",
            f"source 'sr-2022-ga': 'date' is not a real date: '2022-13-10' ({HOW_DATE})",
        ),
    ),
    case(
        "date-and-time",
        [edit("signatories.yaml", "as_of: 2023-08-11\n", "as_of: 2023-08-11 10:00\n")],
        ("signatories.yaml", "as_of: 2023-08-11 10:00", f"'as_of' is not a date: '2023-08-11 10:00' ({HOW_DATE})"),
    ),
    case(
        "number-for-date",
        [edit("signatories.yaml", "as_of: 2023-08-11\n", "as_of: 20230811\n")],
        ("signatories.yaml", "as_of: 20230811", f"'as_of' is not a date: '20230811' ({HOW_DATE})"),
    ),
    case(
        "yes-for-date",
        [edit("signatories.yaml", "as_of: 2023-08-11\n", "as_of: yes\n")],
        ("signatories.yaml", "as_of: yes", f"'as_of' is not a date ({HOW_DATE})"),
    ),
]


@pytest.mark.parametrize(("changes", "expected"), DATES)
def test_bad_date(tmp_path: Path, changes: list[Change], expected: list[Expected]) -> None:
    check(tmp_path, changes, expected)


# -- web addresses ----------------------------------------------------------------

URL = "must be a web address starting with https://"
URLS = [
    case(
        "javascript-source-url",
        [edit("footnotes.yaml", "    url: https://undocs.org/A/77/522\n", "    url: javascript:alert(1)\n")],
        ("footnotes.yaml", "javascript:", f"source 'sr-2022-ga': 'url' {URL} (got 'javascript:alert(1)')"),
    ),
    case(
        "javascript-signatory-url",
        [insert_after("signatories.yaml", "  - name: Mulmangcho\n", "    url: javascript:alert(1)\n")],
        ("signatories.yaml", "javascript:", f"signatory: 'url' {URL} (got 'javascript:alert(1)')"),
    ),
    case(
        "ftp",
        [insert_after("signatories.yaml", "  - name: Mulmangcho\n", "    url: ftp://example.org/\n")],
        ("signatories.yaml", "ftp:", f"signatory: 'url' {URL} (got 'ftp://example.org/')"),
    ),
    case(
        "no-scheme",
        [edit("footnotes.yaml", "    url: https://undocs.org/A/77/522\n", "    url: undocs.org/A/77/522\n")],
        ("footnotes.yaml", "url: undocs.org", f"source 'sr-2022-ga': 'url' {URL} (got 'undocs.org/A/77/522')"),
    ),
    case(
        "space-inside",
        [edit("footnotes.yaml", "    url: https://undocs.org/A/77/522\n", "    url: https://undocs.org/A/77 522\n")],
        ("footnotes.yaml", "A/77 522", f"source 'sr-2022-ga': 'url' {URL} (got 'https://undocs.org/A/77 522')"),
    ),
]


@pytest.mark.parametrize(("changes", "expected"), URLS)
def test_url_not_http(tmp_path: Path, changes: list[Change], expected: list[Expected]) -> None:
    check(tmp_path, changes, expected)


# -- letter -> notes -> sources ------------------------------------------------------

NOT_REFERENCED = "is not referenced in the letter (write [^{0}] where it belongs in a letter/ file, or delete the note)"
REFERENCES = [
    case(
        "reference-typo-suggests-the-note",
        [edit("letter/01-coi-findings.md", "[^coi-gravity]", "[^coi-gravty]")],
        ("footnotes.yaml", "  coi-gravity:", "note 'coi-gravity' " + NOT_REFERENCED.format("coi-gravity")),
        (
            "letter/01-coi-findings.md",
            "[^coi-gravty]",
            "[^coi-gravty] refers to no note in footnotes.yaml; did you mean 'coi-gravity'? (add a note "
            "'coi-gravty' under notes:, or correct the key)",
        ),
    ),
    case(
        "reference-to-nothing-alike",
        [edit("letter/06-closing.md", "Thank you.", "Thank you.[^zzz]")],
        (
            "letter/06-closing.md",
            "[^zzz]",
            "[^zzz] refers to no note in footnotes.yaml (add a note 'zzz' under notes:, or correct the key)",
        ),
    ),
    case(
        "note-not-referenced",
        [insert_after("footnotes.yaml", "\nnotes:\n", "  orphan:\n    cites:\n      - source: sr-2022-ga\n\n")],
        ("footnotes.yaml", "  orphan:", "note 'orphan' " + NOT_REFERENCED.format("orphan")),
    ),
    case(
        "note-cites-unknown-source",
        [
            edit(
                "footnotes.yaml",
                COI_GRAVITY_CITE,
                "      - source: coi-2014-detailed-findngs\n        pinpoint: para. 1211\n",
            )
        ],
        (
            "footnotes.yaml",
            "detailed-findngs",
            "note 'coi-gravity' cites unknown source 'coi-2014-detailed-findngs'; did you mean "
            "'coi-2014-detailed-findings'? (add it under sources:, or correct the key)",
        ),
    ),
    case(
        "source-not-cited",
        [
            insert_after(
                "footnotes.yaml", "\nsources:\n", "  lonely:\n    title: Lonely\n    url: https://example.org/\n\n"
            )
        ],
        ("footnotes.yaml", "  lonely:", "source 'lonely' is not cited by any note (cite it from a note, or delete it)"),
    ),
    case(
        "reference-with-a-space",
        [edit("letter/06-closing.md", "Thank you.", "Thank you.[^coi gravity]")],
        (
            "letter/06-closing.md",
            "[^coi gravity]",
            "'[^coi gravity]' is not a valid note reference (write [^note-key])",
        ),
    ),
    case(
        "note-text-in-the-letter",
        [
            insert_after(
                "letter/06-closing.md", "Thank you.\n{: .letter-thanks }\n", "\n[^coi-gravity]: See the report.\n"
            )
        ],
        (
            "letter/06-closing.md",
            "[^coi-gravity]:",
            "note text is written in footnotes.yaml, not in the letter (move note 'coi-gravity' there and keep "
            "only [^coi-gravity] in the text)",
        ),
    ),
    case(
        "indented-note-text-in-the-letter",
        [insert_after("letter/06-closing.md", "Thank you.\n{: .letter-thanks }\n", "\n   [^extra]: More.\n")],
        (
            "letter/06-closing.md",
            "[^extra]:",
            "note text is written in footnotes.yaml, not in the letter (move note 'extra' there and keep only "
            "[^extra] in the text)",
        ),
    ),
]


@pytest.mark.parametrize(("changes", "expected"), REFERENCES)
def test_broken_link_between_files(tmp_path: Path, changes: list[Change], expected: list[Expected]) -> None:
    check(tmp_path, changes, expected)


# -- signatories ----------------------------------------------------------------------

SIGNATORIES = [
    case(
        "same-name-but-case-and-spaces",
        [
            insert_after(
                "signatories.yaml",
                "  - name: No Chain\n    kind: organization\n",
                "\n  - name: '  no   CHAIN '\n    kind: organization\n",
            )
        ],
        (
            "signatories.yaml",
            "no   CHAIN",
            "duplicate signatory 'no CHAIN' (already listed on line {@name: No Chain}: remove one of them)",
        ),
    ),
    case(
        "same-acronym",
        [insert_after("signatories.yaml", "  - name: Save North Korea\n", "    acronym: nkd\n")],
        (
            "signatories.yaml",
            "name: Save North Korea",
            "duplicate signatory 'nkd' (already listed on line {@name: Association of North Korean Defectors}: "
            "remove one of them)",
        ),
    ),
    case(
        "name-is-another-acronym",
        [edit("signatories.yaml", "  - name: THINK\n", "  - name: TJWG\n")],
        (
            "signatories.yaml",
            "name: Transitional Justice Working Group",
            "duplicate signatory 'TJWG' (already listed on line {@name: TJWG}: remove one of them)",
        ),
    ),
]


@pytest.mark.parametrize(("changes", "expected"), SIGNATORIES)
def test_duplicate_signatory(tmp_path: Path, changes: list[Change], expected: list[Expected]) -> None:
    check(tmp_path, changes, expected)


# -- letter parts: front matter, anchors, headings --------------------------------------

PUBLIC_EVENTS = "letter/04-public-events.md"
PARTS = [
    case(
        "no-front-matter",
        [edit(PUBLIC_EVENTS, "---\nanchor: public-events\n---\n", "")],
        (PUBLIC_EVENTS, None, f"no front matter ({HOW_ANCHOR})"),
    ),
    case(
        "front-matter-not-closed",
        [edit(PUBLIC_EVENTS, "anchor: public-events\n---\n", "anchor: public-events\n")],
        (PUBLIC_EVENTS, None, "the front matter is not closed (add a line --- after it)"),
    ),
    case(
        "front-matter-without-anchor",
        [edit(PUBLIC_EVENTS, "anchor: public-events\n", "")],
        (PUBLIC_EVENTS, None, f"the front matter is empty ({HOW_ANCHOR})"),
    ),
    case(
        "anchor-without-value",
        [edit(PUBLIC_EVENTS, "anchor: public-events\n", "anchor:\n")],
        (
            PUBLIC_EVENTS,
            "anchor:",
            "a letter file: 'anchor' is missing or empty (add a line 'anchor: …' to the front matter)",
        ),
    ),
    case(
        "front-matter-not-keys",
        [edit(PUBLIC_EVENTS, "anchor: public-events\n", "public-events\n")],
        (PUBLIC_EVENTS, "public-events", f"the front matter must be 'key: value' lines ({HOW_ANCHOR})"),
    ),
    case(
        "two-parts-same-anchor",
        [edit(PUBLIC_EVENTS, "anchor: public-events\n", "anchor: thematic-report\n")],
        (
            PUBLIC_EVENTS,
            "anchor: thematic-report",
            "anchor 'thematic-report' is already used by letter/02-thematic-report.md (every part needs its "
            "own anchor: choose another name)",
        ),
    ),
    case(
        "two-parts-same-anchor-after-a-comment-is-reported-on-its-own-line",
        [edit(PUBLIC_EVENTS, "anchor: public-events\n", "# the section on events\nanchor: thematic-report\n")],
        (
            PUBLIC_EVENTS,
            "anchor: thematic-report",
            "anchor 'thematic-report' is already used by letter/02-thematic-report.md (every part needs its "
            "own anchor: choose another name)",
        ),
    ),
    case(
        "anchor-not-a-slug",
        [edit(PUBLIC_EVENTS, "anchor: public-events\n", "anchor: Public Events\n")],
        (
            PUBLIC_EVENTS,
            "anchor: Public Events",
            "anchor 'Public Events' is not usable in a link (use lower-case letters, digits and hyphens, "
            "starting with a letter, e.g. thematic-report)",
        ),
    ),
    case(
        "anchor-taken-by-the-site",
        [edit(PUBLIC_EVENTS, "anchor: public-events\n", "anchor: signatories\n")],
        (
            PUBLIC_EVENTS,
            "anchor: signatories",
            "anchor 'signatories' is already used by the site itself (choose another name)",
        ),
    ),
    case(
        "h1-heading",
        [edit(PUBLIC_EVENTS, "\n## 4. OHCHR", "\n# 4. OHCHR")],
        (PUBLIC_EVENTS, "# 4. OHCHR", H1),
    ),
    case(
        "h1-heading-without-space",
        [insert_after("letter/06-closing.md", "Thank you.\n{: .letter-thanks }\n", "\n#Postscript\n")],
        ("letter/06-closing.md", "#Postscript", H1),
    ),
    case(
        "h1-heading-underlined",
        [insert_after("letter/06-closing.md", "Thank you.\n{: .letter-thanks }\n", "\nPostscript\n==========\n")],
        ("letter/06-closing.md", "==========", H1),
    ),
    case(
        "second-h2-heading",
        [edit(PUBLIC_EVENTS, "\nThe OHCHR headquarters", "\n## More\n\nThe OHCHR headquarters")],
        (
            PUBLIC_EVENTS,
            "## More",
            "a second ## heading: one section per file (move this heading and the text after it to a new letter file)",
        ),
    ),
    case(
        "h2-heading-after-text",
        [insert_after("letter/06-closing.md", "---\n\n", "Dear all,\n\n## Closing\n\n")],
        ("letter/06-closing.md", "## Closing", "the ## heading must come first (move it right after the front matter)"),
    ),
    case(
        "file-name-not-numbered",
        [rename("letter/06-closing.md", "letter/closing.md")],
        (
            "letter/closing.md",
            None,
            "letter files are read in order of their names: name it NN-name.md (two digits, a hyphen, "
            "lower-case words, e.g. 03-regular-reports.md)",
        ),
    ),
    case(
        "part-saved-as-another-kind-of-file",
        [rename("letter/06-closing.md", "letter/06-closing.markdown")],
        (
            "letter/06-closing.markdown",
            None,
            "not a letter file, so it would not be published (letter parts are Markdown files named "
            "NN-name.md: rename it, or move it out of the folder)",
        ),
    ),
]


@pytest.mark.parametrize(("changes", "expected"), PARTS)
def test_bad_letter_part(tmp_path: Path, changes: list[Change], expected: list[Expected]) -> None:
    check(tmp_path, changes, expected)


# -- unknown keys ----------------------------------------------------------------------------

UNKNOWN_KEYS = [
    case(
        "opening-titel",
        [edit("letter/00-opening.md", "\ntitle: ", "\ntitel: ")],
        (
            "letter/00-opening.md",
            None,
            "the opening (first letter file): 'title' is missing or empty (add a line 'title: …' to the front matter)",
        ),
        (
            "letter/00-opening.md",
            "titel: ",
            "the opening (first letter file): unknown key 'titel'; did you mean 'title'? (the keys allowed here "
            "are: anchor, date, placeholder, title)",
        ),
    ),
    case(
        "part-title-is-opening-only",
        [insert_after(PUBLIC_EVENTS, "anchor: public-events\n", "title: Public events\n")],
        (
            PUBLIC_EVENTS,
            "title: Public",
            "a letter file: unknown key 'title' (the keys allowed here are: anchor, annex)",
        ),
    ),
    case(
        "source-symbl",
        [edit("footnotes.yaml", "    symbol: A/77/522\n", "    symbl: A/77/522\n")],
        (
            "footnotes.yaml",
            "symbl:",
            f"source 'sr-2022-ga': unknown key 'symbl'; did you mean 'symbol'? ({SOURCE_KEYS})",
        ),
    ),
    case(
        "note-neither-cites-nor-comment",
        [edit("footnotes.yaml", WOUNDS_REPORT, "  wounds-report:\n    remark: x\n")],
        (
            "footnotes.yaml",
            "remark:",
            "note 'wounds-report': unknown key 'remark' (the keys allowed here are: cites, comment)",
        ),
    ),
    case(
        "note-empty-mapping",
        [edit("footnotes.yaml", WOUNDS_REPORT, "  wounds-report: {}\n")],
        (
            "footnotes.yaml",
            "wounds-report:",
            "note 'wounds-report' has neither 'cites:' nor 'comment:' (list the sources it cites under 'cites:', "
            "or write its words after 'comment:' if it cites nothing)",
        ),
    ),
    case(
        "note-both-cites-and-comment",
        [edit("footnotes.yaml", WOUNDS_REPORT, WOUNDS_REPORT + "    comment: See the report.\n")],
        (
            "footnotes.yaml",
            "wounds-report:",
            "a note has 'cites:' or 'comment:', not both "
            "(words before a cite, such as 'See', go in the cite's 'lead:')",
        ),
    ),
    case(
        "cite-pinpont",
        [edit("footnotes.yaml", "        pinpoint: para. 1211\n", "        pinpont: para. 1211\n")],
        (
            "footnotes.yaml",
            "pinpont:",
            "note 'coi-gravity': unknown key 'pinpont'; did you mean 'pinpoint'? (the keys allowed here are: "
            "lead, pinpoint, quotation, source)",
        ),
    ),
    case(
        "signatory-acronyme",
        [edit("signatories.yaml", "    acronym: NKD\n", "    acronyme: NKD\n")],
        (
            "signatories.yaml",
            "acronyme:",
            f"signatory: unknown key 'acronyme'; did you mean 'acronym'? ({SIGNATORY_KEYS})",
        ),
    ),
    case(
        "top-level-signatorie",
        [edit("signatories.yaml", "\nsignatories:\n", "\nsignatorie:\n")],
        (
            "signatories.yaml",
            None,
            "'signatories' is missing or empty (add a line 'signatories: …' to the file, not indented)",
        ),
        (
            "signatories.yaml",
            "signatorie:",
            "unknown key 'signatorie'; did you mean 'signatories'? (the keys allowed here are: as_of, signatories)",
        ),
    ),
]


@pytest.mark.parametrize(("changes", "expected"), UNKNOWN_KEYS)
def test_unknown_key(tmp_path: Path, changes: list[Change], expected: list[Expected]) -> None:
    check(tmp_path, changes, expected)


# -- one mistake, one problem: no consequences reported -------------------------------------
# Every case above lists the complete report, so none reports the consequences of its
# mistake (an invalid source is not also "unknown" to its notes, a broken footnotes.yaml
# does not make every [^key] "refer to no note").  These cases are about that alone.

HRC_NOTE = "  hrc-field-based-structure:\n    cites:\n      - source: hrc-res-25-25\n        pinpoint: para. 10\n"
CONSEQUENCES = [
    case(
        "invalid-cite-leaves-its-source-cited",
        # hrc-res-25-25 is cited by this note only: it is not "cited by no note".
        [edit("footnotes.yaml", "        pinpoint: para. 10\n", "        pinpoint: 10\n")],
        (
            "footnotes.yaml",
            "pinpoint: 10",
            "note 'hrc-field-based-structure': 'pinpoint' must be text, not a number (put the value in quotes)",
        ),
    ),
    case(
        "unreadable-cites-leave-every-source-cited",
        [edit("footnotes.yaml", HRC_NOTE, "  hrc-field-based-structure:\n    cites: hrc-res-25-25\n")],
        (
            "footnotes.yaml",
            "cites: hrc-res-25-25",
            "note 'hrc-field-based-structure': 'cites' must be a list (each cite a '- source: …' item)",
        ),
    ),
    case(
        "broken-front-matter-still-references-the-part-notes",
        [edit("letter/01-coi-findings.md", "anchor: coi-findings\n", 'anchor: "coi-findings\n')],
        (
            "letter/01-coi-findings.md",
            "anchor:",
            "YAML syntax error: a quotation mark opened on this line is never closed (end the text with "
            "the same quotation mark; an apostrophe inside text in '…' is written twice: '')",
        ),
    ),
    case(
        "unreadable-letter-file-unreferences-no-note",
        [edit_bytes("letter/05-way-forward.md", b"## 5. Way forward", b"## 5. Way forward \xff")],
        ("letter/05-way-forward.md", "Way forward", "the file is not UTF-8 text (save it again as UTF-8)"),
    ),
]


@pytest.mark.parametrize(("changes", "expected"), CONSEQUENCES)
def test_a_mistake_is_reported_once_not_again_as_its_consequences(
    tmp_path: Path, changes: list[Change], expected: list[Expected]
) -> None:
    check(tmp_path, changes, expected)


# -- the report ----------------------------------------------------------------------------------


def test_problems_in_several_files_are_all_reported_together_in_path_and_line_order(tmp_path: Path) -> None:
    root = copy_sources(tmp_path / "project")
    for change in [
        edit("signatories.yaml", "as_of: 2023-08-11\n", "as_of: 2023-02-30\n"),
        insert_after("signatories.yaml", "  - name: Mulmangcho\n", "    url: javascript:alert(1)\n"),
        edit("letter/05-way-forward.md", "[^turk-force-for-unity]", "[^turk-force-for-unty]"),
        edit("letter/01-coi-findings.md", "anchor: coi-findings\n", "anchor: coi-findings\nanchor: again\n"),
        edit("footnotes.yaml", "    symbol: A/77/522\n", "    symbl: A/77/522\n"),
        edit("footnotes.yaml", "    url: https://undocs.org/A/77/522\n", "    url: javascript:alert(1)\n"),
    ]:
        change(root)
    expected = [
        render(root, item)
        for item in [
            (
                "footnotes.yaml",
                "symbl:",
                f"source 'sr-2022-ga': unknown key 'symbl'; did you mean 'symbol'? ({SOURCE_KEYS})",
            ),
            ("footnotes.yaml", "javascript:", f"source 'sr-2022-ga': 'url' {URL} (got 'javascript:alert(1)')"),
            (
                "footnotes.yaml",
                "  turk-force-for-unity:",
                "note 'turk-force-for-unity' " + NOT_REFERENCED.format("turk-force-for-unity"),
            ),
            (
                "letter/01-coi-findings.md",
                "anchor: again",
                "duplicate key 'anchor' (also on line 2; YAML would silently keep only the last one: remove or "
                "rename one of them)",
            ),
            (
                "letter/05-way-forward.md",
                "[^turk-force-for-unty]",
                "[^turk-force-for-unty] refers to no note in footnotes.yaml; did you mean 'turk-force-for-unity'? "
                "(add a note 'turk-force-for-unty' under notes:, or correct the key)",
            ),
            ("signatories.yaml", "as_of: 2023", f"'as_of' is not a real date: '2023-02-30' ({HOW_DATE})"),
            ("signatories.yaml", "javascript:", f"signatory: 'url' {URL} (got 'javascript:alert(1)')"),
        ]
    ]
    assert problems_of(root) == expected
    with pytest.raises(SourcesInvalid) as raised:
        load_letter(SourcePaths(root))
    places = [(problem.path, problem.line) for problem in raised.value.problems]
    assert places == sorted(places)
    assert len({path for path, _ in places}) == 4


def test_report_counts_the_problems_and_lists_them_one_per_line() -> None:
    invalid = SourcesInvalid(
        [
            Problem("signatories.yaml", 3, 5, "b (fix b)"),
            Problem("footnotes.yaml", 12, 1, "a (fix a)"),
            Problem("footnotes.yaml", 2, 9, "c (fix c)"),
            Problem("footnotes.yaml", 2, 3, "d (fix d)"),
            Problem("footnotes.yaml", 2, 9, "c (fix c)"),  # the same problem found twice is reported once
        ]
    )
    assert invalid.report() == (
        "The letter's sources have 4 problems; nothing was built:\n"
        "  footnotes.yaml:2:3: d (fix d)\n"
        "  footnotes.yaml:2:9: c (fix c)\n"
        "  footnotes.yaml:12:1: a (fix a)\n"
        "  signatories.yaml:3:5: b (fix b)"
    )
    assert str(invalid) == invalid.report()
    assert str(invalid.problems[0]) == "footnotes.yaml:2:3: d (fix d)"


def test_report_of_one_problem_says_problem(tmp_path: Path) -> None:
    root = copy_sources(tmp_path / "project")
    edit("signatories.yaml", "as_of: 2023-08-11\n", "as_of: 2023-02-30\n")(root)
    with pytest.raises(SourcesInvalid) as raised:
        load_letter(SourcePaths(root))
    line = line_of(root, "signatories.yaml", "as_of: 2023-02-30")
    assert raised.value.report() == (
        "The letter's sources have 1 problem; nothing was built:\n"
        f"  signatories.yaml:{line}:8: 'as_of' is not a real date: '2023-02-30' ({HOW_DATE})"
    )


# -- the real tools on broken copies ---------------------------------------------------------

TOOL_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=TOOL_ENV, capture_output=True, text=True, check=False, timeout=300)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def previous_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site built from the real sources: what a failed build must leave as it was."""
    project = copy_sources(tmp_path_factory.mktemp("previous") / "project")
    site = project / "site"
    result = site_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


BROKEN_BUILDS = [
    case(
        "yaml-syntax-error",
        [edit("signatories.yaml", "  - name: Mulmangcho\n", '  - name: "Mulmangcho\n')],
        (
            "signatories.yaml",
            '"Mulmangcho',
            "YAML syntax error: a quotation mark opened on this line is never closed (end the text with "
            "the same quotation mark; an apostrophe inside text in '…' is written twice: '')",
        ),
    ),
    case(
        "problems-in-two-files",
        [
            edit("footnotes.yaml", "    url: https://undocs.org/A/77/522\n", "    url: javascript:alert(1)\n"),
            edit("letter/01-coi-findings.md", "[^coi-gravity]", "[^coi-gravty]"),
        ],
        ("footnotes.yaml", "javascript:", f"source 'sr-2022-ga': 'url' {URL} (got 'javascript:alert(1)')"),
        ("footnotes.yaml", "  coi-gravity:", "note 'coi-gravity' " + NOT_REFERENCED.format("coi-gravity")),
        (
            "letter/01-coi-findings.md",
            "[^coi-gravty]",
            "[^coi-gravty] refers to no note in footnotes.yaml; did you mean 'coi-gravity'? (add a note "
            "'coi-gravty' under notes:, or correct the key)",
        ),
    ),
    case(
        "missing-file",
        [delete("signatories.yaml")],
        ("signatories.yaml", None, "file not found (it lists who signed the letter: restore it from the repository)"),
    ),
]


@pytest.mark.parametrize(("changes", "expected"), BROKEN_BUILDS)
def test_failed_site_build_reports_every_problem_and_leaves_the_previous_site(
    tmp_path: Path, previous_site: Path, changes: list[Change], expected: list[Expected]
) -> None:
    project = copy_sources(tmp_path / "project")
    site = project / "site"
    shutil.copytree(previous_site, site)
    (site / "marker.txt").write_text("the site of the last good build\n", encoding="utf-8")
    before = snapshot(site)
    assert {"index.html", "sources/index.html", "marker.txt"} <= before.keys()
    for change in changes:
        change(project)

    result = site_build(project, site)

    assert result.returncode != 0
    lines = [re.sub(r"^(  [^:]+:\d+):\d+:", r"\1:", line) for line in result.stderr.splitlines()]
    count = len(expected)
    assert f"The letter's sources have {count} problem{'s' if count > 1 else ''}; nothing was built:" in result.stderr
    for item in expected:
        assert f"  {render(project, item)}" in lines
    assert "Traceback" not in result.stderr + result.stdout
    assert snapshot(site) == before


# -- YAML text is text on the page ---------------------------------------------------------------

EVIL = "<script>alert(1)</script> *not emphasis* [x](y)"


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _page(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")


def _no_markup_from(html: str, soup: BeautifulSoup) -> None:
    """Nothing of EVIL became an element: no script running it, no <em>, no link to y."""
    assert "<script>alert(1)</script>" not in html  # JSON in a <script> may hold "<\/script>", not "</script>"
    for script in soup.find_all("script"):
        assert "alert(1)" not in script.get_text() or script.get("type") == "application/ld+json"
    assert not [em for em in soup.find_all("em") if "not emphasis" in em.get_text()]
    assert not soup.find_all("a", href="y")


def test_yaml_text_reaches_the_page_as_text_not_markup(tmp_path: Path) -> None:
    project = copy_sources(tmp_path / "project")
    title = SR_TITLE.removeprefix("    title: ").removesuffix("\n")
    edit("footnotes.yaml", SR_TITLE, f"    title: {_quoted(EVIL + ' ' + title)}\n")(project)
    quotation_line = next(
        line
        for line in (project / "footnotes.yaml").read_text(encoding="utf-8").splitlines()
        if line.startswith("        quotation: The Special Rapporteur has received")
    )
    quotation = quotation_line.removeprefix("        quotation: ")
    edit("footnotes.yaml", quotation_line, f"        quotation: {_quoted(EVIL + ' ' + quotation)}")(project)
    edit("signatories.yaml", "  - name: Mulmangcho\n", f"  - name: {_quoted(EVIL)}\n")(project)
    site = tmp_path / "site"

    result = site_build(project, site)

    assert result.returncode == 0, result.stderr
    letter_html = (site / "index.html").read_text(encoding="utf-8")
    sources_html = (site / "sources" / "index.html").read_text(encoding="utf-8")
    letter_page, sources_page = _page(site, "index.html"), _page(site, "sources/index.html")
    _no_markup_from(letter_html, letter_page)
    _no_markup_from(sources_html, sources_page)

    signatories = [" ".join(li.get_text().split()) for li in letter_page.select("li.signatory")]
    assert EVIL in signatories
    note = " ".join(letter_page.select("div.footnote > ol > li")[0].get_text().split())
    assert note.startswith(f"{EVIL} {title} (13 October 2022), A/77/522, para. 9 (“{EVIL} The Special Rapporteur")
    citation = sources_page.select_one("#source-sr-2022-ga .source-citation")
    assert isinstance(citation, Tag)
    assert citation.get_text() == f"{EVIL} {title} (13 October 2022), A/77/522, https://undocs.org/A/77/522"
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *not emphasis* [x](y)" in letter_html


def test_the_letter_title_reaches_the_page_as_text_not_markup(tmp_path: Path) -> None:
    project = copy_sources(tmp_path / "project")
    title_line = next(
        line
        for line in (project / "letter/00-opening.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("title: ")
    )
    title = title_line.removeprefix("title: ")
    edit("letter/00-opening.md", title_line, f"title: {_quoted(EVIL + ' ' + title)}")(project)
    site = tmp_path / "site"

    result = site_build(project, site)

    assert result.returncode == 0, result.stderr
    _no_markup_from((site / "index.html").read_text(encoding="utf-8"), _page(site, "index.html"))
    page = _page(site, "index.html")
    hostile = f"{EVIL} {title}"
    heading = page.select_one("h1#top")
    assert heading is not None
    for permalink in heading.select("a.headerlink"):
        permalink.extract()
    assert heading.get_text() == hostile
    assert page.title is not None
    assert page.title.get_text() == f"{hostile} - Open letter on North Korean refugees"
    for name in ("citation_title", "twitter:title"):
        assert page.find("meta", attrs={"name": name})["content"] == hostile  # type: ignore[index]
    assert page.find("meta", attrs={"property": "og:title"})["content"] == hostile  # type: ignore[index]
    info = subprocess.run(
        ["pdfinfo", str(site / "open-letter-2023-08-11.pdf")], capture_output=True, text=True, check=True
    )
    assert f"Title:           {hostile}\n" in info.stdout


def test_a_file_saved_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    project = copy_sources(tmp_path / "project")
    for name in ("letter/04-public-events.md", "footnotes.yaml", "signatories.yaml"):
        path = project / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_letter(SourcePaths(project)) == load_letter(SourcePaths(REPO))
