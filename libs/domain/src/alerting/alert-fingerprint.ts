/**
 * Alertmanager's fingerprint of a label set (prometheus/common `model.LabelSet.Fingerprint`): FNV-1a 64 over the
 * labels sorted by name, each name and value followed by the byte 0xff, as 16 hex digits. Computing the same one
 * means an alert whose sender left `fingerprint` out lands in the same group as when the sender sends it.
 */
export function labelsFingerprint(labels: Readonly<Record<string, string>>): string {
  const names = Object.keys(labels).sort();
  const hash = new Fnv1a64();
  for (const name of names) {
    hash.write(name);
    hash.writeSeparator();
    hash.write(labels[name]);
    hash.writeSeparator();
  }
  return hash.hex();
}

/** A key derived from content (FNV-1a 64 over the text's UTF-8 bytes), for keys that must come out the same on a retry. */
export function contentKey(text: string): string {
  const hash = new Fnv1a64();
  hash.write(text);
  return hash.hex();
}

const OFFSET_BASIS = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;
const SEPARATOR = 0xff;
const utf8 = new TextEncoder();

class Fnv1a64 {
  private state = OFFSET_BASIS;

  write(text: string): void {
    for (const byte of utf8.encode(text)) this.writeByte(byte);
  }

  writeSeparator(): void {
    this.writeByte(SEPARATOR);
  }

  hex(): string {
    return this.state.toString(16).padStart(16, '0');
  }

  private writeByte(byte: number): void {
    this.state = ((this.state ^ BigInt(byte)) * PRIME) & MASK;
  }
}
