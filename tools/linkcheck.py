"""``make linkcheck``: fetch every external address the sources link to, and say which are dead or redirected.

Not part of ``make test``: it needs the network, which CI does not have (its logic is tested offline, against a
local server, in ``tests/test_linkcheck.py``).

Where the addresses come from:

- ``footnotes.yaml`` and ``signatories.yaml``: every ``url:`` value (found in PyYAML's node tree, so an address
  in a ``#`` comment is not checked);
- ``letter/*.md`` and ``docs/*.md``: ``[text](https://…)`` links and images, ``[name]: https://…`` reference
  definitions, ``<https://…>`` autolinks, and ``href="https://…"`` / ``src="https://…"`` in raw HTML; not those
  in code (code spans, fenced or indented blocks), HTML comments or front matter.

Each distinct address is fetched once, with a browser's User-Agent: HEAD first, then GET when the server answers
HEAD with an error (many answer 403, 404, 405 or 501 to HEAD alone). Redirects are not followed: a 3xx is reported
with its Location. One retry after a timeout or a reset connection.

Prints ``path:line:column: url: what (how to fix)`` for every place of every failing address, sorted, then
``N links checked, M problems`` (N distinct addresses, M places). Exit status 0 if every link answers 2xx,
1 if any does not, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import bisect
import html
import http.client
import re
import socket
import ssl
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,application/pdf,*/*;q=0.8",
    "Accept-Language": "en-US,en;q=0.9",
}
YAML_FILES = ("footnotes.yaml", "signatories.yaml")
MARKDOWN_GLOBS = ("letter/*.md", "docs/*.md")
REQUIRED = ("footnotes.yaml", "signatories.yaml", "letter/")
DEFAULT_TIMEOUT = 10.0
DEFAULT_WORKERS = 8

FIX_REDIRECT = "update the address in the source to the final one"
# Hosts whose addresses are permanent links that redirect by design: https://undocs.org/A/77/522 goes
# to the UN's document system, wherever that is this year, and is the address to keep in the sources.
PERMALINK_HOSTS = frozenset({"undocs.org"})
MAX_PERMALINK_HOPS = 5
FIX_GONE = "find the document's current address, or an archived copy, and update the source"
FIX_REFUSED = "open it in a browser: the server may refuse scripts; if it is gone, update the source"
FIX_SERVER = "the server failed: try again later; if it keeps failing, find the document's current address"
FIX_UNREACHABLE = "check the address, and the network; try again later"


@dataclass(frozen=True, order=True)
class Link:
    """An external address, where it is written: ``path`` relative to the root, 1-based ``line`` and ``column``."""

    path: str
    line: int
    column: int
    url: str


@dataclass(frozen=True)
class Result:
    """What fetching an address gave: ``problem`` is None when it answered 2xx."""

    status: int | None
    problem: str | None = None
    fix: str = ""
    location: str | None = None  # where a redirect leads

    @property
    def ok(self) -> bool:
        return self.problem is None


class UsageError(Exception):
    """The command cannot run as given (exit status 2)."""


# --- Collecting -------------------------------------------------------------------------------------------------

URL_SCHEME = re.compile(r"https?://", re.IGNORECASE)


def yaml_links(text: str) -> list[tuple[int, int, str]]:
    """``(line, column, url)`` of every http(s) ``url:`` value in a YAML document; comments are not values.

    Raises ``yaml.YAMLError`` if the text is not YAML.
    """
    lines = text.split("\n")
    found = []
    for document in yaml.compose_all(text):
        stack = [document] if document is not None else []
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if (
                        isinstance(key, yaml.ScalarNode)
                        and key.value == "url"
                        and isinstance(value, yaml.ScalarNode)
                        and URL_SCHEME.match(value.value)
                    ):
                        found.append((*_value_place(lines, value), value.value))
                    stack.append(value)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
    return sorted(set(found))  # a node reached twice, through an alias, is one place


def _value_place(lines: Sequence[str], node: yaml.ScalarNode) -> tuple[int, int]:
    """The 1-based line and column of a scalar's first character (after its quote, if quoted)."""
    mark = node.start_mark
    line, column = mark.line, mark.column
    text = lines[line] if line < len(lines) else ""
    if node.style in ("'", '"') and text[column : column + 1] == node.style:
        column += 1
    return line + 1, column + 1


