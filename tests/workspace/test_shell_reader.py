"""Table tests for build commands in shell scripts.

Expected paths follow the tools' documented rules. Docker resolves ``-f`` against
the working directory and defaults to ``Dockerfile`` in the context. Podman and
buildah read ``Containerfile`` before ``Dockerfile``, and without a context they
use the folder of the ``-f`` file.
"""

from __future__ import annotations

import pytest

from dockerfile_ls.core.text import Span
from dockerfile_ls.workspace.shell import read_shell
from dockerfile_ls.workspace.sites import BuildSite

SCRIPT = "/w/ci.sh"


def only_site(text: str) -> BuildSite:
    sites = read_shell(SCRIPT, text)
    assert len(sites) == 1
    return sites[0]


def test_target_being_typed_before_context() -> None:
    site = only_site("#!/bin/sh\ndocker build -f build/Dockerfile.ci --target  .\n")
    assert site.target == ""
    assert site.target_span is None
    assert site.insert_span == Span(1, 44, 1, 46)
    assert site.insert_span.contains(1, 45)
    assert (site.insert_prefix, site.insert_suffix) == (" ", " ")
    assert site.dockerfile == "/w/build/Dockerfile.ci"
    assert site.context == "/w"


def test_target_equals_form_empty() -> None:
    site = only_site("#!/bin/sh\ndocker build -f build/Dockerfile.ci --target= .\n")
    assert site.target == ""
    assert site.target_span == Span(1, 45, 1, 45)
    assert site.insert_span == Span(1, 45, 1, 45)
    assert site.insert_prefix == ""


def test_target_flag_at_end_of_line() -> None:
    site = only_site("docker build . --target")
    assert site.target == ""
    assert site.insert_span == Span(0, 23, 0, 23)
    assert (site.insert_prefix, site.insert_suffix) == (" ", "")


@pytest.mark.parametrize(
    ("line", "target", "span"),
    [
        ("docker build --target test .", "test", Span(0, 22, 0, 26)),
        ("docker build --target=test .", "test", Span(0, 22, 0, 26)),
        ('docker build --target="te" .', "te", Span(0, 23, 0, 25)),
        ("docker build --target '' .", "", Span(0, 23, 0, 23)),
        ("docker build --target a --target b .", "b", Span(0, 33, 0, 34)),
        ("docker build --target test", "test", Span(0, 22, 0, 26)),
    ],
)
def test_target_value_and_span(line: str, target: str, span: Span) -> None:
    site = only_site(line)
    assert site.target == target
    assert site.target_span == span


@pytest.mark.parametrize(
    "line", ['docker build --target "$T" .', "docker build --target=${T} ."]
)
def test_expanded_target_is_dynamic(line: str) -> None:
    assert only_site(line).target_dynamic


@pytest.mark.parametrize(
    ("line", "dockerfile", "context"),
    [
        ("docker build .", "/w/Dockerfile", "/w"),
        ("docker build app", "/w/app/Dockerfile", "/w/app"),
        ("docker build -f app/Dockerfile.dev app", "/w/app/Dockerfile.dev", "/w/app"),
        ("docker build --file=/abs/Dockerfile .", "/abs/Dockerfile", "/w"),
        ("docker build -qf x/D .", "/w/x/D", "/w"),
        ("docker build -fx/D .", "/w/x/D", "/w"),
        ("docker build -f=x/D .", "/w/x/D", "/w"),
        ("docker build -t a:b -f x/D -- ctx", "/w/x/D", "/w/ctx"),
        ("docker build -f - .", None, "/w"),
        ("docker build - < Dockerfile", None, None),
        ("docker build https://github.com/o/r.git#main", None, None),
        ("docker build -f D git@github.com:o/r.git", None, None),
        ("docker build -f $DF .", None, "/w"),
    ],
)
def test_dockerfile_and_context(
    line: str, dockerfile: str | None, context: str | None
) -> None:
    site = only_site(line)
    assert site.dockerfile == dockerfile
    assert site.context == context


