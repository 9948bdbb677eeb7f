"""Reader for VS Code ``.vscode/tasks.json``: tasks of type ``docker-build``.

The task's ``dockerBuild`` object maps to the ``docker build`` command line
(VS Code "Customize the Container Tools extension" reference): ``context`` is the
PATH argument, ``dockerfile`` is ``-f`` and ``target`` is ``--target``. Tasks run in
the workspace folder, the parent of ``.vscode``, so relative paths start there.
``${workspaceFolder}``, ``${workspaceRoot}`` and ``${workspaceFolderBasename}`` are
substituted.
"""

from __future__ import annotations

import os

from dockerfile_ls.workspace import jsonc
from dockerfile_ls.workspace.jsonsites import cli_build_site, member, member_value
from dockerfile_ls.workspace.positions import LineIndex
from dockerfile_ls.workspace.sites import KIND_VSCODE_TASKS, BuildSite


def read_vscode_tasks(path: str, text: str) -> list[BuildSite]:
    """Return a build site for each ``docker-build`` task in ``tasks.json``."""
    root = os.path.dirname(os.path.dirname(path))
    variables = {
        "workspaceFolder": root,
        "workspaceRoot": root,
        "workspaceFolderBasename": os.path.basename(root),
    }
    index = LineIndex(text)
    tasks = member(jsonc.parse(text), "tasks")
    if tasks is None or not isinstance(tasks.value, jsonc.JsonArray):
        return []
    sites: list[BuildSite] = []
    for task in tasks.value.items:
        task_type = member(task, "type")
        if task_type is None or not isinstance(task_type.value, jsonc.JsonString):
            continue
        if task_type.value.value != "docker-build":
            continue
        options = member(task, "dockerBuild")
        build = None if options is None else options.value
        label = member(task, "label")
        name = None
        if label is not None and isinstance(label.value, jsonc.JsonString):
            name = label.value.value
        sites.append(
            cli_build_site(
                path=path,
                kind=KIND_VSCODE_TASKS,
                name=name,
                base=root,
                dockerfile_base=root,
                context=member_value(
                    member(build, "context"), path, text, index, variables
                ),
                dockerfile=member_value(
                    member(build, "dockerfile"), path, text, index, variables
                ),
                target=member_value(
                    member(build, "target"), path, text, index, variables
                ),
            )
        )
    return sites
