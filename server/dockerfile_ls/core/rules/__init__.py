"""Findings: what the rules report, and how the rules run.

A rule is a value (BuildKit's linter does the same): a name, a severity and a docs
address. Rules that share a name with one of BuildKit's build checks use BuildKit's
name, so ``# check=skip=<Rule>`` silences both.
"""

from __future__ import annotations

import datetime
import re
from enum import IntEnum
from typing import NamedTuple

from dockerfile_ls.core.model import BuildGraph
from dockerfile_ls.core.text import Span

BUILD_CHECKS_URL = "https://docs.docker.com/reference/build-checks/"


class Severity(IntEnum):
    """Finding severities, numbered as LSP numbers them."""

    ERROR = 1
    WARNING = 2
    INFORMATION = 3
    HINT = 4


class Rule(NamedTuple):
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


class TextEdit(NamedTuple):
    span: Span
    new_text: str


class Fix(NamedTuple):
    """A quick fix computed with its finding."""

    title: str
    edits: tuple[TextEdit, ...]
    preferred: bool = False


class Finding(NamedTuple):
    rule: Rule
    message: str
    span: Span
    severity: Severity
    unnecessary: bool = False
    fixes: tuple[Fix, ...] = ()
    related: tuple[tuple[Span, str], ...] = ()


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


def shift_finding(item: Finding, lines: int) -> Finding:
    """Return the finding moved down by ``lines`` lines, fixes included."""
    if lines == 0:
        return item
    fixes = tuple(
        Fix(
            fix.title,
            tuple(
                TextEdit(edit.span.shifted(lines), edit.new_text) for edit in fix.edits
            ),
            fix.preferred,
        )
        for fix in item.fixes
    )
    related = tuple((span.shifted(lines), message) for span, message in item.related)
    return Finding(
        item.rule,
        item.message,
        item.span.shifted(lines),
        item.severity,
        item.unnecessary,
        fixes,
        related,
    )


class CheckOptions(NamedTuple):
    """Facts from outside the Dockerfile that the rules use."""

    external_targets: frozenset[str] = frozenset()
    """Stage names built as targets from Compose, Bake, scripts and CI files."""

    target: str = ""
    """The stage treated as the final image; empty means the last stage."""

    unused_stages: bool = True

    today: datetime.date | None = None
    """The date end-of-life checks compare with; None means today."""


def check(graph: BuildGraph, options: CheckOptions | None = None) -> list[Finding]:
    """Run every rule over a build graph and drop what ``# check=skip`` silences."""
    from dockerfile_ls.core.rules import (
        arguments,
        base_os,
        checks,
        instructions,
        reachability,
        stages,
        syntax,
    )

    options = options or CheckOptions()
    findings: list[Finding] = []
    findings.extend(syntax.check(graph))
    findings.extend(instructions.check(graph))
    findings.extend(stages.check(graph, options))
    findings.extend(arguments.check(graph))
    findings.extend(checks.check(graph))
    findings.extend(base_os.check(graph, options.today))
    if options.unused_stages and not any(
        item.severity is Severity.ERROR for item in findings
    ):
        # Hints about unused stages wait until the build has no errors: they are
        # noise while the file is broken.
        findings.extend(reachability.unused_stages(graph, options))
    findings.sort(key=lambda item: (item.span.start_line, item.span.start_col))
    return checks.raise_to_errors(graph, _apply_skips(graph, findings))


class SkipConfig(NamedTuple):
    """The ``skip`` part of a ``check`` setting such as ``skip=A,B;error=true``."""

    all: bool = False
    rules: frozenset[str] = frozenset()

    def skips(self, rule: Rule) -> bool:
        if rule.name in self.rules:
            return True
        # BuildKit's `skip=all` covers its own checks only; our errors stay.
        return self.all and rule.buildkit


def parse_skips(value: str) -> SkipConfig | None:
    """Read the rules a ``check`` setting skips, or None when it does not parse.

    Follows BuildKit's ``linter.ParseLintOptions``: options are split on ``;``,
    keys are case-sensitive, ``all`` counts only as the whole value, and rule names
    are compared exactly. An unknown key or an option without ``=`` makes the
    whole setting invalid (BuildKit then fails the build).
    """
    value = value.strip()
    if not value:
        return SkipConfig()
    skip_all = False
    rules: frozenset[str] = frozenset()
    for option in value.split(";", 2):
        key, sep, names = option.partition("=")
        key = key.strip()
        if not sep or key not in ("skip", "experimental", "error"):
            return None
        if key != "skip":
            continue
        names = names.strip()
        if names == "all":
            skip_all = True
        else:
            rules = frozenset(name.strip() for name in names.split(","))
    return SkipConfig(skip_all, rules)


_CHECK_COMMENT = re.compile(r"^#\s*check\s*=\s*(.+?)\s*$", re.IGNORECASE)


def instruction_skips(graph: BuildGraph, line: int) -> SkipConfig | None:
    """Return the ``# check=`` comment setting of the instruction starting at ``line``.

    Newer frontends merge such a comment into the file's setting for that one
    instruction. As in BuildKit's ``WithMergedConfigFromComments``, the comments
    are those since the previous instruction (blank lines allowed, an empty ``#``
    drops the ones before it), the first ``check`` comment among them counts, and
    its value ends at the first space.
    """
    dockerfile = graph.dockerfile
    comments = set(dockerfile.comment_lines)
    found: SkipConfig | None = None
    current = line - 1
    while current >= 0:
        text = dockerfile.lines[current].strip()
        if not text:
            current -= 1
            continue
        if current not in comments or text == "#":
            break
        match = _CHECK_COMMENT.match(text)
        if match is not None:
            # Walking upwards, the last match seen is the first in file order.
            found = parse_skips(match.group(1).split(" ")[0])
        current -= 1
    return found


def _apply_skips(graph: BuildGraph, findings: list[Finding]) -> list[Finding]:
    dockerfile = graph.dockerfile
    config = SkipConfig()
    directive = dockerfile.directive("check")
    if directive is not None:
        config = parse_skips(directive.value) or SkipConfig()
    local: dict[int, SkipConfig] = {}
    has_check_comments = any(
        "check" in dockerfile.lines[line] for line in dockerfile.comment_lines
    )
    for instruction in dockerfile.instructions if has_check_comments else ():
        comment_config = instruction_skips(graph, instruction.line)
        if comment_config is None:
            continue
        for covered in range(instruction.line, instruction.end_line + 1):
            local[covered] = comment_config
    kept: list[Finding] = []
    for item in findings:
        if config.skips(item.rule):
            continue
        line_config = local.get(item.span.start_line)
        if line_config is not None and line_config.skips(item.rule):
            continue
        kept.append(item)
    return kept