@pytest.mark.parametrize(
    "line",
    [
        "docker buildx build --target t .",
        "docker buildx --builder b build --target t .",
        "docker buildx b --target t .",
        "docker image build --target t .",
        "docker builder build --target t .",
        "docker --context remote -D build --target t .",
        "/usr/bin/docker build --target t .",
        "nerdctl --namespace k8s.io build --target t .",
        "podman --remote build --target t .",
        "podman image build --target t .",
        "buildah bud --target t .",
        "buildah build --target t .",
        "buildah --storage-driver vfs build-using-dockerfile --target t .",
        "sudo -E docker build --target t .",
        "sudo -u root docker build --target t .",
        "DOCKER_BUILDKIT=1 docker build --target t .",
        "env -i PATH=/bin docker build --target t .",
        "time nice -n 5 docker build --target t .",
        "timeout 10m docker build --target t .",
        "if docker build --target t .; then echo ok; fi",
        "! command docker build --target t .",
        "docker build --target t . 2>&1 | tee log",
    ],
)
def test_recognized_command_forms(line: str) -> None:
    site = only_site(line)
    assert site.target == "t"


@pytest.mark.parametrize(
    "line",
    [
        "echo docker build --target t .",
        "docker run --target t image",
        "docker compose build",
        "docker buildx bake",
        "podman pull x",
        "$DOCKER build --target t .",
        "# docker build --target t .",
    ],
)
def test_not_a_build(line: str) -> None:
    assert read_shell(SCRIPT, line) == []


def test_containerfile_then_dockerfile_for_podman() -> None:
    site = only_site("podman build sub")
    assert site.dockerfile == "/w/sub/Containerfile"
    assert site.dockerfile_alternatives == ("/w/sub/Dockerfile",)


def test_buildah_file_relative_to_cwd_then_context() -> None:
    site = only_site("buildah bud -f Containerfile.x ctx")
    assert site.dockerfile == "/w/Containerfile.x"
    assert site.dockerfile_alternatives == ("/w/ctx/Containerfile.x",)


def test_buildah_context_defaults_to_file_folder() -> None:
    assert only_site("buildah build -f sub/Containerfile").context == "/w/sub"


@pytest.mark.parametrize(
    ("script", "contexts"),
    [
        ("cd app && docker build .", ["/w/app"]),
        ("cd app\ndocker build .\ncd ..\ndocker build .", ["/w/app", "/w"]),
        ("(cd app; docker build .)\ndocker build .", ["/w/app", "/w"]),
        ('cd "$DIR" && docker build .', [None]),
        ("cd && docker build .", [None]),
        ("pushd /srv && docker build .", ["/srv"]),
        ("env -C sub docker build .", ["/w/sub"]),
    ],
)
def test_working_directory_follows_cd(script: str, contexts: list[str | None]) -> None:
    assert [site.context for site in read_shell(SCRIPT, script)] == contexts


def test_heredoc_dockerfile_from_stdin() -> None:
    script = (
        "docker build -f- . <<EOF\nFROM alpine AS x\n"
        "RUN docker build --target no .\nEOF\n"
    )
    site = only_site(script)
    assert site.dockerfile is None


def test_spans_across_continuation_lines() -> None:
    site = only_site("docker build \\\n  -f d/Dockerfile \\\n  --target test \\\n  .\n")
    assert site.dockerfile_span == Span(1, 5, 1, 17)
    assert site.target_span == Span(2, 11, 2, 15)
    assert site.context_span == Span(3, 2, 3, 3)
    assert site.context == "/w"


def test_several_builds_in_one_script() -> None:
    script = "docker build --target a . && docker build --target b .\n"
    assert [site.target for site in read_shell(SCRIPT, script)] == ["a", "b"]


def test_site_names_file_and_kind() -> None:
    site = only_site("docker build .")
    assert (site.file, site.kind) == (SCRIPT, "shell")
