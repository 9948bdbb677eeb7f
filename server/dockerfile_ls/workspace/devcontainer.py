"""Reader for ``devcontainer.json``: the image build of a dev container.

Per the Dev Container specification, ``build.dockerfile`` and ``build.context`` are
relative to the folder of ``devcontainer.json``, the context defaults to ``.``, and
``build.target`` is the target. The older top-level ``dockerFile`` and ``context``
mean the same. ``${localWorkspaceFolder}`` and ``${localWorkspaceFolderBasename}``
are substituted; the workspace folder is the parent of ``.devcontainer``, or the
folder of a root ``.devcontainer.json``.
"""

from __future__ import annotations

import os

from dockerfile_ls.workspace import jsonc
from dockerfile_ls.workspace.jsonsites import cli_build_site, member, member_value
from dockerfile_ls.workspace.positions import LineIndex
from dockerfile_ls.workspace.sites import KIND_DEVCONTAINER, BuildSite


def read_devcontainer(path: str, text: str) -> list[BuildSite]:
    """Return the build site of ``devcontainer.json``, if it builds an image."""
    folder = os.path.dirname(path)
    workspace = _workspace_folder(path)
    variables = {
        "localWorkspaceFolder": workspace,
        "localWorkspaceFolderBasename": os.path.basename(workspace),
    }
    index = LineIndex(text)
    root = jsonc.parse(text)
    build_member = member(root, "build")
    build = None if build_member is None else build_member.value
    dockerfile = member(build, "dockerfile") or member(root, "dockerFile")
    if dockerfile is None:
        return []
    context = member(build, "context") or member(root, "context")
    return [
        cli_build_site(
            path=path,
            kind=KIND_DEVCONTAINER,
            name=_name(root),
            base=folder,
            dockerfile_base=folder,
            context=member_value(context, path, text, index, variables),
            dockerfile=member_value(dockerfile, path, text, index, variables),
            target=member_value(member(build, "target"), path, text, index, variables),
        )
    ]


def _workspace_folder(path: str) -> str:
    folder = os.path.dirname(path)
    if os.path.basename(path) == ".devcontainer.json":
        return folder
    if os.path.basename(folder) != ".devcontainer":
        folder = os.path.dirname(folder)
    return os.path.dirname(folder)


def _name(root: jsonc.JsonValue | None) -> str | None:
    name = member(root, "name")
    if name is not None and isinstance(name.value, jsonc.JsonString):
        return name.value.value
    return None
