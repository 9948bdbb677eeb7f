"""Find image build commands in tokenized shell text and read their arguments.

Recognized: ``docker build``, ``docker buildx build`` (and its alias ``b``),
``docker image build``, ``docker builder build``, ``podman build`` (also ``image
build`` and ``buildx build``), ``buildah bud``/``build``/``build-using-dockerfile``
and ``nerdctl build``, behind ``sudo``, ``env``, ``command``, ``exec``, ``time``,
``nice``, ``nohup``, ``timeout``, ``doas`` and variable assignments.

Flags are read as pflag, the Cobra flag library of all four tools, reads them. A
flag that takes a value is written ``--name=value`` or ``--name value``, short flags
can be bundled (``-qf file``), ``--`` ends the flags, and the last occurrence of a
flag wins. ``buildflags`` lists which flags take a value.
Simple ``cd`` commands are followed, so ``cd app && docker build .`` builds ``app``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from dockerfile_ls.workspace.buildflags import (
    BUILD_TOOLS,
    BUILD_VALUE_FLAGS,
    BUILD_VALUE_SHORTS,
    BUILDX_VALUE_FLAGS,
    GLOBAL_VALUE_FLAGS,
    SHORT_NAMES,
    WRAPPER_VALUE_FLAGS,
)
from dockerfile_ls.workspace.shellwords import REDIRECTIONS, Operator, Token, Word

KEYWORDS = frozenset(
    {"if", "then", "else", "elif", "do", "while", "until", "!", "{", "}"}
)
SEPARATORS = frozenset({";", ";;", "&", "&&", "||", "|", "|&", "\n"})


@dataclass(frozen=True, slots=True)
class ArgValue:
    """A flag value or argument: ``word.value[start:]``."""

    word: Word
    start: int

    @property
    def value(self) -> str:
        return self.word.value[self.start :]

    @property
    def dynamic(self) -> bool:
        return self.word.dynamic


@dataclass(frozen=True, slots=True)
class BuildCommand:
    """One build command line and the arguments that choose what it builds.

    ``target_flag`` is set when ``--target`` is written without a value, so the
    target is being typed after it.
    """

    tool: str
    words: tuple[Word, ...]
    target: ArgValue | None
    target_flag: Word | None
    file: ArgValue | None
    context: ArgValue | None
    cwd: str | None


def find_build_commands(
    tokens: list[Token], cwd: str | None
) -> tuple[list[BuildCommand], str | None]:
    """Return the build commands in ``tokens``, run from directory ``cwd``, and the
    directory the shell is in at the end.

    ``cwd`` follows ``cd`` and ``pushd`` with a literal directory, becomes unknown
    after any other change of directory, and is restored when a subshell closes.
    """
    commands: list[BuildCommand] = []
    saved: list[str | None] = []
    words: list[Word] = []
    index = 0
    while index <= len(tokens):
        token = tokens[index] if index < len(tokens) else Operator("\n", 0, 0)
        index += 1
        if isinstance(token, Word):
            words.append(token)
            continue
        if token.op in REDIRECTIONS:
            if words and words[-1].value.isdigit() and words[-1].end == token.start:
                words.pop()
            index += 1 if index < len(tokens) and isinstance(tokens[index], Word) else 0
            continue
        cwd = _run_command(words, cwd, commands)
        words = []
        if token.op == "(":
            saved.append(cwd)
        elif token.op == ")" and saved:
            cwd = saved.pop()
    return commands, cwd


def _run_command(
    words: list[Word], cwd: str | None, commands: list[BuildCommand]
) -> str | None:
    """Record ``words`` if they build an image; return the directory afterwards."""
    rest, build_cwd = _strip_prefixes(words, cwd)
    if not rest or rest[0].dynamic:
        return cwd
    name = os.path.basename(rest[0].value)
    if name in ("cd", "pushd", "popd"):
        return _change_directory(name, rest[1:], cwd)
    build = _build_arguments(rest)
    if build is not None:
        tool, arguments = build
        commands.append(_parse_build(tool, tuple(words), arguments, build_cwd))
    return cwd


def _strip_prefixes(
    words: list[Word], cwd: str | None
) -> tuple[list[Word], str | None]:
    """Drop keywords, variable assignments and wrapper commands before the program.

    Returns the remaining words and the directory the program runs in, which
    ``env -C DIR`` changes.
    """
    index = 0
    while index < len(words):
        value = words[index].value
        if value in KEYWORDS or _is_assignment(value):
            index += 1
        elif value == "env":
            index, cwd = _skip_env_options(words, index + 1, cwd)
        elif value in WRAPPER_VALUE_FLAGS:
            index = _skip_options(words, index + 1, WRAPPER_VALUE_FLAGS[value])
            if value == "timeout" and index < len(words):
                index += 1
        else:
            break
    return words[index:], cwd


def _is_assignment(value: str) -> bool:
    name, equals, _ = value.partition("=")
    return bool(equals) and name.isidentifier()


def _skip_options(words: list[Word], index: int, value_flags: frozenset[str]) -> int:
    while index < len(words) and words[index].value.startswith("-"):
        value = words[index].value
        index += 1
        if value == "--":
            break
        if value in value_flags:
            index += 1
    return index


def _skip_env_options(
    words: list[Word], index: int, cwd: str | None
) -> tuple[int, str | None]:
    """Skip the options of ``env``, following ``-C DIR`` and ``--chdir=DIR``."""
    while index < len(words) and words[index].value.startswith("-"):
        word = words[index]
        index += 1
        if word.value == "-C" and index < len(words):
            directory = words[index]
            cwd = _join(cwd, directory.value, directory.dynamic)
            index += 1
        elif word.value.startswith("--chdir="):
            cwd = _join(cwd, word.value[len("--chdir=") :], word.dynamic)
        elif word.value in WRAPPER_VALUE_FLAGS["env"]:
            index += 1
    return index, cwd


def _change_directory(name: str, arguments: list[Word], cwd: str | None) -> str | None:
    operands = [word for word in arguments if not word.value.startswith("-")]
    if name == "popd" or not operands:
        return None
    return _join(cwd, operands[0].value, operands[0].dynamic)


def _join(cwd: str | None, value: str, dynamic: bool) -> str | None:
    if dynamic or value.startswith("~") or not value:
        return None
    if os.path.isabs(value):
        return os.path.normpath(value)
    if cwd is None:
        return None
    return os.path.normpath(os.path.join(cwd, value))


def _build_arguments(words: list[Word]) -> tuple[str, list[Word]] | None:
    """Return the tool and the words after its build subcommand, if it is one."""
    tool = os.path.basename(words[0].value)
    if tool not in BUILD_TOOLS:
        return None
    index = _skip_global_flags(words, 1, GLOBAL_VALUE_FLAGS[tool])
    if index >= len(words):
        return None
    subcommand = words[index].value
    index += 1
    if tool == "buildah":
        if subcommand in ("bud", "build", "build-using-dockerfile"):
            return tool, words[index:]
        return None
    if subcommand == "build":
        return tool, words[index:]
    if subcommand == "buildx":
        index = _skip_global_flags(words, index, BUILDX_VALUE_FLAGS)
        accepted: tuple[str, ...] = ("build", "b")
    elif subcommand in ("image", "builder"):
        accepted = ("build",)
    else:
        return None
    if index < len(words) and words[index].value in accepted:
        return tool, words[index + 1 :]
    return None


def _skip_global_flags(
    words: list[Word], index: int, value_flags: frozenset[str]
) -> int:
    while index < len(words) and words[index].value.startswith("-"):
        value = words[index].value
        index += 1
        if value in value_flags:
            index += 1
    return index


def _parse_build(
    tool: str, words: tuple[Word, ...], arguments: list[Word], cwd: str | None
) -> BuildCommand:
    values: dict[str, ArgValue | None] = {}
    flag_words: dict[str, Word] = {}
    positionals: list[ArgValue] = []
    index = 0
    while index < len(arguments):
        word = arguments[index]
        value = word.value
        index += 1
        if value == "--":
            positionals.extend(ArgValue(rest, 0) for rest in arguments[index:])
            break
        if value.startswith("--") and len(value) > 2:
            name, equals, _ = value.partition("=")
            if equals:
                values[name] = ArgValue(word, len(name) + 1)
            elif name in BUILD_VALUE_FLAGS:
                flag_words[name] = word
                values[name] = _next_value(arguments, index)
                index += 1
        elif value.startswith("-") and len(value) > 1:
            index = _read_short_flags(word, arguments, index, values, flag_words)
        else:
            positionals.append(ArgValue(word, 0))
    return _build_command(tool, words, values, flag_words, positionals, cwd)


def _next_value(arguments: list[Word], index: int) -> ArgValue | None:
    if index < len(arguments):
        return ArgValue(arguments[index], 0)
    return None


def _read_short_flags(
    word: Word,
    arguments: list[Word],
    index: int,
    values: dict[str, ArgValue | None],
    flag_words: dict[str, Word],
) -> int:
    """Read bundled short flags such as ``-qf`` and ``-fDockerfile``."""
    value = word.value
    position = 1
    while position < len(value):
        letter = value[position]
        position += 1
        if letter not in BUILD_VALUE_SHORTS:
            continue
        name = SHORT_NAMES.get(letter, "-" + letter)
        if position < len(value):
            skip = 1 if value[position] == "=" else 0
            values[name] = ArgValue(word, position + skip)
        else:
            flag_words[name] = word
            values[name] = _next_value(arguments, index)
            index += 1
        break
    return index


def _build_command(
    tool: str,
    words: tuple[Word, ...],
    values: dict[str, ArgValue | None],
    flag_words: dict[str, Word],
    positionals: list[ArgValue],
    cwd: str | None,
) -> BuildCommand:
    target = values.get("--target")
    target_flag = None
    context = positionals[0] if positionals else None
    if "--target" in values and target is None:
        target_flag = flag_words["--target"]
    elif (
        target is not None
        and target.start == 0
        and context is None
        and not target.dynamic
        and not _could_be_stage_name(target.value)
    ):
        # `docker build --target  .` while the target is being typed: the word
        # after the flag is the context, since a stage name cannot look like it.
        context = target
        target = None
        target_flag = flag_words["--target"]
    return BuildCommand(
        tool, words, target, target_flag, values.get("--file"), context, cwd
    )


def _could_be_stage_name(value: str) -> bool:
    # BuildKit lowercases a stage name, then requires ^[a-z][a-z0-9-_.]*$.
    lowered = value.lower()
    if not lowered or not ("a" <= lowered[0] <= "z"):
        return False
    return all(ch.isascii() and (ch.isalnum() or ch in "-_.") for ch in lowered)
