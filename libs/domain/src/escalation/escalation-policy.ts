import { checkSlug } from '../catalogue/catalogue.rules';
import { Decider } from '../shared/decider';
import { DomainError, invalidInput } from '../shared/domain-error';
import { eventCodec, field } from '../shared/event-codec';
import { checkText, sortedUnique } from '../shared/field-rules';
import { ESCALATION_LIMITS as LIMITS } from './escalation.limits';
import { EscalationLevel, EscalationTarget } from './escalation.types';

/**
 * An escalation policy: levels of targets (a schedule's on-call person, a
 * person, a team), each with the time it has to acknowledge before the next
 * level, gone through `repeat + 1` times; attached to catalogue services, each
 * service to one policy at most. One stream per policy,
 * `escalation-policy-<slug>`.
 */
export const ESCALATION_POLICY_STREAM_PREFIX = 'escalation-policy-';

export const escalationPolicyStreamId = (policyId: string): string => `${ESCALATION_POLICY_STREAM_PREFIX}${policyId}`;

export interface EscalationPolicyDefinition {
  name: string;
  ownerTeam: string;
  levels: EscalationLevel[];
  repeat: number;
  services: string[];
}

export type EscalationPolicyCommand =
  | ({ type: 'CreateEscalationPolicy'; policyId: string; actor: string } & EscalationPolicyDefinition)
  | ({ type: 'ChangeEscalationPolicy'; policyId: string; actor: string } & EscalationPolicyDefinition);

/** Created or changed: the whole definition each time (policies are small, and the log then says what each version was). */
export interface EscalationPolicyDefined {
  type: 'EscalationPolicyDefined';
  data: EscalationPolicyDefinition & { policyId: string; created: boolean; at: string; by: string };
}

export type EscalationPolicyEvent = EscalationPolicyDefined;

export type EscalationPolicyState = { exists: false } | { exists: true; definition: EscalationPolicyDefinition };

const target = field.objects<EscalationTarget>({ kind: field.oneOf(['SCHEDULE', 'PERSON', 'TEAM']), id: field.string, mode: field.nullable(field.oneOf(['ALL', 'ROUND_ROBIN'])) });

export const escalationPolicyEventCodec = eventCodec<EscalationPolicyEvent>({
  EscalationPolicyDefined: {
    shape: {
      policyId: field.string,
      name: field.string,
      ownerTeam: field.string,
      levels: field.objects<EscalationLevel>({ targets: target, delayMinutes: field.integer }),
      repeat: field.integer,
      services: field.strings,
      created: field.boolean,
      at: field.string,
      by: field.string,
    },
  },
});

export function checkEscalationPolicy(definition: EscalationPolicyDefinition): EscalationPolicyDefinition {
  const { levels, repeat } = definition;
  if (levels.length === 0 || levels.length > LIMITS.levelsMaxCount) throw invalidInput('levels', `A policy has 1 to ${LIMITS.levelsMaxCount} levels`);
  if (!Number.isInteger(repeat) || repeat < 0 || repeat > LIMITS.repeatMax) throw invalidInput('repeat', `repeat is 0 to ${LIMITS.repeatMax} more rounds`);
  if (definition.services.length > LIMITS.servicesMaxCount) throw invalidInput('services', `At most ${LIMITS.servicesMaxCount} services`);
  return {
    name: checkText(definition.name, 'name', LIMITS.nameMaxLength),
    ownerTeam: checkSlug(definition.ownerTeam, 'ownerTeam'),
    levels: levels.map((level, index) => checkLevel(level, `levels[${index}]`)),
    repeat,
    services: sortedUnique(definition.services.map((service) => checkSlug(service, 'services'))),
  };
}

function checkLevel(level: EscalationLevel, path: string): EscalationLevel {
  const { delayMinutes, targets } = level;
  if (!Number.isInteger(delayMinutes) || delayMinutes < LIMITS.delayMinutesMin || delayMinutes > LIMITS.delayMinutesMax) {
    throw invalidInput(`${path}.delayMinutes`, `${path}.delayMinutes is ${LIMITS.delayMinutesMin} to ${LIMITS.delayMinutesMax} minutes`);
  }
  if (targets.length === 0 || targets.length > LIMITS.targetsMaxCount) throw invalidInput(`${path}.targets`, `A level has 1 to ${LIMITS.targetsMaxCount} targets`);
  return { delayMinutes, targets: targets.map((each, index) => checkTarget(each, `${path}.targets[${index}]`)) };
}

function checkTarget(each: EscalationTarget, path: string): EscalationTarget {
  const id = checkText(each.id, `${path}.id`, LIMITS.idMaxLength);
  if (each.kind === 'TEAM') {
    if (each.mode !== 'ALL' && each.mode !== 'ROUND_ROBIN') throw invalidInput(`${path}.mode`, `${path}.mode is ALL or ROUND_ROBIN for a team`);
    return { kind: 'TEAM', id, mode: each.mode };
  }
  if (each.kind !== 'SCHEDULE' && each.kind !== 'PERSON') throw invalidInput(`${path}.kind`, `${path}.kind is SCHEDULE, PERSON or TEAM`);
  return { kind: each.kind, id, mode: null };
}

export const escalationPolicyDecider: Decider<EscalationPolicyCommand, EscalationPolicyEvent, EscalationPolicyState> = {
  decide(command, state, now) {
    if (command.type === 'CreateEscalationPolicy' && state.exists) throw new DomainError('ESCALATION_POLICY_EXISTS', `Escalation policy ${command.policyId} exists already`, { field: 'id' });
    if (command.type === 'ChangeEscalationPolicy' && !state.exists) throw new DomainError('ESCALATION_POLICY_NOT_FOUND', `No escalation policy ${command.policyId}`);
    const policyId = checkSlug(command.policyId, 'id');
    const { type: _type, policyId: _id, actor, ...given } = command;
    const definition = checkEscalationPolicy(given);
    if (state.exists && JSON.stringify(definition) === JSON.stringify(state.definition)) return [];
    return [{ type: 'EscalationPolicyDefined', data: { policyId, ...definition, created: !state.exists, at: now.toISOString(), by: actor } }];
  },
  evolve(_state, event) {
    const { name, ownerTeam, levels, repeat, services } = event.data;
    return { exists: true, definition: { name, ownerTeam, levels, repeat, services } };
  },
  initialState: { exists: false },
};
