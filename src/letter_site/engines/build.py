"""``letter-site build --engine mkdocs|zensical``: check, build with either engine, finish, publish at once.

1. The sources and settings are checked (:func:`~.project.load_project`):
   problems are printed as ``path:line:column: message`` and nothing is built.
2. The engine builds the site into a folder beside ``site/`` (strict: a
   warning fails it).  Zensical takes its output folder from its
   configuration only, so it reads a small file that inherits ``mkdocs.yml``.
3. :func:`~.finish.finish` adds what no engine makes: head tags, the safety
   gate, slimmer stylesheets, the PDF and the citation files.  The PDF is
   made from the sources by a process started before the engine, on the
   second core (``letter-site pdf``, :class:`~.finish.PdfJob`).
4. Only then does the new folder take the place of ``site/``: whatever stops
   a build leaves the previous site byte for byte.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from ..model import Letter
from ..render.pdf import NO_PDF, NO_PDF_IN_CI
from ..render.versions import version_line
from .building import claim_building, clear_leftovers, release_building
from .finish import ENGINE_ONLY, PdfJob, Site, finish, write_pdf
from .project import SiteConfig, load_project, read_config, relative_url
from .theme import zensical_config
from .versions import FOLDER, build_versions, read_record
from .versions_page import PAGE_SOURCE

ENGINES = ("mkdocs", "zensical")
FILLER = "Placeholder:"  # how the template's filler starts, wherever a letter's text or setting goes
PLACEHOLDER = (
    "{opening}:{line}:1: this is the placeholder letter that letter-site new wrote, and it is not published "
    "(write your letter in letter/, footnotes.yaml and signatories.yaml, then delete the line "
    "'placeholder: true' from {opening}; README.md, \"Start a new letter\", says how)"
)


def build(config_file: Path, engine: str, site_dir: str | None = None, publish: bool = False) -> int:
    """Build the site of ``config_file`` with ``engine``; the exit status, problems printed to stderr.

    ``publish``: the build is to be published (the Publish workflow), so a
    placeholder letter (``letter-site new``'s) is refused.
    """
    config = read_config(config_file)
    project = load_project(config.settings)
    if config.problems or not project.valid:
        print("\n".join([*config.problems, project.report()]).strip(), file=sys.stderr)
        print("Nothing was built; the site as it was is unchanged.", file=sys.stderr)
        return 1
    if publish and project.letter is not None and (filler := placeholder_problems(config, project.letter)):
        print("\n".join(filler), file=sys.stderr)
        print("Nothing was published; the site as it was is unchanged.", file=sys.stderr)
        return 1
    if project.pdf_unavailable:
        print(project.pdf_unavailable, file=sys.stderr)  # a published site always has its PDF
        return 1
    if os.environ.get(NO_PDF):
        if os.environ.get("CI"):
            print(NO_PDF_IN_CI, file=sys.stderr)
            return 1
        print(
            f"{NO_PDF} is set: this site has no PDF, though its pages link to one (do not publish it)", file=sys.stderr
        )
    root = config.file.resolve().parent
    target = (root / (site_dir or config.site_dir)).resolve()
    if problem := target_problem(root, target, config.settings.paths.docs):
        print(problem, file=sys.stderr)
        return 1
    if cleared := clear_leftovers(root):
        print(f"Removed what builds stopped part-way left behind: {', '.join(cleared)}", file=sys.stderr)
    # In the project's folder, which is where Zensical must write; a name of its own, so that
    # builds of the same project into different folders can run at the same time.
    found = read_record(root, project.letter, publish)
    if found and not isinstance(found, str):
        found = taken_addresses(root, config.settings.paths.docs) or found
    if isinstance(found, str):  # a release today's checks refuse: named, with each problem
        print(found, file=sys.stderr)
        print("Nothing was built; the site as it was is unchanged.", file=sys.stderr)
        return 1
    building, lock = claim_building(root, target.name)
    pdf_job = None
    if project.download("pdf") and not os.environ.get(NO_PDF):  # beside the folder: the engine empties it first
        pdf_job = PdfJob(config.file.resolve(), building.with_name(building.name + ".pdf"))
    try:
        status = run_engine(engine, config.file.resolve(), building, config.custom_dir)
        if status != 0:
            print(f"{engine} could not build the site; the site as it was is unchanged.", file=sys.stderr)
            return status
        href = relative_url(project.url(PAGE_SOURCE), project.url(config.settings.paths.letter_page))
        line = version_line(found, href) if found else None
        site = Site(building, project, config.site_name, config.site_description, pdf_job=pdf_job, version_line=line)
        try:
            problems = finish(site)
            if found and not problems:
                problems = build_versions(site, engine, root, found, publish)
        except RuntimeError as error:  # the PDF's process failed: what it said
            problems = [str(error)]
        if problems:
            print("\n".join(problems), file=sys.stderr)
            print("Nothing was published; the site as it was is unchanged.", file=sys.stderr)
            return 1
        as_made(building)
        swap(building, target)
    finally:
        if pdf_job is not None:
            pdf_job.cancel()
            pdf_job.output.unlink(missing_ok=True)
        release_building(building, lock)
    return 0


def taken_addresses(root: Path, docs: str) -> str | None:
    """Why the site's record cannot be published: a page of the letter's own has its address."""
    for name in (PAGE_SOURCE, FOLDER, f"{FOLDER}.md"):
        if (root / docs / name).exists():
            what = "the Versions page" if name == PAGE_SOURCE else "the versions"
            return (f"{docs}/{name}: the address of {what}, which the site makes once a release is made (rename "
                    "this page, and its line in mkdocs.yml's nav)")  # fmt: skip
    return None


def placeholder_problems(config: SiteConfig, letter: Letter) -> list[str]:
    """What of ``letter-site new``'s placeholder a letter to be published still holds, each at its line.

    The opening's ``placeholder: true``, and every line that still says "Placeholder:" as the template's
    filler does (the site's name and description, the title, the addressee, the About page…).
    """
    root = config.settings.paths.root
    problems = []
    if letter.placeholder:
        opening = letter.parts[0].path
        lines = (root / opening).read_text(encoding="utf-8").splitlines()
        line = next((number for number, text in enumerate(lines, 1) if text.startswith("placeholder:")), 1)
        problems.append(PLACEHOLDER.format(opening=opening, line=line))
    paths = config.settings.paths
    files = [config.file.resolve(), root / paths.footnotes, root / paths.signatories]
    files += sorted((root / paths.letter).glob("*.md")) + sorted((root / paths.docs).glob("*.md"))
    for file in files:
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        problems += [
            f"{file.relative_to(root).as_posix()}:{number}:{text.index(FILLER) + 1}: this line still holds the "
            f'placeholder that letter-site new wrote (write your own text in place of "{FILLER} …")'
            for number, text in enumerate(lines, 1)
            if FILLER in text
        ]
    return problems


def make_pdf(config_file: Path, output: Path, parent: int | None = None) -> int:
    """``letter-site pdf``: the letter's PDF alone, written to ``output``; the exit status."""
    _stop_with_parent(os.getppid() if parent is None else parent)
    config = read_config(config_file)
    project = load_project(config.settings)
    if config.problems or not project.valid or project.pdf_unavailable:
        print("\n".join([*config.problems, project.report(), project.pdf_unavailable or ""]).strip(), file=sys.stderr)
        return 1
    try:
        write_pdf(Site(output.parent, project, config.site_name, config.site_description), output.resolve())
    except Exception as error:  # WeasyPrint's failure, in one line: no traceback for editors
        print(f"{type(error).__name__}: {error} (tell the site's developers)", file=sys.stderr)
        return 1
    return 0


# Folders of the project that a site must never replace (the site's own folder is swapped whole).
PROJECT_FOLDERS = (".git", ".github", ".ci", ".venv", "letter", "overrides", "schemas", "src", "tests", "tools")


def _stop_with_parent(parent: int) -> None:
    """End this process when process ``parent`` has ended (a preview stopped while its PDF was being made)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def target_problem(root: Path, target: Path, docs: str) -> str | None:
    """Why the site cannot go to ``target``: it would replace the project, or a folder of it."""
    if root == target or root.is_relative_to(target):
        return f"--site-dir {target}: the site would replace the project itself (choose a folder such as site/)"
    if target.is_relative_to(root):
        top = target.relative_to(root).parts[0]
        if top in (*PROJECT_FOLDERS, docs.split("/", maxsplit=1)[0]):
            return f"--site-dir {target}: the site would replace the project's {top}/ (choose a folder such as site/)"
    return None


def run_engine(engine: str, config_file: Path, site_dir: Path, custom_dir: str | None = None) -> int:
    """Run ``engine``'s strict build of ``config_file`` into ``site_dir``; its exit status."""
    if engine == "mkdocs":
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config_file)]
        # The plugin finishes a plain `mkdocs build`; here, the finishing step comes after.
        env = {**os.environ, ENGINE_ONLY: "1"}
        return subprocess.call([*command, "--site-dir", str(site_dir)], cwd=config_file.parent, env=env)
    # Zensical has no --site-dir and runs no plugin: a configuration beside mkdocs.yml (so that its
    # paths mean the same) inherits it and adds the folder and the tool's theme. Clean: its cache
    # does not know all of our sources.
    with zensical_config(config_file, site_dir, custom_dir) as inherited:
        return _zensical(inherited)


