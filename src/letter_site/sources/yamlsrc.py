"""Read YAML into plain data, keeping the place of every key and value, and refusing what PyYAML lets pass.

PyYAML silently keeps the last of two equal keys in a mapping, expands aliases
without limit ("billion laughs"), and turns ``2023-02-30`` into an exception
deep in its constructor.  Editors need each of these reported as a
``path:line:column`` problem, so we compose the node tree ourselves and build
plain values from it -- ``dict`` with text keys, ``list``, ``str``, ``int``,
``float``, ``bool``, ``None``, the shapes a JSON Schema talks about -- with a
separate table of where each value was written.  Timestamps stay text so that
the schema and the loader can say what is wrong with a date.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml

from ..problems import Problem
from .textfile import INVISIBLE, character_name, first_invisible

Location = tuple[str | int, ...]  # keys and list indexes from the document's root: ("sources", "coi", "url")


class Position(NamedTuple):  # a tuple: tens of thousands are made for a long list of signatories
    line: int
    column: int


class Marks(NamedTuple):
    """Where a value starts and, for a mapping's value, where its key is."""

    value: Position
    key: Position | None = None

    @property
    def start(self) -> Position:
        """Where an editor sees the entry begin: its key if it has one."""
        return self.key or self.value


@dataclass
class YamlDocument:
    data: Any
    marks: dict[Location, Marks] = field(default_factory=dict)
    unreadable: set[Location] = field(default_factory=set)  # values YAML could not build (reported)

    def get(self, location: Location) -> Any:
        """The value at ``location``; ``None`` where there is none."""
        value = self.data
        for step in location:
            if isinstance(value, dict) and isinstance(step, str):
                value = value.get(step)
            elif isinstance(value, list) and isinstance(step, int) and step < len(value):
                value = value[step]
            else:
                return None
        return value

    def start(self, location: Location) -> Position:
        """Where the entry at ``location`` begins (its key, or the nearest enclosing entry's)."""
        for end in range(len(location), -1, -1):
            marks = self.marks.get(location[:end])
            if marks is not None:
                return marks.start
        return Position(1, 1)  # pragma: no cover - the root always has marks

    def value_start(self, location: Location) -> Position:
        """Where the value at ``location`` is written: after its key on the same line, else at the key."""
        marks = self.marks.get(location)
        if marks is None:
            return self.start(location)
        if marks.key is not None and marks.value.line != marks.key.line:
            return marks.key
        return marks.value


_INVISIBLE = INVISIBLE.search
MAX_DEPTH = 32  # the sources nest four levels; Python's own limit is reached near 300


class _Loader(yaml.SafeLoader):
    """SafeLoader that composes without expanding aliases, and without the timestamp resolver.

    An alias is recorded and composed as an empty value, so a document of nested
    aliases costs no more than its text; an explicit tag (``!!int``, ``!Thing``)
    is recorded, never applied; nesting deeper than :data:`MAX_DEPTH` stops the
    reading with a mark rather than exhausting Python's stack.  Dates are
    parsed and checked by us.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_marks: list[yaml.Mark] = []
        self.tagged: dict[int, str] = {}  # id(node) -> the tag written on it
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.get_event()  # type: ignore[no-untyped-call]
            self.alias_marks.append(event.start_mark)
            return yaml.ScalarNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if event.anchor is not None:
            self.alias_marks.append(event.start_mark)
        if self.depth >= MAX_DEPTH:
            raise yaml.composer.ComposerError(None, None, "nested too deeply", event.start_mark)
        self.depth += 1
        try:
            node = super().compose_node(parent, index)
        finally:
            self.depth -= 1
        tag = getattr(event, "tag", None)
        if node is not None and tag not in (None, "!"):
            self.tagged[id(node)] = tag
        return node


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser for :func:`_from_events`, resolving plain scalars as :class:`_Loader` does (no timestamps)."""


_FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


_STR = "tag:yaml.org,2002:str"


