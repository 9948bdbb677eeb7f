"""``describe_image`` on Windows images and on Docker Hub's architecture namespaces.

Sources of the expected values:

- .NET Framework: microsoft/dotnet-framework-docker. Its "Image Tagging
  Guidelines" give the tag forms ``<version>-<timestamp>-<OS>``,
  ``<version>-<OS>`` and the shared ``<version>`` and ``latest``. Its README "Full
  Tag Listing" of 2024-11 lists ``4.8.1`` on Windows Server Core ltsc2025 and
  ltsc2022, and ``4.8`` and ``latest`` on ltsc2022, ltsc2019 and ltsc2016. Its
  samples and Dockerfiles of 2026-07 build FROM the references below;
- Windows: the edition in mcr.microsoft.com's repository path (windows/servercore,
  windows/nanoserver and the images under them such as windows/servercore/iis),
  the release in the tag; Semi-Annual Channel names and builds from
  learn.microsoft.com, "Windows Server release information";
- architecture namespaces: docker-library/official-images README ("Architectures
  other than amd64?"): ``arm64v8/ubuntu`` is the arm64v8 build of ``ubuntu``, and
  Windows builds live under ``winamd64``.
"""

from __future__ import annotations

import pytest

from dockerfile_ls.knowledge import describe_image

FRAMEWORK = "mcr.microsoft.com/dotnet/framework"

# ref, edition, releases (the first result's release, then its alternatives')
WINDOWS = [
    # The samples' FROM lines and the shared tags of the tag listing.
    (f"{FRAMEWORK}/sdk:4.8.1", "windowsservercore", ("2025", "2022")),
    (f"{FRAMEWORK}/runtime:4.8.1", "windowsservercore", ("2025", "2022")),
    (f"{FRAMEWORK}/aspnet:4.8.1", "windowsservercore", ("2025", "2022")),
    (f"{FRAMEWORK}/wcf:4.8.1", "windowsservercore", ("2025", "2022")),
    (f"{FRAMEWORK}/sdk:4.8", "windowsservercore", ("2022", "2019", "2016")),
    (f"{FRAMEWORK}/runtime:latest", "windowsservercore", ("2022", "2019", "2016")),
    (f"{FRAMEWORK}/aspnet:4.7.2", "windowsservercore", ("2019", "2016")),
    (f"{FRAMEWORK}/runtime:4.6.2", "windowsservercore", ("2016",)),
    # Tags that name their release.
    (
        f"{FRAMEWORK}/sdk:4.8.1-windowsservercore-ltsc2022",
        "windowsservercore",
        ("2022",),
    ),
    (
        f"{FRAMEWORK}/aspnet:4.8.1-windowsservercore-ltsc2022",
        "windowsservercore",
        ("2022",),
    ),
    (
        f"{FRAMEWORK}/runtime:4.8.1-windowsservercore-ltsc2022",
        "windowsservercore",
        ("2022",),
    ),
    (
        f"{FRAMEWORK}/wcf:4.8.1-windowsservercore-ltsc2022",
        "windowsservercore",
        ("2022",),
    ),
    (
        f"{FRAMEWORK}/wcf:4.8.1-windowsservercore-ltsc2025",
        "windowsservercore",
        ("2025",),
    ),
    (
        f"{FRAMEWORK}/runtime:4.8.1-20260714-windowsservercore-ltsc2025",
        "windowsservercore",
        ("2025",),
    ),
    (
        f"{FRAMEWORK}/runtime:4.8-20260714-windowsservercore-ltsc2016",
        "windowsservercore",
        ("2016",),
    ),
    (
        f"{FRAMEWORK}/sdk:4.8-20200310-windowsservercore-1909",
        "windowsservercore",
        ("1909",),
    ),
    (f"{FRAMEWORK}/sdk:3.5-windowsservercore-20H2", "windowsservercore", ("20H2",)),
    # The Windows base images and the images under their paths.
    (
        "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022",
        "windowsservercore",
        ("2022",),
    ),
    (
        "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2025",
        "windowsservercore",
        ("2025",),
    ),
    ("mcr.microsoft.com/windows/servercore:1909", "windowsservercore", ("1909",)),
    ("mcr.microsoft.com/windows/nanoserver:20H2", "nanoserver", ("20H2",)),
    (
        "mcr.microsoft.com/windows/servercore:ltsc2022-KB5017316",
        "windowsservercore",
        ("2022",),
    ),
    # Build 19042 is Windows Server, version 20H2.
    (
        "mcr.microsoft.com/windows/servercore:10.0.19042.1889",
        "windowsservercore",
        ("20H2",),
    ),
    # Microsoft's repositories on Docker Hub before the move to mcr.microsoft.com.
    ("microsoft/windowsservercore:1709", "windowsservercore", ("1709",)),
    ("microsoft/nanoserver:10.0.14393.1884", "nanoserver", ("2016",)),
    ("microsoft/iis:windowsservercore-ltsc2016", "windowsservercore", ("2016",)),
    ("microsoft/iis:nanoserver-sac2016", "nanoserver", ("2016",)),
    (
        "microsoft/dotnet-framework:4.7.2-sdk-windowsservercore-ltsc2016",
        "windowsservercore",
        ("2016",),
    ),
]


