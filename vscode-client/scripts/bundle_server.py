"""Copy the server and its runtime dependencies into ``server/lib`` for the .vsix.

The extension runs ``python -m dockerfile_ls serve --stdio`` with ``server/lib`` on
``PYTHONPATH``, so that folder must import on every supported interpreter
(CPython 3.10 and newer) and every platform. This script:

1. installs the dependencies listed in the repository's ``pyproject.toml`` with
   ``pip install --target``. pip evaluates environment markers for the Python that
   runs it, not for ``--python-version``. So the script reads each installed
   distribution's ``Requires-Dist`` and evaluates the markers for every supported
   Python version. It installs again with what was missing (back-ports such as
   ``exceptiongroup`` for 3.10) until nothing is;
2. deletes compiled extension modules that have a pure-Python fallback
   (PyYAML's optional libyaml binding) and fails on any other compiled file;
3. copies the ``dockerfile_ls`` package from ``server/``;
4. imports the result in a fresh interpreter as a smoke test.

Run it from any folder: ``python3 scripts/bundle_server.py``. It needs Python 3.10
or newer with pip, and the package registry.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
from email.parser import HeaderParser
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10: pip vendors tomli, the library tomllib came from
    from pip._vendor import tomli as tomllib  # type: ignore[no-redef]

try:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name
except ImportError:  # pip vendors the same library
    from pip._vendor.packaging.requirements import Requirement  # type: ignore[assignment]
    from pip._vendor.packaging.utils import canonicalize_name  # type: ignore[assignment]

logger = logging.getLogger("bundle_server")

CLIENT_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = CLIENT_DIR.parent
PACKAGE_DIR = REPO_DIR / "server" / "dockerfile_ls"
DEFAULT_OUTPUT = CLIENT_DIR / "server" / "lib"

OLDEST_PYTHON = "3.10"
"""Wheels must install on this version; keep it equal to ``requires-python`` in
pyproject.toml and to the minimum in src/interpreter.ts."""

SUPPORTED_PYTHONS = ("3.10", "3.11", "3.12", "3.13", "3.14")
"""Environment markers are evaluated for each of these versions, and a
requirement that applies to any of them is bundled."""

MAX_ROUNDS = 5

BINARY_SUFFIXES = (".so", ".pyd", ".dylib", ".dll")

OPTIONAL_BINARIES = ("yaml/_yaml.", "_yaml/_yaml.")
"""Compiled modules that may be dropped: ``yaml/__init__.py`` falls back to the
pure-Python loader when ``yaml._yaml`` cannot be imported (``__with_libyaml__``
becomes False)."""

SMOKE_TEST = (
    "import sys, dockerfile_ls, pygls, lsprotocol, cattrs, attrs, yaml\n"
    "assert not yaml.__with_libyaml__, 'the compiled libyaml binding is bundled'\n"
    "sys.stdout.write(dockerfile_ls.__version__)\n"
)


def read_dependencies(pyproject: Path) -> list[str]:
    """Return the runtime requirement strings of the project."""
    with pyproject.open("rb") as handle:
        project = tomllib.load(handle)["project"]
    dependencies: list[str] = project.get("dependencies", [])
    return dependencies


def install_dependencies(requirements: list[str], target: Path) -> None:
    """Install wheels for the oldest supported Python into ``target``."""
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-compile",
        "--only-binary=:all:",
        "--python-version",
        OLDEST_PYTHON,
        "--target",
        str(target),
        *requirements,
    ]
    logger.info("running %s", " ".join(command))
    environment = {**os.environ, "PIP_ROOT_USER_ACTION": "ignore"}
    subprocess.run(command, check=True, env=environment)


def installed_names(target: Path) -> set[str]:
    """Return the canonical names of the distributions installed in ``target``."""
    names: set[str] = set()
    for metadata in target.glob("*.dist-info/METADATA"):
        headers = HeaderParser().parsestr(metadata.read_text(encoding="utf-8"))
        names.add(canonicalize_name(headers["Name"]))
    return names


def missing_requirements(target: Path) -> list[str]:
    """Return requirements that some supported Python needs and ``target`` lacks.

    Requirements behind an extra (``extra == "ws"``) are skipped, because the
    server installs no extras.
    """
    installed = installed_names(target)
    missing: dict[str, str] = {}
    for metadata in sorted(target.glob("*.dist-info/METADATA")):
        headers = HeaderParser().parsestr(metadata.read_text(encoding="utf-8"))
        for line in headers.get_all("Requires-Dist") or []:
            requirement = Requirement(line)
            name = canonicalize_name(requirement.name)
            if name in installed or not applies_to_supported(requirement):
                continue
            missing[name] = line.split(";")[0].strip()
    return sorted(missing.values())


def applies_to_supported(requirement: Requirement) -> bool:
    """Tell whether the requirement's marker holds for a supported Python."""
    if requirement.marker is None:
        return True
    for version in SUPPORTED_PYTHONS:
        environment = {
            "python_version": version,
            "python_full_version": f"{version}.0",
            "extra": "",
        }
        if requirement.marker.evaluate(environment):
            return True
    return False


def remove_binaries(target: Path) -> list[str]:
    """Delete optional compiled modules; raise if any other compiled file remains."""
    removed: list[str] = []
    unexpected: list[str] = []
    for path in sorted(target.rglob("*")):
        if not path.is_file() or not path.name.endswith(BINARY_SUFFIXES):
            continue
        relative = path.relative_to(target).as_posix()
        if relative.startswith(OPTIONAL_BINARIES):
            path.unlink()
            removed.append(relative)
        else:
            unexpected.append(relative)
    if unexpected:
        raise SystemExit(
            "bundle_server: compiled files without a pure-Python fallback: "
            + ", ".join(unexpected)
            + ". Pin a pure-Python version of that dependency or extend "
            "OPTIONAL_BINARIES after checking its fallback."
        )
    return removed


def copy_server(target: Path) -> None:
    """Copy the ``dockerfile_ls`` package, without bytecode caches."""
    shutil.copytree(
        PACKAGE_DIR,
        target / PACKAGE_DIR.name,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )


def smoke_test(target: Path) -> str:
    """Import the bundle in a fresh interpreter and return the server version."""
    result = subprocess.run(
        [sys.executable, "-s", "-c", SMOKE_TEST],
        env={"PYTHONPATH": str(target), "PYTHONDONTWRITEBYTECODE": "1"},
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="folder to (re)create; default: %(default)s",
    )
    options = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="bundle_server: %(message)s")

    target: Path = options.output
    target.mkdir(parents=True, exist_ok=True)

    requirements = read_dependencies(REPO_DIR / "pyproject.toml")
    for _ in range(MAX_ROUNDS):
        shutil.rmtree(target)
        target.mkdir(parents=True)
        install_dependencies(requirements, target)
        missing = missing_requirements(target)
        if not missing:
            break
        logger.info("adding requirements for other Python versions: %s", missing)
        requirements += missing
    else:
        raise SystemExit(f"bundle_server: still missing {missing} after {MAX_ROUNDS}")
    for relative in remove_binaries(target):
        logger.info("removed optional compiled module %s", relative)
    copy_server(target)

    version = smoke_test(target)
    logger.info("bundled dockerfile-ls %s with %s", version, ", ".join(requirements))
    return 0


if __name__ == "__main__":
    sys.exit(main())
