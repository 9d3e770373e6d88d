/**
 * Ribbon 「再計算」 (src/commands): the same pipeline; 集計_地区 activated on success; the dialog on a
 * fatal error; inputs over W2 refused and sent to the pane; the run lock; event.completed() always.
 */
import { createExcelDouble, type ExcelDouble } from '@kakari-roster/excel-double';
import { RUN_LOCK_SETTING } from '../../src/excel/run';
import { RIBBON_MAX_DOCTORS, SUMMARY_SHEET, dialogUrl, ribbonRecalculate } from '../../src/commands/ribbon';
import { UI } from '../../src/strings/ui';
import { MINIMAL } from '../helpers/workbook';
import { MINIMAL_TEXT_COLS, allCells, doubleOf, paneHost } from './helpers';

function messages(): { ui: { showMessage: (m: string) => Promise<void> }; shown: string[] } {
  const shown: string[] = [];
  return { ui: { showMessage: async (m) => void shown.push(m) }, shown };
}

test('success: results written, 集計_地区 activated, no message', async () => {
  const d = await doubleOf(MINIMAL, MINIMAL_TEXT_COLS);
  const { ui, shown } = messages();
  expect(await ribbonRecalculate(paneHost(d).host, UI.ja, ui)).toEqual({ kind: 'done' });
  expect(shown).toEqual([]);
  expect(d.state.activeSheet?.name).toBe(SUMMARY_SHEET);
  expect(d.stats.runs).toBe(d.stats.delayForCellEditRuns);
});

test('fatal: the message and its fix go to the dialog; nothing is written', async () => {
  const d = await doubleOf({ 医師: MINIMAL['医師'] }, MINIMAL_TEXT_COLS);
  const before = allCells(d);
  const { ui, shown } = messages();
  expect(await ribbonRecalculate(paneHost(d).host, UI.ja, ui)).toEqual({
    kind: 'fatal',
    code: 'sheet-missing',
  });
  expect(shown).toHaveLength(1);
  expect(shown[0]).toContain('研修記録');
  expect(shown[0]).toContain('対処：');
  expect(shown[0]).toContain(UI.ja.command.nothingWritten);
  expect(allCells(d)).toEqual(before);
});

test('inputs larger than W2 are refused before anything is read in full, and sent to the pane', async () => {
  const d = createExcelDouble({
    sheets: { 医師: [['会員番号', '氏名']], 研修記録: [['会員番号', '受講日', '区分', '単位']] },
  });
  // One value far down makes the used range (what the ribbon checks) 20,001 data rows.
  d.workbook.sheet('医師').setValues(`A${RIBBON_MAX_DOCTORS + 2}`, [['x']]);
  const before = allCells(d);
  const { ui, shown } = messages();
  const out = await ribbonRecalculate(paneHost(d).host, UI.en, ui);
  expect(out).toEqual({ kind: 'too-large', doctors: RIBBON_MAX_DOCTORS + 1, records: 0 });
  expect(shown[0]).toContain('20,001 doctors');
  expect(shown[0]).toContain('task pane');
  expect(allCells(d)).toEqual(before);
  expect(d.stats.maxReadCells).toBeLessThanOrEqual(50 * 2);
});

test('busy: another run holds the lock', async () => {
  const d = await doubleOf(MINIMAL, MINIMAL_TEXT_COLS);
  d.state.settings.set(
    RUN_LOCK_SETTING,
    JSON.stringify({ runId: 'pane', startedAt: new Date().toISOString() }),
  );
  const { ui, shown } = messages();
  expect(await ribbonRecalculate(paneHost(d).host, UI.ja, ui)).toEqual({ kind: 'busy' });
  expect(shown).toEqual([UI.ja.command.busy]);
});