@pytest.mark.parametrize(("ref", "edition", "releases"), WINDOWS)
def test_windows_releases(ref: str, edition: str, releases: tuple[str, ...]) -> None:
    facts = describe_image(ref)
    assert facts.confident
    assert facts.os_names == ("windows",)
    assert facts.distro == edition
    versions = (facts.version, *(alt.version for alt in facts.alternatives))
    assert versions == releases
    assert all(alt.distro == edition for alt in facts.alternatives)


# Windows images whose tag does not name a release: the edition is still known.
HOST_RELEASE = [
    ("mcr.microsoft.com/windows/servercore/iis", "windowsservercore"),
    ("mcr.microsoft.com/windows/servercore/iis:latest", "windowsservercore"),
    (f"{FRAMEWORK}/sdk:3.5", "windowsservercore"),
    (f"{FRAMEWORK}/samples:aspnetapp", "windowsservercore"),
    ("mcr.microsoft.com/windows/nanoserver/insider:10.0.26244.5000", "nanoserver"),
    ("microsoft/aspnet", "windowsservercore"),
]


@pytest.mark.parametrize(("ref", "edition"), HOST_RELEASE)
def test_windows_release_follows_host(ref: str, edition: str) -> None:
    facts = describe_image(ref)
    assert facts.confident
    assert facts.os == "windows"
    assert facts.distro == edition
    assert facts.version is None
    assert facts.note is not None


def test_framework_shared_tag_short_text() -> None:
    facts = describe_image(f"{FRAMEWORK}/sdk:4.8.1")
    assert facts.short() == "Windows Server Core 2025/2022"


def test_framework_shared_tag_is_dated() -> None:
    facts = describe_image(f"{FRAMEWORK}/sdk:4.8.1")
    assert facts.floating
    assert facts.data_date is not None


def test_semi_annual_release_end_of_life() -> None:
    # Windows Server, version 1909 reached its end of servicing on 2021-05-11.
    facts = describe_image("mcr.microsoft.com/windows/servercore:1909")
    assert facts.eol == "2021-05-11"


# Architecture namespaces: the same facts as the official image.
ARCHITECTURES = [
    ("amd64/alpine:3.22", "alpine:3.22", "amd64"),
    ("arm64v8/ubuntu:24.04", "ubuntu:24.04", "arm64v8"),
    ("arm32v7/debian", "debian", "arm32v7"),
    ("arm32v6/busybox:musl", "busybox:musl", "arm32v6"),
    ("arm32v5/debian:bookworm-slim", "debian:bookworm-slim", "arm32v5"),
    ("i386/node:22", "node:22", "i386"),
    ("ppc64le/python:3.14-slim", "python:3.14-slim", "ppc64le"),
    ("s390x/postgres:17", "postgres:17", "s390x"),
    ("riscv64/alpine:3.24", "alpine:3.24", "riscv64"),
    ("mips64le/debian:trixie", "debian:trixie", "mips64le"),
    ("docker.io/arm64v8/nginx:1.31", "nginx:1.31", "arm64v8"),
    ("index.docker.io/amd64/node:20", "node:20", "amd64"),
]


@pytest.mark.parametrize(("ref", "official", "architecture"), ARCHITECTURES)
def test_architecture_namespace(ref: str, official: str, architecture: str) -> None:
    facts = describe_image(ref)
    expected = describe_image(official)
    assert facts.known
    assert facts.architecture == architecture
    assert (facts.os, facts.distro, facts.version) == (
        expected.os,
        expected.distro,
        expected.version,
    )
    assert facts.status == expected.status


def test_architecture_release_named_by_tag() -> None:
    facts = describe_image("arm64v8/ubuntu:24.04")
    assert (facts.distro, facts.version) == ("ubuntu", "24.04")


def test_linux_namespace_drops_windows_builds() -> None:
    facts = describe_image("amd64/python:3.14")
    assert facts.os_names == ("linux",)


@pytest.mark.parametrize("namespace", ["winamd64", "windows-amd64"])
def test_windows_namespace_keeps_windows_builds(namespace: str) -> None:
    facts = describe_image(f"{namespace}/python:3.14")
    assert facts.os_names == ("windows",)
    assert {facts.version, *(alt.version for alt in facts.alternatives)} == {
        "2025",
        "2022",
    }


@pytest.mark.parametrize(
    "ref",
    [
        "winamd64/alpine:3.22",  # alpine has no Windows build
        "amd64/golang:1.26-windowsservercore",  # a Windows-only tag
        "arm64v8/no-such-image:1",
        "amd64/alpine:no-such-tag",
    ],
)
def test_architecture_namespace_unknown(ref: str) -> None:
    assert not describe_image(ref).known


def test_architecture_in_description() -> None:
    assert "arm64v8" in describe_image("arm64v8/ubuntu:24.04").describe()
