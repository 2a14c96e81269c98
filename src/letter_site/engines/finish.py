"""The step after either engine: what the site needs that no engine makes, on the built folder itself.

``letter-site build`` runs it on what MkDocs or Zensical wrote; ``mkdocs
serve`` runs it through the plugin after each rebuild.  On the built files:

- every page: the theme's two accessibility fixes, its sharing tags (the
  letter page: also Highwire ``citation_*`` and JSON-LD), then the last
  safety gate (:mod:`.safety`), which stops the build on script or a fetch
  from another host;
- the theme's stylesheets, slimmed to the rules that can match (:mod:`.slim`);
- the downloads: the PDF, the Word file, BibTeX and CSL-JSON.

It reads and writes files only: it works the same whichever engine made them.

The PDF is the longest part of a large build (WeasyPrint: 9 s for 2,600 notes
and 10,000 signatories), and it needs the sources, not the pages.  So
``letter-site build`` has it made by a :class:`PdfJob`, a process of its own
that runs beside the engine, and ``mkdocs serve`` by one that writes it into
the preview when it is ready, without holding up the page.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from ..history.github import AS_PUBLISHED
from ..render import docx, pdf, publish, versions
from ..render.card import CardUnavailable
from ..render.pages import escape
from ..render.pdf import NO_PDF
from . import safety, slim, theme
from .cardcache import card_png
from .project import Project

log = logging.getLogger(__name__)
# Set by `letter-site build` for the engine it runs: the MkDocs plugin leaves this step to it.
ENGINE_ONLY = "LETTER_SITE_ENGINE_ONLY"


# The theme's quirks, fixed in its output (Nu HTML checker and axe-core): an `autocomplete`
# attribute is not allowed on a checkbox, the search dialog has no accessible name, and
# (Zensical) `aria-hidden` is not allowed on a label of a form control.
_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_NAMED_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'
_HIDDEN_OVERLAY = '<label class="md-overlay" for="__drawer" aria-hidden="true"></label>'
_OVERLAY = '<label class="md-overlay" for="__drawer"></label>'
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_TITLE = re.compile(r"<title>.*?</title>", re.DOTALL)
_HEADER_TOPIC = re.compile(
    r'(<div class="md-header__topic" data-md-component="header-topic">\s*<span class="md-ellipsis">)(.*?)(</span>)',
    re.DOTALL,
)


@dataclass(frozen=True)
class Site:
    """The built folder and what its pages say about themselves."""

    folder: Path
    project: Project
    name: str = ""  # mkdocs.yml's site_name
    description: str = ""  # mkdocs.yml's site_description
    config_file: Path | None = None  # mkdocs.yml, for a PdfJob in a preview
    pdf_job: PdfJob | None = None  # the PDF, being made meanwhile (letter-site build)
    version_line: str | None = None  # the current letter's "Version v2.0 of … · Every version" (releases made)


class PdfJob:
    """The letter's PDF, made from ``config_file``'s sources by a process of its own.

    ``letter-site pdf`` writes it to ``output`` (whole or not at all), so that
    on two cores it takes no time of its own from a build.
    """

    def __init__(self, config_file: Path, output: Path, *, quiet: bool = True) -> None:
        self.output = output
        command = [sys.executable, "-m", "letter_site", "pdf", "--config-file", str(config_file)]
        command += ["--parent", str(os.getpid())]
        # What it says goes to a file, not a pipe: a pipe nobody reads until the end would stall it.
        self.said = tempfile.TemporaryFile() if quiet else None  # noqa: SIM115 - closed by wait or cancel
        self.process = subprocess.Popen(
            [*command, "--output", str(output)],
            cwd=config_file.parent,
            stdout=subprocess.DEVNULL,
            stderr=self.said,
        )

    def wait(self) -> None:
        """Return once the PDF is written; raise with what the process said if it is not."""
        self.process.wait()
        said = b""
        if self.said is not None:
            self.said.seek(0)
            said = self.said.read()
            self.said.close()
        if self.process.returncode != 0:
            raise RuntimeError(f"the PDF could not be made:\n{said.decode('utf-8', 'replace').strip()}")

    def cancel(self) -> None:
        """Stop the process if it still runs (a failed build, a rebuild of the preview)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.said is not None:
            self.said.close()


_preview_pdf: PdfJob | None = None  # the preview's PDF being made: a rebuild replaces it


def stop_preview_pdf() -> None:
    """Stop making the preview's PDF (the preview ends)."""
    if _preview_pdf is not None:
        _preview_pdf.cancel()


