import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  type Candidate,
  expandPathVariables,
  findInterpreter,
  isSupported,
  listCandidates,
  noInterpreterMessage,
  parseProbeOutput,
  PROBE_SCRIPT,
  type ProbeOutput,
} from '../src/interpreter';

/** Return a probe that replies from a table keyed by the command, and its call log. */
function fakeProbe(answers: Record<string, ProbeOutput>) {
  const calls: string[][] = [];
  const probe = async (command: string, args: readonly string[]): Promise<ProbeOutput> => {
    calls.push([command, ...args]);
    return answers[command] ?? { ok: false, error: 'not found' };
  };
  return { probe, calls };
}

function printed(stdout: string): ProbeOutput {
  return { ok: true, stdout };
}

describe('listCandidates', () => {
  it('setting is the only candidate', () => {
    const candidates = listCandidates({ platform: 'linux', setting: '/opt/py/bin/python', pythonExtension: '/venv/bin/python' });
    assert.deepEqual(candidates, [{ source: 'setting', command: '/opt/py/bin/python', args: [] }]);
  });

  it('python extension before PATH on linux', () => {
    const candidates = listCandidates({ platform: 'linux', setting: '', pythonExtension: '/venv/bin/python' });
    assert.deepEqual(
      candidates.map((candidate) => [candidate.source, candidate.command]),
      [
        ['python-extension', '/venv/bin/python'],
        ['path', 'python3'],
        ['path', 'python'],
      ],
    );
  });

  it('blank setting falls through to PATH', () => {
    const candidates = listCandidates({ platform: 'darwin', setting: '   ', pythonExtension: undefined });
    assert.deepEqual(
      candidates.map((candidate) => candidate.command),
      ['python3', 'python'],
    );
  });

  it('windows uses the py launcher first', () => {
    const candidates = listCandidates({ platform: 'win32', setting: '', pythonExtension: undefined });
    assert.deepEqual(candidates[0], { source: 'path', command: 'py', args: ['-3'] });
  });
});

describe('parseProbeOutput', () => {
  const cases: [string, ReturnType<typeof parseProbeOutput>][] = [
    ['3.11.7 /usr/bin/python3.11', { version: [3, 11, 7], executable: '/usr/bin/python3.11' }],
    ['3.10.0 C:\\Program Files\\Python310\\python.exe\r\n', { version: [3, 10, 0], executable: 'C:\\Program Files\\Python310\\python.exe' }],
    ['2.7.18 /usr/bin/python2', { version: [2, 7, 18], executable: '/usr/bin/python2' }],
    ['Python 3.11.7', undefined],
    ['', undefined],
  ];
  for (const [stdout, expected] of cases) {
    it(`parses ${JSON.stringify(stdout)}`, () => {
      assert.deepEqual(parseProbeOutput(stdout), expected);
    });
  }
});

describe('isSupported', () => {
  const cases: [number[], boolean][] = [
    [[3, 10, 0], true],
    [[3, 13, 1], true],
    [[4, 0, 0], true],
    [[3, 9, 18], false],
    [[2, 7, 18], false],
  ];
  for (const [version, expected] of cases) {
    it(`${version.join('.')} is ${expected ? '' : 'not '}supported`, () => {
      assert.equal(isSupported(version), expected);
    });
  }
});

describe('findInterpreter', () => {
  const python3: Candidate = { source: 'path', command: 'python3', args: [] };
  const python: Candidate = { source: 'path', command: 'python', args: [] };

  it('returns the first supported candidate', async () => {
    const { probe } = fakeProbe({
      python3: printed('3.12.1 /usr/bin/python3.12'),
      python: printed('3.11.2 /usr/bin/python3.11'),
    });
    const result = await findInterpreter([python3, python], probe);
    assert.equal(result.interpreter?.executable, '/usr/bin/python3.12');
    assert.deepEqual(result.interpreter?.version, [3, 12, 1]);
    assert.deepEqual(result.rejected, []);
  });

  it('runs the probe script with candidate args', async () => {
    const { probe, calls } = fakeProbe({ py: printed('3.12.1 C:\\py.exe') });
    await findInterpreter([{ source: 'path', command: 'py', args: ['-3'] }], probe);
    assert.deepEqual(calls, [['py', '-3', '-c', PROBE_SCRIPT]]);
  });

  it('skips an old python with a reason', async () => {
    const { probe } = fakeProbe({
      python3: printed('3.9.2 /usr/bin/python3.9'),
      python: printed('3.10.12 /usr/bin/python3.10'),
    });
    const result = await findInterpreter([python3, python], probe);
    assert.equal(result.interpreter?.candidate, python);
    assert.deepEqual(result.rejected, [{ candidate: python3, reason: 'Python 3.9.2 is older than 3.10' }]);
  });

  it('reports every failure when none is usable', async () => {
    const { probe } = fakeProbe({ python: printed('garbage') });
    const result = await findInterpreter([python3, python], probe);
    assert.equal(result.interpreter, undefined);
    assert.deepEqual(
      result.rejected.map((attempt) => attempt.reason),
      ['not found', 'unexpected output "garbage"'],
    );
  });
});

describe('noInterpreterMessage', () => {
  it('names each attempt and the settings to change', () => {
    const message = noInterpreterMessage([
      { candidate: { source: 'path', command: 'python3', args: [] }, reason: 'not found' },
      { candidate: { source: 'path', command: 'python', args: [] }, reason: 'Python 2.7.18 is older than 3.10' },
    ]);
    assert.match(message, /no usable Python 3\.10\+ found/);
    assert.match(message, /python3 \(PATH\): not found/);
    assert.match(message, /python \(PATH\): Python 2\.7\.18 is older than 3\.10/);
    assert.match(message, /Install Python 3\.10 or newer or point dockerfileLs\.python\.interpreter at one/);
    assert.match(message, /dockerfileLs\.server\.path/);
  });

  it('asks to fix an explicit setting', () => {
    const message = noInterpreterMessage([
      { candidate: { source: 'setting', command: '/opt/python', args: [] }, reason: 'not found' },
    ]);
    assert.match(message, /\/opt\/python \(dockerfileLs\.python\.interpreter\): not found/);
    assert.match(message, /Fix dockerfileLs\.python\.interpreter/);
  });
});

describe('expandPathVariables', () => {
  const variables = { home: '/home/ann', workspaceFolder: '/src/app' };
  const cases: [string, string][] = [
    ['~/venv/bin/python', '/home/ann/venv/bin/python'],
    ['${workspaceFolder}/.venv/bin/python', '/src/app/.venv/bin/python'],
    ['/usr/bin/python3', '/usr/bin/python3'],
    ['  python3  ', 'python3'],
    ['a~/b', 'a~/b'],
  ];
  for (const [value, expected] of cases) {
    it(`expands ${value.trim()}`, () => {
      assert.equal(expandPathVariables(value, variables), expected);
    });
  }

  it('keeps workspaceFolder without a folder', () => {
    const value = '${workspaceFolder}/python';
    assert.equal(expandPathVariables(value, { home: '/h', workspaceFolder: undefined }), value);
  });
});
