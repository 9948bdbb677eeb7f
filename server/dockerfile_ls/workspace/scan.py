"""A bounded walk of the workspace that reads the files the readers handle.

The walk is breadth first, so files near the root (where Compose and Bake files
usually are) are seen before deep ones. It visits regular files only, never follows
a symbolic link (to a file or a directory), skips folders that hold dependencies,
caches or version control data, and stops at ``max_files`` regular files. A file
larger than ``max_file_size`` bytes, or not valid UTF-8, is skipped. Each limit is
logged once when it is hit, and ``ScanResult`` records which ones were.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from dataclasses import dataclass, field

from dockerfile_ls.workspace.readers import reader_for

logger = logging.getLogger(__name__)

SKIPPED_DIRECTORIES = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".bzr",
        "node_modules",
        "bower_components",
        ".venv",
        "venv",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".tox",
        ".nox",
        ".eggs",
        "site-packages",
        "vendor",
        ".direnv",
        ".cache",
        ".gradle",
        ".terraform",
        ".next",
        ".nuxt",
    }
)
DEFAULT_MAX_FILES = 5000
DEFAULT_MAX_FILE_SIZE = 512 * 1024
UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(slots=True)
class ScanResult:
    """The files read by ``scan_workspace`` and the limits it hit."""

    files: dict[str, str] = field(default_factory=dict)
    """Text of each file a reader handles, by absolute path, without a BOM."""

    visited_files: int = 0
    """Regular files seen by the walk, read or not."""

    max_files_hit: bool = False
    """The walk stopped at ``max_files`` regular files."""

    too_large: list[str] = field(default_factory=list)
    """Files skipped for being larger than ``max_file_size``."""

    undecodable: list[str] = field(default_factory=list)
    """Files skipped because they are not valid UTF-8."""

    unreadable: list[str] = field(default_factory=list)
    """Files and folders skipped because reading them failed."""

    @property
    def max_file_size_hit(self) -> bool:
        return bool(self.too_large)


def scan_workspace(
    root: str,
    max_files: int = DEFAULT_MAX_FILES,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
) -> ScanResult:
    """Walk ``root`` and read every file that a workspace reader handles."""
    result = ScanResult()
    root = os.path.abspath(root)
    pending = deque([root])
    seen_directories: set[tuple[int, int]] = set()
    while pending and not result.max_files_hit:
        directory = pending.popleft()
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
            identity = os.stat(directory)
        except OSError as error:
            logger.warning("cannot list %s: %s", directory, error)
            result.unreadable.append(directory)
            continue
        if (identity.st_dev, identity.st_ino) in seen_directories:
            continue
        seen_directories.add((identity.st_dev, identity.st_ino))
        for entry in entries:
            if entry.is_symlink():
                continue
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in SKIPPED_DIRECTORIES:
                    pending.append(entry.path)
                continue
            if not entry.is_file(follow_symlinks=False):
                continue
            if result.visited_files >= max_files:
                result.max_files_hit = True
                logger.warning(
                    "workspace scan stopped at %d files (maxFiles) under %s",
                    max_files,
                    root,
                )
                break
            result.visited_files += 1
            if reader_for(entry.path) is not None:
                _read(entry, max_file_size, result)
    if result.too_large:
        logger.warning(
            "skipped %d files larger than %d bytes (maxFileSizeKb), such as %s",
            len(result.too_large),
            max_file_size,
            result.too_large[0],
        )
    return result


def _read(entry: os.DirEntry[str], max_file_size: int, result: ScanResult) -> None:
    try:
        if entry.stat(follow_symlinks=False).st_size > max_file_size:
            result.too_large.append(entry.path)
            return
        with open(entry.path, "rb") as handle:
            data = handle.read(max_file_size + 1)
    except OSError as error:
        logger.warning("cannot read %s: %s", entry.path, error)
        result.unreadable.append(entry.path)
        return
    if len(data) > max_file_size:
        result.too_large.append(entry.path)
        return
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    try:
        result.files[entry.path] = data.decode("utf-8")
    except UnicodeDecodeError:
        logger.info("skipping %s: not valid UTF-8", entry.path)
        result.undecodable.append(entry.path)
