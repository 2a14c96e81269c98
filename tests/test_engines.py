"""One site, two engines: MkDocs + Material and Zensical build it from the same sources and code.

What both engines need is a Python-Markdown extension (letter_site.extension) and one step
after either (letter_site.engines.finish); what only MkDocs needs is its plugin. These tests hold the
line between them, and compare what the two engines make.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from projects import REPOSITORY, Sites, build_env, copy_sources, edit, site_build
from test_safe_build import snapshot

# Everything but the MkDocs plugin: the core, the extension, the finishing step, the command.
ENGINE_FREE = (
    "letter_site.extension",
    "letter_site.engines.finish",
    "letter_site.engines.build",
    "letter_site.engines.project",
    "letter_site.cli.main",
    "letter_site.render.pdf",
)


def test_what_both_engines_run_imports_neither_engine() -> None:
    code = (
        f"import sys; import {', '.join(ENGINE_FREE)}; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'mkdocs', 'material', 'zensical'}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_extension_is_listed_for_both_engines_in_mkdocs_yml() -> None:
    text = (Path(__file__).resolve().parent.parent / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  - letter_site.extension:\n" in text
    assert "\n  - letter\n" in text  # the MkDocs plugin, which Zensical ignores


PAGES = ["index.html", "sources/index.html", "signatories/index.html", "about/index.html", "404.html"]


def article(site: Path, page: str) -> str:
    """A page's content as a reader gets it, without Zensical's skip-link target (an empty anchor)
    and the mark that keeps site chrome out of the search, which Zensical's search removes once read
    (that both searches honour it: test_build.py)."""
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    content = soup.find("article")
    assert content is not None, page
    for skip in content.select("a#__skip"):
        skip.decompose()
    for chrome in content.select("[data-search-exclude]"):
        del chrome["data-search-exclude"]
    return " ".join(re.sub(r">\s+<", "><", str(content)).split())


@pytest.mark.parametrize("page", PAGES)
def test_both_engines_give_each_page_the_same_content(sites: Sites, page: str) -> None:
    assert article(sites("mkdocs"), page) == article(sites("zensical"), page)


def head(site: Path, page: str) -> list[str]:
    """The title, the canonical address, the description and what the finishing step adds."""
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    assert soup.head is not None and soup.title is not None
    tags = [soup.title.get_text()]
    for tag in soup.head.find_all(["meta", "link", "script"]):
        name, kind = str(tag.get("name") or tag.get("property") or ""), str(tag.get("rel") or tag.get("type") or "")
        if name.startswith(OUR_TAGS) or "canonical" in kind or "ld+json" in kind:
            tags.append(str(tag))
    return tags


OUR_TAGS = ("og:", "twitter:", "citation_", "article:", "description", "author")


@pytest.mark.parametrize("page", PAGES)
def test_both_engines_give_each_page_the_same_title_and_head_tags(sites: Sites, page: str) -> None:
    assert head(sites("mkdocs"), page) == head(sites("zensical"), page)


def test_both_engines_publish_the_same_downloads(sites: Sites) -> None:
    for suffix in ("pdf", "docx", "bib", "csl.json"):
        name = f"open-letter-2023-08-11.{suffix}"
        assert (sites("mkdocs") / name).read_bytes() == (sites("zensical") / name).read_bytes(), name


def test_a_plain_mkdocs_build_is_finished_by_the_plugin_as_letter_site_build_finishes_it(tmp_path: Path) -> None:
    """`mkdocs build` without our command still gets the head tags, the gate, the PDF and the citation files."""
    env = build_env(REPO_URL=REPOSITORY, SOURCE_DATE_EPOCH="1691712000")
    project = copy_sources(tmp_path / "project")
    plain = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "plain")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert plain.returncode == 0, plain.stderr
    ours = site_build(project, tmp_path / "ours", env=env)
    assert ours.returncode == 0, ours.stderr
    assert snapshot(tmp_path / "plain") == snapshot(tmp_path / "ours")


# Mistakes in mkdocs.yml that would give a site without the letter (Zensical says nothing of a missing
# extension) or with two addresses: refused before either engine starts.
CONFIG_MISTAKES = [
    pytest.param(
        ("  - letter_site.extension:\n", "  - letter_site.extensions:\n"),
        "mkdocs.yml: markdown_extensions must include letter_site.extension (the letter, its notes",
        id="extension-misspelt",
    ),
    pytest.param(
        ("  - md_in_html ", "  - tables "),
        "mkdocs.yml: markdown_extensions must include md_in_html",
        id="md-in-html-missing",
    ),
    pytest.param(
        ("      site_url: *site_url", "      site_url: https://elsewhere.example/"),
        "mkdocs.yml: letter_site.extension's site_url is not the site's site_url (write site_url: *site_url",
        id="two-site-addresses",
    ),
    pytest.param(
        ("      repo_url: *repo_url\n", ""),
        "mkdocs.yml: letter_site.extension's repo_url is not the site's repo_url",
        id="repo-url-not-passed-on",
    ),
]


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
@pytest.mark.parametrize(("change", "said"), CONFIG_MISTAKES)
def test_a_mistake_in_mkdocs_yml_stops_either_build_before_it_starts(
    tmp_path: Path, engine: str, change: tuple[str, str], said: str
) -> None:
    project = copy_sources(tmp_path / "project")
    edit("mkdocs.yml", *change)(project)
    result = site_build(project, project / "site", env=build_env(REPO_URL=REPOSITORY), engine=engine)
    assert result.returncode == 1
    assert said in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists()


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_page_left_out_of_the_nav_stops_either_build(tmp_path: Path, engine: str) -> None:
    """MkDocs' strict build would stop on it, after its work; Zensical would publish it, unlisted."""
    project = copy_sources(tmp_path / "project")
    (project / "docs" / "extra.md").write_text("---\ntitle: Extra\n---\n\n# Extra\n", encoding="utf-8")
    result = site_build(project, project / "site", engine=engine)
    assert result.returncode == 1
    assert "docs/extra.md: this page is not in mkdocs.yml's nav (add it under nav:, or delete the page)" in (
        result.stderr
    )
    assert not (project / "site").exists()


@pytest.mark.parametrize(
    ("site_dir", "said"),
    [
        (".", "the site would replace the project itself"),
        ("..", "the site would replace the project itself"),
        ("docs", "the site would replace the project's docs/"),
        ("letter/site", "the site would replace the project's letter/"),
        ("src", "the site would replace the project's src/"),
    ],
)
def test_the_site_never_replaces_the_project_or_a_folder_of_it(tmp_path: Path, site_dir: str, said: str) -> None:
    project = copy_sources(tmp_path / "project")
    before = snapshot(project)
    result = site_build(project, project / site_dir)
    assert result.returncode == 1
    assert said in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project) == before


def test_both_engines_head_the_letter_page_with_the_letters_title(sites: Sites) -> None:
    def topic(site: Path) -> str:
        soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
        header = soup.select_one("[data-md-component=header-topic] .md-ellipsis")
        assert header is not None and soup.h1 is not None
        assert header.get_text(strip=True) == soup.h1.get_text(strip=True).removesuffix("¶")
        return header.get_text(strip=True)

    assert topic(sites("mkdocs")) == topic(sites("zensical"))
