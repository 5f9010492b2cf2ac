// Electron security checklist #17 "Validate the sender of all IPC messages": a message is only
// handled if it comes from the main frame of one of our windows, showing our own origin.
import { isSameOrigin } from './origins';

export interface SenderFacts {
  /** URL of the sending frame, or null when the frame is gone. */
  frameUrl: string | null;
  /** Whether the sending frame is its window's top frame. */
  isMainFrame: boolean;
  /** webContents id of the sender. */
  webContentsId: number;
}

export interface TrustedSenders {
  origins: readonly string[];
  webContentsIds: ReadonlySet<number>;
}

export function isTrustedSender(sender: SenderFacts, trusted: TrustedSenders): boolean {
  if (!sender.frameUrl || !sender.isMainFrame) return false;
  if (!trusted.webContentsIds.has(sender.webContentsId)) return false;
  return isSameOrigin(sender.frameUrl, trusted.origins);
}
