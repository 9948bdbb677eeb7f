"""Naming schemes of common registries outside Docker Hub's official images.

Each rule reads the repository path and tag of one publisher's images, following
the publisher's documented naming:

- gcr.io/distroless: ``<flavor>-debian<N>``; ``debug`` tags add a busybox shell
  (github.com/GoogleContainerTools/distroless README);
- cgr.dev/chainguard: Wolfi, rolling; ``-dev`` tags add a shell and apk
  (Chainguard Images overview);
- Red Hat: ``ubi<N>/<image>`` on registry.access.redhat.com and registry.redhat.io,
  ``rhel<N>/<image>`` on registry.redhat.io, ``redhat/ubi<N>[-minimal]`` on Hub;
- mcr.microsoft.com: the .NET tag scheme (github.com/dotnet/dotnet-docker, "Tag
  policies"), windows/{servercore,nanoserver,server}, azurelinux and cbl-mariner;
- public.ecr.aws/lambda: the runtime base images' OS (AWS Lambda "Runtimes" page);
- quay.io and registry.fedoraproject.org: the distributions' own repositories.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dockerfile_ls.core.image_ref import ImageRef
from dockerfile_ls.knowledge.catalog import facts_for
from dockerfile_ls.knowledge.facts import ImageFacts, Source, unknown
from dockerfile_ls.knowledge.official import load_table
from dockerfile_ls.knowledge.vocabulary import Release, read_words

Rule = Callable[[ImageRef, str], "ImageFacts | None"]


def describe_registry(ref: ImageRef, tag: str) -> ImageFacts | None:
    """Return the facts a registry naming scheme gives, or None when none applies."""
    rule = _RULES.get(ref.registry)
    if rule is not None:
        facts = rule(ref, tag)
        if facts is not None:
            return facts
    if ref.is_docker_hub:
        return _docker_hub_org(ref, tag)
    return None


def _scheme(
    ref: ImageRef,
    release: Release,
    variant: str | None = None,
    *,
    floating: bool = False,
    data_date: str | None = None,
    note: str | None = None,
    has_shell: bool | None = None,
    package_manager: str | None = None,
) -> ImageFacts:
    return facts_for(
        ref.text,
        release,
        variant,
        source=Source.REGISTRY_SCHEME,
        floating=floating,
        data_date=data_date,
        note=note,
        has_shell=has_shell,
        package_manager=package_manager,
    )


# --- gcr.io/distroless -----------------------------------------------------------

_DISTROLESS = r"distroless/(?P<flavor>[a-z0-9-]+?)(?:-debian(?P<debian>\d+))?"


def _distroless(ref: ImageRef, tag: str) -> ImageFacts | None:
    match = re.fullmatch(_DISTROLESS, ref.path)
    if match is None:
        return None
    flavor = re.sub(r"\d+$", "", match["flavor"])
    version = match["debian"]
    codename = read_words(f"debian{version}").release if version else None
    release = Release(
        "linux", "debian", version, codename.codename if codename else None
    )
    debug = "debug" in tag.split("-")
    facts = _scheme(
        ref,
        release,
        f"distroless-{flavor}",
        has_shell=debug,
        package_manager="none",
        note=None if version else "the image name does not name the Debian release",
    )
    if flavor == "static":
        # The static image carries no C library at all.
        return _replace(facts, libc=None)
    return facts


# --- cgr.dev/chainguard ----------------------------------------------------------


def _chainguard(ref: ImageRef, tag: str) -> ImageFacts | None:
    org, _, name = ref.path.partition("/")
    release = Release("linux", "wolfi", None, "rolling")
    dev = tag == "dev" or tag.endswith("-dev") or name == "wolfi-base"
    if org != "chainguard":
        # Private organizations on cgr.dev serve Wolfi images by convention only.
        return facts_for(ref.text, release, "chainguard", source=Source.TAG_HINT)
    manager = "apk" if dev else "none"
    facts = _scheme(ref, release, "chainguard", has_shell=dev, package_manager=manager)
    if name == "static":
        return _replace(facts, libc=None)
    return facts


# --- Red Hat ---------------------------------------------------------------------

_UBI_PATH = (
    r"ubi(?P<major>\d+)(?:-(?P<flavor>minimal|micro|init))?"
    r"(?:/(?P<image>[a-z0-9._-]+))?"
)
_RHEL_PATH = r"rhel(?P<major>\d+)/(?P<image>[a-z0-9._-]+)"


def _red_hat(ref: ImageRef, tag: str) -> ImageFacts | None:
    match = re.fullmatch(_UBI_PATH, ref.path)
    if match is not None:
        return _ubi(ref, match["major"], match["flavor"] or _ubi_flavor(match["image"]))
    match = re.fullmatch(_RHEL_PATH, ref.path)
    if match is not None:
        return _scheme(
            ref, Release("linux", "rhel", match["major"]), _ubi_flavor(match["image"])
        )
    return None


def _ubi_flavor(image: str | None) -> str | None:
    if image is None:
        return None
    for flavor in ("minimal", "micro", "init"):
        if image == f"ubi-{flavor}" or image.endswith(f"-{flavor}"):
            return flavor
    return None


def _ubi(ref: ImageRef, major: str, flavor: str | None) -> ImageFacts:
    return _scheme(ref, Release("linux", "rhel-ubi", major), flavor)


# --- Docker Hub organizations ----------------------------------------------------

_HUB_DISTROS = {
    "opensuse/leap": "opensuse-leap",
    "opensuse/tumbleweed": "opensuse-tumbleweed",
    "rockylinux/rockylinux": "rockylinux",
    "almalinux/almalinux": "almalinux",
    "fedora/fedora": "fedora",
}


def _docker_hub_org(ref: ImageRef, tag: str) -> ImageFacts | None:
    match = re.fullmatch(r"redhat/ubi(\d+)(?:-(minimal|micro|init))?", ref.path)
    if match is not None:
        return _ubi(ref, match[1], match[2])
    if ref.path.startswith("chainguard/"):
        return _chainguard(ref, tag)
    distro = _HUB_DISTROS.get(ref.path)
    if distro is not None:
        return _distro_repository(ref, tag, distro)
    return None


# --- quay.io and other distribution registries -----------------------------------

_QUAY_DISTROS = {
    "centos/centos": "centos-stream",
    "fedora/fedora": "fedora",
    "fedora/fedora-minimal": "fedora",
    "rockylinux/rockylinux": "rockylinux",
    "almalinuxorg/almalinux": "almalinux",
    "almalinuxorg/9-minimal": "almalinux",
    "almalinuxorg/8-minimal": "almalinux",
    "almalinuxorg/10-minimal": "almalinux",
    "fedora": "fedora",
    "opensuse/leap": "opensuse-leap",
    "opensuse/tumbleweed": "opensuse-tumbleweed",
}


def _quay(ref: ImageRef, tag: str) -> ImageFacts | None:
    distro = _QUAY_DISTROS.get(ref.path)
    if distro is None:
        return None
    return _distro_repository(ref, tag, distro)


def _distro_repository(ref: ImageRef, tag: str, distro: str) -> ImageFacts | None:
    """Return the facts of a distribution's own repository, whose tag is its release."""
    variant = "minimal" if ref.path.endswith("minimal") else None
    match = re.match(r"(?:stream)?(\d+(?:\.\d+)?)", tag)
    if match is None:
        if distro == "opensuse-tumbleweed":
            return _scheme(ref, Release("linux", distro, None, "rolling"))
        return facts_for(
            ref.text,
            Release("linux", distro),
            variant,
            source=Source.REGISTRY_SCHEME,
            floating=True,
            note="the tag does not name the release",
        )
    version = match[1]
    if distro in ("rockylinux", "almalinux", "centos-stream"):
        version = version.split(".")[0]
    return _scheme(ref, Release("linux", distro, version), variant)


