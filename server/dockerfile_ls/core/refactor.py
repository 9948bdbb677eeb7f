"""Renames and structural edits that keep the build meaning the same.

Every edit is checked by applying it to the text and building the stage model
again: a rename that would make any reference resolve differently (a later
``FROM alpine`` suddenly naming a stage called ``alpine``, a ``FROM ${SRC}`` whose
ARG value named the old stage) is rejected with the reason.
"""

from __future__ import annotations

import re

from dockerfile_ls.core.analysis import Analysis, analyze
from dockerfile_ls.core.expand import VARIABLE_NAME
from dockerfile_ls.core.model import (
    RESERVED_NAMES,
    RefKind,
    RefStatus,
    Stage,
    StageRef,
    stage_name_is_valid,
)
from dockerfile_ls.core.rules import TextEdit
from dockerfile_ls.core.text import Span, split_lines
from dockerfile_ls.core.variables import Declaration, Use, VariableTable


class RefactorError(Exception):
    """An edit that cannot be made, with a message for the user."""


def apply_edits(text: str, edits: list[TextEdit]) -> str:
    """Apply non-overlapping edits given in code-point spans of ``text``."""
    lines = split_lines(text)
    offsets = [0]
    raw = text.split("\n")
    for line in raw:
        offsets.append(offsets[-1] + len(line) + 1)

    def offset(line: int, col: int) -> int:
        if line >= len(lines):
            return len(text)
        return offsets[line] + min(col, len(raw[line]))

    result = text
    for edit in sorted(
        edits,
        key=lambda item: (item.span.start_line, item.span.start_col),
        reverse=True,
    ):
        start = offset(edit.span.start_line, edit.span.start_col)
        end = offset(edit.span.end_line, edit.span.end_col)
        result = result[:start] + edit.new_text + result[end:]
    return result


def _resolutions(analysis: Analysis) -> list[tuple[str, int | None, str]]:
    """Describe what every reference resolves to, in file order."""
    graph = analysis.graph
    described = []
    for ref in graph.references:
        target = None
        if ref.status is RefStatus.STAGE and ref.target is not None:
            target = ref.target
        described.append((ref.kind.value, target, ref.status.value))
    return described


def check_new_stage_name(analysis: Analysis, stage: Stage, new_name: str) -> None:
    if not new_name or any(char.isspace() for char in new_name):
        raise RefactorError(
            f"'{new_name}' is not a valid stage name: it contains spaces"
        )
    if not stage_name_is_valid(new_name):
        raise RefactorError(
            f"'{new_name}' is not a valid stage name: it must start with a letter and "
            "contain only letters, digits, '-', '_' and '.'"
        )
    lowered = new_name.lower()
    if lowered in RESERVED_NAMES:
        raise RefactorError(
            f"'{new_name}' is a reserved name ({lowered} has a meaning of its own)"
        )
    for other in analysis.graph.stages:
        if other.index != stage.index and other.name == lowered:
            raise RefactorError(
                f"a stage named '{other.name}' already exists on line "
                f"{other.from_instruction.line + 1}"
            )


def rename_stage(analysis: Analysis, stage: Stage, new_name: str) -> list[TextEdit]:
    """Return the edits that rename ``stage``, or raise RefactorError.

    Index references stay indices; FROM references and ``--from``/``from=`` names
    that resolve to the stage are rewritten.
    """
    if stage.name_span is None:
        raise RefactorError("this stage has no name; add `AS <name>` to its FROM line")
    check_new_stage_name(analysis, stage, new_name)
    check_stage_renamable(analysis, stage)
    edits = [TextEdit(stage.name_span, new_name)]
    for ref in analysis.graph.references:
        if (
            ref.target != stage.index
            or ref.status is not RefStatus.STAGE
            or ref.by_index
        ):
            continue
        edits.append(TextEdit(ref.span, new_name))
    verify_edits(analysis, edits)
    return edits


