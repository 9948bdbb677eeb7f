"""Rule messages, ``# check=skip=`` and unused-stage hints.

Messages of BuildKit's build checks are compared exactly with the formatters in
BuildKit's ``frontend/dockerfile/linter/ruleset.go``. For the errors BuildKit
fails a build with, the message starts with BuildKit's own error text
(``dockerfile2llb/convert.go``, ``instructions/parse.go``, ``parser``). The analysis
may add advice after it.
"""

from __future__ import annotations

import pytest

from dockerfile_ls.core.analysis import AnalysisOptions, analyze
from dockerfile_ls.core.model import build_graph
from dockerfile_ls.core.parser import parse
from dockerfile_ls.core.rules import CheckOptions, Finding, Severity, check

# Rules about what the base image runs depend on today's date and the offline image
# knowledge. They have tests of their own, so they are left out here.
BASE_IMAGE_RULES = {
    "BaseImageEndOfLife",
    "PackageManagerNotOnBase",
    "ShellFormWithoutShell",
}


def _findings(text: str, options: AnalysisOptions | None = None) -> list[Finding]:
    findings = analyze(text, options=options).findings
    return [item for item in findings if item.rule.name not in BASE_IMAGE_RULES]


def _messages(text: str, rule: str) -> list[str]:
    return [item.message for item in _findings(text) if item.rule.name == rule]


def _rules(text: str, options: AnalysisOptions | None = None) -> list[str]:
    return [item.rule.name for item in _findings(text, options)]


# Build checks: the exact text of BuildKit's formatter.
CHECK_MESSAGES = [
    (
        "FROM alpine AS Build\n",
        "StageNameCasing",
        "Stage name 'Build' should be lowercase",
    ),
    (
        "FROM alpine as build\n",
        "FromAsCasing",
        "'as' and 'FROM' keywords' casing do not match",
    ),
    (
        "FROM alpine AS x\nFROM alpine AS X\n",
        "DuplicateStageName",
        'Duplicate stage name "x", stage names should be unique',
    ),
    (
        "FROM alpine AS context\n",
        "ReservedStageName",
        'Stage name should not use the same name as reserved stage "context"',
    ),
    (
        "FROM alpine:${TAG}\n",
        "UndefinedArgInFrom",
        "FROM argument 'TAG' is not declared",
    ),
    (
        "ARG VERSION=1\nFROM alpine:$VERSON\n",
        "UndefinedArgInFrom",
        "FROM argument 'VERSON' is not declared (did you mean VERSION?)",
    ),
    (
        "FROM --platform=linux/amd64 alpine\n",
        "FromPlatformFlagConstDisallowed",
        'FROM --platform flag should not use constant value "linux/amd64"',
    ),
    (
        "FROM --platform=$TARGETPLATFORM alpine\n",
        "RedundantTargetPlatform",
        "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as "
        "this is the default behavior",
    ),
    (
        'FROM alpine\nCMD ["a"]\nCMD ["b"]\n',
        "MultipleInstructionsDisallowed",
        "Multiple CMD instructions should not be used in the same stage because "
        "only the last one will be used",
    ),
    (
        "FROM alpine\nENTRYPOINT run\n",
        "JSONArgsRecommended",
        "JSON arguments recommended for ENTRYPOINT to prevent unintended behavior "
        "related to OS signals",
    ),
    (
        "FROM alpine\nMAINTAINER someone\n",
        "MaintainerDeprecated",
        "Maintainer instruction is deprecated in favor of using label",
    ),
    (
        "FROM alpine\nrun a\nRUN b\nRUN c\n",
        "ConsistentInstructionCasing",
        "Command 'run' should match the case of the command majority (uppercase)",
    ),
    (
        "FROM alpine\nRUN a \\\n\n  b\n",
        "NoEmptyContinuation",
        "Empty continuation line",
    ),
]


@pytest.mark.parametrize(
    ("text", "rule", "message"), CHECK_MESSAGES, ids=[row[1] for row in CHECK_MESSAGES]
)
def test_build_check_message(text: str, rule: str, message: str) -> None:
    assert _messages(text, rule) == [message]


