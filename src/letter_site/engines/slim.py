"""Drop the theme's CSS that can never apply on this site; minify our own scripts and stylesheets.

Material ships one stylesheet for every feature it has; this site uses a few.
A rule whose selector needs a class (or an attribute value, such as a palette
colour) that no page has and no script can set can never apply, so removing
it changes nothing a reader sees -- and it is most of the bytes a phone
downloads before it can draw the letter.

The test is deliberately conservative: a word counts as used if it appears in
any attribute value of any page or in any string of any script, and only
classes and ``[name=value]`` at the top level of a selector are considered
(``:not(.x)`` matches precisely when ``.x`` is absent, so what is inside a
functional pseudo-class never makes a selector dead).

Then a custom property's declaration goes when nothing can read it: no rule
left uses it in ``var()``, and no page or script names it (Material's icons for
admonitions, task lists and the like, declared on ``:root``, are most of them).

Our own files (``assets/letter.js``…, in the tool's theme folder) are written with comments
for whoever maintains them; their copies in a built site are minified.

Parsing the theme's stylesheets is most of what this costs, and they are the
same in every build of a theme's version: each is parsed once, into an index
of its rules -- each selector's text and the words it needs, each block's
declarations, as tinycss2 would write them (:mod:`.cssrules`) -- kept in memory
and in the user's cache folder (``$XDG_CACHE_HOME/letter-site/``, by default
``~/.cache/letter-site/``; :mod:`.cssindex`), so that purging is putting strings
together.  The result is byte for byte the one tinycss2 gives (:mod:`.csspurge`,
the reference: :func:`~.csspurge.purge_reference`, then
:func:`~.csspurge.without_properties`): a stylesheet the index cannot vouch for
that way (a parse error, a comment-like or escaping token) is purged by
tinycss2, as before.  This module holds the entry points and reads the pages
and scripts for the words they use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import rcssmin  # type: ignore[import-untyped]  # no stubs
import rjsmin  # type: ignore[import-untyped]  # no stubs

from .cssindex import DISK_MINIMUM, Purged, _cache_file, _encode, _index, _load
from .csspurge import purge_reference as _purge_reference
from .csspurge import without_properties
from .cssrules import build_index as _build_index

# The names callers and the tests use, wherever they are defined (the index's and the
# reference's under the names they had when they were defined here).
__all__ = [
    "DISK_MINIMUM",
    "WORKER_SCRIPTS",
    "Purged",
    "_build_index",
    "_cache_file",
    "_encode",
    "_index",
    "_load",
    "_purge_reference",
    "minify_own",
    "purge",
    "slim_stylesheets",
    "used_properties",
    "used_words",
    "without_properties",
]

# Possessive (``++``, ``*+``): giving back a character could never make these match, and
# scanning a page's every word is most of what reading the pages costs.
_ATTRIBUTE = re.compile(r"""\b[\w-]++\s*+=\s*+(?:"([^"]*+)"|'([^']*+)'|([^\s>"']++))""")
_WORD = re.compile(r"[A-Za-z_][\w-]*")
# A script can only add a class it names in a string (minified code has no other
# way to spell one); its identifiers -- `c`, `k`, `n` -- are not class names.
# (Each as ``"(?:[^"\\\n]|\\.)*"``, unrolled: the same strings, found faster.)
_STRING = re.compile(r""""[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"|'[^'\\\n]*+(?:\\.[^'\\\n]*+)*+'|`[^`\\]*+(?:\\.[^`\\]*+)*+`""")
# Material's search worker and the lunr languages it imports run off the page,
# so they cannot set a class; their strings are dictionaries ('red', 'white').
WORKER_SCRIPTS = ("assets/javascripts/workers/", "assets/javascripts/lunr/")


