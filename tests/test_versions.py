"""The letter's record (issue 17, first part): releases read from git tags, and what changed between them.

A temporary repository of the letter with three releases, as the issue has them:
v1.0 as sent; v1.1 with three signatories added and a link mended; v2.0 with a
paragraph reworded and a note added; then changes not yet released.
"""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import ClassVar

import pytest

from letter_site import Letter, SourcePaths, load_letter
from letter_site.history.changes import summary
from letter_site.history.record import VersionInvalid, record
from letter_site.history.report import report
from projects import copy_sources

GIT = ["git", "-c", "user.name=Coalition", "-c", "user.email=letters@example.org", "-c", "tag.gpgSign=false"]
NEW_SIGNATORIES = (
    "  - name: Border Watch\n    kind: organization\n\n"
    "  - name: Harbour of Hope\n    kind: organization\n\n"
    "  - name: Lantern Legal Aid\n    acronym: LLA\n    kind: organization\n"
)
OLD_URL = "    url: https://undocs.org/A/HRC/RES/25/25\n"
NEW_URL = "    url: https://documents.un.org/doc/undoc/gen/g14/131/73/pdf/g1413173.pdf\n"
OLD_WORDS = "It is still not too late for OHCHR"
NEW_WORDS = "It is not yet too late for OHCHR"
NEW_NOTE = "\n  sr-2022-ga-para-5:\n    cites:\n      - source: sr-2022-ga\n        pinpoint: para. 5\n"


def git(root: Path, *args: str, when: str = "2023-08-11T12:00:00+00:00") -> None:
    env = {**os.environ, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when}
    subprocess.run([*GIT, *args], cwd=root, check=True, capture_output=True, env=env)


