import { PublicImpact, PublicStatusPage, StatusPageSettings } from '@incident-ledger/read-models';
import { html } from '../html';

// The status badge for a README or an intranet page: a shields.io "flat" badge, laid out the way badge-maker
// (badges/shields, badge-maker/lib/badge-renderers.js) lays one out, so it sits among other badges unnoticed: the
// page's name on grey, its status on the indicator's colour. Built with the escaping `html` template: its five
// escapes are XML's own, so a name with < & " stays text.

/** shields.io's named colours: brightgreen, yellow, orange, red, and blue for maintenance. */
const INDICATOR_COLOURS: Readonly<Record<PublicImpact, string>> = { none: '#4c1', minor: '#dfb317', major: '#fe7d37', critical: '#e05d44' };
const MAINTENANCE_COLOUR = '#007ec6';
const LABEL_COLOUR = '#555';

/** The label when the page has no name. */
const DEFAULT_LABEL = 'status';

const HEIGHT = 20;
/** Space on each side of a text, as badge-maker's `horizPadding`. */
const PADDING = 5;
/** badge-maker draws text at ten times its size and scales it down, for finer positions. */
const SCALE = 10;

/** `image/svg+xml`: the page's name and its status, e.g. "Acme | All Systems Operational" in green. */
export function statusBadgeSvg(settings: StatusPageSettings, page: PublicStatusPage): string {
  const label = xmlText(settings.name.trim()) || DEFAULT_LABEL;
  const message = xmlText(page.status.description);
  const accessibleText = `${label}: ${message}`;
  const labelWidth = textWidth(label);
  const messageWidth = textWidth(message);
  const left = labelWidth + 2 * PADDING;
  const right = messageWidth + 2 * PADDING;
  const width = left + right;
  // Positions as badge-maker computes them: each text's centre, one pixel in from the boundary between the halves.
  const labelX = SCALE * (1 + labelWidth / 2 + PADDING);
  const messageX = SCALE * (left - 1 + messageWidth / 2 + PADDING);
  return html`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEIGHT}" role="img" aria-label="${accessibleText}"><title>${accessibleText}</title><linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient><clipPath id="r"><rect width="${width}" height="${HEIGHT}" rx="3" fill="#fff"/></clipPath><g clip-path="url(#r)"><rect width="${left}" height="${HEIGHT}" fill="${LABEL_COLOUR}"/><rect x="${left}" width="${right}" height="${HEIGHT}" fill="${colourOf(page)}"/><rect width="${width}" height="${HEIGHT}" fill="url(#s)"/></g><g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="110"><text aria-hidden="true" x="${labelX}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)" textLength="${SCALE * labelWidth}">${label}</text><text x="${labelX}" y="140" transform="scale(.1)" fill="#fff" textLength="${SCALE * labelWidth}">${label}</text><text aria-hidden="true" x="${messageX}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)" textLength="${SCALE * messageWidth}">${message}</text><text x="${messageX}" y="140" transform="scale(.1)" fill="#fff" textLength="${SCALE * messageWidth}">${message}</text></g></svg>`.toString();
}

/** Blue while the page says it is under maintenance (Statuspage's "Service Under Maintenance"), else the indicator's. */
function colourOf(page: PublicStatusPage): string {
  return /maintenance/i.test(page.status.description) ? MAINTENANCE_COLOUR : INDICATOR_COLOURS[page.status.indicator];
}

/** Control characters are not allowed in XML even escaped: one would make the whole badge fail to load. */
function xmlText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

/**
 * Advance widths of Verdana at 11px (badge-maker measures with that font), grouped to the nearest few tenths of a
 * pixel. A character not listed counts as wide as the widest, so an estimate errs towards room to spare; and each
 * text is drawn with `textLength` set to its estimate, so a viewer's font fits it to its box instead of overflowing.
 */
const CHARACTER_WIDTHS: ReadonlyArray<readonly [number, string]> = [
  [3, "ijl'|"],
  [4, ' f.,:;!`'],
  [4.7, 'rtIJ-()[]{}/\\'],
  [5.7, 'cszLF"*^'],
  [6.75, 'abdeghknopquvxyEPTYZ?_~$#0123456789'],
  [7.6, 'ABCKRSVX'],
  [8.5, 'DGHNOQU&'],
  [9.3, 'Mw<>=+'],
  [11, 'mW%@'],
];
const WIDE = 11;
const WIDTH_OF: ReadonlyMap<string, number> = new Map(CHARACTER_WIDTHS.flatMap(([width, characters]) => [...characters].map((c) => [c, width] as const)));

/** The text's estimated width in whole pixels, made odd as badge-maker does (it aligns better to the pixel grid). */
function textWidth(text: string): number {
  const whole = Math.floor([...text].reduce((sum, c) => sum + (WIDTH_OF.get(c) ?? WIDE), 0));
  return whole % 2 === 0 ? whole + 1 : whole;
}