# Parenthesised runs are allowed inside an address, as in https://en.wikipedia.org/wiki/Foo_(bar).
_BARE = r"https?://(?:[^\s()<>]|\([^\s()<>]*\))+"
MARKDOWN_LINK = re.compile(
    r"\]\(\s*(?:<(?P<angled>https?://[^<>\n]+)>|(?P<inline>" + _BARE + "))"
    r"|^ {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*<?(?P<reference>https?://[^\s<>]+)"
    r"|<(?P<autolink>https?://[^\s<>]+)>"
    r"""|\b(?:href|src)\s*=\s*(?:"(?P<double>https?://[^"]*)"|'(?P<single>https?://[^']*)')""",
    re.IGNORECASE | re.MULTILINE,
)
# Code spans (a run of backticks to the same run, within a paragraph) and HTML comments, whichever starts first.
INLINE_HIDDEN = re.compile(
    r"<!--.*?(?:-->|\Z)|(?<![\\`])(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)",
    re.DOTALL,
)
FENCE = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})")
LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d+[.)])[ \t]")


def markdown_links(text: str) -> list[tuple[int, int, str]]:
    """``(line, column, url)`` of every external link of a Markdown page, outside code, comments and front matter."""
    visible = _hide_inline(_hide_blocks(text))
    starts = [0, *(index + 1 for index, character in enumerate(visible) if character == "\n")]
    found = []
    for match in MARKDOWN_LINK.finditer(visible):
        group = match.lastgroup
        assert group is not None
        url = match.group(group)
        if group in ("double", "single"):
            url = html.unescape(url)
        offset = match.start(group)
        line = bisect.bisect_right(starts, offset)
        found.append((line, offset - starts[line - 1] + 1, url))
    return found


def _hide_blocks(text: str) -> str:
    """The text with its front matter, fenced code and indented code blanked (every line kept, so places hold)."""
    lines = text.split("\n")
    hidden = [False] * len(lines)
    index = 0
    if lines and lines[0].rstrip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
        if end is not None:
            hidden[: end + 1] = [True] * (end + 1)
            index = end + 1
    fence = ""
    previous_blank = True
    in_list = False
    in_indented_code = False
    while index < len(lines):
        line = lines[index]
        blank = not line.strip()
        if fence:
            hidden[index] = True
            if re.fullmatch(rf" {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*", line):
                fence = ""
        elif (opening := FENCE.match(line)) and not (opening["fence"][0] == "`" and "`" in line[opening.end() :]):
            fence = opening["fence"]
            hidden[index] = True
            in_indented_code = False
        elif not blank and (line.startswith(("    ", "\t")) and (in_indented_code or (previous_blank and not in_list))):
            hidden[index] = in_indented_code = True
        elif not blank:
            in_indented_code = False
            if not line.startswith((" ", "\t")):
                in_list = bool(LIST_ITEM.match(line))
            elif LIST_ITEM.match(line):
                in_list = True
        previous_blank = blank
        index += 1
    return "\n".join(" " * len(line) if hide else line for line, hide in zip(lines, hidden, strict=True))


def _hide_inline(text: str) -> str:
    """The text with its code spans and HTML comments blanked, newlines kept."""
    return INLINE_HIDDEN.sub(lambda match: re.sub(r"[^\n]", " ", match.group()), text)