def change(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def release(root: Path, tag: str, note: str, when: str) -> None:
    git(root, "add", "-A", when=when)
    git(root, "commit", "-q", "-m", note, when=when)
    git(root, "tag", "-a", tag, "-m", note, when=when)


def make_history(root: Path) -> Path:
    """The letter's repository with three releases and a change not yet released (the issue's story)."""
    copy_sources(root)
    (root / ".gitignore").write_text(".cache/\n", encoding="utf-8")  # as a letter's repository has it
    git(root, "init", "-q", "-b", "main")
    release(root, "v1.0", "The letter as sent", "2023-08-11T12:00:00+00:00")
    change(root, "signatories.yaml", "  - name: THINK\n", NEW_SIGNATORIES + "\n  - name: THINK\n")
    change(root, "footnotes.yaml", OLD_URL, NEW_URL)
    release(root, "v1.1", "Three more organizations sign; a link mended", "2023-09-01T12:00:00+00:00")
    change(root, "letter/05-way-forward.md", OLD_WORDS, NEW_WORDS)
    sentence = "only in the final minutes of her term on 31 August 2022."
    change(root, "letter/05-way-forward.md", sentence, sentence + "[^sr-2022-ga-para-5]")
    change(root, "footnotes.yaml", "\n  xinjiang-assessment:\n", NEW_NOTE + "\n  xinjiang-assessment:\n")
    release(root, "v2.0", "A paragraph reworded and a note added", "2023-10-02T12:00:00+00:00")
    quiet = "  - name: Quiet River Association\n    kind: organization\n\n"
    change(root, "signatories.yaml", "  - name: THINK\n", quiet + "  - name: THINK\n")
    return root


def with_refused_release(root: Path, note: str = "An old release") -> Path:
    """The letter's repository with one release, v0.9, whose sources today's checks refuse (a field since
    renamed: ``symbl``), and its sources mended since."""
    copy_sources(root)
    git(root, "init", "-q", "-b", "main")
    change(root, "footnotes.yaml", "    symbol: A/77/522\n", "    symbl: A/77/522\n")
    release(root, "v0.9", note, "2023-08-01T12:00:00+00:00")
    change(root, "footnotes.yaml", "    symbl: A/77/522\n", "    symbol: A/77/522\n")
    return root


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_history(tmp_path_factory.mktemp("history") / "letter")


def test_each_release_with_its_date_and_note_then_what_is_not_released(history: Path) -> None:
    versions = record(history)
    assert [(v.release.tag if v.release else None) for v in versions] == ["v1.0", "v1.1", "v2.0", None]
    assert [v.release.note for v in versions if v.release] == [
        "The letter as sent",
        "Three more organizations sign; a link mended",
        "A paragraph reworded and a note added",
    ]
    assert [str(v.release.date.date()) for v in versions if v.release] == ["2023-08-11", "2023-09-01", "2023-10-02"]
    assert versions[0].changes.empty
    assert [s.name for s in versions[3].changes.signed] == ["Quiet River Association"]
    assert summary(versions[3].changes) == "1 organization has signed since"


def test_the_second_release_three_signed_and_a_link_mended(history: Path) -> None:
    changes = record(history)[1].changes
    assert [s.name for s in changes.signed] == ["Border Watch", "Harbour of Hope", "Lantern Legal Aid (LLA)"]
    assert not changes.withdrawn and not changes.paragraphs and not changes.notes
    assert [(c.key, c.field, c.old, c.new) for c in changes.sources] == [
        ("hrc-res-25-25", "url", OLD_URL.split(": ")[1].strip(), NEW_URL.split(": ")[1].strip())
    ]
    assert summary(changes) == "3 organizations have signed since; 1 correction"


def test_the_third_release_a_paragraph_reworded_and_a_note_added(history: Path) -> None:
    changes = record(history)[2].changes
    assert not changes.signed and not changes.sources
    [paragraph] = changes.paragraphs
    assert paragraph.old is not None and paragraph.new is not None
    assert (paragraph.old.number, paragraph.new.number, paragraph.new.part) == (16, 16, "way-forward")
    assert [run for run in paragraph.words if run[0] != "="] == [("-", "still"), ("+", "yet")]
    [note] = changes.notes
    # Note 26 now: the Xinjiang assessment's note, after it, is 27, its text unchanged, so not listed.
    assert (note.key, note.old_number, note.new_number, note.old_text) == ("sr-2022-ga-para-5", None, 26, None)
    assert note.new_text is not None and note.new_text.endswith("A/77/522, para. 5, https://undocs.org/A/77/522")
    assert summary(changes) == "1 correction; 1 note added"


def test_letter_site_versions_prints_the_record(history: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "letter_site", "versions", "--root", str(history)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:3] == [
        "v1.0 — 11 August 2023 — The letter as sent",
        "  the first version",
        "v1.1 — 1 September 2023 — Three more organizations sign; a link mended",
    ]
    assert "  ¶ 16: It is [-still-] not {+yet+} too late for OHCHR" in result.stdout
    assert "Not yet released (on the branch now):\n  since v2.0: 1 organization has signed\n" in result.stdout


def test_a_release_todays_checks_refuse_is_named_with_its_problems(tmp_path: Path) -> None:
    root = with_refused_release(tmp_path / "letter")
    release(root, "v1.0", "The letter as sent", "2023-08-11T12:00:00+00:00")
    with pytest.raises(VersionInvalid) as refused:
        record(root)
    assert refused.value.tag == "v0.9"
    assert "v0.9:footnotes.yaml:" in str(refused.value) and "unknown key 'symbl'" in str(refused.value)


def test_no_git_or_no_tags_is_an_empty_record(tmp_path: Path) -> None:
    root = copy_sources(tmp_path / "letter")
    assert record(root) == ()
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "sources")
    assert record(root) == ()
    assert report(()).startswith("No released version yet")


