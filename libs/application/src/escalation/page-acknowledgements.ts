import { AcknowledgePage, Clock, DomainError, DomainErrorReason, incidentDecider, incidentStreamId } from '@incident-ledger/domain';
import { IncidentReadModel, IncidentView } from '@incident-ledger/read-models';
import { IncidentCommandExecutor } from '../incidents/incident-command.executor';
import { PageLinkRefusal, PageLinks, PageRef } from './page-links';

/** Why a page's link does not acknowledge: the link itself (PageLinkRefusal), or the incident's answer. */
export type PageAcknowledgementRefusal = PageLinkRefusal | 'ALREADY_USED' | 'INCIDENT_OVER' | 'NOT_FOUND';

export type PageAcknowledgementAnswer =
  /** ASK: the link may acknowledge (GET); ACKNOWLEDGED: it did (POST). */
  | { outcome: 'ASK' | 'ACKNOWLEDGED'; page: PageRef; expiresAt: Date; incident: IncidentView }
  /** The page and its incident, when the link named them, so the refusal can name them too. */
  | { outcome: 'REFUSED'; refusal: PageAcknowledgementRefusal; page: PageRef | null; incident: IncidentView | null };

/** The incident's refusals a link's holder is told in words of their own; any other is a fault, thrown. */
const REFUSALS: Partial<Record<DomainErrorReason, PageAcknowledgementRefusal>> = {
  PAGE_ALREADY_USED: 'ALREADY_USED',
  INCIDENT_NOT_ACTIVE: 'INCIDENT_OVER',
  INCIDENT_CLOSED: 'INCIDENT_OVER',
  INCIDENT_MERGED: 'INCIDENT_OVER',
  INCIDENT_NOT_FOUND: 'NOT_FOUND',
  PAGE_NOT_FOUND: 'NOT_FOUND',
};

/**
 * What a page's link does (GET /pages/<token> asks, POST acknowledges), with
 * no HTTP in it. The token is the credential: it opens one page, as its
 * person, until it expires (PageLinks); the incident makes it single-use (a
 * second AcknowledgePage is PAGE_ALREADY_USED). Asking judges the same
 * command without writing it, so the question already says what the answer
 * would be, and a mail client or link preview fetching the URL acknowledges
 * nothing.
 */
export class PageAcknowledgements {
  constructor(
    private readonly links: PageLinks,
    private readonly incidents: IncidentCommandExecutor,
    private readonly readModel: IncidentReadModel,
    private readonly clock: Clock,
  ) {}

  async ask(token: string): Promise<PageAcknowledgementAnswer> {
    return this.withPage(token, 'ASK', async (command) => {
      incidentDecider.decide(command, await this.incidents.stateOf(incidentStreamId(command.incidentId)), this.clock.now());
    });
  }

  /** As the paged person: the timeline and the audit name who acknowledged, not the link. */
  async acknowledge(token: string, correlationId: string): Promise<PageAcknowledgementAnswer> {
    return this.withPage(token, 'ACKNOWLEDGED', async (command) => {
      await this.incidents.execute(command, { actor: command.actor, correlationId });
    });
  }

  private async withPage(token: string, outcome: 'ASK' | 'ACKNOWLEDGED', act: (command: AcknowledgePage) => Promise<void>): Promise<PageAcknowledgementAnswer> {
    const opened = this.links.open(token);
    if (!opened.opened) return { outcome: 'REFUSED', refusal: opened.refusal, page: null, incident: null };
    const { page, expiresAt } = opened;
    try {
      await act({ type: 'AcknowledgePage', incidentId: page.incidentId, pageId: page.pageId, actor: page.person });
    } catch (error) {
      const refusal = error instanceof DomainError ? REFUSALS[error.reason] : undefined;
      if (refusal === undefined) throw error;
      return { outcome: 'REFUSED', refusal, page, incident: this.readModel.get(page.incidentId) ?? null };
    }
    const incident = this.readModel.get(page.incidentId);
    // Declared long before it paged anyone: missing only if the read models are far behind.
    return incident ? { outcome, page, expiresAt, incident } : { outcome: 'REFUSED', refusal: 'NOT_FOUND', page, incident: null };
  }
}
