"""The shared workspaces under ``fixtures/workspaces``, read end to end.

Each workspace is scanned and indexed, then targets are checked against the stage
names that BuildKit's own parser (the ``dockerfile`` package) finds in the
Dockerfile each site builds. ``fixtures/workspaces/README.md`` lists what each
workspace is for.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dockerfile_ls.core.text import Span
from dockerfile_ls.workspace import (
    BuildSite,
    WorkspaceIndex,
    effective_dockerfile,
    match_target,
    scan_workspace,
)

dockerfile = pytest.importorskip("dockerfile")

WORKSPACES = Path(__file__).resolve().parents[2] / "fixtures" / "workspaces"


def stage_names(text: str) -> list[str]:
    names = []
    for command in dockerfile.parse_string(text):
        if command.cmd.upper() == "FROM" and len(command.value) == 3:
            if command.value[1].lower() == "as":
                names.append(command.value[2].lower())
    return names


def index_of(name: str, **limits: int) -> tuple[Path, WorkspaceIndex]:
    root = WORKSPACES / name
    index = WorkspaceIndex()
    index.load(scan_workspace(str(root), **limits))
    return root, index


def sites_of(name: str, relative: str) -> tuple[Path, list[BuildSite]]:
    root, index = index_of(name)
    return root, index.sites_in_file(str(root / relative))


def stages_built(site: BuildSite) -> list[str]:
    if site.inline_dockerfile is not None:
        return stage_names(site.inline_dockerfile)
    path = effective_dockerfile(site)
    assert path is not None
    return stage_names(Path(path).read_text())


def test_compose_context_and_dockerfile() -> None:
    root, (site,) = sites_of("compose-context-dockerfile", "compose.yaml")
    assert site.dockerfile == str(root / "api" / "Dockerfile.other")
    assert site.insert_span is not None and site.insert_span.contains(5, 14)
    assert stages_built(site) == ["builder", "runtime"]


def test_compose_inline_dockerfile() -> None:
    _, (site,) = sites_of("compose-inline", "compose.yaml")
    assert site.insert_span is not None and site.insert_span.contains(7, 14)
    assert stages_built(site) == ["inl"]


@pytest.mark.parametrize("script", ["ci.sh", "ci-equals.sh"])
def test_shell_target_being_typed(script: str) -> None:
    root, (site,) = sites_of("shell-target", script)
    assert site.insert_span is not None and site.insert_span.contains(1, 45)
    assert site.dockerfile == str(root / "build" / "Dockerfile.ci")
    assert stages_built(site) == ["deps", "test", "release"]


def test_makefile_target_definition() -> None:
    root, (site,) = sites_of("shell-target", "Makefile")
    assert site.target_span == Span(2, 52, 2, 56)
    assert site.dockerfile == str(root / "Dockerfile")
    assert match_target("test", stages_built(site)).stage == "test"


def test_compose_target_marks_stage_used() -> None:
    root, index = index_of("compose-unused-stage")
    targets = [
        site.target for site in index.sites_for_dockerfile(str(root / "Dockerfile"))
    ]
    assert targets == ["lint"]


@pytest.mark.parametrize(
    ("workspace", "relative", "span"),
    [
        ("bake-unknown-target", "docker-bake.hcl", Span(1, 12, 1, 16)),
        ("compose-unknown-target", "compose.yaml", Span(4, 14, 4, 18)),
    ],
)
def test_unknown_target(workspace: str, relative: str, span: Span) -> None:
    _, (site,) = sites_of(workspace, relative)
    assert site.target_span == span
    match = match_target(site.target or "", stages_built(site))
    assert match.stage is None
    assert match.suggestions == ("app", "app2")


def test_bake_inherits() -> None:
    root, sites = sites_of("bake-inherits", "docker-bake.hcl")
    by_name = {site.name: site for site in sites}
    release = by_name["release"]
    assert release.dockerfile == str(root / "docker" / "Dockerfile")
    assert release.target_span == Span(20, 12, 20, 18)
    assert match_target("relase", stages_built(release)).suggestions == ("release",)
    assert by_name["test"].dockerfile == str(root / "web" / "docker" / "Dockerfile")
    assert not os.path.exists(by_name["test"].dockerfile or "")
    assert by_name["loop-a"].target == "build"
    assert stages_built(by_name["inline"]) == ["inl"]


def test_compose_case_different_target() -> None:
    _, (site,) = sites_of("compose-case-target", "compose.yaml")
    match = match_target(site.target or "", stages_built(site))
    assert match.stage == "builder"
    assert not match.exact_case


def test_compose_missing_dockerfile() -> None:
    _, sites = sites_of("compose-missing-dockerfile", "compose.yaml")
    assert [os.path.exists(site.dockerfile or "") for site in sites] == [False, False]
    assert sites[0].dockerfile_span == Span(4, 18, 4, 36)
    assert sites[1].context_span == Span(7, 11, 7, 19)


def test_compose_override() -> None:
    root, index = index_of("compose-override")
    sites = index.sites_for_dockerfile(str(root / "api" / "Dockerfile"))
    assert sorted(site.target or "" for site in sites) == ["dev", "prod"]


@pytest.mark.parametrize(
    ("workspace", "relative", "span", "suggestion"),
    [
        ("github-actions", ".github/workflows/ci.yml", Span(12, 18, 12, 24), "release"),
        ("gitlab-ci", ".gitlab-ci.yml", Span(10, 28, 10, 32), "test"),
        (
            "devcontainer",
            ".devcontainer/devcontainer.json",
            Span(6, 15, 6, 26),
            "devcontainer",
        ),
        ("bake-json", "docker-bake.json", Span(9, 17, 9, 21), "debug"),
    ],
)
def test_misspelt_target(
    workspace: str, relative: str, span: Span, suggestion: str
) -> None:
    _, sites = sites_of(workspace, relative)
    (site,) = [site for site in sites if site.target_span == span]
    match = match_target(site.target or "", stages_built(site))
    assert match.stage is None
    assert match.buildkit_suggestion == suggestion


@pytest.mark.parametrize(
    ("workspace", "relative", "span"),
    [
        ("github-actions", ".github/workflows/ci.yml", Span(17, 21, 17, 25)),
        ("gitlab-ci", ".gitlab-ci.yml", Span(9, 28, 9, 35)),
        ("vscode-tasks", ".vscode/tasks.json", Span(11, 19, 11, 22)),
        ("justfile", "justfile", Span(3, 26, 3, 30)),
        ("justfile", "justfile", Span(7, 15, 7, 22)),
    ],
)
def test_known_target(workspace: str, relative: str, span: Span) -> None:
    _, sites = sites_of(workspace, relative)
    (site,) = [site for site in sites if site.target_span == span]
    assert match_target(site.target or "", stages_built(site)).stage == site.target


def test_over_caps_reads_only_root_compose() -> None:
    root = WORKSPACES / "over-caps"
    result = scan_workspace(str(root), max_files=10, max_file_size=1024)
    assert list(result.files) == [str(root / "compose.yaml")]
    assert result.max_files_hit
    assert result.too_large == [str(root / "big" / "compose.yaml")]
