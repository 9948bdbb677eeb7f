"""Build sites from JSON settings that hold Docker CLI build options.

VS Code's ``docker-build`` task and ``devcontainer.json`` both name a context, a
Dockerfile and a target as strings that may contain ``${variable}`` references.
Known variables are substituted; any other reference makes the value unknown.
"""

from __future__ import annotations

from collections.abc import Mapping

from dockerfile_ls.core.text import Span
from dockerfile_ls.workspace import jsonc
from dockerfile_ls.workspace.positions import LineIndex
from dockerfile_ls.workspace.sites import (
    BuildSite,
    InsertSlot,
    WrittenValue,
    is_remote_context,
    resolve_path,
)


def member_value(
    member: jsonc.JsonMember | None,
    path: str,
    text: str,
    index: LineIndex,
    variables: Mapping[str, str],
) -> WrittenValue | None:
    """Return the string value of a member with ``variables`` substituted."""
    if member is None:
        return None
    value = member.value
    if value is None:
        stop = member.colon_end
        while stop < len(text) and text[stop] in " \t":
            stop += 1
        span = Span(*index.position(member.colon_end), *index.position(stop))
        return WrittenValue("", path, span, empty_slot=InsertSlot(span, ' "', '"'))
    if not isinstance(value, jsonc.JsonString):
        return None
    substituted = value.value
    for name, replacement in variables.items():
        substituted = substituted.replace("${" + name + "}", replacement)
    span = Span(*index.position(value.start), *index.position(value.end))
    return WrittenValue(substituted, path, span, dynamic="${" in substituted)


def member(node: jsonc.JsonValue | None, key: str) -> jsonc.JsonMember | None:
    """Return the member ``key`` of an object, if ``node`` is one."""
    if isinstance(node, jsonc.JsonObject):
        return node.get(key)
    return None


def cli_build_site(
    *,
    path: str,
    kind: str,
    name: str | None,
    base: str,
    dockerfile_base: str,
    context: WrittenValue | None,
    dockerfile: WrittenValue | None,
    target: WrittenValue | None,
) -> BuildSite:
    """Describe a build given as context, Dockerfile and target values.

    ``context`` is relative to ``base`` (default ``.``), ``dockerfile`` to
    ``dockerfile_base`` (default ``Dockerfile`` in the context).
    """
    context_dir: str | None = base
    if context is not None and context.value:
        remote = context.dynamic or is_remote_context(context.value)
        context_dir = None if remote else resolve_path(base, context.value)
    dockerfile_path: str | None = None
    if dockerfile is None or not dockerfile.value:
        dockerfile_path = resolve_path(context_dir, "Dockerfile")
    elif not dockerfile.dynamic and context_dir is not None:
        dockerfile_path = resolve_path(dockerfile_base, dockerfile.value)
    slot = None if target is None else target.empty_slot
    target_span = None if target is None or slot else target.span
    return BuildSite(
        file=path,
        kind=kind,
        dockerfile=dockerfile_path,
        inline_dockerfile=None,
        inline_span=None,
        context=context_dir,
        target=None if target is None else target.value,
        target_span=target_span,
        dockerfile_span=None if dockerfile is None else dockerfile.span,
        insert_span=slot.span if slot else target_span,
        insert_prefix=slot.prefix if slot else "",
        insert_suffix=slot.suffix if slot else "",
        target_dynamic=target is not None and target.dynamic,
        context_span=None if context is None else context.span,
        name=name,
    )
