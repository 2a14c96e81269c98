"""The second letter (an invented fixture of another shape) in real Chromium: accessible, private, Ibid. explained."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from browser_support import Reader, serving


@pytest.fixture(scope="module")
def second_letter_url(second_letter_site: Path) -> Iterator[str]:
    with serving(second_letter_site) as address:
        yield address


@pytest.mark.parametrize("width", [360, 1440])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["", "sources/", "signatories/"])
def test_axe_finds_no_violation(browser: Browser, second_letter_url: str, path: str, width: int, scheme: str) -> None:
    reader = Reader(
        browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900}), second_letter_url
    )
    try:
        page = reader.open(path)
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
    finally:
        reader.context.close()


def test_no_request_leaves_the_site_and_ibid_says_what_it_stands_for(browser: Browser, second_letter_url: str) -> None:
    reader = Reader(browser.new_context(viewport={"width": 1024, "height": 900}), second_letter_url)
    try:
        page = reader.open()
        page.locator("a.footnote-ref[href='#fn:herald-families']").focus()
        preview = page.locator(".note-preview")
        preview.wait_for()
        text = " ".join(preview.inner_text().split())
        assert "Ibid., para. 6." in text
        assert "Ibid. refers to: Hundreds of escapees held near the border, sources say" in text
        page.wait_for_load_state("networkidle")
        hosts = {urlsplit(url).netloc for url in reader.requests if not url.startswith(("data:", "blob:"))}
        assert hosts == {urlsplit(second_letter_url).netloc}
        assert reader.console_errors == []
    finally:
        reader.context.close()


def test_a_postal_address_keeps_its_lines(browser: Browser, second_letter_url: str) -> None:
    reader = Reader(browser.new_context(viewport={"width": 360, "height": 800}), second_letter_url)
    try:
        page = reader.open()
        address = page.locator("p.letter-address").first
        assert address.inner_text().split("\n") == ["20 Sajik-ro 8-gil, Jongno-gu", "Seoul 03172, Republic of Korea"]
        # The annex's table fits the phone's width or scrolls within its own box, never the page.
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        reader.context.close()
