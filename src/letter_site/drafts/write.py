"""A :class:`~.text.Draft` written as a letter's sources: ``letter/``, ``footnotes.yaml``, ``signatories.yaml``.

Each note's text is read into cites (:mod:`.notes`); a repeat ("Id.", "Ibid.")
becomes the source of the note before, never typed into the YAML; one source per
document however many notes cite it (the same UN symbol, address, or title).
What was guessed is returned with the files, for a person to confirm.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from ..common.ids import RESERVED_ID
from ..problems import Problem
from .cites import footnotes, short_slug, slug, unique
from .layout import REFERENCE, Draft, Signer, escape_start, unescape_text

SCHEMAS = ".venv/share/letter-site/schemas"


@dataclass(frozen=True)
class Written:
    files: dict[str, str]  # path in the repository -> its text
    checks: tuple[Problem, ...]  # what to confirm, each at its line: "check: what it did (what to confirm)"


def write_sources(draft: Draft) -> Written:
    found = footnotes(draft)
    sources, notes, checks = found.sources, found.notes, found.checks
    styles = {"repeat": found.repeat, "dates": found.dates}
    files = {
        "footnotes.yaml": _yaml(
            "footnotes", {**{k: v for k, v in styles.items() if v}, "sources": sources, "notes": notes}
        )
    }
    files["signatories.yaml"] = _yaml(
        "signatories",
        {
            "as_of": draft.as_of or draft.date,
            "signatories": [_signatory(signer) for signer in draft.signatories],
        },
    )
    if any(not signer.individual and not signer.stated for signer in draft.signatories):
        checks.append(("signatories.yaml", "- name:", _KINDS))
    for signer in draft.signatories:
        if signer.individual and not (signer.stated and not signer.affiliation):
            checks.append(("signatories.yaml", f"- name: {_scalar(unescape_text(signer.name))}\n", _person(signer)))
    keys = dict(zip(draft.notes, notes, strict=True))
    letter = _letter(draft, keys)
    files.update(letter)
    for number, section in enumerate(draft.sections):
        path = next(path for path in letter if path.startswith(f"letter/{number:02d}-"))
        for paragraph in section.paragraphs:
            if paragraph.startswith("### "):
                checks.append((path, paragraph + "\n", _LOWER_HEADING))
    for number, section in enumerate(draft.sections[1:], start=1):
        if not section.styled:
            path = next(path for path in letter if path.startswith(f"letter/{number:02d}-"))
            checks.append((path, "## ", "read as a section heading: a numbered paragraph of the draft, not a heading "
                           "(if it is a paragraph of the letter, join this file to the one before)"))  # fmt: skip
    return Written(files, tuple(_placed(files, check) for check in checks))


def _placed(files: dict[str, str], check: tuple[str, str, str]) -> Problem:
    """A check at the line and column where its needle first stands (``notes:\n  key:``: the key under ``notes:``)."""
    path, needle, what = check
    text = files[path]
    within, _, needle = needle.rpartition("\n")
    start = max(text.find(f"\n{within}\n"), 0) if within else 0
    at = text.find(f"\n{needle}" if within else needle, start)
    if at < 0:
        return Problem(path, 1, 1, f"check: {what}")
    at += (1 if within else 0) + len(needle) - len(needle.lstrip())
    line_start = text.rfind("\n", 0, at) + 1
    return Problem(path, text.count("\n", 0, at) + 1, at - line_start + 1, f"check: {what}")


def _signatory(signer: Signer) -> dict[str, str]:
    name, affiliation = unescape_text(signer.name), signer.affiliation and unescape_text(signer.affiliation)
    written = {"name": name, "acronym": signer.acronym, "kind": "individual" if signer.individual else None,
               "affiliation": affiliation}  # fmt: skip
    return {**{key: value for key, value in written.items() if value}, "kind": written["kind"] or "organization"}


_LOWER_HEADING = (
    "a heading of a lower level in the draft, read as a heading within its section, not a part of its own "
    "(to make it a part, move it and what follows into a letter file of its own, as ## )"
)
_KINDS = (
    "signatories written with no comma after their name were read as organizations "
    "(write kind: individual for a person)"
)


def _person(signer: Signer) -> str:
    if signer.affiliation:
        return (f"'{signer.name}, {signer.affiliation}' read as a person and their title "
                "(if it is an organization, write kind: organization and the name whole)")  # fmt: skip
    return f"'{signer.name}' read as a person, among people (if it is an organization, write kind: organization)"


def _letter(draft: Draft, keys: dict[int, str]) -> dict[str, str]:
    def refs(text: str) -> str:
        return re.sub(r"\[\^(\d+)\]", lambda found: f"[^{keys[int(found[1])]}]", text)

    def body(text: str) -> str:
        text = text if text.startswith("### ") else escape_start(text)  # "### ": a lower heading of the draft
        return re.sub(r"\[\^(\d+)\]", lambda found: f"[^{keys[int(found[1])]}]", text)

    opening = [
        "---",
        "anchor: opening",
        f"title: {_scalar(unescape_text(draft.title))}",
        f"date: {draft.date.isoformat()}",
        "---",
        "",
    ]
    for css, lines, label in (("letter-addressee", draft.addressee, None), ("letter-attn", draft.attn, "ATTN:"),
                              ("letter-cc", draft.cc, "CC:")):  # fmt: skip
        for group in _addressees(lines) if css == "letter-addressee" else [lines] if lines else []:
            opening += [f'<div class="{css}" markdown>', "", *([label, ""] if label else [])]
            for line in group:
                opening += [line, "{: .letter-address }", ""] if "\n" in line else [line, ""]
            opening += ["</div>", ""]
    if draft.re_line:
        opening += [draft.re_line, "{: .letter-re }", ""]
    if draft.salutation:
        opening += [draft.salutation, "{: .letter-salutation }", ""]
    opening += [item for paragraph in draft.sections[0].paragraphs for item in (body(paragraph), "")]
    files = {"letter/00-opening.md": "\n".join(opening).rstrip("\n") + "\n"}
    anchors: set[str] = {"opening", "closing"}
    for number, section in enumerate(draft.sections[1:], start=1):
        heading = section.heading or ""
        anchor = _anchor(re.sub(r"^\d+\.\s*", "", REFERENCE.sub("", heading)), anchors)
        text = ["---", f"anchor: {anchor}", "---", "", f"## {refs(heading)}", ""]
        text += [item for paragraph in section.paragraphs for item in (body(paragraph), "")]
        files[f"letter/{number:02d}-{anchor}.md"] = "\n".join(text).rstrip("\n") + "\n"
    closing = ["---", "anchor: closing", "---", ""]
    for line in draft.closing:
        closing += [line, "{: .letter-signoff }" if line.endswith(",") else "{: .letter-thanks }", ""]
    files[f"letter/{len(draft.sections):02d}-closing.md"] = "\n".join(closing).rstrip("\n") + "\n"
    for number, section in enumerate(draft.annexes, start=len(draft.sections) + 1):
        heading = section.heading or "Annex"
        anchor = _anchor(REFERENCE.sub("", heading), anchors)
        text = ["---", f"anchor: {anchor}", "annex: true", "---", "", f"## {refs(heading)}", ""]
        text += [item for paragraph in section.paragraphs for item in (body(paragraph), "")]
        files[f"letter/{number:02d}-{anchor}.md"] = "\n".join(text).rstrip("\n") + "\n"
    return files


def _anchor(heading: str, taken: set[str]) -> str:
    """A part's anchor from its heading: not one the site makes itself (top, p1, fn…), nor one already taken."""
    anchor = short_slug(slug(heading))
    if RESERVED_ID.fullmatch(anchor) or not anchor[0].isalpha():
        anchor = f"part-{anchor}"
    anchor = unique(anchor, taken)
    taken.add(anchor)
    return anchor


def _addressees(lines: list[str]) -> list[list[str]]:
    """The addressee lines, one group a person: a postal address ends one."""
    groups: list[list[str]] = [[]]
    for line in lines:
        groups[-1].append(line)
        if "\n" in line:
            groups.append([])
    return [group for group in groups if group]


def _yaml(schema: str, data: dict[str, object]) -> str:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=False)
    return f"# yaml-language-server: $schema={SCHEMAS}/{schema}.schema.json\n# Written by letter-site import.\n\n{text}"


def _scalar(text: str) -> str:
    return yaml.safe_dump(text, allow_unicode=True, width=10_000).removesuffix("\n...\n").strip()
