"""The shape of the sources: ``schemas/*.schema.json`` (JSON Schema 2020-12), and its errors in editors' words.

The schemas are the single statement of what each file may hold: VS Code and
other editors read them through the ``# yaml-language-server: $schema=…``
line at the top of each YAML file, and the loader validates with the very
same files.  Each error becomes one :class:`Problem` at the ``line:column``
of the key or value it is about, found through the YAML marks, with a fix in
the words of the file -- the schema's ``title`` names an entry ("source",
"signatory") and its ``patternErrorMessage`` (which VS Code shows too) says
how to write a value.

Two validators read the same schemas.  ``jsonschema_rs`` (Rust) answers
whether a document is valid in milliseconds, even at 10,000 signatories; only
a document it finds invalid is read again by ``jsonschema`` (Python), whose
errors carry the schema paths the messages are built from.  The Rust one is
the stricter of the two where they differ (``$`` before a final line break,
the ``uri`` format), so nothing the Python one would report is let through.  Its ``date`` format is
jsonschema's own check (Rust's lets the year 0000 pass).
"""

from __future__ import annotations

import datetime
import difflib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema_rs

if TYPE_CHECKING:  # jsonschema is loaded only to explain an invalid document
    from jsonschema import Draft202012Validator, ValidationError

from ..problems import Problem
from .yamlsrc import Location, Position, YamlDocument

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "schemas"
FILES = ("common", "footnotes", "signatories", "letter-part", "page")

# When one value breaks several rules, the first of these is the one worth reading.
_PRIORITY = ("type", "enum", "pattern", "not", "format", "minItems")


def suggest(word: str, choices: Iterable[str]) -> str:
    """``; did you mean 'x'?`` for a likely typo, else nothing."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


@cache
def _documents() -> dict[str, dict[str, Any]]:
    documents = {}
    for name in FILES:
        path = SCHEMAS / f"{name}.schema.json"
        documents[path.name] = json.loads(path.read_text(encoding="utf-8"))
    return documents


@cache
def _validator(file: str, pointer: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator  # noqa: PLC0415 - 50 ms to load, for invalid documents only
    from referencing import Registry, Resource  # noqa: PLC0415
    from referencing.jsonschema import DRAFT202012  # noqa: PLC0415

    documents = _documents()
    registry: Registry[Any] = Registry().with_resources(
        (name, Resource.from_contents(contents, default_specification=DRAFT202012))
        for name, contents in documents.items()
    )
    schema = {"$ref": f"{file}#{pointer}"} if pointer else documents[file]
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


# The schemas refer to each other by file name; the Rust validator resolves them under this (never fetched) base.
_BASE = "https://letter-site.invalid/schemas/"


@cache
def _fast_validator(file: str, pointer: str) -> jsonschema_rs.Draft202012Validator:
    documents = _documents()
    registry = jsonschema_rs.Registry([(_BASE + name, contents) for name, contents in documents.items()])
    schema, base = ({"$ref": f"{file}#{pointer}"}, "part") if pointer else (documents[file], file)
    return jsonschema_rs.Draft202012Validator(
        schema,
        registry=registry,
        base_uri=_BASE + base,
        validate_formats=True,
        offline=True,
        formats={"date": _is_date},
    )


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _is_date(value: str) -> bool:
    """jsonschema's ``date`` format: YYYY-MM-DD, a day that exists (so no year 0000)."""
    try:
        return bool(_DATE.fullmatch(value)) and bool(datetime.date.fromisoformat(value))
    except ValueError:
        return False


def schema(name: str) -> dict[str, Any]:
    """The schema ``schemas/<name>.schema.json`` as data (for tests and tools)."""
    return _documents()[f"{name}.schema.json"]


@dataclass(frozen=True)
class Shape:
    """Which schema a document must match, and how its messages speak of it.

    ``what`` names the document's top level in messages ("" for a YAML file,
    "a letter file" for front matter); ``add_to`` says where a missing
    top-level key goes; ``not_a_mapping`` is the message when the document is
    not ``key: value`` lines at all.
    """

    file: str
    pointer: str
    what: str
    add_to: str
    not_a_mapping: str


@dataclass(frozen=True)
class Failure:
    """A schema error: where (in the data), and the problem an editor reads."""

    location: Location
    problem: Problem


