"""Properties of the loader and of the citation engine, for every input hypothesis can make.

The example-based tests (test_errors.py, test_hostile_sources.py, test_citations.py)
state exact reports for chosen inputs; these state what must hold for *any* input:

* whatever text is written into ``footnotes.yaml``, ``signatories.yaml``, a letter
  file or a page of ``docs/``, ``load_letter`` returns a :class:`Letter` or raises :class:`SourcesInvalid`
  with problems an editor can act on: in a source file, at a line and column that
  exist, saying how to fix it in brackets.  Any other exception is a failure;
* the citation engine numbers notes by first reference and writes "Id." exactly
  when the note before cited the same single source, never hiding a pinpoint.

Each example is loaded from a fresh copy of the real sources (copied once into a
template per module, then per example).  ``database=None``: runs leave no state
behind; randomization is kept, so each run tries new inputs.  For a longer hunt,
set ``LETTER_PROPERTIES_SCALE`` (e.g. 20) to multiply the number of examples.
"""

from __future__ import annotations

import os
import re
import shutil
import string
import tempfile
from collections.abc import Sequence
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from letter_site.cite.citations import ID, CitedNote, Kind, cite_notes
from letter_site.model import Cite, Letter, Note, Part, Place, Reference, Source
from letter_site.problems import Problem, SourcesInvalid
from letter_site.sources import schema, textfile, yamlsrc
from letter_site.sources.loader import FOOTNOTES, SIGNATORIES, SourcePaths, load_letter
from projects import REPO, copy_sources

SCALE = max(1, int(os.environ.get("LETTER_PROPERTIES_SCALE", "1")))


def budget(examples: int) -> settings:
    return settings(max_examples=examples * SCALE, deadline=None, database=None)


YAML_FILES = ("footnotes.yaml", "signatories.yaml")
EVENTS = "letter/04-public-events.md"
EVENTS_NOTE = "[^turk-comment-defenders]"
LETTER_FILES = tuple(f"letter/{path.name}" for path in sorted((REPO / "letter").glob("*.md")))
PAGES = tuple(f"docs/{path.name}" for path in sorted((REPO / "docs").glob("*.md")))  # checked like the letter
REAL = {name: (REPO / name).read_text(encoding="utf-8") for name in (*YAML_FILES, *LETTER_FILES, *PAGES)}

# Lines as editors number them ("\r" alone breaks a line), or as git and the loader's own
# checks do ("\n" only); a place must exist in one of the two.  U+2028 and U+2029 break no line.
LINE_BREAKS = (re.compile(r"\r\n|\r|\n"), re.compile(r"\n"))


def lines_of(text: str, breaks: re.Pattern[str]) -> list[str]:
    lines = breaks.split(text)
    return lines[:-1] if lines[-1] == "" else lines


def exists(text: str, line: int, column: int) -> bool:
    """Whether ``line:column`` is in ``text``, or just after its end."""
    for breaks in LINE_BREAKS:
        lines = lines_of(text, breaks)
        if 1 <= line <= len(lines) + 1 and 1 <= column <= len(lines[line - 1] if line <= len(lines) else "") + 1:
            return True
    return False


# -- the loader: a Letter, or problems with places --------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real sources, copied once; each example copies this copy."""
    return copy_sources(tmp_path_factory.mktemp("template") / "project")


