"""Check what spans the files the readers read: letter -> notes -> sources, and links to places in the site."""

from __future__ import annotations

from ..common.ids import NOTES_ANCHOR, SIGNATORIES_ANCHOR, TITLE_ANCHOR, note_id, paragraph_id, reference_id, source_id
from ..model import Note, Place, Source
from ..problems import Problem
from .schema import suggest
from .state import ReadState


def cross_check(state: ReadState, sources: dict[str, Source], notes: dict[str, Note]) -> None:
    """Check the links between the files: letter -> notes -> sources, and links to places in the site.

    Nothing is reported about a key that was found but is invalid (its own
    problem is reported), nor about what could not be read at all.
    """
    paths, problems = state.paths, state.problems
    note_keys = state.declared["note"]
    if "notes" not in state.unread:
        for ref in state.references:
            if ref.key not in note_keys:
                problems.append(
                    Problem(
                        ref.place.path,
                        ref.place.line,
                        _column(state, ref.place, f"[^{ref.key}]"),
                        f"[^{ref.key}] refers to no note in {paths.footnotes}{suggest(ref.key, note_keys)} "
                        f"(add a note '{ref.key}' under notes:, or correct the key)",
                    )
                )
    if "letter" not in state.unread:
        # A [^key] that Markdown does not read is reported where it is written, not again here.
        referenced = {ref.key for ref in state.references} | state.written
        for note in notes.values():
            if note.key not in referenced:
                problems.append(
                    Problem(
                        note.place.path,
                        note.place.line,
                        3,
                        f"note '{note.key}' is not referenced in the letter (write [^{note.key}] where "
                        f"it belongs in a {paths.letter}/ file, or delete the note)",
                    )
                )
    source_keys = state.declared["source"]
    if "sources" not in state.unread:
        for note_key, cite in state.cites:
            if cite.source not in source_keys:
                problems.append(
                    Problem(
                        cite.place.path,
                        cite.place.line,
                        _column(state, cite.place, cite.source),
                        f"note '{note_key}' cites unknown source '{cite.source}'{suggest(cite.source, source_keys)} "
                        + (
                            '(cite the source by its key: the site writes "Id." itself, or "Ibid." with '
                            "'repeat: Ibid.' at the top of the file)"
                            if cite.source.strip(".").lower() in ("id", "ibid")
                            else "(add it under sources:, or correct the key)"
                        ),
                    )
                )
    if "cites" not in state.unread:
        cited = {cite.source for _, cite in state.cites}
        for source in sources.values():
            if source.key not in cited:
                problems.append(
                    Problem(
                        source.place.path,
                        source.place.line,
                        3,
                        f"source '{source.key}' is not cited by any note (cite it from a note, or delete it)",
                    )
                )
    if "letter" not in state.unread and "notes" not in state.unread:
        _check_links(state)


def _column(state: ReadState, place: Place, text: str) -> int:
    """Where ``text`` starts on the line of ``place``, in the file as it was read."""
    lines = state.texts.get(place.path, "").split("\n")
    line = lines[place.line - 1] if 0 < place.line <= len(lines) else ""
    return line.find(text) + 1 or 1


def _check_links(state: ReadState) -> None:
    """Links in letter files to places in the site: anchors of the letter page, and other pages."""
    paths, problems = state.paths, state.problems
    referenced = {ref.key for ref in state.references}
    letter_ids = (
        {TITLE_ANCHOR, NOTES_ANCHOR, SIGNATORIES_ANCHOR}
        | set(state.ids)
        | {paragraph_id(n) for n in range(1, state.paragraphs + 1)}
        | {note_id(key) for key in referenced}
        | {reference_id(key) for key in referenced}
    )
    letter_ids |= state.anchors
    docs = paths.root / paths.docs
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md")) if docs.is_dir() else []
    source_ids = {source_id(key) for key in state.declared["source"]}
    for link in state.links:
        page, _, fragment = link.href.partition("#")
        if page in ("", paths.letter_page, f"./{paths.letter_page}"):
            if fragment and fragment not in letter_ids:
                problems.append(
                    Problem(
                        link.place.path,
                        link.place.line,
                        link.column,
                        f"a link to '#{fragment}', which is nowhere in the letter{suggest(fragment, letter_ids)} "
                        "(link to a part's anchor, e.g. #thematic-report, or to a paragraph, e.g. #p12)",
                    )
                )
            continue
        if page not in pages:
            problems.append(
                Problem(
                    link.place.path,
                    link.place.line,
                    link.column,
                    f"a link to '{link.href}', which is not a page of the site{suggest(page, pages)} "
                    f"(link to one of: {', '.join(pages)}; or to a web address starting with https://)",
                )
            )
        elif page == paths.sources_page:
            if fragment.startswith(source_id("")) and fragment not in source_ids:
                problems.append(
                    Problem(
                        link.place.path,
                        link.place.line,
                        link.column,
                        f"a link to '{link.href}', which is no source on the Sources page (write "
                        f"{paths.sources_page}#source- followed by the key of a source in {paths.footnotes})",
                    )
                )
        elif fragment and fragment not in state.page_ids.get(page, frozenset()):
            ids = state.page_ids.get(page, frozenset())
            problems.append(
                Problem(
                    link.place.path,
                    link.place.line,
                    link.column,
                    f"a link to '{link.href}', but {page} has no '#{fragment}'{suggest(fragment, ids)} (link to one "
                    f"of its headings: {', '.join(f'#{name}' for name in sorted(ids)) or 'it has none'})",
                )
            )
