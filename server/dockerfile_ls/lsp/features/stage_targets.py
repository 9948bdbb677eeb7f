"""References to a Dockerfile's stages from the files that build it by target.

A Compose ``target``, a Bake ``target`` or ``docker build --target`` names a stage
the way BuildKit looks it up: without case, the last stage of a duplicated name
winning. References of a stage include those targets, and renaming the stage
rewrites them. Targets with an expansion (``$TARGET``) are left alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from dockerfile_ls.core.analysis import Analysis
from dockerfile_ls.core.model import Stage
from dockerfile_ls.core.text import Span
from dockerfile_ls.lsp.features.navigation import target_at

if TYPE_CHECKING:
    from dockerfile_ls.lsp.server import DockerfileLanguageServer


def targets_of_stage(
    server: DockerfileLanguageServer, uri: str, analysis: Analysis, stage: Stage
) -> list[tuple[str, Span]]:
    """Return the (URI, span) of every written target that builds ``stage``."""
    state = server.workspace_state
    found = []
    for site in server.build_sites(uri):
        if site.target_span is None or not site.target or site.target_dynamic:
            continue
        built = analysis.graph.stage_by_name(site.target)
        if built is not None and built.index == stage.index:
            found.append((state.uri_of(site.file), site.target_span))
    return list(dict.fromkeys(found))


def external_references(
    server: DockerfileLanguageServer, uri: str, analysis: Analysis, line: int, col: int
) -> list[types.Location]:
    """Return the targets that build the stage under the cursor."""
    found = target_at(analysis, line, col)
    if found is None or not isinstance(found[1], Stage):
        return []
    state = server.workspace_state
    locations = []
    for other_uri, span in targets_of_stage(server, uri, analysis, found[1]):
        lines = state.lines_of(other_uri) or []
        locations.append(
            types.Location(uri=other_uri, range=server.converter.range(lines, span))
        )
    return locations


def external_rename_edits(
    server: DockerfileLanguageServer, uri: str, stage: Stage, new_name: str
) -> dict[str, list[types.TextEdit]]:
    """Return the edits that make every target of ``stage`` name ``new_name``."""
    analysis = server.analysis(uri)
    if analysis is None:
        return {}
    state = server.workspace_state
    edits: dict[str, list[types.TextEdit]] = {}
    for other_uri, span in targets_of_stage(server, uri, analysis, stage):
        lines = state.lines_of(other_uri) or []
        edits.setdefault(other_uri, []).append(
            types.TextEdit(range=server.converter.range(lines, span), new_text=new_name)
        )
    return edits