def load_changed(template: Path, changes: dict[str, str]) -> None:
    """Write ``changes`` over a fresh copy of the sources and load it: a Letter, or placed problems."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        shutil.copytree(template, root)
        for name, text in changes.items():
            (root / name).write_bytes(text.encode("utf-8"))
        try:
            letter = load_letter(SourcePaths(root))
        except SourcesInvalid as error:
            check_problems(root, error.problems)
        else:
            assert isinstance(letter, Letter)


def check_problems(root: Path, problems: Sequence[Problem]) -> None:
    assert problems, "SourcesInvalid without a problem"
    files = {
        *YAML_FILES,
        *(path.relative_to(root).as_posix() for folder in ("letter", "docs") for path in (root / folder).rglob("*")),
    }
    for problem in problems:
        assert problem.path in files, f"{problem}: not a source file"
        text = (root / problem.path).read_bytes().decode("utf-8-sig", errors="replace")
        assert exists(text, problem.line, problem.column), f"{problem}: no such place in {text!r}"
        message = problem.message
        assert message.strip(), f"{problem}: empty message"
        assert message.endswith(")"), f"{problem}: the message does not end with how to fix it, in brackets"


# -- strategies: YAML text ---------------------------------------------------------------------

YAML_FRAGMENTS = (
    *("&a ", "*a", "!tag ", "!Important ", "!!int ", "!!bool ", "!!float ", "!!str ", "!!null ", "!!binary "),
    *("!!timestamp ", "!!set ", "!!omap ", "!!python/object:os.system ", "<<: ", "<<: *a", "[", "]", "{", "}"),
    *("'", '"', "---", "---\n", "...", ":", ": ", "- ", "? ", ",", "#", "|", "|-\n", ">", "%YAML 1.1\n"),
    *("%TAG ! tag:x,2000:\n", "\t", "\n", "\n  ", "\n    ", "  ", "\r", "\r\n", "\u2028", "\x85", "\ufeff", "\x00"),
    *("\x07", "\u202e", "sources:", "notes:", "\n  key:\n    cites:\n      - source: ", "title: ", "url: "),
    *("https://undocs.org/A/1", "date: ", "2023-08-11", "2023-02-30", "symbol: ", "A/HRC/25/CRP.1"),
    *("pinpoint: ", "as_of: ", "signatories:\n  - name: ", "kind: ", "organization", "acronym: ", "yes", "~"),
)
CHARACTERS = st.one_of(
    st.text(max_size=12),  # any character but surrogates: controls, tabs, bidi overrides, astral planes
    st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=12),
    st.text(string.printable, max_size=12),
)
YAML_TEXT = st.lists(st.one_of(CHARACTERS, st.sampled_from(YAML_FRAGMENTS)), max_size=30).map("".join)

KEYS = st.one_of(
    st.text(max_size=8),
    st.sampled_from(
        (
            *("sources", "notes", "cites", "source", "pinpoint", "quotation", "title", "url", "date", "symbol"),
            *("author", "as_of", "signatories", "name", "kind", "acronym", "coi-gravity", "turk-comment-defenders"),
        )
    ),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=16),
    st.sampled_from(
        (
            *("2023-08-11", "2023-02-30", "https://undocs.org/A/77/522", "http://x.org", "A/77/522", "organization"),
            *("individual", "sr-2022-ga", "coi-2014-detailed-findings", "para. 1", " ", "[^coi-gravity]", "<b>x</b>"),
        )
    ),
)
JSON = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=4),
    max_leaves=16,
)
SOURCE_FIELDS = st.sampled_from(["title", "url", "date", "symbol", "author", "pinpoint"])
CITE_FIELDS = st.sampled_from(["source", "pinpoint", "quotation", "title"])
SIGNATORY_FIELDS = st.sampled_from(["name", "kind", "acronym", "url", "as_of"])
FOOTNOTES_SHAPED = st.fixed_dictionaries(
    {
        "sources": st.dictionaries(KEYS, st.dictionaries(SOURCE_FIELDS, SCALARS, max_size=5) | JSON, max_size=4),
        "notes": st.dictionaries(
            KEYS,
            st.fixed_dictionaries({"cites": st.lists(st.dictionaries(CITE_FIELDS, SCALARS), max_size=3) | JSON}) | JSON,
            max_size=4,
        ),
    }
)
SIGNATORIES_SHAPED = st.fixed_dictionaries(
    {"as_of": SCALARS, "signatories": st.lists(st.dictionaries(SIGNATORY_FIELDS, SCALARS, max_size=4), max_size=4)}
)


@st.composite
def dumped(draw: st.DrawFn) -> tuple[str, str]:
    """A file name and YAML that PyYAML wrote: any JSON-like data, or data shaped like the file."""
    name = draw(st.sampled_from(YAML_FILES))
    shaped = FOOTNOTES_SHAPED if name == YAML_FILES[0] else SIGNATORIES_SHAPED
    data = draw(st.one_of(JSON, st.dictionaries(KEYS, JSON, max_size=4), shaped))
    flow = draw(st.sampled_from([None, False, True]))
    return name, yaml.safe_dump(data, allow_unicode=draw(st.booleans()), default_flow_style=flow, sort_keys=False)


@st.composite
def mutated(draw: st.DrawFn, names: Sequence[str], insert: st.SearchStrategy[str]) -> tuple[str, str]:
    """A real file with a slice deleted, text inserted, or both."""
    name = draw(st.sampled_from(names))
    text = REAL[name]
    start = draw(st.integers(0, len(text)))
    end = draw(st.one_of(st.just(start), st.integers(start, min(len(text), start + 40)), st.integers(start, len(text))))
    return name, text[:start] + draw(insert) + text[end:]


# Inputs hypothesis found (or nesting it cannot reach) that the loader fails on: reported, kept
# here so that they stay covered.  Each fails until the loader handles it.
NESTED_FLOW = "sources: " + "[" * 1000 + "]" * 1000 + "\nnotes: {}\n"  # RecursionError from about 330 levels
NESTED_BLOCKS = "as_of: 2023-08-11\nsignatories:\n  " + "- " * 1000 + "x\n"  # RecursionError, the same


@budget(60)
@given(name=st.sampled_from(YAML_FILES), text=YAML_TEXT)
@example(name="footnotes.yaml", text="!!bool")  # KeyError: ''
@example(name="footnotes.yaml", text="!!int")  # IndexError: string index out of range
@example(name="footnotes.yaml", text="!!timestamp")  # AttributeError: 'NoneType' object has no attribute 'groupdict'
@example(name="footnotes.yaml", text=NESTED_FLOW)
@example(name="signatories.yaml", text=NESTED_BLOCKS)
@example(name="footnotes.yaml", text="\u20280\t")  # 2:2 in a file of one line: PyYAML breaks lines at U+2028
def test_any_yaml_text_gives_a_letter_or_placed_problems(template: Path, name: str, text: str) -> None:
    load_changed(template, {name: text})


@budget(60)
@given(written=dumped())
def test_any_yaml_data_gives_a_letter_or_placed_problems(template: Path, written: tuple[str, str]) -> None:
    name, text = written
    load_changed(template, {name: text})


@budget(60)
@given(written=mutated(YAML_FILES, YAML_TEXT))
def test_any_change_to_a_yaml_file_gives_a_letter_or_placed_problems(template: Path, written: tuple[str, str]) -> None:
    name, text = written
    load_changed(template, {name: text})


def test_the_invisible_characters_pattern_is_the_per_character_rule_for_every_code_point() -> None:
    """textfile.INVISIBLE scans whole files at C speed; it must match exactly what _invisible refuses."""
    everything = "".join(map(chr, range(0x110000)))
    found = {match.start() for match in textfile.INVISIBLE.finditer(everything)}
    assert found == {code for code in range(0x110000) if textfile._invisible(chr(code))}
    assert len(found) > 60  # the controls, the line separators, the bidirectional marks


def test_only_booleans_and_nulls_are_resolved_from_a_letter_and_none_is_longer_than_five() -> None:
    """The one-pass reader leaves plain text longer than five characters that starts with a letter unresolved."""
    resolvers = yamlsrc._Loader.yaml_implicit_resolvers
    assert None not in resolvers
    tags = {tag for first, found in resolvers.items() if first and first.isalpha() for tag, _ in found}
    assert tags == {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"}
    for found in resolvers.values():
        for tag, pattern in found:
            if tag in tags:  # ^(?:yes|Yes|…)$, written verbose: every alternative a word of at most five letters
                assert pattern.pattern.startswith("^(?:") and pattern.pattern.endswith(")$"), pattern.pattern
                alternatives = [word.strip() for word in pattern.pattern[4:-2].split("|")]
                assert all(len(word) <= 5 and re.fullmatch(r"[A-Za-z~]*", word) for word in alternatives)


@budget(150)
@given(written=st.one_of(dumped(), mutated(YAML_FILES, YAML_TEXT), st.tuples(st.just(""), YAML_TEXT)))
@example(written=("", "a:\nb: yes\nc: '1'\nd: 12\ne: ~\nf: 1.5\ng: 2023-08-11\n"))  # every kind of plain scalar
@example(written=("", "a: [1, {b: c}]\n---\nd: e\n"))  # two documents: the Python reader reports it
def test_the_one_pass_reader_builds_what_the_python_reader_builds(written: tuple[str, str]) -> None:
    """yamlsrc reads well-formed files from libyaml's events; whatever it accepts, the Python reader reads alike."""
    text = written[1]
    fast = yamlsrc._from_events(text, 1)
    problems: list[Problem] = []
    slow = yamlsrc._read_slowly(text, "file.yaml", problems, 1)
    if fast is None:
        return  # read by the Python reader alone, as parse_yaml does
    assert problems == []
    assert slow is not None
    assert repr(fast.data) == repr(slow.data)  # repr: True is not 1, and nan is nan
    assert fast.marks == slow.marks
    assert not fast.unreadable and not slow.unreadable


