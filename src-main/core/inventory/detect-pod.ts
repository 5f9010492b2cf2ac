// V1Pod → PodInfo.
import type { V1Pod } from '@kubernetes/client-node';
import { normalizeIP } from './detect-address';
import { at, field, list, metaName, metaNamespace, nonEmptyStr, str, strMap } from './detect-json';
import type { PodInfo } from './types';

export function podInfo(pod: V1Pod): PodInfo {
  const raw: unknown = pod;
  const info: PodInfo = {
    namespace: metaNamespace(raw),
    name: metaName(raw),
    ip: null,
    nodeName: null,
    hostNetwork: false,
    ready: false,
    phase: 'Unknown',
    labels: {},
  };
  try {
    info.ip = normalizeIP(at(raw, 'status', 'podIP')) ?? normalizeIP(field(list(at(raw, 'status', 'podIPs'))[0], 'ip'));
    info.nodeName = nonEmptyStr(at(raw, 'spec', 'nodeName'));
    info.hostNetwork = at(raw, 'spec', 'hostNetwork') === true;
    info.phase = nonEmptyStr(at(raw, 'status', 'phase')) ?? 'Unknown';
    info.ready = list(at(raw, 'status', 'conditions')).some(
      (c) => str(field(c, 'type')) === 'Ready' && str(field(c, 'status')) === 'True',
    );
    info.labels = strMap(at(raw, 'metadata', 'labels'));
  } catch {
    // Keep what was read; the defaults describe an unknown pod.
  }
  return info;
}
