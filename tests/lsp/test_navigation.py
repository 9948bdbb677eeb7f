"""End-to-end: definition, references, highlight, rename, symbols, folding, actions."""

from __future__ import annotations

from lsprotocol import types

from tests.lsp.conftest import Session

URI = "file:///work/Dockerfile"


def _span(range_: types.Range) -> tuple[int, int, int, int]:
    return (
        range_.start.line,
        range_.start.character,
        range_.end.line,
        range_.end.character,
    )


async def _definition(
    session: Session, line: int, character: int
) -> list[tuple[int, int, int, int]]:
    result = await session.client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=types.Position(line=line, character=character),
        )
    )
    if result is None:
        return []
    items = result if isinstance(result, list) else [result]
    spans = []
    for item in items:
        if isinstance(item, types.LocationLink):
            spans.append(_span(item.target_selection_range))
        else:
            spans.append(_span(item.range))
    return spans


async def _rename(
    session: Session, line: int, character: int, name: str
) -> types.WorkspaceEdit | None:
    return await session.client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=types.Position(line=line, character=character),
            new_name=name,
        )
    )


RENAME_INPUT = (
    "FROM alpine:3.20 AS base\n"
    "FROM base\n"
    "FROM busybox:1.36\n"
    "COPY --from=BASE . .\n"
    "COPY --from=base\n"
)


async def test_definition_from_mount_from(session: Session) -> None:
    await session.open(
        "FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM alpine:3.20\n"
        "RUN --mount=type=bind,from=build,source=/out,target=/mnt"
        " cp /mnt/app /usr/local/bin/app\n"
    )
    assert await _definition(session, 3, 29) == [(0, 20, 0, 25)]


async def test_definition_of_duplicate_uses_last(session: Session) -> None:
    await session.open(
        "FROM scratch AS x\nFROM x AS child\nFROM scratch AS x\nFROM scratch\n"
        "COPY --from=x / /\n"
    )
    assert await _definition(session, 1, 5) == [(0, 16, 0, 17)]
    assert await _definition(session, 4, 12) == [(2, 16, 2, 17)]


async def test_definition_of_index_reference(session: Session) -> None:
    await session.open("FROM alpine:3.20\nFROM busybox:1.36\nCOPY --from=0 /a /b\n")
    assert await _definition(session, 2, 12) == [(0, 5, 0, 16)]


async def test_definition_of_argument(session: Session) -> None:
    await session.open("ARG TAG=3.20\nFROM alpine:${TAG}\nARG TAG\nRUN echo $TAG\n")
    assert await _definition(session, 1, 15) == [(0, 4, 0, 7)]
    assert await _definition(session, 3, 11) == [(2, 4, 2, 7)]


async def test_prepare_rename_on_from_reference(session: Session) -> None:
    await session.open(RENAME_INPUT)
    result = await session.client.text_document_prepare_rename_async(
        types.PrepareRenameParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=types.Position(line=1, character=6),
        )
    )
    assert isinstance(result, types.PrepareRenamePlaceholder)
    assert _span(result.range) == (1, 5, 1, 9)


async def test_rename_from_reference_updates_all(session: Session) -> None:
    await session.open(RENAME_INPUT)
    edit = await _rename(session, 1, 6, "core")
    assert edit is not None and edit.changes is not None
    edits = edit.changes[URI]
    assert sorted(_span(item.range) for item in edits) == [
        (0, 20, 0, 24),
        (1, 5, 1, 9),
        (3, 12, 3, 16),
        (4, 12, 4, 16),
    ]
    assert {item.new_text for item in edits} == {"core"}
    assert await _definition(session, 4, 14) == [(0, 20, 0, 24)]


async def test_rename_rejects_invalid_names(session: Session) -> None:
    await session.open(RENAME_INPUT)
    for name in ("9x", "a b", "scratch"):
        try:
            await _rename(session, 0, 21, name)
        except Exception as error:  # noqa: BLE001 - the client raises the JSON-RPC error
            assert "Cannot rename" in str(error)
        else:
            raise AssertionError(f"rename to {name!r} was accepted")


async def test_rename_rejects_name_that_captures_image(session: Session) -> None:
    await session.open(
        "FROM golang:1.22 AS build\nFROM alpine\nCOPY --from=build /a /b\n"
    )
    try:
        await _rename(session, 0, 21, "alpine")
    except Exception as error:  # noqa: BLE001
        assert "Cannot rename" in str(error)
    else:
        raise AssertionError("rename to 'alpine' was accepted")


async def test_rename_keeps_index_references(session: Session) -> None:
    await session.open(
        "FROM alpine:3.20 AS a\nFROM busybox\nCOPY --from=0 /x /y\n"
        "COPY --from=a /x /z\n"
    )
    edit = await _rename(session, 0, 20, "first")
    assert edit is not None and edit.changes is not None
    assert sorted(_span(item.range) for item in edit.changes[URI]) == [
        (0, 20, 0, 21),
        (3, 12, 3, 13),
    ]


async def test_references_include_every_kind(session: Session) -> None:
    await session.open(
        "FROM alpine AS base\nFROM base AS child\nFROM busybox\n"
        "COPY --from=base /a /b\n"
        "COPY --from=0 /a /c\nRUN --mount=from=base,target=/m true\n"
    )
    result = await session.client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=types.Position(line=0, character=16),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert result is not None
    assert sorted(_span(item.range) for item in result) == [
        (0, 15, 0, 19),
        (1, 5, 1, 9),
        (3, 12, 3, 16),
        (4, 12, 4, 13),
        (5, 17, 5, 21),
    ]


