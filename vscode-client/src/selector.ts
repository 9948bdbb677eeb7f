/**
 * The documents the server is started for.
 *
 * Dockerfiles by language (VS Code's built-in `dockerfile` language covers
 * `Dockerfile`, `Containerfile`, `*.dockerfile` and `*.containerfile`), and the
 * files that name a Dockerfile, a build stage or a target: Compose and Bake
 * files by file name, whatever language another extension gives them,
 * shell scripts, Makefiles and GitHub Actions workflows.
 *
 * This module imports nothing from `vscode`, so node:test can load it.
 */

/** The shape of `vscode.DocumentFilter` that this extension uses. */
export interface DocumentFilter {
  readonly language?: string;
  readonly scheme: string;
  readonly pattern?: string;
}

/**
 * File names Compose and Bake read by default (`docker compose` and
 * `docker buildx bake` without `-f`), plus the usual override variants.
 */
export const COMPOSE_AND_BAKE_PATTERNS: readonly string[] = [
  '**/compose*.{yml,yaml}',
  '**/docker-compose*.{yml,yaml}',
  '**/docker-bake*.{hcl,json}',
];

export const WORKFLOW_PATTERNS: readonly string[] = ['**/.github/workflows/*.{yml,yaml}'];

export const DOCUMENT_SELECTOR: readonly DocumentFilter[] = [
  { language: 'dockerfile', scheme: 'file' },
  { language: 'dockerfile', scheme: 'untitled' },
  ...COMPOSE_AND_BAKE_PATTERNS.map((pattern) => ({ scheme: 'file', pattern })),
  ...WORKFLOW_PATTERNS.map((pattern) => ({ scheme: 'file', pattern })),
  { language: 'shellscript', scheme: 'file' },
  { language: 'makefile', scheme: 'file' },
];
