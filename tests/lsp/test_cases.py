"""End-to-end: faults reported against Dockerfile tools, turned into tests.

Each test opens one Dockerfile in the real server and checks the completion
labels, diagnostics or hover text that BuildKit's behaviour calls for. Columns
in the inputs are code points. ``_col`` converts them to the client's position
encoding (UTF-16, or UTF-8 for Neovim 0.11), which differs only on non-ASCII text.
"""

from __future__ import annotations

import pytest
from lsprotocol import types

from tests.lsp.conftest import Session

URI = "file:///work/Dockerfile"
ERROR = types.DiagnosticSeverity.Error
WARNING = types.DiagnosticSeverity.Warning

Span4 = tuple[int, int, int, int]


def _span(range_: types.Range) -> Span4:
    start, end = range_.start, range_.end
    return (start.line, start.character, end.line, end.character)


def _maybe_span(range_: types.Range | None) -> Span4 | None:
    return _span(range_) if range_ is not None else None


def _col(session: Session, line_text: str, column: int) -> int:
    """Convert a code-point column of ``line_text`` to the client's units."""
    prefix = line_text[:column]
    if session.utf8:
        return len(prefix.encode("utf-8"))
    return len(prefix.encode("utf-16-le")) // 2


# Findings about what the base image runs depend on today's date (end of life) and
# on the offline image knowledge. They have tests of their own, so they are left out.
BASE_IMAGE_RULES = {
    "BaseImageEndOfLife",
    "PackageManagerNotOnBase",
    "ShellFormWithoutShell",
}


def _topical(diagnostics: list[types.Diagnostic]) -> list[types.Diagnostic]:
    return [item for item in diagnostics if item.code not in BASE_IMAGE_RULES]


async def _open(session: Session, text: str) -> list[types.Diagnostic]:
    return _topical(await session.open(text))


async def _replace_all(session: Session, uri: str, text: str) -> list[types.Diagnostic]:
    return _topical(await session.replace_all(uri, text))


def _by_severity(
    diagnostics: list[types.Diagnostic], severity: types.DiagnosticSeverity
) -> list[types.Diagnostic]:
    return [item for item in diagnostics if item.severity == severity]


async def _completion_at_end(session: Session, text: str, line: int) -> list[str]:
    await _open(session, text)
    return await session.completion(URI, line, len(text.split("\n")[line]))


async def _hover(
    session: Session, line: int, character: int
) -> tuple[str, types.Range | None]:
    result = await session.client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=types.Position(line=line, character=character),
        )
    )
    if result is None:
        return "", None
    contents = result.contents
    text = (
        contents.value if isinstance(contents, types.MarkupContent) else str(contents)
    )
    return text, result.range


def _full_text(item: types.CompletionItem) -> str:
    documentation = item.documentation
    if isinstance(documentation, types.MarkupContent):
        documentation = documentation.value
    return f"{item.detail or ''}\n{documentation or ''}"


# Completion of stage names after `COPY --from=`.
async def test_copy_from_offers_named_earlier_stage(session: Session) -> None:
    text = "FROM alpine:3.20 AS setup\nFROM alpine:3.20\nCOPY --from=\n"
    await _open(session, text)
    assert await session.completion(URI, 2, 12) == ["setup"]


async def test_copy_flags_after_dashes(session: Session) -> None:
    await _open(session, "FROM alpine:3.20 AS setup\nFROM alpine:3.20\nCOPY --\n")
    labels = set(await session.completion(URI, 2, 7))
    assert {"--from=", "--chown=", "--chmod=", "--link"} <= labels


async def test_copy_from_skips_current_and_later(session: Session) -> None:
    text = (
        "FROM node:20 AS deps\nFROM node:20 AS dev\nCOPY --from=\n"
        "FROM node:20 AS test\n"
    )
    await _open(session, text)
    assert await session.completion(URI, 2, 12) == ["deps"]


async def test_copy_from_later_stage_is_error(session: Session) -> None:
    diagnostics = await _open(
        session,
        "FROM node:20 AS deps\nFROM node:20 AS dev\nCOPY --from=test /x /x\n"
        "FROM node:20 AS test\n",
    )
    assert [(_span(item.range), item.severity) for item in diagnostics] == [
        ((2, 12, 2, 16), ERROR)
    ]


async def test_copy_from_later_stage_message(session: Session) -> None:
    diagnostics = await _open(
        session,
        "FROM node:20 AS deps\nFROM node:20 AS dev\nCOPY --from=test /x /x\n"
        "FROM node:20 AS test\n",
    )
    assert diagnostics[0].message == (
        'cannot copy from stage "test", it needs to be defined before current stage '
        '"dev"'
    )


