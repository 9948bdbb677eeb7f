"""Reader selection by file path, and a guarded way to run a reader.

``reader_for`` only looks at names, so the workspace scanner can decide what to read
without opening files. ``read_sites`` strips a leading byte order mark before
reading and shifts line-0 spans back, and logs and drops any reader failure, so
one odd file never stops indexing.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass

from dockerfile_ls.core.text import BOM
from dockerfile_ls.workspace.filenames import (
    is_bake_file,
    is_compose_file,
    is_devcontainer_file,
    is_gitlab_ci_file,
    is_tasks_file,
    is_workflow_file,
)
from dockerfile_ls.workspace.sites import (
    KIND_BAKE,
    KIND_COMPOSE,
    KIND_DEVCONTAINER,
    KIND_GITHUB_ACTIONS,
    KIND_GITLAB_CI,
    KIND_JUSTFILE,
    KIND_MAKEFILE,
    KIND_SHELL,
    KIND_VSCODE_TASKS,
    BuildSite,
    with_bom_shift,
)

logger = logging.getLogger(__name__)

MAKEFILE_NAMES = ("Makefile", "makefile", "GNUmakefile")
MAKEFILE_EXTENSIONS = (".mk", ".mak", ".make")
SHELL_EXTENSIONS = (".sh", ".bash")
JUSTFILE_NAMES = ("justfile", ".justfile")


@dataclass(frozen=True, slots=True)
class Reader:
    """A reader: its kind and the function that turns a file's text into sites.

    The reader's module is imported on first use, so the server starts without
    loading the YAML and HCL parsers.
    """

    kind: str
    module: str
    function: str

    def read(self, path: str, text: str) -> list[BuildSite]:
        module = importlib.import_module(f"dockerfile_ls.workspace.{self.module}")
        reader: Callable[[str, str], list[BuildSite]] = getattr(module, self.function)
        return reader(path, text)


READERS = {
    KIND_COMPOSE: Reader(KIND_COMPOSE, "compose", "read_compose"),
    KIND_BAKE: Reader(KIND_BAKE, "bake", "read_bake"),
    KIND_SHELL: Reader(KIND_SHELL, "shell", "read_shell"),
    KIND_MAKEFILE: Reader(KIND_MAKEFILE, "makefile", "read_makefile"),
    KIND_JUSTFILE: Reader(KIND_JUSTFILE, "justfile", "read_justfile"),
    KIND_GITHUB_ACTIONS: Reader(
        KIND_GITHUB_ACTIONS, "github_actions", "read_github_actions"
    ),
    KIND_GITLAB_CI: Reader(KIND_GITLAB_CI, "gitlab_ci", "read_gitlab_ci"),
    KIND_VSCODE_TASKS: Reader(KIND_VSCODE_TASKS, "vscode_tasks", "read_vscode_tasks"),
    KIND_DEVCONTAINER: Reader(KIND_DEVCONTAINER, "devcontainer", "read_devcontainer"),
}


def reader_for(path: str) -> Reader | None:
    """Return the reader for the file at ``path``, or ``None`` if none reads it."""
    kind = kind_for(path)
    return None if kind is None else READERS[kind]


def kind_for(path: str) -> str | None:
    """Return the kind of build file ``path`` is, judged by its name and folder."""
    name = os.path.basename(path)
    if is_workflow_file(path):
        return KIND_GITHUB_ACTIONS
    if is_gitlab_ci_file(name):
        return KIND_GITLAB_CI
    if is_tasks_file(path):
        return KIND_VSCODE_TASKS
    if is_devcontainer_file(path):
        return KIND_DEVCONTAINER
    if is_compose_file(name):
        return KIND_COMPOSE
    if is_bake_file(name):
        return KIND_BAKE
    if name in MAKEFILE_NAMES or name.endswith(MAKEFILE_EXTENSIONS):
        return KIND_MAKEFILE
    if name.lower() in JUSTFILE_NAMES or name.endswith(".just"):
        return KIND_JUSTFILE
    if name.endswith(SHELL_EXTENSIONS):
        return KIND_SHELL
    return None


def read_sites(path: str, text: str) -> list[BuildSite]:
    """Return the build sites of one file read alone; ``[]`` if no reader
    handles it or the reader fails (the failure is logged)."""
    reader = reader_for(path)
    if reader is None:
        return []
    return run_reader(path, text, reader.read)


def run_reader(
    path: str, text: str, read: Callable[[str, str], list[BuildSite]]
) -> list[BuildSite]:
    """Run ``read`` on ``text`` without its byte order mark, keeping columns as
    the text had them, and log any exception instead of raising it."""
    has_bom = text.startswith(BOM)
    try:
        sites = read(path, text[1:] if has_bom else text)
    except Exception:
        logger.exception("failed to read build sites from %s", path)
        return []
    if has_bom:
        sites = [with_bom_shift(site) for site in sites]
    return sites
