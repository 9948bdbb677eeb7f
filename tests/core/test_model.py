"""The build graph's own API: stage fields, reference spans and graph walks.

The resolution rules themselves are tested case by case in
``test_semantics_cases.py``; here each test checks one accessor.
"""

from __future__ import annotations

from dockerfile_ls.core.analysis import analyze
from dockerfile_ls.core.model import (
    BuildGraph,
    RefKind,
    csv_fields,
    stage_name_is_valid,
)


def _graph(text: str) -> BuildGraph:
    return analyze(text).graph


def test_description_from_comment_with_name() -> None:
    # BuildKit's getComment: the text after "<name> " in a comment above FROM.
    graph = _graph("# build compiles the app\nFROM golang AS build\n")
    assert graph.stages[0].description == "compiles the app"


def test_description_uses_lowercased_name() -> None:
    graph = _graph("# Build compiles the app\nFROM golang AS Build\n")
    assert graph.stages[0].description is None


def test_description_needs_name_prefix() -> None:
    graph = _graph("# compiles the app\nFROM golang AS build\n")
    assert graph.stages[0].description is None


def test_description_found_across_comment_block() -> None:
    text = "FROM alpine\n# build compiles the app\n# (slow)\n\nFROM golang AS build\n"
    assert _graph(text).stages[1].description == "compiles the app"


def test_description_cut_by_empty_comment() -> None:
    text = "FROM alpine\n# build compiles the app\n#\nFROM golang AS build\n"
    assert _graph(text).stages[1].description is None


def test_comment_is_line_above() -> None:
    graph = _graph("FROM alpine\n# the runtime image\nFROM debian\n")
    assert graph.stages[1].comment == "the runtime image"


def test_directive_is_not_a_comment() -> None:
    graph = _graph("# syntax=docker/dockerfile:1\nFROM alpine\n")
    assert graph.stages[0].comment is None


def test_display_name_of_unnamed_stage() -> None:
    graph = _graph("FROM alpine\nFROM debian AS Final\n")
    assert [stage.display_name for stage in graph.stages] == ["stage-0", "Final"]


def test_reference_name_of_unnamed_stage() -> None:
    graph = _graph("FROM alpine\nFROM debian AS Final\n")
    assert [stage.reference_name for stage in graph.stages] == ["0", "final"]


def test_mount_from_span() -> None:
    graph = _graph(
        "FROM alpine AS build\nFROM alpine\n"
        "RUN --mount=type=bind,from=build,target=/b ls\n"
    )
    mount = next(ref for ref in graph.references if ref.kind is RefKind.MOUNT_FROM)
    assert tuple(mount.span) == (2, 27, 2, 32)


def test_mount_from_quoted_field() -> None:
    graph = _graph('FROM alpine AS build\nFROM alpine\nRUN --mount="from=build" ls\n')
    mount = next(ref for ref in graph.references if ref.kind is RefKind.MOUNT_FROM)
    assert mount.text == "build"


def test_onbuild_reference_kind() -> None:
    graph = _graph("FROM alpine AS base\nONBUILD COPY --from=base / /\n")
    assert [ref.kind for ref in graph.references] == [
        RefKind.FROM,
        RefKind.ONBUILD_COPY_FROM,
    ]


def test_onbuild_reference_kept_on_stage() -> None:
    graph = _graph("FROM alpine AS base\nONBUILD COPY --from=base / /\n")
    assert len(graph.stages[0].onbuild_references) == 1


def test_children_of_stage() -> None:
    graph = _graph("FROM alpine AS base\nFROM base AS a\nFROM alpine\nFROM base\n")
    assert [child.index for child in graph.children(graph.stages[0])] == [1, 3]


def test_dependencies_include_triggers() -> None:
    text = (
        "FROM alpine AS tools\nFROM alpine AS base\nONBUILD COPY --from=tools / /\n"
        "FROM base\n"
    )
    graph = _graph(text)
    assert graph.dependencies(graph.stages[2]) == [1, 0]


def test_dependencies_without_triggers() -> None:
    text = (
        "FROM alpine AS tools\nFROM alpine AS base\nONBUILD COPY --from=tools / /\n"
        "FROM base\n"
    )
    graph = _graph(text)
    assert graph.dependencies(graph.stages[2], onbuild=False) == [1]


def test_base_chain_follows_from_links() -> None:
    text = "FROM ubuntu:22.04 AS base\nFROM base AS dist\nFROM dist AS prod\n"
    graph = _graph(text)
    chain = graph.base_chain(graph.stages[2])
    assert [stage.name for stage in chain] == ["prod", "dist", "base"]


def test_stage_at_line_includes_trailing_lines() -> None:
    graph = _graph("FROM alpine AS a\nRUN x\n\n# next\nFROM alpine AS b\n")
    stage = graph.stage_at_line(3)
    assert getattr(stage, "name", None) == "a"


def test_csv_fields_offsets() -> None:
    assert csv_fields('type=bind,"from=a,b",target=/t') == [
        ("type=bind", 0),
        ("from=a,b", 11),
        ("target=/t", 21),
    ]


def test_stage_name_lowercased_before_check() -> None:
    assert stage_name_is_valid("Build.v2_x-y")


def test_stage_name_rejects_leading_digit() -> None:
    assert not stage_name_is_valid("2build")
