import { Construct } from 'constructs';
import { normalizeHost } from '../../core/host';
import { DestinationRule } from '../destination-rule';
import { SubsetReference } from './render-route';

/**
 * Checks that each referenced subset is defined by a DestinationRule construct for the same host in the app.
 */
export function checkSubsetReferences(scope: Construct, refs: SubsetReference[], namespace: string | undefined): string[] {
  if (refs.length === 0) return [];
  const rules = scope.node.root.node.findAll().filter((c): c is DestinationRule => c instanceof DestinationRule);
  const errors: string[] = [];
  for (const ref of refs) {
    const host = normalizeHost(ref.host, namespace);
    const matching = rules.filter((r) => normalizeHost(r.host, r.namespace) === host);
    if (matching.length === 0) {
      errors.push(`${scope.node.path}: ${ref.field}: refers to subset '${ref.subset}' of ${ref.host}, got no DestinationRule for that host in this app; ` +
        'add a DestinationRule defining the subset (or set subsetDefinedExternally when it is defined outside this app)');
      continue;
    }
    if (!matching.some((r) => r.hasSubset(ref.subset))) {
      const known = [...new Set(matching.flatMap((r) => r.subsetNames))];
      errors.push(`${scope.node.path}: ${ref.field}: refers to unknown subset '${ref.subset}' of ${ref.host}, got subsets [${known.join(', ')}] in ` +
        `${matching.map((r) => r.node.path).join(', ')}; add the subset with addSubset() or use one of those`);
    }
  }
  return errors;
}
