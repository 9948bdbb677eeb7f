"""Completion of stage names, flags and instruction keywords.

Stage names are offered where BuildKit resolves them: after ``COPY --from=``, after
``from=`` in ``RUN --mount=``, and as the image of ``FROM``. What each place may
name comes from ``core.queries.stages_for_completion``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from dockerfile_ls.core.analysis import Analysis
from dockerfile_ls.core.base import resolve_base
from dockerfile_ls.core.instructions import KNOWN_INSTRUCTIONS
from dockerfile_ls.core.model import Stage
from dockerfile_ls.core.queries import (
    CompletionKind,
    CompletionSite,
    completion_site,
    stages_for_completion,
)
from dockerfile_ls.lsp.server import guarded

if TYPE_CHECKING:
    from dockerfile_ls.lsp.server import DockerfileLanguageServer

# Flags per instruction, with `=` when they take a value (Dockerfile reference).
FLAG_ITEMS: dict[str, tuple[tuple[str, str], ...]] = {
    "FROM": (("--platform=", "Platform of the base image, such as linux/amd64"),),
    "COPY": (
        ("--from=", "Copy from a build stage, an image or a named context"),
        ("--chown=", "Owner (user:group) of the copied files"),
        ("--chmod=", "Permissions of the copied files"),
        ("--link", "Copy into an independent layer"),
        ("--parents", "Keep the parent directories of the sources"),
        ("--exclude=", "Leave out paths matching a pattern"),
    ),
    "ADD": (
        ("--chown=", "Owner (user:group) of the added files"),
        ("--chmod=", "Permissions of the added files"),
        ("--link", "Add into an independent layer"),
        ("--keep-git-dir", "Keep the .git directory of a Git source"),
        ("--checksum=", "Expected checksum of a remote source"),
        ("--exclude=", "Leave out paths matching a pattern"),
        ("--unpack", "Unpack a remote archive"),
    ),
    "RUN": (
        ("--mount=", "Mount a cache, secret, SSH agent or another stage's files"),
        ("--network=", "Network for the command: default, none or host"),
        ("--security=", "Security mode: sandbox or insecure"),
    ),
    "HEALTHCHECK": (
        ("--interval=", "Time between checks"),
        ("--timeout=", "Time before a check counts as failed"),
        ("--start-period=", "Start-up time before failures count"),
        ("--start-interval=", "Time between checks during the start period"),
        ("--retries=", "Failures in a row before the container is unhealthy"),
    ),
}


# Values for FROM --platform: the build machine's platform for stages that cross-
# compile, then the platforms Docker official images are most often built for.
PLATFORM_ITEMS: tuple[tuple[str, str], ...] = (
    ("$BUILDPLATFORM", "The platform of the machine running the build"),
    ("linux/amd64", "64-bit x86 Linux"),
    ("linux/arm64", "64-bit Arm Linux"),
    ("linux/arm/v7", "32-bit Arm v7 Linux"),
    ("linux/386", "32-bit x86 Linux"),
    ("linux/ppc64le", "64-bit little-endian POWER Linux"),
    ("linux/s390x", "IBM Z Linux"),
    ("linux/riscv64", "64-bit RISC-V Linux"),
    ("windows/amd64", "64-bit x86 Windows"),
)


def _simple_items(
    server: DockerfileLanguageServer,
    analysis: Analysis,
    site: CompletionSite,
    entries: tuple[tuple[str, str], ...] | list[tuple[str, str]],
    kind: types.CompletionItemKind,
    sort_prefix: str = "",
) -> list[types.CompletionItem]:
    replace = server.converter.range(analysis.dockerfile.lines, site.replace)
    prefix = site.prefix.lower()
    return [
        types.CompletionItem(
            label=label,
            kind=kind,
            detail=detail or None,
            sort_text=f"{sort_prefix}{index:05d}",
            text_edit=types.TextEdit(range=replace, new_text=label),
        )
        for index, (label, detail) in enumerate(entries)
        if label.lower().startswith(prefix)
    ]


def _image_items(
    server: DockerfileLanguageServer, analysis: Analysis, site: CompletionSite
) -> list[types.CompletionItem]:
    """Offer Docker official image names after the stages, without a tag."""
    from dockerfile_ls.knowledge import official_image_names

    names = [(name, "Docker official image") for name in official_image_names()]
    return _simple_items(
        server, analysis, site, names, types.CompletionItemKind.Module, "z"
    )


def _stage_documentation(analysis: Analysis, stage: Stage) -> str:
    key = ("completion-documentation", stage.index)
    cached = analysis.graph.memo.get(key)
    if isinstance(cached, str):
        return cached
    text = _describe_stage(analysis, stage)
    analysis.graph.memo[key] = text
    return text


def _describe_stage(analysis: Analysis, stage: Stage) -> str:
    base = resolve_base(analysis.graph, stage)
    written = stage.base.text if stage.base is not None else "?"
    parts = [f"FROM {written}"]
    if base.image is not None and base.image != written:
        parts.append(f"base image {base.image}")
    parts.append(f"base OS: {base.summary}")
    if stage.comment:
        parts.append(stage.comment)
    return "\n".join(parts)


def _stage_entries(
    analysis: Analysis, site: CompletionSite
) -> list[tuple[str, str, types.MarkupContent, str]]:
    """Return (label, detail, documentation, sort text) of every stage offered.

    The list depends only on the document version and where the cursor is (which
    kind of reference, in which stage), so it is kept in the graph's memo: typing a
    prefix filters it instead of rebuilding it.
    """
    key = ("completion-entries", site.kind, site.owner)
    cached = analysis.graph.memo.get(key)
    if isinstance(cached, list):
        return cached
    final = analysis.graph.target_index(analysis.options.target)
    everything = CompletionSite(site.kind, "", site.replace, site.owner, site.keyword)
    entries = []
    for label, stage in stages_for_completion(analysis, everything):
        written = stage.base.text if stage.base is not None else ""
        detail = f"stage {stage.index}: FROM {written}"
        if stage.index == final:
            detail += " (final image)"
        documentation = types.MarkupContent(
            kind=types.MarkupKind.PlainText,
            value=_stage_documentation(analysis, stage),
        )
        entries.append((label, detail, documentation, f"{stage.index:05d}"))
    analysis.graph.memo[key] = entries
    return entries


def _stage_items(
    server: DockerfileLanguageServer, analysis: Analysis, site: CompletionSite
) -> list[types.CompletionItem]:
    # Labels start with the typed prefix, so clients need no filterText, and
    # insertTextFormat is left at its default, plain text. Editors often ask again
    # at the same place, so the items are kept for the document version.
    key = ("completion-items", site.kind, site.owner, site.prefix, site.replace)
    cached = analysis.graph.memo.get(key)
    if isinstance(cached, list):
        return cached
    replace = server.converter.range(analysis.dockerfile.lines, site.replace)
    prefix = site.prefix.lower()
    items = [
        types.CompletionItem(
            label=label,
            kind=types.CompletionItemKind.Reference,
            detail=detail,
            documentation=documentation,
            sort_text=sort_text,
            text_edit=types.TextEdit(range=replace, new_text=label),
        )
        for label, detail, documentation, sort_text in _stage_entries(analysis, site)
        if label.lower().startswith(prefix)
    ]
    analysis.graph.memo[key] = items
    return items


def _flag_items(
    server: DockerfileLanguageServer, analysis: Analysis, site: CompletionSite
) -> list[types.CompletionItem]:
    lines = analysis.dockerfile.lines
    replace = server.converter.range(lines, site.replace)
    items = []
    for label, description in FLAG_ITEMS.get(site.keyword, ()):
        if not label.startswith(site.prefix):
            continue
        items.append(
            types.CompletionItem(
                label=label,
                kind=types.CompletionItemKind.Property,
                detail=description,
                filter_text=label,
                text_edit=types.TextEdit(range=replace, new_text=label),
                insert_text_format=types.InsertTextFormat.PlainText,
            )
        )
    return items


def _keyword_items(
    server: DockerfileLanguageServer, analysis: Analysis, site: CompletionSite
) -> list[types.CompletionItem]:
    lines = analysis.dockerfile.lines
    replace = server.converter.range(lines, site.replace)
    prefix = site.prefix.upper()
    keywords = sorted(KNOWN_INSTRUCTIONS - {"MAINTAINER"})
    if not analysis.graph.stages:
        keywords = ["ARG", "FROM"]
    return [
        types.CompletionItem(
            label=keyword,
            kind=types.CompletionItemKind.Keyword,
            filter_text=keyword,
            text_edit=types.TextEdit(range=replace, new_text=keyword + " "),
            insert_text_format=types.InsertTextFormat.PlainText,
        )
        for keyword in keywords
        if keyword.startswith(prefix)
    ]


def complete(
    server: DockerfileLanguageServer, uri: str, position: types.Position
) -> list[types.CompletionItem]:
    analysis = server.analysis(uri)
    if analysis is None:
        return []
    line, col = server.converter.from_position(analysis.dockerfile.lines, position)
    site = completion_site(analysis, line, col)
    if site is None:
        return []
    if site.kind in (CompletionKind.COPY_FROM, CompletionKind.MOUNT_FROM):
        return _stage_items(server, analysis, site)
    if site.kind is CompletionKind.FLAG:
        return _flag_items(server, analysis, site)
    if site.kind is CompletionKind.KEYWORD:
        return _keyword_items(server, analysis, site)
    if site.kind is CompletionKind.PLATFORM:
        return _simple_items(
            server, analysis, site, PLATFORM_ITEMS, types.CompletionItemKind.Value
        )
    # A copy: the stage items are shared with later requests on this version.
    items = list(_stage_items(server, analysis, site))
    if not site.has_platform and "--platform=".startswith(site.prefix):
        flag_site = CompletionSite(
            CompletionKind.FLAG, site.prefix, site.replace, site.owner, "FROM"
        )
        items.extend(_flag_items(server, analysis, flag_site))
    if not site.prefix.startswith(("-", "$")):
        items.extend(_image_items(server, analysis, site))
    return items


def register(server: DockerfileLanguageServer) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=["=", " ", ",", "-"]),
    )
    @guarded(list)
    def completion(params: types.CompletionParams) -> list[types.CompletionItem]:
        return complete(server, params.text_document.uri, params.position)
