// Where the upstream kube-proxy binary comes from: `build-kube-proxy.sh` builds it once per
// release (pinned in go.mod) into a cache outside the repository and prints its path. The first
// build takes minutes; its progress line goes to the lab log and stderr. $SNATSCOPE_KUBE_PROXY
// points at a binary built elsewhere instead.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BUILD_SCRIPT = fileURLToPath(new URL('./build-kube-proxy.sh', import.meta.url));

let building: Promise<string> | undefined;

export function kubeProxyBinary(log: (line: string) => void): Promise<string> {
  const given = process.env.SNATSCOPE_KUBE_PROXY;
  if (given) {
    try {
      accessSync(given, constants.X_OK);
    } catch {
      return Promise.reject(new Error(`SNATSCOPE_KUBE_PROXY=${given} is not an executable file`));
    }
    return Promise.resolve(given);
  }
  building ??= new Promise<string>((resolve, reject) => {
    const child = spawn('bash', [BUILD_SCRIPT], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      err += c;
      for (const line of c.split('\n')) {
        if (!line.startsWith('# lab:')) continue;
        log(line.slice(2));
        process.stderr.write(`${line}\n`);
      }
    });
    child.once('error', (e) => reject(new Error(`cannot run ${BUILD_SCRIPT}: ${e.message}`)));
    child.once('exit', (code) => {
      const path = out.trim().split('\n').pop() ?? '';
      if (code === 0 && path) resolve(path);
      else reject(new Error(`building upstream kube-proxy failed (exit ${code}): ${err.trim().split('\n').slice(-8).join('\n')}\nRun ${BUILD_SCRIPT} by hand to see the whole output.`));
    });
  }).catch((e: unknown) => {
    building = undefined;
    throw e;
  });
  return building;
}