test('dialogUrl: same origin, language and message in the query, long messages cut', () => {
  const url = new URL(dialogUrl('https://localhost:3000/commands.html', 'en', 'a<b>&c'));
  expect(url.origin + url.pathname).toBe('https://localhost:3000/dialog.html');
  expect(url.searchParams.get('lang')).toBe('en');
  expect(url.searchParams.get('msg')).toBe('a<b>&c');
  expect(
    new URL(dialogUrl('https://h/x/commands.html', 'ja', 'あ'.repeat(5000))).searchParams.get('msg')!.length,
  ).toBe(1500);
});

describe('commands.ts wiring (Office.actions.associate)', () => {
  interface DialogCall {
    url: string;
    handlers: Map<string, (arg: unknown) => void>;
    closed: boolean;
  }

  function install(d: ExcelDouble): { calls: DialogCall[]; undo: () => void } {
    const undo = d.install();
    const calls: DialogCall[] = [];
    const office = (globalThis as unknown as { Office: Record<string, unknown> }).Office;
    office.AsyncResultStatus = { Succeeded: 'succeeded', Failed: 'failed' };
    office.EventType = {
      DialogMessageReceived: 'dialogMessageReceived',
      DialogEventReceived: 'dialogEventReceived',
    };
    (office.context as Record<string, unknown>).ui = {
      displayDialogAsync: (url: string, _opts: unknown, cb: (r: unknown) => void) => {
        const call: DialogCall = { url, handlers: new Map(), closed: false };
        calls.push(call);
        cb({
          status: 'succeeded',
          value: {
            addEventHandler: (t: string, h: (arg: unknown) => void) => call.handlers.set(t, h),
            close: () => {
              call.closed = true;
            },
          },
        });
        // The user presses 閉じる: dialog.ts sends messageParent('close').
        setTimeout(() => call.handlers.get('dialogMessageReceived')?.({ message: 'close' }), 0);
      },
    };
    const g = globalThis as unknown as { window?: unknown };
    const hadWindow = 'window' in g;
    g.window = { location: { href: 'https://localhost:3000/commands.html' } };
    return {
      calls,
      undo: () => {
        if (!hadWindow) delete g.window;
        undo();
      },
    };
  }

  test('success completes the event and activates 集計_地区', async () => {
    const d = await doubleOf(MINIMAL, MINIMAL_TEXT_COLS);
    const { calls, undo } = install(d);
    try {
      await jest.isolateModulesAsync(async () => {
        await import('../../src/commands/commands');
      });
      await d.invokeAction('recalculate'); // resolves when event.completed() is called
      expect(calls).toEqual([]);
      expect(d.state.activeSheet?.name).toBe(SUMMARY_SHEET);
    } finally {
      undo();
    }
  });

  test('a fatal error opens dialog.html with the message; the event completes after it closes', async () => {
    const d = await doubleOf({ 医師: MINIMAL['医師'] }, MINIMAL_TEXT_COLS);
    const { calls, undo } = install(d);
    try {
      await jest.isolateModulesAsync(async () => {
        await import('../../src/commands/commands');
      });
      await d.invokeAction('recalculate');
      expect(calls).toHaveLength(1);
      const url = new URL(calls[0].url);
      expect(url.pathname).toBe('/dialog.html');
      expect(url.searchParams.get('lang')).toBe('ja');
      expect(url.searchParams.get('msg')).toContain('研修記録');
      expect(calls[0].closed).toBe(true);
    } finally {
      undo();
    }
  });

  test('the event completes even when the dialog cannot be shown', async () => {
    const d = await doubleOf({ 医師: MINIMAL['医師'] }, MINIMAL_TEXT_COLS);
    const { undo } = install(d);
    const office = (globalThis as unknown as { Office: { context: Record<string, unknown> } }).Office;
    office.context.ui = {
      displayDialogAsync: () => {
        throw new Error('no dialogs here');
      },
    };
    try {
      await jest.isolateModulesAsync(async () => {
        await import('../../src/commands/commands');
      });
      await d.invokeAction('recalculate');
    } finally {
      undo();
    }
  });
});
