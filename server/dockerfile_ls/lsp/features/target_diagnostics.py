"""Diagnostics and quick fixes for build targets in the files that build Dockerfiles.

Two problems are reported, each where the value is written:

* ``TargetNotFound``: the target names no stage of the Dockerfile built. BuildKit
  looks the target up without case (``findStateByName`` in dockerfile2llb) and
  fails with ``target stage "X" could not be found``. Quick fixes replace the
  value with each stage name within edit distance 2.
* ``DockerfileNotFound``: the Dockerfile, or the context folder it is looked up in,
  does not exist.

A target with an expansion (``$TARGET``, ``${{ matrix.target }}``) is never checked.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from dockerfile_ls.core.text import Span
from dockerfile_ls.lsp.workspace_state import BuiltDockerfile, WorkspaceState
from dockerfile_ls.workspace import BuildSite, effective_dockerfile, match_target
from dockerfile_ls.workspace.sites import KIND_SHELL

if TYPE_CHECKING:
    from dockerfile_ls.lsp.server import DockerfileLanguageServer

SOURCE = "dockerfile-ls"
TARGET_NOT_FOUND = "TargetNotFound"
DOCKERFILE_NOT_FOUND = "DockerfileNotFound"


@dataclass(frozen=True, slots=True)
class TargetProblem:
    """One problem with a build site, in code points of the build file."""

    code: str
    span: Span
    message: str
    severity: types.DiagnosticSeverity
    replacements: tuple[str, ...] = ()


def dockerfile_label(site: BuildSite, built: BuiltDockerfile | str | None) -> str:
    """Name the Dockerfile a site builds as its file would: relative to it."""
    if isinstance(built, BuiltDockerfile):
        if built.path is None:
            return "the inline Dockerfile"
        built = built.path
    if built is None:
        return "the Dockerfile"
    return os.path.relpath(built, os.path.dirname(site.file))


def site_problems(state: WorkspaceState, site: BuildSite) -> list[TargetProblem]:
    """Check the Dockerfile and the target of one build site."""
    if site.inline_dockerfile is None:
        missing = _missing_dockerfile(state, site)
        if missing is not None:
            return [missing]
    if site.target_span is None or not site.target or site.target_dynamic:
        return []
    built = state.built_dockerfile(site)
    if built is None:
        return []
    names = [stage.name_written for stage in built.analysis.graph.stages]
    match = match_target(site.target, [name for name in names if name])
    if match.stage is not None:
        return []
    message = (
        f'target stage "{site.target}" could not be found in '
        f"{dockerfile_label(site, built)}"
    )
    if match.suggestions:
        message += f" (did you mean {match.suggestions[0]}?)"
    return [
        TargetProblem(
            TARGET_NOT_FOUND,
            site.target_span,
            message,
            types.DiagnosticSeverity.Error,
            match.suggestions,
        )
    ]


def _missing_dockerfile(state: WorkspaceState, site: BuildSite) -> TargetProblem | None:
    path = effective_dockerfile(site, state.dockerfile_exists)
    if path is None or state.dockerfile_exists(path):
        return None
    span = site.dockerfile_span or site.context_span or site.target_span
    if span is None:
        return None
    context_missing = site.context is not None and not os.path.isdir(site.context)
    if span == site.context_span and context_missing and site.context is not None:
        message = (
            "build context not found: "
            f"{os.path.relpath(site.context, os.path.dirname(site.file))}"
        )
    else:
        message = f"Dockerfile not found: {dockerfile_label(site, path)}"
        others = [
            dockerfile_label(site, other) for other in site.dockerfile_alternatives
        ]
        if others:
            message += " (nor " + ", ".join(others) + ")"
    # Scripts are assumed to run from their own folder, which may be wrong.
    severity = types.DiagnosticSeverity.Error
    if site.kind == KIND_SHELL:
        severity = types.DiagnosticSeverity.Warning
    return TargetProblem(DOCKERFILE_NOT_FOUND, span, message, severity)


def document_problems(state: WorkspaceState, uri: str) -> list[TargetProblem]:
    """Check every build site of a build file. A problem is listed once even when
    several sites share the value, such as a Bake parent's ``dockerfile``."""
    found: dict[tuple[Span, str], TargetProblem] = {}
    for site in state.sites_in_document(uri):
        for problem in site_problems(state, site):
            found.setdefault((problem.span, problem.message), problem)
    return sorted(found.values(), key=lambda item: (item.span, item.message))


def target_diagnostics(
    server: DockerfileLanguageServer, uri: str
) -> list[types.Diagnostic]:
    """Return the diagnostics of an open build file."""
    document = server.documents.get(uri)
    if document is None:
        return []
    lines = document.lines
    converter = server.converter
    diagnostics = []
    for problem in document_problems(server.workspace_state, uri):
        rng = converter.range(lines, problem.span)
        fixes = [
            _fix_data(name, rng, index == 0)
            for index, name in enumerate(problem.replacements)
        ]
        diagnostics.append(
            types.Diagnostic(
                range=rng,
                message=problem.message,
                severity=problem.severity,
                code=problem.code,
                source=SOURCE,
                data={"rule": problem.code, "fixes": fixes} if fixes else None,
            )
        )
    return diagnostics


def _fix_data(name: str, rng: types.Range, preferred: bool) -> dict[str, Any]:
    """Describe a quick fix in the ``data`` format the Dockerfile findings use."""
    edit_range = [rng.start.line, rng.start.character, rng.end.line, rng.end.character]
    return {
        "title": f"Change the target to {name}",
        "edits": [{"range": edit_range, "newText": name}],
        "preferred": preferred,
    }


def code_actions(
    server: DockerfileLanguageServer, params: types.CodeActionParams
) -> list[types.CodeAction]:
    """Return the quick fixes of the target diagnostics in the request.

    The fixes are read from each diagnostic's ``data``. For a client that does
    not send ``data`` back, they are recomputed and matched by range and code.
    """
    uri = params.text_document.uri
    only = params.context.only
    if only and not any(
        str(types.CodeActionKind.QuickFix).startswith(str(kind)) for kind in only
    ):
        return []
    current: list[types.Diagnostic] | None = None
    actions = []
    for diagnostic in params.context.diagnostics:
        if diagnostic.source != SOURCE or diagnostic.code != TARGET_NOT_FOUND:
            continue
        data: Any = diagnostic.data
        if not isinstance(data, dict):
            if current is None:
                current = target_diagnostics(server, uri)
            data = next(
                (
                    item.data
                    for item in current
                    if item.range == diagnostic.range and item.code == diagnostic.code
                ),
                None,
            )
        if isinstance(data, dict):
            actions.extend(_actions(uri, diagnostic, data.get("fixes", [])))
    return actions


def _actions(
    uri: str, diagnostic: types.Diagnostic, fixes: list[dict[str, Any]]
) -> list[types.CodeAction]:
    actions = []
    for fix in fixes:
        edits = []
        for edit in fix.get("edits", []):
            start_line, start_col, end_line, end_col = edit["range"]
            edits.append(
                types.TextEdit(
                    range=types.Range(
                        start=types.Position(line=start_line, character=start_col),
                        end=types.Position(line=end_line, character=end_col),
                    ),
                    new_text=edit["newText"],
                )
            )
        actions.append(
            types.CodeAction(
                title=fix["title"],
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                is_preferred=bool(fix.get("preferred")),
                edit=types.WorkspaceEdit(changes={uri: edits}),
            )
        )
    return actions
