import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/**
 * Pins a process, every thread of it, to one core with `taskset` (util-linux).
 * A server and the load generator on the same two cores are otherwise placed
 * by the scheduler anew from run to run (both on one core, or a server's GC
 * threads beside the load), and the same server's throughput then varies by
 * half between two runs a few seconds apart. Answers whether it is pinned:
 * not where there is no `taskset`, or fewer than two cores (then the run
 * goes on unpinned, and says so).
 */
export function pinToCore(pid: number, core: number): boolean {
  if (availableParallelism() < 2) return false;
  try {
    execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', String(core), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
