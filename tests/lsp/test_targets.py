"""End-to-end: build targets in Compose, Bake, scripts, CI files and editor configs.

One server per client profile indexes ``fixtures/workspaces`` as its workspace, so
every small workspace there is read at once. ``fixtures/workspaces/README.md``
describes each one. Expected stages, spans and suggestions follow BuildKit:
a target names a stage without case, never by index, and the last stage is the
default target.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import FeatureAlreadyRegisteredError
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.lsp.conftest import (
    CLIENTS,
    SERVER_COMMAND,
    Inbox,
    Session,
    capabilities_for,
)

WORKSPACES = Path(__file__).resolve().parents[2] / "fixtures" / "workspaces"
VERSIONS = itertools.count(1000)
Span4 = tuple[int, int, int, int]


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER_COMMAND),
    params=CLIENTS + ["visual_studio_code+pull"],
    scope="module",
)
async def client(
    lsp_client: LanguageClient, request: pytest.FixtureRequest
) -> AsyncIterator[None]:
    params = types.InitializeParams(
        capabilities=capabilities_for(request.param),
        root_uri=WORKSPACES.as_uri(),
        initialization_options={"dockerfileLs": {"diagnostics": {"debounceMs": 0}}},
    )
    lsp_client.inbox = Inbox(lsp_client)  # type: ignore[attr-defined]
    accept_registrations(lsp_client)
    await lsp_client.initialize_session(params)
    lsp_client.profile = request.param  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


def accept_registrations(
    client: LanguageClient,
) -> list[types.RegistrationParams]:
    """Accept every ``client/registerCapability`` request as an editor does, and
    record it. pytest-lsp's client has no handler for that request."""
    received: list[types.RegistrationParams] = []

    def register(params: types.RegistrationParams) -> None:
        received.append(params)

    try:
        client.feature(types.CLIENT_REGISTER_CAPABILITY)(register)
    except FeatureAlreadyRegisteredError:
        client.protocol.fm.features[types.CLIENT_REGISTER_CAPABILITY] = register
    return received


def uri_of(relative: str) -> str:
    return (WORKSPACES / relative).as_uri()


def span(range_: types.Range) -> Span4:
    return (
        range_.start.line,
        range_.start.character,
        range_.end.line,
        range_.end.character,
    )


async def open_file(
    session: Session, relative: str, language_id: str, text: str | None = None
) -> tuple[str, list[types.Diagnostic]]:
    """Open a fixture file (or ``text`` under its name) and return its diagnostics.

    Every open gets a version no other test uses, so a late diagnostics
    notification from an earlier test is never taken for this one.
    """
    path = WORKSPACES / relative
    uri = path.as_uri()
    version = next(VERSIONS)
    session.versions[uri] = version
    session.client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri,
                language_id=language_id,
                version=version,
                text=path.read_text() if text is None else text,
            )
        )
    )
    return uri, await session.diagnostics(uri, version)


async def definition(session: Session, uri: str, line: int, character: int) -> list:
    result = await session.client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=character),
        )
    )
    if result is None:
        return []
    found = []
    for item in result if isinstance(result, list) else [result]:
        if isinstance(item, types.LocationLink):
            found.append((item.target_uri, span(item.target_selection_range)))
        else:
            found.append((item.uri, span(item.range)))
    return found


async def code_actions(
    session: Session, uri: str, diagnostic: types.Diagnostic
) -> list[Any]:
    result = await session.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    return [item for item in result or [] if isinstance(item, types.CodeAction)]


def new_texts(action: types.CodeAction) -> list[str]:
    assert action.edit is not None and action.edit.changes is not None
    return [edit.new_text for edits in action.edit.changes.values() for edit in edits]


def errors(diagnostics: list[types.Diagnostic]) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.severity == types.DiagnosticSeverity.Error]


# Completion


async def test_compose_completion_uses_context_dockerfile(session: Session) -> None:
    uri, _ = await open_file(session, "compose-context-dockerfile/compose.yaml", "yaml")
    assert await session.completion(uri, 5, 14) == ["builder", "runtime"]


async def test_compose_completion_of_inline_dockerfile(session: Session) -> None:
    uri, _ = await open_file(session, "compose-inline/compose.yaml", "yaml")
    assert await session.completion(uri, 7, 14) == ["inl"]


@pytest.mark.parametrize("script", ["ci.sh", "ci-equals.sh"])
async def test_shell_completion_after_target(session: Session, script: str) -> None:
    uri, _ = await open_file(session, f"shell-target/{script}", "shellscript")
    assert await session.completion(uri, 1, 45) == ["deps", "release", "test"]


