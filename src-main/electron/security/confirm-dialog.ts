// Main-owned confirmation in the desktop app: a native message box, drawn and answered outside the
// renderer (OWASP desktop guidance: security decisions in the privileged process). Cancel is the
// default and the Escape answer; the renderer cannot press the buttons.
import type { MessageBoxOptions, MessageBoxReturnValue } from 'electron';
import type { Confirm } from '../../core/security/confirm';

export type ShowMessageBox = (options: MessageBoxOptions) => Promise<Pick<MessageBoxReturnValue, 'response'>>;

export function dialogConfirm(show: ShowMessageBox): Confirm {
  return async (_request, text) => {
    const { response } = await show({
      type: 'warning',
      title: text.title,
      message: text.message,
      detail: text.detail,
      buttons: [text.no, text.yes],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    });
    return response === 1;
  };
}
