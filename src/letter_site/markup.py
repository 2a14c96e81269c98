"""What a letter file's Markdown may become: the element tree is checked against an allowlist.

Letter files come from pull requests, and the site promises readers at risk
that it runs no foreign script and asks no other host for anything.  So each
part is rendered the way the site renders it (Python-Markdown with
``attr_list``, ``md_in_html`` and ``toc``) and the resulting HTML -- raw HTML
blocks included -- is walked element by element: what a letter needs is
allowed, everything else is a problem at the line it came from, saying what to
write instead.  Nothing here decides by matching HTML with regular
expressions; the source text is searched only to find the line to report.

The same render tells which ``[^key]`` Markdown really turns into a note
reference: one written inside `code`, an HTML comment or a raw HTML block, or
escaped as ``\\[^key]``, stays text on the page, so it is reported here rather
than crashing the build later.
"""

from __future__ import annotations

import html
import re
import secrets
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element
from xml.parsers import expat

import tinyhtml5  # type: ignore[import-untyped]  # no stubs; the HTML standard's parser
from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .ids import ID, MARKERS, RESERVED_ID
from .markdown_ext import TREE_PRIORITY, body_paragraphs
from .model import Place, Reference
from .problems import Problem

# Python-Markdown's footnotes extension: a reference is [^key], matched before links (160) and
# after code spans (190) and backslash escapes (180).
NOTE_REFERENCE = r"\[\^([^\]\n]*)\]"
REFERENCE_PRIORITY = 175

