/**
 * The Python extension's (`ms-python.python`) active interpreter, when it is installed.
 *
 * Uses the `environments` API that the Python extension exports. Only the few
 * members read here are typed, and every value is checked, because the
 * extension may be missing, old, or fail to activate.
 */

import * as vscode from 'vscode';

const PYTHON_EXTENSION_ID = 'ms-python.python';
const ACTIVATION_TIMEOUT_MS = 15_000;

interface EnvironmentPath {
  readonly path: string;
}

interface ResolvedEnvironment {
  readonly executable: { readonly uri?: vscode.Uri | undefined };
}

interface PythonEnvironmentsApi {
  getActiveEnvironmentPath(resource?: vscode.Uri): EnvironmentPath;
  resolveEnvironment(environment: EnvironmentPath | string): Promise<ResolvedEnvironment | undefined>;
  readonly onDidChangeActiveEnvironmentPath: vscode.Event<unknown>;
}

function hasEnvironmentsApi(exports: unknown): exports is { environments: PythonEnvironmentsApi } {
  if (typeof exports !== 'object' || exports === null || !('environments' in exports)) {
    return false;
  }
  const environments: unknown = exports.environments;
  return (
    typeof environments === 'object' &&
    environments !== null &&
    'getActiveEnvironmentPath' in environments &&
    'resolveEnvironment' in environments &&
    'onDidChangeActiveEnvironmentPath' in environments
  );
}

async function environmentsApi(): Promise<PythonEnvironmentsApi | undefined> {
  const extension = vscode.extensions.getExtension<unknown>(PYTHON_EXTENSION_ID);
  if (extension === undefined) {
    return undefined;
  }
  let exports: unknown = extension.exports;
  if (!extension.isActive) {
    const timeout = new Promise<undefined>((resolve) => {
      setTimeout(() => resolve(undefined), ACTIVATION_TIMEOUT_MS);
    });
    exports = await Promise.race([extension.activate(), timeout]);
  }
  return hasEnvironmentsApi(exports) ? exports.environments : undefined;
}

/** Return the executable of the Python extension's active interpreter, if any. */
export async function activePythonExtensionInterpreter(
  log: vscode.LogOutputChannel,
): Promise<string | undefined> {
  try {
    const api = await environmentsApi();
    if (api === undefined) {
      return undefined;
    }
    const resource = vscode.workspace.workspaceFolders?.[0]?.uri;
    const environment = await api.resolveEnvironment(api.getActiveEnvironmentPath(resource));
    return environment?.executable.uri?.fsPath;
  } catch (error: unknown) {
    log.warn(`could not read the Python extension's interpreter: ${String(error)}`);
    return undefined;
  }
}

/** Call `listener` when the user picks another interpreter in the Python extension. */
export async function onDidChangePythonExtensionInterpreter(
  listener: () => void,
): Promise<vscode.Disposable | undefined> {
  try {
    const api = await environmentsApi();
    return api?.onDidChangeActiveEnvironmentPath(() => listener());
  } catch {
    return undefined;
  }
}
