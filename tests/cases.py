"""Error cases: a change to a copy of the real sources, and the complete report it must get."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from letter_site.problems import Problem, SourcesInvalid
from letter_site.sources.loader import SourcePaths, load_letter
from projects import Change, copy_sources, line_of

# A problem expected at (path, where, message).  ``where`` is None for line 1, or a text
# on the line: "text" if one line holds it, "text#2" for the second line holding it.
# In the message, {@text} or {@text#2} stands for the number of such a line of that file.
Expected = tuple[str, str | None, str]


def render(root: Path, expected: Expected) -> str:
    path, where, message = expected
    line = 1 if where is None else line_of(root, path, where)
    message = re.sub(r"\{@([^}]*)\}", lambda match: str(line_of(root, path, match.group(1))), message)
    return f"{path}:{line}: {message}"


def without_column(problem: Problem) -> str:
    """``path:line: message``: the cases state lines; columns have their own table."""
    return f"{problem.path}:{problem.line}: {problem.message}"


def problems_of(root: Path) -> list[str]:
    with pytest.raises(SourcesInvalid) as raised:
        load_letter(SourcePaths(root))
    return [without_column(problem) for problem in raised.value.problems]


def check(tmp_path: Path, changes: list[Change], expected: list[Expected]) -> None:
    root = copy_sources(tmp_path / "project")
    for change in changes:
        change(root)
    assert problems_of(root) == [render(root, item) for item in expected]


def case(name: str, changes: list[Change], *expected: Expected) -> object:
    return pytest.param(changes, list(expected), id=name)
