"""The ids the site gives the letter page's elements, in one place.

Section anchors and ids written in letter files must not take these; the
schema for letter files states the same names (``schemas/common.schema.json``,
``$defs/anchor``), and a test keeps the two in step.
"""

from __future__ import annotations

import re

TITLE_ANCHOR = "top"
NOTES_ANCHOR = "notes"
SIGNATORIES_ANCHOR = "signatories"

# Where the Markdown extension (extension.py) puts what it makes, each on a line of its own:
LETTER_MARKER = "<!-- letter:text -->"  # in the letter page: the letter, its notes and signatures
SOURCES_MARKER = "<!-- letter:sources -->"  # in the Sources page: every source the letter cites
SIGNATORIES_MARKER = "<!-- letter:signatories -->"  # in the Signatories page: everyone who signed, counted
CITE_MARKER = "<!-- letter:cite -->"  # in another page of docs/: how to cite the letter, its downloads
MARKERS = (LETTER_MARKER, SOURCES_MARKER, SIGNATORIES_MARKER, CITE_MARKER)

ID = re.compile(r"[a-z][a-z0-9-]*")
# The title, Material's "content", the notes and their references (fn:…, fnref:…),
# the signatures, the Sources page and the numbered paragraphs.
RESERVED_ID = re.compile(r"(top|content|notes|signatories|sources|p[0-9]+|fn.*)")


def note_id(key: str) -> str:
    """The id Python-Markdown's footnotes extension gives a note (``fn:key``)."""
    return f"fn:{key}"


def reference_id(key: str) -> str:
    """The id of the first reference to a note (``fnref:key``)."""
    return f"fnref:{key}"


def source_id(key: str) -> str:
    """A source's entry on the Sources page."""
    return f"source-{key}"


def paragraph_id(number: int) -> str:
    """``p12``: body paragraphs are numbered the way UN documents number theirs."""
    return f"p{number}"
