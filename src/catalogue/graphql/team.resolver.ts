import { CATALOGUE_LIMITS, PersonRecord, ServiceRecord, TeamRecord } from '@incident-ledger/domain';
import { CatalogueService } from '@incident-ledger/application';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Requires } from '../../platform/auth/requires.decorator';
import { MaxLengthPipe } from '../../platform/graphql/max-length.pipe';
import { RequestContext } from '../../platform/graphql/request-context';
import { given } from './catalogue-arguments';
import { RegisterTeamInput, UpdateTeamInput } from './catalogue.inputs';
import { PersonObject, ServiceObject, TeamObject } from './catalogue.objects';
import { runCatalogueCommand } from './run-catalogue-command';
import { pageOf, RELATED_PAGE } from './related-page';
import { PageSizeArg } from '../../platform/graphql/page-size-arg.decorator';

@Resolver(() => TeamObject)
export class TeamResolver {
  constructor(private readonly catalogue: CatalogueService) {}

  @Query(() => [TeamObject], { description: 'Every team, by slug.' })
  @Requires('read')
  teams(): TeamRecord[] {
    return this.catalogue.catalogue.teams();
  }

  @Query(() => TeamObject, { nullable: true })
  @Requires('read')
  team(@Args('slug', new MaxLengthPipe('slug', CATALOGUE_LIMITS.slugMaxLength)) slug: string): TeamRecord | undefined {
    return this.catalogue.catalogue.team(slug);
  }

  @Mutation(() => TeamObject, { description: 'Add a team. Admins only.' })
  @Requires('administer')
  async registerTeam(@Args('input') input: RegisterTeamInput, @Context() context: RequestContext): Promise<TeamRecord> {
    await runCatalogueCommand(this.catalogue, context, input, {
      type: 'RegisterTeam',
      actor: context.principal.name,
      slug: input.slug,
      name: input.name,
      members: given(input.members),
      chatHandle: input.chatHandle,
    });
    return this.teamNamed(input.slug);
  }

  @Mutation(() => TeamObject, { description: 'Change a team. Admins only.' })
  @Requires('administer')
  async updateTeam(@Args('input') input: UpdateTeamInput, @Context() context: RequestContext): Promise<TeamRecord> {
    await runCatalogueCommand(this.catalogue, context, input, {
      type: 'UpdateTeam',
      actor: context.principal.name,
      slug: input.slug,
      name: given(input.name),
      members: given(input.members),
      chatHandle: given(input.chatHandle),
    });
    return this.teamNamed(input.slug);
  }

  @ResolveField(() => [PersonObject], { description: 'The members who are registered as people.' })
  people(@Parent() team: TeamRecord): PersonRecord[] {
    return team.members.flatMap((name) => this.catalogue.catalogue.person(name) ?? []);
  }

  @ResolveField(() => [ServiceObject], { description: 'The live services the team owns, by slug (`services(filter: { team })` pages through them all).' })
  services(@Parent() team: TeamRecord, @PageSizeArg(RELATED_PAGE) first: number): ServiceRecord[] {
    return this.catalogue.catalogue.services({ team: team.slug }, pageOf(first)).services;
  }

  private teamNamed(slug: string): TeamRecord {
    const team = this.catalogue.catalogue.team(slug.trim());
    if (!team) throw new Error(`Team ${slug} is missing from the read model after its write`);
    return team;
  }
}
