"""``make test`` sets up a fresh Debian machine itself (letter-site's system-packages.sh), or says in one line how to.

The script is run with stand-ins for dpkg-query, apt-get, id and sudo on its
PATH, so each kind of machine can be tried without changing this one.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from letter_site.render import pdf
from projects import REPO

SCRIPT = REPO / "src" / "letter_site" / "data" / "system-packages.sh"  # `letter-site system` runs it too
LIST = REPO / "tools" / "debian-packages.txt"


def listed() -> list[str]:
    return [re.sub(r"#.*", "", line).strip() for line in LIST.read_text(encoding="utf-8").splitlines() if
            re.sub(r"#.*", "", line).strip()]  # fmt: skip


def fake(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


def run(
    tmp_path: Path, *, installed: list[str], uid: int, sudo: bool | None, debian: bool = True
) -> tuple[int, str, str]:
    """Run the script on a pretend machine; returns (exit code, output, what apt-get was asked)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "apt-calls"
    calls.touch()
    if debian:
        known = " ".join(installed)
        fake(
            bin_dir,
            "dpkg-query",
            f'for p in {known}; do [ "$p" = "$3" ] && echo "install ok installed" && exit 0; done; exit 1',
        )
        fake(bin_dir, "apt-get", f'echo "$@" >> {calls}')
    fake(bin_dir, "id", f"echo {uid}")
    if sudo is not None:
        fake(
            bin_dir, "sudo", 'if [ "$1" = "-n" ] && [ "$2" = true ]; then exit ' + ("0" if sudo else "1") + '; fi; "$@"'
        )
    for tool in ("sh", "sed", "tr", "grep", "dirname", "cat"):
        found = next((Path(d) / tool for d in ("/usr/bin", "/bin") if (Path(d) / tool).exists()), None)
        assert found is not None, tool
        (bin_dir / tool).symlink_to(found)
    result = subprocess.run(
        ["/bin/sh", str(SCRIPT), str(LIST)],
        env={"PATH": str(bin_dir)},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    return result.returncode, result.stdout + result.stderr, calls.read_text(encoding="utf-8")


def test_the_list_is_what_the_tests_and_the_pdf_need() -> None:
    packages = listed()
    assert {"chromium", "poppler-utils"} <= set(packages)
    assert set(pdf.APT_PACKAGES) <= set(packages), "pdf.py names the WeasyPrint libraries in its message"
    assert len(packages) == len(set(packages))


def test_nothing_to_do_when_everything_is_installed(tmp_path: Path) -> None:
    code, output, calls = run(tmp_path, installed=listed(), uid=1000, sudo=None)
    assert (code, output, calls) == (0, "", "")


def test_as_root_it_installs_only_what_is_missing(tmp_path: Path) -> None:
    missing = ["chromium", "poppler-utils"]
    code, output, calls = run(tmp_path, installed=[p for p in listed() if p not in missing], uid=0, sudo=None)
    assert code == 0, output
    assert "installing Debian packages: chromium poppler-utils" in output
    assert calls.splitlines() == ["update -qq", "install -y -qq --no-install-recommends chromium poppler-utils"]


def test_with_passwordless_sudo_it_installs_through_sudo(tmp_path: Path) -> None:
    code, output, calls = run(tmp_path, installed=[p for p in listed() if p != "chromium"], uid=1000, sudo=True)
    assert code == 0, output
    assert calls.splitlines()[-1] == "install -y -qq --no-install-recommends chromium"


def test_without_rights_it_stops_with_the_one_command_to_run(tmp_path: Path) -> None:
    code, output, calls = run(tmp_path, installed=[p for p in listed() if p != "chromium"], uid=1000, sudo=False)
    assert code == 1
    assert calls == ""
    assert output.splitlines() == [
        "make test: Debian packages are missing; run this once, then make test again: "
        "sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium"
    ]


def test_off_debian_it_names_the_packages(tmp_path: Path) -> None:
    code, output, _ = run(tmp_path, installed=[], uid=1000, sudo=None, debian=False)
    assert code == 1
    assert output.startswith("make test: this is not a Debian or Ubuntu machine; install the equivalents of: chromium")


@pytest.mark.parametrize("target", ["test"])
def test_make_runs_the_set_up_before_any_test(target: str) -> None:
    plan = subprocess.run(
        ["make", "-n", target], cwd=REPO, capture_output=True, text=True, check=True, env={**os.environ}
    ).stdout.splitlines()
    first_test = next(i for i, line in enumerate(plan) if "ruff" in line or "pytest" in line or "mypy" in line)
    setup = next(i for i, line in enumerate(plan) if "system-packages.sh" in line)
    assert setup < first_test


def test_ci_runs_the_readmes_test_command_and_nothing_else() -> None:
    run_file = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in run_file.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert commands[-1].strip() == "make test"
    assert not any(re.search(r"\b(apt-get|apt|dpkg|pip3?)\b", line) for line in commands), commands
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme.split("\n## ", 1)[0]


@pytest.mark.parametrize("makefile", ["Makefile", "src/letter_site/data/template/Makefile"])
def test_every_make_target_is_defined_once(makefile: str) -> None:
    """A target written twice runs only its last recipe, and make says so only as a warning."""
    result = subprocess.run(
        ["make", "-n", "-f", makefile, "--warn-undefined-variables", "help-nothing"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "overriding recipe" not in result.stderr
    targets = re.findall(r"^([a-z][\w.-]*):", (REPO / makefile).read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert len(targets) == len(set(targets)), targets


def test_make_test_runs_every_check() -> None:
    plan = subprocess.run(["make", "-n", "test"], cwd=REPO, capture_output=True, text=True, check=True)
    assert "overriding recipe" not in plan.stderr
    for tool in ("system-packages.sh", "ruff check", "ruff format --check", "mypy", "pytest"):
        assert tool in plan.stdout, tool
