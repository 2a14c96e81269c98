from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from letter_site import Letter, SourcePaths, load_letter
from projects import mkdocs_build

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def letter() -> Letter:
    return load_letter(SourcePaths(ROOT))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The real repository's site, built once, strictly, into a temporary folder."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    yield site
    shutil.rmtree(site, ignore_errors=True)
