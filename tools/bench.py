"""``make bench``: how long the sources take to load and the site to build, and how big it is.

A benchmark, not a test: it prints a table and exits 0; non-zero only if the
sources are invalid or the site does not build.

(a) ``load_letter`` + ``cite_notes`` in-process: median of 20 runs, after one
    untimed warm-up run.
(b) ``letter-site build --engine E`` of the real site into a temporary folder
    with each engine (MkDocs + Material, Zensical), as a command (so including
    Python's start-up, the check, the PDF: what ``make build`` does): median
    of 5 runs each, the engines' runs taking turns so that both see the same
    machine.
(c) The built letter page's HTML, raw and gzipped (level 6, what hosts use), and
    the whole built site (every file, source maps included), per engine.
(d) Scale: synthetic sources (tools/scale.py) with 10x and 100x the letter's
    notes and sources, and 1,000 and 10,000 individual signatories: loading and
    checking (in-process, median of 3), one ``letter-site build`` each (MkDocs)
    with its peak memory (the largest process), and how each grows.

The table, with the machine and the date, is also written to
``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import scale

from letter_site import SourcePaths, SourcesInvalid, cite_notes, load_letter
from letter_site.build import ENGINES
from letter_site.project import load_project, read_config

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


def build(site_dir: Path, engine: str) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "letter_site", "build", "--engine", engine, "--site-dir", str(site_dir)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"bench: the site does not build with {engine}:\n{result.stdout}{result.stderr}")


def letter_page_file() -> str:
    """The built letter page, relative to the site, from our extension's ``letter_page`` in mkdocs.yml."""
    project = load_project(read_config(ROOT / "mkdocs.yml").settings)
    return project.url(project.settings.paths.letter_page).removeprefix("./") + "index.html"


# (name, times the notes and sources, individual signatories)
SIZES = [
    ("real letter", 1, 0),
    ("10x notes", 10, 0),
    ("100x notes", 100, 0),
    ("1,000 signatories", 1, 1000),
    ("10,000 signatories", 1, 10000),
    ("100x notes + 10,000 signatories", 100, 10000),
]
RESULTS = ROOT / "benchmarks" / "RESULTS.md"


def peak_build(project: Path, site_dir: Path) -> tuple[float, float]:
    """Seconds and peak memory (MiB, the largest process) of one ``letter-site build`` of ``project``."""
    code = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode); "
        "sys.stderr.write(r.stderr[-2000:] if r.returncode else '')"
    )
    command = [sys.executable, "-m", "letter_site", "build", "--site-dir", str(site_dir)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-c", code, *command], cwd=project, env=env, capture_output=True, text=True, check=False
    )
    seconds, peak, status = result.stdout.split()
    if status != "0":
        raise SystemExit(f"bench: the {project.name} sources do not build:\n{result.stderr}")
    return float(seconds), int(peak) / 1024


def scale_rows() -> list[tuple[str, str, str, str, str]]:
    """Loading and building at each of :data:`SIZES`."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="letter-scale-") as temp:
        for name, notes, individuals in SIZES:
            project = scale.make_project(Path(temp) / name.replace(" ", "-").replace(",", ""), notes, individuals)
            paths = SourcePaths(project)
            load_and_cite_once = lambda paths=paths: cite_notes(load_letter(paths))  # noqa: E731
            load = statistics.median(timed(load_and_cite_once, 3))
            letter = load_letter(paths)
            seconds, peak = peak_build(project, project / "site")
            size = f"{len(cite_notes(letter))} notes, {len(letter.sources)} sources, {len(letter.signatories)} names"
            rows.append((name, size, f"{load:.2f} s", f"{seconds:.1f} s", f"{peak:.0f} MiB"))
            print(f"  {name}: load {load:.2f} s, build {seconds:.1f} s, peak {peak:.0f} MiB", flush=True)
    return rows


def write_results(rows: list[tuple[str, str, str]], scaled: list[tuple[str, str, str, str, str]]) -> None:
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (tools/bench.py); do not edit by hand.",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}. "
        f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        "## The real letter",
        "",
        "| measure | value | detail |",
        "| --- | --- | --- |",
        *(f"| {name.strip()} | {value} | {detail} |" for name, value, detail in rows),
        "",
        "## Scale (synthetic sources from tools/scale.py; `letter-site build`, MkDocs, PDF included)",
        "",
        "| sources | size | load + check | build | peak memory |",
        "| --- | --- | --- | --- | --- |",
        *(f"| {' | '.join(row)} |" for row in scaled),
        "",
    ]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("\n".join(lines), encoding="utf-8")


def kib(size: float) -> str:
    return f"{size / 1024:.1f} KiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--load-runs", type=int, default=20, help="runs of load_letter + cite_notes (default 20)")
    parser.add_argument("--build-runs", type=int, default=5, help="runs of each engine's build (default 5)")
    parser.add_argument("--no-scale", action="store_true", help="leave out (d), the synthetic sources at scale")
    args = parser.parse_args(argv)
    if args.load_runs < 1 or args.build_runs < 1:
        parser.error("the number of runs must be at least 1")

    try:
        load_and_cite()  # warm-up: imports, file cache
    except SourcesInvalid as invalid:
        print(f"bench: the sources are invalid:\n{invalid.report()}", file=sys.stderr)
        return 1
    load_times = [t * 1000 for t in timed(load_and_cite, args.load_runs)]

    rows = [
        (
            f"(a) load_letter + cite_notes, median of {args.load_runs}",
            f"{statistics.median(load_times):.2f} ms",
            f"min {min(load_times):.2f}, max {max(load_times):.2f} ms",
        ),
    ]
    letter_page = letter_page_file()
    with tempfile.TemporaryDirectory(prefix="letter-bench-") as temp:
        sites = {engine: Path(temp) / engine for engine in ENGINES}
        print(f"Timing load + cite ({args.load_runs} runs) and each engine's build ({args.build_runs} runs)...")
        build_times: dict[str, list[float]] = {engine: [] for engine in ENGINES}
        for _ in range(args.build_runs):
            for engine in ENGINES:
                build_times[engine] += timed(lambda engine=engine: build(sites[engine], engine), 1)  # type: ignore[misc]
        for engine in ENGINES:
            times = build_times[engine]
            rows.append(
                (
                    f"(b) letter-site build --engine {engine}, median of {args.build_runs}",
                    f"{statistics.median(times):.2f} s",
                    f"min {min(times):.2f}, max {max(times):.2f} s",
                )
            )
        for engine in ENGINES:
            html = (sites[engine] / letter_page).read_bytes()
            html_gzip = len(gzip.compress(html, compresslevel=GZIP_LEVEL, mtime=0))
            files = [path for path in sites[engine].rglob("*") if path.is_file()]
            site_bytes = sum(path.stat().st_size for path in files)
            rows += [
                (f"(c) {engine}: letter page {letter_page}, raw", kib(len(html)), f"{len(html)} bytes"),
                (f"    {engine}: letter page, gzip -{GZIP_LEVEL}", kib(html_gzip), f"{html_gzip} bytes"),
                (f"    {engine}: whole site, raw", kib(site_bytes), f"{len(files)} files, {site_bytes} bytes"),
            ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for name, value, detail in rows:
        print(f"{name.ljust(widths[0])}  {value.rjust(widths[1])}  {detail}")
    if args.no_scale:
        return 0
    print("(d) Scale: synthetic sources (tools/scale.py), one build each...", flush=True)
    scaled = scale_rows()
    write_results(rows, scaled)
    print(f"Written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