@budget(150)
@given(written=st.one_of(dumped(), mutated(YAML_FILES, YAML_TEXT)))
def test_the_fast_schema_check_passes_nothing_the_detailed_one_refuses(written: tuple[str, str]) -> None:
    """schema.validate trusts jsonschema_rs's "valid"; jsonschema must then find nothing either."""
    name, text = written
    document = yamlsrc.parse_yaml(text, name, [])
    if document is None:
        return
    shape = FOOTNOTES if name == "footnotes.yaml" else SIGNATORIES
    errors = list(schema._validator(shape.file, shape.pointer).iter_errors(document.data))
    if errors:
        assert not schema._fast_validator(shape.file, shape.pointer).is_valid(document.data), errors[0].message


# -- strategies: Markdown ----------------------------------------------------------------------

MARKDOWN_FRAGMENTS = (
    *("<div markdown>", '<div class="letter-attn" markdown="1">', "<div>", "</div>", "<span>", "</span>"),
    *("<script>alert(1)</script>", "<script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))"),
    *("![](https://tracker.example/p.png)", "[link](https://example.org)", "<https://example.org>", "`code`", "`"),
    *("<!--", "-->", "\\[^turk-comment-defenders]", EVENTS_NOTE, "[^coi-gravity]", "[^nowhere]", "[^]", "[^a b]"),
    *(f"{EVENTS_NOTE}: text", "{: #id }", "{: #p3 }", "{: #public-events }", "{: .class }", "{: .letter-thanks }"),
    *("{#x}", "\n===\n", "\n---\n", "\n    ", "\t", "<h1>", "</h1>", "<h2>x</h2>", "# ", "## ", "### ", "#### "),
    *('<a href="#nowhere">', "<a href=https://example.org>", "</a>", "[a](#p1)", "[a](sources.md#source-x)"),
    *("[a](other.md)", "[a](//example.org)", "\x00", "\x07", "\x1b", "&#x61;", "&#0;", "&amp;", "&", "<", ">"),
    *("*", "**", "_", "\n", "\n\n", "> ", "- ", "* ", "1. ", "<p>", "</p>", "<br>", "<?php ?>", "<!DOCTYPE html>"),
    *("<![CDATA[x]]>", "///Footnotes Go Here///", "<style>", "<svg onload=alert(1)>", "<iframe src=//x>", "<pre>"),
    *("<mailto:x@example.org>", "\u2028", "\u202e", "\ufeff", "\r", "\r\n", '"', "'", "[", "]", "(", ")", "{", "}"),
    *("İ", "ß", "ﬁ", "\U0001f600"),  # İ is two characters in lower case, ß and ﬁ in upper case; an astral one
)
MARKDOWN_TEXT = st.lists(st.one_of(CHARACTERS, st.sampled_from(MARKDOWN_FRAGMENTS)), max_size=30).map("".join)
_FRONT_MATTER, _, _REST = REAL[EVENTS].partition("\n## ")
EVENTS_HEAD = _FRONT_MATTER + "\n## " + _REST.split("\n", 1)[0] + "\n\n"  # front matter and ## heading


