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
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from .finish import ENGINE_ONLY, PdfJob, Site, finish, write_pdf
from .pdf import NO_PDF, NO_PDF_IN_CI
from .project import load_project, read_config

ENGINES = ("mkdocs", "zensical")


def build(config_file: Path, engine: str, site_dir: str | None = None) -> int:
    """Build the site of ``config_file`` with ``engine``; the exit status, problems printed to stderr."""
    config = read_config(config_file)
    project = load_project(config.settings)
    if config.problems or not project.valid:
        print("\n".join([*config.problems, project.report()]).strip(), file=sys.stderr)
        print("Nothing was built; the site as it was is unchanged.", file=sys.stderr)
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
    # In the project's folder, which is where Zensical must write; a name of its own, so that
    # builds of the same project into different folders can run at the same time.
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=root))
    pdf_job = None
    if project.download("pdf") and not os.environ.get(NO_PDF):  # beside the folder: the engine empties it first
        pdf_job = PdfJob(config.file.resolve(), building.with_name(building.name + ".pdf"))
    try:
        status = run_engine(engine, config.file.resolve(), building)
        if status != 0:
            print(f"{engine} could not build the site; the site as it was is unchanged.", file=sys.stderr)
            return status
        site = Site(building, project, config.site_name, config.site_description, pdf_job=pdf_job)
        try:
            problems = finish(site)
        except RuntimeError as error:  # the PDF's process failed: what it said
            problems = [str(error)]
        if problems:
            print("\n".join(problems), file=sys.stderr)
            print("Nothing was published; the site as it was is unchanged.", file=sys.stderr)
            return 1
        swap(building, target)
    finally:
        if pdf_job is not None:
            pdf_job.cancel()
            pdf_job.output.unlink(missing_ok=True)
        shutil.rmtree(building, ignore_errors=True)
    return 0


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


def run_engine(engine: str, config_file: Path, site_dir: Path) -> int:
    """Run ``engine``'s strict build of ``config_file`` into ``site_dir``; its exit status."""
    if engine == "mkdocs":
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config_file)]
        # The plugin finishes a plain `mkdocs build`; here, the finishing step comes after.
        env = {**os.environ, ENGINE_ONLY: "1"}
        return subprocess.call([*command, "--site-dir", str(site_dir)], cwd=config_file.parent, env=env)
    # Zensical has no --site-dir: a configuration beside mkdocs.yml (so that its paths mean the same)
    # inherits it and sets the folder.  Clean: its cache does not know all of our sources.
    handle, name = tempfile.mkstemp(prefix=f".{config_file.stem}.{engine}-", suffix=".yml", dir=config_file.parent)
    inherited = Path(name)
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(
            f"# Written by letter-site build for one build; safe to delete.\nINHERIT: {config_file.name}\n"
            f"site_dir: {site_dir.relative_to(config_file.parent).as_posix()}\n"
        )
    try:
        return _zensical(inherited)
    finally:
        inherited.unlink(missing_ok=True)


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


def swap(built: Path, target: Path) -> None:
    """Put the new site where the old one was; the old one goes only once the new one is in place."""
    previous = target.with_name(f".{target.name}.previous")
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        target.rename(previous)
    shutil.move(built, target)  # a rename, unless the site goes to another file system
    shutil.rmtree(previous, ignore_errors=True)
