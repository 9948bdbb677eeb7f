"""Reader for Compose files: the ``build`` section of each service.

Follows the Compose Build Specification. ``build: <path>`` is the context alone. In
the long form, ``context`` is a local directory or a Git/URL address (default
``.``), relative to the project directory, which is the directory of the Compose
file. ``dockerfile`` is relative to the context (default ``Dockerfile``), and
``dockerfile_inline`` gives the Dockerfile text instead. ``$$`` is a literal ``$``
and any other ``$`` starts an interpolation, which makes a value unknown here.

Files in one directory form a project as ``docker compose`` finds them. The first
of ``compose.yaml``, ``compose.yml``, ``docker-compose.yml`` and
``docker-compose.yaml`` is the base (compose-go ``DefaultFileNames``). Override
files (``compose.override.yaml`` and the like) and other ``compose.*.yaml`` or
``docker-compose.*.yml`` files are read on top of it, key by key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import yaml

from dockerfile_ls.core.text import Span
from dockerfile_ls.workspace import yamlnodes
from dockerfile_ls.workspace.filenames import COMPOSE_FILE_NAMES
from dockerfile_ls.workspace.positions import LineIndex
from dockerfile_ls.workspace.sites import (
    KIND_COMPOSE,
    BuildSite,
    WrittenValue,
    is_remote_context,
    resolve_path,
)

DEFAULT_FILE_NAMES = COMPOSE_FILE_NAMES
BUILD_KEYS = ("context", "dockerfile", "dockerfile_inline", "target")


@dataclass(slots=True)
class ComposeFile:
    """The ``build`` values of each service of one Compose file."""

    path: str
    services: dict[str, dict[str, WrittenValue]] = field(default_factory=dict)


def parse_compose(path: str, text: str) -> ComposeFile:
    """Read the ``build`` values of every service in a Compose file."""
    result = ComposeFile(path)
    index = LineIndex(text)
    for document in yamlnodes.compose_documents(text, path):
        services = yamlnodes.mapping_get(document, "services")
        if services is None:
            continue
        for name, _, service in yamlnodes.mapping_items(services[1]):
            build = yamlnodes.mapping_get(service, "build")
            if build is not None:
                result.services[name] = _build_values(path, text, index, build[1])
    return result


def _build_values(
    path: str, text: str, index: LineIndex, node: yaml.Node
) -> dict[str, WrittenValue]:
    if isinstance(node, yaml.ScalarNode):
        written = _written(path, text, index, node)
        return {} if written is None else {"context": written}
    values = {}
    for key, _, value in yamlnodes.mapping_items(node):
        if key in BUILD_KEYS:
            written = _written(path, text, index, value)
            if written is not None:
                values[key] = written
    return values


def _written(
    path: str, text: str, index: LineIndex, node: yaml.Node
) -> WrittenValue | None:
    raw = yamlnodes.scalar_value(node)
    if raw is None:
        return None
    value, dynamic = unescape_interpolation(raw)
    empty_slot = None
    if yamlnodes.is_empty(node):
        empty_slot = yamlnodes.empty_value_slot(node, text)
    return WrittenValue(
        value=value,
        file=path,
        span=yamlnodes.value_span(node),
        dynamic=dynamic,
        empty_slot=empty_slot,
        line_starts=yamlnodes.line_starts(node, text, index),
    )


def unescape_interpolation(value: str) -> tuple[str, bool]:
    """Replace ``$$`` by ``$`` and tell whether ``value`` has an interpolation
    (``$NAME`` or ``${...}``), as compose-go's template package reads it."""
    out: list[str] = []
    dynamic = False
    position = 0
    while position < len(value):
        ch = value[position]
        following = value[position + 1 : position + 2]
        if ch == "$" and following == "$":
            out.append("$")
            position += 2
            continue
        if ch == "$" and (following == "{" or following.isalpha() or following == "_"):
            dynamic = True
        out.append(ch)
        position += 1
    return "".join(out), dynamic


def compose_sites(files: list[ComposeFile]) -> dict[str, list[BuildSite]]:
    """Return the build sites of each Compose file of one directory.

    A base file is read alone; every other file is read on top of the directory's
    first base file, as ``docker compose -f base -f other`` reads them.
    """
    by_name = {os.path.basename(file.path): file for file in files}
    base = next((by_name[n] for n in DEFAULT_FILE_NAMES if n in by_name), None)
    result: dict[str, list[BuildSite]] = {}
    for file in files:
        name = os.path.basename(file.path)
        if base is None or name in DEFAULT_FILE_NAMES:
            result[file.path] = _sites(file, [file])
        else:
            result[file.path] = _sites(file, [base, file])
    return result


def read_compose(path: str, text: str) -> list[BuildSite]:
    """Return the build sites of one Compose file read alone."""
    file = parse_compose(path, text)
    return _sites(file, [file])


def _sites(file: ComposeFile, layers: list[ComposeFile]) -> list[BuildSite]:
    project = os.path.dirname(layers[0].path)
    sites = []
    for service in file.services:
        merged: dict[str, WrittenValue] = {}
        for layer in layers:
            merged.update(layer.services.get(service, {}))
        sites.append(_site(file.path, project, service, merged))
    return sites


def _site(
    path: str, project: str, service: str, values: dict[str, WrittenValue]
) -> BuildSite:
    context_value = values.get("context")
    context: str | None = resolve_path(project, ".")
    remote = False
    if context_value is not None:
        text = context_value.value or "."
        remote = context_value.dynamic or is_remote_context(text)
        context = None if remote else resolve_path(project, text)
    inline = values.get("dockerfile_inline")
    dockerfile_value = values.get("dockerfile")
    dockerfile = None
    if inline is None and not remote:
        if dockerfile_value is None:
            dockerfile = resolve_path(context, "Dockerfile")
        elif not dockerfile_value.dynamic:
            dockerfile = resolve_path(context, dockerfile_value.value or "Dockerfile")
    target = values.get("target")

    def here(value: WrittenValue | None) -> WrittenValue | None:
        return value if value is not None and value.file == path else None

    return BuildSite(
        file=path,
        kind=KIND_COMPOSE,
        dockerfile=dockerfile,
        inline_dockerfile=None if inline is None else inline.value,
        inline_span=_span(here(inline)),
        context=context,
        target=None if target is None else target.value,
        target_span=_target_span(here(target)),
        dockerfile_span=_span(here(dockerfile_value)),
        insert_span=_insert_span(here(target)),
        insert_prefix=_slot_text(here(target), prefix=True),
        insert_suffix=_slot_text(here(target), prefix=False),
        target_dynamic=target is not None and target.dynamic,
        context_span=_span(here(context_value)),
        inline_line_starts=_line_starts(here(inline)),
        name=service,
    )


def _line_starts(value: WrittenValue | None) -> tuple[tuple[int, int], ...] | None:
    return None if value is None else value.line_starts


def _span(value: WrittenValue | None) -> Span | None:
    return None if value is None else value.span


def _target_span(value: WrittenValue | None) -> Span | None:
    if value is None or value.empty_slot is not None:
        return None
    return value.span


def _insert_span(value: WrittenValue | None) -> Span | None:
    if value is None:
        return None
    if value.empty_slot is not None:
        return value.empty_slot.span
    return value.span


def _slot_text(value: WrittenValue | None, prefix: bool) -> str:
    if value is None or value.empty_slot is None:
        return ""
    return value.empty_slot.prefix if prefix else value.empty_slot.suffix
