"""The tool apart from the letter: ``letter-site new`` and a new letter's repository, through an installed wheel.

A new letter's repository is made in a temporary folder by the tool as
installed from a wheel built from this repository; then its README's two
commands are run there as a newcomer would (``make test``, ``make serve``),
with a fresh ``.venv`` that installs the tool from the one line of its
``requirements.txt``.  Nothing of this repository's files is used by it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
import urllib.request
from pathlib import Path

import pytest

from letter_site.cli import new as new_module
from projects import REPO
from test_serve import free_port, wait_for

TEMPLATE = REPO / "src" / "letter_site" / "data" / "template"
TOOL_FILES = re.compile(r"\.(py|css|js|json|html|sh)$")  # what the tool is made of: none of it in a letter


def letter_site(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "letter_site", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_the_tool_pins_what_this_repository_is_tested_with() -> None:
    """One pinned line in a letter gives it the engines this repository's tests checked: the same versions."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    constraints = dict(
        line.lower().replace("_", "-").split("==")
        for line in (REPO / "constraints.txt").read_text(encoding="utf-8").split()
        if "==" in line
    )
    extras = project["optional-dependencies"]
    pinned = [*project["dependencies"], *extras["pdf"], *extras["import"]]
    pinned += [item for item in project["optional-dependencies"]["letter"] if not item.startswith("letter-site")]
    for requirement in pinned:
        name, _, version = requirement.partition("==")
        assert version, f"{requirement}: a dependency of the tool is pinned exactly"
        assert constraints[name.lower()] == version, requirement


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "letter" / "notes.txt").parent.mkdir()
    (tmp_path / "letter" / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = letter_site("new", str(tmp_path / "letter"))
    assert result.returncode == 1
    assert result.stderr == (
        f"{tmp_path / 'letter'}: a folder that is not empty already has this name "
        "(choose a new name, or an empty folder)\n"
    )
    assert [path.name for path in (tmp_path / "letter").iterdir()] == ["notes.txt"]
    (tmp_path / "empty").mkdir()
    assert letter_site("new", str(tmp_path / "empty"), "--tool", "letter-site[letter]").returncode == 0


def test_new_help_says_all_of_it() -> None:
    result = letter_site("new", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    for said in (
        "make serve, make test",
        "placeholder",
        "Publish workflow refuses to publish it",
        "must not exist, or be an empty folder",
        "--tool",
        "requirements.txt",
    ):
        assert said in text, said


def test_a_new_repository_holds_sources_and_settings_and_one_pin(tmp_path: Path) -> None:
    result = letter_site("new", str(tmp_path / "next"), "--tool", "letter-site[letter] @ file:///wheels/x.whl")
    assert result.returncode == 0, result.stderr
    files = sorted(path.relative_to(tmp_path / "next").as_posix() for path in (tmp_path / "next").rglob("*"))
    files = [name for name in files if (tmp_path / "next" / name).is_file()]
    assert files == [
        ".github/workflows/ci.yml",
        ".github/workflows/pages.yml",
        ".gitignore",
        ".pre-commit-config.yaml",
        "CONTRIBUTING.md",
        "Makefile",
        "README.md",
        "docs/about.md",
        "docs/index.md",
        "docs/signatories.md",
        "docs/sources.md",
        "footnotes.yaml",
        "letter/00-opening.md",
        "letter/01-body.md",
        "letter/02-closing.md",
        "mkdocs.yml",
        "requirements.txt",
        "signatories.yaml",
    ]
    assert not [name for name in files if TOOL_FILES.search(name)]
    requirements = (tmp_path / "next" / "requirements.txt").read_text(encoding="utf-8")
    assert [line for line in requirements.splitlines() if not line.startswith("#")] == [
        "letter-site[letter] @ file:///wheels/x.whl"
    ]
    assert not re.search(
        r"\{\{ (tool|date) \}\}", "".join((tmp_path / "next" / name).read_text("utf-8") for name in files)
    )


def test_the_new_repositorys_workflows_are_this_repositorys(tmp_path: Path) -> None:
    """The same Check and Publish, pinned as here; Publish builds with `make publish`, as here."""
    for name in ("ci.yml", "pages.yml"):
        ours = (REPO / ".github" / "workflows" / name).read_text(encoding="utf-8").splitlines()
        theirs = (TEMPLATE / "dot-github" / "workflows" / name).read_text(encoding="utf-8").splitlines()
        different = [(a, b) for a, b in zip(ours, theirs, strict=True) if a != b]
        # Only where this repository's Debian packages are its tests' own list.
        assert different == (
            [("      - name: Debian packages (tools/debian-packages.txt; the PDF needs WeasyPrint's libraries)",
              "      - name: Debian packages (the PDF needs WeasyPrint's libraries)")]
            if name == "pages.yml"
            else []
        )  # fmt: skip
        assert any("uses: actions/checkout@v" in line for line in theirs)


def test_the_placeholder_letter_is_checked_built_and_never_published(tmp_path: Path) -> None:
    folder = tmp_path / "next"
    assert letter_site("new", str(folder), "--tool", "letter-site[letter]").returncode == 0
    checked = letter_site("check", cwd=folder)
    assert checked.returncode == 0, checked.stderr
    site = tmp_path / "site"
    built = letter_site("build", "--site-dir", str(site), cwd=folder)
    assert built.returncode == 0, built.stderr
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "Placeholder: this letter was written by letter-site" in page
    published = letter_site("build", "--site-dir", str(tmp_path / "published"), "--publish", cwd=folder)
    assert published.returncode == 1
    refused = published.stderr.splitlines()
    assert refused[0].startswith(
        "letter/00-opening.md:7:1: this is the placeholder letter that letter-site new wrote, and it is not published"
    )
    filler = "this line still holds the placeholder that letter-site new wrote (write your own text in place of "
    assert refused[1:] == [
        f'mkdocs.yml:4:13: {filler}"Placeholder: …")',
        f'mkdocs.yml:6:3: {filler}"Placeholder: …")',
        f'mkdocs.yml:7:15: {filler}"Placeholder: …")',
        f'mkdocs.yml:13:13: {filler}"Placeholder: …")',
        f'signatories.yaml:17:12: {filler}"Placeholder: …")',
        f'letter/00-opening.md:3:9: {filler}"Placeholder: …")',
        f'letter/00-opening.md:12:1: {filler}"Placeholder: …")',
        f'letter/00-opening.md:20:5: {filler}"Placeholder: …")',
        f'letter/00-opening.md:25:1: {filler}"Placeholder: …")',
        f'letter/01-body.md:5:1: {filler}"Placeholder: …")',
        f'docs/about.md:9:1: {filler}"Placeholder: …")',
        "Nothing was published; the site as it was is unchanged.",
    ]
    assert not (tmp_path / "published").exists()
    # The letter made its own: the placeholder line deleted, every filler written over.
    for path in [
        folder / "mkdocs.yml",
        folder / "signatories.yaml",
        *folder.glob("letter/*.md"),
        *folder.glob("docs/*.md"),
    ]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("placeholder: true\n", "").replace("Placeholder: ", ""), encoding="utf-8")
    published = letter_site("build", "--site-dir", str(tmp_path / "published"), "--publish", cwd=folder)
    assert published.returncode == 0, published.stderr


@pytest.fixture(scope="module")
def new_repository(installed_tool: Path, tool_wheel: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new letter made by the tool installed from a wheel; its own `make` makes its own .venv from its pin."""
    folder = tmp_path_factory.mktemp("letters") / "next-letter"
    made = subprocess.run(
        [str(installed_tool / "letter-site"), "new", str(folder), "--tool", f"letter-site[letter] @ {tool_wheel}"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    return folder


def test_a_new_letters_make_test_passes_with_the_tool_from_a_wheel(new_repository: Path) -> None:
    """`make test` there: the tool installed from its one pin, the check, the workflows' checks, both engines."""
    result = subprocess.run(["make", "test"], cwd=new_repository, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "The sources are valid: 3 letter files, 1 note, 1 source, 1 signatory." in result.stdout
    assert (new_repository / "site" / "index.html").is_file()
    assert (new_repository / "site" / "assets" / "letter.js").is_file()
    assert not (new_repository / ".site-zensical").exists()
    # The schemas the YAML files name for editors' completion are where they say.
    for name in ("footnotes.yaml", "signatories.yaml"):
        first = (new_repository / name).read_text(encoding="utf-8").splitlines()[0]
        schema = first.removeprefix("# yaml-language-server: $schema=")
        assert (new_repository / schema).is_file(), first
    # Nothing but the tool's own install went into the repository.
    assert not [path for path in new_repository.rglob("*.py") if ".venv" not in path.parts]


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_new_letters_make_serve_previews_it(new_repository: Path, engine: str) -> None:
    """`make serve` (the README's first command): the placeholder letter, with the tool's script, on either engine."""
    if not (new_repository / ".venv" / ".installed").exists():
        subprocess.run(["make", ".venv/.installed"], cwd=new_repository, check=True)
    port = free_port()
    log = new_repository / f"serve-{engine}.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            ["make", "serve", f"ENGINE={engine}", f"DEV_ADDR=127.0.0.1:{port}"],
            cwd=new_repository,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        url = f"http://127.0.0.1:{port}/"

        def page() -> str:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    return str(response.read().decode("utf-8"))
            except OSError:
                return ""

        wait_for(lambda: "this letter was written by letter-site" in page(), f"the {engine} preview")
        assert "assets/letter.js" in page()
        with urllib.request.urlopen(url + "assets/letter.js", timeout=30) as response:
            assert b"signatories.js" in response.read()
    finally:
        subprocess.run(["pkill", "-TERM", "-g", str(server.pid)], check=False)
        server.wait(timeout=20)
        log.unlink(missing_ok=True)


def test_the_new_repositorys_pre_commit_hooks_are_valid_and_find_their_schemas(new_repository: Path) -> None:
    if not (new_repository / ".venv" / ".installed").exists():
        subprocess.run(["make", ".venv/.installed"], cwd=new_repository, check=True, capture_output=True)
    python = new_repository / ".venv" / "bin" / "python"
    result = subprocess.run(
        [str(python), "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"],
        cwd=new_repository,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    config = (new_repository / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    for schema in re.findall(r"--schemafile (\S+)", config):
        assert (new_repository / schema).is_file(), schema
    for name in ("footnotes", "signatories"):
        checked = subprocess.run(
            [str(new_repository / ".venv" / "bin" / "check-jsonschema"), "--schemafile",
             f".venv/share/letter-site/schemas/{name}.schema.json", f"{name}.yaml"],
            cwd=new_repository, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("mkdocs.yml", "plugins:\n", "extra_css:\n  - assets/letter.css\n\nplugins:\n"),
            "mkdocs.yml: extra_css lists assets/letter.css, which letter-site adds to every page itself "
            "(delete the line '- assets/letter.css' under extra_css:)",
        ),
        (
            ("mkdocs.yml", "plugins:\n", "extra_javascript:\n  - assets/letter.js\n\nplugins:\n"),
            "mkdocs.yml: extra_javascript lists assets/letter.js, which letter-site adds to every page itself "
            "(delete the line '- assets/letter.js' under extra_javascript:)",
        ),
        (
            ("docs/assets/letter.js", "", "/* an older letter-site's copy */\n"),
            "docs/assets/letter.js: a copy of letter-site's own letter.js, which now comes with the tool and would be "
            "hidden by this copy (delete docs/assets/letter.js)",
        ),
    ],
)
@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_letter_made_with_an_older_tool_is_told_what_to_change(
    tmp_path: Path, change: tuple[str, str, str], expected: str, engine: str
) -> None:
    """Upgrading is one changed pin; where the settings changed, the build says which line to change."""
    folder = tmp_path / "older"
    assert letter_site("new", str(folder), "--tool", "letter-site[letter]").returncode == 0
    name, old, new = change
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(text.replace(old, new, 1) if old else new, encoding="utf-8")
    result = letter_site("build", "--engine", engine, "--site-dir", str(tmp_path / "site"), cwd=folder)
    assert result.returncode == 1
    assert expected in result.stderr
    assert not (tmp_path / "site").exists()
    if engine == "mkdocs":  # a plain `mkdocs build` stops on it too, through the plugin
        plain = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "plain")],
            cwd=folder, capture_output=True, text=True, check=False, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )  # fmt: skip
        assert plain.returncode == 1
        assert expected in plain.stderr


