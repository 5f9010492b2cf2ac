// A scenario run with a chosen kube-proxy: `implementation` sets dataPlane.kubeProxy; `mode` sets
// `mode:` in the kube-system/kube-proxy ConfigMap (created if the scenario has none) — so the
// same scenario runs in iptables and nftables mode, and the app reads the mode it runs in.
// Pure: returns a new scenario object.
import { parse, stringify } from 'yaml';
import type { Scenario } from '../scenario/schema';

export type KubeProxyMode = 'iptables' | 'nftables' | 'ipvs';
export interface KubeProxyChoice {
  implementation?: 'lab' | 'upstream';
  mode?: KubeProxyMode;
}

type Obj = { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string }; data?: Record<string, string> };

export function withKubeProxy(scenario: Scenario, choice: KubeProxyChoice): Scenario {
  if (!choice.implementation && !choice.mode) return scenario;
  // a mode other than iptables exists only upstream
  const implementation = choice.implementation ?? (choice.mode && choice.mode !== 'iptables' ? 'upstream' : undefined);
  if (implementation === 'lab' && choice.mode && choice.mode !== 'iptables') throw new Error(`kube-proxy mode ${choice.mode} needs upstream kube-proxy (the lab's own rules are iptables only)`);
  const dataPlane = { ...scenario.dataPlane, ...(implementation ? { kubeProxy: implementation } : {}) };
  let objects = scenario.objects as Obj[];
  if (choice.mode) {
    const isCm = (o: Obj) => o.kind === 'ConfigMap' && o.metadata?.name === 'kube-proxy' && o.metadata?.namespace === 'kube-system';
    const cm = objects.find(isCm);
    const doc = (cm?.data?.['config.conf'] ? parse(cm.data['config.conf']) : undefined) ?? { apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', clusterCIDR: '198.19.0.0/16' };
    doc.mode = choice.mode;
    const next: Obj = { apiVersion: 'v1', kind: 'ConfigMap', ...(cm ?? {}), metadata: { name: 'kube-proxy', namespace: 'kube-system' }, data: { ...(cm?.data ?? {}), 'config.conf': stringify(doc) } };
    objects = cm ? objects.map((o) => (isCm(o) ? next : o)) : [next, ...objects];
  }
  return { ...scenario, dataPlane, objects: objects as Scenario['objects'] };
}
