// A minimal OpenAPI v3 index: per group/version, each resource's PATCH operation with its
// group-version-kind and the `fieldValidation` query parameter. kubectl reads exactly this to
// decide that the server validates fields itself (it then sends fieldValidation=Strict and skips
// client-side schema validation, which would need full schemas). There are no schemas, so
// `kubectl explain` has nothing to show.
import { createHash } from 'node:crypto';
import { RESOURCES, groupVersion } from './resources';

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function gvs(): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const r of RESOURCES) seen.set(groupVersion(r), { group: r.group, version: r.version });
  return [...seen.values()];
}

export function openApiV3Doc(group: string, version: string): Record<string, unknown> | undefined {
  const rs = RESOURCES.filter((r) => r.group === group && r.version === version && !r.virtual);
  if (!rs.length && !RESOURCES.some((r) => r.group === group && r.version === version)) return undefined;
  const paths: Record<string, unknown> = {};
  const param = { name: 'fieldValidation', in: 'query', description: 'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields.', schema: { type: 'string', uniqueItems: true } };
  for (const r of rs) {
    const base = `/${gvPath(r.group, r.version)}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.plural}`;
    const gvk = { group: r.group, version: r.version, kind: r.kind };
    paths[`${base}/{name}`] = {
      patch: { operationId: `patch${r.kind}`, 'x-kubernetes-action': 'patch', 'x-kubernetes-group-version-kind': gvk, parameters: [param], responses: { '200': { description: 'OK' } } },
      put: { operationId: `replace${r.kind}`, 'x-kubernetes-action': 'put', 'x-kubernetes-group-version-kind': gvk, parameters: [param], responses: { '200': { description: 'OK' } } },
    };
    paths[base] = { post: { operationId: `create${r.kind}`, 'x-kubernetes-action': 'post', 'x-kubernetes-group-version-kind': gvk, parameters: [param], responses: { '201': { description: 'Created' } } } };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths, components: { schemas: {} } };
}

export function openApiV3Root(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const { group, version } of gvs()) {
    const doc = JSON.stringify(openApiV3Doc(group, version));
    paths[gvPath(group, version)] = { serverRelativeURL: `/openapi/v3/${gvPath(group, version)}?hash=${createHash('sha512').update(doc).digest('hex').toUpperCase()}` };
  }
  return { paths };
}

/** Answers /openapi/v3 and /openapi/v3/<gv path>; undefined for anything else. */
export function openApi(path: string): Record<string, unknown> | undefined {
  if (path === '/openapi/v3' || path === '/openapi/v3/') return openApiV3Root();
  const m = /^\/openapi\/v3\/(?:api\/([^/]+)|apis\/([^/]+)\/([^/]+))$/.exec(path);
  if (!m) return undefined;
  return m[1] ? openApiV3Doc('', m[1]) : openApiV3Doc(m[2]!, m[3]!);
}
