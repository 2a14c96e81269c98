from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# The helpers' own asserts say what differs, as a test's would.
pytest.register_assert_rewrite("cases", "projects")

from letter_site import Letter, SourcePaths, load_letter  # noqa: E402 - after the rewrite is registered
from projects import REPOSITORY, build_env, mkdocs_build  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def letter() -> Letter:
    return load_letter(SourcePaths(ROOT))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The real repository's site, built once, strictly, into a temporary folder, as the workflows publish it."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site, env=build_env(REPO_URL=REPOSITORY))
    assert result.returncode == 0, result.stderr
    yield site
    shutil.rmtree(site, ignore_errors=True)
