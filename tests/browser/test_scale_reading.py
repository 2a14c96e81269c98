"""The reading layout of a letter with many notes: 312, twelve times the published letter's.

Where a paragraph cites more notes than its lines have room for in the margin,
the notes are pushed down; one that would land more than half a screen from
its line stays out of the margin, and its number still opens its preview.
Placing them takes a few layouts of the page, however many notes there are (letter.js).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import expect
from scale import make_project

from browser_support import SIDENOTES, Reader, serving
from projects import site_build

TIMES = 12  # the notes of the published letter, twelve times: 312 (endnotes in the PDF: it builds quickly)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site of the sources with 312 notes, served as a static host would (this module's readers open it)."""
    project = make_project(tmp_path_factory.mktemp("many-notes") / "project", notes=TIMES)
    result = site_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    with serving(project / "site") as address:
        yield address


@pytest.mark.parametrize("width", [1440, 1920])
def test_dense_notes_stay_near_their_lines_and_never_overlap(new_reader: Callable[..., Reader], width: int) -> None:
    page = new_reader(viewport={"width": width, "height": 900}).open()
    boxes = page.evaluate(SIDENOTES)
    at = dict(boxes["refs"])
    assert len(at) == 26 * TIMES
    numbers = [int(number) for number, *_ in boxes["notes"]]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert numbers[:2] == [1, 2]  # the published letter's first notes have room
    assert 26 < len(numbers) < len(at), "some notes, not all, fit beside their lines"
    previous_bottom = float("-inf")
    for number, top, bottom, left, hidden, out_of_tab_order in boxes["notes"]:
        assert left > boxes["columnRight"], f"note {number} overlaps the text, a heading or a list"
        assert top >= previous_bottom, f"note {number} overlaps the note above it"
        assert -boxes["line"] <= top - at[number] <= boxes["screen"] / 2, f"note {number} is far from its line"
        assert hidden == "true" and out_of_tab_order
        previous_bottom = bottom


def test_a_note_left_out_of_the_margin_still_previews(new_reader: Callable[..., Reader]) -> None:
    page = new_reader(viewport={"width": 1440, "height": 900}).open()
    shown = set(page.locator("aside.sidenote .sidenote__number").all_text_contents())
    left_out = next(str(n) for n in range(1, 26 * TIMES + 1) if str(n) not in shown)
    reference = page.locator(f"sup[id^='fnref:'] > a.footnote-ref:text-is('{left_out}')").first
    reference.focus()
    expect(page.locator(".note-preview .note-preview__number")).to_have_text(left_out)
    expect(page.locator(".note-preview__text")).to_contain_text(f"para. {int(left_out) - 26}")


def test_the_notes_are_placed_in_one_layout_however_many(new_reader: Callable[..., Reader]) -> None:
    """Placing 312 notes lays the page out a few times, not once a note (which froze 2,600 notes for minutes)."""
    page = new_reader(viewport={"width": 1440, "height": 900}).open()
    chromium = page.context.new_cdp_session(page)
    chromium.send("Performance.enable")

    def layouts() -> float:
        metrics = chromium.send("Performance.getMetrics")["metrics"]
        return next(metric["value"] for metric in metrics if metric["name"] == "LayoutCount")

    before = layouts()
    page.set_viewport_size({"width": 1441, "height": 900})  # the notes are placed again after a resize
    page.wait_for_timeout(400)
    placed = layouts() - before
    assert page.locator("aside.sidenote").count() > 26
    assert 1 <= placed <= 6, f"{placed:.0f} layouts to place the notes"
