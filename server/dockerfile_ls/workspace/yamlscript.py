"""Build sites from a shell script held in a YAML scalar (CI ``run``/``script``).

The script is tokenized as the value PyYAML returns, so quoting, indentation and
folding are already resolved; ``yamlnodes.scalar_positions`` maps each character
back to the file. When a value cannot be mapped exactly, its sites are kept
without spans, so nothing is ever placed on the wrong text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import yaml

from dockerfile_ls.workspace import yamlnodes
from dockerfile_ls.workspace.positions import LineIndex, PositionMap
from dockerfile_ls.workspace.script import sites_from_script
from dockerfile_ls.workspace.sites import BuildSite


def scalar_script_sites(
    node: yaml.Node,
    text: str,
    index: LineIndex,
    *,
    file: str,
    kind: str,
    cwd: str | None,
    templates: tuple[tuple[str, str], ...] = (),
    known_vars: Mapping[str, str] | None = None,
    name: str | None = None,
) -> tuple[list[BuildSite], str | None]:
    """Return the build sites of the script in a YAML scalar and the working
    directory at its end."""
    script = yamlnodes.scalar_value(node)
    if not script:
        return [], cwd
    mapper = yamlnodes.scalar_positions(node, text, index)
    exact = mapper is not None
    if mapper is None:
        start = node.start_mark
        mapper = PositionMap([], (start.line, start.column))
    sites, cwd = sites_from_script(
        script,
        file=file,
        kind=kind,
        mapper=mapper,
        cwd=cwd,
        templates=templates,
        known_vars=known_vars,
        name=name,
    )
    if not exact:
        sites = [_without_spans(site) for site in sites]
    return sites, cwd


def _without_spans(site: BuildSite) -> BuildSite:
    return replace(
        site,
        target_span=None,
        dockerfile_span=None,
        insert_span=None,
        context_span=None,
    )
