"""A draft's notes as ``footnotes.yaml``: one source per document, each note's cites, what was guessed.

Each note's text is read into cites (:mod:`.notes`).  A repeat ("Id.",
"Ibid.") is the source of the note before; a work cited earlier ("supra note
3", "Smith, op. cit.") the source of the note it names, or of the last earlier
one by that author or title; neither is ever typed into the YAML.  One source
per document however many notes cite it: known by its UN symbol, else its
address, else its title.  A note that cites nothing is kept as a ``comment``.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field

from .layout import Draft, DraftProblem
from .note_parts import unmark
from .notes import DraftCite, read_note

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH} \d{{1,2}}, \d{{4}}\b")
_DAY_MONTH_YEAR = re.compile(rf"\b\d{{1,2}} {_MONTH} \d{{4}}\b")
_NO_URL = "no web address"
_UNDOCS = "no web address in the draft: the UN's permanent address for its symbol added (https://undocs.org/…)"
_OFF_LINE = "no web address: the note ends without one (add url: if it is on the web)"
Check = tuple[str, str, str]  # (path, where in it, what to confirm)


@dataclass
class Footnotes:
    sources: dict[str, dict[str, object]] = field(default_factory=dict)
    notes: dict[str, dict[str, object]] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    repeat: str | None = None  # "Ibid." when the draft writes its repeats so
    dates: str | None = None  # "month day, year" when the draft's notes write their dates so
    by_identity: dict[str, str] = field(default_factory=dict)  # "symbol A/77/522" -> the source's key
    cited: dict[int, list[str]] = field(default_factory=dict)  # note number -> the sources it cites


def footnotes(draft: Draft) -> Footnotes:
    """The sources and notes of ``draft``'s notes, with what a person should confirm."""
    out = Footnotes()
    texts = " ".join(draft.notes.values())
    if len(_MONTH_DAY_YEAR.findall(texts)) > len(_DAY_MONTH_YEAR.findall(texts)):
        out.dates = "month day, year"  # the draft's style, kept: "(March 3, 2023)"
    previous: str | None = None  # the single source of the note before
    for number, text in draft.notes.items():
        cites: list[dict[str, object]] = []
        at_note: list[str] = []
        for cite in read_note(text):
            if cite.comment:
                at_note.append(f"note {number} read as a comment citing nothing (give it a source if it cites one)")
                cites = []
                break
            key = _key(out, number, cite, previous, at_note)
            written: dict[str, object] = {"source": key}
            for name in ("lead", "pinpoint", "quotation"):
                if value := getattr(cite, name):
                    written[name] = value
            if cite.accessed:
                at_note.append(f"note {number}: 'accessed {cite.accessed}' left out (the site does not write it)")
            cites.append(written)
        out.cited[number] = [str(cite["source"]) for cite in cites]
        previous = str(cites[0]["source"]) if len(cites) == 1 else None
        first = f"{cites[0]['source']} {cites[0].get('pinpoint', '')}" if cites else f"comment {_words(text)}"
        note_key = unique(short_slug(slug(first), 60), out.notes)
        out.notes[note_key] = {"cites": cites} if cites else {"comment": _words(text)}
        out.checks += [("footnotes.yaml", f"notes:\n  {note_key}:", what) for what in at_note]
    return out


def _key(out: Footnotes, number: int, cite: DraftCite, previous: str | None, at_note: list[str]) -> str:
    """The key of the source ``cite`` names: a repeat's, an earlier note's, or a document's (new or seen)."""
    if cite.repeat:
        if previous is None:
            raise DraftProblem(
                f"note {number} says {cite.repeat} but the note before cites no single source "
                "(write the source in full, as the draft's first note citing it does)"
            )
        out.repeat = "Ibid." if cite.repeat == "Ibid." else out.repeat
        at_note += [f"note {number}: {guess}" for guess in cite.guesses]
        return previous
    if cite.earlier:
        key = _earlier(out, number, cite)
        at_note += [f"note {number}: {guess}" for guess in cite.guesses]
        at_note.append(
            f"note {number}: '{_words(cite.text)}' read as {key}, cited before (confirm it is that document)"
        )
        return key
    key, merged = _source(out, cite)
    place = f"sources:\n  {key}:"
    guesses = [guess for guess in cite.guesses if not guess.startswith(_NO_URL)]
    if not merged and not cite.url:
        guesses.append(_UNDOCS if cite.symbol else _OFF_LINE)
    out.checks += [("footnotes.yaml", place, f"note {number}: {guess}") for guess in guesses if not merged]
    if merged == "title" or (merged and cite.title and cite.title != out.sources[key].get("title")):
        out.checks.append(("footnotes.yaml", place, _merged(number, merged, cite.title or _words(cite.text))))
    return key


