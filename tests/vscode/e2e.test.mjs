/**
 * End-to-end test of the .vsix in a real VS Code: code-server 4.100 (VS Code 1.100)
 * with its extension host, driven in headless Chromium.
 *
 * Needs DOCKERFILE_LS_VSIX (the packaged extension), code-server and
 * playwright-core (`npm ci` in tests/vscode, or DOCKERFILE_LS_E2E_PACKAGES set
 * to a folder where they are installed), and /usr/bin/chromium. .ci/vscode.sh
 * provides all three. Optional:
 *   DOCKERFILE_LS_E2E_ARTIFACTS  folder for failure screenshots and logs
 *   DOCKERFILE_LS_README_IMAGES  folder to save the README screenshots into
 *   DOCKERFILE_LS_E2E_SETTINGS   JSON object of extra user settings, for example
 *                                {"dockerfileLs.server.path": "/path/to/dockerfile-ls"}
 *                                to try another server build (the activation check
 *                                then fails, since it expects the bundled server)
 */

import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { CodeServer, launchBrowser, openWorkbench, screenshot, waitFor } from './harness.mjs';
import {
  editSetting,
  goTo,
  hoverAtCursor,
  newUntitled,
  notifications,
  openFile,
  problems,
  runCommand,
  searchSettings,
  typeAndCollectSuggestions,
} from './workbench.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WORKSPACE = path.join(HERE, 'workspace');
const CLIENT_DIR = path.join(HERE, '..', '..', 'vscode-client');
const VSIX = process.env.DOCKERFILE_LS_VSIX ?? path.join(CLIENT_DIR, 'dockerfile-ls.vsix');
const ARTIFACTS = process.env.DOCKERFILE_LS_E2E_ARTIFACTS ?? path.join(tmpdir(), 'dockerfile-ls-e2e-artifacts');
const README_IMAGES = process.env.DOCKERFILE_LS_README_IMAGES;
const EXTRA_SETTINGS = JSON.parse(process.env.DOCKERFILE_LS_E2E_SETTINGS ?? '{}');

/** Debian's default PATH for root: its python3 is the only interpreter on it. */
const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Run `body`; on failure save a screenshot and the extension's log, then rethrow. */
async function withEvidence(state, name, body) {
  try {
    return await body();
  } catch (error) {
    mkdirSync(ARTIFACTS, { recursive: true });
    const image = state.page === undefined ? undefined : await screenshot(state.page, ARTIFACTS, name);
    const log = path.join(ARTIFACTS, `${name}.log`);
    const serverOutput = state.codeServer?.output.join('') ?? '';
    writeFileSync(log, `${state.codeServer?.extensionLog() ?? ''}\n--- code-server ---\n${serverOutput}`);
    console.error(`evidence for "${name}": ${image ?? '(no screenshot)'} ${log}`);
    throw error;
  }
}

async function readmeImage(page, name) {
  if (README_IMAGES !== undefined) {
    await screenshot(page, README_IMAGES, name);
  }
}

/**
 * Settings the User tab of the Settings editor shows. In a remote window such
 * as code-server's, VS Code lists machine-scoped settings on the Remote tab only.
 */
function userTabSettings() {
  const manifest = JSON.parse(readFileSync(path.join(CLIENT_DIR, 'package.json'), 'utf8'));
  const properties = manifest.contributes.configuration.properties;
  return Object.entries(properties).filter(([, schema]) => !String(schema.scope ?? '').startsWith('machine'));
}

/** Wait until the extension's log matches `pattern` (it reaches the file late); return the log. */
function waitForLog(state, pattern, description) {
  return waitFor(
    () => {
      const text = state.codeServer.extensionLog();
      return pattern.test(text) ? text : undefined;
    },
    `${description} in the extension log`,
    30_000,
  );
}

function countLines(text, pattern) {
  return text.split('\n').filter((line) => pattern.test(line)).length;
}

