"""A release kept as an older letter-site built it (``versions.yaml``): published as an archive, nothing that runs.

Its files were committed by editors, so nothing in them is trusted: no link
(a symbolic link could publish any file of the machine), only the kinds of file a
letter's site is made of, its pages without their scripts (the letter reads
without them; a page's script could call any host), and through the same gate as
every page, with more: no frame, no ``srcdoc``, no ``data:`` address, no style
sheet that loads from another host.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from ..common import css
from ..sources.svg import check_svg
from . import safety

PUBLISHED = frozenset({".html", ".pdf", ".bib", ".json", ".png", ".jpg", ".docx", ".css", ".txt",
                       ".ico", ".svg", ".woff", ".woff2"})  # fmt: skip
# An archived build's list of its pages for search engines: left out, the site's own lists the site's.
SITEMAPS = frozenset({"sitemap.xml", "sitemap.xml.gz"})
SCRIPTS = frozenset(
    {".js", ".map", ".complete"}
)  # an archived build's scripts: left out, the letter reads without them
_NOT_IN_ARCHIVE = ("iframe", "frame", "object", "embed", "base", "template", "portal")
_PRELOADS = re.compile(r"\b(?:preload|prefetch|preconnect|dns-prefetch|modulepreload|manifest|prerender)\b", re.I)


def publish_kept(source: Path, target: Path, address: str, site_url: str, root: Path) -> list[str]:
    """``source``'s files into ``target`` as an archive; what stops it, each with its path, if anything."""
    problems: list[str] = []
    files: dict[Path, bytes | None] = {}
    built_at = _built_at(source)  # where its build put it: its own addresses are moved to ``address``
    for folder, names, file_names in os.walk(source):
        for name in [*names, *file_names]:
            path = Path(folder) / name
            where = path.relative_to(root).as_posix()
            if path.is_symlink():
                problems.append(f"{where}: a link, which could publish any file of the machine (put the file itself)")
            elif path.is_file():
                suffix = path.suffix.lower()
                if suffix in SCRIPTS or name.lower() in SITEMAPS:
                    continue
                if suffix not in PUBLISHED:
                    problems.append(f"{where}: a kind of file letter-site does not publish from a kept release "
                                    f"({', '.join(sorted(PUBLISHED))})")  # fmt: skip
                    continue
                page = urljoin(address, path.relative_to(source).as_posix())
                try:
                    problems += [f"{where}: {problem}" for problem in _problems(path, page, site_url, where)]
                    files[path] = _archived(path, page, (built_at, address)) if suffix == ".html" else None
                except UnicodeDecodeError as error:
                    problems.append(f"{where}: not UTF-8 text (byte {error.start + 1}; save it as UTF-8)")
    if problems:
        return problems
    for path, content in files.items():
        out = target / path.relative_to(source)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(_here(path, content, built_at, address))
    return []


def _here(path: Path, archived: bytes | None, built_at: str | None, address: str) -> bytes:
    """What the archive publishes of ``path``: its page as ``archived``; a citation file citing it at ``address``."""
    if archived is not None:
        return archived
    if built_at is None or path.suffix.lower() not in _CITING:
        return path.read_bytes()
    text = path.read_bytes().decode("utf-8", "surrogateescape")  # this version, here, not the letter of today
    for old, new in ((built_at, address), (built_at.replace("/", "\\/"), address.replace("/", "\\/"))):  # JSON's \/
        text = _moved_values(text, old, new)
    return text.encode("utf-8", "surrogateescape")  # what is not UTF-8 stays as it was


def _moved_values(text: str, old: str, new: str) -> str:
    """``old`` where a value starts (after a quote or a brace: not an address within another) as ``new``."""

    def one(found: re.Match[str]) -> str:
        return new if _moves(found.string[found.start() :], old, new) else found[0]

    return re.sub(r'(?<=["{])' + re.escape(old), one, text)


def _moves(value: str, built_at: str, address: str) -> bool:
    """Whether ``value`` is an address of the archive as built, and not already one where it is now."""
    return value.startswith(built_at) and not value.startswith(address)


