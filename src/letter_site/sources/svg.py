"""The check of an SVG image of ``docs/assets/``: read as XML, every element and attribute one a drawing needs.

What a drawing may hold is the allowlist's (:mod:`.allowlist`): ``SVG_ELEMENTS``.
"""

from __future__ import annotations

import re
from xml.parsers import expat

from ..problems import Problem
from .allowlist import SVG, SVG_ELEMENTS


class _SvgRefused(Exception):  # noqa: N818 - internal: stops the reading at a DTD
    pass


def check_svg(path: str, text: str) -> list[Problem]:
    """An SVG image of docs/assets/: published as it is, and, opened alone, it runs what it holds.

    Read with expat, as XML; a document type (and so any entity) is refused
    before it is read, and every element and attribute must be one a drawing needs.
    """
    problems: list[Problem] = []
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def here(message: str) -> None:
        problems.append(Problem(path, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1, message))

    def doctype(*_: object) -> None:
        here("a document type in an image can declare entities that write anything (remove the <!DOCTYPE …>)")
        raise _SvgRefused

    def instruction(target: str, _: str) -> None:
        here(f"<?{target} …?> in an image can load a stylesheet from elsewhere (remove it)")

    def start(name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if namespace != SVG or local.lower() not in SVG_ELEMENTS:
            here(f"<{local}> has no place in an image the site publishes (a drawing needs only: "
                 f"{', '.join(sorted(SVG_ELEMENTS))})")  # fmt: skip
        for attribute, value in attributes.items():
            key = attribute.rpartition(" ")[2].lower()
            written = value.strip().lower()
            if key.startswith("on"):
                here(f"attribute '{key}' in an image would run code (remove it)")
            elif key in ("style", "base") or "javascript:" in written:
                here(f"attribute '{key}' in an image can run code or load from elsewhere (use plain attributes)")
            elif key == "href" and not written.startswith("#"):
                here(f"'{value}' in an image would load from elsewhere or run code (keep the image self-contained)")
            elif "url(" in written and not re.fullmatch(r"url\(\s*#[^)]*\)", written):
                here(f"'{value}' in an image would load from elsewhere (refer only to parts of the image: url(#id))")

    parser.StartDoctypeDeclHandler = doctype
    parser.ProcessingInstructionHandler = instruction
    parser.StartElementHandler = start
    try:
        parser.Parse(text, True)
    except _SvgRefused:
        pass
    except expat.ExpatError as error:
        problems.append(
            Problem(
                path,
                error.lineno,
                error.offset + 1,
                f"the image is not well-formed XML ({expat.errors.messages[error.code]}: "
                "save it again from a drawing program)",
            )
        )
    return problems
