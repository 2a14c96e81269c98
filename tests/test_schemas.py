"""The schemas (src/letter_site/data/schemas/): valid, strict, documented, the loader's own, met by the real files."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from letter_site.common.ids import NOTES_ANCHOR, RESERVED_ID, SIGNATORIES_ANCHOR, TITLE_ANCHOR, note_id, paragraph_id
from letter_site.sources import schema as schema_module
from letter_site.sources.loader import SourcePaths, load_letter
from letter_site.sources.yamlsrc import parse_yaml
from projects import REPO

SCHEMAS = REPO / "src" / "letter_site" / "data" / "schemas"
FILES = sorted(SCHEMAS.glob("*.schema.json"))
YAML_FILES = {"footnotes.yaml": "footnotes.schema.json", "signatories.yaml": "signatories.schema.json"}


def load(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def registry() -> Registry[Any]:
    return Registry().with_resources(
        (path.name, Resource.from_contents(load(path), default_specification=DRAFT202012)) for path in FILES
    )


def validator(file: str, pointer: str = "") -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": f"{file}#{pointer}"}, registry=registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def test_the_loader_validates_with_these_very_files() -> None:
    assert schema_module.SCHEMAS == SCHEMAS
    assert {f"{name}.schema.json" for name in schema_module.FILES} == {path.name for path in FILES}


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_each_schema_is_valid_json_schema_2020_12(path: Path) -> None:
    data = load(path)
    assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(data)


def properties(node: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every field a schema defines: (its JSON pointer in the file, its schema)."""
    if isinstance(node, dict):
        for name, field in node.get("properties", {}).items():
            yield f"{pointer}/properties/{name}", field
        for key, value in node.items():
            if key not in ("examples", "enum"):
                yield from properties(value, f"{pointer}/{key}")


def resolved(field: dict[str, Any], file: str) -> dict[str, Any]:
    """A field's schema with its $ref followed (the field's own keywords win)."""
    ref = field.get("$ref")
    if not ref:
        return field
    target_file, _, pointer = ref.partition("#")
    target: Any = load(SCHEMAS / (target_file or file))
    for part in filter(None, pointer.split("/")):
        target = target[part]
    return {**resolved(target, target_file or file), **{k: v for k, v in field.items() if k != "$ref"}}


FIELDS = [
    pytest.param(path.name, where, field, id=f"{path.name}{where}")
    for path in FILES
    for where, field in properties(load(path))
]


def test_there_are_fields_to_check() -> None:
    assert len(FIELDS) >= 15


@pytest.mark.parametrize(("file", "where", "field"), FIELDS)
def test_every_field_has_a_description_and_an_example_that_it_accepts(
    file: str, where: str, field: dict[str, Any]
) -> None:
    full = resolved(field, file)
    assert len(full.get("description", "")) > 20, f"{file}{where}: a description, for editors' hover help"
    examples = full.get("examples")
    assert examples, f"{file}{where}: an example"
    own = validator(file, where)
    for example in examples:
        errors = list(own.iter_errors(example))
        assert not errors, f"{file}{where}: example {example!r}: {errors[0].message}"
    assert not own.is_valid({"not": "what the field holds"} if full.get("type") != "object" else "text")


