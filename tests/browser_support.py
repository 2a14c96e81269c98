"""A browser tab that records what a page asked for and logged (for tests/browser)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
# A failing browser test leaves a full-page screenshot at each (test-artifacts/): phone, and the three
# desktop layouts (the measure alone, notes in the margin, a wide screen).
WIDTHS = {"phone": (360, 780), "1024": (1024, 800), "1440": (1440, 900), "1920": (1920, 1080)}

# The notes in the letter's margin (letter.js) and the references they belong to, as a page lays them out.
SIDENOTES = """() => {
  const refs = [...document.querySelectorAll("sup[id^='fnref:'] > a.footnote-ref")]
    .filter(ref => !ref.closest('.footnote'));
  const text = document.getElementById('p1');
  return {
    refs: refs.map(ref => [ref.textContent.trim(), ref.getBoundingClientRect().top]),
    notes: [...document.querySelectorAll('aside.sidenote')].map(note => {
      const box = note.getBoundingClientRect();
      return [note.querySelector('.sidenote__number').textContent, box.top, box.bottom, box.left,
              note.getAttribute('aria-hidden'),
              [...note.querySelectorAll('a')].every(a => a.getAttribute('tabindex') === '-1')];
    }),
    textRight: text.getBoundingClientRect().right,
    // the right edge of everything in the letter's column: headings, lists, the notes at the end
    columnRight: Math.max(...[...text.parentNode.children].filter(e => e.tagName !== 'ASIDE')
      .map(e => e.getBoundingClientRect().right)),
    line: parseFloat(getComputedStyle(text).lineHeight),
    screen: window.innerHeight,
  };
}"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serving(site: Path) -> Iterator[str]:
    """``site`` on a local port, as a static host would serve it; its address."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


class Reader:
    """A browser tab with a record of everything the page asked for and logged."""

    def __init__(self, context: BrowserContext, base_url: str) -> None:
        self.context = context
        self.base_url = base_url
        self.page: Page = context.new_page()
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        self.page.on("request", self._on_request)
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))

    def _on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def open(self, path: str = "") -> Page:
        self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def screenshots(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        for label, (width, height) in WIDTHS.items():
            self.page.set_viewport_size({"width": width, "height": height})
            self.page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
