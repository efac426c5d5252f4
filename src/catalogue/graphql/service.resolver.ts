import { CATALOGUE_LIMITS, Clock, ServiceRecord, TeamRecord } from '@incident-ledger/domain';
import { CatalogueService } from '@incident-ledger/application';
import { IncidentReadModel, IncidentView, serviceIncidentHistories, ServiceIncidentHistory, visibleTo } from '@incident-ledger/read-models';
import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Requires } from '../../platform/auth/requires.decorator';
import { CLOCK } from '../../platform/core/ledger-core.module';
import { MaxLengthPipe } from '../../platform/graphql/max-length.pipe';
import { PageSizeArg } from '../../platform/graphql/page-size-arg.decorator';
import { RequestContext } from '../../platform/graphql/request-context';
import { IncidentObject } from '../../incidents/graphql/incident.object';
import { given, links } from './catalogue-arguments';
import { runCatalogueCommand } from './run-catalogue-command';
import { pageOf, RELATED_PAGE } from './related-page';
import { RegisterServiceInput, RetireServiceInput, ServiceFilterInput, UpdateServiceInput } from './catalogue.inputs';
import { ServiceConnectionObject, ServiceIncidentHistoryObject, ServiceObject, TeamObject } from './catalogue.objects';

const MAX_PAGE_SIZE = 100;
/** How far back `recentIncidents` looks. */
const RECENT_DAYS = 90;
const CURSOR_MAX_LENGTH = 200;

/** The fields a registration and an update give alike; those left out (or null) are not given. */
function describedBy(input: RegisterServiceInput | UpdateServiceInput) {
  return {
    description: given(input.description),
    runbooks: links(input.runbooks),
    links: links(input.links),
    dependencies: given(input.dependencies),
    tags: given(input.tags),
    lifecycle: given(input.lifecycle),
  };
}

@Resolver(() => ServiceObject)
export class ServiceResolver {
  /** Each request's incident histories, computed in one pass over the incidents the first time a service asks. */
  private readonly histories = new WeakMap<RequestContext, (slug: string) => ServiceIncidentHistory>();

  constructor(
    private readonly catalogue: CatalogueService,
    private readonly incidents: IncidentReadModel,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Query(() => ServiceConnectionObject, { description: 'Live (unretired) services by slug, filtered and paginated.' })
  @Requires('read')
  services(
    @Args('filter', { type: () => ServiceFilterInput, nullable: true }) filter: ServiceFilterInput | null,
    @PageSizeArg({ default: 20, max: MAX_PAGE_SIZE }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'The `endCursor` of the previous page.' }, new MaxLengthPipe('after', CURSOR_MAX_LENGTH))
    after: string | null,
  ): ServiceConnectionObject {
    const page = this.catalogue.catalogue.services(
      { tier: given(filter?.tier), team: given(filter?.team), tag: given(filter?.tag), search: given(filter?.search) },
      first,
      after ?? undefined,
    );
    const edges = page.services.map((node, index) => ({ node, cursor: page.cursors[index] }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: page.totalCount };
  }

  @Query(() => ServiceObject, { nullable: true, description: 'A service by slug, retired ones included; null when there is none.' })
  @Requires('read')
  service(@Args('slug', new MaxLengthPipe('slug', CATALOGUE_LIMITS.slugMaxLength)) slug: string): ServiceRecord | undefined {
    return this.catalogue.catalogue.service(slug);
  }

  @Mutation(() => ServiceObject, { description: 'Add a service to the catalogue. Admins only.' })
  @Requires('administer')
  async registerService(@Args('input') input: RegisterServiceInput, @Context() context: RequestContext): Promise<ServiceRecord> {
    await runCatalogueCommand(this.catalogue, context, input, {
      type: 'RegisterService',
      actor: context.principal.name,
      slug: input.slug,
      name: input.name,
      tier: input.tier,
      ownerTeam: input.ownerTeam,
      ...describedBy(input),
    });
    return this.serviceNamed(input.slug);
  }

  @Mutation(() => ServiceObject, { description: 'Change a service. Admins only.' })
  @Requires('administer')
  async updateService(@Args('input') input: UpdateServiceInput, @Context() context: RequestContext): Promise<ServiceRecord> {
    await runCatalogueCommand(this.catalogue, context, input, {
      type: 'UpdateService',
      actor: context.principal.name,
      slug: input.slug,
      name: given(input.name),
      tier: given(input.tier),
      ownerTeam: given(input.ownerTeam),
      ...describedBy(input),
    });
    return this.serviceNamed(input.slug);
  }

  @Mutation(() => ServiceObject, { description: 'Retire a service for good. Admins only.' })
  @Requires('administer')
  async retireService(@Args('input') input: RetireServiceInput, @Context() context: RequestContext): Promise<ServiceRecord> {
    await runCatalogueCommand(this.catalogue, context, input, { type: 'RetireService', actor: context.principal.name, slug: input.slug, reason: input.reason });
    return this.serviceNamed(input.slug);
  }

  @ResolveField(() => TeamObject, { description: 'The team that owns the service.' })
  owner(@Parent() service: ServiceRecord): TeamRecord | undefined {
    return this.catalogue.catalogue.team(service.ownerTeam);
  }

  @ResolveField(() => [ServiceObject], { description: 'The services this one depends on.' })
  dependsOn(@Parent() service: ServiceRecord): ServiceRecord[] {
    return service.dependencies.flatMap((slug) => this.catalogue.catalogue.service(slug) ?? []);
  }

  @ResolveField(() => [ServiceObject], { description: 'Live services that depend on this one, directly or through others: most critical first.' })
  dependents(@Parent() service: ServiceRecord, @PageSizeArg(RELATED_PAGE) first: number): ServiceRecord[] {
    return this.catalogue.catalogue.dependents(service.slug).slice(0, pageOf(first));
  }

  @ResolveField(() => [IncidentObject], { description: 'Unresolved incidents that name the service (those you may see), most severe first.' })
  openIncidents(@Parent() service: ServiceRecord, @Context() context: RequestContext): IncidentView[] {
    const visible = visibleTo(context.principal);
    return this.incidents.active((incident) => incident.services.includes(service.slug) && visible(incident));
  }

  @ResolveField(() => ServiceIncidentHistoryObject, { description: `Incidents that named the service in the last ${RECENT_DAYS} days.` })
  recentIncidents(@Parent() service: ServiceRecord, @Context() context: RequestContext): ServiceIncidentHistory {
    let history = this.histories.get(context);
    if (!history) {
      const since = new Date(this.clock.now().getTime() - RECENT_DAYS * 86_400_000);
      history = serviceIncidentHistories(this.incidents.all(), since, visibleTo(context.principal));
      this.histories.set(context, history);
    }
    return history(service.slug);
  }

  private serviceNamed(slug: string): ServiceRecord {
    const service = this.catalogue.catalogue.service(slug.trim());
    if (!service) throw new Error(`Service ${slug} is missing from the read model after its write`);
    return service;
  }
}
