"""The checks of one element as the walk opens it: its tag, its attributes and classes, and a part's headings.

What an element may be is the allowlist's (:mod:`.allowlist`); these classes
ask it, and say what to write instead of what it refuses.  The walk itself,
which calls :meth:`Elements.start` on each start tag, is :mod:`.walker`'s.
"""

from __future__ import annotations

import html
import re
import secrets
from dataclasses import dataclass
from html.parser import HTMLParser

from ..common.ids import ID, RESERVED_ID
from ..model import Place
from .allowlist import (
    ALIGNED_COLUMN,
    ALLOWED_CLASSES,
    BRACES,
    FORMS,
    GLOBAL_ATTRIBUTES,
    H1,
    HEADING_IN_PART,
    HEADINGS,
    LETTER,
    LOADS,
    MARKDOWN_SYNTAX,
    MAX_NESTING,
    PAGE,
    RUNS,
    SECOND_HEADING,
    TAG_ATTRIBUTES,
    URL_ATTRIBUTES,
)
from .walker_where import Links

# The line of dashes under a Markdown table's header: | --- | :--: |, with or without the outer bars.
# What Markdown writes on the cells of a column aligned in its line of dashes (a tag not in the source).
_MARKDOWN_ALIGNMENT = re.compile(r"text-align: (left|right|center);")
_DELIMITER_ROW = re.compile(r"\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?")

_ASCII_SPACE = frozenset(" \t\n\r\f")


@dataclass(frozen=True)
class Reading:
    """What one walk reads: a file's path, its text from ``first_line`` on, and the rules it is read by."""

    path: str
    source: str
    first_line: int
    heading: bool  # the part starts with its section's ## heading
    anchor: str
    reported: frozenset[int]  # lines the line scan reported already
    letter: bool  # a letter file (True) or a page of docs/ (False)


class _Attributes(Links, HTMLParser):
    """Where the element being read is in the HTML, its attributes, and the headings of a part."""

    def __init__(self, reading: Reading) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)
        Links.__init__(self, reading.path, reading.source, reading.first_line, reading.reported)
        # A letter file has a letter's rules (one section, no # heading, no code); a page, a page's.
        self.letter = reading.letter
        self.allowlist = LETTER if reading.letter else PAGE
        self.heading, self.anchor = reading.heading, reading.anchor
        self.line_starts: list[int] = []
        self.line_starts_of: str | None = None
        self.ids: list[tuple[str, Place]] = []  # ids the part gives its elements ({: #id }, id="…")
        self.page_ids: set[str] = set()
        self.tag_text = ""  # the start tag being read, as the HTML has it
        self.headings = 0
        self.tables = 0  # the tables opened so far: the n-th is the n-th line of dashes in the source
        self.aligned: set[tuple[int, int]] = set()  # those lines, once reported as aligning a column

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
        elif tag in ("th", "td") and _MARKDOWN_ALIGNMENT.fullmatch(value) and self.source.find(self.tag_text) == -1:
            where = delimiter_row(self.lines, self.first_line, self.tables)
            if where not in self.aligned:  # once a table, however many cells its colons style
                self.aligned.add(where)
                self.problem(where, ALIGNED_COLUMN)
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


class Elements(_Attributes):
    """Each element as it opens: whether the allowlist has it, and the marks the check's render left on it."""

    def __init__(self, reading: Reading) -> None:
        super().__init__(reading)
        self.nonce = secrets.token_hex(8)  # marks what the check's render made, which the sources cannot forge
        self.stack: list[str] = []  # the tags of the elements open around what is being read
        self.seen: set[tuple[str, str]] = set()  # (tag, attribute) of every element the walk met
        self.references: list[str] = []  # the keys of the note references, in order
        self.paragraphs = 0  # numbered body paragraphs (#p1, #p2, …)
        self.in_code = 0
        self.too_deep = False
        self.deep_pending = False

    def start(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        """Check an element as it opens; whether it is allowed."""
        values = {name: value or "" for name, value in attrs}
        self.seen |= {(tag, name) for name, _ in attrs}
        self.tables += tag == "table"
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
        if tag in HEADINGS and self.letter:
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
        url = next((values[name] for name in URL_ATTRIBUTES if values.get(name)), "")
        tags, in_what = self.allowlist.tags, self.allowlist.in_what
        if tag in tags:
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
        elif tag in LOADS:
            self.problem(
                self.locate(f"<{tag}", url, "!["),
                f"<{tag}>: every reader's browser would load it, from wherever it is (remove it; to point to "
                "it, link to it instead: [what it is](https://…))",
            )
        elif tag in RUNS:
            self.problem(
                self.locate(f"<{tag}"),
                f"<{tag}> is not allowed {in_what}: it could run code or load from another host (remove it)",
            )
        elif tag in FORMS:
            self.problem(self.locate(f"<{tag}"), f"<{tag}>: forms are not part of the letter (remove it)")
        else:
            self.problem(
                self.locate(f"<{tag}", *MARKDOWN_SYNTAX.get(tag, ())),  # or the Markdown that makes it
                f"<{tag}> is not used {in_what} (write the text in Markdown: *emphasis*, **strong**, "
                f"[link](https://…); the HTML allowed is {', '.join(f'<{t}>' for t in sorted(tags))})",
            )
        return False

    def fence_needles(self) -> list[str]:
        """Where a fenced block starts: its opening fence, else the first line of text inside it."""
        return ["```", "~~~", *self.code_needles()]

    def code_needles(self) -> list[str]:
        """Where an indented block starts: the first line of text inside it."""
        text = html.unescape(re.sub(r"<[^>]*>", "", self.rest().split("</pre>", 1)[0]))
        return [next((line.strip()[:40] for line in text.splitlines() if line.strip()), "")]


def delimiter_row(lines: list[str], first_line: int, table: int) -> tuple[int, int]:
    """Where the ``table``-th table has its line of dashes under its header (``| :--- | ---: |``), at its ':'."""
    rows = [index for index, line in enumerate(lines) if "|" in line and _DELIMITER_ROW.fullmatch(line.strip())]
    if 0 < table <= len(rows):
        index = rows[table - 1]
        return first_line + index, lines[index].find(":") + 1 or 1
    return first_line, 1
