// Classified, actionable cluster errors: a stable code, a one-line cause and a suggested action,
// in English and Simplified Chinese. Produced from kubeconfig problems, network/TLS failures
// and API Status responses (see classify-error.ts).
import { AppError } from '../rpc/app-error';

export type ClusterErrorCode =
  | 'kubeconfig.missing'
  | 'kubeconfig.unreadable'
  | 'kubeconfig.invalid'
  | 'kubeconfig.empty'
  | 'kubeconfig.too-large'
  | 'kubeconfig.duplicate-name'
  | 'kubeconfig.warning'
  | 'context.missing'
  | 'context.none-current'
  | 'context.cluster-missing'
  | 'context.user-missing'
  | 'context.no-server'
  | 'context.bad-server'
  | 'context.file-unreadable'
  | 'context.conflict'
  | 'net.dns'
  | 'net.refused'
  | 'net.timeout'
  | 'net.unreachable'
  | 'net.reset'
  | 'net.proxy'
  | 'net.proxy-auth'
  | 'tls.unknown-authority'
  | 'tls.hostname-mismatch'
  | 'tls.expired'
  | 'tls.client-cert'
  | 'tls.other'
  | 'auth.unauthorized'
  | 'auth.exec-failed'
  | 'auth.exec-missing'
  | 'auth.exec-config'
  | 'auth.exec-timeout'
  | 'auth.exec-needs-terminal'
  | 'auth.exec-cancelled'
  | 'auth.exec-output'
  | 'auth.oidc'
  | 'auth.forbidden'
  | 'auth.provider-removed'
  | 'server.too-old'
  | 'server.error'
  | 'server.rate-limited'
  | 'server.unexpected'
  | 'server.redirect';

type Params = Record<string, string | number>;
type Entry = { message: string; action: string };
type Catalog = Record<ClusterErrorCode, (p: Params) => Entry>;

