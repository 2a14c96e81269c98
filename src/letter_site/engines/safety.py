"""The last gate before a page is published: what a browser would run or fetch, read as a browser reads it.

``letter-site check`` tells editors, line by line, what the sources may not
hold.  This is the net under it: each finished page -- theme, templates and
sources together -- is parsed with an HTML5 parser (Lexbor, through
``selectolax``: the standard's algorithm, as browsers parse, in C -- a 1.5 MB
letter page in 20 ms where a Python parser took a second), and anything that would run script
or make a reader's browser contact another host stops the build.  Nothing
here knows MkDocs: it reads HTML and says what is wrong with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..common import css

# Attributes whose value is an address a browser may follow or fetch.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "srcset", "action", "formaction", "data", "poster", "background", "ping", "xlink:href", "cite"}
)
# What a browser fetches by itself, without a click: (element, attribute).
FETCHED = frozenset(
    {
        ("script", "src"),
        ("img", "src"),
        ("img", "srcset"),
        ("iframe", "src"),
        ("frame", "src"),
        ("embed", "src"),
        ("object", "data"),
        ("source", "src"),
        ("source", "srcset"),
        ("video", "src"),
        ("video", "poster"),
        ("audio", "src"),
        ("track", "src"),
        ("input", "src"),
        ("image", "href"),
        ("use", "href"),
        ("image", "xlink:href"),
        ("use", "xlink:href"),
        ("feimage", "href"),
        ("feimage", "xlink:href"),
    }
)
# What a browser fetches from wherever it points, on any element: a click's report (ping), a background
# picture, where a button sends a form.
FETCHED_ANYWHERE = frozenset({"ping", "background", "formaction", "action"})
# The links a browser does not fetch by itself; any other kind (icon, stylesheet, mask-icon, preload…) it may.
NOT_FETCHING_LINKS = frozenset(
    {"canonical", "alternate", "author", "license", "help", "next", "prev", "bookmark", "external", "nofollow"}
    | {"noopener", "noreferrer", "me", "cite-as", "describedby", "privacy-policy", "terms-of-service"}
)
# SVG's animation elements set an attribute to what they say: a link's address to script, say.
ANIMATING = frozenset({"animate", "set", "animatemotion", "animatetransform"})
# Inside the text of a page (Material's <article>), none of these belong: the letter, its notes and
# the site's pages are text, links and lists.
NOT_IN_CONTENT = frozenset(
    {"script", "style", "iframe", "frame", "object", "embed", "form", "input", "button", "textarea", "select"}
    | {"link", "meta", "base", "template", "img", "picture", "video", "audio", "source", "math", "noscript"}
)
_SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:image/svg")


# Classes the theme's own script acts on by fetching from another host: Material's (and
# Zensical's) bundle loads mermaid.js from unpkg.com for any `.mermaid` element.
THEME_FETCHING_CLASSES = frozenset({"mermaid"})


def _elements(html: str) -> Iterator[tuple[str, dict[str, str], str, bool]]:
    """Every element as a browser builds it: its name, its attributes (names in lower case, as
    written: ``xlink:href``), the text of a ``<style>``, and whether it is inside the page's text
    (an ``<article>``)."""
    root = LexborHTMLParser(html).root
    if root is None:
        return
    stack: list[tuple[LexborNode, bool]] = [(root, False)]
    while stack:
        node, inside = stack.pop()
        name = node.tag or ""
        if not name or not name[0].isalpha():  # text, comments, the doctype
            continue
        attributes = {key.lower(): value or "" for key, value in node.attributes.items()}
        yield name.lower(), attributes, node.text(deep=True) if name == "style" else "", inside
        children = list(node.iter(include_text=False))
        stack.extend((child, inside or name == "article") for child in reversed(children))


def _scheme_free(value: str) -> str:
    # As browsers read a URL: whitespace and control characters inside the scheme do not count.
    return re.sub(r"[\x00-\x20]", "", value).lower()


@lru_cache(maxsize=16)  # a preview's rebuild leaves most pages as they were
def page_problems(html: str, page_url: str, site_url: str) -> tuple[str, ...]:
    """What in ``html`` would run script or fetch from another host; empty if nothing.

    ``page_url`` is the page's absolute address, against which relative
    addresses resolve; ``site_url`` is the site's, whose host is the only one
    a page may fetch from.
    """
    own = urlsplit(site_url).netloc
    problems: list[str] = []
    for name, attributes, text, in_content in _elements(html):
        if in_content and name in NOT_IN_CONTENT:
            problems.append(f"<{name}> in the page's text")
        if name == "template" and not in_content:  # the theme has none; Lexbor keeps its content apart
            problems.append("<template>, whose content this check cannot read and a script could put in the page")
        if name == "base":
            problems.append("<base>, which would change where every link of the page leads")
        if name == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            problems.append("<meta http-equiv=refresh>, which would send readers elsewhere")
        if fetching := set(attributes.get("class", "").split()) & THEME_FETCHING_CLASSES:
            problems.append(
                f"<{name} class={' '.join(sorted(fetching))}>, which the theme's script loads from another host"
            )
        rels = set(attributes.get("rel", "").lower().split())
        if name in ANIMATING and (
            attributes.get("attributename", "").lower() in ("href", "xlink:href")
            or any(
                _scheme_free(attributes.get(key, "")).startswith(_SCRIPT_SCHEMES) for key in ("values", "to", "from")
            )
        ):
            problems.append(f"<{name} attributeName=href>, which would make a link run script")
        for attribute, value in attributes.items():
            if attribute.startswith("on"):
                problems.append(f"<{name} {attribute}=…>, which would run script")
            elif attribute == "style" and _elsewhere(css.addresses(value), page_url, own):
                problems.append(f"<{name} style=…> that loads from another host")
            elif attribute in URL_ATTRIBUTES:
                addresses = (
                    [part.split()[0] for part in value.split(",") if part.split()] if "srcset" in attribute else [value]
                )
                for address in addresses:
                    if _scheme_free(address).startswith(_SCRIPT_SCHEMES):
                        problems.append(f"<{name} {attribute}={address[:60]!r}>, which would run script")
                    fetched = (
                        (name, attribute) in FETCHED
                        or attribute in FETCHED_ANYWHERE
                        or (name == "link" and attribute == "href" and bool(rels - NOT_FETCHING_LINKS))
                    )
                    if fetched and _elsewhere([address], page_url, own):
                        problems.append(f"<{name} {attribute}={address[:60]!r}>, fetched from another host")
        if name == "style" and text and _elsewhere(css.addresses(text), page_url, own):
            problems.append("<style> that loads from another host")
    return tuple(sorted(set(problems)))


def _elsewhere(addresses: list[str], page_url: str, own: str) -> bool:
    """Whether any of ``addresses`` is fetched from a host other than ``own`` (data: is not fetched)."""
    for address in addresses:
        target = urlsplit(urljoin(page_url, address.strip()))
        if target.scheme != "data" and target.netloc != own:
            return True
    return False
