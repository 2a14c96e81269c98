"""tools/linkcheck.py (``make linkcheck``), offline: its links come from a fake source tree, its answers from a local
HTTP server, and the real repository is only read, never fetched."""

from __future__ import annotations

import importlib.util
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
_SPEC = importlib.util.spec_from_file_location("linkcheck", ROOT / "tools" / "linkcheck.py")
assert _SPEC is not None and _SPEC.loader is not None
linkcheck = importlib.util.module_from_spec(_SPEC)
sys.modules["linkcheck"] = linkcheck  # dataclasses look their module up there
_SPEC.loader.exec_module(linkcheck)
Link = linkcheck.Link

# check's results, the requests the server got for them (method, path), and the User-Agents they came with
Checked = tuple[dict[str, "linkcheck.Result"], Counter[tuple[str, str]], set[str]]
TIMEOUT = 2.0  # the slow path answers only when the test is over: two attempts, 4 s. Every other path answers at
# once, but a loaded 2-core machine (CI) has kept a local answer waiting over 0.3 s: the margin is for that


@dataclass
class Server:
    base: str  # http://127.0.0.1:PORT
    requests: list[tuple[str, str, str]]  # (method, path, User-Agent), in the order they came


class Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_HEAD(self) -> None:
        self.answer()

    def do_GET(self) -> None:
        self.answer()

    def answer(self) -> None:
        self.server.requests.append((self.command, self.path, self.headers.get("User-Agent", "")))
        if self.path == "/slow":
            self.server.over.wait(10)
            return  # no answer at all: the client has long given up
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/permalink-to-gone":
            self.send_response(302)
            self.send_header("Location", "/gone")
        elif self.path == "/gone":
            self.send_response(404)
        elif self.path == "/broken":
            self.send_response(500)
        elif self.path == "/head-refused" and self.command == "HEAD":
            self.send_response(405)
        else:
            self.send_response(200)
        body = b"" if self.command == "HEAD" else b"a page\n"
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[tuple[str, str, str]] = []
        self.over = threading.Event()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    httpd = _Server()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{httpd.server_address[1]}", httpd.requests)
    finally:
        httpd.over.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def write_tree(root: Path, base: str) -> Path:
    """A source tree whose links point at the local server; only the places the tests name are links."""
    (root / "letter").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "footnotes.yaml").write_text(
        f"# What the letter cites. Each url: is a web address, such as {base}/in-comment\n"
        "sources:\n"
        "  fine:\n"
        "    title: Fine\n"
        f"    url: {base}/ok\n"
        "  moved:\n"
        "    title: Moved\n"
        f'    url: "{base}/moved"\n'
        "  gone:\n"
        "    title: Gone\n"
        f"    url: {base}/gone  # {base}/in-comment\n"
        f"  # url: {base}/in-comment\n"
        "notes:\n"
        "  first:\n"
        "    cites:\n"
        "      - source: fine\n",
        encoding="utf-8",
    )
    (root / "signatories.yaml").write_text(
        f"# url: the signatory's own website, such as {base}/in-comment\n"
        "as_of: 2023-08-11\n"
        "signatories:\n"
        "  - name: First\n"
        "    kind: organization\n"
        f"    url: {base}/ok\n"
        "  - name: Second\n"
        "    kind: organization\n"
        f"    url: {base}/broken\n",
        encoding="utf-8",
    )
    (root / "letter" / "00-x.md").write_text(
        "---\n"
        f"anchor: opening {base}/in-front-matter\n"
        "---\n"
        "\n"
        f"The letter cites [a page]({base}/head-refused).\n"
        f"Written as code: `[a page]({base}/in-code)`, not a link.\n"
        f"<!-- [hidden]({base}/in-comment) -->\n"
        "\n"
        f"    [indented]({base}/in-code)\n"
        "\n"
        "```\n"
        f"[fenced]({base}/in-code)\n"
        "```\n",
        encoding="utf-8",
    )
    (root / "docs" / "about.md").write_text(
        f'# About\n\nAlso at <{base}/ok>.\n<a href="{base}/slow">slow</a>\n[ref]: {base}/gone\n',
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="module")
def tree(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tree(tmp_path_factory.mktemp("sources"), server.base)


def test_collect_links_finds_each_place_and_only_links(tree: Path, server: Server) -> None:
    base = server.base
    assert linkcheck.collect_links(tree) == [
        Link("docs/about.md", 3, 10, f"{base}/ok"),
        Link("docs/about.md", 4, 10, f"{base}/slow"),
        Link("docs/about.md", 5, 8, f"{base}/gone"),
        Link("footnotes.yaml", 5, 10, f"{base}/ok"),
        Link("footnotes.yaml", 8, 11, f"{base}/moved"),
        Link("footnotes.yaml", 11, 10, f"{base}/gone"),
        Link("letter/00-x.md", 5, 27, f"{base}/head-refused"),
        Link("signatories.yaml", 6, 10, f"{base}/ok"),
        Link("signatories.yaml", 9, 10, f"{base}/broken"),
    ]


@pytest.fixture(scope="module")
def checked(tree: Path, server: Server) -> Checked:
    """``check`` of the tree's links: its results, the requests the server got for them, and their User-Agents."""
    server.requests.clear()
    results = linkcheck.check((link.url for link in linkcheck.collect_links(tree)), timeout=TIMEOUT, workers=4)
    requests = Counter((method, path) for method, path, _ in server.requests)
    return results, requests, {agent for _, _, agent in server.requests}


@pytest.mark.parametrize(
    ("path", "status", "problem", "requests"),
    [
        ("/ok", 200, None, {"HEAD": 1}),
        ("/moved", 301, "redirected (301) to {base}/ok", {"HEAD": 1}),
        ("/gone", 404, "dead: HTTP 404 Not Found", {"HEAD": 1, "GET": 1}),
        ("/broken", 500, "dead: HTTP 500 Internal Server Error", {"HEAD": 1, "GET": 1}),
        ("/head-refused", 200, None, {"HEAD": 1, "GET": 1}),
        ("/slow", None, f"unreachable: timed out after {TIMEOUT:g} s", {"HEAD": 2}),
    ],
)
def test_check_fetches_each_address_once_head_first(
    checked: Checked,
    server: Server,
    path: str,
    status: int | None,
    problem: str | None,
    requests: dict[str, int],
) -> None:
    results, got, _ = checked
    result = results[server.base + path]
    assert (result.status, result.problem) == (status, problem and problem.format(base=server.base))
    assert {method: count for (method, asked), count in got.items() if asked == path} == requests


def test_check_asks_as_a_browser_and_only_for_links(
    checked: Checked,
) -> None:
    results, got, agents = checked
    assert len(results) == 6
    assert {path for _, path in got} == {"/ok", "/moved", "/gone", "/broken", "/head-refused", "/slow"}
    assert agents == {linkcheck.USER_AGENT}
    assert linkcheck.USER_AGENT.startswith("Mozilla/5.0 ")


def test_main_reports_every_place_of_every_problem(
    tree: Path, server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    base = server.base
    assert linkcheck.main(["--root", str(tree), "--timeout", str(TIMEOUT), "--workers", "3"]) == 1
    out, err = capsys.readouterr()
    gone = "dead: HTTP 404 Not Found (find the document's current address, or an archived copy, and update the source)"
    assert out.splitlines() == [
        f"docs/about.md:4:10: {base}/slow: unreachable: timed out after {TIMEOUT:g} s "
        "(check the address, and the network; try again later)",
        f"docs/about.md:5:8: {base}/gone: {gone}",
        f"footnotes.yaml:8:11: {base}/moved: redirected (301) to {base}/ok "
        "(update the address in the source to the final one)",
        f"footnotes.yaml:11:10: {base}/gone: {gone}",
        f"signatories.yaml:9:10: {base}/broken: dead: HTTP 500 Internal Server Error "
        "(the server failed: try again later; if it keeps failing, find the document's current address)",
        "6 links checked, 5 problems",
    ]
    assert err == ""


def test_report_sorts_by_path_then_line_and_counts_distinct_links() -> None:
    dead = linkcheck.Result(404, "dead: HTTP 404 Not Found", "fix it")
    links = [
        Link("letter/01-b.md", 2, 1, "https://dead.example"),
        Link("footnotes.yaml", 10, 10, "https://dead.example"),
        Link("footnotes.yaml", 9, 10, "https://fine.example"),
        Link("footnotes.yaml", 3, 10, "https://dead.example"),
    ]
    results = {"https://dead.example": dead, "https://fine.example": linkcheck.Result(200)}
    assert linkcheck.report(links, results) == [
        "footnotes.yaml:3:10: https://dead.example: dead: HTTP 404 Not Found (fix it)",
        "footnotes.yaml:10:10: https://dead.example: dead: HTTP 404 Not Found (fix it)",
        "letter/01-b.md:2:1: https://dead.example: dead: HTTP 404 Not Found (fix it)",
        "2 links checked, 3 problems",
    ]


def test_main_exits_0_when_every_link_answers(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "letter").mkdir()
    (tmp_path / "footnotes.yaml").write_text(f"sources:\n  a:\n    url: {server.base}/ok\n", encoding="utf-8")
    (tmp_path / "signatories.yaml").write_text("signatories: []\n", encoding="utf-8")
    assert linkcheck.main(["--root", str(tmp_path), "--timeout", "5"]) == 0
    assert capsys.readouterr().out == "1 link checked, 0 problems\n"


def no_folder(root: Path) -> Path:
    return root / "nowhere"


def no_sources(root: Path) -> Path:
    return root


def bad_yaml(root: Path) -> Path:
    write_tree(root, "http://127.0.0.1:9")
    (root / "footnotes.yaml").write_text("sources:\n  a: [\n", encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (no_folder, "{root}/nowhere: no such folder"),
        (no_sources, "{root}: no footnotes.yaml, signatories.yaml, letter/ there"),
        (bad_yaml, "footnotes.yaml:3:1: not valid YAML"),
    ],
)
def test_main_usage_errors_exit_2_with_one_line(
    make: Callable[[Path], Path], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make(tmp_path)
    assert linkcheck.main(["--root", str(root)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"linkcheck: {message.format(root=tmp_path)}")
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("text", "links"),
    [
        (
            "[a](https://a.example/x_(y)) [b](<https://b.example/a b>)",
            [(1, 5, "https://a.example/x_(y)"), (1, 35, "https://b.example/a b")],
        ),
        ('![image](https://i.example/i.png "Title")', [(1, 10, "https://i.example/i.png")]),
        ("Also <https://auto.example/?q=1&r=2>.", [(1, 7, "https://auto.example/?q=1&r=2")]),
        ("<a href='https://h.example/?a=1&amp;b=2'>x</a>", [(1, 10, "https://h.example/?a=1&b=2")]),
        ('<A HREF="HTTP://UPPER.example">x</A>', [(1, 10, "HTTP://UPPER.example")]),
        ('[name]: https://ref.example "Title"\n[^note]: https://note.example', [(1, 9, "https://ref.example")]),
        ('[local](index.md) [mail](mailto:a@b.example) <a href="#p12">', []),
        ("`[c](https://c.example)` ``[d](https://d.example) ` ``", []),
        ("a `code\n[c](https://c.example)` b", []),
        (
            "<!-- [c](https://c.example)\n[d](https://d.example) -->\n[e](https://e.example)",
            [(3, 5, "https://e.example")],
        ),
        ("```md\n[c](https://c.example)\n```\n[e](https://e.example)", [(4, 5, "https://e.example")]),
        ("~~~~\n[c](https://c.example)\n~~~\n~~~~\n[e](https://e.example)", [(5, 5, "https://e.example")]),
        (
            "Text\n\n    [c](https://c.example)\n\n    [d](https://d.example)\nText [e](https://e.example)",
            [(6, 10, "https://e.example")],
        ),
        ("- item\n\n    [e](https://e.example)", [(3, 9, "https://e.example")]),
        ("---\ntitle: <https://c.example>\n---\n<https://e.example>", [(4, 2, "https://e.example")]),
    ],
    ids=[
        "inline, parentheses and angle brackets",
        "image with a title",
        "autolink",
        "href, entity decoded",
        "upper case",
        "reference definition, not a footnote",
        "not external",
        "code spans",
        "code span over two lines",
        "HTML comment",
        "fenced code",
        "tilde fence closed only by a long enough fence",
        "indented code",
        "indented in a list is not code",
        "front matter",
    ],
)
def test_markdown_links(text: str, links: list[tuple[int, int, str]]) -> None:
    assert linkcheck.markdown_links(text) == links


@pytest.mark.parametrize(
    ("text", "links"),
    [
        (
            "# url: https://c.example\na:\n  url: https://a.example  # https://d.example\n",
            [(3, 8, "https://a.example")],
        ),
        (
            "a:\n  url: 'https://a.example'\n  b: [{url: \"https://b.example\"}]\n",
            [(2, 9, "https://a.example"), (3, 14, "https://b.example")],
        ),
        (
            "- url: https://a.example\n- link: https://b.example\n- url: mailto:c@example.org\n- url: [https://d.example]\n",
            [(1, 8, "https://a.example")],
        ),
    ],
    ids=["comments are not values", "quoted values", "only url: scalars that are http(s)"],
)
def test_yaml_links(text: str, links: list[tuple[int, int, str]]) -> None:
    assert linkcheck.yaml_links(text) == links


def test_collect_links_finds_every_source_of_the_real_footnotes() -> None:
    text = (ROOT / "footnotes.yaml").read_text(encoding="utf-8")
    expected = sorted(source["url"] for source in yaml.safe_load(text)["sources"].values() if "url" in source)
    assert expected, "footnotes.yaml has no url: to compare with"
    found = [link for link in linkcheck.collect_links(ROOT) if link.path == "footnotes.yaml"]
    assert sorted(link.url for link in found) == expected
    lines = text.split("\n")
    for link in found:
        assert lines[link.line - 1][link.column - 1 :].startswith(link.url), link


@pytest.mark.parametrize(
    ("path", "status", "problem"),
    [
        ("/moved", 200, None),
        ("/permalink-to-gone", 404, "dead: HTTP 404 Not Found, where the permanent link leads ({base}/gone)"),
    ],
)
def test_a_permanent_links_redirect_is_followed_to_where_it_leads(
    server: Server, path: str, status: int, problem: str | None
) -> None:
    """undocs.org redirects by design; only a dead end is a problem. Here 127.0.0.1 stands for undocs.org."""
    result = linkcheck.fetch(server.base + path, TIMEOUT, permalinks=frozenset({"127.0.0.1"}))
    assert (result.status, result.problem) == (status, problem and problem.format(base=server.base))
    assert "undocs.org" in linkcheck.PERMALINK_HOSTS
