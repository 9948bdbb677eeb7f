"""End-to-end: settings from didChangeConfiguration change the analysis."""

from __future__ import annotations

from lsprotocol import types

from tests.lsp.conftest import Session

URI = "file:///work/settings/Dockerfile"
TEXT = (
    "ARG VARIANT=alpine\n"
    "FROM debian:12 AS base-debian\n"
    "FROM alpine:3.22 AS base-alpine\n"
    "FROM base-${VARIANT} AS app\n"
    "FROM scratch AS test\n"
)


def _configure(session: Session, settings: object) -> None:
    session.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings=settings)
    )


async def test_build_args_and_target_from_settings(session: Session) -> None:
    await session.open(TEXT, URI)
    assert "Alpine" in await session.hover(URI, 3, 2)
    _configure(
        session,
        {"dockerfileLs": {"buildArgs": {"VARIANT": "debian"}, "target": "app"}},
    )
    # The server refreshes diagnostics after a settings change; wait for that.
    await session.diagnostics(URI, 1)
    hover = await session.hover(URI, 3, 2)
    assert "Debian" in hover
    assert "configured target" in hover
    _configure(session, {"dockerfileLs": {"buildArgs": {}, "target": ""}})
    await session.diagnostics(URI, 1)
    assert "Alpine" in await session.hover(URI, 3, 2)


async def test_empty_configuration_keeps_settings(session: Session) -> None:
    await session.open(TEXT, URI)
    _configure(session, {})
    await session.diagnostics(URI, 1)
    assert "Alpine" in await session.hover(URI, 3, 2)
