"""Each theme stylesheet's index, built once: kept in memory and on the disk; and purging with it.

The theme's stylesheets are the same in every build of a theme's version, and parsing
them is most of what slimming costs: each is indexed once (:mod:`.cssrules`), and the
index is kept in memory and in the user's cache folder (``$XDG_CACHE_HOME/letter-site/``,
by default ``~/.cache/letter-site/``), so that purging is putting strings together
(:class:`Purged`).  A stylesheet with no index is purged by tinycss2 (:mod:`.csspurge`).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

import tinycss2  # type: ignore[import-untyped]  # WeasyPrint's CSS parser; no stubs

from ..common.files import write_whole
from .csspurge import purge_reference, without_properties
from .cssrules import Group, Kept, Node, Rule, build_index, select, write


@dataclass(frozen=True)
class Purged:
    """A stylesheet without the rules that need a word not used: :attr:`text`, and :meth:`without`
    the custom properties nothing reads (``purge`` then ``without_properties``, by the index)."""

    text: str
    kept: list[Kept] | None  # None: the stylesheet has no index; tinycss2 does the work

    @classmethod
    def of(cls, css: str, used: frozenset[str]) -> Purged:
        index = _index(css)
        if index is None:
            return cls(purge_reference(css, used), None)
        kept = select(index, used)
        return cls(write(kept, None), kept)

    def without(self, properties: frozenset[str]) -> str:
        """:func:`without_properties` of :attr:`text`."""
        if self.kept is None:
            return without_properties(self.text, properties)
        return write(self.kept, properties)


INDEX_FORMAT = 1  # change it when the index changes in shape or meaning: the disk's are rebuilt
# A smaller stylesheet is parsed in less time than its index is read (the theme's are 10 to 150 kB).
DISK_MINIMUM = 4096


@lru_cache(maxsize=16)  # a preview's rebuilds, and each build of a site, slim the same few stylesheets
def _index(css: str) -> tuple[Node, ...] | None:
    """The index of ``css`` (``None``: tinycss2 must purge it), from the disk's cache if it is there."""
    digest = hashlib.sha256(css.encode()).hexdigest()
    path = _cache_file(digest) if len(css) >= DISK_MINIMUM else None
    if path is not None:
        found = _load(path, digest)
        if found is not None:
            return found[0]
    index = build_index(css)
    if path is not None:
        _store(path, digest, index)
    return index


def _cache_file(digest: str) -> Path | None:
    """Where the index of the stylesheet whose SHA-256 is ``digest`` is kept (``None``: nowhere)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    try:
        folder = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    except RuntimeError:  # no home folder
        return None
    return folder / "letter-site" / f"slim-{INDEX_FORMAT}-{tinycss2.__version__}-{digest[:32]}.json"


def _header(digest: str, payload: bytes) -> dict[str, Any]:
    return {
        "format": INDEX_FORMAT,
        "tinycss2": tinycss2.__version__,
        "css": digest,
        "payload": hashlib.sha256(payload).hexdigest(),
    }


def _load(path: Path, digest: str) -> tuple[tuple[Node, ...] | None] | None:
    """The index in ``path`` (in a 1-tuple, as it may be ``None``); ``None`` if it is missing, for
    another stylesheet, damaged or not an index."""
    try:
        data = path.read_bytes()
        header, _, payload = data.partition(b"\n")
        if json.loads(header) != _header(digest, payload):
            return None
        return (_decode(json.loads(payload)),)
    except (OSError, ValueError, TypeError, RecursionError):  # a damaged file: built again, and replaced
        return None


def _store(path: Path, digest: str, index: tuple[Node, ...] | None) -> None:
    """Keep ``index`` in ``path``, whole or not at all (nothing if the folder cannot be written)."""
    with suppress(OSError, ValueError):  # a ValueError: a lone surrogate (``\D800``), which UTF-8 cannot hold
        payload = json.dumps(_encode(index), ensure_ascii=False, separators=(",", ":")).encode()
        data = json.dumps(_header(digest, payload)).encode() + b"\n" + payload
        write_whole(path, data)


def _encode(index: Sequence[Node] | None) -> Any:
    if index is None:
        return None
    encoded: list[Any] = []
    for node in index:
        if isinstance(node, Rule):
            declarations = None if node.declarations is None else [list(d) for d in node.declarations]
            encoded.append(["rule", node.selectors, node.needs, node.body, declarations])
        elif isinstance(node, Group):
            encoded.append(["group", node.head, _encode(node.rules)])
        else:
            encoded.append(node)
    return encoded


def _decode(value: Any) -> tuple[Node, ...] | None:
    """The index :func:`_encode` gave ``value`` for; ``ValueError`` if it is not one."""
    if value is None:
        return None
    if not isinstance(value, list):
        raise ValueError("not an index")
    return tuple(_decode_node(node) for node in value)


def _decode_node(node: Any) -> Node:
    if type(node) is str:
        return node
    if type(node) is list and len(node) == 5 and node[0] == "rule":
        _, selectors, needs, body, declarations = node
        if (
            type(body) is str
            and type(selectors) is list
            and type(needs) is list
            and len(needs) == len(selectors)
            and set(map(type, selectors)) <= _STR
            and set(map(type, needs)) <= _LIST
            and set(map(type, chain.from_iterable(needs))) <= _STR
        ):
            if declarations is None:
                return Rule(selectors, needs, body, None)
            if (
                type(declarations) is list
                and set(map(type, declarations)) <= _LIST
                and set(map(type, chain.from_iterable(declarations))) <= _STR
            ):
                return Rule(selectors, needs, body, [(name, text) for name, text in declarations])
    elif (
        type(node) is list and len(node) == 3 and node[0] == "group" and type(node[1]) is str and type(node[2]) is list
    ):
        return Group(node[1], tuple(_decode_node(rule) for rule in node[2]))
    raise ValueError("not an index")


# What JSON's values are (it makes no subclasses).
_STR = frozenset((str,))
_LIST = frozenset((list,))
