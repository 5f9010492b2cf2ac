// Which module implements each `dataPlane.kind`. The module path is also stored in the run
// registry so `lab sweep` can call that module's `sweep` for a run that crashed.
import { fileURLToPath } from 'node:url';
import type { DataPlaneModule } from './data-plane';

const MODULES: Record<string, string> = {
  fake: './fake-data-plane.ts',
  // Part 2 (network namespaces + kube-proxy rules) exports a DataPlaneModule from here.
  netns: './net/data-plane.ts',
};

export function dataPlaneModulePath(kind: string): string {
  const rel = MODULES[kind];
  if (!rel) throw new Error(`unknown dataPlane.kind "${kind}" (known: ${Object.keys(MODULES).join(', ')})`);
  return fileURLToPath(new URL(rel, import.meta.url));
}

export async function loadDataPlaneModule(modulePath: string): Promise<DataPlaneModule> {
  const m = (await import(modulePath)) as Partial<DataPlaneModule>;
  if (typeof m.createDataPlane !== 'function') throw new Error(`${modulePath} does not export createDataPlane`);
  return m as DataPlaneModule;
}