def _zensical(config_file: Path) -> int:
    """Zensical's own build, in this process: its command prints a traceback when --strict stops it."""
    from zensical import build as zensical_build  # noqa: PLC0415 - only when this engine is chosen

    here = Path.cwd()
    os.chdir(config_file.parent)  # our extension reads the sources from where the engine runs
    try:
        zensical_build(str(config_file), {"strict": True, "clean": True})
    except RuntimeError as error:  # "Aborted because --strict flag is set", after its warnings
        print(f"zensical: {error}", file=sys.stderr)
        return 1
    finally:
        os.chdir(here)
    return 0


def serve(config_file: Path, engine: str, dev_addr: str | None = None) -> int:
    """``letter-site serve``: the engine's preview, with the tool's theme (Zensical runs no plugin of ours)."""
    address = ["--dev-addr", dev_addr] if dev_addr else []
    command = [sys.executable, "-m", engine, "serve", *address]
    root = config_file.resolve().parent
    if engine == "mkdocs":
        return _until_stopped([*command, "--config-file", str(config_file.resolve())], root)
    config = read_config(config_file)
    with zensical_config(config_file.resolve(), None, config.custom_dir) as inherited:
        return _until_stopped([*command, "--config-file", str(inherited)], root)


def _until_stopped(command: list[str], cwd: Path) -> int:
    """Run the engine's server until it ends; a signal to stop (Ctrl+C, a terminal closed) is passed on to it, once.

    In a session of its own, the server gets a terminal's Ctrl+C only from here: a second one, while it
    cleans up, would stop it half-way with a traceback.
    """
    server = subprocess.Popen(command, cwd=cwd, start_new_session=True)

    def forward(number: int, _frame: object) -> None:
        server.send_signal(number)

    previous = {number: signal.signal(number, forward) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        return server.wait()
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def as_made(folder: Path) -> None:
    """The site's folders readable as folders made as usual are (the umask's): the folder it was built in, and
    those of the versions kept in the cache, were made by ``tempfile``, for their owner alone, which a web
    server running as another user would refuse to serve."""
    umask = os.umask(0o077)
    os.umask(umask)
    mode = 0o777 & ~umask
    for path in (folder, *folder.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            path.chmod(mode)


def swap(built: Path, target: Path) -> None:
    """Put the new site where the old one was; the old one goes only once the new one is in place."""
    previous = target.with_name(f".{target.name}.previous")
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        target.rename(previous)
    shutil.move(built, target)  # a rename, unless the site goes to another file system
    shutil.rmtree(previous, ignore_errors=True)
