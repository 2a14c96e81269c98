"""The index of a stylesheet: the strings purging it writes, rule by rule, and their assembly.

What :func:`.csspurge.purge_reference` then :func:`.csspurge.without_properties` do to
a stylesheet, rule by rule: the first writes each rule with the selectors left (joined by
commas), the second reads that back and writes each style rule without its unread custom
properties.  The index keeps, for each rule, the strings both would write, so the two passes
become string assembly (:func:`select`, then :func:`write`).  :func:`build_index` makes it,
and declines a stylesheet for which it would not give what tinycss2 does; :mod:`.cssindex`
keeps what it makes.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import Any, NamedTuple

import tinycss2  # type: ignore[import-untyped]  # WeasyPrint's CSS parser; no stubs

from .csspurge import attribute_value, drop_unused_properties, purged_rules, split_selectors


class Rule(NamedTuple):
    """A style rule: its selectors as written and the words each needs, its block as written, and
    its declarations if the second pass can change the block: ``None`` if it holds anything but
    declarations (it is left whole), or declarations and none of a custom property."""

    selectors: Sequence[str]
    needs: Sequence[Sequence[str]]
    body: str
    declarations: Sequence[tuple[str, str]] | None  # (the name if a custom property, else "", as written)

    def block(self, properties: frozenset[str] | None) -> str | None:
        """The block with only the custom properties in ``properties`` (``None``: all); ``None``
        when no declaration is left (the rule goes)."""
        if properties is None or self.declarations is None:
            return self.body
        kept = [text for name, text in self.declarations if not name or name in properties]
        if not kept:
            return None
        return self.body if len(kept) == len(self.declarations) else ";".join(kept)


class Group(NamedTuple):
    """An ``@media`` or ``@supports`` rule: its head (``@media screen``) and its rules."""

    head: str
    rules: tuple[Node, ...]


Node = str | Rule | Group  # a str: any other rule, written as it is whatever is used


class _KeptRule(NamedTuple):
    rule: Rule
    prelude: str


class _KeptGroup(NamedTuple):
    head: str
    rules: list[Kept]


Kept = str | _KeptRule | _KeptGroup


def select(nodes: Sequence[Node], used: frozenset[str]) -> list[Kept]:
    """The first pass: the rules that can match, each with the selectors that can."""
    kept: list[Kept] = []
    for node in nodes:
        if isinstance(node, Rule):
            live = [text for text, needs in zip(node.selectors, node.needs, strict=True) if used.issuperset(needs)]
            if live:
                kept.append(_KeptRule(node, ",".join(live)))
        elif isinstance(node, Group):
            inner = select(node.rules, used)
            if inner:
                kept.append(_KeptGroup(node.head, inner))
        else:
            kept.append(node)
    return kept


def write(kept: Sequence[Kept], properties: frozenset[str] | None) -> str:
    """The rules ``kept`` as tinycss2 writes them, with only the custom properties in ``properties``."""
    parts: list[str] = []
    for item in kept:
        if isinstance(item, _KeptRule):
            block = item.rule.block(properties)
            if block is not None:
                parts += (item.prelude, "{", block, "}")
        elif isinstance(item, _KeptGroup):
            inner = write(item.rules, properties)
            if inner:
                parts += (item.head, "{", inner, "}")
        else:
            parts.append(item)
    return "".join(parts)


def build_index(css: str) -> tuple[Node, ...] | None:
    """The index of ``css``; ``None`` if it cannot vouch for giving what tinycss2 does.

    tinycss2 writes a list of rules, of selectors (joined by commas) or of declarations (by
    semicolons) as what it writes for each, one after the other, unless a token is a lone
    backslash (a line break is put after it): so the pieces, written once, give the first
    pass's text for any words used. The second pass reads that text back, and writes what it
    reads: the same pieces, if each reads back as itself (checked below, on the text with every
    rule) and none reaches past its end or changes how the rule it starts is read -- no parse
    error (an unclosed string), no comment, no lone backslash (it escapes what follows), no
    ``<!--`` or ``-->`` (skipped before a rule), no selector starting with an at-keyword (the
    rule would be an at-rule). A stylesheet with any of those is left to tinycss2.
    """
    parsed = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    if not _plain(parsed):
        return None
    try:
        index = tuple(_first_pass_node(node) for node in purged_rules(parsed, None))  # every selector kept
        everything = frozenset(word for node in _walk(index) for needs in node.needs for word in needs)
        again = tinycss2.parse_stylesheet(
            write(select(index, everything), None), skip_comments=True, skip_whitespace=True
        )
        if not _plain(again):
            return None
        return _second_pass(index, again)
    except (_MismatchError, TypeError):  # TypeError: a parse error tinycss2 cannot write (nor would it purge)
        return None


class _MismatchError(Exception):
    """The index of a stylesheet would not give what tinycss2 does."""


def _first_pass_node(node: Any) -> Node:
    """``node`` of the first pass's tree (every selector kept): its strings as tinycss2 writes them."""
    if node.type == "error":  # a rule without its block, in an @media: tinycss2 cannot write it
        raise _MismatchError
    if node.type == "qualified-rule":
        selectors = split_selectors(node.prelude)
        if any(tokens[0].type == "at-keyword" for tokens in selectors):
            raise _MismatchError
        texts = tuple(str(tinycss2.serialize(tokens)) for tokens in selectors)
        return Rule(texts, tuple(_needs(tokens) for tokens in selectors), str(tinycss2.serialize(node.content)), None)
    if node.type == "at-rule" and node.lower_at_keyword in ("media", "supports") and node.content:
        head = "@" + tinycss2.serializer.serialize_identifier(node.at_keyword) + tinycss2.serialize(node.prelude)
        return Group(str(head), tuple(_first_pass_node(inner) for inner in node.content))
    return str(node.serialize())


