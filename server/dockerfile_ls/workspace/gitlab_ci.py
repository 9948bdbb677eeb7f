"""Reader for GitLab CI (``.gitlab-ci.yml``): build commands in job scripts.

``before_script`` and ``script`` of a job run in one shell, in order, from the
project directory (the directory of ``.gitlab-ci.yml``), so a ``cd`` in one entry
applies to the next. ``after_script`` runs in a new shell (GitLab CI/CD YAML
reference). A job without its own ``before_script`` or ``after_script`` takes the
one from ``default:`` or the top level. ``$CI_PROJECT_DIR`` is the project
directory. Entries are strings or nested lists of strings; ``!reference`` tags are
skipped, as their content lives elsewhere.
"""

from __future__ import annotations

import os

import yaml

from dockerfile_ls.workspace import yamlnodes
from dockerfile_ls.workspace.positions import LineIndex
from dockerfile_ls.workspace.sites import KIND_GITLAB_CI, BuildSite
from dockerfile_ls.workspace.yamlscript import scalar_script_sites

# Top-level keys that are not jobs.
GLOBAL_KEYWORDS = frozenset(
    {
        "default",
        "include",
        "stages",
        "variables",
        "workflow",
        "image",
        "services",
        "cache",
        "before_script",
        "after_script",
        "spec",
    }
)
SCRIPT_KEYS = ("before_script", "script", "after_script")


def read_gitlab_ci(path: str, text: str) -> list[BuildSite]:
    """Return the build sites in the job scripts of ``.gitlab-ci.yml``."""
    root = os.path.dirname(path)
    index = LineIndex(text)
    sites: list[BuildSite] = []
    for document in yamlnodes.compose_documents(text, path):
        inherited = _inherited_scripts(document)
        for name, _, job in yamlnodes.mapping_items(document):
            if name in GLOBAL_KEYWORDS or not isinstance(job, yaml.MappingNode):
                continue
            scripts = dict(inherited)
            for key in SCRIPT_KEYS:
                found = yamlnodes.mapping_get(job, key)
                if found is not None:
                    scripts[key] = found[1]
            if "script" not in scripts:
                continue
            cwd: str | None = root
            for key in SCRIPT_KEYS:
                if key == "after_script":
                    cwd = root
                for entry in _entries(scripts.get(key)):
                    found_sites, cwd = scalar_script_sites(
                        entry,
                        text,
                        index,
                        file=path,
                        kind=KIND_GITLAB_CI,
                        cwd=cwd,
                        known_vars={"CI_PROJECT_DIR": root},
                        name=name,
                    )
                    sites += found_sites
    return sites


def _inherited_scripts(document: yaml.Node) -> dict[str, yaml.Node]:
    scripts: dict[str, yaml.Node] = {}
    default = yamlnodes.mapping_get(document, "default")
    for key in ("before_script", "after_script"):
        found = yamlnodes.mapping_get(document, key)
        if default is not None:
            found = yamlnodes.mapping_get(default[1], key) or found
        if found is not None:
            scripts[key] = found[1]
    return scripts


def _entries(node: yaml.Node | None) -> list[yaml.Node]:
    """Return the script lines of a ``script`` value, flattening nested lists."""
    if node is None or node.tag == "!reference":
        return []
    if isinstance(node, yaml.ScalarNode):
        return [node]
    if isinstance(node, yaml.SequenceNode):
        return [line for item in node.value for line in _entries(item)]
    return []
