/**
 * Running a candidate interpreter and turning failures into short reasons.
 *
 * This module imports nothing from `vscode`, so node:test can load it.
 */

import { execFile } from 'child_process';

import type { ProbeOutput } from './interpreter';

export const PROBE_TIMEOUT_MS = 10_000;

interface ExecError extends Error {
  code?: string | number | null;
  killed?: boolean;
  signal?: NodeJS.Signals | null;
}

/** Turn a failed `execFile` into a reason such as `not found` or `exited with code 1`. */
export function describeExecError(error: ExecError, stderr: string, timeoutMs: number): string {
  if (error.code === 'ENOENT') {
    return 'not found';
  }
  if (error.code === 'EACCES') {
    return 'not executable (permission denied)';
  }
  if (error.killed === true || error.signal === 'SIGTERM') {
    return `timed out after ${timeoutMs / 1000} s`;
  }
  const lastLine = stderr.trim().split(/\r?\n/).pop() ?? '';
  const status = typeof error.code === 'number' ? `exited with code ${error.code}` : error.message;
  return lastLine !== '' ? `${status}: ${lastLine}` : status;
}

/** Run `command args...` without a shell and return its standard output. */
export function runProbe(
  command: string,
  args: readonly string[],
  timeoutMs: number = PROBE_TIMEOUT_MS,
): Promise<ProbeOutput> {
  return new Promise((resolve) => {
    execFile(
      command,
      [...args],
      { timeout: timeoutMs, windowsHide: true, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error !== null) {
          resolve({ ok: false, error: describeExecError(error, stderr, timeoutMs) });
        } else {
          resolve({ ok: true, stdout });
        }
      },
    );
  });
}
