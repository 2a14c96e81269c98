"""What a build killed part-way leaves beside the project (its folder, its PDF) goes with the next build,
unless a running build owns it: each build holds a lock on a file beside its folder for as long as it runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from letter_site.engines.building import ABANDONED_AFTER, clear_leftovers
from letter_site.render.pdf import NO_PDF
from projects import build_env, copy_sources, insert_after, site_build

REMOVED = "Removed what builds stopped part-way left behind"
# A MkDocs hook that holds the engine once it has written every page, before letter-site finishes the site.
HOLD = "LETTER_SITE_TEST_HOLD"
HOOK = f"import os, time\n\n\ndef on_post_build(config):\n    if os.environ.get({HOLD!r}):\n        time.sleep(300)\n"


def leftovers(project: Path) -> list[str]:
    """What builds left beside the project's files: folders, PDFs, lock files."""
    return sorted(path.name for path in project.iterdir() if ".building-" in path.name)


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"waited {timeout} s for {what}"
        time.sleep(0.05)


def test_a_build_killed_part_way_leaves_its_folder_and_pdf_which_the_next_build_removes(tmp_path: Path) -> None:
    project = copy_sources(tmp_path / "project")
    (project / "hold.py").write_text(HOOK, encoding="utf-8")
    insert_after("mkdocs.yml", "  generator: false\n", "hooks:\n  - hold.py\n")(project)
    command = [sys.executable, "-m", "letter_site", "build", "--engine", "mkdocs"]
    killed = subprocess.Popen(  # its own process group: the build, its engine and its PDF's process
        command, cwd=project, env=build_env(**{HOLD: "1"}), start_new_session=True, stderr=subprocess.DEVNULL
    )

    def folders() -> list[Path]:
        return [path for path in project.glob(".site.building-*") if path.is_dir()]

    def pages_and_pdf_written() -> bool:
        written = [folder for folder in folders() if (folder / "index.html").exists()]
        return any(folder.with_name(f"{folder.name}.pdf").exists() for folder in written)

    try:
        wait_for(lambda: pages_and_pdf_written() or killed.poll() is not None, "the pages and the PDF")
        assert killed.poll() is None, "the build ended before it could be killed"
    finally:
        os.killpg(killed.pid, signal.SIGKILL)  # kill -9: no finally: block runs
        killed.wait()
    [folder] = folders()
    assert leftovers(project) == sorted([folder.name, f"{folder.name}.pdf", f"{folder.name}.lock"])
    assert not (project / "site").exists()

    result = site_build(project, project / "site", env=build_env(**{NO_PDF: "1"}))

    assert result.returncode == 0, result.stderr
    assert (project / "site" / "index.html").exists()
    assert leftovers(project) == []
    said = [line for line in result.stderr.splitlines() if line.startswith(REMOVED)]
    assert said == [f"{REMOVED}: {folder.name}, {folder.name}.pdf, {folder.name}.lock"]


