"""Near-miss suggestions, as BuildKit's ``util/suggest`` makes them.

BuildKit appends "(did you mean X?)" when a candidate is within Levenshtein
distance 2 of the value; stage names and targets compare without regard to case.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

MAX_DISTANCE = 2


def levenshtein(first: str, second: str, limit: int | None = MAX_DISTANCE) -> int:
    """Return the edit distance of two strings in code points.

    With a ``limit``, return ``limit + 1`` as soon as the distance is known to
    exceed it; with ``None``, compute the exact distance.
    """
    if limit is not None and abs(len(first) - len(second)) > limit:
        return limit + 1
    previous = list(range(len(second) + 1))
    for row, char in enumerate(first, start=1):
        current = [row]
        best = row
        for column, other in enumerate(second, start=1):
            cost = 0 if char == other else 1
            value = min(
                previous[column] + 1,
                current[column - 1] + 1,
                previous[column - 1] + cost,
            )
            current.append(value)
            best = min(best, value)
        if limit is not None and best > limit:
            return limit + 1
        previous = current
    return previous[-1]


def suggest(
    value: str, candidates: Iterable[str], case_sensitive: bool = False
) -> list[str]:
    """Return the candidates closest to ``value`` within the distance limit, best first.

    An exact match is not a suggestion and is left out.
    """
    if not value:
        return []
    return list(_suggest(value, tuple(candidates), case_sensitive))


@lru_cache(maxsize=4096)
def _suggest(
    value: str, candidates: tuple[str, ...], case_sensitive: bool
) -> tuple[str, ...]:
    """Compute suggestions; cached because every edit asks the same questions."""
    needle = value if case_sensitive else value.lower()
    scored: list[tuple[int, str]] = []
    seen: set[str] = set()
    for candidate in candidates:
        if not candidate or candidate in seen:
            continue
        seen.add(candidate)
        other = candidate if case_sensitive else candidate.lower()
        if other == needle:
            continue
        distance = levenshtein(needle, other)
        if distance <= MAX_DISTANCE:
            scored.append((distance, candidate))
    scored.sort(key=lambda item: item[0])
    return tuple(candidate for _, candidate in scored)
