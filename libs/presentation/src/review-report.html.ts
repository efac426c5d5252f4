import { SEVERITIES, Severity } from '@incident-ledger/domain';
import {
  ActionItemLine,
  CountByKey,
  IncidentMetric,
  MetricSummary,
  MetricTrend,
  ResolveTrendPoint,
  ReviewReport,
  WeeklySeverityCount,
} from '@incident-ledger/read-models';
import { html, HtmlValue, joinHtml, SafeHtml } from './html';

// A self-contained HTML page for the cross-incident review meeting: inline CSS,
// inline SVG charts, no scripts, no external resources. Pure: the only clock
// it reads is `report.generatedAt`.

const DASH = '—';

/**
 * A duration in seconds for people: "42 s", "5 min 07 s", "1 h 05 min", "3 d 4 h".
 * Each form keeps two units, rounded at the smaller one; "—" for null or a non-finite value.
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return DASH;
  const sign = seconds < 0 ? '−' : '';
  const total = Math.round(Math.abs(seconds));
  if (total < 60) return `${sign}${total} s`;
  if (total < 3600) return `${sign}${Math.floor(total / 60)} min ${pad2(total % 60)} s`;
  const minutes = Math.round(total / 60);
  if (minutes < 24 * 60) return `${sign}${Math.floor(minutes / 60)} h ${pad2(minutes % 60)} min`;
  const hours = Math.round(total / 3600);
  return `${sign}${Math.floor(hours / 24)} d ${hours % 24} h`;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/** A ratio as a signed percentage with one decimal: 0.125 → "+12.5 %", −0.5 → "−50.0 %"; "—" for null. */
export function formatChange(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return DASH;
  const percent = Math.round(ratio * 1000) / 10;
  if (percent === 0) return '±0.0 %';
  return `${percent > 0 ? '+' : '−'}${Math.abs(percent).toFixed(1)} %`;
}

/** Hours with one decimal: 3.25 → "3.3". */
export function formatHours(hours: number | null | undefined): string {
  if (hours === null || hours === undefined || !Number.isFinite(hours)) return DASH;
  return hours.toFixed(1);
}

/**
 * An ISO timestamp as "YYYY-MM-DD HH:mm" in the given time zone; a plain date,
 * or anything that is not a timestamp, comes back as it is; null gives "—".
 */
export function formatTimestamp(value: string | null | undefined, timeZone: string): string {
  if (value === null || value === undefined || value === '') return DASH;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(Date.parse(value))) return value;
  try {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(new Date(value));
    const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
    return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
  } catch {
    return value; // an unknown time zone: show the timestamp as recorded
  }
}

/**
 * Axis ticks from 0 to a "nice" top (steps of 1, 2, 2.5 or 5 × 10ⁿ; whole numbers when `integer`) covering max;
 * a default scale when max is not positive or not finite.
 */
export function niceTicks(max: number, options: { target?: number; integer?: boolean } = {}): number[] {
  const target = options.target ?? 5;
  const integer = options.integer ?? false;
  // Counts get at least a few integer ticks: a week with one incident still reads against 0..4.
  const upper = Number.isFinite(max) && max > 0 ? Math.max(max, integer ? Math.min(4, target) : 0) : target;
  const raw = upper / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / magnitude;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 && !integer ? 2.5 : fraction <= 5 ? 5 : 10;
  let step = nice * magnitude;
  if (integer) step = Math.max(1, Math.round(step));
  const count = Math.max(1, Math.ceil(upper / step - 1e-9));
  return Array.from({ length: count + 1 }, (_, i) => roundTo(i * step, 10));
}

// ---------------------------------------------------------------------------
// Charts

const SEVERITY_COLORS: Readonly<Record<Severity, string>> = {
  [Severity.SEV1]: '#b3261e',
  [Severity.SEV2]: '#e8710a',
  [Severity.SEV3]: '#f2b705',
  [Severity.SEV4]: '#4a90c2',
  [Severity.SEV5]: '#8e9aa6',
};

const CHART = { width: 1000, height: 340, top: 44, right: 20, bottom: 40, left: 56 } as const;
const PLOT_W = CHART.width - CHART.left - CHART.right;
const PLOT_H = CHART.height - CHART.top - CHART.bottom;
const PLOT_BOTTOM = CHART.top + PLOT_H;
/** Room an x label ("2024-03-04" at 11px) needs, with a gap. */
const X_LABEL_WIDTH = 74;

