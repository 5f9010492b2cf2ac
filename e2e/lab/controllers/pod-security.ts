// Pod Security admission (enforce mode): namespaces labelled pod-security.kubernetes.io/enforce
// reject pods that break the baseline or restricted profile, with the real message shape:
//   pods "x" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (...), ...
import type { Admission, ObjectApi } from '../api/object-api';
import { resourceByPlural } from '../api/resources';
import type { Obj } from '../api/store';
import { errors } from '../api/status';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod JSON */
const BASELINE_CAPS = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];
const RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

const quoteList = (names: string[]) => names.map((n) => `"${n}"`).join(', ');
const containersPhrase = (names: string[]) => `${names.length === 1 ? 'container' : 'containers'} ${quoteList(names)}`;

export function podSecurityViolations(pod: Obj, level: string): string[] {
  if (level !== 'baseline' && level !== 'restricted') return [];
  const spec = pod.spec ?? {};
  const cs: any[] = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  const out: string[] = [];
  const host = ['hostNetwork', 'hostPID', 'hostIPC'].filter((k) => spec[k] === true);
  if (host.length) out.push(`host namespaces (${host.map((k) => `${k}=true`).join(', ')})`);
  const priv = cs.filter((c) => c.securityContext?.privileged === true).map((c) => c.name);
  if (priv.length) out.push(`privileged (${containersPhrase(priv)} must not set securityContext.privileged=true)`);
  const caps = cs.flatMap((c) => ((c.securityContext?.capabilities?.add ?? []) as string[]).filter((a) => !BASELINE_CAPS.includes(a)).map((a) => [c.name, a] as const));
  if (caps.length) {
    const names = [...new Set(caps.map(([n]) => n))];
    out.push(`non-default capabilities (${containersPhrase(names)} must not include ${quoteList([...new Set(caps.map(([, a]) => a))])} in securityContext.capabilities.add)`);
  }
  const hostPaths = ((spec.volumes ?? []) as any[]).filter((v) => v.hostPath).map((v) => v.name);
  if (hostPaths.length) out.push(`hostPath volumes (${hostPaths.length === 1 ? 'volume' : 'volumes'} ${quoteList(hostPaths)})`);
  const hostPorts = cs.flatMap((c) => ((c.ports ?? []) as any[]).filter((p) => p.hostPort).map((p) => `${c.name === undefined ? '' : `container "${c.name}"`} uses hostPort ${p.hostPort}`));
  if (hostPorts.length) out.push(`hostPort (${hostPorts.join(', ')})`);
  if (level === 'baseline') return out;

  const badVolumes = ((spec.volumes ?? []) as any[]).flatMap((v) => {
    const type = Object.keys(v).find((k) => k !== 'name');
    return type && !RESTRICTED_VOLUMES.includes(type) ? [`volume "${v.name}" uses restricted volume type "${type}"`] : [];
  });
  if (badVolumes.length) out.push(`restricted volume types (${badVolumes.join(', ')})`);
  const ape = cs.filter((c) => c.securityContext?.allowPrivilegeEscalation !== false).map((c) => c.name);
  if (ape.length) out.push(`allowPrivilegeEscalation != false (${containersPhrase(ape)} must set securityContext.allowPrivilegeEscalation=false)`);
  const drop = cs.filter((c) => !((c.securityContext?.capabilities?.drop ?? []) as string[]).includes('ALL')).map((c) => c.name);
  if (drop.length) out.push(`unrestricted capabilities (${containersPhrase(drop)} must set securityContext.capabilities.drop=["ALL"])`);
  const podNonRoot = spec.securityContext?.runAsNonRoot === true;
  const nonRoot = cs.filter((c) => c.securityContext?.runAsNonRoot !== true && !(podNonRoot && c.securityContext?.runAsNonRoot !== false)).map((c) => c.name);
  if (nonRoot.length) out.push(`runAsNonRoot != true (pod or ${containersPhrase(nonRoot)} must set securityContext.runAsNonRoot=true)`);
  const okSeccomp = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';
  const podSeccomp = okSeccomp(spec.securityContext?.seccompProfile?.type);
  const seccomp = cs.filter((c) => !(okSeccomp(c.securityContext?.seccompProfile?.type) || (podSeccomp && c.securityContext?.seccompProfile === undefined))).map((c) => c.name);
  if (seccomp.length) out.push(`seccompProfile (pod or ${containersPhrase(seccomp)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`);
  return out;
}

export function podSecurityAdmission(api: ObjectApi): Admission {
  const nsRes = resourceByPlural('namespaces');
  return {
    name: 'PodSecurity',
    admit(op, res, obj) {
      if (res.plural !== 'pods' || op !== 'create') return;
      const ns = api.store.get(nsRes, undefined, obj.metadata.namespace ?? '');
      const level = ns?.metadata.labels?.['pod-security.kubernetes.io/enforce'];
      if (!level) return;
      const version = ns?.metadata.labels?.['pod-security.kubernetes.io/enforce-version'] ?? 'latest';
      const v = podSecurityViolations(obj, level);
      if (v.length) throw errors.forbidden(`pods "${obj.metadata.name}" is forbidden: violates PodSecurity "${level}:${version}": ${v.join(', ')}`, { name: obj.metadata.name, group: '', kind: 'pods' });
    },
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */
