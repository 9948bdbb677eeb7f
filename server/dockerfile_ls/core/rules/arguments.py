"""Rules about build arguments in FROM lines and ``--platform`` values.

FROM and ``--platform`` see only the global scope: meta ARGs (declared before the
first FROM), build arguments and BuildKit's built-in platform ARGs. The checks
mirror BuildKit's UndefinedArgInFrom, FromPlatformFlagConstDisallowed and
RedundantTargetPlatform, and its "empty platform value" and "failed to parse
platform" errors (``dockerfile2llb/convert.go``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockerfile_ls.core.expand import (
    BUILTIN_PLATFORM_ARGS,
    VariableUse,
    expand,
    has_variables,
)
from dockerfile_ls.core.model import BuildGraph, Stage
from dockerfile_ls.core.rules import Finding, Fix, Rule, Severity, TextEdit, finding
from dockerfile_ls.core.suggest import suggest
from dockerfile_ls.core.syntax import Word
from dockerfile_ls.core.text import Span

UNDEFINED_ARG_IN_FROM = Rule("UndefinedArgInFrom", Severity.WARNING, buildkit=True)
EMPTY_PLATFORM = Rule("EmptyPlatform", Severity.ERROR)
INVALID_PLATFORM = Rule("InvalidPlatform", Severity.ERROR)
CONST_PLATFORM = Rule(
    "FromPlatformFlagConstDisallowed", Severity.WARNING, buildkit=True
)
REDUNDANT_PLATFORM = Rule("RedundantTargetPlatform", Severity.WARNING, buildkit=True)

_OS_NAMES = ("linux", "windows", "darwin", "freebsd")
_ARCH_NAMES = (
    "amd64",
    "arm64",
    "arm",
    "386",
    "ppc64le",
    "s390x",
    "riscv64",
    "mips64le",
)


def check(graph: BuildGraph) -> Iterator[Finding]:
    declared = set(graph.global_scope) | BUILTIN_PLATFORM_ARGS
    for stage in graph.stages:
        yield from _check_base(graph, stage, declared)
        yield from _check_platform(graph, stage, declared)


def _undefined(
    name: str,
    span: Span,
    name_span: Span,
    declared: set[str],
    *,
    error: Rule | None = None,
    extra: str = "",
) -> Finding:
    """Report an undeclared variable; the fix replaces only its name, not ``$``."""
    guesses = suggest(name, declared, case_sensitive=True)
    message = f"FROM argument '{name}' is not declared"
    fixes: tuple[Fix, ...] = ()
    if guesses:
        message += f" (did you mean {guesses[0]}?)"
    message += extra
    if guesses:
        edit = TextEdit(name_span, guesses[0])
        fixes = (Fix(f"Change to {guesses[0]}", (edit,), True),)
    return finding(error or UNDEFINED_ARG_IN_FROM, message, span, fixes=fixes)


def _name_span(word: Word, use: VariableUse) -> Span:
    """Return the relative span of the name inside ``$NAME`` or ``${NAME}``."""
    text = word.value[use.start : use.end]
    offset = text.find(use.name)
    if offset < 0:
        return word.sub_span(use.start, use.end)
    start = use.start + offset
    return word.sub_span(start, start + len(use.name))


def _check_base(
    graph: BuildGraph, stage: Stage, declared: set[str]
) -> Iterator[Finding]:
    base = stage.base
    if base is None or base.expansion is None or base.word is None:
        return
    for use in base.expansion.uses:
        if use.name in declared or use.has_default:
            continue
        span = stage.from_instruction.span(base.word.sub_span(use.start, use.end))
        name_span = stage.from_instruction.span(_name_span(base.word, use))
        yield _undefined(use.name, span, name_span, declared)


def _check_platform(
    graph: BuildGraph, stage: Stage, declared: set[str]
) -> Iterator[Finding]:
    flag = stage.platform
    if flag is None or flag.value is None:
        return
    word = flag.value
    instruction = stage.from_instruction
    value_span = instruction.span(word.span)
    text = word.value
    if not has_variables(text, graph.dockerfile.escape):
        name = stage.name or ""
        problem = platform_problem(text) if text else None
        if problem is not None:
            yield _unparsable(text, problem, instruction.span(flag.span))
            return
        if text and not any(part in name for part in _platform_parts(text)):
            yield finding(
                CONST_PLATFORM,
                f'FROM --platform flag should not use constant value "{text}"',
                value_span,
            )
        return
    if text in ("$TARGETPLATFORM", "${TARGETPLATFORM}"):
        yield finding(
            REDUNDANT_PLATFORM,
            f"Setting platform to predefined {text} in FROM is redundant as this is "
            "the default behavior",
            value_span,
        )
        return
    expansion = expand(text, graph.global_scope, graph.dockerfile.escape)
    empty = not expansion.value.strip()
    undefined = [
        use
        for use in expansion.uses
        if use.name not in declared and not use.has_default
    ]
    for use in undefined:
        span = instruction.span(word.sub_span(use.start, use.end))
        name_span = instruction.span(_name_span(word, use))
        if empty:
            yield _undefined(
                use.name,
                span,
                name_span,
                declared,
                error=EMPTY_PLATFORM,
                extra=": the platform expands to an empty value, which BuildKit "
                "rejects",
            )
        else:
            yield _undefined(use.name, span, name_span, declared)
    if empty and not undefined:
        yield finding(
            EMPTY_PLATFORM,
            f"empty platform value from expression {text}",
            value_span,
        )
    if not empty and not undefined and expansion.error is None:
        problem = platform_problem(expansion.value)
        if problem is not None:
            yield _unparsable(text, problem, instruction.span(flag.span))


def _unparsable(text: str, problem: str, span: Span) -> Finding:
    return finding(
        INVALID_PLATFORM, f"failed to parse platform {text}: {problem}", span
    )


# Go's operating system and architecture names (go/build/syslist.go). containerd's
# platforms package accepts only these for a one-part platform such as `linux`.
_KNOWN_OS = frozenset(
    "aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd "
    "openbsd plan9 solaris windows zos".split()
)
_KNOWN_ARCH = frozenset(
    "386 amd64 amd64p32 arm armbe arm64 arm64be ppc64 ppc64le loong64 mips mipsle "
    "mips64 mips64le mips64p32 mips64p32le ppc riscv riscv64 s390 s390x sparc "
    "sparc64 wasm".split()
)
_ARCH_ALIASES = {
    "i386": "386",
    "x86_64": "amd64",
    "x86-64": "amd64",
    "aarch64": "arm64",
    "armhf": "arm",
    "armel": "arm",
}
_OS_PART = re.compile(
    r"^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?$"
)
_OTHER_PART = re.compile(r"^[A-Za-z0-9_.-]+$")


def platform_problem(text: str) -> str | None:
    """Return why BuildKit cannot parse a platform such as ``linux/arm64/v8``.

    Follows ``Parse`` of containerd's platforms package, which BuildKit calls on
    the expanded ``--platform`` value; None means the value parses. The texts are
    containerd's, without the trailing ``: invalid argument``.
    """
    if "*" in text:
        return f'"{text}": wildcards not yet supported'
    parts = text.split("/", 3)
    for position, part in enumerate(parts):
        pattern = _OS_PART if position == 0 else _OTHER_PART
        if pattern.match(part) is None:
            kind = "OS component" if position == 0 else "component"
            return f'"{part}" is an invalid {kind} of "{text}"'
    if len(parts) > 3:
        return f'"{text}": cannot parse platform specifier'
    if len(parts) == 1:
        match = _OS_PART.match(parts[0])
        assert match is not None
        os_name = match.group(1).lower()
        if os_name == "macos" or os_name in _KNOWN_OS:
            return None
        arch = parts[0].lower()
        if _ARCH_ALIASES.get(arch, arch) not in _KNOWN_ARCH:
            return f'"{text}": unknown operating system or architecture'
    return None


def _platform_parts(text: str) -> list[str]:
    """Return the OS and architecture words of a platform such as linux/amd64."""
    return [part for part in text.lower().split("/") if part in _OS_NAMES + _ARCH_NAMES]
