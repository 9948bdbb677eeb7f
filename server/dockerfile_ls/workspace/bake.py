"""Reader for Bake files: ``target`` blocks of ``docker-bake.hcl`` and ``.json``.

Follows buildx's ``bake`` package. ``context`` defaults to ``.``. ``dockerfile``
defaults to ``Dockerfile`` and is relative to the context, unless it is absolute or
starts with ``cwd://``. ``dockerfile-inline`` replaces the file when it is not
empty, and a remote context leaves the Dockerfile unknown. ``inherits`` merges the
listed targets in order, then the target's own attributes on top, and a target seen
again while resolving (a cycle) adds nothing. Blocks with the same name, in one file
or in several, merge attribute by attribute, later ones winning.

The files of one directory are read together in buildx's default order:
``docker-bake.json``, ``docker-bake.hcl``, ``docker-bake.override.json``,
``docker-bake.override.hcl``, then other ``docker-bake*.hcl``/``.json`` files.
Each file's sites are resolved with that file read last, so a value written in it
is the one its sites check.

NOTE: paths are taken relative to the Bake file's directory, where ``docker buildx
bake`` is usually run; buildx resolves them against its working directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from dockerfile_ls.core.text import Span
from dockerfile_ls.workspace import hcl, jsonc
from dockerfile_ls.workspace.filenames import BAKE_FILE_NAMES
from dockerfile_ls.workspace.positions import LineIndex
from dockerfile_ls.workspace.sites import (
    KIND_BAKE,
    BuildSite,
    InsertSlot,
    WrittenValue,
    is_remote_context,
    resolve_path,
)

DEFAULT_FILE_NAMES = BAKE_FILE_NAMES
STRING_ATTRIBUTES = ("context", "dockerfile", "dockerfile-inline", "target")
CWD_PREFIX = "cwd://"


@dataclass(slots=True)
class TargetBlock:
    """The attributes of one ``target`` block that choose what it builds."""

    name: str
    values: dict[str, WrittenValue] = field(default_factory=dict)
    inherits: list[str] = field(default_factory=list)


@dataclass(slots=True)
class BakeFile:
    path: str
    targets: list[TargetBlock] = field(default_factory=list)


def parse_bake(path: str, text: str) -> BakeFile:
    """Read the target blocks of a Bake file, HCL or JSON by its extension."""
    if path.endswith(".json"):
        return _parse_json(path, text)
    return _parse_hcl(path, text)


def read_bake(path: str, text: str) -> list[BuildSite]:
    """Return the build sites of one Bake file read alone."""
    return bake_sites([parse_bake(path, text)])[path]


def bake_sites(files: list[BakeFile]) -> dict[str, list[BuildSite]]:
    """Return the build sites of each Bake file of one directory."""
    ordered = sorted(files, key=_load_order)
    result: dict[str, list[BuildSite]] = {}
    for file in ordered:
        layers = [other for other in ordered if other is not file] + [file]
        resolver = _Resolver(layers)
        names = list(dict.fromkeys(block.name for block in file.targets))
        result[file.path] = [
            _site(file.path, name, resolver.resolve(name)) for name in names
        ]
    return result


def _load_order(file: BakeFile) -> tuple[int, str]:
    name = os.path.basename(file.path)
    if name in DEFAULT_FILE_NAMES:
        return DEFAULT_FILE_NAMES.index(name), name
    return len(DEFAULT_FILE_NAMES), name


class _Resolver:
    """Resolves ``inherits`` as buildx's ``Config.target`` does, without recursion.

    buildx starts every target from an empty cache, so where a cycle is cut depends
    on the target asked for. Results are cached across targets except for those
    on a cycle below the point where it was cut, which are recomputed per target.

    NOTE: with several cycles through one target, a cached result can merge
    parents in another order than a fresh buildx resolution would.
    """

    def __init__(self, layers: list[BakeFile]) -> None:
        self.own: dict[str, dict[str, WrittenValue]] = {}
        self.parents: dict[str, list[str]] = {}
        for file in layers:
            for block in file.targets:
                self.own.setdefault(block.name, {}).update(block.values)
                self.parents.setdefault(block.name, []).extend(block.inherits)
        self.cache: dict[str, dict[str, WrittenValue]] = {}

    def resolve(self, root: str) -> dict[str, WrittenValue]:
        """Return the values of target ``root`` with its parents merged in."""
        if root in self.cache:
            return self.cache[root]
        done: dict[str, dict[str, WrittenValue]] = {}
        tainted: set[str] = set()
        path = [root]
        next_parent = [0]
        while path:
            name = path[-1]
            parents = self.parents.get(name, [])
            if next_parent[-1] < len(parents):
                parent = parents[next_parent[-1]]
                next_parent[-1] += 1
                if parent in path:
                    tainted.update(path[path.index(parent) + 1 :])
                elif parent not in done and parent not in self.cache:
                    path.append(parent)
                    next_parent.append(0)
                continue
            merged: dict[str, WrittenValue] = {}
            for parent in parents:
                if parent not in path:
                    merged.update(done.get(parent) or self.cache.get(parent) or {})
            merged.update(self.own.get(name, {}))
            done[name] = merged
            if name not in tainted:
                self.cache[name] = merged
            path.pop()
            next_parent.pop()
        return done[root]


def _site(path: str, name: str, values: dict[str, WrittenValue]) -> BuildSite:
    base = os.path.dirname(path)
    context_value = values.get("context")
    context_text = "." if context_value is None else context_value.value or "."
    local_text = context_text.removeprefix(CWD_PREFIX)
    context: str | None = None
    remote = context_value is not None and (
        context_value.dynamic or is_remote_context(local_text) or local_text == "-"
    )
    if not remote:
        context = resolve_path(base, local_text)
    inline = values.get("dockerfile-inline")
    if inline is not None and not inline.value:
        inline = None
    dockerfile_value = values.get("dockerfile")
    dockerfile = None
    if inline is None and not remote:
        dockerfile = _dockerfile_path(base, context, dockerfile_value)
    target = values.get("target")

    def here(value: WrittenValue | None) -> WrittenValue | None:
        return value if value is not None and value.file == path else None

    written_target = here(target)
    slot = None if written_target is None else written_target.empty_slot
    target_span = None if written_target is None or slot else written_target.span
    return BuildSite(
        file=path,
        kind=KIND_BAKE,
        dockerfile=dockerfile,
        inline_dockerfile=None if inline is None else inline.value,
        inline_span=_span(here(inline)),
        context=context,
        target=None if target is None else target.value,
        target_span=target_span,
        dockerfile_span=_span(here(dockerfile_value)),
        insert_span=slot.span if slot else target_span,
        insert_prefix=slot.prefix if slot else "",
        insert_suffix=slot.suffix if slot else "",
        target_dynamic=target is not None and target.dynamic,
        context_span=_span(here(context_value)),
        inline_line_starts=_line_starts_of(here(inline)),
        name=name,
    )


def _span(value: WrittenValue | None) -> Span | None:
    return None if value is None else value.span


def _line_starts_of(value: WrittenValue | None) -> tuple[tuple[int, int], ...] | None:
    return None if value is None else value.line_starts


def _dockerfile_path(
    base: str, context: str | None, value: WrittenValue | None
) -> str | None:
    if value is None or not value.value:
        return resolve_path(context, "Dockerfile")
    if value.dynamic or value.value == "-":
        return None
    if value.value.startswith(CWD_PREFIX):
        return resolve_path(base, value.value.removeprefix(CWD_PREFIX))
    return resolve_path(context, value.value)


def _parse_hcl(path: str, text: str) -> BakeFile:
    index = LineIndex(text)
    result = BakeFile(path)
    for item in hcl.parse(text):
        if not isinstance(item, hcl.Block) or item.type != "target" or not item.labels:
            continue
        block = TargetBlock(item.labels[0])
        for attribute in item.body:
            if not isinstance(attribute, hcl.Attribute):
                continue
            if attribute.name in STRING_ATTRIBUTES:
                block.values[attribute.name] = _hcl_value(path, text, index, attribute)
            elif attribute.name == "inherits":
                block.inherits = _hcl_strings(attribute.value)
        result.targets.append(block)
    return result


def _hcl_value(
    path: str, text: str, index: LineIndex, attribute: hcl.Attribute
) -> WrittenValue:
    value = attribute.value
    if value is None:
        return _missing_value(path, text, index, attribute.equals_end)
    if isinstance(value, hcl.StringExpr):
        template = value.template
        start = index.position(template.content_start)
        end = index.position(template.content_end)
        return WrittenValue(
            value=template.value,
            file=path,
            span=Span(*start, *end),
            dynamic=template.dynamic,
            line_starts=_line_starts(text, index, template),
        )
    start = index.position(value.start)
    end = index.position(value.end)
    return WrittenValue(text[value.start : value.end], path, Span(*start, *end), True)


def _line_starts(
    text: str, index: LineIndex, template: hcl.Template
) -> tuple[tuple[int, int], ...] | None:
    offsets = template.offsets
    value = template.value
    if not value:
        return None
    quoted = text[template.content_start - 1 : template.content_start] == '"'
    if quoted and text[template.content_start : template.content_end] != value:
        return None
    starts = [index.position(offsets[0])]
    for position, ch in enumerate(value[:-1]):
        if ch == "\n":
            starts.append(index.position(offsets[position + 1]))
    return tuple(starts)


def _hcl_strings(value: hcl.Expression | None) -> list[str]:
    if not isinstance(value, hcl.TupleExpr):
        return []
    return [
        item.template.value
        for item in value.items
        if isinstance(item, hcl.StringExpr) and not item.template.dynamic
    ]


def _missing_value(path: str, text: str, index: LineIndex, after: int) -> WrittenValue:
    """Describe ``key =`` or ``"key":`` with nothing after it yet."""
    stop = after
    while stop < len(text) and text[stop] in " \t":
        stop += 1
    start = index.position(after)
    end = index.position(stop)
    span = Span(*start, *end)
    return WrittenValue("", path, span, empty_slot=InsertSlot(span, ' "', '"'))


def _parse_json(path: str, text: str) -> BakeFile:
    index = LineIndex(text)
    result = BakeFile(path)
    root = jsonc.parse(text)
    targets = root.get("target") if isinstance(root, jsonc.JsonObject) else None
    if targets is None or not isinstance(targets.value, jsonc.JsonObject):
        return result
    for member in targets.value.members:
        block = TargetBlock(member.key.value)
        body = member.value
        if isinstance(body, jsonc.JsonObject):
            for item in body.members:
                name = item.key.value
                if name in STRING_ATTRIBUTES:
                    written = _json_value(path, text, index, item)
                    if written is not None:
                        block.values[name] = written
                elif name == "inherits" and isinstance(item.value, jsonc.JsonArray):
                    block.inherits = [
                        entry.value
                        for entry in item.value.items
                        if isinstance(entry, jsonc.JsonString)
                    ]
        result.targets.append(block)
    return result


def _json_value(
    path: str, text: str, index: LineIndex, member: jsonc.JsonMember
) -> WrittenValue | None:
    value = member.value
    if value is None:
        return _missing_value(path, text, index, member.colon_end)
    if not isinstance(value, jsonc.JsonString):
        return None
    # Strings in HCL's JSON syntax are templates: `${` interpolates, `$${` escapes.
    dynamic = "${" in value.value.replace("$${", "") or "%{" in value.value.replace(
        "%%{", ""
    )
    literal = value.value.replace("$${", "${").replace("%%{", "%{")
    start = index.position(value.start)
    end = index.position(value.end)
    one_line = value.raw and literal == value.value and "\n" not in literal
    return WrittenValue(
        literal,
        path,
        Span(*start, *end),
        dynamic=dynamic,
        line_starts=(start,) if one_line else None,
    )
