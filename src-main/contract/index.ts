// The one contract between the renderer and the main side (Electron main or the browser-mode
// bridge). Every request and event is declared here with a zod schema; main validates every
// incoming payload against it, and the types on both sides are inferred from it.
import { z } from 'zod';
import { AppInfo } from './app';
import { ConnectionStatus, ContextRef, ContextsList, ExecLogin, KubeconfigPath, LoginRef } from './contexts';
import { ExportRequest, ExportResult, PdfRequest, PdfResult, ReportRequest, ReportResult, SessionText } from './export';
import { ClusterOverview, ClusterRef, InspectRef, InspectResultSchema, InspectUpdate, ServiceRef } from './inspect';
import { ProbeOptions, ProbePlanView, ProbeProgress, ProbeStarted, RunRef } from './probe';
import { ProbeFinished, SessionSchema, SweepReport } from './session';
import { EVENT_NAMES, REQUEST_NAMES, type EventName, type RequestName } from './names';
import { request, type Envelope, type RequestSpec } from './schema';
import { Settings, SettingsPatch } from './settings';
import { WhatIfRequest, WhatIfResultSchema } from './what-if';

export * from './app';
export * from './contexts';
export * from './export';
export * from './inspect';
export * from './model';
export * from './probe';
export * from './session';
export * from './names';
export * from './schema';
export * from './settings';
export * from './what-if';

const none = z.object({}).strict();

export const requests = {
  'app.info': request(none, AppInfo),
  'settings.get': request(none, Settings),
  'settings.set': request(SettingsPatch, Settings),
  'contexts.list': request(none, ContextsList),
  'contexts.test': request(ContextRef, ConnectionStatus),
  'contexts.addFile': request(KubeconfigPath, ContextsList),
  'contexts.removeFile': request(KubeconfigPath, ContextsList),
  'contexts.cancelLogin': request(LoginRef, z.object({ cancelled: z.boolean() })),
  'cluster.overview': request(ClusterRef, ClusterOverview),
  'inspect.service': request(InspectRef, InspectResultSchema),
  'inspect.follow': request(InspectRef, z.object({ following: z.boolean() })),
  'inspect.unfollow': request(ServiceRef, z.object({ following: z.boolean() })),
  'inspect.whatIf': request(WhatIfRequest, WhatIfResultSchema),
  'probe.plan': request(ProbeOptions, ProbePlanView),
  'probe.run': request(RunRef, ProbeStarted),
  'probe.cancel': request(RunRef, z.object({ cancelled: z.boolean() })),
  'probe.sweep': request(ClusterRef, SweepReport),
  'session.parse': request(SessionText, SessionSchema),
  'session.sample': request(none, SessionSchema),
  'export.render': request(ExportRequest, ExportResult),
  'export.report': request(ReportRequest, ReportResult),
  'export.pdf': request(PdfRequest, PdfResult),
} as const satisfies Record<RequestName, RequestSpec>;

export const events = {
  'settings.changed': Settings,
  'contexts.changed': ContextsList,
  'contexts.login': ExecLogin,
  'inspect.updated': InspectUpdate,
  'probe.progress': ProbeProgress,
  'probe.finished': ProbeFinished,
} as const satisfies Record<EventName, z.ZodType>;

// Both directions: a name without a schema, or a schema without a name, fails to compile.
type SameKeys<A, B> = [Exclude<keyof A, B>, Exclude<B, keyof A>] extends [never, never] ? true : false;
const requestKeysMatch: SameKeys<typeof requests, RequestName> = true;
const eventKeysMatch: SameKeys<typeof events, EventName> = true;
void requestKeysMatch;
void eventKeysMatch;

export type Requests = typeof requests;
export type ParamsOf<N extends RequestName> = z.input<Requests[N]['params']>;
export type ResultOf<N extends RequestName> = z.output<Requests[N]['result']>;
export type EventOf<E extends EventName> = z.output<(typeof events)[E]>;

export const requestNames: readonly RequestName[] = REQUEST_NAMES;
export const eventNames: readonly EventName[] = EVENT_NAMES;

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requests, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

// ---- The API shape exposed to the renderer ----------------------------------------------
// Request 'settings.get' becomes api.settings.get(params); event 'settings.changed' becomes
// api.settings.onChanged(listener), which returns an unsubscribe function.

type NamespaceOf<N extends string> = N extends `${infer A}.${string}` ? A : never;
type MemberOf<N extends string, NS extends string> = N extends `${NS}.${infer M}` ? M : never;
type AllNamespaces = NamespaceOf<RequestName> | NamespaceOf<EventName>;

export type Unsubscribe = () => void;

type ApiShape<Ret extends 'envelope' | 'plain'> = {
  [NS in AllNamespaces]: {
    [M in MemberOf<RequestName, NS>]: (
      params: ParamsOf<`${NS}.${M}` & RequestName>,
    ) => Promise<Ret extends 'envelope' ? Envelope<ResultOf<`${NS}.${M}` & RequestName>> : ResultOf<`${NS}.${M}` & RequestName>>;
  } & {
    [M in MemberOf<EventName, NS> as `on${Capitalize<M>}`]: (
      listener: (payload: EventOf<`${NS}.${M}` & EventName>) => void,
    ) => Unsubscribe;
  };
};

/** What the preload exposes as `window.snatscope`: every call resolves to an envelope. */
export type RawApi = ApiShape<'envelope'>;
/** What renderer code uses: results, with failures thrown as ApiError. */
export type Api = ApiShape<'plain'>;
