import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { removeDataDir, RunningServer, startServer, storeEnv } from './server';

export const ROOT = resolve(__dirname, '../..');
/** What the README writes under a step: the line that step prints, `…` standing for what differs from run to run. */
const EXPECTED_PREFIX = '# → ';

/** A README section's shell blocks (```sh) as one script, and the lines it says they print. */
export function readReadmeScript(section: { from: string; to: string }): { script: string; expected: string[] } {
  const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(section.from);
  const end = readme.indexOf(section.to, start);
  if (start < 0 || end < 0) throw new Error(`README.md has no section from "${section.from.trim()}" to "${section.to.trim()}"`);
  const blocks = [...readme.slice(start, end).matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
  const script = blocks.join('');
  const expected = script
    .split('\n')
    .filter((line) => line.startsWith(EXPECTED_PREFIX))
    .map((line) => line.slice(EXPECTED_PREFIX.length));
  return { script, expected };
}

/** Whether a printed line is what the README says, `…` matching anything. */
export function matchesExpected(line: string, expected: string): boolean {
  const pattern = expected
    .split('…')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`).test(line);
}

/** The steps whose printed line is missing or not what the README says: empty when the script ran as written. */
export function stepsNotAsWritten(printed: string[], expected: string[]): Array<{ step: number; expected: string; printed: string | undefined }> {
  return expected
    .map((line, index) => ({ step: index + 1, expected: line, printed: printed[index] }))
    .filter(({ expected: line, printed: actual }) => actual === undefined || !matchesExpected(actual, line));
}

/** Runs a script with bash, as someone pasting it into a terminal in the project's folder would. */
export function runBash(script: string, env: Record<string, string>): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((done, fail) => {
    const child = spawn('bash', ['-c', script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', fail);
    child.once('exit', (code) => done({ stdout, stderr, code }));
  });
}

/**
 * Runs a README section's shell blocks against a running server, as someone
 * who started it as the README says would; expects them to print what the
 * README writes under each step, and nothing on stderr. Answers the lines
 * printed, for a test to look further.
 */
export async function expectReadmeSectionRunsAsWritten(section: { from: string; to: string }, server: RunningServer, env: Record<string, string> = {}): Promise<string[]> {
  const { script, expected } = readReadmeScript(section);
  expect(script).toContain('LEDGER=${LEDGER:-http://localhost:3000}');
  const run = await runBash(script, { LEDGER: new URL(server.url).origin, DATA_DIR: server.dataDir, ...storeEnv(server.dataDir), ...env });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const printed = run.stdout.split('\n').filter((line) => line !== '');
  expect(stepsNotAsWritten(printed, expected)).toEqual([]);
  expect(printed).toHaveLength(expected.length);
  return printed;
}

/**
 * A test file's whole body for a README example that needs nothing but a
 * server started as the README says (`npm start`: the product's defaults,
 * reminders included): the section's blocks run verbatim against it.
 */
export function describeReadmeSection(name: string, section: { from: string; to: string }): void {
  describe(name, () => {
    let server: RunningServer;

    beforeAll(async () => {
      server = await startServer({ env: { REMINDER_POLICY: undefined } });
    });

    afterAll(async () => {
      await server.stop();
      removeDataDir(server.dataDir);
    });

    it('runs as written', async () => {
      await expectReadmeSectionRunsAsWritten(section, server);
    }, 120_000);
  });
}
