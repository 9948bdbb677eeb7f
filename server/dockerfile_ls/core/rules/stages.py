"""Rules about build stages and the references between them.

Errors are the ones BuildKit fails a build with (``instructions/parse.go``,
``dockerfile2llb/convert.go``); warnings named like BuildKit's build checks are
those checks. Unknown ``--from`` names, ``stage-N`` names and unused stages are not
BuildKit errors (an unknown name is pulled as an image), so they are warnings or
hints here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockerfile_ls.core.model import (
    RESERVED_NAMES,
    BuildGraph,
    RefKind,
    RefStatus,
    Stage,
    StageRef,
    stage_name_is_valid,
)
from dockerfile_ls.core.rules import (
    CheckOptions,
    Finding,
    Fix,
    Rule,
    Severity,
    TextEdit,
    finding,
)
from dockerfile_ls.core.suggest import suggest
from dockerfile_ls.core.text import Span

FROM_ARGUMENTS = Rule("FromArgumentCount", Severity.ERROR)
INVALID_STAGE_NAME = Rule("InvalidStageName", Severity.ERROR)
BLANK_BASE = Rule("BlankBaseName", Severity.ERROR)
STAGE_NAME_CASING = Rule("StageNameCasing", Severity.WARNING, buildkit=True)
FROM_AS_CASING = Rule("FromAsCasing", Severity.WARNING, buildkit=True)
DUPLICATE_STAGE_NAME = Rule("DuplicateStageName", Severity.WARNING, buildkit=True)
RESERVED_STAGE_NAME = Rule("ReservedStageName", Severity.WARNING, buildkit=True)
VARIABLE_IN_FROM_FLAG = Rule("VariableInFromFlag", Severity.ERROR)
INVALID_STAGE_INDEX = Rule("InvalidStageIndex", Severity.ERROR)
FORWARD_REFERENCE = Rule("StageNotYetDefined", Severity.ERROR)
CIRCULAR_DEPENDENCY = Rule("CircularStageDependency", Severity.ERROR)
UNDEFINED_STAGE = Rule("UndefinedStage", Severity.WARNING)
STAGE_DISPLAY_NAME = Rule("StageDisplayName", Severity.WARNING)
MOUNT_FROM_INDEX = Rule("MountFromIndex", Severity.WARNING)
FROM_LATER_STAGE = Rule("FromStageNotVisible", Severity.WARNING)
SHADOWED_IMAGE = Rule("StageShadowsImage", Severity.WARNING)
UNUSED_STAGE = Rule("UnusedStage", Severity.HINT)

_DISPLAY_NAME = re.compile(r"^stage-(\d+)$")
_VARIABLE = re.compile(r"\$(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)")


def check(graph: BuildGraph, options: CheckOptions) -> Iterator[Finding]:
    for stage in graph.stages:
        yield from _check_definition(graph, stage)
    cyclic = _cyclic_edges(graph)
    for ref in graph.references:
        yield from _check_reference(graph, ref, cyclic)


def _check_definition(graph: BuildGraph, stage: Stage) -> Iterator[Finding]:
    instruction = stage.from_instruction
    node = instruction.node
    args = node.args
    if not (len(args) == 1 or (len(args) == 3 and args[1].value.lower() == "as")):
        span = instruction.span(node.keyword_word.span)
        if args:
            span = Span(
                span.start_line,
                span.start_col,
                *instruction.span(args[-1].span)[2:],
            )
        yield finding(
            FROM_ARGUMENTS,
            "FROM requires either one or three arguments: FROM <image> [AS <name>]",
            span,
        )
        return
    base = stage.base
    if base is not None and base.status is RefStatus.BLANK:
        yield finding(
            BLANK_BASE,
            f"base name ({base.text}) should not be blank",
            base.span,
        )
    if stage.name_written is None or stage.name_span is None:
        return
    name = stage.name_written
    lowered = name.lower()
    if not stage_name_is_valid(name):
        yield finding(
            INVALID_STAGE_NAME,
            f'invalid name for build stage: "{name}", name can\'t start with a '
            "number or contain symbols",
            stage.name_span,
        )
        return
    if name != lowered:
        edits = [TextEdit(stage.name_span, lowered)]
        for ref in graph.references:
            if (
                ref.kind is not RefKind.FROM
                and ref.target == stage.index
                and not ref.by_index
                and ref.text != lowered
            ):
                edits.append(TextEdit(ref.span, lowered))
        yield finding(
            STAGE_NAME_CASING,
            f"Stage name '{name}' should be lowercase",
            stage.name_span,
            fixes=(Fix(f"Rename stage to '{lowered}'", tuple(edits), preferred=True),),
        )
    if stage.as_word is not None:
        from_written = node.keyword_word.value
        as_written = stage.as_word.value
        expected = None
        if from_written.isupper() and not as_written.isupper():
            expected = as_written.upper()
        elif from_written.islower() and not as_written.islower():
            expected = as_written.lower()
        if expected is not None:
            as_span = instruction.span(stage.as_word.span)
            yield finding(
                FROM_AS_CASING,
                f"'{as_written}' and '{from_written}' keywords' casing do not match",
                as_span,
                fixes=(
                    Fix(f"Change to '{expected}'", (TextEdit(as_span, expected),)),
                ),
            )
    for earlier in graph.stages[: stage.index]:
        if earlier.name == lowered:
            yield finding(
                DUPLICATE_STAGE_NAME,
                f'Duplicate stage name "{lowered}", stage names should be unique',
                stage.name_span,
                related=((earlier.name_span or stage.name_span, "first defined here"),),
            )
            break
    if lowered in RESERVED_NAMES:
        yield finding(
            RESERVED_STAGE_NAME,
            "Stage name should not use the same name as reserved stage "
            f'"{lowered}"',
            stage.name_span,
        )


def _cyclic_edges(graph: BuildGraph) -> dict[int, set[int]]:
    """Return, for each stage in a dependency cycle, its successors in that cycle.

    Uses Tarjan's strongly connected components over every stage, as BuildKit
    checks cycles for reachable and unreachable stages alike.
    """
    count = len(graph.stages)
    edges = [graph.dependencies(stage) for stage in graph.stages]
    index_of: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    components: list[set[int]] = []
    counter = 0
    for root in range(count):
        if root in index_of:
            continue
        work = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index_of[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            successors = edges[node]
            if child < len(successors):
                work.append((node, child + 1))
                nxt = successors[child]
                if nxt not in index_of:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index_of[nxt])
                continue
            for nxt in successors:
                if nxt in on_stack:
                    low[node] = min(low[node], low[nxt])
            if low[node] == index_of[node]:
                component: set[int] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    cyclic: dict[int, set[int]] = {}
    for component in components:
        for member in component:
            inside = {nxt for nxt in edges[member] if nxt in component}
            if len(component) > 1 or member in inside:
                cyclic[member] = inside
    return cyclic


def _check_reference(
    graph: BuildGraph, ref: StageRef, cyclic: dict[int, set[int]]
) -> Iterator[Finding]:
    if ref.kind is RefKind.FROM:
        yield from _check_from_reference(graph, ref)
        return
    is_mount = ref.kind in (RefKind.MOUNT_FROM, RefKind.ONBUILD_MOUNT_FROM)
    onbuild = ref.kind in (RefKind.ONBUILD_COPY_FROM, RefKind.ONBUILD_MOUNT_FROM)
    if ref.status is RefStatus.VARIABLE:
        if is_mount:
            message = (
                "'from' doesn't support variable expansion, define alias stage "
                "instead: ARG in the global scope, then FROM ${ARG} AS alias"
            )
        else:
            message = (
                "variable expansion is not supported for --from, define a new stage "
                "with FROM using ARG from global scope as a workaround"
            )
        yield finding(VARIABLE_IN_FROM_FLAG, message, ref.span)
        return
    if ref.status is RefStatus.INDEX_OUT_OF_RANGE:
        last = len(graph.stages) - 1
        yield finding(
            INVALID_STAGE_INDEX,
            f"invalid stage index {ref.text}: this Dockerfile has stages 0 to {last}",
            ref.span,
        )
        return
    if ref.status is RefStatus.STAGE and ref.target is not None and not onbuild:
        target = graph.stages[ref.target]
        owner = graph.stages[ref.owner]
        if ref.target in cyclic.get(ref.owner, set()):
            yield finding(
                CIRCULAR_DEPENDENCY,
                "circular dependency detected on stage: "
                f"{target.name or f'stage-{target.index}'}",
                ref.span,
            )
            return
        if ref.target > ref.owner:
            if is_mount:
                message = (
                    f'cannot mount from stage "{ref.text}", stage needs to be '
                    "defined before current command"
                )
            else:
                message = (
                    f'cannot copy from stage "{ref.text}", it needs to be defined '
                    f'before current stage "{owner.display_name}"'
                )
            yield finding(
                FORWARD_REFERENCE,
                message,
                ref.span,
                related=((target.from_instruction.full_span, "defined here"),),
            )
        return
    if ref.status is RefStatus.IMAGE:
        yield from _check_image_flag(graph, ref, is_mount)


def _check_image_flag(
    graph: BuildGraph, ref: StageRef, is_mount: bool
) -> Iterator[Finding]:
    """Sort an unresolved ``--from`` value into a mistake or a legitimate image."""
    text = ref.text
    if any(char in text for char in "/:@"):
        return
    owner = ref.owner
    display = _DISPLAY_NAME.match(text)
    if display is not None and int(display.group(1)) < len(graph.stages):
        index = int(display.group(1))
        stage = graph.stages[index]
        replacement = stage.name if stage.name is not None else str(index)
        if is_mount and stage.name is None:
            advice = f"name stage {index} and use that name"
            fixes: tuple[Fix, ...] = ()
        else:
            advice = f"use '{replacement}'"
            fixes = (
                Fix(
                    f"Change to '{replacement}'",
                    (TextEdit(ref.span, replacement),),
                    preferred=True,
                ),
            )
        yield finding(
            STAGE_DISPLAY_NAME,
            f"'{text}' is only the name BuildKit displays for stage {index}; it is "
            f"not a reference and would be pulled as an image: {advice}",
            ref.span,
            fixes=fixes,
        )
        return
    if is_mount and text.isdigit():
        yield finding(
            MOUNT_FROM_INDEX,
            f"A mount's from= does not take a stage index: '{text}' would be pulled "
            "as the image docker.io/library/" + text,
            ref.span,
        )
        return
    names = [stage.name for stage in graph.stages if stage.name and stage.index != owner]
    guesses = suggest(text, names)
    if not guesses or len(text) < 3:
        return
    fixes = tuple(
        Fix(f"Change to '{guess}'", (TextEdit(ref.span, guess),), preferred=i == 0)
        for i, guess in enumerate(guesses)
    )
    yield finding(
        UNDEFINED_STAGE,
        f"'{text}' is not a stage in this Dockerfile and will be pulled as the image "
        f"docker.io/library/{text.lower()} (did you mean {guesses[0]}?)",
        ref.span,
        fixes=fixes,
    )


def _check_from_reference(graph: BuildGraph, ref: StageRef) -> Iterator[Finding]:
    value = ref.expanded
    if value is None or ref.status is RefStatus.BLANK:
        return
    if ref.status is RefStatus.STAGE and ref.target is not None:
        target = graph.stages[ref.target]
        if target.name in RESERVED_NAMES:
            yield finding(
                SHADOWED_IMAGE,
                f"'{value}' here is the stage defined on line "
                f"{target.from_instruction.line + 1}, not the {value} image",
                ref.span,
            )
        return
    if ref.status is not RefStatus.IMAGE or ref.expansion is not None:
        return
    lowered = value.lower()
    earlier = [stage for stage in graph.stages[: ref.owner] if stage.name]
    for stage in earlier:
        if stage.name == lowered and value != lowered:
            yield finding(
                FROM_LATER_STAGE,
                f"FROM matches stage names exactly: '{value}' is pulled as an image, "
                f"not stage '{stage.name}'",
                ref.span,
                fixes=(
                    Fix(
                        f"Change to '{stage.name}'",
                        (TextEdit(ref.span, stage.name or ""),),
                        preferred=True,
                    ),
                ),
            )
            return
    for stage in graph.stages[ref.owner + 1 :]:
        if stage.name == lowered:
            yield finding(
                FROM_LATER_STAGE,
                f"Stage '{stage.name}' is defined later, on line "
                f"{stage.from_instruction.line + 1}; FROM sees only earlier stages, "
                f"so this pulls the image docker.io/library/{lowered}",
                ref.span,
            )
            return


def _variable_pattern(text: str) -> re.Pattern[str] | None:
    """Turn ``base-${VARIANT}`` into a pattern matching every value it can take."""
    if "$" not in text:
        return None
    parts = _VARIABLE.split(text)
    pattern = ""
    for position, part in enumerate(parts):
        if position % 2 == 0:
            pattern += re.escape(part)
        else:
            pattern += ".*"
    return re.compile(f"^{pattern}$")


def unused_stages(graph: BuildGraph, options: CheckOptions) -> Iterator[Finding]:
    """Report stages no target builds, as hints with the Unnecessary tag.

    A stage that a FROM with variables could select under other build arguments
    counts as used; a ``--from`` with a variable could name any stage, so it turns
    the report off for the whole file. A near miss (``--from=biuld``) counts as a
    use of the stage it most likely means.
    """
    stages = graph.stages
    if len(stages) < 2:
        return
    for ref in graph.references:
        if ref.status is RefStatus.VARIABLE:
            return
    targets = [len(stages) - 1]
    if options.target:
        configured = graph.target_index(options.target)
        if configured is not None:
            targets = [configured]
    for name in options.external_targets:
        index = graph.target_index(name)
        if index is not None:
            targets.append(index)
    for ref in graph.references:
        if ref.status is RefStatus.IMAGE and ref.kind is not RefKind.FROM:
            owner_stage = stages[ref.owner]
            if owner_stage.index not in targets:
                continue
            display = _DISPLAY_NAME.match(ref.text)
            if display is not None or ref.text.isdigit():
                # `stage-N`, or an index in a mount: the user meant stage N.
                meant = int(display.group(1)) if display else int(ref.text)
                if meant < len(stages):
                    targets.append(meant)
                continue
            names = [stage.name for stage in stages if stage.name]
            for guess in suggest(ref.text, names)[:1]:
                probable = graph.stage_by_name(guess)
                if probable is not None:
                    targets.append(probable.index)
    used = graph.reachable(targets)
    for ref in graph.references:
        if ref.kind is not RefKind.FROM or ref.expansion is None:
            continue
        pattern = _variable_pattern(ref.text)
        if pattern is None:
            continue
        for stage in stages[: ref.owner]:
            if stage.name and pattern.match(stage.name):
                used |= graph.reachable([stage.index])
    index_refs = [
        ref.target
        for ref in graph.references
        if ref.by_index and ref.status is RefStatus.STAGE and ref.target is not None
    ]
    for stage in stages:
        if stage.index in used:
            continue
        span = stage.name_span
        if span is None:
            span = stage.base.span if stage.base is not None else stage.from_instruction.full_span
        label = f"'{stage.name_written}'" if stage.name_written else f"{stage.index}"
        fixes: tuple[Fix, ...] = ()
        if not any(target > stage.index for target in index_refs if target is not None):
            fixes = (_remove_stage_fix(graph, stage),)
        yield finding(
            UNUSED_STAGE,
            f"Stage {label} is never used: the default target does not build it "
            "and no other stage copies from it",
            span,
            unnecessary=True,
            fixes=fixes,
        )


def _remove_stage_fix(graph: BuildGraph, stage: Stage) -> Fix:
    start = stage.from_instruction.line
    if stage.comment is not None and start > 0:
        start -= 1
    end = stage.end_line + 1
    return Fix(
        f"Remove unused stage {stage.display_name}",
        (TextEdit(Span(start, 0, end, 0), ""),),
    )