async def test_completion_marks_default_stage(session: Session) -> None:
    uri, _ = await open_file(session, "shell-target/ci.sh", "shellscript")
    items = await session.completion_items(uri, 1, 45)
    marked = [item.label for item in items if "default" in (item.detail or "")]
    assert marked == ["release"]


async def test_completion_edit_keeps_spaces(session: Session) -> None:
    uri, _ = await open_file(session, "shell-target/ci.sh", "shellscript")
    items = await session.completion_items(uri, 1, 45)
    (item,) = [item for item in items if item.label == "deps"]
    assert isinstance(item.text_edit, types.TextEdit)
    assert (span(item.text_edit.range), item.text_edit.new_text) == (
        (1, 44, 1, 46),
        " deps ",
    )


async def test_completion_prefix_ignores_case(session: Session) -> None:
    text = (WORKSPACES / "compose-context-dockerfile/compose.yaml").read_text()
    edited = text.replace("target: \n", "target: BU\n")
    uri, _ = await open_file(
        session, "compose-context-dockerfile/compose.yaml", "yaml", edited
    )
    assert await session.completion(uri, 5, 16) == ["builder"]


async def test_completion_lists_duplicate_once(session: Session) -> None:
    dockerfile = "FROM alpine:3.20 AS app\nFROM app AS App\nFROM scratch\n"
    await open_file(session, "compose-case-target/Dockerfile", "dockerfile", dockerfile)
    text = "services:\n  app:\n    build:\n      context: .\n      target: \n"
    uri, _ = await open_file(session, "compose-case-target/compose.yaml", "yaml", text)
    assert await session.completion(uri, 4, 14) == ["App"]


async def test_completion_outside_target_is_empty(session: Session) -> None:
    uri, _ = await open_file(session, "compose-context-dockerfile/compose.yaml", "yaml")
    assert await session.completion(uri, 3, 16) == []


# Diagnostics and quick fixes


async def test_bake_unknown_target_is_one_error(session: Session) -> None:
    _, diagnostics = await open_file(
        session, "bake-unknown-target/docker-bake.hcl", "hcl"
    )
    assert [span(d.range) for d in diagnostics] == [(1, 12, 1, 16)]
    assert diagnostics[0].severity == types.DiagnosticSeverity.Error


@pytest.mark.parametrize(
    ("relative", "language_id"),
    [
        ("bake-unknown-target/docker-bake.hcl", "hcl"),
        ("compose-unknown-target/compose.yaml", "yaml"),
    ],
)
async def test_unknown_target_quick_fixes(
    session: Session, relative: str, language_id: str
) -> None:
    uri, diagnostics = await open_file(session, relative, language_id)
    (diagnostic,) = diagnostics
    actions = await code_actions(session, uri, diagnostic)
    assert [new_texts(action) for action in actions] == [["app"], ["app2"]]


async def test_quick_fix_replaces_target_value(session: Session) -> None:
    uri, diagnostics = await open_file(
        session, "compose-unknown-target/compose.yaml", "yaml"
    )
    (diagnostic,) = diagnostics
    actions = await code_actions(session, uri, diagnostic)
    assert actions[0].edit is not None and actions[0].edit.changes is not None
    (edit,) = actions[0].edit.changes[uri]
    assert span(edit.range) == (4, 14, 4, 18)


async def test_compose_unknown_target_error(session: Session) -> None:
    _, diagnostics = await open_file(
        session, "compose-unknown-target/compose.yaml", "yaml"
    )
    assert [span(d.range) for d in errors(diagnostics)] == [(4, 14, 4, 18)]


async def test_case_different_target_is_valid(session: Session) -> None:
    _, diagnostics = await open_file(
        session, "compose-case-target/compose.yaml", "yaml"
    )
    assert diagnostics == []


async def test_missing_dockerfile_and_context(session: Session) -> None:
    _, diagnostics = await open_file(
        session, "compose-missing-dockerfile/compose.yaml", "yaml"
    )
    assert [(span(d.range), d.code) for d in errors(diagnostics)] == [
        ((4, 18, 4, 36), "DockerfileNotFound"),
        ((7, 11, 7, 19), "DockerfileNotFound"),
    ]


