"""End-to-end: the base OS in hovers, inlay hints and diagnostics."""

from __future__ import annotations

from lsprotocol import types

from tests.lsp.conftest import Session

URI = "file:///work/base-os/Dockerfile"
SEED = (
    "# === Stage 1: Build React frontend ===\n"
    "FROM node:18-alpine as builder\n"
    "WORKDIR /app\n"
    "RUN yarn build\n"
    "FROM nginx:stable-alpine as production\n"
    "COPY --from=builder /app/build /usr/share/nginx/html\n"
    'CMD ["nginx", "-g", "daemon off;"]\n'
)


async def _inlay_hints(
    session: Session, uri: str, last_line: int
) -> list[types.InlayHint]:
    result = await session.client.text_document_inlay_hint_async(
        types.InlayHintParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(
                start=types.Position(line=0, character=0),
                end=types.Position(line=last_line, character=0),
            ),
        )
    )
    return list(result or [])


async def test_final_image_hover_names_alpine(session: Session) -> None:
    await session.open(SEED, URI)
    text = await session.hover(URI, 4, 2)
    assert "final image" in text
    assert "nginx:stable-alpine" in text
    assert "Alpine" in text


async def test_builder_hover_mentions_final_image(session: Session) -> None:
    await session.open(SEED, URI)
    text = await session.hover(URI, 5, 14)
    assert "builder" in text
    assert "Final image (production): Alpine" in text


async def test_hover_on_scratch_final_stage(session: Session) -> None:
    await session.open("FROM alpine:3.22 AS build\nFROM scratch AS output\n", URI)
    text = await session.hover(URI, 1, 17)
    assert "no OS" in text


async def test_hover_unknown_image_says_unknown(session: Session) -> None:
    await session.open("FROM registry.example.com/team/base:7\n", URI)
    text = await session.hover(URI, 0, 2)
    assert "unknown" in text


async def test_hover_windows_through_arg_default(session: Session) -> None:
    text = (
        "# escape=`\n"
        "ARG REPO=mcr.microsoft.com/dotnet/aspnet\n"
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS installer\n"
        "FROM $REPO:8.0-nanoserver-ltsc2022\n"
        'COPY --from=installer ["/dotnet", "/Program Files/dotnet"]\n'
    )
    await session.open(text, URI)
    hover = await session.hover(URI, 3, 7)
    assert "mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022" in hover
    assert "Nano Server" in hover


async def test_hover_on_instruction_keyword(session: Session) -> None:
    await session.open("FROM alpine:3.22\nWORKDIR /app\n", URI)
    assert "working directory" in await session.hover(URI, 1, 2)


async def test_inlay_hints_after_each_from(session: Session) -> None:
    await session.open(SEED, URI)
    hints = await _inlay_hints(session, URI, 7)
    labels = {(hint.position.line, str(hint.label)) for hint in hints}
    assert any(line == 1 and label.startswith("Alpine") for line, label in labels)
    assert any(line == 4 and label.startswith("Alpine 3.24") for line, label in labels)


async def test_inlay_hint_for_scratch(session: Session) -> None:
    await session.open("FROM scratch\n", URI)
    hints = await _inlay_hints(session, URI, 1)
    assert [str(hint.label) for hint in hints] == ["no OS (scratch)"]


async def test_package_manager_warning(session: Session) -> None:
    diagnostics = await session.open(
        "FROM alpine:3.22\nRUN apt-get install -y curl\n", URI
    )
    codes = [d.code for d in diagnostics]
    assert codes == ["PackageManagerNotOnBase"]
    assert "apk" in diagnostics[0].message


async def test_no_package_manager_warning_for_unknown_base(session: Session) -> None:
    diagnostics = await session.open(
        "FROM registry.example.com/team/base:7\nRUN apt-get install -y curl\n", URI
    )
    assert diagnostics == []