# What a letter needs.  Markdown makes p, em, strong, a, br, headings, lists and
# quotations; the opening's addressee and ATTN blocks are <div class=… markdown>.
ALLOWED_TAGS = frozenset(
    {"p", "br", "em", "strong", "a", "blockquote", "ul", "ol", "li", "h2", "h3", "h4", "div", "span"}
)
GLOBAL_ATTRIBUTES = frozenset({"id", "class"})
TAG_ATTRIBUTES = {"a": frozenset({"href", "title"})}
# The classes the parts use; each sets a block apart from the numbered paragraphs
# (and letter.css and pdf.css style most of them).
ALLOWED_CLASSES = frozenset(
    {"letter-addressee", "letter-attn", "letter-re", "letter-salutation", "letter-thanks", "letter-signoff"}
)
# The site's own pages in docs/ may also have a title, more heading levels and `code`,
# and the comments the Markdown extension replaces with the letter, its Sources and its citation.
PAGE_TAGS = ALLOWED_TAGS | {"h1", "h5", "h6", "code"}
PAGE_COMMENTS = frozenset(marker.removeprefix("<!--").removesuffix("-->") for marker in MARKERS)
# A letter nests a few elements (a list in a quotation, a link in emphasis); WeasyPrint's PDF
# cannot be made from a hundred or so.
MAX_NESTING = 16
# "<" before a letter, "/", "!" or "?" in text: a tag Markdown did not read as one, which the
# next part of the letter, joined to this one on the page, could finish.
_UNFINISHED_TAG = re.compile(r"<[A-Za-z/!?][^\s<>]*")
_ASCII_SPACE = frozenset(" \t\n\r\f")
TOO_NESTED = (
    f"elements nested more than {MAX_NESTING} deep here (a letter needs a few levels at most, and the PDF cannot be "
    "made from hundreds: remove the extra levels)"
)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_LOADS = frozenset({"img", "picture", "source", "video", "audio", "track", "image"})
_RUNS = frozenset(
    {"script", "style", "link", "meta", "base", "iframe", "frame", "frameset", "object", "embed", "applet"}
    | {"svg", "math", "template", "noscript", "portal", "xml"}
)
_FORMS = frozenset({"form", "input", "button", "textarea", "select", "option", "label", "fieldset"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

H1 = "a # heading: the page's only one is the letter's title (use ## for a section heading)"
SECOND_HEADING = (
    "a second ## heading: one section per file (move this heading and the text after it to a new letter file)"
)
BRACES = (
    "the heading has { } in it, which Markdown would read as attributes: the section could lose its anchor, or "
    "worse (remove the braces from the heading)"
)
HEADING_IN_PART = (
    "a heading in a part that has none: a section starts a letter file of its own, with its ## heading "
    "first (move this heading and the text after it to a new letter file)"
)


@dataclass(frozen=True)
class Link:
    """A link to a place in the site, checked once every part is known."""

    href: str
    place: Place
    column: int


@dataclass(frozen=True)
class PartMarkup:
    """What a part's rendered Markdown holds that the rest of the site depends on."""

    references: tuple[Reference, ...]  # the [^key] Markdown turns into note references, in order
    ids: tuple[tuple[str, Place], ...]  # ids the part gives its elements ({: #id }, id="…")
    links: tuple[Link, ...]  # links to #anchors and to other pages
    paragraphs: int  # numbered body paragraphs (#p1, #p2, …)


def check_part(
    path: str,
    source: str,
    first_line: int,
    markdown: str,
    candidates: Sequence[Reference],
    heading: bool,
    anchor: str,
    reported: frozenset[int] = frozenset(),
) -> tuple[list[Problem], PartMarkup]:
    """Render ``markdown`` (the part as the site renders it) and check what it became.

    ``source`` is the file's text after the front matter, starting at file
    line ``first_line``: problems are located in it.  ``candidates`` are the
    ``[^key]`` written in the file; ``heading`` says whether the part starts
    with its ``##`` heading, which must keep ``anchor`` as its id.  Headings
    on the ``reported`` lines have had their problem reported already.
    """
    walker = _Walker(path, source, first_line, heading, anchor, reported, letter=True)
    if not walker.check(markdown):
        return walker.problems, PartMarkup((), (), (), 0)
    references = _rendered(candidates, walker.references, walker)
    markup = PartMarkup(tuple(references), tuple(walker.ids), tuple(walker.links), walker.paragraphs)
    return walker.problems, markup


def check_page(path: str, source: str, first_line: int) -> tuple[list[Problem], frozenset[str]]:
    """Check a page of ``docs/`` (its text after the front matter): a page's allowlist, not a letter's.

    Returns the problems and the ids the page's elements have (its headings'), for links to them.
    """
    walker = _Walker(path, source, first_line, False, "", frozenset(), letter=False)
    walker.check(source)
    return walker.problems, frozenset(walker.page_ids)


def _TOO_DEEP(path: str, source: str, first_line: int) -> Problem:  # noqa: N802 - reads as the problem it makes
    # Python-Markdown renders nested lists, quotations, blocks and emphasis by recursion; hundreds deep
    # exhaust Python's stack, in the site's build as here.  Reported where the file's text starts.
    lines = source.split("\n")
    start = next((index for index, line in enumerate(lines) if line.strip()), 0)
    return Problem(
        path,
        first_line + start,
        1,
        "this file nests lists, quotations, HTML blocks or emphasis hundreds of levels deep, too deep to be read "
        "(a letter needs a few levels at most: remove the extra levels)",
    )


@dataclass(frozen=True)
class _Rendered:
    html: str
    link_definitions: tuple[str, ...]  # [name]: address, which Markdown applies to the whole page
    note_definitions: tuple[str, ...]  # [^key]: text, which the footnotes extension would make notes of


# What the engines add to every page whatever mkdocs.yml lists: MkDocs `tables` and `fenced_code`,
# Zensical `tables` and `pymdownx.superfences` (which reads every fence `fenced_code` reads, and
# more: in lists and quotations). The check reads a file with them, so that a table or a fence
# is seen as the site will show it, and refused.
ENGINE_EXTENSIONS = ("tables", "pymdownx.superfences")


def _render(markdown: str, nonce: str) -> _Rendered:
    """Python-Markdown as the site sets it up, with note references and numbered paragraphs marked."""
    footnotes = FootnoteExtension()
    md = Markdown(
        extensions=[*ENGINE_EXTENSIONS, "attr_list", "md_in_html", "toc", footnotes, _Marks(nonce)],
        output_format="html",
    )
    html_out = md.convert(markdown)
    return _Rendered(html_out, tuple(md.references), tuple(footnotes.footnotes))


class _Marks(Extension):
    """Marks, with a nonce the sources cannot forge, what the site's own extension finds:
    each note reference as the footnotes extension reads it, and each numbered paragraph."""

    def __init__(self, nonce: str) -> None:
        super().__init__()
        self.nonce = nonce

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # Before the footnotes extension's own pattern (175), which would want a definition.
        md.inlinePatterns.register(_Marker(NOTE_REFERENCE, md, self.nonce), "letter-check-ref", REFERENCE_PRIORITY + 1)
        md.treeprocessors.register(_NumberedMarks(md, self.nonce), "letter-check-paragraphs", TREE_PRIORITY)
        # The footnotes extension only collects what it would make notes of: no list of notes is added.
        if "footnote" in md.treeprocessors:
            md.treeprocessors.deregister("footnote")


class _NumberedMarks(Treeprocessor):
    def __init__(self, md: Markdown, nonce: str) -> None:
        super().__init__(md)
        self.nonce = nonce

    def run(self, root: Element) -> None:
        for element in body_paragraphs(root):
            element.set("data-numbered", self.nonce)


class _Marker(InlineProcessor):
    def __init__(self, pattern: str, md: Markdown, nonce: str) -> None:
        super().__init__(pattern, md)
        self.nonce = nonce

    def handleMatch(  # type: ignore[override]  # noqa: N802 - Python-Markdown's name
        self, m: re.Match[str], data: str
    ) -> tuple[Element, int, int]:
        element = Element("sup")
        element.set("data-reference", f"{self.nonce}:{m.group(1)}")
        return element, m.start(0), m.end(0)


def _rendered(candidates: Sequence[Reference], rendered: list[str], walker: _Walker) -> list[Reference]:
    """The written references that Markdown made into references; a problem for each it did not."""
    kept: list[Reference] = []
    remaining = list(rendered)
    for candidate in candidates:
        if remaining and remaining[0] == candidate.key:
            remaining.pop(0)
            kept.append(candidate)
        elif candidate.key in remaining:
            # Markdown skipped the ones before this key's next rendering.
            remaining.remove(candidate.key)
            kept.append(candidate)
        else:
            walker.problems.append(
                Problem(
                    candidate.place.path,
                    candidate.place.line,
                    walker.column_of(candidate.place.line, f"[^{candidate.key}]"),
                    f"[^{candidate.key}] would not become a note here: it is inside `code`, an HTML comment "
                    f"or an HTML block, or escaped with \\ (write [^{candidate.key}] in the text itself)",
                )
            )
    return kept


class _Walker(HTMLParser):
    """Walks the rendered HTML once, recording problems and what the part holds."""

    def __init__(
        self,
        path: str,
        source: str,
        first_line: int,
        heading: bool,
        anchor: str,
        reported: frozenset[int],
        letter: bool,
    ) -> None:
        super().__init__(convert_charrefs=True)
        nonce = secrets.token_hex(8)
        sentinel = f"letter-end-{nonce}"
        self.reported = reported
        # A letter file has a letter's rules (one section, no # heading, no code); a page, a page's.
        self.letter = letter
        self.tags = ALLOWED_TAGS if letter else PAGE_TAGS
        self.comments = frozenset() if letter else PAGE_COMMENTS
        self.in_what = "in the letter" if letter else "on the site"
        self.path, self.first_line, self.nonce, self.sentinel = path, first_line, nonce, sentinel
        self.heading, self.anchor = heading, anchor
        self.lines = source.split("\n")
        self.line_starts: list[int] = []
        self.line_starts_of: str | None = None
        self.problems: list[Problem] = []
        self.references: list[str] = []
        self.ids: list[tuple[str, Place]] = []
        self.links: list[Link] = []
        self.paragraphs = 0
        self.stack: list[str] = []  # the tags of the elements open around what is being read
        self.tag_text = ""  # the start tag being read, as the HTML has it
        self.headings = 0
        self.found: Counter[str] = Counter()
        self.in_code = 0
        self.sentinel_kept = False
        self.sentinel_stack: list[str] = []  # what was open around the end of the file
        self.after_sentinel = False
        self.refused: int | None = None  # the depth of a refused element, whose content is not reported again
        self.too_deep = False
        self.deep_pending = False
        self.page_ids: set[str] = set()
        self.seen: set[tuple[str, str]] = set()  # (tag, attribute) of every element the walk met
        self.confused = False  # the HTML can no longer be read the way a browser reads it
        self.source = source

    def check(self, markdown: str) -> bool:
        """Render ``markdown`` and walk what it became; ``False`` if it cannot even be rendered."""
        try:
            rendered = _render(f"{markdown}\n\n{self.sentinel}\n", self.nonce)
        except RecursionError:
            self.problems.append(_TOO_DEEP(self.path, self.source, self.first_line))
            return False
        for name in rendered.link_definitions:
            self.problem(
                self.locate(f"[{name}]:"),
                f"a link definition ([{name}]: …) would apply to the whole page, where it is not checked (write "
                "the address in the link itself: [text](https://…))",
            )
        for key in rendered.note_definitions:
            what = "the letter" if self.letter else "a page"
            self.problem(
                self.locate(f"[^{key}]:"),
                f"note text is written in footnotes.yaml, not in {what} (move note '{key}' there and keep only "
                f"[^{key}] in the text)",
            )
        self.feed(rendered.html)
        self.close()
        self.finish(rendered.html)
        if "<" in markdown:  # without it Markdown writes every tag itself, and both parsers read them alike
            self.as_browsers_read(rendered.html)
        return True

    def as_browsers_read(self, rendered: str) -> None:
        """What a browser's parser sees that this walk did not: HTML written to be read two ways."""
        root = tinyhtml5.parse(rendered)
        unseen = sorted(
            {
                (element.tag.rsplit("}", 1)[-1], name)
                for element in root.iter()
                if isinstance(element.tag, str)
                for name in element.attrib
            }
            - self.seen
        )
        if unseen and not self.problems:
            tag, name = unseen[0]
            self.problem(
                self.locate(name, f"<{tag}"),
                f"a browser would read this HTML differently from how it looks: it would find <{tag} {name}=…> "
                "here (write simpler HTML: one tag at a time, with its attributes in plain quotes)",
            )

    # -- where ------------------------------------------------------------

    def locate(self, *needles: str) -> tuple[int, int]:
        """The file line and column of the next unreported occurrence of the first needle found."""
        for needle in needles:
            if not needle:
                continue
            wanted = self.found[needle]
            pattern = re.compile(re.escape(needle), re.IGNORECASE)
            seen = 0
            for index, line in enumerate(self.lines):
                for match in pattern.finditer(line):
                    if seen == wanted:
                        self.found[needle] += 1
                        return self.first_line + index, match.start() + 1
                    seen += 1
        return self.first_line, 1

    def column_of(self, line: int, text: str) -> int:
        index = line - self.first_line
        if 0 <= index < len(self.lines):
            return self.lines[index].find(text) + 1 or 1
        return 1

    def problem(self, where: tuple[int, int], message: str) -> None:
        self.problems.append(Problem(self.path, where[0], where[1], message))

    def line_problem(self, line: int, message: str) -> None:
        """A problem about a heading's line, unless the line scan reported that line already."""
        if line not in self.reported:
            self.problems.append(Problem(self.path, line, 1, message))

    # -- the walk -----------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.confused:
            return
        self.after_sentinel = self.after_sentinel or bool(self.sentinel_stack)
        depth = len(self.stack)
        refused = self.refused is None and not self.start(tag, attrs)
        if tag not in _VOID:
            self.stack.append(tag)
            if refused and tag not in ("pre", "code"):
                self.refused = depth

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.refused is None and not self.confused:
            self.start(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.confused:
            return
        written = self.tag_written()
        if written and not re.fullmatch(r"</[A-Za-z][A-Za-z0-9-]*[ \t\n\r\f]*>", written):
            self.problem(
                self.locate(written[:12]),
                f"'{written[:30]}' closes a tag with more than its name, which browsers read differently (write "
                f"</{tag}>)",
            )
            self.confused = True  # what follows is read one way here and another in a browser: not worth more
            return
        if tag in _VOID:
            return
        if tag not in self.stack:
            self.problem(self.locate(f"</{tag}"), f"</{tag}> closes nothing (remove it)")
            return
        while self.stack:
            opened = self.stack.pop()
            if opened == tag:
                break
            if self.refused is None:
                self.unclosed(opened)
        if self.refused is not None and len(self.stack) <= self.refused:
            self.refused = None
        if tag in ("pre", "code") and self.in_code:
            self.in_code -= 1

    def handle_data(self, data: str) -> None:
        if self.confused:
            return
        unfinished = _UNFINISHED_TAG.search(data)
        if unfinished and not self.in_code and self.refused is None:
            fragment = unfinished.group()
            self.problem(
                self.locate(fragment),
                f"'{fragment}…' starts an HTML tag that is not written as one, which a browser could read "
                "with the text around it (finish the tag, or write &lt; for a < sign)",
            )
        if self.deep_pending and data.strip() and data.strip() != self.sentinel:
            self.deep_pending = False
            self.problem(self.locate(data.strip()[:40]), TOO_NESTED)
        if self.sentinel_stack and data.strip():
            self.after_sentinel = True  # something Markdown moved after the end of the file
        if data.strip() == self.sentinel:
            # The end of the part must be a paragraph of its own at the top level.
            self.sentinel_stack = list(self.stack)
            self.sentinel_kept = self.sentinel_stack == ["p"]
            if self.sentinel_kept and self.paragraphs:
                self.paragraphs -= 1

    def handle_comment(self, data: str) -> None:
        if self.confused:
            return
        self.after_sentinel = self.after_sentinel or bool(self.sentinel_stack)
        if data in self.comments:
            self.locate("<!--")  # passes over it, so that the next comment is found where it is
            return
        if self.refused is not None:
            return
        self.problem(
            self.locate("<!--"),
            "an HTML comment would be published in the page's source, and hides text from the check "
            "(delete it; write notes for other editors in the pull request)",
        )

    def handle_decl(self, decl: str) -> None:
        self.problem(self.locate("<!"), f"'<!{decl[:20]}' is not allowed {self.in_what} (remove it)")

    def unknown_decl(self, data: str) -> None:
        self.problem(self.locate("<!["), f"'<![…]>' is not allowed {self.in_what} (remove it)")

    def handle_pi(self, data: str) -> None:
        self.problem(self.locate("<?"), f"'<?…>' is not allowed {self.in_what} (remove it)")

    def unclosed(self, tag: str) -> None:
        self.problem(self.locate(f"<{tag}"), f"<{tag}> is not closed (add </{tag}> where it ends)")

    def finish(self, rendered: str) -> None:
        """After the walk: what was left open, and whether the part kept to itself."""
        if self.confused:
            return
        if self.deep_pending:
            self.problem((self.first_line, 1), TOO_NESTED)
        if not self.sentinel_kept or self.after_sentinel:
            # The end of the file was swallowed by something still open: so would the next part be.
            opened = [tag for tag in self.sentinel_stack if tag != "p"] or self.stack
            if opened:
                tag = opened[-1]
                self.problem(
                    self.locate(f"<{tag}"),
                    f"<{tag}> is not closed, so the rest of the letter would disappear into it "
                    f"(add </{tag}> where it ends, on a line of its own after a blank line)",
                )
            elif not self.problems:
                self.problem(
                    (self.first_line, 1),
                    "Markdown would move or swallow part of this file: an HTML block or comment in it shares its "
                    "lines with other text (put each one on lines of its own, with a blank line before and after)",
                )
            self.stack.clear()
        for opened_tag in self.stack:
            self.unclosed(opened_tag)

    # -- one element ----------------------------------------------------------

    def start(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        """Check an element as it opens; whether it is allowed."""
        values = {name: value or "" for name, value in attrs}
        self.seen |= {(tag, name) for name, _ in attrs}
        self.tag_text = self.get_starttag_text() or ""
        if any(character.isspace() and character not in _ASCII_SPACE for character in self.tag_text):
            self.problem(
                self.attribute_place(""),
                f"<{tag}> has a space that is not a plain space inside it, which browsers read differently (write "
                "the tag with plain spaces)",
            )
            return False
        names = [name for name, _ in attrs]
        for name in sorted({name for name in names if names.count(name) > 1}):
            self.problem(
                self.attribute_place(name),
                f"attribute '{name}' is written twice on <{tag}> (a browser would read only the first: write it once)",
            )
            return False
        if len(self.stack) >= MAX_NESTING and not self.too_deep:
            self.too_deep = True  # reported at the text inside, which is in the file as written
            self.deep_pending = True
        if tag == "sup" and values.get("data-reference", "").startswith(f"{self.nonce}:"):
            key = values["data-reference"].split(":", 1)[1]
            self.references.append(key)
            if "a" in self.stack:
                self.problem(
                    self.locate(f"[^{key}]"),
                    f"[^{key}] inside a link: the note's number would be a link inside a link (move it "
                    "after the link's closing parenthesis)",
                )
            return True
        if values.get("data-numbered") == self.nonce:
            del values["data-numbered"]
            self.paragraphs += 1  # numbered as the site numbers them (markdown_ext.body_paragraphs)
        if tag in _HEADINGS and self.letter:
            self.heading_element(tag, values)
            return True
        if tag == "a" and "a" in self.stack:
            self.problem(
                self.locate(values.get("href", ""), "<a"),
                "a link inside another link (end the first link before the second one starts)",
            )
        if tag == "div" and "highlight" in values.get("class", "").split():  # a fence, as superfences makes it
            self.problem(
                self.locate(*self.fence_needles()),
                "a block of code, between lines of ``` or ~~~, would be shown as code (remove those lines)",
            )
            return False
        if not self.allowed_tag(tag, values):
            return False
        self.attributes(tag, values)
        return True

    def allowed_tag(self, tag: str, values: dict[str, str]) -> bool:
        url = values.get("src") or values.get("href") or values.get("data") or ""
        if tag in self.tags:
            if tag == "code":
                self.in_code += 1
            return True
        if tag == "pre":
            self.in_code += 1
            self.problem(
                self.locate(*self.code_needles()),
                "this line is indented by 4 spaces or a tab, so it would be shown as a block of code "
                "(remove the spaces at the start of the line)",
            )
        elif tag == "code":
            if not self.in_code:
                self.in_code += 1
                self.problem(self.locate("`", "<code"), "text in `backticks` would be shown as code (remove them)")
            else:
                self.in_code += 1
        elif tag in _LOADS:
            self.problem(
                self.locate(f"<{tag}", url, "!["),
                f"<{tag}>: every reader's browser would load it, from wherever it is (remove it; to point to "
                "it, link to it instead: [what it is](https://…))",
            )
        elif tag in _RUNS:
            self.problem(
                self.locate(f"<{tag}"),
                f"<{tag}> is not allowed {self.in_what}: it could run code or load from another host (remove it)",
            )
        elif tag in _FORMS:
            self.problem(self.locate(f"<{tag}"), f"<{tag}>: forms are not part of the letter (remove it)")
        else:
            self.problem(
                self.locate(f"<{tag}", *(["|"] if tag == "table" else [])),  # a Markdown table: its first | line
                f"<{tag}> is not used {self.in_what} (write the text in Markdown: *emphasis*, **strong**, "
                f"[link](https://…); the HTML allowed is {', '.join(f'<{t}>' for t in sorted(self.tags))})",
            )
        return False

    def fence_needles(self) -> list[str]:
        """Where a fenced block starts: its opening fence, else the first line of text inside it."""
        return ["```", "~~~", *self.code_needles()]

    def code_needles(self) -> list[str]:
        """Where an indented block starts: the first line of text inside it."""
        text = html.unescape(re.sub(r"<[^>]*>", "", self.rest().split("</pre>", 1)[0]))
        return [next((line.strip()[:40] for line in text.splitlines() if line.strip()), "")]

    def html_index(self) -> int:
        """Where in the HTML the element being read starts (line starts counted once per text: no quadratic walk)."""
        line, column = self.getpos()
        if self.line_starts_of is not self.rawdata:
            self.line_starts = [0, *(match.end() for match in re.finditer("\n", self.rawdata))]
            self.line_starts_of = self.rawdata
        return self.line_starts[line - 1] + column

    def rest(self) -> str:
        """The HTML from the start of the element being read."""
        return self.rawdata[self.html_index() :]

    def tag_written(self) -> str:
        """The tag being read, as written: from its ``<`` to the next ``>`` (empty if there is none)."""
        start = self.html_index()
        end = self.rawdata.find(">", start)
        return self.rawdata[start : end + 1] if end != -1 else ""

    def heading_element(self, tag: str, values: dict[str, str]) -> None:
        self.headings += 1
        text_line = self.heading_line(tag)
        if text_line in self.reported:
            return  # the line scan said what is wrong with this heading
        ours = tag == "h2" and self.heading and self.headings == 1  # the section's own heading
        if tag == "h1":
            self.line_problem(text_line, H1)
        elif ours and values.get("id") != self.anchor:
            self.line_problem(text_line, BRACES)
        elif ours:
            # Its id is its anchor; anything else attr_list read from it is checked as anywhere.
            self.attributes(tag, {name: value for name, value in values.items() if name != "id"})
        else:
            if tag == "h2":
                self.line_problem(text_line, SECOND_HEADING if self.heading else HEADING_IN_PART)
            self.attributes(tag, values)

    def heading_line(self, tag: str) -> int:
        """The line of the heading being read: ``#`` or ``##`` before its text, raw HTML, or setext's underline."""
        text = html.unescape(re.sub(r"<[^>]*>", "", self.rest().split(f"</{tag}", 1)[0]))
        text = text.split("{", 1)[0].strip()[:40]  # before any {attributes} Markdown did not read
        wanted = self.found[f"heading:{text}"]
        self.found[f"heading:{text}"] += 1
        seen = 0
        for index, line in enumerate(self.lines):
            written = line.strip()
            following = self.lines[index + 1] if index + 1 < len(self.lines) else ""
            setext = bool(written) and bool(re.fullmatch(r"[=-]+[ \t]*", following))
            if f"<{tag}" in line.casefold() or (
                written.lstrip("#").strip().startswith(text[:40]) and (written.startswith("#") or setext)
            ):
                if seen == wanted:
                    return self.first_line + index + (1 if setext and not written.startswith("#") else 0)
                seen += 1
        return self.first_line

    def attributes(self, tag: str, values: dict[str, str]) -> None:
        allowed = GLOBAL_ATTRIBUTES | TAG_ATTRIBUTES.get(tag, frozenset())
        for name, value in values.items():
            if name not in allowed:
                self.bad_attribute(tag, name, value)
            elif name == "id" and not self.letter:  # a page's ids are its own, for links to them
                self.page_ids.add(value)
            elif name == "id":
                self.element_id(value)
            elif name == "class":
                for word in value.split():
                    if word not in ALLOWED_CLASSES:
                        in_tag = self.source.find(self.tag_text) != -1 if self.tag_text else False
                        self.problem(
                            self.attribute_place("class") if in_tag else self.locate(f".{word}", word),
                            f"class '{word}' is not one of the letter's (use one of: "
                            f"{', '.join(sorted(ALLOWED_CLASSES))}; or remove it)",
                        )
            elif name == "href":
                self.link(value)

    def attribute_place(self, name: str) -> tuple[int, int]:
        """Where an attribute of the element being read is written: in its tag, if the tag is in the source."""
        written = self.tag_text
        start = self.source.find(written) if written else -1
        if start == -1:
            return self.locate(f"{name}=", f"{name} =", name) if name else (self.first_line, 1)
        inside = re.search(rf"[\s/'\"]{re.escape(name)}\b", written, flags=re.IGNORECASE) if name else None
        offset = start + (inside.start() + 1 if inside else 0)
        before = self.source[:offset]
        return self.first_line + before.count("\n"), offset - (before.rfind("\n") + 1) + 1

    def bad_attribute(self, tag: str, name: str, value: str) -> None:
        where = self.attribute_place(name)
        if name.startswith("on"):
            self.problem(where, f"attribute '{name}' would run code in readers' browsers (remove it)")
        elif name == "style":
            self.problem(
                where,
                "a style attribute can make readers' browsers load from another host (remove it; use one of "
                f"the letter's classes: {', '.join(sorted(ALLOWED_CLASSES))})",
            )
        else:
            allowed = sorted(GLOBAL_ATTRIBUTES | TAG_ATTRIBUTES.get(tag, frozenset()))
            self.problem(
                where,
                f"attribute '{name}' is not allowed on <{tag}> (remove it; allowed here: {', '.join(allowed)})",
            )

    def element_id(self, value: str) -> None:
        where = self.locate(f"#{value}", f'"{value}"', value)
        if not ID.fullmatch(value):
            self.problem(
                where,
                f"id '{value}' is not usable in a link (use lower-case letters, digits and hyphens, "
                "starting with a letter)",
            )
        elif RESERVED_ID.fullmatch(value):
            self.problem(where, f"id '{value}' is already used by the site itself (choose another name)")
        else:
            self.ids.append((value, Place(self.path, where[0])))

    def link(self, href: str) -> None:
        where = self.locate(href, "href")
        stripped = href.strip()
        scheme = urlsplit(stripped).scheme.lower() if not stripped.startswith("#") else ""
        if scheme == "mailto":
            return
        if scheme in ("http", "https"):
            if re.fullmatch(r"https?://[^\s/?#@\\]+([/?#]\S*)?", stripped):
                return
        elif not scheme and stripped and not stripped.startswith("//"):
            self.links.append(Link(stripped, Place(self.path, where[0]), where[1]))
            return
        self.problem(
            where,
            f"a link to '{href}' is not allowed (use a web address starting with https://, http:// or mailto:, "
            "or #anchor for a place in the letter)",
        )


SVG = "http://www.w3.org/2000/svg"
# What an icon or a drawing needs; no script, style, animation, foreign content or link to elsewhere.
SVG_ELEMENTS = frozenset(
    {"svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "title", "desc", "defs"}
    | {"lineargradient", "radialgradient", "stop", "clippath", "mask", "symbol", "use", "text", "tspan"}
)


class _SvgRefused(Exception):  # noqa: N818 - internal: stops the reading at a DTD
    pass


def check_svg(path: str, text: str) -> list[Problem]:
    """An SVG image of docs/assets/: published as it is, and, opened alone, it runs what it holds.

    Read with expat, as XML; a document type (and so any entity) is refused
    before it is read, and every element and attribute must be one a drawing needs.
    """
    problems: list[Problem] = []
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def here(message: str) -> None:
        problems.append(Problem(path, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1, message))

    def doctype(*_: object) -> None:
        here("a document type in an image can declare entities that write anything (remove the <!DOCTYPE …>)")
        raise _SvgRefused

    def instruction(target: str, _: str) -> None:
        here(f"<?{target} …?> in an image can load a stylesheet from elsewhere (remove it)")

    def start(name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if namespace != SVG or local.lower() not in SVG_ELEMENTS:
            here(f"<{local}> has no place in an image the site publishes (a drawing needs only: "
                 f"{', '.join(sorted(SVG_ELEMENTS))})")  # fmt: skip
        for attribute, value in attributes.items():
            key = attribute.rpartition(" ")[2].lower()
            written = value.strip().lower()
            if key.startswith("on"):
                here(f"attribute '{key}' in an image would run code (remove it)")
            elif key in ("style", "base") or "javascript:" in written:
                here(f"attribute '{key}' in an image can run code or load from elsewhere (use plain attributes)")
            elif key == "href" and not written.startswith("#"):
                here(f"'{value}' in an image would load from elsewhere or run code (keep the image self-contained)")
            elif "url(" in written and not re.fullmatch(r"url\(\s*#[^)]*\)", written):
                here(f"'{value}' in an image would load from elsewhere (refer only to parts of the image: url(#id))")

    parser.StartDoctypeDeclHandler = doctype
    parser.ProcessingInstructionHandler = instruction
    parser.StartElementHandler = start
    try:
        parser.Parse(text, True)
    except _SvgRefused:
        pass
    except expat.ExpatError as error:
        problems.append(
            Problem(
                path,
                error.lineno,
                error.offset + 1,
                f"the image is not well-formed XML ({expat.errors.messages[error.code]}: "
                "save it again from a drawing program)",
            )
        )
    return problems
