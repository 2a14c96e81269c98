"""The addresses a stylesheet makes a browser fetch: read with a CSS tokenizer, escapes and all."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import tinycss2  # type: ignore[import-untyped]  # WeasyPrint's CSS parser; no stubs

# Functions whose string arguments are fetched: url("…") is a function when its address is quoted.
_FETCHING_FUNCTIONS = frozenset({"url", "src", "image", "image-set", "-webkit-image-set", "cross-fade"})


def addresses(css: str) -> list[str]:
    """Every address in ``css`` that a browser would fetch: url(…), @import, image-set("…"), src("…")."""
    return [address for address, _, _ in placed_addresses(css)]


def placed_addresses(css: str) -> list[tuple[str, int, int]]:
    """Each fetched address with its line and column (from 1) in ``css``."""
    return list(_walk(tinycss2.parse_component_value_list(css), fetching=False))


def _walk(tokens: Iterable[Any], fetching: bool) -> Iterator[tuple[str, int, int]]:
    import_next = False
    for token in tokens:
        kind = getattr(token, "type", "")
        if kind == "url" or (kind == "string" and (fetching or import_next)):
            yield str(token.value), token.source_line, token.source_column
        elif kind == "at-keyword":
            import_next = token.lower_value == "import"
            continue
        elif kind == "function":
            yield from _walk(token.arguments, fetching or token.lower_name in _FETCHING_FUNCTIONS)
        elif kind in ("() block", "[] block", "{} block"):
            yield from _walk(token.content, fetching)
        if kind not in ("whitespace", "comment"):
            import_next = False
