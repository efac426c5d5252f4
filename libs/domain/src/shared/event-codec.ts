/**
 * How a context's events are written to and read from the store. Stored data
 * is whatever an earlier version of the ledger wrote: on the way in it is
 * upcast, in one place, from the version it was stored in to the current one
 * (emmett's upcasting at read time), then checked field by field, so that no
 * decider or projection ever sees an old shape or a damaged event. The checks
 * are hand-written and cheap: an event that fits is passed on as it is, with
 * nothing allocated for it.
 */

/** A domain event: a stable type name and its data. */
export interface DomainEvent {
  type: string;
  data: unknown;
}

/** An event as the store is given it: its data, stamped with the version of its shape. */
export interface EncodedEvent {
  type: string;
  data: unknown;
  schemaVersion: number;
}

/**
 * An event as the store gives it back (the shape of the event store's
 * `RecordedEvent`, which the domain does not import): the version it was
 * written in, and where it sits, for the error that refuses it.
 */
export interface StoredEvent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata: { readonly schemaVersion?: unknown };
  readonly streamId?: string;
  readonly position?: number;
}

/** A stored event once decoded: the store's fields, with the domain event's type and data in the current version. */
export type Decoded<Stored extends StoredEvent, Event extends DomainEvent> = Omit<Stored, 'type' | 'data'> & Event;

/** Stored data is plain JSON: an object, field by field. */
export type StoredData = Record<string, unknown>;

/** Moves stored data one version up, into a new object: the stored one is left as it was read (a reader may share it). */
export type Upcaster = (data: StoredData) => StoredData;

/**
 * What one field accepts, and how to say so when it does not. A check is
 * data, not a function: one `switch` runs them all, so the loop over an
 * event's fields stays a single, fast call site whatever the field.
 */
export interface FieldCheck {
  readonly kind: 'string' | 'boolean' | 'number' | 'integer' | 'strings' | 'integers' | 'oneOf' | 'object' | 'objects' | 'scalars';
  /** Null is accepted too. */
  readonly nullable: boolean;
  /** The field may be left out: in events that hold only what changed. */
  readonly optional?: boolean;
  /** For people: "a string", "one of SEV1, SEV2". */
  readonly expected: string;
  /** `oneOf`: the names allowed. They are never secrets, so an error may show the value it found. */
  readonly values?: ReadonlySet<unknown>;
  /** `object` and `objects`: the fields of the object, or of each one in the list. */
  readonly fields?: CompiledShape;
}

/** A check for every field of `Data`: a field added to an event's type and not to its codec does not compile. */
export type Shape<Data> = { readonly [Field in keyof Data]-?: FieldCheck };

export interface EventSchema<Data> {
  /**
   * The upcasters of this event type, oldest first: the first moves data
   * stored in version 1 to version 2, and so on. The current version is one
   * more than their count, so a new shape is one more upcaster, never a
   * version number to keep in step by hand.
   */
  readonly upcasters?: readonly Upcaster[];
  readonly shape: Shape<Data>;
}

/** One schema for every event type of a context (the compiler checks none is missing). */
export type EventSchemas<Event extends DomainEvent> = {
  readonly [Type in Event['type']]: EventSchema<Extract<Event, { type: Type }>['data']>;
};

/** A stored event that cannot be read as any version of its type: named, with where it is and the field at fault. */
export class UndecodableEventError extends Error {
  constructor(
    readonly eventType: string,
    readonly streamId: string | undefined,
    readonly position: number | undefined,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`Stored event ${eventType} ${whereAbouts(streamId, position)}cannot be read: ${field} ${problem}`);
    this.name = 'UndecodableEventError';
  }
}

export interface EventCodec<Event extends DomainEvent> {
  /** Whether the type is one of this codec's: events of other contexts are not its business. */
  knows(type: string): boolean;
  /** The domain event ready to store, stamped with its type's current version; refused if it does not fit its schema. */
  encode(event: Event): EncodedEvent;
  /** Stored data of `type` written in `schemaVersion`, upcast to the current version and checked. */
  decode(type: string, data: unknown, schemaVersion: unknown, origin?: Pick<StoredEvent, 'streamId' | 'position'>): Event;
  /** A stored event, decoded: the same object when it was already current and fits, a copy with its data upcast otherwise. */
  decodeRecorded<Stored extends StoredEvent>(stored: Stored): Decoded<Stored, Event>;
}

interface CompiledSchema {
  readonly version: number;
  readonly upcasters: readonly Upcaster[];
  readonly shape: CompiledShape;
}

/** A shape as two arrays, walked with a plain loop on every event. */
interface CompiledShape {
  readonly names: readonly string[];
  readonly checks: readonly FieldCheck[];
}

