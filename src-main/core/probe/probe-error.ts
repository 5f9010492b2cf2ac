// Why a probe could not run or finish, with the action to take, in English and Chinese.
import { AppError } from '../rpc/app-error';

export type ProbeErrorCode =
  | 'permissions'
  | 'namespace-exists'
  | 'psa-rejected'
  | 'admission-rejected'
  | 'image-pull'
  | 'unschedulable'
  | 'crash'
  | 'timeout'
  | 'no-nodes'
  | 'service-not-found'
  | 'cancelled'
  | 'api';

type Params = Record<string, string | number>;
type Entry = { message: string; action: string };

const en: Record<ProbeErrorCode, (p: Params) => Entry> = {
  permissions: (p) => ({ message: `Missing permissions, nothing was created: ${p.missing}.`, action: 'Ask a cluster admin for these permissions, or use a context that has them.' }),
  'namespace-exists': (p) => ({ message: `Namespace ${p.namespace} already exists.`, action: 'Run the probe again (it picks a new id).' }),
  'psa-rejected': (p) => ({ message: `Pod Security admission rejected the probe pods: ${p.reason}`, action: 'The probe pods already meet "restricted"; check for a stricter policy (Kyverno, Gatekeeper) or custom admission.' }),
  'admission-rejected': (p) => ({ message: `The API server refused to create ${p.object}: ${p.reason}`, action: 'An admission policy blocks the probe; ask a cluster admin to allow it in snatscope-* namespaces.' }),
  'image-pull': (p) => ({ message: `The nodes cannot pull the probe image ${p.image}: ${p.reason}`, action: 'Set a reachable image (a mirror in your registry) and imagePullSecrets in Settings or with --image.' }),
  unschedulable: (p) => ({ message: `Probe pod ${p.pod} cannot be scheduled on ${p.node}: ${p.reason}`, action: 'Pick other nodes, or free resources / add a toleration for the node\'s taints.' }),
  crash: (p) => ({ message: `Probe pod ${p.pod} keeps crashing: ${p.reason}`, action: 'The image needs a working `node` binary (Node.js 18+); choose another image.' }),
  timeout: (p) => ({ message: `Step "${p.step}" did not finish within ${p.seconds} s (${p.detail}).`, action: 'The cluster may be slow or stuck; raise the timeout in Settings or try again.' }),
  'no-nodes': () => ({ message: 'The cluster has no Ready nodes to probe.', action: 'Check `kubectl get nodes`.' }),
  'service-not-found': (p) => ({ message: `Service ${p.service} does not exist.`, action: 'Check the namespace and name (kubectl get svc -A).' }),
  cancelled: () => ({ message: 'The probe was cancelled; everything it created is being removed.', action: 'Run it again when ready.' }),
  api: (p) => ({ message: `The API server failed during "${p.step}": ${p.reason}`, action: 'Check the cluster connection and try again; the probe cleaned up after itself.' }),
};

const zh: Record<ProbeErrorCode, (p: Params) => Entry> = {
  permissions: (p) => ({ message: `缺少权限，未创建任何对象：${p.missing}。`, action: '请集群管理员授予这些权限，或换用具备权限的上下文。' }),
  'namespace-exists': (p) => ({ message: `命名空间 ${p.namespace} 已存在。`, action: '重新运行探测（会换一个新 id）。' }),
  'psa-rejected': (p) => ({ message: `Pod Security 准入拒绝了探测 Pod：${p.reason}`, action: '探测 Pod 已满足 "restricted"；请检查是否有更严格的策略（Kyverno、Gatekeeper）或自定义准入。' }),
  'admission-rejected': (p) => ({ message: `API server 拒绝创建 ${p.object}：${p.reason}`, action: '有准入策略阻止了探测；请管理员在 snatscope-* 命名空间放行。' }),
  'image-pull': (p) => ({ message: `节点无法拉取探测镜像 ${p.image}：${p.reason}`, action: '在设置中或用 --image 指定可拉取的镜像（你所在仓库的镜像）及 imagePullSecrets。' }),
  unschedulable: (p) => ({ message: `探测 Pod ${p.pod} 无法调度到 ${p.node}：${p.reason}`, action: '选择其他节点，或释放资源 / 为节点污点添加容忍。' }),
  crash: (p) => ({ message: `探测 Pod ${p.pod} 反复崩溃：${p.reason}`, action: '镜像需要可用的 `node`（Node.js 18+）；请换一个镜像。' }),
  timeout: (p) => ({ message: `步骤 “${p.step}” 未在 ${p.seconds} 秒内完成（${p.detail}）。`, action: '集群可能较慢或卡住；在设置中调大超时或重试。' }),
  'no-nodes': () => ({ message: '集群中没有可探测的 Ready 节点。', action: '检查 `kubectl get nodes`。' }),
  'service-not-found': (p) => ({ message: `Service ${p.service} 不存在。`, action: '检查命名空间和名称（kubectl get svc -A）。' }),
  cancelled: () => ({ message: '探测已取消；正在删除其创建的所有对象。', action: '准备好后可再次运行。' }),
  api: (p) => ({ message: `API server 在 “${p.step}” 步骤出错：${p.reason}`, action: '检查集群连接后重试；探测已自行清理。' }),
};

export class ProbeError extends AppError {
  readonly probeCode: ProbeErrorCode;
  constructor(code: ProbeErrorCode, params: Params = {}, details?: unknown) {
    const e = en[code](params);
    super({ code: `probe.${code}`, message: e.message, action: e.action, i18n: { key: `probeErrors.${code}`, params }, localized: { 'zh-CN': zh[code](params) }, ...(details === undefined ? {} : { details }) });
    this.name = 'ProbeError';
    this.probeCode = code;
  }
}

export const probeErrorCatalogs = { en, 'zh-CN': zh };
