import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { MANAGED_BY_LABEL, RUN_ID_LABEL } from './names';
import { buildPlan, clientPod, MAX_PROBE_CONCURRENCY, planYaml, probeConcurrency, targetSpec, type PlanInput } from './plan';

const input: PlanInput = {
  runId: 'a1b2c3',
  owner: { user: 'sre', host: 'laptop', pid: 4242 },
  now: new Date('2026-11-26T10:00:00Z'),
  ttlMinutes: 60,
  nodes: [
    { name: 'node1', hostnameLabel: 'node1' },
    { name: 'ip-10-0-0-2.eu-west-1.compute.internal', hostnameLabel: 'ip-10-0-0-2' },
  ],
  echoNodes: ['node1'],
  clientNodes: ['node1', 'ip-10-0-0-2.eu-west-1.compute.internal'],
  image: 'docker.io/library/node:22-alpine',
  imagePullSecrets: ['mirror'],
  policies: ['Cluster', 'Local'],
  loadBalancer: false,
  fixedNodePorts: { Cluster: 30111 },
  sessionAffinity: 'None',
  internalTrafficPolicy: 'Cluster',
  echoSource: '// echo',
};

/** The Pod Security "restricted" profile's checks, as the admission controller applies them. */
function restrictedViolations(pod: Record<string, any>): string[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  const v: string[] = [];
  const spec = pod.spec;
  if (spec.hostNetwork || spec.hostPID || spec.hostIPC) v.push('host namespaces');
  if (spec.securityContext?.runAsNonRoot !== true) v.push('runAsNonRoot');
  if (spec.securityContext?.seccompProfile?.type !== 'RuntimeDefault') v.push('seccomp');
  for (const c of spec.containers) {
    if (c.securityContext?.allowPrivilegeEscalation !== false) v.push(`${c.name}: allowPrivilegeEscalation`);
    if (JSON.stringify(c.securityContext?.capabilities?.drop) !== '["ALL"]') v.push(`${c.name}: capabilities`);
    if (c.securityContext?.privileged) v.push(`${c.name}: privileged`);
    if (c.securityContext?.readOnlyRootFilesystem !== true) v.push(`${c.name}: readOnlyRootFilesystem`);
    if (!c.resources?.limits?.memory || !c.resources?.requests?.cpu) v.push(`${c.name}: resources`);
  }
  for (const vol of spec.volumes ?? []) if (vol.hostPath) v.push('hostPath');
  return v;
}

