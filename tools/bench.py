"""``make bench``: how long the sources take to load and the site to build, and how big it is.

A benchmark, not a test: it prints a table and exits 0; non-zero only if the
sources are invalid or the site does not build.

(a) ``load_letter`` + ``cite_notes`` in-process: median of 20 runs, after one
    untimed warm-up run.
(b) ``mkdocs build --strict`` of the real site into a temporary folder, as a
    command (so including Python's start-up and imports, as ``make build``):
    median of 5 runs.
(c) The built letter page's HTML, raw and gzipped (level 6, what hosts use), and
    the whole built site (every file, source maps included).
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import File

from letter_site import SourcePaths, SourcesInvalid, cite_notes, load_letter

ROOT = Path(__file__).resolve().parent.parent
GZIP_LEVEL = 6


def timed(action: Callable[[], object], runs: int) -> list[float]:
    """Seconds each of ``runs`` calls of ``action`` took."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def load_and_cite() -> None:
    cite_notes(load_letter(SourcePaths(ROOT)))


def build(site_dir: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"bench: the site does not build (mkdocs build --strict):\n{result.stdout}{result.stderr}")


def letter_page_file() -> str:
    """The built letter page, relative to the site, from the ``letter`` plugin's ``letter_page``."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    page = config.plugins["letter"].config["letter_page"]
    return File(page, config.docs_dir, config.site_dir, config.use_directory_urls).dest_uri


def kib(size: float) -> str:
    return f"{size / 1024:.1f} KiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--load-runs", type=int, default=20, help="runs of load_letter + cite_notes (default 20)")
    parser.add_argument("--build-runs", type=int, default=5, help="runs of mkdocs build (default 5)")
    args = parser.parse_args(argv)
    if args.load_runs < 1 or args.build_runs < 1:
        parser.error("the number of runs must be at least 1")

    try:
        load_and_cite()  # warm-up: imports, file cache
    except SourcesInvalid as invalid:
        print(f"bench: the sources are invalid:\n{invalid.report()}", file=sys.stderr)
        return 1
    load_times = [t * 1000 for t in timed(load_and_cite, args.load_runs)]

    with tempfile.TemporaryDirectory(prefix="letter-bench-") as temp:
        site_dir = Path(temp) / "site"
        print(f"Timing load + cite ({args.load_runs} runs) and the build ({args.build_runs} runs)...", flush=True)
        build_times = timed(lambda: build(site_dir), args.build_runs)
        letter_page = letter_page_file()
        html = (site_dir / letter_page).read_bytes()
        html_gzip = len(gzip.compress(html, compresslevel=GZIP_LEVEL, mtime=0))
        files = [path for path in site_dir.rglob("*") if path.is_file()]
        site_bytes = sum(path.stat().st_size for path in files)

    rows = [
        (
            f"(a) load_letter + cite_notes, median of {args.load_runs}",
            f"{statistics.median(load_times):.2f} ms",
            f"min {min(load_times):.2f}, max {max(load_times):.2f} ms",
        ),
        (
            f"(b) mkdocs build --strict, median of {args.build_runs}",
            f"{statistics.median(build_times):.2f} s",
            f"min {min(build_times):.2f}, max {max(build_times):.2f} s",
        ),
        (f"(c) letter page {letter_page}, raw", kib(len(html)), f"{len(html)} bytes"),
        (f"    letter page {letter_page}, gzip -{GZIP_LEVEL}", kib(html_gzip), f"{html_gzip} bytes"),
        ("    whole site, raw", kib(site_bytes), f"{len(files)} files, {site_bytes} bytes"),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for name, value, detail in rows:
        print(f"{name.ljust(widths[0])}  {value.rjust(widths[1])}  {detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
