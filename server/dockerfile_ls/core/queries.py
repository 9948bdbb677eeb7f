"""Position queries: stage definitions, stage references and completion sites.

Positions here are (line, column) in code points, as everywhere in the core.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from dockerfile_ls.core.analysis import Analysis
from dockerfile_ls.core.model import (
    RefKind,
    RefStatus,
    Stage,
    StageRef,
    csv_fields,
    stage_name_is_valid,
)
from dockerfile_ls.core.rules.syntax import KNOWN_FLAGS
from dockerfile_ls.core.syntax import Instruction, InstructionNode, Word
from dockerfile_ls.core.text import Span


@dataclass(frozen=True, slots=True)
class StageDefinitionAt:
    """The cursor is on a FROM keyword, an AS keyword or a stage name."""

    stage: Stage
    span: Span
    on_name: bool


@dataclass(frozen=True, slots=True)
class ReferenceAt:
    """The cursor is on a value that names a stage or an image."""

    ref: StageRef


def word_offset(
    word: Word, instruction: Instruction, line: int, col: int
) -> int | None:
    """Return the offset into ``word.value`` at an absolute position, if inside it."""
    span = instruction.span(word.span)
    if not span.contains(line, col):
        return None
    relative_line = line - instruction.line
    if word.offsets is None and span.start_line == span.end_line:
        return min(max(col - span.start_col, 0), len(word.value))
    for offset in range(len(word.value) + 1):
        start = word.sub_span(offset, offset)
        if (start.start_line, start.start_col) >= (relative_line, col):
            return offset
    return len(word.value)


def symbol_at(
    analysis: Analysis, line: int, col: int
) -> StageDefinitionAt | ReferenceAt | None:
    """Find the stage definition or reference under the cursor."""
    graph = analysis.graph
    instruction = analysis.dockerfile.instruction_at(line)
    if instruction is None:
        return None
    for ref in graph.references:
        if ref.instruction is instruction and ref.span.contains(line, col):
            return ReferenceAt(ref)
    for stage in graph.stages:
        if stage.from_instruction is not instruction:
            continue
        if stage.name_span is not None and stage.name_span.contains(line, col):
            return StageDefinitionAt(stage, stage.name_span, True)
        keyword = instruction.span(instruction.node.keyword_word.span)
        if keyword.contains(line, col):
            return StageDefinitionAt(stage, keyword, False)
        if stage.as_word is not None:
            as_span = instruction.span(stage.as_word.span)
            if as_span.contains(line, col):
                return StageDefinitionAt(stage, as_span, False)
    return None


def references_to(analysis: Analysis, stage: Stage) -> list[StageRef]:
    """Return every reference that resolves to ``stage``, indices included.

    A later ``FROM base-${VARIANT}`` that other build arguments could point at the
    stage counts too, though the current arguments pick another stage.
    """
    from dockerfile_ls.core.rules.reachability import variable_pattern

    found = []
    for ref in analysis.graph.references:
        if ref.target == stage.index and ref.status is RefStatus.STAGE:
            found.append(ref)
            continue
        if (
            ref.kind is RefKind.FROM
            and ref.expansion is not None
            and stage.name is not None
            and ref.owner > stage.index
        ):
            pattern = variable_pattern(ref.text)
            if pattern is not None and pattern.match(stage.name):
                found.append(ref)
    return found


class CompletionKind(Enum):
    COPY_FROM = "copy-from"
    MOUNT_FROM = "mount-from"
    FROM_IMAGE = "from-image"
    FLAG = "flag"
    KEYWORD = "keyword"
    PLATFORM = "platform"


@dataclass(frozen=True, slots=True)
class CompletionSite:
    """Completion context: the kind of place, the typed prefix, the range to replace.

    ``owner`` is the index of the stage the cursor is in (for FROM, the stage the
    line defines). ``replace`` runs from the start of the typed prefix to the end of
    the word under the cursor, so an accepted item replaces the whole word.
    """

    kind: CompletionKind
    prefix: str
    replace: Span
    owner: int
    keyword: str = ""
    has_platform: bool = False


def completion_site(analysis: Analysis, line: int, col: int) -> CompletionSite | None:
    """Decide what kind of completion fits the cursor position."""
    dockerfile = analysis.dockerfile
    if line >= len(dockerfile.lines):
        return None
    text = dockerfile.lines[line]
    col = min(col, len(text))
    instruction = dockerfile.instruction_at(line)
    owner = _owner_index(analysis, line)
    if instruction is None or _in_heredoc_body(instruction, line):
        if instruction is not None:
            return None
        return _keyword_site(text, line, col, owner)
    node = instruction.node
    keyword_span = instruction.span(node.keyword_word.span)
    if line == keyword_span.start_line and col <= keyword_span.end_col:
        return _keyword_site(text, line, col, owner)
    inner = node.sub if node.sub is not None else node
    site = _flag_value_site(analysis, instruction, inner, line, col, owner)
    if site is not None:
        return site
    typed = _typed_word(text, col)
    if typed.startswith("-") and inner.keyword in KNOWN_FLAGS:
        if _before_arguments(instruction, inner, line, col):
            start = col - len(typed)
            return CompletionSite(
                CompletionKind.FLAG,
                typed,
                Span(line, start, line, col),
                owner,
                inner.keyword,
            )
    if inner.keyword == "FROM":
        return _from_site(analysis, instruction, inner, line, col, typed)
    return None


def _owner_index(analysis: Analysis, line: int) -> int:
    stage = analysis.graph.stage_at_line(line)
    if stage is None:
        return len(analysis.graph.stages)
    return stage.index


def _in_heredoc_body(instruction: Instruction, line: int) -> bool:
    node = instruction.node.sub or instruction.node
    for heredoc in node.heredocs:
        if heredoc.body_span is not None:
            body = instruction.span(heredoc.body_span)
            if body.start_line <= line <= body.end_line:
                return True
        if heredoc.terminator_span is not None:
            if instruction.span(heredoc.terminator_span).start_line == line:
                return True
    return False


def _typed_word(text: str, col: int) -> str:
    start = col
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:col]


def _keyword_site(text: str, line: int, col: int, owner: int) -> CompletionSite | None:
    before = text[:col]
    stripped = before.lstrip()
    if not stripped.replace("\ufeff", "").isalpha() and stripped:
        return None
    start = col - len(stripped)
    return CompletionSite(
        CompletionKind.KEYWORD, stripped, Span(line, start, line, col), owner
    )


def _before_arguments(
    instruction: Instruction, node: InstructionNode, line: int, col: int
) -> bool:
    for word in node.args:
        start = instruction.span(word.span)
        if (start.start_line, start.start_col) < (line, col) and not start.contains(
            line, col
        ):
            return False
    return True


def _flag_value_site(
    analysis: Analysis,
    instruction: Instruction,
    node: InstructionNode,
    line: int,
    col: int,
    owner: int,
) -> CompletionSite | None:
    for flag in node.flags:
        value = flag.value
        if value is None:
            continue
        offset = word_offset(value, instruction, line, col)
        if offset is None:
            continue
        whole = instruction.span(value.span)
        # The edit replaces the whole word around the cursor, so accepting an item
        # in the middle of a name does not leave the rest of the old one behind.
        end = (whole.end_line, whole.end_col) if whole.end_line == line else (line, col)
        if node.keyword == "COPY" and flag.name == "from":
            start = instruction.span(value.sub_span(0, 0))
            return CompletionSite(
                CompletionKind.COPY_FROM,
                value.value[:offset],
                Span(start.start_line, start.start_col, *end),
                owner,
                "COPY",
            )
        if node.keyword == "FROM" and flag.name == "platform":
            start = instruction.span(value.sub_span(0, 0))
            return CompletionSite(
                CompletionKind.PLATFORM,
                value.value[:offset],
                Span(start.start_line, start.start_col, *end),
                owner,
                "FROM",
            )
        if node.keyword == "RUN" and flag.name == "mount":
            for field_text, field_start in csv_fields(value.value):
                field_end = field_start + len(field_text)
                if not field_start <= offset <= field_end:
                    continue
                key, sep, _ = field_text.partition("=")
                value_start = field_start + len(key) + 1
                if not sep or key.strip().lower() != "from" or offset < value_start:
                    return None
                start = instruction.span(value.sub_span(value_start, value_start))
                field_stop = instruction.span(value.sub_span(field_end, field_end))
                stop = (line, col)
                if field_stop.start_line == line and field_stop.start_col >= col:
                    stop = (line, field_stop.start_col)
                return CompletionSite(
                    CompletionKind.MOUNT_FROM,
                    value.value[value_start:offset],
                    Span(start.start_line, start.start_col, *stop),
                    owner,
                    "RUN",
                )
            return None
        return None
    return None


def _from_site(
    analysis: Analysis,
    instruction: Instruction,
    node: InstructionNode,
    line: int,
    col: int,
    typed: str,
) -> CompletionSite | None:
    owner = next(
        (
            stage.index
            for stage in analysis.graph.stages
            if stage.from_instruction is instruction
        ),
        len(analysis.graph.stages),
    )
    has_platform = node.flag("platform") is not None
    for flag in node.flags:
        if (
            instruction.span(flag.span).contains(line, col)
            and col < instruction.span(flag.span).end_col
        ):
            return None
    stop = col
    if node.args:
        image = instruction.span(node.args[0].span)
        if (line, col) > (image.end_line, image.end_col):
            return None
        if image.start_line == image.end_line == line and image.start_col <= col:
            stop = image.end_col
    start = col - len(typed)
    return CompletionSite(
        CompletionKind.FROM_IMAGE,
        typed,
        Span(line, start, line, stop),
        owner,
        "FROM",
        has_platform,
    )


def stages_for_completion(
    analysis: Analysis, site: CompletionSite
) -> list[tuple[str, Stage]]:
    """Return (label, stage) pairs valid at a completion site, each label once.

    COPY --from and mount from= see earlier stages only (BuildKit rejects later
    ones), never the current one; COPY also offers indices of unnamed stages; FROM
    offers the lowercase names of earlier stages. Duplicated names point to the
    last earlier definition, as BuildKit resolves them.
    """
    stages = analysis.graph.stages[: site.owner]
    chosen: dict[str, Stage] = {}
    for stage in stages:
        if stage.name is not None:
            if stage.name_written is not None and not _valid(stage):
                continue
            chosen[stage.name] = stage
        elif site.kind is CompletionKind.COPY_FROM:
            chosen[str(stage.index)] = stage
    prefix = site.prefix.lower()
    return [
        (label, stage)
        for label, stage in chosen.items()
        if label.lower().startswith(prefix)
    ]


def _valid(stage: Stage) -> bool:
    return stage.name_written is not None and stage_name_is_valid(stage.name_written)
