import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ValidationCheck } from '../../src/validation/finding';
import { KubernetesSchemaValidator } from '../../src/validation/kubernetes-validator';

const validator = KubernetesSchemaValidator.load();
const ISTIO = join(__dirname, '../../upstream-data/istio/1.30.3');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(dir, f));
}

/** The objects of a file that are not Istio custom resources. */
function coreObjects(file: string): any[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => doc.toJS())
    .filter((obj) => obj && !String(obj.apiVersion).includes('istio.io/'));
}

const upstreamFiles = [
  ...yamlFiles(join(ISTIO, 'golden')),
  ...yamlFiles(join(ISTIO, 'golden', 'helm-template')),
  ...yamlFiles(join(ISTIO, 'addons')),
];

describe('upstream Istio 1.30.3 manifests', () => {
  it.each(upstreamFiles.map((f) => [f.slice(ISTIO.length + 1), f]))('%s: every core object is handled and valid', (_name, file) => {
    const objects = coreObjects(file);
    expect(objects.length).toBeGreaterThan(0);
    for (const obj of objects) {
      expect(validator.handles(obj.apiVersion, obj.kind), `${obj.apiVersion} ${obj.kind}`).toBe(true);
      expect({ object: `${obj.kind}/${obj.metadata?.name}`, issues: validator.validate(obj) })
        .toEqual({ object: `${obj.kind}/${obj.metadata?.name}`, issues: [] });
    }
  });
});

function deployment(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'reviews-v1', namespace: 'bookinfo', labels: { app: 'reviews' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'reviews', version: 'v1' } },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: 'reviews', version: 'v1' } },
        spec: {
          containers: [{
            name: 'reviews',
            image: 'docker.io/istio/examples-bookinfo-reviews-v1:1.20.3',
            ports: [{ name: 'http', containerPort: 9080 }],
            resources: { requests: { cpu: '100m', memory: '128Mi' } },
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          }],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  };
}

function service(): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'reviews', namespace: 'bookinfo' },
    spec: { selector: { app: 'reviews' }, ports: [{ name: 'http', port: 9080, targetPort: 9080 }] },
  };
}

function job(): any {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'migrate' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image: 'busybox' }] } } },
  };
}

/** A copy of `base` changed by `change`. */
function changed(base: () => any, change: (obj: any) => void): any {
  const obj = base();
  change(obj);
  return obj;
}

const apiServer = (path: string, message: string) => ({ check: ValidationCheck.API_SERVER, path, message });
const schema = (path: string, message: string) => ({ check: ValidationCheck.SCHEMA, path, message });
const unknownField = (path: string, message: string) => ({ check: ValidationCheck.UNKNOWN_FIELD, path, message });

