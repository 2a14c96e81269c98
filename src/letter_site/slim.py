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

Our own files in ``docs/`` (``assets/letter.js``…) are written with comments
for whoever maintains them; their copies in a built site are minified.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import rcssmin  # type: ignore[import-untyped]  # no stubs
import rjsmin  # type: ignore[import-untyped]  # no stubs
import tinycss2  # type: ignore[import-untyped]  # WeasyPrint's CSS parser; no stubs

_ATTRIBUTE = re.compile(r"""\b[\w-]+\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""")
_WORD = re.compile(r"[A-Za-z_][\w-]*")
# A script can only add a class it names in a string (minified code has no other
# way to spell one); its identifiers -- `c`, `k`, `n` -- are not class names.
_STRING = re.compile(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`""")
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
    purged = {path: purge(sheets[path], used) for path in theme}
    # What the rules left (and ours, and the pages and scripts) read decides which properties stay.
    properties = used_properties(pages, scripts, [purged.get(path, css) for path, css in sheets.items()])
    before = after = 0
    for path in theme:
        slim = without_properties(purged[path], properties)
        path.write_text(slim, encoding="utf-8")
        before, after = before + len(sheets[path].encode()), after + len(slim.encode())
    for path in (site / stylesheets).rglob("*.css.map"):
        path.unlink()
    return before, after


_MINIFIERS = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}


def minify_own(site: Path, docs: Path) -> tuple[int, int]:
    """Our scripts and stylesheets in a built ``site`` without comments and spacing; (bytes before, after).

    They are written in ``docs`` with comments for whoever maintains them;
    readers need neither (a third of what they weigh compressed). Only the
    copies of files in ``docs`` change: the theme's are minified already.
    """
    before = after = 0
    for source in sorted(docs.rglob("*")):
        minify = _MINIFIERS.get(source.suffix)
        built = site / source.relative_to(docs)
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
        for string in _STRING.findall(script):
            used.update(_WORD.findall(string))
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


@lru_cache(maxsize=16)  # a preview's rebuild leaves most pages as they were
def _page_words(html: str) -> frozenset[str]:
    used: set[str] = set()
    for match in _ATTRIBUTE.finditer(html):
        value = match.group(1) or match.group(2) or match.group(3) or ""
        used.add(value)
        used.update(value.split())
    return frozenset(used)


@lru_cache(maxsize=16)  # a preview's rebuilds slim the same stylesheets with the same words
def purge(css: str, used: frozenset[str]) -> str:
    """``css`` without the rules (and selectors) that need an unused class."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return str(tinycss2.serialize(_rules(rules, used)))


@lru_cache(maxsize=16)
def without_properties(css: str, properties: frozenset[str]) -> str:
    """``css`` without its declarations of custom properties not in ``properties``."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return str(tinycss2.serialize(_rules(rules, None, properties)))


def _rules(rules: Iterable[Any], used: frozenset[str] | None, properties: frozenset[str] | None = None) -> list[Any]:
    """The rules that can match, given the words ``used`` (``None``: all can), with only the
    custom properties in ``properties`` declared (``None``: all are)."""
    kept: list[Any] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = _split_selectors(rule.prelude)
            if used is not None:
                selectors = [s for s in selectors if _can_match(s, used)]
            if not selectors:
                continue
            if properties is not None and not _drop_unused_properties(rule, properties):
                continue
            prelude: list[Any] = []
            for index, selector in enumerate(selectors):
                if index:
                    prelude.append(tinycss2.ast.LiteralToken(0, 0, ","))
                prelude.extend(selector)
            rule.prelude = prelude
            kept.append(rule)
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content:
            rule_list = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            inner = _rules(rule_list, used, properties)
            if not inner:
                continue
            rule.content = inner
            kept.append(rule)
        else:
            kept.append(rule)
    return kept


def _drop_unused_properties(rule: Any, properties: frozenset[str]) -> bool:
    """Drop ``rule``'s declarations of custom properties not in ``properties``; whether any
    declaration is left. A rule with anything but declarations in it is left whole."""
    items = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
    if not all(item.type == "declaration" for item in items):
        return True
    kept = [item for item in items if not item.name.startswith("--") or item.name in properties]
    if len(kept) < len(items):
        rule.content = tinycss2.parse_component_value_list(";".join(item.serialize() for item in kept))
    return bool(kept)


def _split_selectors(prelude: list[Any]) -> list[list[Any]]:
    selectors: list[list[Any]] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return [_strip(s) for s in selectors if _strip(s)]


def _strip(tokens: list[Any]) -> list[Any]:
    start, end = 0, len(tokens)
    while start < end and tokens[start].type == "whitespace":
        start += 1
    while end > start and tokens[end - 1].type == "whitespace":
        end -= 1
    return tokens[start:end]


def _can_match(selector: list[Any], used: frozenset[str]) -> bool:
    for before, token in pairwise(selector):
        if before.type == "literal" and before.value == "." and token.type == "ident" and token.value not in used:
            return False
    for token in selector:
        value = _attribute_value(token) if token.type == "[] block" else None
        if value is not None and value not in used:
            return False
    return True


def _attribute_value(block: Any) -> str | None:
    """The value of an exact ``[name=value]`` selector; ``None`` for any other form."""
    tokens = [token for token in block.content if token.type != "whitespace"]
    exact = len(tokens) == 3 and tokens[1].type == "literal" and tokens[1].value == "="
    if exact and tokens[2].type in ("ident", "string"):
        return str(tokens[2].value)
    return None