const en: Catalog = {
  'kubeconfig.missing': (p) => ({ message: `Kubeconfig file ${p.file} does not exist.`, action: 'Check the path, or the KUBECONFIG variable, and add the file again.' }),
  'kubeconfig.unreadable': (p) => ({ message: `Kubeconfig file ${p.file} cannot be read (${p.reason}).`, action: 'Check the file permissions.' }),
  'kubeconfig.invalid': (p) => ({ message: `Kubeconfig file ${p.file} is not valid YAML at line ${p.line}, column ${p.column}: ${p.reason}.`, action: 'Fix the file (kubectl config view shows how kubectl reads it).' }),
  'kubeconfig.empty': (p) => ({ message: `Kubeconfig file ${p.file} defines no contexts.`, action: 'Add a context with kubectl config set-context, or choose another file.' }),
  'kubeconfig.too-large': (p) => ({ message: `Kubeconfig file ${p.file} is larger than ${p.limit} MiB, so it is not read.`, action: 'Kubeconfig files are a few KiB: check that this is the right file.' }),
  'kubeconfig.duplicate-name': (p) => ({ message: `Kubeconfig file ${p.file} defines ${p.kind} "${p.name}" more than once.`, action: 'kubectl refuses such a file: remove or rename one of the entries.' }),
  'kubeconfig.warning': (p) => ({ message: `Kubeconfig file ${p.file}: entries without a usable name were skipped: ${p.entries}.`, action: 'kubectl refuses this file. Give each entry a name that is a string (quote numbers and words like yes, no, on, off).' }),
  'context.missing': (p) => ({ message: `Context "${p.context}" is not defined in ${p.file}.`, action: 'Pick one of the listed contexts, or fix current-context.' }),
  'context.none-current': (p) => ({ message: `No context is selected: ${p.file} has no current-context.`, action: 'Pass --context NAME, or set one with kubectl config use-context NAME.' }),
  'context.cluster-missing': (p) => ({ message: `Context "${p.context}" refers to cluster "${p.cluster}", which no kubeconfig file defines.`, action: 'Add the cluster entry, or point the context at an existing cluster.' }),
  'context.user-missing': (p) => ({ message: `Context "${p.context}" refers to user "${p.user}", which no kubeconfig file defines.`, action: 'Add the user entry, or point the context at an existing user.' }),
  'context.no-server': (p) => ({ message: `Cluster "${p.cluster}" has no server URL.`, action: 'Set clusters[].cluster.server in the kubeconfig.' }),
  'context.bad-server': (p) => ({ message: `Cluster "${p.cluster}" has a server that is not an https:// (or http://) URL with a host: ${p.server}.`, action: 'Set clusters[].cluster.server to the API server URL, e.g. https://api.example.com:6443.' }),
  'context.file-unreadable': (p) => ({ message: `The file ${p.path}, named in the kubeconfig (certificate authority, client certificate or key, or token file), cannot be read: ${p.reason}.`, action: 'Fix the path in the kubeconfig (relative paths are relative to the kubeconfig file) or restore the file.' }),
  'context.conflict': (p) => ({ message: `kubectl refuses this context: ${p.reason}`, action: 'Keep only one of the two settings in the kubeconfig.' }),
  'net.dns': (p) => ({ message: `The API server name ${p.host} cannot be resolved.`, action: 'Check the server URL, your DNS, or your VPN connection.' }),
  'net.refused': (p) => ({ message: `Connection to ${p.host}:${p.port} was refused.`, action: 'Is the API server running and the port right? A tunnel or VPN may be down.' }),
  'net.timeout': (p) => ({ message: `No answer from ${p.host}:${p.port} within ${p.seconds} s.`, action: 'Check network reachability (VPN, firewall, bastion) and try again.' }),
  'net.unreachable': (p) => ({ message: `${p.host} is unreachable from this machine.`, action: 'Check routes and VPN; the API server address may be private.' }),
  'net.reset': (p) => ({ message: `The connection to ${p.host} was reset.`, action: 'A proxy or firewall may be interfering; try again.' }),
  'net.proxy': (p) => ({ message: `The proxy ${p.proxy} failed: ${p.reason}.`, action: 'Check proxy-url in the kubeconfig, or HTTPS_PROXY / HTTP_PROXY / NO_PROXY in the environment.' }),
  'net.proxy-auth': (p) => ({ message: `The proxy ${p.proxy} refused the request: ${p.reason}.`, action: 'Check the user name and password in proxy-url (or HTTPS_PROXY).' }),
  'tls.unknown-authority': (p) => ({ message: `The API server certificate of ${p.host} is not signed by a trusted authority.`, action: 'Set certificate-authority(-data) for this cluster; insecure-skip-tls-verify works but is unsafe.' }),
  'tls.hostname-mismatch': (p) => ({ message: `The API server certificate is not valid for ${p.host}.`, action: 'Use a server name the certificate covers, or set tls-server-name.' }),
  'tls.expired': (p) => ({ message: `A TLS certificate for ${p.host} has expired or is not yet valid.`, action: 'Renew the certificate or check this machine\'s clock.' }),
  'tls.client-cert': (p) => ({ message: `The client certificate or key for user "${p.user}" cannot be used: ${p.reason}.`, action: 'Check client-certificate and client-key in the kubeconfig.' }),
  'tls.other': (p) => ({ message: `TLS handshake with ${p.host} failed: ${p.reason}.`, action: 'Check the server URL and the cluster CA.' }),
  'auth.unauthorized': (p) => ({ message: `The API server rejected the credentials of user "${p.user}" (401 Unauthorized).`, action: 'Log in again or refresh the token; expired tokens are the usual cause.' }),
  'auth.exec-failed': (p) => ({ message: `The credential plugin "${p.command}" failed: ${p.stderr}`, action: 'Run the plugin in a terminal to see why (often: log in to the cloud CLI again).' }),
  'auth.exec-missing': (p) => ({ message: `The credential plugin "${p.command}" was not found on PATH.`, action: p.hint ? `${p.hint}` : 'Install it, or make sure your login shell\'s PATH contains it.' }),
  'auth.exec-config': (p) => ({ message: `The exec credential plugin of user "${p.user}" is configured wrongly: ${p.reason}.`, action: 'Fix users[].user.exec in the kubeconfig; kubectl refuses it too.' }),
  'auth.exec-timeout': (p) => ({ message: `The credential plugin "${p.command}" gave no credential within ${p.seconds} s.`, action: 'Run the plugin in a terminal to see what it waits for (a login prompt needs interactiveMode: IfAvailable and a terminal or the app).' }),
  'auth.exec-needs-terminal': (p) => ({ message: `The credential plugin "${p.command}" needs an interactive login (interactiveMode: Always), but ${p.reason}.`, action: 'Run the command in a terminal, or log in with the plugin first so that it has a cached credential.' }),
  'auth.exec-cancelled': (p) => ({ message: `The login of the credential plugin "${p.command}" was cancelled.`, action: 'Connect again to restart the login.' }),
  'auth.exec-output': (p) => ({ message: `The credential plugin "${p.command}" gave an unusable answer: ${p.reason}.`, action: 'Update the plugin, or make its apiVersion in the kubeconfig match what it prints.' }),
  'auth.oidc': (p) => ({ message: `The OIDC login of user "${p.user}" cannot be used: ${p.reason}.`, action: 'Log in again with your identity provider (for example kubectl oidc-login) to get a new id-token and refresh-token.' }),
  'auth.provider-removed': (p) => ({ message: `User "${p.user}" uses the "${p.provider}" auth provider, which kubectl removed in 1.26 (it ran commands through a shell).`, action: 'Switch the user to the exec plugin (gke-gcloud-auth-plugin for GKE, kubelogin for AKS), e.g. with the cloud CLI\'s get-credentials command.' }),
  'auth.forbidden': (p) => ({ message: `User "${p.user}" may not ${p.verb} ${p.resource}${p.namespace ? ` in namespace ${p.namespace}` : ''} (403 Forbidden${p.reason ? `: ${p.reason}` : ''}).`, action: 'Ask a cluster admin for this permission, or use a context that has it.' }),
  'server.too-old': (p) => ({ message: `The API server runs Kubernetes ${p.version}; SNATScope needs ${p.minimum} or newer.`, action: 'Use a newer cluster; EndpointSlice v1 appeared in 1.21.' }),
  'server.error': (p) => ({ message: `The API server answered ${p.status} ${p.reason}.`, action: 'The control plane may be overloaded; try again shortly.' }),
  'server.rate-limited': (p) => ({ message: `The API server is rate-limiting requests (429); retry after ${p.seconds} s.`, action: 'Wait and try again; SNATScope retries automatically.' }),
  'server.unexpected': (p) => ({ message: `Unexpected answer from ${p.host}: ${p.reason}.`, action: 'Check that the server URL points at a Kubernetes API server.' }),
  'server.redirect': (p) => ({ message: `${p.host} answered ${p.status} and redirects to ${p.location}.`, action: 'The server URL is probably a web page, not the API server: set clusters[].cluster.server to the API server URL (kubectl does not follow redirects here either).' }),
};