def test_a_letter_in_a_folder_of_another_repository_has_no_record(tmp_path: Path) -> None:
    """Its releases are its own repository's tags, never those of a repository it happens to sit in."""
    outer = tmp_path / "outer"
    outer.mkdir()
    git(outer, "init", "-q", "-b", "main")
    root = copy_sources(outer / "letter")
    release(outer, "v9.9", "Another project's release", "2023-08-11T12:00:00+00:00")
    assert record(root) == ()


def test_what_each_release_says_is_kept_and_read_back_the_same(history: Path, tmp_path: Path) -> None:
    fresh = record(history, cache=tmp_path)
    assert len(list(tmp_path.glob("said-*.json"))) == 3  # one for each release's tree
    again = record(history, cache=tmp_path)
    assert [v.said for v in again] == [v.said for v in fresh]
    assert [v.changes for v in again] == [v.changes for v in fresh]
    next(tmp_path.glob("said-*.json")).write_text("{damaged", encoding="utf-8")
    assert [v.said for v in record(history, cache=tmp_path)] == [v.said for v in fresh]


def test_a_release_keeping_its_letter_in_another_folder_is_read_where_its_mkdocs_yml_says(tmp_path: Path) -> None:
    from letter_site import SourcePaths, load_letter  # noqa: PLC0415
    from letter_site.engines.versions import read_record  # noqa: PLC0415

    root = copy_sources(tmp_path / "letter")
    (root / "letter").rename(root / "texte")
    change(root, "mkdocs.yml", "  - letter_site.extension:\n", "  - letter_site.extension:\n      letter: texte\n")
    git(root, "init", "-q", "-b", "main")
    release(root, "v1.0", "The letter as sent", "2023-08-11T12:00:00+00:00")
    found = read_record(root, load_letter(SourcePaths(root, letter="texte")))
    assert not isinstance(found, str), found
    assert [v.release.tag for v in found if v.release] == ["v1.0"]
    listed = subprocess.run([sys.executable, "-m", "letter_site", "versions", "--root", str(root)],
                            capture_output=True, text=True, check=False)  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.startswith("v1.0 — 11 August 2023 — The letter as sent\n")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", {}),
        ("# nothing kept yet\n", {}),
        ("kept:\nignored:\n", {}),
        ("kept:\n  v0.9: releases/v0.9\n", {"v0.9": "releases/v0.9"}),
        ("kept:\n  release/0.9: releases/r\n", {"release/0.9": "releases/r"}),
        (
            "ignored:\n  - tools-0.1\n  - '2.0'\nkept:\n  v0.9: releases/v0.9\n",
            {"tools-0.1": None, "2.0": None, "v0.9": "releases/v0.9"},
        ),
        ("ignored:\n  - [tools]\n", "versions.yaml:2:5: expected a line '- tag'"),
        ("kept:\n  v0.9: [releases/v0.9\n", "versions.yaml:3:1: expected ',' or ']', but got '<stream end>'"),
        ("kept:\n\tv0.9: releases/v0.9\n", "versions.yaml:2:1: found character '\\t' that cannot start any token"),
        ("- v0.9: releases/v0.9\n", "versions.yaml:1:1: expected 'kept:' or 'ignored:'"),
        ("keep:\n  v0.9: releases/v0.9\n", "versions.yaml:1:1: expected 'kept:' or 'ignored:'"),
        ("kept: releases/v0.9\n", "versions.yaml:1:1: expected 'kept:' or 'ignored:'"),
        ("kept:\n  v0.9: [releases/v0.9]\n", "versions.yaml:2:3: expected a line 'tag: folder'"),
        ("kept:\n  v0.9: releases/none\n", "versions.yaml:2:9: 'releases/none' is not a folder of this repository"),
        ("kept:\n  v0.9: ../outside\n", "versions.yaml:2:9: '../outside' is not a folder of this repository"),
    ],
)
def test_versions_yaml_is_read_or_refused_at_its_line(
    tmp_path: Path, text: str, said: dict[str, str | None] | str
) -> None:
    from letter_site.engines.versions import KEPT_HELP, kept_versions  # noqa: PLC0415

    root = tmp_path / "letter"
    for folder in ("releases/v0.9", "releases/r", "outside"):
        (root / folder).mkdir(parents=True)
        (root / folder / "index.html").write_text("<h1>Kept</h1>", encoding="utf-8")
    (root / "versions.yaml").write_text(text, encoding="utf-8")
    found = kept_versions(root)
    if isinstance(said, str):
        assert isinstance(found, str) and found.startswith(said), found
        assert found.endswith(f"({KEPT_HELP})")  # how to write it
    else:
        assert found == {tag: (root / folder).resolve() if folder else None for tag, folder in said.items()}


