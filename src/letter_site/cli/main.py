"""``letter-site``: check a letter's sources, build or preview its site, start a new letter.

``letter-site check`` validates the sources without building the site
(``make check``); ``letter-site build --engine mkdocs|zensical`` builds the
site with either engine (``make build``, see :mod:`..engines.build`);
``letter-site serve`` previews it; ``letter-site new DIR`` writes a new
letter's repository (:mod:`.new`), from a draft with ``--from``;
``letter-site import DRAFT`` writes a draft's letter into the sources
(:mod:`..drafts`); ``letter-site system`` installs the Debian packages the PDF
needs.

Problems are printed where editors look for them: ``path:line:column:
message`` lines in a terminal or an editor (the default), GitHub Actions
annotations on the changed lines of a pull request (``--format github``), or
a JSON list for other tools (``--format json``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import yaml

from ..cite.citations import cite_notes
from ..drafts.importer import IMPORT_HELP, READS, import_draft, prepare
from ..drafts.layout import DraftProblem
from ..engines.build import ENGINES, make_pdf, serve
from ..engines.build import build as build_site
from ..engines.project import ConfigLoader
from ..engines.versions import kept_versions, release_paths
from ..history.github import release_notes
from ..history.record import RecordUnreadable, VersionInvalid, record
from ..history.report import report
from ..problems import Problem, SourcesInvalid
from ..render.pdf import PdfUnavailable, import_weasyprint
from ..sources.loader import SourcePaths, load_letter
from . import new as new_letter

ANNOTATION_TITLE = "Letter source problem"
DRAFTS = ", ".join(READS)
ROOT_HELP = "the letter's repository (default: here)"
REVIEW_TITLE = "Imported from the draft: to confirm"
FORMAT_HELP = "text: path:line:column: message lines (default); github: GitHub Actions annotations; json: a list"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="letter-site", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check letter/, footnotes.yaml and signatories.yaml")
    check.add_argument("--root", type=Path, default=Path("."), help="the folder of mkdocs.yml (default: here)")
    check.add_argument(
        "--format",
        choices=("text", "github", "json"),
        default="text",
        help=FORMAT_HELP,
    )
    build = commands.add_parser("build", help="check the sources, build the site with an engine, finish it")
    build.add_argument("--engine", choices=ENGINES, default="mkdocs", help="the static site engine (default: mkdocs)")
    build.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"), help="default: mkdocs.yml")
    build.add_argument("--site-dir", help="where the site goes (default: mkdocs.yml's site_dir, or site)")
    build.add_argument(
        "--publish", action="store_true", help="the build is to be published: refuse a placeholder letter"
    )
    serve_command = commands.add_parser("serve", help="preview the site, rebuilt on every change of a source")
    serve_command.add_argument("--engine", choices=ENGINES, default="mkdocs", help="default: mkdocs")
    serve_command.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"), help="default: mkdocs.yml")
    serve_command.add_argument("--dev-addr", help="IP:PORT to serve at (default: 127.0.0.1:8000)")
    new = commands.add_parser(
        "new",
        help="write a new letter's repository into DIR",
        description=new_letter.HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    new.add_argument("dir", type=Path, metavar="DIR", help="the new repository's folder (new, or empty)")
    new.add_argument("--tool", help="the pip requirement that pins this tool in requirements.txt")
    new.add_argument(
        "--from", dest="draft", type=Path, help=f"a draft to start from instead of the placeholder ({DRAFTS})"
    )
    draft = commands.add_parser(
        "import",
        help=f"write a draft's letter ({DRAFTS}) into this letter's sources, then check them",
        description=IMPORT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    draft.add_argument("draft", type=Path, metavar="DRAFT", help=f"the draft, with its notes ({DRAFTS})")
    draft.add_argument("--root", type=Path, default=Path("."), help=ROOT_HELP)
    draft.add_argument("--replace", action="store_true", help="replace sources that have uncommitted changes")
    for command in (new, draft):
        command.add_argument("--format", choices=("text", "github", "json"), default="text", help=FORMAT_HELP)
    versions_command = commands.add_parser(
        "versions", help="list the letter's released versions (git tags) and what changed from each to the next"
    )
    versions_command.add_argument(
        "--root", type=Path, default=Path("."), help="the letter's repository (default: here)"
    )
    notes_command = commands.add_parser(
        "release-notes",
        help="in a GitHub workflow: the releases' titles and texts from GitHub, for the Versions page "
        "(.cache/release-notes.json), and the PDF as published attached to each (.cache/release-assets/)",
    )
    notes_command.add_argument("--root", type=Path, default=Path("."), help="the letter's repository (default: here)")
    system_command = commands.add_parser(
        "system", help="install the Debian packages the PDF needs (as root, or with sudo)"
    )
    system_command.add_argument("--list", type=Path, help="another list of packages, one a line (default: the PDF's)")
    pdf = commands.add_parser("pdf", help="write the letter's PDF alone (letter-site build makes it beside the engine)")
    pdf.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"), help="default: mkdocs.yml")
    pdf.add_argument("--output", type=Path, required=True, help="the PDF file to write")
    pdf.add_argument("--parent", type=int, help="stop when this process (the one starting it) has ended")
    args = parser.parse_args(argv)
    if args.command in ("build", "serve", "pdf") and (unreadable := _unreadable_config(args.config_file)):
        print(unreadable, file=sys.stderr)
        return 1
    if args.command == "build":
        return build_site(args.config_file, args.engine, args.site_dir, publish=args.publish)
    if args.command == "serve":
        return serve(args.config_file, args.engine, args.dev_addr)
    reviews: tuple[Problem, ...] = ()
    if args.command in ("new", "import"):
        started = _new_or_import(args)
        if isinstance(started, int):
            return started
        reviews = started
        if args.format == "text":
            print("\n".join([*(str(review) for review in reviews), f"{args.draft.name}: imported into "
                  f"{args.root}; each line above is for a person to confirm."]))  # fmt: skip
    if args.command == "versions":
        return versions(args.root)
    if args.command == "release-notes":
        status, said = release_notes(args.root)
        print(said, file=sys.stderr if status else sys.stdout)
        return status
    if args.command == "system":
        return system(args.list)
    if args.command == "pdf":
        return make_pdf(args.config_file, args.output, args.parent)
    try:
        letter = load_letter(SourcePaths(args.root))
    except SourcesInvalid as invalid:
        problems = invalid.problems
    else:
        problems = ()
    summary = _summary(problems)
    if args.format == "json":
        print(json.dumps([_as_json(problem) for problem in (*reviews, *problems)], ensure_ascii=False, indent=2))
    elif args.format == "github":
        prefix = _prefix(args.root)
        for review in reviews:
            print(annotation(review, prefix, level="warning", title=REVIEW_TITLE))
        for problem in problems:
            print(annotation(problem, prefix))
        print(summary, file=sys.stderr)
    elif problems:
        print("\n".join(str(problem) for problem in problems), file=sys.stderr)
        print(summary, file=sys.stderr)
    if problems:
        return 1
    if args.format == "text":
        notes = cite_notes(letter)
        print(
            f"The sources are valid: {_count(len(letter.parts), 'letter file')}, {_count(len(notes), 'note')}, "
            f"{_count(len(letter.sources), 'source')}, {_count(len(letter.signatories), 'signatory', 'signatories')}."
        )
    return 0


def _unreadable_config(config_file: Path) -> str | None:
    """Why the site's settings cannot be read, in one line; ``None`` if they can."""
    if not config_file.is_file():
        return (
            f"{config_file}: not found (run letter-site in a letter's repository, the folder of its mkdocs.yml, "
            "or give --config-file)"
        )
    try:
        yaml.load(config_file.read_text(encoding="utf-8"), Loader=ConfigLoader)
    except (OSError, UnicodeDecodeError) as error:
        return f"{config_file}: cannot be read ({error})"
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{config_file}:{mark.line + 1}:{mark.column + 1}" if mark else str(config_file)
        what = getattr(error, "problem", None) or error
        return f"{where}: not valid YAML ({what}: look at this line and the one before, their indentation and colons)"
    return None