@pytest.mark.parametrize(
    ("relative", "language_id", "expected", "suggestion"),
    [
        ("bake-inherits/docker-bake.hcl", "hcl", (20, 12, 20, 18), "release"),
        ("bake-json/docker-bake.json", "json", (9, 17, 9, 21), "debug"),
        (
            "github-actions/.github/workflows/ci.yml",
            "yaml",
            (12, 18, 12, 24),
            "release",
        ),
        ("gitlab-ci/.gitlab-ci.yml", "yaml", (10, 28, 10, 32), "test"),
        (
            "devcontainer/.devcontainer/devcontainer.json",
            "jsonc",
            (6, 15, 6, 26),
            "devcontainer",
        ),
    ],
)
async def test_misspelt_target_suggests_stage(
    session: Session,
    relative: str,
    language_id: str,
    expected: Span4,
    suggestion: str,
) -> None:
    _, diagnostics = await open_file(session, relative, language_id)
    (diagnostic,) = [d for d in errors(diagnostics) if d.code == "TargetNotFound"]
    assert span(diagnostic.range) == expected
    assert f"did you mean {suggestion}?" in diagnostic.message


async def test_bake_inherited_missing_dockerfile(session: Session) -> None:
    _, diagnostics = await open_file(session, "bake-inherits/docker-bake.hcl", "hcl")
    missing = [d for d in diagnostics if d.code == "DockerfileNotFound"]
    found = [(span(d.range), d.message) for d in missing if "web/" in d.message]
    assert found == [((5, 16, 5, 33), "Dockerfile not found: web/docker/Dockerfile")]


async def test_bake_override_reports_at_context(session: Session) -> None:
    _, diagnostics = await open_file(
        session, "bake-inherits/docker-bake.override.hcl", "hcl"
    )
    assert [span(d.range) for d in diagnostics] == [(1, 13, 1, 16)]


async def test_bake_inline_target_is_valid(session: Session) -> None:
    _, diagnostics = await open_file(session, "bake-inherits/docker-bake.hcl", "hcl")
    assert [d for d in diagnostics if d.range.start.line == 37] == []


async def test_valid_targets_have_no_errors(session: Session) -> None:
    for relative, language_id in [
        ("compose-override/compose.yaml", "yaml"),
        ("compose-override/compose.override.yaml", "yaml"),
        ("vscode-tasks/.vscode/tasks.json", "jsonc"),
        ("justfile/justfile", "just"),
        ("shell-target/Makefile", "makefile"),
    ]:
        _, diagnostics = await open_file(session, relative, language_id)
        assert diagnostics == [], relative


# Definition and hover


@pytest.mark.parametrize(
    ("relative", "language_id", "position", "dockerfile", "expected"),
    [
        (
            "shell-target/Makefile",
            "makefile",
            (2, 52),
            "shell-target/Dockerfile",
            (1, 13, 1, 17),
        ),
        (
            "github-actions/.github/workflows/ci.yml",
            "yaml",
            (17, 22),
            "github-actions/build/Dockerfile.ci",
            (1, 13, 1, 17),
        ),
        ("justfile/justfile", "just", (7, 16), "justfile/Dockerfile", (2, 29, 2, 36)),
        (
            "bake-inherits/docker-bake.hcl",
            "hcl",
            (10, 13),
            "bake-inherits/docker/Dockerfile",
            (0, 16, 0, 20),
        ),
        (
            "gitlab-ci/.gitlab-ci.yml",
            "yaml",
            (9, 30),
            "gitlab-ci/app/Dockerfile",
            (2, 22, 2, 29),
        ),
        (
            "vscode-tasks/.vscode/tasks.json",
            "jsonc",
            (11, 20),
            "vscode-tasks/api/Dockerfile.dev",
            (0, 16, 0, 19),
        ),
        (
            "bake-inherits/docker-bake.hcl",
            "hcl",
            (37, 13),
            "bake-inherits/docker-bake.hcl",
            (34, 20, 34, 23),
        ),
    ],
)
async def test_definition_goes_to_stage(
    session: Session,
    relative: str,
    language_id: str,
    position: tuple[int, int],
    dockerfile: str,
    expected: Span4,
) -> None:
    uri, _ = await open_file(session, relative, language_id)
    assert await definition(session, uri, *position) == [(uri_of(dockerfile), expected)]


async def test_definition_of_case_different_target(session: Session) -> None:
    uri, _ = await open_file(session, "compose-case-target/compose.yaml", "yaml")
    assert await definition(session, uri, 4, 15) == [
        (uri_of("compose-case-target/Dockerfile"), (0, 20, 0, 27))
    ]


async def test_definition_of_dockerfile_path(session: Session) -> None:
    uri, _ = await open_file(session, "compose-context-dockerfile/compose.yaml", "yaml")
    assert await definition(session, uri, 4, 20) == [
        (uri_of("compose-context-dockerfile/api/Dockerfile.other"), (0, 0, 0, 0))
    ]


async def test_hover_on_target_names_stage(session: Session) -> None:
    uri, _ = await open_file(session, "compose-case-target/compose.yaml", "yaml")
    text = await session.hover(uri, 4, 15)
    assert "builder" in text
    assert "Alpine" in text