# --- mcr.microsoft.com -----------------------------------------------------------

_DOTNET_REPOSITORIES = (
    r"dotnet/(?:nightly/)?(runtime-deps|runtime|aspnet|sdk|monitor|aspire-dashboard)"
)
_DOTNET_VERSION = r"(?P<major>\d+)\.\d+(?:\.\d+)?(?:-(?:preview|rc)[.\d]*)?"
# The OS of .NET tags without an OS word (dotnet-docker "Tag policies": from .NET 10
# unsuffixed tags are Ubuntu, before that Debian), as of the official-images table.
_DOTNET_DEFAULTS = {
    "8": Release("linux", "debian", "12", "bookworm"),
    "9": Release("linux", "debian", "12", "bookworm"),
    "10": Release("linux", "ubuntu", "24.04", "noble"),
    "11": Release("linux", "ubuntu", "26.04", "resolute"),
}
_DOTNET_DEFAULT_VARIANTS = {"8": "slim", "9": "slim"}
_DOTNET_LATEST_MAJOR = "10"
# The Alpine release of dotnet's floating "-alpine" tags at the table's date.
_DOTNET_ALPINE = "3.24"


def _microsoft(ref: ImageRef, tag: str) -> ImageFacts | None:
    path = ref.path
    if path.startswith("windows/") or path == "windows":
        return _windows(ref, tag)
    if path.startswith("dotnet/framework/"):
        return _windows(ref, tag)
    if re.fullmatch(_DOTNET_REPOSITORIES, path):
        return _dotnet(ref, tag)
    if path.startswith("azurelinux/") or path.startswith("cbl-mariner/"):
        return _azure_linux(ref, tag)
    return None


def _windows(ref: ImageRef, tag: str) -> ImageFacts | None:
    edition = {
        "windows/servercore": "windowsservercore",
        "windows/nanoserver": "nanoserver",
        "windows/server": "windowsserver",
        "windows": "windowsserver",
    }.get(ref.path)
    # The edition word lets the reader accept "1809", which alone is just a number.
    release = read_words(f"servercore-{tag}").release
    if release is None or release.version is None:
        release = _windows_build(tag)
    if release is None or release.os != "windows":
        return None
    if edition is not None:
        release = release._replace(distro=edition)
    if release.distro is None:
        return None
    return _scheme(ref, release)


