// Pure readings of a Pod spec: what to run for a container image, its environment (with the
// downward API and $(VAR) expansion), its probes, its user, its volumes.
import type { KObject } from '../data-plane';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
export type Lookup = (resource: string, namespace: string | undefined, name: string) => KObject | undefined;

export const IMAGE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
export const NODE_BINARY = '/usr/bin/node';
export const NGINX_BINARY = '/usr/sbin/nginx';
export const OPENRESTY_CONF = '/usr/local/openresty/nginx/conf/nginx.conf';

export interface ImageRef {
  /** as written in the pod */
  image: string;
  /** docker.io/library/nginx:latest */
  full: string;
  /** path segments without registry and tag: ["library", "nginx"] */
  path: string[];
  /** registry host: docker.io, registry.k8s.io, … */
  registry: string;
}

export function parseImage(image: string): ImageRef {
  let rest = image.trim();
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at);
    rest = rest.slice(0, at);
  }
  let segments = rest.split('/');
  let registry = 'docker.io';
  const first = segments[0] ?? '';
  if (segments.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first;
    segments = segments.slice(1);
  }
  let last = segments[segments.length - 1] ?? '';
  let tag = '';
  const colon = last.lastIndexOf(':');
  if (colon >= 0) {
    tag = last.slice(colon + 1);
    last = last.slice(0, colon);
    segments[segments.length - 1] = last;
  }
  if (registry === 'docker.io' && segments.length === 1) segments = ['library', ...segments];
  const full = `${registry}/${segments.join('/')}${digest ? digest : `:${tag || 'latest'}`}`;
  return { image, full, path: segments, registry };
}

export type NginxFlavor = 'nginx' | 'nginx-unprivileged' | 'openresty';

export type ContainerProgram =
  | { kind: 'node'; argv: string[] }
  | { kind: 'nginx'; argv: string[]; flavor: NginxFlavor }
  | { kind: 'ingress-nginx'; args: string[] }
  | { kind: 'unsupported' };

const base = (p: string) => p.split('/').pop() ?? p;

/**
 * What the lab can run (issue 4): a command starting with `node` (the host's Node.js), nginx
 * images (Debian's nginx), and the ingress-nginx controller (a stand-in, see ingress-nginx.ts).
 * Anything else cannot be "pulled".
 */
export function containerProgram(container: Json): ContainerProgram {
  const ref = parseImage(String(container.image ?? ''));
  // A registry under the reserved .invalid TLD (RFC 6761) can never be reached: the way tests
  // and demos ask for an image pull failure.
  if (/\.invalid(:\d+)?$/i.test(ref.registry)) return { kind: 'unsupported' };
  const command: string[] = (container.command ?? []).map(String);
  const args: string[] = (container.args ?? []).map(String);
  const isNodeExe = (p: string | undefined) => !!p && ['node', 'nodejs'].includes(base(p));
  if (ref.path.join('/').includes('ingress-nginx/controller')) return { kind: 'ingress-nginx', args };
  if (command.length > 0 && isNodeExe(command[0])) return { kind: 'node', argv: [NODE_BINARY, ...command.slice(1), ...args] };
  const lastSegment = ref.path[ref.path.length - 1] ?? '';
  if (command.length === 0 && lastSegment === 'node') {
    // The node image's entrypoint runs `node` unless the first argument is an executable.
    const argv = args.length === 0 ? ['node'] : isNodeExe(args[0]) ? args : ['node', ...args];
    return { kind: 'node', argv: [NODE_BINARY, ...argv.slice(1)] };
  }
  const openresty = ref.path[0] === 'openresty' || (ref.path[0] === 'library' && lastSegment === 'openresty');
  if (openresty || lastSegment.startsWith('nginx')) {
    const flavor: NginxFlavor = openresty ? 'openresty' : lastSegment.includes('unprivileged') ? 'nginx-unprivileged' : 'nginx';
    let argv = command.length > 0 ? [...command, ...args] : args.length > 0 ? args : flavor === 'openresty' ? ['openresty', '-g', 'daemon off;'] : ['nginx', '-g', 'daemon off;'];
    const exe = base(argv[0] ?? '');
    if (exe === 'nginx' || exe === 'openresty') {
      const rest = argv.slice(1);
      if (exe === 'openresty' && !rest.includes('-c')) rest.unshift('-c', OPENRESTY_CONF);
      argv = [NGINX_BINARY, ...rest];
    }
    return { kind: 'nginx', argv, flavor };
  }
  return { kind: 'unsupported' };
}

