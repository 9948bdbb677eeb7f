"""Server settings: one typed tree with every default in one place.

Clients send them as ``initializationOptions`` and in
``workspace/didChangeConfiguration``, either bare or under a ``dockerfileLs`` key.
The VS Code extension contributes the same keys with the same defaults under
``dockerfileLs.*``; a test compares the two.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, fields
from typing import Any

logger = logging.getLogger(__name__)

SECTION = "dockerfileLs"


@dataclass
class DiagnosticsSettings:
    debounceMs: int = 150
    """Delay in milliseconds before diagnostics are recomputed after an edit, applied
    only to documents with at least ``debounceMinLines`` lines."""

    debounceMinLines: int = 10000
    """Documents shorter than this many lines get diagnostics without delay."""

    unusedStages: bool = True
    """Report stages that neither the default target nor a known target builds."""


@dataclass
class WorkspaceSettings:
    maxFiles: int = 5000
    """Maximum number of files the workspace scan visits, whatever their kind. The
    scan stops there, so build files further down are not indexed."""

    maxFileSizeKb: int = 512
    """Files larger than this many KiB are skipped when indexing the workspace."""


@dataclass
class Settings:
    buildArgs: dict[str, str] = field(default_factory=dict)
    """Build arguments (``--build-arg``) applied when resolving FROM lines."""

    target: str = ""
    """The build target treated as the final image; empty means the last stage."""

    inlayHints: bool = True
    """Show the base OS after each FROM image as an inlay hint."""

    codeLensCommand: str = "docker build --target {stage} ."
    """The build command shown above each stage; ``{stage}`` is the stage name."""

    diagnostics: DiagnosticsSettings = field(default_factory=DiagnosticsSettings)
    workspace: WorkspaceSettings = field(default_factory=WorkspaceSettings)


def _merge(target: Any, values: dict[str, Any], path: str) -> None:
    for item in fields(target):
        if item.name not in values:
            continue
        value = values[item.name]
        current = getattr(target, item.name)
        if hasattr(current, "__dataclass_fields__"):
            if isinstance(value, dict):
                _merge(current, value, f"{path}{item.name}.")
            else:
                logger.warning(
                    "ignoring setting %s%s: expected an object", path, item.name
                )
            continue
        if isinstance(current, bool):
            valid = isinstance(value, bool)
        elif isinstance(current, int):
            # Counts, sizes and delays: never negative, and a delay of at most a
            # minute so a typo cannot stop diagnostics.
            limit = 60_000 if item.name == "debounceMs" else None
            valid = (
                isinstance(value, int)
                and not isinstance(value, bool)
                and value >= 0
                and (limit is None or value <= limit)
            )
        elif isinstance(current, str):
            valid = isinstance(value, str)
        elif isinstance(current, dict):
            valid = isinstance(value, dict) and all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()
            )
        else:
            valid = False
        if valid:
            setattr(target, item.name, value)
        else:
            logger.warning(
                "ignoring setting %s%s: invalid value %r", path, item.name, value
            )


def parse_settings(raw: object, base: Settings | None = None) -> Settings:
    """Build settings from a client payload, keeping defaults for missing keys.

    Accepts ``None``, ``{}``, ``{"dockerfileLs": {...}}`` and the bare object.
    Invalid values are logged and ignored, never fatal.
    """
    settings = Settings() if base is None else base
    if not isinstance(raw, dict):
        return settings
    values = raw.get(SECTION, raw)
    if isinstance(values, dict):
        _merge(settings, values, f"{SECTION}.")
    return settings
