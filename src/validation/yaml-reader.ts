import { Document, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseAllDocuments, parseDocument, Scalar, visit } from 'yaml';
import { ValidationCheck } from './finding';
import { ObjectIssue, pointerJoin, pointerTokens } from './object-issue';

/**
 * One Kubernetes object read from a YAML stream, with what is needed to point back into the source.
 * @internal
 */
export interface SourcedObject {
  /** The object as a YAML 1.2 parser (and cdk8s) reads it. */
  readonly object: any;
  /** Zero-based index of the YAML document in its stream. */
  readonly documentIndex?: number;
  /** File name, `-` for standard input. */
  readonly file?: string;
  /** Maps a JSON pointer inside the object to a one-based line and column. */
  readonly locate?: (pointer: string) => { line: number; column: number } | undefined;
  /** Problems found while reading (duplicate keys, ambiguous scalars), already tied to paths. */
  readonly readIssues: ObjectIssue[];
}

/**
 * A problem that is not tied to one object: a YAML syntax error, or a document that is not a Kubernetes object.
 * @internal
 */
export interface StreamIssue {
  readonly check: ValidationCheck;
  readonly message: string;
  readonly documentIndex: number;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

/** @internal */
export interface ReadResult {
  readonly objects: SourcedObject[];
  readonly streamIssues: StreamIssue[];
}

// Plain scalars that YAML 1.1 (go-yaml v2, used by kubectl, kustomize, Helm and the API server's YAML decoding)
// resolves differently from YAML 1.2 core schema (JavaScript `yaml`, cdk8s).
const YAML11_BOOLEANS = new Map<string, boolean>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON'].map((s) => [s, true] as [string, boolean]),
  ...['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF'].map((s) => [s, false] as [string, boolean]),
]);

/**
 * How a YAML 1.1 parser reads a plain scalar, when that differs from the YAML 1.2 reading; undefined otherwise.
 * @internal
 */
export function yaml11Reading(source: string): string | undefined {
  const bool = YAML11_BOOLEANS.get(source);
  if (bool !== undefined) return `the boolean ${bool}`;
  // Octal without 0o: 1.1 reads 0777 as 511, 1.2 core schema as 777.
  if (/^[-+]?0[0-7]+$/.test(source)) return `the integer ${parseInt(source, 8)} (octal)`;
  // Binary and underscore-grouped numbers are integers in 1.1, strings in 1.2.
  const bin = /^([-+]?)0b([01_]+)$/.exec(source);
  if (bin) return `the integer ${bin[1] === '-' ? '-' : ''}${parseInt(bin[2].replace(/_/g, ''), 2)}`;
  if (/^[-+]?(0|[1-9][0-9_]*)$/.test(source) && source.includes('_')) return `the integer ${source.replace(/_/g, '')}`;
  // Sexagesimal integers (1.1 only): 1:30 is 90.
  if (/^[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+$/.test(source)) {
    const value = source.replace(/^[-+]/, '').split(':').reduce((acc, part) => acc * 60 + Number(part.replace(/_/g, '')), 0);
    return `the integer ${source.startsWith('-') ? -value : value} (base 60)`;
  }
  return undefined;
}

function describe12(node: Scalar): string {
  return typeof node.value === 'string' ? `the string ${JSON.stringify(node.value)}` : `the ${typeof node.value} ${String(node.value)}`;
}

function keyString(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}


/** JSON pointer of the node a visitor is at, from its ancestry (`path`) and its key in the parent. */
function pointerOf(path: readonly unknown[], key: unknown): string {
  const tokens: string[] = [];
  for (let i = 1; i < path.length; i++) {
    const el = path[i];
    const parent = path[i - 1];
    if (isPair(el)) tokens.push(keyString(el.key));
    else if (isSeq(parent)) tokens.push(String(parent.items.indexOf(el as never)));
  }
  if (typeof key === 'number') tokens.push(String(key));
  return tokens.reduce(pointerJoin, '');
}

function scanAmbiguousScalars(doc: Document): ObjectIssue[] {
  const issues: ObjectIssue[] = [];
  visit(doc, {
    Scalar(key, node, path) {
      if (node.type !== 'PLAIN' || typeof node.source !== 'string') return;
      const as11 = yaml11Reading(node.source);
      if (!as11) return;
      const isKey = key === 'key';
      const pointer = pointerOf(path, key);
      issues.push({
        check: ValidationCheck.AMBIGUOUS_SCALAR,
        path: pointer,
        message: `unquoted ${isKey ? 'key' : 'value'} ${node.source} is ${describe12(node)} in YAML 1.2 (JavaScript, cdk8s) ` +
          `but ${as11} in YAML 1.1 (kubectl, kustomize, Helm); quote it ("${node.source}") or write the value you mean unambiguously`,
      });
    },
  });
  return issues;
}

function duplicateKeyIssues(doc: Document): ObjectIssue[] {
  const issues: ObjectIssue[] = [];
  visit(doc, {
    Map(key, node, path) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const k = keyString(pair.key);
        if (seen.has(k)) {
          issues.push({
            check: ValidationCheck.DUPLICATE_KEY,
            path: pointerJoin(pointerOf(path, key), k),
            message: `key ${JSON.stringify(k)} appears more than once in the same mapping; kubectl's strict field validation rejects duplicate fields and other tools disagree about which value wins: remove the duplicate`,
          });
        }
        seen.add(k);
      }
    },
  });
  return issues;
}

