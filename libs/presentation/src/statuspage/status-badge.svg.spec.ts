import { PageStatus } from '@incident-ledger/read-models';
import { statusBadgeSvg } from './status-badge.svg';
import { publishedPage, settings } from './testing/published-page.fixtures';

function badge(status: PageStatus, name = 'Acme'): string {
  return statusBadgeSvg(settings({ name }), publishedPage({ status }));
}

const OPERATIONAL: PageStatus = { indicator: 'none', description: 'All Systems Operational' };

/** The fill of the badge's right half, where the status is. */
function statusColour(svg: string): string {
  return /<rect x="\d+" width="\d+" height="20" fill="([^"]+)"\/>/.exec(svg)![1];
}

/** The visible texts (not their shadows), unescaped as an SVG viewer reads them, with their drawn widths. */
function texts(svg: string): { text: string; x: number; textLength: number }[] {
  return [...svg.matchAll(/<text x="([\d.]+)" y="140" transform="scale\(\.1\)" fill="#fff" textLength="(\d+)">([^<]*)<\/text>/g)].map((m) => ({
    x: Number(m[1]) / 10,
    textLength: Number(m[2]) / 10,
    text: m[3].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'),
  }));
}

function attribute(svg: string, name: string): string {
  return new RegExp(`<svg [^>]*\\b${name}="([^"]*)"`).exec(svg)![1];
}

describe('statusBadgeSvg', () => {
  it('shows the page name and its status, and says both to a screen reader', () => {
    const svg = badge(OPERATIONAL);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(texts(svg).map((t) => t.text)).toEqual(['Acme', 'All Systems Operational']);
    expect(attribute(svg, 'role')).toBe('img');
    expect(attribute(svg, 'aria-label')).toBe('Acme: All Systems Operational');
    expect(svg).toContain('<title>Acme: All Systems Operational</title>');
  });

  it.each([
    ['none', 'All Systems Operational', '#4c1'],
    ['minor', 'Minor Service Outage', '#dfb317'],
    ['major', 'Partial System Outage', '#fe7d37'],
    ['critical', 'Major System Outage', '#e05d44'],
  ] as const)('colours indicator %s (%s) %s, as shields.io does', (indicator, description, colour) => {
    expect(statusColour(badge({ indicator, description }))).toBe(colour);
  });

  it('is blue while the page says it is under maintenance', () => {
    expect(statusColour(badge({ indicator: 'minor', description: 'Service Under Maintenance' }))).toBe('#007ec6');
  });

  it('is labelled "status" when the page has no name', () => {
    expect(texts(badge(OPERATIONAL, '  '))[0].text).toBe('status');
  });

  it('keeps a name with markup in it as text, escaped everywhere it appears', () => {
    const svg = badge(OPERATIONAL, '<script>alert(1)</script> & "Co" \'s');
    expect(svg).not.toContain('<script');
    expect(svg).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#39;)/);
    expect(texts(svg)[0].text).toBe('<script>alert(1)</script> & "Co" \'s');
    expect(attribute(svg, 'aria-label')).toBe('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot; &#39;s: All Systems Operational');
  });

  it('drops control characters, which no XML document may hold', () => {
    const svg = badge(OPERATIONAL, 'Ac\u0000m\u001be');
    expect(texts(svg)[0].text).toBe('Acme');
    expect(svg).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });

  it('gives each text its own box, wide enough for it, with the padding on both sides', () => {
    const svg = badge({ indicator: 'major', description: 'Partial System Outage' }, 'Acme Payments Worldwide');
    const width = Number(attribute(svg, 'width'));
    const [label, message] = texts(svg);
    const left = label.textLength + 10;
    expect(width).toBe(left + message.textLength + 10);
    // Each text is centred in its half: it starts after the padding and ends before the next half.
    expect(label.x - label.textLength / 2).toBeGreaterThanOrEqual(5);
    expect(label.x + label.textLength / 2).toBeLessThanOrEqual(left);
    expect(message.x - message.textLength / 2).toBeGreaterThanOrEqual(left);
    expect(message.x + message.textLength / 2).toBeLessThanOrEqual(width - 4);
  });

  it('grows with its texts: a longer name makes a wider badge, and wide letters take more room than narrow ones', () => {
    const widthOf = (name: string) => Number(attribute(badge(OPERATIONAL, name), 'width'));
    expect(widthOf('Acme Payments')).toBeGreaterThan(widthOf('Acme'));
    expect(widthOf('WWWW')).toBeGreaterThan(widthOf('iiii'));
  });

  it('lays a badge out as shields.io does: "build | passing" has the same size and positions as its badge', () => {
    // shields.io's own: width="88", <text x="195" … textLength="270">build</text>, <text x="615" … textLength="410">passing</text>.
    const svg = statusBadgeSvg(settings({ name: 'build' }), publishedPage({ status: { indicator: 'none', description: 'passing' } }));
    expect(attribute(svg, 'width')).toBe('88');
    expect(texts(svg)).toEqual([
      { text: 'build', x: 19.5, textLength: 27 },
      { text: 'passing', x: 61.5, textLength: 41 },
    ]);
  });

  it('counts a character outside ASCII once, as a wide one, so a name in any script has room', () => {
    const [label] = texts(badge(OPERATIONAL, '状态😀'));
    expect(label.text).toBe('状态😀');
    expect(label.textLength).toBe(33);
  });
});
