"""Where the sources are (:class:`SourcePaths`), and what their files may be named."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..common.ids import LETTER_MARKER, SIGNATORIES_MARKER, SOURCES_MARKER


@dataclass(frozen=True)
class SourcePaths:
    """Where the sources are, relative to ``root`` (the folder of ``mkdocs.yml``)."""

    root: Path
    letter: str = "letter"
    footnotes: str = "footnotes.yaml"
    signatories: str = "signatories.yaml"
    docs: str = "docs"
    letter_page: str = "index.md"  # in docs/: the page whose <!-- letter:text --> line the letter fills
    sources_page: str = "sources.md"  # in docs/: the page whose <!-- letter:sources --> line the sources fill
    signatories_page: str = "signatories.md"  # in docs/: its <!-- letter:signatories --> line lists every signatory

    def homes(self) -> dict[str, str]:
        """Each marker that has a page of its own -> that page."""
        return {
            LETTER_MARKER: self.letter_page,
            SOURCES_MARKER: self.sources_page,
            SIGNATORIES_MARKER: self.signatories_page,
        }

    def watched(self) -> tuple[Path, ...]:
        """The files and folders whose change must rebuild the site."""
        return tuple(self.root / name for name in (self.letter, self.footnotes, self.signatories))


# What docs/assets/ may hold: the site's own stylesheet, script and images, reviewed as code.
ASSETS = frozenset({".css", ".js", ".svg", ".png", ".jpg", ".jpeg", ".webp", ".ico", ".woff2"})
PAGE_NAME = re.compile(r"(?!(?:404|search|sitemap|assets)\.md\Z)[a-z0-9][a-z0-9-]*\.md\Z")
RESERVED_PAGES = ("404.md", "assets.md", "search.md", "sitemap.md")  # names of what the site makes itself
PART_NAME = re.compile(r"\d{2}-[a-z0-9-]+\.md\Z")
