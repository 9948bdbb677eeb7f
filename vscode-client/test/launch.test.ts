import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { ProbeOutput } from '../src/interpreter';
import { bundledServerCommand, checkInstalledServer, installedServerCommand } from '../src/launch';

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

describe('checkInstalledServer', () => {
  it('accepts a server that runs', async () => {
    const calls: string[][] = [];
    const probe = async (command: string, args: readonly string[]): Promise<ProbeOutput> => {
      calls.push([command, ...args]);
      return { ok: true, stdout: 'dockerfile-ls 0.1.0' };
    };
    assert.equal(await checkInstalledServer('/usr/local/bin/dockerfile-ls', probe), undefined);
    assert.deepEqual(calls, [['/usr/local/bin/dockerfile-ls', '--version']]);
  });

  it('names the setting and the failure', async () => {
    const probe = async (): Promise<ProbeOutput> => ({ ok: false, error: 'not found' });
    const message = await checkInstalledServer('/opt/missing/dockerfile-ls', probe);
    assert.match(message ?? '', /dockerfileLs\.server\.path is \/opt\/missing\/dockerfile-ls/);
    assert.match(message ?? '', /running it failed \(not found\)/);
    assert.match(message ?? '', /clear it to use the server bundled/);
  });
});
