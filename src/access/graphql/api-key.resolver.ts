import { ApiKeyReadModel } from '@incident-ledger/read-models';
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequestContext } from '../../platform/graphql/request-context';
import { apiKeyListing, ApiKeysService } from '@incident-ledger/application';
import { Authenticator } from '../../platform/auth/authenticator';
import { AnyRole, Requires } from '../../platform/auth/requires.decorator';
import { ApiKeyObject, CreatedApiKeyObject, PrincipalObject } from './access.objects';
import { CreateApiKeyInput, RevokeApiKeyInput } from './api-key.inputs';

@Resolver()
export class ApiKeyResolver {
  constructor(
    private readonly service: ApiKeysService,
    private readonly keys: ApiKeyReadModel,
    private readonly authenticator: Authenticator,
  ) {}

  @Query(() => PrincipalObject, { description: 'Who you are, as far as this server is concerned.' })
  @AnyRole()
  me(@Context() context: RequestContext): PrincipalObject {
    const { id, name, role, kind } = context.principal;
    return { id, name, role, kind };
  }

  @Query(() => [ApiKeyObject], { description: 'Every API key, newest first, revoked ones included.' })
  @Requires('administer')
  apiKeys(): ApiKeyObject[] {
    return this.keys.list().map((key) => apiKeyListing(key, this.authenticator.lastUsedAt(key.keyId)));
  }

  @Mutation(() => CreatedApiKeyObject, { description: 'A new API key; the answer is the only time its secret is shown.' })
  @Requires('administer')
  async createApiKey(@Args('input') input: CreateApiKeyInput, @Context() context: RequestContext): Promise<CreatedApiKeyObject> {
    const created = await this.service.create(input.name, input.role, actingAs(context));
    return { key: created.key, apiKey: apiKeyListing(created.apiKey) };
  }

  @Mutation(() => ApiKeyObject, { description: 'Revoke a key: it is refused from the next request on, and its live feeds end.' })
  @Requires('administer')
  async revokeApiKey(@Args('input') input: RevokeApiKeyInput, @Context() context: RequestContext): Promise<ApiKeyObject> {
    const revoked = await this.service.revoke(input.keyId, input.reason ?? null, actingAs(context));
    return apiKeyListing(revoked, this.authenticator.lastUsedAt(revoked.keyId));
  }
}

function actingAs(context: RequestContext) {
  return { actor: context.principal.name, correlationId: context.correlationId };
}
