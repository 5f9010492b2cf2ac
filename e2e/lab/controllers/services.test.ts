import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster';
import { parseScenario } from '../scenario/load';
import { resourceByPlural } from '../api/resources';
import type { Obj } from '../api/store';
import type { ApiError } from '../api/status';

function cluster() {
  const c = createCluster(parseScenario({}));
  c.api.create(resourceByPlural('namespaces'), undefined, { metadata: { name: 'default' } } as Obj);
  return c;
}
const svc = (name: string, spec: Record<string, unknown>) => ({ metadata: { name }, spec }) as Obj;

describe('service allocation', () => {
  const services = resourceByPlural('services');

  it('allocates ClusterIPs in the service CIDR and NodePorts in 30000-32767, with defaults', () => {
    const c = cluster();
    const s = c.api.create(services, 'default', svc('a', { type: 'NodePort', selector: { app: 'a' }, ports: [{ port: 80 }] }));
    expect(s.spec.clusterIP).toMatch(/^198\.18\.24[0-9]\./);
    expect(s.spec.ports[0]).toMatchObject({ port: 80, targetPort: 80, protocol: 'TCP' });
    expect(s.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(s.spec.ports[0].nodePort).toBeLessThanOrEqual(32767);
    expect(s.spec).toMatchObject({ externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], sessionAffinity: 'None' });
  });

  it('answers a taken NodePort with the real 422', () => {
    const c = cluster();
    c.api.create(services, 'default', svc('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    try {
      c.api.create(services, 'default', svc('x', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
      expect.unreachable();
    } catch (e) {
      const st = (e as ApiError).status;
      expect(st.code).toBe(422);
      expect(st.reason).toBe('Invalid');
      expect(st.message).toBe('Service "x" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
      expect(st.details?.causes).toEqual([{ reason: 'FieldValueInvalid', field: 'spec.ports[0].nodePort', message: 'Invalid value: 30080: provided port is already allocated' }]);
    }
    // Deleting the holder frees the port.
    c.api.delete(services, 'default', 'a');
    expect(c.api.create(services, 'default', svc('x', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })).spec.ports[0].nodePort).toBe(30080);
  });

  it('gives LoadBalancer + Local a healthCheckNodePort and rejects out-of-range ports', () => {
    const c = cluster();
    const lb = c.api.create(services, 'default', svc('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ port: 80 }] }));
    expect(lb.spec.healthCheckNodePort).toBeGreaterThanOrEqual(30000);
    expect(lb.spec.healthCheckNodePort).not.toBe(lb.spec.ports[0].nodePort);
    expect(() => c.api.create(services, 'default', svc('y', { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }))).toThrow(/provided port is not in the valid range. The range of valid ports is 30000-32767/);
    expect(() => c.api.create(services, 'default', svc('z', { clusterIP: '10.0.0.1', ports: [{ port: 80 }] }))).toThrow(/is not in the valid range/);
  });
});
