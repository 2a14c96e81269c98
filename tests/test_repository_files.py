"""The workflows and the pre-commit hooks, beyond tests/test_workflows.py: a workflow linter, what a Debian
container job needs before it runs make, timeouts and concurrency, and which files each hook runs on."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml

from projects import REPO

WORKFLOWS = REPO / ".github" / "workflows"
BIN = Path(sys.executable).parent
JACTIONLINT = BIN / "jactionlint"
HOW_TO_INSTALL_JACTIONLINT = (
    f"{JACTIONLINT} is missing. It is actionlint's checks and more, in a PyPI wheel that carries its binary "
    "(nothing is downloaded when it runs): add `jactionlint==2.3.0` to the `test` extra of pyproject.toml "
    "and to constraints.txt, then run make"
)
# Findings of jactionlint's default profile that are decisions, not mistakes.
DECIDED = {
    "unpinned-uses": "actions are pinned to full version tags (test_workflows.py), readable for editors",
    "unpinned-images": "debian:bookworm by its tag, so that every run gets Debian's security updates",
    "duplicate-triggers": "ci.yml also runs on pushes to any branch, to check a branch before its pull request",
}
# shellcheck and pyflakes are not among the project's packages: without these options the findings would
# depend on what else the machine has. jactionlint's own shell parser still finds syntax errors.
LINT = ("--no-online", "--no-color", "--oneline", "--shellcheck=", "--pyflakes=")


def workflow(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(name: str) -> dict[str, Any]:
    """The workflow's `on:`, which YAML 1.1 (PyYAML) reads as the key True."""
    on: dict[str, Any] = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))[True]
    return on


def jobs() -> dict[str, dict[str, Any]]:
    """Every job of every workflow, by `file:job`."""
    return {
        f"{path.name}:{name}": job
        for path in sorted(WORKFLOWS.glob("*.yml"))
        for name, job in workflow(path.name)["jobs"].items()
    }


def uses(step: dict[str, Any], action: str) -> bool:
    return str(step.get("uses", "")).startswith(f"{action}@")


def runs(step: dict[str, Any], pattern: str) -> bool:
    return re.search(pattern, str(step.get("run", ""))) is not None


def jactionlint(*files: Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    assert JACTIONLINT.exists(), HOW_TO_INSTALL_JACTIONLINT
    ignores = [argument for rule in DECIDED for argument in ("--ignore", rule)]
    command = [str(JACTIONLINT), *LINT, *ignores, *map(str, files)]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, timeout=120)


# -- a workflow linter: actionlint's checks (jactionlint) ------------------------------------------


def test_the_workflows_pass_jactionlint_offline() -> None:
    result = jactionlint(*sorted(WORKFLOWS.glob("*.yml")))
    assert result.returncode == 0, result.stdout + result.stderr


class Mistake(NamedTuple):
    workflow: str
    before: str
    after: str
    rule: str


TITLE = "${{ github.event.pull_request.title }}"
MISTAKES = {
    "an output the step does not have": Mistake(
        "pages.yml", "outputs.base_url", "outputs.base_uri", "undefined-property"
    ),
    "a step id that does not exist": Mistake(
        "pages.yml", "steps.pages.outputs", "steps.page.outputs", "undefined-property"
    ),
    "a job that does not exist": Mistake("pages.yml", "needs: build", "needs: built", "undefined-job-needs"),
    "a shell script that does not parse": Mistake(
        "ci.yml", "run: make test", "run: if true; then make", "shell-syntax"
    ),
    "an input the action does not have": Mistake("ci.yml", "retention-days:", "retention-day:", "unknown-action-input"),
    "a pull request's title run as code": Mistake(
        "ci.yml", "run: make test", f'run: echo "{TITLE}"', "template-injection"
    ),
}


