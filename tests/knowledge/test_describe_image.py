"""``describe_image`` on a table of references whose OS is documented.

Each case names its source. Facts about Docker official images hold as of the
shipped table (docker-library/official-images at 2026-08-21); the others come from
the publishers' naming schemes and do not move.
"""

from __future__ import annotations

import datetime

import pytest

from dockerfile_ls.knowledge import Source, TagStatus, data_date, describe_image

# ref, os, distro, version, variant, source of the fact
CONFIDENT = [
    # Official images: the tag names the release.
    ("alpine:3.22", "linux", "alpine", "3.22", None, "library/alpine tags"),
    ("debian:bookworm-slim", "linux", "debian", "12", "slim", "library/debian tags"),
    ("ubuntu:noble", "linux", "ubuntu", "24.04", None, "library/ubuntu tags"),
    ("python:3.12-slim-bookworm", "linux", "debian", "12", "slim", "tag words"),
    ("node:22-alpine3.23", "linux", "alpine", "3.23", None, "tag words"),
    (
        "docker.io/library/ubuntu:24.04",
        "linux",
        "ubuntu",
        "24.04",
        None,
        "Hub name forms",
    ),
    (
        "index.docker.io/library/alpine:3.21",
        "linux",
        "alpine",
        "3.21",
        None,
        "Hub legacy",
    ),
    (
        "public.ecr.aws/docker/library/alpine:3.22",
        "linux",
        "alpine",
        "3.22",
        None,
        "ECR mirror",
    ),
    ("busybox:musl", "linux", "busybox", None, "musl", "library/busybox tags"),
    # Official images: the tag's manifest entry names the release.
    ("node:26", "linux", "debian", "13", None, "entry also tagged 26-trixie"),
    (
        "python:3.12-slim",
        "linux",
        "debian",
        "13",
        "slim",
        "entry also tagged slim-trixie",
    ),
    (
        "eclipse-temurin:21",
        "linux",
        "ubuntu",
        "26.04",
        None,
        "entry also tagged resolute",
    ),
    ("nginx:stable-alpine", "linux", "alpine", "3.24", None, "entry tagged alpine3.24"),
    ("debian:stable", "linux", "debian", "13", None, "library/debian suite comments"),
    # Official images: curated FROM lines.
    ("mysql:8.4", "linux", "oraclelinux", "9", "slim", "FROM oraclelinux:9-slim"),
    ("adminer:latest", "linux", "alpine", "3.24", None, "FROM php:8.4-alpine"),
    ("nats:latest", "linux", "scratch", None, None, "FROM scratch"),
    # Registry naming schemes.
    (
        "gcr.io/distroless/static-debian12",
        "linux",
        "debian",
        "12",
        "distroless-static",
        "distroless README",
    ),
    (
        "gcr.io/distroless/java21-debian13:nonroot",
        "linux",
        "debian",
        "13",
        "distroless-java",
        "distroless README",
    ),
    (
        "cgr.dev/chainguard/node",
        "linux",
        "wolfi",
        None,
        "chainguard",
        "Chainguard images",
    ),
    (
        "registry.access.redhat.com/ubi9/ubi-minimal",
        "linux",
        "rhel-ubi",
        "9",
        "minimal",
        "Red Hat UBI",
    ),
    (
        "registry.access.redhat.com/ubi10",
        "linux",
        "rhel-ubi",
        "10",
        None,
        "Red Hat UBI",
    ),
    (
        "registry.access.redhat.com/ubi8/nodejs-20-minimal",
        "linux",
        "rhel-ubi",
        "8",
        "minimal",
        "Red Hat UBI",
    ),
    (
        "registry.redhat.io/rhel9/postgresql-16",
        "linux",
        "rhel",
        "9",
        None,
        "Red Hat catalog",
    ),
    ("redhat/ubi9-micro", "linux", "rhel-ubi", "9", "micro", "Red Hat on Docker Hub"),
    (
        "mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled",
        "linux",
        "ubuntu",
        "22.04",
        "chiseled",
        "dotnet tag policy",
    ),
    (
        "mcr.microsoft.com/dotnet/sdk:8.0-alpine3.23-amd64",
        "linux",
        "alpine",
        "3.23",
        None,
        "dotnet tag policy",
    ),
    (
        "mcr.microsoft.com/dotnet/runtime:9.0-azurelinux3.0-distroless",
        "linux",
        "azurelinux",
        "3.0",
        "distroless",
        "dotnet tag policy",
    ),
    (
        "mcr.microsoft.com/dotnet/sdk:10.0",
        "linux",
        "ubuntu",
        "24.04",
        None,
        "dotnet: 10+ defaults to Ubuntu",
    ),
    (
        "mcr.microsoft.com/dotnet/runtime:8.0",
        "linux",
        "debian",
        "12",
        "slim",
        "dotnet: 8 defaults to Debian",
    ),
    (
        "mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022",
        "windows",
        "nanoserver",
        "2022",
        None,
        "dotnet tag policy",
    ),
    (
        "mcr.microsoft.com/windows/servercore:ltsc2019-amd64",
        "windows",
        "windowsservercore",
        "2019",
        None,
        "Windows tags",
    ),
    (
        "mcr.microsoft.com/windows/nanoserver:1809",
        "windows",
        "nanoserver",
        "2019",
        None,
        "Windows tags",
    ),
    (
        "mcr.microsoft.com/windows/server:ltsc2025",
        "windows",
        "windowsserver",
        "2025",
        None,
        "Windows tags",
    ),
    (
        "mcr.microsoft.com/azurelinux/base/core:3.0",
        "linux",
        "azurelinux",
        "3.0",
        None,
        "Azure Linux",
    ),
    (
        "mcr.microsoft.com/cbl-mariner/distroless/base:2.0",
        "linux",
        "cbl-mariner",
        "2.0",
        "distroless",
        "CBL-Mariner",
    ),
    (
        "public.ecr.aws/lambda/nodejs:22",
        "linux",
        "amazonlinux",
        "2023",
        "minimal",
        "AWS Lambda runtimes",
    ),
    (
        "public.ecr.aws/lambda/python:3.11",
        "linux",
        "amazonlinux",
        "2",
        None,
        "AWS Lambda runtimes",
    ),
    (
        "public.ecr.aws/lambda/provided:al2023",
        "linux",
        "amazonlinux",
        "2023",
        "minimal",
        "AWS Lambda runtimes",
    ),
    (
        "public.ecr.aws/amazonlinux/amazonlinux:2023",
        "linux",
        "amazonlinux",
        "2023",
        None,
        "same image as amazonlinux",
    ),
    (
        "quay.io/centos/centos:stream10",
        "linux",
        "centos-stream",
        "10",
        None,
        "CentOS on quay.io",
    ),
    ("quay.io/fedora/fedora:42", "linux", "fedora", "42", None, "Fedora on quay.io"),
    ("opensuse/leap:15.6", "linux", "opensuse-leap", "15.6", None, "openSUSE on Hub"),
]


