// Test helper for sweep.test.ts (not a test): starts a data plane with a pod, a relay and a load
// balancer, records what it tracks the way the lab's run registry does, prints READY and waits
// to be SIGKILLed.  Usage: node --import tsx sweep-child.ts <runId> <stateDir>
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { node } from '../kube-proxy/test-objects';
import { NetnsDataPlane } from './netns-data-plane';
import { RecordingSink, TestContext, echoContainer, pod } from './test-support';

const [runId, stateDir] = process.argv.slice(2);
if (!runId || !stateDir) throw new Error('usage: sweep-child.ts <runId> <stateDir>');

class RegistryContext extends TestContext {
  readonly stateDir = stateDir as string;
  override track(kind: string, name: string, info?: Record<string, unknown>): void {
    super.track(kind, name, info);
    this.save();
  }
  override untrack(kind: string, name: string): void {
    super.untrack(kind, name);
    this.save();
  }
  private save(): void {
    const resources = [...this.tracked.entries()].map(([k, info]) => ({ kind: k.slice(0, k.indexOf('/')), name: k.slice(k.indexOf('/') + 1), ...(info ? { info } : {}) }));
    writeFileSync(join(this.stateDir, 'tracked.json'), JSON.stringify(resources));
  }
}

const ctx = new RegistryContext(runId, [node('node1', '198.18.0.11', '198.19.1.0/24'), node('node2', '198.18.0.12', '198.19.2.0/24')], {
  relays: [{ name: 'relay', address: '203.0.113.10', port: 8080, mode: 'l4', target: { node: 'node1', nodePort: 30080 } }],
  loadBalancer: {},
});
const dp = new NetnsDataPlane({ cleanupOnExit: false });
await dp.start(ctx);
const sink = new RecordingSink();
await dp.runPod(pod('echo', 'node1', [echoContainer()]), sink);
await sink.until('echo ready', (s) => s.ready);
console.log(`READY ${JSON.stringify(dp.describe())}`);
setInterval(() => {}, 1e9);
