"""Real Chromium (Debian's, never a downloaded one) driving the built site.

These tests fail -- they never skip -- when Chromium is missing: a reader's
experience that was not checked is not known to work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from browser_support import Reader, serving

CHROMIUM = Path("/usr/bin/chromium")
# expect() waits up to 5 s by default; CI runs four workers on two cores beside Chromium: a margin, not a pace.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    assert CHROMIUM.exists(), f"{CHROMIUM} not found: install Debian's Chromium (apt-get install chromium)"
    return {
        "executable_path": str(CHROMIUM),
        "headless": True,
        # Without these Chromium phones home at start; the network here is closed.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    """The built site on a local port, as a static host would serve it."""
    with serving(built_site) as address:
        yield address


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.stash[_FAILED] = report.failed
    return report


_FAILED = pytest.StashKey[bool]()


@pytest.fixture
def new_reader(browser: Browser, base_url: str, request: pytest.FixtureRequest) -> Iterator[Callable[..., Reader]]:
    """Make readers with given context options; on failure, save screenshots at 360 and 1440 px."""
    readers: list[Reader] = []

    def make(**options: Any) -> Reader:
        options.setdefault("viewport", {"width": 1440, "height": 900})
        reader = Reader(browser.new_context(**options), base_url)
        readers.append(reader)
        return reader

    yield make
    failed = request.node.stash.get(_FAILED, False)
    for index, reader in enumerate(readers):
        if failed:
            name = request.node.name.replace("/", "_").replace("[", "-").rstrip("]")
            reader.screenshots(f"{name}-{index}")
        reader.context.close()


@pytest.fixture
def reader(new_reader: Callable[..., Reader]) -> Reader:
    return new_reader()
