"""A Python-Markdown extension that feeds generated notes to the ``footnotes`` extension.

The letter's Markdown refers to notes by key (``[^coi-gravity]``); the note
texts are generated HTML.  Like mkdocs-bibtex we append ``[^key]: …``
definitions so that Python-Markdown's footnotes extension numbers the notes and
makes the back-links; unlike it, each definition's text is a placeholder in
Markdown's HTML stash, so the generated HTML reaches the page as it is and no
character of a title can be read as Markdown.
"""

from __future__ import annotations

from collections.abc import Mapping

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

# After NormalizeWhitespace (30), which would strip the stash's STX/ETX markers.
PRIORITY = 15


class NotesExtension(Extension):
    """Holds the notes of the page being rendered; ``None`` on other pages."""

    def __init__(self) -> None:
        super().__init__()
        self.notes: Mapping[str, str] | None = None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.preprocessors.register(_Definitions(md, self), "letter-notes", PRIORITY)


class _Definitions(Preprocessor):
    def __init__(self, md: Markdown, extension: NotesExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        notes = self.extension.notes
        if not notes:
            return lines
        definitions = [""]
        for key, html in notes.items():  # definition order is the notes' order
            definitions += [f"[^{key}]: {self.md.htmlStash.store(html)}", ""]
        return lines + definitions
