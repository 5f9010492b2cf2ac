// 简体中文界面文本。键必须与 en.ts 完全一致（由单元测试检查）。
import type en from './en';
import type { DeepStringRecord } from './types';

const zhCN: DeepStringRecord<typeof en> = {
  app: {
    title: 'SNATScope',
    tagline: '客户端源 IP 在哪里被改写？',
  },
  header: {
    language: '语言',
    theme: '主题',
  },
  language: { system: '跟随系统', en: 'English', 'zh-CN': '中文' },
  theme: { system: '跟随系统', light: '浅色', dark: '深色' },
  sidebar: {
    title: '集群',
    empty: '尚未加载任何 kubeconfig 上下文。',
    emptyHint: 'SNATScope 按 kubectl 的方式读取 kubeconfig 文件（KUBECONFIG、~/.kube/config）。',
    current: '当前上下文',
    insecure: '已关闭 TLS 校验',
    testing: '正在连接…',
    connected: '已连接 {version}',
    failed: '无法连接',
    retry: '重试',
    addFile: '添加 kubeconfig 文件',
    addFilePlaceholder: '/path/to/kubeconfig',
    add: '添加',
    removeFile: '移除此文件',
  },
  canvas: {
    title: '拓扑',
    placeholderBanner: '示例图 —— 连接集群后显示你的拓扑。',
    desktop: '本机',
    nodePort: 'NodePort {port}',
    snat: 'SNAT → {address}',
    preserved: '保留客户端 IP',
    dropped: '被丢弃（无本地端点）',
    aria: '网络拓扑图',
  },
  details: {
    title: '详情',
    empty: '在图中选择节点、Pod 或路径以查看详情。',
    kind: '类型',
    name: '名称',
    address: '地址',
    verdict: '结论',
    explanation: '原因',
  },
  kind: { actor: '集群外客户端', node: '节点', pod: 'Pod', path: '路径' },
  status: {
    mode: { electron: '桌面应用', browser: '浏览器模式' },
    version: 'v{version}',
    connected: '服务已连接',
    disconnected: '服务已断开',
    loading: '正在启动…',
  },
  errors: {
    noToken: '此页面缺少访问令牌。请打开 “npm run serve” 输出的 URL（以 #token=… 结尾）。',
    unreachable: '无法连接 SNATScope 服务。“npm run serve” 是否仍在运行？',
    generic: '出错了：{message}',
  },
};

export default zhCN;
