import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * On a machine without Chromium (the quick start's needs only Node and a C++
 * toolchain) the browser test is skipped, and the end of the test run, where
 * a newcomer reads the counts, says which test was skipped, why, and how to
 * run it.
 */
describe('npm test without Chromium', () => {
  it('ends by naming the skipped browser test and how to run it', () => {
    const root = resolve(__dirname, '..');
    const { REQUIRE_CHROMIUM: _required, ...environment } = process.env;
    const run = spawnSync(
      process.execPath,
      [require.resolve('jest/bin/jest'), '--selectProjects', 'e2e', '--testPathPatterns', 'review-analytics'],
      { cwd: root, env: { ...environment, CHROMIUM_PATH: '/nonexistent/chromium' }, encoding: 'utf8' },
    );
    expect(run.status).toBe(0);
    // Right above the counts, where the run ends.
    expect(run.stderr).toMatch(
      /\nSkipped:\n {2}○ test\/review-analytics\.e2e-spec\.ts › .*renders the review report.*\(needs Chromium, none at \/nonexistent\/chromium: apt-get install chromium, or set CHROMIUM_PATH\)\nTest Suites:.*\nTests: +1 skipped/,
    );
  });
});
