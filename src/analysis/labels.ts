// Label selectors as k8s.io/apimachinery/pkg/labels evaluates them, and an index so that matching a selector costs
// the size of the smallest label bucket, not the number of workloads.
import { Workload } from './resource';
import { pointerJoin } from '../validation/object-issue';

/** A map of required labels (Go's labels.Set used as a selector). @internal */
export type LabelSet = Readonly<Record<string, string>>;

/**
 * `labels.SelectorFromSet(set).String()`: `k=v` pairs sorted by key, joined by commas ('' for an empty set).
 * @internal
 */
export function selectorString(set: LabelSet | undefined): string {
  if (!set) return '';
  return Object.keys(set).sort().map((k) => `${k}=${set[k]}`).join(',');
}

/**
 * Where istioctl places a message about a selector (util.ExtractLabelFromSelectorString): at its first label in
 * selector string order, under `base`; at `base` when the selector is empty.
 * @internal
 */
export function selectorLabelPointer(base: string, set: LabelSet | undefined): string {
  const first = selectorString(set).split('=')[0];
  return first === '' ? base : pointerJoin(base, first);
}

/**
 * True when every `k=v` of the selector is a label of the object (an empty selector matches everything).
 * @internal
 */
export function matchesSet(selector: LabelSet | undefined, labels: LabelSet): boolean {
  if (!selector) return true;
  for (const k of Object.keys(selector)) {
    if (!Object.prototype.hasOwnProperty.call(labels, k) || labels[k] !== selector[k]) return false;
  }
  return true;
}

/**
 * metav1.LabelSelector semantics (matchLabels and matchExpressions with In, NotIn, Exists, DoesNotExist). A missing
 * selector matches everything; an invalid one matches nothing, as `LabelSelectorAsSelector` failing does.
 * @internal
 */
export function matchesLabelSelector(selector: any, labels: LabelSet): boolean {
  if (selector === undefined || selector === null) return true;
  if (typeof selector !== 'object') return false;
  if (!matchesSet(selector.matchLabels ?? undefined, labels)) return false;
  for (const expr of Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []) {
    const key = expr?.key;
    const values: string[] = Array.isArray(expr?.values) ? expr.values.map(String) : [];
    const has = typeof key === 'string' && Object.prototype.hasOwnProperty.call(labels, key);
    switch (expr?.operator) {
      case 'In': if (!has || !values.includes(labels[key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/**
 * Workloads indexed by namespace and by `key=value` label, built once per analysis.
 * @internal
 */
export class WorkloadIndex {
  private readonly byNamespace = new Map<string, Workload[]>();
  private readonly byLabel = new Map<string, Workload[]>();
  private readonly byNamespaceLabel = new Map<string, Workload[]>();

  constructor(public readonly all: ReadonlyArray<Workload>) {
    for (const w of all) {
      push(this.byNamespace, w.namespace, w);
      for (const [k, v] of Object.entries(w.labels)) {
        push(this.byLabel, `${k}=${v}`, w);
        push(this.byNamespaceLabel, `${w.namespace}\u0000${k}=${v}`, w);
      }
    }
  }

  /** The workloads of a namespace, in input order. */
  public inNamespace(namespace: string): ReadonlyArray<Workload> {
    return this.byNamespace.get(namespace) ?? [];
  }

  /**
   * The workloads a label set selects, in input order: in one namespace, or in all when `namespace` is undefined.
   * An empty selector selects every workload (of the namespace).
   */
  public select(selector: LabelSet | undefined, namespace?: string): ReadonlyArray<Workload> {
    const keys = selector ? Object.keys(selector) : [];
    if (keys.length === 0) return namespace === undefined ? this.all : this.inNamespace(namespace);
    let smallest: ReadonlyArray<Workload> | undefined;
    for (const k of keys) {
      const bucket = namespace === undefined
        ? this.byLabel.get(`${k}=${selector![k]}`)
        : this.byNamespaceLabel.get(`${namespace}\u0000${k}=${selector![k]}`);
      if (!bucket) return [];
      if (!smallest || bucket.length < smallest.length) smallest = bucket;
    }
    return keys.length === 1 ? smallest! : smallest!.filter((w) => matchesSet(selector, w.labels));
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
