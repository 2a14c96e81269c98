"""``make audit``: Lighthouse (mobile) and the Nu HTML checker on the built site.

A benchmark, not a test: it prints numbers beside their goals and exits 0 even
when a goal is missed.  It exits non-zero only when the tooling itself fails
(no Chromium, no Java, the site does not build, Lighthouse crashes...).

1. Builds the site (strict) into a temporary folder, with ``SITE_URL`` set to
   the address it is served from, as on the real host.
2. Serves it on 127.0.0.1 with gzip and cache headers, as a real host would
   (Python's ``http.server`` does not compress).
3. Runs Lighthouse 12.2.3 (mobile, the default form factor) on the letter page
   three times and prints every run, the medians and the failing audits of the
   median run.
4. Runs the Nu HTML checker on every page of the built site.

Lighthouse and vnu.jar are installed by ``npm ci`` into ``tools/audit/node_modules``
from the pinned ``tools/audit/package-lock.json``.  Nothing here needs the
internet once they are installed; the site makes no third-party request, and
the script reports any request Lighthouse saw to another origin.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import posixpath
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from dataclasses import dataclass
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

import scale  # tools/scale.py: synthetic signatories for --individuals

from letter_site.engines.project import load_project, read_config

ROOT = Path(__file__).resolve().parent.parent
AUDIT_DIR = ROOT / "tools" / "audit"
NODE_MODULES = AUDIT_DIR / "node_modules"
LIGHTHOUSE_CLI = NODE_MODULES / "lighthouse" / "cli" / "index.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALLED_STAMP = NODE_MODULES / ".audit-installed"

CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SCORE_GOAL = 100
WEIGHT_GOAL_KIB = 80  # KiB, as Lighthouse reports total-byte-weight (1 KiB = 1024 bytes)
LIGHTHOUSE_TIMEOUT = 300  # seconds per run
VNU_TIMEOUT = 300

# What a static host sends.  Compressed: text types (the same list as nginx's
# usual ``gzip_types``).  Cache: Material's fingerprinted assets
# (``bundle.a5f9d56c.min.js``) never change, so they are cached for a year;
# HTML is revalidated on every visit; anything else gets GitHub Pages' 10 minutes.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".gz": "application/gzip",
}
COMPRESSED_SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".map", ".webmanifest", ".svg", ".xml", ".txt"}
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.")
CACHE_IMMUTABLE = "public, max-age=31536000, immutable"
CACHE_HTML = "no-cache"
CACHE_OTHER = "public, max-age=600"
GZIP_LEVEL = 6  # zlib's default, what nginx, Apache and most CDNs use


class ToolingError(Exception):
    """The audit could not be run; the message says how to fix it."""


# --------------------------------------------------------------------------- server


class StaticSiteHandler(BaseHTTPRequestHandler):
    """Serve a built MkDocs site the way a static host does."""

    server_version = "audit-static"
    protocol_version = "HTTP/1.1"
    site_dir: ClassVar[Path]
    _gzip_cache: ClassVar[dict[tuple[Path, int], bytes]] = {}
    _gzip_lock: ClassVar[threading.Lock] = threading.Lock()

    def version_string(self) -> str:
        return self.server_version

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: Lighthouse makes hundreds of requests

    def _respond(self, *, send_body: bool) -> None:
        url_path = unquote(urlsplit(self.path).path)
        target = self._resolve(url_path)
        status = HTTPStatus.OK
        if target is not None and target.is_dir():
            if not url_path.endswith("/"):  # /about -> /about/, as hosts do
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", url_path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            target = target / "index.html"
        if target is None or not target.is_file():
            status = HTTPStatus.NOT_FOUND
            target = self.site_dir / "404.html"
            if not target.is_file():
                self.send_error(HTTPStatus.NOT_FOUND)
                return
        body = target.read_bytes()
        suffix = target.suffix.lower()
        headers = {
            "Content-Type": CONTENT_TYPES.get(suffix, "application/octet-stream"),
            "Last-Modified": formatdate(target.stat().st_mtime, usegmt=True),
            "Cache-Control": self._cache_control(target, suffix, status),
        }
        if suffix in COMPRESSED_SUFFIXES:
            headers["Vary"] = "Accept-Encoding"
            if self._accepts_gzip():
                body = self._gzipped(target, body)
                headers["Content-Encoding"] = "gzip"
        headers["Content-Length"] = str(len(body))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _resolve(self, url_path: str) -> Path | None:
        """The file or folder under the site for ``url_path``; None if outside it."""
        normal = posixpath.normpath(url_path)
        parts = [part for part in normal.split("/") if part and part not in (".", "..")]
        target = self.site_dir.joinpath(*parts)
        try:
            target.resolve().relative_to(self.site_dir.resolve())
        except ValueError:
            return None
        return target

    def _accepts_gzip(self) -> bool:
        accepted = self.headers.get("Accept-Encoding", "")
        for item in accepted.split(","):
            coding, _, params = item.strip().partition(";")
            if coding.strip().lower() in ("gzip", "*"):
                return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
        return False

    @staticmethod
    def _cache_control(target: Path, suffix: str, status: HTTPStatus) -> str:
        if status != HTTPStatus.OK or suffix == ".html":
            return CACHE_HTML
        if FINGERPRINTED.search(target.name):
            return CACHE_IMMUTABLE
        return CACHE_OTHER

    @classmethod
    def _gzipped(cls, target: Path, body: bytes) -> bytes:
        key = (target, target.stat().st_mtime_ns)
        with cls._gzip_lock:
            cached = cls._gzip_cache.get(key)
        if cached is None:
            cached = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
            with cls._gzip_lock:
                cls._gzip_cache[key] = cached
        return cached


def start_server() -> ThreadingHTTPServer:
    """Bind a free port on 127.0.0.1 (the site is built for this address afterwards)."""

    class Handler(StaticSiteHandler):
        pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    return server


# --------------------------------------------------------------------------- tooling


def require_tools() -> tuple[str, str]:
    """Paths of node and java; raise :class:`ToolingError` saying how to get what is missing."""
    if not Path(CHROME_PATH).is_file():
        raise ToolingError(f"chromium not found at {CHROME_PATH}: apt-get install chromium (or set CHROME_PATH)")
    node = shutil.which("node")
    npm = shutil.which("npm")
    if node is None or npm is None:
        raise ToolingError("node/npm not found: apt-get install nodejs npm (Node 18.16 or newer)")
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    match = re.match(r"v(\d+)\.(\d+)", version)
    if match is None or (int(match[1]), int(match[2])) < (18, 16):
        raise ToolingError(f"Lighthouse 12 needs Node 18.16 or newer, found {version or 'an unknown version'}")
    java = shutil.which("java")
    if java is None:
        raise ToolingError("java not found: apt-get install default-jre-headless (the Nu HTML checker needs Java 11+)")
    return node, java


def install_node_tools() -> None:
    """``npm ci`` the pinned Lighthouse and vnu-jar, unless the lock file is already installed.

    ``--ignore-scripts``: vnu-jar's postinstall downloads a JDK from GitHub; the
    machine's Java is used instead.
    """
    lock = AUDIT_DIR / "package-lock.json"
    if not lock.is_file():
        raise ToolingError(f"{lock.relative_to(ROOT)} is missing: restore it from git")
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()
    ready = LIGHTHOUSE_CLI.is_file() and VNU_JAR.is_file()
    if ready and INSTALLED_STAMP.is_file() and INSTALLED_STAMP.read_text().strip() == digest:
        return
    print("Installing Lighthouse and vnu-jar into tools/audit/node_modules (npm ci)...", flush=True)
    command = ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
    result = subprocess.run(command, cwd=AUDIT_DIR, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not (LIGHTHOUSE_CLI.is_file() and VNU_JAR.is_file()):
        raise ToolingError(f"npm ci in tools/audit failed:\n{result.stdout}{result.stderr}".rstrip())
    INSTALLED_STAMP.write_text(digest + "\n")


def build_site(site_dir: Path, site_url: str, engine: str = "mkdocs", project: Path = ROOT) -> None:
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "letter_site", "build", "--engine", engine, "--site-dir", str(site_dir)]
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ToolingError(f"the site does not build ({engine}):\n{result.stdout}{result.stderr}".rstrip())


def letter_page_url() -> str:
    """The letter page's URL path, from our extension's ``letter_page`` in mkdocs.yml."""
    project = load_project(read_config(ROOT / "mkdocs.yml").settings)
    return "/" + project.url(project.settings.paths.letter_page).lstrip("./")


# --------------------------------------------------------------------------- Lighthouse


@dataclass(frozen=True)
class LighthouseRun:
    number: int
    scores: dict[str, int]
    byte_weight: float  # bytes
    report: dict[str, Any]


def run_lighthouse(node: str, url: str, number: int, out_dir: Path) -> LighthouseRun:
    output = out_dir / f"lighthouse-{number}.json"
    command = [
        node,
        str(LIGHTHOUSE_CLI),
        url,
        "--output=json",
        f"--output-path={output}",
        "--quiet",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--disable-full-page-screenshot",
    ]
    env = {**os.environ, "CHROME_PATH": CHROME_PATH}
    process = subprocess.Popen(
        command,
        cwd=AUDIT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=LIGHTHOUSE_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # Lighthouse and the Chromium it started
        process.communicate()
        raise ToolingError(f"Lighthouse run {number} took more than {LIGHTHOUSE_TIMEOUT} s and was stopped") from None
    if not output.is_file():
        raise ToolingError(f"Lighthouse run {number} failed (exit {process.returncode}):\n{stdout}{stderr}".rstrip())
    report = json.loads(output.read_text())
    runtime_error = report.get("runtimeError")
    if runtime_error:
        raise ToolingError(f"Lighthouse run {number} could not load the page: {runtime_error.get('message')}")
    scores: dict[str, int] = {}
    for category in CATEGORIES:
        score = report["categories"][category]["score"]
        if score is None:
            raise ToolingError(f"Lighthouse run {number} gave no {category} score (see {output})")
        scores[category] = round(score * 100)
    byte_weight = report["audits"]["total-byte-weight"]["numericValue"]
    return LighthouseRun(number, scores, float(byte_weight), report)


def median_run(runs: list[LighthouseRun]) -> LighthouseRun:
    """The run with the median performance score (then median weight): the one to read audits from."""
    ordered = sorted(runs, key=lambda run: (run.scores["performance"], run.byte_weight))
    return ordered[(len(ordered) - 1) // 2]


@dataclass(frozen=True)
class Finding:
    category: str
    id: str
    title: str
    detail: str
    examples: tuple[str, ...]


def failing_audits(report: dict[str, Any], origin: str) -> tuple[list[Finding], list[Finding]]:
    """The scored audits below 100 in ``report``, and those Lighthouse itself could not run."""
    failing: list[Finding] = []
    broken: list[Finding] = []
    seen: set[str] = set()
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"].get(ref["id"])
            if audit is None or ref["id"] in seen:
                continue
            seen.add(ref["id"])
            mode = audit.get("scoreDisplayMode")
            if mode == "error":
                broken.append(Finding(category, ref["id"], audit["title"], audit.get("errorMessage", ""), ()))
                continue
            score = audit.get("score")
            if mode in ("manual", "notApplicable", "informative") or score is None or score >= 1:
                continue
            detail = f"score {round(score * 100)}"
            if audit.get("displayValue"):
                detail += f", {audit['displayValue']}"
            detail += f", weight {ref['weight']:g}" if ref.get("weight") else ", no weight in the score"
            examples = audit_examples(audit, origin)
            failing.append(Finding(category, ref["id"], audit["title"], detail, examples))
    return failing, broken


def audit_examples(audit: dict[str, Any], origin: str, limit: int = 3) -> tuple[str, ...]:
    """Up to ``limit`` of the elements or resources an audit names, to say where to look."""
    examples = []
    for item in audit.get("details", {}).get("items", []) or []:
        if not isinstance(item, dict):
            continue
        node = item.get("node")
        if isinstance(node, dict) and node.get("selector"):
            examples.append(f"{node['selector']}  {node.get('snippet', '')}"[:160])
        elif isinstance(item.get("url"), str) and item["url"]:
            examples.append(item["url"].removeprefix(origin))
        if len(examples) == limit:
            break
    return tuple(examples)


def foreign_requests(report: dict[str, Any], origin: str) -> list[str]:
    """Requests the page made to any origin but the local server's."""
    items = report["audits"].get("network-requests", {}).get("details", {}).get("items", [])
    urls = [item.get("url", "") for item in items]
    return [url for url in urls if not url.startswith((origin, "data:", "blob:"))]


