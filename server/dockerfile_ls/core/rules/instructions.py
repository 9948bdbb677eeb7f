"""Errors in the arguments and flags of one instruction, with BuildKit's texts.

Each check names the BuildKit source (moby/buildkit ``frontend/dockerfile``) whose
behaviour it follows:

- ``instructions/parse.go``: argument counts of COPY and ADD, SHELL in JSON form,
  blank ENV, LABEL and ARG names, HEALTHCHECK types and flag values, empty VOLUME
  paths. BuildKit fails the build with these errors while it parses instructions,
  so they hold for every stage, built or not.
- ``instructions/bflag.go``: flags without a value, repeated flags and boolean
  flags with other values.
- ``instructions/commands_runnetwork.go`` and ``commands_runsecurity.go``: the
  values ``RUN --network`` and ``RUN --security`` accept.
- ``dockerfile2llb/convert.go`` and ``convert_expose.go``: COPY sources that are
  URLs, STOPSIGNAL values (``ParseSignal`` of moby/sys ``signal``) and EXPOSE port
  specifications. BuildKit reports these while it builds a stage.

Values with variables are left alone: BuildKit expands them first, and their values
come from build arguments and the base image. A file without instructions is the
only check that looks at the whole file.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from typing import Generic, NamedTuple, TypeVar

from dockerfile_ls.core.instructions import INVALID_TRIGGERS, KNOWN_INSTRUCTIONS
from dockerfile_ls.core.model import BuildGraph
from dockerfile_ls.core.rules import Finding, Rule, Severity, finding, shift_finding
from dockerfile_ls.core.syntax import Flag, InstructionNode, ProblemKind, Word
from dockerfile_ls.core.text import Span

T = TypeVar("T")

MISSING_ARGUMENTS = Rule("MissingArguments", Severity.ERROR)
UNEXPECTED_ARGUMENTS = Rule("UnexpectedArguments", Severity.ERROR)
SHELL_NOT_JSON = Rule("ShellNotJSON", Severity.ERROR)
BLANK_NAME = Rule("BlankName", Severity.ERROR)
HEREDOC_DESTINATION = Rule("HeredocDestination", Severity.ERROR)
COPY_REMOTE_SOURCE = Rule("CopyRemoteSource", Severity.ERROR)
INVALID_HEALTHCHECK = Rule("InvalidHealthcheck", Severity.ERROR)
MISSING_FLAG_VALUE = Rule("MissingFlagValue", Severity.ERROR)
DUPLICATE_FLAG = Rule("DuplicateFlag", Severity.ERROR)
INVALID_FLAG_VALUE = Rule("InvalidFlagValue", Severity.ERROR)
INVALID_PORT = Rule("InvalidPort", Severity.ERROR)
INVALID_STOP_SIGNAL = Rule("InvalidStopSignal", Severity.ERROR)
EMPTY_VOLUME = Rule("EmptyVolume", Severity.ERROR)
NO_INSTRUCTIONS = Rule("NoInstructions", Severity.ERROR)


class FlagKind(Enum):
    """Value shapes ``BFlags.Parse`` accepts for a flag (``instructions/bflag.go``)."""

    STRING = "string"
    """Needs ``=value``; given twice is an error."""
    BOOL = "bool"
    """``--flag`` alone means true; ``=`` needs true or false in any case."""
    STRINGS = "strings"
    """Needs ``=value`` and may repeat."""


_S = FlagKind.STRING
_B = FlagKind.BOOL
_M = FlagKind.STRINGS

# The flags each instruction registers before it parses them (``instructions/
# parse.go`` and the RUN hooks in ``commands_run*.go``). Unknown flags are the
# UnknownFlag rule's business.
FLAG_KINDS: dict[str, dict[str, FlagKind]] = {
    "FROM": {"platform": _S},
    "COPY": {
        "from": _S,
        "chown": _S,
        "chmod": _S,
        "link": _B,
        "parents": _B,
        "exclude": _M,
    },
    "ADD": {
        "chown": _S,
        "chmod": _S,
        "link": _B,
        "keep-git-dir": _B,
        "checksum": _S,
        "unpack": _B,
        "exclude": _M,
    },
    "RUN": {"mount": _M, "network": _S, "security": _S, "device": _M},
    "HEALTHCHECK": {
        "interval": _S,
        "timeout": _S,
        "start-period": _S,
        "start-interval": _S,
        "retries": _S,
    },
}

_DURATION_FLAGS = ("interval", "timeout", "start-period", "start-interval")
_NETWORK_MODES = frozenset({"default", "none", "host"})
_SECURITY_MODES = frozenset({"sandbox", "insecure"})
# Characters that make BuildKit's expansion change a word. A word with none of them
# reaches BuildKit's checks as written.
_EXPANDED_CHARS = frozenset("$'\"\\`")

# Linux signal names of moby/sys ``signal/signal_linux.go``, without ``SIG``.
_SIGNAL_NAMES = frozenset(
    "ABRT ALRM BUS CHLD CLD CONT FPE HUP ILL INT IO IOT KILL PIPE POLL PROF PWR "
    "QUIT SEGV STKFLT STOP SYS TERM TRAP TSTP TTIN TTOU URG USR1 USR2 VTALRM WINCH "
    "XCPU XFSZ RTMIN RTMAX".split()
    + [f"RTMIN+{offset}" for offset in range(1, 16)]
    + [f"RTMAX-{offset}" for offset in range(1, 15)]
)


def check(graph: BuildGraph) -> Iterator[Finding]:
    """Yield the argument and flag errors of every instruction."""
    dockerfile = graph.dockerfile
    if not dockerfile.instructions:
        yield _no_instructions(dockerfile.lines, dockerfile.bom)
        return
    for instruction in dockerfile.instructions:
        for item in NODE_FINDINGS.get(instruction.node):
            yield shift_finding(item, instruction.line)


def _no_instructions(lines: list[str], bom: bool) -> Finding:
    if lines == [""] and not bom:
        # A zero-byte file never reaches the parser (``toDispatchState``).
        return finding(
            NO_INSTRUCTIONS,
            "the Dockerfile cannot be empty: add a FROM instruction",
            Span(0, 0, 0, 0),
        )
    return finding(
        NO_INSTRUCTIONS,
        "file with no instructions: add a FROM instruction",
        Span(0, 0, 0, len(lines[0])),
    )


class NodeCache(Generic[T]):
    """Values computed from one instruction node, kept while the node is alive.

    Nodes are shared between document versions, so an edit recomputes only the
    nodes it changed. Spans in the values are relative to the node's first line.
    The cache stores the node itself next to its values and compares identity, so a
    recycled ``id`` never returns stale values.
    """

    def __init__(
        self,
        compute: Callable[[InstructionNode], Iterable[T]],
        limit: int = 50_000,
    ) -> None:
        self._compute = compute
        self._limit = limit
        self._entries: dict[int, tuple[InstructionNode, tuple[T, ...]]] = {}

    def get(self, node: InstructionNode) -> tuple[T, ...]:
        cached = self._entries.get(id(node))
        if cached is not None and cached[0] is node:
            return cached[1]
        if len(self._entries) >= self._limit:
            self._entries.clear()
        result = tuple(self._compute(node))
        self._entries[id(node)] = (node, result)
        return result


def _node_findings(node: InstructionNode) -> Iterator[Finding]:
    yield from _check_node(node)
    sub = node.sub
    if sub is not None and sub.keyword not in INVALID_TRIGGERS:
        # A trigger is parsed where it runs: in a stage built on this one, or in
        # another Dockerfile. Its errors fail that build.
        yield from _check_node(sub)


NODE_FINDINGS: NodeCache[Finding] = NodeCache(_node_findings)


def _check_node(node: InstructionNode) -> Iterator[Finding]:
    keyword = node.keyword
    if keyword not in KNOWN_INSTRUCTIONS:
        return
    healthcheck_none = (
        keyword == "HEALTHCHECK"
        and bool(node.args)
        and node.args[0].value.upper() == "NONE"
    )
    if not healthcheck_none:
        # `HEALTHCHECK NONE` returns before BuildKit reads the flags.
        yield from _check_flags(node)
    if keyword in ("COPY", "ADD"):
        yield from _check_copy(node)
    elif keyword == "SHELL":
        yield from _check_shell(node)
    elif keyword in ("ENV", "LABEL", "ARG"):
        yield from _check_names(node)
    elif keyword == "HEALTHCHECK":
        yield from _check_healthcheck(node)
    elif keyword == "RUN":
        yield from _check_run_flags(node)
    elif keyword == "EXPOSE":
        yield from _check_expose(node)
    elif keyword == "STOPSIGNAL":
        yield from _check_stop_signal(node)
    elif keyword == "VOLUME":
        yield from _check_volume(node)


def _check_flags(node: InstructionNode) -> Iterator[Finding]:
    """Apply ``BFlags.Parse`` to the flags the instruction registers."""
    kinds = FLAG_KINDS.get(node.keyword, {})
    seen: set[str] = set()
    for flag in node.flags:
        kind = kinds.get(flag.name)
        if kind is None:
            continue
        written = "--" + flag.name
        if flag.name in seen and kind is not FlagKind.STRINGS:
            yield finding(
                DUPLICATE_FLAG,
                f"Duplicate flag specified: {flag.name}",
                flag.span,
            )
        seen.add(flag.name)
        value = flag.value
        if kind is FlagKind.BOOL:
            if value is not None and value.value == "":
                yield _missing_value(flag)
            elif value is not None and value.value.lower() not in ("true", "false"):
                yield finding(
                    INVALID_FLAG_VALUE,
                    f"expecting boolean value for flag {written}, not: {value.value}",
                    value.span,
                )
        elif value is None:
            yield _missing_value(flag)


def _missing_value(flag: Flag) -> Finding:
    # BuildKit's BFlags (instructions/bflag.go) names the flag without its dashes.
    return finding(
        MISSING_FLAG_VALUE,
        f"Missing a value on flag: {flag.name}",
        flag.span,
    )


def _arguments_span(node: InstructionNode) -> Span:
    """Return the span from the keyword to the end of the last argument."""
    start = node.keyword_word.span
    end = node.args[-1].span if node.args else start
    return Span(start.start_line, start.start_col, end.end_line, end.end_col)


def _check_copy(node: InstructionNode) -> Iterator[Finding]:
    keyword = node.keyword
    args = node.args
    if not args:
        # "requires at least one argument" comes from the syntax rules.
        return
    if len(args) < 2:
        yield finding(
            MISSING_ARGUMENTS,
            f"{keyword} requires at least two arguments, but only one was provided. "
            "Destination could not be determined",
            _arguments_span(node),
        )
        return
    markers = {heredoc.marker.start for heredoc in node.heredocs}
    destination = args[-1]
    if not node.json and destination.start in markers:
        yield finding(
            HEREDOC_DESTINATION,
            f"{keyword} cannot accept a heredoc as a destination",
            destination.span,
        )
    if keyword != "COPY":
        return
    for source in args[:-1]:
        if source.start in markers and not node.json:
            continue
        text = source.value
        if not text.startswith(("http://", "https://")):
            continue
        # BuildKit takes a URL that names a Git repository as a Git source
        # (``gitutil.ParseGitRef``); this test covers the usual `.git` form only.
        kind = "a git ref" if _looks_like_git_url(text) else "a URL"
        yield finding(
            COPY_REMOTE_SOURCE,
            f"source can't be {kind} for COPY: use ADD to fetch remote sources",
            source.span,
        )


def _looks_like_git_url(text: str) -> bool:
    path = text.split("#", 1)[0]
    return path.endswith(".git")


def _check_shell(node: InstructionNode) -> Iterator[Finding]:
    if node.json:
        if not node.args:
            yield finding(
                MISSING_ARGUMENTS,
                "SHELL requires at least one argument",
                _arguments_span(node),
            )
        return
    if node.command is None:
        return
    if any(problem.kind is ProblemKind.INVALID_JSON for problem in node.problems):
        # The array of non-strings already has an error on the same text.
        return
    yield finding(
        SHELL_NOT_JSON,
        'SHELL requires the arguments to be in JSON form: SHELL ["executable", '
        '"parameters"]',
        node.command.span,
    )


def _check_names(node: InstructionNode) -> Iterator[Finding]:
    keyword = node.keyword
    for pair in node.pairs:
        if pair.key.value or pair.value is None:
            continue
        span = Span(
            pair.key.span.start_line,
            pair.key.span.start_col,
            pair.value.span.end_line,
            pair.value.span.end_col,
        )
        yield finding(BLANK_NAME, f"{keyword} names can not be blank", span)


def _check_healthcheck(node: InstructionNode) -> Iterator[Finding]:
    if not node.args:
        return
    kind_word = node.args[0]
    kind = kind_word.value.upper()
    has_command = len(node.args) > 1 or node.command is not None
    if kind == "NONE":
        if has_command:
            yield finding(
                UNEXPECTED_ARGUMENTS,
                "HEALTHCHECK NONE takes no arguments",
                _rest_span(node, kind_word),
            )
        return
    yield from _check_healthcheck_flags(node)
    if kind != "CMD":
        yield finding(
            INVALID_HEALTHCHECK,
            f"Unknown type {go_quote(kind)} in HEALTHCHECK (try CMD)",
            kind_word.span,
        )
        return
    if not has_command:
        yield finding(
            MISSING_ARGUMENTS, "Missing command after HEALTHCHECK CMD", kind_word.span
        )


def _rest_span(node: InstructionNode, first: Word) -> Span:
    """Return the span of what follows ``first`` in a HEALTHCHECK."""
    last = node.command.span if node.command is not None else node.args[-1].span
    start = node.args[1].span if len(node.args) > 1 else last
    return Span(start.start_line, start.start_col, last.end_line, last.end_col)


def _check_healthcheck_flags(node: InstructionNode) -> Iterator[Finding]:
    """Check the durations and the retry count as ``parseHealthcheck`` does."""
    for name in _DURATION_FLAGS:
        flag = node.flag(name)
        if flag is None or flag.value is None or not flag.value.value:
            continue
        problem = duration_problem(flag.value.value, name)
        if problem is not None:
            yield finding(INVALID_FLAG_VALUE, problem, flag.value.span)
    retries = node.flag("retries")
    if retries is None or retries.value is None or not retries.value.value:
        return
    text = retries.value.value
    problem = _parse_int32_problem(text)
    if problem is not None:
        yield finding(INVALID_FLAG_VALUE, problem, retries.value.span)
    elif int(text) < 0:
        yield finding(
            INVALID_FLAG_VALUE,
            f"--retries cannot be negative ({int(text)})",
            retries.value.span,
        )


def _check_run_flags(node: InstructionNode) -> Iterator[Finding]:
    network = node.flag("network")
    if network is not None and network.value is not None:
        value = network.value.value
        if value not in _NETWORK_MODES:
            yield finding(
                INVALID_FLAG_VALUE,
                f"invalid network mode {go_quote(value)}: use default, none or host",
                network.value.span,
            )
    security = node.flag("security")
    if security is not None and security.value is not None:
        value = security.value.value
        if value not in _SECURITY_MODES:
            yield finding(
                INVALID_FLAG_VALUE,
                f"security {go_quote(value)} is not valid: use sandbox or insecure",
                security.value.span,
            )


def _check_expose(node: InstructionNode) -> Iterator[Finding]:
    for word in node.args:
        if _EXPANDED_CHARS.intersection(word.value):
            continue
        spec = parse_port_spec(word.value)
        if spec.error is not None:
            yield finding(INVALID_PORT, spec.error, word.span)


def _check_stop_signal(node: InstructionNode) -> Iterator[Finding]:
    word = node.command
    if word is None or _EXPANDED_CHARS.intersection(word.value):
        return
    if not signal_is_valid(word.value):
        yield finding(
            INVALID_STOP_SIGNAL,
            f"invalid signal: {word.value}: use a signal name such as SIGTERM or a "
            "signal number",
            word.span,
        )


def _check_volume(node: InstructionNode) -> Iterator[Finding]:
    for word in node.args:
        if node.json:
            empty = not word.value.strip()
        else:
            empty = word.value in ('""', "''")
        if empty:
            # The span of "" in exec form is empty: mark the keyword instead.
            span = node.keyword_word.span if word.span.is_empty() else word.span
            yield finding(
                EMPTY_VOLUME, "VOLUME specified can not be an empty string", span
            )


def signal_is_valid(text: str) -> bool:
    """Tell whether moby/sys ``signal.ParseSignal`` accepts ``text`` on Linux."""
    number = text[1:] if text[:1] in "+-" else text
    if number.isascii() and number.isdigit():
        # Beyond Go's int range Atoi fails, and no signal name is all digits.
        return -(2**63) <= int(text) < 2**63 and int(text) != 0
    upper = text.upper()
    if upper.startswith("SIG"):
        upper = upper[3:]
    return upper in _SIGNAL_NAMES


class PortSpec(NamedTuple):
    """An EXPOSE port split as BuildKit's ``portSpecs.parsePort`` splits it.

    ``error`` is BuildKit's error text, or None when the specification is valid.
    ``split_error`` is True when that error comes before BuildKit runs the EXPOSE
    build checks, which then do not run.
    """

    ip: str
    host_port: str
    container_port: str
    protocol: str
    error: str | None
    split_error: bool


def parse_port_spec(raw: str) -> PortSpec:
    """Split and validate ``[ip:][host_port:]port[/protocol]`` as BuildKit does.

    Follows ``parsePort`` in ``dockerfile2llb/convert_expose.go``.
    """
    parts = raw.split(":")
    if len(parts) == 1:
        ip, host_port, container = "", "", parts[0]
    elif len(parts) == 2:
        ip, host_port, container = "", parts[0], parts[1]
    else:
        ip = ":".join(parts[:-2])
        host_port, container = parts[-2], parts[-1]
    port, _, protocol = container.partition("/")

    def result(error: str | None, split_error: bool = False) -> PortSpec:
        return PortSpec(ip, host_port, port, protocol, error, split_error)

    if not port:
        return result(f"invalid port: {go_quote(raw)}: no port specified", True)
    if protocol.lower() not in ("", "tcp", "udp", "sctp"):
        return result(f"invalid port: {go_quote(raw)}: invalid proto: {protocol}", True)
    if ip:
        address = ip
        if address.startswith("["):
            if not address.endswith("]"):
                return result(f"invalid IP address {ip}: missing ']' in address")
            address = address[1:-1]
        if not _is_ip(address):
            return result(f"invalid IP address: {ip}")
    container_range = _port_range(port)
    if container_range is None:
        return result(f"invalid containerPort: {port}")
    if host_port:
        host_range = _port_range(host_port)
        if host_range is None:
            return result(f"invalid hostPort: {host_port}")
        container_count = container_range[1] - container_range[0]
        host_count = host_range[1] - host_range[0]
        if container_count != host_count and container_count != 0:
            return result(
                "invalid ranges specified for container and host Ports: "
                f"{port} and {host_port}"
            )
    return result(None)


def _is_ip(text: str) -> bool:
    """Tell whether Go's ``net.ParseIP`` accepts ``text``."""
    if "%" in text:
        # Go's ParseIP rejects IPv6 zones; Python's parser accepts them.
        return False
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _port_range(text: str) -> tuple[int, int] | None:
    """Parse ``8000`` or ``8000-9000`` as ``parsePortRange``; None when invalid."""
    start, dash, end = text.partition("-")
    first = _port_number(start)
    if first is None:
        return None
    if not dash or start == end:
        return first, first
    last = _port_number(end)
    if last is None or last < first:
        return None
    return first, last


