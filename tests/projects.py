"""Copies of the repository's sources, for tests that break or edit them."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COPIED = ("letter", "docs", "footnotes.yaml", "signatories.yaml", "mkdocs.yml")


def copy_sources(target: Path) -> Path:
    """The repository's sources, as they are now, in ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    return target
