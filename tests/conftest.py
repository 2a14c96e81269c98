from __future__ import annotations

import fcntl
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# The helpers' own asserts say what differs, as a test's would.
pytest.register_assert_rewrite("cases", "projects")

from letter_site import Letter, SourcePaths, load_letter  # noqa: E402 - after the rewrite is registered
from projects import ENGINES, Sites, build_env, run_folder  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def letter() -> Letter:
    return load_letter(SourcePaths(ROOT))


@pytest.fixture(scope="session", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """Each engine the site is built with: every test of the built site runs on both."""
    return str(request.param)


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    built = Sites(tmp_path_factory)
    yield built
    for site in built.built.values():
        shutil.rmtree(site, ignore_errors=True)


@pytest.fixture(scope="session")
def built_site(sites: Sites, engine: str) -> Path:
    """The real repository's site as ``engine`` builds it (each test of the built site runs on both)."""
    return sites(engine)


@pytest.fixture(scope="session")
def installed_tool(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tool as a letter's repository gets it: a wheel built from this repository, installed in a venv of its own.

    Made once for the whole run, whichever pytest worker asks first (the others wait for it):
    its ``bin/`` folder, with ``letter-site`` and the engines.  Letters built with it use none of
    this repository's files.
    """
    shared = run_folder(tmp_path_factory)  # the same folder for every worker of the run
    home = shared / "installed-tool"
    with (shared / "installed-tool.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (home / "ready").exists():
            shutil.rmtree(home, ignore_errors=True)
            wheels = home / "wheel"
            subprocess.run(
                [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), "."],
                cwd=ROOT,
                check=True,
            )
            (wheel,) = wheels.glob("letter_site-*.whl")
            subprocess.run([sys.executable, "-m", "venv", str(home / "venv")], check=True)
            pip = [str(home / "venv" / "bin" / "python"), "-m", "pip", "install", "--quiet"]
            subprocess.run([*pip, "-c", str(ROOT / "constraints.txt"), f"{wheel}[letter]"], check=True)
            (home / "ready").write_text(wheel.as_uri(), encoding="utf-8")
    return home / "venv" / "bin"


@pytest.fixture(scope="session")
def tool_wheel(installed_tool: Path) -> str:
    """The address of the wheel ``installed_tool`` was installed from."""
    return (installed_tool.parent.parent / "ready").read_text(encoding="utf-8")


SECOND_LETTER = ROOT / "tests" / "fixtures" / "second-letter"


@pytest.fixture(scope="session")
def second_letter_site(installed_tool: Path, engine: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The second letter (an invented test fixture of another shape), built by the installed tool with ``engine``."""
    project = tmp_path_factory.mktemp(f"second-letter-{engine}") / "letter"
    shutil.copytree(SECOND_LETTER, project)
    site = project.parent / "site"
    result = subprocess.run(
        [str(installed_tool / "letter-site"), "build", "--engine", engine, "--site-dir", str(site)],
        cwd=project,
        env={**build_env(), "SOURCE_DATE_EPOCH": "1705276800"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return site
