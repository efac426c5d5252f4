import { PageAcknowledgementView, renderPageAcknowledgedHtml, renderPageConfirmationHtml, renderPageLinkRefusedHtml } from './page-acknowledgement.html';

const view: PageAcknowledgementView = {
  incidentId: 'inc-1',
  title: 'Checkout <script>alert(1)</script> errors',
  severity: 'SEV2',
  status: 'INVESTIGATING',
  services: ['payments', 'checkout'],
  person: "O'Brien",
  expiresAt: '2026-12-03T10:00:00.000Z',
};

describe('the page acknowledgement pages', () => {
  it('ask whether to acknowledge the incident as the paged person, with a form that posts back to the same address and no script', () => {
    const page = renderPageConfirmationHtml(view);
    expect(page).toContain('<h1>Acknowledge incident Checkout &lt;script&gt;alert(1)&lt;/script&gt; errors (SEV2) as O&#39;Brien?</h1>');
    expect(page).toContain('<form method="post" action="" enctype="text/plain">');
    expect(page).toContain('<button type="submit">Acknowledge</button>');
    expect(page).toContain('<dt>Services</dt><dd>payments, checkout</dd>');
    expect(page).toContain('until 2026-12-03 10:00 UTC');
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).not.toMatch(/<script/i);
  });

  it('say the page was acknowledged, and that nobody else is paged', () => {
    expect(renderPageAcknowledgedHtml(view)).toContain('O&#39;Brien, you acknowledged incident Checkout &lt;script&gt;');
    expect(renderPageAcknowledgedHtml(view)).toContain('nobody else is paged');
  });

  it.each([
    ['EXPIRED', 'This link has expired', 'works for a limited time'],
    ['BAD_SIGNATURE', 'This link does not open a page', 'cut or changed on its way'],
    ['UNKNOWN_KEY', 'This link no longer opens a page', 'a key this server no longer has'],
    ['ALREADY_USED', 'Already acknowledged', 'This page was already acknowledged by O&#39;Brien: its link works once. Incident Checkout &lt;script&gt;'],
    ['INCIDENT_OVER', 'Nothing to acknowledge', '(SEV2) is resolved: nobody needs to acknowledge this page any more.'],
  ] as const)('say why a link cannot be used (%s), escaped', (problem, heading, explanation) => {
    const page = renderPageLinkRefusedHtml(problem, { person: view.person, incident: { ...view, status: 'RESOLVED' } });
    expect(page).toContain(`<h1>${heading}</h1>`);
    expect(page).toContain(explanation);
  });
});
