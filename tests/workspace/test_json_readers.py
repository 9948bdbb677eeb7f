"""Table tests for the JSONC parser and the VS Code tasks and dev container readers.

For valid JSON the parser's values are compared with Python's ``json`` module.
"""

from __future__ import annotations

import json

import pytest

from dockerfile_ls.core.text import Span
from dockerfile_ls.workspace import jsonc
from dockerfile_ls.workspace.devcontainer import read_devcontainer
from dockerfile_ls.workspace.filenames import is_devcontainer_file
from dockerfile_ls.workspace.vscode_tasks import read_vscode_tasks


def plain(value: jsonc.JsonValue | None) -> object:
    if isinstance(value, jsonc.JsonObject):
        return {m.key.value: plain(m.value) for m in value.members}
    if isinstance(value, jsonc.JsonArray):
        return [plain(item) for item in value.items]
    if value is None:
        return None
    return value.value


VALID_JSON = [
    '{"a": 1, "b": [true, false, null], "c": {"d": "e"}}',
    '["x\\ny", "\\u00e9\\"", -1.5e3, 0]',
    '{"k": "a\\/b\\\\c\\td"}',
    '"just a string"',
]


@pytest.mark.parametrize("text", VALID_JSON)
def test_values_match_json_module(text: str) -> None:
    assert plain(jsonc.parse(text)) == json.loads(text)


def test_comments_and_trailing_commas() -> None:
    text = '{\n  // line\n  "a": [1, 2,], /* block */\n  "b": "c",\n}\n'
    assert plain(jsonc.parse(text)) == {"a": [1, 2], "b": "c"}


def test_string_offsets_inside_quotes() -> None:
    value = jsonc.parse('{"k": "abc"}')
    assert isinstance(value, jsonc.JsonObject)
    member = value.get("k")
    assert member is not None
    assert isinstance(member.value, jsonc.JsonString)
    assert (member.value.start, member.value.end) == (7, 10)


def test_missing_value_is_kept() -> None:
    value = jsonc.parse('{"a": {"target": }}')
    assert plain(value) == {"a": {"target": None}}


def test_truncated_text_keeps_what_was_read() -> None:
    value = jsonc.parse(
        '{"tasks": [{"type": "docker-build", "dockerBuild": {"target": "de'
    )
    assert plain(value) == {
        "tasks": [{"type": "docker-build", "dockerBuild": {"target": "de"}}]
    }


def test_last_duplicate_key_wins() -> None:
    value = jsonc.parse('{"a": 1, "a": 2}')
    assert isinstance(value, jsonc.JsonObject)
    member = value.get("a")
    assert member is not None and plain(member.value) == 2


TASKS = """\
{
  // Tasks of the Container Tools extension.
  "version": "2.0.0",
  "tasks": [
    {
      "label": "build api (dev)",
      "type": "docker-build",
      "dockerBuild": {
        "context": "${workspaceFolder}/api",
        "dockerfile": "${workspaceFolder}/api/Dockerfile.dev",
        "target": "dev",
      },
    },
    {"label": "shell", "type": "shell", "command": "docker build --target x ."},
    {"type": "docker-build", "dockerBuild": {"context": "sub", "target": }},
    {"type": "docker-build", "dockerBuild": {"context": "${input:ctx}"}}
  ]
}
"""


def test_vscode_task_paths_and_spans() -> None:
    first, typing, unknown = read_vscode_tasks("/w/.vscode/tasks.json", TASKS)
    assert first.dockerfile == "/w/api/Dockerfile.dev"
    assert first.context == "/w/api"
    assert first.target_span == Span(10, 19, 10, 22)
    assert first.name == "build api (dev)"
    assert typing.dockerfile == "/w/sub/Dockerfile"
    assert typing.insert_span == Span(14, 72, 14, 73)
    assert (typing.insert_prefix, typing.insert_suffix) == (' "', '"')
    assert unknown.context is None
    assert unknown.dockerfile is None


DEVCONTAINER = """\
{
  "name": "dev",
  "build": {
    // Paths are relative to this file.
    "dockerfile": "../Dockerfile",
    "context": "..",
    "target": "devcontainr"
  }
}
"""


def test_devcontainer_build() -> None:
    (site,) = read_devcontainer("/w/.devcontainer/devcontainer.json", DEVCONTAINER)
    assert site.dockerfile == "/w/Dockerfile"
    assert site.context == "/w"
    assert site.target_span == Span(6, 15, 6, 26)
    assert site.name == "dev"


@pytest.mark.parametrize(
    ("text", "dockerfile", "context"),
    [
        (
            '{"build": {"dockerfile": "Dockerfile"}}',
            "/w/.devcontainer/Dockerfile",
            "/w/.devcontainer",
        ),
        ('{"dockerFile": "D", "context": ".."}', "/w/.devcontainer/D", "/w"),
        (
            '{"build": {"dockerfile": "${localWorkspaceFolder}/D"}}',
            "/w/D",
            "/w/.devcontainer",
        ),
        ('{"build": {"dockerfile": "${localEnv:DF}"}}', None, "/w/.devcontainer"),
    ],
)
def test_devcontainer_paths(
    text: str, dockerfile: str | None, context: str | None
) -> None:
    (site,) = read_devcontainer("/w/.devcontainer/devcontainer.json", text)
    assert site.dockerfile == dockerfile
    assert site.context == context


def test_devcontainer_with_image_only_has_no_site() -> None:
    assert read_devcontainer("/w/.devcontainer.json", '{"image": "debian"}') == []


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/w/.devcontainer/devcontainer.json", True),
        ("/w/.devcontainer/python/devcontainer.json", True),
        ("/w/.devcontainer.json", True),
        ("/w/devcontainer.json", False),
    ],
)
def test_devcontainer_paths_recognized(path: str, expected: bool) -> None:
    assert is_devcontainer_file(path) is expected


def test_deep_nesting_does_not_raise() -> None:
    value = jsonc.parse("[" * 100000)
    assert isinstance(value, jsonc.JsonArray)
