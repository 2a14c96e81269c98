"""The card a shared link shows (issue 17): 1200×630, from the sources, local fonts only, reproducible, small.

Messaging apps and social networks show it for the letter's link (``og:image``,
``twitter:card summary_large_image``): the title, the date, who it is from and
the site's name.  Korean must render (Debian's Noto CJK), and a machine without
a font for the card's words says so rather than drawing boxes.
"""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from letter_site import Letter
from letter_site.render.card import (
    DEJAVU,
    FONTS,
    INK,
    NO_CJK,
    TEXT_WIDTH,
    CardUnavailable,
    Text,
    card_lines,
    card_png,
    draw,
    layout,
)
from test_head import one

SITE_NAME = "Open letter on North Korean refugees"
KOREAN = "중국의 탈북민 강제북송에 대한 유엔 인권최고대표사무소의 침묵에 관한 공개서한"


LONG_TITLE = " ".join(
    ["Open letter on OHCHR’s unacceptable silence on China’s forcible repatriation of North Korean refugees"] * 4
)
LONG_WORD = "Menschenrechtsverletzungsdokumentationsstelle" * 8  # no space to break it at


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_the_card_is_1200_by_630_small_and_the_same_each_time(letter: Letter) -> None:
    card = card_png(letter, SITE_NAME)
    assert opened(card).size == (1200, 630) and opened(card).format == "PNG"
    assert len(card) < 100_000
    assert card_png(letter, SITE_NAME) == card  # no time, no software name written into it
    assert card_lines(letter, SITE_NAME) == (letter.title, "August 11, 2023 · From 12 organizations", SITE_NAME)


def test_a_korean_title_and_name_render_in_noto_cjk(letter: Letter) -> None:
    korean = dataclasses.replace(letter, title=KOREAN)
    card = opened(card_png(korean, "북한인권시민연합"))
    title_band = card.convert("L").crop((72, 72, 1128, 400))
    dark = sum(1 for value in title_band.tobytes() if value < 100)
    assert dark > 20_000  # the strokes of three lines of Hangul, drawn in bold
    # The same words with a font that has no Hangul: refused, not drawn as empty boxes.
    with pytest.raises(CardUnavailable, match=re.escape(NO_CJK)):
        card_png(korean, "북한인권시민연합", fonts=[(f"{DEJAVU}.ttf", f"{DEJAVU}-Bold.ttf", 0)])
    assert Path(FONTS[0][0]).is_file(), "fonts-noto-cjk (tools/debian-packages.txt) is installed by make system"


def test_the_letter_page_shows_the_card_with_absolute_addresses(built_site: Path) -> None:
    card = built_site / "open-letter-2023-08-11.png"
    assert opened(card.read_bytes()).size == (1200, 630)
    image = one(built_site, "index.html", "og:image")
    assert image.startswith(("http://", "https://")) and image.endswith("/open-letter-2023-08-11.png")
    assert one(built_site, "index.html", "twitter:image") == image
    assert one(built_site, "index.html", "twitter:card") == "summary_large_image"
    assert (one(built_site, "index.html", "og:image:width"), one(built_site, "index.html", "og:image:height")) == (
        "1200",
        "630",
    )
    assert one(built_site, "index.html", "og:image:alt") == one(built_site, "index.html", "og:title")


def test_both_engines_make_the_same_card(sites: object) -> None:
    from projects import Sites  # noqa: PLC0415

    assert isinstance(sites, Sites)
    cards = {engine: (sites(engine) / "open-letter-2023-08-11.png").read_bytes() for engine in ("mkdocs", "zensical")}
    assert cards["mkdocs"] == cards["zensical"]


