"""The workflows that check pull requests and publish the site, and the pre-commit hooks: valid, pinned, offline."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from projects import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
PINNED = re.compile(r"[\w.-]+/[\w.-]+(/[\w./-]+)?@(v\d+\.\d+\.\d+|[0-9a-f]{40})")


def workflow(name: str) -> dict[str, Any]:
    data = yaml.safe_load((REPO / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False, timeout=300)


def test_there_are_the_two_workflows() -> None:
    assert [path.name for path in WORKFLOWS] == ["ci.yml", "pages.yml"]


def test_the_workflows_match_github_s_schema_offline() -> None:
    tool = BIN / "check-jsonschema"
    assert tool.exists(), "pip install -e '.[test]' installs check-jsonschema"
    result = run(str(tool), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_would_catch_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    step:\n      - run: make\n")
    result = run(str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(broken))
    assert result.returncode == 1


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_action_is_pinned_to_a_version(path: Path) -> None:
    used = [step["uses"] for step in steps(workflow(path.name)) if "uses" in step]
    assert used
    for action in used:
        assert PINNED.fullmatch(action), f"{path.name}: {action} is not pinned to vX.Y.Z or a commit"


def test_ci_checks_the_sources_on_the_changed_lines_before_make_test() -> None:
    data = workflow("ci.yml")
    assert set(data[True]) == {"pull_request", "push"}  # YAML 1.1 reads `on` as true
    commands = [step.get("run", "") for step in steps(data)]
    check = next(i for i, command in enumerate(commands) if "letter-site check --format github" in command)
    test = next(i for i, command in enumerate(commands) if command.strip() == "make test")
    assert check < test
    artifact = next(step for step in steps(data) if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert artifact["with"]["path"] == "site/"
    assert data["jobs"]["check"]["container"].startswith("debian:")
    assert data["permissions"] == {"contents": "read"}


def test_pages_deploys_main_with_the_official_actions_and_the_pages_address() -> None:
    data = workflow("pages.yml")
    assert data[True]["push"]["branches"] == ["main"]
    assert data[True]["push"]["tags"] == ["**"] and data[True]["release"] == {"types": ["published"]}  # versions
    used = [step.get("uses", "").split("@")[0] for step in steps(data)]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in used
    build = next(step for step in steps(data) if "make publish" in step.get("run", ""))  # refuses a placeholder
    assert build["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert build["env"]["REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    assert data["permissions"] == {"contents": "read"}
    assert data["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert data["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert data["jobs"]["deploy"]["environment"]["name"] == "github-pages"
    assert data["jobs"]["attach"]["permissions"] == {"contents": "write"}  # and only that job writes to the repository
    assert data["jobs"]["attach"]["if"] == (  # every run of the default branch: a push may take a tag's run's place
        "github.ref_name == github.event.repository.default_branch && needs.build.outputs.as-published != '0'"
    )  # and not when the build has no PDF as published (only a release kept as an older tool built it)
    # A tag's own run would be refused at the deploy (the Pages environment deploys the default branch): it starts
    # a run on the default branch, which builds every release, and does nothing else.
    assert data["jobs"]["build"]["if"] == "github.ref_type != 'tag'"
    caches = [
        step["with"] for step in data["jobs"]["build"]["steps"] if step.get("uses", "").startswith("actions/cache@")
    ]
    assert len(caches) == 2  # each run saves its own (a run on the same commit as the one before must save too)
    assert all(cache["key"].endswith("-${{ github.run_id }}-${{ github.run_attempt }}") for cache in caches)
    assert data["jobs"]["dispatch"]["if"] == "github.ref_type == 'tag'"
    assert data["jobs"]["dispatch"]["permissions"] == {"actions": "write"}


TEMPLATE_PAGES = REPO / "src" / "letter_site" / "data" / "template" / "dot-github" / "workflows" / "pages.yml"
FAKE_GH = """#!/bin/sh
# gh as the attach job calls it: `api --paginate URL --jq FILTER` (GitHub's answer from $RELEASES, through the real
# jq, as gh does), and `api --method POST UPLOAD_URL ... --input FILE` (refused for the address in $REFUSE)
echo "gh $*" >> "$GH_LOG"
case "$2" in
  --paginate) jq -r "$5" "$RELEASES" ;;
  --method) [ "$4" != "$REFUSE" ] || { echo "HTTP 422: already_exists" >&2; exit 1; } ;;
