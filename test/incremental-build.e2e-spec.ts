import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * `npm start` and `npm test` build first. With nothing changed that build must
 * not compile again, a change must compile, and dist/ must never keep code
 * whose source is gone. Shown on a small project made of this repository's
 * build settings and scripts (the real one takes half a minute a build).
 */
const REPO_ROOT = resolve(__dirname, '..');
const BUILD_SETTINGS = ['package.json', 'package-lock.json', 'nest-cli.json', 'tsconfig.json', 'tsconfig.build.json', 'tools'];

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

function build(root: string): string {
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
  return `${result.stdout}${result.stderr}`;
}

/** Every file in dist/ with its modification time. */
function outputTimes(root: string): Record<string, number> {
  const dist = join(root, 'dist');
  return Object.fromEntries(
    (readdirSync(dist, { recursive: true }) as string[])
      .filter((path) => statSync(join(dist, path)).isFile())
      .map((path) => [path, statSync(join(dist, path)).mtimeMs]),
  );
}

function run(root: string, entry: string): string {
  return spawnSync(process.execPath, [join(root, 'dist', entry)], { encoding: 'utf8' }).stdout.trim();
}

describe('the build before npm start', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'ledger-build-'));
    for (const name of BUILD_SETTINGS) cpSync(join(REPO_ROOT, name), join(root, name), { recursive: true });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
    write(root, 'libs/domain/src/index.ts', "export const greeting = 'hello';\n");
    write(root, 'src/main.ts', "import { greeting } from '@incident-ledger/domain';\nconsole.log(greeting);\n");
    write(root, 'src/retired.ts', "export const retired = 'still here';\n");
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('compiles on the first start, rewriting the path aliases', () => {
    build(root);
    expect(run(root, 'src/main.js')).toBe('hello');
  });

  it('does not compile again when nothing changed, and says so', () => {
    const before = outputTimes(root);
    expect(build(root)).toMatch(/up to date/);
    expect(outputTimes(root)).toEqual(before);
  });

  it('compiles what changed, and leaves the rest as it was', () => {
    const before = outputTimes(root);
    write(root, 'src/main.ts', "import { greeting } from '@incident-ledger/domain';\n// said twice\nconsole.log(`${greeting}, again`);\n");
    expect(build(root)).toMatch(/src\/main\.ts/);
    expect(run(root, 'src/main.js')).toBe('hello, again');
    const after = outputTimes(root);
    expect(after['src/main.js']).toBeGreaterThan(before['src/main.js']);
    expect(after['libs/domain/src/index.js']).toBe(before['libs/domain/src/index.js']);
  });

  it("copies nest-cli.json's assets, again when one changes, and keeps them as outputs", () => {
    write(root, 'src/platform/graphiql/static/page.css', 'body { color: black; }\n');
    expect(build(root)).toMatch(/src\/platform\/graphiql\/static\/page\.css/);
    expect(readFileSync(join(root, 'dist/src/platform/graphiql/static/page.css'), 'utf8')).toContain('black');
    expect(build(root)).toMatch(/up to date/);
    write(root, 'src/platform/graphiql/static/page.css', 'body { color: navy; }\n');
    build(root);
    expect(readFileSync(join(root, 'dist/src/platform/graphiql/static/page.css'), 'utf8')).toContain('navy');
  });

  it('removes the output of a deleted source', () => {
    rmSync(join(root, 'src/retired.ts'));
    build(root);
    expect(existsSync(join(root, 'dist/src/retired.js'))).toBe(false);
    expect(existsSync(join(root, 'dist/src/retired.js.map'))).toBe(false);
  });

  it('emits again an output that went missing', () => {
    rmSync(join(root, 'dist/libs/domain/src/index.js'));
    build(root);
    expect(run(root, 'src/main.js')).toBe('hello, again');
  });

  it('does not take a build run some other way for its own', () => {
    const source = readFileSync(join(root, 'src/main.ts'), 'utf8');
    write(root, 'src/main.ts', "console.log('built by hand');\n");
    const nest = spawnSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build'], { cwd: root, encoding: 'utf8' });
    expect(nest.status).toBe(0);
    write(root, 'src/main.ts', source);
    expect(build(root)).not.toMatch(/up to date/);
    expect(run(root, 'src/main.js')).toBe('hello, again');
  });

  it('compiles again when the compiler settings change', () => {
    const settings = join(root, 'tsconfig.json');
    writeFileSync(settings, readFileSync(settings, 'utf8').replace('"removeComments": false', '"removeComments": true'));
    expect(readFileSync(join(root, 'dist/src/main.js'), 'utf8')).toContain('said twice');
    build(root);
    expect(readFileSync(join(root, 'dist/src/main.js'), 'utf8')).not.toContain('said twice');
  });
});
