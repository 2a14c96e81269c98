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
(e) The cost of our plugin: ``mkdocs build`` of the real site, without its PDF
    (``LETTER_SITE_NO_PDF``), against plain MkDocs + Material building the same
    pages from static Markdown that this benchmark writes out from ours
    (ordinary footnotes, the same theme settings, no plugin or extension of
    ours); the PDF step (``letter-site pdf``) timed apart; the same for
    Zensical (``letter-site build --engine zensical`` against Zensical's build
    of the static pages).  Median of ``--build-runs`` each, the runs taking turns.
(f) Live editing: under ``mkdocs serve``, the time from saving a changed
    ``footnotes.yaml`` to the letter page being served with the change, at the
    real size and the largest, median of 3 edits.  MkDocs' watcher polls every
    0.5 s, so a quarter of a second of it, on average, is waiting to notice.

The table, with the machine and the date, is also written to
``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import scale
from bench_versions import versions_rows

from letter_site import SourcePaths, SourcesInvalid, cite_notes, load_letter
from letter_site.common.ids import CITE_MARKER, LETTER_MARKER, SIGNATORIES_MARKER, SOURCES_MARKER
from letter_site.engines.build import ENGINES
from letter_site.engines.extension import cite_block
from letter_site.engines.finish import NO_PDF
from letter_site.engines.project import load_project, read_config
from letter_site.render.pages import letter_markdown, note_html, signatories_page_markdown, sources_markdown
from letter_site.sources.loader import forget

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


def load_and_cite(paths: SourcePaths | None = None) -> None:
    """Load and cite as a build does the first time: nothing kept from the runs before."""
    forget()
    cite_notes(load_letter(paths or SourcePaths(ROOT)))


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
    first: tuple[float, float, float] | None = None
    with tempfile.TemporaryDirectory(prefix="letter-scale-") as temp:
        for name, notes, individuals in SIZES:
            project = scale.make_project(Path(temp) / name.replace(" ", "-").replace(",", ""), notes, individuals)
            paths = SourcePaths(project)
            load = statistics.median(timed(lambda paths=paths: load_and_cite(paths), 3))  # type: ignore[misc]
            letter = load_letter(paths)
            seconds, peak = peak_build(project, project / "site")
            size = f"{len(cite_notes(letter))} notes, {len(letter.sources)} sources, {len(letter.signatories)} names"
            first = first or (load, seconds, peak)
            rows.append(
                (
                    name,
                    size,
                    f"{load:.2f} s ({load / first[0]:.1f}x)",
                    f"{seconds:.1f} s ({seconds / first[1]:.1f}x)",
                    f"{peak:.0f} MiB ({peak / first[2]:.1f}x)",
                )
            )
            print(f"  {name}: load {load:.2f} s, build {seconds:.1f} s, peak {peak:.0f} MiB", flush=True)
    return rows


