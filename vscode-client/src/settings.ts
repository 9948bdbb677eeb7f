/**
 * Mapping VS Code settings to the object the server reads.
 *
 * The server's settings are the `dockerfileLs.*` properties that package.json
 * contributes, minus the ones only the extension reads (how to start the server,
 * tracing). The server receives them as a nested object, the same shape as its
 * `Settings` dataclass tree, in `initializationOptions` and in
 * `workspace/didChangeConfiguration` as `{ settings: { dockerfileLs: ... } }`.
 *
 * This module imports nothing from `vscode`, so node:test can load it.
 */

export const SECTION = 'dockerfileLs';

/** Settings read by the extension alone; the server ignores them. */
export const CLIENT_ONLY_PREFIXES: readonly string[] = [
  `${SECTION}.server.`,
  `${SECTION}.python.`,
  `${SECTION}.trace.`,
];

/** Settings whose change needs a new server process. */
export const RESTART_SETTINGS: readonly string[] = [
  `${SECTION}.server.path`,
  `${SECTION}.python.interpreter`,
];

/** A contributed setting: its full key and the JSON schema VS Code shows. */
export interface ContributedSetting {
  readonly key: string;
  readonly schema: Readonly<Record<string, unknown>>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Return every `dockerfileLs.*` setting that package.json contributes.
 *
 * `contributes.configuration` may be one object or an array of them.
 */
export function contributedSettings(manifest: unknown): ContributedSetting[] {
  const contributes = isRecord(manifest) ? manifest['contributes'] : undefined;
  const configuration = isRecord(contributes) ? contributes['configuration'] : undefined;
  const groups: unknown[] = Array.isArray(configuration) ? configuration : [configuration];

  const settings: ContributedSetting[] = [];
  for (const group of groups) {
    const properties = isRecord(group) ? group['properties'] : undefined;
    if (!isRecord(properties)) {
      continue;
    }
    for (const [key, schema] of Object.entries(properties)) {
      if (key.startsWith(`${SECTION}.`) && isRecord(schema)) {
        settings.push({ key, schema });
      }
    }
  }
  return settings;
}

/** Tell whether only the extension reads `key`. */
export function isClientOnly(key: string): boolean {
  return CLIENT_ONLY_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/** Return the full keys of the settings the server reads. */
export function serverSettingKeys(manifest: unknown): string[] {
  return contributedSettings(manifest)
    .map((setting) => setting.key)
    .filter((key) => !isClientOnly(key));
}

/**
 * Build the nested settings object for the server.
 *
 * `read` receives a key relative to the section (`diagnostics.debounceMs`) and
 * returns its effective value, as `WorkspaceConfiguration.get` does. Keys whose
 * value is undefined are left out, so the server keeps its default.
 */
export function buildServerSettings(
  keys: readonly string[],
  read: (relativeKey: string) => unknown,
): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const key of keys) {
    const relativeKey = key.startsWith(`${SECTION}.`) ? key.slice(SECTION.length + 1) : key;
    const value = read(relativeKey);
    if (value === undefined) {
      continue;
    }

    const parts = relativeKey.split('.');
    const leaf = parts.pop();
    if (leaf === undefined) {
      continue;
    }
    let node = settings;
    for (const part of parts) {
      const child = node[part];
      if (isRecord(child)) {
        node = child;
      } else {
        const created: Record<string, unknown> = {};
        node[part] = created;
        node = created;
      }
    }
    node[leaf] = value;
  }
  return settings;
}
