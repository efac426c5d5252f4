import { CATALOGUE_LIMITS, ContactMethods, hasPermission, PersonRecord, TeamRecord } from '@incident-ledger/domain';
import { CatalogueService } from '@incident-ledger/application';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ForbiddenError } from '../../platform/auth/auth.errors';
import { Requires } from '../../platform/auth/requires.decorator';
import { MaxLengthPipe } from '../../platform/graphql/max-length.pipe';
import { RequestContext } from '../../platform/graphql/request-context';
import { contacts, given } from './catalogue-arguments';
import { RegisterPersonInput, UpdatePersonInput } from './catalogue.inputs';
import { ContactMethodsObject, PersonObject, TeamObject } from './catalogue.objects';
import { runCatalogueCommand } from './run-catalogue-command';

/** Admins, and the person themself. */
function mayManage(context: RequestContext, name: string): boolean {
  return hasPermission(context.principal.role, 'administer') || context.principal.name === name;
}

@Resolver(() => PersonObject)
export class PersonResolver {
  constructor(private readonly catalogue: CatalogueService) {}

  @Query(() => [PersonObject], { description: 'Every registered person, by name.' })
  @Requires('read')
  people(): PersonRecord[] {
    return this.catalogue.catalogue.people();
  }

  @Query(() => PersonObject, { nullable: true })
  @Requires('read')
  person(@Args('name', new MaxLengthPipe('name', CATALOGUE_LIMITS.nameMaxLength)) name: string): PersonRecord | undefined {
    return this.catalogue.catalogue.person(name);
  }

  @Mutation(() => PersonObject, { description: 'Register a person (the name their keys and tokens act as). Admins only.' })
  @Requires('administer')
  async registerPerson(@Args('input') input: RegisterPersonInput, @Context() context: RequestContext): Promise<PersonRecord> {
    await runCatalogueCommand(this.catalogue, context, input, {
      type: 'RegisterPerson',
      actor: context.principal.name,
      name: input.name,
      displayName: input.displayName,
      timeZone: input.timeZone,
      contacts: contacts(input.contactMethods),
    });
    return this.personNamed(input.name);
  }

  @Mutation(() => PersonObject, { description: 'Change a person. Anyone may change their own contact methods; the rest needs an admin.' })
  @Requires('read')
  async updatePerson(@Args('input') input: UpdatePersonInput, @Context() context: RequestContext): Promise<PersonRecord> {
    const onlyContacts = input.displayName == null && input.timeZone == null;
    if (!hasPermission(context.principal.role, 'administer') && !(onlyContacts && context.principal.name === input.name)) {
      throw new ForbiddenError('Only admins change people; you may change your own contact methods');
    }
    await runCatalogueCommand(this.catalogue, context, input, {
      type: 'UpdatePerson',
      actor: context.principal.name,
      name: input.name,
      displayName: given(input.displayName),
      timeZone: given(input.timeZone),
      contacts: contacts(input.contactMethods),
    });
    return this.personNamed(input.name);
  }

  @ResolveField(() => ContactMethodsObject, {
    nullable: true,
    description: 'How to reach them: shown to admins and to the person themself; null to others.',
  })
  contactMethods(@Parent() person: PersonRecord, @Context() context: RequestContext): ContactMethods | null {
    return mayManage(context, person.name) ? person.contacts : null;
  }

  @ResolveField(() => [TeamObject], { description: 'The teams they are a member of, by slug.' })
  teams(@Parent() person: PersonRecord): TeamRecord[] {
    return this.catalogue.catalogue.teams().filter((team) => team.members.includes(person.name));
  }

  private personNamed(name: string): PersonRecord {
    const person = this.catalogue.catalogue.person(name.trim());
    if (!person) throw new Error(`Person ${name} is missing from the read model after its write`);
    return person;
  }
}