def _second_pass(index: Sequence[Node], again: list[Any]) -> tuple[Node, ...]:
    """``index`` with each style rule's declarations, as :func:`.csspurge.without_properties` reads them
    back (``again``: the first pass's text, parsed)."""
    if len(index) != len(again):
        raise _MismatchError
    nodes: list[Node] = []
    for node, read in zip(index, again, strict=True):
        if isinstance(node, Rule):
            if read.type != "qualified-rule" or node.body != tinycss2.serialize(read.content):
                raise _MismatchError
            if list(node.selectors) != [tinycss2.serialize(s) for s in split_selectors(read.prelude)]:
                raise _MismatchError
            # A block with something in it and no custom property stays as it is.
            changes = "--" in node.body or not node.body.strip(" \t\n\r\f;")
            nodes.append(node._replace(declarations=_declarations(read)) if changes else node)
        elif isinstance(node, Group):
            if not (read.type == "at-rule" and read.lower_at_keyword in ("media", "supports") and read.content):
                raise _MismatchError
            head = "@" + tinycss2.serializer.serialize_identifier(read.at_keyword) + tinycss2.serialize(read.prelude)
            if head != node.head:
                raise _MismatchError
            inner = tinycss2.parse_rule_list(read.content, skip_comments=True, skip_whitespace=True)
            nodes.append(Group(node.head, _second_pass(node.rules, inner)))
        else:
            if read.type == "qualified-rule" or read.serialize() != node:
                raise _MismatchError
            if read.type == "at-rule" and read.lower_at_keyword in ("media", "supports") and read.content:
                raise _MismatchError
            nodes.append(node)
    return tuple(nodes)


def _declarations(rule: Any) -> tuple[tuple[str, str], ...] | None:
    """The declarations of ``rule`` as :func:`.csspurge.drop_unused_properties` sees them; ``None`` if it
    leaves the block as it is whatever is read. Each is checked to be written back as it reads
    when others go."""
    items = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
    if not all(item.type == "declaration" for item in items):
        return None
    if not items:
        return ()  # an empty block: the rule goes
    if not any(item.name.startswith("--") for item in items):
        return None
    declarations = tuple((item.name if item.name.startswith("--") else "", str(item.serialize())) for item in items)
    for _, text in declarations:
        tokens = tinycss2.parse_component_value_list(text)
        if not _plain(tokens) or tinycss2.serialize(tokens) != text:
            raise _MismatchError
    # And as tinycss2 writes the block when no custom property is read:
    alone = copy.copy(rule)
    expected = tinycss2.serialize(alone.content) if drop_unused_properties(alone, frozenset()) else None
    if Rule((), (), str(tinycss2.serialize(rule.content)), declarations).block(frozenset()) != expected:
        raise _MismatchError
    return declarations


def _walk(nodes: Sequence[Node]) -> Iterable[Rule]:
    for node in nodes:
        if isinstance(node, Rule):
            yield node
        elif isinstance(node, Group):
            yield from _walk(node.rules)


_UNPLAIN = frozenset(("\\", "<!--", "-->"))


def _plain(values: Iterable[Any]) -> bool:
    """Whether no token in ``values``, at any depth, is a parse error, a comment, a lone backslash,
    ``<!--`` or ``-->``."""
    pending = [values]
    while pending:
        for value in pending.pop():
            kind = value.type
            if kind in ("error", "comment") or (kind == "literal" and value.value in _UNPLAIN):
                return False
            if kind in ("qualified-rule", "at-rule"):
                pending.append(value.prelude)
                if value.content is not None:
                    pending.append(value.content)
            elif kind == "function":
                pending.append(value.arguments)
            elif kind in ("() block", "[] block", "{} block"):
                pending.append(value.content)
            elif kind == "declaration":
                pending.append(value.value)
    return True


def _needs(selector: list[Any]) -> tuple[str, ...]:
    """The words ``selector`` needs used to match (:func:`.csspurge._can_match` is whether all are)."""
    words = {
        token.value
        for before, token in pairwise(selector)
        if before.type == "literal" and before.value == "." and token.type == "ident"
    }
    for token in selector:
        value = attribute_value(token) if token.type == "[] block" else None
        if value is not None:
            words.add(value)
    return tuple(sorted(words))