# Build errors: the message starts with BuildKit's error text.
ERROR_MESSAGES = [
    (
        "FROM scratch\nCOPY --from=5 / /\n",
        "InvalidStageIndex",
        "invalid stage index 5",
    ),
    (
        "FROM scratch\nCOPY --from=-1 / /\n",
        "InvalidStageIndex",
        "invalid stage index -1",
    ),
    (
        "FROM scratch AS a\nCOPY --from=b /x /y\n"
        "FROM scratch AS b\nCOPY --from=a /y /x\n",
        "CircularStageDependency",
        "circular dependency detected on stage: a",
    ),
    (
        "FROM scratch\nCOPY --from=0 /x /y\n",
        "CircularStageDependency",
        "circular dependency detected on stage: stage-0",
    ),
    (
        "FROM scratch AS First\nCOPY --from=second /a /b\nFROM scratch AS second\n",
        "StageNotYetDefined",
        'cannot copy from stage "second", it needs to be defined before current '
        'stage "first"',
    ),
    (
        "FROM scratch\nCOPY --from=1 /a /b\nFROM scratch\n",
        "StageNotYetDefined",
        'cannot copy from stage "1", it needs to be defined before current stage '
        '"stage-0"',
    ),
    (
        "FROM alpine\nRUN --mount=type=bind,from=tools,target=/t ls /t\n"
        "FROM alpine AS tools\n",
        "StageNotYetDefined",
        'cannot mount from stage "tools" to "/t", stage needs to be defined before '
        "current command",
    ),
    (
        "ARG SRC=a\nFROM alpine AS a\nFROM alpine\nCOPY --from=${SRC} / /\n",
        "VariableInFromFlag",
        "variable expansion is not supported for --from, define a new stage with "
        "FROM using ARG from global scope as a workaround",
    ),
    (
        "FROM alpine\nRUN --mount=from=$SRC,target=/s ls /s\n",
        "VariableInFromFlag",
        "'from' doesn't support variable expansion, define alias stage instead",
    ),
    (
        "FROM scratch AS 1build\n",
        "InvalidStageName",
        'invalid name for build stage: "1build", name can\'t start with a number or '
        "contain symbols",
    ),
    (
        "FROM scratch AS a$b\n",
        "InvalidStageName",
        'invalid name for build stage: "a$b", name can\'t start with a number or '
        "contain symbols",
    ),
    (
        "FROM scratch AS\n",
        "FromArgumentCount",
        "FROM requires either one or three arguments",
    ),
    (
        "FROM scratch TO build\n",
        "FromArgumentCount",
        "FROM requires either one or three arguments",
    ),
    (
        "FROM ${NOPE}\n",
        "BlankBaseName",
        "base name (${NOPE}) should not be blank",
    ),
    ("ARG X=1\n", "NoStages", "dockerfile contains no stages to build"),
    (
        "COPY a.txt /a\nFROM scratch\n",
        "InstructionBeforeFrom",
        "no build stage in current context",
    ),
    (
        "ARG P=\nFROM --platform=$P alpine\n",
        "EmptyPlatform",
        "empty platform value from expression $P",
    ),
    (
        "FROM --platform=abc scratch\n",
        "InvalidPlatform",
        "failed to parse platform abc",
    ),
    (
        "ARG P=linux/amd64/v8/x\nFROM --platform=$P scratch\n",
        "InvalidPlatform",
        "failed to parse platform $P",
    ),
]


@pytest.mark.parametrize(
    ("text", "rule", "prefix"),
    ERROR_MESSAGES,
    ids=[f"{row[1]}-{index}" for index, row in enumerate(ERROR_MESSAGES)],
)
def test_build_error_message(text: str, rule: str, prefix: str) -> None:
    messages = _messages(text, rule)
    assert {message[: len(prefix)] for message in messages} == {prefix}


@pytest.mark.parametrize(
    "platform",
    ["linux", "arm64", "x86_64", "linux/arm64", "linux/arm/v7", "windows(10.0.17763)"],
)
def test_valid_platform_accepted(platform: str) -> None:
    rules = _rules(f"FROM --platform={platform} scratch AS linux-arm64-amd64\n")
    assert "InvalidPlatform" not in rules


def test_unparsable_platform_has_one_finding() -> None:
    # BuildKit fails on the value; the constant-value check would only repeat it.
    findings = _findings("FROM --platform=abc scratch\n")
    assert [(item.rule.name, tuple(item.span)) for item in findings] == [
        ("InvalidPlatform", (0, 5, 0, 19))
    ]


def test_single_quoted_cmd_has_one_warning() -> None:
    text = (
        "FROM golang:1.22 AS build\nFROM alpine:3.20\n"
        'COPY --from=build ["/app/out dir", "/srv/"]\nCMD [\'/srv/app\']\n'
    )
    findings = _findings(text)
    assert [(item.severity, tuple(item.span)) for item in findings] == [
        (Severity.WARNING, (3, 4, 3, 16))
    ]


