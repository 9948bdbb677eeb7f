"""Command line: ``dockerfile-ls serve`` (the language server) and ``check``.

Only ``serve`` imports pygls and lsprotocol; ``check`` stays fast to start.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from collections.abc import Sequence

from dockerfile_ls import __version__

logger = logging.getLogger("dockerfile_ls")


def _build_arg(text: str) -> tuple[str, str]:
    """Read NAME=VALUE, or NAME alone to take the value from the environment, as
    ``docker build --build-arg NAME`` does."""
    name, sep, value = text.partition("=")
    if not name:
        raise argparse.ArgumentTypeError(
            f"invalid build argument {text!r}: expected NAME=VALUE or NAME"
        )
    if not sep:
        if name not in os.environ:
            raise argparse.ArgumentTypeError(
                f"build argument {name} has no value: write {name}=VALUE or set it "
                "in the environment"
            )
        value = os.environ[name]
    return name, value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dockerfile-ls",
        description="A language server for Dockerfiles that understands build stages.",
    )
    parser.add_argument("--version", action="version", version=__version__)
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="log more to stderr: -v for info, -vv for debug including pygls",
    )
    parser.add_argument("--log-file", help="also write the log to this file")
    commands = parser.add_subparsers(dest="command")

    serve = commands.add_parser("serve", help="run the language server (stdio default)")
    serve.add_argument(
        "--stdio", action="store_true", help="speak LSP over stdin/stdout (default)"
    )
    serve.add_argument(
        "--tcp", action="store_true", help="listen on TCP at 127.0.0.1 (debugging)"
    )
    serve.add_argument(
        "--port", type=int, default=2087, help="TCP port for --tcp (default: 2087)"
    )

    check = commands.add_parser(
        "check", help="print findings and stages of Dockerfiles; exit 1 on warnings"
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="Dockerfiles to check")
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format"
    )
    check.add_argument(
        "--build-arg",
        type=_build_arg,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a build argument applied to FROM lines (repeatable)",
    )
    check.add_argument(
        "--target", default="", help="the stage treated as the final image"
    )
    check.add_argument(
        "--hints", action="store_true", help="also print hints such as unused stages"
    )
    return parser


def _configure_logging(verbose: int, log_file: str | None) -> None:
    level = logging.WARNING
    if verbose == 1:
        level = logging.INFO
    elif verbose >= 2:
        level = logging.DEBUG
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file:
        handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=handlers,
    )
    logger.setLevel(level)
    # pygls logs every message at INFO; keep it quiet unless -vv.
    logging.getLogger("pygls").setLevel(
        logging.DEBUG if verbose >= 2 else logging.WARNING
    )
    # Without -vv, a cancel notification for a finished request gets no warning,
    # because editors show those as errors in their output panel.
    if verbose < 2:
        logging.getLogger("pygls.protocol.json_rpc").setLevel(logging.ERROR)


def _resume_collection() -> None:
    gc.freeze()
    gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or arguments[0].startswith("--stdio"):
        # Editors often start language servers with just `--stdio`.
        arguments = ["serve", *arguments]
    parser = _parser()
    options = parser.parse_args(arguments)
    _configure_logging(options.verbose, options.log_file)
    # Collections during start-up find nothing to free but cost tens of
    # milliseconds: collect only after the modules are loaded, and leave what
    # the imports created out of later collections.
    gc.disable()
    if options.command == "check":
        from dockerfile_ls.cli import run_check

        _resume_collection()
        return run_check(
            options.paths,
            output_format=options.format,
            build_args=dict(options.build_arg),
            target=options.target,
            show_hints=options.hints,
        )
    if options.command == "serve":
        from dockerfile_ls.lsp.server import run_server

        return run_server(
            tcp=options.tcp, port=options.port, after_start_up=_resume_collection
        )
    _resume_collection()
    parser.print_help(sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
