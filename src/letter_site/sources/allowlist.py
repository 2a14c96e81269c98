"""What a letter part, a page of the site and an image may contain: the allowlist, as one table of data.

Everything the walk of :mod:`.walker` accepts is declared here, and nothing
else is: the elements, their attributes and classes, the addresses a link may
have, how deep elements may nest, and the names of what would load from
another host or run code, for the messages that say so; and, last, the
elements of the SVG images of ``docs/assets/`` (checked by :mod:`.svg`).
No walking code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..common.ids import MARKERS

# -- A letter part ---------------------------------------------------------------------------------

# What a letter needs.  Markdown makes p, em, strong, a, br, headings, lists and
# quotations; the opening's addressee, ATTN and CC blocks are <div class=… markdown>;
# a simple Markdown table (an annex's proposed changes) makes the table's elements.
ALLOWED_TAGS = frozenset(
    {"p", "br", "em", "strong", "a", "blockquote", "ul", "ol", "li", "h2", "h3", "h4", "div", "span"}
    | {"table", "thead", "tbody", "tr", "th", "td"}
)
# The attributes every allowed element may have, and those one element may have besides.
GLOBAL_ATTRIBUTES = frozenset({"id", "class"})
TAG_ATTRIBUTES = {"a": frozenset({"href", "title"})}
# The classes the parts use; each sets a block apart from the numbered paragraphs
# (and letter.css and pdf.css style most of them).
ALLOWED_CLASSES = frozenset(
    {"letter-addressee", "letter-attn", "letter-cc", "letter-address", "letter-re", "letter-salutation"}
    | {"letter-thanks", "letter-signoff"}
)

# A table's columns are aligned one way: Markdown writes `| :--- |` as a style attribute on each cell.
ALIGNED_COLUMN = (
    "a table column aligned with ':' in the line under its header (write that line with dashes only, "
    "| --- | --- |: the letter's tables are aligned one way)"
)

# The Markdown that makes an element a letter has no use for, to find the line that wrote it.
MARKDOWN_SYNTAX = {"hr": ("***", "* * *", "___", "_ _ _", "- - -"), "pre": ("```", "~~~"), "code": ("`",)}

# -- A page of the site ----------------------------------------------------------------------------

# The site's own pages in docs/ may also have a title, more heading levels and `code`,
# and the comments the Markdown extension replaces with the letter, its Sources and its citation.
PAGE_TAGS = ALLOWED_TAGS | {"h1", "h5", "h6", "code"}
PAGE_COMMENTS = frozenset(marker.removeprefix("<!--").removesuffix("-->") for marker in MARKERS)


@dataclass(frozen=True)
class Allowlist:
    """What one kind of file may become once rendered, beside the attributes and classes both share."""

    tags: frozenset[str]  # the elements it may have
    comments: frozenset[str]  # the HTML comments it may keep (the markers the site's extension replaces)
    in_what: str  # where the messages say an element is not allowed


LETTER = Allowlist(ALLOWED_TAGS, frozenset(), "in the letter")
PAGE = Allowlist(PAGE_TAGS, PAGE_COMMENTS, "on the site")

# -- Links -----------------------------------------------------------------------------------------

# The attributes that hold an address, in the order the message about an element that loads looks for it.
URL_ATTRIBUTES = ("src", "href", "data")
# A link may be mailto:, a web address on a host (no user, no backslash), or a place in the site:
# #anchor or a relative address, checked once every part is known.  Anything else is refused.
MAIL_SCHEME = "mailto"
WEB_SCHEMES = ("http", "https")
WEB_ADDRESS = re.compile(r"https?://[^\s/?#@\\]+([/?#]\S*)?")

# -- Nesting ---------------------------------------------------------------------------------------

# A letter nests a few elements (a list in a quotation, a link in emphasis); WeasyPrint's PDF
# cannot be made from a hundred or so.
MAX_NESTING = 16
TOO_NESTED = (
    f"elements nested more than {MAX_NESTING} deep here (a letter needs a few levels at most, and the PDF cannot be "
    "made from hundreds: remove the extra levels)"
)

# -- What is refused, by kind (each kind has its own message) --------------------------------------

# Elements without content or end tag: they open nothing that must be closed.
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
# Elements every reader's browser would load from wherever their address points.
LOADS = frozenset({"img", "picture", "source", "video", "audio", "track", "image"})
# Elements that could run code or load from another host.
RUNS = frozenset(
    {"script", "style", "link", "meta", "base", "iframe", "frame", "frameset", "object", "embed", "applet"}
    | {"svg", "math", "template", "noscript", "portal", "xml"}
)
FORMS = frozenset({"form", "input", "button", "textarea", "select", "option", "label", "fieldset"})

# -- Headings --------------------------------------------------------------------------------------

# A letter part has at most one heading, its section's ##, first; a page's headings are its own.
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
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

# -- An SVG image of docs/assets/ ------------------------------------------------------------------

SVG = "http://www.w3.org/2000/svg"
# What an icon or a drawing needs; no script, style, animation, foreign content or link to elsewhere.
SVG_ELEMENTS = frozenset(
    {"svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "title", "desc", "defs"}
    | {"lineargradient", "radialgradient", "stop", "clippath", "mask", "symbol", "use", "text", "tspan"}
)
