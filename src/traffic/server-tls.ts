/** How a Gateway server (or Sidecar ingress listener) handles TLS (Istio `ServerTLSSettings.TLSmode`). */
export enum ServerTlsMode {
  /** Route by SNI and pass TLS through to the backend. */
  PASSTHROUGH = 'PASSTHROUGH',
  /** Terminate TLS with a server certificate. */
  SIMPLE = 'SIMPLE',
  /** Terminate TLS and require a client certificate. */
  MUTUAL = 'MUTUAL',
  /** Pass through, routing by SNI to the service encoded in it (multi-network east-west gateways). */
  AUTO_PASSTHROUGH = 'AUTO_PASSTHROUGH',
  /** Terminate Istio mutual TLS (traffic from sidecars, e.g. to an egress gateway). */
  ISTIO_MUTUAL = 'ISTIO_MUTUAL',
  /** Terminate TLS; verify a client certificate when one is presented. */
  OPTIONAL_MUTUAL = 'OPTIONAL_MUTUAL',
}

/** TLS protocol versions. */
export enum TlsVersion {
  /** Envoy's default. */
  TLS_AUTO = 'TLS_AUTO',
  /** TLS 1.0 (insecure). */
  TLS_V1_0 = 'TLSV1_0',
  /** TLS 1.1 (insecure). */
  TLS_V1_1 = 'TLSV1_1',
  /** TLS 1.2. */
  TLS_V1_2 = 'TLSV1_2',
  /** TLS 1.3. */
  TLS_V1_3 = 'TLSV1_3',
}

/** A certificate given by file paths (for gateways that mount their certificates). */
export interface TlsCertificateFiles {
  /** Path of the server certificate. */
  readonly serverCertificate: string;
  /** Path of the private key. */
  readonly privateKey: string;
  /**
   * Path of the CA certificates.
   * @default - none
   */
  readonly caCertificates?: string;
}

/**
 * TLS of a Gateway server or Sidecar ingress listener (Istio `ServerTLSSettings`). For SIMPLE, MUTUAL and
 * OPTIONAL_MUTUAL a certificate is required: `credentialName` (a Secret in the gateway's namespace; the usual
 * choice), `credentialNames`, `tlsCertificates` or the `serverCertificate`/`privateKey` files.
 */
export interface ServerTlsSettings {
  /**
   * The TLS mode. Required unless the server only redirects HTTP to HTTPS (`httpsRedirect`).
   * @default - none (only valid with httpsRedirect)
   */
  readonly mode?: ServerTlsMode;
  /**
   * Answer plain HTTP requests with a 301 redirect to HTTPS.
   * @default false
   */
  readonly httpsRedirect?: boolean;
  /**
   * Secret (or ConfigMap for CA) with the certificate, key and CA, in the gateway's namespace.
   * @default - none
   */
  readonly credentialName?: string;
  /**
   * Up to two Secrets (e.g. RSA and ECDSA certificates).
   * @default - none
   */
  readonly credentialNames?: string[];
  /**
   * Up to two certificates from files.
   * @default - none
   */
  readonly tlsCertificates?: TlsCertificateFiles[];
  /**
   * Path of the server certificate file.
   * @default - none
   */
  readonly serverCertificate?: string;
  /**
   * Path of the private key file.
   * @default - none
   */
  readonly privateKey?: string;
  /**
   * Path of the CA certificates used to verify clients.
   * @default - none
   */
  readonly caCertificates?: string;
  /**
   * Secret or ConfigMap with the CA certificates used to verify clients.
   * @default - none
   */
  readonly caCertCredentialName?: string;
  /**
   * Path of a certificate revocation list.
   * @default - none
   */
  readonly caCrl?: string;
  /**
   * Subject alternative names accepted in client certificates.
   * @default - any
   */
  readonly subjectAltNames?: string[];
  /**
   * Base64 SHA-256 hashes of accepted client certificate SPKIs.
   * @default - any
   */
  readonly verifyCertificateSpki?: string[];
  /**
   * Hex SHA-256 hashes of accepted client certificates.
   * @default - any
   */
  readonly verifyCertificateHash?: string[];
  /**
   * Minimum TLS version.
   * @default - Istio default (TLS 1.2)
   */
  readonly minProtocolVersion?: TlsVersion;
  /**
   * Maximum TLS version.
   * @default - Istio default (TLS 1.3)
   */
  readonly maxProtocolVersion?: TlsVersion;
  /**
   * Cipher suites (TLS 1.2 and below).
   * @default - Istio default
   */
  readonly cipherSuites?: string[];
}
