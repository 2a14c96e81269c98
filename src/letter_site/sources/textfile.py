"""Reading a source file as text: UTF-8, no invisible control characters, every problem with its place."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..problems import Problem

# Characters no source needs and an editor cannot see: C0 and C1 controls (but tab,
# line feed and carriage return), the byte-order mark inside a file, the
# non-characters U+FFFE and U+FFFF (PyYAML's reader stops at these without a
# line number), and the bidirectional overrides and isolates that make text
# read differently in a pull request's diff than on the page ("Trojan Source").
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}
_INVISIBLE = _BIDI | {"\ufeff", "\ufffe", "\uffff"}


# The same characters as one pattern, for whole texts: a test checks it against _invisible for every code point.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")


def _invisible(character: str) -> bool:
    if character in _ALLOWED_CONTROLS:
        return False
    # Zl and Zp (U+2028, U+2029) end a line for YAML and some editors, not for others or for git:
    # the line numbers of every problem after them would disagree.
    return unicodedata.category(character) in ("Cc", "Zl", "Zp") or character in _INVISIBLE


def character_name(character: str) -> str:
    """``U+0007 (BEL)``: a character as an editor can search for it."""
    name = unicodedata.name(character, "")
    if not name:
        name = _CONTROL_NAMES.get(ord(character), "CONTROL CHARACTER")
    return f"U+{ord(character):04X} ({name})"


# Controls have no Unicode character name; these are their Unicode name aliases.
_CONTROL_NAMES = {
    0x00: "NUL",
    0x01: "START OF HEADING",
    0x02: "START OF TEXT",
    0x03: "END OF TEXT",
    0x04: "END OF TRANSMISSION",
    0x05: "ENQUIRY",
    0x06: "ACKNOWLEDGE",
    0x07: "BEL",
    0x08: "BACKSPACE",
    0x09: "CHARACTER TABULATION",
    0x0A: "LINE FEED",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x0E: "SHIFT OUT",
    0x0F: "SHIFT IN",
    0x10: "DATA LINK ESCAPE",
    0x11: "DEVICE CONTROL ONE",
    0x12: "DEVICE CONTROL TWO",
    0x13: "DEVICE CONTROL THREE",
    0x14: "DEVICE CONTROL FOUR",
    0x15: "NEGATIVE ACKNOWLEDGE",
    0x16: "SYNCHRONOUS IDLE",
    0x17: "END OF TRANSMISSION BLOCK",
    0x18: "CANCEL",
    0x19: "END OF MEDIUM",
    0x1A: "SUBSTITUTE",
    0x1B: "ESCAPE",
    0x1C: "INFORMATION SEPARATOR FOUR",
    0x1D: "INFORMATION SEPARATOR THREE",
    0x1E: "INFORMATION SEPARATOR TWO",
    0x1F: "INFORMATION SEPARATOR ONE",
    0x7F: "DELETE",
    **dict(
        enumerate(
            (
                "PADDING CHARACTER", "HIGH OCTET PRESET", "BREAK PERMITTED HERE", "NO BREAK HERE", "INDEX",
                "NEXT LINE", "START OF SELECTED AREA", "END OF SELECTED AREA", "CHARACTER TABULATION SET",
                "CHARACTER TABULATION WITH JUSTIFICATION", "LINE TABULATION SET", "PARTIAL LINE FORWARD",
                "PARTIAL LINE BACKWARD", "REVERSE LINE FEED", "SINGLE SHIFT TWO", "SINGLE SHIFT THREE",
                "DEVICE CONTROL STRING", "PRIVATE USE ONE", "PRIVATE USE TWO", "SET TRANSMIT STATE",
                "CANCEL CHARACTER", "MESSAGE WAITING", "START OF GUARDED AREA", "END OF GUARDED AREA",
                "START OF STRING", "SINGLE GRAPHIC CHARACTER INTRODUCER", "SINGLE CHARACTER INTRODUCER",
                "CONTROL SEQUENCE INTRODUCER", "STRING TERMINATOR", "OPERATING SYSTEM COMMAND", "PRIVACY MESSAGE",
                "APPLICATION PROGRAM COMMAND",
            ),
            start=0x80,
        )
    ),
}  # fmt: skip


def first_invisible(text: str) -> str | None:
    """The first character of ``text`` that no source needs and no editor sees, if any."""
    found = INVISIBLE.search(text)
    return found.group() if found else None


def invisible_characters(text: str, path: str, first_line: int = 1) -> list[Problem]:
    """A problem for each line holding a character that no source needs and no editor sees."""
    problems: list[Problem] = []
    if not INVISIBLE.search(text):
        return problems
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=first_line):
        for column, character in enumerate(line, start=1):
            if _invisible(character):
                problems.append(
                    Problem(
                        path,
                        number,
                        column,
                        f"an invisible character {character_name(character)} (delete it: most editors do not "
                        "show it, and it would reach the page as it is)",
                    )
                )
                break  # one a line is enough to find them all
    return problems


def read_text(root: Path, name: str, what: str, fix: str, problems: list[Problem]) -> str | None:
    """The text of ``root/name``, or ``None`` with a problem saying why it cannot be used."""
    path = root / name
    if path.is_symlink() or not path.is_file():
        if path.is_symlink():
            problems.append(
                Problem(name, 1, 1, "a link to another file, which would not be published (replace it with the file)")
            )
        else:
            problems.append(Problem(name, 1, 1, f"file not found ({what}: {fix})"))
        return None
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.append(Problem(name, 1, 1, f"the file cannot be read ({error.strerror}: check its permissions)"))
        return None
    try:
        # utf-8-sig: editors on Windows save a byte-order mark before the front matter.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        problems.append(Problem(name, line, column, "the file is not UTF-8 text (save it again as UTF-8)"))
        return None
    if not text.strip():
        problems.append(Problem(name, 1, 1, f"the file is empty ({what}: {fix})"))
        return None
    invisible = invisible_characters(text, name)
    if invisible:
        problems.extend(invisible)
        return None
    # Lines as editors count them: a carriage return alone (old Mac files) ends a line too.
    return text.replace("\r\n", "\n").replace("\r", "\n")