def test_what_a_running_build_owns_is_left_alone(tmp_path: Path) -> None:
    project = copy_sources(tmp_path / "project")
    owned = project / ".site.building-owned123"  # a build into the same folder, running meanwhile
    (owned / "assets").mkdir(parents=True)
    (owned / "index.html").write_text("being built", encoding="utf-8")
    owned.with_name(f"{owned.name}.pdf").write_bytes(b"%PDF-")
    lock = owned.with_name(f"{owned.name}.lock")
    lock.touch()
    # Its build, for this test: a process that holds the lock, as a build does for as long as it runs.
    hold = "import fcntl, sys, time; f = open(sys.argv[1], 'r+'); fcntl.flock(f, fcntl.LOCK_EX); print('locked')"
    owner = subprocess.Popen(
        [sys.executable, "-c", f"{hold}; sys.stdout.flush(); time.sleep(120)", str(lock)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert owner.stdout is not None
        assert owner.stdout.readline() == "locked\n"

        result = site_build(project, project / "site", env=build_env(**{NO_PDF: "1"}))

        assert result.returncode == 0, result.stderr
        assert REMOVED not in result.stderr
        assert leftovers(project) == [owned.name, f"{owned.name}.lock", f"{owned.name}.pdf"]
        assert (owned / "index.html").read_text(encoding="utf-8") == "being built"
        assert (owned / "assets").is_dir()
    finally:
        owner.kill()
        owner.wait()
    # Once its build has ended, the lock was all that kept it.
    assert clear_leftovers(project) == [owned.name, f"{owned.name}.pdf", f"{owned.name}.lock"]
    assert leftovers(project) == []


def test_a_normal_build_leaves_nothing_for_the_next_one_to_clear(tmp_path: Path) -> None:
    project = copy_sources(tmp_path / "project")

    result = site_build(project, project / "site")

    assert result.returncode == 0, result.stderr
    assert REMOVED not in result.stderr
    assert (project / "site" / "open-letter-2023-08-11.pdf").exists()
    assert leftovers(project) == []
    assert clear_leftovers(project) == []


def test_leftovers_of_any_site_are_cleared_and_those_of_an_older_letter_site_once_they_are_old(
    tmp_path: Path,
) -> None:
    """Without a build: the folder of the project, as builds of each kind left it."""
    ended = tmp_path / ".preview.building-ended12"  # a build of another site, killed: its lock is free
    ended.mkdir()
    (ended / "index.html").write_text("", encoding="utf-8")
    ended.with_name(f"{ended.name}.lock").touch()
    being_written = tmp_path / f".{ended.name}.pdf.abcd1234.tmp"  # its PDF, being written when it was killed
    being_written.write_bytes(b"%PDF-")
    old = tmp_path / ".site.building-old12345"  # an older letter-site's, made no lock file: long ago
    old.mkdir()
    old.with_name(f"{old.name}.pdf").write_bytes(b"%PDF-")
    long_ago = time.time() - ABANDONED_AFTER - 60
    for path in (old, old.with_name(f"{old.name}.pdf")):
        os.utime(path, (long_ago, long_ago))
    recent = tmp_path / ".site.building-recent12"  # an older letter-site's, maybe building now
    recent.mkdir()
    kept = [".site.previous", "site", "notes.pdf", "my.building-plan.md"]
    for name in kept:
        (tmp_path / name).touch()

    removed = clear_leftovers(tmp_path)

    assert sorted(removed) == sorted(
        [ended.name, being_written.name, f"{ended.name}.lock", old.name, f"{old.name}.pdf"]
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([*kept, recent.name])
    assert clear_leftovers(tmp_path) == []


def test_what_the_zensical_path_left_is_cleared_once_nothing_can_be_using_it(tmp_path: Path) -> None:
    """A killed Zensical build or preview leaves its inheriting configuration and its theme folder: a preview
    may run for days, so only what has not changed for ABANDONED_AFTER goes."""
    long_ago = time.time() - ABANDONED_AFTER - 60
    config = tmp_path / ".mkdocs.zensical-ab12cd34.yml"
    config.write_text("INHERIT: mkdocs.yml\n", encoding="utf-8")
    theme = tmp_path / ".letter-theme-ef56gh78"
    (theme / "assets").mkdir(parents=True)
    for path in (config, theme):
        os.utime(path, (long_ago, long_ago))
    running = tmp_path / ".mkdocs.zensical-running1.yml"  # a preview's, in use
    running.write_text("INHERIT: mkdocs.yml\n", encoding="utf-8")
    mine = tmp_path / "mkdocs.zensical-notes.yml"  # not a name the tool makes
    mine.write_text("", encoding="utf-8")
    os.utime(mine, (long_ago, long_ago))

    assert clear_leftovers(tmp_path) == [theme.name, config.name]  # in order of their names
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([running.name, mine.name])
