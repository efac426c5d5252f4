import { eventCodec, field } from '../shared/event-codec';
import { AccessRole } from './access-role';
import { ApiKeyEvent } from './api-key.events';
import { ReviewLinkEvent } from './review-link.events';

const accessRole = field.oneOf(Object.values(AccessRole));

/** The access context's API-key events (streams `apikey-<id>`), as stored. */
export const apiKeyEventCodec = eventCodec<ApiKeyEvent>({
  ApiKeyCreated: {
    shape: { keyId: field.string, name: field.string, role: accessRole, prefix: field.string, secretHash: field.string, at: field.string, by: field.string },
  },
  ApiKeyRevoked: { shape: { keyId: field.string, reason: field.nullableString, at: field.string, by: field.string } },
  ApiKeyUsed: { shape: { keyId: field.string, at: field.string } },
});

/** The access context's review-link events (streams `reviewlink-<hash>`), as stored. */
export const reviewLinkEventCodec = eventCodec<ReviewLinkEvent>({
  ReviewLinkCreated: {
    shape: {
      principal: field.object({ id: field.string, name: field.string, role: accessRole, kind: field.oneOf(['api-key', 'token']) }),
      report: field.object({
        from: field.string,
        to: field.string,
        timeZone: field.string,
        recurringThreshold: field.number,
        workdayStartHour: field.number,
        workdayEndHour: field.number,
      }),
      expiresAt: field.string,
      at: field.string,
      by: field.string,
    },
  },
});
