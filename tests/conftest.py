from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# The helpers' own asserts say what differs, as a test's would.
pytest.register_assert_rewrite("cases", "projects")

from letter_site import Letter, SourcePaths, load_letter  # noqa: E402 - after the rewrite is registered
from projects import ENGINES, Sites  # noqa: E402

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