esac
"""


def _uploaded(uploader: str, name: str = "open-letter-2023-08-11-as-published.pdf") -> dict[str, Any]:
    return {"name": name, "uploader": {"login": uploader}}


@pytest.mark.parametrize("path", [REPO / ".github" / "workflows" / "pages.yml", TEMPLATE_PAGES], ids=["ours", "new"])
def test_the_attach_job_attaches_each_releases_pdf_once_and_says_what_it_could_not(path: Path, tmp_path: Path) -> None:
    """Its script as GitHub runs it (bash -e, pipefail), on the files as upload-artifact keeps them and a stand-in gh
    answering as GitHub's API does: once attached by the workflow, a release's PDF is never attached again."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    build, attach = data["jobs"]["build"], data["jobs"]["attach"]
    assert attach["needs"] == ["build", "deploy"]  # the file readers have, once it is published
    (upload,) = (step for step in build["steps"] if "upload-artifact" in step.get("uses", ""))
    (download,) = (step for step in attach["steps"] if "download-artifact" in step.get("uses", ""))
    (step,) = (step for step in attach["steps"] if "run" in step)
    assert step["shell"] == "bash" and step["env"]["GH_TOKEN"] == "${{ github.token }}"
    # upload-artifact keeps each file's path below the folder before the first wildcard (site/v/ here)
    pattern = upload["with"]["path"]
    kept_below = pattern[: pattern.index("*")]
    assert download["with"]["name"] == upload["with"]["name"] and kept_below == "site/v/"
    name = "open-letter-2023-08-11-as-published.pdf"
    for tag in ("v1.0", "v1.1", "release/2", "v0.9", "v3.0"):
        pdf = tmp_path / download["with"]["path"] / tag / name
        pdf.parent.mkdir(parents=True)
        pdf.write_bytes(b"%PDF-1.7\n")
    releases = tmp_path / "releases.json"  # GitHub's answer; v0.9 is a tag with no release, v3.0 still a draft
    releases.write_text(json.dumps([
        {"tag_name": "v1.0", "draft": False, "upload_url": UPLOAD.format(1),
         "assets": [_uploaded("someone", "photo.jpg"), _uploaded(BOT)]},
        {"tag_name": "v1.1", "draft": False, "upload_url": UPLOAD.format(11),
         "assets": [_uploaded("an-editor")]},  # attached by hand: not the file
        {"tag_name": "release/2", "draft": False, "upload_url": UPLOAD.format(2), "assets": []},
        {"tag_name": "v3.0", "draft": True, "upload_url": UPLOAD.format(3), "assets": []},
    ]), encoding="utf-8")  # fmt: skip
    gh = tmp_path / "bin" / "gh"
    gh.parent.mkdir()
    gh.write_text(FAKE_GH, encoding="utf-8")
    gh.chmod(0o755)
    env = {"PATH": f"{gh.parent}:/usr/bin:/bin", "GH_LOG": str(tmp_path / "gh.log"), "RELEASES": str(releases),
           "GH_REPO": "coalition/letter", "REFUSE": "none"}  # fmt: skip
    folder = tmp_path / step["working-directory"]

    def attach_job() -> subprocess.CompletedProcess[str]:
        return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", step["run"]], cwd=folder, env=env,
                              capture_output=True, text=True, check=False, timeout=60)  # fmt: skip

    result = attach_job()
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "release/2: its PDF as published is attached",
        "::notice::v0.9 is a tag without a published GitHub release: its PDF is attached when one is",
        "v1.0: its PDF as published is attached already",
        "v1.1: its PDF as published is attached",
        "::notice::v3.0 is a tag without a published GitHub release: its PDF is attached when one is",
    ]
    uploads = [line for line in (tmp_path / "gh.log").read_text().splitlines() if "--method POST" in line]
    assert uploads == [  # by the release's number: a tag's "/" is never part of the address
        f"gh api --method POST {UPLOAD.format(number).split('{')[0]}?name={name} -H Content-Type: application/pdf "
        f"--input v/{tag}/{name} --silent"
        for number, tag in ((2, "release/2"), (11, "v1.1"))
    ]
    env["REFUSE"] = f"{UPLOAD.format(11).split('{')[0]}?name={name}"  # GitHub refused one: the others are attached
    result = attach_job()
    assert result.returncode == 1  # and the job fails, saying which and what to do
    assert (
        "::error::v1.1: its PDF as published could not be attached (run the workflow again; if a file named "
        f"{name} was attached to the release by hand, delete it first)"
    ) in result.stdout
    assert "release/2: its PDF as published is attached" in result.stdout
    env["RELEASES"] = str(tmp_path / "nowhere.json")  # GitHub's list could not be read: nothing is attached
    assert attach_job().returncode != 0


BOT = "github-actions[bot]"
UPLOAD = "https://uploads.github.com/repos/coalition/letter/releases/{}/assets{{?name,label}}"


