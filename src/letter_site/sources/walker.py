"""The walk of a rendered part or page: the HTML read once, element by element, as a browser would read it.

:class:`Walker` reads the HTML Python-Markdown made of a file (:mod:`.markup`
renders it), follows what is open around what it reads, checks each element
as it opens (:mod:`.walker_elements`), and tells where the file's text ends:
a part must end at its own last paragraph, or the next part, joined to it on
the page, would be read into what it left open.  Problems are located in the
file by :mod:`.walker_where`.
"""

from __future__ import annotations

import re

import tinyhtml5  # type: ignore[import-untyped]  # no stubs; the HTML standard's parser

from .allowlist import TOO_NESTED, VOID
from .walker_elements import Elements, Reading

# "<" before a letter, "/", "!" or "?" in text: a tag Markdown did not read as one, which the
# next part of the letter, joined to this one on the page, could finish.
_UNFINISHED_TAG = re.compile(r"<[A-Za-z/!?][^\s<>]*")


class _Walk(Elements):
    """What the HTML parser meets, in order: start and end tags, text, comments and declarations."""

    def __init__(self, reading: Reading) -> None:
        super().__init__(reading)
        self.sentinel = f"letter-end-{self.nonce}"  # the paragraph the check adds after the file's text
        self.sentinel_kept = False
        self.sentinel_stack: list[str] = []  # what was open around the end of the file
        self.after_sentinel = False
        self.refused: int | None = None  # the depth of a refused element, whose content is not reported again
        self.confused = False  # the HTML can no longer be read the way a browser reads it

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.confused:
            return
        self.after_sentinel = self.after_sentinel or bool(self.sentinel_stack)
        depth = len(self.stack)
        refused = self.refused is None and not self.start(tag, attrs)
        if tag not in VOID:
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
        if tag in VOID:
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
        if data in self.allowlist.comments:
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
        self.problem(self.locate("<!"), f"'<!{decl[:20]}' is not allowed {self.allowlist.in_what} (remove it)")

    def unknown_decl(self, data: str) -> None:
        self.problem(self.locate("<!["), f"'<![…]>' is not allowed {self.allowlist.in_what} (remove it)")

    def handle_pi(self, data: str) -> None:
        self.problem(self.locate("<?"), f"'<?…>' is not allowed {self.allowlist.in_what} (remove it)")

    def unclosed(self, tag: str) -> None:
        self.problem(self.locate(f"<{tag}"), f"<{tag}> is not closed (add </{tag}> where it ends)")


class Walker(_Walk):
    """Walks the rendered HTML once, recording problems and what the part holds."""

    def walk(self, rendered: str, written_html: bool) -> None:
        """Walk ``rendered``; ``written_html`` if the file writes HTML itself, which a browser might read otherwise."""
        self.feed(rendered)
        self.close()
        self.finish(rendered)
        if written_html:  # without it Markdown writes every tag itself, and both parsers read them alike
            self.as_browsers_read(rendered)

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
