import { describe, expect, it } from 'vitest';
import { desiredSlices } from './endpointslices';
import type { Obj } from '../api/store';

const pod = (name: string, opts: { ready?: boolean; deleting?: boolean; ip?: string; node?: string; port?: number } = {}): Obj => ({
  metadata: { name, namespace: 'd', uid: `uid-${name}`, labels: { app: 'web' }, ...(opts.deleting ? { deletionTimestamp: '2025-01-01T00:00:00Z' } : {}) },
  spec: { nodeName: opts.node ?? 'node1', containers: [{ name: 'c', ports: [{ name: 'http', containerPort: opts.port ?? 8080 }] }] },
  status: { phase: 'Running', podIP: opts.ip, conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }] },
});

describe('EndpointSlice contents', () => {
  const svc: Obj = { metadata: { name: 'web', namespace: 'd' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] } };
  const nodes = new Map<string, Obj>([['node1', { metadata: { name: 'node1', labels: { 'topology.kubernetes.io/zone': 'zone-a' } } }]]);

  it('lists pods with IPs and computes ready/serving/terminating like the real controller', () => {
    const slices = desiredSlices(svc, [pod('a', { ip: '198.19.1.2' }), pod('b', { ip: '198.19.1.3', ready: false }), pod('c', { ip: '198.19.1.4', deleting: true }), pod('d')], nodes);
    expect(slices).toHaveLength(1);
    expect(slices[0]!.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(slices[0]!.endpoints!.map((e) => [e.addresses[0], e.conditions])).toEqual([
      ['198.19.1.2', { ready: true, serving: true, terminating: false }],
      ['198.19.1.3', { ready: false, serving: false, terminating: false }],
      ['198.19.1.4', { ready: false, serving: true, terminating: true }],
    ]);
    expect(slices[0]!.endpoints![0]).toMatchObject({ nodeName: 'node1', zone: 'zone-a', targetRef: { kind: 'Pod', namespace: 'd', name: 'a', uid: 'uid-a' } });
  });

  it('splits pods whose named port resolves differently, and leaves an empty slice without pods', () => {
    const slices = desiredSlices(svc, [pod('a', { ip: '198.19.1.2' }), pod('b', { ip: '198.19.1.3', port: 9090 })], nodes);
    expect(slices.map((s) => s.ports![0].port).sort()).toEqual([8080, 9090]);
    expect(desiredSlices(svc, [], nodes)).toEqual([{ ports: null, endpoints: null }]);
  });
});