/** Kubernetes' $(VAR) expansion: known names are replaced, $$ escapes, unknown refs stay. */
export function expandVars(text: string, vars: Map<string, string>): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '$' && text[i + 1] === '$') {
      out += '$';
      i++;
    } else if (ch === '$' && text[i + 1] === '(') {
      const close = text.indexOf(')', i + 2);
      const name = close > 0 ? text.slice(i + 2, close) : '';
      if (close > 0 && vars.has(name)) {
        out += vars.get(name);
        i = close;
      } else out += ch;
    } else out += ch;
  }
  return out;
}

export interface PodRuntimeFacts {
  podIP: string;
  hostIP: string;
}

export class ContainerConfigError extends Error {}

function fieldRef(pod: KObject, path: string, facts: PodRuntimeFacts): string {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return String((pod.metadata[m[1] as 'labels' | 'annotations'] as Record<string, string> | undefined)?.[m[2] ?? ''] ?? '');
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name;
    case 'metadata.namespace':
      return pod.metadata.namespace ?? 'default';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'spec.nodeName':
      return String(pod.spec?.nodeName ?? '');
    case 'spec.serviceAccountName':
      return String(pod.spec?.serviceAccountName ?? 'default');
    case 'status.podIP':
    case 'status.podIPs':
      return facts.podIP;
    case 'status.hostIP':
    case 'status.hostIPs':
      return facts.hostIP;
    default:
      throw new ContainerConfigError(`unsupported fieldPath: ${path}`);
  }
}

function keyOf(kind: 'configmaps' | 'secrets', pod: KObject, ref: Json, get: Lookup): string | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  const obj = get(kind, ns, ref.name);
  const label = kind === 'configmaps' ? 'configmap' : 'secret';
  if (!obj) {
    if (ref.optional) return undefined;
    throw new ContainerConfigError(`${label} "${ref.name}" not found`);
  }
  const o = obj as Json;
  const value = kind === 'configmaps' ? o.data?.[ref.key] : o.data?.[ref.key] !== undefined ? Buffer.from(o.data[ref.key], 'base64').toString('utf8') : undefined;
  if (value === undefined && !ref.optional) throw new ContainerConfigError(`couldn't find key ${ref.key} in ${kind === 'configmaps' ? 'ConfigMap' : 'Secret'} ${ns}/${ref.name}`);
  return value;
}

/** The container's environment, as kubelet builds it (envFrom, then env, with $(VAR) expansion). */
export function containerEnv(pod: KObject, container: Json, facts: PodRuntimeFacts, get: Lookup): [string, string][] {
  const vars = new Map<string, string>([
    ['PATH', IMAGE_PATH],
    ['HOSTNAME', pod.metadata.name],
    ['HOME', '/root'],
  ]);
  const ns = pod.metadata.namespace ?? 'default';
  for (const from of container.envFrom ?? []) {
    const kind = from.configMapRef ? 'configmaps' : from.secretRef ? 'secrets' : undefined;
    const ref = from.configMapRef ?? from.secretRef;
    if (!kind || !ref) continue;
    const obj = get(kind, ns, ref.name) as Json;
    if (!obj) {
      if (ref.optional) continue;
      throw new ContainerConfigError(`${kind === 'configmaps' ? 'configmap' : 'secret'} "${ref.name}" not found`);
    }
    for (const [k, v] of Object.entries((obj.data ?? {}) as Record<string, string>)) {
      vars.set(`${from.prefix ?? ''}${k}`, kind === 'secrets' ? Buffer.from(v, 'base64').toString('utf8') : v);
    }
  }
  for (const e of container.env ?? []) {
    let value: string | undefined;
    if (e.valueFrom?.fieldRef) value = fieldRef(pod, e.valueFrom.fieldRef.fieldPath, facts);
    else if (e.valueFrom?.configMapKeyRef) value = keyOf('configmaps', pod, e.valueFrom.configMapKeyRef, get);
    else if (e.valueFrom?.secretKeyRef) value = keyOf('secrets', pod, e.valueFrom.secretKeyRef, get);
    else if (e.valueFrom?.resourceFieldRef) value = '0'; // no resource accounting in the lab
    else value = expandVars(String(e.value ?? ''), vars);
    if (value !== undefined) vars.set(e.name, value);
  }
  return [...vars.entries()];
}

