"""The workspace index: every build site, kept current as files change.

Compose and Bake files are read per directory, because an override file changes
what the base file's services and targets build. Every other kind is read per file.
Paths are compared in normalized form (absolute, and case-folded where the platform
folds case). Reading never raises: a file a reader fails on has no sites.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from dockerfile_ls.core.text import BOM
from dockerfile_ls.workspace.readers import kind_for, read_sites
from dockerfile_ls.workspace.scan import ScanResult
from dockerfile_ls.workspace.sites import (
    KIND_BAKE,
    KIND_COMPOSE,
    BuildSite,
    normalize,
    with_bom_shift,
)

if TYPE_CHECKING:
    from dockerfile_ls.workspace import bake, compose

logger = logging.getLogger(__name__)

GROUPED_KINDS = (KIND_COMPOSE, KIND_BAKE)


class WorkspaceIndex:
    """Build sites of the workspace, by file and by the Dockerfile they build."""

    def __init__(self) -> None:
        self._sites: dict[str, list[BuildSite]] = {}
        self._paths: dict[str, str] = {}
        self._compose: dict[str, dict[str, compose.ComposeFile]] = {}
        self._bake: dict[str, dict[str, bake.BakeFile]] = {}
        self._bom: dict[str, bool] = {}

    def load(self, scan: ScanResult) -> None:
        """Add every file of a workspace scan."""
        for path, text in scan.files.items():
            self.update_file(path, text)

    def update_file(self, path: str, text: str) -> bool:
        """Read ``path`` with contents ``text``; return False if no reader handles
        it. Call it with an open document's text to let the editor's copy win."""
        kind = kind_for(path)
        if kind is None:
            return False
        key = normalize(path)
        self._paths[key] = os.path.abspath(path)
        if kind not in GROUPED_KINDS:
            self._sites[key] = read_sites(self._paths[key], text)
            return True
        has_bom = text.startswith(BOM)
        self._bom[key] = has_bom
        body = text[1:] if has_bom else text
        absolute = self._paths[key]
        directory = os.path.dirname(key)
        if kind == KIND_COMPOSE:
            self._compose.setdefault(directory, {})[key] = _parse_compose(
                absolute, body
            )
        else:
            self._bake.setdefault(directory, {})[key] = _parse_bake(absolute, body)
        self._regroup(kind, directory)
        return True

    def remove_file(self, path: str) -> None:
        """Remove ``path`` and its sites, and re-resolve the files grouped with it."""
        key = normalize(path)
        self._sites.pop(key, None)
        self._paths.pop(key, None)
        self._bom.pop(key, None)
        directory = os.path.dirname(key)
        for kind, groups in ((KIND_COMPOSE, self._compose), (KIND_BAKE, self._bake)):
            group = groups.get(directory)
            if group is not None and group.pop(key, None) is not None:
                self._regroup(kind, directory)

    def files(self) -> list[str]:
        """Return the paths of the files read, as given to ``update_file``."""
        return sorted(self._paths.values())

    def sites_in_file(self, path: str) -> list[BuildSite]:
        """Return the build sites found in ``path``."""
        return list(self._sites.get(normalize(path), []))

    def sites_at(self, path: str, line: int, col: int) -> list[BuildSite]:
        """Return the sites of ``path`` whose target slot (``insert_span``, both ends
        included) contains the position, as completion and definition need.

        One written target can belong to several sites, such as a Bake parent's
        ``target`` inherited by two children, each with its own Dockerfile.
        """
        return [
            site
            for site in self.sites_in_file(path)
            if site.insert_span is not None and site.insert_span.contains(line, col)
        ]

    def all_sites(self) -> Iterable[BuildSite]:
        """Yield every site of every file read."""
        for sites in self._sites.values():
            yield from sites

    def sites_for_dockerfile(
        self, path: str, exists: Callable[[str], bool] = os.path.isfile
    ) -> list[BuildSite]:
        """Return every site that builds the Dockerfile at ``path``.

        A site with alternatives builds the first of its candidate paths that
        ``exists``; inline Dockerfiles never match a path.
        """
        expected_key = normalize(path)
        found = []
        for site in self.all_sites():
            built = effective_dockerfile(site, exists)
            if built is not None and normalize(built) == expected_key:
                found.append(site)
        return found

    def _regroup(self, kind: str, directory: str) -> None:
        """Recompute the sites of the Compose or Bake files of one directory."""
        from dockerfile_ls.workspace import bake, compose

        try:
            if kind == KIND_COMPOSE:
                files = list(self._compose.get(directory, {}).values())
                by_path = compose.compose_sites(files)
            else:
                bake_files = list(self._bake.get(directory, {}).values())
                by_path = bake.bake_sites(bake_files)
        except Exception:
            logger.exception("failed to resolve %s files in %s", kind, directory)
            return
        for path, sites in by_path.items():
            key = normalize(path)
            if self._bom.get(key):
                sites = [with_bom_shift(site) for site in sites]
            self._sites[key] = sites


def effective_dockerfile(
    site: BuildSite, exists: Callable[[str], bool] = os.path.isfile
) -> str | None:
    """Return the Dockerfile a site builds: ``site.dockerfile``, or the first of
    its alternatives that exists when that one does not."""
    if site.dockerfile is None or not site.dockerfile_alternatives:
        return site.dockerfile
    for candidate in (site.dockerfile, *site.dockerfile_alternatives):
        if exists(candidate):
            return candidate
    return site.dockerfile


def _parse_compose(path: str, text: str) -> compose.ComposeFile:
    from dockerfile_ls.workspace import compose

    try:
        return compose.parse_compose(path, text)
    except Exception:
        logger.exception("failed to read build sites from %s", path)
        return compose.ComposeFile(path)


def _parse_bake(path: str, text: str) -> bake.BakeFile:
    from dockerfile_ls.workspace import bake

    try:
        return bake.parse_bake(path, text)
    except Exception:
        logger.exception("failed to read build sites from %s", path)
        return bake.BakeFile(path)
