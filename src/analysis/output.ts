// Renders analysis messages as istioctl prints them (text), as the JSON array the CLI documents, and as SARIF 2.1.0
// for GitHub code scanning.
import { ALL_MESSAGE_TYPES } from './catalogue';
import { AnalysisLevel, AnalysisMessage } from './message';
import { friendlyName } from './resource';

/**
 * `Level [CODE] (Kind name.namespace file:line) message`, the line istioctl prints for a message.
 * @internal
 */
export function formatMessage(m: AnalysisMessage): string {
  const where = m.file !== undefined ? ` ${m.file}${m.line !== undefined ? `:${m.line}` : ''}` : '';
  return `${m.level} [${m.code}] (${friendlyName(m.resource.kind, m.resource.name, m.resource.namespace ?? '')}${where}) ${m.message}`;
}

/**
 * The JSON form of a message: `{code, name, level, message, resource: {kind, namespace, name}, file, documentIndex}`
 * (absent values are null, so every entry has the same shape).
 * @internal
 */
export function toJsonMessage(m: AnalysisMessage): Record<string, unknown> {
  return {
    code: m.code,
    name: m.name,
    level: m.level,
    message: m.message,
    resource: { kind: m.resource.kind, namespace: m.resource.namespace ?? null, name: m.resource.name },
    file: m.file ?? null,
    documentIndex: m.documentIndex ?? null,
  };
}

const SARIF_LEVEL: Record<AnalysisLevel, string> = {
  [AnalysisLevel.ERROR]: 'error',
  [AnalysisLevel.WARNING]: 'warning',
  [AnalysisLevel.INFO]: 'note',
};

/**
 * A SARIF 2.1.0 log with one run: a rule per message code that occurs (with its catalogue description and
 * istio.io page), a result per message located at its file, line and column, and the object as a logical location.
 * File paths are written with forward slashes, relative as given (GitHub resolves them against the repository root).
 * @internal
 */
export function toSarif(messages: ReadonlyArray<AnalysisMessage>, toolVersion: string): Record<string, unknown> {
  const codes = [...new Set(messages.map((m) => m.code))].sort();
  const types = ALL_MESSAGE_TYPES.filter((t) => codes.includes(t.code));
  const ruleIndex = new Map(types.map((t, i) => [t.code, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk8s-istio analyze',
          version: toolVersion,
          informationUri: 'https://istio.io/latest/docs/reference/config/analysis/',
          rules: types.map((t) => ({
            id: t.code,
            name: t.name,
            shortDescription: { text: t.description },
            helpUri: t.url,
            defaultConfiguration: { level: SARIF_LEVEL[t.level] },
          })),
        },
      },
      results: messages.map((m) => ({
        ruleId: m.code,
        ruleIndex: ruleIndex.get(m.code),
        level: SARIF_LEVEL[m.level],
        message: { text: m.message },
        locations: [{
          ...(m.file !== undefined ? {
            physicalLocation: {
              artifactLocation: { uri: m.file === '-' ? 'stdin' : m.file.replace(/\\/g, '/') },
              ...(m.line !== undefined ? { region: { startLine: m.line, startColumn: m.column ?? 1 } } : {}),
            },
          } : {}),
          logicalLocations: [{
            name: m.resource.name,
            fullyQualifiedName: friendlyName(m.resource.kind, m.resource.name, m.resource.namespace ?? ''),
            kind: m.resource.kind,
          }],
        }],
        partialFingerprints: {
          'istioResource/v1': `${m.code}:${friendlyName(m.resource.kind, m.resource.name, m.resource.namespace ?? '')}:${m.message}`,
        },
      })),
    }],
  };
}
