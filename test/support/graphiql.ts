import type { Page } from 'playwright-core';

/** What the page's global offers in Chromium (this project's TypeScript has no DOM library). */
type StorageGlobal = { localStorage: { getItem(key: string): string | null } };

/**
 * Replaces the text of the one visible editor (CodeMirror) in `area`, as a user pasting into it, and waits
 * until GraphiQL has taken it in: it reads an edit (and whether it is a subscription) after a short pause,
 * and then keeps it in local storage under `graphiql:<saved>`.
 */
export async function fillEditor(page: Page, area: string, saved: 'query' | 'headers', text: string): Promise<void> {
  await page.locator(`${area} .CodeMirror`).filter({ visible: true }).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
  await page.waitForFunction(([key, value]) => (globalThis as unknown as StorageGlobal).localStorage.getItem(key) === value, [`graphiql:${saved}`, text]);
}
