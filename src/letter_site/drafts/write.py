"""A :class:`~.text.Draft` written as a letter's sources: ``letter/``, ``footnotes.yaml``, ``signatories.yaml``.

Each note's text is read into cites (:mod:`.notes`); a repeat ("Id.", "Ibid.")
becomes the source of the note before, never typed into the YAML; one source per
document however many notes cite it (the same UN symbol, address, or title).
What was guessed is returned with the files, for a person to confirm.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass

import yaml

from .notes import DraftCite, read_note
from .text import Draft, DraftProblem

SCHEMAS = ".venv/share/letter-site/schemas"


@dataclass(frozen=True)
class Written:
    files: dict[str, str]  # path in the repository -> its text
    checks: tuple[tuple[str, str], ...]  # (path, what to confirm)


def write_sources(draft: Draft) -> Written:
    sources, notes, checks, repeat = _footnotes(draft)
    files = {
        "footnotes.yaml": _yaml(
            "footnotes", {**({"repeat": repeat} if repeat else {}), "sources": sources, "notes": notes}
        )
    }
    files["signatories.yaml"] = _yaml(
        "signatories",
        {
            "as_of": draft.as_of or draft.date,
            "signatories": [
                {"name": name, **({"acronym": acronym} if acronym else {}), "kind": "organization"}
                for name, acronym in draft.signatories
            ],
        },
    )
    if draft.signatories:
        checks.append(
            ("signatories.yaml", "every signatory was read as an organization (write kind: individual for a person)")
        )
    keys = dict(zip(draft.notes, notes, strict=True))
    files.update(_letter(draft, keys))
    return Written(files, tuple(checks))


def _footnotes(
    draft: Draft,
) -> tuple[dict[str, dict[str, object]], dict[str, dict[str, object]], list[tuple[str, str]], str | None]:
    sources: dict[str, dict[str, object]] = {}
    by_identity: dict[str, str] = {}
    notes: dict[str, dict[str, object]] = {}
    checks: list[tuple[str, str]] = []
    previous: str | None = None  # the single source of the note before
    repeat = None
    for number, text in draft.notes.items():
        cites = []
        for cite in read_note(text):
            if cite.repeat:
                if previous is None:
                    raise DraftProblem(f"note {number} says {cite.repeat} but the note before cites no single source")
                repeat = "Ibid." if cite.repeat == "Ibid." else repeat
                key = previous
            else:
                key = _source(cite, sources, by_identity)
                checks += [("footnotes.yaml", f"note {number}: {guess}") for guess in cite.guesses]
            cites.append({"source": key, **({"pinpoint": cite.pinpoint} if cite.pinpoint else {}),
                          **({"quotation": cite.quotation} if cite.quotation else {})})  # fmt: skip
        previous = str(cites[0]["source"]) if len(cites) == 1 else None
        note_key = _unique(_slug(f"{cites[0]['source']} {cites[0].get('pinpoint', '')}"), notes)
        notes[note_key] = {"cites": cites}
    return sources, notes, checks, repeat


def _source(cite: DraftCite, sources: dict[str, dict[str, object]], by_identity: dict[str, str]) -> str:
    identity = cite.symbol or cite.url or cite.title or cite.text
    if identity in by_identity:
        return by_identity[identity]
    key = _unique(_slug(cite.symbol or " ".join((cite.author or "", *(cite.title or "").split()[:5]))), sources)
    fields = {"author": cite.author, "title": cite.title, "publisher": cite.publisher, "date": cite.date,
              "symbol": cite.symbol, "url": cite.url}  # fmt: skip
    sources[key] = {name: value for name, value in fields.items() if value}
    by_identity[identity] = key
    return key


def _letter(draft: Draft, keys: dict[int, str]) -> dict[str, str]:
    def body(text: str) -> str:
        return re.sub(r"\[\^(\d+)\]", lambda found: f"[^{keys[int(found[1])]}]", text)

    opening = ["---", "anchor: opening", f"title: {_scalar(draft.title)}", f"date: {draft.date.isoformat()}", "---", ""]
    for css, lines, label in (("letter-addressee", draft.addressee, None), ("letter-attn", draft.attn, "ATTN:"),
                              ("letter-cc", draft.cc, "CC:")):  # fmt: skip
        if lines:
            opening += [f'<div class="{css}" markdown>', "", *([label, ""] if label else [])]
            opening += [item for line in lines for item in (line, "")]
            opening += ["</div>", ""]
    if draft.re_line:
        opening += [draft.re_line, "{: .letter-re }", ""]
    if draft.salutation:
        opening += [draft.salutation, "{: .letter-salutation }", ""]
    opening += [item for paragraph in draft.sections[0].paragraphs for item in (body(paragraph), "")]
    files = {"letter/00-opening.md": "\n".join(opening).rstrip("\n") + "\n"}
    anchors: set[str] = {"opening"}
    for number, section in enumerate(draft.sections[1:], start=1):
        heading = section.heading or ""
        anchor = _unique(_slug(re.sub(r"^\d+\.\s*", "", heading))[:40].strip("-"), anchors)
        anchors.add(anchor)
        text = ["---", f"anchor: {anchor}", "---", "", f"## {heading}", ""]
        text += [item for paragraph in section.paragraphs for item in (body(paragraph), "")]
        files[f"letter/{number:02d}-{anchor}.md"] = "\n".join(text).rstrip("\n") + "\n"
    closing = ["---", "anchor: closing", "---", ""]
    for line in draft.closing:
        closing += [line, "{: .letter-signoff }" if line.endswith(",") else "{: .letter-thanks }", ""]
    files[f"letter/{len(draft.sections):02d}-closing.md"] = "\n".join(closing).rstrip("\n") + "\n"
    return files


def _yaml(schema: str, data: dict[str, object]) -> str:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=False)
    return f"# yaml-language-server: $schema={SCHEMAS}/{schema}.schema.json\n# Written by letter-site import.\n\n{text}"


def _scalar(text: str) -> str:
    return yaml.safe_dump(text, allow_unicode=True, width=10_000).removesuffix("\n...\n").strip()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "source"


def _unique(key: str, taken: Container[str]) -> str:
    candidate, number = key, 2
    while candidate in taken:
        candidate, number = f"{key}-{number}", number + 1
    return candidate
