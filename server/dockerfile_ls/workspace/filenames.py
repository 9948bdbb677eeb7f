"""Which build files a path is, judged by its name and folder alone.

Kept apart from the readers so that classifying a path never imports the YAML or
HCL parsers; the readers import these checks from here.
"""

from __future__ import annotations

import os

COMPOSE_FILE_NAMES = (
    "compose.yaml",
    "compose.yml",
    "docker-compose.yml",
    "docker-compose.yaml",
)
"""The files ``docker compose`` reads by default, in its order of preference."""

BAKE_FILE_NAMES = (
    "docker-bake.json",
    "docker-bake.hcl",
    "docker-bake.override.json",
    "docker-bake.override.hcl",
)
"""The files ``docker buildx bake`` reads by default, in its order."""


def is_workflow_file(path: str) -> bool:
    """Tell whether ``path`` is a workflow file under ``.github/workflows``."""
    directory = os.path.dirname(path)
    return (
        os.path.basename(directory) == "workflows"
        and os.path.basename(os.path.dirname(directory)) == ".github"
        and path.endswith((".yml", ".yaml"))
    )


def is_gitlab_ci_file(name: str) -> bool:
    return name in (".gitlab-ci.yml", ".gitlab-ci.yaml")


def is_tasks_file(path: str) -> bool:
    return (
        os.path.basename(path) == "tasks.json"
        and os.path.basename(os.path.dirname(path)) == ".vscode"
    )


def is_devcontainer_file(path: str) -> bool:
    """Tell whether ``path`` is a place where dev container tools look."""
    name = os.path.basename(path)
    if name == ".devcontainer.json":
        return True
    if name != "devcontainer.json":
        return False
    parent = os.path.basename(os.path.dirname(path))
    grandparent = os.path.basename(os.path.dirname(os.path.dirname(path)))
    return ".devcontainer" in (parent, grandparent)


def is_compose_file(name: str) -> bool:
    """Tell whether a file name is one that Compose reads or a variant of it."""
    if name in COMPOSE_FILE_NAMES:
        return True
    stem, extension = os.path.splitext(name)
    if extension not in (".yaml", ".yml"):
        return False
    return stem.startswith(("compose.", "docker-compose."))


def is_bake_file(name: str) -> bool:
    """Tell whether a file name is a Bake definition file."""
    return name.startswith("docker-bake") and name.endswith((".hcl", ".json"))