# `# check=` as BuildKit reads it (linter.ParseLintOptions).
SKIP_CASES = [
    (
        "directive-skips-rule",
        "# check=skip=StageNameCasing\nFROM alpine AS Build\n",
        [],
    ),
    (
        "directive-skips-list",
        "# check=skip=StageNameCasing, FromAsCasing\nFROM alpine as Build\n",
        [],
    ),
    (
        "options-after-semicolon",
        "# check=skip=FromAsCasing;error=true\nFROM alpine as Build\n",
        ["StageNameCasing"],
    ),
    (
        "rule-names-keep-case",
        "# check=skip=stagenamecasing\nFROM alpine AS Build\n",
        ["StageNameCasing"],
    ),
    (
        "all-only-as-whole-value",
        "# check=skip=all,StageNameCasing\nFROM alpine as Build\n",
        ["FromAsCasing"],
    ),
    (
        "skip-all-keeps-build-errors",
        "# check=skip=all\nFROM alpine as Build\nCOPY --from=5 / /\n",
        ["InvalidStageIndex"],
    ),
    (
        "invalid-option-skips-nothing",
        "# check=skip=StageNameCasing;bogus=1\nFROM alpine AS Build\n",
        ["StageNameCasing"],
    ),
    (
        "comment-above-instruction",
        "FROM alpine AS a\n# check=skip=StageNameCasing\nFROM a AS Build\n",
        [],
    ),
    (
        "comment-covers-one-instruction",
        "FROM alpine AS Base\n# check=skip=StageNameCasing\nFROM base AS Build\n",
        ["StageNameCasing"],
    ),
    (
        "comment-across-blank-line",
        "FROM alpine AS a\n# check=skip=StageNameCasing\n\nFROM a AS Build\n",
        [],
    ),
    (
        "empty-comment-drops-setting",
        "FROM alpine AS a\n# check=skip=StageNameCasing\n#\nFROM a AS Build\n",
        ["MisplacedDirective", "StageNameCasing"],
    ),
    (
        "comment-value-ends-at-space",
        "FROM alpine AS a\n# check=skip=StageNameCasing (generated)\nFROM a AS Build\n",
        [],
    ),
    (
        "comment-covers-continuation",
        "FROM alpine AS a\n# check=skip=FromAsCasing\nFROM a \\\n  as b\n",
        [],
    ),
    (
        "own-rules-skipped-by-name",
        "# check=skip=UnusedStage\nFROM alpine AS tools\nFROM alpine\n",
        [],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [row[1:] for row in SKIP_CASES],
    ids=[row[0] for row in SKIP_CASES],
)
def test_check_skip(text: str, expected: list[str]) -> None:
    assert _rules(text) == expected


def test_check_comment_is_not_misplaced_directive() -> None:
    text = "FROM alpine AS a\n# check=skip=StageNameCasing\nFROM a AS Build\n"
    assert "MisplacedDirective" not in _rules(text)


def test_escape_after_instruction_is_misplaced() -> None:
    assert _rules("FROM alpine\n# escape=`\nRUN true\n") == ["MisplacedDirective"]


# Unused stages: every kind of reference counts, and so do outside targets.
UNUSED_FILE = (
    "FROM golang:1.22 AS deps\n"
    "FROM deps AS build\n"
    "FROM deps AS lint\n"
    "FROM deps AS debug\n"
    "FROM alpine:3.20 AS legacy\n"
    "FROM gcr.io/distroless/static\n"
    "COPY --from=build /out/app /app\n"
    "COPY --from=4 /etc/legacy.conf /etc/\n"
)


def _unused(findings: list[Finding]) -> list[tuple[int, int, int, int]]:
    return [item.span for item in findings if item.rule.name == "UnusedStage"]


def test_unused_without_outside_targets() -> None:
    findings = _findings(UNUSED_FILE)
    assert _unused(findings) == [(2, 13, 2, 17), (3, 13, 3, 18)]


def test_unused_findings_are_all_hints() -> None:
    findings = _findings(UNUSED_FILE)
    assert {item.severity for item in findings} == {Severity.HINT}


def test_unused_findings_are_unnecessary() -> None:
    findings = _findings(UNUSED_FILE)
    assert all(item.unnecessary for item in findings)


def test_unused_message_names_stage() -> None:
    findings = _findings(UNUSED_FILE)
    assert findings[-1].message.startswith("Stage 'debug' is never used")


def test_outside_target_through_analysis_options() -> None:
    options = AnalysisOptions.create(external_targets=frozenset({"lint"}))
    assert _unused(_findings(UNUSED_FILE, options)) == [(3, 13, 3, 18)]


def test_outside_target_through_check_options() -> None:
    graph = build_graph(parse(UNUSED_FILE))
    findings = check(graph, CheckOptions(external_targets=frozenset({"lint"})))
    assert _unused(findings) == [(3, 13, 3, 18)]


def test_outside_target_ignores_case() -> None:
    options = AnalysisOptions.create(external_targets=frozenset({"LINT"}))
    assert _unused(_findings(UNUSED_FILE, options)) == [(3, 13, 3, 18)]


def test_unused_off_when_option_off() -> None:
    options = AnalysisOptions.create(unused_stages=False)
    assert _unused(_findings(UNUSED_FILE, options)) == []


def test_mount_from_counts_as_use() -> None:
    text = (
        "FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM alpine:3.20\n"
        "RUN --mount=type=bind,from=build,source=/out,target=/mnt "
        "cp /mnt/app /usr/local/bin/app\n"
    )
    assert _rules(text) == []


def test_variable_from_turns_unused_off() -> None:
    text = (
        "ARG APP_SOURCE=builder\nFROM registry.example.com/base/minimal:1 AS builder\n"
        "RUN echo generated > /foo.txt\nFROM registry.example.com/base/minimal:1\n"
        "ARG APP_SOURCE\nCOPY --from=$APP_SOURCE /foo.txt /bar.txt\n"
    )
    findings = _findings(text)
    assert [(item.rule.name, tuple(item.span)) for item in findings] == [
        ("VariableInFromFlag", (5, 12, 5, 23))
    ]


def test_near_miss_counts_as_use_of_meant_stage() -> None:
    text = (
        "FROM alpine AS build\nFROM alpine AS middle\nCOPY --from=biuld / /\n"
        "FROM middle\n"
    )
    assert _rules(text) == ["UndefinedStage"]


def test_stage_selectable_by_arg_is_used() -> None:
    text = (
        "ARG BASE_VARIANT=alpine\nFROM alpine AS build-base-alpine\n"
        "FROM debian AS build-base-bullseye\nFROM build-base-${BASE_VARIANT}\n"
    )
    assert _rules(text) == []


def test_unused_message_for_target_option() -> None:
    text = "FROM alpine AS a\nFROM alpine AS b\nFROM alpine AS c\n"
    options = AnalysisOptions.create(target="b")
    findings = _findings(text, options)
    assert findings[0].message == (
        "Stage 'a' is never used: the target 'b' does not build it and no other "
        "stage copies from it"
    )


def test_unused_message_for_replaced_duplicate() -> None:
    text = "FROM alpine AS x\nFROM busybox AS x\nFROM scratch\nCOPY --from=x / /\n"
    messages = _messages(text, "UnusedStage")
    assert messages == [
        "Stage 'x' is never used: the stage of the same name on line 2 replaces it "
        "in --from, --target and later FROM lines"
    ]


def _remove_fix_span(text: str) -> tuple[int, int, int, int]:
    findings = [item for item in _findings(text) if item.rule.name == "UnusedStage"]
    return findings[0].fixes[0].edits[0].span


def test_remove_fix_keeps_parser_directive() -> None:
    text = "# syntax=docker/dockerfile:1\nFROM alpine AS unused\nRUN x\nFROM alpine\n"
    assert _remove_fix_span(text) == (1, 0, 3, 0)


def test_remove_fix_takes_comment_above() -> None:
    text = (
        "FROM alpine AS a\n# tools for debugging\nFROM alpine AS tools\nRUN x\n\n"
        "FROM a\n"
    )
    assert _remove_fix_span(text) == (1, 0, 5, 0)


def test_remove_fix_keeps_next_stage_comment() -> None:
    text = (
        "FROM alpine AS unused\nRUN x\n\n# check=skip=FromAsCasing\nFROM alpine as b\n"
    )
    assert _remove_fix_span(text) == (0, 0, 3, 0)


def test_no_remove_fix_when_index_would_shift() -> None:
    text = "FROM alpine AS unused\nFROM alpine\nFROM alpine\nCOPY --from=1 / /\n"
    findings = [item for item in _findings(text) if item.rule.name == "UnusedStage"]
    assert [item.fixes for item in findings] == [()]