def kib(size: float) -> str:
    return f"{size / 1024:.1f}"


def print_lighthouse(runs: list[LighthouseRun], origin: str) -> None:
    header = ["run", *CATEGORIES, "weight KiB"]
    rows = [[str(run.number), *(str(run.scores[c]) for c in CATEGORIES), kib(run.byte_weight)] for run in runs]
    medians = [statistics.median(run.scores[c] for run in runs) for c in CATEGORIES]
    weight = statistics.median(run.byte_weight for run in runs)
    rows.append(["median", *(f"{m:g}" for m in medians), kib(weight)])
    rows.append(["goal", *(str(SCORE_GOAL) for _ in CATEGORIES), f"<= {WEIGHT_GOAL_KIB}"])
    met = [m >= SCORE_GOAL for m in medians] + [weight <= WEIGHT_GOAL_KIB * 1024]
    rows.append(["met?", *("yes" if ok else "NO" for ok in met)])
    print_table(header, rows)
    print("(scores 0-100; weight = Lighthouse total-byte-weight, bytes transferred, 1 KiB = 1024 bytes)")

    chosen = median_run(runs)
    failing, broken = failing_audits(chosen.report, origin)
    print(f"\nFailing audits of the median run (run {chosen.number}), category, id: title (details):")
    if not failing:
        print("  none")
    for finding in failing:
        print(f"  [{finding.category}] {finding.id}: {finding.title} ({finding.detail})")
        for example in finding.examples:
            print(f"      {example}")
    if broken:
        version = chosen.report["lighthouseVersion"]
        print(f"\nAudits Lighthouse {version} could not run with this Chromium (a tool limit, not the site's fault):")
        for finding in broken:
            print(f"  [{finding.category}] {finding.id}: {finding.detail[:150]}")
    print(f"\nBytes transferred by the median run, largest first (total {kib(chosen.byte_weight)} KiB):")
    for item in chosen.report["audits"]["total-byte-weight"].get("details", {}).get("items", []):
        print(f"  {kib(item['totalBytes']):>7} KiB  {item['url'].removeprefix(origin)}")
    warnings = sorted({warning for run in runs for warning in run.report.get("runWarnings", [])})
    if warnings:
        print("\nLighthouse warnings (the numbers may be off):")
        for warning in warnings:
            print(f"  {warning}")
    foreign = sorted({url for run in runs for url in foreign_requests(run.report, origin)})
    if foreign:
        print("\nRequests to other hosts (the site must make none):")
        for url in foreign:
            print(f"  {url}")
    else:
        print(f"\nEvery request went to {origin} (no third-party request).")


