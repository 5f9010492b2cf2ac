// Discovery documents: /api, /apis, /apis/<group>, and each group/version's resource list.
// kubectl asks for aggregated discovery first (apidiscovery.k8s.io/v2); we answer the plain
// documents with Content-Type application/json, which client-go accepts as the legacy fallback.
import { RESOURCES, groupVersion, type ResourceDef } from './resources';

const SUBRESOURCE_VERBS: Record<string, string[]> = { status: ['get', 'patch', 'update'], log: ['get'], finalize: ['update'] };

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groups(): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const r of RESOURCES) {
    if (!r.group) continue;
    const vs = m.get(r.group) ?? [];
    if (!vs.includes(r.version)) vs.push(r.version);
    m.set(r.group, vs);
  }
  return m;
}

function groupDoc(name: string, versions: string[]): Record<string, unknown> {
  const vs = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: vs, preferredVersion: vs[0] };
}

export function apiGroupList(): Record<string, unknown> {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: [...groups()].map(([n, v]) => groupDoc(n, v)) };
}

export function apiGroup(name: string): Record<string, unknown> | undefined {
  const v = groups().get(name);
  return v ? { kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(name, v) } : undefined;
}

function resourceEntries(r: ResourceDef): Record<string, unknown>[] {
  const main: Record<string, unknown> = { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs };
  if (r.shortNames) main.shortNames = r.shortNames;
  if (r.categories) main.categories = r.categories;
  return [main, ...r.subresources.map((s) => ({ name: `${r.plural}/${s}`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: SUBRESOURCE_VERBS[s] ?? ['get'] }))];
}

export function apiResourceList(group: string, version: string): Record<string, unknown> | undefined {
  const rs = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (!rs.length) return undefined;
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion({ group, version }), resources: rs.flatMap(resourceEntries) };
}
