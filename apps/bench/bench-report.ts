import { writeFileSync } from 'node:fs';
import { arch, availableParallelism, cpus, platform, release, totalmem } from 'node:os';
import { BenchRow } from './bench.types';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  os: string;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  mode: 'quick' | 'full';
  machine: MachineInfo;
  scenarios: Array<{ name: string; description: string; ok: boolean; seconds: number; error?: string }>;
  rows: BenchRow[];
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cores: availableParallelism(),
    cpuModel: list[0]?.model.trim() || 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${platform()} ${release()} ${arch()}`,
  };
}

export function formatHeader(report: Pick<BenchReport, 'startedAt' | 'mode' | 'machine'>): string {
  const { machine } = report;
  return [
    `Incident Ledger benchmarks (${report.mode} mode) — ${report.startedAt}`,
    `machine: ${machine.cores} cores, ${machine.cpuModel}, ${machine.memoryGiB} GiB; Node ${machine.node}; ${machine.os}`,
  ].join('\n');
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const digits = Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** The rows as a plain-text table, then their notes. */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['scenario', 'variant', 'metric', 'value', 'unit', 'vs baseline', 'target'];
  const cells = rows.map((row) => [
    row.scenario,
    row.variant,
    row.metric,
    formatNumber(row.value),
    row.unit,
    row.ratio === undefined || !row.baseline || !Number.isFinite(row.ratio) || row.ratio <= 0
      ? ''
      : row.ratio >= 1
        ? `${formatNumber(row.ratio)}× better than ${row.baseline}`
        : `${formatNumber(1 / row.ratio)}× worse than ${row.baseline}`,
    row.target ? `${row.target.goal}: ${row.target.met ? 'met' : 'MISSED'}` : '',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column].length)));
  const line = (cell: string[]) =>
    cell.map((text, column) => (column === 3 ? text.padStart(widths[column]) : text.padEnd(widths[column]))).join('  ').trimEnd();
  const notes = rows.filter((row) => row.note).map((row) => `note: ${row.note}`);
  const targets = rows.filter((row) => row.target);
  const met = targets.filter((row) => row.target?.met).length;
  const tally = targets.length > 0 ? ['', `targets: ${met} of ${targets.length} met`] : [];
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.map(line), ...tally, ...(notes.length ? ['', ...notes] : [])].join('\n');
}

export function writeReport(path: string, report: BenchReport): void {
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}
