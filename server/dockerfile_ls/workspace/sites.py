"""Build sites: places outside a Dockerfile that build it, and shared path rules.

A ``BuildSite`` is what every workspace reader returns: which file names the build,
which Dockerfile it builds (or the inline Dockerfile text), and where the target value
is written, so that completion, diagnostics, definition and rename can work on it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from typing import NamedTuple

from dockerfile_ls.core.text import Span

KIND_COMPOSE = "compose"
KIND_BAKE = "bake"
KIND_SHELL = "shell"
KIND_MAKEFILE = "makefile"
KIND_JUSTFILE = "justfile"
KIND_GITHUB_ACTIONS = "github-actions"
KIND_GITLAB_CI = "gitlab-ci"
KIND_VSCODE_TASKS = "vscode-tasks"
KIND_DEVCONTAINER = "devcontainer"

# BuildKit's parseBuildStageName lowercases the name, then requires this pattern.
STAGE_NAME = re.compile(r"^[a-z][a-z0-9\-_.]*$")


class InsertSlot(NamedTuple):
    """The place for a value after a key written with nothing after it, with the
    text a completion puts around the value there."""

    span: Span
    prefix: str
    suffix: str


@dataclass(frozen=True, slots=True)
class WrittenValue:
    """A value written in a file, with where it is written."""

    value: str
    file: str
    span: Span
    dynamic: bool = False
    empty_slot: InsertSlot | None = None
    """Set for a key with nothing written after it."""
    line_starts: tuple[tuple[int, int], ...] | None = None


@dataclass(frozen=True, slots=True)
class BuildSite:
    """One build of a Dockerfile named in a file of the workspace.

    Spans are 0-based lines and code-point columns in ``file``. A span is set only
    when its value is written in ``file``, so a value that comes from a Compose base
    file or a Bake parent in another file has none.
    """

    file: str
    """Absolute path of the file that names the build."""

    kind: str
    """The reader that found it: one of the ``KIND_*`` constants."""

    dockerfile: str | None
    """Absolute path of the Dockerfile built; ``None`` when inline, remote or
    unknown."""

    inline_dockerfile: str | None
    """The Dockerfile text of Compose ``dockerfile_inline`` or Bake
    ``dockerfile-inline``."""

    inline_span: Span | None
    """Span of the inline Dockerfile value."""

    context: str | None
    """Absolute path of the build context when it is a local directory."""

    target: str | None
    """The target as written, with quotes removed. It is ``""`` for a key or flag
    with an empty value, and ``None`` when no target is given, so the last stage is
    built."""

    target_span: Span | None
    """Span of the written target value (inside quotes); zero width for ``""``."""

    dockerfile_span: Span | None
    """Span of the Dockerfile path value when it is written."""

    insert_span: Span | None
    """Range a completed stage name replaces. A cursor inside it, both ends included,
    is typing the target. Equals ``target_span`` when a value is written."""

    insert_prefix: str = ""
    """Text a completion puts before the stage name, such as the space after a bare
    ``target:`` or the opening quote in HCL and JSON."""

    insert_suffix: str = ""
    """Text a completion puts after the stage name, such as a closing quote."""

    target_dynamic: bool = False
    """True when the target contains an expansion (``$VAR``, ``${VAR}``, ``${{ }}``,
    ``{{ }}``, an HCL expression), so its stage cannot be known."""

    context_span: Span | None = None
    """Span of the context value when it is written."""

    dockerfile_alternatives: tuple[str, ...] = ()
    """Further paths the tool reads, in order, when ``dockerfile`` does not exist:
    podman and buildah try ``Containerfile``, then ``Dockerfile``."""

    inline_line_starts: tuple[tuple[int, int], ...] | None = None
    """The (line, col) in ``file`` where each line of ``inline_dockerfile`` starts.
    It is ``None`` when escapes or folding keep lines from mapping one to one."""

    name: str | None = None
    """The Compose service, Bake target, CI job, task label or script line label that
    runs the build, for hover text."""


def with_bom_shift(site: BuildSite) -> BuildSite:
    """Move every span on line 0 one column right, for text read without its BOM."""

    def shift(span: Span | None) -> Span | None:
        if span is None:
            return None
        start_col = span.start_col + 1 if span.start_line == 0 else span.start_col
        end_col = span.end_col + 1 if span.end_line == 0 else span.end_col
        return Span(span.start_line, start_col, span.end_line, end_col)

    starts = site.inline_line_starts
    if starts is not None:
        starts = tuple((line, col + 1 if line == 0 else col) for line, col in starts)
    return replace(
        site,
        inline_span=shift(site.inline_span),
        target_span=shift(site.target_span),
        dockerfile_span=shift(site.dockerfile_span),
        insert_span=shift(site.insert_span),
        context_span=shift(site.context_span),
        inline_line_starts=starts,
    )


def is_remote_context(value: str) -> bool:
    """Tell whether a build context is a URL or Git address rather than a directory.

    Follows the prefixes that buildx's ``urlutil`` and Docker's ``IsGitURL`` accept:
    any ``scheme://``, ``git@`` and ``github.com/``.
    """
    return "://" in value or value.startswith(("git@", "github.com/"))


def resolve_path(base: str | None, value: str) -> str | None:
    """Join a path written in a file to the directory it is relative to.

    Returns ``None`` when ``value`` is relative and ``base`` is unknown, and for
    home-relative paths (``~``), whose expansion depends on the user.
    """
    if value.startswith("~"):
        return None
    if os.path.isabs(value):
        return os.path.normpath(value)
    if base is None:
        return None
    return os.path.normpath(os.path.join(base, value))


def normalize(path: str) -> str:
    """Return the form of ``path`` used as a key: absolute, normalized, case-folded
    where the platform folds case."""
    return os.path.normcase(os.path.normpath(os.path.abspath(path)))
