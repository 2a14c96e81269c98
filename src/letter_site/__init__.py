"""letter-site: an open letter's site, PDF and citation files, from Markdown and YAML sources.

The package, one way from files to the built site (each folder imports only
those before it):

- :mod:`.sources` reads and checks ``letter/``, ``footnotes.yaml``,
  ``signatories.yaml`` and ``docs/``, keeping the file and line of every value;
- :mod:`.model` is what they become: an immutable :class:`~.model.Letter`;
- :mod:`.cite` numbers the notes and writes each cite (full form, "Id.");
- :mod:`.render` writes the letter, Sources and Signatories pages, the PDF and
  the citation files;
- :mod:`.engines` runs them in MkDocs or Zensical: the Markdown extension both
  run, the MkDocs plugin (the only module that imports MkDocs), the Zensical
  path and the finishing step;
- :mod:`.drafts` reads a draft a coalition already has into a letter's sources;
- :mod:`.cli` is ``letter-site check | build | serve | pdf | new | import | system``;
- ``data/`` holds the schemas, the theme's scripts and stylesheets, the PDF's
  stylesheet and the template of a new letter's repository.

:mod:`.common` holds what several layers share (addresses, ids, dates).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .cite.citations import CitedNote, cite_notes
    from .model import Letter
    from .problems import Problem, SourcesInvalid
    from .sources.loader import SourcePaths, load_letter

__all__ = ["CitedNote", "Letter", "Problem", "SourcePaths", "SourcesInvalid", "cite_notes", "load_letter"]
_WHERE = {
    "CitedNote": "cite.citations",
    "cite_notes": "cite.citations",
    "Letter": "model",
    "Problem": "problems",
    "SourcesInvalid": "problems",
    "SourcePaths": "sources.loader",
    "load_letter": "sources.loader",
}


def __getattr__(name: str) -> Any:
    """The public names, imported when first used: the MkDocs plugin and the command line load what they need only."""
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module  # noqa: PLC0415

    return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
