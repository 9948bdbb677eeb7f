"""Stage reachability: unused-stage hints and unknown targets.

BuildKit builds the target stage (``--target``, or the last stage) and the closure
of what it needs: its ``FROM <stage>`` chain, its ``COPY --from`` and mount
``from=`` sources, and the sources of ONBUILD triggers it inherits
(``allReachableStages`` in ``dockerfile2llb/convert.go``). Other stages are
skipped silently, so an unused stage is a hint here, never an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockerfile_ls.core.model import BuildGraph, RefKind, RefStatus, Stage
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

UNUSED_STAGE = Rule("UnusedStage", Severity.HINT)

_DISPLAY_NAME = re.compile(r"^stage-(\d+)$")
# An ONBUILD trigger's near miss is left out: where the trigger runs, and so what
# it names, may be another Dockerfile.
_DIRECT_KINDS = (RefKind.COPY_FROM, RefKind.MOUNT_FROM)
_VARIABLE = re.compile(r"\$(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)")


def unknown_target(graph: BuildGraph, target: str) -> str | None:
    """Return BuildKit's error for a ``--target`` that names no stage, else None.

    Targets match stage names without regard to case and never take an index.
    The text and the suggestion follow ``resolveTarget``: the candidates are the
    stage names and the ``stage-N`` names of unnamed stages, compared with case.
    """
    if not graph.stages or graph.stage_by_name(target) is not None:
        return None
    message = f'target stage "{target}" could not be found'
    candidates = [
        stage.name if stage.name is not None else f"stage-{stage.index}"
        for stage in graph.stages
    ]
    if target in candidates:
        return message
    guesses = suggest(target, candidates, case_sensitive=True)
    if guesses:
        message += f" (did you mean {guesses[0]}?)"
    return message


def variable_pattern(text: str) -> re.Pattern[str] | None:
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


def _targets(graph: BuildGraph, options: CheckOptions) -> list[int]:
    """Return the stages built as targets: the configured or last one, and the
    targets named in Compose, Bake, scripts and CI files."""
    targets = [len(graph.stages) - 1]
    if options.target:
        configured = graph.target_index(options.target)
        if configured is not None:
            targets = [configured]
    for name in sorted(options.external_targets):
        index = graph.target_index(name)
        if index is not None:
            targets.append(index)
    return targets


def _meant_stage(graph: BuildGraph, text: str) -> int | None:
    """Return the stage a ``--from`` that names no stage most likely means.

    ``stage-N`` and a mount's ``from=N`` mean stage N; a near miss such as
    ``biuld`` means the closest stage name. The mistake gets its own warning, so
    the stage it means should not also be reported as unused.
    """
    display = _DISPLAY_NAME.match(text)
    if display is not None or text.isdigit():
        meant = int(display.group(1)) if display is not None else int(text)
        return meant if meant < len(graph.stages) else None
    names = [stage.name for stage in graph.stages if stage.name]
    for guess in suggest(text, names)[:1]:
        probable = graph.stage_by_name(guess)
        if probable is not None:
            return probable.index
    return None


def _used_stages(graph: BuildGraph, options: CheckOptions) -> set[int]:
    used = graph.reachable(_targets(graph, options))
    while True:
        extra = []
        for ref in graph.references:
            if ref.status is not RefStatus.IMAGE or ref.kind not in _DIRECT_KINDS:
                continue
            if ref.owner not in used:
                continue
            meant = _meant_stage(graph, ref.text)
            if meant is not None and meant not in used:
                extra.append(meant)
        if not extra:
            break
        used |= graph.reachable(extra)
    for ref in graph.references:
        if ref.kind is not RefKind.FROM or ref.expansion is None:
            continue
        pattern = variable_pattern(ref.text)
        if pattern is None:
            continue
        for stage in graph.stages[: ref.owner]:
            if stage.name and pattern.match(stage.name):
                used |= graph.reachable([stage.index])
    return used


def unused_stages(graph: BuildGraph, options: CheckOptions) -> Iterator[Finding]:
    """Report stages no target builds, as hints with the Unnecessary tag.

    A stage that a FROM with variables could select under other build arguments
    counts as used. A ``--from`` with a variable could name any stage, so it turns
    the report off for the whole file.
    """
    stages = graph.stages
    if len(stages) < 2:
        return
    for ref in graph.references:
        if ref.status is RefStatus.VARIABLE:
            return
    used = _used_stages(graph, options)
    index_refs = [
        ref.target
        for ref in graph.references
        if ref.by_index and ref.status is RefStatus.STAGE and ref.target is not None
    ]
    for stage in stages:
        if stage.index in used:
            continue
        span = stage.name_span
        if span is None and stage.base is not None:
            span = stage.base.span
        if span is None:
            span = stage.from_instruction.full_span
        fixes: tuple[Fix, ...] = ()
        # Removing the stage must not change another reference: none may name it
        # (even from another unused stage, whose --from would become an image
        # pull) and no index may point past it.
        referenced = any(
            ref.status is RefStatus.STAGE
            and ref.target == stage.index
            and ref.owner != stage.index
            for ref in graph.references
        )
        if not referenced and not any(target > stage.index for target in index_refs):
            fixes = (_remove_stage_fix(graph, stage),)
        yield finding(
            UNUSED_STAGE,
            _unused_message(graph, stage, options),
            span,
            unnecessary=True,
            fixes=fixes,
        )


def _unused_message(graph: BuildGraph, stage: Stage, options: CheckOptions) -> str:
    label = f"'{stage.name_written}'" if stage.name_written else f"{stage.index}"
    if stage.name is not None:
        for later in graph.stages[stage.index + 1 :]:
            if later.name == stage.name:
                return (
                    f"Stage {label} is never used: the stage of the same name on "
                    f"line {later.from_instruction.line + 1} replaces it in --from, "
                    "--target and later FROM lines"
                )
    target = "the default target"
    if options.target and graph.target_index(options.target) is not None:
        target = f"the target '{options.target}'"
    users = sorted(
        {
            graph.stages[ref.owner].display_name
            for ref in graph.references
            if ref.status is RefStatus.STAGE
            and ref.target == stage.index
            and ref.owner != stage.index
        }
    )
    if users:
        return (
            f"Stage {label} is never used: {target} does not build it, and only "
            f"unused stages use it ({', '.join(users)})"
        )
    return (
        f"Stage {label} is never used: {target} does not build it and no other "
        "stage copies from it"
    )


def _remove_stage_fix(graph: BuildGraph, stage: Stage) -> Fix:
    """Remove the stage's lines, with the comment above its FROM and the blank
    lines after it, but never a parser directive or the next stage's comments."""
    dockerfile = graph.dockerfile
    start = stage.from_instruction.line
    if stage.comment is not None and start > 0:
        start -= 1
    last = dockerfile.instructions[stage.last_instruction].end_line
    end = last + 1
    while end < len(dockerfile.lines) and not dockerfile.lines[end].strip():
        end += 1
    if end >= len(dockerfile.lines):
        # The stage ends the file: keep the line break before it.
        return Fix(
            f"Remove unused stage {stage.display_name}",
            (
                TextEdit(
                    Span(start, 0, len(dockerfile.lines) - 1, _line_length(graph)), ""
                ),
            ),
        )
    return Fix(
        f"Remove unused stage {stage.display_name}",
        (TextEdit(Span(start, 0, end, 0), ""),),
    )


def _line_length(graph: BuildGraph) -> int:
    return len(graph.dockerfile.lines[-1])
