"""BuildKit build checks about variables, paths, ports and key/value pairs.

The rule names and message formats are those of BuildKit's linter
(``frontend/dockerfile/linter/ruleset.go`` in moby/buildkit). The conditions follow
the code that runs each check (``dockerfile2llb/convert.go`` unless noted):

- UndefinedVar (``reportUnmatchedVariables``): a variable that an expanded word of
  ENV, LABEL, COPY, ADD, WORKDIR, USER, VOLUME or STOPSIGNAL, or an ARG default,
  uses before any ARG or ENV of the stage or its base stages declares it. BuildKit
  never reports EXPOSE (``dispatchExpose`` drops the unmatched names), ONBUILD (its
  text is not expanded where it is declared) or RUN (the shell expands it).
- WorkdirRelativePath (``dispatchWorkdir``): the first WORKDIR of a stage chain is
  relative.
- SecretsUsedInArgOrEnv (``validateNoSecretKey``): an ARG or ENV name that looks
  like a secret.
- ExposeProtoCasing and ExposeInvalidFormat (``convert_expose.go``).
- LegacyKeyValueFormat (``dispatchEnv``, ``dispatchLabel``): ``ENV key value``.

``raise_to_errors`` applies ``# check=error=true``, which makes BuildKit fail the
build when any check fires.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

from dockerfile_ls.core.expand import VARIABLE_NAME, expand, has_variables
from dockerfile_ls.core.model import BuildGraph, RefStatus, Stage
from dockerfile_ls.core.rules import (
    Finding,
    Fix,
    Rule,
    Severity,
    TextEdit,
    finding,
    shift_finding,
)
from dockerfile_ls.core.rules.instructions import NodeCache, go_quote, parse_port_spec
from dockerfile_ls.core.suggest import suggest
from dockerfile_ls.core.syntax import Instruction, InstructionNode, KeyValue, Word
from dockerfile_ls.core.text import Span

UNDEFINED_VAR = Rule("UndefinedVar", Severity.WARNING, buildkit=True)
WORKDIR_RELATIVE_PATH = Rule("WorkdirRelativePath", Severity.WARNING, buildkit=True)
SECRETS_IN_ARG_OR_ENV = Rule("SecretsUsedInArgOrEnv", Severity.WARNING, buildkit=True)
EXPOSE_PROTO_CASING = Rule("ExposeProtoCasing", Severity.WARNING, buildkit=True)
EXPOSE_INVALID_FORMAT = Rule("ExposeInvalidFormat", Severity.WARNING, buildkit=True)
LEGACY_KEY_VALUE = Rule("LegacyKeyValueFormat", Severity.WARNING, buildkit=True)

# ``getSecretsRegex``: a secret word at the start or end of the name or between
# underscores, unless the word "public" is there too.
_SECRET_NAME = re.compile(
    r"(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret"
    r"|token)(?:_|$)",
    re.IGNORECASE,
)
_PUBLIC_NAME = re.compile(r"(?:_|^)public(?:_|$)", re.IGNORECASE)

# BuildKit's image config always has PATH (it adds a default when the base image
# has none), and ``reportUnmatchedVariables`` skips these two ARGs.
_ALWAYS_DEFINED = frozenset(
    {"PATH", "BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"}
)
_NODE_CHECK_INSTRUCTIONS = frozenset({"ARG", "ENV", "LABEL", "EXPOSE"})
_EXPANDING_INSTRUCTIONS = frozenset(
    {"ARG", "ENV", "LABEL", "COPY", "ADD", "WORKDIR", "USER", "STOPSIGNAL", "VOLUME"}
)
_WINDOWS_ABSOLUTE = re.compile(r"^(?:[A-Za-z]:|\\)")
_GO_TRUE = frozenset({"1", "t", "T", "TRUE", "true", "True"})
_GO_FALSE = frozenset({"0", "f", "F", "FALSE", "false", "False"})


def check(graph: BuildGraph) -> Iterator[Finding]:
    """Yield the build checks of every instruction that belongs to a stage."""
    if not graph.stages:
        return
    first_stage_line = graph.stages[0].from_instruction.line
    for instruction in graph.dockerfile.instructions:
        if instruction.line < first_stage_line:
            # BuildKit never dispatches what comes before the first FROM.
            continue
        if instruction.node.keyword not in _NODE_CHECK_INSTRUCTIONS:
            continue
        for item in _NODE_CHECKS.get(instruction.node):
            yield shift_finding(item, instruction.line)
    yield from _workdir_relative(graph)
    yield from _undefined_variables(graph)


def _node_checks(node: InstructionNode) -> Iterator[Finding]:
    keyword = node.keyword
    if keyword in ("ENV", "LABEL"):
        for pair in node.pairs:
            if pair.legacy and pair.value is not None:
                yield _legacy_pair(node, pair, pair.value)
    if keyword in ("ARG", "ENV"):
        for pair in node.pairs:
            name = pair.key.value
            if keyword == "ENV" and "$" in name:
                continue
            if _SECRET_NAME.search(name) and not _PUBLIC_NAME.search(name):
                yield finding(
                    SECRETS_IN_ARG_OR_ENV,
                    "Do not use ARG or ENV instructions for sensitive data "
                    f"({keyword} {go_quote(name)})",
                    pair.key.span,
                )
    if keyword == "EXPOSE":
        yield from _expose_checks(node)


_NODE_CHECKS: NodeCache[Finding] = NodeCache(_node_checks)


def _legacy_pair(node: InstructionNode, pair: KeyValue, value: Word) -> Finding:
    written = node.keyword_word.value
    key_span = pair.key.span
    span = Span(
        key_span.start_line, key_span.start_col, value.span.end_line, value.span.end_col
    )
    fixes: tuple[Fix, ...] = ()
    replacement = _key_value_text(pair.key.value, value.value)
    if replacement is not None:
        fixes = (Fix("Use the key=value format", (TextEdit(span, replacement),)),)
    return finding(
        LEGACY_KEY_VALUE,
        f'"{written} key=value" should be used instead of legacy "{written} key '
        'value" format',
        span,
        fixes=fixes,
    )


def _key_value_text(key: str, value: str) -> str | None:
    """Rewrite a legacy pair so that BuildKit reads the same key and value.

    The legacy value is one raw word that BuildKit expands later, so it can be
    kept as written unless it has whitespace. Then it needs double quotes, which
    work only when the value has no quote or escape character of its own.
    """
    if not any(char.isspace() for char in value):
        return f"{key}={value}"
    if any(char in "\"'\\`" for char in value):
        return None
    return f'{key}="{value}"'


def _expose_checks(node: InstructionNode) -> Iterator[Finding]:
    for word in node.args:
        text = word.value
        if any(char in "$'\"\\`" for char in text):
            continue
        spec = parse_port_spec(text)
        if spec.split_error:
            continue
        if spec.protocol != spec.protocol.lower():
            start = len(text) - len(spec.protocol)
            protocol_span = word.sub_span(start, len(text))
            yield finding(
                EXPOSE_PROTO_CASING,
                f"Defined protocol '{text}' in EXPOSE instruction should be lowercase",
                word.span,
                fixes=(
                    Fix(
                        f"Change to {spec.protocol.lower()}",
                        (TextEdit(protocol_span, spec.protocol.lower()),),
                        preferred=True,
                    ),
                ),
            )
        if spec.ip or spec.host_port:
            yield finding(
                EXPOSE_INVALID_FORMAT,
                "EXPOSE instruction should not define an IP address or host-port "
                f"mapping, found '{text}'",
                word.span,
            )


def _workdir_relative(graph: BuildGraph) -> Iterator[Finding]:
    """Warn about the first WORKDIR of a stage chain when it is relative.

    BuildKit tracks ``workdirSet`` per stage and copies it from the base stage;
    a WORKDIR of the base image never counts.
    """
    instructions = graph.dockerfile.instructions
    escape = graph.dockerfile.escape
    workdir_set: dict[int, bool] = {}
    for stage in graph.stages:
        base = stage.base
        is_set = False
        if base is not None and base.status is RefStatus.STAGE:
            assert base.target is not None
            is_set = workdir_set.get(base.target, False)
            if not is_set:
                is_set = _trigger_sets_workdir(graph, graph.stages[base.target])
        for position in range(stage.first_instruction + 1, stage.last_instruction + 1):
            instruction = instructions[position]
            node = instruction.node
            if node.keyword != "WORKDIR" or node.command is None:
                continue
            if not is_set:
                relative = _relative_workdir(instruction, node.command, escape)
                if relative is not None:
                    yield relative
            is_set = True
        workdir_set[stage.index] = is_set


def _trigger_sets_workdir(graph: BuildGraph, base: Stage) -> bool:
    """Tell whether an ONBUILD WORKDIR of ``base`` runs first in its children."""
    instructions = graph.dockerfile.instructions
    for position in range(base.first_instruction + 1, base.last_instruction + 1):
        sub = instructions[position].node.sub
        if sub is not None and sub.keyword == "WORKDIR":
            return True
    return False


def _relative_workdir(
    instruction: Instruction, word: Word, escape: str
) -> Finding | None:
    text = word.value
    if has_variables(text, escape):
        # The value comes from ARG or ENV, which may hold an absolute path.
        return None
    path = expand(text, {}, escape).value if text else text
    if not path or path.startswith("/") or _WINDOWS_ABSOLUTE.match(path):
        return None
    return finding(
        WORKDIR_RELATIVE_PATH,
        f"Relative workdir {go_quote(path)} can have unexpected results if the base "
        "image changes",
        instruction.span(word.span),
    )


def _undefined_variables(graph: BuildGraph) -> Iterator[Finding]:
    """Report variables BuildKit expands while no ARG or ENV declares them.

    Only stages built on ``scratch`` (directly or through base stages) are
    checked: any other base image may define the variable in its ENV.
    """
    checked = [stage for stage in graph.stages if _built_on_scratch(graph, stage)]
    if not checked:
        return
    declared_after: dict[int, tuple[str, ...]] = {}
    for stage in checked:
        yield from _check_stage_variables(graph, stage, declared_after)


def _built_on_scratch(graph: BuildGraph, stage: Stage) -> bool:
    root = graph.base_chain(stage)[-1].base
    return root is not None and root.status is RefStatus.SCRATCH


def _declared_after(
    graph: BuildGraph, stage: Stage, memo: dict[int, tuple[str, ...]]
) -> tuple[str, ...]:
    """Return the ARG and ENV names a stage has declared once it is built, in
    declaration order."""
    cached = memo.get(stage.index)
    if cached is not None:
        return cached
    names = dict.fromkeys(_declared_before(graph, stage, memo))
    instructions = graph.dockerfile.instructions
    for position in range(stage.first_instruction + 1, stage.last_instruction + 1):
        node = instructions[position].node
        if node.keyword in ("ARG", "ENV"):
            names.update(dict.fromkeys(pair.key.value for pair in node.pairs))
    result = tuple(names)
    memo[stage.index] = result
    return result


def _declared_before(
    graph: BuildGraph, stage: Stage, memo: dict[int, tuple[str, ...]]
) -> list[str]:
    """Return the names a stage inherits from its base stage and its triggers."""
    base = stage.base
    if base is None or base.status is not RefStatus.STAGE or base.target is None:
        return []
    if base.target >= stage.index:
        return []
    parent = graph.stages[base.target]
    names = dict.fromkeys(_declared_after(graph, parent, memo))
    instructions = graph.dockerfile.instructions
    for position in range(parent.first_instruction + 1, parent.last_instruction + 1):
        sub = instructions[position].node.sub
        if sub is not None and sub.keyword in ("ARG", "ENV"):
            names.update(dict.fromkeys(pair.key.value for pair in sub.pairs))
    return list(names)


class _VariableEvent(NamedTuple):
    """A variable an instruction uses, or declares when ``span`` is None.

    ``span`` is relative to the instruction's first line.
    """

    name: str
    span: Span | None


def _variable_events(node: InstructionNode, escape: str) -> Iterator[_VariableEvent]:
    """List the uses and declarations of a node in the order BuildKit expands them.

    ``escape`` is the escape character of the file, which decides whether ``$``
    after a backslash or a backtick starts a variable.
    """
    keyword = node.keyword
    if keyword == "ARG":
        # ``dispatchArg`` expands each default after the ARGs before it in the
        # same instruction are declared.
        for pair in node.pairs:
            if pair.value is not None:
                yield from _word_events(pair.value, escape)
            yield _VariableEvent(pair.key.value, None)
        return
    for word in _expanded_words(node):
        yield from _word_events(word, escape)
    if keyword == "ENV":
        # ENV expands every pair before it sets any of them.
        for pair in node.pairs:
            yield _VariableEvent(pair.key.value, None)


def _word_events(word: Word, escape: str) -> Iterator[_VariableEvent]:
    text = word.value
    if "$" not in text:
        return
    # BuildKit reports each name once per expanded word.
    seen: set[str] = set()
    for use in expand(text, {}, escape).uses:
        name = use.name
        if name in seen or VARIABLE_NAME.match(name) is None:
            continue
        seen.add(name)
        start = text.find(name, use.start)
        if start < 0:
            continue
        yield _VariableEvent(name, word.sub_span(start, start + len(name)))


# One cache per escape character: the events of a node depend on it.
_NODE_VARIABLES: dict[str, NodeCache[_VariableEvent]] = {}


def _variable_cache(escape: str) -> NodeCache[_VariableEvent]:
    cache = _NODE_VARIABLES.get(escape)
    if cache is None:
        cache = NodeCache(functools.partial(_variable_events, escape=escape))
        _NODE_VARIABLES[escape] = cache
    return cache


def _check_stage_variables(
    graph: BuildGraph, stage: Stage, memo: dict[int, tuple[str, ...]]
) -> Iterator[Finding]:
    declared = dict.fromkeys(_declared_before(graph, stage, memo))
    instructions = graph.dockerfile.instructions
    cache = _variable_cache(graph.dockerfile.escape)
    for position in range(stage.first_instruction + 1, stage.last_instruction + 1):
        instruction = instructions[position]
        node = instruction.node
        if node.keyword not in _EXPANDING_INSTRUCTIONS:
            continue
        for event in cache.get(node):
            if event.span is None:
                declared[event.name] = None
                continue
            if event.name in declared or event.name in _ALWAYS_DEFINED:
                continue
            yield _undefined(event.name, instruction.span(event.span), declared)


def _undefined(name: str, span: Span, declared: dict[str, None]) -> Finding:
    message = f"Usage of undefined variable '${name}'"
    fixes: tuple[Fix, ...] = ()
    # BuildKit offers the names of the stage's environment, PATH first.
    guesses = suggest(name, ("PATH", *declared), case_sensitive=True)
    if guesses:
        message += f" (did you mean ${guesses[0]}?)"
        fixes = (Fix(f"Change to {guesses[0]}", (TextEdit(span, guesses[0]),), True),)
    return finding(UNDEFINED_VAR, message, span, fixes=fixes)


def _expanded_words(node: InstructionNode) -> list[Word]:
    """Return the words BuildKit expands through ``reportUnmatchedVariables``."""
    keyword = node.keyword
    words: list[Word] = []
    if keyword in ("ENV", "LABEL"):
        for pair in node.pairs:
            words.append(pair.key)
            if pair.value is not None:
                words.append(pair.value)
    elif keyword in ("COPY", "ADD"):
        names = ("chown", "checksum") if keyword == "ADD" else ("chown",)
        for name in names:
            flag = node.flag(name)
            if flag is not None and flag.value is not None:
                words.append(flag.value)
        markers = {heredoc.marker.start for heredoc in node.heredocs}
        for word in node.args:
            if node.json or word.start not in markers:
                words.append(word)
    elif keyword in ("WORKDIR", "USER", "STOPSIGNAL"):
        if node.command is not None:
            words.append(node.command)
    elif keyword == "VOLUME":
        words.extend(node.args)
    return words


def error_on_warnings(value: str) -> bool:
    """Tell whether a ``check`` setting such as ``skip=X;error=true`` sets error.

    Follows BuildKit's ``linter.ParseLintOptions``: up to three ``;``-separated
    options, and ``error`` read by Go's ``strconv.ParseBool``. A setting that does
    not parse sets nothing here (BuildKit then fails with its own error).
    """
    value = value.strip()
    if not value:
        return False
    error = False
    for option in value.split(";", 2):
        key, sep, setting = option.partition("=")
        key = key.strip()
        if not sep or key not in ("skip", "experimental", "error"):
            return False
        if key != "error":
            continue
        setting = setting.strip()
        if setting in _GO_TRUE:
            error = True
        elif setting in _GO_FALSE:
            error = False
        else:
            return False
    return error


def raise_to_errors(graph: BuildGraph, findings: list[Finding]) -> list[Finding]:
    """Turn BuildKit's build check warnings into errors under ``check=error=true``.

    BuildKit then fails the build with "lint violation found for rules: ...", so
    every check that fired is an error; the rule names stay.
    """
    directive = graph.dockerfile.directive("check")
    if directive is None or not error_on_warnings(directive.value):
        return findings
    return [
        item._replace(severity=Severity.ERROR)
        if item.rule.buildkit and item.severity is Severity.WARNING
        else item
        for item in findings
    ]
