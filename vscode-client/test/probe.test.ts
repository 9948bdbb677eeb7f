import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { runProbe } from '../src/probe';

// These run real processes. The Node binary that runs the tests replaces the
// interpreter, so no Python is needed.
describe('runProbe', () => {
  it('returns standard output', async () => {
    const output = await runProbe(process.execPath, ['-e', 'process.stdout.write("3.12.0 /x")']);
    assert.deepEqual(output, { ok: true, stdout: '3.12.0 /x' });
  });

  it('reports a missing command', async () => {
    const output = await runProbe('dockerfile-ls-test-no-such-command', []);
    assert.deepEqual(output, { ok: false, error: 'not found' });
  });

  it('reports the exit code and last stderr line', async () => {
    const script = 'console.error("Traceback"); console.error("SyntaxError: bad"); process.exit(3)';
    const output = await runProbe(process.execPath, ['-e', script]);
    assert.deepEqual(output, { ok: false, error: 'exited with code 3: SyntaxError: bad' });
  });

  it('reports a timeout', async () => {
    const output = await runProbe(process.execPath, ['-e', 'setTimeout(() => {}, 5000)'], 200);
    assert.deepEqual(output, { ok: false, error: 'timed out after 0.2 s' });
  });
});
