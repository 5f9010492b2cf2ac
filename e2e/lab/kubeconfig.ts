// The kubeconfig a run hands out: one cluster (the run's CA inline), one user and one context per
// scenario user; the first user's context is current.
import YAML from 'yaml';

export interface KubeconfigUser {
  name: string;
  token: string;
}

export function contextName(prefix: string, user: string, first: boolean): string {
  return first ? prefix : `${prefix}-${user}`;
}

export function renderKubeconfig(prefix: string, server: string, caPem: string, users: KubeconfigUser[]): string {
  const ca = Buffer.from(caPem).toString('base64');
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: prefix, cluster: { server, 'certificate-authority-data': ca } }],
    users: users.map((u) => ({ name: `${prefix}-${u.name}`, user: { token: u.token } })),
    contexts: users.map((u, i) => ({ name: contextName(prefix, u.name, i === 0), context: { cluster: prefix, user: `${prefix}-${u.name}`, namespace: 'default' } })),
    'current-context': users.length ? contextName(prefix, users[0]!.name, true) : '',
  });
}
