"""Every page: axe-core finds nothing, no other host is asked, the console stays clean."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser_support import Reader

PAGES = ["", "sources/", "signatories/", "about/", "404.html"]


# Each page in each of the theme's layouts (phone 360; 1024, between its breakpoints: the
# navigation beside the text, no table of contents; 1440, both) and each layout in both
# schemes; the letter page, whose layouts are also its own (the measure alone at 1024, notes
# in the margin at 1440), in every layout and scheme. About 2 s a run: not every product.
LAYOUTS = [
    *[("", width, scheme) for width in (360, 1024, 1440) for scheme in ("light", "dark")],
    *[
        (path, width, scheme)
        for path in PAGES[1:]
        for width, scheme in ((360, "light"), (360, "dark"), (1024, "light"), (1440, "dark"))
    ],
]


@pytest.mark.parametrize(("path", "width", "scheme"), LAYOUTS)
def test_axe_finds_no_violation(new_reader: Callable[..., Reader], path: str, width: int, scheme: str) -> None:
    reader = new_reader(color_scheme=scheme, viewport={"width": width, "height": 900})
    page = reader.open(path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_with_a_note_preview_open(new_reader: Callable[..., Reader], scheme: str) -> None:
    page = new_reader(color_scheme=scheme).open()
    page.locator("a.footnote-ref[href='#fn:coi-repatriated-violations']").focus()
    page.locator(".note-preview").wait_for()
    # Focus scrolls the page, and the theme fades its tabs out as it scrolls: axe must see the end
    # of that transition, not a frame of it (Zensical's fade is slower than Material's).
    page.wait_for_function("document.getAnimations().every(animation => animation.playState !== 'running')")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("path", PAGES)
def test_no_request_leaves_the_site_and_the_console_is_clean(reader: Reader, path: str) -> None:
    page = reader.open(path)
    if path == "":
        page.locator("a.footnote-ref").first.hover()  # previews must not fetch anything either
        page.locator(".note-preview").wait_for()
    page.wait_for_load_state("networkidle")
    hosts = {urlsplit(url).netloc for url in reader.requests if not url.startswith(("data:", "blob:"))}
    assert hosts == {urlsplit(reader.base_url).netloc}
    errors = [e for e in reader.console_errors if not (path == "404.html" and "404" in e)]
    assert errors == []


def test_every_note_reference_has_an_accessible_name(reader: Reader) -> None:
    page = reader.open()
    names = page.eval_on_selector_all("a.footnote-ref", "els => els.map(e => e.getAttribute('aria-label'))")
    assert names == [f"Note {n}" for n in range(1, 27)]


@pytest.mark.parametrize(("path", "selector"), [("", "p.letter-edit a"), ("sources/", "p.source-edit a")])
def test_edit_links_are_named_tappable_and_hidden_in_print(
    new_reader: Callable[..., Reader], path: str, selector: str
) -> None:
    page = new_reader(viewport={"width": 360, "height": 780}, has_touch=True, is_mobile=True).open(path)
    links = page.locator(selector)
    assert links.count() >= 7
    for index in range(links.count()):
        link = links.nth(index)
        name = link.get_attribute("aria-label") or ""
        assert name.startswith(link.inner_text()) and "GitHub" in name
        box = link.bounding_box()
        assert box is not None and box["height"] >= 24, box
    page.emulate_media(media="print")
    assert all(not links.nth(index).is_visible() for index in range(links.count()))
