"""Release words in tags: codenames and versioned distribution names.

Codenames are the distributions' own (wiki.debian.org/DebianReleases,
wiki.ubuntu.com/Releases); Windows builds from learn.microsoft.com's Windows
Server release information.
"""

from __future__ import annotations

import pytest

from dockerfile_ls.knowledge.vocabulary import Release, read_words

# tag, os, distro, version, codename, variant
CASES = [
    ("3.12-slim-bookworm", "linux", "debian", "12", "bookworm", "slim"),
    ("22-bullseye-slim", "linux", "debian", "11", "bullseye", "slim"),
    ("16.4.0-debian-12-r0", "linux", "debian", "12", "bookworm", None),
    ("1-debian", "linux", "debian", None, None, None),
    ("17-jdk-jammy", "linux", "ubuntu", "22.04", "jammy", None),
    ("ubuntu-24.04", "linux", "ubuntu", "24.04", "noble", None),
    ("8.0-noble-chiseled", "linux", "ubuntu", "24.04", "noble", "chiseled"),
    ("3.13-alpine3.20", "linux", "alpine", "3.20", None, None),
    ("21-jdk-alpine-3.24", "linux", "alpine", "3.24", None, None),
    ("lts-alpine", "linux", "alpine", None, None, None),
    ("21-jdk-ubi9-minimal", "linux", "rhel-ubi", "9", None, "minimal"),
    ("2.462.1-rhel-ubi9-jdk17", "linux", "rhel-ubi", "9", None, None),
    ("8-al2023-jdk", "linux", "amazonlinux", "2023", None, None),
    ("8u504-al2-native-jre", "linux", "amazonlinux", "2", None, None),
    ("8.4-oraclelinux9", "linux", "oraclelinux", "9", None, None),
    ("8.0-azurelinux3.0-distroless", "linux", "azurelinux", "3.0", None, "distroless"),
    ("8.0-cbl-mariner2.0", "linux", "cbl-mariner", "2.0", None, None),
    (
        "1.26-windowsservercore-ltsc2022",
        "windows",
        "windowsservercore",
        "2022",
        "ltsc2022",
        None,
    ),
    ("8.0-nanoserver-1809", "windows", "nanoserver", "2019", "1809", None),
    ("nanoserver-ltsc2025", "windows", "nanoserver", "2025", "ltsc2025", None),
    # Semi-Annual Channel releases are named by their version.
    ("4.8-windowsservercore-1909", "windows", "windowsservercore", "1909", None, None),
    ("3.5-windowsservercore-20H2", "windows", "windowsservercore", "20H2", None, None),
    # iis-docker's windowsservercore-2009 directory is the 20H2 release.
    ("windowsservercore-2009", "windows", "windowsservercore", "20H2", None, None),
    ("nanoserver-1803", "windows", "nanoserver", "1803", None, None),
    # iis-docker's "nanoserver-sac2016": the Nano Server release of 2016.
    ("nanoserver-sac2016", "windows", "nanoserver", "2016", "sac2016", None),
    ("stream9", "linux", "centos-stream", "9", None, None),
    ("2-scratch", "linux", "scratch", None, None, None),
]


@pytest.mark.parametrize(
    ("tag", "os", "distro", "version", "codename", "variant"), CASES
)
def test_read_words(
    tag: str,
    os: str,
    distro: str,
    version: str | None,
    codename: str | None,
    variant: str | None,
) -> None:
    reading = read_words(tag)
    assert reading.release is not None
    assert reading.release.os == os
    assert reading.release.distro == distro
    assert reading.release.version == version
    assert reading.release.codename == codename
    assert reading.variant == variant


@pytest.mark.parametrize(
    "tag",
    [
        "latest",
        "1.9",
        "lts-jdk21",
        "2022-latest",  # a year alone is not a Windows release
        "1809",  # a release number needs an edition word beside it
        "1909",
        "2004",
        "2009",
        "sac2016",
        "stable",  # a Debian suite only on Debian images
        "edge",  # Alpine's edge only on the alpine image
    ],
)
def test_read_words_without_release(tag: str) -> None:
    assert read_words(tag).release is None


def test_debian_packaging_revision_is_no_version() -> None:
    # fluentd's "v1.19-debian-1.0": "debian-1" is a packaging revision.
    assert read_words("v1.19-debian-1.0").release == Release("linux", "debian")


def test_suite_alias_when_enabled() -> None:
    trixie = Release("linux", "debian", "13", "trixie")
    reading = read_words("stable-slim", debian_suites={"stable": trixie})
    assert reading.release == trixie
    assert reading.variant == "slim"


def test_hyphenated_suite_alias() -> None:
    # library/debian: "rc-buggy" is the experimental suite's other name.
    experimental = Release("linux", "debian", "experimental", "rc-buggy")
    reading = read_words("rc-buggy-20260803", debian_suites={"rc-buggy": experimental})
    assert reading.release == experimental


def test_edge_on_alpine_image() -> None:
    reading = read_words("edge", alpine_edge=True)
    assert reading.release == Release("linux", "alpine", "edge")


def test_extra_codename() -> None:
    newer = Release("linux", "ubuntu", "26.10", "stonking")
    reading = read_words("stonking-curl", extra_codenames={"stonking": newer})
    assert reading.release == newer