def objects(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if node.get("type") == "object":
            yield where, node
        for key, value in node.items():
            yield from objects(value, f"{where}/{key}")


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_mapping_is_closed_to_keys_it_does_not_define(path: Path) -> None:
    for where, node in objects(load(path)):
        assert "additionalProperties" in node, f"{path.name}{where}: additionalProperties"
        assert node["additionalProperties"] is False or "properties" not in node, f"{path.name}{where}"


ADDRESSES = [
    ("https://undocs.org/A/HRC/25/CRP.1", True),
    ("https://www.ohchr.org/en/statements-and-speeches/2022/03/oral-update", True),
    ("http://undocs.org/A/77/522", False),
    ("javascript:alert(1)", False),
    ("//undocs.org/A/77/522", False),
    ("https://un.org@evil.example/", False),
    ("https://undocs.org/A/77 522", False),
    ("https:/undocs.org", False),
    ("undocs.org/A/77/522", False),
]


@pytest.mark.parametrize(("url", "valid"), ADDRESSES)
def test_addresses_in_the_yaml_files_are_https_only(url: str, valid: bool) -> None:
    assert validator("common.schema.json", "/$defs/https-url").is_valid(url) is valid


KEYS_AND_DATES = [
    ("key", "coi-2014", True),
    ("key", "A1.b_c", True),
    ("key", "coi 2014", False),
    ("key", "-coi", False),
    ("date", "2023-08-11", True),
    ("date", "2023-02-30", False),
    ("date", "11 August 2023", False),
    ("date", "2023-8-11", False),
    ("anchor", "thematic-report", True),
    ("anchor", "Thematic", False),
    ("anchor", "3-report", False),
    ("anchor", "notes", False),
    ("anchor", "p12", False),
    ("anchor", "fnref", False),
    ("anchor", "paragraphs", True),
]


@pytest.mark.parametrize(("definition", "value", "valid"), KEYS_AND_DATES)
def test_patterns_for_keys_dates_and_anchors(definition: str, value: str, valid: bool) -> None:
    assert validator("common.schema.json", f"/$defs/{definition}").is_valid(value) is valid


def test_the_reserved_anchors_are_the_ids_the_site_makes() -> None:
    reserved = load(SCHEMAS / "common.schema.json")["$defs"]["anchor"]["not"]["pattern"]
    assert reserved == f"^{RESERVED_ID.pattern}$"
    made = [TITLE_ANCHOR, NOTES_ANCHOR, SIGNATORIES_ANCHOR, note_id("coi"), "fnref:coi", paragraph_id(12), "sources"]
    assert all(RESERVED_ID.fullmatch(made_id) for made_id in made)


@pytest.mark.parametrize("name", sorted(YAML_FILES))
def test_the_real_files_pass_their_schema(name: str) -> None:
    problems: list[Any] = []
    document = parse_yaml((REPO / name).read_text(encoding="utf-8"), name, problems)
    assert document is not None and not problems
    errors = list(validator(YAML_FILES[name]).iter_errors(document.data))
    assert not errors, errors[0].message


def test_the_real_front_matter_passes_its_schema() -> None:
    letter = load_letter(SourcePaths(REPO))
    for index, part in enumerate(letter.parts):
        text = (REPO / part.path).read_text(encoding="utf-8")
        front = text.split("---\n")[1]
        problems: list[Any] = []
        document = parse_yaml(front, part.path, problems, first_line=2)
        assert document is not None and not problems
        pointer = "/$defs/opening" if index == 0 else "/$defs/part"
        assert validator("letter-part.schema.json", pointer).is_valid(document.data), part.path


@pytest.mark.parametrize("name", sorted(YAML_FILES))
def test_each_yaml_file_names_its_schema_for_editors(name: str) -> None:
    first = (REPO / name).read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, f"{name}: the first line is the modeline VS Code's YAML extension reads"
    assert (REPO / match.group(1)).resolve() == SCHEMAS / YAML_FILES[name]


@pytest.mark.parametrize("name", sorted(YAML_FILES))
def test_check_jsonschema_agrees_offline(name: str) -> None:
    """The command-line check the pre-commit hook runs (check-jsonschema), on the same files."""
    tool = Path(sys.executable).with_name("check-jsonschema")
    assert tool.exists(), "pip install -e '.[test]' installs check-jsonschema"
    result = subprocess.run(
        [str(tool), "--schemafile", str(SCHEMAS / YAML_FILES[name]), name],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_jsonschema_finds_what_the_loader_finds(tmp_path: Path) -> None:
    broken = (REPO / "signatories.yaml").read_text(encoding="utf-8").replace("as_of: 2023-08-11", "as_of: 2023-02-30")
    (tmp_path / "signatories.yaml").write_text(broken, encoding="utf-8")
    tool = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run(
        [str(tool), "--schemafile", str(SCHEMAS / "signatories.schema.json"), "signatories.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1
    assert "$.as_of: '2023-02-30' is not a 'date'" in result.stdout