def collect_links(root: Path) -> list[Link]:
    """Every external link of the sources under ``root``, sorted by path, line and column.

    Raises ``UsageError`` if ``root`` lacks the sources, or a YAML file is not YAML.
    """
    if not root.is_dir():
        raise UsageError(f"{root}: no such folder (give --root the folder with mkdocs.yml)")
    missing = [name for name in REQUIRED if not (root / name).exists()]
    if missing:
        raise UsageError(
            f"{root}: no {', '.join(missing)} there; give --root the folder with footnotes.yaml, signatories.yaml "
            "and letter/ (the one with mkdocs.yml)"
        )
    links = []
    for name in YAML_FILES:
        try:
            places = yaml_links(_read(root / name))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
            raise UsageError(f"{where}: not valid YAML, so its links cannot be read (run make check)") from error
        links += [Link(name, line, column, url) for line, column, url in places]
    for pattern in MARKDOWN_GLOBS:
        for path in sorted(root.glob(pattern)):
            name = path.relative_to(root).as_posix()
            links += [Link(name, line, column, url) for line, column, url in markdown_links(_read(path))]
    return sorted(links)


def _read(path: Path) -> str:
    # newline="" would keep "\r"; the default turns "\r\n" into "\n", so lines are counted as editors count them.
    return path.read_text(encoding="utf-8-sig", errors="replace")


