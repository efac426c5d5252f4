/**
 * Where a delivery goes when its channel id names neither a channel nor a
 * person but someone another context keeps (a status page subscriber,
 * `subscriber:<id>`): that context registers a resolver for its prefix, read
 * at each attempt, so a changed or erased address is honoured at once.
 */
export type DeliveryTarget =
  | { kind: 'EMAIL'; to: string; unsubscribeUrl: string | null }
  | { kind: 'WEBHOOK'; url: string; unsubscribeUrl: string | null };

export interface DeliveryTargetResolver {
  /** The channel ids it answers for start with it, such as `subscriber:`. */
  readonly prefix: string;
  /** Where to send, or why not (the target left, or its address was erased): a reason is final. */
  resolve(id: string): DeliveryTarget | { gone: string };
}

export class DeliveryTargets {
  private readonly resolvers: DeliveryTargetResolver[] = [];

  register(resolver: DeliveryTargetResolver): void {
    this.resolvers.push(resolver);
  }

  /** The target a channel id names, if a registered context keeps it; undefined for channels and people. */
  resolve(channelId: string): DeliveryTarget | { gone: string } | undefined {
    const resolver = this.resolvers.find((candidate) => channelId.startsWith(candidate.prefix));
    return resolver?.resolve(channelId.slice(resolver.prefix.length));
  }
}
