"""End-to-end: renames that keep the build's meaning, on CRLF and non-ASCII text,
document highlight, semantic tokens and workspace symbols."""

from __future__ import annotations

from lsprotocol import types

from dockerfile_ls.core.analysis import analyze
from dockerfile_ls.core.model import RefStatus
from tests.lsp.conftest import Session

URI = "file:///work/refactor/Dockerfile"


def _apply(text: str, edits: list[types.TextEdit], utf8: bool) -> str:
    """Apply edits given in the client's units to text with ``\\n`` or CRLF lines."""
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        before = sum(len(line) + 1 for line in lines[: position.line])
        line = lines[position.line]
        units = 0
        for index, char in enumerate(line):
            if units >= position.character:
                return before + index
            units += (
                len(char.encode("utf-8"))
                if utf8
                else len(char.encode("utf-16-le")) // 2
            )
        return before + len(line)

    ordered = sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character))
    for edit in reversed(ordered):
        start = offset(edit.range.start)
        end = offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


def _resolutions(text: str) -> list[tuple[str, int | None]]:
    graph = analyze(text).graph
    return [
        (ref.kind.value, ref.target if ref.status is RefStatus.STAGE else None)
        for ref in graph.references
    ]


async def _rename(
    session: Session, line: int, character: int, name: str
) -> list[types.TextEdit]:
    result = await session.client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=types.Position(line=line, character=character),
            new_name=name,
        )
    )
    assert result is not None and result.changes is not None
    return list(result.changes[URI])


NON_ASCII = (
    "FROM alpine:3.22 AS build\n"
    'LABEL description="déjà vu 🐳"\n'
    "FROM build AS test\n"
    "FROM alpine:3.22\n"
    "RUN --mount=type=bind,source=/données,from=build,target=/m cp /m/x /x\n"
    "COPY --from=BUILD /ü /ä\n"
    "COPY --from=0 /a /b\n"
)


async def test_rename_with_non_ascii_text_keeps_meaning(session: Session) -> None:
    await session.open(NON_ASCII, URI)
    character = len("RUN --mount=type=bind,source=/données,from=")
    if session.utf8:
        character = len("RUN --mount=type=bind,source=/données,from=".encode())
    edits = await _rename(session, 4, character + 1, "compile")
    renamed = _apply(NON_ASCII, edits, session.utf8)
    assert "from=compile," in renamed
    assert "FROM compile AS test" in renamed
    assert "--from=compile /ü" in renamed
    assert "COPY --from=0 /a /b" in renamed
    assert _resolutions(renamed) == _resolutions(NON_ASCII)


async def test_rename_in_crlf_file_keeps_meaning(session: Session) -> None:
    text = NON_ASCII.replace("\n", "\r\n")
    await session.open(text, URI)
    edits = await _rename(session, 0, 21, "compile")
    renamed = _apply(text, edits, session.utf8)
    assert "\r\nFROM compile AS test\r\n" in renamed
    assert _resolutions(renamed) == _resolutions(text)


async def test_rename_of_duplicate_edits_the_references_it_owns(
    session: Session,
) -> None:
    text = (
        "FROM alpine AS x\nFROM x AS child\nFROM alpine AS x\n"
        "FROM scratch\nCOPY --from=x / /\n"
    )
    await session.open(text, URI)
    edits = await _rename(session, 2, 16, "second")
    renamed = _apply(text, edits, session.utf8)
    # FROM x on line 2 names the first x; --from=x names the last one.
    assert "FROM x AS child" in renamed
    assert "COPY --from=second" in renamed
    assert _resolutions(renamed) == _resolutions(text)


async def test_highlight_marks_definition_and_uses(session: Session) -> None:
    await session.open(NON_ASCII, URI)
    result = await session.client.text_document_document_highlight_async(
        types.DocumentHighlightParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=types.Position(line=0, character=21),
        )
    )
    assert result is not None
    kinds = sorted((item.range.start.line, item.kind) for item in result)
    assert kinds == [
        (0, types.DocumentHighlightKind.Write),
        (2, types.DocumentHighlightKind.Read),
        (4, types.DocumentHighlightKind.Read),
        (5, types.DocumentHighlightKind.Read),
        (6, types.DocumentHighlightKind.Read),
    ]


