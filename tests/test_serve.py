"""The editing loop: `make serve` (with either engine) rebuilds on every source edit and survives bad input."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from projects import BILLION_LAUGHS, ENGINES, build_env, copy_sources

TIMEOUT = 30.0
# What each engine's preview logs when it tells the browsers to reload.
RELOADING = {"mkdocs": "Reloading browsers", "zensical": "Reloading..."}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:  # a loaded CI machine: 2 cores, 4 workers
        return str(response.read().decode("utf-8"))


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


class Server:
    def __init__(self, project: Path, log: Path, engine: str = "mkdocs", **settings: str) -> None:
        self.project = project
        self.engine = engine
        self.log = log
        self.url = f"http://127.0.0.1:{free_port()}/"
        env = build_env(**settings)
        address = self.url.removeprefix("http://").rstrip("/")
        self.process = subprocess.Popen(
            # As `make serve` does: Zensical runs no plugin, so letter-site gives it the tool's theme.
            [sys.executable, "-m", "letter_site", "serve", "--engine", engine, "--dev-addr", address],
            cwd=project,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def page(self) -> str:
        return fetch(self.url)

    def edit(self, name: str, old: str, new: str) -> None:
        if self.engine == "zensical":
            # Zensical knows a watched file by its time of change in whole seconds: a second save
            # within the same second is not seen (README, "Engines").
            time.sleep(1.1)
        path = self.project / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1
        path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(params=ENGINES)
def server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Server]:
    running = Server(copy_sources(tmp_path / "project"), tmp_path / "serve.log", request.param)
    wait_for(lambda: "Dear High Commissioner" in running.page(), "the first build")
    yield running
    running.process.terminate()
    running.process.wait(timeout=30)
    # Stopping `letter-site serve` stops the engine's server it started: nothing answers any more.
    wait_for(lambda: not answers(running.url), "the engine's server to stop with letter-site serve")


def answers(url: str) -> bool:
    try:
        fetch(url)
    except OSError:
        return False
    return True


def test_the_preview_has_the_tools_theme_on_either_engine(server: Server) -> None:
    """Zensical runs no plugin of ours: letter-site serve gives it the tool's script and stylesheet."""
    page = server.page()
    assert "assets/letter.js" in page
    assert "assets/letter.css" in page
    assert "LetterNote" in fetch(server.url + "assets/letter.js")


@pytest.mark.parametrize(
    ("name", "old", "new", "shown"),
    [
        ("letter/03-regular-reports.md", "every March.", "every March (edited).", "every March (edited)."),
        ("signatories.yaml", "- name: Stepping Stone", "- name: Stepping Stones", "Stepping Stones"),
        ("footnotes.yaml", "pinpoint: para. 1197", "pinpoint: para. 1198", "</a>, para. 1198."),
    ],
)
def test_an_edit_to_any_source_rebuilds_and_reloads(server: Server, name: str, old: str, new: str, shown: str) -> None:
    server.edit(name, old, new)
    wait_for(lambda: shown in server.page(), f"the edit of {name} to be served")
    wait_for(lambda: RELOADING[server.engine] in server.output(), "the browsers to be told to reload")


def test_bad_input_is_shown_and_the_server_survives_until_it_is_fixed(server: Server) -> None:
    server.edit("footnotes.yaml", "date: 2022-10-13", "date: 2022-13-10")
    wait_for(lambda: "The sources have 1 problem" in server.page(), "the problem to be shown in the page")
    page = server.page()
    assert "footnotes.yaml:" in page
    assert "&#x27;date&#x27; is not a real date: &#x27;2022-13-10&#x27;" in page
    assert "footnotes.yaml:" in server.output()
    assert "Traceback" not in server.output()
    assert server.process.poll() is None, "the server stopped"

    server.edit("footnotes.yaml", "date: 2022-13-10", "date: 2022-10-13")
    wait_for(lambda: "Dear High Commissioner" in server.page(), "the letter to come back")
    assert server.process.poll() is None


def test_fixing_a_page_clears_its_problem_from_the_letter_page(server: Server) -> None:
    """Zensical re-renders only the page edited; the letter page shows the problems of every page."""
    server.edit("docs/about.md", "## Who sent it\n", "## Who sent it\n\n<!-- a comment -->\n")
    wait_for(lambda: "The sources have 1 problem" in server.page(), "the page's problem on the letter page")
    server.edit("docs/about.md", "## Who sent it\n\n<!-- a comment -->\n", "## Who sent it\n")
    wait_for(lambda: "Dear High Commissioner" in server.page(), "the letter to come back")


# Each of these once crashed the build or hung it; a preview must show it and keep answering.
CRASHES = [
    ("signatories.yaml", "as_of: 2023-08-11\n", BILLION_LAUGHS + "\nas_of: 2023-08-11\n", "YAML anchors, aliases"),
    ("footnotes.yaml", "symbol: A/77/522", "symbol: A/77/\x00522", "an invisible character U+0000 (NUL)"),
    ("letter/01-coi-findings.md", "world”.[^coi-gravity]", "world”.`[^coi-gravity]`", "would not become a note"),
    ("letter/06-closing.md", "Thank you.", "Thank you, [see above](#nowhere).", "which is nowhere in the letter"),
    ("letter/05-way-forward.md", "## 5. Way forward", "## 5. Way forward {below}", "could lose its anchor"),
]


def test_what_once_crashed_the_build_is_shown_in_the_preview_which_keeps_answering(server: Server) -> None:
    for name, old, new, shown in CRASHES:
        server.edit(name, old, new)
        wait_for(lambda shown=shown: shown in server.page(), f"{name}: {shown!r} to be shown")  # type: ignore[misc]
        assert server.process.poll() is None, "the server stopped"
        server.edit(name, new, old)
        wait_for(lambda: "Dear High Commissioner" in server.page(), f"{name}: the letter to come back")
    assert "Traceback" not in server.output()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_preview_with_a_bad_source_date_epoch_says_so_and_serves(tmp_path: Path, engine: str) -> None:
    project = copy_sources(tmp_path / "project")
    running = Server(project, tmp_path / "serve.log", engine, SOURCE_DATE_EPOCH="garbage")
    try:
        wait_for(lambda: "SOURCE_DATE_EPOCH must be a whole number" in running.page(), "the problem in the page")
        assert running.process.poll() is None
        assert "Traceback" not in running.output()
    finally:
        running.process.terminate()
        running.process.wait(timeout=30)