INDEX_INPUT = "FROM alpine:3.20\nFROM busybox:1.36\nFROM node:20\nCOPY --from=\n"


async def test_copy_from_offers_indices(session: Session) -> None:
    await _open(session, INDEX_INPUT)
    assert await session.completion(URI, 3, 12) == ["0", "1"]


@pytest.mark.parametrize(
    ("label", "image"), [("0", "alpine:3.20"), ("1", "busybox:1.36")]
)
async def test_index_item_names_base_image(
    session: Session, label: str, image: str
) -> None:
    await _open(session, INDEX_INPUT)
    items = await session.completion_items(URI, 3, 12)
    texts = [_full_text(item) for item in items if item.label == label]
    assert [image in text for text in texts] == [True]


MOUNT_INPUT = (
    "FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM alpine:3.20\n"
)


@pytest.mark.parametrize(
    ("line", "character"),
    [("RUN --mount=type=bind,from=", 27), ("RUN --mount=from=", 17)],
)
async def test_mount_from_offers_stage(
    session: Session, line: str, character: int
) -> None:
    await _open(session, MOUNT_INPUT + line + "\n")
    assert await session.completion(URI, 3, character) == ["build"]


async def test_mount_from_counts_as_use(session: Session) -> None:
    diagnostics = await _open(
        session,
        MOUNT_INPUT + "RUN --mount=type=bind,from=build,source=/out,target=/mnt "
        "cp /mnt/app /usr/local/bin/app\n",
    )
    assert [item.code for item in diagnostics] == []


# Completion table of the design notes: which stages each place may name.
COMPLETION_TABLE = [
    (
        "all-earlier-stages",
        "FROM alpine AS build\nFROM busybox AS test\nFROM node\nCOPY --from=",
        3,
        ["build", "test"],
    ),
    ("not-current-stage", "FROM alpine AS dev\nCOPY --from=\nFROM node AS test", 1, []),
    (
        "duplicate-offered-once",
        "FROM alpine AS setup\nFROM alpine AS setup\nFROM node\nCOPY --from=",
        3,
        ["setup"],
    ),
    ("lowercase-name", "FROM alpine AS Build\nFROM node\nCOPY --from=", 2, ["build"]),
    (
        "mount-from",
        "FROM alpine AS build\nFROM node\nRUN --mount=type=bind,from=",
        2,
        ["build"],
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "labels"),
    [row[1:] for row in COMPLETION_TABLE],
    ids=[row[0] for row in COMPLETION_TABLE],
)
async def test_completion_table(
    session: Session, text: str, line: int, labels: list[str]
) -> None:
    assert await _completion_at_end(session, text, line) == labels


async def test_duplicate_item_points_to_last(session: Session) -> None:
    text = "FROM alpine AS setup\nFROM alpine AS setup\nFROM node\nCOPY --from="
    await _open(session, text)
    items = await session.completion_items(URI, 3, 12)
    assert [item.detail for item in items] == ["stage 1: FROM alpine"]


async def test_duplicate_gets_warning(session: Session) -> None:
    text = (
        "FROM alpine AS setup\nFROM alpine AS setup\nFROM node\nCOPY --from=setup / /"
    )
    warnings = _by_severity(await _open(session, text), WARNING)
    assert [(item.code, _span(item.range)) for item in warnings] == [
        ("DuplicateStageName", (1, 15, 1, 20))
    ]


async def test_from_offers_platform_and_stage(session: Session) -> None:
    labels = await _completion_at_end(session, "FROM alpine AS build\nFROM ", 1)
    assert {"--platform=", "build"} <= set(labels)


# Diagnostics.
async def test_image_from_values_not_flagged(session: Session) -> None:
    diagnostics = await _open(
        session,
        "FROM golang:1.22 AS build\nFROM alpine:3.20\n"
        "COPY --from=docker.io/library/busybox:1.36 /bin/busybox /bin/busybox\n"
        "COPY --from=hello-world /hello /hello\n"
        "COPY --from=buidl /out/app /usr/local/bin/app\n",
    )
    assert [(_span(item.range), item.severity) for item in diagnostics] == [
        ((4, 12, 4, 17), WARNING)
    ]


async def test_near_miss_suggests_stage(session: Session) -> None:
    diagnostics = await _open(
        session,
        "FROM golang:1.22 AS build\nFROM alpine:3.20\n"
        "COPY --from=buidl /out/app /usr/local/bin/app\n",
    )
    assert [item.message.endswith("(did you mean build?)") for item in diagnostics] == [
        True
    ]


