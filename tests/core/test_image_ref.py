"""Image reference parsing against the distribution/reference grammar.

Expected values follow github.com/distribution/reference (normalize.go and
regexp.go), which BuildKit uses to parse FROM images.
"""

from __future__ import annotations

import pytest

from dockerfile_ls.core.image_ref import parse_image_ref

DIGEST = "sha256:" + "a" * 64

# text, domain, path, tag, digest, normalized name
VALID = [
    ("alpine", None, "alpine", None, None, "docker.io/library/alpine"),
    ("alpine:3.20", None, "alpine", "3.20", None, "docker.io/library/alpine"),
    ("library/alpine", None, "library/alpine", None, None, "docker.io/library/alpine"),
    ("docker.io/alpine", "docker.io", "alpine", None, None, "docker.io/library/alpine"),
    (
        "index.docker.io/library/alpine:edge",
        "index.docker.io",
        "library/alpine",
        "edge",
        None,
        "docker.io/library/alpine",
    ),
    ("user/app", None, "user/app", None, None, "docker.io/user/app"),
    ("localhost/app", "localhost", "app", None, None, "localhost/app"),
    ("localhost:5000/app:1", "localhost:5000", "app", "1", None, "localhost:5000/app"),
    ("ghcr.io/o/r/img:v1", "ghcr.io", "o/r/img", "v1", None, "ghcr.io/o/r/img"),
    ("[::1]:5000/app", "[::1]:5000", "app", None, None, "[::1]:5000/app"),
    # An uppercase first component is a registry host, not a Hub user.
    ("Registry/app", "Registry", "app", None, None, "Registry/app"),
    (
        "a__b/c-d---e.f_g",
        None,
        "a__b/c-d---e.f_g",
        None,
        None,
        "docker.io/a__b/c-d---e.f_g",
    ),
    ("alpine@" + DIGEST, None, "alpine", None, DIGEST, "docker.io/library/alpine"),
    ("alpine:3@" + DIGEST, None, "alpine", "3", DIGEST, "docker.io/library/alpine"),
    # A tag may contain uppercase letters and start with an underscore.
    ("tomee:10-Temurin", None, "tomee", "10-Temurin", None, "docker.io/library/tomee"),
    ("app:_x", None, "app", "_x", None, "docker.io/library/app"),
    # Docker Hub's architecture namespaces are ordinary user namespaces.
    (
        "arm64v8/ubuntu:24.04",
        None,
        "arm64v8/ubuntu",
        "24.04",
        None,
        "docker.io/arm64v8/ubuntu",
    ),
    (
        "windows-amd64/golang",
        None,
        "windows-amd64/golang",
        None,
        None,
        "docker.io/windows-amd64/golang",
    ),
    # Without a slash the part after ":" is a tag, even if it looks like a port.
    ("localhost:5000", None, "localhost", "5000", None, "docker.io/library/localhost"),
]

INVALID = [
    "",
    "Alpine",  # a repository path must be lowercase
    "user/App",
    "alpine:",  # empty tag
    "alpine:-x",  # a tag cannot start with "-"
    "alpine:" + "x" * 129,  # a tag has at most 128 characters
    "a..b",  # separators cannot repeat, except "__" and runs of "-"
    "a___b",
    "-alpine",
    "alpine/",
    "$REGISTRY/app:1.0",  # build arguments must be expanded first
    "alpine@sha256:abc",  # too short for sha256
    "alpine@sha256:" + "A" * 64,  # sha256 is lowercase hex
    "alpine@md5:" + "a" * 32,  # unsupported algorithm
    "a" * 64,  # a bare 64-hex string reads as an image ID
    "host:port/app",  # a port is digits
    "x/" + "a" * 250,  # docker.io/x/... exceeds 255 characters
]


@pytest.mark.parametrize(("text", "domain", "path", "tag", "digest", "name"), VALID)
def test_parse_valid_reference(
    text: str,
    domain: str | None,
    path: str,
    tag: str | None,
    digest: str | None,
    name: str,
) -> None:
    ref = parse_image_ref(text)
    assert ref is not None
    assert ref.domain == domain
    assert ref.path == path
    assert ref.tag == tag
    assert ref.digest == digest
    assert ref.normalized_name() == name


@pytest.mark.parametrize("text", INVALID)
def test_parse_invalid_reference(text: str) -> None:
    assert parse_image_ref(text) is None


def test_ranges_point_into_text() -> None:
    text = "registry.example.com:5000/team/app:1.2@" + DIGEST
    ref = parse_image_ref(text)
    assert ref is not None
    assert ref.domain_range == (0, 25)
    assert text[slice(*ref.path_range)] == "team/app"
    assert ref.tag_range is not None
    assert text[slice(*ref.tag_range)] == "1.2"
    assert ref.digest_range is not None
    assert text[slice(*ref.digest_range)] == DIGEST


def test_ranges_absent_parts_are_none() -> None:
    ref = parse_image_ref("alpine")
    assert ref is not None
    assert ref.domain_range is None
    assert ref.path_range == (0, 6)
    assert ref.tag_range is None
    assert ref.digest_range is None


@pytest.mark.parametrize(
    ("text", "familiar"),
    [
        ("docker.io/library/alpine:3.20", "alpine:3.20"),
        ("index.docker.io/user/app", "user/app"),
        ("ghcr.io/o/app:v1", "ghcr.io/o/app:v1"),
        ("alpine@" + DIGEST, "alpine@" + DIGEST),
    ],
)
def test_familiar_form(text: str, familiar: str) -> None:
    ref = parse_image_ref(text)
    assert ref is not None
    assert ref.familiar() == familiar


@pytest.mark.parametrize(
    ("text", "official"),
    [
        ("alpine", "alpine"),
        ("docker.io/library/node:22", "node"),
        ("user/app", None),
        ("ghcr.io/alpine", None),
        ("library/a/b", None),
        # An architecture namespace is not library/: the knowledge maps it.
        ("amd64/alpine", None),
    ],
)
def test_official_image_name(text: str, official: str | None) -> None:
    ref = parse_image_ref(text)
    assert ref is not None
    assert ref.official_image == official
