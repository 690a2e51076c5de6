/** Ports of istiod's Service (upstream's `istiod` Service, also used by the revision-tag Services). */
export const ISTIOD_SERVICE_PORTS: ReadonlyArray<{ port: number; name: string; targetPort?: number; protocol: string }> = [
  { port: 15010, name: 'grpc-xds', protocol: 'TCP' },
  { port: 15012, name: 'https-dns', protocol: 'TCP' },
  { port: 443, name: 'https-webhook', targetPort: 15017, protocol: 'TCP' },
  { port: 15014, name: 'http-monitoring', protocol: 'TCP' },
];
