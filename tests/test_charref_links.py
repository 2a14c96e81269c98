"""A link's address written with character references is refused where it is written.

``[a](jav&#x61;script:alert(1))`` reaches the page as ``href="javascript:alert(1)"``, and is refused; the
problem must point at the line (and column) of the address as the file has it, not at the first line of
the part, which is where it was reported while the check looked only for the address as a browser reads it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cases import Expected, case, check
from letter_site.problems import SourcesInvalid
from letter_site.sources.loader import SourcePaths, load_letter
from projects import Change, copy_sources, insert_after, line_of

CLOSING = "letter/06-closing.md"
REGULAR = "letter/03-regular-reports.md"
THANKS = "Thank you.\n{: .letter-thanks }\n"
LINK = (
    "is not allowed (use a web address starting with https://, http:// or mailto:, or #anchor for a place in "
    "the letter)"
)
JAVASCRIPT = f"a link to 'javascript:alert(1)' {LINK}"


def after_thanks(text: str) -> Change:
    """Add a block to the closing part, after "Thank you."."""
    return insert_after(CLOSING, THANKS, f"\n{text}\n")


def definition(name: str) -> str:
    return (
        f"a link definition ([{name}]: …) would apply to the whole page, where it is not checked (write the "
        "address in the link itself: [text](https://…))"
    )


# (name, the address as written, the address as a browser reads it)
WRITINGS = [
    ("hexadecimal", "jav&#x61;script:alert(1)", "javascript:alert(1)"),
    ("decimal", "jav&#97;script:alert(1)", "javascript:alert(1)"),
    ("named-colon", "javascript&colon;alert(1)", "javascript:alert(1)"),
    ("named-tab", "java&Tab;script:alert(1)", "java\tscript:alert(1)"),
    ("without-semicolon", "jav&#97script:alert(1)", "javascript:alert(1)"),
    ("upper-case-x", "jav&#X61;script:alert(1)", "javascript:alert(1)"),
    # Markdown writes the bare & as &amp; in the HTML: neither the HTML's text nor the address read is in the file.
    ("with-a-bare-ampersand", "jav&#x61;script:alert(1)&x", "javascript:alert(1)&x"),
]

CASES = [
    *(
        case(
            f"markdown-link-{name}",
            [after_thanks(f"See [this]({written}).")],
            (CLOSING, written, f"a link to '{read}' {LINK}"),
        )
        for name, written, read in WRITINGS
    ),
    *(
        case(
            f"html-link-{name}",
            [after_thanks(f'See <a href="{written}">this</a>.')],
            (CLOSING, written, f"a link to '{read}' {LINK}"),
        )
        for name, written, read in WRITINGS
        if "&x" not in written  # raw HTML keeps a bare & as it is: the plain search finds it
    ),
    case(
        "in-the-middle-of-a-part",
        [
            insert_after(
                REGULAR,
                "refugees in China.",
                " See [the reports](jav&#x61;script:alert(1)).",
            )
        ],
        (REGULAR, "jav&#x61;script", JAVASCRIPT),
    ),
    case(
        # The address is written on the definition's line, and that is where it is fixed (the use only names
        # it): both problems are there, the definition's first, as the check reads definitions first.
        "reference-style-link-defined-on-another-line",
        [after_thanks("See [this][x].\n\n[x]: jav&#x61;script:alert(1)")],
        (CLOSING, "[x]:", definition("x")),
        (CLOSING, "[x]:", JAVASCRIPT),
    ),
    case(
        # Both uses are found at the one line that writes the address (and the report says so once).
        "reference-style-link-used-twice",
        [after_thanks("See [this][x] and [that][x].\n\n[x]: javascript&colon;alert(1)")],
        (CLOSING, "[x]:", definition("x")),
        (CLOSING, "[x]:", JAVASCRIPT),
    ),
    case(
        "the-same-address-written-plainly-then-with-a-reference",
        [after_thanks("See [one](javascript:alert(1)).\n\nSee [two](jav&#x61;script:alert(1)).")],
        (CLOSING, "[one]", JAVASCRIPT),
        (CLOSING, "[two]", JAVASCRIPT),
    ),
    case(
        "the-same-address-written-with-a-reference-then-plainly",
        [after_thanks("See [one](jav&#x61;script:alert(1)).\n\nSee [two](javascript:alert(1)).")],
        (CLOSING, "[one]", JAVASCRIPT),
        (CLOSING, "[two]", JAVASCRIPT),
    ),
]


@pytest.mark.parametrize(("changes", "expected"), CASES)
def test_an_address_written_with_character_references_is_refused_at_its_line(
    tmp_path: Path, changes: list[Change], expected: list[Expected]
) -> None:
    check(tmp_path, changes, expected)


@pytest.mark.parametrize(
    ("block", "written"),
    [
        pytest.param("See [this](jav&#x61;script:alert(1)).", "jav&#x61;script", id="markdown-link"),
        pytest.param('See <a href="jav&#x61;script:alert(1)">this</a>.', "jav&#x61;script", id="html-link"),
        pytest.param("See [this](javascript&colon;alert(1)).", "javascript&colon;", id="named-reference"),
        pytest.param("See [this][x].\n\n[x]: jav&#x61;script:alert(1)", "jav&#x61;script", id="reference-style"),
    ],
)
def test_the_column_is_where_the_address_starts(tmp_path: Path, block: str, written: str) -> None:
    root = copy_sources(tmp_path / "project")
    after_thanks(block)(root)
    with pytest.raises(SourcesInvalid) as raised:
        load_letter(SourcePaths(root))
    line = line_of(root, CLOSING, written)
    text = (root / CLOSING).read_text(encoding="utf-8").splitlines()[line - 1]
    places = [(p.path, p.line, p.column) for p in raised.value.problems if p.message.startswith("a link to ")]
    assert places == [(CLOSING, line, text.index(written) + 1)], raised.value.report()
