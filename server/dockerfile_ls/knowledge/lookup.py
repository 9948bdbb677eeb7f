"""The order in which ``describe_image`` consults its sources, with the cache."""

from __future__ import annotations

from functools import lru_cache

from dockerfile_ls.core.image_ref import ImageRef, parse_image_ref
from dockerfile_ls.knowledge.catalog import facts_for
from dockerfile_ls.knowledge.facts import ImageFacts, Source, unknown
from dockerfile_ls.knowledge.official import describe_official
from dockerfile_ls.knowledge.registries import describe_registry
from dockerfile_ls.knowledge.vocabulary import read_words

# BuildKit's dockerfile2llb treats exactly this base name as the empty image.
SCRATCH = "scratch"
# Registries that mirror the Docker official images under a path prefix.
OFFICIAL_MIRRORS = {"public.ecr.aws": "docker/library/"}
# Docker Hub namespaces that hold one architecture's builds of the official images
# (docker-library/official-images README, "Architectures other than amd64?"), with
# the OS of their builds. Windows builds live under "winamd64"; "windows-amd64" is
# the manifests' name for that architecture.
ARCHITECTURE_NAMESPACES = {
    "amd64": "linux",
    "arm32v5": "linux",
    "arm32v6": "linux",
    "arm32v7": "linux",
    "arm64v8": "linux",
    "i386": "linux",
    "mips64le": "linux",
    "ppc64le": "linux",
    "riscv64": "linux",
    "s390x": "linux",
    "winamd64": "windows",
    "windows-amd64": "windows",
}
DIGEST_NOTE = "the digest may pin a different build than the tag has now"


@lru_cache(maxsize=4096)
def describe_cached(text: str, platform: str | None) -> ImageFacts:
    """Return the facts of ``text`` for ``platform``; see ``describe_image``."""
    if text == SCRATCH:
        return ImageFacts(
            reference=text,
            known=True,
            distro="scratch",
            distro_name="no OS",
            package_manager="none",
            has_shell=False,
            source=Source.RESERVED,
            scratch=True,
        )
    ref = parse_image_ref(text)
    if ref is None:
        return unknown(text, note="not a valid image reference")
    if ref.tag is None and ref.digest is not None:
        return unknown(text, note="a digest alone carries no OS facts offline")

    tag = ref.tag or "latest"
    facts = _describe_tag(ref, tag, platform)
    if ref.digest is not None and facts.known:
        facts = facts._replace(note=DIGEST_NOTE)
    return facts


def _describe_tag(ref: ImageRef, tag: str, platform: str | None) -> ImageFacts:
    architecture = _architecture_namespace(ref)
    if architecture is not None:
        return _describe_architecture(ref, tag, *architecture)

    official = _official_name(ref)
    if official is not None:
        facts = describe_official(ref.text, official, tag, platform)
        if facts is not None:
            return facts

    facts = describe_registry(ref, tag)
    if facts is not None:
        return facts

    if official is None:
        hint = _tag_hint(ref, tag)
        if hint is not None:
            return hint
    return unknown(ref.text)


def _official_name(ref: ImageRef) -> str | None:
    name = ref.official_image
    if name is not None:
        return name
    prefix = OFFICIAL_MIRRORS.get(ref.registry)
    if prefix is not None and ref.path.startswith(prefix):
        rest = ref.path[len(prefix) :]
        return rest if "/" not in rest else None
    if ref.registry == "public.ecr.aws" and ref.path == "amazonlinux/amazonlinux":
        return "amazonlinux"
    return None


def _architecture_namespace(ref: ImageRef) -> tuple[str, str] | None:
    """Return the architecture and image of ``arm64v8/ubuntu``-style references."""
    if not ref.is_docker_hub:
        return None
    namespace, _, image = ref.path.partition("/")
    if namespace not in ARCHITECTURE_NAMESPACES or not image or "/" in image:
        return None
    return namespace, image


def _describe_architecture(
    ref: ImageRef, tag: str, architecture: str, image: str
) -> ImageFacts:
    """Describe one architecture's build of an official image.

    NOTE: the table does not record which architectures each tag is built for, so
    a tag that this architecture lacks (``arm32v5/python``) is still described by
    the image's build for its OS.
    """
    os_name = ARCHITECTURE_NAMESPACES[architecture]
    facts = describe_official(ref.text, image, tag, os_name)
    if facts is None:
        return unknown(ref.text, note=f"{image} is not a Docker official image")
    if not facts.known:
        return facts
    builds = [alt for alt in (facts, *facts.alternatives) if alt.os == os_name]
    if not builds:
        return unknown(
            ref.text,
            note=f"{image}:{tag} has no {os_name.capitalize()} build",
        )
    first = builds[0]._replace(alternatives=tuple(builds[1:]))
    return first._replace(architecture=architecture)


def _tag_hint(ref: ImageRef, tag: str) -> ImageFacts | None:
    """Read release words in the tag (never the repository name) as a hint."""
    reading = read_words(tag)
    release = reading.release
    if release is None:
        return None
    return facts_for(ref.text, release, reading.variant, source=Source.TAG_HINT)
