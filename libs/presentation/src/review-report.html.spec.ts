import { ActionItemPriority, ActionItemSource, ActionItemStatus, ActionItemType, IncidentKind, Severity } from '@incident-ledger/domain';
import { ActionItemLine, IncidentMetric, INCIDENT_METRICS, MetricSummary, ReviewReport, WeeklySeverityCount } from '@incident-ledger/read-models';
import {
  formatChange,
  formatDuration,
  formatHours,
  formatTimestamp,
  mergeActionItems,
  niceTicks,
  renderReviewLinkRefusedHtml,
  renderReviewReportHtml,
} from './review-report.html';

function actionItem(overrides: Partial<ActionItemLine>): ActionItemLine {
  return {
    id: 'ai-1',
    incidentId: 'inc-1',
    incidentTitle: 'Checkout down',
    title: 'Add an alert',
    owner: "O'Brien",
    dueAt: '2025-03-20T12:00:00.000Z',
    priority: ActionItemPriority.HIGH,
    type: ActionItemType.DETECT,
    source: ActionItemSource.REPORT,
    status: ActionItemStatus.OPEN,
    createdAt: '2025-03-10T12:00:00.000Z',
    createdBy: 'ana',
    completedAt: null,
    completedBy: null,
    overdue: false,
    ...overrides,
  };
}

const ALERT_ITEM = actionItem({ overdue: true });

const EMPTY_SUMMARY: MetricSummary = { count: 0, mean: null, median: null, p90: null, p95: null, max: null };

function counts(partial: Partial<Record<Severity, number>>): Record<Severity, number> {
  return { SEV1: 0, SEV2: 0, SEV3: 0, SEV4: 0, SEV5: 0, ...partial };
}

function emptyReport(overrides: Partial<ReviewReport> = {}): ReviewReport {
  return {
    from: '2025-03-03T00:00:00.000Z',
    to: '2025-03-31T00:00:00.000Z',
    previousFrom: '2025-02-03T00:00:00.000Z',
    timeZone: 'UTC',
    generatedAt: '2025-04-01T08:30:00.000Z',
    incidentCount: 0,
    bySeverity: [],
    byHighestSeverity: [],
    byService: [],
    byOwnerTeam: [],
    byServiceTier: [],
    byCause: [],
    metrics: INCIDENT_METRICS.map((metric) => ({ metric, current: EMPTY_SUMMARY, previous: EMPTY_SUMMARY, meanChange: null })),
    recurringProblems: [],
    recurringThreshold: 3,
    openActionItems: [],
    openActionItemCount: 0,
    overdueActionItems: [],
    overdueActionItemCount: 0,
    listLimit: 100,
    responderLoad: [],
    drills: [],
    weeklyBySeverity: [],
    resolveTrend: [],
    ...overrides,
  };
}

const WEEKS: WeeklySeverityCount[] = [
  { weekStart: '2025-03-03', counts: counts({ SEV1: 1, SEV3: 2 }) },
  { weekStart: '2025-03-10', counts: counts({ SEV1: 2, SEV3: 1 }) },
  { weekStart: '2025-03-17', counts: counts({ SEV1: 1, SEV3: 4 }) },
  { weekStart: '2025-03-24', counts: counts({ SEV1: 3, SEV3: 1 }) },
];

