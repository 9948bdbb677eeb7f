"""What is at a position: completion sites and their replace ranges."""

from __future__ import annotations

from dockerfile_ls.core.analysis import analyze
from dockerfile_ls.core.queries import CompletionKind, completion_site
from dockerfile_ls.core.text import Span


def test_mount_from_in_unclosed_quote_replaces_nothing_typed() -> None:
    text = 'FROM alpine AS build\nFROM alpine\nRUN --mount="type=bind,from='
    site = completion_site(analyze(text), 2, 28)
    assert site is not None
    assert site.kind is CompletionKind.MOUNT_FROM
    assert site.prefix == ""
    assert site.replace == Span(2, 28, 2, 28)


def test_mount_from_in_quotes_with_prefix() -> None:
    text = 'FROM alpine AS build\nFROM alpine\nRUN --mount="type=bind,from=bu'
    site = completion_site(analyze(text), 2, 30)
    assert site is not None
    assert site.prefix == "bu"
    assert site.replace == Span(2, 28, 2, 30)


def test_copy_from_site_after_equals() -> None:
    site = completion_site(analyze("FROM a AS b\nFROM c\nCOPY --from="), 2, 12)
    assert site is not None
    assert site.kind is CompletionKind.COPY_FROM
    assert site.replace == Span(2, 12, 2, 12)
