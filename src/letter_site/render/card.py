"""The card a shared link shows (``og:image``): 1200×630, made at build time from the sources, local fonts only.

Its words are the letter's: the title, the date as the letter writes it, who it
is from ("From 12 organizations") and the site's name.  The fonts are the
machine's own (Debian's ``fonts-noto-cjk``, so that Korean names render; else
DejaVu Sans), found by their paths: nothing is fetched.  The same sources, fonts
and Pillow give the same bytes (no time or software name is written into the
PNG), and a palette of shades keeps it small (< 100 KB).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..common.dates import month_day_year
from ..model import Letter
from .pages import signatory_kinds
from .publish import CARD_SIZE

WIDTH, HEIGHT = CARD_SIZE
MARGIN = 72
INK, PAPER, BAND = (33, 33, 33), (255, 255, 255), (63, 81, 181)  # the theme's indigo, as the header
MUTED = (97, 97, 97)
# Fonts that have Korean (and every Latin letter) first; a CJK collection's face 1 is its Korean one.
NOTO, DEJAVU = "/usr/share/fonts/opentype/noto/NotoSansCJK", "/usr/share/fonts/truetype/dejavu/DejaVuSans"
FONTS: Sequence[tuple[str, str, int]] = (
    (f"{NOTO}-Regular.ttc", f"{NOTO}-Bold.ttc", 1),
    (f"{DEJAVU}.ttf", f"{DEJAVU}-Bold.ttf", 0),
)
_CJK = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]"
)
NO_CJK = "Korean, Chinese or Japanese text needs the fonts-noto-cjk package for the sharing card (letter-site system)"


class CardUnavailable(Exception):  # noqa: N818 - the name says what the caller needs to know
    """Pillow or a font the card's words need is not on this machine: why, in one line."""


def card_lines(letter: Letter, site_name: str) -> tuple[str, str, str]:
    """The card's words: title, then "August 11, 2023 · From 12 organizations", then the site's name."""
    kinds = signatory_kinds(letter)
    when = month_day_year(letter.date)
    return letter.title, f"{when} · From {' and '.join(kinds)}" if kinds else when, site_name


def card_png(letter: Letter, site_name: str, fonts: Sequence[tuple[str, str, int]] = FONTS) -> bytes:
    """The card as PNG bytes; :class:`CardUnavailable` if Pillow or a needed font is missing."""
    return draw(card_lines(letter, site_name), fonts)


def draw(lines: tuple[str, str, str], fonts: Sequence[tuple[str, str, int]] = FONTS) -> bytes:
    """The card of these words (:func:`card_lines`) as PNG bytes."""
    try:
        from PIL import Image, ImageDraw, ImageFont  # noqa: PLC0415 - loaded only to make the card
    except ImportError:
        raise CardUnavailable("the sharing card needs Pillow (pip install pillow)") from None
    title, byline, site = lines
    regular, bold, face = _fonts(fonts, title + byline + site)
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, WIDTH, 16), fill=BAND)
    width = WIDTH - 2 * MARGIN
    for size in (64, 58, 52, 46, 40, 36, 32):  # the largest that fits in five lines
        title_font = ImageFont.truetype(bold, size, index=face)
        wrapped = _wrap(pen, title, title_font, width)
        if len(wrapped) <= 5:
            break
    y = MARGIN
    for line in wrapped[:5]:
        pen.text((MARGIN, y), line, font=title_font, fill=INK)
        y += int(size * 1.25)
    small = ImageFont.truetype(regular, 30, index=face)
    pen.text((MARGIN, HEIGHT - MARGIN - 90), _fit(pen, byline, small, width), font=small, fill=MUTED)
    pen.text((MARGIN, HEIGHT - MARGIN - 40), _fit(pen, site, small, width), font=small, fill=BAND)
    palette = image.quantize(colors=32, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _fonts(fonts: Sequence[tuple[str, str, int]], text: str) -> tuple[str, str, int]:
    wide = bool(_CJK.search(text))  # Hangul, kana, CJK ideographs: not ’ – … (which DejaVu has)
    for regular, bold, face in fonts:
        if Path(regular).is_file() and Path(bold).is_file() and (not wide or face):
            return regular, bold, face
    raise CardUnavailable(NO_CJK if wide else "no font for the sharing card (install fonts-dejavu-core)")


def _wrap(draw: Any, text: str, font: Any, width: int) -> list[str]:
    """``text`` in lines no wider than ``width``: at spaces, or anywhere in a word longer than a line."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while draw.textlength(line, font=font) > width:  # a word (or Korean text without spaces) longer than a line
            cut = max(1, next(i for i in range(len(line), 0, -1) if draw.textlength(line[:i], font=font) <= width))
            lines.append(line[:cut])
            line = line[cut:]
    return [*lines, line] if line else lines


def _fit(draw: Any, text: str, font: Any, width: int) -> str:
    """``text`` cut with "…" to fit one line."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"
