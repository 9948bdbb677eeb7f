import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { buildServerSettings, contributedSettings, isClientOnly, serverSettingKeys } from '../src/settings';

const manifest = {
  contributes: {
    configuration: {
      properties: {
        'dockerfileLs.target': { type: 'string', default: '' },
        'dockerfileLs.diagnostics.debounceMs': { type: 'integer', default: 150 },
        'dockerfileLs.server.path': { type: 'string', default: '' },
        'dockerfileLs.python.interpreter': { type: 'string', default: '' },
        'dockerfileLs.trace.server': { type: 'string', default: 'off' },
        'editor.tabSize': { type: 'integer', default: 4 },
      },
    },
  },
};

describe('contributedSettings', () => {
  it('reads an object configuration', () => {
    const keys = contributedSettings(manifest).map((setting) => setting.key);
    assert.deepEqual(keys, [
      'dockerfileLs.target',
      'dockerfileLs.diagnostics.debounceMs',
      'dockerfileLs.server.path',
      'dockerfileLs.python.interpreter',
      'dockerfileLs.trace.server',
    ]);
  });

  it('reads an array configuration', () => {
    const split = {
      contributes: {
        configuration: [
          { title: 'a', properties: { 'dockerfileLs.target': { default: '' } } },
          { title: 'b', properties: { 'dockerfileLs.inlayHints': { default: true } } },
        ],
      },
    };
    const keys = contributedSettings(split).map((setting) => setting.key);
    assert.deepEqual(keys, ['dockerfileLs.target', 'dockerfileLs.inlayHints']);
  });

  it('returns nothing for a manifest without settings', () => {
    assert.deepEqual(contributedSettings({ name: 'x' }), []);
  });
});

describe('isClientOnly', () => {
  const cases: [string, boolean][] = [
    ['dockerfileLs.server.path', true],
    ['dockerfileLs.python.interpreter', true],
    ['dockerfileLs.trace.server', true],
    ['dockerfileLs.target', false],
    ['dockerfileLs.diagnostics.debounceMs', false],
  ];
  for (const [key, expected] of cases) {
    it(`${key} is ${expected ? '' : 'not '}client-only`, () => {
      assert.equal(isClientOnly(key), expected);
    });
  }
});

describe('serverSettingKeys', () => {
  it('drops client-only and foreign keys', () => {
    assert.deepEqual(serverSettingKeys(manifest), ['dockerfileLs.target', 'dockerfileLs.diagnostics.debounceMs']);
  });
});

describe('buildServerSettings', () => {
  it('nests dotted keys', () => {
    const values: Record<string, unknown> = {
      target: 'prod',
      'diagnostics.debounceMs': 0,
      'diagnostics.unusedStages': false,
      'workspace.maxFiles': 10,
    };
    const settings = buildServerSettings(
      ['dockerfileLs.target', 'dockerfileLs.diagnostics.debounceMs', 'dockerfileLs.diagnostics.unusedStages', 'dockerfileLs.workspace.maxFiles'],
      (key) => values[key],
    );
    assert.deepEqual(settings, {
      target: 'prod',
      diagnostics: { debounceMs: 0, unusedStages: false },
      workspace: { maxFiles: 10 },
    });
  });

  it('leaves out undefined values', () => {
    const settings = buildServerSettings(['dockerfileLs.target', 'dockerfileLs.inlayHints'], (key) =>
      key === 'inlayHints' ? false : undefined,
    );
    assert.deepEqual(settings, { inlayHints: false });
  });

  it('passes object values through', () => {
    const settings = buildServerSettings(['dockerfileLs.buildArgs'], () => ({ GO_VERSION: '1.22' }));
    assert.deepEqual(settings, { buildArgs: { GO_VERSION: '1.22' } });
  });
});
