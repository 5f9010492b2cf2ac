// The names of every request and event, without their schemas, so the sandboxed preload can
// build the API without bundling zod. index.ts checks at compile time that these lists and
// the schema tables have exactly the same keys.
export const REQUEST_NAMES = [
  'app.info',
  'settings.get',
  'settings.set',
  'contexts.list',
  'contexts.test',
  'contexts.addFile',
  'contexts.removeFile',
  'contexts.cancelLogin',
  'cluster.overview',
  'inspect.service',
  'inspect.follow',
  'inspect.unfollow',
  'inspect.whatIf',
  'probe.plan',
  'probe.run',
  'probe.cancel',
  'probe.sweep',
  'session.parse',
  'session.sample',
  'export.render',
  'export.report',
  'export.pdf',
] as const;
export const EVENT_NAMES = ['settings.changed', 'contexts.changed', 'contexts.login', 'inspect.updated', 'probe.progress', 'probe.finished'] as const;

export type RequestName = (typeof REQUEST_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

/** Channel names used on the Electron IPC transport. */
export const IPC_INVOKE = 'snatscope:invoke';
export const IPC_EVENT = 'snatscope:event';

export function splitName(name: string): [string, string] {
  const dot = name.indexOf('.');
  return [name.slice(0, dot), name.slice(dot + 1)];
}

export function eventMethodName(member: string): string {
  return `on${member.charAt(0).toUpperCase()}${member.slice(1)}`;
}
