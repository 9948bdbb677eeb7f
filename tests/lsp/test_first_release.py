"""End-to-end: diagnostics, completion and hover on multi-stage Dockerfiles."""

from __future__ import annotations

from lsprotocol import types

from tests.lsp.conftest import Session

URI = "file:///work/Dockerfile"


def _ranges(diagnostics: list[types.Diagnostic]) -> list[tuple[int, int, int, int]]:
    return [
        (
            d.range.start.line,
            d.range.start.character,
            d.range.end.line,
            d.range.end.character,
        )
        for d in diagnostics
    ]


async def test_copy_from_offers_earlier_named_stages(session: Session) -> None:
    await session.open("FROM alpine:3.22 AS setup\nFROM alpine:3.22\nCOPY --from=\n")
    assert await session.completion(URI, 2, 12) == ["setup"]


async def test_copy_from_skips_current_and_later_stages(session: Session) -> None:
    await session.open(
        "FROM node:20 AS deps\nFROM node:20 AS dev\nCOPY --from=\n"
        "FROM node:20 AS test\n"
    )
    assert await session.completion(URI, 2, 12) == ["deps"]


async def test_forward_copy_is_an_error(session: Session) -> None:
    diagnostics = await session.open(
        "FROM node:20 AS deps\nFROM node:20 AS dev\nCOPY --from=test /x /x\n"
        "FROM node:20 AS test\n"
    )
    errors = [d for d in diagnostics if d.severity == types.DiagnosticSeverity.Error]
    assert _ranges(errors) == [(2, 12, 2, 16)]
    assert "defined before" in errors[0].message


async def test_incremental_changes_in_one_notification(session: Session) -> None:
    await session.open("FROM alpine:3.22 AS base\nRUN echo hi\n")
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
        changes.append(
            types.TextDocumentContentChangePartial(
                range=types.Range(
                    start=types.Position(line=2, character=column),
                    end=types.Position(line=2, character=column),
                ),
                text=letter,
            )
        )
    diagnostics = await session.change(URI, changes, version=2)
    assert _ranges(diagnostics) == [(2, 0, 2, 4)]
    assert diagnostics[0].severity == types.DiagnosticSeverity.Error


async def test_hover_follows_stage_chain(session: Session) -> None:
    await session.open(
        "FROM ubuntu:22.04 AS base\nFROM base AS dist\nFROM dist AS prod\n"
        "RUN echo done\n"
    )
    text = await session.hover(URI, 2, 14)
    assert "ubuntu:22.04" in text
    assert "final image" in text


async def test_completion_mid_word_replaces_whole_name(session: Session) -> None:
    await session.open(
        "FROM golang:1.22 AS build\nFROM alpine:3.22\nCOPY --from=build /a /b\n"
    )
    items = await session.completion_items(URI, 2, 14)
    assert [item.label for item in items] == ["build"]
    edit = items[0].text_edit
    assert isinstance(edit, types.TextEdit)
    assert _ranges_of(edit.range) == (2, 12, 2, 17)


async def test_platform_value_completion(session: Session) -> None:
    await session.open("FROM alpine:3.22 AS build\nFROM --platform=\n")
    labels = await session.completion(URI, 1, 16)
    assert "$BUILDPLATFORM" in labels
    assert "linux/arm64" in labels
    assert "build" not in labels


async def test_from_offers_stages_flag_and_images(session: Session) -> None:
    await session.open("FROM alpine:3.22 AS build\nFROM \n")
    labels = await session.completion(URI, 1, 5)
    assert "build" in labels
    assert "--platform=" in labels
    assert "alpine" in labels
    assert "debian" in labels


def _ranges_of(range_: types.Range) -> tuple[int, int, int, int]:
    return (
        range_.start.line,
        range_.start.character,
        range_.end.line,
        range_.end.character,
    )
