/*
 * Function-command entry (webpack entry "commands", page commands.html): wires the ribbon
 * 「再計算」 (manifest <FunctionName>recalculate</FunctionName>) to ribbonRecalculate (ribbon.ts),
 * with the error dialog (dialog.html) opened through Office.context.ui.displayDialogAsync.
 */
import { UI, uiLang } from '../strings/ui';
import { officeHost } from '../taskpane/host';
import { dialogUrl, ribbonRecalculate, type RibbonUi } from './ribbon';

function officeDialog(lang: string): RibbonUi {
  return {
    showMessage: (message) =>
      new Promise<void>((resolve) => {
        try {
          Office.context.ui.displayDialogAsync(
            dialogUrl(window.location.href, lang, message),
            { height: 35, width: 40, displayInIframe: true },
            (res) => {
              if (res.status !== Office.AsyncResultStatus.Succeeded) {
                resolve();
                return;
              }
              const dialog = res.value;
              const done = (): void => {
                try {
                  dialog.close();
                } catch {
                  /* already closed */
                }
                resolve();
              };
              dialog.addEventHandler(Office.EventType.DialogMessageReceived, done);
              // The user closed it with the window's own close button.
              dialog.addEventHandler(Office.EventType.DialogEventReceived, () => resolve());
            },
          );
        } catch {
          resolve();
        }
      }),
  };
}

async function recalculate(event: Office.AddinCommands.Event): Promise<void> {
  try {
    const host = officeHost();
    const s = UI[uiLang(host.displayLanguage)];
    await ribbonRecalculate(host, s, officeDialog(s.lang));
  } catch {
    /* nothing more to tell: the dialog could not be shown either */
  } finally {
    // Always complete the event, or Office keeps showing the command as busy.
    event.completed();
  }
}

Office.onReady(() => {
  // Nothing to initialise: the handler reads the globals when it runs.
});

Office.actions.associate('recalculate', (event: Office.AddinCommands.Event) => {
  void recalculate(event);
});
