"""A web page of a letter (``.html``) read into its parts, its notes found by their links.

The forms letters are published in: Word's "Save as web page" and Word pasted
into WordPress (``<a href="#_ftn1" name="_ftnref1">[1]</a>``, the notes after
an ``<hr>``), Google Docs (``#ftnt1`` / ``#ftnt_ref1``), pandoc
(``role="doc-noteref"``, ``<section class="footnotes">``) and Python-Markdown
(``#fn:1``).  What they share is read, not each form's names: a reference is a
link whose text is a number (``1``, ``[1]``) to a place later in the page; the
note is the list item or paragraph holding that place.  Only the page's
``<article>`` (else ``<main>``, else ``<body>``) is the letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .layout import Block, Draft, DraftProblem, check_references, escape_text, lay_out, note_link

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SKIP = {"script", "style", "head", "template", "noscript", "nav", "button", "svg", "form"}
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dt", "dd", "caption"}
_CONTAINERS = {"div", "section", "article", "main", "header", "footer", "body", "html", "address", "center", "figure"}
_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
_NUMBER = re.compile(r"^\s*\[?\s*(?P<number>\d{1,3})\s*\]?\s*$")
_NOTE_NAMES = re.compile(r"ftn|foot|endnote|note|fn\d|fn:", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\r\n\f]+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?(?P<charset>[\w-]+)""", re.IGNORECASE)


@dataclass(eq=False)
class _Element:
    tag: str
    attrs: dict[str, str]
    parent: _Element | None
    order: int
    children: list[_Element | str] = field(default_factory=list)
    hidden: bool = False  # not shown (hidden, display: none): not the letter's

    def inside(self, other: _Element) -> bool:
        node: _Element | None = self
        while node is not None and node is not other:
            node = node.parent
        return node is other

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def walk(self) -> list[_Element]:
        found = [self]
        for child in self.children:
            if isinstance(child, _Element):
                found += child.walk()
        return found


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("#document", {}, None, 0)
        self.current = self.root
        self.count = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.count += 1
        element = _Element(tag, {name: value or "" for name, value in attrs}, self.current, self.count)
        self.current.children.append(element)
        if tag not in _VOID:
            self.current = element
        style = element.attrs.get("style", "").replace(" ", "").lower()
        element.hidden = "hidden" in element.attrs or "display:none" in style or "visibility:hidden" in style

    def handle_endtag(self, tag: str) -> None:
        node: _Element | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def decode(data: bytes) -> str:
    """The page's text in the charset it declares (Word writes windows-1252), else UTF-8."""
    found = _CHARSET.search(data[:4096])
    declared = found["charset"].decode().lower() if found else "utf-8"
    if declared.replace("-", "").startswith(("utf7", "utf16", "utf32")):  # not what a page's bytes can declare
        declared = "utf-8"  # (a browser ignores UTF-7; a UTF-16 page would not be read this far)
    for charset in (declared, "utf-8", "windows-1252"):
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    raise DraftProblem("its text is in no charset it declares (save it as UTF-8)")


def read_html(text: str) -> Draft:
    """The parts of a letter published as a web page; :class:`DraftProblem` if it is not one."""
    tree = _Tree()
    tree.feed(text)
    tree.close()
    elements = tree.root.walk()
    by_name: dict[str, _Element] = {}
    for element in elements:
        for name in (element.attrs.get("id"), element.attrs.get("name") if element.tag == "a" else None):
            if name:
                by_name.setdefault(name, element)
    references: dict[_Element, int] = {}  # the link in the text -> its note's number
    notes: dict[int, _Element] = {}
    for element in elements:
        href = element.attrs.get("href", "") if element.tag == "a" else ""
        number = _NUMBER.match(element.text())
        target = by_name.get(href[1:]) if href.startswith("#") else None
        if not number or target is None or target.order < element.order:
            continue
        note = _container(target)
        if element.inside(note) or not _in_notes(target, note):
            continue
        references[element] = int(number["number"])
        if notes.setdefault(int(number["number"]), note) is not note:
            raise DraftProblem(f"two notes are numbered {number['number']}")
    root = next((e for tag in ("article", "main", "body") for e in elements if e.tag == tag), tree.root)
    writer = _Writer(references, set(notes.values()))
    writer.block(root)
    texts = {number: " ".join(_Writer(references, set(), in_note=note).inline(note).split()) for number, note
             in sorted(notes.items())}  # fmt: skip
    draft = lay_out(writer.blocks, texts)
    check_references(draft)
    return draft


