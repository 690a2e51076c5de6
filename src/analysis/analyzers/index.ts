import { Analyzer, AnalyzerRegistry } from '../analyzer';
import { alphaAnnotationsAnalyzer, annotationsAnalyzer } from './annotations';
import { blockedCidrsAnalyzer } from './authn';
import { authorizationPoliciesAnalyzer, principalReferencesAnalyzer } from './authz';
import { conditionAnalyzer } from './conditions';
import { applicationUidAnalyzer, serviceAssociationAnalyzer } from './deployment';
import { deprecationAnalyzer } from './deprecation';
import { caCertificateAnalyzer, subsetSelectPodAnalyzer } from './destinationrule';
import { envoyFilterValidationAnalyzer, envoyPatchAnalyzer } from './envoyfilter';
import { externalControlPlaneAnalyzer } from './externalcontrolplane';
import { conflictingGatewayAnalyzer, gatewayCertificateAnalyzer, gatewaySecretAnalyzer, ingressGatewayPortAnalyzer } from './gateway';
import { imageAutoAnalyzer, injectionAnalyzer, injectionImageAnalyzer } from './injection';
import { k8sGatewayCrdVersionAnalyzer, k8sGatewaySelectorAnalyzer } from './k8sgateway';
import { meshNetworksAnalyzer } from './meshnetworks';
import { schemaValidationAnalyzer } from './schema';
import { portNameAnalyzer } from './service';
import { protocolAddressesAnalyzer } from './serviceentry';
import { sidecarSelectorAnalyzer } from './sidecar';
import { lightstepAnalyzer, telemetryDefaultSelectorAnalyzer, telemetryProviderAnalyzer, telemetrySelectorAnalyzer } from './telemetry';
import {
  conflictingMeshGatewayHostsAnalyzer, jwtClaimRouteAnalyzer, vsDestinationHostAnalyzer, vsDestinationRuleAnalyzer,
  vsGatewayAnalyzer, vsValidationAnalyzer,
} from './virtualservice';
import { webhookAnalyzer } from './webhook';

/**
 * Every analyzer, in the order of istioctl's analyzers.All() (sorted by package), then schema validation.
 * @internal
 */
export const ALL_ANALYZERS: ReadonlyArray<Analyzer> = [
  annotationsAnalyzer,
  alphaAnnotationsAnalyzer,
  blockedCidrsAnalyzer,
  authorizationPoliciesAnalyzer,
  principalReferencesAnalyzer,
  conditionAnalyzer,
  serviceAssociationAnalyzer,
  applicationUidAnalyzer,
  caCertificateAnalyzer,
  subsetSelectPodAnalyzer,
  deprecationAnalyzer,
  envoyPatchAnalyzer,
  externalControlPlaneAnalyzer,
  ingressGatewayPortAnalyzer,
  gatewayCertificateAnalyzer,
  gatewaySecretAnalyzer,
  conflictingGatewayAnalyzer,
  injectionAnalyzer,
  injectionImageAnalyzer,
  imageAutoAnalyzer,
  k8sGatewaySelectorAnalyzer,
  k8sGatewayCrdVersionAnalyzer,
  meshNetworksAnalyzer,
  portNameAnalyzer,
  sidecarSelectorAnalyzer,
  conflictingMeshGatewayHostsAnalyzer,
  vsDestinationHostAnalyzer,
  vsDestinationRuleAnalyzer,
  vsGatewayAnalyzer,
  jwtClaimRouteAnalyzer,
  protocolAddressesAnalyzer,
  webhookAnalyzer,
  telemetryProviderAnalyzer,
  telemetrySelectorAnalyzer,
  telemetryDefaultSelectorAnalyzer,
  lightstepAnalyzer,
  schemaValidationAnalyzer,
  vsValidationAnalyzer,
  envoyFilterValidationAnalyzer,
];

/**
 * A registry holding every analyzer.
 * @internal
 */
export function defaultRegistry(): AnalyzerRegistry {
  return new AnalyzerRegistry(ALL_ANALYZERS);
}
