/**
 * The contract between the benchmark runner and its scenarios. A scenario is a
 * module that measures one thing and returns rows; the runner prints them as
 * a table and writes them as JSON. Add a scenario by exporting one from
 * `scenarios/` and listing it in `scenarios/index.ts`.
 */

/** One measured figure. */
export interface BenchRow {
  /** The scenario's name, as given to `--only`. */
  scenario: string;
  /** Which configuration or case was measured (`with snapshot`, `raw SQLite`, ...). */
  variant: string;
  /** What was measured (`time to ready`, `appends/s`, ...). */
  metric: string;
  value: number;
  /** `ms`, `events/s`, `MB`, `×`, `events`, ... */
  unit: string;
  /**
   * How many times better than `baseline` this figure is (>1: better): the
   * baseline's value over this one for times and sizes, this one over the
   * baseline's for throughputs. See `ratioTo`.
   */
  ratio?: number;
  /** The variant the ratio compares with. */
  baseline?: string;
  /** The individual measurements the value summarises (e.g. the median of these). */
  samples?: number[];
  /** The goal this figure is held to (e.g. `≥ 0.6× raw SQLite, batches of 100`), and whether this run met it. */
  target?: { goal: string; met: boolean };
  /** A short remark printed under the table (e.g. setup figures that are not part of the measurement). */
  note?: string;
}

/** What every scenario is given. */
export interface ScenarioContext {
  /** Small sizes, so that a whole run takes well under two minutes. */
  quick: boolean;
  /** The repository root: `dist/` lives under it. */
  rootDir: string;
  /** The built server's entry point (`dist/src/main.js`). */
  serverEntry: string;
  /** A fresh directory the scenario may use; removed after the scenario unless `--keep` was given. */
  workDir: string;
  /** A directory the run's scenarios share, for setup worth reusing (generated logs); removed at the end of the run unless `--keep`. */
  sharedDir: string;
  /** Node options for the ledger servers a scenario starts: `--cpu-prof` and its directory with `--profile`, else none. */
  serverNodeArgs: string[];
  /** Progress lines for the person watching (to stderr, so stdout stays the report). */
  progress(message: string): void;
}

export interface Scenario {
  /** Short, kebab-case: what `--only` takes. */
  name: string;
  /** One line, for `--help` and the report. */
  description: string;
  run(context: ScenarioContext): Promise<BenchRow[]>;
}

/**
 * `value` compared with `baselineValue` as "times better": for figures where
 * lower is better (times, sizes) the baseline divided by the value, for
 * figures where higher is better (throughputs) the value divided by the baseline.
 */
export function ratioTo(value: number, baselineValue: number, lowerIsBetter: boolean): number {
  if (value === 0 || baselineValue === 0) return NaN;
  return lowerIsBetter ? baselineValue / value : value / baselineValue;
}
