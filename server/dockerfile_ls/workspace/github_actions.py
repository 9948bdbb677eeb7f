"""Reader for GitHub Actions workflows (``.github/workflows/*.yml``).

Two kinds of steps build images:

* ``uses: docker/build-push-action@...`` with ``with: context/file/target``. The
  action's documented defaults: without ``context`` it builds the Git context, which
  is the repository itself, ``{{defaultContext}}:dir`` is a folder of it, and
  ``file`` defaults to ``{context}/Dockerfile``. With a path context, ``file`` is
  passed to ``buildx build --file``, so it is relative to the repository root. With
  the Git context it is relative to that context.
* ``run:`` scripts, read as shell in the step's ``working-directory`` (or the job's
  or workflow's ``defaults.run.working-directory``), relative to the repository
  root. Scripts for ``shell: python`` or ``cmd`` are skipped.

``${{ github.workspace }}`` and ``$GITHUB_WORKSPACE`` stand for the repository
root; any other ``${{ }}`` expression makes a value unknown.
"""

from __future__ import annotations

import os

import yaml

from dockerfile_ls.core.text import Span
from dockerfile_ls.workspace import yamlnodes
from dockerfile_ls.workspace.positions import LineIndex
from dockerfile_ls.workspace.sites import (
    KIND_GITHUB_ACTIONS,
    BuildSite,
    is_remote_context,
    resolve_path,
)
from dockerfile_ls.workspace.yamlscript import scalar_script_sites

ACTION = "docker/build-push-action@"
DEFAULT_CONTEXT = "{{defaultContext}}"
WORKSPACE_EXPRESSIONS = ("${{ github.workspace }}", "${{github.workspace}}")
TEMPLATES = (("${{", "}}"),)
NON_POSIX_SHELLS = ("python", "cmd")


def read_github_actions(path: str, text: str) -> list[BuildSite]:
    """Return the build sites of the workflow file ``path``."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(path)))
    index = LineIndex(text)
    reader = _WorkflowReader(path, text, index, root)
    sites: list[BuildSite] = []
    for document in yamlnodes.compose_documents(text, path):
        defaults = _run_defaults(document, {})
        jobs = yamlnodes.mapping_get(document, "jobs")
        for job_name, _, job in yamlnodes.mapping_items(jobs[1] if jobs else None):
            job_defaults = _run_defaults(job, defaults)
            steps = yamlnodes.mapping_get(job, "steps")
            if steps is None or not isinstance(steps[1], yaml.SequenceNode):
                continue
            for step in steps[1].value:
                sites += reader.step(step, job_name, job_defaults)
    return sites


def _run_defaults(node: yaml.Node, inherited: dict[str, str]) -> dict[str, str]:
    """Return ``defaults.run`` of a workflow or job on top of the inherited ones."""
    defaults = dict(inherited)
    run = _value_node(_value_node(node, "defaults"), "run")
    for key in ("working-directory", "shell"):
        value = _string(run, key)
        if value:
            defaults[key] = value
    return defaults


class _WorkflowReader:
    def __init__(self, path: str, text: str, index: LineIndex, root: str) -> None:
        self.path = path
        self.text = text
        self.index = index
        self.root = root

    def step(
        self, step: yaml.Node, job: str, defaults: dict[str, str]
    ) -> list[BuildSite]:
        name = _string(step, "name") or job
        uses = _string(step, "uses") or ""
        if uses.startswith(ACTION):
            with_node = yamlnodes.mapping_get(step, "with")
            return [self._action_site(with_node[1] if with_node else None, name)]
        run = yamlnodes.mapping_get(step, "run")
        if run is None:
            return []
        shell = _string(step, "shell") or defaults.get("shell", "")
        if shell.split(" ")[0] in NON_POSIX_SHELLS:
            return []
        directory = _string(step, "working-directory") or defaults.get(
            "working-directory"
        )
        cwd = self.root if directory is None else self._path(directory)
        sites, _ = scalar_script_sites(
            run[1],
            self.text,
            self.index,
            file=self.path,
            kind=KIND_GITHUB_ACTIONS,
            cwd=cwd,
            templates=TEMPLATES,
            known_vars={"GITHUB_WORKSPACE": self.root},
            name=name,
        )
        return sites

    def _path(self, value: str, base: str | None = None) -> str | None:
        """Resolve a path input against ``base`` (default: the repository root)."""
        for expression in WORKSPACE_EXPRESSIONS:
            value = value.replace(expression, self.root)
        if "${{" in value:
            return None
        return resolve_path(self.root if base is None else base, value)

    def _action_paths(
        self, context_text: str, file_text: str | None
    ) -> tuple[str | None, str | None]:
        """Return the context folder and the Dockerfile of build-push-action."""
        git_context = context_text.startswith(DEFAULT_CONTEXT)
        if git_context:
            subdirectory = context_text[len(DEFAULT_CONTEXT) :].lstrip(":")
            context = resolve_path(self.root, subdirectory or ".")
        elif is_remote_context(context_text):
            return None, None
        else:
            context = self._path(context_text)

        if context is None:
            return None, None
        if not file_text:
            return context, resolve_path(context, "Dockerfile")
        if git_context:
            return context, self._path(file_text, context)
        return context, self._path(file_text)

    def _action_site(self, inputs: yaml.Node | None, name: str) -> BuildSite:
        context_node = _value_node(inputs, "context")
        file_node = _value_node(inputs, "file")
        context, dockerfile = self._action_paths(
            yamlnodes.scalar_value(context_node) or DEFAULT_CONTEXT,
            yamlnodes.scalar_value(file_node),
        )

        target_node = _value_node(inputs, "target")
        target = yamlnodes.scalar_value(target_node)
        target_span = insert_span = None
        prefix = suffix = ""
        if target_node is not None and target is not None:
            if yamlnodes.is_empty(target_node):
                slot = yamlnodes.empty_value_slot(target_node, self.text)
                insert_span, prefix, suffix = slot
            else:
                target_span = insert_span = yamlnodes.value_span(target_node)

        return BuildSite(
            file=self.path,
            kind=KIND_GITHUB_ACTIONS,
            dockerfile=dockerfile,
            inline_dockerfile=None,
            inline_span=None,
            context=context,
            target=target,
            target_span=target_span,
            dockerfile_span=_span(file_node),
            insert_span=insert_span,
            insert_prefix=prefix,
            insert_suffix=suffix,
            target_dynamic=target is not None and "${{" in target,
            context_span=_span(context_node),
            name=name,
        )


def _value_node(node: yaml.Node | None, key: str) -> yaml.Node | None:
    found = yamlnodes.mapping_get(node, key)
    return None if found is None else found[1]


def _string(node: yaml.Node | None, key: str) -> str | None:
    return yamlnodes.scalar_value(_value_node(node, key))


def _span(node: yaml.Node | None) -> Span | None:
    if node is None or yamlnodes.is_empty(node):
        return None
    return yamlnodes.value_span(node)
