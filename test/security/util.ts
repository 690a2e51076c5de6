import { App, Chart, Testing } from 'cdk8s';
import { IstioTesting } from '../../src';

/** A chart in namespace `shop` (or another, or none with `null`) of a fresh app. */
export function newChart(namespace: string | null = 'shop'): Chart {
  return new Chart(Testing.app(), 'test', { namespace: namespace ?? undefined });
}

/** Synthesizes with strict validation (construct validations and every object) and returns the objects. */
export function synth(chart: Chart): any[] {
  return IstioTesting.synth(chart);
}

/** The one object of a kind (and name, when given). */
export function one(objects: any[], kind: string, name?: string): any {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, got ${found.length}`);
  return found[0];
}

/** `Kind/namespace/name` of every object, in order. */
export function ids(objects: any[]): string[] {
  return objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
}

/** The construct validation messages (`node.addValidation`) of the whole app, as `app.synth()` runs them. */
export function constructErrors(chart: Chart): string[] {
  const app = chart.node.root as App;
  return app.node.findAll().flatMap((c) => c.node.validate());
}
