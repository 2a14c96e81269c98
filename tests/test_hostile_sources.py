"""Sources come from pull requests: what they may put in a reader's browser, and what they may not.

Each case changes a copy of the real sources the way a hostile (or careless)
pull request could, and states the complete report the loader must give:
every problem at its ``path:line``, saying what to write instead.  Nothing
here may reach a page: no script, no request to another host, no local file.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from cases import Expected, case, check
from letter_site.problems import SourcesInvalid
from letter_site.sources.loader import SourcePaths, load_letter
from letter_site.sources.markup import ALLOWED_CLASSES, HEADING_IN_PART, SECOND_HEADING
from projects import BILLION_LAUGHS, Change, copy_sources, edit, edit_bytes, insert_after, line_of, write

CLOSING = "letter/06-closing.md"
WAY_FORWARD = "letter/05-way-forward.md"
THANKS = "Thank you.\n{: .letter-thanks }\n"
CLASSES = ", ".join(sorted(ALLOWED_CLASSES))


def after_thanks(text: str) -> Change:
    """Add a block to the closing part, after "Thank you."."""
    return insert_after(CLOSING, THANKS, f"\n{text}\n")


RUNS = "is not allowed in the letter: it could run code or load from another host (remove it)"
LOADS = (
    "every reader's browser would load it, from wherever it is (remove it; to point to it, link to it "
    "instead: [what it is](https://…))"
)
LINK = (
    "is not allowed (use a web address starting with https://, http:// or mailto:, or #anchor for a place in "
    "the letter)"
)
NOT_A_NOTE = (
    "would not become a note here: it is inside `code`, an HTML comment or an HTML block, or escaped with \\ "
    "(write [^coi-gravity] in the text itself)"
)
COMMENT = (
    "an HTML comment would be published in the page's source, and hides text from the check (delete it; "
    "write notes for other editors in the pull request)"
)
ALIASES = "YAML anchors, aliases and merge keys (&name, *name, <<) are not supported here (write the value out in full)"
INVISIBLE = "(delete it: most editors do not show it, and it would reach the page as it is)"
BRACES = (
    "the heading has { } in it, which Markdown would read as attributes: the section could lose its anchor, or "
    "worse (remove the braces from the heading)"
)

MARKUP = [
    case(
        "script",
        [after_thanks("<script>alert(1)</script>")],
        (CLOSING, "<script>", f"<script> {RUNS}"),
    ),
    case(
        "image-with-an-event-handler",
        [after_thanks("See <img src=x onerror=alert(1)> this.")],
        (CLOSING, "<img src=x", f"<img>: {LOADS}"),
    ),
    case(
        "tracking-image",
        [after_thanks("![](https://tracker.example/p.png)")],
        (CLOSING, "tracker.example", f"<img>: {LOADS}"),
    ),
    case(
        "javascript-link",
        [after_thanks("[x](javascript:alert(1))")],
        (CLOSING, "javascript:", f"a link to 'javascript:alert(1)' {LINK}"),
    ),
    case(
        "data-link",
        [after_thanks("[x](data:text/html,<b>x</b>)")],
        (CLOSING, "data:text", f"a link to 'data:text/html,<b>x</b>' {LINK}"),
    ),
    case(
        "link-to-another-host-without-a-scheme",
        [after_thanks("[x](//evil.example/)")],
        (CLOSING, "//evil", f"a link to '//evil.example/' {LINK}"),
    ),
    case(
        "web-address-with-a-user-before-the-host",
        [after_thanks("[UN](https://un.org@evil.example/)")],
        (CLOSING, "un.org@", f"a link to 'https://un.org@evil.example/' {LINK}"),
    ),
    case(
        "local-file-as-an-attachment",
        [after_thanks('<a rel="attachment" href="file:///etc/hostname">the file</a>')],
        (
            CLOSING,
            "file:///",
            "attribute 'rel' is not allowed on <a> (remove it; allowed here: class, href, id, title)",
        ),
        (CLOSING, "file:///", f"a link to 'file:///etc/hostname' {LINK}"),
    ),
    *(
        case(f"element-{tag}", [after_thanks(html)], (CLOSING, f"<{tag}", f"<{tag}> {RUNS}"))
        for tag, html in [
            ("iframe", '<iframe src="https://frame.example/"></iframe>'),
            ("style", "<style>body { background: url(https://t.example/x.png) }</style>"),
            ("link", '<link rel="stylesheet" href="https://t.example/s.css">'),
            ("object", '<object data="https://t.example/x.swf"></object>'),
            ("svg", '<svg><image href="https://t.example/x.png"/></svg>'),
        ]
    ),
    case(
        "video",
        [after_thanks('<video src="https://t.example/v.mp4"></video>')],
        (CLOSING, "<video", f"<video>: {LOADS}"),
    ),
    case(
        "form",
        [after_thanks('<form action="https://t.example/"><button>Sign</button></form>')],
        # What is inside a refused element goes with it: reported once.
        (CLOSING, "<form", "<form>: forms are not part of the letter (remove it)"),
    ),
    case(
        "style-attribute-from-attr-list",
        [edit(CLOSING, "{: .letter-thanks }", '{: .letter-thanks style="background: url(https://t.example/x)" }')],
        (
            CLOSING,
            "style=",
            "a style attribute can make readers' browsers load from another host (remove it; use one of the "
            f"letter's classes: {CLASSES})",
        ),
    ),
    case(
        "event-handler-from-attr-list",
        [edit(CLOSING, "{: .letter-thanks }", '{: .letter-thanks onclick="alert(1)" }')],
        (CLOSING, "onclick", "attribute 'onclick' would run code in readers' browsers (remove it)"),
    ),
    case(
        "class-of-the-theme",
        [edit(CLOSING, "{: .letter-thanks }", "{: .md-header }")],
        (CLOSING, "md-header", f"class 'md-header' is not one of the letter's (use one of: {CLASSES}; or remove it)"),
    ),
    case(
        "reserved-id",
        [edit(CLOSING, "{: .letter-thanks }", "{: .letter-thanks #notes }")],
        (CLOSING, "#notes", "id 'notes' is already used by the site itself (choose another name)"),
    ),
    case(
        "id-that-is-another-parts-anchor",
        [edit(CLOSING, "{: .letter-thanks }", "{: .letter-thanks #thematic-report }")],
        (
            CLOSING,
            "#thematic-report",
            "id 'thematic-report' is already the anchor of letter/02-thematic-report.md (choose another name)",
        ),
    ),
    case(
        "indented-paragraph-becomes-code",
        [after_thanks("    We also thank the rapporteurs.")],
        (
            CLOSING,
            "We also thank",
            "this line is indented by 4 spaces or a tab, so it would be shown as a block of code (remove the "
            "spaces at the start of the line)",
        ),
    ),
    case(
        "code-span",
        [after_thanks("Run `rm -rf` now.")],
        (CLOSING, "`rm", "text in `backticks` would be shown as code (remove them)"),
    ),
    case(
        "html-comment",
        [after_thanks("<!-- a note to the other editors -->")],
        (CLOSING, "<!--", COMMENT),
    ),
    case(
        "block-never-closed",
        [after_thanks('<div class="letter-attn" markdown>\n\nP.S. More to say.')],
        (
            CLOSING,
            '<div class="letter-attn"',
            "<div> is not closed, so the rest of the letter would disappear into it (add </div> where it ends, "
            "on a line of its own after a blank line)",
        ),
    ),
    case(
        "inline-element-never-closed",
        [after_thanks('<span class="letter-re">P.S.')],
        (CLOSING, "<span", "<span> is not closed (add </span> where it ends)"),
    ),
    case(
        "link-inside-a-link",
        [after_thanks('[see <a href="https://a.example/">this</a>](https://b.example/)')],
        (CLOSING, "https://a.example", "a link inside another link (end the first link before the second one starts)"),
    ),
    case(
        "note-reference-inside-a-link",
        [
            edit(
                WAY_FORWARD,
                "account”.[^turk-force-for-unity]",
                "account”.[see[^turk-force-for-unity]](https://b.example/)",
            )
        ],
        (
            WAY_FORWARD,
            "[see[^turk",
            "[^turk-force-for-unity] inside a link: the note's number would be a link inside a link (move it "
            "after the link's closing parenthesis)",
        ),
    ),
]


# Found by a hostile review: each once passed the check and reached the page.
INDEX = "docs/index.md"
REVIEW = [
    case(
        "stash-placeholder-written-as-a-yaml-escape",
        [edit("footnotes.yaml", "pinpoint: para. 1211", 'pinpoint: "para. 1211\\x02wzxhzdk:8\\x03"')],
        (
            "footnotes.yaml",
            "wzxhzdk",
            "an invisible character U+0002 (START OF TEXT) in this value (delete it, or its escape such as \\x02 "
            "or \\u202e: it would reach the page as it is)",
        ),
    ),
    case(
        "right-to-left-override-written-as-a-yaml-escape",
        [edit("signatories.yaml", "    acronym: NKD\n", '    acronym: "\\u202eDKN"\n')],
        (
            "signatories.yaml",
            "u202e",
            "an invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) in this value (delete it, or its escape such "
            "as \\x02 or \\u202e: it would reach the page as it is)",
        ),
    ),
    case(
        "link-definition-that-another-part-would-use",
        [after_thanks("[evil]: javascript:alert(document.domain)")],
        (
            CLOSING,
            "[evil]:",
            "a link definition ([evil]: …) would apply to the whole page, where it is not checked (write the "
            "address in the link itself: [text](https://…))",
        ),
    ),
    case(
        "link-definition-in-the-letters-stub-page",
        [insert_after(INDEX, "  - navigation\n---\n", "\n[pix]: https://evil.example/track.png\n")],
        (
            INDEX,
            "[pix]:",
            "a link definition ([pix]: …) would apply to the whole page, where it is not checked (write the "
            "address in the link itself: [text](https://…))",
        ),
    ),
    case(
        "attributes-written-into-the-sections-heading",
        [edit(WAY_FORWARD, "## 5. Way forward\n", "## 5. Way forward {: onclick=alert(1) #way-forward\n")],
        (WAY_FORWARD, "onclick", BRACES),
    ),
    case(
        "note-text-in-a-quotation",
        [after_thanks("> [^coi-gravity]: Smuggled text.")],
        (
            CLOSING,
            "> [^coi-gravity]",
            "note text is written in footnotes.yaml, not in the letter (move note 'coi-gravity' there and keep only "
            "[^coi-gravity] in the text)",
        ),
    ),
    case(
        "note-text-in-the-letters-stub-page",
        [
            insert_after(
                INDEX,
                "  - navigation\n---\n",
                "\n[^extra]\n\n[^extra]: <script src=https://evil.example/x.js></script>\n",
            )
        ],
        (
            INDEX,
            "[^extra]:",
            "note text is written in footnotes.yaml, not in a page (move note 'extra' there and keep only [^extra] "
            "in the text)",
        ),
    ),
    case(
        "the-same-attribute-twice",
        [after_thanks('See <a href="javascript:alert(1)" href="https://ok.example/">this</a>.')],
        (
            CLOSING,
            "See <a",
            "attribute 'href' is written twice on <a> (a browser would read only the first: write it once)",
        ),
    ),
    case(
        "nested-beyond-what-the-pdf-can-draw",
        [after_thanks("> " * 30 + "deep")],
        (
            CLOSING,
            "> > >",
            "elements nested more than 16 deep here (a letter needs a few levels at most, and the PDF cannot be made "
            "from hundreds: remove the extra levels)",
        ),
    ),
    case(
        "raw-paragraph-is-not-numbered",
        [after_thanks('<p>A raw paragraph, see <a href="#p17">the last one</a>.</p>')],
        (
            CLOSING,
            "#p17",
            "a link to '#p17', which is nowhere in the letter; did you mean 'p7'? (link to a part's anchor, e.g. "
            "#thematic-report, or to a paragraph, e.g. #p12)",
        ),
    ),
    case(
        "anchor-missing-on-another-page",
        [after_thanks("See [how to cite it](about.md#cite-it).")],
        (
            CLOSING,
            "about.md#",
            "a link to 'about.md#cite-it', but about.md has no '#cite-it' (link to one of its headings: "
            "#about-this-letter, #cite-this-letter, #how-the-site-is-made, #how-to-propose-a-change, #what-it-is, "
            "#who-sent-it)",
        ),
    ),
    case(
        "an-attribute-reported-in-its-own-tag",
        [after_thanks('See <a href="https://ok.example/" onclick=alert(1) x="y">t</a>.')],
        (CLOSING, "onclick", "attribute 'onclick' would run code in readers' browsers (remove it)"),
        (CLOSING, "onclick", "attribute 'x' is not allowed on <a> (remove it; allowed here: class, href, id, title)"),
    ),
    case(
        "page-front-matter-that-the-theme-prints",
        [
            edit(
                ABOUT_PAGE := "docs/about.md",
                "title: About this letter\n",
                "title: About <img src=https://evil.example/t.png>\ntemplate: redirect.html\n",
            )
        ],
        (
            ABOUT_PAGE,
            "title: About",
            "a page: 'title' must be plain text, without <, >, \" or & (write “curly quotes” and ‘and’) (got 'About "
            "<img src=https://evil.example/t.png>')",
        ),
        (
            ABOUT_PAGE,
            "template:",
            "a page: unknown key 'template' (the keys allowed here are: description, hide, title)",
        ),
    ),
    case(
        "html-file-in-docs",
        [write("docs/evil.html", "<script>alert(1)</script>\n")],
        (
            "docs/evil.html",
            None,
            "a file the site would publish as it is, unchecked (pages are Markdown files, .md; the site's own styles, "
            "scripts and images go in docs/assets/ as .css, .ico, .jpeg, .jpg, .js, .png, .svg, .webp, .woff2: "
            "rename it or move it out of docs/)",
        ),
    ),
    case(
        "image-that-runs-a-script",
        [write("docs/assets/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>\n')],
        ("docs/assets/logo.svg", None, "attribute 'onload' in an image would run code (remove it)"),
    ),
]


def test_the_same_id_in_two_parts(tmp_path: Path) -> None:
    first = "letter/04-public-events.md"
    root = copy_sources(tmp_path / "project")
    edit(first, "conspicuous and incomprehensible.\n", "conspicuous and incomprehensible.\n{: #same }\n")(root)
    edit(CLOSING, "{: .letter-thanks }", "{: .letter-thanks #same }")(root)
    check(
        tmp_path / "again",
        [
            edit(first, "conspicuous and incomprehensible.\n", "conspicuous and incomprehensible.\n{: #same }\n"),
            edit(CLOSING, "{: .letter-thanks }", "{: .letter-thanks #same }"),
        ],
        [
            (
                CLOSING,
                "#same",
                f"id 'same' is already used on line {line_of(root, first, '#same')} of {first} (every id must be its "
                "own: choose another name)",
            )
        ],
    )


UNFINISHED = (
    "starts an HTML tag that is not written as one, which a browser could read with the text around it (finish "
    "the tag, or write &lt; for a < sign)"
)
PAGE_SETTING = (
    "a 'key: value' line at the top of a page is read as a setting of the page (start the page with its # title; "
    "settings go between two lines ---, at the very top)"
)
SECOND_REVIEW = [
    case(
        "tag-left-unfinished-for-the-next-part-to-finish",
        [
            insert_after(
                PUBLIC_EVENTS_FILE := "letter/04-public-events.md", "incomprehensible.\n", "\n<div title='x\n"
            ),
            edit(WAY_FORWARD, "In your speech", "Don' onfocus='alert(1)' autofocus x='y'>In your speech </div <>"),
        ],
        (PUBLIC_EVENTS_FILE, "<div title", f"'<div…' {UNFINISHED}"),
        (WAY_FORWARD, "</div <>", f"'</div…' {UNFINISHED}"),
    ),
    case(
        "a-space-that-browsers-do-not-take-for-one",
        [after_thanks("See <a href=\"https://ok.example/\" title=\u00a0' onmouseover=alert(1) '>this</a>.")],
        (
            CLOSING,
            "See <a",
            "<a> has a space that is not a plain space inside it, which browsers read differently (write the tag "
            "with plain spaces)",
        ),
    ),
    case(
        "an-end-tag-with-attributes",
        [after_thanks("<span>x</span x=\"><a title='\"><span onmouseover=alert(1)>'>.</a>")],
        (
            CLOSING,
            "</span x",
            "'</span x=\">' closes a tag with more than its name, which browsers read differently (write </span>)",
        ),
    ),
    case(
        "settings-without-front-matter",
        [write("docs/index.md", "template: redirect.html\nlocation: https://evil.example/\n\n<!-- letter:text -->\n")],
        ("docs/index.md", None, PAGE_SETTING),
    ),
    case(
        "front-matter-closed-with-dots",
        [edit("docs/about.md", "title: About this letter\n---\n", "title: About this letter\n...\n<hr>\n---\n")],
        (
            "docs/about.md",
            "<hr>",
            "<hr> is not used on the site (write the text in Markdown: *emphasis*, **strong**, [link](https://…); "
            "the HTML allowed is <a>, <blockquote>, <br>, <code>, <div>, <em>, <h1>, <h2>, <h3>, <h4>, <h5>, <h6>, "
            "<li>, <ol>, <p>, <span>, <strong>, <table>, <tbody>, <td>, <th>, <thead>, <tr>, <ul>)",
        ),
    ),
    case(
        "front-matter-the-site-cannot-read",
        [edit("docs/about.md", "title: About this letter\n", "title: 2023-02-30\n")],
        (
            "docs/about.md",
            None,
            "the site could not read this front matter (day is out of range for month), and would show it as text "
            "(put values that look like dates in quotes)",
        ),
    ),
    case(
        "script-in-an-image",
        [
            write(
                "docs/assets/x.svg",
                '<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:script>alert(1)</svg:script></svg:svg>',
            )
        ],
        (
            "docs/assets/x.svg",
            None,
            "<script> has no place in an image the site publishes (a drawing needs only: circle, clippath, defs, "
            "desc, ellipse, g, line, lineargradient, mask, path, polygon, polyline, radialgradient, rect, stop, svg, "
            "symbol, text, title, tspan, use)",
        ),
    ),
    case(
        "entity-in-an-image",
        [
            write(
                "docs/assets/x.svg", '<!DOCTYPE svg [<!ENTITY x "a">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>'
            )
        ],
        (
            "docs/assets/x.svg",
            None,
            "a document type in an image can declare entities that write anything (remove the <!DOCTYPE …>)",
        ),
    ),
    case(
        "stylesheet-importing-from-elsewhere",
        [write("docs/assets/extra.css", '/* The letter\'s own layout. */\n@import "https://evil.example/a.css";\n')],
        (
            "docs/assets/extra.css",
            "@import",
            "'https://evil.example/a.css' would make every reader's browser fetch it from another host (put the file "
            "in docs/assets/ and refer to it there)",
        ),
    ),
    case(
        "page-named-like-what-the-site-makes",
        [write("docs/404.md", "# Not found\n")],
        (
            "docs/404.md",
            None,
            "a page of the site is named like docs/about.md: lower-case words and hyphens, in docs/ itself, and not "
            "404.md, assets.md, search.md, sitemap.md (rename it)",
        ),
    ),
    case(
        "attribute-in-a-tag-written-over-two-lines",
        [after_thanks("Readers who onclick= things.\n\n<span\nonclick=alert(1)>x</span>")],
        (CLOSING, "onclick=alert", "attribute 'onclick' would run code in readers' browsers (remove it)"),
    ),
]


# A third review (of the engine split) found that the check read letter files without the
# extensions both engines add to every page (tables, fences), so a fence it read as text was
# published as a diagram the theme's script fetched from unpkg.com.
FENCE = "a block of code, between lines of ``` or ~~~, would be shown as code (remove those lines)"
THIRD_REVIEW = [
    case(
        "mermaid-fence",
        [after_thanks("~~~{.text .mermaid}\ngraph TD; A-->B\n~~~")],
        (CLOSING, "~~~{.text", FENCE),
    ),
    case(
        "fence-around-notes",
        [
            edit(WAY_FORWARD, "## 5. Way forward\n", "## 5. Way forward\n\n```\n"),
            edit(WAY_FORWARD, "only in the final minutes", "\n```\n\nonly in the final minutes"),
        ],
        (WAY_FORWARD, "```#1", FENCE),
        (
            WAY_FORWARD,
            "[^turk-force-for-unity]",
            "[^turk-force-for-unity] would not become a note here: it is inside `code`, an HTML comment or an HTML "
            "block, or escaped with \\ (write [^turk-force-for-unity] in the text itself)",
        ),
    ),
    case(
        "fence-in-a-quotation",
        [after_thanks("> ```\n> text\n> ```")],
        (CLOSING, "> ```#1", FENCE),
    ),
    case(
        "horizontal-rule",  # a table is the letter's (test_letter_shapes.py); a rule is not
        [after_thanks("***")],
        (
            CLOSING,
            "***",
            "<hr> is not used in the letter (write the text in Markdown: *emphasis*, **strong**, [link](https://…); "
            "the HTML allowed is <a>, <blockquote>, <br>, <div>, <em>, <h2>, <h3>, <h4>, <li>, <ol>, <p>, <span>, "
            "<strong>, <table>, <tbody>, <td>, <th>, <thead>, <tr>, <ul>)",
        ),
    ),
    case(
        "quote-in-a-page-description",  # Zensical prints it into content="…" as it is
        [
            edit(
                "docs/about.md",
                "title: About this letter\n",
                "title: About this letter\ndescription: 'D\" onmouseover=\"alert(2)'\n",
            )
        ],
        (
            "docs/about.md",
            "description:",
            "a page: 'description' must be plain text, without <, >, \" or & (write “curly quotes” and ‘and’) (got "
            "'D\" onmouseover=\"alert(2)')",
        ),
    ),
    case(
        "mermaid-fence-in-a-page",
        [edit("docs/about.md", "## Who sent it\n", "```mermaid\ngraph TD; A-->B\n```\n\n## Who sent it\n")],
        ("docs/about.md", "```mermaid", FENCE),
    ),
]


@pytest.mark.parametrize(("changes", "expected"), THIRD_REVIEW)
def test_what_a_third_hostile_review_found_is_refused(
    tmp_path: Path, changes: list[Change], expected: list[Expected]
) -> None:
    check(tmp_path, changes, expected)


@pytest.mark.parametrize(("changes", "expected"), SECOND_REVIEW)
def test_what_a_second_hostile_review_found_is_refused(
    tmp_path: Path, changes: list[Change], expected: list[Expected]
) -> None:
    check(tmp_path, changes, expected)


@pytest.mark.parametrize(("changes", "expected"), REVIEW)
def test_what_a_hostile_review_found_is_refused(
    tmp_path: Path, changes: list[Change], expected: list[Expected]
) -> None:
    check(tmp_path, changes, expected)


@pytest.mark.parametrize(("changes", "expected"), MARKUP)
def test_markup_a_letter_does_not_need_is_refused(
    tmp_path: Path, changes: list[Change], expected: list[Expected]
) -> None:
    check(tmp_path, changes, expected)


HEADINGS = [
    case(
        "raw-h1",
        [after_thanks("<h1>Postscript</h1>")],
        (CLOSING, "<h1>", "a # heading: the page's only one is the letter's title (use ## for a section heading)"),
    ),
    case(
        "setext-h2-in-a-part-without-a-heading",
        [after_thanks("Postscript\n----------")],
        (CLOSING, "----------", HEADING_IN_PART),
    ),
    case(
        "setext-h2-after-the-sections-heading",
        [insert_after(WAY_FORWARD, "## 5. Way forward\n", "\nMore\n----\n")],
        (WAY_FORWARD, "----", SECOND_HEADING),
    ),
    case(
        "raw-h2-after-the-sections-heading",
        [insert_after(WAY_FORWARD, "## 5. Way forward\n", "\n<h2>More</h2>\n")],
        (WAY_FORWARD, "<h2>", SECOND_HEADING),
    ),
    case(
        "braces-that-eat-the-heading-anchor",
        [edit(WAY_FORWARD, "## 5. Way forward\n", "## 5. Way forward {see below}\n")],
        (WAY_FORWARD, "## 5. Way forward", BRACES),
    ),
    case(
        "the-notes-placeholder",
        [after_thanks("///Footnotes Go Here///")],
        (
            CLOSING,
            "///Footnotes",
            "'///Footnotes Go Here///' is where the site puts the notes, after the signatures (delete this line)",
        ),
    ),
]


@pytest.mark.parametrize(("changes", "expected"), HEADINGS)
def test_headings_and_placeholders_that_would_break_the_page(
    tmp_path: Path, changes: list[Change], expected: list[Expected]
) -> None:
    check(tmp_path, changes, expected)


COI_GRAVITY = "in the contemporary world”.[^coi-gravity]"
REFERENCES_MARKDOWN_DOES_NOT_READ = [
    case(
        "in-a-code-span",
        [edit("letter/01-coi-findings.md", COI_GRAVITY, "in the contemporary world”.`[^coi-gravity]`")],
        ("letter/01-coi-findings.md", "`[^coi-gravity]`", "text in `backticks` would be shown as code (remove them)"),
        ("letter/01-coi-findings.md", "`[^coi-gravity]`", f"[^coi-gravity] {NOT_A_NOTE}"),
    ),
    case(
        "escaped",
        [edit("letter/01-coi-findings.md", COI_GRAVITY, "in the contemporary world”.\\[^coi-gravity]")],
        ("letter/01-coi-findings.md", "\\[^coi-gravity]", f"[^coi-gravity] {NOT_A_NOTE}"),
    ),
    case(
        "in-an-html-comment",
        [edit("letter/01-coi-findings.md", COI_GRAVITY, "in the contemporary world”.<!-- [^coi-gravity] -->")],
        ("letter/01-coi-findings.md", "<!-- [^coi-gravity]", COMMENT),
        ("letter/01-coi-findings.md", "<!-- [^coi-gravity]", f"[^coi-gravity] {NOT_A_NOTE}"),
    ),
]


@pytest.mark.parametrize(("changes", "expected"), REFERENCES_MARKDOWN_DOES_NOT_READ)
def test_a_note_reference_markdown_would_not_read_is_reported_where_it_is(
    tmp_path: Path, changes: list[Change], expected: list[Expected]
) -> None:
    check(tmp_path, changes, expected)


ABOUT = "docs/about.md"
READ = "[Read the letter](index.md) · [See every source it cites](sources.md)\n"
PAGES = [
    case(
        "script-in-a-page",
        [insert_after(ABOUT, READ, '\n<script src="https://t.example/x.js"></script>\n')],
        (
            ABOUT,
            "<script",
            "<script> is not allowed on the site: it could run code or load from another host (remove it)",
        ),
    ),
    case(
        "tracking-image-in-a-page",
        [insert_after(ABOUT, READ, "\n![](https://tracker.example/p.png)\n")],
        (ABOUT, "tracker.example", f"<img>: {LOADS}"),
    ),
    case(
        "comment-in-a-page-other-than-the-citations-place",
        [insert_after(ABOUT, READ, "\n<!-- to do -->\n")],
        (ABOUT, "to do", COMMENT),
    ),
]


@pytest.mark.parametrize(("changes", "expected"), PAGES)
def test_the_sites_own_pages_are_as_safe_as_the_letter(
    tmp_path: Path, changes: list[Change], expected: list[Expected]
) -> None:
    check(tmp_path, changes, expected)


LINKS_IN_THE_SITE = [
    case(
        "missing-anchor",
        [after_thanks("See [the findings](#findngs).")],
        (
            CLOSING,
            "#findngs",
            "a link to '#findngs', which is nowhere in the letter; did you mean 'coi-findings'? (link to a part's "
            "anchor, e.g. #thematic-report, or to a paragraph, e.g. #p12)",
        ),
    ),
    case(
        "anchor-with-a-typo",
        [after_thanks("See [section 2](#thematic-reprot).")],
        (
            CLOSING,
            "#thematic-reprot",
            "a link to '#thematic-reprot', which is nowhere in the letter; did you mean 'thematic-report'? (link "
            "to a part's anchor, e.g. #thematic-report, or to a paragraph, e.g. #p12)",
        ),
    ),
    case(
        "paragraph-that-does-not-exist",
        [after_thanks("See [paragraph 99](#p99).")],
        (
            CLOSING,
            "#p99",
            "a link to '#p99', which is nowhere in the letter; did you mean 'p9'? (link to a part's anchor, e.g. "
            "#thematic-report, or to a paragraph, e.g. #p12)",
        ),
    ),
    case(
        "missing-page",
        [after_thanks("See [the FAQ](faq.md).")],
        (
            CLOSING,
            "faq.md",
            "a link to 'faq.md', which is not a page of the site (link to one of: about.md, index.md, signatories.md, "
            "sources.md; or to a web address starting with https://)",
        ),
    ),
    case(
        "unknown-source-on-the-sources-page",
        [after_thanks("See [the report](sources.md#source-coi-2015).")],
        (
            CLOSING,
            "sources.md#",
            "a link to 'sources.md#source-coi-2015', which is no source on the Sources page (write "
            "sources.md#source- followed by the key of a source in footnotes.yaml)",
        ),
    ),
]


@pytest.mark.parametrize(("changes", "expected"), LINKS_IN_THE_SITE)
def test_a_link_to_a_place_in_the_site_that_does_not_exist(
    tmp_path: Path, changes: list[Change], expected: list[Expected]
) -> None:
    check(tmp_path, changes, expected)


def test_links_to_real_places_in_the_site_pass(tmp_path: Path) -> None:
    root = copy_sources(tmp_path / "project")
    after_thanks(
        "See [section 2](#thematic-report), [paragraph 16](#p16), [note 1](#fn:sr-2000-detained), "
        "[the signatories](#signatories), [the report](sources.md#source-coi-2014-detailed-findings), "
        "[About](about.md), [the OHCHR](https://www.ohchr.org/) and [write to us](mailto:info@example.org)."
    )(root)
    letter = load_letter(SourcePaths(root))
    assert "[About](about.md)" in letter.parts[-1].body


TEXT = [
    case(
        "nul-in-a-letter-file",
        [edit(CLOSING, "Thank you.", "Thank\x00 you.")],
        (CLOSING, "Thank", f"an invisible character U+0000 (NUL) {INVISIBLE}"),
    ),
    case(
        "bell-in-footnotes-yaml",
        [edit("footnotes.yaml", "    symbol: A/77/522\n", "    symbol: A/77/522\x07\n")],
        ("footnotes.yaml", "symbol: A/77/522", f"an invisible character U+0007 (BEL) {INVISIBLE}"),
    ),
    case(
        "start-of-heading-in-signatories-yaml",
        [edit("signatories.yaml", "  - name: Mulmangcho\n", "  - name: Mul\x01mangcho\n")],
        ("signatories.yaml", "Mul", f"an invisible character U+0001 (START OF HEADING) {INVISIBLE}"),
    ),
    case(
        "right-to-left-override",
        [edit(CLOSING, "Thank you.", "Thank \u202eyou.")],
        (CLOSING, "Thank", f"an invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) {INVISIBLE}"),
    ),
    case(
        "signatory-differing-only-by-a-zero-width-space",
        [
            insert_after(
                "signatories.yaml",
                "  - name: No Chain\n    kind: organization\n",
                "\n  - name: No\u200b Chain\n    kind: organization\n",
            )
        ],
        (
            "signatories.yaml",
            "No\u200b Chain",
            "duplicate signatory 'No\u200b Chain' (already listed on line {@name: No Chain}: remove one of them)",
        ),
    ),
    case(
        "signatory-differing-only-by-a-soft-hyphen-and-full-width-letters",
        [
            insert_after(
                "signatories.yaml",
                "  - name: THINK\n    kind: organization\n",
                "\n  - name: ＴＨＩ\u00adＮＫ\n    kind: organization\n",
            )
        ],
        (
            "signatories.yaml",
            "ＴＨＩ",
            "duplicate signatory 'ＴＨＩ\u00adＮＫ' (already listed on line {@name: THINK}: remove one of them)",
        ),
    ),
]


@pytest.mark.parametrize(("changes", "expected"), TEXT)
def test_characters_no_one_can_see(tmp_path: Path, changes: list[Change], expected: list[Expected]) -> None:
    check(tmp_path, changes, expected)


TAG = "here is a YAML tag, which is not supported (remove it; text that starts with ! & * or % must be put in quotes)"
YAML_ODDITIES = [
    case(
        "tag-that-makes-a-date",
        [edit("signatories.yaml", "as_of: 2023-08-11", "as_of: !!timestamp 2023-08-11")],
        ("signatories.yaml", "as_of: !!timestamp", f"'tag:yaml.org,2002:timestamp' {TAG}"),
    ),
    case(
        "tag-with-nothing-to-read",
        [edit("footnotes.yaml", "pinpoint: para. 1211", "pinpoint: !!int")],
        ("footnotes.yaml", "pinpoint: !!int", f"'tag:yaml.org,2002:int' {TAG}"),
    ),
    case(
        "tag-yes-no-on-text",
        [edit("signatories.yaml", "  - name: Mulmangcho\n", "  - name: !!bool Mulmangcho\n")],
        ("signatories.yaml", "!!bool Mulmangcho", f"'tag:yaml.org,2002:bool' {TAG}"),
    ),
    case(
        "equals-sign-alone",
        [edit("footnotes.yaml", "pinpoint: para. 1211", "pinpoint: =")],
        (
            "footnotes.yaml",
            "pinpoint: =",
            "this value cannot be read (could not determine a constructor for the tag 'tag:yaml.org,2002:value'; "
            "text that starts with ! & * % or = must be put in quotes)",
        ),
    ),
    case(
        "nested-hundreds-deep",
        [edit("signatories.yaml", "as_of: 2023-08-11\n", "as_of: 2023-08-11\nextra: " + "[" * 400 + "]" * 400 + "\n")],
        (
            "signatories.yaml",
            "extra:",
            "YAML syntax error: this value is nested more than 32 levels deep (write it as the files' examples do; "
            "a long run of [ or { must be put in quotes)",
        ),
    ),
    case(
        "line-separator",
        [edit("footnotes.yaml", "    symbol: A/77/522\n", "    symbol: A/77/522\u2028\n")],
        ("footnotes.yaml", "symbol: A/77/522", f"an invisible character U+2028 (LINE SEPARATOR) {INVISIBLE}"),
    ),
]


@pytest.mark.parametrize(("changes", "expected"), YAML_ODDITIES)
def test_yaml_that_once_gave_a_traceback(tmp_path: Path, changes: list[Change], expected: list[Expected]) -> None:
    check(tmp_path, changes, expected)


def test_markdown_nested_hundreds_deep_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    check(
        tmp_path,
        [after_thanks("* " * 600 + "deep")],
        [
            (
                CLOSING,
                "Thank you.",  # where the file's text starts
                "this file nests lists, quotations, HTML blocks or emphasis hundreds of levels deep, too deep to be "
                "read (a letter needs a few levels at most: remove the extra levels)",
            )
        ],
    )


def test_a_file_with_old_mac_line_endings_is_read_and_placed_by_its_lines(tmp_path: Path) -> None:
    root = copy_sources(tmp_path / "project")
    part = root / CLOSING
    text = part.read_text(encoding="utf-8").replace("Thank you.", "Thank you.[^zzz]")
    part.write_bytes(text.replace("\n", "\r").encode("utf-8"))
    with pytest.raises(SourcesInvalid) as raised:
        load_letter(SourcePaths(root))
    [problem] = raised.value.problems
    lines = text.split("\n")
    line = next(number for number, written in enumerate(lines, start=1) if "[^zzz]" in written)
    assert (problem.line, problem.column) == (line, lines[line - 1].index("[^zzz]") + 1)


def test_nested_aliases_are_refused_before_they_expand(tmp_path: Path) -> None:
    """9**10 items if expanded: refused in well under a second, at each anchor and alias."""
    root = copy_sources(tmp_path / "project")
    (root / "signatories.yaml").write_text(BILLION_LAUGHS + "\n", encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(SourcesInvalid) as raised:
        load_letter(SourcePaths(root))
    assert time.monotonic() - started < 10  # a hang, not a benchmark: expanded, this takes hours
    problems = raised.value.problems
    assert {problem.message for problem in problems} == {ALIASES}
    assert len(problems) == 10 + 9 * 9  # ten anchors, 81 aliases
    assert {(problem.path, problem.line) for problem in problems} == {("signatories.yaml", n) for n in range(1, 11)}


def test_a_plain_alias_is_refused_too(tmp_path: Path) -> None:
    check(
        tmp_path,
        [
            edit("signatories.yaml", "  - name: No Chain\n", "  - name: &chain No Chain\n"),
            edit("signatories.yaml", "  - name: Mulmangcho\n", "  - name: *chain\n"),
        ],
        [("signatories.yaml", "*chain", ALIASES), ("signatories.yaml", "&chain", ALIASES)],
    )


FILES = [
    case(
        "markdown-file-in-a-subfolder",
        [lambda root: (root / "letter/extra").mkdir(), write("letter/extra/07-more.md", "---\nanchor: more\n---\n")],
        (
            "letter/extra",
            None,
            "a folder inside letter/, which would not be published (letter parts are the NN-name.md files of "
            "letter/ itself: move its files up into letter/, or out of it)",
        ),
    ),
    case(
        "letter-part-linking-to-a-file-outside",
        [lambda root: (root / "letter/07-hostname.md").symlink_to("/etc/hostname")],
        (
            "letter/07-hostname.md",
            None,
            "a link to another file, which would not be published (replace it with the file)",
        ),
    ),
    case(
        "page-linking-to-a-file-outside",
        [lambda root: (root / "docs/secrets.md").symlink_to("/etc/hostname")],
        (
            "docs/secrets.md",
            None,
            "a link to another file, which would be published in its place (replace it with the file itself)",
        ),
    ),
    case(
        "signatories-linking-to-a-file-outside",
        [
            lambda root: (root / "signatories.yaml").unlink(),
            lambda root: (root / "signatories.yaml").symlink_to("/etc/hostname"),
        ],
        ("signatories.yaml", None, "a link to another file, which would not be published (replace it with the file)"),
    ),
]


@pytest.mark.parametrize(("changes", "expected"), FILES)
def test_files_that_would_be_skipped_or_would_publish_another_file(
    tmp_path: Path, changes: list[Change], expected: list[Expected]
) -> None:
    check(tmp_path, changes, expected)


def test_a_nul_byte_in_a_yaml_file_is_a_problem_with_its_place_not_a_traceback(tmp_path: Path) -> None:
    root = copy_sources(tmp_path / "project")
    edit_bytes("footnotes.yaml", b"    symbol: A/77/522\n", b"    symbol: A/77/\x00522\n")(root)
    with pytest.raises(SourcesInvalid) as raised:
        load_letter(SourcePaths(root))
    [problem] = raised.value.problems
    line = line_of(root, "footnotes.yaml", "symbol: A/77/")
    assert (problem.path, problem.line, problem.column) == ("footnotes.yaml", line, len("    symbol: A/77/") + 1)
