import { App, Chart, Testing } from 'cdk8s';
import { IstioTesting } from '../../src';

/** A chart in namespace `shop` of a fresh app. */
export function newChart(namespace: string | undefined = 'shop'): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}

/** Synthesizes with strict validation (every object) and returns the objects. */
export function synth(chart: Chart): any[] {
  return IstioTesting.synth(chart);
}

/** The objects of a kind. */
export function ofKind(objects: any[], kind: string): any[] {
  return objects.filter((o) => o.kind === kind);
}

/** The one object of a kind (and name, when given). */
export function one(objects: any[], kind: string, name?: string): any {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, got ${found.length}`);
  return found[0];
}

/** Runs the construct validations (`node.addValidation`) of the whole app, as `app.synth()` does. */
export function constructErrors(chart: Chart): string[] {
  const app = chart.node.root as App;
  return app.node.findAll().flatMap((c) => c.node.validate());
}