export function eventCodec<Event extends DomainEvent>(schemas: EventSchemas<Event>): EventCodec<Event> {
  const compiled = new Map<string, CompiledSchema>();
  for (const [type, schema] of Object.entries(schemas) as Array<[string, EventSchema<unknown>]>) {
    const upcasters = schema.upcasters ?? [];
    compiled.set(type, { version: upcasters.length + 1, upcasters, shape: compileShape(schema.shape) });
  }

  const schemaOf = (type: string, origin: Pick<StoredEvent, 'streamId' | 'position'> | undefined): CompiledSchema => {
    const schema = compiled.get(type);
    if (!schema) throw refusal(type, origin, 'type', 'is not an event type of this context');
    return schema;
  };

  const decodeData = (type: string, stored: unknown, schemaVersion: unknown, origin?: Pick<StoredEvent, 'streamId' | 'position'>): unknown => {
    const schema = schemaOf(type, origin);
    if (!Number.isInteger(schemaVersion) || (schemaVersion as number) < 1) {
      throw refusal(type, origin, 'metadata.schemaVersion', `must be a whole number from 1, not ${describe(schemaVersion)}`);
    }
    const version = schemaVersion as number;
    if (version > schema.version) {
      throw refusal(type, origin, 'metadata.schemaVersion', `is ${version}, written by a newer ledger: this one reads ${type} up to version ${schema.version}`);
    }
    if (!isStoredData(stored)) throw refusal(type, origin, 'data', `must be an object, not ${describe(stored)}`);
    let data = stored;
    for (let from = version; from < schema.version; from++) data = schema.upcasters[from - 1](data);
    if (fitsShape(schema.shape, data)) return data;
    const mismatch = findMismatch(schema.shape, data, 'data.') as Mismatch;
    throw refusal(type, origin, mismatch.field, mismatch.problem);
  };

  return {
    knows: (type) => compiled.has(type),
    encode(event) {
      const { version, shape } = schemaOf(event.type, undefined);
      const mismatch: Mismatch | undefined = isStoredData(event.data) ? findMismatch(shape, event.data, 'data.') : { field: 'data', problem: 'must be an object' };
      if (mismatch) throw new EventNotWritableError(event.type, mismatch.field, mismatch.problem);
      return { type: event.type, data: event.data, schemaVersion: version };
    },
    decode: (type, data, schemaVersion, origin) => ({ type, data: decodeData(type, data, schemaVersion, origin) }) as Event,
    decodeRecorded<Stored extends StoredEvent>(stored: Stored): Decoded<Stored, Event> {
      const data = decodeData(stored.type, stored.data, stored.metadata.schemaVersion, stored);
      // Upcast data gets a copy of the event that says which version its data is now in, so decoding it again upcasts nothing twice.
      const decoded =
        data === stored.data ? stored : { ...stored, data, metadata: { ...stored.metadata, schemaVersion: (compiled.get(stored.type) as CompiledSchema).version } };
      // The one place a stored event becomes a typed one: decodeData has just checked every field its type has.
      return decoded as unknown as Decoded<Stored, Event>;
    },
  };
}

/** A decider made an event its own codec would refuse to read back: a bug, stopped before it reaches the log. */
export class EventNotWritableError extends Error {
  constructor(
    readonly eventType: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`Event ${eventType} was not written: ${field} ${problem}`);
    this.name = 'EventNotWritableError';
  }
}

function refusal(type: string, origin: Pick<StoredEvent, 'streamId' | 'position'> | undefined, field: string, problem: string): UndecodableEventError {
  return new UndecodableEventError(type, origin?.streamId, origin?.position, field, problem);
}

interface Mismatch {
  field: string;
  problem: string;
}

function compileShape(shape: Record<string, FieldCheck>): CompiledShape {
  const names = Object.keys(shape);
  return { names, checks: names.map((name) => shape[name]) };
}

function fitsShape(shape: CompiledShape, data: StoredData): boolean {
  const { names, checks } = shape;
  for (let index = 0; index < names.length; index++) if (!accepts(checks[index], data[names[index]])) return false;
  return true;
}

function accepts(check: FieldCheck, value: unknown): boolean {
  if (value === null) return check.nullable;
  if (value === undefined && check.optional) return true;
  switch (check.kind) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    case 'strings':
      return Array.isArray(value) && allStrings(value);
    case 'integers':
      return Array.isArray(value) && value.every((item) => Number.isInteger(item));
    case 'oneOf':
      return (check.values as ReadonlySet<unknown>).has(value);
    case 'object':
      return isStoredData(value) && fitsShape(check.fields as CompiledShape, value);
    case 'objects':
      return Array.isArray(value) && allFit(check.fields as CompiledShape, value);
    case 'scalars':
      return isStoredData(value) && allScalars(value);
  }
}