_CITING = frozenset({".bib", ".json"})  # the citation files (BibTeX, CSL JSON) name the letter's address
# The <meta> whose content is an address of the page or its files (a description is left as it was written).
_ADDRESS_META = re.compile(r"og:(?:url|image(?::url|:secure_url)?)|twitter:(?:image|url)|citation_\w*url", re.I)


def _built_at(source: Path) -> str | None:
    """The address the archive was built for: its letter page's canonical address, if it names one."""
    try:
        found = LexborHTMLParser((source / "index.html").read_text(encoding="utf-8")).css_first('link[rel="canonical"]')
    except (OSError, UnicodeDecodeError):
        return None
    href = (found.attributes.get("href") or "") if found is not None else ""
    return href if urlsplit(href).scheme in ("http", "https") and href.endswith("/") else None


def _archived(path: Path, page: str | None = None, moved: tuple[str | None, str] = (None, "")) -> bytes:
    """A page without its scripts, the hints that would make a browser connect ahead, and the notice an
    earlier build gave it (today's is put in its place); at ``page``, its address now, if given.

    ``moved``: where its build put the archive, and where it is now. The page's own addresses for readers
    and machines (its card, its PDF for citation managers) move with it: its files are there now, and
    those addresses must not name today's letter.
    """
    tree = LexborHTMLParser(path.read_text(encoding="utf-8"))
    for node in tree.css("script, noscript, .letter-version-notice"):
        node.decompose()
    built_at, address = moved
    for node, attribute in [*((node, "content") for node in tree.css("meta[content]") if _ADDRESS_META.fullmatch(
                                node.attributes.get("name") or node.attributes.get("property") or "")),
                            *((node, "href") for node in tree.css("link[href]"))]:  # fmt: skip
        value = node.attributes.get(attribute) or ""
        if built_at and _moves(value, built_at, address):
            node.attrs[attribute] = address + value.removeprefix(built_at)
    if page is not None:  # where it says it is: where it is now, not where an earlier build put it
        here = page.removesuffix("index.html")
        for node in tree.css('link[rel="canonical"]'):
            node.attrs["href"] = here
        for node in tree.css('meta[property="og:url"]'):
            node.attrs["content"] = here
    for node in tree.css("link"):
        if _PRELOADS.search(node.attributes.get("rel") or ""):
            node.decompose()
    return (tree.html or "").encode("utf-8")


def _problems(path: Path, page: str, site_url: str, where: str) -> list[str]:
    own = urlsplit(site_url).netloc
    if path.suffix.lower() == ".css":
        text = path.read_text(encoding="utf-8", errors="replace")
        return [f"a style sheet that loads from another host ({address[:60]})" for address in css.addresses(text)
                if urlsplit(urljoin(page, address)).netloc not in ("", own)]  # fmt: skip
    if path.suffix.lower() == ".svg":  # a picture that could hold script, or load from elsewhere, if opened
        drawing = check_svg(where, path.read_text(encoding="utf-8"))  # read as XML: only what a drawing needs
        return [f"line {problem.line}: {problem.message}" for problem in drawing]
    if path.suffix.lower() != ".html":
        return []
    html = _archived(path).decode("utf-8")
    found = list(safety.page_problems(html, page, site_url))
    tree = LexborHTMLParser(html)
    for name in _NOT_IN_ARCHIVE:
        if tree.css_first(name) is not None:
            found.append(f"<{name}>, which a kept page may not hold")
    for node in tree.css("form"):
        action = node.attributes.get("action") or ""
        if urlsplit(urljoin(page, action)).netloc not in ("", own):
            found.append(f"<form action={action[:60]!r}>, which would send what a reader types to another host")
    for node in tree.css("*"):
        for attribute, value in node.attributes.items():
            if attribute.lower() == "srcdoc":
                found.append(f"<{node.tag} srcdoc=…>, a page within the page")
            elif re.sub(r"[\x00-\x20]", "", value or "").lower().startswith("data:") and node.tag != "img":
                found.append(f"<{node.tag} {attribute}=data:…>, an address that holds what it loads")
    return sorted(set(found))
