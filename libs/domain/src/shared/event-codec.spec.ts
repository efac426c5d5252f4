import { eventCodec, EventNotWritableError, field, UndecodableEventError } from './event-codec';

/**
 * A small context of its own, with a history: `ParcelWeighed` stored its
 * weight in grams as `grams` (version 1), then as `weight` with a unit
 * (version 2), then gained the scale's id (version 3).
 */
type ParcelEvent =
  | { type: 'ParcelWeighed'; data: { parcelId: string; weight: { value: number; unit: 'g' | 'kg' }; scale: string | null } }
  | { type: 'ParcelShipped'; data: { parcelId: string; carriers: string[] } };

const parcelCodec = eventCodec<ParcelEvent>({
  ParcelWeighed: {
    upcasters: [
      ({ grams, ...data }) => ({ ...data, weight: { value: grams, unit: 'g' } }),
      (data) => ({ ...data, scale: null }),
    ],
    shape: {
      parcelId: field.string,
      weight: field.object({ value: field.number, unit: field.oneOf(['g', 'kg']) }),
      scale: field.nullableString,
    },
  },
  ParcelShipped: { shape: { parcelId: field.string, carriers: field.strings } },
});

const stored = (type: string, data: unknown, schemaVersion: unknown = 1) => ({
  type,
  data,
  metadata: { schemaVersion },
  streamId: 'parcel-7',
  position: 42,
});

function refusal(run: () => unknown): UndecodableEventError {
  try {
    run();
  } catch (error) {
    if (error instanceof UndecodableEventError) return error;
    throw error;
  }
  throw new Error('the event was not refused');
}

describe('an event codec', () => {
  it('upcasts stored data through every version from the one it was written in', () => {
    expect(parcelCodec.decode('ParcelWeighed', { parcelId: 'p1', grams: 1200 }, 1)).toEqual({
      type: 'ParcelWeighed',
      data: { parcelId: 'p1', weight: { value: 1200, unit: 'g' }, scale: null },
    });
    expect(parcelCodec.decode('ParcelWeighed', { parcelId: 'p1', weight: { value: 2, unit: 'kg' } }, 2).data).toEqual({
      parcelId: 'p1',
      weight: { value: 2, unit: 'kg' },
      scale: null,
    });
  });

  it('stamps each type with its current version', () => {
    const weighed: ParcelEvent = { type: 'ParcelWeighed', data: { parcelId: 'p1', weight: { value: 2, unit: 'kg' }, scale: 's1' } };
    expect(parcelCodec.encode(weighed)).toEqual({ ...weighed, schemaVersion: 3 });
    expect(parcelCodec.encode({ type: 'ParcelShipped', data: { parcelId: 'p1', carriers: [] } }).schemaVersion).toBe(1);
  });

  it('hands on a current event as it is, and an upcast one as a copy marked current', () => {
    const current = stored('ParcelShipped', { parcelId: 'p1', carriers: ['dhl'] });
    expect(parcelCodec.decodeRecorded(current)).toBe(current);

    const old = stored('ParcelWeighed', { parcelId: 'p1', grams: 5 });
    const decoded = parcelCodec.decodeRecorded(old);
    expect(decoded).toMatchObject({ streamId: 'parcel-7', position: 42, metadata: { schemaVersion: 3 }, data: { weight: { value: 5, unit: 'g' } } });
    expect(parcelCodec.decodeRecorded(decoded)).toBe(decoded);
  });

  it('refuses a stored event that does not fit, naming the event, where it is and the field', () => {
    const error = refusal(() => parcelCodec.decodeRecorded(stored('ParcelShipped', { parcelId: 'p1', carriers: 'dhl' })));
    expect(error).toMatchObject({ eventType: 'ParcelShipped', streamId: 'parcel-7', position: 42, field: 'data.carriers' });
    expect(error.message).toBe('Stored event ParcelShipped (stream parcel-7, position 42) cannot be read: data.carriers must be a list of strings, not a string');
  });

  it('names a nested field, and shows a value only where it is a name from a closed set', () => {
    const error = refusal(() => parcelCodec.decodeRecorded(stored('ParcelWeighed', { parcelId: 'p1', weight: { value: 1, unit: 'lb' }, scale: null }, 3)));
    expect(error.field).toBe('data.weight.unit');
    expect(error.message).toContain('data.weight.unit must be one of g, kg, not "lb"');
    expect(refusal(() => parcelCodec.decodeRecorded(stored('ParcelShipped', { carriers: [] }))).message).toContain('data.parcelId must be a string, not missing');
  });

  it.each([
    ['no version', {}, 'must be a whole number from 1, not missing'],
    ['version 0', { schemaVersion: 0 }, 'must be a whole number from 1, not a number'],
    ['a newer version than it reads', { schemaVersion: 4 }, 'is 4, written by a newer ledger: this one reads ParcelWeighed up to version 3'],
  ])('refuses %s', (_case, metadata, problem) => {
    const error = refusal(() => parcelCodec.decodeRecorded({ ...stored('ParcelWeighed', { parcelId: 'p1', grams: 5 }), metadata }));
    expect(error).toMatchObject({ field: 'metadata.schemaVersion', problem });
  });

  it('refuses data that is not an object, and a type that is not its own', () => {
    expect(refusal(() => parcelCodec.decode('ParcelShipped', null, 1))).toMatchObject({ field: 'data', problem: 'must be an object, not null' });
    expect(parcelCodec.knows('ApiKeyCreated')).toBe(false);
    expect(refusal(() => parcelCodec.decode('ApiKeyCreated', {}, 1))).toMatchObject({ field: 'type' });
  });

  it('does not let an event be written that it would refuse to read back', () => {
    const broken = { type: 'ParcelShipped', data: { parcelId: 'p1', carriers: [7] } } as unknown as ParcelEvent;
    expect(() => parcelCodec.encode(broken)).toThrow(new EventNotWritableError('ParcelShipped', 'data.carriers', 'must be a list of strings, not a list'));
  });
});
