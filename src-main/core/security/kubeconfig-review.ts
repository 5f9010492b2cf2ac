// What main tells the user before a kubeconfig file is added: which credential plugins it would
// run. Read here, in main; nothing of the file goes back to the renderer.
import { readFile, stat } from 'node:fs/promises';
import { MAX_KUBECONFIG_BYTES, parseKubeconfig } from '../cluster/kubeconfig-parse';

/** The exec plugin commands (with arguments) of every user in the file; [] when it cannot be read. */
export async function execCommandsOf(path: string): Promise<string[]> {
  try {
    if ((await stat(path)).size > MAX_KUBECONFIG_BYTES) return [];
    const parsed = parseKubeconfig(path, await readFile(path, 'utf8'));
    const out: string[] = [];
    for (const body of parsed.users.values()) {
      const exec = body.exec as { command?: unknown; args?: unknown } | undefined;
      if (exec && typeof exec.command === 'string') {
        const args = Array.isArray(exec.args) ? exec.args.filter((a): a is string => typeof a === 'string') : [];
        out.push([exec.command, ...args].join(' '));
      }
    }
    return [...new Set(out)];
  } catch {
    return [];
  }
}
