"""Every released version at its own address, with its notice, and the Versions page (issue 17).

The issue's story (tests/test_versions.py's ``make_history``): v1.0 as sent; v1.1
with three signatories and a mended link; v2.0 with a paragraph reworded and a
note added; then one signatory not yet released.  Built once with its PDFs.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import html
import http.server
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import threading
import zipfile
import zlib
from pathlib import Path
from typing import ClassVar

import pytest
from bs4 import BeautifulSoup

from letter_site.history.git import export
from projects import Sites, build_env, run_folder, site_build
from test_versions import make_history

SITE_URL = "https://example.org/letter/"
TAGS = ("v1.0", "v1.1", "v2.0")


def build(root: Path, site: Path, *extra: str, **env: str) -> subprocess.CompletedProcess[str]:
    return site_build(root, site, *extra, env=build_env(SITE_URL=SITE_URL, SOURCE_DATE_EPOCH="1700000000", **env))


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The history, built with its PDFs once for the whole run, whichever worker asks first (the others wait).

    Shared: its tests only read it; one that changes the repository changes a copy of its own (:func:`own_copy`).
    """
    shared = run_folder(tmp_path_factory) / "versions-built"
    root, site = shared / "letter", shared / "site"
    with (shared.parent / "versions-built.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "ready").exists():
            shutil.rmtree(shared, ignore_errors=True)
            make_history(root)
            result = build(root, site)
            assert result.returncode == 0, result.stderr
            (shared / "ready").touch()
    return root, site


def own_copy(root: Path, folder: Path) -> Path:
    """The built history's repository (with its git history and its cache), copied to be changed."""
    return Path(shutil.copytree(root, folder / "letter", symlinks=True))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_each_version_has_its_own_address_with_its_pdf_and_citation_files(built: tuple[Path, Path]) -> None:
    _, site = built
    for tag in TAGS:
        folder = site / "v" / tag
        names = {path.name for path in folder.iterdir()}
        assert {"index.html", "open-letter-2023-08-11.pdf", "open-letter-2023-08-11.bib"} <= names, tag
        page = soup(folder / "index.html")
        assert page.find(id="p16") is not None and page.find(id="way-forward") is not None  # its ¶ and sections
        canonical = page.find("link", rel="canonical")
        assert canonical is not None and canonical["href"] == f"{SITE_URL}v/{tag}/"
        bib = (folder / "open-letter-2023-08-11.bib").read_text(encoding="utf-8")
        assert f"url = {{{SITE_URL}v/{tag}/}}" in bib and f"version = {{{tag}}}" in bib
        assert f"note = {{Version {tag} of " in bib
        csl = json.loads((folder / "open-letter-2023-08-11.csl.json").read_text(encoding="utf-8"))
        assert (csl[0]["URL"], csl[0]["version"]) == (f"{SITE_URL}v/{tag}/", tag)


def test_the_first_version_is_the_letter_as_sent_word_for_word(
    built: tuple[Path, Path], sites: Sites, tmp_path: Path
) -> None:
    _, site = built
    page = soup(site / "v" / "v1.0" / "index.html")
    notice = page.select_one(".letter-version-notice")
    assert notice is not None
    notice.decompose()  # what it says of itself: not the letter's words
    (tmp_path / "as-sent.html").write_text(str(page), encoding="utf-8")
    assert _words(tmp_path / "as-sent.html") == _words(sites("mkdocs") / "index.html")


def _words(path: Path) -> list[str]:
    article = soup(path).find("article")
    assert article is not None
    for chrome in article.select(".headerlink, .letter-chrome, a#__skip"):
        chrome.decompose()
    return article.get_text(" ").split()


def test_each_older_version_says_what_it_is_where_the_current_letter_is_and_what_changed(
    built: tuple[Path, Path],
) -> None:
    _, site = built
    expected = {
        "v1.0": "4 organizations have signed since; 2 corrections; 1 note added",
        "v1.1": "1 organization has signed since; 1 correction; 1 note added",
        "v2.0": "1 organization has signed since",
    }
    tag_dates = {"v1.0": "11 August 2023", "v1.1": "1 September 2023", "v2.0": "2 October 2023"}
    for tag, since in expected.items():
        notice = soup(site / "v" / tag / "index.html").select_one(".letter-version-notice")
        assert notice is not None, tag
        assert f"(version {tag})" in notice.get_text()
        assert f"The current letter: {since}. Every version." in notice.get_text()
        published = f"{SITE_URL}v/{tag}/open-letter-2023-08-11-as-published.pdf"  # the file a recipient has
        assert [a["href"] for a in notice.find_all("a")] == [SITE_URL, f"{SITE_URL}versions/", published]
        assert notice.get_text().endswith("Every version. Its PDF as it was published.")
        pdf = subprocess.run(
            ["pdftotext", str(site / "v" / tag / "open-letter-2023-08-11.pdf"), "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        assert f"(version {tag})" in pdf  # print shows the notice too, with the addresses written out
        assert f"The current letter <{SITE_URL}>. Every version <{SITE_URL}versions/>." in pdf
        word = _docx_text(site / "v" / tag / "open-letter-2023-08-11.docx")
        assert f"This is the letter as of {tag_dates[tag]} (version {tag})\nThe current letter <{SITE_URL}>." in word
        for other in ("sources", "signatories", "about"):  # each of its pages says what it is
            page_notice = soup(site / "v" / tag / other / "index.html").select_one("article .letter-version-notice")
            assert page_notice is not None and f"The current letter: {since}." in page_notice.get_text(), (tag, other)
        assert not (site / "v" / tag / "sitemap.xml").exists() and not (site / "v" / tag / "sitemap.xml.gz").exists()
        title = soup(site / "v" / tag / "index.html").title
        assert title is not None and title.get_text().startswith(f"{tag} · Open letter on OHCHR")  # its tab, told apart
        assert soup(site / "v" / tag / "404.html").select_one(".letter-version-notice") is None


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as word:
        xml = word.read("word/document.xml").decode("utf-8")
    return html.unescape(re.sub(r"<[^>]+>", "", xml.replace("</w:p>", "\n")))


def test_the_site_and_each_versions_folders_can_be_read_by_a_web_server(built: tuple[Path, Path]) -> None:
    """Folders made as usual are (the umask's), not a temporary folder's owner-only mode."""
    _, site = built
    umask = os.umask(0o022)
    os.umask(umask)
    folders = [site, site / "v", site / "v" / "v1.0", site / "v" / "v1.0" / "sources", site / "versions"]
    assert {folder: stat.S_IMODE(folder.stat().st_mode) for folder in folders} == dict.fromkeys(folders, 0o777 & ~umask)


def test_the_sites_sitemap_lists_the_versions_page_and_no_older_version(built: tuple[Path, Path]) -> None:
    _, site = built
    listed = re.findall(r"<loc>([^<]*)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert listed[-1] == f"{SITE_URL}versions/" and listed.count(f"{SITE_URL}versions/") == 1
    assert [address for address in listed if "/v/" in address] == []
    packed = (site / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(packed) == (site / "sitemap.xml").read_bytes()
    assert packed[3] & 0x08 and packed[10:22] == b"sitemap.xml\0"  # the engine's header, its name and time


def test_the_current_letter_says_which_version_it_is_and_links_to_the_record(built: tuple[Path, Path]) -> None:
    _, site = built
    line = soup(site / "index.html").select_one(".letter-version")
    assert line is not None
    assert line.get_text(" ", strip=True) == ("Version v2.0 of 2 October 2023, with changes made since · Every version")
    link = line.find("a")
    assert link is not None and link["href"] == "versions/"
    assert soup(site / "index.html").select_one(".letter-version-notice") is None


def test_the_versions_page_lists_exactly_the_changes_and_each_pdfs_sha256(built: tuple[Path, Path]) -> None:
    _, site = built
    page = soup(site / "versions" / "index.html")
    entries = page.select(".letter-version-entry")
    assert [entry.h2.get_text() for entry in entries if entry.h2] == [
        "Changes since the last version",
        "v2.0, 2 October 2023",
        "v1.1, 1 September 2023",
        "v1.0, 11 August 2023",
    ]
    assert page.select("nav.md-nav--secondary") == [] and page.select(".md-tabs__item--active") == []
    ids = {node["id"] for node in page.find_all(id=True)}
    assert [a["href"] for a in page.find_all("a", href=True) if a["href"].startswith("#") and a["href"][1:] not in ids
            and a["href"] != "#"] == []  # fmt: skip
    assert page.find("a", href="./") is None  # the About page's link to itself, now a link to it
    changes = [[item.get_text(" ", strip=True) for item in entry.select("li")] for entry in entries]
    assert changes[0] == ["Signed: Quiet River Association"]
    assert changes[1][0].startswith("Paragraph reworded ( ¶ 16 before , ¶ 16 now ): It is still not yet too late")
    assert changes[1][1].startswith("Note 26 added: Report of the UN Special Rapporteur")
    assert changes[2] == [
        "Signed: Border Watch",
        "Signed: Harbour of Hope",
        "Signed: Lantern Legal Aid (LLA)",
        "Source's address: https://undocs.org/A/HRC/RES/25/25 "
        "https://documents.un.org/doc/undoc/gen/g14/131/73/pdf/g1413173.pdf",
    ]
    assert changes[3] == []
    links = [a["href"] for a in entries[1].select("li a")]
    assert links == [f"{SITE_URL}v/v1.1/#p16", f"{SITE_URL}v/v2.0/#p16"]
    for entry, tag in zip(entries[1:], ("v2.0", "v1.1", "v1.0"), strict=True):
        published = site / "v" / tag / "open-letter-2023-08-11-as-published.pdf"
        code = entry.find("code")
        assert code is not None and code.get_text() == hashlib.sha256(published.read_bytes()).hexdigest(), tag


def test_a_versions_pdf_as_published_is_the_pdf_its_site_published_then(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    """The PDF a recipient was sent when v1.1 was the letter: the same bytes, so its SHA-256 checks it."""
    root, site = built
    then = export(root, "v1.1", tmp_path / "v1.1")  # its files, as a checkout of the tag has them
    epoch = subprocess.run(["git", "log", "-1", "--format=%ct", "v1.1"], cwd=root, capture_output=True,
                           text=True, check=True).stdout.strip()  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "letter_site", "build", "--site-dir", str(tmp_path / "site")],
        cwd=then, env=build_env(SITE_URL=SITE_URL, SOURCE_DATE_EPOCH=epoch), capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    sent = (tmp_path / "site" / "open-letter-2023-08-11.pdf").read_bytes()
    assert (site / "v" / "v1.1" / "open-letter-2023-08-11-as-published.pdf").read_bytes() == sent


def test_two_builds_of_the_same_tags_are_byte_for_byte_the_same(built: tuple[Path, Path], tmp_path: Path) -> None:
    root, site = built
    copy = own_copy(root, tmp_path)  # in another folder, too
    shutil.rmtree(copy / ".cache" / "versions")  # built again, not taken from the cache
    again = tmp_path / "again"
    assert build(copy, again).returncode == 0
    first = {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in sorted(again.rglob("*")) if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_a_release_todays_checks_refuse_stops_the_build_naming_it(tmp_path: Path) -> None:
    from test_versions import with_refused_release  # noqa: PLC0415

    root = with_refused_release(tmp_path / "letter")
    result = build(root, tmp_path / "site", LETTER_SITE_NO_PDF="1")
    assert result.returncode == 1
    assert "\nrelease v0.9: its sources are refused by today's checks" in result.stderr
    assert "v0.9:footnotes.yaml:" in result.stderr and not (tmp_path / "site").exists()


def test_a_new_release_adds_one_versions_build_and_the_older_notices_follow(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    from test_versions import git  # noqa: PLC0415

    root = own_copy(built[0], tmp_path)
    cache = root / ".cache" / "versions"
    before = {path.name for path in cache.iterdir()}
    # Released with its address written out (not read from SITE_URL), under a tag with a folder in its name.
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    written = config.replace('site_url: &site_url !ENV [SITE_URL, "http://127.0.0.1:8000/"]',
                             f"site_url: &site_url {SITE_URL}", 1)  # fmt: skip
    assert written != config
    (root / "mkdocs.yml").write_text(written, encoding="utf-8")
    git(root, "add", "-A", when="2023-11-01T12:00:00+00:00")
    git(root, "commit", "-q", "-m", "One more", when="2023-11-01T12:00:00+00:00")
    git(root, "tag", "-a", "release/2.1", "-m", "One more organization", when="2023-11-01T12:00:00+00:00")
    site = tmp_path / "site"
    result = build(root, site)
    assert result.returncode == 0, result.stderr
    added = {path.name for path in cache.iterdir()} - before
    assert len(added) == 1  # release/2.1's build alone: the others were kept, as built
    for kept in cache.iterdir():  # as built: what changed since is put into the site's copy, never into these
        assert '<span class="letter-version-since"></span>' in (kept / "index.html").read_text(encoding="utf-8")
    notice = soup(site / "v" / "v1.0" / "index.html").select_one(".letter-version-notice")
    assert notice is not None and "4 organizations have signed since; 2 corrections; 1 note added" in notice.get_text()
    newest = site / "v" / "release" / "2.1"
    canonical = soup(newest / "index.html").find("link", rel="canonical")
    assert canonical is not None and canonical["href"] == f"{SITE_URL}v/release/2.1/"  # its own, not the site's
    assert f"url = {{{SITE_URL}v/release/2.1/}}" in (newest / "open-letter-2023-08-11.bib").read_text("utf-8")
    line = soup(site / "index.html").select_one(".letter-version")
    assert line is not None and line.get_text(" ", strip=True).startswith("Version release/2.1 of 1 November 2023")
    entry = soup(site / "versions" / "index.html").find(id="version-release/2.1")
    assert entry is not None and entry.find("a", href=f"{SITE_URL}v/release/2.1/") is not None


def test_a_versions_pdf_as_published_stays_the_same_file_whatever_tool_builds_later(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    """Kept by the version's files and the site's address: the PDF readers were sent, and its SHA-256, stay."""
    copy = own_copy(built[0], tmp_path)
    kept = sorted((copy / ".cache" / "published").glob("*-as-published.pdf"))
    assert len(kept) == len(TAGS)  # one for each release
    sent = {path: path.read_bytes() for path in kept}
    for path in kept:  # as an older letter-site laid them out (other bytes)
        path.write_bytes(sent[path].replace(b"%%EOF", b"%%EOF\n% laid out by an older letter-site", 1))
    site = tmp_path / "site"
    assert build(copy, site).returncode == 0
    page = soup(site / "versions" / "index.html")
    for tag in TAGS:
        published = (site / "v" / tag / "open-letter-2023-08-11-as-published.pdf").read_bytes()
        assert b"%%EOF\n% laid out by an older letter-site" in published, tag
        code = page.select_one(f'[id="version-{tag}"] code')
        assert code is not None and code.get_text() == hashlib.sha256(published).hexdigest(), tag
    for path in kept:  # damaged (or put there by hand): this build's, kept again
        path.write_bytes(b"not a PDF at all")
    assert build(copy, tmp_path / "again").returncode == 0
    assert all(path.read_bytes().startswith(b"%PDF-") for path in kept)
    assert all(path.read_bytes().startswith(b"%PDF-") for path in (tmp_path / "again" / "v").rglob("*.pdf"))


def test_with_no_release_the_site_has_no_record(sites: Sites) -> None:
    """This repository has no tags: no version line, no Versions page, no v/ (its pages as they were)."""
    site = sites("mkdocs")
    assert not (site / "versions").exists() and not (site / "v").exists()
    assert soup(site / "index.html").select_one(".letter-version") is None


def test_zensical_builds_the_same_record(tmp_path: Path) -> None:
    root = make_history(tmp_path / "letter")
    site = tmp_path / "site"
    result = site_build(
        root,
        site,
        env=build_env(SITE_URL=SITE_URL, SOURCE_DATE_EPOCH="1700000000", LETTER_SITE_NO_PDF="1"),
        engine="zensical",
    )
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in (site / "v").iterdir()) == list(TAGS)
    notice = soup(site / "v" / "v1.0" / "index.html").select_one(".letter-version-notice")
    assert notice is not None and "4 organizations have signed since; 2 corrections; 1 note added" in notice.get_text()
    line = soup(site / "index.html").select_one(".letter-version")
    assert line is not None and "Version v2.0 of 2 October 2023, with changes made since" in line.get_text()
    assert len(soup(site / "versions" / "index.html").select(".letter-version-entry")) == 4
    sources = soup(site / "v" / "v1.0" / "sources" / "index.html").select_one(".letter-version-notice")
    assert (
        sources is not None and "4 organizations have signed since; 2 corrections; 1 note added" in sources.get_text()
    )
    listed = re.findall(r"<loc>([^<]*)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert listed[-1] == f"{SITE_URL}versions/" and not (site / "v" / "v1.0" / "sitemap.xml").exists()


def test_a_release_kept_as_an_older_tool_built_it_is_published_as_it_is(tmp_path: Path) -> None:
    """versions.yaml: a release today's checks refuse, kept as its built site, with today's notice."""
    from test_versions import release, with_refused_release  # noqa: PLC0415

    root = with_refused_release(tmp_path / "letter", "As an older tool wrote it")
    old_site = root / "releases" / "v0.9"
    old_site.mkdir(parents=True)
    (old_site / "index.html").write_text(  # built at the site's address, as the current letter then
        f'<!doctype html><html lang=en><head><title>Old</title><link rel="canonical" href="{SITE_URL}">'
        f'<meta name="citation_pdf_url" content="{SITE_URL}letter.pdf">'
        f'<meta name="description" content="{SITE_URL} holds the letter">'  # words, not an address: as written
        f'<meta property="og:image" content="{SITE_URL}v/v0.9/card.png">'  # where it is now already
        "</head><body><h1>The letter as sent</h1><p>Its words, as an older letter-site built them.</p></body></html>",
        encoding="utf-8",
    )
    archived = f"https://web.archive.org/web/2023/{SITE_URL}"  # an address within another: as written
    (old_site / "letter.bib").write_text(f"@misc{{letter, url = {{{SITE_URL}}}, note = {{{archived}}}}}\n")
    (old_site / "letter.csl.json").write_text(  # slashes written "\/", as some JSON writers do
        json.dumps([{"URL": SITE_URL, "note": f"seen at {SITE_URL}"}]).replace("/", "\\/")
    )
    (root / "versions.yaml").write_text("kept:\n  v0.9: releases/v0.9\n", encoding="utf-8")
    release(root, "v1.0", "Today's tool", "2023-08-11T12:00:00+00:00")
    site = tmp_path / "site"
    result = build(root, site, LETTER_SITE_NO_PDF="1")
    assert result.returncode == 0, result.stderr
    kept = soup(site / "v" / "v0.9" / "index.html")
    assert "Its words, as an older letter-site built them." in kept.get_text()
    here = f"{SITE_URL}v/v0.9/"  # where it is now, not today's letter
    assert [str(node.get("href") or node.get("content")) for node in kept.select("link[rel=canonical], meta")] == [
        here, f"{here}letter.pdf", f"{SITE_URL} holds the letter", f"{here}card.png"]  # fmt: skip
    assert (
        site / "v" / "v0.9" / "letter.bib"
    ).read_text() == f"@misc{{letter, url = {{{here}}}, note = {{{archived}}}}}\n"
    assert json.loads((site / "v" / "v0.9" / "letter.csl.json").read_text()) == [  # its "\/" too
        {"URL": here, "note": f"seen at {SITE_URL}"}]  # fmt: skip
    notice = kept.select_one(".letter-version-notice")
    assert notice is not None and "(version v0.9)" in notice.get_text()
    entries = soup(site / "versions" / "index.html").select(".letter-version-entry")
    assert "Kept as an older letter-site built it" in entries[-1].get_text()
    assert "What changed since v0.9 is not computed" in entries[-2].get_text()
    # An archive: its scripts left out; a frame, a page within the page, a link to a file elsewhere refused.
    page = "<!doctype html><html lang=en><head><title>Old</title></head><body><h1>T</h1><script>x()</script>"
    (old_site / "index.html").write_text(page + "<p>Kept.</p></body></html>", encoding="utf-8")
    (old_site / "old.js").write_text("fetch('https://evil.example/')", encoding="utf-8")
    assert build(root, tmp_path / "stripped", LETTER_SITE_NO_PDF="1").returncode == 0
    archived = (tmp_path / "stripped" / "v" / "v0.9" / "index.html").read_text(encoding="utf-8")
    assert (
        "<script" not in archived
        and "Kept." in archived
        and not (tmp_path / "stripped" / "v" / "v0.9" / "old.js").exists()
    )
    (old_site / "index.html").write_text(page + '<iframe srcdoc="<b>x</b>"></iframe></body></html>', encoding="utf-8")
    (old_site / "passwd.txt").symlink_to("/etc/passwd")
    gated = build(root, tmp_path / "gated", LETTER_SITE_NO_PDF="1")
    assert gated.returncode == 1
    assert "releases/v0.9/index.html: <iframe>, which a kept page may not hold" in gated.stderr
    assert "releases/v0.9/index.html: <iframe srcdoc=…>, a page within the page" in gated.stderr
    assert "releases/v0.9/passwd.txt: a link, which could publish any file of the machine" in gated.stderr
    assert not (tmp_path / "gated").exists()
    (old_site / "passwd.txt").unlink()
    (old_site / "index.html").write_text(page + "<p>Kept.</p></body></html>", encoding="utf-8")
    (old_site / "evil.xml").write_text("<html xmlns='http://www.w3.org/1999/xhtml'><script>x()</script></html>")
    (old_site / "logo.svg").write_text(
        "<svg xmlns='http://www.w3.org/2000/svg' xmlns:s='http://www.w3.org/2000/svg'>\n<s:script>x()</s:script></svg>"
    )
    (old_site / "old.html").write_bytes("<p>Caf\u00e9</p>".encode("latin-1"))
    gated = build(root, tmp_path / "gated-again", LETTER_SITE_NO_PDF="1")
    assert gated.returncode == 1 and "Traceback" not in gated.stderr
    assert "releases/v0.9/evil.xml: a kind of file letter-site does not publish from a kept release" in gated.stderr
    assert "releases/v0.9/logo.svg: line 2: <script> has no place in an image the site publishes" in gated.stderr
    assert "releases/v0.9/old.html: not UTF-8 text (byte 7; save it as UTF-8)" in gated.stderr
    for name in ("evil.xml", "logo.svg", "old.html"):
        (old_site / name).unlink()
    (root / "versions.yaml").write_text("kept:\n  v0.9: releases/none\n", encoding="utf-8")
    refused = build(root, tmp_path / "again", LETTER_SITE_NO_PDF="1")
    assert refused.returncode == 1
    assert "versions.yaml:2:9: 'releases/none' is not a folder of this repository with a built letter page" in (
        refused.stderr
    )


def test_a_version_built_by_this_tool_can_be_kept_as_it_was_built(built: tuple[Path, Path], tmp_path: Path) -> None:
    """The README's recipe: a v/<tag>/ folder of a site built before, kept for a release today's tool refuses."""
    from test_versions import release, with_refused_release  # noqa: PLC0415

    _, site = built
    root = with_refused_release(tmp_path / "letter", "As an older tool wrote it")
    shutil.copytree(site / "v" / "v1.0", root / "releases" / "v0.9")
    (root / "versions.yaml").write_text("kept:\n  v0.9: releases/v0.9\n", encoding="utf-8")
    release(root, "v1.0", "Today's tool", "2023-08-11T12:00:00+00:00")
    result = build(root, tmp_path / "site", LETTER_SITE_NO_PDF="1")
    assert result.returncode == 0, result.stderr
    kept = soup(tmp_path / "site" / "v" / "v0.9" / "index.html")
    assert kept.find(id="p16") is not None and kept.find("script") is None
    notices = kept.select(".letter-version-notice")  # today's alone: the one its earlier build gave it is gone
    assert len(notices) == 1
    title = notices[0].select_one(".admonition-title")
    assert title is not None and title.get_text().endswith("(version v0.9)")
    canonical = kept.find("link", rel="canonical")
    assert canonical is not None and canonical["href"] == f"{SITE_URL}v/v0.9/"  # where it is now
    # Its card, its PDF for citation managers, its citation files: where its files are now, not where it was built
    here = f"{SITE_URL}v/v0.9/"
    named = {
        str(node.get("name") or node.get("property")): str(node["content"])
        for node in kept.find_all("meta", content=re.compile("^https?:"))
    }
    assert named["citation_pdf_url"] == f"{here}open-letter-2023-08-11.pdf"
    assert named["og:image"] == named["twitter:image"] == f"{here}open-letter-2023-08-11.png"
    assert all(address.startswith(here) for address in named.values()), named
    for name in ("open-letter-2023-08-11.bib", "open-letter-2023-08-11.csl.json"):
        cited = (tmp_path / "site" / "v" / "v0.9" / name).read_text(encoding="utf-8")
        assert here in cited and f"{SITE_URL}v/v1.0/" not in cited, name
    sources = soup(tmp_path / "site" / "v" / "v0.9" / "sources" / "index.html").find("link", rel="canonical")
    assert sources is not None and sources["href"] == f"{here}sources/"


def test_what_the_cache_holds_goes_through_the_gate_and_a_committed_cache_is_refused(tmp_path: Path) -> None:
    from test_versions import git  # noqa: PLC0415

    root = make_history(tmp_path / "letter")
    assert build(root, tmp_path / "site", LETTER_SITE_NO_PDF="1").returncode == 0
    entry = next(path for path in (root / ".cache" / "versions").iterdir() if (path / ".complete").is_file())
    page = entry / "sources" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</head>", "<script src=https://evil.example/x.js>"
                    "</script></head>", 1), encoding="utf-8")  # fmt: skip
    result = build(root, tmp_path / "tampered", LETTER_SITE_NO_PDF="1")
    assert result.returncode == 1 and not (tmp_path / "tampered").exists()
    assert ": its built page sources/index.html would run script or fetch from another host: <script " in (
        result.stderr
    )
    git(root, "add", "-f", ".cache/versions")
    result = build(root, tmp_path / "committed", LETTER_SITE_NO_PDF="1")
    assert result.returncode == 1 and not (tmp_path / "committed").exists()
    assert "the build's cache is committed to the repository" in result.stderr
    assert "(git rm -r --cached .cache, and keep .cache/ in .gitignore)" in result.stderr


def test_a_damaged_cache_is_built_again_never_published(tmp_path: Path) -> None:
    root = make_history(tmp_path / "letter")
    assert build(root, tmp_path / "site", LETTER_SITE_NO_PDF="1").returncode == 0
    cache = root / ".cache" / "versions"
    entry = next(path for path in cache.iterdir() if (path / ".complete").is_file())
    (entry / "index.html").unlink()  # complete, says its marker, but its letter page is gone
    assert build(root, tmp_path / "repaired", LETTER_SITE_NO_PDF="1").returncode == 0
    assert (entry / "index.html").is_file()
    shutil.rmtree(cache)
    cache.write_text("not a folder", encoding="utf-8")  # the cache cannot be written: built all the same
    try:
        result = build(root, tmp_path / "uncached", LETTER_SITE_NO_PDF="1")
        assert result.returncode == 0, result.stderr
        assert sorted(path.name for path in (tmp_path / "uncached" / "v").iterdir()) == list(TAGS)
    finally:
        cache.unlink()


def test_what_would_publish_a_record_wrongly_stops_the_build_naming_what_to_do(tmp_path: Path) -> None:
    """A page of the letter's own at the Versions page's address; a shallow clone published (its versions would
    vanish); a release whose address this tool cannot make its version's; a release of the placeholder."""
    from projects import copy_sources  # noqa: PLC0415
    from test_versions import change, git, release  # noqa: PLC0415

    root = make_history(tmp_path / "letter")
    (root / "docs" / "versions.md").write_text("# Our versions\n", encoding="utf-8")
    change(root, "mkdocs.yml", "  - About: about.md\n", "  - About: about.md\n  - Versions: versions.md\n")
    result = build(root, tmp_path / "site", LETTER_SITE_NO_PDF="1")
    assert result.returncode == 1 and not (tmp_path / "site").exists()
    assert "docs/versions.md: the address of the Versions page, which the site makes once a release is made" in (
        result.stderr
    )
    (root / "docs" / "versions.md").unlink()
    change(root, "mkdocs.yml", "  - Versions: versions.md\n", "")

    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--no-tags", f"file://{root}", str(clone)], check=True)
    result = build(clone, tmp_path / "site", "--publish", LETTER_SITE_NO_PDF="1")
    assert result.returncode == 1 and not (tmp_path / "site").exists()
    assert ".git: a shallow clone, without the releases' history: published versions would vanish" in result.stderr

    other = copy_sources(tmp_path / "no-address")
    git(other, "init", "-q", "-b", "main")
    config = (other / "mkdocs.yml").read_text(encoding="utf-8")
    change(other, "mkdocs.yml", 'site_url: &site_url !ENV [SITE_URL, "http://127.0.0.1:8000/"]\n', "")
    change(other, "mkdocs.yml", "      site_url: *site_url", "")
    release(other, "v0.9", "Without an address", "2023-08-01T12:00:00+00:00")
    (other / "mkdocs.yml").write_text(config, encoding="utf-8")
    change(other, "letter/00-opening.md", "date: 2023-08-11\n", "date: 2023-08-11\nplaceholder: true\n")
    release(other, "v0.95", "The placeholder, released by mistake", "2023-08-05T12:00:00+00:00")
    change(other, "letter/00-opening.md", "placeholder: true\n", "")
    git(other, "commit", "-q", "-am", "The letter")
    result = build(other, tmp_path / "site", "--publish", LETTER_SITE_NO_PDF="1")
    assert result.returncode == 1 and not (tmp_path / "site").exists()
    assert (
        f"release v0.9: its mkdocs.yml gives its letter another address than its version's (none, not "
        f"{SITE_URL}v/v0.9/), which this tool could not change" in result.stderr
    )
    (other / "versions.yaml").write_text("ignored:\n  - v0.9\n", encoding="utf-8")
    result = build(other, tmp_path / "site", "--publish", LETTER_SITE_NO_PDF="1")
    assert result.returncode == 1 and not (tmp_path / "site").exists()
    assert "release v0.95: its letter could not be built with this tool:" in result.stderr
    assert "(release v0.95 is of the placeholder letter, never sent: delete its tag" in result.stderr


class _GitHubWithAssets(http.server.BaseHTTPRequestHandler):
    """GitHub's API for releases and their assets: an asset's API address redirects to a storage host, which
    refuses a request that brings a second credential (as GitHub's does: the token must not follow)."""

    releases: ClassVar[list[dict[str, object]]] = []
    files: ClassVar[dict[str, bytes]] = {}
    asked: ClassVar[list[tuple[str, str | None]]] = []

    def do_GET(self) -> None:
        type(self).asked.append((self.path, self.headers.get("Authorization")))
        if self.path.startswith("/repos/coalition/letter/releases?"):
            self.answer(200, json.dumps(self.releases if self.path.endswith("page=1") else []).encode())
        elif self.path.startswith("/repos/coalition/letter/releases/assets/"):
            assert self.headers.get("Accept") == "application/octet-stream"
            self.send_response(302)
            self.send_header("Location", "/storage/" + self.path.rsplit("/", 1)[1] + "?signed=1")
            self.end_headers()
        elif self.path.startswith("/storage/") and self.headers.get("Authorization") is None:
            self.answer(200, self.files[self.path.split("/")[2].split("?")[0]])
        else:
            self.answer(400, b"Only one auth mechanism allowed")

    def answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


NAME = "open-letter-2023-08-11-as-published.pdf"
BOT = {"login": "github-actions[bot]", "type": "Bot"}  # who uploads with a workflow's token: the attach job


def _asset(number: int, data: bytes, digest: str | None = None, **changes: object) -> dict[str, object]:
    """A release's asset as GitHub's API lists it: the attach job's upload, unless ``changes`` say otherwise."""
    return {
        "name": NAME,
        "url": f"{{api}}/repos/coalition/letter/releases/assets/{number}",
        "size": len(data),
        "digest": f"sha256:{digest or hashlib.sha256(data).hexdigest()}",
        "uploader": BOT,
    } | changes


def _release_notes(
    root: Path, releases: list[dict[str, object]], files: dict[str, bytes]
) -> tuple[subprocess.CompletedProcess[str], list[tuple[str, str | None]]]:
    """``letter-site release-notes`` against the stand-in GitHub: how it ended, and what it asked for."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _GitHubWithAssets)
    api = f"http://127.0.0.1:{server.server_address[1]}"
    _GitHubWithAssets.releases = json.loads(json.dumps(releases).replace("{api}", api))
    _GitHubWithAssets.files, _GitHubWithAssets.asked = files, []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {**os.environ, "GITHUB_API_URL": api, "GITHUB_REPOSITORY": "coalition/letter", "GH_TOKEN": "token"}
    try:
        result = subprocess.run([sys.executable, "-m", "letter_site", "release-notes"], cwd=root, env=env,
                                capture_output=True, text=True, check=False)  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    return result, list(_GitHubWithAssets.asked)


def test_a_versions_pdf_attached_to_its_github_release_outlives_the_workflows_cache(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    """GitHub drops a workflow's cache unused for a week; the PDF the Publish workflow attached to the release stays,
    and a later build (another tool, no cache) publishes that file, with its SHA-256, not one it makes again."""
    copy = own_copy(built[0], tmp_path)
    shutil.rmtree(copy / ".cache" / "published")  # the cache is gone, and the tool has changed since
    sent = (built[1] / "v" / "v1.1" / NAME).read_bytes()
    attached = sent.replace(b"%%EOF", b"%%EOF\n% laid out by the tool of September 2023", 1)
    by_hand = b"%PDF-1.7\n% a file someone attached by hand\n%%EOF\n"
    releases = [
        {"tag_name": "v1.1", "name": "Three sign", "draft": False, "assets": [
            {"name": "photo.jpg", "url": "{api}/repos/coalition/letter/releases/assets/1", "size": 3, "uploader": BOT},
            _asset(4, by_hand, name="another-as-published.pdf", uploader={"login": "an-editor"}),
            _asset(2, attached)]},
        {"tag_name": "v2.0", "name": "Reworded", "draft": False, "assets": [
            _asset(3, by_hand, uploader={"login": "an-editor", "type": "User"})]},
    ]  # fmt: skip
    done, asked = _release_notes(copy, releases, {"2": attached, "3": by_hand, "4": by_hand})
    assert (done.returncode, done.stdout) == (
        0, "2 release notes from GitHub written to .cache/release-notes.json; 1 PDF as published to "
        ".cache/release-assets/\n",
    )  # fmt: skip
    storage = [(path.split("?")[0], token) for path, token in asked if path.startswith("/storage/")]
    assert storage == [("/storage/2", None)]  # only the workflow's; the token never went on to the storage host
    assert {token for path, token in asked if path.startswith("/repos/")} == {"Bearer token"}
    site = tmp_path / "site"
    assert build(copy, site).returncode == 0
    page = soup(site / "versions" / "index.html")
    for tag in ("v1.1", "v2.0"):
        published = (site / "v" / tag / NAME).read_bytes()
        assert published == attached if tag == "v1.1" else published.startswith(b"%PDF-") and published != by_hand
        code = page.select_one(f'[id="version-{tag}"] code')
        assert code is not None and code.get_text() == hashlib.sha256(published).hexdigest(), tag
    done, asked = _release_notes(copy, releases, {"2": attached, "3": by_hand, "4": by_hand})
    assert done.returncode == 0 and not [path for path, _ in asked if path.startswith("/storage/")]  # kept
    notes = (copy / ".cache" / "release-notes.json").read_bytes()
    releases[1]["assets"] = [_asset(3, by_hand, digest="0" * 64)]  # the workflow's, but not the file GitHub lists
    done, _ = _release_notes(copy, releases, {"2": attached, "3": by_hand})
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "release v2.0: its PDF as published is not the file GitHub lists (SHA-256 differs) (nothing was published: "
        f"run the workflow again; if this stays, delete {NAME} from the release on GitHub: this build's is attached)\n"
    )
    assert (copy / ".cache" / "release-notes.json").read_bytes() == notes  # as it was


PDF = b"%PDF-1.7\n% the letter\n%%EOF\n"
SCRIPTED = PDF + b"1 0 obj <</Length 60 /Filter /FlateDecode>>\nstream\n" + zlib.compress(
    b"<</Type /Action /S /JavaScript /JS (app.alert(1))>>") + b"\nendstream\nendobj\n"  # fmt: skip


@pytest.mark.parametrize(
    ("listed", "served", "problem"),
    [
        (_asset(1, PDF), PDF, None),
        ({**_asset(1, PDF), "digest": ""}, PDF, None),  # attached before GitHub listed digests
        (_asset(1, b"<html>a login page</html>"), b"<html>a login page</html>", "is no whole PDF"),
        ({**_asset(1, PDF), "size": len(PDF) + 10}, PDF, "is no whole PDF"),  # cut short
        (_asset(1, PDF, digest="0" * 64), PDF, "is not the file GitHub lists (SHA-256 differs)"),
        ({**_asset(1, PDF), "size": 65 * 2**20}, PDF, "is over 64 MB"),
        ({**_asset(1, PDF), "url": "{api}/repos/coalition/letter/releases/gone/1"}, PDF, "could not be downloaded"),
        (_asset(1, SCRIPTED), SCRIPTED, "holds what a PDF reader would run or open (/JS, /JavaScript)"),
        (
            _asset(1, PDF + b"<</OpenAction 2 0 R /A#41 3 0 R>>"),
            PDF + b"<</OpenAction 2 0 R /A#41 3 0 R>>",
            "holds what a PDF reader would run or open (/AA, /OpenAction)",
        ),
    ],
    ids=[
        "whole",
        "no digest listed",
        "no PDF",
        "cut short",
        "another file",
        "too large",
        "refused",
        "script, compressed",
        "actions, a name written in #xx",
    ],
)
def test_a_releases_pdf_as_published_is_kept_only_whole_as_github_lists_it_and_inert(
    tmp_path: Path, listed: dict[str, object], served: bytes, problem: str | None
) -> None:
    from letter_site.history.github import NotesUnavailable, _Attached, fetch_attached  # noqa: PLC0415

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _GitHubWithAssets)
    api = f"http://127.0.0.1:{server.server_address[1]}"
    _GitHubWithAssets.files, _GitHubWithAssets.asked = {"1": served}, []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = str(listed["url"]).replace("{api}", api)
    attached = _Attached(NAME, url, int(str(listed["size"])), str(listed["digest"]))
    try:
        if problem is None:
            name = fetch_attached(tmp_path, "release/1", attached, "token")
            assert (tmp_path / ".cache" / "release-assets" / name).read_bytes() == served
            assert name == f"{hashlib.sha256(b'release/1').hexdigest()[:16]}-{NAME}"  # a tag's "/" is no folder
        else:
            with pytest.raises(NotesUnavailable, match=re.escape(problem)):
                fetch_attached(tmp_path, "release/1", attached, "token")
            assert not (tmp_path / ".cache" / "release-assets").exists()  # nothing half-written
    finally:
        server.shutdown()
        server.server_close()


def test_the_pdfs_the_tool_makes_hold_nothing_a_reader_would_run(built: tuple[Path, Path]) -> None:
    from letter_site.history.github import active_parts  # noqa: PLC0415

    pdfs = sorted(built[1].rglob("*.pdf"))
    assert len(pdfs) == 1 + 2 * len(TAGS)  # the current letter's; each version's, with its notice and as published
    assert {pdf.name: active_parts(pdf.read_bytes()) for pdf in pdfs} == {pdf.name: [] for pdf in pdfs}


API = "https://api.github.com/repos/coalition/letter/releases/assets/"


@pytest.mark.parametrize(
    ("assets", "chosen"),
    [
        ([_asset(7, PDF, url=f"{API}7")], f"{API}7"),
        ([_asset(7, PDF, url=f"{API}7", uploader={"login": "an-editor"})], None),  # attached by hand
        ([_asset(7, PDF, url="https://elsewhere.example/repos/coalition/letter/releases/assets/7")], None),
        ([_asset(7, PDF, url=f"{API}7/../../../user")], None),
        ([_asset(7, PDF, url=f"{API}7", name="../letter-as-published.pdf")], None),
        ([_asset(7, PDF, url=f"{API}7", name="letter.pdf")], None),
        ([_asset(8, PDF, url=f"{API}8", name="z-as-published.pdf"), _asset(7, PDF, url=f"{API}7")], f"{API}7"),
        ("not a list", None),
    ],
    ids=[
        "the workflow's",
        "by hand",
        "another host",
        "another address",
        "a path",
        "another name",
        "the first by name",
        "no list",
    ],
)
def test_only_the_pdf_the_workflow_attached_is_taken_and_only_from_the_repositorys_api(
    assets: object, chosen: str | None
) -> None:
    from letter_site.history.github import _attached  # noqa: PLC0415

    found = _attached(assets, API)
    assert (found.url if found else None) == chosen


def test_what_release_notes_wrote_names_a_file_of_its_folder_only(tmp_path: Path) -> None:
    from letter_site.history.github import attached_pdf  # noqa: PLC0415

    assets = tmp_path / ".cache" / "release-assets"
    assets.mkdir(parents=True)
    (tmp_path / ".cache" / f"x-{NAME}").write_bytes(PDF)
    for name, data in ((f"a-{NAME}", PDF), (f"b-{NAME}", b"damaged"), ("c-other-as-published.pdf", PDF)):
        (assets / name).write_bytes(data)
    notes = {tag: {"note": "", "published": "", "pdf": pdf} for tag, pdf in (("v1", f"a-{NAME}"), ("v2", f"b-{NAME}"),
             ("up", f"../x-{NAME}"), ("gone", f"g-{NAME}"), ("other", "c-other-as-published.pdf"))}  # fmt: skip
    (tmp_path / ".cache" / "release-notes.json").write_text(json.dumps(notes), encoding="utf-8")
    found = {tag: attached_pdf(tmp_path, tag, NAME) for tag in (*notes, "unlisted")}
    assert found == dict.fromkeys(found) | {"v1": assets / f"a-{NAME}"}  # "other": not the name the build gives it
