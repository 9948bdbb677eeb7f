"""The tool that derives the official-images table, on small manifests of our own.

The manifests below follow the docker-library/official-images library format
(RFC 2822-style paragraphs; the first one sets defaults for the entries).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

from dockerfile_ls.knowledge.removed_tags import RemovedLines
from dockerfile_ls.knowledge.table_format import Table
from dockerfile_ls.knowledge.vocabulary import Release

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "derive_image_table.py"
SHIPPED = ROOT / "server" / "dockerfile_ls" / "knowledge" / "data"


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("derive_image_table", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["derive_image_table"] = module
    spec.loader.exec_module(module)
    return module


tool = _load_tool()

DEBIAN = """\
Maintainers: Someone <someone@example.com> (@someone)
GitRepo: https://example.com/debian.git

# bookworm -- Debian 12.9 Released 11 January 2025
Tags: bookworm, 12
Directory: bookworm

Tags: bookworm-slim, 12-slim
Directory: bookworm/slim

# trixie -- Debian 13.1 Released 6 September 2025
Tags: trixie, 13, latest
Directory: trixie

Tags: trixie-slim, 13-slim
Directory: trixie/slim

# stable -- Debian 13.1 Released 6 September 2025
Tags: stable
Directory: stable

# forky -- Debian x.y Testing distribution - Not Released
Tags: forky
Directory: forky

# testing -- Debian x.y Testing distribution - Not Released
Tags: testing
Directory: testing
"""

ALPINE = """\
Maintainers: Someone <someone@example.com> (@someone)
GitRepo: https://example.com/alpine.git

Tags: 3.22.1, 3.22, 3,
 latest
Directory: x86_64
"""

APP = """\
Maintainers: Someone <someone@example.com> (@someone)
GitRepo: https://example.com/app.git
Directory: src

Tags: 2.1.0, 2.1, 2,latest, 2-trixie
SharedTags: shared
Architectures: amd64, arm64v8
Directory: 2/trixie

Tags: 2-alpine
Directory: 2/alpine

Tags: 2-windowsservercore-ltsc2022
SharedTags: shared, 2-windowsservercore
Architectures: windows-amd64
Directory: 2/windows/windowsservercore-ltsc2022
Constraints: windowsservercore-ltsc2022

Tags: 2-windowsservercore-ltsc2025
SharedTags: shared, 2-windowsservercore
Architectures: windows-amd64
Directory: 2/windows/windowsservercore-ltsc2025
Constraints: windowsservercore-ltsc2025

Tags: 1.9-bookworm, 1.9

Tags: tool-7
Directory: tool

