"""Rules that use the base image's OS: package managers, shell form, end of life.

Expected facts: Alpine uses apk, Debian and Ubuntu use apt; scratch and distroless
have no /bin/sh (the images' own documentation); end-of-life dates are the
distributions' published ones.
"""

from __future__ import annotations

import datetime

import pytest

from dockerfile_ls.core.analysis import analyze
from dockerfile_ls.core.model import build_graph
from dockerfile_ls.core.parser import parse
from dockerfile_ls.core.rules import base_os

TODAY = datetime.date(2026, 12, 1)


def _findings(text: str) -> list[tuple[str, tuple[int, int, int, int]]]:
    graph = build_graph(parse(text))
    return [(item.rule.name, tuple(item.span)) for item in base_os.check(graph, TODAY)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "FROM alpine:3.22\nRUN apt-get update && apt-get install -y curl\n",
            [
                ("PackageManagerNotOnBase", (1, 4, 1, 11)),
                ("PackageManagerNotOnBase", (1, 22, 1, 29)),
            ],
        ),
        (
            "FROM debian:12\nRUN apk add curl\n",
            [("PackageManagerNotOnBase", (1, 4, 1, 7))],
        ),
        (
            "FROM ubuntu:24.04\nRUN yum install -y x\n",
            [("PackageManagerNotOnBase", (1, 4, 1, 7))],
        ),
        ("FROM debian:12\nRUN apt-get update\n", []),
        ("FROM alpine:3.22\nRUN apk add --no-cache curl\n", []),
        ("FROM registry.example.com/team/base:1\nRUN apt-get update\n", []),
        ("FROM debian:12\nRUN echo 'apk add is for alpine'\n", []),
    ],
)
def test_package_manager_against_base(text: str, expected: list[object]) -> None:
    assert [
        item for item in _findings(text) if item[0] != "BaseImageEndOfLife"
    ] == expected


def test_package_manager_in_heredoc_body() -> None:
    text = "FROM debian:12\nRUN <<EOF\nset -e\napk add curl\nEOF\n"
    assert _findings(text) == [("PackageManagerNotOnBase", (3, 0, 3, 3))]


def test_package_manager_follows_stage_chain() -> None:
    text = "FROM alpine:3.22 AS base\nFROM base\nRUN apt-get install -y git\n"
    assert _findings(text) == [("PackageManagerNotOnBase", (2, 4, 2, 11))]


def test_shell_form_on_scratch() -> None:
    assert _findings("FROM scratch\nRUN echo hi\n") == [
        ("ShellFormWithoutShell", (1, 0, 1, 3))
    ]


def test_exec_form_on_scratch_is_fine() -> None:
    assert _findings('FROM scratch\nRUN ["/app", "--init"]\n') == []


def test_shell_copied_into_scratch_is_fine() -> None:
    text = "FROM scratch\nCOPY --from=busybox:1.36 /bin/sh /bin/sh\nRUN echo hi\n"
    assert _findings(text) == []


def test_shell_form_on_distroless() -> None:
    text = "FROM gcr.io/distroless/static-debian12\nRUN echo hi\n"
    assert _findings(text) == [("ShellFormWithoutShell", (1, 0, 1, 3))]


def test_end_of_life_release() -> None:
    # Debian 10 (buster) reached its end of life in June 2024.
    assert _findings("FROM debian:buster\n") == [("BaseImageEndOfLife", (0, 5, 0, 18))]


def test_supported_release_is_quiet() -> None:
    assert _findings("FROM debian:13\n") == []


def test_unknown_image_is_quiet() -> None:
    assert _findings("FROM example.com/private/builder:7\nRUN apk add x\n") == []


def test_end_of_life_is_information() -> None:
    findings = analyze("FROM debian:buster\n").findings
    severities = {item.rule.name: item.severity.name for item in findings}
    assert severities["BaseImageEndOfLife"] == "INFORMATION"
