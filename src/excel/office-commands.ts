/**
 * The Office.js side of the ribbon's function command (src/commands): Office.onReady, the
 * association of a function name with its handler, and the error dialog
 * (Office.context.ui.displayDialogAsync). src/commands only calls these.
 */

/** The event a function command receives; complete() must always be called. */
export interface CommandEvent {
  completed: () => void;
}

/**
 * Registers `handler` for the manifest's <FunctionName>name</FunctionName>, once Office is ready
 * (Office.actions.associate, SharedRuntime / function commands:
 * https://learn.microsoft.com/javascript/api/office/office.actions#office-office-actions-associate-member(1)).
 */
export function registerFunctionCommand(name: string, handler: (event: CommandEvent) => void): void {
  Office.onReady(() => {
    // Nothing to initialise: the handler reads the globals when it runs.
  });
  Office.actions.associate(name, (event: Office.AddinCommands.Event) => handler(event));
}

/**
 * Opens `url` in a dialog and resolves when the user closes it or the page inside messages the
 * parent (or at once when the dialog cannot open): Office.context.ui.displayDialogAsync
 * (https://learn.microsoft.com/office/dev/add-ins/develop/dialog-api-in-office-add-ins).
 */
export function showOfficeDialog(url: string, size: { height: number; width: number }): Promise<void> {
  return new Promise<void>((resolve) => {
    try {
      Office.context.ui.displayDialogAsync(url, { ...size, displayInIframe: true }, (res) => {
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
      });
    } catch {
      resolve();
    }
  });
}
