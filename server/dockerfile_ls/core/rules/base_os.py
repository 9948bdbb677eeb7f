"""Rules that use what the base image runs: package managers, a shell, end of life.

They act only on confident facts from the offline knowledge (never on a hint or an
unknown image), so an image the knowledge does not know stays silent. These are not
BuildKit checks: BuildKit finds such mistakes only when the RUN fails at build time.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from functools import lru_cache

from dockerfile_ls.core.base import BaseImage, resolve_base
from dockerfile_ls.core.model import BuildGraph, Stage
from dockerfile_ls.core.rules import Finding, Rule, Severity, finding
from dockerfile_ls.core.syntax import Instruction, InstructionNode, Word
from dockerfile_ls.core.text import Span

WRONG_PACKAGE_MANAGER = Rule("PackageManagerNotOnBase", Severity.WARNING)
NO_SHELL = Rule("ShellFormWithoutShell", Severity.WARNING)
END_OF_LIFE = Rule("BaseImageEndOfLife", Severity.INFORMATION)

# Commands each package manager family provides on its distributions.
ALLOWED_COMMANDS: dict[str, frozenset[str]] = {
    "apt": frozenset({"apt-get", "apt"}),
    "apk": frozenset({"apk"}),
    "dnf": frozenset({"dnf", "yum"}),
    "microdnf": frozenset({"microdnf"}),
    "yum": frozenset({"yum"}),
    "tdnf": frozenset({"tdnf"}),
    "zypper": frozenset({"zypper"}),
    "none": frozenset(),
}
PREFERRED_COMMAND = {
    "apt": "apt-get",
    "apk": "apk",
    "dnf": "dnf",
    "microdnf": "microdnf",
    "yum": "yum",
    "tdnf": "tdnf",
    "zypper": "zypper",
}
# A package manager command at the start of a simple command: after the start of
# the text, a command separator, `sudo` or a shell keyword.
_COMMAND = re.compile(
    r"(?:^|[;&|(`]|\$\(|\bthen\b|\bdo\b|\belse\b|\bsudo\b|\bexec\b)\s*"
    r"(apt-get|apt|apk|dnf|microdnf|yum|tdnf|zypper)(?=\s|$|;)",
    re.MULTILINE,
)


def check(graph: BuildGraph, today: datetime.date | None = None) -> Iterator[Finding]:
    today = today or datetime.date.today()
    for stage in graph.stages:
        base = resolve_base(graph, stage)
        facts = base.facts
        if base.scratch:
            yield from _shell_form_without_shell(graph, stage, base)
            continue
        if facts is None or not facts.confident:
            continue
        if facts.has_shell is False:
            yield from _shell_form_without_shell(graph, stage, base)
        if facts.package_manager is not None:
            yield from _package_managers(graph, stage, base)
        if stage.base is not None and base.chain[-1] is stage and facts.is_eol(today):
            yield finding(
                END_OF_LIFE,
                f"{facts.release_text()} reached its end of life on {facts.eol}: the "
                f"image {base.image} gets no more security updates",
                stage.base.span,
            )


def _stage_instructions(graph: BuildGraph, stage: Stage) -> list[Instruction]:
    instructions = graph.dockerfile.instructions
    return instructions[stage.first_instruction + 1 : stage.last_instruction + 1]


def _shell_texts(instruction: Instruction) -> Iterator[tuple[str, Span | None, object]]:
    """Yield the shell texts a RUN executes: its command, then its heredoc bodies.

    Each comes with the absolute start of a heredoc body (None for the command).
    """
    node: InstructionNode = instruction.node
    if node.keyword != "RUN" or node.json:
        return
    if node.command is not None:
        yield node.command.value, None, node.command
    for heredoc in node.heredocs:
        if heredoc.body_span is not None:
            yield heredoc.body, instruction.span(heredoc.body_span), heredoc


def _package_managers(
    graph: BuildGraph, stage: Stage, base: BaseImage
) -> Iterator[Finding]:
    facts = base.facts
    assert facts is not None and facts.package_manager is not None
    manager = facts.package_manager
    allowed = ALLOWED_COMMANDS.get(manager)
    if allowed is None:
        return
    release = facts.release_text()
    copied: str | None = None
    for instruction in _stage_instructions(graph, stage):
        for text, body_start, source in _shell_texts(instruction):
            for command, start, end in _package_commands(text):
                if command in allowed:
                    continue
                if copied is None:
                    copied = _copied_paths(graph, stage)
                if command in copied:
                    continue
                if body_start is None:
                    assert isinstance(source, Word)
                    span = instruction.span(source.sub_span(start, end))
                else:
                    span = _body_span(text, body_start, start, end)
                if manager == "none":
                    advice = (
                        "it has no package manager; install packages in a build stage"
                    )
                else:
                    advice = f"use {PREFERRED_COMMAND[manager]}"
                yield finding(
                    WRONG_PACKAGE_MANAGER,
                    f"{command} is not available on {release}, the base of this stage "
                    f"({base.image}): {advice}",
                    span,
                )


def _body_span(text: str, body_start: Span, start: int, end: int) -> Span:
    line = body_start.start_line + text.count("\n", 0, start)
    col = start - (text.rfind("\n", 0, start) + 1)
    return Span(line, col, line, col + end - start)


@lru_cache(maxsize=8192)
def _package_commands(text: str) -> tuple[tuple[str, int, int], ...]:
    """Find package manager commands in a shell text; cached per text across edits."""
    if not any(name in text for name in ("apt", "apk", "dnf", "yum", "zypper")):
        return ()
    return tuple(
        (match.group(1), match.start(1), match.end(1))
        for match in _COMMAND.finditer(text)
    )


def _copied_paths(graph: BuildGraph, stage: Stage) -> str:
    """Return the COPY and ADD arguments of the stage chain, joined, to search in.

    A stage that copies in a binary named like a package manager may use it.
    """
    words: list[str] = []
    for item in graph.base_chain(stage):
        for instruction in _stage_instructions(graph, item):
            if instruction.node.keyword in ("COPY", "ADD"):
                words.extend(word.value for word in instruction.node.args)
    return "\n".join(words)


def _shell_form_without_shell(
    graph: BuildGraph, stage: Stage, base: BaseImage
) -> Iterator[Finding]:
    """Flag shell-form RUN on scratch or distroless, unless a shell was provided."""
    what = "scratch, an empty image" if base.scratch else f"{base.image}"
    for ancestor in graph.base_chain(stage)[1:]:
        for instruction in _stage_instructions(graph, ancestor):
            if instruction.node.keyword in ("COPY", "ADD", "SHELL"):
                return
    for instruction in _stage_instructions(graph, stage):
        keyword = instruction.node.keyword
        if keyword in ("COPY", "ADD", "SHELL"):
            # A shell may have been copied in, or SHELL names another program.
            return
        if keyword != "RUN" or instruction.node.json:
            continue
        node = instruction.node
        span: Span = instruction.span(node.keyword_word.span)
        yield finding(
            NO_SHELL,
            f"This RUN uses shell form, but the base ({what}) has no /bin/sh: use "
            'exec form, RUN ["program", "arg"], or a base image with a shell',
            span,
        )