describe('probe plan', () => {
  it('labels everything for cleanup and records owner and expiry', () => {
    const plan = buildPlan(input);
    expect(plan.namespace).toBe('snatscope-a1b2c3');
    const ns = plan.namespaceObject.metadata!;
    expect(ns.labels).toMatchObject({ [MANAGED_BY_LABEL]: 'snatscope', [RUN_ID_LABEL]: 'a1b2c3', 'pod-security.kubernetes.io/enforce': 'restricted' });
    expect(ns.annotations).toMatchObject({ 'snatscope.io/owner-host': 'laptop', 'snatscope.io/owner-pid': '4242', 'snatscope.io/expires-at': '2026-11-26T11:00:00.000Z' });
    for (const obj of [plan.configMap, ...plan.echoPods, ...plan.serviceObjects]) {
      expect(obj.metadata!.namespace).toBe(plan.namespace);
      expect(obj.metadata!.labels![MANAGED_BY_LABEL]).toBe('snatscope');
    }
  });

  it('node processes (opt-in): hostNetwork client pods, and only then a "privileged" namespace', () => {
    const plan = buildPlan({ ...input, hostClientNodes: ['node1'] });
    expect(plan.namespaceObject.metadata!.labels!['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(plan.hostClientNodes).toEqual(['node1']);
    const host = plan.clientPodNames.find((c) => c.hostNetwork)!;
    expect(host).toEqual({ node: 'node1', name: 'host-0-node1', hostNetwork: true });
    const pod = clientPod(plan, input, host.node, host.name, [{ label: 't0', host: '198.18.0.11', port: 30111, protocol: 'tcp' }], 1, true);
    expect(pod.spec).toMatchObject({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' });
    // Everything but the host namespace still passes "restricted": no root, no privilege, no capabilities.
    expect(restrictedViolations(pod)).toEqual(['host namespaces']);
    // Without the opt-in nothing changes.
    expect(buildPlan(input).clientPodNames.some((c) => c.hostNetwork)).toBe(false);
    expect(buildPlan(input).namespaceObject.metadata!.labels!['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('creates NodePort services for both policies, with the requested fixed nodePort', () => {
    const plan = buildPlan(input);
    expect(plan.serviceObjects.map((s) => [s.metadata!.name, s.spec!.type, s.spec!.externalTrafficPolicy, s.spec!.ports![0]!.nodePort ?? null])).toEqual([
      ['echo-cluster', 'NodePort', 'Cluster', 30111],
      ['echo-local', 'NodePort', 'Local', null],
    ]);
    expect(buildPlan({ ...input, loadBalancer: true }).services.map((s) => s.name)).toEqual(['echo-cluster', 'echo-lb-cluster', 'echo-local', 'echo-lb-local']);
  });

  it('pins pods to nodes by hostname label and passes Pod Security "restricted"', () => {
    const plan = buildPlan(input);
    const pod = plan.echoPods[0]!;
    expect(JSON.stringify(pod.spec!.affinity)).toContain('"values":["node1"]');
    const client = clientPod(plan, input, input.clientNodes[1]!, plan.clientPodNames[1]!.name, [{ label: 't0', host: '198.18.0.11', port: 30111, protocol: 'tcp' }], 2);
    expect(JSON.stringify(client.spec!.affinity)).toContain('"values":["ip-10-0-0-2"]');
    expect(client.metadata!.name).toBe('client-1-ip-10-0-0-2-eu-west-1-compute');
    expect(client.metadata!.name!.length).toBeLessThanOrEqual(63);
    for (const p of [pod, client]) expect(restrictedViolations(p)).toEqual([]);
    expect(client.spec!.imagePullSecrets).toEqual([{ name: 'mirror' }]);
    expect(client.spec!.containers[0]!.command).toContain('198.18.0.11:30111#t0');
    expect(targetSpec({ label: 'u', host: '10.0.0.1', port: 53, protocol: 'udp' })).toBe('udp://10.0.0.1:53#u');
  });

  it('client pods send all their requests at once (drops cost one timeout, not one per wave), within a bound', () => {
    const plan = buildPlan(input);
    const targets = Array.from({ length: 62 }, (_, i) => ({ label: `t${i}`, host: '198.18.0.11', port: 30000 + i, protocol: 'tcp' as const }));
    const command = clientPod(plan, input, 'node1', plan.clientPodNames[0]!.name, targets, 2).spec!.containers[0]!.command!;
    expect(command[command.indexOf('--concurrency') + 1]).toBe('124');
    expect(probeConcurrency(0)).toBe(1);
    expect(probeConcurrency(5000)).toBe(MAX_PROBE_CONCURRENCY);
  });

  it('exports the dry run as valid multi-document YAML in apply order', () => {
    const plan = buildPlan(input);
    const docs = parseAllDocuments(planYaml(plan)).map((d) => d.toJS() as { kind: string });
    expect(docs.map((d) => d.kind)).toEqual(['Namespace', 'ConfigMap', 'Pod', 'Service', 'Service']);
  });
});

describe('the backend calling its own Service (issue 15, item 1)', () => {
  it('lists its Services and pod in the plan, and the pod runs an echo beside a client that waits for its own Service', async () => {
    const { buildPlan: build, selfObjects, selfPod, selfServiceObject } = await import('./plan');
    const plan = build({ ...input, clientNodes: ['node1'], echoNodes: ['node1'], policies: ['Cluster', 'Local'] });
    expect(selfObjects(plan)).toEqual([
      { kind: 'Service', name: 'self-cluster' },
      { kind: 'Service', name: 'self-local' },
      { kind: 'Pod', name: 'self-node1' },
    ]);
    expect(selfObjects({ ...plan, clientNodes: [] })).toEqual([]);
    const svc = selfServiceObject(plan, input, 'Local');
    expect(svc.spec).toMatchObject({ type: 'NodePort', externalTrafficPolicy: 'Local', selector: { 'snatscope.io/role': 'self' } });
    const pod = selfPod(plan, input, 'node1', [{ label: 's0', host: '10.96.0.9', port: 8080, protocol: 'tcp' }], 3);
    expect(pod.spec!.restartPolicy).toBe('Never');
    expect(pod.spec!.containers.map((c) => c.name)).toEqual(['echo', 'client']);
    expect(pod.spec!.containers[1]!.command).toEqual(expect.arrayContaining(['client', '--targets', '10.96.0.9:8080#s0', '--repeat', '3', '--wait-ms', '30000']));
    expect(pod.metadata!.labels!['snatscope.io/role']).toBe('self');
  });
});
