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
from PIL import Image

from letter_site import Letter
from letter_site.render.card import DEJAVU, FONTS, NO_CJK, CardUnavailable, card_lines, card_png
from test_head import one

SITE_NAME = "Open letter on North Korean refugees"
KOREAN = "중국의 탈북민 강제북송에 대한 유엔 인권최고대표사무소의 침묵에 관한 공개서한"


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