def _from_events(text: str, offset: int) -> YamlDocument | None:
    """``text`` built in one pass over libyaml's events, or ``None`` if :class:`_Loader` must read it.

    This is the path of every well-formed source, however long (10,000
    signatories: a tenth of a second).  Whatever needs a problem placed -- a
    syntax error, an alias, an anchor, a tag, a duplicate or complex key, deep
    nesting, an invisible character, a value YAML cannot build, more than one
    document, a document that is not a collection, a tab -- sends the whole
    text to the Python reader, whose messages say what is wrong.
    """
    if "\t" in text:
        return None  # libyaml lets some tabs pass that PyYAML refuses: the Python reader says where
    document = YamlDocument(None)
    marks = document.marks
    builder = _FastLoader("")  # resolves and constructs the few plain scalars that are not text
    # Open collections: [container, its location, the pending key (mappings), that key's position].
    stack: list[list[Any]] = []
    documents = 0
    events: Iterator[Any] = yaml.parse(text, Loader=_FastLoader)  # libyaml's event classes are not typed
    try:
        for event in events:
            kind = type(event)
            if kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if event.anchor is not None or (event.tag not in (None, "!") and not event.implicit[0]):
                    return None
                mark = event.start_mark
                position = Position(mark.line + 1 + offset, mark.column + 1)
                if stack:
                    top = stack[-1]
                    container = top[0]
                    if type(container) is dict:
                        if top[2] is None:  # this event is a key
                            if kind is not yaml.ScalarEvent or event.value in container or _INVISIBLE(event.value):
                                return None
                            if event.value == "<<" and event.implicit[0]:
                                return None  # a merge key
                            top[2], top[3] = event.value, position
                            continue
                        location = (*top[1], top[2])
                        key_position, top[2] = top[3], None
                    else:
                        location, key_position = (*top[1], len(container)), None
                else:
                    if documents or kind is yaml.ScalarEvent:  # a source is a mapping: the rest is a problem
                        return None
                    location, key_position = (), None
                marks[location] = Marks(position, key_position)
                if kind is yaml.ScalarEvent:
                    value: Any = event.value
                    if _INVISIBLE(value):
                        return None
                    # Plain (libyaml says "", PyYAML None), and not text no resolver can match: YAML's
                    # booleans and nulls are five letters at most, its numbers start with a sign or digit.
                    if event.implicit[0] and not event.style and not (len(value) > 5 and value[0].isalpha()):
                        tag = builder.resolve(yaml.ScalarNode, value, event.implicit)
                        if tag != _STR:
                            value = builder.construct_object(yaml.ScalarNode(tag, value, mark, mark), deep=True)
                else:
                    if len(stack) >= MAX_DEPTH - 1:
                        return None
                    value = {} if kind is yaml.MappingStartEvent else []
                if stack:
                    container = stack[-1][0]
                    if type(container) is dict:
                        container[location[-1]] = value
                    else:
                        container.append(value)
                else:
                    document.data = value
                    documents += 1
                if kind is not yaml.ScalarEvent:
                    stack.append([value, location, None, None])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
            elif kind is yaml.AliasEvent:
                return None
    except Exception:
        return None
    return document if documents else None


NO_ALIASES = (
    "YAML anchors, aliases and merge keys (&name, *name, <<) are not supported here (write the value out in full)"
)


def parse_yaml(text: str, path: str, problems: list[Problem], first_line: int = 1) -> YamlDocument | None:
    """Parse ``text``; on failure record problems and return ``None``.

    ``first_line`` is the file line of the text's first line (front matter
    starts on line 2 of a Markdown file).  A document with anchors or aliases
    is refused whole: what an alias stands for is never built.
    """
    offset = first_line - 1
    return _from_events(text, offset) or _read_slowly(text, path, problems, offset)


def _read_slowly(text: str, path: str, problems: list[Problem], offset: int) -> YamlDocument | None:
    """``text`` read by :class:`_Loader`, which places a problem on whatever :func:`_from_events` refuses."""
    first_line = offset + 1
    try:
        loader = _Loader(text)
    except yaml.YAMLError as error:  # pragma: no cover - the loader refuses control characters first
        problems.append(Problem(path, first_line, 1, f"YAML error: {error} (fix the file's syntax)"))
        return None
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        line, column, message = _explain(error)
        problems.append(Problem(path, line + offset, column, f"YAML syntax error: {message}"))
        return None
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML's unmarked errors come from its reader
        problems.append(Problem(path, first_line, 1, f"YAML error: {error} (fix the file's syntax)"))
        return None
    finally:
        loader.dispose()
    if loader.alias_marks:
        for mark in loader.alias_marks:
            problems.append(Problem(path, mark.line + 1 + offset, mark.column + 1, NO_ALIASES))
        return None
    if node is None:
        return None
    document = YamlDocument(None)
    document.data = _Builder(loader, path, problems, offset, document.marks, document.unreadable).build(node, ())
    return document


