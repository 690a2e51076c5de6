import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { ValidationError } from '../core/errors';
import { isDns1123Label } from '../core/names';

/**
 * A namespace an Istio resource is visible to (`exportTo`). Istio's default, when `exportTo` is not set, is every
 * namespace (unless the mesh config changes it).
 */
export class ExportTo {
  /** Only the resource's own namespace (`.`). */
  public static sameNamespace(): ExportTo {
    return new ExportTo('.');
  }

  /** Every namespace (`*`). */
  public static allNamespaces(): ExportTo {
    return new ExportTo('*');
  }

  /**
   * A namespace by name.
   * @param name the namespace
   */
  public static namespace(name: string): ExportTo {
    return new ExportTo(name);
  }

  /**
   * A cdk8s-plus Namespace.
   * @param namespace the namespace
   */
  public static fromNamespace(namespace: kplus.Namespace): ExportTo {
    return new ExportTo(namespace.name);
  }

  /**
   * Checks and renders an `exportTo` list: namespace names or `.`/`*`, no duplicates, `*` alone.
   * @internal
   */
  public static _render(scope: IConstruct, field: string, exportTo: ExportTo[] | undefined): string[] | undefined {
    if (exportTo === undefined || exportTo.length === 0) return undefined;
    const values = exportTo.map((e) => e.value);
    values.forEach((v, i) => {
      if (v !== '.' && v !== '*' && !isDns1123Label(v)) {
        throw new ValidationError(scope, `${field}[${i}]`, `must be '.', '*' or a namespace name (DNS-1123 label), got '${v}'; use ExportTo.sameNamespace(), ExportTo.allNamespaces() or ExportTo.namespace(name)`);
      }
    });
    if (values.includes('*') && values.length > 1) {
      throw new ValidationError(scope, field, `'*' already exports to every namespace and cannot be combined, got [${values.join(', ')}]; use ExportTo.allNamespaces() alone or list namespaces`);
    }
    if (new Set(values).size !== values.length) {
      throw new ValidationError(scope, field, `must not repeat a namespace, got [${values.join(', ')}]; list each namespace once`);
    }
    return values;
  }

  /** The rendered value: `.`, `*` or a namespace name. */
  public readonly value: string;

  private constructor(value: string) {
    this.value = value;
  }
}