def _new_or_import(args: argparse.Namespace) -> int | tuple[Problem, ...]:
    """``new`` (with ``--from``) and ``import``: the exit status if that is all, else what to confirm."""
    try:
        written = prepare(args.draft) if args.draft else None  # read before anything is written
        if args.command == "new":
            with contextlib.redirect_stdout(sys.stdout if args.format == "text" else sys.stderr):  # stdout: the list
                status = new_letter.new(args.dir, args.tool, draft=args.draft.name if args.draft else None)
            if status != 0 or written is None:
                return status
            args.root, args.replace = args.dir, True
        assert written is not None
        return import_draft(written, args.root, args.replace, new=args.command == "new")
    except DraftProblem as problem:
        path = problem.path or str(args.draft)
        if args.format == "json":
            print(json.dumps([{"path": path, "line": 1, "column": 1, "message": problem.message}], ensure_ascii=False))
        elif args.format == "github":
            print(annotation(Problem(path, 1, 1, problem.message), title="The draft cannot be imported"))
        print(problem if problem.path else f"{args.draft}: {problem}", file=sys.stderr)
        return 1


def versions(root: Path) -> int:
    """``letter-site versions``: each release, its date and note, and what changed since the one before."""
    kept = kept_versions(root)
    if isinstance(kept, str):
        print(kept, file=sys.stderr)
        return 1
    try:  # the sources where mkdocs.yml says, as the build reads them
        found = record(root, load_letter(release_paths(root)), kept, root / ".cache" / "record", release_paths)
    except (VersionInvalid, RecordUnreadable) as invalid:
        print(invalid, file=sys.stderr)
        return 1
    except SourcesInvalid as invalid:
        print(invalid.report(), file=sys.stderr)
        return 1
    print(report(found), end="")
    return 0


