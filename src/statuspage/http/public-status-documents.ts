import { historyAtom, historyRss, STATUSPAGE_API_DOCUMENTS, statusBadgeSvg, statusPageHtml, statusWidget } from '@incident-ledger/presentation';
import { PublicStatusPage, StatusPageSettings } from '@incident-ledger/read-models';
import { SECURITY_HEADERS } from '../../platform/http-hardening';

/*
 * What the public status page serves: its documents by path, each with its
 * renderer and the headers of its answers, made once. How they are served:
 * PublicStatusRoutes.
 */

/** Short: a status page is read hardest during an outage, when it also changes most; shared caches may keep it this long. */
const CACHE_CONTROL = 'public, max-age=15';
/** The page may use its own inline styles, images (the logo, from wherever the configuration says; its empty icon) and forms that post back here; nothing else, no script. */
export const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src http: https: data:; base-uri 'none'; form-action 'self'";
/** The badge is an image: no script in it ever runs. */
const BADGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
const OPEN = { 'access-control-allow-origin': '*' };

export type Render = (settings: StatusPageSettings, page: PublicStatusPage) => string | null;

export interface PublicRoute {
  render: Render;
  /** Every header of a 200 but the ETag, made once. */
  headers: Readonly<Record<string, string>>;
}

const json =
  (document: (settings: StatusPageSettings, page: PublicStatusPage) => object): Render =>
  (settings, page) =>
    JSON.stringify(document(settings, page));

function route(render: Render, contentType: string, headers: Record<string, string> = {}): PublicRoute {
  return { render, headers: { ...SECURITY_HEADERS, ...headers, 'content-type': contentType, 'cache-control': CACHE_CONTROL } };
}

const TEXT = 'text/plain; charset=utf-8';
export const NOT_FOUND_HEADERS = { ...SECURITY_HEADERS, 'content-type': TEXT, 'cache-control': CACHE_CONTROL };
export const FAILED_HEADERS = { ...SECURITY_HEADERS, 'content-type': TEXT, 'cache-control': 'no-store' };

export const PAGE = route(statusPageHtml, HTML, { 'content-security-policy': PAGE_POLICY });

/** The public documents by path, but the incident pages (under INCIDENT_PAGES). */
export const DOCUMENTS: ReadonlyMap<string, PublicRoute> = new Map([
  ['/status', PAGE],
  ['/status/badge.svg', route(statusBadgeSvg, 'image/svg+xml; charset=utf-8', { 'content-security-policy': BADGE_POLICY, ...OPEN })],
  ['/status/widget.json', route(json(statusWidget), JSON_TYPE, OPEN)],
  ['/history.atom', route(historyAtom, 'application/atom+xml; charset=utf-8', OPEN)],
  ['/history.rss', route(historyRss, 'application/rss+xml; charset=utf-8', OPEN)],
  ...Object.entries(STATUSPAGE_API_DOCUMENTS).map(([path, document]): [string, PublicRoute] => [`/api/v2/${path}`, route(json(document), JSON_TYPE, OPEN)]),
]);
export const INCIDENT_PAGES = '/status/incidents/';

/**
 * Whether a request is for the public page's own instance: a GET or HEAD of
 * one of its documents, as spelt here (another spelling is the API's, which
 * answers 404). The subscription forms and their links under /status/ stay
 * with the API: they are written to, and limited per client.
 */
export function isPublicStatusRequest(method: string | undefined, url: string | undefined): boolean {
  if ((method !== 'GET' && method !== 'HEAD') || url === undefined) return false;
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  if (DOCUMENTS.has(path)) return true;
  return path.length > INCIDENT_PAGES.length && path.startsWith(INCIDENT_PAGES) && !path.includes('/', INCIDENT_PAGES.length);
}

/** If-None-Match: a list of ETags (weak ones compare equal too), or `*`. */
export function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header === etag) return true;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}