async def test_document_symbols_list_stages(session: Session) -> None:
    await session.open(
        "FROM alpine:3.20 AS base\nRUN echo preparing\nFROM base AS build\n"
        "COPY <<EOF /build.sh\necho hi\nEOF\nFROM alpine:3.20\n"
        "COPY --from=build /build.sh /usr/local/bin/\n"
    )
    result = await session.client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=URI))
    )
    assert result is not None
    stages = [item for item in result if item.kind == types.SymbolKind.Class]
    assert [item.name for item in stages] == ["base", "build", "stage 2"]
    starts = [
        item.range.start.line
        if isinstance(item, types.DocumentSymbol)
        else item.location.range.start.line
        for item in stages
    ]
    assert starts == [0, 2, 6]


async def test_folding_ranges_cover_stages_and_heredocs(session: Session) -> None:
    await session.open(
        "# one\n# two\nFROM alpine AS a\nRUN <<EOF\necho hi\nEOF\n\nFROM a\n"
        "RUN echo \\\n  done\n"
    )
    result = await session.client.text_document_folding_range_async(
        types.FoldingRangeParams(text_document=types.TextDocumentIdentifier(uri=URI))
    )
    assert result is not None
    ranges = {(item.start_line, item.end_line) for item in result}
    assert (0, 1) in ranges
    assert (2, 5) in ranges
    assert (3, 5) in ranges
    assert (7, 9) in ranges
    assert (8, 9) in ranges


async def test_quick_fix_did_you_mean(session: Session) -> None:
    diagnostics = await session.open(
        "FROM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --from=buidl /out/app /app\n"
    )
    warning = next(d for d in diagnostics if d.code == "UndefinedStage")
    actions = await session.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            range=warning.range,
            context=types.CodeActionContext(diagnostics=[warning]),
        )
    )
    assert actions is not None
    titles = [
        action.title for action in actions if isinstance(action, types.CodeAction)
    ]
    assert "Change to 'build'" in titles


async def test_alias_stage_action_for_variable_from(session: Session) -> None:
    await session.open(
        "ARG SRC=builder\nFROM alpine AS builder\nFROM alpine\nARG SRC\n"
        "COPY --from=$SRC /a /b\n"
    )
    actions = await session.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            range=types.Range(
                start=types.Position(line=4, character=13),
                end=types.Position(line=4, character=13),
            ),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert actions is not None
    alias = [
        a
        for a in actions
        if isinstance(a, types.CodeAction) and "alias stage" in a.title
    ]
    assert len(alias) == 1
    assert alias[0].edit is not None and alias[0].edit.changes is not None
    texts = sorted(edit.new_text for edit in alias[0].edit.changes[URI])
    assert texts == ["FROM ${SRC} AS src\n", "src"]


async def test_code_lens_shows_build_command(session: Session) -> None:
    await session.open("FROM alpine AS build\nFROM alpine\nCOPY --from=build /a /b\n")
    lenses = await session.client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=URI))
    )
    assert lenses is not None
    titles = [lens.command.title for lens in lenses if lens.command is not None]
    assert "docker build --target build ." in titles
    assert "used by stage-1" in titles


async def test_stale_diagnostic_gets_no_quick_fix(session: Session) -> None:
    text = "FROM alpine:3.22\nFORM alpine:3.22\n"
    diagnostics = await session.open(text, URI)
    stale = next(d for d in diagnostics if d.code == "UnknownInstruction")
    # A line inserted above moves the mistake. The client still has the old
    # diagnostic when it requests code actions.
    await session.change(
        URI, [types.TextDocumentContentChangeWholeDocument(text="# note\n" + text)]
    )
    actions = await session.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            range=stale.range,
            context=types.CodeActionContext(diagnostics=[stale]),
        )
    )
    titles = [a.title for a in actions or [] if isinstance(a, types.CodeAction)]
    assert "Change to FROM" not in titles


async def test_moved_diagnostic_gets_current_edits(session: Session) -> None:
    text = "FROM alpine AS build\nRUN echo\nFOO\nFROM alpine\nCOPY --from=biuld /a /b\n"
    diagnostics = await session.open(text, URI)
    old = next(d for d in diagnostics if d.code == "UnknownInstruction")
    await session.change(
        URI, [types.TextDocumentContentChangeWholeDocument(text="# comment\n" + text)]
    )
    # The editor moves the marker down one line but keeps the data it came with.
    moved = types.Diagnostic(
        range=types.Range(
            start=types.Position(line=3, character=0),
            end=types.Position(line=3, character=3),
        ),
        message=old.message,
        code=old.code,
        source=old.source,
        data=old.data,
    )
    actions = await session.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            range=moved.range,
            context=types.CodeActionContext(diagnostics=[moved]),
        )
    )
    fixes = [a for a in actions or [] if isinstance(a, types.CodeAction) and a.edit]
    assert fixes, "no quick fix for the moved diagnostic"
    for action in fixes:
        assert action.edit is not None and action.edit.changes is not None
        for edit in action.edit.changes[URI]:
            assert _span(edit.range)[0] == 3


async def test_empty_from_value_is_build_context(session: Session) -> None:
    diagnostics = await session.open(
        "FROM alpine\nCOPY --from= /a /b\nRUN --mount=type=bind,from=,target=/x ls\n",
        URI,
    )
    assert [d.code for d in diagnostics if d.severity == 1] == []