def _windows_build(tag: str) -> Release | None:
    # Windows tags may also give the OS build: 10.0.20348.2700 is Server 2022.
    builds = {"14393": "2016", "17763": "2019", "20348": "2022", "26100": "2025"}
    match = re.match(r"10\.0\.(\d+)", tag)
    if match is None or match[1] not in builds:
        return None
    return Release("windows", None, builds[match[1]], None)


def _dotnet(ref: ImageRef, tag: str) -> ImageFacts | None:
    version = re.match(_DOTNET_VERSION, tag)
    major = version["major"] if version else None
    rest = tag[version.end() :] if version else tag
    if tag == "latest" or rest == "" and major is None:
        major, rest = _DOTNET_LATEST_MAJOR, ""

    reading = read_words(rest)
    release = reading.release
    variant = reading.variant
    floating = False
    if release is None:
        if major not in _DOTNET_DEFAULTS:
            return None
        release = _DOTNET_DEFAULTS[major]
        variant = _DOTNET_DEFAULT_VARIANTS.get(major)
        floating = True
    elif release.distro == "alpine" and release.version is None:
        release = release._replace(version=_DOTNET_ALPINE)
        floating = True
    elif release.distro is None:
        return None
    if release.distro in ("azurelinux", "cbl-mariner") and variant == "distroless":
        return _scheme(ref, release, variant, has_shell=False, package_manager="none")
    if variant == "chiseled":
        return _scheme(ref, release, variant, has_shell=False, package_manager="none")
    data_date = load_table().date if floating else None
    return _scheme(ref, release, variant, floating=floating, data_date=data_date)


def _azure_linux(ref: ImageRef, tag: str) -> ImageFacts | None:
    distro = "azurelinux" if ref.path.startswith("azurelinux/") else "cbl-mariner"
    match = re.match(r"(\d+\.\d+)", tag)
    if match is None:
        return None
    distroless = "/distroless/" in f"/{ref.path}/"
    if distroless:
        return _scheme(
            ref,
            Release("linux", distro, match[1]),
            "distroless",
            has_shell=False,
            package_manager="none",
        )
    return _scheme(ref, Release("linux", distro, match[1]))


# --- public.ecr.aws --------------------------------------------------------------

# The first runtime version built on Amazon Linux 2023; older ones use Amazon Linux 2.
_LAMBDA_AL2023_FROM = {
    "nodejs": (20,),
    "python": (3, 12),
    "java": (21,),
    "ruby": (3, 3),
    "dotnet": (8,),
}


def _public_ecr(ref: ImageRef, tag: str) -> ImageFacts | None:
    path = ref.path
    if path.startswith("docker/library/"):
        return None  # looked up as the Docker official image it mirrors
    if path == "amazonlinux/amazonlinux":
        return None  # the same image as the official amazonlinux
    if path.startswith("lambda/"):
        return _lambda(ref, path.removeprefix("lambda/"), tag)
    return None


def _lambda(ref: ImageRef, runtime: str, tag: str) -> ImageFacts | None:
    if runtime == "provided":
        release = read_words(tag).release
        if release is None or release.distro != "amazonlinux":
            return None
        return _scheme(ref, release, "minimal" if release.version == "2023" else None)
    threshold = _LAMBDA_AL2023_FROM.get(runtime)
    match = re.match(r"(\d+)(?:\.(\d+))?", tag)
    if threshold is None or match is None:
        return None
    version = tuple(int(part) for part in match.groups() if part is not None)
    if version >= threshold:
        # Lambda's AL2023 images build on the minimal AL2023 image (microdnf).
        return _scheme(ref, Release("linux", "amazonlinux", "2023"), "minimal")
    return _scheme(ref, Release("linux", "amazonlinux", "2"))


def _replace(facts: ImageFacts, **changes: object) -> ImageFacts:
    from dataclasses import replace

    return replace(facts, **changes)  # type: ignore[arg-type]


def _gcr(ref: ImageRef, tag: str) -> ImageFacts | None:
    if ref.path.startswith("distroless/"):
        return _distroless(ref, tag)
    return None


def _red_hat_registry(ref: ImageRef, tag: str) -> ImageFacts | None:
    return _red_hat(ref, tag)


_RULES: dict[str, Rule] = {
    "gcr.io": _gcr,
    "cgr.dev": _chainguard,
    "registry.access.redhat.com": _red_hat_registry,
    "registry.redhat.io": _red_hat_registry,
    "mcr.microsoft.com": _microsoft,
    "public.ecr.aws": _public_ecr,
    "quay.io": _quay,
    "registry.fedoraproject.org": _quay,
    "registry.opensuse.org": _quay,
}


def unknown_reference(ref: ImageRef) -> ImageFacts:
    return unknown(ref.text)
