"""Multi-stage semantics: one small Dockerfile per fact about BuildKit.

Each case states what BuildKit does with the file and what the analysis reports.
Sources: BuildKit's ``frontend/dockerfile/dockerfile2llb/convert.go`` (name table,
``--from`` resolution, stage ordering, reachability), ``instructions/parse.go``
(FROM arguments, stage names) and ``linter/ruleset.go`` (build checks), checked
against builds on BuildKit 0.8 where older and current BuildKit agree.
Spans are (start line, start column, end line, end column), 0-based.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dockerfile_ls.core.analysis import Analysis, AnalysisOptions, analyze
from dockerfile_ls.core.model import BuildGraph, RefStatus, StageRef
from dockerfile_ls.core.rules import Severity
from dockerfile_ls.core.rules.reachability import unknown_target

E = Severity.ERROR
W = Severity.WARNING
H = Severity.HINT

Span4 = tuple[int, int, int, int]
Resolution = int | str


@dataclass(frozen=True)
class Case:
    """A Dockerfile, the findings it should get and how its names resolve.

    ``references`` maps (line, text as written) to a stage index, or to what the
    name is when it is no stage: ``image``, ``scratch``, ``variable``,
    ``index-out-of-range`` or ``blank``. FROM images count as references.
    """

    id: str
    text: str
    findings: set[tuple[str, Severity, Span4]]
    stages: list[str | None]
    references: dict[tuple[int, str], Resolution] = field(default_factory=dict)
    build_args: dict[str, str] = field(default_factory=dict)


CASES = [
    Case(
        "copy-from-named-earlier-stage",
        "FROM scratch AS build\nCOPY a.txt /a\nFROM scratch\nCOPY --from=build /a /b",
        set(),
        ["build", None],
        {(0, "scratch"): "scratch", (2, "scratch"): "scratch", (3, "build"): 0},
    ),
    Case(
        "copy-from-index-of-unnamed-stage",
        "FROM scratch\nCOPY a.txt /a\nFROM scratch\nCOPY --from=0 /a /b",
        set(),
        [None, None],
        {(3, "0"): 0},
    ),
    Case(
        # BuildKit: `invalid stage index 5`; the file has stages 0 and 1.
        "copy-from-index-out-of-range",
        "FROM scratch\nCOPY a.txt /a\nFROM scratch\nCOPY --from=5 /a /b",
        {("InvalidStageIndex", E, (3, 12, 3, 13))},
        [None, None],
        {(3, "5"): "index-out-of-range"},
    ),
    Case(
        # BuildKit: `circular dependency detected on stage: app`.
        "copy-from-own-stage-is-a-cycle",
        "FROM scratch AS app\nCOPY a.txt /a\nCOPY --from=app /a /b",
        {("CircularStageDependency", E, (2, 12, 2, 15))},
        ["app"],
        {(2, "app"): 0},
    ),
    Case(
        # `--from` finds `second` among all stages, but current BuildKit refuses to
        # copy from a stage that is not built yet.
        "copy-from-later-stage-is-an-error",
        "FROM scratch AS first\nCOPY --from=second /a /b\nFROM scratch AS second\n"
        "COPY a.txt /a\nFROM first",
        {("StageNotYetDefined", E, (1, 12, 1, 18))},
        ["first", "second", None],
        {(1, "second"): 1, (4, "first"): 0},
    ),
    Case(
        # An unknown name is pulled as docker.io/library/biuld; it is within edit
        # distance 2 of `build`, so it gets a warning with a suggestion.
        "near-miss-of-stage-name",
        "FROM scratch AS build\nCOPY a.txt /a\nFROM scratch\nCOPY --from=biuld /a /b",
        {("UndefinedStage", W, (3, 12, 3, 17))},
        ["build", None],
        {(3, "biuld"): "image"},
    ),
    Case(
        "copy-from-tagged-image",
        "FROM scratch\nCOPY --from=busybox:1.36 /bin/busybox /bb",
        set(),
        [None],
        {(1, "busybox:1.36"): "image"},
    ),
    Case(
        # `--from=busybox` is a common, legitimate image pull: no stage finding.
        "copy-from-bare-image-name",
        "FROM scratch\nCOPY --from=busybox /bin/busybox /bb",
        set(),
        [None],
        {(1, "busybox"): "image"},
    ),
    Case(
        # BuildKit stores `Build` as `build`; the build check asks for lowercase.
        "uppercase-stage-name-resolves",
        "FROM scratch AS Build\nCOPY a.txt /a\nFROM scratch\nCOPY --from=build /a /b",
        {("StageNameCasing", W, (0, 16, 0, 21))},
        ["build", None],
        {(3, "build"): 0},
    ),
    Case(
        # A duplicate is only a warning; `--from=x` takes the last `x` (a build
        # produces /out/two), so the first `x` is never built.
        "duplicate-stage-name-last-wins",
        "FROM scratch AS x\nCOPY a.txt /one\nFROM scratch AS x\nCOPY a.txt /two\n"
        "FROM scratch\nCOPY --from=x / /out/",
        {
            ("DuplicateStageName", W, (2, 16, 2, 17)),
            ("UnusedStage", H, (0, 16, 0, 17)),
        },
        ["x", "x", None],
        {(5, "x"): 1},
    ),
    Case(
        # A stage named scratch really replaces the empty image in later FROMs.
        "stage-named-scratch-shadows-it",
        "FROM scratch AS scratch\nCOPY a.txt /shadow\nFROM scratch\nCOPY a.txt /final",
        {
            ("ReservedStageName", W, (0, 16, 0, 23)),
            ("StageShadowsImage", W, (2, 5, 2, 12)),
        },
        ["scratch", None],
        {(0, "scratch"): "scratch", (2, "scratch"): 0},
    ),
    Case(
        "stage-name-starting-with-digit",
        "FROM scratch AS 1build\nCOPY a.txt /a",
        {("InvalidStageName", E, (0, 16, 0, 22))},
        ["1build"],
    ),
    Case(
        # Stage names are never expanded: `${NAME}` is an invalid name as written.
        "stage-name-with-variable",
        "ARG NAME=builder\nFROM scratch AS ${NAME}\nCOPY a.txt /a",
        {("InvalidStageName", E, (1, 16, 1, 23))},
        ["${name}"],
    ),
    Case(
        # BuildKit: `FROM requires either one or three arguments`.
        "as-without-name",
        "FROM scratch AS\nCOPY a.txt /a",
        {("FromArgumentCount", E, (0, 0, 0, 15))},
        [None],
    ),
    Case(
        "lowercase-as-with-uppercase-from",
        "FROM scratch as build\nCOPY a.txt /a\nFROM scratch\nCOPY --from=build /a /b",
        {("FromAsCasing", W, (0, 13, 0, 15))},
        ["build", None],
        {(3, "build"): 0},
    ),
    Case(
        # The alias-stage pattern: a meta ARG default names an earlier stage.
        "alias-stage-from-arg-default",
        "ARG SRC=build\nFROM scratch AS build\nCOPY a.txt /a\nFROM ${SRC} AS src\n"
        "FROM scratch\nCOPY --from=src /a /b",
        set(),
        ["build", "src", None],
        {(3, "${SRC}"): 0, (5, "src"): 1},
    ),
    Case(
        # BuildKit: `base name (${NOPE}) should not be blank`, plus the
        # UndefinedArgInFrom check.
        "undeclared-arg-gives-blank-base",
        "FROM ${NOPE}\nCOPY a.txt /a",
        {
            ("BlankBaseName", E, (0, 5, 0, 12)),
            ("UndefinedArgInFrom", W, (0, 5, 0, 12)),
        },
        [None],
        {(0, "${NOPE}"): "blank"},
    ),
    Case(
        # BuildKit skips the stage (a legacy build would fail on missing.txt).
        "unused-stage-is-skipped",
        "FROM scratch AS unused\nCOPY missing.txt /m\nFROM scratch AS final\n"
        "COPY a.txt /a",
        {("UnusedStage", H, (0, 16, 0, 22))},
        ["unused", "final"],
    ),
    Case(
        # A mount's from= takes no index: `0` is pulled as docker.io/library/0.
        "mount-from-index-is-an-image",
        "FROM scratch\nCOPY a.txt /a\nFROM scratch\n"
        'RUN --mount=type=bind,from=0,target=/s ["/s/x"]',
        {("MountFromIndex", W, (3, 27, 3, 28))},
        [None, None],
        {(3, "0"): "image"},
    ),
    Case(
        # The trigger ran in the child: its output had /from-onbuild.
        "onbuild-trigger-runs-in-child",
        "FROM scratch AS base\nONBUILD COPY a.txt /from-onbuild\nFROM base\n"
        "COPY a.txt /child",
        {("OnbuildRunsInChild", H, (1, 0, 1, 7))},
        ["base", None],
        {(2, "base"): 0},
    ),
    Case(
        # Comment lines inside a continuation are dropped.
        "comment-inside-continued-from",
        "FROM scratch \\\n# explains the stage\n  AS build\nCOPY a.txt /a\n"
        "FROM scratch\nCOPY --from=build /a /b",
        set(),
        ["build", None],
        {(5, "build"): 0},
    ),
    Case(
        "backtick-escape-continued-from",
        "# escape=`\nFROM scratch `\n  AS build\nCOPY a.txt /a\nFROM scratch\n"
        "COPY --from=build /a /b",
        set(),
        ["build", None],
        {(5, "build"): 0},
    ),
    Case(
        "constant-platform",
        "FROM --platform=linux/amd64 scratch AS build\nCOPY a.txt /a\nFROM scratch\n"
        "COPY --from=build /a /b",
        {("FromPlatformFlagConstDisallowed", W, (0, 16, 0, 27))},
        ["build", None],
        {(3, "build"): 0},
    ),
    Case(
        # `stage-0` appears in build logs but is no reference: it is pulled.
        "display-name-is-not-a-reference",
        "FROM scratch\nCOPY a.txt /a\nFROM scratch\nCOPY --from=stage-0 /a /b",
        {("StageDisplayName", W, (3, 12, 3, 19))},
        [None, None],
        {(3, "stage-0"): "image"},
    ),
    Case(
        # BuildKit: `circular dependency detected on stage: a`, at both COPYs.
        "copy-cycle-between-two-stages",
        "FROM scratch AS a\nCOPY --from=b /x /y\n"
        "FROM scratch AS b\nCOPY --from=a /y /x",
        {
            ("CircularStageDependency", E, (1, 12, 1, 13)),
            ("CircularStageDependency", E, (3, 12, 3, 13)),
        },
        ["a", "b"],
        {(1, "b"): 1, (3, "a"): 0},
    ),
    Case(
        # A stage only `--target tools` builds; the default build skips it.
        "stage-only-a-target-would-build",
        "FROM scratch AS tools\nCOPY a.txt /t\nFROM scratch AS final\nCOPY a.txt /a",
        {("UnusedStage", H, (0, 16, 0, 21))},
        ["tools", "final"],
    ),
    Case(
        # BuildKit: `dockerfile contains no stages to build`.
        "arg-only-file-has-no-stages",
        "ARG X=1",
        {("NoStages", E, (0, 0, 0, 3))},
        [],
    ),
    Case(
        # BuildKit: `no build stage in current context`.
        "instruction-before-first-from",
        "COPY a.txt /a\nFROM scratch",
        {("InstructionBeforeFrom", E, (0, 0, 0, 4))},
        [None],
    ),
    # The name table (convert.go: addState, findStateByName).
    Case(
        "from-sees-only-earlier-stages",
        "FROM base\nFROM alpine AS base",
        {
            ("FromStageNotVisible", W, (0, 5, 0, 9)),
            ("UnusedStage", H, (0, 5, 0, 9)),
        },
        [None, "base"],
        {(0, "base"): "image"},
    ),
    Case(
        # FROM compares the expanded text with the lowercased names exactly, so
        # `Base` is taken as an image, and BuildKit rejects it as one: image
        # repository names must be lowercase ("invalid reference format").
        "from-matches-names-exactly",
        "FROM alpine AS base\nFROM Base",
        {
            ("InvalidImageReference", E, (1, 5, 1, 9)),
        },
        ["base", None],
        {(1, "Base"): "image"},
    ),
    Case(
        "copy-from-ignores-case",
        "FROM alpine AS base\nFROM scratch\nCOPY --from=BASE / /",
        set(),
        ["base", None],
        {(2, "BASE"): 0},
    ),
    Case(
        "mount-from-ignores-case",
        "FROM alpine AS build\nFROM alpine\nRUN --mount=from=BUILD,target=/b ls /b",
        set(),
        ["build", None],
        {(2, "BUILD"): 0},
    ),
    Case(
        # `--from=x` takes the last `x` even from between the two definitions,
        # where that stage is not built yet.
        "copy-from-takes-last-duplicate",
        "FROM alpine AS x\nFROM scratch\nCOPY --from=x / /\nFROM busybox AS x",
        {
            ("StageNotYetDefined", E, (2, 12, 2, 13)),
            ("DuplicateStageName", W, (3, 16, 3, 17)),
        },
        ["x", None, "x"],
        {(2, "x"): 2},
    ),
    Case(
        # FROM takes the nearest earlier `x`; the later `x` is never built.
        "from-takes-nearest-earlier-duplicate",
        "FROM alpine AS x\nFROM x AS y\nFROM busybox AS x\nFROM y",
        {
            ("DuplicateStageName", W, (2, 16, 2, 17)),
            ("UnusedStage", H, (2, 16, 2, 17)),
        },
        ["x", "y", "x", None],
        {(1, "x"): 0, (3, "y"): 1},
    ),
    Case(
        "from-index-is-an-image",
        "FROM alpine\nFROM 0",
        {("UnusedStage", H, (0, 5, 0, 11))},
        [None, None],
        {(1, "0"): "image"},
    ),
    Case(
        # The name is registered after the lookup, so FROM x AS x is the image x.
        "from-own-name-is-the-image",
        "FROM x AS x\nRUN true",
        set(),
        ["x"],
        {(0, "x"): "image"},
    ),
    Case(
        # A stage name shadows the image of that name in --from and in FROM.
        "stage-name-shadows-image",
        "FROM scratch AS busybox\nFROM scratch\nCOPY --from=busybox / /\nFROM busybox",
        {("UnusedStage", H, (1, 5, 1, 12))},
        ["busybox", None, None],
        {(2, "busybox"): 0, (3, "busybox"): 0},
    ),
    # ARG-selected bases: FROM is expanded with the global scope first.
    Case(
        "arg-selected-base-default",
        "ARG VARIANT=prod\nFROM alpine AS base-dev\nRUN echo dev\n"
        "FROM alpine AS base-prod\nRUN echo prod\nFROM base-${VARIANT}\nRUN echo final",
        set(),
        ["base-dev", "base-prod", None],
        {(5, "base-${VARIANT}"): 1},
    ),
    Case(
        "arg-selected-base-build-arg",
        "ARG VARIANT=prod\nFROM alpine AS base-dev\nRUN echo dev\n"
        "FROM alpine AS base-prod\nRUN echo prod\nFROM base-${VARIANT}\nRUN echo final",
        set(),
        ["base-dev", "base-prod", None],
        {(5, "base-${VARIANT}"): 0},
        {"VARIANT": "dev"},
    ),
    Case(
        "arg-default-in-expression",
        "ARG VARIANT\nFROM alpine AS base-dev\nFROM alpine AS base-prod\n"
        "FROM base-${VARIANT:-prod}",
        set(),
        ["base-dev", "base-prod", None],
        {(3, "base-${VARIANT:-prod}"): 1},
    ),
    Case(
        "arg-alternative-unset",
        "ARG DEBUG\nFROM alpine AS app\nFROM alpine AS app-debug\n"
        "FROM app${DEBUG:+-debug}",
        set(),
        ["app", "app-debug", None],
        {(3, "app${DEBUG:+-debug}"): 0},
    ),
    Case(
        "arg-alternative-set",
        "ARG DEBUG\nFROM alpine AS app\nFROM alpine AS app-debug\n"
        "FROM app${DEBUG:+-debug}",
        set(),
        ["app", "app-debug", None],
        {(3, "app${DEBUG:+-debug}"): 1},
        {"DEBUG": "1"},
    ),
    Case(
        # TARGETARCH is a built-in global ARG (amd64 on an amd64 builder).
        "builtin-platform-arg-selects-stage",
        "FROM alpine AS alpine-amd64\nFROM alpine AS alpine-arm64\n"
        "FROM alpine-$TARGETARCH",
        set(),
        ["alpine-amd64", "alpine-arm64", None],
        {(2, "alpine-$TARGETARCH"): 0},
    ),
    # ONBUILD triggers run, and resolve --from, in the stage built on theirs.
    Case(
        "onbuild-copy-makes-source-used",
        "FROM alpine AS tools\nFROM alpine AS base\nONBUILD COPY --from=tools /t /t\n"
        "FROM base",
        {("OnbuildRunsInChild", H, (2, 0, 2, 7))},
        ["tools", "base", None],
        {(2, "tools"): 0, (3, "base"): 1},
    ),
    Case(
        # The trigger runs in `child`, which BuildKit builds before `tools`.
        "onbuild-copy-from-later-stage",
        "FROM alpine AS base\nONBUILD COPY --from=tools /t /t\nFROM base AS child\n"
        "FROM alpine AS tools\nFROM child",
        {
            ("OnbuildRunsInChild", H, (1, 0, 1, 7)),
            ("StageNotYetDefined", E, (1, 20, 1, 25)),
        },
        ["base", "child", "tools", None],
        {(1, "tools"): 2},
    ),
    Case(
        # With no child in this file the trigger runs in another Dockerfile, whose
        # stages are unknown: neither the near miss nor the index is checked.
        "onbuild-without-child-in-file",
        "FROM alpine AS build\nFROM alpine AS base\nONBUILD COPY --from=buidl /t /t\n"
        "ONBUILD COPY --from=7 /t /t",
        {("UnusedStage", H, (0, 15, 0, 20))},
        ["build", "base"],
        {(2, "buidl"): "image", (3, "7"): "index-out-of-range"},
    ),
    Case(
        "onbuild-copy-from-variable",
        "FROM alpine AS base\nONBUILD COPY --from=$SRC /t /t",
        {("VariableInFromFlag", E, (1, 20, 1, 24))},
        ["base"],
        {(1, "$SRC"): "variable"},
    ),
]


def _analyze(case: Case) -> Analysis:
    return analyze(
        case.text, options=AnalysisOptions.create(build_args=case.build_args)
    )


def _resolution(ref: StageRef) -> Resolution:
    if ref.status is RefStatus.STAGE and ref.target is not None:
        return ref.target
    return ref.status.value


def _references(graph: BuildGraph) -> dict[tuple[int, str], Resolution]:
    return {
        (ref.span.start_line, ref.text): _resolution(ref) for ref in graph.references
    }


# Rules about what the base image runs depend on today's date and the offline image
# knowledge, not on stage semantics. They have tests of their own.
BASE_IMAGE_RULES = {
    "BaseImageEndOfLife",
    "PackageManagerNotOnBase",
    "ShellFormWithoutShell",
}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_findings(case: Case) -> None:
    found = {
        (item.rule.name, item.severity, tuple(item.span))
        for item in _analyze(case).findings
        if item.rule.name not in BASE_IMAGE_RULES
    }
    assert found == case.findings


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_stage_names(case: Case) -> None:
    graph = _analyze(case).graph
    assert [stage.name for stage in graph.stages] == case.stages


@pytest.mark.parametrize(
    "case", [case for case in CASES if case.references], ids=lambda case: case.id
)
def test_references_resolve(case: Case) -> None:
    references = _references(_analyze(case).graph)
    expected_keys = set(case.references)
    assert {key: references.get(key) for key in expected_keys} == case.references


def test_continued_from_spans_its_lines() -> None:
    graph = analyze(
        "FROM scratch \\\n# explains the stage\n  AS build\nCOPY a.txt /a\n"
    ).graph
    instruction = graph.stages[0].from_instruction
    assert (instruction.line, instruction.end_line) == (0, 2)


def test_backtick_continued_from_spans_its_lines() -> None:
    graph = analyze("# escape=`\nFROM scratch `\n  AS build\nCOPY a.txt /a\n").graph
    instruction = graph.stages[0].from_instruction
    assert (instruction.line, instruction.end_line) == (1, 2)


# Reachability: the target and the closure of what it needs (allReachableStages).
TARGETS_FILE = (
    "FROM alpine AS a\nFROM alpine AS b\nCOPY --from=a / /\nFROM alpine AS c\n"
)


def test_default_target_is_last_stage() -> None:
    graph = analyze(TARGETS_FILE).graph
    assert graph.target_index(None) == 2


def test_default_target_reaches_only_itself() -> None:
    graph = analyze(TARGETS_FILE).graph
    assert graph.reachable([2]) == {2}


def test_named_target_ignores_case() -> None:
    graph = analyze(TARGETS_FILE).graph
    assert graph.target_index("B") == 1


def test_named_target_reaches_copy_source() -> None:
    graph = analyze(TARGETS_FILE).graph
    assert graph.reachable([1]) == {0, 1}


def test_target_takes_no_index() -> None:
    graph = analyze(TARGETS_FILE).graph
    assert graph.target_index("0") is None


def test_named_target_changes_unused_stages() -> None:
    analysis = analyze(TARGETS_FILE, options=AnalysisOptions.create(target="b"))
    unused = [tuple(item.span) for item in analysis.findings]
    assert unused == [(3, 15, 3, 16)]


def test_arg_selected_base_default_reach() -> None:
    case = next(case for case in CASES if case.id == "arg-selected-base-default")
    assert _analyze(case).graph.reachable([2]) == {1, 2}


def test_arg_selected_base_build_arg_reach() -> None:
    case = next(case for case in CASES if case.id == "arg-selected-base-build-arg")
    assert _analyze(case).graph.reachable([2]) == {0, 2}


def test_onbuild_source_reached_through_child() -> None:
    case = next(case for case in CASES if case.id == "onbuild-copy-makes-source-used")
    assert _analyze(case).graph.reachable([2]) == {0, 1, 2}


def test_onbuild_source_not_reached_from_declaring_stage() -> None:
    case = next(case for case in CASES if case.id == "onbuild-copy-makes-source-used")
    assert _analyze(case).graph.reachable([1]) == {1}


# `--target`, Compose `build.target` and Bake `target` (resolveTarget).
TARGET_CASE_FILE = (
    "FROM scratch AS build\nCOPY a.txt /a\nFROM scratch AS final\n"
    "COPY --from=build /a /b"
)


def test_unknown_target_suggests_stage() -> None:
    graph = analyze(TARGET_CASE_FILE).graph
    message = unknown_target(graph, "biuld")
    assert message == 'target stage "biuld" could not be found (did you mean build?)'


def test_unknown_target_without_near_miss() -> None:
    graph = analyze(TARGET_CASE_FILE).graph
    assert (
        unknown_target(graph, "release") == 'target stage "release" could not be found'
    )


def test_target_in_other_case_is_found() -> None:
    graph = analyze(TARGET_CASE_FILE).graph
    assert unknown_target(graph, "BUILD") is None


def test_target_in_other_case_builds_only_it() -> None:
    graph = analyze(TARGET_CASE_FILE).graph
    assert graph.reachable([graph.target_index("BUILD") or 0]) == {0}


def test_targetstage_is_last_stage_name() -> None:
    graph = analyze("FROM alpine AS a\nFROM alpine AS Final\n").graph
    assert graph.global_scope["TARGETSTAGE"] == "final"


def test_targetstage_default_for_unnamed_last_stage() -> None:
    graph = analyze("FROM alpine AS a\nFROM alpine\n").graph
    assert graph.global_scope["TARGETSTAGE"] == "default"


# Fixture files: the stages we find are the FROM instructions BuildKit's parser
# (PyPI `dockerfile`) reports, and none of these valid builds gets an error.
CASE_FILES = sorted(
    (Path(__file__).parents[2] / "fixtures" / "cases").glob("*.Dockerfile")
)


def _oracle_stages(text: str) -> list[tuple[str, str | None]]:
    dockerfile = pytest.importorskip("dockerfile")
    stages = []
    for command in dockerfile.parse_string(text):
        if command.cmd.upper() != "FROM":
            continue
        values = command.value
        name = values[2].lower() if len(values) == 3 else None
        stages.append((values[0], name))
    return stages


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda path: path.stem)
def test_fixture_stages_match_buildkit(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    graph = analyze(text).graph
    ours = [
        (stage.base.text if stage.base is not None else "", stage.name)
        for stage in graph.stages
    ]
    assert ours == _oracle_stages(text)


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda path: path.stem)
def test_fixture_has_no_errors(path: Path) -> None:
    findings = analyze(path.read_text(encoding="utf-8")).findings
    assert [item.message for item in findings if item.severity is E] == []