def validate(document: YamlDocument, shape: Shape, path: str) -> list[Failure]:
    """Every way ``document`` breaks its schema, one failure per place."""
    if not document.unreadable and _fast_validator(shape.file, shape.pointer).is_valid(document.data):
        return []
    validator = _validator(shape.file, shape.pointer)
    chosen: dict[tuple[Location, str, str], ValidationError] = {}
    for error in validator.iter_errors(document.data):
        if tuple(error.absolute_path) in document.unreadable:
            continue  # its problem is reported already
        for slot in _places(error):
            # A value that breaks several rules gets the message of the most basic one.
            if slot not in chosen or _rank(error) < _rank(chosen[slot]):
                chosen[slot] = error
    speaker = _Speaker(document, shape, path)
    return [speaker.failure(location, kind, key, error) for (location, kind, key), error in chosen.items()]


def _rank(error: ValidationError) -> int:
    keyword = str(error.validator)
    return _PRIORITY.index(keyword) if keyword in _PRIORITY else len(_PRIORITY)


def _places(error: ValidationError) -> Iterator[tuple[Location, str, str]]:
    """What an error is about: ``(location, kind, key)``.

    ``kind`` is "unknown" (an unknown key, at its location), "name" (a key
    that is not a valid name), "missing" (``key`` is missing from the mapping
    at the location) or "value" (the value at the location).
    """
    location: Location = tuple(error.absolute_path)
    instance = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        known = schema.get("properties", {})
        for key in instance:
            if key not in known:
                yield (*location, key), "unknown", ""
    elif error.validator == "required" and isinstance(instance, dict):
        for key in schema.get("required", []):
            if key not in instance:
                yield location, "missing", key
    elif "propertyNames" in error.relative_schema_path:
        yield (*location, str(instance)), "name", ""
    else:
        yield location, "value", ""


class _Speaker:
    """Turns schema errors into editors' messages, at the places they are about."""

    def __init__(self, document: YamlDocument, shape: Shape, path: str) -> None:
        self.document = document
        self.shape = shape
        self.path = path
        self.root = _resolve({"$ref": f"{shape.file}#{shape.pointer}"})

    def failure(self, location: Location, kind: str, key: str, error: ValidationError) -> Failure:
        if kind == "unknown":
            message, where = self.unknown_key(location), self.document.start(location)
        elif kind == "name":
            message, where = self.bad_name(location), self.document.start(location)
        elif kind == "missing":
            message, where = self.missing(location, key), self.entry_start(location)
        else:
            message, where = self.bad_value(location, error), self.value_start(location)
        return Failure(location, Problem(self.path, where.line, where.column, message))

    # -- where -------------------------------------------------------------

    def entry_start(self, location: Location) -> Position:
        return self.document.start(location) if location else Position(1, 1)

    def value_start(self, location: Location) -> Position:
        return self.document.value_start(location)

    # -- naming ------------------------------------------------------------

    def schema_at(self, location: Location) -> dict[str, Any]:
        """The schema of the value at ``location``, ``$ref`` resolved."""
        current = self.root
        for step in location:
            current = _child(current, step)
        return current

    def prefix(self, location: Location) -> str:
        """``source 'coi': ``, ``signatory: ``, or the top level's name: what holds ``location``."""
        entries = [
            (location[depth - 1], entry["title"])
            for depth in range(len(location), 0, -1)
            if (entry := self.schema_at(location[:depth])).get("type") == "object" and entry.get("title")
        ]
        # A cite is spoken of by its note ("note 'coi': "); a signatory by what it is.
        for step, title in entries:
            if isinstance(step, str):
                return f"{title} '{step}': "
        if entries:
            return f"{entries[0][1]}: "
        return f"{self.shape.what}: " if self.shape.what else ""

    def add_to(self, location: Location) -> str:
        return self.shape.add_to if not location else "below it"

    # -- messages ----------------------------------------------------------

    def unknown_key(self, location: Location) -> str:
        allowed = sorted(self.schema_at(location[:-1]).get("properties", {}))
        key = str(location[-1])
        return (
            f"{self.prefix(location[:-1])}unknown key '{key}'{suggest(key, allowed)} "
            f"(the keys allowed here are: {', '.join(allowed)})"
        )

    def bad_name(self, location: Location) -> str:
        holder = self.schema_at(location[:-1])
        noun = _child(holder, str(location[-1])).get("title", "entry")
        hint = _resolve(holder.get("propertyNames", {})).get("patternErrorMessage", "")
        return f"{noun} key '{location[-1]}' is not a valid name ({hint})"

    def missing(self, location: Location, key: str) -> str:
        return f"{self.prefix(location)}'{key}' is missing or empty (add a line '{key}: …' {self.add_to(location)})"

    def bad_value(self, location: Location, error: ValidationError) -> str:
        if not location:
            return self.shape.not_a_mapping
        here = self.schema_at(location)
        step, value, keyword = location[-1], error.instance, error.validator
        name = step if isinstance(step, str) else str(location[-2])
        prefix = self.prefix(location[:-1])
        if value is None:
            return f"{prefix}'{name}' is missing or empty (add a line '{name}: …' {self.add_to(location[:-1])})"
        kind, hint = here.get("title"), here.get("patternErrorMessage", "")
        if keyword == "type" and here.get("type") == "object" and kind:
            first = _first_required(here)
            if isinstance(step, str):  # a keyed entry written as a single value
                return (
                    f"{kind} '{step}' has no fields (write them on the lines below it, indented, "
                    f"starting with '{first}:')"
                )
            needs = " and ".join(f"'{key}:'" for key in here.get("required", [first]))
            return f"{prefix}each {kind} needs {needs} (write '- {first}: …')"
        if kind == "date":
            if keyword == "format":
                return f"{prefix}'{name}' is not a real date: '{value}' ({hint})"
            if isinstance(value, (bool, dict, list)):
                return f"{prefix}'{name}' is not a date ({hint})"
            return f"{prefix}'{name}' is not a date: '{value}' ({hint})"
        if keyword == "type":
            return prefix + _wrong_type(name, here, value)
        if keyword == "enum":
            allowed = [str(choice) for choice in here.get("enum", [])]
            return (
                f"{prefix}'{name}' must be one of {', '.join(sorted(allowed))} "
                f"(got '{value}'{suggest(str(value), allowed)})"
            )
        if keyword == "minItems":
            return f"{prefix}no {name} listed (add at least one '- {_first_required(_child(here, 0))}: …')"
        if kind == "anchor":
            if keyword == "not":
                return f"anchor '{value}' is already used by the site itself (choose another name)"
            return f"anchor '{value}' is not usable in a link ({hint})"
        if kind == "text":
            return f"{prefix}'{name}' is empty (write its text after '{name}:')"
        if kind in ("web address", "plain text"):
            return f"{prefix}'{name}' {hint} (got '{value}')"
        return f"{prefix}'{name}' is not written as expected: '{value}' ({hint})"


