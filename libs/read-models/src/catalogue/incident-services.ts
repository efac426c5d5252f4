import { DomainError } from '@incident-ledger/domain';
import { CatalogueReadModel } from './catalogue.read-model';

/** How many close slugs a refusal suggests for each unknown service. */
const SUGGESTIONS = 3;

/**
 * Once the catalogue holds services, an incident may name only live ones:
 * refuses the first unknown or retired service, suggesting the closest
 * slugs. An empty catalogue accepts any name, as before it existed.
 */
export function checkIncidentServices(catalogue: CatalogueReadModel, services: readonly string[]): void {
  if (catalogue.isEmpty()) return;
  for (const name of services) {
    const service = catalogue.service(name.trim());
    if (service && !service.retired) continue;
    const closest = catalogue.closestSlugs(name, SUGGESTIONS);
    const why = service ? `Service ${name} is retired` : `Service ${JSON.stringify(name)} is not in the catalogue`;
    const hint = closest.length > 0 ? `; did you mean ${closest.join(', ')}?` : '; register it first (registerService)';
    throw new DomainError('UNKNOWN_SERVICE', why + hint, { field: 'services', service: name, closest: closest.join(',') });
  }
}