def slim_stylesheets(site: Path, stylesheets: str = "assets/stylesheets") -> tuple[int, int]:
    """Purge the theme's stylesheets in a built ``site``; return (bytes before, after).

    A rule goes when a class it needs is in no page and no script; a custom
    property's declaration (Material's icons: ``--md-admonition-icon--bug:
    url("data:image/svg+xml,…")``) goes when no stylesheet uses it in a
    ``var()`` and no page or script names it. Their source maps no longer
    describe them, so they go too.
    """
    pages = [path.read_text(encoding="utf-8") for path in site.rglob("*.html")]
    scripts = [
        path.read_text(encoding="utf-8")
        for path in site.rglob("*.js")
        if not path.relative_to(site).as_posix().startswith(WORKER_SCRIPTS)
    ]
    used = used_words(pages, scripts)
    sheets = {path: path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.css"))}
    # Material's are in assets/stylesheets/, Zensical's in a folder per variant (classic/, modern/).
    theme = sorted((site / stylesheets).rglob("*.css"))
    purged = {path: Purged.of(sheets[path], used) for path in theme}
    # What the rules left (and ours, and the pages and scripts) read decides which properties stay.
    left = [purged[path].text if path in purged else css for path, css in sheets.items()]
    properties = used_properties(pages, scripts, left)
    before = after = 0
    for path in theme:
        slim = purged[path].without(properties)
        path.write_text(slim, encoding="utf-8")
        before, after = before + len(sheets[path].encode()), after + len(slim.encode())
    for path in (site / stylesheets).rglob("*.css.map"):
        path.unlink()
    return before, after


_MINIFIERS = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}


def minify_own(site: Path, *folders: Path) -> tuple[int, int]:
    """Our scripts and stylesheets in a built ``site`` without comments and spacing; (bytes before, after).

    They are written with comments for whoever maintains them, in the tool's
    theme folder and a letter's ``docs/``; readers need neither (a third of
    what they weigh compressed).  Only the copies of files in ``folders``
    change, each once: the theme's are minified already.
    """
    before = after = 0
    addresses = sorted({path.relative_to(folder) for folder in folders for path in folder.rglob("*")})
    for address in addresses:
        minify = _MINIFIERS.get(address.suffix)
        built = site / address
        if minify is None or not built.is_file():
            continue
        text = built.read_text(encoding="utf-8")
        small = minify(text)
        built.write_text(small, encoding="utf-8")
        before, after = before + len(text.encode()), after + len(small.encode())
    return before, after


def used_words(pages: Iterable[str], scripts: Iterable[str]) -> frozenset[str]:
    """Every word of every attribute value of a page (its classes, its palette
    colours), and every word a script could set as one."""
    used: set[str] = set()
    for html in pages:
        used.update(_page_words(html))
    for script in scripts:
        used.update(_script_words(script))
    return frozenset(used)


_PROPERTY = re.compile(r"--[A-Za-z_][\w-]*")
_VAR = re.compile(r"var\(\s*(--[A-Za-z_][\w-]*)")


def used_properties(pages: Iterable[str], scripts: Iterable[str], stylesheets: Iterable[str]) -> frozenset[str]:
    """The custom properties something may read: those a stylesheet (the theme's or ours)
    uses in ``var()``, and any a page or a script names (a script may read or set one)."""
    used: set[str] = set()
    for text in (*pages, *scripts):
        used.update(_PROPERTY.findall(text))
    for css in stylesheets:
        used.update(_VAR.findall(css))
    return frozenset(used)


@lru_cache(maxsize=16)  # the theme's script is the same in every build
def _script_words(script: str) -> frozenset[str]:
    return frozenset(word for string in _STRING.findall(script) for word in _WORD.findall(string))


@lru_cache(maxsize=16)  # a preview's rebuild leaves most pages as they were
def _page_words(html: str) -> frozenset[str]:
    values = {double or single or bare for double, single, bare in _ATTRIBUTE.findall(html)}
    used = set(values)
    for value in values:
        used.update(value.split())
    return frozenset(used)


def purge(css: str, used: frozenset[str]) -> str:
    """``css`` without the rules (and selectors) that need an unused class."""
    return Purged.of(css, used).text
