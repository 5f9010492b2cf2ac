// Ingress controllers (IngressClass + the controller workload, its Service, pods and ingress-nginx
// ConfigMap) and Ingress objects. ingress-nginx realip settings decide what the backend sees in
// X-Forwarded-For (fact sheet §4).
import type { V1ConfigMap, V1DaemonSet, V1Deployment, V1Ingress, V1IngressClass, V1Pod, V1Service } from '@kubernetes/client-node';
import { isCIDR } from './detect-address';
import {
  at,
  boolish,
  configMapData,
  field,
  flagValue,
  guarded,
  imageOf,
  int,
  list,
  metaName,
  metaNamespace,
  nonEmptyStr,
  obj,
  own,
  strMap,
  templateContainers,
} from './detect-json';
import { podInfo } from './detect-pod';
import { serviceInfo } from './detect-service';
import type { IngressBackendInfo, IngressControllerInfo, IngressInfo, IngressNginxConfig, ObjectRef, ServiceInfo } from './types';

export const INGRESS_NGINX_CONTROLLER = 'k8s.io/ingress-nginx';

/** ingress-nginx ConfigMap defaults (user-guide/nginx-configuration/configmap). */
export function defaultIngressNginxConfig(): IngressNginxConfig {
  return {
    useForwardedHeaders: false,
    computeFullForwardedFor: false,
    useProxyProtocol: false,
    enableRealIp: false,
    forwardedForHeader: 'X-Forwarded-For',
    proxyRealIpCidr: ['0.0.0.0/0'],
  };
}

export function ingressNginxConfig(data: Record<string, string>, warnings: string[] = []): IngressNginxConfig {
  const cfg = defaultIngressNginxConfig();
  const flag = (key: string, current: boolean): boolean => {
    const v = own(data, key);
    if (v === null) return current;
    const b = boolish(v);
    if (b === null) warnings.push(`ingress-nginx ${key}=${JSON.stringify(v.slice(0, 32))} is not a boolean`);
    return b ?? current;
  };
  cfg.useForwardedHeaders = flag('use-forwarded-headers', cfg.useForwardedHeaders);
  cfg.computeFullForwardedFor = flag('compute-full-forwarded-for', cfg.computeFullForwardedFor);
  cfg.useProxyProtocol = flag('use-proxy-protocol', cfg.useProxyProtocol);
  cfg.enableRealIp = flag('enable-real-ip', cfg.enableRealIp);
  const header = own(data, 'forwarded-for-header')?.trim();
  if (header) cfg.forwardedForHeader = header;
  const cidrs = own(data, 'proxy-real-ip-cidr');
  if (cidrs !== null) {
    const parts = cidrs.split(',').map((s) => s.trim()).filter(Boolean);
    const good = parts.filter((p) => isCIDR(p) || /^[0-9a-f.:]+$/i.test(p));
    if (good.length !== parts.length) warnings.push('ingress-nginx proxy-real-ip-cidr has invalid entries');
    if (good.length > 0) cfg.proxyRealIpCidr = good;
  }
  return cfg;
}

interface ControllerWorkload {
  kind: 'Deployment' | 'DaemonSet';
  namespace: string;
  name: string;
  controllerClass: string;
  ingressClass: string | null;
  configMap: ObjectRef | null;
  publishService: ObjectRef | null;
  hostNetwork: boolean;
  labels: Record<string, string>;
}

function nsRef(value: string | null, namespace: string): ObjectRef | null {
  if (!value) return null;
  const v = value.replace(/\$\(POD_NAMESPACE\)/g, namespace);
  const [a, b] = v.includes('/') ? v.split('/', 2) : [namespace, v];
  return a && b ? { namespace: a, name: b } : null;
}

