/**
 * Runs code-server (a real VS Code server and extension host) on 127.0.0.1 and
 * drives its workbench in Debian's Chromium through playwright-core.
 *
 * Everything a run writes (HOME, user data, extensions, the workspace copy) lives
 * under one temporary folder, so runs are independent and leave nothing behind.
 */

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The folder whose node_modules contains code-server and playwright-core: this
 * folder after `npm ci` here, or the cache folder that .ci/vscode.sh installs
 * them into once (DOCKERFILE_LS_E2E_PACKAGES).
 */
const PACKAGES = process.env.DOCKERFILE_LS_E2E_PACKAGES ?? path.dirname(new URL(import.meta.url).pathname);
const require = createRequire(path.join(PACKAGES, 'package.json'));
const { chromium } = require('playwright-core');

export const CHROMIUM = process.env.DOCKERFILE_LS_E2E_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Chromium flags: headless, no sandbox (the test runs as root), and no traffic
 * of its own (component updates, sync, QUIC probes). Playwright adds its own
 * automation flags and a fresh profile folder.
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** User settings that keep the workbench quiet and deterministic. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.commandCenter.enabled': false,
  'editor.wordBasedSuggestions': 'off',
  'editor.minimap.enabled': false,
  'editor.hover.delay': 100,
  'files.autoSave': 'off',
  'git.enabled': false,
};

/** Return a TCP port that is free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Poll `probe` until it returns a truthy value; throw `message` after `timeoutMs`. */
export async function waitFor(probe, message, timeoutMs = 30_000, intervalMs = 200) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) {
        return value;
      }
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const cause = lastError === undefined ? '' : ` (last error: ${lastError})`;
  throw new Error(`timed out after ${timeoutMs} ms: ${message}${cause}`);
}

/** Return the code-server entry script, run with this Node so that PATH needs no `node`. */
function codeServerEntry() {
  const manifestPath = require.resolve('code-server/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin['code-server'];
  return path.join(path.dirname(manifestPath), bin);
}

/**
 * A code-server instance with its own HOME, user data and extensions folders.
 *
 * `env.PATH` decides which Python the extension finds; nothing else of the
 * caller's environment that could point at an interpreter is passed on.
 */
export class CodeServer {
  constructor({ name, workspaceSource, vsix, path: searchPath, settings = {}, logLevel = 'info' }) {
    this.root = mkdtempSync(path.join(tmpdir(), `dockerfile-ls-e2e-${name}-`));
    this.home = path.join(this.root, 'home');
    this.userData = path.join(this.root, 'user-data');
    this.extensions = path.join(this.root, 'extensions');
    this.workspace = path.join(this.root, 'workspace');
    this.vsix = vsix;
    this.settings = { ...USER_SETTINGS, ...settings };
    this.logLevel = logLevel;
    this.env = {
      HOME: this.home,
      PATH: searchPath,
      LANG: 'C.UTF-8',
      SHELL: '/bin/sh',
      TMPDIR: path.join(this.root, 'tmp'),
      // No marketplace: code-server must not query any extension gallery.
      EXTENSIONS_GALLERY: '{}',
      // Keep this PATH: without it VS Code replaces the extension host's environment
      // with a login shell's, and /etc/profile resets PATH.
      VSCODE_CLI: '1',
    };
    for (const folder of [this.home, this.userData, this.extensions, this.env.TMPDIR]) {
      mkdirSync(folder, { recursive: true });
    }
    cpSync(workspaceSource, this.workspace, { recursive: true });
    mkdirSync(path.join(this.userData, 'User'), { recursive: true });
    writeFileSync(path.join(this.userData, 'User', 'settings.json'), JSON.stringify(this.settings, null, 2));
    this.output = [];
  }

  commonArgs() {
    return ['--user-data-dir', this.userData, '--extensions-dir', this.extensions];
  }

  /** Install the .vsix with code-server's own `--install-extension`. */
  installExtension() {
    const result = spawnSync(
      process.execPath,
      [codeServerEntry(), ...this.commonArgs(), '--install-extension', this.vsix, '--force'],
      { env: this.env, encoding: 'utf8', timeout: 120_000 },
    );
    if (result.status !== 0) {
      throw new Error(`--install-extension failed (${result.status}): ${result.stdout}\n${result.stderr}`);
    }
    return result.stdout;
  }

  /** Start code-server and wait until /healthz returns 200. */
  async start() {
    this.port = await freePort();
    this.url = `http://127.0.0.1:${this.port}`;
    const configFile = path.join(this.root, 'config.yaml');
    writeFileSync(configFile, `bind-addr: 127.0.0.1:${this.port}\nauth: none\ncert: false\n`);
    const args = [
      codeServerEntry(),
      '--config',
      configFile,
      '--bind-addr',
      `127.0.0.1:${this.port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      // Also the default log level of extensions' log output channels.
      '--log',
      this.logLevel,
      ...this.commonArgs(),
    ];
    // A process group of its own, so that stop() also ends the extension host,
    // the file watcher and the language server that code-server starts.
    this.process = spawn(process.execPath, args, {
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.process.stdout.on('data', (chunk) => this.output.push(String(chunk)));
    this.process.stderr.on('data', (chunk) => this.output.push(String(chunk)));
    this.exited = new Promise((resolve) => this.process.once('exit', resolve));

    const healthy = waitFor(
      async () => {
        const response = await fetch(`${this.url}/healthz`);
        return response.ok;
      },
      `code-server on ${this.url}`,
      60_000,
    );
    const failed = this.exited.then((code) => {
      throw new Error(`code-server exited with ${code}: ${this.output.join('')}`);
    });
    await Promise.race([healthy, failed]);
    failed.catch(() => {});
  }

  /** Return the workbench URL for the workspace folder. */
  workbenchUrl() {
    return `${this.url}/?folder=${encodeURIComponent(this.workspace)}`;
  }

  /** Return the text of the extension's log output channel from the extension host's log folder. */
  extensionLog() {
    const files = findFiles(path.join(this.userData, 'logs'), (name) => name.endsWith('Dockerfile LS.log'));
    return files.map((file) => readFileSync(file, 'utf8')).join('\n');
  }

  /** Stop code-server and delete its folder. */
  async stop({ keep = false } = {}) {
    if (this.process !== undefined) {
      signalGroup(this.process.pid, 'SIGTERM');
      const timeout = new Promise((resolve) => setTimeout(resolve, 10_000));
      await Promise.race([this.exited, timeout]);
      // Children that outlive code-server still belong to its group.
      signalGroup(this.process.pid, 'SIGKILL');
    }
    if (!keep) {
      rmSync(this.root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    }
  }
}

/** Send `signal` to the process group led by `pid`; ignore a group that is gone. */
function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') {
      throw error;
    }
  }
}

function findFiles(folder, accept) {
  let entries;
  try {
    entries = readdirSync(folder);
  } catch {
    return [];
  }
  const found = [];
  for (const entry of entries) {
    const full = path.join(folder, entry);
    if (statSync(full).isDirectory()) {
      found.push(...findFiles(full, accept));
    } else if (accept(entry)) {
      found.push(full);
    }
  }
  return found;
}

/** Launch Debian's Chromium headless; never a browser build of Playwright's own. */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Open the workbench and wait until the explorer shows the workspace. */
export async function openWorkbench(browser, codeServer) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(codeServer.workbenchUrl());
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  return page;
}

/** Save a PNG of the page to `folder/name.png`; returns the path, or undefined on failure. */
export async function screenshot(page, folder, name) {
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${name}.png`);
  try {
    await page.screenshot({ path: file });
    return file;
  } catch {
    return undefined;
  }
}
