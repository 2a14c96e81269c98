"""The addresses and settings a build takes from its environment, checked before anything is built.

``SITE_URL`` goes into canonical links, sharing tags, the PDF and the citation
files; ``REPO_URL`` into every edit link; ``SOURCE_DATE_EPOCH`` into the
build's dates.  Each comes from a deployment's settings rather than from the
sources, and each must be refused with a clear message when it is not what
it claims to be -- before a ``"><script>`` in an address reaches a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# An absolute http(s) address with a host and a path, and nothing that could end an HTML
# attribute, a BibTeX field or a line: no quotes, angle brackets, braces, backslashes, spaces
# or controls.  A site's or a repository's address has no query and no fragment.
_ADDRESS = re.compile(r"https?://[^\s/?#@\\\"'<>`{}|^]+(?:/[^\s?#\\\"'<>`{}|^]*)?")
# gzip (sitemap.xml.gz) stores the build's time in 32 bits: 2106-02-07 at the latest.
LATEST_EPOCH = 2**32 - 1


def address_problem(name: str, value: str) -> str | None:
    """Why ``value`` is not usable as the ``name`` address, or ``None`` if it is."""
    if _ADDRESS.fullmatch(value) and urlsplit(value).hostname:
        return None
    return (
        f"{name} must be an absolute web address starting with https:// (or http://), with no spaces, "
        f"quotes, brackets, query or fragment, e.g. https://example.org/letter/ (got {value!r})"
    )


def source_date_epoch_problem(value: str | None) -> str | None:
    """Why ``SOURCE_DATE_EPOCH`` cannot date a build, or ``None`` if it can (or is unset)."""
    if value is None or (re.fullmatch(r"[0-9]{1,10}", value.strip()) and int(value) <= LATEST_EPOCH):
        return None
    return (
        f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01, at most {LATEST_EPOCH}, such as "
        "the last commit's "
        f"(SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)); unset it to use the current time (got {value!r})"
    )


@dataclass(frozen=True)
class Repository:
    """Where the sources can be edited: a GitHub (or GitLab, …) repository.

    ``edit_uri`` and ``view_uri`` are relative to ``url``, as MkDocs' own
    ``edit_uri`` is: ``edit/main/`` opens a file in the web editor, and
    ``blob/main/`` shows it, where ``#L12`` marks line 12.
    """

    url: str
    edit_uri: str = "edit/main/"
    view_uri: str = "blob/main/"

    def _join(self, uri: str, path: str) -> str:
        return f"{self.url.rstrip('/')}/{uri.strip('/')}/{path.lstrip('/')}"

    def edit(self, path: str) -> str:
        """The address that opens ``path`` in the repository's web editor."""
        return self._join(self.edit_uri, path)

    def line(self, path: str, line: int) -> str:
        """The address that shows ``path`` at ``line``."""
        return f"{self._join(self.view_uri, path)}#L{line}"

    @property
    def host(self) -> str:
        """The repository's host as people call it: GitHub, GitLab, or its domain."""
        hostname = urlsplit(self.url).hostname or ""
        known = {"github.com": "GitHub", "gitlab.com": "GitLab", "codeberg.org": "Codeberg"}
        return known.get(hostname.removeprefix("www."), hostname)
