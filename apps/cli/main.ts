/**
 * The admin command line: `node dist/apps/cli/main.js <command>` (`npm run cli -- <command>`).
 * The commands are in cli.program.ts; `--help` lists them.
 */
import { CommanderError } from 'commander';
import { CommandFailedError, UsageError } from './cli.errors';
import { cliProgram } from './cli.program';

/** 0 done, 1 the work failed or was refused, 2 usage error (see EXIT_CODES). */
function exitCodeFor(error: unknown): number {
  // Commander has printed its message (or the help it was asked for) already.
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof UsageError) {
    console.error(`error: ${error.message}`);
    return 2;
  }
  // An expected failure says what happened; anything else is a fault of ours, with its stack.
  console.error(error instanceof CommandFailedError ? `error: ${error.message}` : error);
  return 1;
}

async function main(): Promise<void> {
  let code = 0;
  try {
    await cliProgram(process.argv).parseAsync(process.argv);
  } catch (error) {
    code = exitCodeFor(error);
  }
  // Exits explicitly: a store client may keep the event loop alive after its work is done.
  process.exit(code);
}

void main();
