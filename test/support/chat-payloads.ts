/**
 * What Slack and Microsoft Teams would refuse in a message the ledger posts to
 * them: the receivers in receivers.ts answer with these refusals, so a test
 * notices a malformed message the way a user would (it never shows up).
 * The limits are the documented Block Kit and Adaptive Card ones.
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isArrayOf = (value: unknown, min: number, max: number): value is unknown[] => Array.isArray(value) && value.length >= min && value.length <= max;

// ---- Slack: incoming webhooks, Block Kit --------------------------------------------------------

/** Slack answers a message with at most this many blocks. */
export const SLACK_MAX_BLOCKS = 50;

/** A composition text object: plain_text or mrkdwn, non-empty, within `maxLength`. */
function isSlackText(value: unknown, maxLength: number, types: string[] = ['plain_text', 'mrkdwn']): boolean {
  return isObject(value) && types.includes(value.type as string) && isNonEmptyString(value.text) && value.text.length <= maxLength;
}

function isSlackImageElement(value: unknown): boolean {
  return isObject(value) && value.type === 'image' && isNonEmptyString(value.image_url) && isNonEmptyString(value.alt_text);
}

/** The message blocks Slack knows, each with its own rules; any other type is refused. */
const SLACK_BLOCKS: Record<string, (block: Json) => boolean> = {
  header: (block) => isSlackText(block.text, 150, ['plain_text']),
  section: (block) =>
    (block.text !== undefined || block.fields !== undefined) &&
    (block.text === undefined || isSlackText(block.text, 3000)) &&
    (block.fields === undefined || (isArrayOf(block.fields, 1, 10) && block.fields.every((field) => isSlackText(field, 2000)))),
  divider: () => true,
  context: (block) => isArrayOf(block.elements, 1, 10) && block.elements.every((element) => isSlackText(element, 3000) || isSlackImageElement(element)),
  actions: (block) => isArrayOf(block.elements, 1, 25),
  image: (block) => isNonEmptyString(block.image_url) && isNonEmptyString(block.alt_text) && block.alt_text.length <= 2000,
  rich_text: (block) => isArrayOf(block.elements, 1, Infinity),
  markdown: (block) => isNonEmptyString(block.text) && block.text.length <= 12000,
};

function isSlackBlock(block: unknown): boolean {
  if (!isObject(block) || typeof block.type !== 'string') return false;
  const rule = SLACK_BLOCKS[block.type];
  const blockId = block.block_id;
  return rule !== undefined && (blockId === undefined || (isNonEmptyString(blockId) && blockId.length <= 255)) && rule(block);
}

/**
 * Slack's error string for an incoming-webhook body (answered with 400), or
 * undefined when Slack would post it. Slack itself posts blocks without `text`;
 * the ledger always sends the fallback (Mattermost and Rocket.Chat show only
 * that), so this receiver holds it to that and answers `no_text` without it.
 */
export function slackRefusal(rawBody: string): string | undefined {
  const message = parseJson(rawBody);
  if (!isObject(message)) return 'invalid_payload';
  if (message.blocks !== undefined && !Array.isArray(message.blocks)) return 'invalid_blocks_format';
  if (Array.isArray(message.blocks) && (message.blocks.length > SLACK_MAX_BLOCKS || !message.blocks.every(isSlackBlock))) return 'invalid_blocks';
  if (!isNonEmptyString(message.text) || message.text.trim() === '') return 'no_text';
  return undefined;
}

// ---- Microsoft Teams: Workflows webhook, Adaptive Card ------------------------------------------

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Teams renders Adaptive Cards up to this schema version. */
const TEAMS_MAX_CARD_MINOR_VERSION = 5;

/** The card elements Teams renders, each with the property it cannot do without; containers are checked inside. */
const CARD_ELEMENTS: Record<string, (element: Json) => boolean> = {
  TextBlock: (element) => typeof element.text === 'string',
  RichTextBlock: (element) => Array.isArray(element.inlines),
  FactSet: (element) => Array.isArray(element.facts) && element.facts.every((fact) => isObject(fact) && typeof fact.title === 'string' && typeof fact.value === 'string'),
  Image: (element) => isNonEmptyString(element.url),
  Container: (element) => areCardElements(element.items),
  ColumnSet: (element) => element.columns === undefined || (Array.isArray(element.columns) && element.columns.every((column) => isObject(column) && areCardElements(column.items ?? []))),
  ActionSet: (element) => Array.isArray(element.actions) && element.actions.every(isCardAction),
};

function areCardElements(elements: unknown): boolean {
  return Array.isArray(elements) && elements.every((element) => isObject(element) && CARD_ELEMENTS[element.type as string]?.(element) === true);
}

function isCardAction(action: unknown): boolean {
  return isObject(action) && (action.type === 'Action.OpenUrl' ? isNonEmptyString(action.url) : typeof action.type === 'string' && action.type.startsWith('Action.'));
}

function isSupportedCardVersion(version: unknown): boolean {
  const match = typeof version === 'string' ? /^1\.(\d+)$/.exec(version) : null;
  return match !== null && Number(match[1]) <= TEAMS_MAX_CARD_MINOR_VERSION;
}

/** Why an attachment is not an Adaptive Card Teams would post, or undefined. */
function attachmentRefusal(attachment: unknown): string | undefined {
  if (!isObject(attachment) || attachment.contentType !== ADAPTIVE_CARD_CONTENT_TYPE) return `an attachment's contentType must be ${ADAPTIVE_CARD_CONTENT_TYPE}`;
  const card = attachment.content;
  if (!isObject(card) || card.type !== 'AdaptiveCard') return 'an attachment\'s content must be an AdaptiveCard';
  if (!isSupportedCardVersion(card.version)) return `the card's version must be 1.0 to 1.${TEAMS_MAX_CARD_MINOR_VERSION}`;
  if (!areCardElements(card.body)) return 'the card\'s body must be a list of known elements (TextBlock, FactSet, Container, ...) with their required properties';
  if (card.actions !== undefined && !(Array.isArray(card.actions) && card.actions.every(isCardAction))) return 'the card\'s actions must be Action.* objects';
  return undefined;
}

/**
 * Why Teams would not post a Workflows webhook body, or undefined. The
 * "When a Teams webhook request is received" trigger reads a JSON message with
 * Adaptive Card attachments; anything else never reaches the channel.
 */
export function teamsRefusal(rawBody: string, contentType: string | undefined): string | undefined {
  if (!contentType?.toLowerCase().startsWith('application/json')) return 'the body must be sent as application/json';
  const message = parseJson(rawBody);
  if (!isObject(message) || message.type !== 'message') return 'the body must be a JSON object with type "message"';
  if (!isArrayOf(message.attachments, 1, Infinity)) return 'the message must have at least one attachment';
  return message.attachments.map(attachmentRefusal).find((refusal) => refusal !== undefined);
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
