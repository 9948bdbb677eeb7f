"""Base-image resolution: the external image a stage is built on and its OS.

The walk follows ``FROM <stage>`` links (with ARG defaults and build arguments
already applied by the build graph) until it reaches an image or ``scratch``.
``COPY --from`` sources never change a stage's base. The OS facts come from the
offline knowledge base. When the reference cannot be resolved, the result is
"unknown" with the reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from dockerfile_ls.core.expand import expand
from dockerfile_ls.core.model import BuildGraph, RefStatus, Stage

if TYPE_CHECKING:
    from dockerfile_ls.knowledge import ImageFacts


class BaseImage(NamedTuple):
    """The end of a stage's base chain.

    ``image`` is the expanded reference of the external image, None for scratch or
    when the chain cannot be followed; ``reason`` gives why it is unknown.
    """

    stage: Stage
    chain: tuple[Stage, ...]
    image: str | None
    scratch: bool
    platform: str | None
    reason: str | None
    facts: ImageFacts | None

    @property
    def summary(self) -> str:
        """Short summary such as ``Alpine Linux 3.24`` or ``no OS (scratch)``."""
        if self.scratch:
            return "no OS (scratch)"
        if self.facts is not None and self.facts.known:
            return self.facts.short()
        return "unknown"


def resolve_base(graph: BuildGraph, stage: Stage) -> BaseImage:
    """Follow ``stage``'s FROM chain to an external image and look up its OS.

    The result is kept in the graph's memo: hovers, completion items and rules of
    one document version all ask for it.
    """
    key = ("base", stage.index)
    cached = graph.memo.get(key)
    if isinstance(cached, BaseImage) and cached.stage is stage:
        return cached
    result = _resolve_base(graph, stage)
    graph.memo[key] = result
    return result


def _resolve_base(graph: BuildGraph, stage: Stage) -> BaseImage:
    chain = graph.base_chain(stage)
    last = chain[-1]
    base = last.base
    platform = _platform(graph, chain)
    if base is None:
        return BaseImage(
            stage, tuple(chain), None, False, platform, "no base image", None
        )
    if base.status is RefStatus.STAGE:
        # The chain stopped on a cycle.
        return BaseImage(stage, tuple(chain), None, False, platform, "cycle", None)
    if base.status is RefStatus.BLANK:
        return BaseImage(
            stage,
            tuple(chain),
            None,
            False,
            platform,
            f"the base name {base.text} expands to an empty value",
            None,
        )
    if base.status is RefStatus.SCRATCH:
        return BaseImage(stage, tuple(chain), None, True, platform, None, None)
    image = base.expanded if base.expanded is not None else base.text
    reason = None
    if base.expansion is not None and base.expansion.unset:
        reason = "it uses build arguments without a value: " + ", ".join(
            base.expansion.unset
        )
    facts = describe_reference(image, platform)
    return BaseImage(stage, tuple(chain), image, False, platform, reason, facts)


def _platform(graph: BuildGraph, chain: list[Stage]) -> str | None:
    """Return the expanded ``--platform`` of the first stage in the chain that has one.

    A stage built on another stage inherits its platform (BuildKit's convert.go).
    """
    for item in chain:
        flag = item.platform
        if flag is not None and flag.value is not None:
            return expand(
                flag.value.value, graph.global_scope, graph.dockerfile.escape
            ).value
    return None


def describe_reference(image: str, platform: str | None = None) -> ImageFacts:
    """Look up what OS an image reference runs in the offline knowledge."""
    from dockerfile_ls.knowledge import describe_image

    return describe_image(image, platform)
