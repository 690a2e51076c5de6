import { stringify } from 'yaml';
import { istioInjectionTemplates } from '../../upstream/upstream-data';

/** Inputs of the `config` key of `istio-sidecar-injector`. */
export interface InjectorConfigInput {
  /** `sidecarInjectorWebhook.defaultTemplates` (empty: `[sidecar]`). */
  readonly defaultTemplates: string[];
  /** `global.proxy.autoInject`: `enabled` or `disabled`. */
  readonly policy: string;
  /** `sidecarInjectorWebhook.injectedAnnotations`. */
  readonly injectedAnnotations: Record<string, string>;
  /** `sidecarInjectorWebhook.templates`: user templates by name (a built-in name replaces the built-in). */
  readonly templates: Record<string, string>;
}

function indentLines(text: string, pad: string): string {
  return text.split('\n').map((line) => (line === '' ? '' : pad + line)).join('\n');
}

/**
 * The `config` key of the `istio-sidecar-injector` ConfigMap, as the istio-discovery chart renders it: the injection
 * policy and the pinned upstream templates (each trimmed and embedded as a literal block), then the user's templates.
 */
export function injectorConfig(input: InjectorConfigInput): string {
  const lines: string[] = [
    '# defaultTemplates defines the default template to use for pods that do not explicitly specify a template',
  ];
  if (input.defaultTemplates.length > 0) {
    lines.push('defaultTemplates:', ...input.defaultTemplates.map((t) => `- ${t}`));
  } else {
    lines.push('defaultTemplates: [sidecar]');
  }
  lines.push(`policy: ${input.policy}`);
  lines.push('alwaysInjectSelector:', '  []', 'neverInjectSelector:', '  []', 'injectedAnnotations:');
  for (const key of Object.keys(input.injectedAnnotations).sort()) {
    lines.push(`  ${JSON.stringify(key)}: ${JSON.stringify(input.injectedAnnotations[key])}`);
  }
  lines.push('template: "{{ Template_Version_And_Istio_Version_Mismatched_Check_Installation }}"');
  lines.push('templates:');
  for (const { name, text } of istioInjectionTemplates()) {
    if (name in input.templates) continue;
    lines.push(`  ${name}: |`, indentLines(text.trim(), '    '));
  }
  const user = Object.keys(input.templates);
  if (user.length > 0) {
    const block: Record<string, string> = {};
    for (const name of user.sort()) block[name] = input.templates[name];
    lines.push(indentLines(stringify(block, { blockQuote: 'literal', lineWidth: 0 }).trimEnd(), '  '));
  }
  return lines.join('\n');
}
