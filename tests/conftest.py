from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# The helpers' own asserts say what differs, as a test's would.
pytest.register_assert_rewrite("cases", "projects")

from letter_site import Letter, SourcePaths, load_letter  # noqa: E402 - after the rewrite is registered
from projects import ENGINES, REPOSITORY, build_env, site_build  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def letter() -> Letter:
    return load_letter(SourcePaths(ROOT))


@pytest.fixture(scope="session", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """Each engine the site is built with: every test of the built site runs on both."""
    return str(request.param)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Iterator[Path]:
    """The real repository's site, built once per engine, strictly, into a temporary folder, as the workflows do."""
    site = tmp_path_factory.mktemp(f"site-{engine}")
    result = site_build(ROOT, site, env=build_env(REPO_URL=REPOSITORY), engine=engine)
    assert result.returncode == 0, result.stderr
    yield site
    shutil.rmtree(site, ignore_errors=True)