def _wrong_type(name: str, here: dict[str, Any], value: Any) -> str:
    expected = here.get("type")
    if expected == "object":
        noun = _resolve(here.get("additionalProperties") or {}).get("title", "entry")
        return f"'{name}' must contain keys (each {noun} under a key of its own)"
    if expected == "array":
        item = _child(here, 0)
        return f"'{name}' must be a list (each {item.get('title', 'item')} a '- {_first_required(item)}: …' item)"
    if isinstance(value, bool):
        return f"'{name}' must be text, not yes/no (put the value in quotes)"
    if isinstance(value, (int, float)):
        return f"'{name}' must be text, not a number (put the value in quotes)"
    return (
        f"'{name}' must be a single piece of text, not a list or keys (write the text after "
        f"'{name}:' on the same line, in quotes if it contains ': ' or starts with - or [)"
    )


def _first_required(schema: dict[str, Any]) -> str:
    required = schema.get("required") or list(schema.get("properties", {})) or ["…"]
    return str(required[0])


def _child(schema: dict[str, Any], step: str | int) -> dict[str, Any]:
    """The schema of the value at ``step`` inside a value of ``schema``."""
    if isinstance(step, int):
        return _resolve(schema.get("items") or {})
    properties = schema.get("properties", {})
    if step in properties:
        return _resolve(properties[step])
    additional = schema.get("additionalProperties")
    return _resolve(additional if isinstance(additional, dict) else {})


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with its ``$ref`` followed: the target's keywords, overridden by the schema's own.

    References are absolute (``file#pointer``) in :func:`_absolute_documents`.
    """
    ref = schema.get("$ref")
    if not isinstance(ref, str):
        return schema
    file, _, pointer = ref.partition("#")
    target: Any = _absolute_documents()[file]
    for part in filter(None, pointer.split("/")):
        target = target[part]
    own = {key: value for key, value in schema.items() if key != "$ref"}
    return {**_resolve(target), **own}


@cache
def _absolute_documents() -> dict[str, dict[str, Any]]:
    """The schemas with every ``$ref`` written ``file#pointer``, so a schema resolves wherever it is read."""

    def absolute(value: Any, file: str) -> Any:
        if isinstance(value, dict):
            out = {key: absolute(item, file) for key, item in value.items()}
            ref = out.get("$ref")
            if isinstance(ref, str) and ref.startswith("#"):
                out["$ref"] = file + ref
            return out
        if isinstance(value, list):
            return [absolute(item, file) for item in value]
        return value

    return {name: absolute(contents, name) for name, contents in _documents().items()}
