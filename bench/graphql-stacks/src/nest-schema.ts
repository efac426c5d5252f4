/** Code-first schema and resolver shared by both Nest servers. */
import { Args, Field, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { incidents } from './data.js';

@ObjectType()
export class Incident {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field() status!: string;
  @Field(() => Int) severity!: number;
}

@Resolver(() => Incident)
export class IncidentResolver {
  @Query(() => Incident, { nullable: true })
  incident(@Args('id', { type: () => ID }) id: string): Incident | undefined {
    return incidents.get(id);
  }
}