def finish(site: Site, serving: bool = False) -> list[str]:
    """Finish a built site in place; the problems that must stop it from being published.

    While ``serving`` (a preview), a page that fails the safety gate is
    replaced by a page that says why, and the preview goes on.
    """
    problems: list[str] = []
    card = sharing_card(site)
    if isinstance(card, str):  # fonts missing for the card's words: said, and no card
        if not serving:
            return [card]
        log.warning(card)
        card = None
    for path in sorted(site.folder.rglob("*.html")):
        page = source_page(site, path)
        output = fix_theme(path.read_text(encoding="utf-8"))
        if page is not None and site.project.valid:
            output = output.replace("</head>", head_tags(site, page, output, card is not None) + "\n</head>", 1)
            letter_page = page == site.project.settings.paths.letter_page
            if letter_page:
                output = letter_title(site, output)
            # An older version's notice on each of its pages; the current letter's version line on the letter.
            notice = version_notice(as_published=published_address(site))
            output = after_title(output, notice or (site.version_line if letter_page else None))
            output = version_title(output)
        what = f"{site.project.settings.paths.docs}/{page}" if page else f"the theme's {path.name}"
        address = site.project.absolute(path.relative_to(site.folder).as_posix().removesuffix("index.html"))
        found = safety.page_problems(output, address, site.project.settings.site_url)
        if found:
            report = (
                f"{what}: the built page would run script or fetch from another host, which the check "
                f"of the sources did not catch: {'; '.join(found)} (nothing was published: look for unusual HTML in "
                "the files changed, and tell the site's developers)"
            )
            problems.append(report)
            output = f"<!DOCTYPE html><html lang=en><title>Not shown</title><p>{escape(report)}</p></html>"
        path.write_text(output, encoding="utf-8")
    if problems and not serving:
        return problems
    before, after = slim.slim_stylesheets(site.folder)
    log.debug("Theme stylesheets slimmed from %d to %d bytes", before, after)
    if not serving:  # a preview keeps them as written, for whoever debugs them
        paths = site.project.settings.paths
        before, after = slim.minify_own(site.folder, theme.THEME, paths.root / paths.docs)
        log.debug("Our scripts and stylesheets minified from %d to %d bytes", before, after)
    write_downloads(site, serving)
    card_name = site.project.download("png")
    if card is not None and card_name:
        (site.folder / card_name).write_bytes(card)
    return problems


def sharing_card(site: Site) -> bytes | str | None:
    """The letter's card for shared links (PNG bytes); why not, if its words need a font this machine lacks."""
    project = site.project
    if project.letter is None or not project.valid:
        return None
    try:
        return card_png(project.letter, site.name)
    except CardUnavailable as unavailable:
        return str(unavailable)


VERSION_ENV = "LETTER_SITE_VERSION"  # set by the build of a released version: its notice (engines/versions.py)


def version_notice(printed: bool = False, as_published: str | None = None) -> str | None:
    """An older version's notice, as its build was told it (HTML), or ``None`` for the current letter.

    ``printed``: for the PDF and the Word file, with the addresses written out; ``as_published``: the
    address of the version's PDF as published, to link to from its pages."""
    told = os.environ.get(VERSION_ENV)
    return versions.notice_html(versions.Notice.from_json(told), printed, as_published) if told else None


def published_address(site: Site) -> str | None:
    """Where a released version's PDF as published is, if its build makes one."""
    name = site.project.download("pdf")
    if not os.environ.get(VERSION_ENV) or name is None or os.environ.get(NO_PDF):
        return None
    return site.project.absolute(published_pdf(name))


def version_title(html: str) -> str:
    """An older version's page named so in its tab ("v1.0 · Open letter … - Site"): two tabs told apart."""
    told = os.environ.get(VERSION_ENV)
    if not told:
        return html
    tag = escape(versions.Notice.from_json(told).tag, quote=False)
    return _TITLE.sub(lambda found: found[0].replace("<title>", f"<title>{tag} · ", 1), html, count=1)


def after_title(html: str, block: str | None) -> str:
    """``block`` right after the letter's title, before its byline: the first thing a reader sees."""
    if not block:
        return html
    found = re.search(r"</h1\s*>", re.sub(r"<!--.*?-->", lambda c: " " * len(c[0]), html, flags=re.DOTALL))
    if found is None:  # no title: at the top of the page's body
        found = re.search(r"<body[^>]*>", html, flags=re.IGNORECASE)
    return html if found is None else html[: found.end()] + "\n" + block + html[found.end() :]


def source_page(site: Site, path: Path) -> str | None:
    """The page of docs/ that ``path`` was built from (``sources/index.html`` → ``sources.md``), if any."""
    relative = path.relative_to(site.folder).as_posix()
    if site.project.settings.use_directory_urls:
        name = "index.md" if relative == "index.html" else relative.removesuffix("/index.html") + ".md"
    else:
        name = relative.removesuffix(".html") + ".md"
    docs = site.project.settings.paths.root / site.project.settings.paths.docs
    return name if "/" not in name and (docs / name).is_file() else None


def fix_theme(html: str) -> str:
    html = _TOGGLE_AUTOCOMPLETE.sub(r"\1", html).replace(_SEARCH_DIALOG, _NAMED_SEARCH_DIALOG)
    return html.replace(_HIDDEN_OVERLAY, _OVERLAY)


