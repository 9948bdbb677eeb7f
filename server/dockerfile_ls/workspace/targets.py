"""Matching a build target against the stage names of a Dockerfile.

BuildKit looks a target up by its lowercased name among the stage names, which the
parser stores lowercased, and a later stage with the same name wins
(``dispatchStates.findStateByName``). A stage index is never a target. When nothing
matches, BuildKit's ``util/suggest.WrapError`` appends ``(did you mean X?)`` for the
first stage name within Levenshtein distance below 3, comparing case-sensitively.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dockerfile_ls.core import suggest

MAX_DISTANCE = 3
"""Suggestions are names at a distance below this, as in BuildKit (``mindist := 3``,
"same as hcl")."""


@dataclass(frozen=True, slots=True)
class TargetMatch:
    """The result of looking a target up among the stage names."""

    stage: str | None
    """The matching stage name as given, or ``None`` when no stage matches."""

    exact_case: bool
    """True when the target is written with the same case as the stage name."""

    suggestions: tuple[str, ...]
    """Stage names within distance 2 of the target, ignoring case, nearest first
    and then in stage order; empty when a stage matches."""

    buildkit_suggestion: str | None
    """The single name BuildKit's error message suggests, if any."""


def match_target(target: str, stage_names: Sequence[str]) -> TargetMatch:
    """Look ``target`` up among ``stage_names`` as BuildKit does.

    An empty target selects the last stage, which may be unnamed, so it matches no
    name here. Callers treat ``""`` as the default target before calling.
    """
    lowered = target.lower()
    stage = None
    for name in stage_names:
        if name.lower() == lowered and target:
            stage = name
    if stage is not None:
        return TargetMatch(stage, stage == target, (), None)
    return TargetMatch(
        None,
        False,
        _suggestions(target, stage_names),
        _buildkit_suggestion(target, stage_names),
    )


def _suggestions(target: str, stage_names: Sequence[str]) -> tuple[str, ...]:
    if not target:
        return ()
    scored: dict[str, tuple[int, int]] = {}
    for position, name in enumerate(stage_names):
        distance = levenshtein(target.lower(), name.lower())
        if distance < MAX_DISTANCE and name not in scored:
            scored[name] = (distance, position)
    return tuple(sorted(scored, key=scored.__getitem__))


def _buildkit_suggestion(target: str, stage_names: Sequence[str]) -> str | None:
    match = None
    best = MAX_DISTANCE
    for name in stage_names:
        stored = name.lower()
        distance = levenshtein(target, stored)
        if distance < best:
            match = stored
            best = distance
    return match


def levenshtein(first: str, second: str) -> int:
    """Return the exact edit distance between two strings, counting code points."""
    return suggest.levenshtein(first, second, limit=None)
