import { CATALOGUE_STREAM, catalogueEventCodec, CatalogueState, evolveCatalogue, initialCatalogueState, systemClock } from '@incident-ledger/domain';
import { EventStore } from '@incident-ledger/event-store';
import { CatalogueCommandExecutor, CatalogueFile, CatalogueImportError, exportCatalogue, planCatalogueImport } from '@incident-ledger/application';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { CommandFailedError, UsageError } from './cli.errors';
import { ProgressReporter } from './progress.reporter';
import { cliConfig, openStore } from './store-access';

const YAML_FILE = /\.ya?ml$/i;

/** The YAML files named, and those under the folders named (depth first, by name), each once. */
function catalogueFiles(paths: readonly string[]): string[] {
  const found: string[] = [];
  const visit = (path: string, named: boolean) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new UsageError(`${path}: no such file or folder`);
    }
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort()) if (!entry.startsWith('.')) visit(join(path, entry), false);
    } else if (named || YAML_FILE.test(path)) {
      found.push(path);
    }
  };
  for (const path of paths) visit(path, true);
  if (found.length === 0) throw new UsageError(`no .yaml or .yml file in ${paths.join(', ')}`);
  return [...new Set(found)];
}

/** The catalogue as its stream leaves it now: what an import is planned against and an export written from. */
async function catalogueNow(store: EventStore): Promise<CatalogueState> {
  let state = initialCatalogueState;
  for await (const event of store.readStream(CATALOGUE_STREAM)) state = evolveCatalogue(state, catalogueEventCodec.decodeRecorded(event));
  return state;
}

/** Runs `work` on the store the server uses (DATA_DIR, EVENT_STORE), also while it runs: catalogue writes are checked by the store. */
async function withStore<T>(existing: boolean, work: (store: EventStore) => Promise<T>): Promise<T> {
  const config = cliConfig();
  if (config.EVENT_STORE === 'memory') throw new UsageError('EVENT_STORE=memory has no catalogue to work on; use the sqlite store');
  const store = openStore(config, { existing });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/**
 * `catalogue import <file or folder>...`: Backstage catalog-info.yaml files
 * into the catalogue, in one append; a dry run prints what would change and
 * writes nothing. A re-import of the same files changes nothing.
 */
export async function importCatalogueCommand(paths: string[], { dryRun }: { dryRun?: boolean }): Promise<void> {
  const names = catalogueFiles(paths);
  await withStore(false, async (store) => {
    const progress = new ProgressReporter('catalogue import', process.stderr, () => performance.now(), 'documents');
    const files: CatalogueFile[] = names.map((path) => ({ path, text: readFileSync(path, 'utf8') }));
    let plan;
    let read = 0;
    try {
      plan = planCatalogueImport(files, await catalogueNow(store), ({ documents, fraction }) => {
        read = documents;
        progress.update(documents, fraction);
      });
    } catch (error) {
      if (error instanceof CatalogueImportError) throw new CommandFailedError(`catalogue import: nothing written:\n${error.message}`);
      throw error;
    }
    for (const note of plan.notes) console.error(`note: ${note}`);
    for (const line of plan.summary) console.log(line);
    const changes = plan.changes.length;
    if (dryRun || changes === 0) {
      progress.finish(read, dryRun ? `catalogue import (dry run) read ${fileCount(files)},` : `catalogue import read ${fileCount(files)},`, `: ${changes} change${changes === 1 ? '' : 's'}; nothing written`);
      return;
    }
    const actor = `cli:${userInfo().username}`;
    try {
      await new CatalogueCommandExecutor(store, systemClock).execute({ type: 'ApplyCatalogueChanges', changes: plan.changes, actor }, { actor, correlationId: `cli-${Date.now()}` });
    } catch (error) {
      // Someone changed the catalogue since the plan, in a way the plan cannot apply to.
      throw new CommandFailedError(`catalogue import: nothing written: ${error instanceof Error ? error.message : String(error)}`);
    }
    progress.finish(read, `catalogue import read ${fileCount(files)},`, `: ${changes} change${changes === 1 ? '' : 's'} written`);
  });
}

/** `catalogue export [--out file]`: the catalogue as Backstage catalog-info.yaml documents. */
export async function exportCatalogueCommand({ out }: { out?: string }): Promise<void> {
  const yaml = await withStore(true, async (store) => exportCatalogue(await catalogueNow(store)));
  if (out) writeFileSync(out, yaml);
  else process.stdout.write(yaml);
}

function fileCount(files: readonly unknown[]): string {
  return `${files.length} file${files.length === 1 ? '' : 's'}`;
}