@dataclass
class _Builder:
    loader: _Loader
    path: str
    problems: list[Problem]
    offset: int
    marks: dict[Location, Marks]
    unreadable: set[Location]

    def position(self, mark: yaml.Mark) -> Position:
        return Position(mark.line + 1 + self.offset, mark.column + 1)

    def problem(self, mark: yaml.Mark, message: str) -> None:
        position = self.position(mark)
        self.problems.append(Problem(self.path, position.line, position.column, message))

    def visible(self, node: yaml.Node, text: str, location: Location) -> bool:
        """Whether a scalar is free of invisible characters, which YAML escapes ("\\x02") can also write."""
        character = first_invisible(text)
        if character is None:
            return True
        self.unreadable.add(location)
        self.problem(
            node.start_mark,
            f"an invisible character {character_name(character)} in this value (delete it, or its escape "
            "such as \\x02 or \\u202e: it would reach the page as it is)",
        )
        return False

    def build(self, node: yaml.Node, location: Location, key: Position | None = None) -> Any:
        self.marks[location] = Marks(self.position(node.start_mark), key)
        tag = self.loader.tagged.get(id(node))
        if tag is not None:
            self.unreadable.add(location)
            self.problem(
                node.start_mark,
                f"'{tag}' here is a YAML tag, which is not supported (remove it; text that starts with ! & * or % "
                "must be put in quotes)",
            )
            return None
        if isinstance(node, yaml.MappingNode):
            mapping: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.problem(key_node.start_mark, NO_ALIASES)
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problem(key_node.start_mark, "a key must be a single word or text (remove the brackets)")
                    continue
                name = str(key_node.value)  # as written: `yes:` is the key "yes", not True
                if not self.visible(key_node, name, location):
                    continue
                if name in mapping:
                    first = self.marks[(*location, name)].start
                    self.problem(
                        key_node.start_mark,
                        f"duplicate key '{name}' (also on line {first.line}; "
                        "YAML would silently keep only the last one: remove or rename one of them)",
                    )
                    continue
                key_position = self.position(key_node.start_mark)
                mapping[name] = self.build(value_node, (*location, name), key_position)
            return mapping
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*location, index)) for index, item in enumerate(node.value)]
        if not self.visible(node, str(node.value), location):
            return None
        try:
            return self.loader.construct_object(node, deep=True)  # plain scalars: text, numbers, yes/no, null
        except Exception as error:  # PyYAML's constructors raise anything on odd scalars (`key: =`)
            what = getattr(error, "problem", None) or str(error)
            self.unreadable.add(location)
            self.problem(
                node.start_mark,
                f"this value cannot be read ({what}; text that starts with ! & * % or = must be put in quotes)",
            )
            return None


_CHECK = (
    "check the quotes, colons and indentation on this line and the one before; text "
    "containing ': ' or starting with a quote must be put in quotes"
)


def _explain(error: yaml.MarkedYAMLError) -> tuple[int, int, str]:
    """The line and column to fix and what is wrong there, in the words of an editor, not of PyYAML."""
    problem = error.problem or "unreadable YAML"
    context = error.context or ""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    opened = (error.context_mark.line + 1, error.context_mark.column + 1) if error.context_mark else (line, column)
    # Something opened and never closed is noticed further down, often at the end
    # of the file; the place to fix is where it was opened.
    if context == "while scanning a quoted scalar":
        return *opened, (
            "a quotation mark opened on this line is never closed (end the text with the same "
            "quotation mark; an apostrophe inside text in '…' is written twice: '')"
        )
    if context.startswith("while parsing a flow") and (problem.startswith("expected ',' or") or "stream" in problem):
        return *opened, (
            "a bracket [ or { opened on this line is not closed where expected (close it; text that "
            "starts with [ or { must be put in quotes)"
        )
    if problem == "nested too deeply":
        return (
            line,
            column,
            (
                f"this value is nested more than {MAX_DEPTH} levels deep (write it as the files' examples do; "
                "a long run of [ or { must be put in quotes)"
            ),
        )
    if problem.startswith("found character '\\t'"):
        return line, column, "a tab character (indent with spaces only)"
    if problem == "mapping values are not allowed here":
        return (
            line,
            column,
            ("a second ':' on this line (put text containing ': ' in quotes, or indent this line like the one before)"),
        )
    if context == "while scanning a simple key" and error.context_mark:
        return *opened, "a key without ':' (write 'key: value', with a space after the colon)"
    if problem.startswith("expected <block end>"):
        return (
            line,
            column,
            (
                "this line does not fit the lines before it (indent it like the other keys at its level; "
                "text that starts with a quotation mark must end with it, or be put in quotes as a whole)"
            ),
        )
    return line, column, f"{problem}{' ' + context if context else ''} ({_CHECK})"
