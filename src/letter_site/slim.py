"""Drop the theme's CSS rules that can never match on this site.

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
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

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

    Their source maps no longer describe them, so they go too.
    """
    pages = [path.read_text(encoding="utf-8") for path in site.rglob("*.html")]
    scripts = [
        path.read_text(encoding="utf-8")
        for path in site.rglob("*.js")
        if not path.relative_to(site).as_posix().startswith(WORKER_SCRIPTS)
    ]
    used = used_words(pages, scripts)
    before = after = 0
    # Material's are in assets/stylesheets/, Zensical's in a folder per variant (classic/, modern/).
    for path in sorted((site / stylesheets).rglob("*.css")):
        css = path.read_text(encoding="utf-8")
        slim = purge(css, used)
        path.write_text(slim, encoding="utf-8")
        before, after = before + len(css.encode()), after + len(slim.encode())
    for path in (site / stylesheets).rglob("*.css.map"):
        path.unlink()
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


def _rules(rules: Iterable[Any], used: frozenset[str]) -> list[Any]:
    kept: list[Any] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _split_selectors(rule.prelude) if _can_match(s, used)]
            if not selectors:
                continue
            prelude: list[Any] = []
            for index, selector in enumerate(selectors):
                if index:
                    prelude.append(tinycss2.ast.LiteralToken(0, 0, ","))
                prelude.extend(selector)
            rule.prelude = prelude
            kept.append(rule)
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content:
            inner = _rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), used)
            if not inner:
                continue
            rule.content = inner
            kept.append(rule)
        else:
            kept.append(rule)
    return kept


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
