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
from typing import NamedTuple

from dockerfile_ls.core.image_ref import parse_image_ref
from dockerfile_ls.core.model import (
    RESERVED_NAMES,
    BuildGraph,
    RefKind,
    RefStatus,
    Stage,
    StageRef,
    csv_fields,
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
INVALID_REFERENCE = Rule("InvalidImageReference", Severity.ERROR)
INVALID_DEFAULT_ARG = Rule("InvalidDefaultArgInFrom", Severity.WARNING, buildkit=True)
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
ONBUILD_IN_CHILD = Rule("OnbuildRunsInChild", Severity.HINT)

_DISPLAY_NAME = re.compile(r"^stage-(\d+)$")
ONBUILD_KINDS = (RefKind.ONBUILD_COPY_FROM, RefKind.ONBUILD_MOUNT_FROM)
MOUNT_KINDS = (RefKind.MOUNT_FROM, RefKind.ONBUILD_MOUNT_FROM)


def check(graph: BuildGraph, options: CheckOptions) -> Iterator[Finding]:
    for stage in graph.stages:
        yield from _check_definition(graph, stage)
    cycles = _cycles(graph)
    for ref in graph.references:
        if ref.kind in ONBUILD_KINDS:
            yield from _check_trigger_reference(graph, ref)
        else:
            yield from _check_reference(graph, ref, cycles)
    for stage in graph.stages:
        yield from _check_triggers_run_in_children(graph, stage)


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
        uses = base.expansion.uses if base.expansion is not None else ()
        if uses and all(use.name in graph.global_scope for use in uses):
            # Every variable is a declared meta ARG that only lacks a default: the
            # build works when it passes --build-arg, so BuildKit only warns.
            yield finding(
                INVALID_DEFAULT_ARG,
                f"Default value for ARG {base.text} results in empty or invalid base "
                "image name",
                base.span,
            )
        else:
            yield finding(
                BLANK_BASE,
                f"base name ({base.text}) should not be blank",
                base.span,
            )
    elif (
        base is not None
        and base.status is RefStatus.IMAGE
        and base.expansion is not None
        and base.expanded is not None
        and parse_image_ref(base.expanded) is None
    ):
        yield finding(
            INVALID_DEFAULT_ARG,
            f"Default value for ARG {base.text} results in empty or invalid base "
            f"image name ({base.expanded!r})",
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
                fixes=(Fix(f"Change to '{expected}'", (TextEdit(as_span, expected),)),),
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
            f'Stage name should not use the same name as reserved stage "{lowered}"',
            stage.name_span,
        )


class _Cycle(NamedTuple):
    """A stage in a dependency cycle: its successors in the cycle, and the cycle's
    first stage in file order, which BuildKit names in its error."""

    inside: frozenset[int]
    first: int


def _cycles(graph: BuildGraph) -> dict[int, _Cycle]:
    """Find the stages in dependency cycles (Tarjan's strongly connected components).

    BuildKit checks every stage, reachable or not, and only the edges of FROM,
    ``COPY --from`` and mount ``from=`` (``validateCircularDependency`` runs
    before ONBUILD triggers are read).
    """
    count = len(graph.stages)
    edges = [graph.dependencies(stage, onbuild=False) for stage in graph.stages]
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
    cycles: dict[int, _Cycle] = {}
    for component in components:
        first = min(component)
        for member in component:
            inside = frozenset(nxt for nxt in edges[member] if nxt in component)
            if len(component) > 1 or member in inside:
                cycles[member] = _Cycle(inside, first)
    return cycles


def _check_reference(
    graph: BuildGraph, ref: StageRef, cycles: dict[int, _Cycle]
) -> Iterator[Finding]:
    if ref.kind is RefKind.FROM:
        yield from _check_from_reference(graph, ref)
        return
    is_mount = ref.kind is RefKind.MOUNT_FROM
    if ref.status is RefStatus.VARIABLE:
        yield _variable_finding(ref)
        return
    if ref.status is RefStatus.INDEX_OUT_OF_RANGE:
        yield _index_finding(graph, ref)
        return
    if ref.status is RefStatus.STAGE and ref.target is not None:
        cycle = cycles.get(ref.owner)
        if cycle is not None and ref.target in cycle.inside:
            first = graph.stages[cycle.first]
            yield finding(
                CIRCULAR_DEPENDENCY,
                f"circular dependency detected on stage: {_buildkit_name(first)}",
                ref.span,
            )
            return
        if ref.target > ref.owner:
            yield _forward_finding(graph, ref, graph.stages[ref.owner])
        return
    if ref.status is RefStatus.IMAGE:
        yield from _check_image_flag(graph, ref, is_mount)


def _variable_finding(ref: StageRef) -> Finding:
    if ref.kind in MOUNT_KINDS:
        message = (
            "'from' doesn't support variable expansion, define alias stage "
            "instead: ARG in the global scope, then FROM ${ARG} AS alias"
        )
    else:
        message = (
            "variable expansion is not supported for --from, define a new stage "
            "with FROM using ARG from global scope as a workaround"
        )
    return finding(VARIABLE_IN_FROM_FLAG, message, ref.span)


def _index_finding(graph: BuildGraph, ref: StageRef) -> Finding:
    last = len(graph.stages) - 1
    return finding(
        INVALID_STAGE_INDEX,
        f"invalid stage index {ref.text}: this Dockerfile has stages 0 to {last}",
        ref.span,
    )


def _forward_finding(graph: BuildGraph, ref: StageRef, current: Stage) -> Finding:
    """Report a source stage that BuildKit has not built yet when ``current`` runs.

    BuildKit dispatches stages in file order and fails a copy or mount from one
    that is not dispatched yet (``dispatch`` and ``dispatchRunMounts`` in
    ``dockerfile2llb``).
    """
    assert ref.target is not None
    target = graph.stages[ref.target]
    if ref.kind in MOUNT_KINDS:
        mount_target = _mount_target(ref)
        message = (
            f'cannot mount from stage "{ref.text}" to "{mount_target}", stage needs '
            "to be defined before current command"
        )
    else:
        message = (
            f'cannot copy from stage "{ref.text}", it needs to be defined before '
            f'current stage "{_buildkit_name(current)}"'
        )
    return finding(
        FORWARD_REFERENCE,
        message,
        ref.span,
        related=((target.from_instruction.full_span, "defined here"),),
    )


def _buildkit_name(stage: Stage) -> str:
    """Return the name BuildKit's errors use: the lowercased name, or ``stage-N``."""
    return stage.name if stage.name is not None else f"stage-{stage.index}"


def _mount_target(ref: StageRef) -> str:
    """Return the ``target=`` (or ``dst=``, ``destination=``) of a mount reference."""
    if ref.word is None:
        return ""
    found = ""
    for field_text, _ in csv_fields(ref.word.value):
        key, sep, value = field_text.partition("=")
        if sep and key.strip().lower() in ("target", "dst", "destination"):
            found = value
    return found


def _check_trigger_reference(graph: BuildGraph, ref: StageRef) -> Iterator[Finding]:
    """Check a ``--from`` of an ONBUILD trigger where the trigger runs.

    A trigger runs in each stage built on the stage that declares it, and its
    ``--from`` is resolved there. With no such stage in this file the trigger
    runs in another Dockerfile, whose stages are unknown, so only the variable
    check applies: BuildKit rejects variables wherever the trigger runs.
    """
    if ref.status is RefStatus.VARIABLE:
        yield _variable_finding(ref)
        return
    children = graph.children(graph.stages[ref.owner])
    if not children:
        return
    if ref.status is RefStatus.INDEX_OUT_OF_RANGE:
        yield _index_finding(graph, ref)
        return
    if ref.status is RefStatus.STAGE and ref.target is not None:
        # A trigger's copy from the stage it runs in finds that stage already
        # marked as dispatched, so BuildKit reports nothing for it.
        for child in children:
            if ref.target > child.index:
                yield _forward_finding(graph, ref, child)
                return
        return
    if ref.status is RefStatus.IMAGE:
        yield from _check_image_flag(graph, ref, ref.kind in MOUNT_KINDS)


def _check_triggers_run_in_children(
    graph: BuildGraph, stage: Stage
) -> Iterator[Finding]:
    """Point out ONBUILD triggers that run in a later stage of the same file.

    BuildKit runs a stage's triggers at the start of every stage built on it, not
    in the stage itself (``initOnBuildTriggers`` in ``dockerfile2llb``).
    """
    children = graph.children(stage)
    if not children:
        return
    instructions = graph.dockerfile.instructions
    lines = ", ".join(str(child.from_instruction.line + 1) for child in children)
    if len(children) == 1:
        where = f"the stage on line {lines}, which is"
    else:
        where = f"the stages on lines {lines}, which are"
    for position in range(stage.first_instruction + 1, stage.last_instruction + 1):
        instruction = instructions[position]
        node = instruction.node
        if node.keyword != "ONBUILD" or node.sub is None:
            continue
        yield finding(
            ONBUILD_IN_CHILD,
            f"This ONBUILD {node.sub.keyword} runs in {where} built on "
            f"'{stage.display_name}', not in '{stage.display_name}' itself",
            instruction.span(node.keyword_word.span),
        )


def _check_image_flag(
    graph: BuildGraph, ref: StageRef, is_mount: bool
) -> Iterator[Finding]:
    """Sort an unresolved ``--from`` value into a mistake or a legitimate image."""
    text = ref.text
    if not text:
        # An empty value means the build context (convert.go, convert_runmount.go).
        return
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
    names = [
        stage.name for stage in graph.stages if stage.name and stage.index != owner
    ]
    guesses = suggest(text, names)
    if parse_image_ref(text) is None:
        yield _invalid_reference(text, ref.span, guesses)
        return
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


def _invalid_reference(value: str, span: Span, guesses: list[str]) -> Finding:
    """Report a value that is neither a stage nor a valid image reference."""
    reason = (
        "repository names must be lowercase"
        if value != value.lower()
        else ("it is not a valid image reference")
    )
    message = (
        f"'{value}' is not a stage here, and BuildKit cannot pull it as an image: "
        f"invalid reference format ({reason})"
    )
    fixes: tuple[Fix, ...] = ()
    if guesses:
        message += f" (did you mean {guesses[0]}?)"
        fixes = tuple(
            Fix(f"Change to '{guess}'", (TextEdit(span, guess),), preferred=i == 0)
            for i, guess in enumerate(guesses)
        )
    return finding(INVALID_REFERENCE, message, span, fixes=fixes)


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
    if parse_image_ref(value) is None:
        # BuildKit parses the base as an image reference when the stage is built
        # and fails with "invalid reference format".
        names = [stage.name for stage in earlier if stage.name]
        guesses = [name for name in names if name == lowered] or suggest(value, names)
        yield _invalid_reference(value, ref.span, guesses)
        return
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