@st.composite
def events_bodies(draw: st.DrawFn) -> str:
    """Markdown for the body of 04-public-events.md, with its note's reference somewhere in it."""
    body = draw(MARKDOWN_TEXT)
    at = draw(st.integers(0, len(body)))
    return body[:at] + EVENTS_NOTE + body[at:]


# RecursionError in Python-Markdown, from about 490 nested list items, 330 nested <div markdown>, 990 **.
NESTED_ITEMS = "* " * 1000 + EVENTS_NOTE + "\n"
NESTED_DIVS = "<div markdown>\n\n" * 500 + EVENTS_NOTE + "\n" + "\n</div>\n" * 500
NESTED_STRONG = "**" * 1000 + "x" + "**" * 1000 + EVENTS_NOTE + "\n"


@budget(60)
@given(body=events_bodies())
@example(body=NESTED_ITEMS)
@example(body=NESTED_DIVS)
@example(body=NESTED_STRONG)
@example(body="İİİİ<x>\n\n" + EVENTS_NOTE)  # 7:9 on a line of 7 characters: markup finds columns in .lower()
def test_any_markdown_body_gives_a_letter_or_placed_problems(template: Path, body: str) -> None:
    load_changed(template, {EVENTS: EVENTS_HEAD + body})


CR_ONLY = "---\ranchor: public-events\r---\r\r[^turk-comment-defenders]\r<x>\r"


