"""``letter-site new DIR``: a new letter's repository, from the template in the package's ``data/template/``.

What it writes is a letter's sources and settings only, and one line
(``requirements.txt``) that pins this tool: nothing of the tool is copied.
The letter in it is a placeholder that says so and passes the check; the
Publish workflow refuses to publish it (``letter-site build --publish``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from importlib import metadata
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parents[1] / "data" / "template"
# Files the template names without their leading dot, which packaging tools leave out of a wheel.
DOTTED = ("dot-github", "dot-gitignore", "dot-pre-commit-config.yaml")
EXTRAS = "letter"  # letter-site[letter]: the tool, the PDF's WeasyPrint and what a letter's `make test` runs

HELP = """\
Write a new letter's repository into DIR, ready for its README's two commands
(make serve, make test) on a machine with Python 3.11+ and make, and for GitHub
(the Check and Publish workflows).

It holds a short placeholder letter that passes the check and says it is a
placeholder: the Publish workflow refuses to publish it while the line
'placeholder: true', or any line starting "Placeholder:", is left (its README
says how to replace them, step by step). DIR must not exist, or be an empty
folder.

The repository pins this tool in one line of requirements.txt: --tool says
what to pin (a pip requirement: the tool's release archive, which installs
without git, e.g. 'letter-site[letter] @
https://github.com/OWNER/REPOSITORY/archive/v0.2.0.tar.gz', or a wheel's path).
Without it, the line says where this copy of the tool was installed from (a
GitHub address is written as its archive at the same tag)."""


def new(folder: Path, tool: str | None = None, today: dt.date | None = None, draft: str | None = None) -> int:
    """Write the template into ``folder``; the exit status, problems printed to stderr.

    ``draft`` names the draft whose letter replaces the placeholder (``--from``), for what to do next.
    """
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        what = "a folder that is not empty" if folder.is_dir() else "a file"
        print(f"{folder}: {what} already has this name (choose a new name, or an empty folder)", file=sys.stderr)
        return 1
    requirement = tool or installed_requirement()
    values = {"{{ tool }}": requirement, "{{ date }}": (today or dt.date.today()).isoformat()}
    written = []
    for source in sorted(TEMPLATE.rglob("*")):
        if source.is_dir() or source.name == "__pycache__" or source.suffix == ".pyc":
            continue
        relative = source.relative_to(TEMPLATE).as_posix()
        for dotted in DOTTED:
            if relative == dotted or relative.startswith(dotted + "/"):
                relative = "." + relative.removeprefix("dot-")
        text = source.read_text(encoding="utf-8")
        for placeholder, value in values.items():
            text = text.replace(placeholder, value)
        written.append((folder / relative, text))
    for target, text in written:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"A new letter's repository is in {folder}: {len(written)} files. Next, in that folder:")
    letter = f"the letter of {draft}" if draft else "the placeholder letter"
    print(f"  make serve    # preview {letter} at http://127.0.0.1:8000/")
    print(f'Then follow README.md, "{"Start from a Word file" if draft else "Start a new letter"}".')
    if tool is None and requirement.startswith((f"letter-site[{EXTRAS}] @ file:", f"letter-site[{EXTRAS}]==")):
        print(
            f"requirements.txt pins '{requirement}', which works on this machine only: before putting the "
            "repository on GitHub, write there the tool's address at a tag (letter-site new --help)",
            file=sys.stderr,
        )
    return 0


def installed_requirement() -> str:
    """The pip requirement for this copy of the tool: where it was installed from (PEP 610), or its version."""
    try:
        distribution = metadata.distribution("letter-site")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree
        return f"letter-site[{EXTRAS}]"
    direct = distribution.read_text("direct_url.json")
    if direct:
        data = json.loads(direct)
        url = str(data.get("url", ""))
        vcs = data.get("vcs_info")
        if isinstance(vcs, dict) and (revision := vcs.get("requested_revision") or vcs.get("commit_id")):
            return f"letter-site[{EXTRAS}] @ {archive_url(url, str(revision)) or f'git+{url}@{revision}'}"
        if url:
            return f"letter-site[{EXTRAS}] @ {url}"
    return f"letter-site[{EXTRAS}]=={distribution.version}"


def archive_url(repository: str, revision: str) -> str | None:
    """GitHub's archive of ``repository`` at ``revision`` (a tag): pip installs it without git."""
    found = re.fullmatch(r"https://github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?/?", repository)
    if not found:
        return None
    return f"https://github.com/{found[1]}/{found[2]}/archive/{revision}.tar.gz"
