import { createHash } from 'node:crypto';

/** The namespace of every id this service derives from a client's command id (a fixed, random uuid). */
const NAMESPACE = Buffer.from('6f1c3c2e8f7a4d4e9b5a2c1d0e9f8a7b', 'hex');

/** A name-based (version 5, SHA-1) uuid: the same name always gives the same id. */
export function uuidFromName(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Scoped to the caller: a retried declaration makes one incident, and
 * someone else's command id never names an incident of yours (it would tell
 * them that a private incident exists).
 */
export const incidentIdForCommand = (actor: string, commandId: string) => uuidFromName(`incident:${JSON.stringify([actor, commandId])}`);
/** Scoped to the stream: a command id names one command on one stream (ids need not be unique across an EventStoreDB). */
export const eventIdForCommand = (streamId: string, commandId: string, index: number) =>
  uuidFromName(`event:${streamId}:${commandId}:${index}`);
