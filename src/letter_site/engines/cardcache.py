"""The sharing card, kept in the user's cache folder: drawn once (about 0.1 s) for the same words, fonts and Pillow.

``$XDG_CACHE_HOME/letter-site/`` (by default ``~/.cache/letter-site/``), as the
stylesheet index (:mod:`.cssindex`).  A card is found by a digest of everything
it is drawn from (its words, the font files, Pillow's version, the drawing
code) and checked against the digest of its bytes before it is used: a damaged
or foreign file is drawn again, never published.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from ..common.files import write_whole
from ..model import Letter
from ..render import card


def card_png(letter: Letter, site_name: str) -> bytes:
    """:func:`letter_site.render.card.card_png`, from the cache when the same card was drawn before."""
    return _cached(card.card_lines(letter, site_name))


@lru_cache(maxsize=4)  # a preview's rebuilds draw the same card
def _cached(lines: tuple[str, str, str]) -> bytes:
    key = _key(lines)
    path = _folder()
    if path is not None:
        found = _load(path / f"card-{key}.png")
        if found is not None:
            return found
    data = card.draw(lines)
    if path is not None:
        _store(path / f"card-{key}.png", data)
    return data


def _key(lines: tuple[str, str, str]) -> str:
    from PIL import __version__ as pillow  # noqa: PLC0415 - loaded with the card

    digest = hashlib.sha256("\x00".join([*lines, pillow, Path(card.__file__).read_text(encoding="utf-8")]).encode())
    for regular, bold, face in card.FONTS:
        for font in (regular, bold):
            stat = Path(font).stat() if Path(font).is_file() else None
            digest.update(f"{font}:{face}:{stat and stat.st_size}:{stat and stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:32]


def _folder() -> Path | None:
    base = os.environ.get("XDG_CACHE_HOME", "")
    try:
        return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "letter-site"
    except RuntimeError:  # no home folder
        return None


def _load(path: Path) -> bytes | None:
    try:
        data, expected = path.read_bytes(), path.with_suffix(".sha256").read_text(encoding="ascii").strip()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == expected and data.startswith(b"\x89PNG") else None


def _store(path: Path, data: bytes) -> None:
    try:
        write_whole(path, data)
        path.with_suffix(".sha256").write_text(hashlib.sha256(data).hexdigest() + "\n", encoding="ascii")
    except OSError:
        pass  # no cache: the card is drawn each time
