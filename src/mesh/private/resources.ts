import { Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Json } from './values';

function sizeQuantity(size: Size): string {
  const mib = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  if (Number.isInteger(mib)) return `${mib}Mi`;
  return `${Math.ceil(size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }))}Ki`;
}

/**
 * A `resources` block: the defaults (Helm values, upstream strings) with each quantity the user gives replacing its
 * default, the way Helm merges a values override into the chart's map.
 */
export function resourcesJson(defaults: Json, user: kplus.ContainerResources | undefined): Json {
  const out: Json = JSON.parse(JSON.stringify(defaults ?? {}));
  const set = (section: 'requests' | 'limits', key: string, value: string | undefined) => {
    if (value === undefined) return;
    out[section] = { ...(out[section] ?? {}), [key]: value };
  };
  if (user) {
    set('requests', 'cpu', user.cpu?.request?.amount);
    set('limits', 'cpu', user.cpu?.limit?.amount);
    set('requests', 'memory', user.memory?.request ? sizeQuantity(user.memory.request) : undefined);
    set('limits', 'memory', user.memory?.limit ? sizeQuantity(user.memory.limit) : undefined);
    set('requests', 'ephemeral-storage', user.ephemeralStorage?.request ? sizeQuantity(user.ephemeralStorage.request) : undefined);
    set('limits', 'ephemeral-storage', user.ephemeralStorage?.limit ? sizeQuantity(user.ephemeralStorage.limit) : undefined);
  }
  return out;
}

/** Only the quantities the user gave (for the Helm values overlay). */
export function resourcesOverlay(user: kplus.ContainerResources | undefined): Json | undefined {
  if (!user) return undefined;
  const out = resourcesJson({}, user);
  return Object.keys(out).length ? out : undefined;
}
