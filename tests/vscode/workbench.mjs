/**
 * User actions in the VS Code workbench and reads of what it shows, as Playwright
 * steps.
 *
 * Selectors are VS Code's own class names (`.markers-panel`, `.suggest-widget`,
 * `.monaco-hover`, `.notification-toast`). Each step waits for what appears on
 * screen, never for a fixed time.
 */

import { waitFor } from './harness.mjs';

/** Return a regular expression that matches exactly `text`. */
function exactly(text) {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/**
 * Run a command from the Command Palette by its exact title.
 *
 * Pass `opensPicker` for a command that shows a quick pick of its own, so the
 * palette's quick input stays open.
 */
export async function runCommand(page, title, { opensPicker = false } = {}) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  // Fuzzy matching also lists longer titles, such as "File: Compare New
  // Untitled Text Files" for "File: New Untitled Text File".
  const label = page.locator('.label-name', { hasText: exactly(title) });
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ has: label }).first();
  await row.click();
  if (!opensPicker) {
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }
}

/**
 * Bring a workspace file to the front: click its tab when it is open, else use
 * Quick Open. Wait for its editor and put the focus in it.
 */
export async function openFile(page, name) {
  const tab = page.locator(`.tabs-container .tab[data-resource-name="${name}"]`);
  if ((await tab.count()) > 0) {
    await tab.first().click();
  } else {
    await quickOpen(page, name);
  }
  const editor = page.locator(`.editor-instance .monaco-editor[data-uri$="/${name}"]`);
  await editor.waitFor();
  await editor.locator('.view-lines').click();
  return editor;
}

async function quickOpen(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(name);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
}

/** Move the cursor to a 1-based line and column with Go to Line. */
export async function goTo(page, line, column) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  // Go to Line is Quick Open with the `:` prefix.
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/**
 * Show the Problems panel and wait until a problem row's accessible label
 * satisfies `accept`; return the labels of all problem rows.
 */
export async function problems(page, accept = () => true) {
  await runCommand(page, 'Problems: Focus on Problems View');
  const rows = page.locator('.markers-panel .monaco-list-row[aria-label]');
  let labels = [];
  try {
    return await waitFor(
      async () => {
        labels = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label')));
        // File rows come first; a problem row names its line and character.
        const markers = labels.filter((label) => label !== null && /\bline \d+ and character \d+/.test(label));
        return markers.some(accept) ? markers : undefined;
      },
      'a matching problem in the Problems panel',
      30_000,
    );
  } catch (error) {
    throw new Error(`${error.message}; rows: ${JSON.stringify(labels)}`);
  }
}

/** Type text at the cursor and return the labels of the suggest widget that opens. */
export async function typeAndCollectSuggestions(page, text) {
  await page.keyboard.type(text, { delay: 30 });
  const widget = page.locator('.suggest-widget.visible');
  try {
    await widget.waitFor({ timeout: 5_000 });
  } catch {
    // Not opened by a trigger character: ask explicitly, as a user would.
    await page.keyboard.press('Control+Space');
    await widget.waitFor({ timeout: 15_000 });
  }
  // Trigger characters typed earlier (space, `-`) open the widget before `=`
  // is typed, and it refreshes as the request for the final position returns.
  // Wait until the same labels show twice in a row, 500 ms apart.
  const labels = widget.locator('.monaco-list-row .label-name');
  let previous = '';
  return waitFor(
    async () => {
      const current = await labels.allInnerTexts();
      const key = JSON.stringify(current);
      const stable = current.length > 0 && key === previous;
      previous = key;
      return stable ? current : undefined;
    },
    'a stable list of completion items in the suggest widget',
    15_000,
    500,
  );
}

/** Show the hover at the cursor and return its text. */
export async function hoverAtCursor(page) {
  await runCommand(page, 'Show or Focus Hover');
  const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content');
  await hover.first().waitFor({ timeout: 15_000 });
  return waitFor(
    async () => {
      const text = (await hover.first().innerText()).trim();
      return text !== '' && !/^Loading/.test(text) ? text : undefined;
    },
    'hover text',
    15_000,
  );
}

/** Return the text of each visible notification toast. */
export async function notifications(page, pattern, timeoutMs = 30_000) {
  // VS Code adds `notification-fade-in-done` once the slide-in animation ends.
  const toasts = page.locator('.notifications-toasts .notification-toast.notification-fade-in-done');
  return waitFor(
    async () => {
      const texts = await toasts.allInnerTexts();
      return texts.some((text) => pattern.test(text)) ? texts : undefined;
    },
    `a notification matching ${pattern}`,
    timeoutMs,
  );
}

/** Open the Settings editor with `query` in its search box; return the result count text. */
export async function searchSettings(page, query) {
  await runCommand(page, 'Preferences: Open Settings (UI)');
  const search = page.locator('.settings-editor .suggest-input-container textarea').first();
  await search.waitFor();
  await search.fill(query);
  const count = page.locator('.settings-editor .settings-count-widget');
  return waitFor(
    async () => {
      const text = (await count.innerText()).trim();
      return /\d+ Settings? Found/.test(text) ? text : undefined;
    },
    `settings search results for ${query}`,
    15_000,
  );
}

/**
 * Set a string or number setting through the Settings editor, as a user would.
 *
 * `label` is the start of the setting row's accessible label, for example
 * `Dockerfile Ls Code Lens Command`.
 */
export async function editSetting(page, key, label, value) {
  await searchSettings(page, key);
  const row = page.locator(`.settings-editor .settings-tree-container .monaco-list-row[aria-label^="${label}"]`);
  await row.waitFor();
  const input = row.locator('input');
  await input.fill(value);
  await input.press('Tab');
  // The row is marked as modified once the value is written to the user settings.
  await row.locator('.setting-item-modified-indicator').waitFor({ state: 'attached' });
}

/** Open a new untitled editor in `language`, the name the language picker shows. */
export async function newUntitled(page, language) {
  await runCommand(page, 'File: New Untitled Text File');
  await page.locator('.editor-instance .monaco-editor[data-uri^="untitled:"]').waitFor();
  await runCommand(page, 'Change Language Mode', { opensPicker: true });
  const input = page.locator('.quick-input-widget input[placeholder="Select Language Mode"]');
  await input.waitFor();
  await input.fill(language);
  const label = page.locator('.label-name', { hasText: exactly(language) });
  await page.locator('.quick-input-widget .monaco-list-row').filter({ has: label }).first().click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  const editor = page.locator('.editor-instance .monaco-editor[data-uri^="untitled:"]');
  await editor.locator('.view-lines').click();
  return editor;
}
