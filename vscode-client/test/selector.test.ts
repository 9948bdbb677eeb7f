import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { minimatch } from 'minimatch';

import { DOCUMENT_SELECTOR } from '../src/selector';

// minimatch stands in for VS Code's glob matcher; both support `**` and `{a,b}`.
function matchesPattern(path: string): boolean {
  return DOCUMENT_SELECTOR.some((filter) => filter.pattern !== undefined && minimatch(path, filter.pattern, { dot: true }));
}

describe('DOCUMENT_SELECTOR', () => {
  it('covers dockerfile files and untitled', () => {
    const dockerfile = DOCUMENT_SELECTOR.filter((filter) => filter.language === 'dockerfile');
    assert.deepEqual(
      dockerfile.map((filter) => filter.scheme),
      ['file', 'untitled'],
    );
  });

  it('covers shell scripts and makefiles', () => {
    const languages = DOCUMENT_SELECTOR.map((filter) => filter.language);
    assert.ok(languages.includes('shellscript'));
    assert.ok(languages.includes('makefile'));
  });

  // The file names `docker buildx bake` reads without `-f` (Docker's Bake file
  // reference, "lookup order"), override files, and GitHub Actions workflows.
  const matched = [
    '/src/app/compose.yaml',
    '/src/app/compose.yml',
    '/src/app/docker-compose.yml',
    '/src/app/docker-compose.yaml',
    '/src/app/docker-bake.json',
    '/src/app/docker-bake.hcl',
    '/src/app/docker-bake.override.json',
    '/src/app/docker-bake.override.hcl',
    '/src/app/docker-compose.override.yml',
    '/src/app/.github/workflows/release.yml',
    '/src/app/.github/workflows/ci.yaml',
  ];
  for (const path of matched) {
    it(`matches ${path.slice('/src/app/'.length)}`, () => {
      assert.ok(matchesPattern(path));
    });
  }

  const unmatched = [
    '/src/app/config.yaml',
    '/src/app/.github/dependabot.yml',
    '/src/app/main.tf',
    '/src/app/package.json',
  ];
  for (const path of unmatched) {
    it(`skips ${path.slice('/src/app/'.length)}`, () => {
      assert.ok(!matchesPattern(path));
    });
  }
});