export function expandArgv(argv: string[], env: [string, string][]): string[] {
  const vars = new Map(env);
  return argv.map((a) => expandVars(a, vars));
}

export interface ProbeSpec {
  kind: 'http' | 'tcp' | 'exec';
  port: number;
  host?: string;
  path: string;
  headers: { name: string; value: string }[];
  command: string[];
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  successThreshold: number;
  failureThreshold: number;
}

function resolvePort(port: unknown, container: Json): number {
  if (typeof port === 'number') return port;
  if (typeof port === 'string' && /^\d+$/.test(port)) return Number(port);
  const named = (container.ports ?? []).find((p: Json) => p.name === port);
  if (!named) throw new ContainerConfigError(`probe port ${String(port)} is not a declared container port`);
  return Number(named.containerPort);
}

export function probeSpec(probe: Json, container: Json): ProbeSpec | undefined {
  if (!probe) return undefined;
  const common = {
    initialDelaySeconds: Number(probe.initialDelaySeconds ?? 0),
    periodSeconds: Number(probe.periodSeconds ?? 10),
    timeoutSeconds: Number(probe.timeoutSeconds ?? 1),
    successThreshold: Number(probe.successThreshold ?? 1),
    failureThreshold: Number(probe.failureThreshold ?? 3),
  };
  if (probe.httpGet) {
    return { kind: 'http', port: resolvePort(probe.httpGet.port, container), host: probe.httpGet.host, path: probe.httpGet.path ?? '/', headers: probe.httpGet.httpHeaders ?? [], command: [], ...common };
  }
  if (probe.tcpSocket || probe.grpc) {
    const p = probe.tcpSocket ?? probe.grpc;
    return { kind: 'tcp', port: resolvePort(p.port, container), host: p.host, path: '', headers: [], command: [], ...common };
  }
  if (probe.exec) return { kind: 'exec', port: 0, path: '', headers: [], command: (probe.exec.command ?? []).map(String), ...common };
  return undefined;
}

export interface RunAs {
  uid?: number;
  gid?: number;
  groups: number[];
  runAsNonRoot: boolean;
}

export function runAsOf(pod: KObject, container: Json): RunAs {
  const psc: Json = pod.spec?.securityContext ?? {};
  const csc: Json = container.securityContext ?? {};
  const uid = csc.runAsUser ?? psc.runAsUser;
  const gid = csc.runAsGroup ?? psc.runAsGroup;
  const groups = [...(psc.supplementalGroups ?? []), ...(psc.fsGroup !== undefined ? [psc.fsGroup] : [])].map(Number);
  const runAsNonRoot = Boolean(csc.runAsNonRoot ?? psc.runAsNonRoot ?? false);
  if (runAsNonRoot && (uid === undefined || Number(uid) === 0)) {
    throw new ContainerConfigError(uid === undefined ? 'container has runAsNonRoot and image will run as root' : 'container has runAsNonRoot and image has non-numeric user (root), cannot verify user is non-root');
  }
  return { uid: uid === undefined ? undefined : Number(uid), gid: gid === undefined ? undefined : Number(gid), groups, runAsNonRoot };
}

// ---- volumes ----