function ingressNginxWorkloads(items: readonly unknown[], kind: ControllerWorkload['kind']): ControllerWorkload[] {
  const out: ControllerWorkload[] = [];
  for (const w of list(items as unknown)) {
    const namespace = metaNamespace(w);
    const c = templateContainers(w).find(
      (x) => /ingress-nginx\/controller|nginx-ingress-controller/.test(imageOf(x)) || flagValue(x, '--controller-class') !== null || /nginx-ingress-controller/.test(JSON.stringify(field(x, 'args') ?? '')),
    );
    if (!c) continue;
    const text = (flag: string): string | null => {
      const v = flagValue(c, flag);
      return v === true ? null : v;
    };
    const templateLabels = strMap(at(w, 'spec', 'template', 'metadata', 'labels'));
    const selectorLabels = strMap(at(w, 'spec', 'selector', 'matchLabels'));
    out.push({
      kind,
      namespace,
      name: metaName(w),
      controllerClass: text('--controller-class') ?? INGRESS_NGINX_CONTROLLER,
      ingressClass: text('--ingress-class'),
      configMap: nsRef(text('--configmap'), namespace),
      publishService: nsRef(text('--publish-service'), namespace),
      hostNetwork: at(w, 'spec', 'template', 'spec', 'hostNetwork') === true,
      labels: Object.keys(selectorLabels).length > 0 ? selectorLabels : templateLabels,
    });
  }
  return out;
}

function matches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => own(labels, k) === selector[k]);
}

function findService(w: ControllerWorkload, services: ServiceInfo[]): ServiceInfo | null {
  if (w.publishService) {
    const s = services.find((x) => x.namespace === w.publishService?.namespace && x.name === w.publishService.name);
    if (s) return s;
  }
  // The admission webhook and metrics Services share the controller's selector: skip them.
  const rank = (s: ServiceInfo): number => (s.type === 'LoadBalancer' ? 0 : s.type === 'NodePort' ? 1 : 2);
  const candidates = services
    .filter((s) => s.namespace === w.namespace && s.selector !== null && !/admission|metrics/.test(s.name))
    .filter((s) => Object.keys(s.selector ?? {}).every((k) => own(w.labels, k) === s.selector?.[k]) && Object.keys(s.selector ?? {}).length > 0)
    .sort((a, b) => rank(a) - rank(b));
  return candidates[0] ?? null;
}

function emptyController(className: string, controller: string): IngressControllerInfo {
  return {
    className,
    controller,
    kind: controller === INGRESS_NGINX_CONTROLLER ? 'ingress-nginx' : 'other',
    isDefaultClass: false,
    namespace: null,
    workload: null,
    hostNetwork: false,
    service: null,
    serviceInfo: null,
    pods: [],
    configMap: null,
    config: defaultIngressNginxConfig(),
    warnings: [],
  };
}

export interface IngressControllerInput {
  ingressClasses: readonly V1IngressClass[];
  deployments?: readonly V1Deployment[];
  daemonSets?: readonly V1DaemonSet[];
  configMaps?: readonly V1ConfigMap[];
  services?: readonly V1Service[];
  pods?: readonly V1Pod[];
}

