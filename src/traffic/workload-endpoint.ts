/**
 * A non-Kubernetes workload endpoint (Istio `WorkloadEntry` spec): used by `ServiceEntry` endpoints,
 * `WorkloadEntry` and the `WorkloadGroup` template.
 */
export interface WorkloadEndpoint {
  /**
   * Address without port: an IP, a DNS name (with DNS resolution) or a `unix:///absolute/path` socket. Required
   * unless `network` is set (the endpoint is then reached through that network's gateway).
   * @default - none
   */
  readonly address?: string;
  /**
   * Ports by the port name of the service (e.g. `{ http: 8080 }`), when they differ from the service ports.
   * @default - the service ports
   */
  readonly ports?: { [portName: string]: number };
  /**
   * Labels of the endpoint (for subsets and selectors).
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Network of the endpoint (multi-network meshes).
   * @default - the local network
   */
  readonly network?: string;
  /**
   * Locality `region/zone/subzone`.
   * @default - none
   */
  readonly locality?: string;
  /**
   * Load balancing weight.
   * @default - equal weights
   */
  readonly weight?: number;
  /**
   * Service account of the workload (its mTLS identity), when it runs a sidecar.
   * @default - none
   */
  readonly serviceAccount?: string;
}
