"""Code actions: the fixes computed with each finding, plus two refactorings.

Fixes travel in the diagnostic's ``data`` for clients that read them. The actions,
though, are built from the current finding with the diagnostic's rule and range,
because a diagnostic kept from before an edit would apply its stored edits to the
wrong text. The extra actions are "turn a variable ``--from`` into an alias stage"
and "skip a BuildKit check with ``# check=skip=``".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from dockerfile_ls.core.analysis import Analysis
from dockerfile_ls.core.model import RefStatus
from dockerfile_ls.core.refactor import RefactorError, alias_stage_edits
from dockerfile_ls.core.rules import Finding, Rule, Severity, parse_skips
from dockerfile_ls.core.text import Span
from dockerfile_ls.lsp.server import guarded

if TYPE_CHECKING:
    from dockerfile_ls.lsp.server import DockerfileLanguageServer


def _current_findings(
    server: DockerfileLanguageServer, analysis: Analysis
) -> dict[tuple[str, int, int, int, int], Finding]:
    """Index the current version's findings by rule and range, in client units."""
    lines = analysis.dockerfile.lines
    found = {}
    for item in analysis.findings:
        rng = server.converter.range(lines, item.span)
        key = (
            item.rule.name,
            rng.start.line,
            rng.start.character,
            rng.end.line,
            rng.end.character,
        )
        found[key] = item
    return found


def _fix_actions(
    server: DockerfileLanguageServer,
    uri: str,
    analysis: Analysis,
    diagnostic: types.Diagnostic,
    current: dict[tuple[str, int, int, int, int], Finding],
) -> list[types.CodeAction]:
    """Offer the fixes of the current finding the diagnostic stands for.

    The edits come from the current version, not from the diagnostic's ``data``:
    an editor moves a diagnostic's range after an edit but not the ranges in its
    data, so those may point at the wrong text.
    """
    rng = diagnostic.range
    key = (
        str(diagnostic.code),
        rng.start.line,
        rng.start.character,
        rng.end.line,
        rng.end.character,
    )
    item = current.get(key)
    if item is None:
        return []
    lines = analysis.dockerfile.lines
    actions = []
    for fix in item.fixes:
        edits = [
            types.TextEdit(
                range=server.converter.range(lines, edit.span), new_text=edit.new_text
            )
            for edit in fix.edits
        ]
        actions.append(
            types.CodeAction(
                title=fix.title,
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                is_preferred=fix.preferred,
                edit=types.WorkspaceEdit(changes={uri: edits}),
            )
        )
    return actions


def _rule_named(name: str) -> Rule:
    """Find a rule by name among the rule modules; unknown names are not BuildKit's."""
    from dockerfile_ls.core.rules import (
        arguments,
        base_os,
        reachability,
        stages,
        syntax,
    )

    for module in (stages, syntax, arguments, base_os, reachability):
        for value in vars(module).values():
            if isinstance(value, Rule) and value.name == name:
                return value
    return Rule(name, Severity.WARNING)


def _skip_action(
    server: DockerfileLanguageServer,
    uri: str,
    analysis: Analysis,
    diagnostic: types.Diagnostic,
) -> types.CodeAction | None:
    """Add the rule to ``# check=skip=`` (BuildKit's own way to silence a check)."""
    name = diagnostic.code
    if not isinstance(name, str) or diagnostic.source != "dockerfile-ls":
        return None
    rule = _rule_named(name)
    if not rule.buildkit:
        return None
    dockerfile = analysis.dockerfile
    lines = dockerfile.lines
    directive = dockerfile.directive("check")
    if directive is not None:
        config = parse_skips(directive.value)
        if config is None or config.skips(_rule_named(name)):
            # An invalid setting fails the build; do not touch it.
            return None
        listed = sorted(config.rules)
        options = [
            option.strip()
            for option in directive.value.split(";")
            if not option.strip().startswith("skip")
        ]
        new_text = ";".join([f"skip={','.join([*listed, name])}", *options])
        edit_span = directive.value_span
    else:
        column = 1 if dockerfile.bom else 0
        edit_span = Span(0, column, 0, column)
        new_text = f"# check=skip={name}\n"
    return types.CodeAction(
        title=f"Skip the {name} check in this file (# check=skip)",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=types.WorkspaceEdit(
            changes={
                uri: [
                    types.TextEdit(
                        range=server.converter.range(lines, edit_span),
                        new_text=new_text,
                    )
                ]
            }
        ),
    )


def _alias_actions(
    server: DockerfileLanguageServer, uri: str, analysis: Analysis, span: Span
) -> list[types.CodeAction]:
    actions = []
    lines = analysis.dockerfile.lines
    for ref in analysis.graph.references:
        if ref.status is not RefStatus.VARIABLE:
            continue
        if ref.span.end_line < span.start_line or ref.span.start_line > span.end_line:
            continue
        try:
            edits = alias_stage_edits(analysis, ref)
        except RefactorError:
            continue
        actions.append(
            types.CodeAction(
                title=f"Use an alias stage for {ref.text}",
                kind=types.CodeActionKind.RefactorRewrite,
                edit=types.WorkspaceEdit(
                    changes={
                        uri: [
                            types.TextEdit(
                                range=server.converter.range(lines, edit.span),
                                new_text=edit.new_text,
                            )
                            for edit in edits
                        ]
                    }
                ),
            )
        )
    return actions


def register(server: DockerfileLanguageServer) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[
                types.CodeActionKind.QuickFix,
                types.CodeActionKind.RefactorRewrite,
            ]
        ),
    )
    @guarded(list)
    def code_action(params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        analysis = server.analysis(uri)
        if analysis is None:
            return []
        actions: list[types.CodeAction] = []
        current = _current_findings(server, analysis)
        for diagnostic in params.context.diagnostics:
            actions.extend(_fix_actions(server, uri, analysis, diagnostic, current))
            skip = _skip_action(server, uri, analysis, diagnostic)
            if skip is not None:
                actions.append(skip)
        span = server.converter.to_span(analysis.dockerfile.lines, params.range)
        actions.extend(_alias_actions(server, uri, analysis, span))
        only = params.context.only
        if only:
            actions = [
                action
                for action in actions
                if action.kind is not None
                and any(str(action.kind).startswith(str(kind)) for kind in only)
            ]
        return actions
