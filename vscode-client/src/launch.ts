/**
 * The command line and environment that start the server.
 *
 * Either an installed `dockerfile-ls` executable (`dockerfileLs.server.path`),
 * or a Python interpreter running the copy bundled in the extension's
 * `server/lib` folder, which goes first on `PYTHONPATH`.
 *
 * This module imports nothing from `vscode`, so node:test can load it.
 */

import * as path from 'path';

import type { Probe } from './interpreter';

export const SERVER_ARGS: readonly string[] = ['serve', '--stdio'];

export interface LaunchCommand {
  readonly command: string;
  readonly args: string[];
  /** Variables to set on top of the extension host's environment. */
  readonly env: Record<string, string>;
}

/**
 * Run `dockerfile-ls --version` from `dockerfileLs.server.path`.
 *
 * Returns the error message to show when it does not run, else undefined.
 */
export async function checkInstalledServer(serverPath: string, probe: Probe): Promise<string | undefined> {
  const output = await probe(serverPath, ['--version']);
  if (output.ok) {
    return undefined;
  }
  return (
    `Dockerfile LS could not start: dockerfileLs.server.path is ${serverPath}, ` +
    `and running it failed (${output.error}). Point the setting at an installed ` +
    'dockerfile-ls, or clear it to use the server bundled with the extension.'
  );
}

/** Run an installed `dockerfile-ls`; it brings its own dependencies. */
export function installedServerCommand(serverPath: string): LaunchCommand {
  return { command: serverPath, args: [...SERVER_ARGS], env: {} };
}

/**
 * Run the bundled server with `python -m dockerfile_ls serve --stdio`.
 *
 * `PYTHONPATH` gets the bundle first, so its pinned pygls and lsprotocol win
 * over any the interpreter has installed. Output is unbuffered so that the
 * server's log lines reach the output channel as they are written.
 */
export function bundledServerCommand(
  interpreter: string,
  bundleDir: string,
  inheritedPythonPath: string | undefined,
  delimiter: string = path.delimiter,
): LaunchCommand {
  const pythonPath = [bundleDir];
  if (inheritedPythonPath !== undefined && inheritedPythonPath !== '') {
    pythonPath.push(inheritedPythonPath);
  }
  return {
    command: interpreter,
    args: ['-m', 'dockerfile_ls', ...SERVER_ARGS],
    env: {
      PYTHONPATH: pythonPath.join(delimiter),
      PYTHONUNBUFFERED: '1',
    },
  };
}