@pytest.mark.parametrize(
    ("ref", "os", "distro", "version", "variant", "why"), CONFIDENT
)
def test_confident_facts(
    ref: str, os: str, distro: str, version: str | None, variant: str | None, why: str
) -> None:
    facts = describe_image(ref)
    assert facts.confident, why
    assert facts.os == os
    assert facts.distro == distro
    assert facts.version == version
    assert facts.variant == variant


# Third-party tags whose words name a release: reported, but only as a hint.
HINTS = [
    ("ghcr.io/astral-sh/uv:python3.12-bookworm-slim", "debian", "12"),
    ("bitnami/postgresql:16.4.0-debian-12-r0", "debian", "12"),
    ("jenkins/jenkins:2.462.1-rhel-ubi9-jdk17", "rhel-ubi", "9"),
    ("mcr.microsoft.com/playwright:v1.50.0-noble", "ubuntu", "24.04"),
    ("grafana/grafana:11.0.0-ubuntu", "ubuntu", None),
    (
        "cgr.dev/acme/app:1.0",
        "wolfi",
        None,
    ),  # private cgr.dev orgs: Wolfi by convention
]


@pytest.mark.parametrize(("ref", "distro", "version"), HINTS)
def test_hints_are_marked(ref: str, distro: str, version: str | None) -> None:
    facts = describe_image(ref)
    assert facts.known
    assert facts.is_hint
    assert not facts.confident
    assert facts.distro == distro
    assert facts.version == version


