"""Reading the letter in Chromium: previews, permalinks, back-links, search, layout."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from browser_support import SIDENOTES, Reader
from published import published

PUBLISHED = published()
REF = "a.footnote-ref[href='#fn:{}']"
PREVIEW = ".note-preview"


def ref(page: Page, key: str):  # type: ignore[no-untyped-def]
    return page.locator(REF.format(key))


def in_view_below_header(page: Page, selector: str) -> None:
    """The element is on screen and not hidden under the sticky header."""
    box = page.locator(selector).first.bounding_box()
    header = page.locator(".md-header").bounding_box()
    assert box is not None
    assert header is not None
    viewport = page.viewport_size
    assert viewport is not None
    assert box["y"] >= header["y"] + header["height"] - 1, (selector, box, header)
    assert box["y"] < viewport["height"], (selector, box)


def test_hovering_a_number_previews_its_note(reader: Reader) -> None:
    page = reader.open()
    ref(page, "sr-2000-detained").hover()
    preview = page.locator(PREVIEW)
    expect(preview).to_be_visible()
    text = " ".join(preview.locator(".note-preview__text").inner_text().split())
    assert text == " ".join(PUBLISHED.notes[1].split())
    expect(preview).to_have_attribute("aria-label", "Note 1")
    page.mouse.move(5, 5)
    expect(preview).to_have_count(0)


def test_the_preview_of_an_id_note_names_its_source(reader: Reader) -> None:
    page = reader.open()
    ref(page, "coi-repatriated-violations").hover()
    preview = page.locator(PREVIEW)
    expect(preview.locator(".note-preview__text")).to_have_text("3Id., paras. 380-434.".removeprefix("3"))
    expect(preview.locator(".note-preview__source")).to_contain_text("A/HRC/25/CRP.1")
    expect(preview.locator(".note-preview__source a")).to_have_attribute(
        "href", "sources/#source-coi-2014-detailed-findings"
    )


def test_keyboard_focus_previews_tab_enters_it_and_escape_closes_it(reader: Reader) -> None:
    page = reader.open()
    number = ref(page, "sr-2000-detained")
    number.focus()
    preview = page.locator(PREVIEW)
    expect(preview).to_be_visible()
    expect(number).to_have_attribute("aria-describedby", "note-preview-text")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('.note-preview') !== null")
    assert focused, "Tab should move into the preview's links"
    assert page.evaluate("document.activeElement.href") == "https://undocs.org/A/77/522"
    page.keyboard.press("Escape")
    expect(preview).to_have_count(0)
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#fn:sr-2000-detained"


def test_a_preview_opened_by_keyboard_stays_while_the_mouse_passes(reader: Reader) -> None:
    page = reader.open()
    number = ref(page, "coi-gravity")
    number.focus()
    preview = page.locator(PREVIEW)
    expect(preview).to_be_visible()
    number.hover()
    page.mouse.move(5, 5)
    page.wait_for_timeout(600)  # longer than the hover preview's hide delay
    expect(preview).to_be_visible()
    page.keyboard.press("Tab")
    page.mouse.move(700, 10)
    page.wait_for_timeout(600)
    expect(preview).to_be_visible()


def test_following_a_number_closes_its_preview(reader: Reader) -> None:
    page = reader.open()
    number = ref(page, "coi-gravity")
    number.hover()
    expect(page.locator(PREVIEW)).to_be_visible()
    number.click()
    page.wait_for_function("location.hash === '#fn:coi-gravity'")
    expect(page.locator(PREVIEW)).to_have_count(0)


def test_tapping_a_number_on_a_phone_previews_without_moving(new_reader: Callable[..., Reader]) -> None:
    reader = new_reader(viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True)
    page = reader.open()
    number = ref(page, "coi-gravity")
    number.scroll_into_view_if_needed()
    before = page.evaluate("window.scrollY")
    number.tap()
    preview = page.locator(PREVIEW)
    expect(preview).to_be_visible()
    assert page.evaluate("location.hash") == ""
    assert page.evaluate("window.scrollY") == before
    box = preview.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 360
    # Its links work: "Go to note 2" jumps to the note.
    preview.locator(".note-preview__more").tap()
    page.wait_for_function("location.hash === '#fn:coi-gravity'")
    in_view_below_header(page, "[id='fn:coi-gravity']")
    expect(preview).to_have_count(0)


def test_links_in_a_preview_are_live(reader: Reader) -> None:
    page = reader.open()
    page.route("https://undocs.org/**", lambda route: route.fulfill(body="UN document", content_type="text/plain"))
    ref(page, "coi-gravity").hover()
    link = page.locator(f"{PREVIEW} a.cite-url")
    expect(link).to_have_attribute("href", "https://undocs.org/A/HRC/25/CRP.1")
    with page.expect_navigation(url="https://undocs.org/A/HRC/25/CRP.1"):
        link.click()


@pytest.mark.parametrize("anchor", ["p12", "p1", "thematic-report", "way-forward", "signatories"])
def test_deep_links_land_in_view_below_the_header_and_highlight(reader: Reader, anchor: str) -> None:
    page = reader.open(f"#{anchor}")
    in_view_below_header(page, f"[id='{anchor}']")
    animation = page.evaluate(f"getComputedStyle(document.getElementById('{anchor}')).animationName")
    assert animation == "letter-target"


def test_paragraphs_are_numbered_like_un_documents_with_a_permalink(reader: Reader) -> None:
    page = reader.open()
    ids = page.eval_on_selector_all("article p[id^='p']", "els => els.map(e => e.id)")
    assert ids == [f"p{n}" for n in range(1, len(ids) + 1)]
    assert len(ids) == 16
    first_words = page.locator("#p12").inner_text()[:40]
    assert first_words.startswith("The most recent 2023 report")
    permalink = page.locator("#p12 > a.paragraph-link")
    expect(permalink).to_have_attribute("href", "#p12")
    expect(permalink).to_have_css("opacity", "0")
    page.locator("#p12").hover()
    expect(permalink).to_have_css("opacity", "1")
    page.mouse.move(5, 5)
    permalink.focus()
    expect(permalink).to_have_css("opacity", "1")
    expect(permalink).to_have_accessible_name("Link to paragraph 12")


def test_section_headings_have_permalinks(reader: Reader) -> None:
    page = reader.open()
    link = page.locator("h2#thematic-report a.headerlink")
    expect(link).to_have_attribute("href", "#thematic-report")


def test_a_notes_back_link_returns_to_the_reference(reader: Reader) -> None:
    page = reader.open("#fn:coi-letter-to-china")
    page.locator("[id='fn:coi-letter-to-china'] a.footnote-backref").click()
    page.wait_for_function("location.hash === '#fnref:coi-letter-to-china'")
    in_view_below_header(page, "[id='fnref:coi-letter-to-china']")


def test_sources_back_links_land_on_the_note(reader: Reader) -> None:
    page = reader.open("sources/")
    page.locator("#source-hc-2023-accountability a.source-backref", has_text="Note 22").click()
    page.wait_for_url("**/#fn:hc-2023-trafficked-women")
    in_view_below_header(page, "[id='fn:hc-2023-trafficked-women']")
    expect(page.locator("[id='fn:hc-2023-trafficked-women']")).to_contain_text("A/HRC/52/64, para. 33")


def test_id_links_to_its_source_on_the_sources_page(reader: Reader) -> None:
    page = reader.open("#fn:wounds-context")
    page.locator("[id='fn:wounds-context'] a.cite-id").click()
    page.wait_for_url("**/sources/#source-ohchr-2023-these-wounds")
    in_view_below_header(page, "#source-ohchr-2023-these-wounds")


@pytest.mark.parametrize(
    ("query", "section"),
    [("refoulement", "#regular-reports"), ("Palermo", "#coi-findings"), ("Autonomous", "#notes")],
)
def test_search_finds_words_of_the_letter_and_of_its_notes(
    reader: Reader, engine: str, query: str, section: str
) -> None:
    page = reader.open("about/")
    if engine == "zensical":  # its search is a dialog opened by a button; the results are in its shadow root
        page.locator(".md-search__button").first.click()
        page.keyboard.type(query)
        hit = page.locator(f"dialog a[href$='{section}']")
    else:
        page.locator("input.md-search__input").press_sequentially(query)  # Material listens to keys
        hit = page.locator(f".md-search-result__link[href$='{section}']")
    expect(hit.first).to_be_visible(timeout=10_000)
    hit.first.click()
    page.wait_for_url(lambda url: url.endswith(section))
    expect(page.locator("mark").first).to_contain_text(query)


@pytest.mark.parametrize("width", [360, 1440])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["", "sources/", "signatories/", "about/"])
def test_pages_fit_the_screen(new_reader: Callable[..., Reader], width: int, scheme: str, path: str) -> None:
    reader = new_reader(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = reader.open(path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than a {width}px screen"
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected


def test_printing_gives_the_letter_alone(reader: Reader) -> None:
    page = reader.open()
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".letter-byline"):
        expect(page.locator(chrome).first).to_be_hidden()
    expect(page.locator("#p1")).to_be_visible()
    expect(page.locator("a.paragraph-link").first).to_be_hidden()


@pytest.mark.parametrize("width", [360, 1440])
def test_the_signature_block_is_set_flush_like_the_letter(new_reader: Callable[..., Reader], width: int) -> None:
    page = new_reader(viewport={"width": width, "height": 800}).open("#signatories")
    lefts = page.evaluate(
        """() => [document.querySelector('#p1'), ...document.querySelectorAll('.letter-signatories > li')]
                 .map(e => Math.round(e.getBoundingClientRect().left))"""
    )
    assert set(lefts) == {lefts[0]}
    markers = page.evaluate("getComputedStyle(document.querySelector('.letter-signatories')).listStyleType")
    assert markers == "none"


@pytest.mark.parametrize(
    ("typed", "shown", "status"),
    [
        ("kal", ["1969 KAL Abductees’ Families Association"], "1 signatory of 12 match “kal”."),
        ("  NORTH   korean ", None, "2 signatories of 12 match “NORTH   korean”."),
        ("think", ["THINK"], "1 signatory of 12 match “think”."),
        ("no such name", [], "0 signatories of 12 match “no such name”."),
    ],
)
def test_the_signatories_page_filters_names_as_one_types(
    reader: Reader, typed: str, shown: list[str] | None, status: str
) -> None:
    page = reader.open("signatories/")
    field = page.get_by_label("Find a signatory")
    field.fill(typed)
    expect(page.locator(".signatory-filter__status")).to_have_text(status)
    visible = page.locator("ul.signatory-list > li:visible")
    if shown is not None:
        expect(visible).to_have_text(shown)
    heading = expect(page.locator("#organizations"))  # a kind with no name shown loses its heading too
    if shown == []:
        heading.to_be_hidden()
    else:
        heading.to_be_visible()
    field.fill("")
    expect(visible).to_have_count(12)
    expect(page.locator(".signatory-filter__status")).to_have_text("")


@pytest.mark.parametrize(("path", "fetched"), [("", False), ("sources/", False), ("signatories/", True)])
def test_the_filter_script_is_fetched_only_where_there_is_a_list_to_filter(
    reader: Reader, path: str, fetched: bool
) -> None:
    reader.open(path)
    assert any(url.endswith("/assets/signatories.js") for url in reader.requests) is fetched
    assert reader.console_errors == []


def test_printing_the_signatories_page_prints_every_name_whatever_the_filter(reader: Reader) -> None:
    page = reader.open("signatories/")
    page.get_by_label("Find a signatory").fill("kal")
    expect(page.locator("ul.signatory-list > li:visible")).to_have_count(1)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    expect(page.locator("ul.signatory-list > li:visible")).to_have_count(12)
    expect(page.locator(".signatory-filter")).to_be_hidden()


# Characters on each line of an element, from the boxes of its characters (Range.getClientRects).
CHARACTERS_PER_LINE = """(selector) => {
  const element = document.querySelector(selector);
  const lines = new Map();
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getClientRects()[0];
      if (box) lines.set(Math.round(box.top), (lines.get(Math.round(box.top)) || 0) + 1);
    }
  }
  return [...lines.values()];
}"""


@pytest.mark.parametrize("width", [1024, 1440, 1920])
def test_the_letter_is_set_at_a_comfortable_measure(new_reader: Callable[..., Reader], width: int) -> None:
    page = new_reader(viewport={"width": width, "height": 900}).open()
    for paragraph in ("#p1", "#p5", "#p12"):
        lines = page.evaluate(CHARACTERS_PER_LINE, paragraph)
        full = sorted(lines[:-1])  # the last line of a paragraph is as long as it happens to be
        median = full[len(full) // 2]
        assert 60 <= median <= 82, f"{paragraph} at {width}px: {median} characters a line ({lines})"


@pytest.mark.parametrize("width", [1440, 1920])
def test_on_a_wide_screen_each_note_sits_beside_the_line_that_cites_it(
    new_reader: Callable[..., Reader], width: int
) -> None:
    page = new_reader(viewport={"width": width, "height": 900}).open()
    boxes = page.evaluate(SIDENOTES)
    refs, notes, line = boxes["refs"], boxes["notes"], boxes["line"]
    assert [number for number, *_ in notes] == [number for number, _ in refs] == [str(n) for n in range(1, 27)]
    previous_bottom = float("-inf")
    for (number, ref_top), (_, top, bottom, left, hidden, out_of_tab_order) in zip(refs, notes, strict=True):
        assert left > boxes["columnRight"], f"note {number} overlaps the text, a heading or a list"
        assert top >= previous_bottom, f"note {number} overlaps the note above it"
        pushed = top - previous_bottom < 20  # stacked right below the note before, which was long
        assert abs(top - ref_top) <= line or pushed, f"note {number}: {top - ref_top:.0f}px from its reference"
        assert hidden == "true" and out_of_tab_order  # the note itself is in the list and the preview
        previous_bottom = bottom
    # Ids in the margin name their source; the links work.
    page.locator("aside.sidenote a.cite-id").first.click()
    page.wait_for_url(lambda url: "sources/#source-" in url)


def test_below_the_sidenote_width_the_notes_stay_at_the_end(new_reader: Callable[..., Reader]) -> None:
    page = new_reader(viewport={"width": 1024, "height": 900}).open()
    expect(page.locator("aside.sidenote")).to_have_count(0)
    expect(page.locator(".footnote li")).to_have_count(26)


def test_on_a_phone_the_first_screen_says_who_wrote_to_whom_and_when(
    new_reader: Callable[..., Reader],
) -> None:
    page = new_reader(viewport={"width": 360, "height": 780}).open()
    title = page.locator("h1#top").bounding_box()
    assert title is not None and title["height"] <= 780 / 3
    first = page.evaluate("document.getElementById('p1').getBoundingClientRect().top")
    assert first < 2 * 780, f"the letter's first paragraph starts {first:.0f}px down"
    # The first screen says who wrote, when and to whom.
    for seen in (".letter-byline", ".letter-date", ".letter-addressee"):
        box = page.locator(seen).first.bounding_box()
        assert box is not None and box["y"] + 24 < 780, f"{seen} is not on the first screen"
    expect(page.locator(".letter-byline")).to_have_text(
        "From 12 organizations · Skip to the text · Download PDF · Download Word"
    )
    # The skip link lands on the first paragraph, below the header; the count, on the signatures.
    for link, target in (("Skip to the text", "p1"), ("12 organizations", "signatories")):
        page.get_by_role("link", name=link, exact=True).click()
        page.wait_for_function(
            """(id) => {
              const top = document.getElementById(id).getBoundingClientRect().top;
              return top > document.querySelector('.md-header').getBoundingClientRect().bottom && top < 200;
            }""",
            arg=target,
        )
        page.evaluate("window.scrollTo(0, 0)")