@pytest.mark.parametrize("mistake", MISTAKES.values(), ids=list(MISTAKES))
def test_jactionlint_finds_a_mistake_in_a_workflow(tmp_path: Path, mistake: Mistake) -> None:
    text = (WORKFLOWS / mistake.workflow).read_text(encoding="utf-8")
    assert mistake.before in text, f"{mistake.workflow} no longer has {mistake.before!r}: update this test"
    broken = tmp_path / ".github" / "workflows" / mistake.workflow
    broken.parent.mkdir(parents=True)
    broken.write_text(text.replace(mistake.before, mistake.after), encoding="utf-8")
    result = jactionlint(broken.relative_to(tmp_path), cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"[{mistake.rule}]" in result.stdout, result.stdout + result.stderr


# -- what the jobs need -----------------------------------------------------------------------------


def first(steps: list[dict[str, Any]], what: str, matches: Callable[[dict[str, Any]], bool]) -> int:
    found = [index for index, step in enumerate(steps) if matches(step)]
    assert found, f"no step {what}"
    return found[0]


CONTAINER_JOBS = {name: job for name, job in jobs().items() if "container" in job}


@pytest.mark.parametrize("name", CONTAINER_JOBS)
def test_a_debian_container_job_can_run_git_and_make(name: str) -> None:
    """A bare debian image has no git: checkout would download a tarball with no .git. And the container runs as
    root in a folder that belongs to the runner's user, so git refuses it ("dubious ownership") until told."""
    job = CONTAINER_JOBS[name]
    assert job["container"].startswith("debian:")
    steps = job["steps"]
    apt = first(
        steps,
        "installs git, make and python3-venv",
        lambda step: runs(step, r"apt-get install .*\bgit\b.*\bmake\b.*\bpython3-venv\b"),
    )
    checkout = first(steps, "checks out", lambda step: uses(step, "actions/checkout"))
    safe = first(
        steps, "marks the checkout safe for git", lambda step: runs(step, r'safe\.directory "\$GITHUB_WORKSPACE"')
    )
    make = first(steps[apt + 1 :], "runs make", lambda step: runs(step, r"\bmake\b")) + apt + 1
    assert apt < checkout < safe < make


@pytest.mark.parametrize("name", jobs())
def test_every_job_has_a_timeout_and_checkout_keeps_no_token(name: str) -> None:
    job = jobs()[name]
    assert isinstance(job.get("timeout-minutes"), int) and 0 < job["timeout-minutes"] <= 60
    for step in job["steps"]:
        if uses(step, "actions/checkout"):
            assert step.get("with", {}).get("persist-credentials") is False, "nothing pushes: keep no token in .git"


def test_ci_cancels_superseded_runs_and_pages_never_cancels_a_deployment() -> None:
    ci, pages = workflow("ci.yml")["concurrency"], workflow("pages.yml")["concurrency"]
    assert "${{ github.ref }}" in ci["group"] and ci["cancel-in-progress"] is True
    assert pages == {"group": "pages", "cancel-in-progress": False}
    assert "workflow_dispatch" in triggers("pages.yml")


# `make TARGET` as a command of a script: at a line's start, after any VARIABLE=value.
MAKE_COMMAND = re.compile(r"""^\s*(?:\w+=(?:"[^"]*"|\S+)\s+)*make\s+([\w./-]+)""", re.MULTILINE)


def test_what_the_workflows_run_exists() -> None:
    """Every `make TARGET` is a target of the Makefile, every .venv/bin/NAME a command the project installs."""
    make = shutil.which("make")
    assert make, "make is needed: apt-get install make"
    scripts = [str(step.get("run", "")) for job in jobs().values() for step in job["steps"]]
    targets = {target for script in scripts for target in MAKE_COMMAND.findall(script)}
    assert targets >= {".venv/.installed", "test", "build", "system"}
    for target in sorted(targets):
        dry_run = subprocess.run([make, "-n", target], cwd=REPO, capture_output=True, text=True, check=False)
        assert dry_run.returncode == 0, dry_run.stderr
    for command in {name for script in scripts for name in re.findall(r"\.venv/bin/([\w-]+)", script)}:
        assert (BIN / command).exists(), f".venv/bin/{command} is not installed by make"


def test_the_readme_names_the_workflows_and_the_artifact_as_github_shows_them() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    steps = workflow("ci.yml")["jobs"]["check"]["steps"]
    artifact = next(step["with"]["name"] for step in steps if uses(step, "actions/upload-artifact"))
    for shown in (workflow("ci.yml")["name"], workflow("pages.yml")["name"], artifact):
        assert f"**{shown}**" in readme, shown


# -- pre-commit: which files each hook runs on ------------------------------------------------------


def hooks() -> dict[str, dict[str, Any]]:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    return {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}


# For each hook: files it must run on, and files it must leave alone.
RUNS_ON = {
    "footnotes-schema": (
        [
            "footnotes.yaml",
            "src/letter_site/data/schemas/footnotes.schema.json",
            "src/letter_site/data/schemas/common.schema.json",
        ],
        ["signatories.yaml", "src/letter_site/data/schemas/signatories.schema.json", "letter/00-opening.md"],
    ),
    "signatories-schema": (
        [
            "signatories.yaml",
            "src/letter_site/data/schemas/signatories.schema.json",
            "src/letter_site/data/schemas/common.schema.json",
        ],
        ["footnotes.yaml", "src/letter_site/data/schemas/footnotes.schema.json", "docs/about.md"],
    ),
    "letter-site-check": (
        [
            "letter/00-opening.md",
            "docs/about.md",
            "footnotes.yaml",
            "signatories.yaml",
            "src/letter_site/data/schemas/common.schema.json",
        ],
        ["src/letter_site/cli/main.py", "README.md", "tests/test_errors.py", ".github/workflows/ci.yml"],
    ),
    "workflows-schema": (
        [".github/workflows/ci.yml", ".github/workflows/pages.yml"],
        [".pre-commit-config.yaml", "mkdocs.yml", ".github/dependabot.yml"],
    ),
}


@pytest.mark.parametrize("hook_id", RUNS_ON)
def test_a_hook_runs_when_its_files_change_and_only_then(hook_id: str) -> None:
    """pre-commit runs a hook on the staged files that `re.search(files, path)` finds."""
    hook = hooks()[hook_id]
    must, must_not = RUNS_ON[hook_id]
    pattern = re.compile(hook["files"])
    assert [path for path in must if not pattern.search(path)] == []
    assert [path for path in must_not if pattern.search(path)] == []


def test_the_hooks_use_the_current_language_name_and_name_files_that_exist() -> None:
    for hook_id, hook in hooks().items():
        assert hook["language"] == "unsupported", f"{hook_id}: `system` is deprecated since pre-commit 4.4"
        for word in hook["entry"].split()[1:]:
            if re.fullmatch(r"[\w./-]+\.(ya?ml|json)", word):
                assert (REPO / word).is_file(), f"{hook_id}: {word} does not exist"
