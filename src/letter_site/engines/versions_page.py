"""The Versions page: the site's own frame (the About page's, as built) with the record in its article.

It is made after the engine, from the built site: the engines know nothing of
releases.  The frame keeps the site's header, tabs and footer, without the page it
was taken from's table of contents, its marks of "here" and its Previous/Next; it
is listed in the site's ``sitemap.xml``.
"""

from __future__ import annotations

import gzip
import re
import struct
import zlib
from html import escape
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from ..history.record import Version
from ..render import publish
from ..render import versions as pages
from . import safety
from .finish import Site

PAGE_SOURCE = "versions.md"  # as if it were a page of docs/: where it goes, with or without directory URLs

_ARTICLE = re.compile(r'(<article class="md-content__inner md-typeset">).*?(</article>)', re.DOTALL)
_SHARING = re.compile(r'\n?<meta (?:property="og:[^"]*"|name="twitter:[^"]*")[^>]*>|\n?<link rel="canonical"[^>]*>')
_TITLE = re.compile(r"<title>.*?</title>", re.DOTALL)
_HEADER_TOPIC = re.compile(  # the header's title once the page's own has scrolled away: the frame's page's
    r'(<div class="md-header__topic" data-md-component="header-topic">\s*<span class="md-ellipsis">).*?(</span>)',
    re.DOTALL,
)


def write_versions_page(
    site: Site,
    versions: tuple[Version, ...],
    urls: dict[str | None, str],
    digests: dict[str, tuple[str, str]],
    address: str,
) -> list[str]:
    """``versions/index.html``: the site's page shell (the About page's) with the record in its article."""
    project = site.project
    shells = [site.folder / project.url(page) for page in ("about.md", "sources.md")]
    shell_path = next((path / "index.html" if path.is_dir() else path for path in shells
                       if (path / "index.html" if path.is_dir() else path).is_file()), None)  # fmt: skip
    if shell_path is None:
        return ["the Versions page needs an About or Sources page to take its frame from (docs/about.md)"]
    shell = _frame(_SHARING.sub("", shell_path.read_text(encoding="utf-8")), shell_path.parent.name)
    body = pages.versions_page_html(versions, urls, digests)
    html = _ARTICLE.sub(lambda found: f"{found[1]}\n{body}\n{found[2]}", shell, count=1)
    title = f"{pages.TITLE} - {site.name}" if site.name else pages.TITLE
    html = _TITLE.sub(f"<title>{escape(title)}</title>", html, count=1)
    tags = publish.sharing_tags(pages.TITLE, site.description, address, site.name)
    html = html.replace("</head>", "\n".join([*tags, f'<link rel="canonical" href="{address}">']) + "\n</head>", 1)
    problems = safety.page_problems(html, address, project.settings.site_url)
    if problems:
        return [f"the Versions page: {'; '.join(problems)} (tell the site's developers)"]
    target = site.folder / project.url(PAGE_SOURCE)
    target = target / "index.html" if project.url(PAGE_SOURCE).endswith("/") else target
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")
    _list_in_sitemap(site.folder, address)
    return []


_URL_ENTRY = re.compile(r"[ \t]*<url>.*?</url>\n?", re.DOTALL)  # the first page's entry: its form, its date


def _list_in_sitemap(folder: Path, address: str) -> None:
    """The Versions page in the site's ``sitemap.xml`` (and its ``.gz``), as the engine lists the other pages
    (their form, the letter page's date)."""
    sitemap = folder / "sitemap.xml"
    if not sitemap.is_file():
        return
    text = sitemap.read_text(encoding="utf-8")
    first = _URL_ENTRY.search(text)
    if first is None or "</urlset>" not in text:
        return
    entry = re.sub(r"<loc>[^<]*</loc>", lambda _: f"<loc>{escape(address)}</loc>", first[0], count=1)
    text = text.replace("</urlset>", entry + "</urlset>", 1)
    sitemap.write_text(text, encoding="utf-8")
    packed = sitemap.with_name(sitemap.name + ".gz")
    if packed.is_file():
        packed.write_bytes(_gzipped_as(packed.read_bytes(), text.encode("utf-8")))


def _gzipped_as(old: bytes, data: bytes) -> bytes:
    """``data`` gzipped with ``old``'s header (the engine's file name and build time): reproducible as it was."""
    flags = old[3] if len(old) > 10 else 0
    if flags & ~0x08:  # anything but a file name in the header: a plain header with its time
        return gzip.compress(data, compresslevel=9, mtime=int.from_bytes(old[4:8], "little") if old else 0)
    header = old[: old.index(b"\0", 10) + 1] if flags & 0x08 else old[:10]
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = deflate.compress(data) + deflate.flush()
    return header + body + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)


def _frame(html: str, shell_folder: str) -> str:
    """The page it is taken from, as a frame: without that page's table of contents and its marks of "here"."""
    tree = LexborHTMLParser(html)
    for node in tree.css('nav.md-nav--secondary, label[for="__toc"], nav.md-footer__inner'):
        node.decompose()  # its table of contents; its "Previous" and "Next" (the Versions page is not in the nav)
    for node in tree.css('a[href="./"]'):  # the frame's page linking to itself: now a link to it
        node.attrs["href"] = f"../{shell_folder}/"
    for node in tree.css("a.md-skip"):
        node.attrs["href"] = f"#{pages.HEADING_ID}"
    framed = re.sub(r" md-(?:tabs__item|nav__item|nav__link)--active\b", "", tree.html or html)
    return _HEADER_TOPIC.sub(lambda found: f"{found[1]}{pages.TITLE}{found[2]}", framed, count=1)