def head_tags(site: Site, page: str, html: str, card: bool = False) -> str:
    """Sharing tags for ``page``; the letter page's also say what it is to citation managers, and show its card."""
    project, letter = site.project, site.project.letter
    assert letter is not None
    at = project.addresses(site.name, site.description, card)
    if page == project.settings.paths.letter_page:
        return publish.letter_head(letter, at, [source.url for source in letter.sources.values() if source.url])

    meta = letter.pages.get(page, {})
    title = meta.get("title")
    if title is None:
        heading = _H1.search(html)
        title = " ".join(_TAG.sub("", heading.group(1)).split()) if heading else site.name
    description = meta.get("description") or at.description
    return "\n".join(publish.sharing_tags(title, description, project.absolute(project.url(page)), site.name))


def letter_title(site: Site, html: str) -> str:
    """The letter page takes the letter's title: in the tab ("Title - Site", as the theme has it) and the header."""
    assert site.project.letter is not None
    title = escape(site.project.letter.title, quote=False)
    if site.name:
        title += f" - {escape(site.name, quote=False)}"
    html = _TITLE.sub(f"<title>{title}</title>", html, count=1)
    # The header shows the page's title once the page's own heading has scrolled away (Zensical: the nav's).
    heading = escape(site.project.letter.title, quote=False)

    def topic(match: re.Match[str]) -> str:
        return match.group(0) if match.group(2).strip() == heading else f"{match.group(1)}{heading}{match.group(3)}"

    return _HEADER_TOPIC.sub(topic, html, count=1)


def write_downloads(site: Site, serving: bool) -> None:
    """The PDF, Word, BibTeX and CSL-JSON files, beside the pages."""
    global _preview_pdf  # noqa: PLW0603 - one preview, one PDF being made
    project, letter = site.project, site.project.letter
    if letter is None or not project.valid:
        stop_preview_pdf()  # a PDF of the sources as they were would be wrong
        return
    at = project.addresses(site.name, site.description)
    if told := os.environ.get(VERSION_ENV):  # a released version's files cite that version
        notice = versions.Notice.from_json(told)
        at = dataclasses.replace(at, version=notice.tag, version_date=notice.date)
    for kind, content in (("bib", publish.bibtex), ("csl.json", publish.csl_json)):
        name = project.download(kind)
        assert name is not None  # only the PDF can be missing
        (site.folder / name).write_text(content(letter, at), encoding="utf-8")
    # The Word file needs no WeasyPrint and takes milliseconds: made even where the PDF is not.
    docx_name = project.download("docx")
    assert docx_name is not None
    (site.folder / docx_name).write_bytes(word_file(site))
    pdf_name = project.download("pdf")
    if pdf_name is None or os.environ.get(NO_PDF):
        return
    if told and not serving:  # a released version: also its PDF as it was published, to check a copy against
        write_pdf(site, site.folder / published_pdf(pdf_name), as_published=versions.Notice.from_json(told))
    if site.pdf_job is not None:  # made while the engine built the pages
        site.pdf_job.wait()
        shutil.move(site.pdf_job.output, site.folder / pdf_name)
        os.chmod(site.folder / pdf_name, 0o644)
        return
    if serving and site.config_file is not None:
        # The page is served at once; the PDF follows when it is written (a rebuild cancels it).
        stop_preview_pdf()
        _preview_pdf = PdfJob(site.config_file, site.folder / pdf_name, quiet=False)
        return
    write_pdf(site, site.folder / pdf_name)


def write_pdf(site: Site, target: Path, as_published: versions.Notice | None = None) -> None:
    """The PDF of ``site``'s letter, written to ``target`` in this process.

    ``as_published``: a released version's PDF as the site published it while it was the current letter
    (no notice, its links to the site's own address, dated by its commit as the Publish workflow dates
    a build); else the version's own, which opens with its notice.
    """
    project = site.project
    assert project.letter is not None
    site_url = as_published.current if as_published else project.settings.site_url
    pdf.write_pdf(
        project.letter,
        project.notes,
        target,
        site_url=site_url,
        sources_url=urljoin(site_url, project.url(project.settings.paths.sources_page)),
        description=site.description,
        notice=None if as_published else version_notice(printed=True),
    )


def published_pdf(name: str) -> str:
    """``open-letter-2023-08-11-as-published.pdf``: a version's PDF without its notice, at the site's address."""
    return name.removesuffix(".pdf") + AS_PUBLISHED


def word_file(site: Site) -> bytes:
    """The letter of ``site`` as a Word file, its links within the site made absolute as the site writes them."""
    project = site.project
    assert project.letter is not None
    paths = project.settings.paths

    def address(href: str) -> str:  # "sources.md#source-x", "#p12" (the letter page's own)
        page, mark, fragment = href.partition("#")
        return project.absolute(project.url(page.removeprefix("./") or paths.letter_page)) + mark + fragment

    return docx.letter_docx(
        project.letter,
        project.notes,
        site_url=project.settings.site_url,
        sources_url=project.absolute(project.url(paths.sources_page)),
        address=address,
        description=site.description,
        site_name=site.name,
        notice=version_notice(printed=True),
    )
