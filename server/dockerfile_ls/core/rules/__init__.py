"""Findings: what the rules report, and how the rules run.

A rule is a value (BuildKit's linter does the same): a name, a severity and a docs
address. Rules that share a name with one of BuildKit's build checks use BuildKit's
name, so ``# check=skip=<Rule>`` silences both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import IntEnum

from dockerfile_ls.core.model import BuildGraph
from dockerfile_ls.core.text import Span

BUILD_CHECKS_URL = "https://docs.docker.com/reference/build-checks/"


class Severity(IntEnum):
    """Finding severities, numbered as LSP numbers them."""

    ERROR = 1
    WARNING = 2
    INFORMATION = 3
    HINT = 4


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    severity: Severity
    buildkit: bool = False
    """True for BuildKit's own build checks, which have a docs page."""

    @property
    def url(self) -> str | None:
        if not self.buildkit:
            return None
        slug = re.sub(r"(?<!^)(?=[A-Z][a-z])", "-", self.name).lower()
        return BUILD_CHECKS_URL + slug + "/"


@dataclass(frozen=True, slots=True)
class TextEdit:
    span: Span
    new_text: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A quick fix computed with its finding."""

    title: str
    edits: tuple[TextEdit, ...]
    preferred: bool = False


@dataclass(frozen=True, slots=True)
class Finding:
    rule: Rule
    message: str
    span: Span
    severity: Severity
    unnecessary: bool = False
    fixes: tuple[Fix, ...] = ()
    related: tuple[tuple[Span, str], ...] = field(default=())


def finding(
    rule: Rule,
    message: str,
    span: Span,
    *,
    severity: Severity | None = None,
    unnecessary: bool = False,
    fixes: tuple[Fix, ...] = (),
    related: tuple[tuple[Span, str], ...] = (),
) -> Finding:
    return Finding(
        rule,
        message,
        span,
        rule.severity if severity is None else severity,
        unnecessary,
        fixes,
        related,
    )


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """What the rules know beyond the Dockerfile itself."""

    external_targets: frozenset[str] = frozenset()
    """Stage names built as targets from Compose, Bake, scripts and CI files."""

    target: str = ""
    """The stage treated as the final image; empty means the last stage."""

    unused_stages: bool = True


def check(graph: BuildGraph, options: CheckOptions | None = None) -> list[Finding]:
    """Run every rule over a build graph and drop what ``# check=skip`` silences."""
    from dockerfile_ls.core.rules import arguments, stages, syntax

    options = options or CheckOptions()
    findings: list[Finding] = []
    findings.extend(syntax.check(graph))
    findings.extend(stages.check(graph, options))
    findings.extend(arguments.check(graph))
    if options.unused_stages and not any(
        item.severity is Severity.ERROR for item in findings
    ):
        # Hints about unused stages wait until the build has no errors: they are
        # noise while the file is broken.
        findings.extend(stages.unused_stages(graph, options))
    findings.sort(key=lambda item: (item.span.start_line, item.span.start_col))
    return _apply_skips(graph, findings)


def _skip_list(value: str) -> set[str] | None:
    """Read ``skip=A,B;error=true`` into a set of rule names (``all`` included)."""
    skipped: set[str] = set()
    for option in value.split(";"):
        key, _, names = option.partition("=")
        if key.strip().lower() == "skip":
            skipped.update(name.strip() for name in names.split(",") if name.strip())
    return skipped


def _apply_skips(graph: BuildGraph, findings: list[Finding]) -> list[Finding]:
    dockerfile = graph.dockerfile
    skipped: set[str] = set()
    directive = dockerfile.directive("check")
    if directive is not None:
        skipped = _skip_list(directive.value) or set()
    if "all" in skipped:
        return [item for item in findings if not item.rule.buildkit]
    # Newer frontends also read `# check=skip=<Rule>` directly above an instruction.
    local: dict[int, set[str]] = {}
    for line in dockerfile.comment_lines:
        text = dockerfile.lines[line].strip()
        match = re.match(r"^#\s*check\s*=\s*(.+)$", text, re.IGNORECASE)
        if match is None:
            continue
        names = _skip_list(match.group(1)) or set()
        following = dockerfile.instruction_at(line + 1)
        if following is not None and names:
            for covered in range(following.line, following.end_line + 1):
                local.setdefault(covered, set()).update(names)
    kept: list[Finding] = []
    for item in findings:
        name = item.rule.name
        if name in skipped:
            continue
        line_skips = local.get(item.span.start_line)
        if line_skips and (name in line_skips or "all" in line_skips):
            continue
        kept.append(item)
    return kept
