"""Read ``letter/``, ``footnotes.yaml`` and ``signatories.yaml`` into a :class:`Letter`.

Every source is read and checked before anything is returned; all problems are
collected and raised together as :class:`SourcesInvalid`, each naming its file,
line and column and saying how to fix it.  The shape of each file is the
schema's business (:mod:`schema`); what a letter file's Markdown may become is
:mod:`markup`'s.  Each kind of file has its reader, all filling one
:class:`~.state.ReadState`: :mod:`yamlfiles` (footnotes.yaml, signatories.yaml),
:mod:`parts` (letter/), :mod:`pages` (docs/); :mod:`crosscheck` checks what
spans files: references to notes, cites of sources, links.  This module runs
them in order and builds the model.  Editors are not programmers: messages use
the words of the files they edit, never Python's.
"""

from __future__ import annotations

from types import MappingProxyType

from ..common.markdown_ext import NOTE_REFERENCE
from ..model import Letter
from ..problems import Problem, SourcesInvalid
from .crosscheck import cross_check
from .pages import DocsFolder
from .parts import LetterFolder
from .paths import SourcePaths
from .schema import suggest
from .state import ReadState, forget
from .yamlfiles import FOOTNOTES, SIGNATORIES, YamlFiles

__all__ = ["FOOTNOTES", "NOTE_REFERENCE", "SIGNATORIES", "SourcePaths", "forget", "load_letter", "suggest"]


def load_letter(paths: SourcePaths) -> Letter:
    """Load and check every source; raise :class:`SourcesInvalid` listing all problems."""
    problems: list[Problem] = []
    state = ReadState(paths, problems)
    yaml_files = YamlFiles(state)
    sources, notes = yaml_files.footnotes()
    signatories, as_of = yaml_files.signatories()
    title, letter_date, parts = LetterFolder(state).letter()
    DocsFolder(state).published_files()
    cross_check(state, sources, notes)
    if problems or title is None or letter_date is None or as_of is None:
        if not problems:  # pragma: no cover - a missing value always records a problem
            problems.append(Problem(paths.letter, 1, 1, "the letter could not be read"))
        raise SourcesInvalid(problems)
    return Letter(
        title=title,
        date=letter_date,
        parts=tuple(parts),
        sources=MappingProxyType(sources),
        notes=MappingProxyType(notes),
        signatories=tuple(signatories),
        signatories_as_of=as_of,
        paragraphs=state.paragraphs,
        placeholder=state.placeholder,
        repeat=state.repeat,
        dates=state.dates,
        pages=MappingProxyType({page: MappingProxyType(values) for page, values in state.pages.items()}),
    )