async function startSession(state, options) {
  assert.ok(existsSync(VSIX), `${VSIX} is missing: run npm run package in vscode-client`);
  const settings = { ...options.settings, ...EXTRA_SETTINGS };
  state.codeServer = new CodeServer({ ...options, workspaceSource: WORKSPACE, vsix: VSIX, settings });
  state.codeServer.installExtension();
  await state.codeServer.start();
  state.browser = await launchBrowser();
  state.page = await openWorkbench(state.browser, state.codeServer);
}

async function endSession(state) {
  await state.browser?.close();
  await state.codeServer?.stop();
}

describe('extension with the system Python', () => {
  const state = {};

  before(async () => {
    await withEvidence(state, 'start', async () => {
      // Log level trace makes vscode-languageclient trace the protocol, and
      // dockerfileLs.trace.server chooses how much.
      const settings = { 'dockerfileLs.trace.server': 'messages' };
      await startSession(state, { name: 'system-python', path: SYSTEM_PATH, settings, logLevel: 'trace' });
      await openFile(state.page, 'Dockerfile');
    });
  });

  after(async () => {
    await endSession(state);
  });

  it('starts the bundled server with python3', async () => {
    await withEvidence(state, 'activation', async () => {
      const log = await waitForLog(state, /using Python/, 'the interpreter the extension uses');
      assert.match(log, /using Python 3\.\d+\.\d+ at \/usr\/bin\/python3[.\d]* from python3 \(PATH\)/);
      assert.match(log, /starting \S+ -m dockerfile_ls serve --stdio/);
      assert.doesNotMatch(log, /could not start|failed to start/);
    });
  });

  it('traces protocol messages when asked', async () => {
    await withEvidence(state, 'trace', async () => {
      const log = await waitForLog(state, /Received response 'initialize - \(0\)'/, 'the traced initialize response');
      assert.match(log, /Sending request 'initialize - \(0\)'/);
      // `messages` traces names only; `verbose` would add each message's params.
      assert.doesNotMatch(log, /^Params: /m);
    });
  });

  it('lists diagnostics in the Problems panel', async () => {
    await withEvidence(state, 'diagnostics', async () => {
      const rows = await problems(state.page, (row) => /FORM/.test(row));
      await readmeImage(state.page, 'diagnostics');
      const unknown = rows.filter((row) => /FORM/.test(row));
      assert.equal(unknown.length, 1, `rows: ${JSON.stringify(rows)}`);
      // VS Code's label: "<severity>: <message> at line L and character C. generated by <source>".
      assert.match(unknown[0], /at line 16 and character 1\b/);
      assert.match(unknown[0], /generated by dockerfile-ls/);
    });
  });

  it('completes earlier stages after COPY --from=', async () => {
    await withEvidence(state, 'completion', async () => {
      await openFile(state.page, 'Dockerfile');
      await state.page.keyboard.press('Control+End');
      const labels = await typeAndCollectSuggestions(state.page, 'COPY --from=');
      await readmeImage(state.page, 'completion');
      assert.deepEqual([...labels].sort(), ['build', 'certs', 'test']);
      await state.page.keyboard.press('Escape');
    });
  });

  it('hover on a FROM image names the base OS', async () => {
    await withEvidence(state, 'hover', async () => {
      await openFile(state.page, 'Dockerfile');
      await goTo(state.page, 7, 8);
      const text = await hoverAtCursor(state.page);
      await readmeImage(state.page, 'hover');
      assert.match(text, /Alpine/);
    });
  });

  it('checks an untitled Dockerfile', async () => {
    await withEvidence(state, 'untitled', async () => {
      // VS Code's built-in language with id `dockerfile` is named "Docker".
      await newUntitled(state.page, 'Docker');
      await state.page.keyboard.type('FROM alpine:3.20 AS base\nFORM base\n', { delay: 10 });
      // The untitled document's FORM is on line 2; the Dockerfile's is on line 16.
      const isUntitledForm = (row) => /FORM/.test(row) && /at line 2 and character 1\b/.test(row);
      const rows = await problems(state.page, isUntitledForm);
      assert.equal(rows.filter(isUntitledForm).length, 1, `rows: ${JSON.stringify(rows)}`);
    });
  });

  it('Settings editor lists the contributed settings', async () => {
    await withEvidence(state, 'settings-list', async () => {
      const found = await searchSettings(state.page, '@ext:dockerfile-ls.dockerfile-ls');
      await readmeImage(state.page, 'settings');
      assert.equal(found, `${userTabSettings().length} Settings Found`);
    });
  });

  it('a changed setting reaches the server', async () => {
    await withEvidence(state, 'settings-change', async () => {
      const command = 'docker buildx build --target {stage} .';
      await editSetting(state.page, 'dockerfileLs.codeLensCommand', 'Dockerfile Ls Code Lens Command', command);
      await waitForLog(
        state,
        /sending changed settings to the server: .*"codeLensCommand":"docker buildx build/,
        'the settings the extension sends',
      );
      // VS Code requests code lenses again when the document changes, or when
      // the server sends workspace/codeLens/refresh.
      await openFile(state.page, 'Dockerfile');
      await state.page.keyboard.press('Control+End');
      await state.page.keyboard.type('#');
      const lenses = state.page.locator('.codelens-decoration');
      await waitFor(
        async () => (await lenses.allInnerTexts()).some((text) => text.includes('docker buildx build --target certs .')),
        'the code lens above the certs stage to show the new command',
        15_000,
      );
    });
  });

  it('restart command starts a new server', async () => {
    await withEvidence(state, 'restart', async () => {
      await runCommand(state.page, 'Dockerfile LS: Restart Server');
      const log = await waitFor(
        () => {
          const text = state.codeServer.extensionLog();
          return countLines(text, /\] starting /) === 2 ? text : undefined;
        },
        'a second server start in the extension log',
        30_000,
      );
      const restarts = log.split('\n').filter((line) => /restarting the server/.test(line));
      assert.equal(restarts.length, 1, restarts.join('\n'));
      const isDockerfileForm = (row) => /FORM/.test(row) && /at line 16 and character 1\b/.test(row);
      const rows = await problems(state.page, isDockerfileForm);
      assert.equal(rows.filter(isDockerfileForm).length, 1);
    });
  });
});