function fullReport(): ReviewReport {
  const summary = (base: number): MetricSummary => ({ count: 4, mean: base, median: base * 0.9, p90: base * 1.5, p95: base * 1.7, max: base * 2 });
  return emptyReport({
    incidentCount: 15,
    bySeverity: [
      { key: 'SEV1', count: 7 },
      { key: 'SEV3', count: 8 },
    ],
    byService: [{ key: 'checkout <api>', count: 9 }],
    byCause: [{ key: 'deploy & config', count: 5 }],
    metrics: INCIDENT_METRICS.map((metric, i) => ({ metric, current: summary(300 * (i + 1)), previous: summary(250 * (i + 1)), meanChange: 0.2 })),
    recurringProblems: [{ kind: 'SERVICE', key: 'checkout <api>', incidentCount: 9, incidentIds: ['inc-1', 'inc-2'] }],
    openActionItems: [ALERT_ITEM, actionItem({ incidentId: 'inc-2', incidentTitle: 'Slow search', id: 'ai-2', title: 'Tune cache', owner: 'ana', dueAt: null, priority: ActionItemPriority.LOW, type: ActionItemType.PROCESS })],
    overdueActionItems: [ALERT_ITEM],
    openActionItemCount: 2,
    overdueActionItemCount: 1,
    responderLoad: [{ responder: 'ana', incidentCount: 3, hoursEngaged: 12.345, outsideWorkingHours: 1 }],
    drills: [{ incidentId: 'inc-9', title: 'Failover drill', severity: Severity.SEV2, declaredAt: '2025-03-12T09:00:00.000Z', kind: IncidentKind.DRILL }],
    weeklyBySeverity: WEEKS,
    resolveTrend: [
      { weekStart: '2025-03-03', median: 3600, count: 2 },
      { weekStart: '2025-03-10', median: null, count: 0 },
      { weekStart: '2025-03-17', median: 7200, count: 3 },
      { weekStart: '2025-03-24', median: 5400, count: 1 },
    ],
  });
}

/** The markup of one inline SVG chart, by id. */
function chart(html: string, id: string): string {
  const start = html.indexOf(`<svg id="${id}"`);
  expect(start).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</svg>', start) + '</svg>'.length);
}

function occurrences(text: string, pattern: RegExp): number {
  return (text.match(pattern) ?? []).length;
}

function expectNoBadNumbers(html: string): void {
  expect(html).not.toMatch(/NaN|Infinity|undefined/);
}

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [42, '42 s'],
    [42.4, '42 s'],
    [59.6, '1 min 00 s'],
    [307, '5 min 07 s'],
    [3599, '59 min 59 s'],
    [3600, '1 h 00 min'],
    [3900, '1 h 05 min'],
    [3929, '1 h 05 min'],
    [86_399, '1 d 0 h'],
    [3 * 86_400 + 4 * 3600, '3 d 4 h'],
    [3 * 86_400 + 4 * 3600 + 1799, '3 d 4 h'],
    [-42, '−42 s'],
  ])('%p s → %p', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });

  it('gives a dash for null and non-finite values', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(NaN)).toBe('—');
    expect(formatDuration(Infinity)).toBe('—');
  });
});

describe('formatChange, formatHours, formatTimestamp', () => {
  it('signs the percentage', () => {
    expect(formatChange(0.125)).toBe('+12.5 %');
    expect(formatChange(-0.5)).toBe('−50.0 %');
    expect(formatChange(0)).toBe('±0.0 %');
    expect(formatChange(null)).toBe('—');
  });

  it('gives hours with one decimal', () => {
    expect(formatHours(12.345)).toBe('12.3');
    expect(formatHours(0)).toBe('0.0');
  });

  it('shows timestamps in the report time zone, and anything else as it is', () => {
    expect(formatTimestamp('2025-03-03T00:00:00.000Z', 'UTC')).toBe('2025-03-03 00:00');
    expect(formatTimestamp('2025-03-03T00:00:00.000Z', 'Europe/Berlin')).toBe('2025-03-03 01:00');
    expect(formatTimestamp('2025-03-03', 'Europe/Berlin')).toBe('2025-03-03');
    expect(formatTimestamp('2025-03-03T00:00:00.000Z', 'Not/AZone')).toBe('2025-03-03T00:00:00.000Z');
    expect(formatTimestamp(null, 'UTC')).toBe('—');
  });
});

