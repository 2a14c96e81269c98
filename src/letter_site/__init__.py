"""The open letter's sources, citation engine and renderers; no MkDocs here."""

from .citations import CitedNote, cite_notes
from .loader import SourcePaths, load_letter
from .model import Letter
from .problems import Problem, SourcesInvalid

__all__ = ["CitedNote", "Letter", "Problem", "SourcePaths", "SourcesInvalid", "cite_notes", "load_letter"]