async def test_semantic_tokens_mark_stage_names(session: Session) -> None:
    await session.open(
        "FROM alpine:3.22 AS build\nFROM scratch\nCOPY --from=build /a /b\n", URI
    )
    result = await session.client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=types.TextDocumentIdentifier(uri=URI))
    )
    assert result is not None
    data = list(result.data)
    tokens = []
    line = 0
    start = 0
    for index in range(0, len(data), 5):
        delta_line, delta_start, length, kind, modifiers = data[index : index + 5]
        line += delta_line
        start = start + delta_start if delta_line == 0 else delta_start
        tokens.append((line, start, length, kind, modifiers))
    assert (0, 20, 5, 0, 1) in tokens  # stage name declaration
    assert (2, 12, 5, 0, 0) in tokens  # stage reference
    assert (0, 5, 6, 2, 0) in tokens  # image repository
    assert (2, 5, 6, 5, 0) in tokens  # flag name --from


async def test_workspace_symbols_list_open_stages(session: Session) -> None:
    await session.open("FROM alpine AS build\nFROM scratch AS release\n", URI)
    result = await session.client.workspace_symbol_async(
        types.WorkspaceSymbolParams(query="rel")
    )
    assert result is not None
    names = [item.name for item in result]
    assert "release" in names
    assert "build" not in names


ARG_TEXT = (
    "ARG TAG=3.22\n"
    "FROM alpine:${TAG} AS build\n"
    "ARG TAG\n"
    "RUN echo $TAG\n"
    "FROM alpine:3.22\n"
    "RUN echo $TAG\n"
)


async def test_rename_meta_arg_in_scope(session: Session) -> None:
    await session.open(ARG_TEXT, URI)
    edits = await _rename(session, 0, 5, "VERSION")
    renamed = _apply(ARG_TEXT, edits, session.utf8)
    lines = renamed.split("\n")
    assert lines[0] == "ARG VERSION=3.22"
    assert lines[1] == "FROM alpine:${VERSION} AS build"
    assert lines[2] == "ARG VERSION"
    assert lines[3] == "RUN echo $VERSION"
    # The last stage never declared TAG, so its $TAG is another variable.
    assert lines[5] == "RUN echo $TAG"


async def test_rename_variable_rejects_invalid_name(session: Session) -> None:
    await session.open(ARG_TEXT, URI)
    try:
        await _rename(session, 0, 5, "1st")
    except Exception as error:  # noqa: BLE001 - the client raises the JSON-RPC error
        assert "not a valid variable name" in str(error)
    else:
        raise AssertionError("rename to '1st' was accepted")


async def test_references_include_build_argument_selection(session: Session) -> None:
    text = (
        "ARG VARIANT=alpine\n"
        "FROM debian:12 AS base-debian\n"
        "FROM alpine:3.22 AS base-alpine\n"
        "FROM base-${VARIANT}\n"
    )
    await session.open(text, URI)
    result = await session.client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=types.Position(line=1, character=20),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    assert result is not None
    assert [item.range.start.line for item in result] == [3]


async def test_prepare_rename_rejects_selectable_stage(session: Session) -> None:
    text = (
        "ARG VARIANT=alpine\n"
        "FROM debian:12 AS base-debian\n"
        "FROM alpine:3.22 AS base-alpine\n"
        "FROM base-${VARIANT}\n"
    )
    await session.open(text, URI)
    try:
        await session.client.text_document_prepare_rename_async(
            types.PrepareRenameParams(
                text_document=types.TextDocumentIdentifier(uri=URI),
                position=types.Position(line=1, character=20),
            )
        )
    except Exception as error:  # noqa: BLE001 - the client raises the JSON-RPC error
        assert "build argument" in str(error)
    else:
        raise AssertionError("prepareRename accepted a stage a build argument selects")