/** A number for an SVG attribute: at most two decimals, never NaN or Infinity. */
function num(value: number): string {
  return Number.isFinite(value) ? String(roundTo(value, 2)) : '0';
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

interface XBand {
  band: number;
  center(i: number): number;
  /** Whether week i gets an x label: every k-th one, so labels never overlap. */
  labelled(i: number): boolean;
}

function xBand(n: number): XBand {
  const band = PLOT_W / Math.max(n, 1);
  const every = Math.max(1, Math.ceil(X_LABEL_WIDTH / band));
  return { band, center: (i) => CHART.left + band * (i + 0.5), labelled: (i) => i % every === 0 };
}

function yScale(ticks: number[]): (value: number) => number {
  const top = ticks[ticks.length - 1] || 1;
  return (value) => PLOT_BOTTOM - (Math.min(Math.max(value, 0), top) / top) * PLOT_H;
}

function yAxis(ticks: number[], label: (value: number) => string, title: string): SafeHtml {
  const y = yScale(ticks);
  const lines = ticks.map((tick) => {
    const ty = num(y(tick));
    return html`<line class="grid" x1="${CHART.left}" x2="${CHART.width - CHART.right}" y1="${ty}" y2="${ty}"/><text class="tick" x="${CHART.left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle">${label(tick)}</text>`;
  });
  return html`<g class="axis y-axis">${lines}<line class="axis-line" x1="${CHART.left}" x2="${CHART.left}" y1="${CHART.top}" y2="${PLOT_BOTTOM}"/><text class="axis-title" x="${CHART.left}" y="${CHART.top - 26}" text-anchor="start">${title}</text></g>`;
}

function xAxis(weeks: string[], x: XBand): SafeHtml {
  const labels = weeks.map((week, i) => {
    const cx = num(x.center(i));
    return (
      x.labelled(i) &&
      html`<line class="tick-mark" x1="${cx}" x2="${cx}" y1="${PLOT_BOTTOM}" y2="${PLOT_BOTTOM + 4}"/><text class="tick" x="${cx}" y="${PLOT_BOTTOM + 18}" text-anchor="middle">${week}</text>`
    );
  });
  return html`<g class="axis x-axis"><line class="axis-line" x1="${CHART.left}" x2="${CHART.width - CHART.right}" y1="${PLOT_BOTTOM}" y2="${PLOT_BOTTOM}"/>${labels}<text class="axis-title" x="${CHART.width - CHART.right}" y="${CHART.height - 4}" text-anchor="end">week starting</text></g>`;
}

function noData(text: string): SafeHtml {
  return html`<text class="no-data" x="${num(CHART.left + PLOT_W / 2)}" y="${num(CHART.top + PLOT_H / 2)}" text-anchor="middle" dominant-baseline="middle">${text}</text>`;
}

function svgChart(id: string, title: string, content: HtmlValue): SafeHtml {
  return html`<svg id="${id}" role="img" aria-labelledby="${id}-title" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${CHART.width} ${CHART.height}" width="${CHART.width}" height="${CHART.height}"><title id="${id}-title">${title}</title>${content}</svg>`;
}

/** Chart 1: incidents declared per week, stacked by severity. */
export function renderSeverityChart(weeks: readonly WeeklySeverityCount[]): SafeHtml {
  const totals = weeks.map((week) => SEVERITIES.reduce((sum, sev) => sum + count(week.counts?.[sev]), 0));
  const ticks = niceTicks(Math.max(0, ...totals), { integer: true });
  const y = yScale(ticks);
  const x = xBand(weeks.length);
  const barWidth = Math.min(x.band * 0.7, 56);

  const bars = weeks.map((week, i) => {
    let base = 0;
    const left = num(x.center(i) - barWidth / 2);
    const segments = SEVERITIES.map((sev) => {
      const n = count(week.counts?.[sev]);
      if (n === 0) return null;
      const top = y(base + n);
      const height = y(base) - top;
      base += n;
      return html`<rect class="bar sev-${sev}" x="${left}" y="${num(top)}" width="${num(barWidth)}" height="${num(height)}" fill="${SEVERITY_COLORS[sev]}"><title>${week.weekStart}, ${sev}, ${n}</title></rect>`;
    });
    const total =
      totals[i] > 0 && x.band >= 22 && html`<text class="bar-total" x="${num(x.center(i))}" y="${num(y(totals[i]) - 4)}" text-anchor="middle">${totals[i]}</text>`;
    return html`<g class="week">${segments}${total}</g>`;
  });

  const legend = SEVERITIES.map(
    (sev, i) =>
      html`<g class="legend-item" transform="translate(${CHART.width - CHART.right - 5 * 66 + i * 66} ${CHART.top - 38})"><rect class="swatch sev-${sev}" width="12" height="12" fill="${SEVERITY_COLORS[sev]}"/><text x="17" y="6" dominant-baseline="middle">${sev}</text></g>`,
  );

  const empty = totals.every((t) => t === 0);
  return svgChart(
    'chart-incidents-by-severity',
    'Incidents declared per week, by severity',
    html`<g class="legend">${legend}</g>${yAxis(ticks, (v) => String(v), 'incidents')}<g class="bars">${bars}</g>${xAxis(
      weeks.map((w) => w.weekStart),
      x,
    )}${empty && noData('No incidents in this period')}`,
  );
}

/** Chart 2: weekly median time to resolve, in hours; weeks without a resolved incident are gaps in the line. */
export function renderResolveTrendChart(points: readonly ResolveTrendPoint[]): SafeHtml {
  const hours = points.map((p) => (typeof p.median === 'number' && Number.isFinite(p.median) ? Math.max(0, p.median) / 3600 : null));
  const present = hours.filter((h): h is number => h !== null);
  const ticks = niceTicks(Math.max(0, ...present));
  const y = yScale(ticks);
  const x = xBand(points.length);

  // One path segment per run of consecutive non-null weeks.
  const runs: string[] = [];
  let run: string[] = [];
  hours.forEach((h, i) => {
    if (h === null) {
      if (run.length > 1) runs.push(run.join(' '));
      run = [];
      return;
    }
    run.push(`${run.length === 0 ? 'M' : 'L'}${num(x.center(i))} ${num(y(h))}`);
  });
  if (run.length > 1) runs.push(run.join(' '));
  const line = runs.length > 0 && html`<path class="line" d="${runs.join(' ')}" fill="none"/>`;

  const circles = points.map((point, i) => {
    const h = hours[i];
    if (h === null) return null;
    return html`<circle class="point" cx="${num(x.center(i))}" cy="${num(y(h))}" r="4"><title>${point.weekStart}: median ${formatDuration(point.median)} (${count(point.count)} resolved)</title></circle>`;
  });

  return svgChart(
    'chart-resolve-trend',
    'Weekly median time to resolve, in hours',
    html`${yAxis(ticks, (v) => `${v} h`, 'median time to resolve (hours)')}<g class="series">${line}${circles}</g>${xAxis(
      points.map((p) => p.weekStart),
      x,
    )}${present.length === 0 && noData('No incident resolved in this period')}`,
  );
}

// ---------------------------------------------------------------------------
// Tables

const METRIC_NAMES: Readonly<Record<IncidentMetric, string>> = {
  [IncidentMetric.TIME_TO_DETECT]: 'Time to detect',
  [IncidentMetric.TIME_TO_ACKNOWLEDGE]: 'Time to acknowledge',
  [IncidentMetric.TIME_TO_MITIGATE]: 'Time to mitigate',
  [IncidentMetric.TIME_TO_RESOLVE]: 'Time to resolve',
};

function td(content: HtmlValue, className?: string): SafeHtml {
  return className ? html`<td class="${className}">${content}</td>` : html`<td>${content}</td>`;
}

function table(headers: Array<string | [string, string]>, rows: SafeHtml[], emptyText: string): SafeHtml {
  if (rows.length === 0) return html`<p class="empty">${emptyText}</p>`;
  const head = headers.map((h) => (Array.isArray(h) ? html`<th scope="col" class="${h[1]}">${h[0]}</th>` : html`<th scope="col">${h}</th>`));
  return html`<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function metricsTable(trends: readonly MetricTrend[]): SafeHtml {
  const rows = trends.map((trend) => {
    const c: MetricSummary = trend.current;
    const change = trend.meanChange;
    // Every metric is a duration: shorter is better.
    const tone = change === null || !Number.isFinite(change) || change === 0 ? '' : change > 0 ? ' worse' : ' better';
    const durations = [c.mean, c.median, c.p90, c.p95, c.max].map((v) => td(formatDuration(v), 'num'));
    return html`<tr><th scope="row">${METRIC_NAMES[trend.metric] ?? trend.metric}</th>${td(count(c.count), 'num')}${durations}${td(formatDuration(trend.previous?.mean), 'num')}${td(formatChange(change), `num${tone}`)}</tr>`;
  });
  return table(
    [
      'Metric',
      ['Count', 'num'],
      ['Mean', 'num'],
      ['Median', 'num'],
      ['p90', 'num'],
      ['p95', 'num'],
      ['Max', 'num'],
      ['Previous mean', 'num'],
      ['Change', 'num'],
    ],
    rows,
    'No metrics.',
  );
}

function countTable(title: string, keyHeader: string, counts: readonly CountByKey[]): SafeHtml {
  const total = counts.reduce((sum, c) => sum + count(c.count), 0);
  const rows = counts.map((c) => {
    const share = total > 0 ? `${Math.round((count(c.count) / total) * 100)} %` : DASH;
    return html`<tr>${td(c.key)}${td(count(c.count), 'num')}${td(share, 'num muted')}</tr>`;
  });
  return html`<div class="count-table"><h3>${title}</h3>${table([keyHeader, ['Incidents', 'num'], ['Share', 'num']], rows, 'None.')}</div>`;
}

/** The first few incident ids of a recurring problem, and how many more there are. */
const IDS_SHOWN = 6;
function shownIds(ids: readonly string[], total: number, link: IncidentLink | undefined): SafeHtml {
  const shown = joinHtml(
    ids.slice(0, IDS_SHOWN).map((id) => incidentId(id, link)),
    ', ',
  );
  return total > IDS_SHOWN ? html`${shown} <span class="muted">and ${count(total - IDS_SHOWN)} more</span>` : shown;
}

/**
 * Where a person opens an incident the report names (the same server's
 * GraphiQL, with a query for it), as a URL relative to the report's page;
 * none when there is nowhere to open it. A URL that is neither http(s) nor
 * relative opens nothing (see safeUrl).
 */
export type IncidentLink = (incidentId: string) => string;

/** An incident's id, linked to where it can be opened when there is such a place. */
function incidentId(id: string, link: IncidentLink | undefined): SafeHtml {
  const code = html`<code>${id}</code>`;
  return link ? html`<a class="incident-link" href="${link(id)}">${code}</a>` : code;
}

function recurringSection(report: ReviewReport, link: IncidentLink | undefined): SafeHtml {
  const rows = report.recurringProblems.map(
    (p) =>
      html`<tr>${td(p.kind === 'SERVICE' ? 'Service' : 'Cause')}${td(html`<strong>${p.key}</strong>`)}${td(count(p.incidentCount), 'num')}${td(shownIds(p.incidentIds, p.incidentCount, link), 'ids')}</tr>`,
  );
  return html`<p class="note">Threshold: at least ${report.recurringThreshold} incidents with the same service or cause within the period.</p>${table(
    ['Kind', 'Service / cause', ['Incidents', 'num'], 'Incident ids'],
    rows,
    'No recurring problems.',
  )}`;
}

/** Open action items with the overdue ones first (and marked); an overdue item missing from the open list is still shown. */
export function mergeActionItems(open: readonly ActionItemLine[], overdue: readonly ActionItemLine[]): ActionItemLine[] {
  const key = (a: ActionItemLine) => `${a.incidentId}\u0000${a.id}`;
  const overdueKeys = new Set(overdue.map(key));
  const seen = new Set<string>();
  const all: ActionItemLine[] = [];
  for (const item of [...open, ...overdue]) {
    const k = key(item);
    if (seen.has(k)) continue;
    seen.add(k);
    all.push({ ...item, overdue: item.overdue || overdueKeys.has(k) });
  }
  return [...all.filter((a) => a.overdue), ...all.filter((a) => !a.overdue)];
}

const OVERDUE_BADGE = html`<span class="badge overdue-badge">Overdue</span>`;
const OPEN_BADGE = html`<span class="badge open-badge">Open</span>`;

function actionItemsSection(report: ReviewReport, link: IncidentLink | undefined): SafeHtml {
  const items = mergeActionItems(report.openActionItems, report.overdueActionItems);
  const rows = items.map(
    (a) =>
      html`<tr${a.overdue && html` class="overdue"`}>${[
        td(a.overdue ? OVERDUE_BADGE : OPEN_BADGE),
        td(html`${a.title}<div class="sub"><code>${a.id}</code></div>`),
        td(html`${a.incidentTitle}<div class="sub">${incidentId(a.incidentId, link)}</div>`),
        td(a.owner),
        td(a.priority),
        td(a.type),
        td(formatTimestamp(a.dueAt, report.timeZone), 'nowrap'),
      ]}</tr>`,
  );
  const overdue = report.overdueActionItemCount;
  const cut = report.openActionItemCount > report.listLimit || overdue > report.listLimit;
  return html`<p class="note">${count(report.openActionItemCount)} open for this period's incidents; <span class="${overdue > 0 ? 'overdue-text' : ''}">${count(overdue)} overdue</span> across all incidents${
    cut && html` (the first ${count(report.listLimit)} of each, soonest due first)`
  }.</p>${table(['Status', 'Action item', 'Incident', 'Owner', 'Priority', 'Type', 'Due'], rows, 'No open action items.')}`;
}

function responderTable(report: ReviewReport): SafeHtml {
  const rows = report.responderLoad.map(
    (r) => html`<tr>${td(r.responder)}${td(count(r.incidentCount), 'num')}${td(formatHours(r.hoursEngaged), 'num')}${td(count(r.outsideWorkingHours), 'num')}</tr>`,
  );
  return table(['Responder', ['Incidents', 'num'], ['Hours engaged', 'num'], ['Engaged outside working hours', 'num']], rows, 'No responders.');
}

function drillsTable(report: ReviewReport, link: IncidentLink | undefined): SafeHtml {
  const rows = report.drills.map(
    (d) =>
      html`<tr>${td(html`${d.title}<div class="sub">${incidentId(d.incidentId, link)}</div>`)}${td(d.severity)}${td(formatTimestamp(d.declaredAt, report.timeZone), 'nowrap')}${td(d.kind)}</tr>`,
  );
  return table(['Drill', 'Severity', 'Declared', 'Kind'], rows, 'No drills held.');
}

// ---------------------------------------------------------------------------
// Page

/** The page's stylesheet: inline, as the page loads nothing. */
const REPORT_STYLE = html`<style>
:root { color-scheme: light; --ink: #1d2733; --muted: #5b6876; --line: #d8dee5; --bg-alt: #f5f7f9; --accent: #1f5fa8; --bad: #b3261e; --good: #1e7d3a; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1100px; margin: 0 auto; }
header { border-bottom: 2px solid var(--ink); padding-bottom: 12px; margin-bottom: 20px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 14px; margin: 0 0 6px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.period { font-size: 16px; margin: 0; }
.generated { color: var(--muted); margin: 2px 0 0; font-size: 13px; }
.headline { display: flex; gap: 16px; flex-wrap: wrap; margin: 16px 0 4px; }
.stat { border: 1px solid var(--line); border-radius: 6px; padding: 10px 16px; min-width: 140px; background: var(--bg-alt); }
.stat .value { font-size: 28px; font-weight: 700; line-height: 1.1; font-variant-numeric: tabular-nums; }
.stat .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.stat.primary { border-color: var(--accent); background: #eef4fb; }
.stat.primary .value { color: var(--accent); font-size: 36px; }
.stat.alert .value { color: var(--bad); }
figure { margin: 0 0 8px; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 2px; }
svg { max-width: 100%; height: auto; display: block; font-family: inherit; }
svg .grid { stroke: #e9edf1; stroke-width: 1; }
svg .axis-line, svg .tick-mark { stroke: #7a8591; stroke-width: 1; }
svg .tick { font-size: 11px; fill: var(--muted); }
svg .axis-title { font-size: 11px; fill: var(--muted); font-style: italic; }
svg .legend text { font-size: 12px; fill: var(--ink); }
svg .bar-total { font-size: 11px; fill: var(--ink); font-weight: 600; }
svg .bar { stroke: #fff; stroke-width: 0.5; }
svg .line { stroke: var(--accent); stroke-width: 2; fill: none; }
svg .point { fill: #fff; stroke: var(--accent); stroke-width: 2; }
svg .no-data { font-size: 16px; fill: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { text-align: left; padding: 5px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { background: var(--bg-alt); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); border-bottom: 2px solid var(--line); }
tbody th { font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.nowrap { white-space: nowrap; }
.muted { color: var(--muted); }
.worse { color: var(--bad); font-weight: 600; }
.better { color: var(--good); font-weight: 600; }
.sub { color: var(--muted); font-size: 12px; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
a.incident-link { color: var(--accent); }
td.ids { max-width: 420px; }
.counts { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 20px; }
.note { color: var(--muted); margin: 0 0 6px; }
.empty { color: var(--muted); font-style: italic; margin: 4px 0; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; }
.overdue-badge { background: var(--bad); color: #fff; }
.open-badge { background: #e3e8ee; color: var(--ink); }
tr.overdue td { background: #fdf0ef; }
.overdue-text { color: var(--bad); font-weight: 600; }
@media print { body { padding: 0; } h2 { break-after: avoid; } figure, tr { break-inside: avoid; } }
</style>`;

/** The review report as a complete, self-contained HTML5 page; with `incidentLink`, the incidents it names are links. */
export function renderReviewReportHtml(report: ReviewReport, incidentLink?: IncidentLink): string {
  const tz = report.timeZone;
  const from = formatTimestamp(report.from, tz);
  const to = formatTimestamp(report.to, tz);
  const overdue = report.overdueActionItemCount;
  const stat = (value: string | number, label: string, className = '') =>
    html`<div class="stat${className && ` ${className}`}"><div class="value">${value}</div><div class="label">${label}</div></div>`;

  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Incident review ${from} → ${to} (${tz})</title>
${REPORT_STYLE}
</head>
<body>
<main>
<header>
<h1>Incident review</h1>
<p class="period"><time datetime="${report.from}">${from}</time> → <time datetime="${report.to}">${to}</time> <span class="muted">(${tz})</span></p>
<p class="generated">Generated <time datetime="${report.generatedAt}">${formatTimestamp(report.generatedAt, tz)}</time> · compared with the previous period from ${formatTimestamp(report.previousFrom, tz)}</p>
<div class="headline">
${stat(count(report.incidentCount), report.incidentCount === 1 ? 'incident' : 'incidents', 'primary')}
${stat(report.recurringProblems.length, 'recurring problems')}
${stat(count(report.openActionItemCount), 'open action items')}
${stat(overdue, 'overdue action items', overdue > 0 ? 'alert' : '')}
${stat(report.drills.length, report.drills.length === 1 ? 'drill held' : 'drills held')}
</div>
</header>

<section>
<h2>Incidents per week, by severity</h2>
<figure>${renderSeverityChart(report.weeklyBySeverity)}
<figcaption>Incidents declared each week (weeks start on Monday, ${tz}). Hover a segment for its count.</figcaption></figure>
</section>

<section>
<h2>Median time to resolve, per week</h2>
<figure>${renderResolveTrendChart(report.resolveTrend)}
<figcaption>Median time to resolve of the incidents declared each week, in hours; a gap is a week in which none was resolved.</figcaption></figure>
</section>

<section>
<h2>Response metrics</h2>
<p class="note">This period against the previous one of equal length; a negative change means faster.</p>
${metricsTable(report.metrics)}
</section>

<section>
<h2>Incidents by severity, service, team, tier and cause</h2>
<div class="counts">
${countTable('By severity now', 'Severity', report.bySeverity)}
${countTable('By highest severity reached', 'Severity', report.byHighestSeverity)}
${countTable('By service', 'Service', report.byService)}
${countTable('By owner team', 'Team', report.byOwnerTeam)}
${countTable('By service tier', 'Most critical tier', report.byServiceTier)}
${countTable('By cause', 'Cause', report.byCause)}
</div>
</section>

<section>
<h2>Recurring problems</h2>
${recurringSection(report, incidentLink)}
</section>

<section>
<h2>Open and overdue action items</h2>
${actionItemsSection(report, incidentLink)}
</section>

<section>
<h2>Responder load</h2>
${responderTable(report)}
</section>

<section>
<h2>Drills held</h2>
${drillsTable(report, incidentLink)}
</section>
</main>
</body>
</html>
`.toString();
}

/** The page a refused review link answers a browser with: what went wrong, and what to do. */
export function renderReviewLinkRefusedHtml(message: string): string {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Review link not valid</title>
<style>body { font: 16px/1.5 system-ui, sans-serif; color: #1d2733; max-width: 40em; margin: 3em auto; padding: 0 1em; } code { font-size: 14px; }</style>
</head>
<body>
<h1>This review link does not open a report</h1>
<p>${message}.</p>
<p>Review links last a few minutes. Whoever shared it can make a new one with the <code>createReviewReportLink</code> mutation, or open the report with an API key.</p>
</body>
</html>
`.toString();
}