describe('KubernetesSchemaValidator', () => {
  it('handles the core kinds by apiVersion and kind', () => {
    expect(validator.handles('apps/v1', 'Deployment')).toBe(true);
    expect(validator.handles('v1', 'Service')).toBe(true);
    expect(validator.handles('autoscaling/v2', 'HorizontalPodAutoscaler')).toBe(true);
    expect(validator.handles('apps/v1beta1', 'Deployment')).toBe(false);
    expect(validator.handles('networking.istio.io/v1', 'VirtualService')).toBe(false);
  });

  it.each([
    ['a Deployment', deployment()],
    ['a Service', service()],
    ['a Job', job()],
    ['null IntOrString values (maxSurge, targetPort)', changed(deployment, (d) => {
      d.spec.strategy.rollingUpdate.maxSurge = null;
    })],
    ['a null Service targetPort', changed(service, (s) => {
      s.spec.ports[0].targetPort = null;
    })],
    ['quantities given as numbers', changed(deployment, (d) => {
      d.spec.template.spec.containers[0].resources.limits = { 'cpu': 1, 'memory': 1073741824, 'nvidia.com/gpu': 0.5 };
    })],
    ['kubectl-style null and RFC 3339 timestamps', changed(deployment, (d) => {
      d.metadata.creationTimestamp = '2025-01-31T12:00:00.5+01:00';
      d.spec.template.metadata.creationTimestamp = null;
    })],
    ['a NetworkPolicy without podSelector (not required by the API server)', {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny-all' }, spec: { policyTypes: ['Ingress'] },
    }],
    ['RBAC names with colons', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:istio-reader' }, rules: [] }],
    ['generateName instead of name', changed(job, (j) => {
      j.metadata = { generateName: 'migrate-' };
    })],
    ['relaxed env var names', changed(deployment, (d) => {
      d.spec.template.spec.containers[0].env = [{ name: 'my.var-1', value: 'x' }];
    })],
    ['a StatefulSet without serviceName, mounting a volume claim template', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: {
        selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['db'] }] },
        template: {
          metadata: { labels: { app: 'db' } },
          spec: { containers: [{ name: 'db', image: 'postgres', volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql' }] }] },
        },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    }],
  ])('accepts %s', (_what, obj) => {
    expect(validator.validate(obj)).toEqual([]);
  });

  it.each([
    ['an unknown field in spec', changed(deployment, (d) => {
      d.spec.replica = 2;
    }), [unknownField('/spec/replica', 'spec.replica: unknown field (not in the Kubernetes 1.32 schema); did you mean "replicas"?')]],
    ['an unknown field in a pod template container', changed(deployment, (d) => {
      d.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    }), [unknownField('/spec/template/spec/containers/0/imagePullPolicyy',
      'spec.template.spec.containers[0].imagePullPolicyy: unknown field (not in the Kubernetes 1.32 schema); did you mean "imagePullPolicy"?')]],
    ['an unknown field with no close match', changed(deployment, (d) => {
      d.spec.template.spec.containers[0].sidecar = true;
    }), [unknownField('/spec/template/spec/containers/0/sidecar',
      'spec.template.spec.containers[0].sidecar: unknown field (not in the Kubernetes 1.32 schema); remove it, or check its spelling and indentation')]],
    ['an unknown field in metadata', changed(deployment, (d) => {
      d.metadata.label = { app: 'reviews' };
    }), [unknownField('/metadata/label', 'metadata.label: unknown field (not in the Kubernetes 1.32 schema); did you mean "labels"?')]],
    ['a wrong type', changed(deployment, (d) => {
      d.spec.replicas = '3';
    }), [schema('/spec/replicas', 'spec.replicas: must be an integer, got "3"')]],
    ['an int32 out of range', changed(deployment, (d) => {
      d.spec.replicas = 3000000000;
    }), [schema('/spec/replicas', 'spec.replicas: must be a 32-bit integer (-2147483648 to 2147483647), got 3000000000')]],
    ['a container without a name', changed(deployment, (d) => {
      delete d.spec.template.spec.containers[0].name;
    }), [schema('/spec/template/spec/containers/0/name', 'spec.template.spec.containers[0].name: required field is missing')]],
    ['a malformed quantity', changed(deployment, (d) => {
      d.spec.template.spec.containers[0].resources.requests.memory = '128 MB';
    }), [schema('/spec/template/spec/containers/0/resources/requests/memory',
      'spec.template.spec.containers[0].resources.requests.memory: must be a quantity such as "500m", "128Mi", "1.5" or "2e3", got "128 MB"')]],
    ['Secret data that is not base64', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token' }, data: { token: 'hello!' } },
      [schema('/data/token', 'data.token: must be base64-encoded (standard alphabet, with padding), got "hello!"')]],
    ['a missing selector (reported once)', changed(deployment, (d) => {
      delete d.spec.selector;
    }), [schema('/spec/selector', 'spec.selector: required field is missing')]],
    ['a selector that does not match the template', changed(deployment, (d) => {
      d.spec.template.metadata.labels.version = 'v2';
    }), [apiServer('/spec/template/metadata/labels', 'spec.template.metadata.labels: must be selected by spec.selector ' +
      '{"matchLabels":{"app":"reviews","version":"v1"}}, got {"app":"reviews","version":"v2"}; give the pod template the labels the selector selects')]],
    ['a matchExpressions selector that does not match the template', changed(deployment, (d) => {
      d.spec.selector = { matchExpressions: [{ key: 'version', operator: 'NotIn', values: ['v1'] }] };
    }), [apiServer('/spec/template/metadata/labels', 'spec.template.metadata.labels: must be selected by spec.selector ' +
      '{"matchExpressions":[{"key":"version","operator":"NotIn","values":["v1"]}]}, got {"app":"reviews","version":"v1"}; ' +
      'give the pod template the labels the selector selects')]],
    ['an empty selector', changed(deployment, (d) => {
      d.spec.selector = {};
    }), [apiServer('/spec/selector', 'spec.selector: must not be empty for a Deployment, got {}; ' +
      'set matchLabels or matchExpressions that select spec.template.metadata.labels')]],
    ['an In selector without values', changed(deployment, (d) => {
      d.spec.selector = { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] };
    }), [apiServer('/spec/selector/matchExpressions/0/values',
      'spec.selector.matchExpressions[0].values: must be non-empty when operator is "In" or "NotIn", got []')]],
    ['a Job selector without manualSelector', changed(job, (j) => {
      j.spec.selector = { matchLabels: { app: 'migrate' } };
    }), [apiServer('/spec/selector', 'spec.selector: must not be set unless spec.manualSelector is true, got {"matchLabels":{"app":"migrate"}}; ' +
      'remove it (the API server generates it) or set manualSelector: true')]],
    ['a manual Job selector that does not match', changed(job, (j) => {
      j.spec.manualSelector = true;
      j.spec.selector = { matchLabels: { app: 'migrate' } };
    }), [apiServer('/spec/template/metadata/labels', 'spec.template.metadata.labels: must be selected by spec.selector ' +
      '{"matchLabels":{"app":"migrate"}}, got {}; give the pod template the labels the selector selects')]],
    ['a Job with the default restart policy', changed(job, (j) => {
      delete j.spec.template.spec.restartPolicy;
    }), [apiServer('/spec/template/spec/restartPolicy', 'spec.template.spec.restartPolicy: required field is missing; ' +
      'the pods of a Job must set "OnFailure" or "Never" (the default, "Always", is not allowed)')]],
    ['a duplicate Service port name', changed(service, (s) => {
      s.spec.ports.push({ name: 'http', port: 9081 });
    }), [apiServer('/spec/ports/1/name', 'spec.ports[1].name: must be unique within the Service, got "http"; spec.ports[0].name has it too')]],
    ['a missing port name in a Service with two ports', changed(service, (s) => {
      s.spec.ports.push({ port: 9081 });
    }), [apiServer('/spec/ports/1/name', 'spec.ports[1].name: required field is missing; every port of a Service with more than one port needs a name')]],
    ['a duplicate Service port and protocol', changed(service, (s) => {
      s.spec.ports.push({ name: 'http-alt', port: 9080, protocol: 'TCP' });
    }), [apiServer('/spec/ports/1', 'spec.ports[1]: must be unique within the Service (port/protocol), got "9080/TCP"; spec.ports[0] has it too')]],
    ['a bad Service port name', changed(service, (s) => {
      s.spec.ports[0].name = 'HTTP';
    }), [apiServer('/spec/ports/0/name', 'spec.ports[0].name: must be a lowercase RFC 1123 label (lowercase letters, digits and \'-\', ' +
      'starting and ending with an alphanumeric), got "HTTP"')]],
    ['a bad container port name', changed(deployment, (d) => {
      d.spec.template.spec.containers[0].ports[0].name = 'http-metrics-port';
    }), [apiServer('/spec/template/spec/containers/0/ports/0/name', 'spec.template.spec.containers[0].ports[0].name: must be an IANA service ' +
      'name (at most 15 characters: lowercase letters, digits and \'-\', with at least one letter, and no leading, trailing or doubled \'-\'), ' +
      'got "http-metrics-port"')]],
    ['a duplicate container name', changed(deployment, (d) => {
      d.spec.template.spec.initContainers = [{ name: 'reviews', image: 'busybox' }];
    }), [apiServer('/spec/template/spec/initContainers/0/name', 'spec.template.spec.initContainers[0].name: must be unique within the pod, ' +
      'got "reviews"; spec.template.spec.containers[0].name has it too')]],
    ['a volumeMount to an unknown volume', changed(deployment, (d) => {
      d.spec.template.spec.containers[0].volumeMounts[0].name = 'temp';
    }), [apiServer('/spec/template/spec/containers/0/volumeMounts/0/name', 'spec.template.spec.containers[0].volumeMounts[0].name: ' +
      'must be the name of a volume of the pod, got "temp"; the pod\'s volumes are "tmp"')]],
    ['an env var name with "="', changed(deployment, (d) => {
      d.spec.template.spec.containers[0].env = [{ name: 'A=B', value: 'x' }];
    }), [apiServer('/spec/template/spec/containers/0/env/0/name', 'spec.template.spec.containers[0].env[0].name: ' +
      'must consist of printable ASCII characters other than \'=\', got "A=B"')]],
    ['a bad object name', changed(deployment, (d) => {
      d.metadata.name = 'Reviews_V1';
    }), [apiServer('/metadata/name', 'metadata.name: must be a lowercase RFC 1123 subdomain (lowercase letters, digits, \'-\' and \'.\', ' +
      'starting and ending with an alphanumeric), got "Reviews_V1"')]],
    ['a Service name that is not an RFC 1035 label', changed(service, (s) => {
      s.metadata.name = '1reviews';
    }), [apiServer('/metadata/name', 'metadata.name: must be a lowercase RFC 1035 label (lowercase letters, digits and \'-\', ' +
      'starting with a letter and ending with an alphanumeric), got "1reviews"')]],
    ['a missing name', changed(deployment, (d) => {
      delete d.metadata.name;
    }), [apiServer('/metadata/name', 'metadata.name: required field is missing; set metadata.name (or metadata.generateName)')]],
    ['a bad label key and value', changed(deployment, (d) => {
      d.metadata.labels = { 'app kubernetes': 'reviews', 'tier': 'front end' };
    }), [
      apiServer('/metadata/labels/app kubernetes', 'metadata.labels: key must be a qualified name (an optional lowercase DNS subdomain prefix ' +
        'and \'/\', then a name of at most 63 characters: alphanumerics, \'-\', \'_\' and \'.\', starting and ending with an alphanumeric), ' +
        'got "app kubernetes"'),
      apiServer('/metadata/labels/tier', 'metadata.labels.tier: must be a label value (empty, or at most 63 characters: alphanumerics, ' +
        '\'-\', \'_\' and \'.\', starting and ending with an alphanumeric), got "front end"'),
    ]],
    ['a CRD whose name is not plural.group', {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'foo.example.com' },
      spec: {
        group: 'example.com',
        names: { plural: 'foos', kind: 'Foo' },
        scope: 'Namespaced',
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    }, [apiServer('/metadata/name', 'metadata.name: must be spec.names.plural + "." + spec.group ("foos.example.com"), got "foo.example.com"')]],
    ['a CRD without a storage version', {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'foos.example.com' },
      spec: {
        group: 'example.com',
        names: { plural: 'foos', kind: 'Foo' },
        scope: 'Namespaced',
        versions: [{ name: 'v1', served: true, schema: { openAPIV3Schema: { type: 'object' } } }],
      },
    }, [apiServer('/spec/versions', 'spec.versions: must have exactly one version with storage: true, got 0; ' +
      'mark the version the API server stores objects in')]],
  ])('reports %s', (_what, obj, expected) => {
    expect(validator.validate(obj)).toEqual(expected);
  });

  describe('validateObjectMeta', () => {
    it('checks the metadata of any kind strictly', () => {
      const obj = {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'Reviews', annotation: { a: 'b' } },
        spec: { anything: true },
      };
      expect(validator.validateObjectMeta(obj)).toEqual([
        unknownField('/metadata/annotation', 'metadata.annotation: unknown field (not in the Kubernetes 1.32 schema); did you mean "annotations"?'),
        apiServer('/metadata/name', 'metadata.name: must be a lowercase RFC 1123 subdomain (lowercase letters, digits, \'-\' and \'.\', ' +
          'starting and ending with an alphanumeric), got "Reviews"'),
      ]);
    });

    it('requires a name', () => {
      expect(validator.validateObjectMeta({ apiVersion: 'example.com/v1', kind: 'Foo' })).toEqual([
        apiServer('/metadata/name', 'metadata.name: required field is missing; set metadata.name (or metadata.generateName)'),
      ]);
    });

    it('accepts valid metadata', () => {
      expect(validator.validateObjectMeta({ metadata: { name: 'reviews', namespace: 'bookinfo', labels: { 'app.kubernetes.io/name': 'reviews' } } }))
        .toEqual([]);
    });
  });
});