export interface VolumeFile {
  path: string;
  content: Buffer;
  mode: number;
}
export type VolumePlan = { name: string; kind: 'files'; files: VolumeFile[] } | { name: string; kind: 'emptyDir' };
export interface MountPlan {
  volume: string;
  /** path inside the volume ('' = the whole volume) */
  subPath: string;
  mountPath: string;
  readOnly: boolean;
}

export class VolumeError extends Error {}

function safeRelative(p: string): string {
  const clean = p.split('/').filter((s) => s && s !== '.');
  if (clean.includes('..') || clean.length === 0) throw new VolumeError(`invalid path ${JSON.stringify(p)} in volume`);
  return clean.join('/');
}

/** The pod's volumes as files to write; a missing ConfigMap/Secret is kubelet's FailedMount. */
export function planVolumes(pod: KObject, get: Lookup): VolumePlan[] {
  const ns = pod.metadata.namespace ?? 'default';
  const out: VolumePlan[] = [];
  for (const v of (pod.spec?.volumes ?? []) as Json[]) {
    const source = v.configMap ?? v.secret;
    if (source) {
      const kind = v.configMap ? 'configmaps' : 'secrets';
      const name = v.configMap ? v.configMap.name : v.secret.secretName;
      const obj = get(kind, ns, name) as Json;
      if (!obj) {
        if (source.optional) {
          out.push({ name: v.name, kind: 'files', files: [] });
          continue;
        }
        throw new VolumeError(`MountVolume.SetUp failed for volume "${v.name}" : ${kind === 'configmaps' ? 'configmap' : 'secret'} "${name}" not found`);
      }
      const decode = (val: string, binary: boolean) => (binary || kind === 'secrets' ? Buffer.from(val, 'base64') : Buffer.from(val, 'utf8'));
      const entries = new Map<string, Buffer>();
      for (const [k, val] of Object.entries((obj.data ?? {}) as Record<string, string>)) entries.set(k, decode(val, false));
      for (const [k, val] of Object.entries((obj.binaryData ?? {}) as Record<string, string>)) entries.set(k, decode(val, true));
      const defaultMode = Number(source.defaultMode ?? 0o644);
      const files: VolumeFile[] = [];
      if (source.items) {
        for (const item of source.items as Json[]) {
          const content = entries.get(item.key);
          if (!content) {
            if (source.optional) continue;
            throw new VolumeError(`MountVolume.SetUp failed for volume "${v.name}" : configmap references non-existent config key: ${item.key}`);
          }
          files.push({ path: safeRelative(item.path), content, mode: Number(item.mode ?? defaultMode) });
        }
      } else for (const [k, content] of entries) files.push({ path: safeRelative(k), content, mode: defaultMode });
      out.push({ name: v.name, kind: 'files', files });
    } else if (v.emptyDir) out.push({ name: v.name, kind: 'emptyDir' });
    else if (v.downwardAPI) {
      const files = ((v.downwardAPI.items ?? []) as Json[]).map((item) => ({
        path: safeRelative(item.path),
        content: Buffer.from(item.fieldRef ? fieldRef(pod, item.fieldRef.fieldPath, { podIP: '', hostIP: '' }) : ''),
        mode: 0o644,
      }));
      out.push({ name: v.name, kind: 'files', files });
    } else throw new VolumeError(`volume "${v.name}": only configMap, secret, emptyDir and downwardAPI volumes exist in the lab`);
  }
  return out;
}

export function mountsOf(container: Json, volumes: VolumePlan[]): MountPlan[] {
  return ((container.volumeMounts ?? []) as Json[]).map((m) => {
    if (!volumes.some((v) => v.name === m.name)) throw new ContainerConfigError(`volume mount ${m.name} refers to an undeclared volume`);
    if (!String(m.mountPath ?? '').startsWith('/')) throw new ContainerConfigError(`mountPath ${m.mountPath} must be absolute`);
    return { volume: m.name, subPath: m.subPath ? safeRelative(m.subPath) : '', mountPath: m.mountPath, readOnly: Boolean(m.readOnly) || volumes.find((v) => v.name === m.name)?.kind === 'files' };
  });
}