# --- Checking ---------------------------------------------------------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Leaves a 3xx to the caller, as an HTTPError, instead of following it."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def _ascii_url(url: str) -> str:
    """The address as HTTP sends it: an IDNA host name, the rest percent-encoded where it is not ASCII."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    try:
        host.encode("ascii")
    except UnicodeEncodeError:
        netloc = parts.netloc.replace(host, host.encode("idna").decode("ascii"))
        parts = parts._replace(netloc=netloc)
    safe = "/%:@!$&'()*+,;=?#~[]"
    return urllib.parse.urlunsplit(
        parts._replace(
            path=urllib.parse.quote(parts.path, safe=safe),
            query=urllib.parse.quote(parts.query, safe=safe),
            fragment="",
        )
    )


def _request(url: str, method: str, timeout: float) -> tuple[int, str, str | None]:
    """``(status, reason, Location)`` of one request; raises OSError, ``http.client.HTTPException`` or ValueError."""
    request = urllib.request.Request(url, method=method, headers=HEADERS)
    try:
        with _OPENER.open(request, timeout=timeout) as response:  # the body is not read
            return response.status, response.reason, None
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.reason, error.headers.get("Location")


def _why(error: BaseException, timeout: float) -> str:
    """Why no answer came, in a few words."""
    if isinstance(error, urllib.error.URLError) and isinstance(error.reason, BaseException):
        error = error.reason
    if isinstance(error, TimeoutError):
        return f"timed out after {timeout:g} s"
    if isinstance(error, socket.gaierror):
        return f"host name lookup failed: {error.strerror}"
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"its certificate is not valid: {error.verify_message}"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, ConnectionResetError):
        return "connection reset"
    if isinstance(error, ValueError):
        return f"not a valid address: {error}"
    return str(error) or type(error).__name__


def _retryable(error: BaseException) -> bool:
    if isinstance(error, urllib.error.URLError) and isinstance(error.reason, BaseException):
        error = error.reason
    return isinstance(error, TimeoutError | ConnectionResetError)


def fetch(url: str, timeout: float = DEFAULT_TIMEOUT, permalinks: frozenset[str] = PERMALINK_HOSTS) -> Result:
    """Fetch one address (HEAD, then GET if HEAD gets an error), without following redirects.

    A permanent link's redirect is followed instead: what matters is whether it still leads somewhere.
    """
    result = _fetch(url, timeout)
    hops = 0
    while (
        result.location is not None
        and (urllib.parse.urlsplit(url).hostname or "") in permalinks
        and hops < MAX_PERMALINK_HOPS
    ):
        hops += 1
        target = _fetch(result.location, timeout)
        if target.location is None:
            if target.ok:
                return Result(target.status)
            return Result(
                target.status, f"{target.problem}, where the permanent link leads ({result.location})", target.fix
            )
        result = Result(target.status, target.problem, target.fix, target.location)
    return result


def _fetch(url: str, timeout: float) -> Result:
    try:
        address = _ascii_url(url)
    except (ValueError, UnicodeError) as error:
        return Result(None, f"unreachable: not a valid address: {error}", FIX_UNREACHABLE)
    answer = None
    for method in ("HEAD", "GET"):
        for attempt in range(2):
            try:
                answer = _request(address, method, timeout)
                break
            except (OSError, http.client.HTTPException, ValueError) as error:
                if attempt == 0 and _retryable(error):
                    continue
                if answer is None:
                    return Result(None, f"unreachable: {_why(error, timeout)}", FIX_UNREACHABLE)
                break  # GET failed where HEAD answered: keep HEAD's answer
        if answer is not None and answer[0] < 400:
            break
    assert answer is not None
    status, reason, location = answer
    if 200 <= status < 300:
        return Result(status)
    if 300 <= status < 400:
        if location:
            target = urllib.parse.urljoin(url, location)
            return Result(status, f"redirected ({status}) to {target}", FIX_REDIRECT, target)
        return Result(status, f"redirected ({status}) without saying where", FIX_GONE)
    what = f"dead: HTTP {status} {reason}".rstrip()
    if status in (401, 403, 429):
        return Result(status, what, FIX_REFUSED)
    if status >= 500:
        return Result(status, what, FIX_SERVER)
    if status >= 400:
        return Result(status, what, FIX_GONE)
    return Result(status, f"unexpected answer: HTTP {status} {reason}".rstrip(), FIX_UNREACHABLE)


def check(
    urls: Iterable[str],
    timeout: float = DEFAULT_TIMEOUT,
    workers: int = DEFAULT_WORKERS,
    permalinks: frozenset[str] = PERMALINK_HOSTS,
) -> dict[str, Result]:
    """Fetch each distinct address once, ``workers`` at a time."""
    distinct = list(dict.fromkeys(urls))
    if not distinct:
        return {}
    with ThreadPoolExecutor(max_workers=min(workers, len(distinct))) as pool:
        return dict(zip(distinct, pool.map(lambda url: fetch(url, timeout, permalinks), distinct), strict=True))


# --- Reporting --------------------------------------------------------------------------------------------------


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def report(links: Sequence[Link], results: Mapping[str, Result]) -> list[str]:
    """One line per place of a failing address, sorted by path, line and column, then the summary line."""
    lines = [
        f"{link.path}:{link.line}:{link.column}: {link.url}: {result.problem} ({result.fix})"
        for link in sorted(links)
        if not (result := results[link.url]).ok
    ]
    checked = len({link.url for link in links})
    return [*lines, f"{_plural(checked, 'link')} checked, {_plural(len(lines), 'problem')}"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="linkcheck", description="Check every external link of the sources live: dead or redirected links."
    )
    parser.add_argument("--root", type=Path, default=Path(), help="the folder with the sources (default: .)")
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT, help=f"seconds per request (default: {DEFAULT_TIMEOUT:g})"
    )
    parser.add_argument(
        "--workers", type=int, default=DEFAULT_WORKERS, help=f"requests at a time (default: {DEFAULT_WORKERS})"
    )
    arguments = parser.parse_args(argv)
    if not arguments.timeout > 0:
        parser.error("--timeout must be a number of seconds above 0")
    if arguments.workers < 1:
        parser.error("--workers must be 1 or more")
    try:
        links = collect_links(arguments.root)
    except UsageError as error:
        print(f"linkcheck: {error}", file=sys.stderr)
        return 2
    results = check((link.url for link in links), arguments.timeout, arguments.workers)
    print("\n".join(report(links, results)))
    return 0 if all(result.ok for result in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
