import { IConstruct } from 'constructs';
import { ValidationError } from '../core/errors';
import { isDns1123Label, isDns1123Subdomain } from '../core/names';

/** What a `GatewayReference` needs of a Gateway construct. */
export interface IGatewayResource {
  /** The Gateway's `metadata.name`. */
  readonly name: string;
  /**
   * The Gateway's namespace, when known.
   * @default - unknown: referenced by name only
   */
  readonly namespace?: string;
}

/**
 * A gateway a VirtualService's routes apply to (`gateways`): the sidecars of the mesh (`mesh`) or an Istio
 * `Gateway`, referenced as `<namespace>/<name>`.
 */
export class GatewayReference {
  /** Every sidecar in the mesh (the reserved name `mesh`). The default when a VirtualService lists no gateways. */
  public static mesh(): GatewayReference {
    return new GatewayReference('mesh');
  }

  /**
   * A Gateway construct of this app (rendered `<namespace>/<name>` when its namespace is known).
   * @param gateway the Gateway
   */
  public static fromGateway(gateway: IGatewayResource): GatewayReference {
    return new GatewayReference(gateway.namespace ? `${gateway.namespace}/${gateway.name}` : gateway.name);
  }

  /**
   * A Gateway the app does not own.
   * @param name the Gateway name
   * @param namespace its namespace
   * @default - the namespace of the VirtualService
   */
  public static fromName(name: string, namespace?: string): GatewayReference {
    return new GatewayReference(namespace ? `${namespace}/${name}` : name);
  }

  /** The rendered reference: `mesh`, `<namespace>/<name>` or `<name>`. */
  public readonly value: string;

  private constructor(value: string) {
    this.value = value;
  }

  /**
   * Checks the reference and returns it.
   * @internal
   */
  public _resolve(scope: IConstruct, field: string): string {
    if (this.value === 'mesh') return this.value;
    const [first, second, extra] = this.value.split('/');
    const ok = extra === undefined && (second === undefined ? isDns1123Subdomain(first) : isDns1123Label(first) && isDns1123Subdomain(second));
    if (!ok) {
      throw new ValidationError(scope, field, `must be 'mesh' or '[<namespace>/]<gateway name>' with DNS-1123 names, got '${this.value}'; use GatewayReference.mesh(), fromGateway() or fromName()`);
    }
    return this.value;
  }
}