@budget(40)
@given(written=mutated((*LETTER_FILES, *PAGES), MARKDOWN_TEXT | YAML_TEXT))
@example(written=(EVENTS, "---\nanchor: public-events\u2028\u2028\u2028\n---\n\n[^turk-comment-defenders] <x>\n"))
@example(written=(EVENTS, CR_ONLY))  # 4:28, in a file of 1 line ("\n") or 6 lines ("\r"), the 4th empty
def test_any_change_to_a_letter_file_or_a_page_gives_a_letter_or_placed_problems(
    template: Path, written: tuple[str, str]
) -> None:
    name, text = written
    load_changed(template, {name: text})


# -- the citation engine -----------------------------------------------------------------------

HERE = Place("footnotes.yaml", 1)
PINPOINTS = st.none() | st.sampled_from(["para. 1", "para. 2", "paras. 3-4", "p. 5"]) | st.text(min_size=1, max_size=8)
TITLES = st.sampled_from(["Report A", "Id.", "Id., para. 1.", "OHCHR statement"]) | st.text(min_size=1, max_size=12)
DATES = st.none() | st.dates(date(1945, 1, 1), date(2100, 12, 31))


@st.composite
def sources(draw: st.DrawFn) -> dict[str, Source]:
    keys = draw(st.lists(st.text(string.ascii_lowercase + "-", min_size=1, max_size=5), min_size=1, max_size=4))
    return {
        key: Source(
            key,
            draw(TITLES),
            f"https://example.org/{index}/{key}",
            HERE,
            author=draw(st.none() | st.sampled_from(["OHCHR", "Report", "Id."]) | st.text(min_size=1, max_size=6)),
            date=draw(DATES),
            symbol=draw(st.none() | st.sampled_from(["A/1", "A/HRC/25/CRP.1"])),
        )
        for index, key in enumerate(dict.fromkeys(keys))
    }


@st.composite
def letters(draw: st.DrawFn) -> Letter:
    """A letter whose parts refer to notes in a reading order that may repeat them."""
    cited = draw(sources())
    cite = st.builds(
        Cite,
        source=st.sampled_from(sorted(cited)),
        place=st.just(HERE),
        pinpoint=PINPOINTS,
        quotation=st.none() | st.text(min_size=1, max_size=8),
    )
    keys = draw(st.lists(st.text(string.ascii_lowercase, min_size=1, max_size=3), min_size=1, max_size=8, unique=True))
    notes = {key: Note(key, tuple(draw(st.lists(cite, min_size=1, max_size=3))), HERE) for key in keys}
    order = draw(st.lists(st.sampled_from(keys), min_size=1, max_size=16))
    cuts = sorted(draw(st.lists(st.integers(0, len(order)), max_size=3)))
    bounds = [0, *cuts, len(order)]
    parts = tuple(
        Part(
            f"letter/0{number}-part.md",
            f"part-{number}",
            None,
            "",
            tuple(Reference(key, Place(f"letter/0{number}-part.md", line)) for line, key in enumerate(chunk, 1)),
            Place(f"letter/0{number}-part.md", 1),
        )
        for number, chunk in enumerate(order[start:end] for start, end in pairwise(bounds))
    )
    return Letter("Title", date(2023, 8, 11), parts, cited, notes, (), date(2023, 8, 11))


