"""Reader for shell scripts (``*.sh``, ``*.bash``): the build commands they run.

NOTE: a script is assumed to run from its own directory. Scripts that are run from
the repository root and build ``sub/Dockerfile`` with a relative ``-f`` resolve
against the wrong directory unless they ``cd`` to a literal path first.
"""

from __future__ import annotations

import os

from dockerfile_ls.workspace.positions import LineIndex
from dockerfile_ls.workspace.script import sites_from_script
from dockerfile_ls.workspace.sites import KIND_SHELL, BuildSite


def read_shell(path: str, text: str) -> list[BuildSite]:
    """Return the build sites of the shell script ``path`` with contents ``text``."""
    sites, _ = sites_from_script(
        text,
        file=path,
        kind=KIND_SHELL,
        mapper=LineIndex(text),
        cwd=os.path.dirname(path),
    )
    return sites
