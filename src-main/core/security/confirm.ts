// Actions a compromised renderer must not be able to take by calling main alone: adding a
// kubeconfig file (its exec plugin runs on the next connection), changing the image the probe runs
// on every node, and running a probe. Main asks the user through UI the renderer cannot draw or
// click: a native dialog in Electron (dialog.showMessageBox), the terminal in browser mode. The
// question is built here, in main, from main's own data; the renderer only names what it wants.
import type { Locale } from '../explain/types';
import { AppError } from '../rpc/app-error';

export type ConfirmRequest =
  | { kind: 'kubeconfig.add'; path: string; execCommands: string[] }
  | { kind: 'probe.image'; image: string }
  | { kind: 'probe.run'; context: string; namespace: string; image: string; nodes: number; services: string[] };

/** Resolves true only when the user said yes in main-owned UI. */
export type Confirm = (request: ConfirmRequest, text: ConfirmText) => Promise<boolean>;

export interface ConfirmText {
  title: string;
  message: string;
  detail: string;
  yes: string;
  no: string;
}

const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}…` : s);

export function confirmText(request: ConfirmRequest, locale: Locale): ConfirmText {
  const zh = locale === 'zh-CN';
  const yesNo = zh ? { yes: '允许', no: '取消' } : { yes: 'Allow', no: 'Cancel' };
  switch (request.kind) {
    case 'kubeconfig.add': {
      const exec = request.execCommands.map((c) => clip(c, 200));
      return {
        ...yesNo,
        title: 'SNATScope',
        message: zh ? '添加此 kubeconfig 文件？' : 'Add this kubeconfig file?',
        detail: [
          clip(request.path, 500),
          exec.length
            ? zh
              ? `连接时会在本机运行以下凭据插件：\n${exec.join('\n')}`
              : `Connecting runs these credential plugins on this computer:\n${exec.join('\n')}`
            : zh
              ? '此文件不运行任何凭据插件。'
              : 'This file runs no credential plugin.',
          zh ? '只有在您自己请求添加此文件时才允许。' : 'Allow only if you asked to add this file yourself.',
        ].join('\n\n'),
      };
    }
    case 'probe.image':
      return {
        ...yesNo,
        title: 'SNATScope',
        message: zh ? '更改探测镜像？' : 'Change the probe image?',
        detail: zh
          ? `之后每次探测都会在每个节点上运行此镜像：\n${clip(request.image)}\n\n只有在您自己设置此镜像时才允许。`
          : `Every later probe runs this image on every node:\n${clip(request.image)}\n\nAllow only if you set this image yourself.`,
      };
    case 'probe.run':
      return {
        ...yesNo,
        title: 'SNATScope',
        message: zh ? `在 ${clip(request.context, 100)} 中运行探测？` : `Run the probe in ${clip(request.context, 100)}?`,
        detail: zh
          ? `创建命名空间 ${request.namespace}，在 ${request.nodes} 个节点上运行 ${clip(request.image)}，服务：${request.services.join(', ')}。结束后全部删除。`
          : `Creates namespace ${request.namespace}, runs ${clip(request.image)} on ${request.nodes} node(s), services: ${request.services.join(', ')}. Everything is deleted afterwards.`,
      };
  }
}

export function declined(request: ConfirmRequest): AppError {
  const what = { 'kubeconfig.add': ['The kubeconfig file was not added', '未添加该 kubeconfig 文件'], 'probe.image': ['The probe image was not changed', '未更改探测镜像'], 'probe.run': ['The probe was not started', '未启动探测'] }[request.kind];
  return new AppError({
    code: 'confirm.declined',
    message: `${what[0]}: it was not confirmed in SNATScope's own dialog.`,
    action: 'Try again and answer the confirmation (in browser mode it is asked in the terminal running `npm run serve`).',
    localized: { 'zh-CN': { message: `${what[1]}：未在 SNATScope 自己的对话框中确认。`, action: '请重试并回答确认提示（浏览器模式下在运行 `npm run serve` 的终端中提问）。' } },
  });
}

/** Asks, and throws `confirm.declined` unless the answer is yes (a failing prompt counts as no). */
export async function requireConfirmation(confirm: Confirm, request: ConfirmRequest, locale: Locale): Promise<void> {
  const ok = await confirm(request, confirmText(request, locale)).catch(() => false);
  if (ok !== true) throw declined(request);
}
