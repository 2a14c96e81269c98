"""Builds you can trust: a failed build leaves the previous site byte for byte, a good one is the same twice,
the settings of a deployment are checked, every page loads only its own site's files, and edit links
lead to the file (and line) that holds what they are next to."""

from __future__ import annotations

import gzip
import hashlib
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from letter_site.common import css
from letter_site.render import pdf
from projects import ENGINES, REPO, REPOSITORY, Change, build_env, copy_sources, edit, line_of, site_build

SITE_URL = "https://letters.example.org/north-korean-refugees/"


def snapshot(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A good build of the real sources: what each failed build below must leave as it was."""
    project = copy_sources(tmp_path_factory.mktemp("previous") / "project")
    result = site_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project / "site"


ADDRESS = (
    "must be an absolute web address starting with https:// (or http://), with no spaces, quotes, brackets, query "
    "or fragment"
)
# What each engine says when its strict build stops on a warning.
STRICT = {"mkdocs": "Aborted with 1 warnings in strict mode!", "zensical": "zensical: Aborted because --strict flag"}
FAILURES: list[tuple[str, list[Change], dict[str, str], str]] = [
    (
        "strict-warning-from-a-page",  # the engine stops this one after writing every page: the swap must not happen
        [edit("docs/about.md", "[Read the letter](index.md)", "[Read the letter](index.md#nowhere)")],
        {},
        "{strict}",
    ),
    (
        "script-in-a-letter-file",
        [edit("letter/06-closing.md", "Thank you.", "Thank you. <script>alert(1)</script>")],
        {},
        "letter/06-closing.md:{Thank you.}:12: <script> is not allowed in the letter",
    ),
    (
        "site-url-that-ends-an-attribute",
        [],
        {"SITE_URL": 'https://example.org/"><script>alert(1)</script>'},
        f"mkdocs.yml: site_url (SITE_URL) {ADDRESS}",
    ),
    (
        "repo-url-that-ends-an-attribute",
        [],
        {"REPO_URL": 'https://github.com/x/y"onmouseover="alert(1)'},
        f"mkdocs.yml: repo_url (REPO_URL) {ADDRESS}",
    ),
    (
        "source-date-epoch-beyond-what-gzip-can-store",
        [],
        {"SOURCE_DATE_EPOCH": "8589934592"},
        "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01, at most 4294967295",
    ),
    (
        "site-url-with-a-query",
        [],
        {"SITE_URL": "https://example.org/letter/?a=1&b=2"},
        f"mkdocs.yml: site_url (SITE_URL) {ADDRESS}",
    ),
    (
        "source-date-epoch-that-is-not-a-number",
        [],
        {"SOURCE_DATE_EPOCH": "garbage"},
        "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01",
    ),
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("changes", "settings", "said"), [pytest.param(*case[1:], id=case[0]) for case in FAILURES])
def test_a_failed_build_says_why_and_leaves_the_previous_site_byte_for_byte(
    tmp_path: Path, previous: Path, changes: list[Change], settings: dict[str, str], said: str, engine: str
) -> None:
    project = copy_sources(tmp_path / "project")
    site = project / "site"
    shutil.copytree(previous, site)
    before = snapshot(site)
    for change in changes:
        change(project)

    result = site_build(project, site, env=build_env(**settings), engine=engine)

    assert result.returncode == 1
    said = said.replace("{strict}", STRICT[engine])
    # {text} stands for the number of the line holding that text
    said = re.sub(r"\{([^}]*)\}", lambda m: str(line_of(project, "letter/06-closing.md", m.group(1))), said)
    assert said in result.stderr + result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    assert snapshot(site) == before
    assert leftovers(project) == []


def leftovers(project: Path) -> list[str]:
    """What a build left beside the site: its folder under construction, Zensical's configuration."""
    return sorted(path.name for path in project.iterdir() if path.name.startswith((".site", ".mkdocs")))


@pytest.mark.parametrize("engine", ENGINES)
def test_a_good_build_replaces_the_previous_site_whole(tmp_path: Path, previous: Path, engine: str) -> None:
    project = copy_sources(tmp_path / "project")
    site = project / "site"
    shutil.copytree(previous, site)
    (site / "left-from-an-old-build.html").write_text("old", encoding="utf-8")
    edit("letter/06-closing.md", "Thank you.", "Thank you very much.")(project)

    result = site_build(project, site, engine=engine)

    assert result.returncode == 0, result.stderr
    assert not (site / "left-from-an-old-build.html").exists()
    assert "Thank you very much." in (site / "index.html").read_text(encoding="utf-8")
    assert leftovers(project) == []


# What each engine publishes beside the pages: the search index, and MkDocs' compressed sitemap.
ENGINE_FILES = {"mkdocs": {"sitemap.xml.gz", "search/search_index.json"}, "zensical": {"sitemap.xml", "search.json"}}


@pytest.mark.parametrize("engine", ENGINES)
def test_two_builds_of_the_same_sources_are_byte_identical(tmp_path: Path, engine: str) -> None:
    """The PDF, the Word file, the search index and the sitemap included, as long as SOURCE_DATE_EPOCH is set."""
    epoch = (
        subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=REPO, capture_output=True, text=True, check=False
        ).stdout.strip()
        or "1691712000"
    )
    builds = []
    for name in ("first", "second"):
        env = build_env(SOURCE_DATE_EPOCH=epoch, SITE_URL=SITE_URL)
        result = site_build(copy_sources(tmp_path / f"{name}-project"), tmp_path / name, env=env, engine=engine)
        assert result.returncode == 0, result.stderr
        builds.append(snapshot(tmp_path / name))
    assert builds[0] == builds[1]
    assert {"open-letter-2023-08-11.pdf", "open-letter-2023-08-11.docx", *ENGINE_FILES[engine]} <= builds[0].keys()
    sitemap = (tmp_path / "first" / "sitemap.xml").read_text(encoding="utf-8")
    assert SITE_URL in sitemap
    if engine == "mkdocs":
        assert gzip.decompress((tmp_path / "first" / "sitemap.xml.gz").read_bytes()).decode() == sitemap