VARIABLE_INPUT = (
    "ARG APP_SOURCE=builder\nFROM registry.example.com/base/minimal:1 AS builder\n"
    "RUN echo generated > /foo.txt\nFROM registry.example.com/base/minimal:1\n"
    "ARG APP_SOURCE\nCOPY --from=$APP_SOURCE /foo.txt /bar.txt\n"
)


async def test_variable_in_copy_from_is_error(session: Session) -> None:
    diagnostics = await _open(session, VARIABLE_INPUT)
    assert [(_span(item.range), item.severity) for item in diagnostics] == [
        ((5, 12, 5, 23), ERROR)
    ]


async def test_variable_in_copy_from_message(session: Session) -> None:
    diagnostics = await _open(session, VARIABLE_INPUT)
    assert diagnostics[0].message.startswith(
        "variable expansion is not supported for --from"
    )


async def test_heredoc_keeps_later_stage(session: Session) -> None:
    diagnostics = await _open(
        session,
        "FROM alpine:3.20 AS base\nRUN echo preparing\nFROM base AS build\n"
        "COPY <<EOF /build.sh\necho hi\nEOF\nFROM alpine:3.20\n"
        "COPY --from=build /build.sh /usr/local/bin/\n",
    )
    assert diagnostics == []


PLATFORM_ARGS_INPUT = (
    "ARG TAG=3.20\n"
    "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n"
    "FROM --platform=$BUIDPLATFORM alpine:${TAG}${VARIANT} AS runtime\n"
)


async def test_undeclared_from_args(session: Session) -> None:
    diagnostics = await _open(session, PLATFORM_ARGS_INPUT)
    assert sorted((_span(item.range), item.severity) for item in diagnostics) == [
        ((2, 16, 2, 29), ERROR),
        ((2, 43, 2, 53), WARNING),
    ]


async def test_misspelled_platform_arg_suggestion(session: Session) -> None:
    diagnostics = await _open(session, PLATFORM_ARGS_INPUT)
    errors = _by_severity(diagnostics, ERROR)
    assert ["did you mean BUILDPLATFORM?" in item.message for item in errors] == [True]


async def test_single_quoted_exec_form(session: Session) -> None:
    diagnostics = await _open(
        session,
        "FROM golang:1.22 AS build\nFROM alpine:3.20\n"
        'COPY --from=build ["/app/out dir", "/srv/"]\n'
        "CMD ['/srv/app']\n",
    )
    assert [(_span(item.range), item.severity) for item in diagnostics] == [
        ((3, 4, 3, 16), WARNING)
    ]


async def test_single_quoted_exec_form_message(session: Session) -> None:
    diagnostics = await _open(session, "FROM alpine:3.20\nCMD ['/srv/app']\n")
    assert ["double-quoted" in item.message for item in diagnostics] == [True]


async def test_windows_image_in_copy_from(session: Session) -> None:
    diagnostics = await _open(
        session,
        "FROM golang:1.22 AS build\nFROM alpine:3.20\n"
        "COPY --from=build /x /x\n"
        "COPY --from=golang:1.22.6-windowsservercore-ltsc2022 "
        '["C:\\\\\\\\Program Files\\\\\\\\Go","C:\\\\\\\\Program Files\\\\\\\\Go"]\n',
    )
    assert diagnostics == []


# Hover: the base OS, following stage chains to the external image.
CHAIN_INPUT = (
    "FROM ubuntu:22.04 AS base\nFROM base AS dist\nFROM dist AS prod\nRUN echo done\n"
)


@pytest.mark.parametrize("expected", ["ubuntu:22.04", "Ubuntu"])
async def test_hover_follows_chain(session: Session, expected: str) -> None:
    await _open(
        session,
        CHAIN_INPUT,
    )
    text, _ = await _hover(session, 2, 14)
    assert expected in text


async def test_hover_chain_never_pulls_stage(session: Session) -> None:
    await _open(
        session,
        CHAIN_INPUT,
    )
    text, _ = await _hover(session, 2, 14)
    assert [name for name in ("library/dist", "library/base") if name in text] == []


WINDOWS_INPUT = (
    "# escape=`\n"
    "ARG REPO=mcr.microsoft.com/dotnet/aspnet\n"
    "FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS installer\n"
    "FROM $REPO:8.0-nanoserver-ltsc2022\n"
    'COPY --from=installer ["/dotnet", "/Program Files/dotnet"]\n'
)


async def test_hover_expands_arg_in_image(session: Session) -> None:
    await _open(session, WINDOWS_INPUT)
    text, _ = await _hover(session, 3, 7)
    assert "mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022" in text


