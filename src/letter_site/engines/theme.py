"""The tool's share of every letter's site: its theme folder, scripts and stylesheets, from the package.

A letter's repository holds its sources and settings only.  What every
letter's site needs besides (our stylesheet and scripts, the favicon, the
header's repository link without a call to GitHub's API) lives in the
package, in ``data/theme/``, and each engine is given it:

- MkDocs: the plugin puts the folder among the theme's folders (after the
  letter's own ``custom_dir``, before Material's) and adds our stylesheet and
  script after the letter's own ``extra_css`` and ``extra_javascript``;
- Zensical runs no plugin: ``letter-site build`` and ``letter-site serve``
  give it a configuration that inherits ``mkdocs.yml`` and adds the same
  (:func:`inherited_config`).

The files keep the addresses they have always had in a built site
(``assets/letter.css``…).  Nothing here imports an engine.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
THEME = DATA / "theme"  # the folder the engines' theme is given, after a letter's custom_dir
STYLESHEETS = ("assets/letter.css",)  # in every page, after the letter's own extra_css
SCRIPTS = ("assets/letter.js",)  # in every page; it loads assets/signatories.js on the Signatories page


def own_files() -> tuple[str, ...]:
    """Every file of the theme folder a site publishes, by its address in the site (``assets/letter.css``)."""
    return tuple(
        path.relative_to(THEME).as_posix()
        for path in sorted(THEME.rglob("*"))
        if path.is_file() and path.suffix != ".html"
    )


def setting_problems(
    config_file: Path,
    extra_css: Iterable[str],
    extra_javascript: Iterable[str],
    docs: Path,
    custom_dir: Path | None = None,
) -> list[str]:
    """What a letter made with an older letter-site still holds of the tool itself, and what to change.

    Before the tool came apart from the flagship, a letter's repository held
    copies of ``docs/assets/letter.css`` and ``letter.js`` and listed them in
    ``mkdocs.yml``, and its ``overrides/`` held a copy of the repository-link
    partial: listed twice they would load twice, and a copy would hide the
    tool's own files after every upgrade.
    """
    root = config_file.parent

    def shown(path: Path) -> str:
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()

    problems = []
    for setting, listed, ours in (
        ("extra_css", extra_css, STYLESHEETS),
        ("extra_javascript", extra_javascript, SCRIPTS),
    ):
        problems += [
            f"{config_file.name}: {setting} lists {name}, which letter-site adds to every page itself "
            f"(delete the line '- {name}' under {setting}:)"
            for name in (str(entry) for entry in listed)
            if posixpath.normpath(name.lstrip("/")) in ours
        ]
    problems += [
        f"{shown(docs / name)}: a copy of letter-site's own {name.rpartition('/')[2]}, which now comes with the tool "
        f"and would be hidden by this copy (delete {shown(docs / name)})"
        for name in own_files()
        if name != "assets/favicon.svg" and (docs / name).is_file()
    ]
    if custom_dir is not None and custom_dir.is_dir():
        problems += [
            f"{shown(custom_dir / name)}: an unchanged copy of letter-site's own {name}, which comes with the tool "
            f"(delete {shown(custom_dir / name)}, so that an upgrade of the tool reaches the site)"
            for name in (path.relative_to(THEME).as_posix() for path in sorted(THEME.rglob("*")) if path.is_file())
            if (custom_dir / name).is_file() and (custom_dir / name).read_bytes() == (THEME / name).read_bytes()
        ]
    return problems


def inherited_config(config_file: Path, site_dir: Path | None, custom_dir: str | None) -> str:
    """A configuration for Zensical that inherits ``config_file`` and adds the tool's theme folder and assets.

    Zensical appends a list of an inheriting file to the inherited one's, as
    MkDocs' plugin adds ours after the letter's own.
    """
    lines = [
        "# Written by letter-site for one build or preview; safe to delete.",
        f"INHERIT: {config_file.name}",
    ]
    if site_dir is not None:
        lines.append(f"site_dir: {site_dir.relative_to(config_file.parent).as_posix()}")
    lines += ["theme:", f"  custom_dir: {_quoted(custom_dir or str(THEME))}"]
    lines += ["extra_css:", *(f"  - {name}" for name in STYLESHEETS)]
    lines += ["extra_javascript:", *(f"  - {name}" for name in SCRIPTS)]
    return "\n".join(lines) + "\n"


@contextmanager
def zensical_config(config_file: Path, site_dir: Path | None, letter_custom_dir: str | None) -> Iterator[Path]:
    """The inheriting configuration, beside ``config_file`` (so its paths mean the same), for as long as it is used.

    Zensical takes one ``custom_dir``: a letter's own folder is laid over a
    copy of the tool's, so that its files win as they do in MkDocs.
    """
    root = config_file.parent
    merged = Path(tempfile.mkdtemp(prefix=".letter-theme-", dir=root)) if letter_custom_dir else None
    inherited: Path | None = None
    try:
        if merged is not None and letter_custom_dir:
            shutil.copytree(THEME, merged, dirs_exist_ok=True)
            shutil.copytree(root / letter_custom_dir, merged, dirs_exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{config_file.stem}.zensical-", suffix=".yml", dir=root)
        inherited = Path(name)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(inherited_config(config_file, site_dir, str(merged) if merged else None))
        yield inherited
    finally:
        if inherited is not None:
            inherited.unlink(missing_ok=True)
        if merged is not None:
            shutil.rmtree(merged, ignore_errors=True)


def _quoted(path: str) -> str:
    return '"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"'