describe('extension without a usable Python', () => {
  const state = {};

  before(async () => {
    // PATH contains a python3 that reports 3.8, and no python, so nothing is usable.
    const fakeBin = mkdtempSync(path.join(tmpdir(), 'dockerfile-ls-e2e-fake-python-'));
    const fakePython = path.join(fakeBin, 'python3');
    writeFileSync(fakePython, '#!/bin/sh\nprintf "3.8.10 /opt/old/bin/python3.8"\n');
    chmodSync(fakePython, 0o755);
    state.fakeBin = fakeBin;
    await withEvidence(state, 'start-no-python', async () => {
      await startSession(state, { name: 'no-python', path: fakeBin });
      await openFile(state.page, 'Dockerfile');
    });
  });

  after(async () => {
    await endSession(state);
    rmSync(state.fakeBin, { recursive: true, force: true });
  });

  it('shows one actionable error', async () => {
    await withEvidence(state, 'no-python', async () => {
      const texts = await notifications(state.page, /no usable Python/);
      await readmeImage(state.page, 'no-python');
      const errors = texts.filter((text) => /Dockerfile LS/.test(text));
      assert.equal(errors.length, 1, `notifications: ${JSON.stringify(texts)}`);
      assert.match(errors[0], /python3 \(PATH\): Python 3\.8\.10 is older than 3\.10/);
      assert.match(errors[0], /python \(PATH\): not found/);
      assert.match(errors[0], /Open Settings/);
    });
  });
});
