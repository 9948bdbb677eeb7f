/**
 * Choosing the Python interpreter that runs the bundled server.
 *
 * This module imports nothing from `vscode`, so node:test can load it. The
 * extension gathers the inputs (settings, the Python extension's interpreter,
 * the platform) and passes a `Probe` that runs a process.
 */

/** The oldest Python the server supports (`requires-python` in pyproject.toml). */
export const MINIMUM_PYTHON: readonly [number, number] = [3, 10];

/** The origin of a candidate interpreter. Candidates are tried in this order. */
export type CandidateSource = 'setting' | 'python-extension' | 'path';

export interface Candidate {
  readonly source: CandidateSource;
  /** Executable name or path, run without a shell. */
  readonly command: string;
  /** Arguments placed before the script arguments, such as `-3` for `py`. */
  readonly args: readonly string[];
}

/** The standard output of a candidate, or the reason it could not run. */
export type ProbeOutput =
  | { readonly ok: true; readonly stdout: string }
  | { readonly ok: false; readonly error: string };

/** Runs `command args...` and returns its standard output. */
export type Probe = (command: string, args: readonly string[]) => Promise<ProbeOutput>;

export interface Interpreter {
  readonly candidate: Candidate;
  /** `sys.executable` as reported by the interpreter itself. */
  readonly executable: string;
  readonly version: readonly [number, number, number];
}

export interface Attempt {
  readonly candidate: Candidate;
  /** The reason the candidate was rejected. */
  readonly reason: string;
}

export interface SearchResult {
  readonly interpreter: Interpreter | undefined;
  /** Rejected candidates, in the order they were tried. */
  readonly rejected: readonly Attempt[];
}

/**
 * Code passed to `python -c`. It must run on Python 2 as well, so that an old
 * interpreter is reported by its version instead of by a syntax error.
 */
export const PROBE_SCRIPT =
  'import sys; sys.stdout.write("%d.%d.%d %s" % (sys.version_info[0], ' +
  'sys.version_info[1], sys.version_info[2], sys.executable))';

export interface CandidateInputs {
  readonly platform: NodeJS.Platform;
  /** The `dockerfileLs.python.interpreter` setting, variables already expanded. */
  readonly setting: string;
  /** The Python extension's active interpreter, when that extension is present. */
  readonly pythonExtension: string | undefined;
}

/**
 * List the interpreters to try, in order.
 *
 * An explicit setting is the only candidate: when it is unusable, the user
 * should learn that rather than silently get a different Python.
 */
export function listCandidates(inputs: CandidateInputs): Candidate[] {
  const setting = inputs.setting.trim();
  if (setting !== '') {
    return [{ source: 'setting', command: setting, args: [] }];
  }

  const candidates: Candidate[] = [];
  if (inputs.pythonExtension !== undefined && inputs.pythonExtension.trim() !== '') {
    candidates.push({ source: 'python-extension', command: inputs.pythonExtension, args: [] });
  }
  if (inputs.platform === 'win32') {
    candidates.push({ source: 'path', command: 'py', args: ['-3'] });
    candidates.push({ source: 'path', command: 'python', args: [] });
  } else {
    candidates.push({ source: 'path', command: 'python3', args: [] });
    candidates.push({ source: 'path', command: 'python', args: [] });
  }
  return candidates;
}

/**
 * Parse what `PROBE_SCRIPT` printed.
 *
 * Returns undefined when the output is not `MAJOR.MINOR.MICRO EXECUTABLE`.
 */
export function parseProbeOutput(
  stdout: string,
): { version: [number, number, number]; executable: string } | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+) (.*)$/s.exec(stdout.trim());
  if (match === null) {
    return undefined;
  }
  const version: [number, number, number] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return { version, executable: match[4] ?? '' };
}

/** Tell whether `version` is at least `minimum`. */
export function isSupported(
  version: readonly number[],
  minimum: readonly [number, number] = MINIMUM_PYTHON,
): boolean {
  const [major = 0, minor = 0] = version;
  if (major !== minimum[0]) {
    return major > minimum[0];
  }
  return minor >= minimum[1];
}

/** Try the candidates in order and return the first supported interpreter. */
export async function findInterpreter(
  candidates: readonly Candidate[],
  probe: Probe,
): Promise<SearchResult> {
  const rejected: Attempt[] = [];
  for (const candidate of candidates) {
    const output = await probe(candidate.command, [...candidate.args, '-c', PROBE_SCRIPT]);
    if (!output.ok) {
      rejected.push({ candidate, reason: output.error });
      continue;
    }

    const parsed = parseProbeOutput(output.stdout);
    if (parsed === undefined) {
      rejected.push({ candidate, reason: `unexpected output ${JSON.stringify(output.stdout)}` });
      continue;
    }

    const version = parsed.version.join('.');
    if (!isSupported(parsed.version)) {
      rejected.push({ candidate, reason: `Python ${version} is older than ${MINIMUM_PYTHON.join('.')}` });
      continue;
    }
    const executable = parsed.executable !== '' ? parsed.executable : candidate.command;
    return { interpreter: { candidate, executable, version: parsed.version }, rejected };
  }
  return { interpreter: undefined, rejected };
}

/** Describe a candidate for messages: `python3 (PATH)`, `/usr/bin/python3.9 (setting)`. */
export function describeCandidate(candidate: Candidate): string {
  const command = [candidate.command, ...candidate.args].join(' ');
  const origin = {
    setting: 'dockerfileLs.python.interpreter',
    'python-extension': 'Python extension',
    path: 'PATH',
  }[candidate.source];
  return `${command} (${origin})`;
}

/**
 * Build the one error message shown when no interpreter is usable.
 *
 * It names what was tried and why it failed, and what the user can do next.
 */
export function noInterpreterMessage(rejected: readonly Attempt[]): string {
  const minimum = MINIMUM_PYTHON.join('.');
  const tried = rejected.map((attempt) => `${describeCandidate(attempt.candidate)}: ${attempt.reason}`);
  const explicit = rejected.some((attempt) => attempt.candidate.source === 'setting');
  const action = explicit
    ? `Fix dockerfileLs.python.interpreter so it names Python ${minimum} or newer`
    : `Install Python ${minimum} or newer or point dockerfileLs.python.interpreter at one`;
  return (
    `Dockerfile LS could not start: no usable Python ${minimum}+ found ` +
    `(tried ${tried.join('; ')}). ${action}, or set dockerfileLs.server.path ` +
    'to an installed dockerfile-ls.'
  );
}

/**
 * Expand `~` and `${workspaceFolder}` in a path setting.
 *
 * `${workspaceFolder}` is left as is when no folder is open, so the probe fails
 * with a message that shows the unexpanded value.
 */
export function expandPathVariables(
  value: string,
  variables: { readonly home: string; readonly workspaceFolder: string | undefined },
): string {
  let expanded = value.trim();
  if (expanded === '~' || expanded.startsWith('~/') || expanded.startsWith('~\\')) {
    expanded = variables.home + expanded.slice(1);
  }
  if (variables.workspaceFolder !== undefined) {
    expanded = expanded.split('${workspaceFolder}').join(variables.workspaceFolder);
  }
  return expanded;
}
