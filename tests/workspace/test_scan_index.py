"""Tests for the bounded workspace scan and the workspace index."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dockerfile_ls.workspace import WorkspaceIndex, scan_workspace
from dockerfile_ls.workspace.index import effective_dockerfile
from dockerfile_ls.workspace.readers import kind_for

COMPOSE = "services:\n  app:\n    build:\n      context: .\n      target: app\n"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return path


def test_scan_reads_handled_files_only(tmp_path: Path) -> None:
    write(tmp_path / "compose.yaml", COMPOSE)
    write(tmp_path / "README.md", "docker build .\n")
    result = scan_workspace(str(tmp_path))
    assert list(result.files) == [str(tmp_path / "compose.yaml")]
    assert result.visited_files == 2


@pytest.mark.parametrize(
    "folder", [".git", "node_modules", ".venv", "__pycache__", "vendor"]
)
def test_scan_skips_folder(tmp_path: Path, folder: str) -> None:
    write(tmp_path / folder / "compose.yaml", COMPOSE)
    assert scan_workspace(str(tmp_path)).files == {}


def test_scan_walks_dot_folders_that_hold_build_files(tmp_path: Path) -> None:
    workflow = write(tmp_path / ".github" / "workflows" / "ci.yml", "on: push\n")
    assert str(workflow) in scan_workspace(str(tmp_path)).files


def test_scan_stops_at_max_files(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "a")
    write(tmp_path / "b.txt", "b")
    write(tmp_path / "sub" / "compose.yaml", COMPOSE)
    result = scan_workspace(str(tmp_path), max_files=2)
    assert result.max_files_hit
    assert result.files == {}


def test_scan_is_breadth_first(tmp_path: Path) -> None:
    write(tmp_path / "a" / "b" / "c" / "compose.yaml", COMPOSE)
    write(tmp_path / "z" / "compose.yaml", COMPOSE)
    result = scan_workspace(str(tmp_path), max_files=1)
    assert list(result.files) == [str(tmp_path / "z" / "compose.yaml")]


def test_scan_skips_large_files(tmp_path: Path) -> None:
    big = write(tmp_path / "compose.yaml", COMPOSE + "#" * 2000 + "\n")
    result = scan_workspace(str(tmp_path), max_file_size=1024)
    assert result.too_large == [str(big)]
    assert result.max_file_size_hit
    assert result.files == {}


def test_scan_strips_byte_order_mark(tmp_path: Path) -> None:
    path = write(tmp_path / "compose.yaml", b"\xef\xbb\xbf" + COMPOSE.encode())
    assert scan_workspace(str(tmp_path)).files[str(path)] == COMPOSE


def test_scan_skips_undecodable_files(tmp_path: Path) -> None:
    path = write(tmp_path / "compose.yaml", b"services: \xff\xfe\n")
    result = scan_workspace(str(tmp_path))
    assert result.undecodable == [str(path)]
    assert result.files == {}


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_scan_does_not_follow_symlinks(tmp_path: Path) -> None:
    write(tmp_path / "real" / "compose.yaml", COMPOSE)
    os.symlink(tmp_path, tmp_path / "real" / "loop")
    os.symlink(tmp_path / "real" / "compose.yaml", tmp_path / "compose.yaml")
    result = scan_workspace(str(tmp_path))
    assert list(result.files) == [str(tmp_path / "real" / "compose.yaml")]


def test_scan_logs_caps(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    write(tmp_path / "a.txt", "a")
    write(tmp_path / "b.txt", "b")
    scan_workspace(str(tmp_path), max_files=1)
    assert "maxFiles" in caplog.text


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/w/compose.yaml", "compose"),
        ("/w/docker-compose.override.yml", "compose"),
        ("/w/docker-bake.hcl", "bake"),
        ("/w/docker-bake.override.json", "bake"),
        ("/w/scripts/build.sh", "shell"),
        ("/w/Makefile", "makefile"),
        ("/w/docker.mk", "makefile"),
        ("/w/justfile", "justfile"),
        ("/w/Justfile", "justfile"),
        ("/w/.github/workflows/ci.yml", "github-actions"),
        ("/w/.gitlab-ci.yml", "gitlab-ci"),
        ("/w/.vscode/tasks.json", "vscode-tasks"),
        ("/w/.devcontainer/devcontainer.json", "devcontainer"),
        ("/w/Dockerfile", None),
        ("/w/tasks.json", None),
    ],
)
def test_kind_for(path: str, kind: str | None) -> None:
    assert kind_for(path) == kind


def test_index_sites_for_dockerfile(tmp_path: Path) -> None:
    index = WorkspaceIndex()
    index.update_file(str(tmp_path / "compose.yaml"), COMPOSE)
    index.update_file(str(tmp_path / "ci.sh"), "docker build -f other/Dockerfile .\n")
    sites = index.sites_for_dockerfile(str(tmp_path / "Dockerfile"))
    assert [site.kind for site in sites] == ["compose"]


def test_index_update_replaces_sites(tmp_path: Path) -> None:
    index = WorkspaceIndex()
    path = str(tmp_path / "ci.sh")
    index.update_file(path, "docker build --target a .\n")
    index.update_file(path, "docker build --target b .\n")
    assert [site.target for site in index.sites_in_file(path)] == ["b"]


def test_index_remove_file(tmp_path: Path) -> None:
    index = WorkspaceIndex()
    path = str(tmp_path / "ci.sh")
    index.update_file(path, "docker build .\n")
    index.remove_file(path)
    assert index.sites_in_file(path) == []
    assert index.files() == []


def test_index_ignores_unhandled_files(tmp_path: Path) -> None:
    assert not WorkspaceIndex().update_file(str(tmp_path / "notes.txt"), "x")


def test_index_regroups_compose_override(tmp_path: Path) -> None:
    index = WorkspaceIndex()
    base = str(tmp_path / "compose.yaml")
    override = str(tmp_path / "compose.override.yaml")
    index.update_file(override, "services:\n  app:\n    build:\n      target: dev\n")
    (alone,) = index.sites_in_file(override)
    assert alone.context == str(tmp_path)
    index.update_file(base, "services:\n  app:\n    build:\n      context: ./api\n")
    (grouped,) = index.sites_in_file(override)
    assert grouped.context == str(tmp_path / "api")
    index.remove_file(base)
    (again,) = index.sites_in_file(override)
    assert again.context == str(tmp_path)


def test_index_regroups_bake_override(tmp_path: Path) -> None:
    index = WorkspaceIndex()
    base = str(tmp_path / "docker-bake.hcl")
    index.update_file(base, 'target "app" {\n  target = "dev"\n}\n')
    index.update_file(
        str(tmp_path / "docker-bake.override.hcl"),
        'target "app" {\n  context = "web"\n}\n',
    )
    (site,) = index.sites_in_file(base)
    assert site.dockerfile == str(tmp_path / "web" / "Dockerfile")


def test_index_keeps_bom_columns(tmp_path: Path) -> None:
    index = WorkspaceIndex()
    path = str(tmp_path / "compose.yaml")
    index.update_file(path, "\ufeffservices: {a: {build: {target: x}}}\n")
    (site,) = index.sites_in_file(path)
    assert site.target_span is not None
    assert site.target_span.start_col == 32


def test_index_survives_reader_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dockerfile_ls.workspace import shell

    def broken(path: str, text: str) -> list[object]:
        raise RuntimeError("reader bug")

    monkeypatch.setattr(shell, "read_shell", broken)
    index = WorkspaceIndex()
    index.update_file(str(tmp_path / "ci.sh"), "docker build .\n")
    assert index.sites_in_file(str(tmp_path / "ci.sh")) == []


def test_effective_dockerfile_prefers_existing_candidate(tmp_path: Path) -> None:
    index = WorkspaceIndex()
    index.update_file(str(tmp_path / "ci.sh"), "podman build .\n")
    (site,) = index.sites_in_file(str(tmp_path / "ci.sh"))
    containerfile = str(tmp_path / "Containerfile")
    dockerfile = str(tmp_path / "Dockerfile")
    assert effective_dockerfile(site, lambda path: path == dockerfile) == dockerfile
    assert effective_dockerfile(site, lambda path: True) == containerfile
    found = index.sites_for_dockerfile(
        dockerfile, exists=lambda path: path == dockerfile
    )
    assert found == [site]


def test_index_sites_at_position(tmp_path: Path) -> None:
    index = WorkspaceIndex()
    path = str(tmp_path / "docker-bake.hcl")
    text = (
        'target "base" {\n  target = "deps"\n}\n'
        'target "a" {\n  inherits = ["base"]\n  context = "a"\n}\n'
    )
    index.update_file(path, text)
    found = index.sites_at(path, 1, 14)
    assert sorted(site.name or "" for site in found) == ["a", "base"]
    assert index.sites_at(path, 0, 0) == []