async def test_hover_windows_base(session: Session) -> None:
    await _open(session, WINDOWS_INPUT)
    text, _ = await _hover(session, 3, 7)
    assert "Windows" in text


@pytest.mark.parametrize("detail", ["Nano Server", "ltsc2022"])
async def test_hover_windows_detail(session: Session, detail: str) -> None:
    await _open(session, WINDOWS_INPUT)
    text, _ = await _hover(session, 3, 7)
    assert detail in text


async def test_hover_scratch_has_no_os(session: Session) -> None:
    await _open(session, "FROM alpine:3.20 AS build\nFROM scratch AS output\n")
    text, _ = await _hover(session, 1, 17)
    assert "no OS" in text


# Protocol: incremental and full sync, versions, byte order mark.
async def test_several_changes_in_one_notification(session: Session) -> None:
    await _open(session, "FROM alpine:3.20 AS base\nRUN echo hi\n")
    changes: list[types.TextDocumentContentChangeEvent] = [
        types.TextDocumentContentChangePartial(
            range=types.Range(
                start=types.Position(line=1, character=11),
                end=types.Position(line=1, character=11),
            ),
            text="\n",
        )
    ]
    for column, letter in enumerate("WORK"):
        position = types.Position(line=2, character=column)
        changes.append(
            types.TextDocumentContentChangePartial(
                range=types.Range(start=position, end=position), text=letter
            )
        )
    diagnostics = _topical(await session.change(URI, changes, version=2))
    assert [(_span(item.range), item.severity) for item in diagnostics] == [
        ((2, 0, 2, 4), ERROR)
    ]


async def test_several_changes_keep_text(session: Session) -> None:
    # The hover range of the stage name shows the edited text lines up.
    await _open(session, "FROM alpine:3.20 AS base\nRUN echo hi\n")
    position = types.Position(line=0, character=0)
    await session.change(
        URI,
        [
            types.TextDocumentContentChangePartial(
                range=types.Range(start=position, end=position), text="ARG A=1\n"
            ),
            types.TextDocumentContentChangePartial(
                range=types.Range(
                    start=types.Position(line=1, character=20),
                    end=types.Position(line=1, character=24),
                ),
                text="root",
            ),
        ],
        version=2,
    )
    _, range_ = await _hover(session, 1, 21)
    assert _maybe_span(range_) == (1, 20, 1, 24)


async def test_full_sync_reports_new_text(session: Session) -> None:
    await _open(session, "FROM scratch")
    diagnostics = await _replace_all(session, URI, "FROM --platform=abc scratch")
    assert [_span(item.range) for item in diagnostics] == [(0, 5, 0, 19)]


async def test_full_sync_moves_finding(session: Session) -> None:
    await _open(session, "FROM scratch")
    await _replace_all(session, URI, "FROM --platform=abc scratch")
    diagnostics = await _replace_all(session, URI, "\nFROM --platform=abc scratch")
    assert [_span(item.range) for item in diagnostics] == [(1, 5, 1, 19)]


async def test_full_sync_platform_is_error(session: Session) -> None:
    await _open(session, "FROM scratch")
    diagnostics = await _replace_all(session, URI, "FROM --platform=abc scratch")
    assert [item.severity for item in diagnostics] == [ERROR]


BOM_INPUT = "\ufeffFROM alpine:3.20 AS build\nFROM build\n"


async def test_bom_has_no_diagnostics(session: Session) -> None:
    assert await _open(session, BOM_INPUT) == []


async def test_bom_stage_name_range(session: Session) -> None:
    await _open(session, BOM_INPUT)
    line = BOM_INPUT.split("\n")[0]
    _, range_ = await _hover(session, 0, _col(session, line, 22))
    expected = (0, _col(session, line, 21), 0, _col(session, line, 26))
    assert _maybe_span(range_) == expected


async def test_bom_from_keyword_range(session: Session) -> None:
    await _open(session, BOM_INPUT)
    line = BOM_INPUT.split("\n")[0]
    _, range_ = await _hover(session, 0, _col(session, line, 2))
    expected = (0, _col(session, line, 1), 0, _col(session, line, 5))
    assert _maybe_span(range_) == expected


async def test_bom_second_stage_follows_first(session: Session) -> None:
    await _open(session, BOM_INPUT)
    text, _ = await _hover(session, 1, 6)
    assert "alpine:3.20" in text


async def test_bom_before_syntax_directive(session: Session) -> None:
    diagnostics = await _open(
        session,
        "\ufeff# syntax=docker/dockerfile:1\nFROM alpine:3.20\n"
        "RUN <<EOF\necho hi\nEOF\n",
    )
    assert diagnostics == []
