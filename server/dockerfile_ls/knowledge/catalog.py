"""The distribution catalog: turn a release into full ``ImageFacts``.

``data/distributions.json`` holds, per distribution, its display name, C library,
package manager and the commands it installs, and per release the codename and end
of life. Variants (``minimal``, ``distroless``...) override the package manager and
the shell.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from dockerfile_ls.knowledge.facts import ImageFacts, Source, TagStatus
from dockerfile_ls.knowledge.vocabulary import Release

if TYPE_CHECKING:
    from dockerfile_ls.core.image_ref import ImageRef

DATA = os.path.join(os.path.dirname(__file__), "data")


def _read_text(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


@lru_cache(maxsize=1)
def _catalog() -> dict[str, Any]:
    text = _read_text(os.path.join(DATA, "distributions.json"))
    data: dict[str, Any] = json.loads(text)
    return data


def facts_for(
    reference: str,
    release: Release,
    variant: str | None,
    *,
    source: Source,
    data_date: str | None = None,
    floating: bool = False,
    status: TagStatus | None = None,
    last_built: str | None = None,
    note: str | None = None,
    has_shell: bool | None = None,
    package_manager: str | None = None,
) -> ImageFacts:
    """Return the facts of ``release`` with the catalog's details filled in.

    ``has_shell`` and ``package_manager`` override the catalog where a registry
    rule has better facts (a distroless ``debug`` tag has a shell).
    """
    catalog = _catalog()
    distro = release.distro or ""
    entry: dict[str, Any] = catalog["distributions"].get(distro, {})
    details: dict[str, Any] = {
        key: entry.get(key)
        for key in ("name", "libc", "package_manager", "package_commands")
    }
    details["has_shell"] = entry.get("has_shell", True) if entry else None
    release_entry: dict[str, Any] = {}
    if release.version is not None:
        release_entry = entry.get("releases", {}).get(release.version, {})
    details.update(
        {
            k: v
            for k, v in release_entry.items()
            if k in ("package_manager", "package_commands")
        }
    )
    if variant:
        details.update(_variant_details(catalog, distro, release.version, variant))
    if has_shell is not None:
        details["has_shell"] = has_shell
    if package_manager is not None:
        details["package_manager"] = package_manager
        if package_manager == "none":
            details["package_commands"] = []

    codename = release.codename or release_entry.get("codename")
    name = details["name"]
    if name is None and release.os == "windows":
        name = "Windows"
    return ImageFacts(
        reference=reference,
        known=True,
        os=release.os,
        distro=release.distro,
        distro_name=name,
        version=release.version,
        codename=codename,
        variant=variant,
        libc=details["libc"],
        package_manager=details["package_manager"],
        package_commands=tuple(details["package_commands"] or ()),
        has_shell=details["has_shell"],
        eol=release_entry.get("eol"),
        source=source,
        data_date=data_date,
        floating=floating,
        status=status,
        last_built=last_built,
        scratch=release.distro == "scratch",
        note=note,
    )


def scheme_facts(
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
    """Return the facts a registry's naming scheme gives for ``ref``."""
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


def _variant_details(
    catalog: dict[str, Any], distro: str, version: str | None, variant: str
) -> dict[str, Any]:
    by_distro = catalog.get("variant_by_distribution", {})
    for key in (f"{distro}:{version}", distro):
        found = by_distro.get(key, {}).get(variant)
        if found is not None:
            return dict(found)
    variants = catalog.get("variants", {})
    found = variants.get(variant) or variants.get(variant.split("-")[0])
    return dict(found) if found else {}