def sole(cited: CitedNote | None) -> Cite | None:
    """The note's cite if it cites one source alone."""
    return cited.note.cites[0] if cited is not None and len(cited.note.cites) == 1 else None


def quoted(cite: Cite) -> str:
    return f" (“{cite.quotation}”)" if cite.quotation else ""


def check_full(cited: CitedNote, letter: Letter) -> None:
    """Every cite written out: its title, pinpoint and quotation, then its URL, in the note's order."""
    assert all(segment.kind is not Kind.ID for segment in cited.segments), cited
    urls = [(segment.text, segment.source) for segment in cited.segments if segment.kind is Kind.URL]
    assert urls == [(letter.sources[cite.source].url, cite.source) for cite in cited.note.cites], cited
    before = ""
    index = 0
    for segment in cited.segments:
        if segment.kind is Kind.URL:
            cite, source = cited.note.cites[index], letter.sources[cited.note.cites[index].source]
            assert source.title in before, (cited.number, cited.text, source.title)
            assert (cite.pinpoint or "") in before and quoted(cite) in before, (cited.number, cited.text, cite)
            before, index = "", index + 1
        else:
            before += segment.text


@budget(300)
@given(letter=letters())
def test_notes_are_numbered_by_first_reference_and_id_only_repeats_the_note_before(letter: Letter) -> None:
    cited = cite_notes(letter)
    first_referenced = list(dict.fromkeys(ref.key for part in letter.parts for ref in part.references))
    assert [note.key for note in cited] == first_referenced
    assert [note.number for note in cited] == list(range(1, len(first_referenced) + 1))
    assert not cited[0].short, "the first note is never Id."
    previous: CitedNote | None = None
    for note in cited:
        this, before = sole(note), sole(previous)
        # "Id." exactly when the note before cited one source alone and this note cites that one alone,
        # except the whole work after a pinpoint in it: a bare "Id." would mean the pinpoint.
        same_single_source = this is not None and before is not None and this.source == before.source
        whole_after_pinpoint = (
            this is not None and before is not None and this.pinpoint is None and before.pinpoint is not None
        )
        assert note.short == (same_single_source and not whole_after_pinpoint), (note.number, note.text)
        if note.short:
            assert this is not None and before is not None
            first = note.segments[0]
            assert (first.text, first.kind, first.source) == (ID, Kind.ID, before.source), note
            # What a reader takes "Id." for: the pinpoint before, unless the note names its own.
            tail = (f", {this.pinpoint}" if this.pinpoint != before.pinpoint else "") + quoted(this)
            assert note.text == (f"{ID}{tail}." if tail else ID), (note.number, note.text, this, before)
        else:
            check_full(note, letter)
        previous = note


@budget(100)
@given(
    letter=sources().flatmap(
        lambda cited: st.tuples(st.just(cited), st.sampled_from(sorted(cited)), st.text(min_size=1, max_size=8))
    ),
    quotation=st.none() | st.text(min_size=1, max_size=8),
)
def test_the_whole_work_after_a_pinpoint_in_it_is_cited_in_full(
    letter: tuple[dict[str, Source], str, str], quotation: str | None
) -> None:
    """A bare "Id." would repeat the pinpoint before: citing the whole work again needs the full form."""
    cited, key, pinpoint = letter
    pinpointed = Note("pinpointed", (Cite(key, HERE, pinpoint),), HERE)
    whole = Note("whole", (Cite(key, HERE, None, quotation),), HERE)
    again = Note("again", (Cite(key, HERE, pinpoint),), HERE)
    part = Part(
        "letter/01-part.md",
        "part",
        None,
        "",
        tuple(Reference(note.key, HERE) for note in (pinpointed, whole, again)),
        HERE,
    )
    notes = {note.key: note for note in (pinpointed, whole, again)}
    written = Letter("Title", date(2023, 8, 11), (part,), cited, notes, (), date(2023, 8, 11))
    first, second, third = cite_notes(written)
    assert not first.short and not second.short, (first.text, second.text)
    check_full(second, written)
    # After the whole work, the pinpoint is new again: "Id., <pinpoint>."
    assert third.short and third.text == f"{ID}, {pinpoint}.", third.text
