import { describe, expect, it } from 'vitest';
import { istio, k8s, obj, run } from './helpers';

const C = 'conditions.ConditionAnalyzer';
const condition = (type: string, status: string, reason = 'R', message = 'm') => ({ type, status, reason, message });

describe('conditions.ConditionAnalyzer (IST0171)', () => {
  it('reports negative conditions of objects read with their status', () => {
    const svc = { ...k8s.service('web', 'shop', { app: 'web' }, [{ name: 'http', port: 80 }]), status: { conditions: [condition('istio.io/WaypointBound', 'False', 'NoWaypoint', 'no waypoint')] } };
    const ap = { ...istio.ap('deny', 'shop', {}), status: { conditions: [condition('ZtunnelAccepted', 'False'), condition('WaypointAccepted', 'True', 'PartiallyInvalid', 'partly')] } };
    const route = obj('gateway.networking.k8s.io/v1', 'HTTPRoute', 'r', 'shop', {
      spec: {}, status: { parents: [{ conditions: [condition('Accepted', 'True'), condition('ResolvedRefs', 'False', 'BackendNotFound', 'no backend')] }] },
    });
    expect(run([C], [svc, ap, route])).toEqual([
      'IST0171 AuthorizationPolicy deny.shop: A condition with a negative status is present: type=WaypointAccepted, reason=PartiallyInvalid, message=partly.',
      'IST0171 AuthorizationPolicy deny.shop: A condition with a negative status is present: type=ZtunnelAccepted, reason=R, message=m.',
      'IST0171 HTTPRoute r.shop: A condition with a negative status is present: type=ResolvedRefs, reason=BackendNotFound, message=no backend.',
      'IST0171 Service web.shop: A condition with a negative status is present: type=istio.io/WaypointBound, reason=NoWaypoint, message=no waypoint.',
    ]);
  });

  it('ignores positive conditions, condition types not listed for the kind, and objects without status', () => {
    const gw = obj('gateway.networking.k8s.io/v1', 'Gateway', 'gw', 'shop', { spec: {}, status: { conditions: [condition('Accepted', 'True'), condition('Ready', 'False')] } });
    const se = { ...istio.se('ext', 'shop', { hosts: ['a.example.com'] }), status: { conditions: [condition('Reconciled', 'False')] } };
    expect(run([C], [gw, se, istio.ap('a', 'shop', {})])).toEqual([]);
  });
});