def _port_number(text: str) -> int | None:
    if _parse_int_problem(text, 63) is not None:
        return None
    number = int(text)
    return number if 0 <= number <= 65535 else None


_GO_INTEGER = re.compile(r"[+-]?[0-9]+")


def _parse_int_problem(text: str, bits: int) -> str | None:
    """Return Go's ``strconv.ParseInt(text, 10, bits+1)`` error text, or None."""
    if not _GO_INTEGER.fullmatch(text):
        return f"strconv.ParseInt: parsing {go_quote(text)}: invalid syntax"
    number = int(text)
    if not -(2**bits) <= number < 2**bits:
        return f"strconv.ParseInt: parsing {go_quote(text)}: value out of range"
    return None


def _parse_int32_problem(text: str) -> str | None:
    return _parse_int_problem(text, 31)


# Go's time.ParseDuration units, in nanoseconds.
_DURATION_UNITS = {
    "ns": 1,
    "us": 1_000,
    "\u00b5s": 1_000,
    "\u03bcs": 1_000,
    "ms": 1_000_000,
    "s": 1_000_000_000,
    "m": 60_000_000_000,
    "h": 3_600_000_000_000,
}
_MAX_DURATION = 2**63 - 1
_MILLISECOND = 1_000_000


def duration_problem(text: str, flag_name: str) -> str | None:
    """Return the error BuildKit gives for a HEALTHCHECK duration flag, or None.

    Go's ``time.ParseDuration`` reads the value; a result between 0 and 1ms
    (negative ones included) is rejected by ``parseOptInterval``.
    """
    nanoseconds = parse_go_duration(text)
    if isinstance(nanoseconds, str):
        return nanoseconds
    if nanoseconds != 0 and nanoseconds < _MILLISECOND:
        return f"Interval {go_quote(flag_name)} cannot be less than 1ms"
    return None