# -- what pages load -------------------------------------------------------------------------------

LOADING = {  # element -> the attributes whose address the browser fetches
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href",),
    "use": ("href",),
}
LOADING_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon"}


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def loaded_addresses(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for element in soup.find_all(True):
        for name in LOADING.get(element.name, ()):
            value = element.get(name)
            if value:
                found += [part.split()[0] for part in str(value).split(",")] if name == "srcset" else [str(value)]
        if element.name == "link" and LOADING_LINKS & set(element.get("rel") or []):
            found.append(str(element["href"]))
        style = element.get("style")
        if style:
            found += re.findall(r"url\(\s*['\"]?([^'\")]+)", str(style))
    for style in soup.find_all("style"):
        found += re.findall(r"url\(\s*['\"]?([^'\")]+)", style.get_text())
    return found


def test_every_page_loads_only_files_of_its_own_site(built_site: Path) -> None:
    checked = 0
    for page in pages(built_site):
        name = page.relative_to(built_site).as_posix()
        for address in loaded_addresses(page.read_text(encoding="utf-8")):
            target = urlsplit(urljoin(f"https://site.invalid/{name}", address))
            assert target.scheme in ("https", "data") and target.netloc in ("site.invalid", ""), f"{name}: {address}"
            checked += 1
    assert len(pages(built_site)) >= 4 and checked >= 20


def test_the_stylesheets_load_nothing_from_elsewhere(built_site: Path) -> None:
    sheets = sorted(built_site.rglob("*.css"))
    assert sheets
    for sheet in sheets:
        for address in css.addresses(sheet.read_text(encoding="utf-8")):
            assert urlsplit(address).scheme in ("", "data") and not urlsplit(address).netloc, f"{sheet.name}: {address}"


def test_the_check_of_loaded_addresses_sees_what_a_hostile_page_would_load() -> None:
    hostile = (
        '<img src="https://t.example/p.png"><script src="//cdn.example/x.js"></script>'
        '<link rel="stylesheet" href="https://f.example/s.css"><link rel="canonical" href="https://x.example/">'
        '<p style="background:url(https://t.example/b.png)"></p><object data="https://t.example/o"></object>'
        '<img srcset="https://t.example/a.png 1x, https://t.example/b.png 2x">'
    )
    assert loaded_addresses(hostile) == [
        "https://t.example/p.png",
        "//cdn.example/x.js",
        "https://f.example/s.css",
        "https://t.example/b.png",
        "https://t.example/o",
        "https://t.example/a.png",
        "https://t.example/b.png",
    ]


# -- edit links -----------------------------------------------------------------------------------


def test_each_part_links_to_its_own_file(built_site: Path) -> None:
    soup = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = soup.select("p.letter-edit a")
    parts = sorted(path.relative_to(REPO).as_posix() for path in (REPO / "letter").glob("*.md"))
    assert [str(a["href"]) for a in links] == [f"{REPOSITORY}/edit/main/{path}" for path in parts] + [
        f"{REPOSITORY}/edit/main/signatories.yaml"
    ]
    for a in links:
        label = str(a["aria-label"])
        assert label.startswith(a.get_text()) and label.endswith(f"on GitHub ({str(a['href']).rsplit('/main/')[1]})")
    # each section's link follows the section's last paragraph, before the next heading
    section = soup.select_one("h2#thematic-report")
    assert section is not None
    following = section.find_next("p", class_="letter-edit")
    assert following is not None and str(following.a["href"]).endswith("letter/02-thematic-report.md")  # type: ignore[index]


def test_each_source_links_to_its_line_in_footnotes_yaml(built_site: Path) -> None:
    soup = BeautifulSoup((built_site / "sources" / "index.html").read_text(encoding="utf-8"), "html.parser")
    entries = soup.select("article.source")
    assert len(entries) == 11
    for entry in entries:
        key = str(entry["id"]).removeprefix("source-")
        line = line_of(REPO, "footnotes.yaml", f"  {key}:")
        link = entry.select_one("p.source-edit a")
        assert link is not None
        assert link["href"] == f"{REPOSITORY}/blob/main/footnotes.yaml#L{line}"
        assert link.get_text() == f"Edit in footnotes.yaml, line {line}"


def test_without_a_repository_there_are_no_edit_links(tmp_path: Path) -> None:
    result = site_build(REPO, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for name in ("index.html", "sources/index.html", "signatories/index.html", "about/index.html"):
        html = (tmp_path / "site" / name).read_text(encoding="utf-8")
        assert "letter-edit" not in html and "source-edit" not in html and "md-source" not in html


def test_the_repository_link_in_the_header_asks_github_for_nothing(built_site: Path) -> None:
    """Material's own asks api.github.com for stars and forks when it finds data-md-component=source."""
    soup = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = soup.select("a.md-source")
    assert links and all(a["href"] == REPOSITORY for a in links)
    assert not soup.select('[data-md-component="source"]')


# -- the PDF's own files only ---------------------------------------------------------------------


def test_the_pdf_copies_no_local_file_a_source_points_to(tmp_path: Path) -> None:
    """A `file:` attachment reaches WeasyPrint only if the loader's check is bypassed: the fetcher refuses it."""
    weasyprint = pdf.import_weasyprint()
    secret = tmp_path / "secret.txt"
    secret.write_text("the build machine's secret\n", encoding="utf-8")
    html = (
        f'<p><a rel="attachment" href="{secret.as_uri()}">attached</a>'
        f'<img src="{secret.as_uri()}"><link rel="stylesheet" href="{secret.as_uri()}"></p>'
    )

    def attachments(fetcher_root: Path) -> str:
        fetcher = pdf.local_url_fetcher(weasyprint, fetcher_root)
        target = tmp_path / f"{fetcher_root.name or 'root'}.pdf"
        weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf(target)
        listed = subprocess.run(["pdfdetach", "-list", str(target)], capture_output=True, text=True, check=True)
        return listed.stdout

    assert "1 embedded files" in attachments(tmp_path)  # a fetcher allowed there copies it: the check is real
    assert "0 embedded files" in attachments(pdf.OWN_FILES)
