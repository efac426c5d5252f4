import { ServiceRecord } from '@incident-ledger/domain';
import { CatalogueReadModel, IncidentView } from '@incident-ledger/read-models';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { IncidentObject } from '../../incidents/graphql/incident.object';
import { ServiceObject } from './catalogue.objects';
import { pageOf, RELATED_PAGE } from './related-page';
import { PageSizeArg } from '../../platform/graphql/page-size-arg.decorator';

/** What the catalogue adds to an incident: its services' tier, owner and runbooks, and who else is hit. */
@Resolver(() => IncidentObject)
export class IncidentServicesResolver {
  constructor(private readonly catalogue: CatalogueReadModel) {}

  @ResolveField(() => [ServiceObject], {
    description: "The catalogued services among `services` (retired ones included), with their tier, owner team and runbooks; names the catalogue doesn't hold are left out.",
  })
  affectedServices(@Parent() incident: IncidentView): ServiceRecord[] {
    return incident.services.flatMap((slug) => this.catalogue.service(slug) ?? []);
  }

  @ResolveField(() => [ServiceObject], {
    description: 'The blast radius: live services that depend on the incident\'s services, directly or through others, most critical first.',
  })
  blastRadius(@Parent() incident: IncidentView, @PageSizeArg(RELATED_PAGE) first: number): ServiceRecord[] {
    return this.catalogue.blastRadius(incident.services).slice(0, pageOf(first));
  }
}