def check_stage_renamable(analysis: Analysis, stage: Stage) -> None:
    """Raise RefactorError when no new name could keep the build's meaning.

    That is the case when a FROM names the stage through a build argument, with
    the current value or another one.
    """
    for ref in analysis.graph.references:
        if ref.target != stage.index or ref.status is not RefStatus.STAGE:
            continue
        if ref.expansion is not None:
            raise RefactorError(
                f"line {ref.span.start_line + 1} names this stage through a build "
                f"argument ({ref.text}); change that argument's value instead"
            )
    _check_selectable(analysis, stage)


def _check_selectable(analysis: Analysis, stage: Stage) -> None:
    """Reject renaming a stage that a FROM with build arguments can pick.

    ``FROM base-${VARIANT}`` names ``base-debian`` when the build passes
    ``VARIANT=debian``; after a rename that build would pull an image instead.
    """
    from dockerfile_ls.core.rules.reachability import variable_pattern

    if stage.name is None:
        return
    for ref in analysis.graph.references:
        if ref.kind is not RefKind.FROM or ref.expansion is None:
            continue
        if ref.owner <= stage.index:
            continue
        pattern = variable_pattern(ref.text)
        if pattern is not None and pattern.match(stage.name):
            raise RefactorError(
                f"FROM {ref.text} on line {ref.span.start_line + 1} can select this "
                "stage through a build argument; a rename would break builds that "
                "pick it"
            )


def verify_edits(analysis: Analysis, edits: list[TextEdit]) -> None:
    """Raise RefactorError if the edits change what any reference resolves to."""
    changed = analyze(apply_edits(analysis.text, edits), options=analysis.options)
    if _resolutions(changed) != _resolutions(analysis):
        raise RefactorError(
            "the edit would change what another reference in this Dockerfile names"
        )


def rename_variable(
    table: VariableTable, item: Declaration | Use, new_name: str
) -> list[TextEdit]:
    """Return the edits that rename a build argument or variable in its scope."""
    if not VARIABLE_NAME.match(new_name):
        raise RefactorError(
            f"'{new_name}' is not a valid variable name: use letters, digits and '_', "
            "not starting with a digit"
        )
    declarations, uses = table.group(item)
    if not declarations:
        raise RefactorError(f"'{item.name}' is not declared in this Dockerfile")
    spans: list[Span] = [declaration.span for declaration in declarations]
    spans.extend(use.span for use in uses)
    return [TextEdit(span, new_name) for span in sorted(set(spans))]


def alias_stage_edits(analysis: Analysis, ref: StageRef) -> list[TextEdit]:
    """Replace ``--from=$VAR`` with an alias stage ``FROM ${VAR} AS <alias>``.

    This is the workaround BuildKit's error message suggests. ``VAR`` must be a meta
    ARG, because FROM lines can use only those. The edit is rejected when inserting a
    stage would shift a stage index that another ``--from`` uses.
    """
    match = _SINGLE_VARIABLE.match(ref.text)
    if match is None:
        raise RefactorError("the value is not a single variable such as $NAME")
    name = match.group(1) or match.group(2)
    graph = analysis.graph
    if not any(arg.name == name for arg in graph.meta_args):
        raise RefactorError(
            f"{name} is not declared before the first FROM, so a FROM line cannot "
            "use it"
        )
    owner = graph.stages[ref.owner]
    for other in graph.references:
        if other.by_index and other.target is not None and other.target >= owner.index:
            raise RefactorError(
                f"a new stage would shift stage {other.target}, which line "
                f"{other.span.start_line + 1} names by index"
            )
    taken = {stage.name for stage in graph.stages if stage.name}
    base = name.lower().replace("_", "-").strip("-") or "alias"
    if not stage_name_is_valid(base):
        base = "alias-" + base
    alias = base
    counter = 2
    while alias in taken or alias in RESERVED_NAMES:
        alias = f"{base}-{counter}"
        counter += 1
    line = owner.from_instruction.line
    if owner.comment is not None and line > 0:
        line -= 1
    insert = TextEdit(Span(line, 0, line, 0), f"FROM ${{{name}}} AS {alias}\n")
    return [insert, TextEdit(ref.span, alias)]


_SINGLE_VARIABLE = re.compile(
    r"^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$"
)
