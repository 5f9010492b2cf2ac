// Names of everything the data plane creates. Every name carries the run's prefix (the lab
// gives `sslab-<6 hex>`) so that `sweep` can find leftovers of a crashed run; interface names
// must fit IFNAMSIZ (15 characters), and the one interface in the host namespace also records
// the prefix in its alias.
import { createHash } from 'node:crypto';

export const HOST_LINK_ALIAS_PREFIX = 'snatscope-lab:';
export const RUN_DIR_MARKER = '.snatscope-lab-net';

const PREFIX = /^[A-Za-z0-9][A-Za-z0-9-]{2,47}$/;

export function assertPrefix(prefix: string): void {
  if (!PREFIX.test(prefix)) throw new Error(`lab prefix ${JSON.stringify(prefix)} must match ${PREFIX} (it names namespaces and links)`);
}

export function shortHash(text: string, length = 8): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

// Node names are DNS subdomains ([a-z0-9.-]), so infrastructure and pod namespaces use "_"
// and can never collide with a node's namespace.
export const netnsNames = {
  node: (prefix: string, node: string) => `${prefix}-${node}`,
  router: (prefix: string) => `${prefix}_router`,
  loadBalancer: (prefix: string) => `${prefix}_lb`,
  outside: (prefix: string, host: string) => `${prefix}_out-${host}`,
  pod: (prefix: string, podKey: string) => `${prefix}_pod-${shortHash(podKey)}`,
};

/** The host's veth into the outside network: "<prefix>h" when that fits, else "snl<hash>h". */
export function hostLinkName(prefix: string): string {
  return prefix.length <= 14 ? `${prefix}h` : `snl${shortHash(prefix)}h`;
}

/** Node-side veth of a pod (inside the node's namespace, so only unique per node). */
export function podVethName(podKey: string): string {
  return `veth${shortHash(podKey)}`;
}

/** The key a pod is known by: its uid when it has one (a re-created pod is a new sandbox). */
export function podKeyOf(pod: { metadata: { name: string; namespace?: string; uid?: string } }): string {
  return pod.metadata.uid ? `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}/${pod.metadata.uid}` : `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
}