def test_a_sole_release_kept_as_an_older_tool_built_it_is_the_current_letter_only_until_files_change(
    tmp_path: Path,
) -> None:
    from letter_site.render.versions import version_line, versions_page_html  # noqa: PLC0415

    root = copy_sources(tmp_path / "letter")
    git(root, "init", "-q", "-b", "main")
    release(root, "v0.9", "As an older tool built it", "2023-08-01T12:00:00+00:00")
    kept = {"v0.9": root / "releases" / "v0.9"}
    same = record(root, kept=kept)
    assert [(v.release.tag if v.release else None) for v in same] == ["v0.9"]
    assert version_line(same, "versions/").startswith('<p class="letter-chrome letter-version">Version v0.9 of ')
    change(root, "signatories.yaml", "  - name: THINK\n", NEW_SIGNATORIES + "\n  - name: THINK\n")
    git(root, "commit", "-q", "-am", "Three sign")
    changed = record(root, kept=kept)
    assert [(v.release.tag if v.release else None) for v in changed] == ["v0.9", None]
    assert "Version v0.9 of 1 August 2023, with changes made since" in version_line(changed, "versions/")
    page = versions_page_html(changed, {None: "/", "v0.9": "/v/v0.9/"}, {})
    assert "What changed since v0.9 is not computed" in page and "The first version." not in page


@pytest.mark.parametrize(
    ("config", "written"),
    [  # a release's mkdocs.yml → what its version's build reads (the address made the version's)
        ('site_url: &site_url !ENV [SITE_URL, "http://127.0.0.1:8000/"]\n', None),
        ("site_url: !ENV SITE_URL\n", None),
        (
            "site_url: &site_url https://example.org/letter/  # the site\nmarkdown_extensions:\n"
            "  - letter_site.extension:\n      site_url: *site_url\n",
            'site_url: &site_url "https://example.org/letter/v/r/1/"  # the site\nmarkdown_extensions:\n'
            "  - letter_site.extension:\n      site_url: *site_url\n",
        ),
        (
            "site_url: 'https://example.org/letter/'\nmarkdown_extensions:\n  - toc\n"
            "  - letter_site.extension:\n      site_url: https://example.org/letter/\n      letter: texte\n",
            'site_url: "https://example.org/letter/v/r/1/"\nmarkdown_extensions:\n  - toc\n'
            '  - letter_site.extension:\n      site_url: "https://example.org/letter/v/r/1/"\n      letter: texte\n',
        ),
        (
            'site_url: &u !ENV [LETTER_URL, "https://example.org/letter/"]\n',
            'site_url: &u "https://example.org/letter/v/r/1/"\n',
        ),
        (
            "site_url: >-\n  https://example.org/letter/\nsite_dir: site\n",
            'site_url: "https://example.org/letter/v/r/1/"\nsite_dir: site\n',
        ),
        ("site_url: [unclosed\n", None),  # not YAML: left for its build to say so
        ("- a list\n", None),
    ],
)
def test_a_releases_own_address_is_made_its_versions(tmp_path: Path, config: str, written: str | None) -> None:
    from letter_site.engines.release_config import at_address  # noqa: PLC0415

    path = tmp_path / "mkdocs.yml"
    path.write_text(config, encoding="utf-8")
    at_address(path, "https://example.org/letter/v/r/1/")
    assert path.read_text(encoding="utf-8") == (written or config)


