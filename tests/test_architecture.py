"""The house: the package's folders are its layers, imports run one way, and every room is small enough to read.

Files → ``sources/`` (read and check) → ``model`` → ``cite/`` → ``render/`` → ``engines/``
→ ``cli/``; ``common/``, ``model`` and ``problems`` are what all of them share.  A
module may import from its own layer and the layers before it, never after: read
from the imports alone, statically, so a lazy import inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "letter_site"
# Each top-level module or folder of the package, by its place in the one direction.
LAYERS = {
    "problems": 0,
    "model": 0,
    "common": 0,
    "sources": 1,
    "cite": 2,
    "render": 3,
    "history": 3,  # the letter's versions (git tags) and what changed: read with the sources, beside the renderers
    "engines": 4,
    "extension": 4,  # letter_site.extension: the name letters' mkdocs.yml give the engines' extension
    "drafts": 4,  # reads a draft into sources: beside the engines, before the command line
    "cli": 5,
    "__init__": 5,
    "__main__": 5,
}
ENGINE_PACKAGES = ("mkdocs", "material", "zensical")
MOST_LINES = 400
MOST_CLASS_LINES = 150
MODULES = sorted(PACKAGE.rglob("*.py"))


def layer_of(module: str) -> int:
    """``letter_site.sources.loader`` → 1."""
    parts = module.split(".")
    assert parts[0] == "letter_site", module
    top = parts[1] if len(parts) > 1 else "__init__"
    assert top in LAYERS, f"{module}: a folder or module of the package that has no layer (add it to LAYERS)"
    return LAYERS[top]


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    return ".".join(relative.parts)


def imported(path: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports, absolute, with the line: ``from ..model import Letter`` → letter_site.model."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if node.level and not node.module:  # from . import x: the modules x
                found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, base))
    return found


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_imports_run_one_way(path: Path) -> None:
    name = module_name(path)
    here = layer_of(name)
    later = [
        f"{path.relative_to(PACKAGE)}:{line}: imports {target} (layer {layer_of(target)}, after this one's {here})"
        for line, target in imported(path)
        if target.startswith("letter_site") and layer_of(target) > here
    ]
    assert later == []


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_only_the_mkdocs_adapter_imports_an_engine(path: Path) -> None:
    engines = sorted({target for _, target in imported(path) if target.split(".")[0] in ENGINE_PACKAGES})
    if module_name(path) == "letter_site.engines.plugin":
        assert engines and all(target.startswith("mkdocs") for target in engines)
    elif module_name(path) == "letter_site.engines.build":
        assert engines in ([], ["zensical"])  # the Zensical path: `zensical.build`, imported when that engine is chosen
    else:
        assert engines == []


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_every_room_is_small_enough_to_read(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MOST_LINES
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ClassDef):
            assert node.end_lineno is not None
            assert node.end_lineno - node.lineno + 1 <= MOST_CLASS_LINES, f"class {node.name}"


def test_each_layer_is_a_folder_a_newcomer_can_map() -> None:
    folders = sorted(path.name for path in PACKAGE.iterdir() if path.is_dir() and path.name != "__pycache__")
    assert folders == ["cite", "cli", "common", "data", "drafts", "engines", "history", "render", "sources"]
    for folder in folders:
        if folder != "data":
            docstring = ast.get_docstring(ast.parse((PACKAGE / folder / "__init__.py").read_text(encoding="utf-8")))
            assert docstring, f"{folder}/__init__.py says what the layer does"
