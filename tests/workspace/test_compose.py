"""Table tests for the Compose reader.

Expected paths follow the Compose Build Specification: ``context`` is relative to
the Compose file's folder (default ``.``), ``dockerfile`` is relative to the context
(default ``Dockerfile``), and a Git or URL context has no local Dockerfile.
"""

from __future__ import annotations

import pytest

from dockerfile_ls.core.text import Span
from dockerfile_ls.workspace.compose import (
    compose_sites,
    parse_compose,
    read_compose,
    unescape_interpolation,
)
from dockerfile_ls.workspace.filenames import is_compose_file
from dockerfile_ls.workspace.readers import read_sites
from dockerfile_ls.workspace.sites import BuildSite

COMPOSE = "/w/compose.yaml"


def only_site(text: str) -> BuildSite:
    sites = read_compose(COMPOSE, text)
    assert len(sites) == 1
    return sites[0]


def test_context_and_dockerfile_with_empty_target() -> None:
    text = (
        "services:\n  web:\n    build:\n      context: ./api\n"
        "      dockerfile: Dockerfile.other\n      target: \n"
    )
    site = only_site(text)
    assert site.dockerfile == "/w/api/Dockerfile.other"
    assert site.context == "/w/api"
    assert site.target == ""
    assert site.target_span is None
    assert site.insert_span is not None
    assert site.insert_span.contains(5, 14)
    assert site.insert_prefix == " "
    assert site.dockerfile_span == Span(4, 18, 4, 34)
    assert site.context_span == Span(3, 15, 3, 20)
    assert site.name == "web"


def test_bare_target_key_without_space() -> None:
    site = only_site("services:\n  a:\n    build:\n      target:\n")
    assert site.insert_span == Span(3, 13, 3, 13)
    assert site.insert_prefix == " "


def test_bare_target_key_before_comment() -> None:
    site = only_site("services:\n  a:\n    build:\n      target:  # pick one\n")
    assert site.insert_span == Span(3, 13, 3, 15)
    assert site.insert_suffix == " "


def test_inline_dockerfile() -> None:
    text = (
        "services:\n  web:\n    build:\n      context: ./api\n"
        "      dockerfile_inline: |\n        FROM alpine:3.20 AS inl\n"
        "        RUN true\n      target: inl\n"
    )
    site = only_site(text)
    assert site.dockerfile is None
    assert site.inline_dockerfile == "FROM alpine:3.20 AS inl\nRUN true\n"
    assert site.inline_line_starts == ((5, 8), (6, 8))
    assert site.target_span == Span(7, 14, 7, 17)


@pytest.mark.parametrize(
    ("build", "dockerfile", "context"),
    [
        ("build: .", "/w/Dockerfile", "/w"),
        ("build: ./svc", "/w/svc/Dockerfile", "/w/svc"),
        ("build: {dockerfile: D}", "/w/D", "/w"),
        ("build: {context: svc, dockerfile: /abs/D}", "/abs/D", "/w/svc"),
        ("build: {context: ../up}", "/up/Dockerfile", "/up"),
        ("build: {context: 'https://github.com/o/r.git#main'}", None, None),
        ("build: {context: 'git@github.com:o/r.git'}", None, None),
        ("build: {context: '${DIR}'}", None, None),
        ("build: {dockerfile: '${DF}'}", None, "/w"),
        ("build: {context: 'a$$b'}", "/w/a$b/Dockerfile", "/w/a$b"),
    ],
)
def test_paths(build: str, dockerfile: str | None, context: str | None) -> None:
    site = only_site(f"services:\n  s:\n    {build}\n")
    assert site.dockerfile == dockerfile
    assert site.context == context


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("app", ("app", False)),
        ("$$x", ("$x", False)),
        ("${T}", ("${T}", True)),
        ("$T", ("$T", True)),
        ("${T:-app}", ("${T:-app}", True)),
        ("a$", ("a$", False)),
    ],
)
def test_interpolation(value: str, expected: tuple[str, bool]) -> None:
    assert unescape_interpolation(value) == expected


def test_interpolated_target_is_dynamic() -> None:
    site = only_site('services:\n  s:\n    build: {target: "${T:-dev}"}\n')
    assert site.target_dynamic


def test_quoted_target_span_excludes_quotes() -> None:
    site = only_site('services:\n  s:\n    build:\n      target: "app3"\n')
    assert site.target_span == Span(3, 15, 3, 19)


def test_empty_quoted_target() -> None:
    site = only_site("services:\n  s:\n    build:\n      target: ''\n")
    assert site.target == ""
    assert site.target_span == Span(3, 15, 3, 15)


def test_flow_mapping() -> None:
    site = only_site("services: {lint: {build: {context: ., target: lint}}}\n")
    assert site.target == "lint"
    assert site.target_span == Span(0, 46, 0, 50)


def test_merge_keys_and_anchors() -> None:
    text = (
        "x-build: &common\n  context: ./api\n  target: dev\n"
        "services:\n  a:\n    build:\n      <<: *common\n      target: prod\n"
        "  b:\n    build: *common\n"
    )
    sites = read_compose(COMPOSE, text)
    assert [(s.name, s.target, s.context) for s in sites] == [
        ("a", "prod", "/w/api"),
        ("b", "dev", "/w/api"),
    ]


def test_services_without_build_have_no_site() -> None:
    assert read_compose(COMPOSE, "services:\n  db:\n    image: postgres\n") == []


def test_invalid_yaml_has_no_sites() -> None:
    assert read_compose(COMPOSE, "services:\n  a: [\n") == []


def test_byte_order_mark_keeps_columns() -> None:
    (site,) = read_sites(COMPOSE, "\ufeffservices: {a: {build: {target: x}}}\n")
    # The BOM counts as column 0, so `x` is at column 32.
    assert site.target_span == Span(0, 32, 0, 33)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("compose.yaml", True),
        ("compose.yml", True),
        ("docker-compose.yml", True),
        ("docker-compose.yaml", True),
        ("compose.override.yaml", True),
        ("docker-compose.override.yml", True),
        ("docker-compose.prod.yml", True),
        ("compose.json", False),
        ("my-compose.yaml", False),
    ],
)
def test_compose_file_names(name: str, expected: bool) -> None:
    assert is_compose_file(name) is expected


def test_override_file_reads_base_values() -> None:
    base = parse_compose(
        "/w/compose.yaml",
        "services:\n  api:\n    build:\n      context: ./api\n      target: prod\n",
    )
    override = parse_compose(
        "/w/compose.override.yaml", "services:\n  api:\n    build:\n      target: dev\n"
    )
    sites = compose_sites([base, override])
    (over,) = sites["/w/compose.override.yaml"]
    assert over.target == "dev"
    assert over.dockerfile == "/w/api/Dockerfile"
    assert over.target_span == Span(3, 14, 3, 17)
    assert over.context_span is None
    (own,) = sites["/w/compose.yaml"]
    assert own.target == "prod"


# The libyaml loader and the pure-Python one must give the same sites.
def test_pure_python_loader_gives_same_sites(monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    from dockerfile_ls.workspace import yamlnodes

    text = (
        "services:\n  a:\n    build:\n      context: ./api\n      target: \n"
        "  b: {build: {target: }}\n  c:\n    build:\n      dockerfile_inline: |\n"
        "        FROM x AS y\n"
    )
    fast = read_compose(COMPOSE, text)
    monkeypatch.setattr(yamlnodes, "LOADER", yaml.SafeLoader)
    assert read_compose(COMPOSE, text) == fast
