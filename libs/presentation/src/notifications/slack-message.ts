import { NotificationMessage } from '@incident-ledger/domain';
import {
  drillNotice,
  eventFacts,
  followableLink,
  headline,
  incidentFacts,
  MessageFact,
  messageFacts,
  messageTitle,
  OPEN_LINK_LABEL,
  tagPrefix,
  truncate,
  truncateEscaped,
} from './notification-text';

// A Slack incoming-webhook message: Block Kit blocks for Slack, and a plain
// `text` fallback that alone says everything important, because Mattermost and
// Rocket.Chat read only the fallback (and Slack shows it in notifications).
//
// User text (titles, details, names) can never ping or link: in mrkdwn its
// `&`, `<` and `>` are escaped as Slack documents ("Escaping text"), so
// `<!channel>` or `<https://evil|click>` shows as typed, and `verbatim` stops
// Slack from linking names and URLs in it. Emphasis characters (`*bold*`) may
// still style it: cosmetic, and Slack has no way to escape them.

/** Block Kit's limits (https://docs.slack.dev/reference/block-kit/blocks). */
export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  contextElements: 10,
  blocks: 50,
  buttonText: 75,
  buttonUrl: 3000,
} as const;

export interface SlackPlainText {
  type: 'plain_text';
  text: string;
  emoji: boolean;
}

export interface SlackMrkdwn {
  type: 'mrkdwn';
  text: string;
  verbatim: boolean;
}

export type SlackBlock =
  | { type: 'header'; text: SlackPlainText }
  | { type: 'section'; text: SlackMrkdwn }
  | { type: 'section'; fields: SlackMrkdwn[] }
  | { type: 'context'; elements: SlackMrkdwn[] }
  | { type: 'actions'; elements: Array<{ type: 'button'; text: SlackPlainText; url: string }> };

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

export function slackMessage(message: NotificationMessage): SlackMessage {
  return { text: fallbackText(message), blocks: blocks(message).slice(0, SLACK_LIMITS.blocks) };
}

function blocks(message: NotificationMessage): SlackBlock[] {
  const drill = drillNotice(message);
  const facts = incidentFacts(message).slice(0, SLACK_LIMITS.fields);
  const link = followableLink(message);
  const list: Array<SlackBlock | null> = [
    header(message),
    drill === null ? null : section(`*${escapeMrkdwn(drill)}*`),
    section(escapeMrkdwn(message.summary)),
    message.detail === null ? null : section(escapeMrkdwn(message.detail)),
    facts.length === 0 ? null : { type: 'section', fields: facts.map(field) },
    { type: 'context', elements: eventFacts(message).slice(0, SLACK_LIMITS.contextElements).map(field) },
    link === null || link.length > SLACK_LIMITS.buttonUrl ? null : openButton(link),
  ];
  return list.filter((block): block is SlackBlock => block !== null);
}

/** The header is plain text: Slack parses no mention, link or emphasis in it, so user text goes in as it is. */
function header(message: NotificationMessage): SlackBlock {
  const text = [tagPrefix(message), messageTitle(message)].filter(Boolean).join(' ');
  return { type: 'header', text: plainText(truncate(text, SLACK_LIMITS.headerText)) };
}

function section(escaped: string): SlackBlock {
  return { type: 'section', text: mrkdwn(truncateEscaped(escaped, SLACK_LIMITS.sectionText)) };
}

function field({ label, value }: MessageFact): SlackMrkdwn {
  return mrkdwn(truncateEscaped(`*${label}*\n${escapeMrkdwn(value)}`, SLACK_LIMITS.fieldText));
}

function openButton(url: string): SlackBlock {
  return { type: 'actions', elements: [{ type: 'button', text: plainText(OPEN_LINK_LABEL), url }] };
}

function plainText(text: string): SlackPlainText {
  return { type: 'plain_text', text, emoji: false };
}

/** Verbatim: Slack links no URL, channel or name in it by itself; every link in a message is one this code made. */
function mrkdwn(text: string): SlackMrkdwn {
  return { type: 'mrkdwn', text, verbatim: true };
}

/** Slack's three control characters as the entities Slack documents; nothing else is encoded. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The fallback, line by line: headline, drill notice, facts, detail (cut like
 * a section) and the link, bare, which every client turns into a link itself.
 * Mattermost and Rocket.Chat render it as Markdown and expand `@channel`, so
 * user text in it is also kept from forming a Markdown link or a mention.
 */
function fallbackText(message: NotificationMessage): string {
  const link = followableLink(message);
  const lines = [
    headline(message),
    drillNotice(message),
    messageFacts(message)
      .map(({ label, value }) => `${label}: ${value}`)
      .join(' · '),
    message.detail === null ? null : truncate(message.detail, SLACK_LIMITS.sectionText),
  ];
  const text = lines.filter((line): line is string => line !== null).map((line) => escapeMrkdwn(defuseMarkdown(line)));
  return [...text, ...(link === null ? [] : [escapeMrkdwn(link)])].join('\n');
}

/**
 * A zero-width space after an `@` that starts a word and between `]` and `(`:
 * invisible, and no mention or Markdown link can form (an email address, with
 * its `@` inside a word, is left alone).
 */
function defuseMarkdown(text: string): string {
  return text.replace(/(^|\W)@(?=\w)/g, '$1@\u200B').replace(/\](?=\()/g, ']\u200B');
}
