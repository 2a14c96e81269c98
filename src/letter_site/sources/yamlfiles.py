"""Read ``footnotes.yaml`` (the sources and the notes citing them) and ``signatories.yaml``."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..model import Cite, Note, Place, Signatory, SignatoryKind, Source
from .schema import Shape
from .state import Reader, broken, date_value, fold, one_line, text_value
from .yamlsrc import Location, YamlDocument

TOP_LEVEL = "to the file, not indented"
FOOTNOTES = Shape(
    "footnotes.schema.json",
    "",
    "",
    TOP_LEVEL,
    "expected keys such as 'sources:' at the top level, not indented and without '- ' (it holds the sources and notes)",
)
SIGNATORIES = Shape(
    "signatories.schema.json",
    "",
    "",
    TOP_LEVEL,
    "expected keys such as 'as_of:' at the top level, not indented and without '- ' (it lists who signed the letter)",
)


_NEITHER = (
    "note '{key}' has neither 'cites:' nor 'comment:' (list the sources it cites under 'cites:', "
    "or write its words after 'comment:' if it cites nothing)"
)
_BOTH = "a note has 'cites:' or 'comment:', not both (words before a cite, such as 'See', go in the cite's 'lead:')"


class YamlFiles(Reader):
    """Reads the YAML files: footnotes.yaml, then signatories.yaml."""

    # -- footnotes.yaml ------------------------------------------------

    def footnotes(self) -> tuple[dict[str, Source], dict[str, Note]]:
        name = self.paths.footnotes
        read = self.state.read_yaml(name, "it holds the sources and notes", FOOTNOTES)
        if read is None:
            self.state.unread |= {"sources", "notes", "cites"}
            return {}, {}
        document, failed = read
        if not broken(failed, ("repeat",)) and isinstance(document.data.get("repeat"), str):
            self.state.repeat = document.data["repeat"]
        if not broken(failed, ("dates",)) and isinstance(document.data.get("dates"), str):
            self.state.dates = document.data["dates"]
        raw_sources, raw_notes = document.data.get("sources"), document.data.get("notes")
        if not isinstance(raw_sources, dict):
            self.state.unread.add("sources")
            raw_sources = {}
        if not isinstance(raw_notes, dict):
            self.state.unread |= {"notes", "cites"}
            raw_notes = {}
        self.state.declared["source"] |= set(raw_sources)
        self.state.declared["note"] |= set(raw_notes)
        sources = {}
        for key, value in raw_sources.items():
            location = ("sources", key)
            if not broken(failed, location):
                sources[key] = Source(
                    key=key,
                    title=one_line(value["title"]),
                    url=text_value(value.get("url")),
                    place=Place(name, document.start(location).line),
                    author=text_value(value.get("author")),
                    date=date_value(value.get("date")),
                    symbol=text_value(value.get("symbol")),
                    publisher=text_value(value.get("publisher")),
                )
        notes = {}
        for key, value in raw_notes.items():
            note = self.note(name, document, failed, key, value)
            if note is not None:
                notes[key] = note
        return sources, notes

    def note(self, name: str, document: YamlDocument, failed: set[Location], key: str, value: Any) -> Note | None:
        location: Location = ("notes", key)
        raw = value.get("cites") if isinstance(value, dict) else None
        comment = text_value(value.get("comment")) if isinstance(value, dict) else None
        start = document.start(location)
        line = start.line
        within = any(failure[: len(location)] == location for failure in failed)  # reported already
        if not within and isinstance(value, dict) and (raw is None) == (comment is None):
            both = raw is not None
            self.state.problem(name, line, _BOTH if both else _NEITHER.format(key=key), column=start.column)
            return None
        if comment is not None and not broken(failed, (*location, "comment")):
            return Note(key, (), Place(name, line), comment=comment)
        if location in failed or not isinstance(raw, list):
            self.state.unread.add("cites")
            return None
        cites = []
        for index, item in enumerate(raw):
            source = item.get("source") if isinstance(item, dict) else None
            where = (*location, "cites", index)
            if not isinstance(source, str) or broken(failed, (*where, "source")) or where in failed:
                self.state.unread.add("cites")  # what it cites cannot be known
                continue
            cite = Cite(
                source,
                Place(name, document.start((*where, "source")).line),
                text_value(item.get("pinpoint")),
                text_value(item.get("quotation")),
                text_value(item.get("lead")),
            )
            self.state.cites.append((key, cite))
            cites.append(cite)
        if broken(failed, location) or len(cites) != len(raw):
            return None
        return Note(key, tuple(cites), Place(name, document.start(location).line))

    # -- signatories.yaml ----------------------------------------------

    def signatories(self) -> tuple[list[Signatory], date | None]:
        name = self.paths.signatories
        read = self.state.read_yaml(name, "it lists who signed the letter", SIGNATORIES)
        if read is None:
            return [], None
        document, failed = read
        as_of = None if broken(failed, ("as_of",)) else date_value(document.data.get("as_of"))
        raw = document.data.get("signatories")
        if not isinstance(raw, list):
            return [], as_of
        signatories: list[Signatory] = []
        seen: dict[str, Signatory] = {}
        for index, item in enumerate(raw):
            location = ("signatories", index)
            if broken(failed, location):
                continue
            line = document.start(location).line
            signatory = Signatory(
                one_line(item["name"]),
                SignatoryKind(item["kind"]),
                Place(name, line),
                text_value(item.get("acronym")),
                text_value(item.get("url")),
                text_value(item.get("affiliation")),
            )
            if signatory.affiliation and signatory.kind is SignatoryKind.ORGANIZATION:
                self.problem(
                    name,
                    document.start((*location, "affiliation")).line,
                    "affiliation is for an individual (an organization signs with its name: remove this line, "
                    "or write kind: individual)",
                    document.start((*location, "affiliation")).column,
                )
                continue
            for label in filter(None, (signatory.name, signatory.acronym)):
                # Two people of one name are told apart by their affiliations (a common name among thousands).
                folded = fold(label) + (f"\n{fold(signatory.affiliation)}" if signatory.affiliation else "")
                if folded in seen:
                    other = seen[folded]
                    self.problem(
                        name,
                        line,
                        f"duplicate signatory '{label}' (already listed on line {other.place.line}: "
                        "remove one of them)",
                        document.start(location).column,
                    )
                    break
                seen[folded] = signatory
            else:
                signatories.append(signatory)
        return signatories, as_of