def test_a_card_drawn_before_comes_from_the_cache_and_a_damaged_one_is_drawn_again(
    letter: Letter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from letter_site.engines import cardcache  # noqa: PLC0415

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cardcache._cached.cache_clear()
    drawn = cardcache.card_png(letter, SITE_NAME)
    assert drawn == card_png(letter, SITE_NAME)
    [kept] = (tmp_path / "letter-site").glob("card-*.png")
    assert kept.read_bytes() == drawn
    kept.write_bytes(b"\x89PNG damaged")
    cardcache._cached.cache_clear()
    assert cardcache.card_png(letter, SITE_NAME) == drawn  # the digest did not match: drawn again


def widths(texts: list[Text]) -> list[float]:
    """How wide each text is drawn, measured as the card's own pen measures it."""
    pen = ImageDraw.Draw(Image.new("RGB", (1200, 630)))
    return [pen.textlength(text, font=font) for _, text, font, _ in texts]


def title_of(texts: list[Text]) -> list[str]:
    return [text for _, text, _, fill in texts if fill == INK]


def ink_in_the_right_margin(lines: tuple[str, str, str]) -> int:
    """Pixels not white right of the text's width, below the band: text drawn past its line."""
    margin = opened(draw(lines)).convert("L").crop((72 + TEXT_WIDTH, 17, 1200, 630))
    return sum(1 for value in margin.tobytes() if value < 250)


def test_a_title_that_fits_is_not_cut(letter: Letter) -> None:
    texts = layout(card_lines(letter, SITE_NAME))
    assert " ".join(title_of(texts)) == letter.title and "…" not in "".join(text for _, text, _, _ in texts)
    assert texts[0][2].size == 64 and max(widths(texts)) <= TEXT_WIDTH


def test_a_title_too_long_for_five_lines_ends_its_last_line_with_an_ellipsis() -> None:
    lines = (LONG_TITLE, "August 11, 2023 · From " + " and ".join(["12 organizations"] * 8), "Open letter " * 20)
    texts = layout(lines)
    title = title_of(texts)
    assert len(title) == 5 and texts[0][2].size == 32  # the smallest size, and still too long
    assert title[-1].endswith(" Open…"), title  # whole words, then the ellipsis
    shown = " ".join(title).removesuffix("…").split()
    assert shown == LONG_TITLE.split()[: len(shown)] and len(shown) < len(LONG_TITLE.split())
    for (_, text, _, _), whole in zip(texts[5:], lines[1:], strict=True):  # the date line and the site's name
        assert text.endswith("…") and whole.startswith(text.removesuffix("…") + " "), text  # at a space
    assert max(widths(texts)) <= TEXT_WIDTH
    assert ink_in_the_right_margin(lines) == 0


def test_a_word_longer_than_the_lines_is_cut_with_an_ellipsis() -> None:
    lines = (LONG_WORD, "August 11, 2023", LONG_WORD)
    texts = layout(lines)
    title = title_of(texts)
    assert len(title) == 5 and title[-1].endswith("…") and "…" not in "".join(title[:-1])
    assert LONG_WORD.startswith("".join(title).removesuffix("…"))  # the word's letters in order, none left out
    assert texts[-1][1].endswith("…") and LONG_WORD.startswith(texts[-1][1].removesuffix("…"))
    assert max(widths(texts)) <= TEXT_WIDTH
    assert ink_in_the_right_margin(lines) == 0


def test_a_long_korean_title_is_cut_with_an_ellipsis() -> None:
    korean = " ".join([KOREAN] * 6)
    lines = (korean, "2023년 8월 11일", "북한인권시민연합" * 10)  # the site's name without a space
    texts = layout(lines)
    title = title_of(texts)
    assert Path(texts[0][2].path).name == "NotoSansCJK-Bold.ttc"
    assert len(title) == 5 and title[-1].endswith("…")
    shown = " ".join(title).removesuffix("…").split()
    assert shown == korean.split()[: len(shown)] and len(shown) < len(korean.split())
    assert texts[-1][1].endswith("…") and ("북한인권시민연합" * 10).startswith(texts[-1][1].removesuffix("…"))
    assert max(widths(texts)) <= TEXT_WIDTH
    assert ink_in_the_right_margin(lines) == 0


def test_letters_no_font_here_has_are_left_off_the_card_not_drawn_as_boxes() -> None:
    """An emoji (no font of the machine has one): left off, the words around it kept, in the first font."""
    texts = layout(("Open letter ✊🏽 on repatriation 🇰🇷", "August 11, 2023 · From 12 organizations", "Site 🌏"))
    assert [text for _, text, _, _ in texts] == [
        "Open letter on repatriation",
        "August 11, 2023 · From 12 organizations",
        "Site",
    ]
    assert {Path(font.path).name for _, _, font, _ in texts} == {"NotoSansCJK-Bold.ttc", "NotoSansCJK-Regular.ttc"}


def test_arabic_and_hebrew_are_drawn_in_a_font_that_has_them_from_the_right() -> None:
    """Noto Sans CJK has no Arabic: DejaVu has, and a line read from the right ends at the right margin."""
    title = "رسالة مفتوحة بشأن صمت المفوضية إزاء الإعادة القسرية للاجئين من كوريا الشمالية"
    texts = layout((title, "August 11, 2023 · From 12 organizations", "אתר המכתב"))
    assert {Path(font.path).name for _, _, font, _ in texts} == {"DejaVuSans-Bold.ttf", "DejaVuSans.ttf"}
    assert " ".join(text for _, text, _, fill in texts if fill == INK) == title  # every word, none left off
    pen = ImageDraw.Draw(Image.new("RGB", (1200, 630)))
    for (x, _), text, font, _ in texts:
        right = x + pen.textlength(text, font=font)
        if text.startswith("August"):
            assert x == 72, text  # read from the left: at the left margin
        else:
            assert x > 72 and abs(right - (72 + TEXT_WIDTH)) <= 1, text
    assert len(draw((title, "August 11, 2023", "אתר המכתב"))) < 100_000
