// The module the lab loads for `dataPlane.kind: netns` (see ../data-plane-registry.ts).
import type { DataPlane, DataPlaneModule, SweepTarget } from '../data-plane';
import { NetnsDataPlane } from './netns-data-plane';
import { sweepLeftovers } from './sweep';

export { NetnsDataPlane } from './netns-data-plane';
export type { LabNetworkInfo, NetnsDataPlaneOptions } from './netns-data-plane';

export function createDataPlane(settings: Record<string, unknown>): DataPlane {
  // ctx.settings carries the same section; passing it here too lets the constructor fail fast
  // on nothing but keeps one source of truth: start() parses ctx.settings.
  void settings;
  return new NetnsDataPlane();
}

/** `lab sweep` for a dead run: its namespaces (and their processes), host veth, files, lock. */
export async function sweep(target: SweepTarget): Promise<string[]> {
  const tracked = (kind: string) => target.resources.filter((r) => r.kind === kind).map((r) => r.name);
  const report = sweepLeftovers({ prefix: target.prefix, stateDirs: [target.stateDir], tracked: { netns: tracked('netns'), links: tracked('link') } });
  return [
    ...report.pids.map((p) => `process ${p}`),
    ...report.links.map((l) => `host link ${l}`),
    ...report.netns.map((n) => `netns ${n}`),
    ...report.dirs.map((d) => `directory ${d}`),
    ...report.errors.map((e) => `error: ${e}`),
  ];
}

export const module: DataPlaneModule = { createDataPlane, sweep };
