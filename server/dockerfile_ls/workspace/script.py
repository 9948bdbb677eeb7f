"""Build sites from shell script text, wherever the script is written.

Shell scripts, Makefile and Justfile recipes and CI ``script``/``run`` blocks all
come here: the text is tokenized, build commands are found, and each becomes a
``BuildSite`` whose spans are mapped back to the file through an ``OffsetMapper``.

Paths follow the tools: ``-f`` is relative to the working directory (Docker CLI
``build``: "relative to the current directory, not the context"), the default
Dockerfile is ``Dockerfile`` in the context, and podman and buildah read
``Containerfile`` first, then ``Dockerfile``. Without a context argument podman and
buildah use the directory of the ``-f`` file, else the working directory.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from dockerfile_ls.core.text import Span
from dockerfile_ls.workspace.buildcmd import ArgValue, BuildCommand, find_build_commands
from dockerfile_ls.workspace.positions import OffsetMapper, span_of
from dockerfile_ls.workspace.shellwords import tokenize
from dockerfile_ls.workspace.sites import BuildSite, is_remote_context, resolve_path

CONTAINERFILE_TOOLS = ("podman", "buildah")


def sites_from_script(
    text: str,
    *,
    file: str,
    kind: str,
    mapper: OffsetMapper,
    cwd: str | None,
    start: int = 0,
    end: int | None = None,
    templates: tuple[tuple[str, str], ...] = (),
    known_vars: Mapping[str, str] | None = None,
    make_syntax: bool = False,
    name: str | None = None,
) -> tuple[list[BuildSite], str | None]:
    """Return a site for each build command in ``text[start:end]``, and the
    working directory at the end of the script (``None`` once unknown)."""
    tokens = tokenize(
        text,
        start,
        end,
        templates=templates,
        known_vars=known_vars,
        make_syntax=make_syntax,
    )
    commands, cwd = find_build_commands(tokens, cwd)
    sites = [
        site_from_command(command, text, file=file, kind=kind, mapper=mapper, name=name)
        for command in commands
    ]
    return sites, cwd


def site_from_command(
    command: BuildCommand,
    text: str,
    *,
    file: str,
    kind: str,
    mapper: OffsetMapper,
    name: str | None,
) -> BuildSite:
    """Describe one build command as a ``BuildSite``."""
    context, remote = _context_directory(command)
    dockerfile, alternatives = _dockerfile(command, context, remote)
    target = None
    target_span = None
    insert_span = None
    prefix = suffix = ""
    if command.target is not None:
        target = command.target.value
        target_span = _value_span(command, text, mapper)
        insert_span = target_span
    elif command.target_flag is not None:
        target = ""
        gap_start = command.target_flag.end
        gap_end = gap_start
        while gap_end < len(text) and text[gap_end] in " \t":
            gap_end += 1
        insert_span = span_of(mapper, gap_start, gap_end)
        prefix = " "
        suffix = "" if gap_end >= len(text) or text[gap_end] in "\r\n" else " "
    return BuildSite(
        file=file,
        kind=kind,
        dockerfile=dockerfile,
        inline_dockerfile=None,
        inline_span=None,
        context=context,
        target=target,
        target_span=target_span,
        dockerfile_span=_arg_span(command.file, mapper),
        insert_span=insert_span,
        insert_prefix=prefix,
        insert_suffix=suffix,
        target_dynamic=command.target is not None and command.target.dynamic,
        context_span=_arg_span(command.context, mapper),
        dockerfile_alternatives=alternatives,
        name=name,
    )


def _context_directory(command: BuildCommand) -> tuple[str | None, bool]:
    """Return the local context directory and whether the context is remote or
    read from standard input."""
    if command.context is None:
        if command.tool in CONTAINERFILE_TOOLS and _local_file(command):
            assert command.file is not None
            path = resolve_path(command.cwd, command.file.value)
            return (None if path is None else os.path.dirname(path)), False
        return command.cwd, False
    value = command.context.value
    if command.context.dynamic or value == "-" or is_remote_context(value):
        return None, True
    return resolve_path(command.cwd, value), False


def _local_file(command: BuildCommand) -> bool:
    file = command.file
    if file is None or file.dynamic:
        return False
    return file.value not in ("", "-") and not is_remote_context(file.value)


def _dockerfile(
    command: BuildCommand, context: str | None, remote: bool
) -> tuple[str | None, tuple[str, ...]]:
    if remote:
        return None, ()
    if command.file is not None:
        if not _local_file(command):
            return None, ()
        path = resolve_path(command.cwd, command.file.value)
        if command.tool in CONTAINERFILE_TOOLS and context is not None:
            # NOTE: podman and buildah also try a relative -f path inside the
            # context when it is missing from the working directory.
            fallback = resolve_path(context, command.file.value)
            if fallback is not None and fallback != path:
                return path, (fallback,)
        return path, ()
    if context is None:
        return None, ()
    if command.tool in CONTAINERFILE_TOOLS:
        return (
            os.path.join(context, "Containerfile"),
            (os.path.join(context, "Dockerfile"),),
        )
    return os.path.join(context, "Dockerfile"), ()


def _value_span(command: BuildCommand, text: str, mapper: OffsetMapper) -> Span:
    """Return the span of the target value, zero width inside ``""`` or after
    ``--target=``."""
    assert command.target is not None
    word = command.target.word
    start = command.target.start
    offsets = word.offsets
    if start < len(offsets):
        return span_of(mapper, offsets[start], offsets[-1] + 1)
    if start > 0:
        position = offsets[start - 1] + 1
    else:
        position = word.start
    if position < len(text) and text[position] in "'\"":
        position += 1
    return span_of(mapper, position, position)


def _arg_span(argument: ArgValue | None, mapper: OffsetMapper) -> Span | None:
    if argument is None or argument.start >= len(argument.word.offsets):
        return None
    offsets = argument.word.offsets
    return span_of(mapper, offsets[argument.start], offsets[-1] + 1)
