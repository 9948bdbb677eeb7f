import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { minimatch } from 'minimatch';

import { DOCUMENT_SELECTOR } from '../src/selector';

// minimatch replaces VS Code's glob matcher here. Both support `**` and `{a,b}`.
function matchesPattern(path: string): boolean {
  return DOCUMENT_SELECTOR.some(
    (filter) => filter.pattern !== undefined && minimatch(path, filter.pattern, { dot: true }),
  );
}

describe('DOCUMENT_SELECTOR', () => {
  it('covers dockerfile files and untitled', () => {
    const dockerfile = DOCUMENT_SELECTOR.filter((filter) => filter.language === 'dockerfile');
    assert.deepEqual(
      dockerfile.map((filter) => filter.scheme),
      ['file', 'untitled'],
    );
  });

  it('covers shell scripts and makefiles by language', () => {
    const languages = DOCUMENT_SELECTOR.map((filter) => filter.language);
    assert.ok(languages.includes('shellscript'));
    assert.ok(languages.includes('makefile'));
  });

  // Dockerfile names that Docker and Podman users give. The names `docker buildx
  // bake` reads without `-f` (Docker's Bake file reference, "lookup order") and
  // their override variants. The script and CI files whose build commands name
  // a target.
  const matched = [
    'Dockerfile',
    'Containerfile',
    'Dockerfile.prod',
    'api.Dockerfile',
    'web.containerfile',
    'compose.yaml',
    'compose.yml',
    'docker-compose.yml',
    'docker-compose.yaml',
    'compose.override.yaml',
    'docker-compose.prod.yml',
    'docker-bake.json',
    'docker-bake.hcl',
    'docker-bake.override.json',
    'docker-bake.override.hcl',
    'scripts/build.sh',
    'Makefile',
    'GNUmakefile',
    'rules/docker.mk',
    'justfile',
    'Justfile',
    'tasks.just',
    '.github/workflows/release.yml',
    '.github/workflows/ci.yaml',
    '.gitlab-ci.yml',
    '.vscode/tasks.json',
    '.devcontainer.json',
    '.devcontainer/devcontainer.json',
    '.devcontainer/python/devcontainer.json',
  ];
  for (const name of matched) {
    it(`matches ${name}`, () => {
      assert.ok(matchesPattern(`/src/app/${name}`));
    });
  }

  const unmatched = [
    'composer.yaml',
    'config.yaml',
    '.github/dependabot.yml',
    '.vscode/settings.json',
    'main.tf',
    'package.json',
  ];
  for (const name of unmatched) {
    it(`skips ${name}`, () => {
      assert.ok(!matchesPattern(`/src/app/${name}`));
    });
  }
});