/** The offset of the node a JSON pointer leads to in a parsed document (or of its nearest located ancestor). */
function offsetOf(doc: Document, pointer: string): number | undefined {
  const tokens = pointerTokens(pointer);
  let node: Node | null | undefined = doc.contents as Node | null;
  let best = node?.range?.[0];
  for (const token of tokens) {
    if (isMap(node)) {
      const pair = node.items.find((p) => keyString(p.key) === token);
      if (!pair) break;
      if (isScalar(pair.key) && pair.key.range) best = pair.key.range[0];
      node = pair.value as Node | null;
      if (node?.range && !isScalar(pair.key)) best = node.range[0];
    } else if (isSeq(node)) {
      node = node.items[Number(token)] as Node | undefined;
      if (!node) break;
      if (node.range) best = node.range[0];
    } else {
      break;
    }
  }
  return best;
}

/**
 * Maps JSON pointers of one document to lines and columns. The syntax tree is not kept after reading (on large
 * inputs it is many times the size of the objects, and everything that walks the objects afterwards pays for it in
 * cache misses and garbage collection): the document's text is parsed again the first time a position is asked
 * for, which only documents with findings are. The document's text alone has the same structure and positions as
 * in the stream (directives before its `---` only change how tags and scalars resolve).
 */
function locator(text: string, range: readonly [number, number], lines: LineCounter): SourcedObject['locate'] & {} {
  let parsed: { doc: Document; offset: number } | undefined;
  return (pointer) => {
    parsed ??= { doc: parseDocument(text.slice(range[0], range[1]), { uniqueKeys: false, prettyErrors: false }), offset: range[0] };
    const best = offsetOf(parsed.doc, pointer);
    if (best === undefined) return undefined;
    const pos = lines.linePos(best + parsed.offset);
    return { line: pos.line, column: pos.col };
  };
}

/**
 * A deep copy of a value the YAML parser built. The parser allocates the objects interleaved with its syntax tree;
 * once the tree is garbage, they are scattered over the heap, and every later pass over them (validation,
 * analysis) misses the CPU caches. Copied right away, they sit together. Keeps what JSON would lose (NaN,
 * Infinity, a `__proto__` key).
 */
function compactCopy(value: unknown): any {
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = compactCopy(value[i]);
    return out;
  }
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = compactCopy((value as Record<string, unknown>)[key]);
    if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  }
  return out;
}

/**
 * Reads a multi-document YAML (or JSON) stream into Kubernetes objects. Never drops a document silently:
 * empty documents are the only ones skipped; anything else that is not an object with apiVersion and kind is
 * reported, and `kind: List` is expanded into its items.
 * @internal
 */
export function readYamlStream(text: string, file?: string): ReadResult {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const objects: SourcedObject[] = [];
  const streamIssues: StreamIssue[] = [];
  docs.forEach((doc, documentIndex) => {
    const syntax = doc.errors.filter((e) => e.code !== 'DUPLICATE_KEY');
    if (syntax.length > 0) {
      for (const err of syntax) {
        const pos = lines.linePos(err.pos[0]);
        streamIssues.push({
          check: ValidationCheck.YAML_SYNTAX,
          message: `YAML syntax error: ${err.message.split('\n')[0]}`,
          documentIndex,
          file,
          line: pos.line,
          column: pos.col,
        });
      }
      return;
    }
    const value = compactCopy(doc.toJS({ maxAliasCount: 100 }));
    if (value === null || value === undefined) return;
    const start = doc.contents?.range ? lines.linePos(doc.contents.range[0]) : undefined;
    if (typeof value !== 'object' || Array.isArray(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') {
      streamIssues.push({
        check: ValidationCheck.NOT_AN_OBJECT,
        message: 'document is not a Kubernetes object: expected a mapping with string apiVersion and kind',
        documentIndex,
        file,
        line: start?.line,
        column: start?.col,
      });
      return;
    }
    const readIssues = [...duplicateKeyIssues(doc), ...scanAmbiguousScalars(doc)];
    const locate = locator(text, [doc.range[0], doc.range[2]], lines);
    if (value.kind === 'List' && Array.isArray(value.items)) {
      value.items.forEach((item: any, i: number) => {
        const prefix = `/items/${i}`;
        objects.push({
          object: item,
          documentIndex,
          file,
          locate: (p) => locate(prefix + p),
          readIssues: readIssues.filter((r) => r.path.startsWith(prefix + '/')).map((r) => ({ ...r, path: r.path.slice(prefix.length) })),
        });
      });
      return;
    }
    objects.push({ object: value, documentIndex, file, locate, readIssues });
  });
  return { objects, streamIssues };
}
