"""Naming schemes of common registries outside Docker Hub's official images.

Each rule reads the repository path and tag of one publisher's images, following
the publisher's documented naming:

- gcr.io/distroless: ``<flavor>-debian<N>``; ``debug`` tags add a busybox shell
  (github.com/GoogleContainerTools/distroless README);
- cgr.dev/chainguard: Wolfi, rolling; ``-dev`` tags add a shell and apk
  (Chainguard Images overview);
- Red Hat: ``ubi<N>/<image>`` on registry.access.redhat.com and registry.redhat.io,
  ``rhel<N>/<image>`` on registry.redhat.io, ``redhat/ubi<N>[-minimal]`` on Hub;
- mcr.microsoft.com, and Microsoft's older Windows repositories on Docker Hub:
  the ``microsoft`` module;
- public.ecr.aws/lambda: the runtime base images' OS (AWS Lambda "Runtimes" page);
- quay.io and registry.fedoraproject.org: the distributions' own repositories.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dockerfile_ls.core.image_ref import ImageRef
from dockerfile_ls.knowledge.catalog import facts_for
from dockerfile_ls.knowledge.catalog import scheme_facts as _scheme
from dockerfile_ls.knowledge.facts import ImageFacts, Source, unknown
from dockerfile_ls.knowledge.microsoft import describe_hub_windows, describe_microsoft
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
    if ref.path.startswith("microsoft/"):
        return describe_hub_windows(ref, tag)
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

    return facts._replace(**changes)  # type: ignore[arg-type]


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
    "mcr.microsoft.com": describe_microsoft,
    "public.ecr.aws": _public_ecr,
    "quay.io": _quay,
    "registry.fedoraproject.org": _quay,
    "registry.opensuse.org": _quay,
}


def unknown_reference(ref: ImageRef) -> ImageFacts:
    return unknown(ref.text)
