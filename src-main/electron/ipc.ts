// The Electron transport for the contract: one invoke channel whose every message is checked
// for its sender (security/ipc-sender.ts) and payload (core dispatcher, zod), and one event
// channel that forwards the core event bus to our windows only.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_EVENT, IPC_INVOKE, type Envelope } from '../contract';
import type { EventBus } from '../core/events/event-bus';
import type { Dispatcher } from '../core/rpc/dispatcher';
import { isTrustedSender, type SenderFacts, type TrustedSenders } from './security/ipc-sender';

export interface IpcHostOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  dispatcher: Dispatcher;
  bus: EventBus;
  trusted: () => TrustedSenders;
  /** The windows events go to. */
  targets: () => Iterable<Pick<WebContents, 'send' | 'isDestroyed'>>;
  log: (line: string) => void;
}

export function senderFacts(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>): SenderFacts {
  const frame = event.senderFrame;
  return {
    frameUrl: frame?.url ?? null,
    isMainFrame: frame !== null && frame !== undefined && frame.parent === null,
    webContentsId: event.sender.id,
  };
}

export function registerIpc(options: IpcHostOptions): () => void {
  options.ipcMain.handle(IPC_INVOKE, async (event, name: unknown, params: unknown): Promise<Envelope<unknown>> => {
    const facts = senderFacts(event);
    if (!isTrustedSender(facts, options.trusted())) {
      options.log(`ipc: rejected ${String(name).slice(0, 64)} from untrusted sender ${facts.frameUrl ?? '(no frame)'}`);
      return { ok: false, error: { code: 'forbidden-sender', message: 'This window may not call SNATScope.' } };
    }
    return options.dispatcher.dispatch(name, params);
  });
  const unlisten = options.bus.listen((name, payload) => {
    for (const target of options.targets()) if (!target.isDestroyed()) target.send(IPC_EVENT, name, payload);
  });
  return () => {
    unlisten();
    options.ipcMain.removeHandler(IPC_INVOKE);
  };
}
