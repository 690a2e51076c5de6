// Objects synthesized by cdk8s, as the analysis and the graph read them.
import { ApiObject, Chart } from 'cdk8s';
import type { ReadResult } from '../validation/yaml-reader';

/**
 * The API objects of a chart rendered to JSON (its own, not those of nested charts), in construct order. Unlike
 * `chart.toJson()` this does not validate the app, which would recurse when called from a validation.
 * @internal
 */
export function chartObjects(chart: Chart): any[] {
  return chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart).map((o) => o.toJson());
}

/** Objects synthesized by cdk8s, as a read stream without source positions. @internal */
export function fromJson(objects: any[]): ReadResult {
  return { objects: objects.map((object) => ({ object, readIssues: [] })), streamIssues: [] };
}
