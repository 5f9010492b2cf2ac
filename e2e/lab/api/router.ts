// Turns a URL path into what the request is about (the apiserver's RequestInfo): resource,
// namespace, name, subresource, and the RBAC verb.
import { findResource, resourceByPlural, type ResourceDef } from './resources';

export type Route =
  | { kind: 'nonresource'; path: string }
  | { kind: 'discovery'; doc: 'api' | 'apis' | 'group' | 'resources'; group: string; version: string }
  | { kind: 'resource'; res: ResourceDef; namespace?: string; name?: string; subresource?: string; verb: string; rbacNamespace?: string }
  | { kind: 'unknown' };

export function verbFor(method: string, hasName: boolean, watch: boolean): string {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return hasName ? 'get' : watch ? 'watch' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return hasName ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

export function route(method: string, path: string, watch: boolean): Route {
  const segs = path.split('/').filter(Boolean);
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api') {
    if (segs.length === 1) return { kind: 'discovery', doc: 'api', group: '', version: '' };
    group = '';
    version = segs[1]!;
    rest = segs.slice(2);
  } else if (segs[0] === 'apis') {
    if (segs.length === 1) return { kind: 'discovery', doc: 'apis', group: '', version: '' };
    if (segs.length === 2) return { kind: 'discovery', doc: 'group', group: segs[1]!, version: '' };
    group = segs[1]!;
    version = segs[2]!;
    rest = segs.slice(3);
  } else return { kind: 'nonresource', path };
  if (rest.length === 0) return { kind: 'discovery', doc: 'resources', group, version };

  let namespace: string | undefined;
  const nsRes = resourceByPlural('namespaces');
  // /namespaces/{ns}/{plural}/... is namespaced content; /namespaces/{name}[/status|finalize] is the namespace itself.
  if (rest[0] === 'namespaces' && rest.length >= 3 && !(group === '' && nsRes.subresources.includes(rest[2]!) && rest.length === 3)) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const res = findResource(group, version, rest[0]!);
  if (!res) return { kind: 'unknown' };
  if (namespace !== undefined && !res.namespaced) return { kind: 'unknown' };
  const name = rest[1];
  const subresource = rest[2];
  if (rest.length > 3) return { kind: 'unknown' };
  if (subresource && !res.subresources.includes(subresource)) return { kind: 'unknown' };
  const verb = verbFor(method, name !== undefined, watch);
  // RBAC treats a namespace object as living in itself (RequestInfo sets namespace = name).
  const rbacNamespace = res.plural === 'namespaces' ? name : namespace;
  return { kind: 'resource', res, namespace, name, subresource, verb, rbacNamespace };
}
