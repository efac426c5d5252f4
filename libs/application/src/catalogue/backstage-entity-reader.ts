import { BackstageEntity, ImportProblem, isRecord } from './backstage-entities';

type Path = readonly (string | number)[];

/**
 * Reads typed fields of one entity; a field of the wrong shape becomes a
 * problem at its line and column (and reads as absent), so that one pass
 * over the files reports every such problem at once.
 */
export class BackstageEntityReader {
  constructor(
    readonly entity: BackstageEntity,
    private readonly problems: ImportProblem[],
  ) {}

  get label(): string {
    return `${this.entity.kind} ${this.entity.name}`;
  }

  fail(path: Path, message: string): undefined {
    this.problems.push({ ...this.entity.locate(path), message: `${this.label}: ${message}` });
    return undefined;
  }

  has(path: Path): boolean {
    const value = this.at(path);
    return value !== undefined && value !== null;
  }

  /** Text, or a number written without quotes (`tier: 1`), as text. */
  text(path: Path): string | undefined {
    const value = this.at(path);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    return this.fail(path, `${path.join('.')} must be text`);
  }

  textList(path: Path): string[] | undefined {
    const value = this.at(path);
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
    return this.fail(path, `${path.join('.')} must be a list of text`);
  }

  mappingList(path: Path): Record<string, unknown>[] | undefined {
    const value = this.at(path);
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value) && value.every(isRecord)) return value;
    return this.fail(path, `${path.join('.')} must be a list of mappings`);
  }

  annotation(key: string): string | undefined {
    return this.text(['metadata', 'annotations', key]);
  }

  private at(path: Path): unknown {
    let value: unknown = this.entity.data;
    for (const key of path) {
      if (!isRecord(value) && !Array.isArray(value)) return undefined;
      value = (value as Record<string | number, unknown>)[key];
    }
    return value;
  }
}
