"""Read ``docs/``, published as it is too: its pages (front matter, marker lines, Markdown), stylesheets, images."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import yaml

from ..common import css
from ..common.ids import CITE_MARKER, LETTER_MARKER, MARKERS, SIGNATORIES_MARKER, SOURCES_MARKER
from . import markup
from .paths import ASSETS, PAGE_NAME, RESERVED_PAGES
from .schema import Shape, validate
from .state import Reader
from .textfile import read_text
from .yamlsrc import parse_yaml

# How MkDocs (mkdocs/utils/meta.py) finds a page's settings, and Zensical after it.
PAGE_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
MULTIMARKDOWN_SETTING = re.compile(r"^[ ]{0,3}[A-Za-z0-9_-]+:\s*")
# What each page's marker line is replaced with, in problems about the marker or its page.
MARKER_WHAT = {
    LETTER_MARKER: "the letter",
    SOURCES_MARKER: "the table of sources",
    SIGNATORIES_MARKER: "the list of signatories",
}
PAGE = Shape(
    "page.schema.json",
    "",
    "a page",
    "to the front matter",
    "the front matter must be 'key: value' lines (or delete it: a page needs none)",
)


class DocsFolder(Reader):
    """Reads docs/: every file in it, each page's front matter and marker lines, each stylesheet's addresses."""

    def published_files(self) -> None:
        """``docs/`` is published too: no link to a file elsewhere, and pages as safe as the letter."""
        docs = self.paths.root / self.paths.docs
        for marker, page in self.paths.homes().items():
            if not (docs / page).is_file():
                self.problem(
                    f"{self.paths.docs}/{page}",
                    1,
                    f"page not found: the site puts {MARKER_WHAT[marker]} there (restore it, with a line {marker})",
                )
        if not docs.is_dir():
            return
        for path in sorted(docs.rglob("*")):
            rel = path.relative_to(self.paths.root).as_posix()
            in_docs = path.relative_to(docs).as_posix()
            if path.is_file() and not path.is_symlink() and path.suffix != ".md":
                if not (in_docs.startswith("assets/") and path.suffix.lower() in ASSETS):
                    self.problem(
                        rel,
                        1,
                        "a file the site would publish as it is, unchecked (pages are Markdown files, .md; the site's "
                        f"own styles, scripts and images go in {self.paths.docs}/assets/ as "
                        f"{', '.join(sorted(ASSETS))}: rename it or move it out of {self.paths.docs}/)",
                    )
                elif path.suffix.lower() == ".svg":
                    self.problems.extend(markup.check_svg(rel, path.read_text(encoding="utf-8", errors="replace")))
                elif path.suffix.lower() == ".css":
                    self.stylesheet(rel, path.read_text(encoding="utf-8", errors="replace"))
            elif path.suffix == ".md" and not path.is_symlink() and not PAGE_NAME.fullmatch(in_docs):
                self.problem(
                    rel,
                    1,
                    f"a page of the site is named like docs/about.md: lower-case words and hyphens, in "
                    f"{self.paths.docs}/ itself, and not {', '.join(sorted(RESERVED_PAGES))} (rename it)",
                )
            if path.is_symlink():
                self.problem(
                    rel,
                    1,
                    "a link to another file, which would be published in its place (replace it with the file itself)",
                )
            elif path.suffix == ".md" and path.is_file():
                text = read_text(self.paths.root, rel, "a page of the site", "write its text", self.problems)
                if text is not None:
                    body, first_line = self.page_front_matter(rel, in_docs, text)
                    self.markers(rel, in_docs, body, first_line)
                    problems, ids = markup.check_page(rel, body, first_line)
                    self.problems.extend(problems)
                    self.state.page_ids[path.relative_to(docs).as_posix()] = ids

    def stylesheet(self, path: str, text: str) -> None:
        """A stylesheet of docs/assets/ loads from the site only (fonts, images, other stylesheets)."""
        for address, line, column in css.placed_addresses(text):
            target = urlsplit(address)
            if target.scheme not in ("", "data") or target.netloc:
                self.problem(
                    path,
                    line,
                    f"'{address}' would make every reader's browser fetch it from another host (put the file in "
                    f"{self.paths.docs}/assets/ and refer to it there)",
                    column,
                )

    def page_front_matter(self, path: str, page: str, text: str) -> tuple[str, int]:
        """Check a page's front matter, read as the site reads it; its Markdown after it, and where that starts.

        The site's engines take front matter between a line ``---`` and a line
        ``---`` or ``...``, each followed by a line break, read by YAML; without
        it, ``key: value`` lines at the top of a page are read as settings too
        (MultiMarkdown's style).  Whatever they would read is checked here.
        """
        match = PAGE_FRONT_MATTER.match(text)
        if match is None:
            first = text.split("\n", 1)[0]
            if text.startswith("---"):
                self.problem(path, 1, "the front matter is not closed (add a line --- after it, then a line break)")
            elif MULTIMARKDOWN_SETTING.match(first):
                self.problem(
                    path,
                    1,
                    "a 'key: value' line at the top of a page is read as a setting of the page (start the page with "
                    "its # title; settings go between two lines ---, at the very top)",
                )
            return text, 1
        yaml_text = match.group(1)
        try:
            yaml.safe_load(yaml_text)  # as the site's engine reads it: if it cannot, it shows it as text
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 2 if mark else 1
            self.problem(
                path,
                line,
                f"the site could not read this front matter ({getattr(error, 'problem', None) or error}), and would "
                "show it as text (put values that look like dates or numbers in quotes)",
            )
        except ValueError as error:  # `2023-02-30`: a date that is not one
            self.problem(
                path,
                1,
                f"the site could not read this front matter ({error}), and would show it as text (put values that "
                "look like dates in quotes)",
            )
        front = parse_yaml(yaml_text, path, self.problems, first_line=2)
        if front is not None:
            failures = validate(front, PAGE, path)
            self.problems.extend(failure.problem for failure in failures)
            if isinstance(front.data, dict):
                self.state.pages[page] = {key: value for key, value in front.data.items() if isinstance(value, str)}
        return text[match.end() :], text[: match.end()].count("\n") + 1

    def markers(self, path: str, page: str, body: str, first_line: int) -> None:
        """Where the site puts the letter, its Sources, its Signatories and its citation: once, in its page."""
        belongs = self.paths.homes()
        seen: dict[str, int] = {}
        for number, line in enumerate(body.split("\n"), start=first_line):
            for marker in MARKERS:
                column = line.find(marker) + 1
                if not column:
                    continue
                if line.strip() != marker:
                    self.problem(
                        path, number, f"{marker} must be on a line of its own (put it on its own line)", column
                    )
                elif marker in belongs and page != belongs[marker]:
                    self.problem(
                        path,
                        number,
                        f"{marker} belongs in {self.paths.docs}/{belongs[marker]} (delete this line)",
                        column,
                    )
                elif marker == CITE_MARKER and page in ("index.md", self.paths.letter_page):
                    self.problem(
                        path,
                        number,
                        f"{marker} cannot be on the home page or the letter's (put it in another page, e.g. about.md)",
                        column,
                    )
                elif marker in seen:
                    self.problem(path, number, f"{marker} is already on line {seen[marker]} (delete this one)", column)
                seen.setdefault(marker, number)
        for marker, home in belongs.items():
            if page == home and marker not in seen:
                self.problem(path, 1, f"this page has no place for {MARKER_WHAT[marker]} (add a line {marker})")
