// Labels, annotations and names every probe object carries. Cleanup and sweep act only on
// objects that carry MANAGED_BY — never on anything else in the cluster.
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'snatscope';
export const RUN_ID_LABEL = 'snatscope.io/run-id';
export const ROLE_LABEL = 'snatscope.io/role';
export const NODE_LABEL = 'snatscope.io/node';
export const POLICY_LABEL = 'snatscope.io/policy';

export const OWNER_ANNOTATION = 'snatscope.io/owner';
export const OWNER_PID_ANNOTATION = 'snatscope.io/owner-pid';
export const OWNER_HOST_ANNOTATION = 'snatscope.io/owner-host';
export const EXPIRES_ANNOTATION = 'snatscope.io/expires-at';
export const CREATED_ANNOTATION = 'snatscope.io/created-at';

export const NAMESPACE_PREFIX = 'snatscope-';
export const ECHO_CONFIGMAP = 'snatscope-echo';
export const ECHO_MOUNT = '/snatscope';
export const ECHO_TCP_PORT = 8080;
export const ECHO_UDP_PORT = 8081;

export function namespaceFor(runId: string): string {
  return `${NAMESPACE_PREFIX}${runId}`;
}

/** A short random id (6 hex), unique enough per cluster; collisions are retried on create. */
export function newRunId(random: () => number = Math.random): string {
  return Math.floor(random() * 0xffffff)
    .toString(16)
    .padStart(6, '0');
}

/** DNS-1123 label from arbitrary text (node names can be long FQDNs). */
export function dnsLabel(text: string, max = 40): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/g, '');
  return s || 'x';
}