const zh: Catalog = {
  'kubeconfig.missing': (p) => ({ message: `kubeconfig 文件 ${p.file} 不存在。`, action: '检查路径或 KUBECONFIG 变量，然后重新添加该文件。' }),
  'kubeconfig.unreadable': (p) => ({ message: `无法读取 kubeconfig 文件 ${p.file}（${p.reason}）。`, action: '检查文件权限。' }),
  'kubeconfig.invalid': (p) => ({ message: `kubeconfig 文件 ${p.file} 在第 ${p.line} 行第 ${p.column} 列不是合法的 YAML：${p.reason}。`, action: '修正该文件（kubectl config view 可显示 kubectl 的解析结果）。' }),
  'kubeconfig.empty': (p) => ({ message: `kubeconfig 文件 ${p.file} 没有定义任何上下文。`, action: '用 kubectl config set-context 添加上下文，或选择其他文件。' }),
  'kubeconfig.too-large': (p) => ({ message: `kubeconfig 文件 ${p.file} 超过 ${p.limit} MiB，未读取。`, action: 'kubeconfig 通常只有几 KiB：请确认这是正确的文件。' }),
  'kubeconfig.duplicate-name': (p) => ({ message: `kubeconfig 文件 ${p.file} 多次定义了 ${p.kind} “${p.name}”。`, action: 'kubectl 会拒绝这样的文件：删除或重命名其中一个条目。' }),
  'kubeconfig.warning': (p) => ({ message: `kubeconfig 文件 ${p.file}：已跳过没有可用名称的条目：${p.entries}。`, action: 'kubectl 会拒绝该文件。请为每个条目设置字符串名称（数字以及 yes、no、on、off 等词需加引号）。' }),
  'context.missing': (p) => ({ message: `上下文 “${p.context}” 未在 ${p.file} 中定义。`, action: '从列表中选择一个上下文，或修正 current-context。' }),
  'context.none-current': (p) => ({ message: `没有选中任何上下文：${p.file} 没有设置 current-context。`, action: '使用 --context NAME，或用 kubectl config use-context NAME 设置。' }),
  'context.cluster-missing': (p) => ({ message: `上下文 “${p.context}” 引用的集群 “${p.cluster}” 在任何 kubeconfig 文件中都未定义。`, action: '添加该集群条目，或让上下文指向已有的集群。' }),
  'context.user-missing': (p) => ({ message: `上下文 “${p.context}” 引用的用户 “${p.user}” 在任何 kubeconfig 文件中都未定义。`, action: '添加该用户条目，或让上下文指向已有的用户。' }),
  'context.no-server': (p) => ({ message: `集群 “${p.cluster}” 没有 server 地址。`, action: '在 kubeconfig 中设置 clusters[].cluster.server。' }),
  'context.bad-server': (p) => ({ message: `集群 “${p.cluster}” 的 server 不是带主机名的 https://（或 http://）URL：${p.server}。`, action: '把 clusters[].cluster.server 设为 API server 的 URL，例如 https://api.example.com:6443。' }),
  'context.file-unreadable': (p) => ({ message: `kubeconfig 中引用的文件 ${p.path}（CA、客户端证书或私钥、令牌文件）无法读取：${p.reason}。`, action: '修正 kubeconfig 中的路径（相对路径相对于 kubeconfig 文件所在目录），或恢复该文件。' }),
  'context.conflict': (p) => ({ message: `kubectl 拒绝此上下文：${p.reason}`, action: '在 kubeconfig 中只保留两个设置中的一个。' }),
  'net.dns': (p) => ({ message: `无法解析 API server 主机名 ${p.host}。`, action: '检查 server 地址、DNS 或 VPN 连接。' }),
  'net.refused': (p) => ({ message: `到 ${p.host}:${p.port} 的连接被拒绝。`, action: 'API server 是否在运行、端口是否正确？隧道或 VPN 可能已断开。' }),
  'net.timeout': (p) => ({ message: `${p.seconds} 秒内 ${p.host}:${p.port} 没有响应。`, action: '检查网络可达性（VPN、防火墙、跳板机）后重试。' }),
  'net.unreachable': (p) => ({ message: `本机无法到达 ${p.host}。`, action: '检查路由和 VPN；API server 地址可能是私有地址。' }),
  'net.reset': (p) => ({ message: `到 ${p.host} 的连接被重置。`, action: '代理或防火墙可能在干扰，请重试。' }),
  'net.proxy': (p) => ({ message: `代理 ${p.proxy} 出错：${p.reason}。`, action: '检查 kubeconfig 中的 proxy-url，或环境变量 HTTPS_PROXY / HTTP_PROXY / NO_PROXY。' }),
  'net.proxy-auth': (p) => ({ message: `代理 ${p.proxy} 拒绝了请求：${p.reason}。`, action: '检查 proxy-url（或 HTTPS_PROXY）中的用户名和密码。' }),
  'tls.unknown-authority': (p) => ({ message: `${p.host} 的 API server 证书不是由受信任的机构签发的。`, action: '为该集群设置 certificate-authority(-data)；insecure-skip-tls-verify 可用但不安全。' }),
  'tls.hostname-mismatch': (p) => ({ message: `API server 证书对 ${p.host} 无效。`, action: '使用证书覆盖的主机名，或设置 tls-server-name。' }),
  'tls.expired': (p) => ({ message: `${p.host} 的 TLS 证书已过期或尚未生效。`, action: '更新证书，或检查本机时钟。' }),
  'tls.client-cert': (p) => ({ message: `用户 “${p.user}” 的客户端证书或私钥不可用：${p.reason}。`, action: '检查 kubeconfig 中的 client-certificate 和 client-key。' }),
  'tls.other': (p) => ({ message: `与 ${p.host} 的 TLS 握手失败：${p.reason}。`, action: '检查 server 地址和集群 CA。' }),
  'auth.unauthorized': (p) => ({ message: `API server 拒绝了用户 “${p.user}” 的凭据（401 Unauthorized）。`, action: '重新登录或刷新令牌；通常是令牌过期。' }),
  'auth.exec-failed': (p) => ({ message: `凭据插件 “${p.command}” 执行失败：${p.stderr}`, action: '在终端中运行该插件查看原因（通常需要重新登录云厂商 CLI）。' }),
  'auth.exec-missing': (p) => ({ message: `在 PATH 中找不到凭据插件 “${p.command}”。`, action: p.hint ? `插件的安装说明：${p.hint}` : '安装该插件，或确认登录 shell 的 PATH 包含它。' }),
  'auth.exec-config': (p) => ({ message: `用户 “${p.user}” 的 exec 凭据插件配置有误：${p.reason}。`, action: '修正 kubeconfig 中的 users[].user.exec；kubectl 同样会拒绝它。' }),
  'auth.exec-timeout': (p) => ({ message: `凭据插件 “${p.command}” 在 ${p.seconds} 秒内没有返回凭据。`, action: '在终端中运行该插件，查看它在等待什么（登录提示需要 interactiveMode: IfAvailable 以及终端或本应用）。' }),
  'auth.exec-needs-terminal': (p) => ({ message: `凭据插件 “${p.command}” 需要交互式登录（interactiveMode: Always），但 ${p.reason}。`, action: '在终端中运行该命令，或先用该插件登录以缓存凭据。' }),
  'auth.exec-cancelled': (p) => ({ message: `凭据插件 “${p.command}” 的登录已取消。`, action: '重新连接以再次登录。' }),
  'auth.exec-output': (p) => ({ message: `凭据插件 “${p.command}” 返回的结果不可用：${p.reason}。`, action: '更新该插件，或使 kubeconfig 中的 apiVersion 与插件输出一致。' }),
  'auth.oidc': (p) => ({ message: `用户 “${p.user}” 的 OIDC 登录不可用：${p.reason}。`, action: '通过身份提供方重新登录（例如 kubectl oidc-login），获取新的 id-token 和 refresh-token。' }),
  'auth.provider-removed': (p) => ({ message: `用户 “${p.user}” 使用 “${p.provider}” 认证提供方，kubectl 已在 1.26 中移除它（它通过 shell 执行命令）。`, action: '将该用户改为 exec 插件（GKE 用 gke-gcloud-auth-plugin，AKS 用 kubelogin），例如用云厂商 CLI 的 get-credentials 命令。' }),
  'auth.forbidden': (p) => ({ message: `用户 “${p.user}” 无权对 ${p.resource}${p.namespace ? `（命名空间 ${p.namespace}）` : ''} 执行 ${p.verb}（403 Forbidden${p.reason ? `：${p.reason}` : ''}）。`, action: '请集群管理员授予该权限，或使用具备该权限的上下文。' }),
  'server.too-old': (p) => ({ message: `API server 运行的是 Kubernetes ${p.version}；SNATScope 需要 ${p.minimum} 或更新版本。`, action: '使用更新的集群；EndpointSlice v1 自 1.21 起提供。' }),
  'server.error': (p) => ({ message: `API server 返回 ${p.status} ${p.reason}。`, action: '控制面可能过载，请稍后重试。' }),
  'server.rate-limited': (p) => ({ message: `API server 正在限流（429）；请在 ${p.seconds} 秒后重试。`, action: '稍候重试；SNATScope 会自动重试。' }),
  'server.unexpected': (p) => ({ message: `${p.host} 返回了意外的响应：${p.reason}。`, action: '确认 server 地址指向 Kubernetes API server。' }),
  'server.redirect': (p) => ({ message: `${p.host} 返回 ${p.status}，重定向到 ${p.location}。`, action: 'server 地址可能是网页而不是 API server：把 clusters[].cluster.server 设为 API server 的 URL（kubectl 此处也不跟随重定向）。' }),
};

export const clusterErrorCatalogs = { en, 'zh-CN': zh };

export class ClusterError extends AppError {
  readonly clusterCode: ClusterErrorCode;
  readonly params: Params;

  constructor(code: ClusterErrorCode, params: Params, details?: unknown) {
    const english = en[code](params);
    const chinese = zh[code](params);
    super({
      code: `k8s.${code}`,
      message: english.message,
      action: english.action,
      i18n: { key: `clusterErrors.${code}`, params },
      localized: { 'zh-CN': chinese },
      ...(details === undefined ? {} : { details }),
    });
    this.name = 'ClusterError';
    this.clusterCode = code;
    this.params = params;
  }
}
