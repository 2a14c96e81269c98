"""Read YAML keeping the line of every value, and refusing what PyYAML lets pass.

PyYAML silently keeps the last of two equal keys in a mapping, and turns
``2023-02-30`` into an exception deep in its constructor.  Editors need both
reported as ``path:line`` problems, so we compose the node tree ourselves and
build plain values from it: mappings become :class:`YamlMap` (a ``dict`` that
knows the line of each key), sequences :class:`YamlList`, and timestamps stay
text so that the loader can say what is wrong with a date.
"""

from __future__ import annotations

from typing import Any

import yaml

from .problems import Problem


class YamlMap(dict[Any, Any]):
    """A mapping that remembers where it starts and where each key is."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class YamlList(list[Any]):
    """A sequence that remembers where it starts and where each item is."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _Loader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: dates are parsed and checked by us."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_yaml(text: str, path: str, problems: list[Problem], first_line: int = 1) -> Any:
    """Parse ``text``; on failure record problems and return ``None``.

    ``first_line`` is the file line of the text's first line (front matter
    starts on line 2 of a Markdown file).
    """
    offset = first_line - 1
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        line, message = _explain(error)
        problems.append(Problem(path, line + offset, f"YAML syntax error: {message}"))
        return None
    except yaml.YAMLError as error:
        problems.append(Problem(path, 1 + offset, f"YAML error: {error} (fix the file's syntax)"))
        return None
    finally:
        loader.dispose()
    if node is None:
        return None
    return _build(node, loader, path, problems, offset)


_CHECK = (
    "check the quotes, colons and indentation on this line and the one before; text "
    "containing ': ' or starting with a quote must be put in quotes"
)


def _explain(error: yaml.MarkedYAMLError) -> tuple[int, str]:
    """The line to fix and what is wrong there, in the words of an editor, not of PyYAML."""
    problem = error.problem or "unreadable YAML"
    context = error.context or ""
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    opened = error.context_mark.line + 1 if error.context_mark else line
    # Something opened and never closed is noticed further down, often at the end
    # of the file; the line to fix is where it was opened.
    if context == "while scanning a quoted scalar":
        return opened, (
            "a quotation mark opened on this line is never closed (end the text with the same "
            "quotation mark; an apostrophe inside text in '…' is written twice: '')"
        )
    if context.startswith("while parsing a flow") and (problem.startswith("expected ',' or") or "stream" in problem):
        return opened, (
            "a bracket [ or { opened on this line is not closed where expected (close it; text that "
            "starts with [ or { must be put in quotes)"
        )
    if problem.startswith("found character '\\t'"):
        return line, "a tab character (indent with spaces only)"
    if problem == "mapping values are not allowed here":
        return line, (
            "a second ':' on this line (put text containing ': ' in quotes, or indent this line like the one before)"
        )
    if context == "while scanning a simple key" and error.context_mark:
        return opened, "a key without ':' (write 'key: value', with a space after the colon)"
    if problem.startswith("expected <block end>"):
        return line, (
            "this line does not fit the lines before it (indent it like the other keys at its level; "
            "text that starts with a quotation mark must end with it, or be put in quotes as a whole)"
        )
    return line, f"{problem}{' ' + context if context else ''} ({_CHECK})"


def _build(
    node: yaml.Node,
    loader: _Loader,
    path: str,
    problems: list[Problem],
    offset: int,
    inside: frozenset[int] = frozenset(),
) -> Any:
    line = node.start_mark.line + 1 + offset
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        if id(node) in inside:  # `&a [*a]`: a value containing itself
            problems.append(Problem(path, line, _NO_ALIASES))
            return None
        inside = inside | {id(node)}
    if isinstance(node, yaml.MappingNode):
        mapping = YamlMap(line)
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + offset
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(Problem(path, key_line, _NO_ALIASES))
                continue
            key = _build(key_node, loader, path, problems, offset, inside)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                problems.append(Problem(path, key_line, "a key must be a single word or text (remove the brackets)"))
                continue
            if key in mapping:
                problems.append(
                    Problem(
                        path,
                        key_line,
                        f"duplicate key '{key}' (also on line {mapping.key_lines[key]}; "
                        "YAML would silently keep only the last one: remove or rename one of them)",
                    )
                )
                continue
            mapping[key] = _build(value_node, loader, path, problems, offset, inside)
            mapping.key_lines[key] = key_line
        return mapping
    if isinstance(node, yaml.SequenceNode):
        sequence = YamlList(line)
        for item in node.value:
            sequence.append(_build(item, loader, path, problems, offset, inside))
            sequence.item_lines.append(item.start_mark.line + 1 + offset)
        return sequence
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError) as error:  # `!Important`, `!!int abc`: a tag YAML cannot apply
        what = getattr(error, "problem", None) or str(error)
        problems.append(
            Problem(
                path,
                line,
                f"this value cannot be read ({what}); text that starts with ! & * or % must be put in quotes",
            )
        )
        return None


_NO_ALIASES = (
    "YAML anchors, aliases and merge keys (&name, *name, <<) are not supported here (write the value out in full)"
)