@pytest.mark.parametrize(
    ("installed_from", "pinned"),
    [
        (
            {"url": "https://github.com/org/letter-site.git", "vcs_info": {"vcs": "git", "requested_revision": "v0.2.0",
                                                                          "commit_id": "a" * 40}},
            "letter-site[letter] @ https://github.com/org/letter-site/archive/v0.2.0.tar.gz",
        ),
        (
            {"url": "https://git.example.org/letter-site", "vcs_info": {"vcs": "git", "commit_id": "b" * 40}},
            f"letter-site[letter] @ git+https://git.example.org/letter-site@{'b' * 40}",
        ),
        (
            {"url": "file:///wheels/letter_site-0.2.0-py3-none-any.whl", "archive_info": {}},
            "letter-site[letter] @ file:///wheels/letter_site-0.2.0-py3-none-any.whl",
        ),
    ],
)  # fmt: skip
def test_the_pin_says_where_the_tool_came_from_installable_without_git(
    installed_from: dict[str, object], pinned: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tag's GitHub archive needs no git on the machine; other addresses are kept as pip wrote them."""

    class Installed:
        version = "0.2.0"

        def read_text(self, name: str) -> str | None:
            return json.dumps(installed_from) if name == "direct_url.json" else None

    monkeypatch.setattr(new_module.metadata, "distribution", lambda name: Installed())
    assert new_module.installed_requirement() == pinned


def test_system_off_debian_installs_nothing_when_the_pdf_can_be_made(tmp_path: Path) -> None:
    """No dpkg-query: where WeasyPrint's libraries load (macOS, Fedora…), `make test`'s first step passes."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "sh").symlink_to("/bin/sh")
    result = subprocess.run(
        [sys.executable, "-m", "letter_site", "system"],
        env={"PATH": str(bin_dir)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "letter-site system: WeasyPrint's libraries load here; nothing to install.\n"


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_an_older_letters_copy_of_the_tools_partial_is_named(tmp_path: Path, engine: str) -> None:
    """The flagship once held overrides/partials/source.html, and letters copied it: unchanged, it would hide
    every later version of the tool's own."""
    folder = tmp_path / "older"
    assert letter_site("new", str(folder), "--tool", "letter-site[letter]").returncode == 0
    partial = folder / "overrides" / "partials" / "source.html"
    partial.parent.mkdir(parents=True)
    partial.write_bytes((REPO / "src" / "letter_site" / "data" / "theme" / "partials" / "source.html").read_bytes())
    config = folder / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("  language: en\n", "  language: en\n  custom_dir: overrides\n")
    )
    result = letter_site("build", "--engine", engine, "--site-dir", str(tmp_path / "site"), cwd=folder)
    assert result.returncode == 1
    assert (
        "overrides/partials/source.html: an unchanged copy of letter-site's own partials/source.html, which comes "
        "with the tool (delete overrides/partials/source.html, so that an upgrade of the tool reaches the site)"
    ) in result.stderr
    partial.write_text("<!-- the letter's own -->\n" + partial.read_text("utf-8"), encoding="utf-8")
    assert letter_site("build", "--engine", engine, "--site-dir", str(tmp_path / "site"), cwd=folder).returncode == 0