@pytest.mark.parametrize("path", [REPO / ".github" / "workflows" / "pages.yml", TEMPLATE_PAGES], ids=["ours", "new"])
def test_a_tags_run_starts_this_workflow_on_the_default_branch(path: Path, tmp_path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    (step,) = data["jobs"]["dispatch"]["steps"]
    assert step["env"]["BRANCH"] == "${{ github.event.repository.default_branch }}"
    gh = tmp_path / "gh"
    gh.write_text('#!/bin/sh\necho "gh $*" >> "$GH_LOG"\n', encoding="utf-8")
    gh.chmod(0o755)
    env = {"PATH": f"{tmp_path}:/usr/bin:/bin", "GH_LOG": str(tmp_path / "gh.log"), "BRANCH": "main"}
    subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, check=True, timeout=60)
    # this very workflow, by its file's name: a run on a tag starts a run of the Publish workflow on main
    assert (tmp_path / "gh.log").read_text(encoding="utf-8") == f"gh workflow run {path.name} --ref main\n"


@pytest.mark.parametrize("path", [REPO / ".github" / "workflows" / "pages.yml", TEMPLATE_PAGES], ids=["ours", "new"])
def test_the_build_counts_the_releases_pdfs_as_published_for_the_attach_job(path: Path, tmp_path: Path) -> None:
    """No PDF as published (no release, or only one kept as an older tool built it): no artifact, no attach job."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    (step,) = (step for step in data["jobs"]["build"]["steps"] if step.get("id") == "published")
    assert data["jobs"]["build"]["outputs"] == {"as-published": "${{ steps.published.outputs.count }}"}
    (upload,) = (step for step in data["jobs"]["build"]["steps"] if "upload-artifact" in step.get("uses", ""))
    assert upload["if"] == "steps.published.outputs.count != '0'"
    counts = []
    for pdfs in ((), ("v/v1.0/l-as-published.pdf", "v/release/2/l-as-published.pdf", "l-as-published.pdf")):
        site = tmp_path / str(len(pdfs)) / "site"
        site.mkdir(parents=True)
        for pdf in pdfs:
            (site / pdf).parent.mkdir(parents=True, exist_ok=True)
            (site / pdf).write_bytes(b"%PDF-1.7\n")
        output = site.parent / "output"
        env = {"PATH": "/usr/bin:/bin", "GITHUB_OUTPUT": str(output)}
        subprocess.run(["bash", "-e", "-c", step["run"]], cwd=site.parent, env=env, check=True, timeout=60)
        counts.append(output.read_text(encoding="utf-8"))
    assert counts == ["count=0\n", "count=2\n"]  # only the releases' (under v/), not the current letter's


def test_the_publish_workflows_of_this_letter_and_of_a_new_one_are_the_same_but_for_a_step_name() -> None:
    ours = (REPO / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    new = TEMPLATE_PAGES.read_text(encoding="utf-8")
    assert ours.replace("(tools/debian-packages.txt; the PDF", "(the PDF") == new


def test_the_pre_commit_configuration_is_valid() -> None:
    result = run(str(BIN / "pre-commit"), "validate-config", ".pre-commit-config.yaml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_pre_commit_hooks_are_local_and_run_from_the_venv() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert all(repo["repo"] == "local" for repo in config["repos"])
    assert {hook["id"] for hook in hooks} >= {"ruff", "ruff-format", "footnotes-schema", "letter-site-check"}
    for hook in hooks:
        assert hook["entry"].startswith(".venv/bin/"), hook["id"]
        assert (REPO / hook["entry"].split()[0]).exists(), hook["id"]


def test_the_pre_commit_hooks_pass_on_the_repository_and_catch_a_mistake(tmp_path: Path) -> None:
    """All hooks on a copy of the tracked files, offline; then one broken source file."""
    git = shutil.which("git")
    assert git, "git is needed to run pre-commit"
    copy = tmp_path / "repo"
    files = run(git, "ls-files", "-z", "--cached", "--others", "--exclude-standard").stdout.split("\0")
    for name in filter(None, files):
        if (REPO / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, copy / name)
    (copy / ".venv").symlink_to(REPO / ".venv")
    env_home = tmp_path / "pre-commit-home"
    for args in (["init", "-q"], ["add", "-A"]):
        assert run(git, *args, cwd=copy).returncode == 0
    command = [str(BIN / "pre-commit"), "run", "--all-files"]
    first = subprocess.run(
        command, cwd=copy, capture_output=True, text=True, check=False, timeout=300,
        env={"PATH": f"{BIN}:/usr/bin:/bin", "PRE_COMMIT_HOME": str(env_home), "HOME": str(tmp_path)},
    )  # fmt: skip
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Skipped" not in first.stdout.replace("(no files to check)Skipped", "")
    signatories = copy / "signatories.yaml"
    signatories.write_text(signatories.read_text(encoding="utf-8").replace("kind: organization", "kind: NGO", 1))
    second = subprocess.run(
        [*command[:2], "--files", "signatories.yaml"], cwd=copy, capture_output=True, text=True, check=False,
        timeout=300, env={"PATH": f"{BIN}:/usr/bin:/bin", "PRE_COMMIT_HOME": str(env_home), "HOME": str(tmp_path)},
    )  # fmt: skip
    assert second.returncode == 1
    assert "signatories.yaml:" in second.stdout and "'kind' must be one of individual, organization" in second.stdout
