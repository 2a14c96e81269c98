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
import unicodedata
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
TEXT_WIDTH = WIDTH - 2 * MARGIN
TITLE_SIZES, TITLE_LINES = (64, 58, 52, 46, 40, 36, 32), 5  # the title's sizes, largest first, and most lines
ELLIPSIS = "…"  # ends a text cut to fit its line
NO_GLYPH = "\U0010fffd"  # a private letter no font has: drawn as the font's box for a missing glyph
# Fonts that have Korean (and every Latin letter) first; a CJK collection's face 1 is its Korean one.
NOTO, DEJAVU = "/usr/share/fonts/opentype/noto/NotoSansCJK", "/usr/share/fonts/truetype/dejavu/DejaVuSans"
FONTS: Sequence[tuple[str, str, int]] = (
    (f"{NOTO}-Regular.ttc", f"{NOTO}-Bold.ttc", 1),
    (f"{DEJAVU}.ttf", f"{DEJAVU}-Bold.ttf", 0),
)
_CJK = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]"
)
Text = tuple[tuple[int, int], str, Any, tuple[int, int, int]]  # (x, y), the words, their font, their colour
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
    texts = layout(lines, fonts)
    from PIL import Image, ImageDraw  # noqa: PLC0415 - loaded only to make the card; layout() found it is there

    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, WIDTH, 16), fill=BAND)
    for xy, text, font, fill in texts:
        pen.text(xy, text, font=font, fill=fill)
    palette = image.quantize(colors=32, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue()


def layout(lines: tuple[str, str, str], fonts: Sequence[tuple[str, str, int]] = FONTS) -> list[Text]:
    """Where the card's words (:func:`card_lines`) are written: ``((x, y), text, font, colour)``, in drawing order.

    The title takes the largest size at which it fits in five lines; a title too
    long for five lines at the smallest size ends its fifth line with "…", as the
    date line or the site's name too long for its line does.  No text is wider
    than :data:`TEXT_WIDTH`.
    """
    try:
        from PIL import Image, ImageDraw, ImageFont  # noqa: PLC0415 - loaded only to make the card
    except ImportError:
        raise CardUnavailable("the sharing card needs Pillow (pip install pillow)") from None
    regular, bold, face, missing = _fonts(fonts, "".join(lines))
    title, byline, site = (_without(line, missing) for line in lines)
    title = title or site  # a title of letters no font has (emoji alone): the site's name in its place
    pen = ImageDraw.Draw(Image.new("RGB", (WIDTH, HEIGHT), PAPER))  # measures as the card's own pen
    for size in TITLE_SIZES:  # the largest that fits in five lines
        title_font = ImageFont.truetype(bold, size, index=face)
        wrapped = _wrap(pen, title, title_font, TEXT_WIDTH)
        if len(wrapped) <= TITLE_LINES:
            break
    else:  # too long even at the smallest size: the last line shown says that more was left out
        wrapped[TITLE_LINES - 1 :] = [_fit(pen, wrapped[TITLE_LINES - 1], title_font, TEXT_WIDTH, cut=True)]
    texts: list[Text] = []
    y = MARGIN
    for line in wrapped:
        texts.append(((_x(pen, line, title_font), y), line, title_font, INK))
        y += int(size * 1.25)
    small = ImageFont.truetype(regular, 30, index=face)
    for text, y, fill in ((byline, HEIGHT - MARGIN - 90, MUTED), (site, HEIGHT - MARGIN - 40, BAND)):
        shown = _fit(pen, text, small, TEXT_WIDTH)
        texts.append(((_x(pen, shown, small), y), shown, small, fill))
    return texts


def _x(pen: Any, text: str, font: Any) -> int:
    """Where a line starts: at the left margin, or, for Arabic or Hebrew (read from the right), ending at the right."""
    strong = next((kind for kind in map(unicodedata.bidirectional, text) if kind in ("L", "R", "AL")), "L")
    return MARGIN if strong == "L" else MARGIN + TEXT_WIDTH - int(pen.textlength(text, font=font))


def _fonts(fonts: Sequence[tuple[str, str, int]], text: str) -> tuple[str, str, int, frozenset[str]]:
    """The first of ``fonts`` that has every letter of ``text`` (Arabic and Hebrew: DejaVu), else the one that
    lacks fewest, with the letters it lacks (an emoji, which no font here has, is left off the card).

    Korean, Chinese or Japanese that no font here has is not left off: the card is refused, saying which
    package has them.
    """
    wide = bool(_CJK.search(text))  # Hangul, kana, CJK ideographs: not ’ – … (which DejaVu has)
    letters = sorted({letter for letter in text if not letter.isspace()})
    found: list[tuple[int, int, str, str, int, frozenset[str]]] = []
    for order, (regular, bold, face) in enumerate(fonts):
        if Path(regular).is_file() and Path(bold).is_file():
            missing = _lacks(regular, face, letters) | _lacks(bold, face, letters)
            if not missing:
                return regular, bold, face, missing
            found.append((len(missing), order, regular, bold, face, missing))
    usable = [font for font in found if not any(_CJK.match(letter) for letter in font[5])]
    if not usable:
        raise CardUnavailable(NO_CJK if wide else "no font for the sharing card (install fonts-dejavu-core)")
    _, _, regular, bold, face, missing = min(usable)
    return regular, bold, face, missing


def _lacks(path: str, face: int, letters: list[str]) -> frozenset[str]:
    """The ``letters`` the font at ``path`` has no glyph for: each drawn as the box of a letter no font has."""
    from PIL import ImageFont  # noqa: PLC0415 - loaded only to make the card

    font = ImageFont.truetype(path, 20, index=face)

    def shape(letter: str) -> tuple[tuple[int, int], bytes]:
        mask = font.getmask(letter)
        return mask.size, bytes(mask)

    nothing = shape(NO_GLYPH)
    return frozenset(
        letter for letter in letters if unicodedata.category(letter)[0] != "C" and shape(letter) == nothing
    )


def _without(text: str, missing: frozenset[str]) -> str:
    """``text`` without the letters no font has (and the joiners and variation selectors that went with them)."""
    if not missing:
        return text
    kept = "".join(letter for letter in text if letter not in missing)
    return " ".join(re.sub("[\u200d\ufe0e\ufe0f]", "", kept).split())


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


def _fit(draw: Any, text: str, font: Any, width: int, cut: bool = False) -> str:
    """``text`` if it fits one line of ``width`` (and is not ``cut``), else the words that fit then "…".

    A first word too long for the line (a long name, or Korean or Chinese text
    without spaces) gives its first letters that fit then "…".
    """
    if not cut and draw.textlength(text, font=font) <= width:
        return text
    words = text.split()
    kept = 0
    while kept < len(words) and draw.textlength(_ended(" ".join(words[: kept + 1])), font=font) <= width:
        kept += 1
    if kept:
        return _ended(" ".join(words[:kept]))
    word = words[0] if words else ""
    end = 0
    while end < len(word) and draw.textlength(_ended(word[: end + 1]), font=font) <= width:
        end += 1
    return _ended(word[:end])


def _ended(text: str) -> str:
    """``text`` then "…", without a space or a separator before it ("August 11, 2023 ·" ends "2023…")."""
    return text.rstrip(" ,;:·–—-、，") + ELLIPSIS