function allScalars(data: StoredData): boolean {
  for (const key in data) {
    const value = data[key];
    if (value !== null && typeof value !== 'string' && typeof value !== 'boolean' && !(typeof value === 'number' && Number.isFinite(value))) return false;
  }
  return true;
}

function allFit(shape: CompiledShape, values: unknown[]): boolean {
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (!isStoredData(value) || !fitsShape(shape, value)) return false;
  }
  return true;
}

function allStrings(values: unknown[]): boolean {
  for (let index = 0; index < values.length; index++) if (typeof values[index] !== 'string') return false;
  return true;
}

/** The first field that does not fit, named by its path: only a refusal builds strings. */
function findMismatch(shape: CompiledShape, data: StoredData, prefix: string): Mismatch | undefined {
  const { names, checks } = shape;
  for (let index = 0; index < names.length; index++) {
    const value = data[names[index]];
    const check = checks[index];
    if (accepts(check, value)) continue;
    const field = prefix + names[index];
    if (check.kind === 'object' && isStoredData(value)) return findMismatch(check.fields as CompiledShape, value, `${field}.`);
    if (check.kind === 'objects' && Array.isArray(value)) {
      const index = value.findIndex((item) => !isStoredData(item) || !fitsShape(check.fields as CompiledShape, item));
      const item: unknown = value[index];
      if (isStoredData(item)) return findMismatch(check.fields as CompiledShape, item, `${field}[${index}].`);
      return { field: `${field}[${index}]`, problem: `must be an object, not ${describe(item)}` };
    }
    return { field, problem: `must be ${check.expected}, not ${check.values && typeof value === 'string' ? JSON.stringify(value) : describe(value)}` };
  }
  return undefined;
}

function isStoredData(value: unknown): value is StoredData {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a value is, without showing it: stored data may hold what logs should not (a key's hash). */
function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `${typeof value === 'object' ? 'an' : 'a'} ${typeof value}`;
}

function whereAbouts(streamId: string | undefined, position: number | undefined): string {
  if (streamId === undefined && position === undefined) return '';
  return `(stream ${streamId ?? 'unknown'}, position ${position ?? 'unknown'}) `;
}

/** The field checks codecs are written with. */
export const field = {
  string: { kind: 'string', nullable: false, expected: 'a string' } as FieldCheck,
  nullableString: { kind: 'string', nullable: true, expected: 'a string or null' } as FieldCheck,
  boolean: { kind: 'boolean', nullable: false, expected: 'true or false' } as FieldCheck,
  number: { kind: 'number', nullable: false, expected: 'a number' } as FieldCheck,
  integer: { kind: 'integer', nullable: false, expected: 'a whole number' } as FieldCheck,
  strings: { kind: 'strings', nullable: false, expected: 'a list of strings' } as FieldCheck,
  integers: { kind: 'integers', nullable: false, expected: 'a list of whole numbers' } as FieldCheck,
  /** One of a closed set of names: an enum's values, say. */
  oneOf(values: readonly string[]): FieldCheck {
    return { kind: 'oneOf', nullable: false, expected: `one of ${values.join(', ')}`, values: new Set<unknown>(values) };
  },
  /** An object of any keys whose values are plain: strings, finite numbers, true/false or null (a timer's action data, say). */
  scalars: { kind: 'scalars', nullable: false, expected: 'an object of strings, numbers, booleans or nulls' } as FieldCheck,
  /** A nested object with its own fields. */
  object<Data>(shape: Shape<Data>): FieldCheck {
    return { kind: 'object', nullable: false, expected: 'an object', fields: compileShape(shape as Record<string, FieldCheck>) };
  },
  /** A list of objects, each with these fields. */
  objects<Data>(shape: Shape<Data>): FieldCheck {
    return { kind: 'objects', nullable: false, expected: 'a list of objects', fields: compileShape(shape as Record<string, FieldCheck>) };
  },
  /** An object holding some of these fields (what changed), each checked when present. */
  partial<Data>(shape: Shape<Data>): FieldCheck {
    const optional = Object.fromEntries(Object.entries(shape as Record<string, FieldCheck>).map(([name, check]) => [name, { ...check, optional: true }]));
    return { kind: 'object', nullable: false, expected: 'an object', fields: compileShape(optional) };
  },
  /** The same check, for a field that may be null. */
  nullable(check: FieldCheck): FieldCheck {
    return { ...check, nullable: true, expected: `${check.expected} or null` };
  },
};