def test_a_version_is_dated_by_its_letter_however_long_after_it_was_tagged(tmp_path: Path) -> None:
    from letter_site.render.versions import versions_page_html  # noqa: PLC0415

    root = copy_sources(tmp_path / "letter")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A", when="2023-08-11T12:00:00+00:00")
    git(root, "commit", "-q", "-m", "The letter as sent", when="2023-08-11T12:00:00+00:00")
    git(root, "tag", "-a", "v1.0", "-m", "The letter as sent", when="2023-09-20T12:00:00+00:00")  # weeks later
    (version,) = record(root)
    assert version.release is not None
    assert version.release.date.date().isoformat() == "2023-08-11"
    assert version.release.released is not None and version.release.released.date().isoformat() == "2023-09-20"
    page = versions_page_html((version,), {"v1.0": "/v/v1.0/", None: "/"}, {})
    assert "<h2>v1.0, 11 August 2023</h2>" in page and "Released on 20 September 2023." in page


class _GitHub(http.server.BaseHTTPRequestHandler):
    """GitHub's REST API for a repository's releases, as it answers: 100 a page, then an empty page."""

    pages: ClassVar[dict[int, list[dict[str, object]]]] = {}
    asked: ClassVar[list[tuple[str, str | None]]] = []

    def do_GET(self) -> None:
        type(self).asked.append((self.path, self.headers.get("Authorization")))
        page = int(self.path.rsplit("page=", 1)[1]) if "/repos/coalition/letter/releases?" in self.path else 0
        body = json.dumps(self.pages.get(page, [])).encode()
        self.send_response(200 if page else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


def test_release_notes_made_on_githubs_pages_are_read_for_the_versions_page(history: Path, tmp_path: Path) -> None:
    """A release made on GitHub's web pages has its title and text there: the workflow reads them for the record."""
    root = tmp_path / "letter"
    subprocess.run(["git", "clone", "-q", str(history), str(root)], check=True)
    for tag in ("v1.0", "v1.1", "v2.0"):
        subprocess.run(["git", "fetch", "-q", str(history), f"refs/tags/{tag}:refs/tags/{tag}"], cwd=root, check=True)
    _GitHub.pages = {
        1: [
            {
                "tag_name": "v1.1",
                "name": "Three sign",
                "body": "Border Watch, Harbour of Hope\r\nand LLA.\r\n\r\nA link mended.",
                "draft": False,
                "published_at": "2023-09-15T09:30:00Z",
            }
        ]
        + [{"tag_name": f"other-{n}", "name": f"Other {n}", "body": "", "draft": False} for n in range(99)],
        2: [{"tag_name": "v2.0", "name": "Draft notes", "body": "not yet", "draft": True}],
    }
    _GitHub.asked = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _GitHub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {**os.environ, "GITHUB_API_URL": f"http://127.0.0.1:{server.server_address[1]}",
           "GITHUB_REPOSITORY": "coalition/letter", "GH_TOKEN": "the-workflows-token"}  # fmt: skip
    try:
        result = subprocess.run([sys.executable, "-m", "letter_site", "release-notes"], cwd=root, env=env,
                                capture_output=True, text=True, check=False)  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert "100 release notes from GitHub written to .cache/release-notes.json" in result.stdout
        assert [path.split("?")[1] for path, _ in _GitHub.asked] == [f"per_page=100&page={n}" for n in (1, 2, 3)]
        assert {token for _, token in _GitHub.asked} == {"Bearer the-workflows-token"}
        notes = {v.release.tag: v.release.note for v in record(root) if v.release}
        assert notes == {
            "v1.0": "The letter as sent",  # not on GitHub: its tag's message
            "v1.1": "Three sign\n\nBorder Watch, Harbour of Hope\nand LLA.\n\nA link mended.",
            "v2.0": "A paragraph reworded and a note added",  # a draft's notes are not published
        }
        from letter_site.render.versions import versions_page_html  # noqa: PLC0415

        dates = {
            v.release.tag: (v.release.date.date().isoformat(), v.release.released) for v in record(root) if v.release
        }
        assert dates["v1.1"][0] == "2023-09-01" and str(dates["v1.1"][1]) == "2023-09-15 09:30:00+00:00"
        page = versions_page_html(record(root), {None: "/", "v1.0": "/a/", "v1.1": "/b/", "v2.0": "/c/"}, {})
        assert (
            '<p class="letter-version-note">Three sign</p>\n'
            '<p class="letter-version-note">Border Watch, Harbour of Hope and LLA.</p>\n'
            '<p class="letter-version-note">A link mended.</p>'
        ) in page
        env["GITHUB_REPOSITORY"] = "coalition/elsewhere"  # GitHub answers 404: the build goes on
        read = (root / ".cache" / "release-notes.json").read_bytes()
        for kept in (True, False):  # with what an earlier run read (the workflow's cache keeps it), or from git
            result = subprocess.run([sys.executable, "-m", "letter_site", "release-notes"], cwd=root, env=env,
                                    capture_output=True, text=True, check=False)  # fmt: skip
            assert result.returncode == 0
            assert result.stdout.startswith("warning: GitHub's releases could not be read (HTTP Error 404")
            said = "the notes and PDFs an earlier run read" if kept else "each note from git instead"
            assert result.stdout.endswith(f"the Versions page takes {said}\n")
            if kept:
                assert (root / ".cache" / "release-notes.json").read_bytes() == read
                (root / ".cache" / "release-notes.json").unlink()
        assert not (root / ".cache" / "release-notes.json").exists()
    finally:
        server.shutdown()
    del env["GITHUB_REPOSITORY"]
    outside = subprocess.run([sys.executable, "-m", "letter_site", "release-notes"], cwd=root, env=env,
                             capture_output=True, text=True, check=False)  # fmt: skip
    assert outside.returncode == 1 and "GITHUB_REPOSITORY is not set" in outside.stderr


def test_tags_that_are_no_version_of_the_letter_are_left_out_when_listed_so(tmp_path: Path) -> None:
    from letter_site.engines.versions import read_record  # noqa: PLC0415

    root = copy_sources(tmp_path / "letter")
    git(root, "init", "-q", "-b", "main")
    release(root, "v1.0", "The letter as sent", "2023-08-11T12:00:00+00:00")
    git(root, "checkout", "-q", "--orphan", "tools")
    git(root, "rm", "-q", "-r", "--cached", ".")
    (root / "tool.txt").write_text("a script's own release", encoding="utf-8")
    git(root, "add", "tool.txt")
    git(root, "commit", "-q", "-m", "A tool", when="2023-09-01T12:00:00+00:00")
    git(root, "tag", "tools-0.1", when="2023-09-01T12:00:00+00:00")
    git(root, "checkout", "-q", "-f", "main")
    letter = load_letter_of(root)
    refused = read_record(root, letter)
    assert isinstance(refused, str) and refused.startswith("release tools-0.1: its sources are refused")
    assert "a tag that is no version of the letter: list it under 'ignored:'" in refused
    (root / "versions.yaml").write_text("ignored:\n  - tools-0.1\n", encoding="utf-8")
    found = read_record(root, letter)
    assert not isinstance(found, str), found
    assert [v.release.tag if v.release else None for v in found] == ["v1.0"]
    (root / "versions.yaml").write_text("ignored:\n  - tools-0.2\n", encoding="utf-8")
    assert read_record(root, letter) == (
        "versions.yaml: release tools-0.2 is not a tag of this repository (git tag lists them; remove its line)"
    )


def load_letter_of(root: Path) -> Letter:
    return load_letter(SourcePaths(root))


def test_tags_named_alike_but_for_case_and_messages_in_another_encoding(tmp_path: Path) -> None:
    from letter_site.engines.versions import read_record  # noqa: PLC0415

    root = copy_sources(tmp_path / "letter")
    git(root, "init", "-q", "-b", "main")
    release(root, "v1.0", "The letter as sent", "2023-08-11T12:00:00+00:00")
    (tmp_path / "message.txt").write_bytes("Lettre envoy\u00e9e".encode("latin-1"))
    git(root, "tag", "-a", "V1.0", "-F", str(tmp_path / "message.txt"), when="2023-08-12T12:00:00+00:00")
    found = read_record(root, load_letter_of(root))
    assert found in (
        f"releases {first} and {second}: two tags whose names differ only in case, one address on many servers "
        f"(delete one: git push --delete origin {second} and git tag -d {second})"
        for first, second in (("v1.0", "V1.0"), ("V1.0", "v1.0"))
    )
    git(root, "tag", "-d", "v1.0")
    (version,) = record(root)
    assert version.release is not None and version.release.note == "Lettre envoy\ufffde"  # read, not a traceback


def test_a_paragraph_inserted_before_a_reworded_one_is_added_not_taken_for_it() -> None:
    """Paragraphs are paired by their words, not their places: ¶ 6 reworded stays ¶ 6, now ¶ 7."""
    from letter_site.history.changes import compare  # noqa: PLC0415
    from letter_site.history.paragraphs import Paragraph  # noqa: PLC0415
    from letter_site.history.snapshot import Snapshot  # noqa: PLC0415

    kept = "The Commission of Inquiry found crimes against humanity in the country, and said so plainly."
    reworded = "China continues to detain and repatriate those who flee, in breach of non-refoulement."
    inserted = "A new paragraph, about something else entirely: the Special Rapporteur's visit in 2024."
    old = Snapshot("T", (Paragraph(5, "", kept), Paragraph(6, "", reworded)), (), (), ())
    new_text = reworded.replace("to detain", "to arbitrarily detain")
    new = Snapshot("T", (Paragraph(5, "", kept), Paragraph(6, "", inserted), Paragraph(7, "", new_text)), (), (), ())
    changes = compare(old, new)
    assert [(c.old.number if c.old else None, c.new.number if c.new else None) for c in changes.paragraphs] == [
        (None, 6),
        (6, 7),
    ]
    assert changes.paragraphs[1].words[1] == ("+", "arbitrarily")
    assert summary(changes) == "1 correction; 1 paragraph added"
    rewritten = Snapshot("T", (Paragraph(5, "", kept), Paragraph(6, "", inserted)), (), (), ())
    assert summary(compare(old, rewritten)) == "1 paragraph added; 1 paragraph removed"  # nothing alike: not a pair


def test_a_release_note_pasted_whole_is_shown_cut() -> None:
    import dataclasses  # noqa: PLC0415
    import datetime as dt  # noqa: PLC0415

    from letter_site.history.changes import Changes  # noqa: PLC0415
    from letter_site.history.git import Release  # noqa: PLC0415
    from letter_site.history.record import Version  # noqa: PLC0415
    from letter_site.render.versions import NOTE_AT_MOST, versions_page_html  # noqa: PLC0415

    when = dt.datetime(2023, 8, 11, tzinfo=dt.UTC)
    release = Release("v1.0", "0" * 40, when, "word " * 200_000)
    version = Version(release, None, Changes(), None, Path("kept"))
    page = versions_page_html((version,), {"v1.0": "/v/v1.0/"}, {})
    assert NOTE_AT_MOST < len(page) < NOTE_AT_MOST + 1_000 and "word …</p>" in page
    short = versions_page_html((dataclasses.replace(version, release=dataclasses.replace(release, note="Sent")),),
                               {"v1.0": "/v/v1.0/"}, {})  # fmt: skip
    assert '<p class="letter-version-note">Sent</p>' in short
