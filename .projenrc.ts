import { cdk8s, javascript } from 'projen';

/** Environment shared by every task that runs jsii or node tooling. */
const QUIET_NODE20 = { JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' };

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-istio',
  description: 'Describe an Istio service mesh as cdk8s constructs and get plain, validated Kubernetes YAML.',
  keywords: ['cdk8s', 'istio', 'service-mesh', 'kubernetes', 'gitops'],
  author: 'cdk8s-istio maintainers',
  authorAddress: 'maintainers@cdk8s-istio.dev',
  repositoryUrl: 'https://github.com/cdk8s-istio/cdk8s-istio.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  projenVersion: '0.103.25',

  cdk8sVersion: '2.70.106',
  constructsVersion: '10.8.1',
  jsiiVersion: '~6.0.16',
  typescriptVersion: '~6.0.0',
  minNodeVersion: '20.19.0',

  github: false,
  jest: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,

  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  // Non-jsii runtime dependencies must be bundled into the jsii package.
  bundledDeps: [
    'ajv@8.20.0',
    'ajv-formats@3.0.1',
    'yaml@2.9.1',
    '@marcbachmann/cel-js@8.0.0',
  ],
  devDeps: [
    '@types/node@^20',
    'cdk8s-cli@2.207.60',
    'vitest@^4.1.0',
    'fast-check@^4',
    'tsx@^4',
  ],

  bin: { 'cdk8s-istio': 'bin/cdk8s-istio' },

  // jsii bindings for other languages (packaged only when CI is not set).
  publishToPypi: { distName: 'cdk8s-istio', module: 'cdk8s_istio' },
  publishToMaven: {
    javaPackage: 'dev.cdk8s.istio',
    mavenGroupId: 'dev.cdk8s-istio',
    mavenArtifactId: 'cdk8s-istio',
  },

  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'bench', 'examples', 'scripts'],
    ignorePatterns: ['src/imports/**', 'lib/**', 'dist/**', 'node_modules/**', '*.js', '*.mjs', '*.d.ts'],
  },
  gitignore: ['/upstream-data/', '/.cache/'],
  docgen: true,
});

// The registry these machines use serves the platform bindings of unrs-resolver (eslint-import-resolver-typescript)
// only up to 1.12.2; with a newer unrs-resolver npm leaves them out of package-lock.json and `npm ci` refuses it.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// ---------------------------------------------------------------------------
// Upstream data and generated L1 classes
// ---------------------------------------------------------------------------
const gen = project.addTask('gen', {
  description: 'Resolve and verify the pinned upstream files, then generate src/imports (skipped when up to date)',
  steps: [
    { exec: 'node scripts/fetch-upstream.mjs' },
    { exec: 'node scripts/import-crds.mjs' },
  ],
});
project.preCompileTask.spawn(gen);
// Istio's analyzer test table, its inputs and the message catalogue, from the pinned istio.io/istio module zip (Go
// module cache or proxy): test data only, extracted into .cache/istio-src/, never packaged.
const istioSrc = project.addTask('fetch:istio-src', {
  description: "Extract the parts of Istio's source the analysis tests compare against (pinned in imports/istio-src.json)",
  exec: 'node scripts/fetch-istio-src.mjs',
});
// `projen compile` alone (without the build's pre-compile step) must work on a fresh clone too; gen is a no-op when
// up to date.
project.compileTask.prependSpawn(gen);

// The upstream files are bundled into the npm package (never committed).
for (const p of ['/examples/', '/bench/', '/scripts/', '/imports/', '/.ci/', '/vitest.config.mts', '/.cache/']) {
  project.npmignore?.exclude(p);
}
// The committed strict Kubernetes schema (schemas/) is read at run time from the package root, like upstream-data/.
project.npmignore?.include('/upstream-data/', '/bin/', '/schemas/');
// The upstream goldens are test data only.
project.npmignore?.exclude('/upstream-data/istio/*/golden/');

// The dev tsconfig (test/tsconfig.json) type-checks tests, benchmarks and examples.
for (const inc of ['../bench/**/*.ts', '../examples/**/*.ts', '../vitest.config.mts']) {
  project.tsconfigDev.addInclude(inc);
}

// ---------------------------------------------------------------------------
// Tests: eslint, tsc over tests (vitest does not type-check), vitest
// ---------------------------------------------------------------------------
project.testTask.reset();
project.testTask.spawn(gen);
project.testTask.spawn(istioSrc);
project.testTask.spawn(project.tasks.tryFind('eslint')!);
project.testTask.exec(`tsc --noEmit -p ${project.tsconfigDev.fileName}`);
project.testTask.exec('vitest run');

project.addTask('test:update', {
  description: 'Run the tests and update snapshots (review the diff before committing)',
  steps: [{ spawn: 'gen' }, { spawn: 'fetch:istio-src' }, { exec: 'vitest run --update' }],
});

project.addTask('test:watch', { exec: 'vitest' });

// ---------------------------------------------------------------------------
// Examples
// ---------------------------------------------------------------------------
project.addTask('synth', {
  description: 'Synthesize every app in examples/ into dist/<example>/',
  steps: [{ spawn: 'gen' }, { exec: 'node scripts/synth-examples.mjs', receiveArgs: true }],
});

// Python and Java bindings, used as a user would (not part of `test`: needs python3, Java 17, Maven, PyPI and Maven
// Central; about 45 s warm, 2.5–4.5 min cold). .ci/run runs it after the build.
project.addTask('test:bindings', {
  description: 'Build the Python and Java bindings with jsii-pacmak and run test/bindings/ against them',
  exec: 'bash scripts/test-bindings.sh',
});

project.addTask('bench', {
  description: 'Run the benchmarks in bench/ (prints ratios against an in-run baseline)',
  steps: [{ spawn: 'gen' }, { exec: 'tsx bench/run.ts' }],
});

// jsii prints a Node 20 end-of-life banner on every run.
for (const [k, v] of Object.entries(QUIET_NODE20)) project.tasks.addEnvironment(k, v);

// Document the root module only: the generated L1 submodules would make API.md megabytes long.
project.tasks.tryFind('docgen')?.reset('jsii-docgen -o API.md --submodule root');

// Generated code: added last, because projen re-includes /src/ after the constructor options are applied.
project.gitignore.exclude('/src/imports/');

project.synth();
