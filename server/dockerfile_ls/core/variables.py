"""Build arguments and environment variables: declarations, uses and their scopes.

Scope rules (Dockerfile reference, "ARG" and "Understand how ARG and FROM interact"):
meta ARGs (before the first FROM) are visible in FROM lines only, until a stage
declares ``ARG NAME`` again; an ARG or ENV declared in a stage is visible to the
instructions after it and to stages built ``FROM`` that stage, never to siblings.
Each use resolves to the nearest declaration in scope; a bare ``ARG NAME`` that
re-declares a meta ARG is linked to it, so rename and references cover both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dockerfile_ls.core.model import BuildGraph, Stage
from dockerfile_ls.core.syntax import Instruction, InstructionNode, Word
from dockerfile_ls.core.text import Span

_USE = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))")


@dataclass(eq=False, slots=True)
class Declaration:
    """An ``ARG`` or ``ENV`` key. ``stage`` is None for a meta ARG."""

    name: str
    kind: str
    span: Span
    stage: int | None
    instruction: Instruction
    has_value: bool
    links: list[Declaration] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class Use:
    """A ``$NAME`` or ``${NAME...}`` in an instruction; ``span`` covers the name."""

    name: str
    span: Span
    stage: int | None
    declaration: Declaration | None


@dataclass(slots=True)
class VariableTable:
    declarations: list[Declaration]
    uses: list[Use]

    def at(self, line: int, col: int) -> Declaration | Use | None:
        for declaration in self.declarations:
            if declaration.span.contains(line, col):
                return declaration
        for use in self.uses:
            if use.span.contains(line, col):
                return use
        return None

    def group(self, item: Declaration | Use) -> tuple[list[Declaration], list[Use]]:
        """Return every declaration and use connected to ``item``."""
        start = item if isinstance(item, Declaration) else item.declaration
        if start is None:
            assert isinstance(item, Use)
            return [], [
                use
                for use in self.uses
                if use.declaration is None
                and use.name == item.name
                and use.stage == item.stage
            ]
        seen: list[Declaration] = []
        pending = [start]
        while pending:
            current = pending.pop()
            if any(current is known for known in seen):
                continue
            seen.append(current)
            pending.extend(current.links)
        uses = [
            use
            for use in self.uses
            if use.declaration is not None and any(use.declaration is d for d in seen)
        ]
        return seen, uses


def _word_uses(
    word: Word, instruction: Instruction, escape: str
) -> list[tuple[str, Span]]:
    value = word.value
    if "$" not in value:
        return []
    found = []
    for match in _USE.finditer(value):
        start = match.start()
        if start > 0 and value[start - 1] == escape:
            continue
        group = 1 if match.group(1) is not None else 2
        name = match.group(group)
        span = instruction.span(word.sub_span(match.start(group), match.end(group)))
        found.append((name, span))
    return found


def _node_words(node: InstructionNode) -> list[Word]:
    words: list[Word] = []
    for flag in node.flags:
        if flag.value is not None:
            words.append(flag.value)
    words.extend(node.args)
    if node.command is not None:
        words.append(node.command)
    for pair in node.pairs:
        if pair.value is not None:
            words.append(pair.value)
    if node.sub is not None:
        words.extend(_node_words(node.sub))
    return words


def build_variable_table(graph: BuildGraph) -> VariableTable:
    """Find every ARG/ENV declaration and variable use and resolve them."""
    escape = graph.dockerfile.escape
    declarations: list[Declaration] = []
    uses: list[Use] = []
    meta: dict[str, Declaration] = {}
    for arg in graph.meta_args:
        declaration = Declaration(
            arg.name,
            "ARG",
            arg.name_span,
            None,
            arg.instruction,
            arg.default is not None,
        )
        if arg.name in meta:
            meta[arg.name].links.append(declaration)
            declaration.links.append(meta[arg.name])
        meta[arg.name] = declaration
        declarations.append(declaration)
        if arg.default is not None:
            for pair in arg.instruction.node.pairs:
                if pair.key.value == arg.name and pair.value is not None:
                    for name, span in _word_uses(pair.value, arg.instruction, escape):
                        uses.append(Use(name, span, None, meta.get(name)))
    scopes: dict[int, dict[str, Declaration]] = {}
    instructions = graph.dockerfile.instructions
    for stage in graph.stages:
        scope = _inherited_scope(graph, stage, scopes)
        from_instruction = stage.from_instruction
        for word in _node_words(from_instruction.node):
            for name, span in _word_uses(word, from_instruction, escape):
                uses.append(Use(name, span, stage.index, meta.get(name)))
        for position in range(stage.first_instruction + 1, stage.last_instruction + 1):
            instruction = instructions[position]
            node = instruction.node
            for word in _node_words(node):
                for name, span in _word_uses(word, instruction, escape):
                    uses.append(Use(name, span, stage.index, scope.get(name)))
            if node.keyword in ("ARG", "ENV"):
                for pair in node.pairs:
                    name = pair.key.value
                    declaration = Declaration(
                        name,
                        node.keyword,
                        instruction.span(pair.key.span),
                        stage.index,
                        instruction,
                        pair.value is not None,
                    )
                    if node.keyword == "ARG" and pair.value is None and name in meta:
                        declaration.links.append(meta[name])
                        meta[name].links.append(declaration)
                    declarations.append(declaration)
                    scope[name] = declaration
        scopes[stage.index] = scope
    return VariableTable(declarations, uses)


def _inherited_scope(
    graph: BuildGraph, stage: Stage, scopes: dict[int, dict[str, Declaration]]
) -> dict[str, Declaration]:
    base = stage.base
    if base is not None and base.target is not None and base.target in scopes:
        return dict(scopes[base.target])
    return {}