describe('niceTicks', () => {
  it('covers the maximum with round steps', () => {
    expect(niceTicks(7, { integer: true })).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(3, { integer: true })).toEqual([0, 1, 2, 3, 4]);
    expect(niceTicks(1, { integer: true })).toEqual([0, 1, 2, 3, 4]);
    expect(niceTicks(23, { integer: true })).toEqual([0, 5, 10, 15, 20, 25]);
    expect(niceTicks(0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(1.8)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(niceTicks(0, { integer: true })).toEqual([0, 1, 2, 3, 4, 5]);
    expect(niceTicks(NaN)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('mergeActionItems', () => {
  it('puts overdue items first, once each, and marks items found in the overdue list', () => {
    const report = fullReport();
    const late = { ...report.openActionItems[1], id: 'ai-3', overdue: false };
    const merged = mergeActionItems(report.openActionItems.slice().reverse(), [...report.overdueActionItems, late]);
    expect(merged.map((a) => [a.id, a.overdue])).toEqual([
      ['ai-1', true],
      ['ai-3', true],
      ['ai-2', false],
    ]);
  });
});

describe('renderReviewReportHtml', () => {
  it('is a complete, self-contained HTML5 page without scripts', () => {
    const html = renderReviewReportHtml(fullReport());
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toMatch(/<title>Incident review 2025-03-03 00:00 → 2025-03-31 00:00 \(UTC\)<\/title>/);
    expect(html).toContain('2025-04-01 08:30');
    expect(html).not.toMatch(/<script|<link|src=|url\(|@import|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
    expectNoBadNumbers(html);
  });

  it('escapes every string taken from the report', () => {
    const report = fullReport();
    report.openActionItems[0] = { ...report.openActionItems[0], title: '<script>alert("x")</script>', incidentTitle: 'A & B' };
    report.drills[0] = { ...report.drills[0], title: '<img src=x onerror=alert(1)>' };
    report.responderLoad[0] = { ...report.responderLoad[0], responder: '<b>eve</b>' };
    report.timeZone = '<tz>';
    const html = renderReviewReportHtml(report);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>eve');
    expect(html).not.toContain('<tz>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('A &amp; B');
    expect(html).toContain('checkout &lt;api&gt;');
    expect(html).toContain('deploy &amp; config');
    expect(html).toContain('O&#39;Brien');
  });

  it('escapes a hostile value in every field people or the server fill in, in text and in attributes', () => {
    const fields: string[] = [];
    /** A value that breaks out of text (a script, an image) and out of quoted attributes (event handlers), named after its field. */
    const hostile = (field: string): string => {
      fields.push(field);
      return `<script>alert('${field}')</script>"onmouseover="alert(1)'onfocus='alert(2)<img src=x onerror=alert(3)>`;
    };
    const escaped = (field: string) =>
      `&lt;script&gt;alert(&#39;${field}&#39;)&lt;/script&gt;&quot;onmouseover=&quot;alert(1)&#39;onfocus=&#39;alert(2)&lt;img src=x onerror=alert(3)&gt;`;
    const item = (list: string): ActionItemLine =>
      actionItem({
        id: hostile(`${list}.id`),
        incidentId: hostile(`${list}.incidentId`),
        incidentTitle: hostile(`${list}.incidentTitle`),
        title: hostile(`${list}.title`),
        owner: hostile(`${list}.owner`),
        priority: hostile(`${list}.priority`) as ActionItemPriority,
        type: hostile(`${list}.type`) as ActionItemType,
        dueAt: hostile(`${list}.dueAt`),
      });
    const report = fullReport();
    Object.assign(report, {
      timeZone: hostile('timeZone'),
      from: hostile('from'),
      to: hostile('to'),
      previousFrom: hostile('previousFrom'),
      generatedAt: hostile('generatedAt'),
      bySeverity: [{ key: hostile('bySeverity.key'), count: 1 }],
      byHighestSeverity: [{ key: hostile('byHighestSeverity.key'), count: 1 }],
      byService: [{ key: hostile('byService.key'), count: 1 }],
      byCause: [{ key: hostile('byCause.key'), count: 1 }],
      metrics: [{ ...report.metrics[0], metric: hostile('metrics.metric') as IncidentMetric }],
      recurringProblems: [{ kind: 'CAUSE', key: hostile('recurringProblems.key'), incidentCount: 1, incidentIds: [hostile('recurringProblems.incidentIds')] }],
      openActionItems: [item('openActionItems')],
      overdueActionItems: [{ ...item('overdueActionItems'), overdue: true }],
      responderLoad: [{ ...report.responderLoad[0], responder: hostile('responderLoad.responder') }],
      drills: [
        {
          incidentId: hostile('drills.incidentId'),
          title: hostile('drills.title'),
          severity: hostile('drills.severity') as Severity,
          declaredAt: hostile('drills.declaredAt'),
          kind: hostile('drills.kind') as IncidentKind,
        },
      ],
      weeklyBySeverity: [{ weekStart: hostile('weeklyBySeverity.weekStart'), counts: counts({ SEV2: 1 }) }],
      resolveTrend: [{ weekStart: hostile('resolveTrend.weekStart'), median: 60, count: 1 }],
    });

    const html = renderReviewReportHtml(report, (id) => `../incidents/${id}`);
    expect(html).not.toMatch(/<script|<img|["']on(mouseover|focus)/i);
    for (const field of fields) expect({ field, shown: html.includes(escaped(field)) }).toEqual({ field, shown: true });
  });

  it('links no incident to a script: a link that is not http(s) or relative is neutralised', () => {
    const html = renderReviewReportHtml(fullReport(), (id) => ` JavaScript:alert(${JSON.stringify(id)})`);
    expect(html).not.toMatch(/href="[^"]*script:/i);
    expect(html).toContain('<a class="incident-link" href="about:invalid#unsafe-url"><code>inc-1</code></a>');
  });

  it('draws both charts, one bar segment per week and non-zero severity', () => {
    const html = renderReviewReportHtml(fullReport());
    const bars = chart(html, 'chart-incidents-by-severity');
    expect(bars).toMatch(/^<svg id="chart-incidents-by-severity" role="img"[^>]*><title[^>]*>/);
    expect(occurrences(bars, /<rect class="bar sev-/g)).toBe(WEEKS.length * 2);
    expect(occurrences(bars, /class="bar sev-SEV1"/g)).toBe(WEEKS.length);
    expect(occurrences(bars, /class="bar sev-SEV3"/g)).toBe(WEEKS.length);
    expect(bars).toContain('<title>2025-03-17, SEV3, 4</title>');
    expect(bars).not.toContain('no-data');
    for (const sev of ['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5']) expect(bars).toContain(`class="swatch sev-${sev}"`);

    const trend = chart(html, 'chart-resolve-trend');
    expect(trend).toMatch(/^<svg id="chart-resolve-trend" role="img"[^>]*><title[^>]*>/);
    expect(trend).toContain('2 h');
  });

  it('stacks the segments of a bar without gaps, from the x axis up', () => {
    const html = renderReviewReportHtml(emptyReport({ weeklyBySeverity: [{ weekStart: '2025-03-03', counts: counts({ SEV1: 1, SEV2: 1 }) }] }));
    const rects = [...chart(html, 'chart-incidents-by-severity').matchAll(/<rect class="bar[^"]*" x="[^"]*" y="([^"]*)" width="[^"]*" height="([^"]*)"/g)].map(
      (m) => ({ y: Number(m[1]), height: Number(m[2]) }),
    );
    expect(rects).toHaveLength(2);
    expect(rects[0].height).toBeGreaterThan(0);
    expect(rects[1].y + rects[1].height).toBeCloseTo(rects[0].y, 5);
    expect(rects[0].height).toBeCloseTo(rects[1].height, 5);
    const axis = /<g class="axis x-axis"><line class="axis-line" x1="[^"]*" x2="[^"]*" y1="([^"]*)"/.exec(html)?.[1];
    expect(rects[0].y + rects[0].height).toBeCloseTo(Number(axis), 5);
  });

  it('skips null trend points: no circle and a gap in the line', () => {
    const trend = chart(renderReviewReportHtml(fullReport()), 'chart-resolve-trend');
    expect(occurrences(trend, /<circle class="point"/g)).toBe(3);
    expect(trend).not.toContain('2025-03-10: median');
    const d = /<path class="line" d="([^"]*)"/.exec(trend)?.[1] ?? '';
    // Week 1 stands alone (a circle only); weeks 3 and 4 are one segment.
    expect(occurrences(d, /M/g)).toBe(1);
    expect(occurrences(d, /L/g)).toBe(1);
  });

  it('renders an empty report: axes, "no data", dashes, and no NaN or Infinity', () => {
    const html = renderReviewReportHtml(emptyReport());
    expectNoBadNumbers(html);
    for (const id of ['chart-incidents-by-severity', 'chart-resolve-trend']) {
      const svg = chart(html, id);
      expect(svg).toContain('class="axis-line"');
      expect(svg).toContain('class="no-data"');
    }
    expect(html).not.toContain('<rect class="bar');
    expect(html).not.toContain('<circle');
    expect(html).toContain('No open action items.');
    expect(html).toContain('No drills held.');
  });

  it('renders weeks of zeros and weeks without resolutions without NaN or Infinity', () => {
    const html = renderReviewReportHtml(
      emptyReport({
        weeklyBySeverity: [
          { weekStart: '2025-03-03', counts: counts({}) },
          { weekStart: '2025-03-10', counts: counts({}) },
        ],
        resolveTrend: [
          { weekStart: '2025-03-03', median: null, count: 0 },
          { weekStart: '2025-03-10', median: null, count: 0 },
        ],
      }),
    );
    expectNoBadNumbers(html);
    expect(html).not.toContain('<rect class="bar');
    expect(html).not.toContain('<circle');
    expect(html).not.toContain('<path class="line"');
    expect(occurrences(html, /class="no-data"/g)).toBe(2);
    expect(html).toContain('>2025-03-10</text>');
  });

  it('draws zero medians on the axis, not as missing data', () => {
    const html = renderReviewReportHtml(
      emptyReport({
        resolveTrend: [
          { weekStart: '2025-03-03', median: 0, count: 1 },
          { weekStart: '2025-03-10', median: 0, count: 1 },
        ],
      }),
    );
    expectNoBadNumbers(html);
    const trend = chart(html, 'chart-resolve-trend');
    expect(occurrences(trend, /<circle class="point"/g)).toBe(2);
    expect(trend).not.toContain('no-data');
  });

  it('links every incident it names (recurring problems, action items, drills) where it can be opened, escaped', () => {
    const html = renderReviewReportHtml(fullReport(), (id) => `../graphiql?query=x&variables=${encodeURIComponent(JSON.stringify({ id }))}`);
    const links = [...html.matchAll(/<a class="incident-link" href="([^"]*)"><code>([^<]*)<\/code><\/a>/g)].map((match) => [match[1], match[2]]);
    const href = (id: string) => `../graphiql?query=x&amp;variables=${encodeURIComponent(JSON.stringify({ id }))}`;
    // inc-1 and inc-2 twice each: as recurring problems and by their action items; inc-9 as a drill.
    expect(links).toEqual(expect.arrayContaining([[href('inc-1'), 'inc-1'], [href('inc-2'), 'inc-2'], [href('inc-9'), 'inc-9']]));
    expect(links).toHaveLength(5);
    expect(renderReviewReportHtml(fullReport())).not.toContain('<a ');
  });

  it('tells a browser why a review link opens nothing, escaped', () => {
    const html = renderReviewLinkRefusedHtml('This review link expired at <2026>');
    expect(html).toContain('This review link expired at &lt;2026&gt;.');
    expect(html).toContain('createReviewReportLink');
  });

  it('fills the metrics table with durations, previous means and signed changes', () => {
    const html = renderReviewReportHtml(fullReport());
    expect(html).toContain('Time to resolve');
    expect(html).toContain('<td class="num">5 min 00 s</td>'); // TTD mean
    expect(html).toContain('<td class="num">4 min 10 s</td>'); // TTD previous mean
    expect(html).toContain('<td class="num worse">+20.0 %</td>');
    expect(html).toContain('12.3'); // responder hours, one decimal
    expect(html).toContain('Threshold: at least 3 incidents');
    expect(html).toContain('<span class="badge overdue-badge">Overdue</span>');
  });

  it('orders the metrics as in the report', () => {
    const html = renderReviewReportHtml(fullReport());
    const positions = ['Time to detect', 'Time to acknowledge', 'Time to mitigate', 'Time to resolve'].map((name) => html.indexOf(name));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });
});
