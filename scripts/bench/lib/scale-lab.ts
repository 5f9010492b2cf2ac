// The 5,000-node / 150,000-pod / 10,000-service api-only lab shared by scenarios 1 and 2, started
// once in this process (so its request log, with the lab's own serving time, is at hand) and
// stopped by the bench's cleanup.
import { join } from 'node:path';
import { startLab, type LabHandle } from '../../../e2e/lab/index';
import { ROOT } from './app-build';
import type { BenchContext } from './types';

export const SCALE_SCENARIO = 'e2e/lab/scenarios/bench-scale.yaml';

export interface ScaleLab {
  lab: LabHandle;
  startMs: number;
  /** Environment for both sides: this lab's kubeconfig, and kubectl's discovery cache in the bench's temp dir. */
  env: NodeJS.ProcessEnv;
}

/**
 * The bench's labs keep their run records in its own temp dir: `lab down --all` run elsewhere on
 * the machine must not stop (SIGTERM) the bench. After a SIGKILL of the bench:
 * `SNATSCOPE_LAB_DIR=<that dir> npm run lab -- sweep` (the bench prints the dir at start).
 */
export function labStateDir(ctx: BenchContext): string {
  return join(ctx.tmp, 'lab-state');
}

export async function scaleLab(ctx: BenchContext): Promise<ScaleLab> {
  const cached = ctx.shared.get('scale-lab') as ScaleLab | undefined;
  if (cached) return cached;
  ctx.log(`starting the scale lab (${SCALE_SCENARIO})…`);
  const t0 = performance.now();
  const lab = await startLab({ scenario: join(ROOT, SCALE_SCENARIO), apiOnly: true, stateDir: labStateDir(ctx) });
  ctx.cleanup.add('scale lab', () => lab.stop());
  const startMs = performance.now() - t0;
  const counts = lab.counts();
  ctx.log(`scale lab up in ${Math.round(startMs)} ms: ${counts.nodes} nodes, ${counts.pods} pods, ${counts.services} services`);
  const env = { ...process.env, KUBECONFIG: lab.kubeconfigPath, KUBECACHEDIR: join(ctx.tmp, 'kube-cache') };
  const handle = { lab, startMs, env };
  ctx.shared.set('scale-lab', handle);
  return handle;
}

export async function stopScaleLab(ctx: BenchContext): Promise<void> {
  const cached = ctx.shared.get('scale-lab') as ScaleLab | undefined;
  if (!cached) return;
  ctx.shared.delete('scale-lab');
  await cached.lab.stop();
}
