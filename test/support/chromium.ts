// Headless Chromium for tests that need a real browser (rendering HTML reports,
// measuring laid-out SVG). The system Chromium is used, never a downloaded one:
// CI installs it with apt (see .ci/run).
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** The Chromium executable: `$CHROMIUM_PATH`, or Debian's `/usr/bin/chromium`. */
export const CHROMIUM_PATH: string = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

const REPO_ROOT = resolve(__dirname, '../..');
const ARTIFACTS_DIR = join(REPO_ROOT, 'test-artifacts');

/** Whether the Chromium executable exists and may be run. */
export function chromiumAvailable(): boolean {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * `it` for a test that needs Chromium (the quick start's machine has only Node
 * and a C++ toolchain). Without one the test is skipped, and its name says why
 * and how to run it: the run lists skipped tests after its summary
 * (skipped-tests.reporter.js). With REQUIRE_CHROMIUM set, as CI sets it, the
 * test runs, and a missing browser fails it.
 */
export function itWithChromium(name: string, test: () => Promise<void>): void {
  if (chromiumWanted()) it(name, test);
  else it.skip(`${name} (needs Chromium, none at ${CHROMIUM_PATH}: apt-get install chromium, or set CHROMIUM_PATH)`, test);
}

/** Whether `itWithChromium` runs its tests: a browser is there, or REQUIRE_CHROMIUM asks for one. */
export function chromiumWanted(): boolean {
  return chromiumAvailable() || Boolean(process.env.REQUIRE_CHROMIUM);
}

/**
 * A headless Chromium with a fresh, throw-away profile made by playwright, for
 * a suite that shares one browser between its tests (it closes it in afterAll).
 */
export async function launchChromium(): Promise<Browser> {
  if (!chromiumAvailable()) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: LAUNCH_ARGS });
}

/** Launches a headless Chromium, hands it to `use`, and always closes it, whether `use` resolves or throws. */
export async function withChromium<T>(use: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await launchChromium();
  try {
    return await use(browser);
  } finally {
    await browser.close();
  }
}

/**
 * Where a test writes an artifact such as a screenshot: `<repo>/test-artifacts/<name>`,
 * or `<repo>/test-artifacts/<folder>/<name>` for a test that keeps several
 * (git-ignored; the directory is created). Both must be plain file names.
 */
export function artifactPath(name: string, folder?: string): string {
  for (const part of folder === undefined ? [name] : [folder, name]) {
    if (part === '' || part === '.' || part === '..' || /[\\/]/.test(part)) {
      throw new Error(`artifactPath wants a plain file name, not ${JSON.stringify(part)}`);
    }
  }
  const dir = folder === undefined ? ARTIFACTS_DIR : join(ARTIFACTS_DIR, folder);
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}
