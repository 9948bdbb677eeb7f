"""Open documents: their text, kept in sync with the client's incremental edits, and
what kind of file each one is.

Lines are split on ``\\n`` only, as BuildKit splits them; a ``\\r`` before the
newline stays at the end of its line and is never counted in a column the client
sees. pygls's own copy splits on every Unicode line break (form feed, U+2028, ...),
which would put its line numbers out of step with the parse, so the server keeps
this store instead.
"""

from __future__ import annotations

import enum
import logging
import posixpath
from collections.abc import Sequence
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.uris import to_fs_path

from dockerfile_ls.lsp.convert import PositionConverter
from dockerfile_ls.workspace import reader_for

logger = logging.getLogger(__name__)

DOCKERFILE_LANGUAGE_IDS = ("dockerfile", "containerfile")
DOCKERFILE_NAMES = ("dockerfile", "containerfile")


class DocumentKind(enum.Enum):
    """The group of features a document gets, by what the document is."""

    DOCKERFILE = "dockerfile"
    """A Dockerfile: every Dockerfile feature."""

    BUILD_FILE = "build-file"
    """A file that builds Dockerfiles (Compose, Bake, scripts, CI, editor tasks):
    the target features."""

    OTHER = "other"
    """Anything else: no features."""


def is_dockerfile_name(name: str) -> bool:
    """Tell whether a file name is one Docker and Podman users give Dockerfiles:
    ``Dockerfile``, ``Containerfile``, ``*.Dockerfile`` and ``Dockerfile.*``."""
    lowered = name.lower()
    if lowered in DOCKERFILE_NAMES or lowered.endswith(".dockerfile"):
        return True
    if lowered.endswith(".dockerignore"):
        # `Dockerfile.dockerignore` is BuildKit's ignore file for that Dockerfile.
        return False
    return lowered.startswith(tuple(f"{stem}." for stem in DOCKERFILE_NAMES))


def document_kind(uri: str, language_id: str) -> DocumentKind:
    """Classify a document by its language id, then by its file name.

    The language id ``dockerfile`` always means a Dockerfile, so a user can turn a
    file with any name into one. A file a workspace reader handles is a build file,
    and a Dockerfile file name makes a Dockerfile of a document whose language id
    is something else, such as ``plaintext``.
    """
    if language_id.lower() in DOCKERFILE_LANGUAGE_IDS:
        return DocumentKind.DOCKERFILE
    path = to_fs_path(uri)
    if path is not None and reader_for(path) is not None:
        return DocumentKind.BUILD_FILE
    name = posixpath.basename(unquote(urlparse(uri).path))
    if is_dockerfile_name(name):
        return DocumentKind.DOCKERFILE
    return DocumentKind.OTHER


class Document:
    """The text of one open document, its version and its kind."""

    __slots__ = ("uri", "language_id", "kind", "version", "_lines", "_text")

    def __init__(
        self, uri: str, language_id: str, version: int | None, text: str
    ) -> None:
        self.uri = uri
        self.language_id = language_id
        self.kind = document_kind(uri, language_id)
        self.version = version
        self._lines: list[str] = text.split("\n")
        self._text: str | None = text

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "\n".join(self._lines)
        return self._text

    @property
    def lines(self) -> list[str]:
        return self._lines

    def apply(
        self,
        changes: Sequence[types.TextDocumentContentChangeEvent],
        converter: PositionConverter,
    ) -> None:
        """Apply the changes of one didChange in order, each on the previous result."""
        for change in changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                self._apply_range(change, converter)
            else:
                self._lines = change.text.split("\n")
                self._text = change.text

    def _apply_range(
        self,
        change: types.TextDocumentContentChangePartial,
        converter: PositionConverter,
    ) -> None:
        lines = self._lines
        start = change.range.start
        end = change.range.end
        if (end.line, end.character) < (start.line, start.character):
            start, end = end, start
        last = len(lines) - 1
        start_line = min(max(start.line, 0), last)
        end_line = min(max(end.line, 0), last)
        if start.line > last:
            start_col = len(lines[last])
        else:
            start_col = converter.from_client_column(lines[start_line], start.character)
        if end.line > last:
            end_col = len(lines[last])
        else:
            end_col = converter.from_client_column(lines[end_line], end.character)
        prefix = lines[start_line][:start_col]
        suffix = lines[end_line][end_col:]
        replacement = (prefix + change.text + suffix).split("\n")
        lines[start_line : end_line + 1] = replacement
        self._text = None


class DocumentStore:
    """All open documents by URI, exactly as the client sent them."""

    def __init__(self) -> None:
        self._documents: dict[str, Document] = {}

    def open(self, item: types.TextDocumentItem) -> Document:
        document = Document(item.uri, item.language_id, item.version, item.text)
        self._documents[item.uri] = document
        return document

    def change(
        self,
        params: types.DidChangeTextDocumentParams,
        converter: PositionConverter,
    ) -> Document | None:
        document = self._documents.get(params.text_document.uri)
        if document is None:
            logger.warning(
                "didChange for %s, which is not open; ignored", params.text_document.uri
            )
            return None
        document.apply(params.content_changes, converter)
        document.version = params.text_document.version
        return document

    def close(self, uri: str) -> None:
        self._documents.pop(uri, None)

    def get(self, uri: str) -> Document | None:
        return self._documents.get(uri)

    def uris(self) -> list[str]:
        return list(self._documents)
