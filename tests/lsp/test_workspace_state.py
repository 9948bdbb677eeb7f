"""The server's workspace state, driven in process without a client.

Covers what the end-to-end tests cannot see directly: how documents are sorted
into Dockerfiles, build files and the rest, which places build a Dockerfile
(``build_sites``, listed in the hover of a stage), and which files the server
reads.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from dockerfile_ls.lsp.documents import DocumentKind, document_kind
from dockerfile_ls.lsp.features.target_diagnostics import document_problems
from dockerfile_ls.lsp.server import DockerfileLanguageServer, create_server
from dockerfile_ls.lsp.workspace_state import read_limited

WORKSPACES = Path(__file__).resolve().parents[2] / "fixtures" / "workspaces"


@pytest.mark.parametrize(
    ("uri", "language_id", "kind"),
    [
        ("file:///w/Dockerfile", "dockerfile", DocumentKind.DOCKERFILE),
        ("file:///w/notes.txt", "dockerfile", DocumentKind.DOCKERFILE),
        ("untitled:Untitled-1", "dockerfile", DocumentKind.DOCKERFILE),
        ("file:///w/Containerfile", "plaintext", DocumentKind.DOCKERFILE),
        ("file:///w/api.Dockerfile", "", DocumentKind.DOCKERFILE),
        ("file:///w/Dockerfile.dev", "plaintext", DocumentKind.DOCKERFILE),
        ("file:///w/compose.yaml", "yaml", DocumentKind.BUILD_FILE),
        ("file:///w/compose.override.yml", "dockercompose", DocumentKind.BUILD_FILE),
        ("file:///w/docker-bake.hcl", "hcl", DocumentKind.BUILD_FILE),
        ("file:///w/ci.sh", "shellscript", DocumentKind.BUILD_FILE),
        ("file:///w/Makefile", "makefile", DocumentKind.BUILD_FILE),
        ("file:///w/justfile", "just", DocumentKind.BUILD_FILE),
        ("file:///w/.github/workflows/ci.yml", "yaml", DocumentKind.BUILD_FILE),
        ("file:///w/.gitlab-ci.yml", "yaml", DocumentKind.BUILD_FILE),
        ("file:///w/.vscode/tasks.json", "jsonc", DocumentKind.BUILD_FILE),
        (
            "file:///w/.devcontainer/devcontainer.json",
            "jsonc",
            DocumentKind.BUILD_FILE,
        ),
        ("file:///w/README.md", "markdown", DocumentKind.OTHER),
        ("file:///w/values.yaml", "yaml", DocumentKind.OTHER),
        ("untitled:Untitled-2", "plaintext", DocumentKind.OTHER),
    ],
)
def test_document_kind(uri: str, language_id: str, kind: DocumentKind) -> None:
    assert document_kind(uri, language_id) is kind


def indexed_server() -> DockerfileLanguageServer:
    server = create_server()
    server.workspace_state.set_roots([WORKSPACES.as_uri()])
    server.workspace_state.index_workspace()
    return server


def open_document(
    server: DockerfileLanguageServer, relative: str, language_id: str, text: str
) -> str:
    uri = (WORKSPACES / relative).as_uri()
    document = server.documents.open(
        types.TextDocumentItem(uri=uri, language_id=language_id, version=1, text=text)
    )
    server.workspace_state.document_opened(document)
    return uri


def test_analysis_only_for_dockerfiles() -> None:
    server = indexed_server()
    uri = open_document(server, "compose-case-target/compose.yaml", "yaml", "FROM x\n")
    assert server.analysis(uri) is None


def test_build_sites_of_dockerfile() -> None:
    server = indexed_server()
    uri = (WORKSPACES / "shell-target" / "Dockerfile").as_uri()
    sites = server.build_sites(uri)
    assert [(Path(site.file).name, site.target) for site in sites] == [
        ("Makefile", "test")
    ]


def test_build_sites_across_compose_files() -> None:
    server = indexed_server()
    uri = (WORKSPACES / "compose-override" / "api" / "Dockerfile").as_uri()
    names = [Path(site.file).name for site in server.build_sites(uri)]
    assert names == ["compose.override.yaml", "compose.yaml"]


def test_external_targets_of_dockerfile() -> None:
    server = indexed_server()
    uri = (WORKSPACES / "compose-override" / "api" / "Dockerfile").as_uri()
    assert server.external_targets(uri) == frozenset({"dev", "prod"})


def test_open_build_file_wins_over_disk() -> None:
    server = indexed_server()
    text = "services:\n  app:\n    build:\n      context: .\n      target: runtime\n"
    open_document(server, "compose-case-target/compose.yaml", "yaml", text)
    uri = (WORKSPACES / "compose-case-target" / "Dockerfile").as_uri()
    assert server.external_targets(uri) == frozenset({"runtime"})


def test_closed_build_file_is_read_again() -> None:
    server = indexed_server()
    text = "services:\n  app:\n    build:\n      context: .\n      target: runtime\n"
    uri = open_document(server, "compose-case-target/compose.yaml", "yaml", text)
    document = server.documents.get(uri)
    assert document is not None
    server.documents.close(uri)
    server.workspace_state.document_closed(document)
    dockerfile = (WORKSPACES / "compose-case-target" / "Dockerfile").as_uri()
    assert server.external_targets(dockerfile) == frozenset({"Builder"})


def test_only_named_dockerfiles_are_known() -> None:
    server = indexed_server()
    paths = server.workspace_state.named_dockerfiles()
    unnamed = WORKSPACES / "compose-context-dockerfile" / "api" / "Dockerfile"
    assert str(unnamed) not in paths


def test_unnamed_dockerfile_is_not_read() -> None:
    server = indexed_server()
    unnamed = WORKSPACES / "compose-context-dockerfile" / "api" / "Dockerfile"
    assert server.workspace_state.dockerfile_analysis(str(unnamed)) is None


def test_read_limited_rejects_large_file(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text("FROM scratch\n" * 100)
    assert read_limited(str(path), 1024) is None


def test_read_limited_strips_bom(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_bytes(b"\xef\xbb\xbfFROM scratch\n")
    assert read_limited(str(path), 1024) == "FROM scratch\n"


def test_dynamic_target_is_not_checked() -> None:
    server = indexed_server()
    text = "services:\n  app:\n    build:\n      context: .\n      target: ${TARGET}\n"
    uri = open_document(server, "compose-case-target/compose.yaml", "yaml", text)
    assert document_problems(server.workspace_state, uri) == []


def test_unknown_target_is_checked() -> None:
    server = indexed_server()
    text = "services:\n  app:\n    build:\n      context: .\n      target: biulder\n"
    uri = open_document(server, "compose-case-target/compose.yaml", "yaml", text)
    (problem,) = document_problems(server.workspace_state, uri)
    assert problem.replacements == ("builder",)
