"""Copies of the repository's sources, and the changes that tests make to them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from scale import COPIED, copy_sources  # tools/scale.py: the repository's sources, copied

REPO = Path(__file__).resolve().parent.parent
__all__ = ["COPIED", "copy_sources"]


# What a deployment sets; a test says which of these it builds with, whatever the shell running it has.
DEPLOYMENT = ("SITE_URL", "REPO_URL", "SOURCE_DATE_EPOCH", "CI")
REPOSITORY = "https://github.com/korean-ngos/open-letter"  # REPO_URL of the test builds with edit links
# YAML's "billion laughs": nine lists of nine aliases, ten levels deep; expanded, 9**10 items.
BILLION_LAUGHS = "\n".join(
    ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
)


def build_env(**settings: str) -> dict[str, str]:
    base = {name: value for name, value in os.environ.items() if name not in DEPLOYMENT}
    return {**base, "NO_MKDOCS_2_WARNING": "1", **settings}


ENGINES = ("mkdocs", "zensical")


def site_build(
    project: Path, site: Path, *extra: str, env: dict[str, str] | None = None, engine: str = "mkdocs"
) -> subprocess.CompletedProcess[str]:
    """Run the real ``letter-site build`` (``make build``) with ``engine`` on ``project`` into ``site``."""
    return subprocess.run(
        [sys.executable, "-m", "letter_site", "build", "--engine", engine, "--site-dir", str(site), *extra],
        cwd=project,
        env=env if env is not None else build_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


# -- changes to a copy: each applies exactly once, or the test is wrong -------------------

Change = Callable[[Path], None]


def edit(path: str, old: str, new: str) -> Change:
    """Replace ``old``, which must occur exactly once in the file, by ``new``."""

    def change(root: Path) -> None:
        file = root / path
        text = file.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{path} must contain exactly once: {old!r}"
        file.write_text(text.replace(old, new), encoding="utf-8")

    return change


def edit_bytes(path: str, old: bytes, new: bytes) -> Change:
    def change(root: Path) -> None:
        file = root / path
        data = file.read_bytes()
        assert data.count(old) == 1, f"{path} must contain exactly once: {old!r}"
        file.write_bytes(data.replace(old, new))

    return change


def insert_after(path: str, old: str, new: str) -> Change:
    return edit(path, old, old + new)


def drop_line(path: str, start: str) -> Change:
    """Delete the one line that starts with ``start``."""

    def change(root: Path) -> None:
        file = root / path
        lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in lines if not line.startswith(start)]
        assert len(kept) == len(lines) - 1, f"{path}: exactly one line must start with {start!r}"
        file.write_text("".join(kept), encoding="utf-8")

    return change


def delete(path: str) -> Change:
    def change(root: Path) -> None:
        target = root / path
        assert target.exists(), path
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()

    return change


def write(path: str, content: str) -> Change:
    def change(root: Path) -> None:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(content, encoding="utf-8")

    return change


def rename(path: str, new: str) -> Change:
    def change(root: Path) -> None:
        (root / path).rename(root / new)

    return change


def line_of(root: Path, path: str, where: str) -> int:
    """The number of the line of ``path`` holding ``where`` ("text" or "text#n", see Expected)."""
    numbered = re.fullmatch(r"(.*)#(\d+)", where, flags=re.DOTALL)
    text, nth = numbered.groups() if numbered else (where, "")
    lines = (root / path).read_text(encoding="utf-8", errors="replace").splitlines()
    found = [number for number, line in enumerate(lines, start=1) if text in line]
    if nth:
        assert len(found) >= int(nth), f"{path}: {text!r} must be on {nth} lines, found on {found}"
        return found[int(nth) - 1]
    assert len(found) == 1, f"{path}: {text!r} must be on exactly one line, found on {found}"
    return found[0]


class Sites:
    """The real repository's site, built once per engine (on first use), strictly, as the workflows build it."""

    def __init__(self, factory: Any) -> None:  # pytest.TempPathFactory
        self.factory = factory
        self.built: dict[str, Path] = {}

    def __call__(self, engine: str) -> Path:
        if engine not in self.built:
            site = self.factory.mktemp(f"site-{engine}")
            # A copy of the sources: an engine's cache (Zensical's .cache/) stays out of the repository,
            # and builds that run at the same time (pytest -n) do not share one.
            project = copy_sources(self.factory.mktemp(f"project-{engine}") / "project")
            result = site_build(project, site, env=build_env(REPO_URL=REPOSITORY), engine=engine)
            assert result.returncode == 0, result.stderr
            self.built[engine] = site
        return self.built[engine]


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of this run that every pytest worker shares (with one worker: the run's own)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