def static_project(target: Path) -> Path:
    """The real site's pages as plain Markdown for plain MkDocs + Material (and Zensical): the baseline.

    Each marker line becomes what our extension writes there; the notes become
    ordinary footnote definitions (their HTML inline); ``mkdocs.yml`` loses our
    plugin and our extension and keeps everything else.
    """
    project = scale.copy_sources(target)
    loaded = load_project(read_config(project / "mkdocs.yml").settings)
    letter, paths = loaded.letter, loaded.settings.paths
    assert letter is not None
    pdf_name = loaded.download("pdf")
    page = letter_markdown(
        letter,
        pdf_href=loaded.href(paths.letter_page, pdf_name) if pdf_name else None,
        all_signatories=loaded.href(paths.letter_page, paths.signatories_page),
    )
    links = loaded.links(paths.letter_page)
    definitions = "\n".join(f"[^{note.key}]: {note_html(note, letter, links)}" for note in loaded.notes)
    fills = {
        LETTER_MARKER: f"{page}\n{definitions}\n",
        SOURCES_MARKER: sources_markdown(letter, loaded.notes, loaded.links(paths.sources_page), None),
        SIGNATORIES_MARKER: signatories_page_markdown(letter),
        CITE_MARKER: cite_block(loaded, "about.md"),
    }
    for source in (project / "docs").glob("*.md"):
        text = source.read_text(encoding="utf-8")
        for marker, fill in fills.items():
            text = text.replace(marker, fill)
        source.write_text(text, encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("\n  - letter\n", "\n")
    text = re.sub(r"\n  - letter_site\.extension:\n(?:      .*\n)+", "\n", text)
    assert not re.search(r"^\s*- letter(_site\.extension)?:?\s*$", text, re.MULTILINE), "ours is left in mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return project


def run(command: list[str], cwd: Path, **env: str) -> None:
    result = subprocess.run(
        command,
        cwd=cwd,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed in {cwd}:\n{result.stdout}{result.stderr}")


# Zensical's build of a configuration, as `letter-site build` calls it, without our steps; not strict: the
# static pages lack the paragraph anchors (#p12) that our extension gives the letter, and about.md links to one.
ZENSICAL_BUILD = "import sys, zensical; zensical.build(sys.argv[1], {'strict': False, 'clean': True})"


def plugin_cost(runs: int) -> list[tuple[str, str, str]]:
    """(e): our site without its PDF against plain Material on the same pages, the PDF apart; and Zensical."""
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="letter-baseline-") as temp:
        ours, plain = scale.copy_sources(Path(temp) / "ours"), static_project(Path(temp) / "plain")
        commands: dict[str, tuple[list[str], Path, dict[str, str]]] = {
            "mkdocs: ours": ([python, "-m", "mkdocs", "build", "-q", "-d", f"{temp}/s1"], ours, {NO_PDF: "1"}),
            "mkdocs: plain Material": ([python, "-m", "mkdocs", "build", "-q", "-d", f"{temp}/s2"], plain, {}),
            "the PDF step": ([python, "-m", "letter_site", "pdf", "--output", f"{temp}/l.pdf"], ours, {}),
            "zensical: ours": (
                [python, "-m", "letter_site", "build", "--engine", "zensical", "--site-dir", f"{temp}/s3"],
                ours,
                {NO_PDF: "1"},
            ),
            "zensical: plain": ([python, "-c", ZENSICAL_BUILD, "mkdocs.yml"], plain, {}),
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, (command, cwd, env) in commands.items():
                times[name] += timed(lambda: run(command, cwd, **env), 1)  # noqa: B023 - called at once
    median = {name: statistics.median(values) for name, values in times.items()}
    rows = [
        (f"(e) {name}, median of {runs}", f"{median[name]:.2f} s", f"min {min(t):.2f}, max {max(t):.2f} s")
        for name, t in times.items()
    ]
    for engine in ENGINES:
        ratio = median[f"{engine}: ours"] / median[f"{engine}: plain" + (" Material" if engine == "mkdocs" else "")]
        rows.append((f"    {engine}: ours / plain, without the PDF", f"{ratio:.2f}x", "goal: at most 1.10x"))
    return rows


def serve_latency(project: Path, edits: int = 3) -> list[float]:
    """(f): seconds from saving footnotes.yaml to ``mkdocs serve`` serving the letter page with the change."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]  # livereload: it watches
    server = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def get(path: str) -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=90) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            return ""

    def letter_page() -> str:
        return get("/")

    footnotes = project / "footnotes.yaml"
    original = footnotes.read_text(encoding="utf-8")
    title = re.search(r"^    title: (.+)$", original, re.MULTILINE)
    assert title is not None
    times = []
    try:
        started = time.perf_counter()
        while "letter-signatories" not in letter_page():
            if time.perf_counter() - started > 300 or server.poll() is not None:
                raise SystemExit(f"bench: mkdocs serve did not serve {project}")
            time.sleep(0.1)
        for edit in range(edits):
            time.sleep(1.5)  # the preview settled, and its background PDF under way
            marker = f"Edited{edit}x{time.time_ns()}"
            changed = original.replace(title.group(0), f"{title.group(0)} {marker}", 1)
            epoch = get("/livereload/0/0")  # the version of the site being served
            saved = time.perf_counter()
            footnotes.write_text(changed, encoding="utf-8")
            # As a reader's browser waits: MkDocs answers this when a newer version is served,
            # without requests for a 1.5 MB page competing with the rebuild.
            while marker not in letter_page():
                epoch = get(f"/livereload/{epoch}/{edit}")
                if time.perf_counter() - saved > 120:
                    raise SystemExit(f"bench: mkdocs serve did not rebuild {project} within 2 minutes")
            times.append(time.perf_counter() - saved)
    finally:
        footnotes.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait()
    return times


def live_editing() -> list[tuple[str, str, str]]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="letter-serve-") as temp:
        for name, notes, individuals in (SIZES[0], SIZES[-1]):
            project = scale.make_project(Path(temp) / str(notes), notes, individuals)
            times = serve_latency(project)
            rows.append(
                (
                    f"(f) mkdocs serve, save to served: {name}, median of {len(times)}",
                    f"{statistics.median(times):.2f} s",
                    f"min {min(times):.2f}, max {max(times):.2f} s",
                )
            )
            print(f"  {rows[-1][0]}: {rows[-1][1]}", flush=True)
    return rows


def write_results(
    rows: list[tuple[str, str, str]],
    scaled: list[tuple[str, str, str, str, str]],
    more: list[tuple[str, str, str]],
) -> None:
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
        "## The cost of our plugin, live editing, and released versions",
        "",
        "| measure | value | detail |",
        "| --- | --- | --- |",
        *(f"| {name.strip()} | {value} | {detail} |" for name, value, detail in more),
        "",
        "## Scale (synthetic sources from tools/scale.py; `letter-site build`, MkDocs, PDF included)",
        "",
        "Growth is against the real letter; the PDF is made beside the engine, on the second core.",
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
    print(f"(e) The cost of our plugin: ours and plain Material, {args.build_runs} runs each...", flush=True)
    more = plugin_cost(args.build_runs)
    print("(f) Live editing under mkdocs serve...", flush=True)
    more += live_editing()
    print("(g) Released versions: 1, 10 and 50, and one more release...", flush=True)
    more += versions_rows()
    for name, value, detail in more:
        print(f"{name}  {value}  {detail}")
    write_results(rows, scaled, more)
    print(f"Written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