def system(packages: Path | None) -> int:
    """``letter-site system``: the Debian packages ``packages`` lists (default: what the PDF needs), installed.

    Off Debian and Ubuntu there is no list to install from: if WeasyPrint's libraries load, the PDF
    can be made and nothing is missing; if not, the script names the packages to look for.
    """
    if packages is None and not shutil.which("dpkg-query"):
        try:
            import_weasyprint()
        except PdfUnavailable:
            pass
        else:
            print("letter-site system: WeasyPrint's libraries load here; nothing to install.")
            return 0
    script = new_letter.TEMPLATE.parent / "system-packages.sh"
    return subprocess.call(["/bin/sh", str(script), *([str(packages)] if packages else [])])


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else many or one + 's'}"


def _summary(problems: Sequence[Problem]) -> str:
    if not problems:
        return "The sources are valid."
    count = len(problems)
    return f"The letter's sources have {count} problem{'s' if count != 1 else ''} (each says how to fix it)."


def _as_json(problem: Problem) -> dict[str, object]:
    return {"path": problem.path, "line": problem.line, "column": problem.column, "message": problem.message}


def _prefix(root: Path) -> str:
    """How GitHub names the files: from the checkout's top, which is the folder the check runs in."""
    relative = os.path.relpath(root.resolve(), Path.cwd().resolve())
    return "" if relative == "." else relative.replace(os.sep, "/") + "/"


def annotation(problem: Problem, prefix: str = "", level: str = "error", title: str = ANNOTATION_TITLE) -> str:
    """A GitHub Actions ``::error`` (or ``::warning``) command: shown on the line of the pull request's diff."""
    properties = {
        "file": prefix + problem.path,
        "line": str(problem.line),
        "col": str(problem.column),
        "title": title,
    }
    written = ",".join(f"{name}={_escape_property(value)}" for name, value in properties.items())
    return f"::{level} {written}::{_escape_data(problem.message)}"


def _escape_data(text: str) -> str:
    # As @actions/core escapes a command's message: what would end or split the command.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