def _in_notes(target: _Element, note: _Element) -> bool:
    """A link's target is a note: a list item, or in something its page names a note (``ftn``, ``footnote``…).

    Not a paragraph a link in the text points to ("see paragraph 3").
    """
    if note.tag == "li":
        return True
    node: _Element | None = target
    while node is not None:
        names = " ".join(node.attrs.get(key, "") for key in ("id", "name", "class", "style", "role"))
        if _NOTE_NAMES.search(names):
            return True
        node = node.parent
    return False


def _container(target: _Element) -> _Element:
    """The note a link's target is in: its list item, or its paragraph."""
    node: _Element | None = target
    while node is not None:
        if node.tag in ("li", "p", "aside") or (node.tag == "div" and node is not target and node.attrs.get("id")):
            return node
        node = node.parent
    return target


class _Writer:
    """The page's blocks as text, each note reference written ``[^n]`` and each note left out."""

    def __init__(self, references: dict[_Element, int], notes: set[_Element], in_note: _Element | None = None):
        self.references, self.notes, self.in_note = references, notes, in_note
        self.blocks: list[Block] = []

    def block(self, element: _Element) -> None:
        pending: list[str] = []
        for child in element.children:
            if isinstance(child, str):
                pending.append(self.inline(child))
            elif child.tag in _SKIP or child.hidden or child in self.notes:
                continue
            elif child.tag in ("table", "ul", "ol", "hr") or child.tag in _BLOCKS or child.tag in _CONTAINERS:
                self._flush(pending)
                if child.tag == "table":
                    self._add(self._table(child))
                elif child.tag in ("ul", "ol"):
                    self._list(child)
                elif _has_blocks(child):
                    self.block(child)
                elif child.tag != "hr":
                    self._add(
                        self.inline(child),
                        child.tag in _HEADINGS,
                        int(child.tag[1:] or 2) if child.tag in _HEADINGS else 2,
                    )
            else:
                pending.append(self.inline(child))
        self._flush(pending)

    def _list(self, element: _Element) -> None:
        number = int(element.attrs.get("start", "1") or 1) if element.tag == "ol" else None
        for item in element.children:
            if not isinstance(item, _Element) or item.tag != "li" or item in self.notes:
                continue
            mark = "- " if number is None else f"{number}. "
            self._add(mark + " ".join(self.inline(item).split()))
            number = None if number is None else number + 1

    def _table(self, table: _Element) -> str:
        rows = [row for row in table.walk() if row.tag == "tr"]
        lines = ["| " + " | ".join(" ".join(self.inline(c).split()) for c in _cells(row)) + " |" for row in rows]
        if lines:
            lines.insert(1, "|" + " --- |" * len(_cells(rows[0])))
        return "\n".join(lines)

    def inline(self, node: _Element | str) -> str:
        if isinstance(node, str):
            text = _SPACE.sub(" ", node)  # a line break in the page's source is a space; <br> is one
            return text if self.in_note is not None else escape_text(text)
        if node.tag in _SKIP or node.hidden or node in self.notes:
            return ""
        if node.tag == "br":
            return "\n"
        if node in self.references:
            return f"[^{self.references[node]}]"
        text = "".join(self.inline(child) for child in node.children)
        if self.in_note is not None and node.tag == "a":
            return self._note_link(node, text)
        href = node.attrs.get("href", "")
        if node.tag == "a" and href.startswith(("http://", "https://", "mailto:")) and text.strip():
            return f"[{text.strip()}]({href})"
        if node.tag in ("em", "i") and text.strip():
            return f"*{text.strip()}*"
        return text

    def _note_link(self, node: _Element, text: str) -> str:
        """In a note: its own number and back links dropped; an address kept where the text hides it."""
        href = node.attrs.get("href", "")
        if href.startswith("#") or (not text.strip()) or text.strip() in ("↩", "↩︎", "^"):
            return ""
        return note_link(text, href)

    def _flush(self, pending: list[str]) -> None:
        self._add("".join(pending))
        pending.clear()

    def _add(self, text: str, heading: bool = False, level: int = 2) -> None:
        lines = [" ".join(line.split()) for line in text.replace("\u00a0", " ").split("\n")]
        text = "\n".join(line for line in lines if line)
        if text.startswith("*") and text.endswith("*") and text.count("*") == 2:
            text = text[1:-1]  # a paragraph in italics throughout: a style, not an emphasis
        if text:
            self.blocks.append(Block(text, heading, level))


def _has_blocks(element: _Element) -> bool:
    return any(isinstance(c, _Element) and (c.tag in _BLOCKS or c.tag in _CONTAINERS or c.tag in ("table", "ul", "ol"))
               for c in element.children)  # fmt: skip


def _cells(row: _Element) -> list[_Element]:
    return [child for child in row.children if isinstance(child, _Element) and child.tag in ("td", "th")]
