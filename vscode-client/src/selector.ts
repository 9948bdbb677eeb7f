/**
 * The documents the server is started for.
 *
 * Dockerfiles by language id (VS Code's built-in `dockerfile` language), and by
 * file name for names that language misses. Then the build files the server
 * reads targets from, by file name whatever language another extension gives
 * them: Compose, Bake, shell scripts, Makefiles, justfiles, GitHub Actions and
 * GitLab CI workflows, VS Code tasks and dev container configurations. The names
 * follow the server's readers in `dockerfile_ls/workspace/`.
 *
 * This module imports nothing from `vscode`, so node:test can load it.
 */

/** The shape of `vscode.DocumentFilter` that this extension uses. */
export interface DocumentFilter {
  readonly language?: string;
  readonly scheme: string;
  readonly pattern?: string;
}

export const DOCKERFILE_PATTERNS: readonly string[] = [
  '**/{Dockerfile,Containerfile,dockerfile,containerfile}',
  '**/{Dockerfile,Containerfile,dockerfile,containerfile}.*',
  '**/*.{Dockerfile,Containerfile,dockerfile,containerfile}',
];

/**
 * The file names `docker compose` and `docker buildx bake` read without `-f`,
 * and their variants such as `compose.override.yaml` and `docker-bake.ci.hcl`.
 */
export const COMPOSE_AND_BAKE_PATTERNS: readonly string[] = [
  '**/{compose,docker-compose}.{yml,yaml}',
  '**/{compose,docker-compose}.*.{yml,yaml}',
  '**/docker-bake*.{hcl,json}',
];

export const SCRIPT_PATTERNS: readonly string[] = [
  '**/*.{sh,bash}',
  '**/{Makefile,makefile,GNUmakefile}',
  '**/*.{mk,mak,make}',
  '**/{justfile,Justfile,.justfile}',
  '**/*.just',
];

export const CI_AND_EDITOR_PATTERNS: readonly string[] = [
  '**/.github/workflows/*.{yml,yaml}',
  '**/.gitlab-ci.{yml,yaml}',
  '**/.vscode/tasks.json',
  '**/.devcontainer.json',
  '**/.devcontainer/devcontainer.json',
  '**/.devcontainer/*/devcontainer.json',
];

function byPattern(patterns: readonly string[]): DocumentFilter[] {
  return patterns.map((pattern) => ({ scheme: 'file', pattern }));
}

export const DOCUMENT_SELECTOR: readonly DocumentFilter[] = [
  { language: 'dockerfile', scheme: 'file' },
  { language: 'dockerfile', scheme: 'untitled' },
  ...byPattern(DOCKERFILE_PATTERNS),
  ...byPattern(COMPOSE_AND_BAKE_PATTERNS),
  { language: 'shellscript', scheme: 'file' },
  { language: 'makefile', scheme: 'file' },
  ...byPattern(SCRIPT_PATTERNS),
  ...byPattern(CI_AND_EDITOR_PATTERNS),
];
