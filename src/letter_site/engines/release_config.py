"""A release's ``mkdocs.yml``, made to publish its version at the version's own address.

A letter made by ``letter-site new`` reads its address from ``SITE_URL``
(``site_url: &site_url !ENV [SITE_URL, …]``), which the build of a version sets to
``v/<tag>/``.  A release whose ``mkdocs.yml`` writes its address out
(``site_url: https://…/``) would publish its version with the current letter's
address: in its canonical link, its card and its citation files.  In the copy of
the release's files that is built (never in the repository), each ``site_url``
that is written out is replaced by the version's address, where it stands, so that
the rest of the file (its tags, anchors and comments) is read as it was.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from .project import EXTENSION

_PROPERTIES = re.compile(r"(&\S+\s+)?(!\S+\s+)?")  # an anchor (kept: aliases name it) and a tag (dropped)


def at_address(config: Path, address: str) -> None:
    """``config`` (a release's ``mkdocs.yml``, in a copy of its files) with its written-out addresses made ``address``.

    A file that cannot be read is left as it is: its build says what is wrong with it.
    """
    try:
        text = config.read_text(encoding="utf-8")
        top = yaml.compose(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return
    if not isinstance(top, yaml.MappingNode):
        return
    found = [value for key, value in top.value if key.value == "site_url"]
    for key, value in top.value:
        if key.value == "markdown_extensions" and isinstance(value, yaml.SequenceNode):
            for entry in value.value:
                if isinstance(entry, yaml.MappingNode):
                    for name, options in entry.value:
                        if name.value == EXTENSION and isinstance(options, yaml.MappingNode):
                            found += [option for label, option in options.value if label.value == "site_url"]
    spans = {}
    for node in found:
        if _reads_site_url(node):
            continue
        start, end = node.start_mark.index, node.end_mark.index
        anchor = _PROPERTIES.match(text, start)
        assert anchor is not None  # the pattern matches the empty string
        block = isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")  # its span ends with its line's end
        spans[start] = (end, (anchor[1] or "") + json.dumps(address) + ("\n" if block else ""))
    for start in sorted(spans, reverse=True):  # from the end: the earlier places stay where they were
        end, replacement = spans[start]
        text = text[:start] + replacement + text[end:]
    if spans:
        config.write_text(text, encoding="utf-8")


def _reads_site_url(node: yaml.Node) -> bool:
    """``!ENV SITE_URL`` or ``!ENV [SITE_URL, default]``: the address the version's build sets."""
    if node.tag != "!ENV":
        return False
    if isinstance(node, yaml.ScalarNode):
        return str(node.value) == "SITE_URL"
    if isinstance(node, yaml.SequenceNode) and node.value:
        first = node.value[0]
        return isinstance(first, yaml.ScalarNode) and first.value == "SITE_URL"
    return False
