"""Table tests for GitHub Actions and GitLab CI readers.

docker/build-push-action documents its inputs: without ``context`` it builds the
Git context (the repository), ``file`` defaults to ``{context}/Dockerfile``, and a
path context passes ``file`` to ``buildx build --file``, relative to the workspace.
GitLab runs ``before_script`` and ``script`` in one shell from the project folder.
"""

from __future__ import annotations

import pytest

from dockerfile_ls.core.text import Span
from dockerfile_ls.workspace.filenames import is_workflow_file
from dockerfile_ls.workspace.github_actions import read_github_actions
from dockerfile_ls.workspace.gitlab_ci import read_gitlab_ci

WORKFLOW = "/w/.github/workflows/ci.yml"
GITLAB = "/w/.gitlab-ci.yml"


def workflow(steps: str, extra: str = "") -> str:
    return f"on: push\n{extra}jobs:\n  j:\n    runs-on: x\n    steps:\n{steps}"


def test_action_inputs() -> None:
    text = workflow(
        "      - name: Build\n"
        "        uses: docker/build-push-action@v6\n        with:\n"
        "          context: ./app\n          file: ./app/Dockerfile.prod\n"
        "          target: release\n"
    )
    (site,) = read_github_actions(WORKFLOW, text)
    assert site.dockerfile == "/w/app/Dockerfile.prod"
    assert site.context == "/w/app"
    assert site.target_span == Span(10, 18, 10, 25)
    assert site.dockerfile_span == Span(9, 16, 9, 37)
    assert site.name == "Build"


@pytest.mark.parametrize(
    ("inputs", "dockerfile", "context"),
    [
        ("", "/w/Dockerfile", "/w"),
        ("          file: docker/Dockerfile\n", "/w/docker/Dockerfile", "/w"),
        (
            "          context: '{{defaultContext}}:sub'\n",
            "/w/sub/Dockerfile",
            "/w/sub",
        ),
        (
            "          context: '{{defaultContext}}:sub'\n          file: D.x\n",
            "/w/sub/D.x",
            "/w/sub",
        ),
        ("          context: sub\n          file: sub/D.x\n", "/w/sub/D.x", "/w/sub"),
        (
            "          context: ${{ github.workspace }}/sub\n",
            "/w/sub/Dockerfile",
            "/w/sub",
        ),
        ("          context: ${{ env.CTX }}\n", None, None),
        ("          context: https://github.com/o/r.git\n", None, None),
    ],
)
def test_action_paths(inputs: str, dockerfile: str | None, context: str | None) -> None:
    with_block = "        with:\n" + inputs if inputs else ""
    text = workflow("      - uses: docker/build-push-action@v6\n" + with_block)
    (site,) = read_github_actions(WORKFLOW, text)
    assert site.dockerfile == dockerfile
    assert site.context == context


def test_action_target_being_typed() -> None:
    text = workflow(
        "      - uses: docker/build-push-action@v6\n        with:\n          target:\n"
    )
    (site,) = read_github_actions(WORKFLOW, text)
    assert site.target == ""
    assert site.insert_span == Span(7, 17, 7, 17)
    assert site.insert_prefix == " "


def test_action_expression_target_is_dynamic() -> None:
    text = workflow(
        "      - uses: docker/build-push-action@v6\n        with:\n"
        "          target: ${{ matrix.target }}\n"
    )
    (site,) = read_github_actions(WORKFLOW, text)
    assert site.target_dynamic


def test_run_block_scalar_positions() -> None:
    text = workflow(
        "      - run: |\n          echo start\n          docker build \\\n"
        "            -f build/Dockerfile.ci \\\n            --target test .\n"
    )
    (site,) = read_github_actions(WORKFLOW, text)
    assert site.target_span == Span(9, 21, 9, 25)
    assert site.dockerfile_span == Span(8, 15, 8, 34)
    assert site.dockerfile == "/w/build/Dockerfile.ci"


def test_run_folded_scalar_positions() -> None:
    text = workflow(
        "      - run: >-\n          docker build\n          --target test .\n"
    )
    (site,) = read_github_actions(WORKFLOW, text)
    assert site.target_span == Span(7, 19, 7, 23)


def test_run_plain_scalar_positions() -> None:
    text = workflow("      - run: docker build --target test .\n")
    (site,) = read_github_actions(WORKFLOW, text)
    assert site.target_span == Span(5, 35, 5, 39)


def test_run_quoted_scalar_positions() -> None:
    text = workflow("      - run: \"docker build --target 'test' .\"\n")
    (site,) = read_github_actions(WORKFLOW, text)
    assert site.target_span == Span(5, 37, 5, 41)


def test_run_working_directory() -> None:
    text = workflow("      - run: docker build .\n        working-directory: app\n")
    (site,) = read_github_actions(WORKFLOW, text)
    assert site.context == "/w/app"


def test_run_default_working_directory() -> None:
    text = workflow(
        "      - run: docker build .\n",
        extra="defaults:\n  run:\n    working-directory: d\n",
    )
    (site,) = read_github_actions(WORKFLOW, text)
    assert site.context == "/w/d"


def test_run_github_workspace_variable() -> None:
    text = workflow('      - run: docker build "$GITHUB_WORKSPACE/app"\n')
    (site,) = read_github_actions(WORKFLOW, text)
    assert site.context == "/w/app"


def test_python_run_step_skipped() -> None:
    text = workflow("      - run: print('docker build .')\n        shell: python\n")
    assert read_github_actions(WORKFLOW, text) == []


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/w/.github/workflows/ci.yml", True),
        ("/w/.github/workflows/release.yaml", True),
        ("/w/.github/ci.yml", False),
        ("/w/workflows/ci.yml", False),
    ],
)
def test_workflow_paths(path: str, expected: bool) -> None:
    assert is_workflow_file(path) is expected


def test_gitlab_script_and_default_before_script() -> None:
    text = (
        "stages: [build]\n\ndefault:\n  before_script:\n    - cd app\n\n"
        "build-image:\n  stage: build\n  script:\n"
        '    - docker build --target release -t "$CI_REGISTRY_IMAGE" .\n'
        "    - docker build --target=tset .\n"
    )
    sites = read_gitlab_ci(GITLAB, text)
    assert [site.target for site in sites] == ["release", "tset"]
    assert sites[1].target_span == Span(10, 28, 10, 32)
    assert sites[0].dockerfile == "/w/app/Dockerfile"
    assert sites[0].name == "build-image"


def test_gitlab_after_script_starts_in_project_folder() -> None:
    text = "j:\n  script:\n    - cd sub\n  after_script:\n    - docker build .\n"
    (site,) = read_gitlab_ci(GITLAB, text)
    assert site.context == "/w"


def test_gitlab_block_and_nested_entries() -> None:
    text = (
        "j:\n  script:\n    - - docker build --target a .\n    - |\n"
        "      docker build \\\n        --target b $CI_PROJECT_DIR/x\n"
    )
    sites = read_gitlab_ci(GITLAB, text)
    assert [(site.target, site.context) for site in sites] == [
        ("a", "/w"),
        ("b", "/w/x"),
    ]
    assert sites[1].target_span == Span(5, 17, 5, 18)


def test_gitlab_reference_tags_and_keywords_skipped() -> None:
    text = (
        "variables:\n  script: docker build --target no .\n"
        "j:\n  script:\n    - !reference [.setup, script]\n"
        "    - docker build --target yes .\n"
    )
    assert [site.target for site in read_gitlab_ci(GITLAB, text)] == ["yes"]
