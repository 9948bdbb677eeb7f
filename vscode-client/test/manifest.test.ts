/**
 * package.json must contribute exactly the server's settings, with the server's
 * defaults, plus the client-only ones. The server side is read from its
 * `Settings` dataclass tree by running Python, so neither side is copied here.
 */

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';

import { buildServerSettings, contributedSettings, isClientOnly, SECTION, serverSettingKeys } from '../src/settings';

const CLIENT_DIR = path.resolve(__dirname, '..', '..');
const REPO_DIR = path.dirname(CLIENT_DIR);
const manifest: unknown = JSON.parse(readFileSync(path.join(CLIENT_DIR, 'package.json'), 'utf8'));

/** Python that lists every setting as `dockerfileLs.a.b -> {default, type}`. */
const DUMP_SETTINGS = `
import dataclasses, json, sys
from dockerfile_ls.lsp.settings import SECTION, Settings, parse_settings

def flatten(node, prefix, out):
    for item in dataclasses.fields(node):
        value = getattr(node, item.name)
        if dataclasses.is_dataclass(value):
            flatten(value, prefix + item.name + ".", out)
        else:
            out[prefix + item.name] = {"default": value, "type": type(value).__name__}
    return out

payload = json.loads(sys.stdin.read() or "null")
print(json.dumps({
    "settings": flatten(Settings(), SECTION + ".", {}),
    "defaults": dataclasses.asdict(Settings()),
    "parsed": dataclasses.asdict(parse_settings(payload)),
}))
`;

interface PythonDump {
  settings: Record<string, { default: unknown; type: string }>;
  defaults: Record<string, unknown>;
  parsed: Record<string, unknown>;
}

/** Run DUMP_SETTINGS; `payload` is passed to `parse_settings`. Undefined without Python. */
function dumpPythonSettings(payload: unknown): PythonDump | undefined {
  const python = process.env['DOCKERFILE_LS_PYTHON'] ?? 'python3';
  // The server's source comes first; the bundle supplies pygls if the package
  // ever imports it at module level.
  const pythonPath = [path.join(REPO_DIR, 'server'), path.join(CLIENT_DIR, 'server', 'lib')].join(path.delimiter);
  try {
    const stdout = execFileSync(python, ['-c', DUMP_SETTINGS], {
      input: JSON.stringify(payload ?? null),
      env: { ...process.env, PYTHONPATH: pythonPath, PYTHONDONTWRITEBYTECODE: '1' },
      encoding: 'utf8',
    });
    return JSON.parse(stdout) as PythonDump;
  } catch (error: unknown) {
    if ((error as { code?: string }).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

/** JSON schema type for a Python default's type name. */
const SCHEMA_TYPES: Record<string, string> = {
  bool: 'boolean',
  int: 'integer',
  str: 'string',
  dict: 'object',
};

/** Return a value of the same type as `value` and different from it. */
function otherValue(value: unknown): unknown {
  switch (typeof value) {
    case 'boolean':
      return !value;
    case 'number':
      return value + 7;
    case 'string':
      return `${value}-changed`;
    default:
      return { CHANGED: '1' };
  }
}

describe('package.json settings', () => {
  let python: PythonDump | undefined;
  const contributed = new Map(contributedSettings(manifest).map((setting) => [setting.key, setting.schema]));

  before(() => {
    python = dumpPythonSettings(null);
  });

  it('has the client-only settings', () => {
    for (const key of [`${SECTION}.server.path`, `${SECTION}.python.interpreter`, `${SECTION}.trace.server`]) {
      assert.ok(contributed.has(key), `${key} is not contributed`);
    }
  });

  it('has every server setting', (t) => {
    if (python === undefined) {
      t.skip('python3 not found');
      return;
    }
    const missing = Object.keys(python.settings).filter((key) => !contributed.has(key));
    assert.deepEqual(missing, []);
  });

  it('has no setting the server lacks', (t) => {
    if (python === undefined) {
      t.skip('python3 not found');
      return;
    }
    const known = python.settings;
    const extra = serverSettingKeys(manifest).filter((key) => !(key in known));
    assert.deepEqual(extra, []);
  });

  it('uses the server defaults', (t) => {
    if (python === undefined) {
      t.skip('python3 not found');
      return;
    }
    for (const [key, setting] of Object.entries(python.settings)) {
      assert.deepEqual(contributed.get(key)?.['default'], setting.default, `default of ${key}`);
    }
  });

  it('uses the server types', (t) => {
    if (python === undefined) {
      t.skip('python3 not found');
      return;
    }
    for (const [key, setting] of Object.entries(python.settings)) {
      assert.equal(contributed.get(key)?.['type'], SCHEMA_TYPES[setting.type], `type of ${key}`);
    }
  });

  it('maps defaults to the server tree', (t) => {
    if (python === undefined) {
      t.skip('python3 not found');
      return;
    }
    const mapped = buildServerSettings(serverSettingKeys(manifest), (key) => contributed.get(`${SECTION}.${key}`)?.['default']);
    assert.deepEqual(mapped, python.defaults);
  });

  it('sends values the server reads', (t) => {
    if (python === undefined) {
      t.skip('python3 not found');
      return;
    }
    // Every setting changed: parse_settings must take each one, so the mapped
    // object has the shape the server expects.
    const keys = serverSettingKeys(manifest);
    const changed = buildServerSettings(keys, (key) => otherValue(contributed.get(`${SECTION}.${key}`)?.['default']));
    const parsed = dumpPythonSettings({ [SECTION]: changed });
    assert.deepEqual(parsed?.parsed, changed);
  });

  it('contributes only dockerfileLs keys', () => {
    assert.ok(contributedSettings(manifest).every((setting) => setting.key.startsWith(`${SECTION}.`)));
    assert.ok(serverSettingKeys(manifest).every((key) => !isClientOnly(key)));
  });
});
