"""The MkDocs adapter: the only module that knows MkDocs, and what only MkDocs needs.

The site itself is made by what both engines run: the Markdown extension
(:mod:`.extension`), then the finishing step (:mod:`.finish`) that
``letter-site build`` runs after either engine.  This plugin adds MkDocs'
share:

- it checks the sources and settings in ``on_config``, so that a plain
  ``mkdocs build`` stops on them too, and tells the extension where
  ``mkdocs.yml`` is;
- it gives the letter page its title, and keeps pages' titles text;
- it finishes the site after ``mkdocs serve``'s rebuilds (and after a plain
  ``mkdocs build``), where ``letter-site build`` is not there to do it;
- in a preview, it keeps serving while the sources have problems: the pages
  show them.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..render.pages import escape
from ..render.pdf import NO_PDF, NO_PDF_IN_CI
from . import theme
from .finish import ENGINE_ONLY, Site, finish, stop_preview_pdf
from .project import EXTENSION, REQUIRED_EXTENSIONS, Project, Settings, announce, load_project

log = logging.getLogger(f"mkdocs.plugins.{__name__}")
PREVIEW_POLLING = 0.1  # seconds between two looks at the watched files under `mkdocs serve`


class LetterPlugin(BasePlugin):  # type: ignore[type-arg]  # no options of its own
    def __init__(self) -> None:
        self.project: Project | None = None
        self.serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds.
        self.serving = command == "serve"

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        # MkDocs' watcher polls every 0.5 s: a quarter of a second, on average, between saving a source
        # and the rebuild. Every 0.1 s costs a few dozen stat calls. (watchdog's own attribute; if it
        # is ever renamed, the preview only notices changes as MkDocs set it.)
        observer = getattr(server, "observer", None)
        for holder in (observer, *getattr(observer, "_emitters", ())):
            if holder is not None and isinstance(getattr(holder, "_timeout", None), float):
                holder._timeout = PREVIEW_POLLING
        return server

    def on_shutdown(self) -> None:
        stop_preview_pdf()

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        stop_preview_pdf()  # the engine is about to empty the folder it was writing into
        if os.environ.get(NO_PDF) and os.environ.get("CI") and not self.serving:
            raise PluginError(NO_PDF_IN_CI)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        missing = [name for name in REQUIRED_EXTENSIONS if name not in config.markdown_extensions]
        if missing:
            raise PluginError(
                f"mkdocs.yml: markdown_extensions must include {', '.join(missing)} "
                "(the letter, its notes, anchors and addressee block need them)"
            )
        root = Path(config.config_file_path or ".").resolve().parent
        docs = Path(config.docs_dir)
        custom_dir = Path(config.theme.custom_dir) if config.theme.custom_dir else None
        if outdated := theme.setting_problems(
            root / Path(config.config_file_path or "mkdocs.yml").name,
            map(str, config.extra_css),
            map(str, config.extra_javascript),
            docs,
            custom_dir,
        ):
            raise PluginError("\n".join(outdated))
        # The tool's theme folder: after the letter's own custom_dir, before Material's.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(theme.THEME))
        config.extra_css.extend(theme.STYLESHEETS)
        config.extra_javascript.extend(ExtraScriptValue(name) for name in theme.SCRIPTS)
        options = config.mdx_configs.setdefault(EXTENSION, {})
        options.update(
            root=str(root),
            docs=docs.relative_to(root).as_posix() if docs.is_relative_to(root) else "docs",
            use_directory_urls=config.use_directory_urls,
        )
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        project = self.project = load_project(Settings.from_options(options))
        if self.serving and any("SOURCE_DATE_EPOCH" in problem for problem in project.setting_problems):
            # MkDocs would crash on it; the preview shows the problem and needs no fixed date.
            options["source_date_epoch"] = epoch
            del os.environ["SOURCE_DATE_EPOCH"]
        if not project.valid:
            if not self.serving:
                raise PluginError(project.report())
            announce(project)  # a preview keeps running and shows the problems in the page
        elif project.pdf_unavailable:
            # Strict builds and CI must publish the PDF; a preview may go without.
            if config.strict or os.environ.get("CI"):
                raise PluginError(project.pdf_unavailable)
            log.warning("%s The PDF is skipped in this preview.", project.pdf_unavailable)
        return config

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        # The theme prints these as HTML; they are text (the loader refuses < and > in them too).
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = escape(page.meta[key])
        project = self.project
        if project and project.letter and page.file.src_uri == project.settings.paths.letter_page:
            # The letter's own title, whatever the page says; the theme prints it unescaped, and it is data.
            page.meta["title"] = escape(project.letter.title)
        return markdown

    @event_priority(-100)  # last: after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.project is None or os.environ.get(ENGINE_ONLY):
            return
        # A project loaded again if a source changed since on_config (a preview's rebuild).
        project = load_project(self.project.settings)
        site = Site(
            Path(config.site_dir),
            project,
            config.site_name,
            config.site_description or "",
            config_file=Path(config.config_file_path),
        )
        problems = finish(site, serving=self.serving)
        if problems and not self.serving:
            raise PluginError("\n".join(problems))
        for problem in problems:
            log.error(problem)
