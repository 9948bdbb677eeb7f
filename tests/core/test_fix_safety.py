"""Fixes and refactorings must never change what another reference names.

Each case once produced an edit that BuildKit would read differently.
"""

from __future__ import annotations

import pytest

from dockerfile_ls.core.analysis import analyze
from dockerfile_ls.core.refactor import RefactorError, apply_edits, rename_stage


def _fixes(text: str, rule: str) -> list[list[tuple[tuple[int, int, int, int], str]]]:
    return [
        [(tuple(edit.span), edit.new_text) for edit in fix.edits]  # type: ignore[misc]
        for item in analyze(text).findings
        if item.rule.name == rule
        for fix in item.fixes
    ]


def test_variable_fix_keeps_dollar_sign() -> None:
    text = "FROM --platform=$BUIDPLATFORM alpine:3.22\n"
    fixes = _fixes(text, "EmptyPlatform")
    assert fixes == [[((0, 17, 0, 29), "BUILDPLATFORM")]]
    fixed = apply_edits(text, [e for e in analyze(text).findings[0].fixes[0].edits])
    assert fixed == "FROM --platform=$BUILDPLATFORM alpine:3.22\n"


def test_braced_variable_fix_keeps_braces() -> None:
    text = "ARG VERSION=3.22\nFROM alpine:${VERSOIN}\n"
    findings = [
        f for f in analyze(text).findings if f.rule.name == "UndefinedArgInFrom"
    ]
    assert len(findings) == 1
    fixed = apply_edits(text, list(findings[0].fixes[0].edits))
    assert fixed == "ARG VERSION=3.22\nFROM alpine:${VERSION}\n"


def test_no_removal_of_stage_another_stage_uses() -> None:
    # `helper` and `tool` are both unused; removing `helper` would make tool's
    # --from=helper pull an image called helper.
    text = (
        "FROM alpine AS helper\n"
        "FROM alpine AS tool\n"
        "COPY --from=helper /a /b\n"
        "FROM alpine\n"
    )
    findings = {
        f.rule.name + ":" + str(f.span.start_line): f for f in analyze(text).findings
    }
    helper = findings["UnusedStage:0"]
    tool = findings["UnusedStage:1"]
    assert helper.fixes == ()
    assert "only unused stages use it (tool)" in helper.message
    assert [fix.title for fix in tool.fixes] == ["Remove unused stage tool"]


def test_rename_rejects_stage_chosen_by_build_argument() -> None:
    text = (
        "ARG VARIANT=alpine\n"
        "FROM debian:12 AS base-debian\n"
        "FROM alpine:3.22 AS base-alpine\n"
        "FROM base-${VARIANT}\n"
    )
    analysis = analyze(text)
    for stage in analysis.graph.stages[:2]:
        with pytest.raises(RefactorError, match="through a build argument"):
            rename_stage(analysis, stage, "renamed")


def test_rename_of_unrelated_stage_is_allowed() -> None:
    text = "FROM alpine AS tools\nFROM base-${VARIANT:-x}\nCOPY --from=tools / /\n"
    analysis = analyze(text)
    edits = rename_stage(analysis, analysis.graph.stages[0], "kit")
    assert apply_edits(text, edits).splitlines()[2] == "COPY --from=kit / /"
