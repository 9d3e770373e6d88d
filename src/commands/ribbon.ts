/*
 * The work of the ribbon 「再計算」 (manifest ExecuteFunction <FunctionName>recalculate</FunctionName>), SPEC §6.1:
 * runs the same pipeline as the pane; on success activates 集計_地区; on a fatal error opens the
 * dialog (dialog.html) with the message. Function commands are closed after 5 minutes, so inputs
 * larger than W2 (20,000 doctors / 300,000 records) are refused and sent to the pane. The
 * adapter's workbook-setting lock (run id + start time, stale after 10 minutes) prevents two runs
 * at once. Office wiring (dialog, event.completed()) is in commands.ts.
 */
import type { UiStrings } from '../strings/ui';
import { HOST_TEXTS } from '../strings/host';
import { rowsOf } from '../sheets/detect';
import type { PaneHost } from '../excel/pane-host';
import { activateSheet, detect } from '../excel/workbook-ops';
import { runRecalc } from '../excel/recalc-outcome';

/** W2 (SPEC §7): the largest inputs the ribbon command takes. */
export const RIBBON_MAX_DOCTORS = 20_000;
export const RIBBON_MAX_RECORDS = 300_000;
/** The sheet activated after a successful run. */
export const SUMMARY_SHEET = '集計_地区';
/** Longest message passed to the dialog in its URL. */
const MAX_DIALOG_MESSAGE = 1500;

export type RibbonOutcome =
  | { kind: 'done' }
  | { kind: 'too-large'; doctors: number; records: number }
  | { kind: 'fatal'; code: string }
  | { kind: 'busy' }
  | { kind: 'cancelled' }
  | { kind: 'error' };

export interface RibbonUi {
  /** Shows the message in the dialog; resolves when the dialog is closed (or could not open). */
  showMessage: (message: string) => Promise<void>;
}

/** The command's work, without Office wiring (tests drive it with the Excel test double). */
export async function ribbonRecalculate(host: PaneHost, s: UiStrings, ui: RibbonUi): Promise<RibbonOutcome> {
  let detection;
  try {
    detection = await detect(host);
  } catch (e) {
    await ui.showMessage(s.command.internalError(e instanceof Error ? e.message : String(e)));
    return { kind: 'error' };
  }
  const doctors = rowsOf(detection, 'doctors');
  const records = rowsOf(detection, 'training');
  if (doctors > RIBBON_MAX_DOCTORS || records > RIBBON_MAX_RECORDS) {
    await ui.showMessage(s.command.tooLarge(doctors, records));
    return { kind: 'too-large', doctors, records };
  }
  const out = await runRecalc(host);
  switch (out.kind) {
    case 'done':
      try {
        await activateSheet(host, SUMMARY_SHEET);
      } catch {
        /* the results are written; activation is a convenience */
      }
      return { kind: 'done' };
    case 'fatal':
      await ui.showMessage(
        `${out.message}\n${s.labelled(s.recalc.fix, out.fix)}\n\n${s.command.nothingWritten}`,
      );
      return { kind: 'fatal', code: out.code };
    case 'busy':
      await ui.showMessage(out.where === 'workbook' ? HOST_TEXTS[s.lang].lockedInWorkbook : s.command.busy);
      return { kind: 'busy' };
    case 'cancelled':
      return { kind: 'cancelled' };
    case 'error':
      await ui.showMessage(s.command.internalError(out.message));
      return { kind: 'error' };
  }
}

/** dialog.html?lang=…&msg=… on this page's origin. */
export function dialogUrl(base: string, lang: string, message: string): string {
  const url = new URL('dialog.html', base);
  const msg = message.length > MAX_DIALOG_MESSAGE ? `${message.slice(0, MAX_DIALOG_MESSAGE - 1)}…` : message;
  url.searchParams.set('lang', lang);
  url.searchParams.set('msg', msg);
  return url.toString();
}