def _words(text: str) -> str:
    """A note's text without the marks of its italics and bold."""
    return unmark(text)[0]


def _earlier(out: Footnotes, number: int, cite: DraftCite) -> str:
    """The source a "supra" or "op. cit." names: by its note, else by its author or title, else the last one."""
    if cite.refers_to is not None:
        if cite.refers_to >= number or not out.cited.get(cite.refers_to):
            raise DraftProblem(
                f"note {number} refers to note {cite.refers_to}, which cites no source before it "
                "(correct the note's number, or write the source in full)"
            )
        candidates = out.cited[cite.refers_to]
    else:
        candidates = [key for earlier in sorted(out.cited) for key in out.cited[earlier]]
    if not candidates:
        raise DraftProblem(
            f"note {number} says '{_words(cite.text)}' but no note before it cites a source (write the source in full)"
        )
    name = (cite.author or cite.title or "").casefold()
    named = [key for key in candidates if name and _named(out.sources[key], name)]
    if name and not named and cite.refers_to is None:
        raise DraftProblem(
            f"note {number} says '{_words(cite.text)}' but no note before it cites '{cite.author or cite.title}'"
        )
    return (named or candidates)[-1]


def _named(source: dict[str, object], name: str) -> bool:
    author, title = str(source.get("author", "")).casefold(), str(source.get("title", "")).casefold()
    return author.startswith(name) or name.startswith(author or "\0") or title.startswith(name.strip("“”\"'"))


def _source(out: Footnotes, cite: DraftCite) -> tuple[str, str | None]:
    """The key of the source ``cite`` names, and what made it one already seen (``symbol``, ``address``, ``title``).

    A cite is known by its symbol if it has one, else its address, else its title.
    """
    names = (("symbol", cite.symbol), ("address", cite.url), ("title", cite.title or _words(cite.text)))
    kind, identity = next((kind, name) for kind, name in names if name)
    if f"{kind} {identity}" in out.by_identity:
        return out.by_identity[f"{kind} {identity}"], kind
    key = unique(slug(cite.symbol or " ".join((cite.author or "", *(cite.title or "").split()[:5]))), out.sources)
    url = cite.url or (f"https://undocs.org/{cite.symbol}" if cite.symbol else None)
    fields = {"author": cite.author, "title": cite.title, "publisher": cite.publisher, "date": cite.date,
              "symbol": cite.symbol, "url": url}  # fmt: skip
    out.sources[key] = {name: value for name, value in fields.items() if value}
    for kind, name in names:
        if name:
            out.by_identity.setdefault(f"{kind} {name}", key)
    return key, None


def _merged(number: int, kind: str, title: str) -> str:
    if kind == "title":
        return (f"note {number} cites a document of the same title, with no symbol or address of its own: read as this "
                "source (if it is another document, give it a source of its own)")  # fmt: skip
    return (f"note {number} cites this document (the same {kind}) under another title, '{title}': read as one source "
            "(if they are two documents, give the note a source of its own)")  # fmt: skip


def short_slug(slug: str, most: int = 40) -> str:
    """A slug cut to its words that fit in ``most`` characters (one word, cut, if even it does not)."""
    words = slug.split("-")
    kept = [words[0][:most]]
    for word in words[1:]:
        if len("-".join([*kept, word])) > most:
            break
        kept.append(word)
    return "-".join(kept)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "source"


def unique(key: str, taken: Container[str]) -> str:
    candidate, number = key, 2
    while candidate in taken:
        candidate, number = f"{key}-{number}", number + 1
    return candidate
