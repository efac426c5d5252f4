import { NotificationMessage } from '@incident-ledger/domain';
import { drillNotice, followableLink, MessageFact, messageFacts, messageTitle, OPEN_LINK_LABEL, tagPrefix, truncate } from './notification-text';

// The body a Microsoft Teams Workflows webhook ("Post to a channel when a
// webhook request is received") takes: a message with one Adaptive Card
// attachment. Office 365 connector cards (MessageCard) are retired.
//
// Every text is a RichTextBlock of TextRuns, never a TextBlock: a TextBlock
// reads Markdown (`**bold**`, `[text](url)`), a TextRun reads none, so no
// title, detail or name can style itself or add a link. The one link is the
// card's own Action.OpenUrl.

export const ADAPTIVE_CARD_VERSION = '1.4';
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** A Teams message is at most about 28 KB: a long detail is cut to what a reader takes in on a card. */
export const TEAMS_DETAIL_MAX = 3000;

export interface TextRun {
  type: 'TextRun';
  text: string;
  weight?: 'Bolder';
  size?: 'Large';
  color?: 'Attention';
}

export interface RichTextBlock {
  type: 'RichTextBlock';
  inlines: TextRun[];
  spacing?: 'None' | 'Medium';
}

export interface CardContainer {
  type: 'Container';
  style: 'attention';
  items: RichTextBlock[];
}

export type CardElement = RichTextBlock | CardContainer;

export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

export interface AdaptiveCard {
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  type: 'AdaptiveCard';
  version: typeof ADAPTIVE_CARD_VERSION;
  msteams: { width: 'Full' };
  body: CardElement[];
  actions: OpenUrlAction[];
}

export interface TeamsMessage {
  type: 'message';
  attachments: Array<{ contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE; contentUrl: null; content: AdaptiveCard }>;
}

export function teamsMessage(message: NotificationMessage): TeamsMessage {
  return { type: 'message', attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, contentUrl: null, content: card(message) }] };
}

function card(message: NotificationMessage): AdaptiveCard {
  const link = followableLink(message);
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: ADAPTIVE_CARD_VERSION,
    msteams: { width: 'Full' },
    body: body(message),
    actions: link === null ? [] : [{ type: 'Action.OpenUrl', title: OPEN_LINK_LABEL, url: link }],
  };
}

function body(message: NotificationMessage): CardElement[] {
  const drill = drillNotice(message);
  const elements: Array<CardElement | null> = [
    drill === null ? null : { type: 'Container', style: 'attention', items: [rich([{ type: 'TextRun', text: drill, weight: 'Bolder', color: 'Attention' }])] },
    rich([{ type: 'TextRun', text: [tagPrefix(message), messageTitle(message)].filter(Boolean).join(' '), weight: 'Bolder', size: 'Large' }]),
    rich([{ type: 'TextRun', text: message.summary, weight: 'Bolder' }]),
    message.detail === null ? null : rich([{ type: 'TextRun', text: truncate(message.detail, TEAMS_DETAIL_MAX) }]),
    ...messageFacts(message).map(factLine),
  ];
  return elements.filter((element): element is CardElement => element !== null);
}

function factLine({ label, value }: MessageFact, index: number): RichTextBlock {
  const line = rich([
    { type: 'TextRun', text: `${label}: `, weight: 'Bolder' },
    { type: 'TextRun', text: value },
  ]);
  // The facts read as one list: the first stands apart from the text above, the others close together.
  return { ...line, spacing: index === 0 ? 'Medium' : 'None' };
}

function rich(inlines: TextRun[]): RichTextBlock {
  return { type: 'RichTextBlock', inlines };
}
