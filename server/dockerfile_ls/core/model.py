"""The build graph: stages, meta ARGs and stage references resolved as BuildKit does.

Resolution rules (BuildKit ``frontend/dockerfile/dockerfile2llb/convert.go``):

- ``FROM x`` is expanded with the global scope (meta ARGs, build arguments and the
  built-in platform ARGs) and looked up among the stages defined *above* it, by
  exact match against the lowercased stage names; the nearest earlier duplicate
  wins. Anything else is an image (or a named build context).
- ``COPY --from=x`` and ``RUN --mount=...,from=x`` see every stage, matched without
  regard to case, the *last* duplicate winning. ``COPY --from`` also accepts a
  0-based stage index; a mount does not. Neither expands variables.
- Stage names are lowercased, then must match ``^[a-z][a-z0-9-_.]*$``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from enum import Enum

from dockerfile_ls.core.expand import (
    Expansion,
    default_platform_args,
    expand,
    has_variables,
)
from dockerfile_ls.core.syntax import (
    Dockerfile,
    Flag,
    Instruction,
    InstructionNode,
    Word,
)
from dockerfile_ls.core.text import Span

STAGE_NAME = re.compile(r"^[a-z][a-z0-9\-_.]*$")
RESERVED_NAMES = frozenset({"scratch", "context"})


class RefKind(Enum):
    """Kinds of place that can name a stage."""

    FROM = "FROM"
    COPY_FROM = "COPY --from"
    MOUNT_FROM = "RUN --mount from"
    ONBUILD_COPY_FROM = "ONBUILD COPY --from"
    ONBUILD_MOUNT_FROM = "ONBUILD RUN --mount from"


class RefStatus(Enum):
    """Resolution of a reference: a stage, an image, or an error."""

    STAGE = "stage"
    IMAGE = "image"
    SCRATCH = "scratch"
    VARIABLE = "variable"
    INDEX_OUT_OF_RANGE = "index-out-of-range"
    BLANK = "blank"


class StageRef:
    """One place that names a stage or an image.

    ``span`` covers the value as written. ``target`` is the index of the stage it
    resolves to when ``status`` is STAGE. ``owner`` is the index of the stage that
    contains the reference (for FROM, the stage being defined).
    """

    kind: RefKind
    text: str
    span: Span
    owner: int
    instruction: Instruction
    status: RefStatus
    target: int | None
    by_index: bool
    expanded: str | None
    expansion: Expansion | None
    word: Word | None

    __slots__ = (
        "kind",
        "text",
        "span",
        "owner",
        "instruction",
        "status",
        "target",
        "by_index",
        "expanded",
        "expansion",
        "word",
    )

    def __init__(
        self,
        kind: RefKind,
        text: str,
        span: Span,
        owner: int,
        instruction: Instruction,
        status: RefStatus = RefStatus.IMAGE,
        target: int | None = None,
        by_index: bool = False,
        expanded: str | None = None,
        expansion: Expansion | None = None,
        word: Word | None = None,
    ) -> None:
        self.kind = kind
        self.text = text
        self.span = span
        self.owner = owner
        self.instruction = instruction
        self.status = status
        self.target = target
        self.by_index = by_index
        self.expanded = expanded
        self.expansion = expansion
        self.word = word


class MetaArg:
    """An ARG before the first FROM: part of the global scope of FROM lines."""

    name: str
    default: str | None
    name_span: Span
    value_span: Span | None
    instruction: Instruction

    __slots__ = (
        "name",
        "default",
        "name_span",
        "value_span",
        "instruction",
    )

    def __init__(
        self,
        name: str,
        default: str | None,
        name_span: Span,
        value_span: Span | None,
        instruction: Instruction,
    ) -> None:
        self.name = name
        self.default = default
        self.name_span = name_span
        self.value_span = value_span
        self.instruction = instruction


class Stage:
    """A build stage: a FROM instruction and the instructions up to the next one."""

    index: int
    name: str | None
    name_written: str | None
    name_span: Span | None
    as_word: Word | None
    from_instruction: Instruction
    first_instruction: int
    last_instruction: int
    base: StageRef | None
    platform: Flag | None
    end_line: int
    references: list[StageRef]
    onbuild_references: list[StageRef]
    comment: str | None
    """The text of the comment line directly above the FROM, without its ``#``.
    Parser directives are not comments and never count."""
    description: str | None
    """BuildKit's description of a named stage: from a comment above the FROM that
    begins with the stage name, the text after that name (``getComment`` in
    ``instructions/parse.go``). ``docker buildx build --call=targets`` shows it."""

    __slots__ = (
        "index",
        "name",
        "name_written",
        "name_span",
        "as_word",
        "from_instruction",
        "first_instruction",
        "last_instruction",
        "base",
        "platform",
        "end_line",
        "references",
        "onbuild_references",
        "comment",
        "description",
    )

    def __init__(
        self,
        index: int,
        name: str | None,
        name_written: str | None,
        name_span: Span | None,
        as_word: Word | None,
        from_instruction: Instruction,
        first_instruction: int,
        last_instruction: int,
        base: StageRef | None,
        platform: Flag | None,
        end_line: int,
        references: list[StageRef] | None = None,
        onbuild_references: list[StageRef] | None = None,
        comment: str | None = None,
        description: str | None = None,
    ) -> None:
        self.index = index
        self.name = name
        self.name_written = name_written
        self.name_span = name_span
        self.as_word = as_word
        self.from_instruction = from_instruction
        self.first_instruction = first_instruction
        self.last_instruction = last_instruction
        self.base = base
        self.platform = platform
        self.end_line = end_line
        self.references = list() if references is None else references
        self.onbuild_references = (
            list() if onbuild_references is None else onbuild_references
        )
        self.comment = comment
        self.description = description

    @property
    def display_name(self) -> str:
        """The name as written, or ``stage-N`` as BuildKit shows unnamed stages."""
        return self.name_written or f"stage-{self.index}"

    @property
    def reference_name(self) -> str:
        """What a ``COPY --from`` would write: the name, or the index."""
        return self.name if self.name is not None else str(self.index)


class BuildGraph:
    """Stages and references of one Dockerfile version under given build arguments."""

    dockerfile: Dockerfile
    stages: list[Stage]
    meta_args: list[MetaArg]
    global_scope: dict[str, str | None]
    references: list[StageRef]
    preamble: list[Instruction]
    _last_by_name: dict[str, Stage] | None
    memo: dict[object, object]
    """Values derived from this graph (base images, completion texts), kept with it."""

    __slots__ = (
        "dockerfile",
        "stages",
        "meta_args",
        "global_scope",
        "references",
        "preamble",
        "_last_by_name",
        "memo",
    )

    def __init__(
        self,
        dockerfile: Dockerfile,
        stages: list[Stage],
        meta_args: list[MetaArg],
        global_scope: dict[str, str | None],
        references: list[StageRef],
        preamble: list[Instruction],
        last_by_name: dict[str, Stage] | None = None,
        memo: dict[object, object] | None = None,
    ) -> None:
        self.dockerfile = dockerfile
        self.stages = stages
        self.meta_args = meta_args
        self.global_scope = global_scope
        self.references = references
        self.preamble = preamble
        self._last_by_name = last_by_name
        self.memo = dict() if memo is None else memo

    def stage_by_name(self, name: str) -> Stage | None:
        """Look a name up as ``--from`` does: any case, the last duplicate wins."""
        if self._last_by_name is None:
            self._last_by_name = {
                stage.name: stage for stage in self.stages if stage.name is not None
            }
        return self._last_by_name.get(name.lower())

    def stage_at_line(self, line: int) -> Stage | None:
        """Return the stage whose lines include ``line``."""
        for stage in self.stages:
            if stage.from_instruction.line <= line <= stage.end_line:
                return stage
        return None

    def dependencies(self, stage: Stage, onbuild: bool = True) -> list[int]:
        """Return the stages that building ``stage`` needs directly.

        ONBUILD triggers of a base stage run in the stage built on it, so their
        references count for the child, not for the stage that declares them.
        ``onbuild=False`` leaves them out: BuildKit looks for dependency cycles
        before it reads the triggers, so trigger edges never form a cycle there.
        """
        needed: list[int] = []
        base = stage.base
        if (
            base is not None
            and base.status is RefStatus.STAGE
            and base.target is not None
        ):
            needed.append(base.target)
            if onbuild:
                for ref in self.stages[base.target].onbuild_references:
                    if ref.status is RefStatus.STAGE and ref.target is not None:
                        needed.append(ref.target)
        for ref in stage.references:
            if ref.status is RefStatus.STAGE and ref.target is not None:
                needed.append(ref.target)
        return needed

    def reachable(self, targets: list[int]) -> set[int]:
        """Return every stage that building the ``targets`` builds."""
        seen: set[int] = set()
        pending = [index for index in targets if 0 <= index < len(self.stages)]
        while pending:
            index = pending.pop()
            if index in seen:
                continue
            seen.add(index)
            pending.extend(self.dependencies(self.stages[index]))
        return seen

    def target_index(self, target: str | None) -> int | None:
        """Return the stage a ``--target`` value builds, or the last stage."""
        if not self.stages:
            return None
        if not target:
            return len(self.stages) - 1
        stage = self.stage_by_name(target)
        return stage.index if stage is not None else None

    def children(self, stage: Stage) -> list[Stage]:
        """Return the stages built on ``stage``: where its ONBUILD triggers run."""
        return [
            other
            for other in self.stages
            if other.base is not None
            and other.base.status is RefStatus.STAGE
            and other.base.target == stage.index
        ]

    def base_chain(self, stage: Stage) -> list[Stage]:
        """Follow ``FROM <stage>`` links from ``stage``; the first item is ``stage``."""
        chain = [stage]
        seen = {stage.index}
        current = stage
        while (
            current.base is not None
            and current.base.status is RefStatus.STAGE
            and current.base.target is not None
            and current.base.target not in seen
        ):
            current = self.stages[current.base.target]
            seen.add(current.index)
            chain.append(current)
        return chain


def _global_scope(
    meta_args: list[MetaArg], build_args: Mapping[str, str], target_stage: str
) -> dict[str, str | None]:
    """Compute the scope FROM lines see, as BuildKit does for meta ARGs.

    A build argument overrides a declared ARG's default; defaults may use earlier
    meta ARGs. Built-in platform ARGs are always there.
    """
    scope: dict[str, str | None] = dict(default_platform_args(target_stage))
    for arg in meta_args:
        if arg.name in build_args:
            scope[arg.name] = build_args[arg.name]
        elif arg.default is not None:
            scope[arg.name] = expand(arg.default, scope).value
        else:
            scope.setdefault(arg.name, None)
    return scope


def build_graph(
    dockerfile: Dockerfile,
    build_args: Mapping[str, str] | None = None,
    target: str = "",
) -> BuildGraph:
    """Build the stage graph of a parsed Dockerfile.

    ``target`` is the ``--target`` value; it sets the built-in ARG TARGETSTAGE.
    """
    build_args = build_args or {}
    escape = dockerfile.escape
    meta_args: list[MetaArg] = []
    preamble: list[Instruction] = []
    stages: list[Stage] = []
    references: list[StageRef] = []
    instructions = dockerfile.instructions

    first_from = len(instructions)
    for position, instruction in enumerate(instructions):
        if instruction.node.keyword == "FROM":
            first_from = position
            break
        if instruction.node.keyword == "ARG":
            for pair in instruction.node.pairs:
                meta_args.append(
                    MetaArg(
                        pair.key.value,
                        pair.value.value if pair.value is not None else None,
                        instruction.span(pair.key.span),
                        instruction.span(pair.value.span) if pair.value else None,
                        instruction,
                    )
                )
        else:
            preamble.append(instruction)

    scope = _global_scope(
        meta_args, build_args, target or _last_stage_name(dockerfile, first_from)
    )
    names: dict[str, int] = {}
    for position in range(first_from, len(instructions)):
        instruction = instructions[position]
        node = instruction.node
        if node.keyword == "FROM":
            if stages:
                stages[-1].last_instruction = position - 1
                stages[-1].end_line = _end_line(dockerfile, position - 1)
            stage = _new_stage(dockerfile, instruction, position, len(stages))
            if stage.base is not None:
                _resolve_from(stage.base, scope, names, escape)
                references.append(stage.base)
            stages.append(stage)
            if stage.name is not None:
                names[stage.name] = stage.index
            continue
        stage = stages[-1]
        _collect_references(instruction, node, stage, references)
    if stages:
        stages[-1].last_instruction = len(instructions) - 1
        stages[-1].end_line = _end_line(dockerfile, len(instructions) - 1)
        stages[-1].end_line = max(stages[-1].end_line, len(dockerfile.lines) - 1)
        for previous, following in zip(stages, stages[1:], strict=False):
            previous.end_line = following.from_instruction.line - 1

    graph = BuildGraph(dockerfile, stages, meta_args, scope, references, preamble)
    for ref in references:
        if ref.kind is not RefKind.FROM:
            _resolve_from_flag(ref, graph, escape)
    return graph


def _last_stage_name(dockerfile: Dockerfile, first_from: int) -> str:
    """Return the name of the last stage, which BuildKit puts in TARGETSTAGE when
    no target is given (``toDispatchState`` in ``dockerfile2llb/convert.go``)."""
    for instruction in reversed(dockerfile.instructions[first_from:]):
        args = instruction.node.args
        if instruction.node.keyword != "FROM":
            continue
        if len(args) == 3 and args[1].value.lower() == "as":
            return args[2].value.lower()
        return ""
    return ""


def _end_line(dockerfile: Dockerfile, position: int) -> int:
    if position < 0:
        return 0
    return dockerfile.instructions[position].end_line


def _new_stage(
    dockerfile: Dockerfile, instruction: Instruction, position: int, index: int
) -> Stage:
    node = instruction.node
    args = node.args
    name_word = None
    as_word = None
    if len(args) == 3 and args[1].value.lower() == "as":
        as_word = args[1]
        name_word = args[2]

    base = None
    if args:
        image = args[0]
        base = StageRef(
            RefKind.FROM,
            image.value,
            instruction.span(image.span),
            index,
            instruction,
            word=image,
        )
    name = name_word.value.lower() if name_word is not None else None

    comments = _comments_above(dockerfile, instruction.line)
    comment = (
        comments[-1]
        if comments and _is_comment_line(dockerfile, instruction.line - 1)
        else None
    )

    description = None
    if name is not None:
        # BuildKit compares with the lowercased name, so `# Build ...` above
        # `FROM x AS Build` is no description.
        prefix = name + " "
        for text in comments:
            if text.startswith(prefix):
                description = text[len(prefix) :]
                break

    return Stage(
        index=index,
        name=name,
        name_written=name_word.value if name_word is not None else None,
        name_span=instruction.span(name_word.span) if name_word is not None else None,
        as_word=as_word,
        from_instruction=instruction,
        first_instruction=position,
        last_instruction=position,
        base=base,
        platform=node.flag("platform"),
        end_line=instruction.end_line,
        comment=comment,
        description=description,
    )


def _is_comment_line(dockerfile: Dockerfile, line: int) -> bool:
    """Tell whether ``line`` is a comment line that is not a parser directive."""
    if line < 0:
        return False
    position = bisect_left(dockerfile.comment_lines, line)
    if position == len(dockerfile.comment_lines):
        return False
    if dockerfile.comment_lines[position] != line:
        return False
    return all(directive.span.start_line != line for directive in dockerfile.directives)


def _comments_above(dockerfile: Dockerfile, line: int) -> list[str]:
    """Return the comments BuildKit attaches to the instruction starting at ``line``.

    These are the comment lines since the previous instruction, blank lines
    allowed between them; an empty ``#`` line drops the ones before it (BuildKit's
    ``parser.Parse``). Texts are stripped of ``#`` and surrounding spaces.
    """
    texts: list[str] = []
    current = line - 1
    while current >= 0:
        text = dockerfile.lines[current].strip()
        if not text:
            current -= 1
            continue
        if not _is_comment_line(dockerfile, current):
            break
        body = text[1:].strip()
        if not body:
            break
        texts.append(body)
        current -= 1
    texts.reverse()
    return texts


def _resolve_from(
    ref: StageRef, scope: Mapping[str, str | None], names: dict[str, int], escape: str
) -> None:
    text = ref.text
    if has_variables(text, escape):
        expansion = expand(text, scope, escape)
        ref.expansion = expansion
        value = expansion.value
    else:
        value = text
    ref.expanded = value
    if not value:
        ref.status = RefStatus.BLANK
        return
    if value in names:
        ref.status = RefStatus.STAGE
        ref.target = names[value]
        return
    ref.status = RefStatus.SCRATCH if value == "scratch" else RefStatus.IMAGE


def _collect_references(
    instruction: Instruction,
    node: InstructionNode,
    stage: Stage,
    references: list[StageRef],
) -> None:
    onbuild = False
    if node.keyword == "ONBUILD" and node.sub is not None:
        node = node.sub
        onbuild = True
    keyword = node.keyword
    found: list[StageRef] = []
    if keyword == "COPY":
        for flag in node.flags_named("from"):
            if flag.value is None:
                continue
            kind = RefKind.ONBUILD_COPY_FROM if onbuild else RefKind.COPY_FROM
            found.append(
                StageRef(
                    kind,
                    flag.value.value,
                    instruction.span(flag.value.span),
                    stage.index,
                    instruction,
                    word=flag.value,
                )
            )
    elif keyword == "RUN":
        for flag in node.flags_named("mount"):
            if flag.value is None:
                continue
            for value, start, end in _mount_from_values(flag.value.value):
                kind = RefKind.ONBUILD_MOUNT_FROM if onbuild else RefKind.MOUNT_FROM
                found.append(
                    StageRef(
                        kind,
                        value,
                        instruction.span(flag.value.sub_span(start, end)),
                        stage.index,
                        instruction,
                        word=flag.value,
                    )
                )
    for ref in found:
        references.append(ref)
        if onbuild:
            stage.onbuild_references.append(ref)
        else:
            stage.references.append(ref)


def _mount_from_values(value: str) -> list[tuple[str, int, int]]:
    """Find ``from=`` keys in a ``--mount`` value, split as CSV like BuildKit does.

    Returns (value, start, end) with offsets into the flag value.
    """
    results: list[tuple[str, int, int]] = []
    for field_text, start in csv_fields(value):
        key, sep, item = field_text.partition("=")
        if sep and key.strip().lower() == "from":
            item_start = start + len(key) + 1
            results.append((item, item_start, item_start + len(item)))
    return results


def csv_fields(value: str) -> list[tuple[str, int]]:
    """Split a CSV record into fields with their start offsets; quotes are removed."""
    fields: list[tuple[str, int]] = []
    pos = 0
    length = len(value)
    while pos <= length:
        start = pos
        if pos < length and value[pos] == '"':
            chars: list[str] = []
            pos += 1
            while pos < length:
                if value[pos] == '"':
                    if pos + 1 < length and value[pos + 1] == '"':
                        chars.append('"')
                        pos += 2
                        continue
                    pos += 1
                    break
                chars.append(value[pos])
                pos += 1
            while pos < length and value[pos] != ",":
                chars.append(value[pos])
                pos += 1
            fields.append(("".join(chars), start + 1))
        else:
            end = value.find(",", pos)
            if end < 0:
                end = length
            fields.append((value[pos:end], start))
            pos = end
        pos += 1
    return fields


def _resolve_from_flag(ref: StageRef, graph: BuildGraph, escape: str) -> None:
    text = ref.text
    # BuildKit expands the value with an empty environment and rejects any change,
    # so quotes or escapes left in the value count as well as variables.
    if any(char in text for char in "$'\"" + escape):
        checked = expand(text, {}, escape)
        if checked.error is not None or checked.value != text:
            ref.status = RefStatus.VARIABLE
            return
    stage = graph.stage_by_name(text)
    if stage is not None:
        ref.status = RefStatus.STAGE
        ref.target = stage.index
        return
    copy_kinds = (RefKind.COPY_FROM, RefKind.ONBUILD_COPY_FROM)
    if ref.kind in copy_kinds and _is_integer(text):
        ref.by_index = True
        index = int(text)
        if 0 <= index < len(graph.stages):
            ref.status = RefStatus.STAGE
            ref.target = index
        else:
            ref.status = RefStatus.INDEX_OUT_OF_RANGE
        return
    ref.status = RefStatus.SCRATCH if text == "scratch" else RefStatus.IMAGE


def _is_integer(text: str) -> bool:
    """Tell whether Go's strconv.Atoi would accept ``text``."""
    body = text[1:] if text[:1] in "+-" else text
    return body.isascii() and body.isdigit()


def stage_name_is_valid(name: str) -> bool:
    """Apply BuildKit's check: lowercase first, then ``^[a-z][a-z0-9-_.]*$``."""
    return STAGE_NAME.match(name.lower()) is not None
