import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { bundledServerCommand, installedServerCommand } from '../src/launch';

describe('bundledServerCommand', () => {
  it('runs the package as a module over stdio', () => {
    const launch = bundledServerCommand('/usr/bin/python3', '/ext/server/lib', undefined, ':');
    assert.equal(launch.command, '/usr/bin/python3');
    assert.deepEqual(launch.args, ['-m', 'dockerfile_ls', 'serve', '--stdio']);
  });

  it('puts the bundle first on PYTHONPATH', () => {
    const launch = bundledServerCommand('python3', '/ext/server/lib', '/home/ann/lib', ':');
    assert.equal(launch.env['PYTHONPATH'], '/ext/server/lib:/home/ann/lib');
  });

  it('ignores an empty inherited PYTHONPATH', () => {
    const launch = bundledServerCommand('python.exe', 'C:\\ext\\server\\lib', '', ';');
    assert.equal(launch.env['PYTHONPATH'], 'C:\\ext\\server\\lib');
  });

  it('turns off output buffering', () => {
    const launch = bundledServerCommand('python3', '/lib', undefined, ':');
    assert.equal(launch.env['PYTHONUNBUFFERED'], '1');
  });
});

describe('installedServerCommand', () => {
  it('runs serve --stdio without extra environment', () => {
    const launch = installedServerCommand('/home/ann/.local/bin/dockerfile-ls');
    assert.deepEqual(launch, {
      command: '/home/ann/.local/bin/dockerfile-ls',
      args: ['serve', '--stdio'],
      env: {},
    });
  });
});
