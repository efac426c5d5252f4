import { ACCESS_ERRORS, API_KEY_STREAM_PREFIX, apiKeyDecider, apiKeyEventCodec, REVIEW_LINK_STREAM_PREFIX, reviewLinkDecider, reviewLinkEventCodec } from '@incident-ledger/domain';
import { ApiKeyReadModel } from '@incident-ledger/read-models';
import { ContextRegistration } from '../contexts/context-registration';

/** Access: API keys and review links (a link is checked against its stream, so it has no read model). */
export const ACCESS_CONTEXT: ContextRegistration = {
  name: 'access',
  streams: [
    { prefix: API_KEY_STREAM_PREFIX, decider: apiKeyDecider, codec: apiKeyEventCodec },
    { prefix: REVIEW_LINK_STREAM_PREFIX, decider: reviewLinkDecider, codec: reviewLinkEventCodec },
  ],
  readModels: [{ name: 'apiKeys', version: 1, type: ApiKeyReadModel }],
  processManagers: [],
  errors: ACCESS_ERRORS,
};
