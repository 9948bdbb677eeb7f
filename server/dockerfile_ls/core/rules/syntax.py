"""Rules about the shape of instructions: keywords, flags, arguments, directives.

Errors here are the ones BuildKit's parser and instruction layer reject a build
with (``parser/parser.go``, ``instructions/parse.go``). Warnings with BuildKit rule
names are its build checks (``linter/ruleset.go``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockerfile_ls.core.instructions import KNOWN_INSTRUCTIONS
from dockerfile_ls.core.model import BuildGraph
from dockerfile_ls.core.rules import (
    Finding,
    Fix,
    Rule,
    Severity,
    TextEdit,
    finding,
    shift_finding,
)
from dockerfile_ls.core.suggest import suggest
from dockerfile_ls.core.syntax import Instruction, InstructionNode, ProblemKind
from dockerfile_ls.core.text import Span

UNKNOWN_INSTRUCTION = Rule("UnknownInstruction", Severity.ERROR)
UNKNOWN_FLAG = Rule("UnknownFlag", Severity.ERROR)
INSTRUCTION_BEFORE_FROM = Rule("InstructionBeforeFrom", Severity.ERROR)
NO_STAGES = Rule("NoStages", Severity.ERROR)
MISPLACED_DIRECTIVE = Rule("MisplacedDirective", Severity.WARNING)
NO_EMPTY_CONTINUATION = Rule("NoEmptyContinuation", Severity.WARNING, buildkit=True)
MAINTAINER_DEPRECATED = Rule("MaintainerDeprecated", Severity.WARNING, buildkit=True)
JSON_ARGS_RECOMMENDED = Rule("JSONArgsRecommended", Severity.WARNING, buildkit=True)
MULTIPLE_INSTRUCTIONS = Rule(
    "MultipleInstructionsDisallowed", Severity.WARNING, buildkit=True
)
CONSISTENT_CASING = Rule("ConsistentInstructionCasing", Severity.WARNING, buildkit=True)

PROBLEM_RULES = {
    ProblemKind.EMPTY_CONTINUATION: NO_EMPTY_CONTINUATION,
    ProblemKind.UNTERMINATED_HEREDOC: Rule("UnterminatedHeredoc", Severity.ERROR),
    ProblemKind.INVALID_JSON: Rule("InvalidJSONArray", Severity.ERROR),
    ProblemKind.JSON_SINGLE_QUOTES: Rule("ExecFormSingleQuotes", Severity.WARNING),
    ProblemKind.DUPLICATE_DIRECTIVE: Rule("DuplicateDirective", Severity.ERROR),
    ProblemKind.INVALID_ESCAPE: Rule("InvalidEscape", Severity.ERROR),
    ProblemKind.MISSING_ARGUMENTS: Rule("MissingArguments", Severity.ERROR),
    ProblemKind.INVALID_ONBUILD: Rule("InvalidOnbuildTrigger", Severity.ERROR),
    ProblemKind.INVALID_KEY_VALUE: Rule("InvalidKeyValue", Severity.ERROR),
}

# Flags each instruction accepts, from BuildKit's instructions/parse.go (Dockerfile
# frontend 1.x, including labs-channel flags that stable frontends reject).
KNOWN_FLAGS: dict[str, frozenset[str]] = {
    "FROM": frozenset({"platform"}),
    "COPY": frozenset({"from", "chown", "chmod", "link", "parents", "exclude"}),
    "ADD": frozenset(
        {"chown", "chmod", "link", "keep-git-dir", "checksum", "exclude", "unpack"}
    ),
    "RUN": frozenset({"mount", "network", "security", "device"}),
    "HEALTHCHECK": frozenset(
        {"interval", "timeout", "start-period", "start-interval", "retries"}
    ),
}

_DIRECTIVE_LIKE = re.compile(r"^#\s*(syntax|escape|check)\s*=", re.IGNORECASE)
_SINGLE_INSTANCE = ("CMD", "ENTRYPOINT", "HEALTHCHECK")


def check(graph: BuildGraph) -> Iterator[Finding]:
    dockerfile = graph.dockerfile
    for problem in dockerfile.problems:
        yield finding(PROBLEM_RULES[problem.kind], problem.message, problem.span)
    for instruction in dockerfile.instructions:
        for item in _node_findings(instruction.node):
            yield shift_finding(item, instruction.line)
    for instruction in graph.preamble:
        if instruction.node.keyword in KNOWN_INSTRUCTIONS:
            yield finding(
                INSTRUCTION_BEFORE_FROM,
                "no build stage in current context: only ARG may come before the "
                f"first FROM, found {instruction.node.keyword}",
                instruction.span(instruction.node.keyword_word.span),
            )
    unknown = any(
        instruction.node.keyword not in KNOWN_INSTRUCTIONS
        for instruction in dockerfile.instructions
    )
    # A misspelt FROM already gets "unknown instruction (did you mean from?)".
    if not graph.stages and dockerfile.instructions and not unknown:
        first = dockerfile.instructions[0]
        yield finding(
            NO_STAGES,
            "dockerfile contains no stages to build: add a FROM instruction",
            first.span(first.node.keyword_word.span),
        )
    yield from _misplaced_directives(graph)
    yield from _multiple_instructions(graph)
    yield from _consistent_casing(graph)


# Findings of each instruction node at line 0, kept while the node is alive: nodes
# are shared between document versions, so an edit rechecks only what it changed.
_NODE_FINDINGS: dict[int, tuple[InstructionNode, tuple[Finding, ...]]] = {}
_NODE_FINDINGS_LIMIT = 50_000


def _node_findings(node: InstructionNode) -> tuple[Finding, ...]:
    cached = _NODE_FINDINGS.get(id(node))
    if cached is not None and cached[0] is node:
        return cached[1]
    if len(_NODE_FINDINGS) >= _NODE_FINDINGS_LIMIT:
        _NODE_FINDINGS.clear()
    at_start = Instruction(0, node)
    found = list(_check_instruction(at_start, node))
    if node.sub is not None:
        found.extend(_check_instruction(at_start, node.sub))
    result = tuple(found)
    _NODE_FINDINGS[id(node)] = (node, result)
    return result


def _check_instruction(
    instruction: Instruction, node: InstructionNode
) -> Iterator[Finding]:
    for problem in node.problems:
        yield finding(
            PROBLEM_RULES[problem.kind], problem.message, instruction.span(problem.span)
        )
    keyword = node.keyword
    keyword_span = instruction.span(node.keyword_word.span)
    if keyword not in KNOWN_INSTRUCTIONS:
        guesses = suggest(keyword, KNOWN_INSTRUCTIONS)
        message = f"unknown instruction: {node.keyword_word.value}"
        fixes: tuple[Fix, ...] = ()
        if guesses:
            message += f" (did you mean {guesses[0].lower()}?)"
            fixes = (
                Fix(
                    f"Change to {guesses[0]}",
                    (TextEdit(keyword_span, guesses[0]),),
                    preferred=True,
                ),
            )
        yield finding(UNKNOWN_INSTRUCTION, message, keyword_span, fixes=fixes)
        return
    allowed = KNOWN_FLAGS.get(keyword, frozenset())
    # BuildKit never reads the flags of these, so it does not reject them.
    ignores_flags = keyword in ("STOPSIGNAL", "USER") or (
        keyword == "HEALTHCHECK"
        and bool(node.args)
        and node.args[0].value.upper() == "NONE"
    )
    for flag in () if ignores_flags else node.flags:
        if flag.name not in allowed:
            yield finding(
                UNKNOWN_FLAG,
                f"Unknown flag: {flag.name}",
                instruction.span(flag.name_span),
            )
    if keyword == "MAINTAINER":
        yield finding(
            MAINTAINER_DEPRECATED,
            "Maintainer instruction is deprecated in favor of using label",
            keyword_span,
        )
    single_quoted = any(
        problem.kind is ProblemKind.JSON_SINGLE_QUOTES for problem in node.problems
    )
    if (
        keyword in ("CMD", "ENTRYPOINT")
        and not node.json
        and node.command is not None
        and not single_quoted
    ):
        # A single-quoted array already gets a warning that explains why it is
        # shell form, so a second warning on the same text would repeat it.
        yield finding(
            JSON_ARGS_RECOMMENDED,
            f"JSON arguments recommended for {keyword} to prevent unintended "
            "behavior related to OS signals",
            instruction.span(node.command.span),
        )


def _misplaced_directives(graph: BuildGraph) -> Iterator[Finding]:
    """Warn about ``# escape=`` and friends after the leading directive block.

    BuildKit treats them as plain comments there, so a backtick escape written after
    a blank line silently does not apply.
    """
    dockerfile = graph.dockerfile
    directive_lines = {directive.span.start_line for directive in dockerfile.directives}
    for line in dockerfile.comment_lines:
        if line in directive_lines:
            continue
        text = dockerfile.lines[line]
        stripped = text.lstrip()
        match = _DIRECTIVE_LIKE.match(stripped)
        if match is None:
            continue
        name = match.group(1).lower()
        if name == "check" and _precedes_instruction(graph, line):
            # A `# check=` comment above an instruction configures that instruction.
            continue
        start = len(text) - len(stripped)
        yield finding(
            MISPLACED_DIRECTIVE,
            f"This '{name}' parser directive is ignored: directives are read only "
            "in the comment lines at the very top of the file, before any blank "
            "line, comment or instruction",
            Span(line, start, line, len(text.rstrip())),
        )


def _precedes_instruction(graph: BuildGraph, line: int) -> bool:
    """Tell whether only comments and blank lines separate ``line`` from the start
    of the next instruction, so BuildKit attaches the comment to it."""
    dockerfile = graph.dockerfile
    comments = set(dockerfile.comment_lines)
    current = line + 1
    while current < len(dockerfile.lines):
        text = dockerfile.lines[current].strip()
        if text == "#":
            return False
        if text and current not in comments:
            instruction = dockerfile.instruction_at(current)
            return instruction is not None and instruction.line == current
        current += 1
    return False


def _multiple_instructions(graph: BuildGraph) -> Iterator[Finding]:
    instructions = graph.dockerfile.instructions
    for stage in graph.stages:
        last: dict[str, Instruction] = {}
        for position in range(stage.first_instruction, stage.last_instruction + 1):
            instruction = instructions[position]
            keyword = instruction.node.keyword
            if keyword not in _SINGLE_INSTANCE:
                continue
            earlier = last.get(keyword)
            if earlier is not None:
                yield finding(
                    MULTIPLE_INSTRUCTIONS,
                    f"Multiple {keyword} instructions should not be used in the same "
                    "stage because only the last one will be used",
                    earlier.span(earlier.node.keyword_word.span),
                )
            last[keyword] = instruction


def _consistent_casing(graph: BuildGraph) -> Iterator[Finding]:
    instructions = graph.dockerfile.instructions
    upper = 0
    lower = 0
    for instruction in instructions:
        written = instruction.node.keyword_word.value
        if written.isupper():
            upper += 1
        elif written.islower():
            lower += 1
    if not upper or not lower:
        return
    majority = "uppercase" if upper >= lower else "lowercase"
    for instruction in instructions:
        written = instruction.node.keyword_word.value
        if instruction.node.keyword not in KNOWN_INSTRUCTIONS:
            continue
        matches = written.isupper() if majority == "uppercase" else written.islower()
        if matches:
            continue
        span = instruction.span(instruction.node.keyword_word.span)
        replacement = written.upper() if majority == "uppercase" else written.lower()
        yield finding(
            CONSISTENT_CASING,
            f"Command '{written}' should match the case of the command majority "
            f"({majority})",
            span,
            fixes=(Fix(f"Change to {replacement}", (TextEdit(span, replacement),)),),
        )