def parse_go_duration(text: str) -> int | str:
    """Parse a duration as Go's ``time.ParseDuration``: nanoseconds or the error."""
    invalid = "time: invalid duration " + _time_quote(text)
    rest = text
    negative = False
    if rest[:1] in ("-", "+"):
        negative = rest[0] == "-"
        rest = rest[1:]
    if rest == "0":
        return 0
    if not rest:
        return invalid
    total = 0
    while rest:
        if not (rest[0] == "." or rest[0].isascii() and rest[0].isdigit()):
            return invalid
        digits = _leading_digits(rest)
        whole = int(digits) if digits else 0
        rest = rest[len(digits) :]
        fraction_digits = ""
        if rest[:1] == ".":
            rest = rest[1:]
            fraction_digits = _leading_digits(rest)
            rest = rest[len(fraction_digits) :]
        if not digits and not fraction_digits:
            return invalid
        unit_end = 0
        while unit_end < len(rest) and not (
            rest[unit_end] == "."
            or rest[unit_end].isascii()
            and rest[unit_end].isdigit()
        ):
            unit_end += 1
        if unit_end == 0:
            return "time: missing unit in duration " + _time_quote(text)
        unit_text = rest[:unit_end]
        rest = rest[unit_end:]
        unit = _DURATION_UNITS.get(unit_text)
        if unit is None:
            return (
                f"time: unknown unit {_time_quote(unit_text)} in duration "
                f"{_time_quote(text)}"
            )
        value = whole * unit
        if fraction_digits:
            fraction = int(fraction_digits)
            scale = 10 ** len(fraction_digits)
            value += int(fraction * (unit / scale))
        total += value
        if total > _MAX_DURATION + (1 if negative else 0):
            return invalid
    return -total if negative else total


def _leading_digits(text: str) -> str:
    end = 0
    while end < len(text) and text[end].isascii() and text[end].isdigit():
        end += 1
    return text[:end]


def _time_quote(text: str) -> str:
    """Quote as the ``quote`` helper of Go's time package: non-ASCII as \\x bytes."""
    out = ['"']
    for char in text:
        if char < " " or not char.isascii():
            out.extend(f"\\x{byte:02x}" for byte in char.encode("utf-8"))
        else:
            if char in '"\\':
                out.append("\\")
            out.append(char)
    out.append('"')
    return "".join(out)


_GO_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r"}
_GO_ESCAPES.update({"\t": "\\t", "\v": "\\v", '"': '\\"', "\\": "\\\\"})


def go_quote(text: str) -> str:
    """Quote ``text`` as Go's ``%q`` (``strconv.Quote``) does for BuildKit's texts."""
    out = ['"']
    for char in text:
        escaped = _GO_ESCAPES.get(char)
        if escaped is not None:
            out.append(escaped)
        elif char.isprintable():
            out.append(char)
        elif ord(char) < 0x80:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    out.append('"')
    return "".join(out)