async def test_hover_on_unknown_target(session: Session) -> None:
    uri, _ = await open_file(session, "compose-unknown-target/compose.yaml", "yaml")
    text = await session.hover(uri, 4, 15)
    assert "No stage" in text


# The Dockerfile side


async def test_compose_target_counts_as_used(session: Session) -> None:
    _, diagnostics = await open_file(
        session, "compose-unused-stage/Dockerfile", "dockerfile"
    )
    unused = [d for d in diagnostics if d.code == "UnusedStage"]
    assert [span(d.range) for d in unused] == [(3, 13, 3, 18)]
    assert list(unused[0].tags or []) == [types.DiagnosticTag.Unnecessary]


async def test_references_include_compose_target(session: Session) -> None:
    uri, _ = await open_file(session, "compose-unused-stage/Dockerfile", "dockerfile")
    result = await session.client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=2, character=14),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    assert [(item.uri, span(item.range)) for item in result or []] == [
        (uri_of("compose-unused-stage/compose.yaml"), (0, 46, 0, 50))
    ]


async def test_references_skip_dependency_folders(session: Session) -> None:
    uri, _ = await open_file(session, "over-caps/Dockerfile", "dockerfile")
    result = await session.client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=1, character=14),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    assert sorted(item.uri for item in result or []) == [
        uri_of("over-caps/big/compose.yaml"),
        uri_of("over-caps/many/zz/compose.yaml"),
    ]


async def test_rename_stage_edits_makefile(session: Session) -> None:
    uri, _ = await open_file(session, "shell-target/Dockerfile", "dockerfile")
    result = await session.client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=1, character=14),
            new_name="unit",
        )
    )
    assert result is not None and result.changes is not None
    makefile = result.changes[uri_of("shell-target/Makefile")]
    assert [(span(e.range), e.new_text) for e in makefile] == [((2, 52, 2, 56), "unit")]


async def test_editing_compose_refreshes_dockerfile(session: Session) -> None:
    dockerfile_uri, _ = await open_file(
        session, "compose-unused-stage/Dockerfile", "dockerfile"
    )
    compose_uri, _ = await open_file(
        session, "compose-unused-stage/compose.yaml", "yaml"
    )
    await session.change(
        compose_uri,
        [
            types.TextDocumentContentChangePartial(
                range=types.Range(
                    start=types.Position(line=0, character=46),
                    end=types.Position(line=0, character=50),
                ),
                text="debug",
            )
        ],
    )
    diagnostics = await session.diagnostics(
        dockerfile_uri, session.versions[dockerfile_uri]
    )
    unused = [d for d in diagnostics if d.code == "UnusedStage"]
    assert [span(d.range) for d in unused] == [(2, 13, 2, 17)]


async def test_workspace_symbols_read_named_dockerfiles(session: Session) -> None:
    result = await session.client.workspace_symbol_async(
        types.WorkspaceSymbolParams(query="runtime")
    )
    uris = {item.location.uri for item in result or [] if hasattr(item, "location")}
    assert uri_of("compose-context-dockerfile/api/Dockerfile.other") in uris


async def test_workspace_symbols_skip_unnamed_files(session: Session) -> None:
    result = await session.client.workspace_symbol_async(
        types.WorkspaceSymbolParams(query="wrong")
    )
    assert result == []


# Documents that are neither Dockerfiles nor build files


async def test_other_document_gets_nothing(session: Session) -> None:
    uri = uri_of("compose-missing-dockerfile/svc/README.txt")
    version = next(VERSIONS)
    session.versions[uri] = version
    session.client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="plaintext", version=version, text="FROM x AS\n"
            )
        )
    )
    if session.pull:
        assert await session.diagnostics(uri, version) == []
        return
    # A Dockerfile opened next gets its diagnostics after any for the text file.
    dockerfile_uri = uri_of("compose-missing-dockerfile/svc/Dockerfile")
    session.versions[dockerfile_uri] = version
    session.client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=dockerfile_uri,
                language_id="dockerfile",
                version=version,
                text="FROM alpine:3.20\n",
            )
        )
    )
    while not any(p.uri == dockerfile_uri for p in session.inbox.published):
        session.inbox.arrived.clear()
        await asyncio.wait_for(session.inbox.arrived.wait(), 20)
    assert [p for p in session.inbox.published if p.uri == uri] == []


async def test_other_document_has_no_completion(session: Session) -> None:
    uri = uri_of("compose-missing-dockerfile/svc/README.txt")
    version = next(VERSIONS)
    session.versions[uri] = version
    session.client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="plaintext", version=version, text="FROM x\n"
            )
        )
    )
    assert await session.completion(uri, 0, 5) == []
