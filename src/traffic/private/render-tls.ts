import { IConstruct } from 'constructs';
import { ValidationError } from '../../core/errors';
import { isDns1123Subdomain } from '../../core/names';
import * as networking from '../../imports/networking';
import { ServerTlsMode, ServerTlsSettings } from '../server-tls';
import { l1, nonEmpty } from './common';

const TERMINATING = new Set([ServerTlsMode.SIMPLE, ServerTlsMode.MUTUAL, ServerTlsMode.OPTIONAL_MUTUAL]);
const NO_CERTIFICATE = new Set([ServerTlsMode.PASSTHROUGH, ServerTlsMode.AUTO_PASSTHROUGH, ServerTlsMode.ISTIO_MUTUAL]);

/** Renders server TLS settings (Gateway servers and Sidecar ingress listeners share the shape). */
export function renderServerTls(scope: IConstruct, field: string, t: ServerTlsSettings): networking.GatewaySpecServersTls {
  if (t.mode === undefined && !t.httpsRedirect) {
    throw new ValidationError(scope, `${field}.mode`, 'is required unless the server only redirects to HTTPS, got undefined; set mode (e.g. ServerTlsMode.SIMPLE) or httpsRedirect: true');
  }
  const sources = [
    t.credentialName !== undefined ? 'credentialName' : undefined,
    (t.credentialNames ?? []).length > 0 ? 'credentialNames' : undefined,
    (t.tlsCertificates ?? []).length > 0 ? 'tlsCertificates' : undefined,
    t.serverCertificate !== undefined || t.privateKey !== undefined ? 'serverCertificate/privateKey' : undefined,
  ].filter((s): s is string => s !== undefined);
  if (t.mode !== undefined && TERMINATING.has(t.mode)) {
    if (sources.length === 0) {
      throw new ValidationError(scope, `${field}.credentialName`, `is required to terminate TLS (mode ${t.mode}), got no credentialName, credentialNames, tlsCertificates or certificate files; ` +
        "set credentialName to the TLS Secret in the gateway's namespace");
    }
    if (sources.includes('serverCertificate/privateKey') && (t.serverCertificate === undefined || t.privateKey === undefined)) {
      throw new ValidationError(scope, field, 'needs both serverCertificate and privateKey, got only one; set both file paths or use credentialName');
    }
  }
  if (sources.length > 1) {
    throw new ValidationError(scope, field, `takes one certificate source, got ${sources.join(' and ')}; keep one of them`);
  }
  if ((t.credentialNames ?? []).length > 2) {
    throw new ValidationError(scope, `${field}.credentialNames`, `takes at most 2 Secrets, got ${t.credentialNames!.length}; keep one RSA and one ECDSA certificate`);
  }
  if ((t.tlsCertificates ?? []).length > 2) {
    throw new ValidationError(scope, `${field}.tlsCertificates`, `takes at most 2 certificates, got ${t.tlsCertificates!.length}; keep one RSA and one ECDSA certificate`);
  }
  for (const [i, name] of [t.credentialName, ...(t.credentialNames ?? []), t.caCertCredentialName].entries()) {
    if (name !== undefined && !isDns1123Subdomain(name)) {
      throw new ValidationError(scope, `${field}.credentialName`, `must be a Secret name (DNS-1123 subdomain), got '${name}' (entry ${i}); use the name of the TLS Secret`);
    }
  }
  if (t.mode !== undefined && NO_CERTIFICATE.has(t.mode) && sources.length > 0) {
    throw new ValidationError(scope, field, `mode ${t.mode} does not use a server certificate, got ${sources.join(', ')}; remove it or use mode SIMPLE/MUTUAL`);
  }
  return {
    mode: l1(t.mode),
    httpsRedirect: t.httpsRedirect,
    credentialName: t.credentialName,
    credentialNames: nonEmpty(t.credentialNames),
    tlsCertificates: nonEmpty(t.tlsCertificates?.map((c) => ({
      serverCertificate: c.serverCertificate, privateKey: c.privateKey, caCertificates: c.caCertificates,
    }))),
    serverCertificate: t.serverCertificate,
    privateKey: t.privateKey,
    caCertificates: t.caCertificates,
    caCertCredentialName: t.caCertCredentialName,
    caCrl: t.caCrl,
    subjectAltNames: nonEmpty(t.subjectAltNames),
    verifyCertificateSpki: nonEmpty(t.verifyCertificateSpki),
    verifyCertificateHash: nonEmpty(t.verifyCertificateHash),
    minProtocolVersion: l1(t.minProtocolVersion),
    maxProtocolVersion: l1(t.maxProtocolVersion),
    cipherSuites: nonEmpty(t.cipherSuites),
  };
}
