"""Settings: invalid values are ignored with a log line, and defaults stay."""

from __future__ import annotations

from dockerfile_ls.lsp.settings import Settings, parse_settings


def test_negative_counts_are_ignored() -> None:
    settings = parse_settings({"workspace": {"maxFiles": -5}})
    assert settings.workspace.maxFiles == Settings().workspace.maxFiles


def test_huge_debounce_is_ignored() -> None:
    settings = parse_settings({"diagnostics": {"debounceMs": 10**9}})
    assert settings.diagnostics.debounceMs == Settings().diagnostics.debounceMs


def test_wrong_types_are_ignored() -> None:
    settings = parse_settings(
        {"buildArgs": "notadict", "target": 5, "inlayHints": "yes"}
    )
    assert settings.buildArgs == {}
    assert settings.target == ""
    assert settings.inlayHints is True


def test_valid_values_are_taken() -> None:
    settings = parse_settings(
        {"dockerfileLs": {"target": "app", "buildArgs": {"A": "1"}}}
    )
    assert settings.target == "app"
    assert settings.buildArgs == {"A": "1"}
