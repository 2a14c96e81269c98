"""``letter-site check``: validate the sources without building the site (``make check``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .citations import cite_notes
from .loader import SourcePaths, load_letter
from .problems import SourcesInvalid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="letter-site", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check letter/, footnotes.yaml and signatories.yaml")
    check.add_argument("--root", type=Path, default=Path("."), help="the folder of mkdocs.yml")
    args = parser.parse_args(argv)
    try:
        letter = load_letter(SourcePaths(args.root))
    except SourcesInvalid as invalid:
        print(invalid.report(), file=sys.stderr)
        return 1
    notes = cite_notes(letter)
    print(
        f"The sources are valid: {len(letter.parts)} letter files, {len(notes)} notes, "
        f"{len(letter.sources)} sources, {len(letter.signatories)} signatories."
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