# --------------------------------------------------------------------------- Nu HTML checker


def run_vnu(java: str, site_dir: Path) -> None:
    # Material's 404.html is checked too: a real host serves it for every missing page.
    pages = sorted(site_dir.rglob("*.html"))
    command = [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout", *map(str, pages)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=VNU_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise ToolingError(f"the Nu HTML checker took more than {VNU_TIMEOUT} s") from None
    try:
        messages = json.loads(result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        failure = f"the Nu HTML checker failed (exit {result.returncode}):\n{result.stderr}".rstrip()
        raise ToolingError(failure) from None
    broken = [m for m in messages if m.get("type") == "non-document-error"]
    if broken:
        raise ToolingError("the Nu HTML checker could not read: " + "; ".join(m.get("message", "") for m in broken))
    errors = [m for m in messages if m.get("type") == "error"]
    per_page: Counter[str] = Counter()
    for message in errors:
        per_page[page_name(message.get("url", ""), site_dir)] += 1
    rows = [[page_name(page.as_uri(), site_dir), str(per_page[page_name(page.as_uri(), site_dir)])] for page in pages]
    rows.append(["total", str(len(errors))])
    rows.append(["goal", "0"])
    print_table(["page", "errors"], rows)
    if errors:
        print("\nErrors, each with the number of times it occurs and its first place:")
        kinds: dict[str, list[dict[str, Any]]] = {}
        for message in errors:
            kinds.setdefault(message.get("message", ""), []).append(message)
        for text, occurrences in sorted(kinds.items(), key=lambda kind: -len(kind[1])):
            first = occurrences[0]
            where = f"{page_name(first.get('url', ''), site_dir)}:{first.get('lastLine', '?')}"
            print(f"  {len(occurrences)}x {text}")
            print(f"      first at {where}: {first.get('extract', '').strip()[:120]!r}")


def page_name(url: str, site_dir: Path) -> str:
    path = unquote(urlsplit(url).path)
    try:
        return Path(path).resolve().relative_to(site_dir.resolve()).as_posix()
    except ValueError:
        return url


# --------------------------------------------------------------------------- main


def print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(row[i]) for row in [header, *rows] if i < len(row)) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first, *rest = cells
        return "  ".join([first.ljust(widths[0]), *(c.rjust(w) for c, w in zip(rest, widths[1:], strict=False))])

    print(line(header))
    print("  ".join("-" * width for width in widths))
    for row in rows:
        print(line(row))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs (default 3)")
    parser.add_argument("--save", type=Path, help="also keep the Lighthouse JSON reports in this folder")
    parser.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs", help="default: mkdocs")
    parser.add_argument(
        "--individuals",
        type=int,
        default=0,
        help="audit the real sources with this many more individual signatories (tools/scale.py), e.g. 10000",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    try:
        node, java = require_tools()
        install_node_tools()
        server = start_server()
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        with tempfile.TemporaryDirectory(prefix="letter-audit-") as temp:
            site_dir = Path(temp) / "site"
            print(f"Building the site (strict, {args.engine}) for {origin}/ ...", flush=True)
            project = ROOT
            if args.individuals:
                project = scale.make_project(Path(temp) / "project", individuals=args.individuals)
            build_site(site_dir, origin + "/", args.engine, project)
            server.RequestHandlerClass.site_dir = site_dir  # type: ignore[attr-defined]
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            try:
                url = origin + letter_page_url()
                runs = []
                for number in range(1, args.runs + 1):
                    print(f"Lighthouse run {number}/{args.runs} (mobile) on {url} ...", flush=True)
                    runs.append(run_lighthouse(node, url, number, Path(temp)))
            finally:
                server.shutdown()
                server.server_close()
            if args.save:
                args.save.mkdir(parents=True, exist_ok=True)
                for number in range(1, args.runs + 1):
                    shutil.copy(Path(temp) / f"lighthouse-{number}.json", args.save)
            print(f"\n== Lighthouse 12.2.3, mobile, {url} ==")
            print_lighthouse(runs, origin)
            pages = len(list(site_dir.rglob("*.html")))
            print(f"\n== Nu HTML checker (errors only), {pages} pages (404.html too: hosts serve it) ==", flush=True)
            run_vnu(java, site_dir)
    except ToolingError as error:
        print(f"audit: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
