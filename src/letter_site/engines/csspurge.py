"""The theme's stylesheets purged by tinycss2, token by token: the reference the index must match.

A rule goes when a selector's class, or the value of an exact ``[name=value]``,
at the top level names a word no page or script uses; a custom property's
declaration goes when nothing reads it.  This is the specification of what
:mod:`.slim` does to a stylesheet: the index (:mod:`.cssrules`, kept by
:mod:`.cssindex`) must give the same text byte for byte, and a stylesheet it
cannot vouch for is purged here.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise
from typing import Any

import tinycss2  # type: ignore[import-untyped]  # WeasyPrint's CSS parser; no stubs


@lru_cache(maxsize=16)  # a preview's rebuilds slim the same stylesheets with the same words
def purge_reference(css: str, used: frozenset[str]) -> str:
    """:func:`.slim.purge`, by tinycss2: what the index must give, byte for byte (and what it falls back on)."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return str(tinycss2.serialize(purged_rules(rules, used)))


@lru_cache(maxsize=16)
def without_properties(css: str, properties: frozenset[str]) -> str:
    """``css`` without its declarations of custom properties not in ``properties``."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return str(tinycss2.serialize(purged_rules(rules, None, properties)))


def purged_rules(
    rules: Iterable[Any], used: frozenset[str] | None, properties: frozenset[str] | None = None
) -> list[Any]:
    """The rules that can match, given the words ``used`` (``None``: all can), with only the
    custom properties in ``properties`` declared (``None``: all are)."""
    kept: list[Any] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = split_selectors(rule.prelude)
            if used is not None:
                selectors = [s for s in selectors if _can_match(s, used)]
            if not selectors:
                continue
            if properties is not None and not drop_unused_properties(rule, properties):
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
            inner = purged_rules(rule_list, used, properties)
            if not inner:
                continue
            rule.content = inner
            kept.append(rule)
        else:
            kept.append(rule)
    return kept


def drop_unused_properties(rule: Any, properties: frozenset[str]) -> bool:
    """Drop ``rule``'s declarations of custom properties not in ``properties``; whether any
    declaration is left. A rule with anything but declarations in it is left whole."""
    items = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
    if not all(item.type == "declaration" for item in items):
        return True
    kept = [item for item in items if not item.name.startswith("--") or item.name in properties]
    if len(kept) < len(items):
        rule.content = tinycss2.parse_component_value_list(";".join(item.serialize() for item in kept))
    return bool(kept)


def split_selectors(prelude: list[Any]) -> list[list[Any]]:
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
        value = attribute_value(token) if token.type == "[] block" else None
        if value is not None and value not in used:
            return False
    return True


def attribute_value(block: Any) -> str | None:
    """The value of an exact ``[name=value]`` selector; ``None`` for any other form."""
    tokens = [token for token in block.content if token.type != "whitespace"]
    exact = len(tokens) == 3 and tokens[1].type == "literal" and tokens[1].value == "="
    if exact and tokens[2].type in ("ident", "string"):
        return str(tokens[2].value)
    return None
