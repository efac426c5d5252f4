// `npm run build` (and so `npm start`, `npm test`, `npm run cli` and `bench`):
// builds dist/ from src/, apps/ and libs/ only when something it is made from
// changed since the last build, and then only what changed.
//
// A full `nest build` takes half a minute or more on two cores, and the scripts
// ran one before every start. Here a start with nothing changed reads the
// sources, compares their hashes with those of the last build and starts; a
// change is compiled by TypeScript's incremental build (its state is kept in
// dist/, as tsBuildInfoFile in tsconfig.build.json says).
//
// dist/ never holds stale code: the output of a deleted or renamed source is
// removed, and an output that went missing is emitted again (TypeScript's
// incremental state alone would believe it still there).
'use strict';

const { createHash } = require('node:crypto');
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const ts = require('typescript');

const ROOT = process.cwd(); // npm runs scripts in the package's folder
const CONFIG = join(ROOT, 'tsconfig.build.json');
// Besides the sources, what the output depends on: the compiler's and Nest CLI's
// settings, and the dependencies (their types, and the path-alias rewriting).
const SETTINGS = ['package.json', 'package-lock.json', 'nest-cli.json', 'tsconfig.json', 'tsconfig.build.json'];

function say(message) {
  // stderr: `npm run -s cli -- export > file` must get only the command's output.
  process.stderr.write(`build: ${message}\n`);
}

function readConfig() {
  const host = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(CONFIG, {}, host);
  if (!parsed.options.outDir || !parsed.options.tsBuildInfoFile) {
    throw new Error('tsconfig.build.json must set outDir and tsBuildInfoFile (inside outDir)');
  }
  return parsed;
}

function hashOf(path) {
  return existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : null;
}

/**
 * Nest CLI's assets (nest-cli.json, compilerOptions.assets: `{ include: "<folder>/*", outDir }`): files that
 * `nest build` copies beside the compiled code, so inputs and outputs of the build as much as the sources.
 */
function assetFiles() {
  const nest = JSON.parse(readFileSync(join(ROOT, 'nest-cli.json'), 'utf8'));
  const sourceRoot = nest.sourceRoot ?? 'src';
  return (nest.compilerOptions?.assets ?? []).flatMap(({ include, outDir }) => {
    if (typeof include !== 'string' || !include.endsWith('/*') || typeof outDir !== 'string') {
      throw new Error(`nest-cli.json: an asset must read { "include": "<folder>/*", "outDir": "..." }, not ${JSON.stringify({ include, outDir })}`);
    }
    const folder = include.slice(0, -2);
    const dir = join(ROOT, sourceRoot, folder);
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => ({ source: join(sourceRoot, folder, entry.name), output: join(ROOT, outDir, folder, entry.name) }));
  });
}

/**
 * Each input file (relative path) with the hash of its content, and the hash
 * of TypeScript's incremental state: a build run some other way (`nest build`,
 * `npm run start:dev`) changes it, and what it left in dist/ may be of other
 * sources than these.
 */
function inputHashes(parsed, assets, buildInfo) {
  const files = [
    ...parsed.fileNames.map((file) => relative(ROOT, file)),
    ...assets.map((asset) => asset.source),
    ...SETTINGS.filter((file) => existsSync(join(ROOT, file))),
  ];
  const hashes = Object.fromEntries(files.sort().map((file) => [file, hashOf(join(ROOT, file))]));
  return { ...hashes, [relative(ROOT, buildInfo)]: hashOf(buildInfo) };
}

function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** What differs between the inputs of the last build and these, as relative paths. */
function changedInputs(before, now) {
  const names = new Set([...Object.keys(before), ...Object.keys(now)]);
  return [...names].filter((name) => before[name] !== now[name]).sort();
}

function readStamp(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return {};
  }
}

function nestBuild() {
  const nest = require.resolve('@nestjs/cli/bin/nest.js', { paths: [ROOT] });
  // Nest prints compiler errors on stdout: send them to stderr with the rest.
  return spawnSync(process.execPath, [nest, 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] }).status ?? 1;
}

function main() {
  const parsed = readConfig();
  const outDir = parsed.options.outDir;
  const buildInfo = parsed.options.tsBuildInfoFile;
  const stamp = join(outDir, 'build.inputs.json');

  const assets = assetFiles();
  const inputs = inputHashes(parsed, assets, buildInfo);
  const outputs = new Set([...parsed.fileNames.flatMap((file) => ts.getOutputFileNames(parsed, file, false)), ...assets.map((asset) => asset.output)]);
  const present = filesUnder(outDir);
  const stale = present.filter((file) => !outputs.has(file) && file !== buildInfo && file !== stamp);
  const missing = [...outputs].filter((file) => !existsSync(file));
  const changed = changedInputs(readStamp(stamp), inputs);

  if (changed.length === 0 && stale.length === 0 && missing.length === 0) {
    say(`${relative(ROOT, outDir)}/ is up to date with its ${parsed.fileNames.length} sources: nothing to build`);
    return 0;
  }
  const listed = changed.slice(0, 5).join(', ') + (changed.length > 5 ? `, and ${changed.length - 5} more` : '');
  say(changed.length > 0 ? `${changed.length} changed since the last build (${listed}): building` : 'outputs out of step with the sources: building');
  for (const file of stale) rmSync(file);
  if (missing.length > 0) rmSync(buildInfo, { force: true });
  // Until this build succeeds, the next one must not take dist/ for up to date.
  rmSync(stamp, { force: true });
  const status = nestBuild();
  if (status !== 0) return status;
  writeFileSync(stamp, `${JSON.stringify({ ...inputs, [relative(ROOT, buildInfo)]: hashOf(buildInfo) }, null, 1)}\n`);
  return 0;
}

process.exitCode = main();