UNKNOWN = [
    "jenkins/jenkins:lts-jdk21",
    "hashicorp/terraform:1.9",
    "mcr.microsoft.com/mssql/server:2022-latest",
    "registry.k8s.io/pause:3.10",
    "123456789012.dkr.ecr.us-east-1.amazonaws.com/myapp:1.4.2",
    "localhost:5000/myimage:latest",
    "ghcr.io/acme/internal-tool:v3",
    "$REGISTRY/app:1.0",
    "nginx@sha256:" + "b" * 64,  # a digest alone carries no OS facts offline
    "node:no-such-tag",
    "gcr.io/other/app:1",
    "quay.io/prometheus/prometheus:v3.0.0",
]


@pytest.mark.parametrize("ref", UNKNOWN)
def test_unknown_references(ref: str) -> None:
    facts = describe_image(ref)
    assert not facts.known
    assert facts.distro is None


def test_scratch_has_no_os() -> None:
    facts = describe_image("scratch")
    assert facts.scratch
    assert facts.has_shell is False
    assert facts.short() == "no OS (scratch)"


def test_tag_and_digest_answers_from_tag() -> None:
    facts = describe_image("alpine:3.22@sha256:" + "c" * 64)
    assert facts.version == "3.22"
    assert facts.note is not None


def test_removed_tag_reports_last_build() -> None:
    # node 20 reached end of life and left the manifests; its last build was
    # Debian 12 based.
    facts = describe_image("node:20")
    assert facts.status is TagStatus.REMOVED
    assert facts.distro == "debian"
    assert facts.version == "12"
    assert facts.last_built is not None
    assert "no longer maintained" in facts.describe()


def test_multi_platform_tag_lists_windows() -> None:
    # library/python: the 3.14 shared tag also lists windowsservercore-ltsc2025
    # and -ltsc2022 entries.
    facts = describe_image("python:3.14")
    windows = [
        alternative for alternative in facts.alternatives if alternative.os == "windows"
    ]
    assert facts.os == "linux"
    assert facts.os_names == ("linux", "windows")
    assert {alternative.version for alternative in windows} == {"2022", "2025"}
    assert facts.short() == "Debian 13 on Linux; Windows Server Core 2025/2022"


def test_shared_tag_with_windows_variants() -> None:
    # library/eclipse-temurin: 21-jre is shared by the resolute entry and the
    # windowsservercore-ltsc2025 and -ltsc2022 entries.
    facts = describe_image("eclipse-temurin:21-jre")
    assert facts.os == "linux"
    assert (facts.distro, facts.version) == ("ubuntu", "26.04")
    assert facts.os_names == ("linux", "windows")
    windows = {(alt.distro, alt.version) for alt in facts.alternatives}
    assert windows == {("windowsservercore", "2025"), ("windowsservercore", "2022")}
    assert "on Windows hosts" in facts.describe()


def test_platform_windows_picks_windows() -> None:
    facts = describe_image("golang:1.26", "windows/amd64")
    assert facts.os == "windows"
    assert facts.os_names == ("windows", "linux")
    assert facts.short() == "Windows Server Core 2025/2022; Debian 13 on Linux"


def test_floating_tag_is_dated() -> None:
    facts = describe_image("node:26")
    assert facts.floating
    assert facts.source is Source.IMAGE_DEFAULT
    assert facts.data_date == data_date()


