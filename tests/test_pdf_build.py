"""The PDF in the build: published beside the site, or a clear message when it cannot be made."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from projects import REPO, copy_sources, site_build

PDF = "open-letter-2023-08-11.pdf"
DOCX = "open-letter-2023-08-11.docx"
APT = "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libfontconfig1"
UNAVAILABLE = (
    "The PDF cannot be made: WeasyPrint cannot be loaded (OSError: cannot load library 'libpango-1.0-0': "
    f"No such file or directory). Install its system libraries (Debian/Ubuntu): {APT} -- and WeasyPrint "
    "itself: pip install -e '.[pdf]'"
)


def test_the_build_publishes_the_pdf_linked_from_the_letter(built_site: Path) -> None:
    assert (built_site / PDF).read_bytes().startswith(b"%PDF-")
    assert f'<a href="{PDF}" download>Download PDF</a>' in (built_site / "index.html").read_text(encoding="utf-8")
    assert f'href="../{PDF}" download>PDF</a>' in (built_site / "about" / "index.html").read_text(encoding="utf-8")


def build_without_weasyprint_libraries(tmp_path: Path, *options: str, ci: bool) -> subprocess.CompletedProcess[str]:
    """Build with a `weasyprint` that fails to load its libraries, as on a machine without Pango."""
    shim = tmp_path / "shim" / "weasyprint"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text(
        "raise OSError(\"cannot load library 'libpango-1.0-0': No such file or directory\")\n", encoding="utf-8"
    )
    project = copy_sources(tmp_path / "project")
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    env |= {"NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": os.pathsep.join([str(shim.parent), str(REPO / "src")])}
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *options, "--site-dir", str(tmp_path / "site")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(("options", "ci"), [(("--strict",), False), ((), True)])
def test_a_strict_or_ci_build_stops_and_says_what_to_install(
    tmp_path: Path, options: tuple[str, ...], ci: bool
) -> None:
    result = build_without_weasyprint_libraries(tmp_path, *options, ci=ci)
    assert result.returncode == 1
    assert f"ERROR   -  {UNAVAILABLE}\n" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_preview_build_skips_the_pdf_with_the_same_message(tmp_path: Path) -> None:
    result = build_without_weasyprint_libraries(tmp_path, ci=False)
    assert result.returncode == 0, result.stderr
    assert f"WARNING -  {UNAVAILABLE} The PDF is skipped in this preview.\n" in result.stderr
    assert "Traceback" not in result.stderr
    site = tmp_path / "site"
    assert (site / "index.html").exists()
    assert not (site / PDF).exists()
    # Nothing points to the PDF that was not made.
    for page in ("index.html", "about/index.html"):
        assert ".pdf" not in (site / page).read_text(encoding="utf-8"), page
    assert ".pdf" not in (site / "open-letter-2023-08-11.bib").read_text(encoding="utf-8")
    # The Word file needs no WeasyPrint: it is made, and linked, all the same.
    assert (site / DOCX).read_bytes().startswith(b"PK")
    assert f'<a href="{DOCX}" download>Download Word</a>' in (site / "index.html").read_text(encoding="utf-8")


def test_id_in_the_pdf_links_to_the_sources_page_wherever_it_is(tmp_path: Path) -> None:
    project = copy_sources(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nuse_directory_urls: false\n", encoding="utf-8")
    result = site_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    links = subprocess.run(
        ["pdfinfo", "-url", str(tmp_path / "site" / PDF)], capture_output=True, text=True, check=True
    ).stdout
    assert "http://127.0.0.1:8000/sources.html#source-coi-2014-detailed-findings" in links
    assert "/sources/#" not in links


def test_when_the_pdf_cannot_be_made_the_build_says_why_and_the_site_stays(tmp_path: Path) -> None:
    """letter-site build makes the PDF in a process of its own: its failure stops the build, with its words."""
    shim = tmp_path / "shim" / "weasyprint"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text(
        "import types\n"
        "urls = types.SimpleNamespace()\n"
        "def default_url_fetcher(url, *args, **kwargs):\n"
        "    raise ValueError(url)\n"
        "class HTML:\n"
        "    def __init__(self, *args, **kwargs):\n"
        "        pass\n"
        "    def write_pdf(self, *args, **kwargs):\n"
        "        raise MemoryError('the layout of page 7 ran out of memory')\n",
        encoding="utf-8",
    )
    project = copy_sources(tmp_path / "project")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the site as it was", encoding="utf-8")
    env = {"PYTHONPATH": os.pathsep.join([str(shim.parent), str(REPO / "src")])}
    result = site_build(project, site, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env})
    assert result.returncode == 1
    assert "the PDF could not be made:" in result.stderr
    assert "MemoryError: the layout of page 7 ran out of memory (tell the site's developers)" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Nothing was published; the site as it was is unchanged." in result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "the site as it was"
    assert sorted(path.name for path in project.iterdir() if ".building-" in path.name) == []


def test_the_pdf_process_ends_when_what_started_it_ends() -> None:
    """A preview stopped while its PDF is being made leaves no WeasyPrint running (letter-site pdf watches)."""
    code = "import sys, time; from letter_site.engines.build import _stop_with_parent; "
    code += "_stop_with_parent(int(sys.argv[1])); time.sleep(60)"
    # The shell starts it and ends at once, as a stopped `mkdocs serve` would.
    started = subprocess.run(
        ["sh", "-c", f'"{sys.executable}" -c "{code}" $$ >/dev/null 2>&1 & echo $!'],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    pid = int(started.stdout.strip())
    deadline = time.monotonic() + 30  # it ends within a second; the margin is for a loaded CI machine
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)
    raise AssertionError("the process outlived the one that started it by 30 s")


@pytest.mark.parametrize("command", ["letter-site build", "mkdocs build"])
def test_a_build_without_its_pdf_is_refused_in_ci(tmp_path: Path, command: str) -> None:
    """LETTER_SITE_NO_PDF is for benchmarks: a CI build, the one that publishes, refuses it."""
    project = copy_sources(tmp_path / "project")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "LETTER_SITE_NO_PDF": "1", "CI": "true"}
    if command == "mkdocs build":
        argv = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "site")]
        result = subprocess.run(argv, cwd=project, env=env, capture_output=True, text=True, check=False)
    else:
        result = site_build(project, tmp_path / "site", env=env)
    assert result.returncode == 1
    assert "LETTER_SITE_NO_PDF is set: a build without its PDF is for benchmarks, never published (unset it)" in (
        result.stderr
    )
    assert not (tmp_path / "site").exists()
