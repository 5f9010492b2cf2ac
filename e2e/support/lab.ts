// Starts the lab (e2e/lab/index.ts, startLab) for a browser test. The lab's modules are not part
// of the Playwright type-check program (tsconfig.e2e.json), so it is imported by a computed path
// and typed by the small interface this test needs; Playwright's loader transpiles it as usual.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface RawLab {
  kubeconfigPath: string;
  context: string;
  objects: { get(res: unknown, namespace: string | undefined, name: string): unknown };
  stop(): Promise<void>;
}

export interface Lab {
  kubeconfigPath: string;
  /** The admin user's context (the kubeconfig's current context). */
  context: string;
  namespaceExists(name: string): boolean;
  stop(): Promise<void>;
}

const LAB_DIR = join(import.meta.dirname, '..', 'lab');

export async function startLab(scenario: string): Promise<Lab> {
  const load = async <T>(file: string) => (await import(pathToFileURL(join(LAB_DIR, file)).href)) as T;
  const { startLab: start } = await load<{ startLab(o: { scenario: string; log?: (l: string) => void }): Promise<RawLab> }>('index.ts');
  const { resourceByPlural } = await load<{ resourceByPlural(plural: string): unknown }>('api/resources.ts');
  const raw = await start({ scenario: join(LAB_DIR, 'scenarios', scenario) });
  const namespaces = resourceByPlural('namespaces');
  return {
    kubeconfigPath: raw.kubeconfigPath,
    context: raw.context,
    namespaceExists(name) {
      try {
        raw.objects.get(namespaces, undefined, name);
        return true;
      } catch {
        return false;
      }
    },
    stop: () => raw.stop(),
  };
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}