def test_tag_naming_release_is_not_floating() -> None:
    facts = describe_image("node:26-trixie")
    assert facts.source is Source.TAG
    assert not facts.floating


@pytest.mark.parametrize(
    ("ref", "short"),
    [
        ("alpine:3.24", "Alpine 3.24"),
        ("debian:trixie-slim", "Debian 13 slim"),
        ("bitnami/postgresql:16.4.0-debian-12-r0", "Debian 12?"),
        ("golang:1.26-windowsservercore", "Windows Server Core 2025/2022"),
        ("jenkins/jenkins:lts-jdk21", "unknown OS"),
        ("node:20", "Debian 12 (unmaintained tag)"),
        # library/eclipse-temurin: 21-jre is shared by the resolute entry and the
        # windowsservercore-ltsc2025 and -ltsc2022 entries.
        (
            "eclipse-temurin:21-jre",
            "Ubuntu 26.04 on Linux; Windows Server Core 2025/2022",
        ),
        # library/hello-world: latest is scratch on Linux, Nano Server on Windows.
        ("hello-world", "no OS (scratch) on Linux; Nano Server 2025/2022 on Windows"),
    ],
)
def test_short_text(ref: str, short: str) -> None:
    assert describe_image(ref).short() == short


@pytest.mark.parametrize(
    ("ref", "manager", "shell"),
    [
        ("alpine:3.22", "apk", True),
        ("debian:bookworm", "apt", True),
        ("almalinux:9-minimal", "microdnf", True),
        ("amazonlinux:2", "yum", True),
        ("gcr.io/distroless/base-debian12", "none", False),
        ("gcr.io/distroless/base-debian12:debug", "none", True),
        ("cgr.dev/chainguard/python:latest-dev", "apk", True),
        ("registry.access.redhat.com/ubi9/ubi-micro", "none", True),
    ],
)
def test_package_manager_and_shell(ref: str, manager: str, shell: bool) -> None:
    facts = describe_image(ref)
    assert facts.package_manager == manager
    assert facts.has_shell is shell


def test_eol_of_released_debian() -> None:
    # Debian 10 buster: LTS ended 2024-06-30 (wiki.debian.org/LTS).
    facts = describe_image("debian:buster")
    assert facts.eol == "2024-06-30"
    assert facts.is_eol(datetime.date(2024, 7, 1))
    assert not facts.is_eol(datetime.date(2024, 6, 30))


def test_eol_month_precision_counts_whole_month() -> None:
    # Ubuntu 20.04 standard support ended in May 2025 (ubuntu.com release cycle).
    facts = describe_image("public.ecr.aws/docker/library/ubuntu:20.04")
    assert facts.eol == "2025-05"
    assert not facts.is_eol(datetime.date(2025, 5, 31))
    assert facts.is_eol(datetime.date(2025, 6, 1))


def test_lookup_is_cached() -> None:
    assert describe_image("node:26") is describe_image("node:26")


def test_moved_tag_reports_earlier_release(monkeypatch: pytest.MonkeyPatch) -> None:
    from dockerfile_ls.knowledge import lookup, official
    from dockerfile_ls.knowledge.table_format import Table, TableBuilder
    from dockerfile_ls.knowledge.vocabulary import Release

    builder = TableBuilder({"date": "2026-02-01", "commit": "", "source": "test"})
    trixie = Release("linux", "debian", "13", "trixie")
    bookworm = Release("linux", "debian", "12", "bookworm")
    builder.add_current("app", "1", [(trixie, None)], "d")
    builder.add_moved("app", "1", "2025-06-01", bookworm, None)
    table = Table(builder.build())
    monkeypatch.setattr(official, "load_table", lambda: table)
    lookup.describe_cached.cache_clear()
    try:
        facts = describe_image("app:1")
    finally:
        lookup.describe_cached.cache_clear()
    assert facts.version == "13"
    assert facts.moved_from == "Debian 12"
    assert facts.moved_date == "2025-06-01"
