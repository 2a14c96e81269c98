"""``make bench``, (g): the build of a letter with 1, 10 and 50 released versions, and what one more release costs.

Each release adds a signatory (so that each tag has a tree of its own). The first
build makes every version; the next, after one more release, makes that one and
takes the others from ``.cache/versions/``. Without the PDF (as (b) is timed
apart from it): WeasyPrint's second or two a version would hide the rest.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scale import copy_sources

GIT = ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org", "-c", "tag.gpgSign=false"]


def _git(root: Path, *args: str, day: int) -> None:
    when = "2023-08-11T12:00:00+00:00" if day == 0 else f"2023-{8 + day // 28:02d}-{1 + day % 28:02d}T12:00:00+00:00"
    env = {**os.environ, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when}
    subprocess.run([*GIT, *args], cwd=root, check=True, capture_output=True, env=env)


def _release(root: Path, number: int) -> None:
    signatories = root / "signatories.yaml"
    with signatories.open("a", encoding="utf-8") as file:
        file.write(f"\n  - name: Bench Organization {number}\n    kind: organization\n")
    _git(root, "add", "-A", day=number)
    _git(root, "commit", "-q", "-m", f"release {number}", day=number)
    _git(root, "tag", "-a", f"v0.{number}", "-m", f"Release {number}", day=number)


def _build(root: Path, site: Path) -> float:
    env = {**os.environ, "LETTER_SITE_NO_PDF": "1", "NO_MKDOCS_2_WARNING": "1", "SITE_URL": "https://example.org/"}
    env.pop("CI", None)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "letter_site", "build", "--site-dir", str(site)], cwd=root, env=env,
                   check=True, capture_output=True)  # fmt: skip
    return time.perf_counter() - start


def versions_rows(counts: tuple[int, ...] = (1, 10, 50)) -> list[tuple[str, str, str]]:
    rows = []
    for count in counts:
        with tempfile.TemporaryDirectory(prefix="letter-bench-versions-") as temp:
            root = copy_sources(Path(temp) / "letter")
            (root / ".gitignore").write_text(".cache/\n", encoding="utf-8")  # as a letter's repository has it
            _git(root, "init", "-q", "-b", "main", day=0)
            for number in range(count):
                _release(root, number)
            first = _build(root, Path(temp) / "site")
            _release(root, count)
            again = _build(root, Path(temp) / "site")
            plain = _build(root, Path(temp) / "site")  # nothing new: every version from the cache
        rows.append((f"(g) {count} released version{'s' if count > 1 else ''}: first build (no PDF)", f"{first:.1f} s",
                     f"{first / (count + 1):.2f} s a version, the current letter included"))  # fmt: skip
        rows.append((f"    {count}: after one more release", f"{again:.1f} s",
                     f"again with nothing new: {plain:.1f} s"))  # fmt: skip
        print(f"  {rows[-2][0]}: {rows[-2][1]}; {rows[-1][0].strip()}: {rows[-1][1]}", flush=True)
    return rows