Tags: java-8
Directory: java
File: Dockerfile.ubuntu.openjdk8
"""

CURATED = """\
# image\tmatch\tbase\tsource
app\ttag:tool-(\\d+)\tapp:2-alpine\ttest row
app\t2/trixie\tdebian:*-slim\ttest row
"""


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "debian").write_text(DEBIAN)
    (folder / "alpine").write_text(ALPINE)
    (folder / "app").write_text(APP)
    return folder


@pytest.fixture
def curated(tmp_path: Path) -> Path:
    path = tmp_path / "curated.tsv"
    path.write_text(CURATED)
    return path


def _derive(library: Path, curated: Path, out: Path, *extra: str) -> Table:
    arguments = ["--library", str(library), "--curated", str(curated)]
    arguments += ["--date", "2026-01-02", "--out", str(out), *extra]
    assert tool.main(arguments) == 0
    data = json.loads(out.read_text())
    removed = RemovedLines(str(out.with_name(tool.REMOVED_NAME)))
    return Table(data, lambda: removed)


def _release(table: Table, image: str, tag: str) -> list[tuple[Release, str | None]]:
    record = table.current(image, tag)
    assert record is not None, f"{image}:{tag} missing"
    return [table.base(index) for index in record[0]]


def test_manifest_header_defaults_and_lists() -> None:
    entries = tool.parse_manifest(APP)
    assert entries[0].tags == ["2.1.0", "2.1", "2", "latest", "2-trixie"]
    assert entries[0].shared_tags == ["shared"]
    assert entries[4].directories == ["src"]


def test_manifest_continuation_line() -> None:
    entries = tool.parse_manifest(ALPINE)
    assert entries[0].tags == ["3.22.1", "3.22", "3", "latest"]


def test_dockerfile_name_names_distribution(
    library: Path, curated: Path, tmp_path: Path
) -> None:
    table = _derive(library, curated, tmp_path / "t.json", "--previous", "none")
    release, _ = _release(table, "app", "java-8")[0]
    assert release == Release("linux", "ubuntu")


def test_tag_group_shares_release(library: Path, curated: Path, tmp_path: Path) -> None:
    table = _derive(library, curated, tmp_path / "t.json", "--previous", "none")
    release, variant = _release(table, "app", "2")[0]
    assert release == Release("linux", "debian", "13", "trixie")
    assert variant == "slim"  # from the curated "debian:*-slim" row


def test_evidence_letters(library: Path, curated: Path, tmp_path: Path) -> None:
    table = _derive(library, curated, tmp_path / "t.json", "--previous", "none")
    named = table.current("app", "2-trixie")
    assert named is not None
    assert named[1] == "t"  # the tag itself names trixie
    default = table.current("app", "2")
    assert default is not None
    assert default[1] == "d"  # "2" gets trixie from its manifest entry


def test_shared_tag_lists_linux_first(
    library: Path, curated: Path, tmp_path: Path
) -> None:
    table = _derive(library, curated, tmp_path / "t.json", "--previous", "none")
    bases = _release(table, "app", "shared")
    assert [release.os for release, _ in bases] == ["linux", "windows", "windows"]
    assert {release.version for release, _ in bases[1:]} == {"2022", "2025"}


def test_distribution_image_versions(
    library: Path, curated: Path, tmp_path: Path
) -> None:
    table = _derive(library, curated, tmp_path / "t.json", "--previous", "none")
    release, _ = _release(table, "alpine", "latest")[0]
    assert release == Release("linux", "alpine", "3.22")


def test_debian_suite_from_comments(
    library: Path, curated: Path, tmp_path: Path
) -> None:
    table = _derive(library, curated, tmp_path / "t.json", "--previous", "none")
    assert _release(table, "debian", "stable")[0][0].version == "13"
    assert _release(table, "debian", "testing")[0][0].codename == "forky"


def test_curated_tag_pattern_resolves_chain(
    library: Path, curated: Path, tmp_path: Path
) -> None:
    table = _derive(library, curated, tmp_path / "t.json", "--previous", "none")
    release, _ = _release(table, "app", "tool-7")[0]
    # tool-7 -> app:2-alpine, whose tags name only "alpine": the release stays unnamed.
    assert release == Release("linux", "alpine")


def test_refresh_keeps_removed_tags(
    library: Path, curated: Path, tmp_path: Path
) -> None:
    first = tmp_path / "first.json"
    _derive(library, curated, first, "--previous", "none")
    manifest = (library / "app").read_text()
    (library / "app").write_text(manifest.replace("Tags: 1.9-bookworm, 1.9\n", ""))
    table = _derive(
        library, curated, tmp_path / "second.json", "--previous", str(first)
    )
    assert table.current("app", "1.9") is None
    removed = table.removed("app", "1.9")
    assert removed is not None
    assert removed[1] == "2026-01-02"
    assert table.base(removed[0])[0].codename == "bookworm"


def test_removed_seed_file(library: Path, curated: Path, tmp_path: Path) -> None:
    seed = tmp_path / "removed.tsv"
    seed.write_text(
        "image\ttag\tlast_seen\tos\tdistro\tdistro_version\tcodename\tvariant\n"
        "app\t0.1\t2020-05-01\tlinux\tdebian\t10\tbuster\t\n"
        "app\t0.0\t2016-01-01\t\t\t\t\t\n"
    )
    table = _derive(
        library,
        curated,
        tmp_path / "t.json",
        "--previous",
        "none",
        "--removed",
        str(seed),
    )
    removed = table.removed("app", "0.1")
    assert removed is not None
    assert removed[1] == "2020-05-01"
    assert table.removed("app", "0.0") is None  # no release to report


OFFICIAL_LIBRARY = Path(
    os.environ.get(
        "OFFICIAL_IMAGES_LIBRARY",
        ROOT.parent / "shared" / "official-images" / "library",
    )
)


@pytest.mark.skipif(
    not OFFICIAL_LIBRARY.exists(), reason="official-images library not found"
)
def test_shipped_table_is_reproducible(tmp_path: Path) -> None:
    shipped = json.loads((SHIPPED / "official_images.json").read_text())
    out = tmp_path / "official_images.json"
    arguments = [
        "--library",
        str(OFFICIAL_LIBRARY),
        "--date",
        shipped["date"],
        "--commit",
        shipped["commit"],
        "--previous",
        str(SHIPPED / "official_images.json"),
        "--out",
        str(out),
    ]
    assert tool.main(arguments) == 0
    assert json.loads(out.read_text()) == shipped
    removed = out.with_name(tool.REMOVED_NAME).read_text()
    assert removed == (SHIPPED / tool.REMOVED_NAME).read_text()


def test_refresh_notes_moved_tags(library: Path, curated: Path, tmp_path: Path) -> None:
    first = tmp_path / "first.json"
    _derive(library, curated, first, "--previous", "none")
    manifest = (library / "app").read_text()
    (library / "app").write_text(manifest.replace("1.9-bookworm", "1.9-trixie"))
    table = _derive(
        library, curated, tmp_path / "second.json", "--previous", str(first)
    )
    moved = table.moved("app", "1.9")
    assert moved is not None
    assert table.base(moved[0])[0].codename == "bookworm"
    assert moved[1] == "2026-01-02"


@pytest.mark.parametrize(("second_commit", "moved"), [("c1", False), ("c2", True)])
def test_rederived_snapshot_is_no_move(
    library: Path, curated: Path, tmp_path: Path, second_commit: str, moved: bool
) -> None:
    # Re-deriving the same commit with other curated facts changes releases, but
    # no tag moved, because the manifests are the same.
    first = tmp_path / "first.json"
    _derive(library, curated, first, "--previous", "none", "--commit", "c1")
    curated.write_text(CURATED.replace("app:2-alpine", "debian:bookworm"))
    table = _derive(
        library,
        curated,
        tmp_path / "second.json",
        "--previous",
        str(first),
        "--commit",
        second_commit,
    )
    assert _release(table, "app", "tool-7")[0][0].codename == "bookworm"
    assert (table.moved("app", "tool-7") is not None) is moved
