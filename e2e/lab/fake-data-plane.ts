// The built-in stand-in for a kubelet + network (part 1): scheduled pods become Running/Ready
// with an IP from their node's podCIDR (hostNetwork pods get the node's address), a line of
// log output, and the events a kubelet records. Nothing is executed and no packets flow.
// Annotation `lab.snatscope.dev/fake-ready: "false"` keeps a pod Running but not Ready.
import { createHash } from 'node:crypto';
import type { DataPlane, DataPlaneContext, DataPlaneModule, KObject, PodStatusSink } from './data-plane';
import { intToIp, parseRange } from './controllers/ip-range';

export const FAKE_READY_ANNOTATION = 'lab.snatscope.dev/fake-ready';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes JSON */
interface NodeInfo {
  ip?: string;
  first: number;
  last: number;
  used: Set<number>;
}

export class FakeDataPlane implements DataPlane {
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly ips = new Map<string, { node: string; n: number }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Every syncServices call, newest last (tests assert the seam is called). */
  readonly syncs: { services: KObject[]; endpointSlices: KObject[] }[] = [];
  readonly running = new Set<string>();
  private ctx: DataPlaneContext | undefined;

  constructor(private readonly opts: { startDelayMs?: number; stopDelayMs?: number } = {}) {}

  async start(ctx: DataPlaneContext): Promise<void> {
    this.ctx = ctx;
    for (const n of ctx.nodes) {
      const ip = (n.status?.addresses ?? []).find((a: any) => a.type === 'InternalIP')?.address;
      const cidr: string | undefined = n.spec?.podCIDR;
      const r = cidr ? parseRange(cidr) : undefined;
      // .1 is the node's bridge gateway (part 2); pods start at .2 as with most CNIs.
      this.nodes.set(n.metadata.name, { ip, first: r ? r.first + 1 : 0, last: r ? r.last : -1, used: new Set() });
    }
  }

  private allocate(pod: KObject): string | undefined {
    const node = this.nodes.get(pod.spec?.nodeName);
    if (!node) return undefined;
    if (pod.spec?.hostNetwork) return node.ip;
    for (let n = node.first; n <= node.last; n++) {
      if (node.used.has(n)) continue;
      node.used.add(n);
      this.ips.set(pod.metadata.uid!, { node: pod.spec.nodeName, n });
      return intToIp(n);
    }
    return undefined;
  }

  private release(uid: string): void {
    const a = this.ips.get(uid);
    if (!a) return;
    this.nodes.get(a.node)?.used.delete(a.n);
    this.ips.delete(uid);
  }

  async runPod(pod: KObject, status: PodStatusSink): Promise<void> {
    const uid = pod.metadata.uid!;
    this.running.add(uid);
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.running.has(uid)) return;
      const node = this.nodes.get(pod.spec?.nodeName);
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      const ip = this.allocate(pod);
      const ready = pod.metadata.annotations?.[FAKE_READY_ANNOTATION] !== 'false';
      const cond = (type: string, ok: boolean) => ({ type, status: ok ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now });
      const containers: any[] = pod.spec?.containers ?? [];
      for (const c of containers) {
        status.event('Pulled', `Container image "${c.image}" already present on machine`);
        status.event('Created', `Created container ${c.name}`);
        status.event('Started', `Started container ${c.name}`);
        status.log(c.name, `fake kubelet: started container ${c.name} (image ${c.image}) on ${pod.spec?.nodeName}\n`);
      }
      const st: Record<string, unknown> = {
        phase: 'Running',
        conditions: [cond('PodReadyToStartContainers', true), cond('Initialized', true), cond('Ready', ready), cond('ContainersReady', ready), cond('PodScheduled', true)],
        hostIP: node?.ip,
        hostIPs: node?.ip ? [{ ip: node.ip }] : [],
        startTime: now,
        containerStatuses: containers.map((c) => ({
          name: c.name,
          state: { running: { startedAt: now } },
          lastState: {},
          ready,
          restartCount: 0,
          image: c.image,
          imageID: `${c.image}@sha256:${createHash('sha256').update(String(c.image)).digest('hex')}`,
          containerID: `containerd://${createHash('sha256').update(`${uid}/${c.name}`).digest('hex')}`,
          started: true,
        })),
      };
      if (ip) {
        st.podIP = ip;
        st.podIPs = [{ ip }];
      }
      status.update(st);
    }, this.opts.startDelayMs ?? 10);
    this.timers.add(t);
  }

  async stopPod(pod: KObject, _gracePeriodSeconds: number): Promise<void> {
    const uid = pod.metadata.uid!;
    this.running.delete(uid);
    if (this.opts.stopDelayMs) await new Promise((r) => setTimeout(r, this.opts.stopDelayMs));
    this.release(uid);
  }

  async syncServices(services: KObject[], endpointSlices: KObject[]): Promise<void> {
    this.syncs.push({ services, endpointSlices });
    if (this.syncs.length > 100) this.syncs.shift();
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.running.clear();
    void this.ctx;
  }
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export function createDataPlane(settings: Record<string, unknown>): DataPlane {
  return new FakeDataPlane({ startDelayMs: typeof settings.startDelayMs === 'number' ? settings.startDelayMs : undefined, stopDelayMs: typeof settings.stopDelayMs === 'number' ? settings.stopDelayMs : undefined });
}

export const fakeModule: DataPlaneModule = { createDataPlane };
