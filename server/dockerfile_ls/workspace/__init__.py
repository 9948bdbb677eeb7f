"""Files outside a Dockerfile that build it: Compose, Bake, shell scripts, Makefiles,
Justfiles, CI workflows, VS Code tasks and dev containers.

Each reader turns one file's text into ``BuildSite`` values: which Dockerfile is
built (or the inline Dockerfile text), with which target, and where those values are
written. ``scan_workspace`` finds and reads the files within set limits,
``WorkspaceIndex`` keeps the sites current and returns the sites that build a given
Dockerfile, and ``match_target`` checks a target against stage names as BuildKit
does. Nothing here imports the LSP libraries.
"""

from dockerfile_ls.workspace.index import WorkspaceIndex, effective_dockerfile
from dockerfile_ls.workspace.readers import Reader, kind_for, read_sites, reader_for
from dockerfile_ls.workspace.scan import ScanResult, scan_workspace
from dockerfile_ls.workspace.sites import BuildSite, InsertSlot
from dockerfile_ls.workspace.targets import TargetMatch, levenshtein, match_target

__all__ = [
    "BuildSite",
    "InsertSlot",
    "Reader",
    "ScanResult",
    "TargetMatch",
    "WorkspaceIndex",
    "effective_dockerfile",
    "kind_for",
    "levenshtein",
    "match_target",
    "read_sites",
    "reader_for",
    "scan_workspace",
]
