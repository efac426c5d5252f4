import { Composer, Document, LineCounter, Parser, YAMLError } from 'yaml';
import { DEFAULT_NAMESPACE } from './backstage-format';

/** A file's name (as the caller wants it shown) and its text: the caller reads files, this reads text. */
export interface CatalogueFile {
  path: string;
  text: string;
}

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface ImportProblem extends SourceLocation {
  message: string;
}

export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

export function formatProblem(problem: ImportProblem): string {
  return `${formatLocation(problem)}: ${problem.message}`;
}

/** The files cannot be imported; nothing of them is. Each problem names its file, line and column. */
export class CatalogueImportError extends Error {
  constructor(readonly problems: readonly ImportProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'CatalogueImportError';
  }
}

type Path = readonly (string | number)[];

/** One entity of a file, with where each of its fields is written. */
export interface BackstageEntity {
  kind: string;
  name: string;
  namespace: string;
  /** The document as plain data. */
  data: EntityData;
  /** The document's first line. */
  location: SourceLocation;
  /** Where the field at `path` is written, or the nearest field around it that is. */
  locate(path: Path): SourceLocation;
}

export interface EntityData {
  metadata: Record<string, unknown> & { annotations?: Record<string, unknown> };
  spec?: Record<string, unknown>;
}

/** How far a read has come: the documents read, and the share of all the files' characters they end at. */
export interface ReadProgress {
  documents: number;
  fraction: number;
}

/**
 * Every entity of every file, or the problems that stop them being read (all
 * of them, not only the first). Parsing is most of an import's time, so
 * documents are parsed one at a time and `onProgress` is told after each:
 * one large file shows progress as well as many small ones.
 */
export function readBackstageEntities(
  files: readonly CatalogueFile[],
  onProgress: (progress: ReadProgress) => void = () => undefined,
): { entities: BackstageEntity[]; problems: ImportProblem[] } {
  const entities: BackstageEntity[] = [];
  const problems: ImportProblem[] = [];
  const characters = files.reduce((sum, file) => sum + file.text.length, 0);
  let documents = 0;
  let before = 0;
  for (const file of files) {
    const lines = new LineCounter();
    const at = (offset: number): SourceLocation => ({ file: file.path, ...linePosition(lines, offset) });
    for (const document of new Composer().compose(new Parser(lines.addNewLine).parse(file.text))) {
      onProgress({ documents: ++documents, fraction: characters === 0 ? 1 : (before + document.range[2]) / characters });
      const errors = [...document.errors];
      if (errors.length > 0) {
        problems.push(...errors.map((error) => yamlProblem(error, at)));
        continue;
      }
      const read = readEntity(document, at);
      if (read === undefined) continue;
      if ('message' in read) problems.push(read);
      else entities.push(read);
    }
    before += file.text.length;
  }
  return { entities, problems };
}

function yamlProblem(error: YAMLError, at: (offset: number) => SourceLocation): ImportProblem {
  // The parser appends "at line L, column C:" and an excerpt; the location is given apart.
  const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return { ...at(error.pos[0]), message: `not valid YAML: ${message}` };
}

function readEntity(document: Document, at: (offset: number) => SourceLocation): BackstageEntity | ImportProblem | undefined {
  let data: unknown;
  try {
    data = document.toJS();
  } catch (error) {
    // Well-formed YAML that cannot become data: an alias to nothing, or aliases that would expand past the parser's limit.
    return { ...at(document.contents?.range?.[0] ?? 0), message: `not valid YAML: ${error instanceof Error ? error.message : String(error)}` };
  }
  // An empty document, as after a trailing `---` or one holding only comments.
  if (data === null || data === undefined) return undefined;
  const locate = (path: Path): SourceLocation => {
    for (let length = path.length; length > 0; length--) {
      const node = document.getIn(path.slice(0, length), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return at(node.range[0]);
    }
    return at(document.contents?.range?.[0] ?? 0);
  };
  if (!isRecord(data)) return { ...locate([]), message: 'an entity is a mapping with apiVersion, kind, metadata and spec' };
  if (typeof data.kind !== 'string' || data.kind.trim() === '') return { ...locate(['kind']), message: 'the entity has no kind' };
  const metadata = data.metadata;
  if (!isRecord(metadata) || typeof metadata.name !== 'string' || metadata.name.trim() === '') {
    return { ...locate(['metadata', 'name']), message: `the ${data.kind} has no metadata.name` };
  }
  if (data.spec !== undefined && !isRecord(data.spec)) return { ...locate(['spec']), message: 'spec must be a mapping' };
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace.trim().toLowerCase() : DEFAULT_NAMESPACE;
  return {
    kind: data.kind.trim(),
    name: metadata.name.trim(),
    namespace,
    data: data as unknown as EntityData,
    location: locate([]),
    locate,
  };
}

function linePosition(lines: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
