/*
 * Function-command entry (webpack entry "commands", page commands.html): wires the ribbon
 * 「再計算」 (manifest <FunctionName>recalculate</FunctionName>) to ribbonRecalculate (ribbon.ts),
 * with the error dialog (dialog.html). The Office calls are in src/excel/office-commands.ts.
 */
import { UI, uiLang } from '../strings/ui';
import { registerFunctionCommand, showOfficeDialog, type CommandEvent } from '../excel/office-commands';
import { officeHost } from '../excel/pane-host';
import { dialogUrl, ribbonRecalculate, type RibbonUi } from './ribbon';

function officeDialog(lang: string): RibbonUi {
  return {
    showMessage: (message) =>
      showOfficeDialog(dialogUrl(window.location.href, lang, message), { height: 35, width: 40 }),
  };
}

async function recalculate(event: CommandEvent): Promise<void> {
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

registerFunctionCommand('recalculate', (event) => {
  void recalculate(event);
});
