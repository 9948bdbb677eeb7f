"""The server's view of the workspace: which files build which Dockerfiles.

``WorkspaceState`` owns the index of build sites. It fills the index from a bounded
scan of the workspace folders and keeps it current as documents open, change and
close and as files change on disk. An open document always wins over the file on
disk. A Dockerfile is read from disk only when a build site in the index names it,
and only up to ``workspace.maxFileSizeKb``.
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path

from dockerfile_ls.core.analysis import Analysis, AnalysisOptions, analyze
from dockerfile_ls.core.text import Span
from dockerfile_ls.lsp.documents import Document, DocumentKind
from dockerfile_ls.workspace import (
    BuildSite,
    ScanResult,
    WorkspaceIndex,
    effective_dockerfile,
    reader_for,
    scan_workspace,
)
from dockerfile_ls.workspace.scan import SKIPPED_DIRECTORIES
from dockerfile_ls.workspace.sites import normalize

if TYPE_CHECKING:
    from dockerfile_ls.lsp.server import DockerfileLanguageServer

logger = logging.getLogger(__name__)

MAX_INLINE_ANALYSES = 64
"""Inline Dockerfiles kept analyzed, by text; the cache is emptied when full."""


@dataclass(frozen=True, slots=True)
class BuiltDockerfile:
    """The analyzed Dockerfile that a build site builds.

    For an inline Dockerfile, ``uri`` is the build file that contains the text and
    ``site`` maps positions of the text to positions in that file.
    """

    analysis: Analysis
    uri: str
    path: str | None
    site: BuildSite | None = None

    def file_span(self, span: Span) -> Span | None:
        """Return where ``span`` of the Dockerfile text is in ``uri``'s file.

        Returns ``None`` for an inline Dockerfile whose lines do not map one to one
        to the lines of the file, such as a YAML string with escapes.
        """
        if self.site is None:
            return span
        starts = self.site.inline_line_starts
        if starts is None or span.end_line >= len(starts):
            return None
        start_line, start_col = starts[span.start_line]
        end_line, end_col = starts[span.end_line]
        return Span(
            start_line, start_col + span.start_col, end_line, end_col + span.end_col
        )


@dataclass(frozen=True, slots=True)
class _DiskText:
    """A build file as last read from disk."""

    path: str
    text: str
    signature: tuple[int, int] | None


@dataclass(slots=True)
class _DiskDockerfile:
    signature: tuple[int, int]
    options: AnalysisOptions
    analysis: Analysis


class WorkspaceState:
    """Build sites of the workspace, open documents laid over the files on disk."""

    def __init__(self, server: DockerfileLanguageServer) -> None:
        self._server = server
        self.index = WorkspaceIndex()
        self.roots: list[str] = []
        self._files: dict[str, _DiskText] = {}
        self._open: dict[str, str] = {}
        self._disk: dict[str, _DiskDockerfile] = {}
        self._inline: dict[str, Analysis] = {}
        self._generation = 0
        self._cache_generation = -1
        self._by_dockerfile: dict[str, list[BuildSite]] = {}
        self._named: dict[str, str] | None = None

    # Scanning

    def set_roots(self, uris: list[str]) -> None:
        """Use the folders at ``uris`` as the workspace, dropping nested ones."""
        paths = sorted(
            {os.path.abspath(path) for uri in uris if (path := to_fs_path(uri))},
            key=len,
        )
        roots: list[str] = []
        for path in paths:
            if not any(_is_within(path, root) for root in roots):
                roots.append(path)
        self.roots = roots

    def index_workspace(self) -> None:
        """Scan the roots within the ``workspace`` limits and rebuild the index.

        ``maxFiles`` is shared by all roots: a root scanned after the limit was
        hit is skipped, and that is logged too.
        """
        limits = self._server.settings.workspace
        remaining = max(limits.maxFiles, 0)
        max_size = max(limits.maxFileSizeKb, 0) * 1024
        index = WorkspaceIndex()
        files: dict[str, _DiskText] = {}
        for root in self.roots:
            if remaining <= 0:
                message = (
                    f"Skipped indexing {root}: the workspace scan already visited "
                    f"{limits.maxFiles} files (dockerfileLs.workspace.maxFiles)."
                )
                logger.warning("%s", message)
                self._tell_client(message)
                continue
            result = scan_workspace(root, remaining, max_size)
            remaining -= result.visited_files
            index.load(result)
            for path, text in result.files.items():
                files[normalize(path)] = _DiskText(path, text, _signature(path))
            sites = sum(len(index.sites_in_file(path)) for path in result.files)
            self._report(root, result, sites)
        for uri in list(self._open.values()):
            document = self._server.documents.get(uri)
            open_path = to_fs_path(uri)
            if document is not None and open_path is not None:
                if document.kind is DocumentKind.BUILD_FILE:
                    index.update_file(open_path, document.text)
        self.index = index
        self._files = files
        self._disk.clear()
        self._changed()

    def _report(self, root: str, result: ScanResult, sites: int) -> None:
        limits = self._server.settings.workspace
        logger.info(
            "indexed %d build files with %d build sites under %s (%d files visited)",
            len(result.files),
            sites,
            root,
            result.visited_files,
        )
        # scan_workspace logs the limits it hits, and the client gets a warning here.
        if result.max_files_hit:
            self._tell_client(
                f"The workspace scan of {root} stopped after {result.visited_files} "
                "files (dockerfileLs.workspace.maxFiles): build targets in the "
                "files after them are not known."
            )
        if result.too_large:
            self._tell_client(
                f"Skipped {len(result.too_large)} build files larger than "
                f"{limits.maxFileSizeKb} KiB (dockerfileLs.workspace.maxFileSizeKb), "
                f"such as {result.too_large[0]}."
            )

    def _tell_client(self, message: str) -> None:
        """Send a warning to the client's log, where users look for limits hit."""
        try:
            self._server.window_log_message(
                types.LogMessageParams(type=types.MessageType.Warning, message=message)
            )
        except Exception:
            logger.exception("could not send a log message to the client")

    # Documents and files

    def document_opened(self, document: Document) -> None:
        path = to_fs_path(document.uri)
        if path is None:
            return
        self._open[normalize(path)] = document.uri
        if document.kind is DocumentKind.BUILD_FILE:
            self.index.update_file(path, document.text)
        self._changed()

    def document_changed(self, document: Document) -> None:
        path = to_fs_path(document.uri)
        if path is not None and document.kind is DocumentKind.BUILD_FILE:
            self.index.update_file(path, document.text)
            self._changed()

    def document_closed(self, document: Document) -> None:
        """Go back to the file on disk: read it if the scan would, else drop it."""
        path = to_fs_path(document.uri)
        if path is None:
            return
        self._open.pop(normalize(path), None)
        if document.kind is DocumentKind.BUILD_FILE and not self._reread(path):
            self._forget(path)
        self._changed()

    def document_saved(self, document: Document) -> None:
        """Read a saved document again, and every indexed build file that changed
        on disk since it was read, for clients that do not watch files.

        NOTE: without file watching, build files created after the scan stay
        unknown until the workspace is indexed again.
        """
        path = to_fs_path(document.uri)
        if path is not None:
            self._disk.pop(normalize(path), None)
            if document.kind is DocumentKind.BUILD_FILE:
                self.index.update_file(path, document.text)
        for key, known in list(self._files.items()):
            if key in self._open or _signature(known.path) == known.signature:
                continue
            if not self._reread(known.path):
                self._forget(known.path)
        self._changed()

    def file_changed(self, path: str) -> bool:
        """Take in a file created or changed on disk; tell whether any build site
        or Dockerfile the index names may have changed."""
        key = normalize(path)
        self._disk.pop(key, None)
        if key in self._open:
            return False
        if reader_for(path) is None:
            self._changed()
            return key in self._named_dockerfiles()
        if not self._reread(path):
            self._forget(path)
        self._changed()
        return True

    def file_deleted(self, path: str) -> bool:
        """Forget a file, or every file in a folder, deleted on disk."""
        key = normalize(path)
        inside = [
            known
            for known in self.index.files()
            if normalize(known) == key or _is_within(normalize(known), key)
        ]
        self._disk = {
            cached: value
            for cached, value in self._disk.items()
            if cached != key and not _is_within(cached, key)
        }
        for known in inside:
            if normalize(known) not in self._open:
                self._forget(known)
        self._changed()
        return True

    def _reread(self, path: str) -> bool:
        """Read a build file from disk into the index if a scan would read it."""
        if not self._scanned_path(path) or reader_for(path) is None:
            return False
        text = read_limited(path, self._max_file_size())
        if text is None:
            return False
        self.index.update_file(path, text)
        self._files[normalize(path)] = _DiskText(path, text, _signature(path))
        return True

    def _forget(self, path: str) -> None:
        self.index.remove_file(path)
        self._files.pop(normalize(path), None)

    def _scanned_path(self, path: str) -> bool:
        key = normalize(path)
        for root in self.roots:
            root_key = normalize(root)
            if _is_within(key, root_key):
                relative = os.path.relpath(key, root_key)
                folders = relative.split(os.sep)[:-1]
                return not any(folder in SKIPPED_DIRECTORIES for folder in folders)
        return False

    def _max_file_size(self) -> int:
        return max(self._server.settings.workspace.maxFileSizeKb, 0) * 1024

    def _changed(self) -> None:
        self._generation += 1

    # Paths and text

    def uri_of(self, path: str) -> str:
        """Return the URI of ``path``: the client's own for an open document."""
        uri = self._open.get(normalize(path))
        if uri is not None:
            return uri
        return from_fs_path(path) or "file://" + path

    def lines_of(self, uri: str) -> list[str] | None:
        """Return the lines of an open document or of an indexed file."""
        document = self._server.documents.get(uri)
        if document is not None:
            return document.lines
        path = to_fs_path(uri)
        if path is None:
            return None
        known = self._files.get(normalize(path))
        if known is not None:
            return known.text.split("\n")
        disk = self._disk.get(normalize(path))
        return None if disk is None else disk.analysis.dockerfile.lines

    def dockerfile_exists(self, path: str) -> bool:
        """Tell whether a Dockerfile is open in the editor or is a file on disk."""
        uri = self._open.get(normalize(path))
        if uri is not None:
            document = self._server.documents.get(uri)
            if document is not None and document.kind is DocumentKind.DOCKERFILE:
                return True
        return os.path.isfile(path)

    # Build sites

    def sites_in_document(self, uri: str) -> list[BuildSite]:
        path = to_fs_path(uri)
        return [] if path is None else self.index.sites_in_file(path)

    def sites_at(self, uri: str, line: int, col: int) -> list[BuildSite]:
        path = to_fs_path(uri)
        return [] if path is None else self.index.sites_at(path, line, col)

    def sites_for_dockerfile(self, uri: str) -> list[BuildSite]:
        """Return every build site of the workspace that builds the Dockerfile."""
        path = to_fs_path(uri)
        if path is None:
            return []
        self._refresh_caches()
        key = normalize(path)
        found = self._by_dockerfile.get(key)
        if found is None:
            found = self.index.sites_for_dockerfile(path, self.dockerfile_exists)
            found.sort(key=_site_order)
            self._by_dockerfile[key] = found
        return list(found)

    def external_targets(self, uri: str) -> frozenset[str]:
        """Return the targets that build sites of the workspace build in the
        Dockerfile at ``uri``, as written.

        NOTE: a target with an expansion (``--target $T``) could build any stage,
        but it counts for none here.
        """
        return frozenset(
            site.target
            for site in self.sites_for_dockerfile(uri)
            if site.target and not site.target_dynamic
        )

    def open_build_files(self) -> list[str]:
        """Return the URIs of the open build files."""
        found = []
        for uri in self._open.values():
            document = self._server.documents.get(uri)
            if document is not None and document.kind is DocumentKind.BUILD_FILE:
                found.append(uri)
        return found

    def open_dockerfiles(self) -> list[str]:
        """Return the URIs of the open Dockerfiles, untitled ones included."""
        return [
            uri
            for uri in self._server.documents.uris()
            if self._server.document_kind(uri) is DocumentKind.DOCKERFILE
        ]

    def named_dockerfiles(self) -> list[str]:
        """Return the paths of the Dockerfiles that build sites name and that
        exist, in path order."""
        return sorted(path for path in self._named_dockerfiles().values())

    def _named_dockerfiles(self) -> dict[str, str]:
        self._refresh_caches()
        if self._named is None:
            named: dict[str, str] = {}
            for site in self.index.all_sites():
                path = effective_dockerfile(site, self.dockerfile_exists)
                if path is not None and self.dockerfile_exists(path):
                    named.setdefault(normalize(path), path)
            self._named = named
        return self._named

    def _refresh_caches(self) -> None:
        if self._cache_generation != self._generation:
            self._by_dockerfile = {}
            self._named = None
            self._cache_generation = self._generation

    # Dockerfiles that sites build

    def built_dockerfile(self, site: BuildSite) -> BuiltDockerfile | None:
        """Return the analysis of the Dockerfile ``site`` builds, or ``None`` when
        it is unknown, missing or too large to read."""
        if site.inline_dockerfile is not None:
            return BuiltDockerfile(
                self._inline_analysis(site.inline_dockerfile),
                self.uri_of(site.file),
                None,
                site,
            )
        path = effective_dockerfile(site, self.dockerfile_exists)
        if path is None:
            return None
        analysis = self.dockerfile_analysis(path)
        if analysis is None:
            return None
        return BuiltDockerfile(analysis, self.uri_of(path), path)

    def dockerfile_analysis(self, path: str) -> Analysis | None:
        """Return the analysis of a Dockerfile: the editor's copy when it is
        open, else the file on disk if a build site names it."""
        key = normalize(path)
        uri = self._open.get(key)
        if uri is not None:
            analysis = self._server.analysis(uri)
            if analysis is not None:
                return analysis
        if key not in self._named_dockerfiles():
            return None
        return self._disk_analysis(path)

    def _disk_analysis(self, path: str) -> Analysis | None:
        key = normalize(path)
        try:
            status = os.stat(path)
        except OSError:
            self._disk.pop(key, None)
            return None
        signature = (status.st_mtime_ns, status.st_size)
        options = AnalysisOptions.create(self._server.settings.buildArgs)
        cached = self._disk.get(key)
        if cached is not None and cached.signature == signature:
            if cached.options != options:
                cached.analysis = cached.analysis.with_options(options)
                cached.options = options
            return cached.analysis
        text = read_limited(path, self._max_file_size())
        if text is None:
            return None
        analysis = analyze(text, options=options)
        self._disk[key] = _DiskDockerfile(signature, options, analysis)
        return analysis

    def _inline_analysis(self, text: str) -> Analysis:
        cached = self._inline.get(text)
        if cached is None:
            if len(self._inline) >= MAX_INLINE_ANALYSES:
                self._inline.clear()
            options = AnalysisOptions.create(self._server.settings.buildArgs)
            cached = analyze(text, options=options)
            self._inline[text] = cached
        return cached


def read_limited(path: str, max_size: int) -> str | None:
    """Read a regular file of at most ``max_size`` bytes as UTF-8 without its byte
    order mark; return ``None`` (and log why) when that is not possible."""
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            return None
        if status.st_size > max_size:
            logger.info("not reading %s: larger than %d bytes", path, max_size)
            return None
        with open(path, "rb") as handle:
            data = handle.read(max_size + 1)
    except OSError as error:
        logger.warning("cannot read %s: %s", path, error)
        return None
    if len(data) > max_size:
        logger.info("not reading %s: larger than %d bytes", path, max_size)
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        logger.info("not reading %s: not valid UTF-8", path)
        return None


def _signature(path: str) -> tuple[int, int] | None:
    """Return what tells a changed file: its modification time and size."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


def _is_within(path: str, folder: str) -> bool:
    return path.startswith(folder.rstrip(os.sep) + os.sep)


def _site_order(site: BuildSite) -> tuple[str, int, int]:
    span = site.target_span or site.insert_span or site.dockerfile_span
    if span is None:
        return site.file, -1, -1
    return site.file, span.start_line, span.start_col