export function detectIngressControllers(input: IngressControllerInput): IngressControllerInfo[] {
  try {
    const workloads = [
      ...ingressNginxWorkloads(input.deployments ?? [], 'Deployment'),
      ...ingressNginxWorkloads(input.daemonSets ?? [], 'DaemonSet'),
    ];
    const services = list(input.services as unknown).map((s) => serviceInfo(s as V1Service));
    const pods = list(input.pods as unknown).map((p) => podInfo(p as V1Pod));
    const configMaps = list(input.configMaps as unknown);

    const complete = (info: IngressControllerInfo, w: ControllerWorkload | null): IngressControllerInfo =>
      guarded(`ingress controller ${info.className}`, () => info, () => {
        if (!w) {
          if (info.kind === 'ingress-nginx') info.warnings.push('no ingress-nginx controller workload found for this class');
          return info;
        }
        info.kind = 'ingress-nginx';
        info.namespace = w.namespace;
        info.workload = { kind: w.kind, namespace: w.namespace, name: w.name };
        info.hostNetwork = w.hostNetwork;
        const svc = findService(w, services);
        if (svc) {
          info.service = { namespace: svc.namespace, name: svc.name };
          info.serviceInfo = svc;
        } else if (!w.hostNetwork) info.warnings.push('controller Service not found');
        info.pods = pods.filter((p) => p.namespace === w.namespace && matches(w.labels, p.labels));
        const cmRef = w.configMap ?? { namespace: w.namespace, name: 'ingress-nginx-controller' };
        const cm = configMaps.find((c) => metaNamespace(c) === cmRef.namespace && metaName(c) === cmRef.name);
        if (cm) {
          info.configMap = cmRef;
          info.config = ingressNginxConfig(configMapData(cm), info.warnings);
        } else if (w.configMap) {
          info.warnings.push(`ConfigMap ${cmRef.namespace}/${cmRef.name} not found: ingress-nginx defaults assumed`);
        }
        return info;
      });

    const out: IngressControllerInfo[] = [];
    const used = new Set<ControllerWorkload>();
    for (const ic of list(input.ingressClasses as unknown)) {
      const className = metaName(ic);
      const controller = nonEmptyStr(at(ic, 'spec', 'controller')) ?? '';
      const info = emptyController(className, controller);
      info.isDefaultClass = boolish(own(strMap(at(ic, 'metadata', 'annotations')), 'ingressclass.kubernetes.io/is-default-class')) === true;
      const sameController = workloads.filter((w) => w.controllerClass === controller);
      const w = sameController.find((x) => x.ingressClass === className) ?? (sameController.length === 1 ? sameController[0] : sameController.find((x) => x.ingressClass === null)) ?? null;
      if (w) used.add(w);
      out.push(complete(info, w));
    }
    // Controllers without an IngressClass object (legacy --ingress-class / annotation users).
    for (const w of workloads) {
      if (used.has(w)) continue;
      out.push(complete(emptyController(w.ingressClass ?? 'nginx', w.controllerClass), w));
    }
    return out;
  } catch {
    return [];
  }
}

function backendOf(x: unknown): IngressBackendInfo | null {
  const name = nonEmptyStr(at(x, 'service', 'name'));
  if (!name) return null;
  const port = int(at(x, 'service', 'port', 'number')) ?? nonEmptyStr(at(x, 'service', 'port', 'name')) ?? 0;
  return { service: name, port };
}

export function ingressInfo(ingress: V1Ingress): IngressInfo {
  const raw: unknown = ingress;
  const namespace = metaNamespace(raw);
  const name = metaName(raw);
  const fallback = (): IngressInfo => ({ namespace, name, className: null, rules: [], defaultBackend: null, tls: false, warnings: [] });
  return guarded(`ingress ${namespace}/${name}`, fallback, () => {
    const info = fallback();
    const spec = field(raw, 'spec');
    info.className = nonEmptyStr(field(spec, 'ingressClassName')) ?? own(strMap(at(raw, 'metadata', 'annotations')), 'kubernetes.io/ingress.class');
    info.defaultBackend = backendOf(field(spec, 'defaultBackend'));
    info.tls = list(field(spec, 'tls')).length > 0;
    for (const r of list(field(spec, 'rules'))) {
      const paths: IngressInfo['rules'][number]['paths'] = [];
      for (const p of list(at(r, 'http', 'paths'))) {
        const backend = backendOf(field(p, 'backend'));
        if (!backend) {
          info.warnings.push('ingress path without a service backend skipped');
          continue;
        }
        paths.push({ path: nonEmptyStr(field(p, 'path')) ?? '/', pathType: nonEmptyStr(field(p, 'pathType')) ?? 'ImplementationSpecific', backend });
      }
      info.rules.push({ host: nonEmptyStr(field(r, 'host')), paths });
    }
    if (!obj(spec)) info.warnings.push('ingress without a spec');
    return info;
  });
}
