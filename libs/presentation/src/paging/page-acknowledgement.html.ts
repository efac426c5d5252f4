import { html, HtmlValue, SafeHtml } from '../html';
import { formatTimestamp } from '../review-report.html';

// The pages behind a page's acknowledgement link. People open them on a
// phone, from an email, often woken up: one question, one big button, no
// script (a plain form post works in every mail client's browser), and words
// that say what happened when the link cannot be used.

/** What the page is about, as the person is asked to acknowledge it. */
export interface PageAcknowledgementView {
  incidentId: string;
  title: string;
  severity: string;
  status: string;
  services: readonly string[];
  /** Whom the page was sent to: who acknowledges through it. */
  person: string;
  /** When the link stops working, ISO 8601. */
  expiresAt: string;
}

/**
 * GET: "Acknowledge incident <title> (SEV2) as <person>?" and the button.
 * The form posts back to the page's own address (an empty action): no token
 * is written into the page twice, and a proxy's prefix is kept. It posts as
 * text/plain, with no fields: the link is the whole request.
 */
export function renderPageConfirmationHtml(view: PageAcknowledgementView): string {
  return pageDocument(
    `Acknowledge ${view.title}`,
    html`<h1>Acknowledge incident ${view.title} (${view.severity}) as ${view.person}?</h1>
${incidentFacts(view)}
<form method="post" action="" enctype="text/plain">
<button type="submit">Acknowledge</button>
</form>
<p class="note">Acknowledging tells everyone you are on it and stops the escalation: nobody else is paged. This link works once, until ${formatTimestamp(view.expiresAt, 'UTC')} UTC.</p>`,
  );
}

/** POST, done: the page is acknowledged, and what that means. */
export function renderPageAcknowledgedHtml(view: PageAcknowledgementView): string {
  return pageDocument(
    `Acknowledged: ${view.title}`,
    html`<h1 class="done">Acknowledged</h1>
<p>${view.person}, you acknowledged incident ${view.title} (${view.severity}). The escalation stops: nobody else is paged for it.</p>
${incidentFacts(view)}`,
  );
}

/** Why a link cannot be used (the application's PageAcknowledgementRefusal). */
export type PageLinkProblem = 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED' | 'UNKNOWN_KEY' | 'ALREADY_USED' | 'INCIDENT_OVER' | 'NOT_FOUND';

/** What is known of the page when its link is refused: nothing for a bad link; its person and incident otherwise. */
export interface RefusedPageView {
  person: string | null;
  incident: { title: string; severity: string; status: string } | null;
}

/** Where to go when the link cannot be used. */
const IN_CONSOLE = 'You can still acknowledge the incident in your console.';
const NOT_A_PAGE = "This link does not open a page";
const DAMAGED = `It may have been cut or changed on its way: open it again from the page's message. ${IN_CONSOLE}`;

/** A link that cannot be used, and why, in words for someone who just tapped it: expired, already used, altered, or the incident is over. */
export function renderPageLinkRefusedHtml(problem: PageLinkProblem, page: RefusedPageView): string {
  const [heading, explanation] = refusalWords(problem, page);
  return pageDocument(heading, html`<h1>${heading}</h1>
<p>${explanation}</p>`);
}

function refusalWords(problem: PageLinkProblem, { person, incident }: RefusedPageView): [string, string] {
  const name = incident ? `${incident.title} (${incident.severity})` : 'this incident';
  switch (problem) {
    case 'EXPIRED':
      return ['This link has expired', `A page's link works for a limited time after the page was sent. ${IN_CONSOLE}`];
    case 'MALFORMED':
    case 'BAD_SIGNATURE':
      return [NOT_A_PAGE, DAMAGED];
    case 'UNKNOWN_KEY':
      return ['This link no longer opens a page', `It was signed with a key this server no longer has. ${IN_CONSOLE}`];
    case 'ALREADY_USED':
      return ['Already acknowledged', `This page was already acknowledged by ${person ?? 'its person'}: its link works once. Incident ${name} is in their hands.`];
    case 'INCIDENT_OVER':
      return ['Nothing to acknowledge', `Incident ${name} is ${incident ? incident.status.toLowerCase() : 'over'}: nobody needs to acknowledge this page any more.`];
    case 'NOT_FOUND':
      return [NOT_A_PAGE, `There is no such page. ${IN_CONSOLE}`];
  }
}

function incidentFacts(view: PageAcknowledgementView): SafeHtml {
  const facts: Array<[string, HtmlValue]> = [
    ['Severity', view.severity],
    ['Status', view.status],
    ['Services', view.services.join(', ') || 'none'],
    ['Incident', view.incidentId],
  ];
  return html`<dl>${facts.map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}</dl>`;
}

/** Inline styles only (the page's policy allows nothing else); the button fills a phone's width. */
const PAGE_STYLE = html`<style>
body { font: 18px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1d2733; max-width: 36em; margin: 0 auto; padding: 1.5em 1em; }
h1 { font-size: 1.4em; line-height: 1.3; }
h1.done { color: #1a7f37; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25em 1em; }
dt { font-weight: bold; }
dd { margin: 0; overflow-wrap: anywhere; }
button { display: block; width: 100%; min-height: 3.5em; font-size: 1.2em; font-weight: bold; color: #ffffff; background: #cf222e; border: 0; border-radius: 8px; cursor: pointer; }
.note { color: #57606a; font-size: 0.9em; }
</style>`;

function pageDocument(title: string, body: SafeHtml): string {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} · Incident Ledger</title>
${PAGE_STYLE}
</head>
<body>
${body}
</body>
</html>
`.toString();
}
