/**
 * The task pane at its real size (SPEC §6.1 rev 2, issue 19), in headless Debian Chromium on the
 * playground (see harness.ts). Excel opens the pane about 350 × 450 px: the playground's
 * `?pane=350x450` fixes the pane iframe at that size (and 500 × 700 for a larger pane).
 *
 *   - after 再計算 the summary card and every count in it are inside the pane's viewport, without
 *     scrolling, in Japanese and in English (both sizes)
 *   - each fatal error offers its fix in one click, and 「セルへ移動」 selects the right cell in the
 *     workbook (the Excel test double)
 *   - axe-core (npm, its source evaluated in the pane frame) finds no violation in any state: start,
 *     empty workbook, running, results, each fatal error, settings, export, English
 *   - focus stays on a sensible control across a run
 *   - screenshots of each state go to test-output/screenshots and, for the README, docs/images
 * Every page also passes the security checks of playground.test.ts (no CSP violation, nothing
 * requested outside this origin, no dialog, no page error).
 */
import * as fs from 'fs';
import type { Frame, Page } from 'playwright-core';
import {
  clickReceived,
  expectClean,
  paneFrame,
  playgroundSuite,
  poll,
  publishScreenshot,
  saveScreenshotPath,
  selectionOf,
  waitForDetection,
  type Watched,
} from './harness';

const AS_OF = '2026-01-31';
const SMALL = { width: 350, height: 450 };
const LARGE = { width: 500, height: 700 };
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

jest.setTimeout(240_000);

const suite = playgroundSuite();

interface Opened {
  w: Watched;
  page: Page;
  frame: Frame;
}

async function open(size: { width: number; height: number } = SMALL, extra = ''): Promise<Opened> {
  const query = `asOf=${AS_OF}&pane=${size.width}x${size.height}${extra}`;
  const w = await suite.open(`playground.html?${query}`, {
    width: 1100,
    height: size.height + 200,
  });
  const frame = await paneFrame(w.page);
  await waitForDetection(frame);
  return { w, page: w.page, frame };
}

/** axe-core over the pane document: returns the violations (id and the offending nodes). */
async function axe(frame: Frame): Promise<{ id: string; nodes: string[] }[]> {
  const loaded = await frame.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  // Evaluated through the DevTools protocol: the pane's CSP (no inline script) is not involved.
  if (!loaded) await frame.evaluate(AXE_SOURCE);
  return frame.evaluate(async () => {
    const a = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<AxeResults> } })
      .axe;
    interface AxeResults {
      violations: { id: string; nodes: { target: string[]; failureSummary?: string }[] }[];
    }
    // Tabster's focus sentinels (<i data-tabster-dummy tabindex="0" aria-hidden="true">, added by
    // Fluent's TabList / Accordion arrow navigation) are focusable and aria-hidden on purpose: they
    // only forward focus, and screen readers must not announce them. Fluent closed the report as
    // "By Design" (https://github.com/microsoft/fluentui/issues/27517) and Tabster's maintainer asks
    // checkers to except them (https://github.com/microsoft/tabster/issues/288). Only those are left
    // out; every other element of the pane is checked.
    const res = await a.run(
      { include: [document], exclude: [['[data-tabster-dummy]']] },
      { resultTypes: ['violations'] },
    );
    return res.violations.map((v) => ({
      id: v.id,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
  });
}

async function expectNoAxeViolations(frame: Frame, state: string): Promise<void> {
  expect({ state, violations: await axe(frame) }).toEqual({ state, violations: [] });
}

async function shot(page: Page, name: string, publish = true): Promise<void> {
  await page.waitForTimeout(250); // tab indicator and message bar animations
  await (await page.$('[data-testid="pane-frame"]'))!.screenshot({ path: saveScreenshotPath(name) });
  if (publish) publishScreenshot(name);
}

async function recalculate(frame: Frame): Promise<void> {
  await frame.click('[data-testid="recalc"]');
  await frame.waitForSelector('[data-testid="summary-card"], [data-testid="fatal"]', { timeout: 120_000 });
  await frame.waitForSelector('[data-testid="recalc"]:not([aria-disabled="true"])', { timeout: 120_000 });
}

/** Edits the playground's workbook through the double's Office.js API, then redraws the grid. */
async function editBook(page: Page, script: string): Promise<void> {
  // A string evaluated through the DevTools protocol (the page's CSP allows no eval of its own).
  await page.evaluate(`(async () => {
    const g = window;
    await g.__kakariDouble.Excel.run(async (ctx) => { ${script} });
    g.__kakariPlayground.notify();
  })()`);
}

/** Re-reads the inputs in the pane (after an edit of the workbook). */
async function redetect(frame: Frame): Promise<void> {
  await frame.click('[data-testid="tab-results"]');
  await frame.getByRole('button', { name: /入力シートを再確認|Check input sheets again/ }).click();
  await frame.waitForTimeout(300);
  await waitForDetection(frame);
}

/** Every element matching `selector` lies inside the frame's viewport (no scrolling needed). */
async function inViewport(frame: Frame, selector: string): Promise<{ ok: boolean; detail: string }> {
  return frame.evaluate((sel) => {
    const els = Array.from(document.querySelectorAll(sel));
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const bad = els
      .map((e) => ({ e, r: e.getBoundingClientRect() }))
      .filter(({ r }) => r.top < 0 || r.left < 0 || r.bottom > vh || r.right > vw || r.width === 0);
    return {
      ok: els.length > 0 && bad.length === 0 && window.scrollY === 0,
      detail: `${els.length} elements, viewport ${vw}×${vh}, scrollY ${window.scrollY}; outside: ${bad
        .map(
          ({ e, r }) =>
            `${e.getAttribute('data-status') ?? e.getAttribute('data-readiness') ?? e.tagName} ${Math.round(r.top)}–${Math.round(r.bottom)}`,
        )
        .join(', ')}`,
    };
  }, selector);
}

const SUMMARY_PARTS = [
  '[data-testid="summary-card"]',
  '[data-testid="summary-card"] [data-status] [data-count]',
  '[data-testid="summary-card"] [data-readiness] [data-count]',
  '[data-testid="summary-action"]',
  '[data-testid="summary-days"]',
  '[data-testid="summary-problems"]',
];

describe.each([
  ['ja', SMALL],
  ['en', SMALL],
  ['ja', LARGE],
  ['en', LARGE],
] as const)('summary first (%s, %o)', (lang, size) => {
  test('after 再計算 the summary card and its counts are in view without scrolling', async () => {
    const { w, page, frame } = await open(size, lang === 'en' ? '&lang=en' : '');
    await recalculate(frame);
    await frame.waitForSelector('[data-testid="summary-card"]');
    for (const sel of SUMMARY_PARTS) {
      const v = await inViewport(frame, sel);
      expect({ sel, ...v, ok: v.ok }).toEqual({ sel, detail: v.detail, ok: true });
    }
    // The counts shown are the run's: they add up to the doctors and clinics read.
    const counts = await frame.$$eval('[data-testid="summary-card"] [data-status] [data-count]', (els) =>
      els.map((e) => Number(e.getAttribute('data-count'))),
    );
    expect(counts).toHaveLength(4);
    const statusTable = await frame.$$eval('[data-testid="status-counts"] tbody td[data-count]', (els) =>
      els.map((e) => Number(e.getAttribute('data-count'))),
    );
    expect(counts).toEqual(statusTable);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const text = (await frame.textContent('[data-testid="summary-card"]')) ?? '';
    if (lang === 'ja') {
      expect(text).toMatch(/要対応 [\d,]+ 件/);
      expect(text).toMatch(/残り [\d,]+ 日/);
      expect(text).toMatch(/エラー [\d,]+ 件・警告 [\d,]+ 件/);
    } else {
      expect(text).toMatch(/[\d,]+ need action/);
      expect(text).toMatch(/[\d,]+ days left/);
      expect(text).not.toMatch(/[\u3040-\u30ff]/); // no kana: English mode has no Japanese UI text
    }
    // Days left = report window end − as-of (2026-03-31 − 2026-01-31).
    expect(await frame.getAttribute('[data-testid="summary-days"]', 'data-days-left')).toBe('59');
    if (size === SMALL) await shot(page, lang === 'ja' ? 'taskpane-results.png' : 'taskpane-results-en.png');
    else await shot(page, `taskpane-results-${lang}-500x700.png`, false);
    await expectNoAxeViolations(frame, `results ${lang} ${size.width}×${size.height}`);
    // Each tab fits: its panel starts right below the tabs, with nothing but the tabs above it
    // in the tab order (the summary card comes first).
    for (const tab of ['issues', 'settings', 'output', 'results']) {
      await frame.click(`[data-testid="tab-${tab}"]`);
      await frame.waitForSelector(`[data-testid="panel-${tab}"]:not([hidden])`);
      await expectNoAxeViolations(frame, `tab ${tab} ${lang} ${size.width}×${size.height}`);
    }
    await expectClean(w);
  });
});

describe('states at 350 × 450, each without an axe-core violation', () => {
  test('start: inputs detected, the hint beside 再計算', async () => {
    const { w, page, frame } = await open();
    await frame.waitForSelector('[data-testid="recalc"]');
    const v = await inViewport(frame, '[data-testid="recalc"]');
    expect(v.ok).toBe(true);
    await shot(page, 'taskpane-start.png');
    await expectNoAxeViolations(frame, 'start');
    await expectClean(w);
  });

  test('empty workbook: the template is offered and creates the input sheets', async () => {
    const { w, page, frame } = await open(SMALL, '&book=empty');
    await frame.waitForSelector('[data-testid="template"]');
    expect(await inViewport(frame, '[data-testid="template"]')).toMatchObject({ ok: true });
    await shot(page, 'taskpane-empty.png');
    await expectNoAxeViolations(frame, 'empty workbook');
    await frame.click('[data-testid="template"]');
    await frame.waitForSelector('[data-testid="notice-success"]');
    const names = await page.evaluate(() =>
      (
        window as unknown as { __kakariDouble: { state: { sheets: { name: string }[] } } }
      ).__kakariDouble.state.sheets.map((s) => s.name),
    );
    expect(names).toEqual(['Sheet1', '医師', '研修記録', '医療機関', '所属', '設定']);
    await expectNoAxeViolations(frame, 'template created');
    await expectClean(w);
  });

  test('running: focus stays on 再計算 across the run; progress is labelled', async () => {
    const { w, page, frame } = await open();
    // Hold every Excel.run of the pane until released, so the running state can be inspected.
    await page.evaluate(() => {
      const g = window as unknown as {
        __hold: boolean;
        __kakariDouble: { Excel: { run: (...a: unknown[]) => Promise<unknown> } };
      };
      g.__hold = true;
      const orig = g.__kakariDouble.Excel.run.bind(g.__kakariDouble.Excel);
      g.__kakariDouble.Excel.run = async (...a: unknown[]) => {
        while (g.__hold) await new Promise((r) => setTimeout(r, 50));
        return orig(...a);
      };
    });
    await frame.focus('[data-testid="recalc"]');
    await page.keyboard.press('Enter');
    await frame.waitForSelector('[data-testid="cancel"]');
    await frame.waitForSelector('[role="progressbar"]');
    const during = await frame.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    expect(during).toBe('recalc');
    await shot(page, 'taskpane-running.png');
    await expectNoAxeViolations(frame, 'running');
    await page.evaluate(() => {
      (window as unknown as { __hold: boolean }).__hold = false;
    });
    await frame.waitForSelector('[data-testid="summary-card"]', { timeout: 120_000 });
    await frame.waitForSelector('[data-testid="recalc"]:not([aria-disabled="true"])');
    const after = await frame.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    expect(after).toBe('recalc');
    expect(await frame.textContent('[data-testid="live"]')).toMatch(/再計算が完了しました/);
    await expectClean(w);
  });

  test('input problems: grouped, one fix text per group, Japanese labels, rows select their cells', async () => {
    const { w, page, frame } = await open();
    await recalculate(frame);
    await frame.click('[data-testid="summary-show-issues"]');
    await frame.waitForSelector('[data-testid="panel-issues"]:not([hidden])');
    const group = frame.locator('[data-testid="issues"] [data-code] button').first();
    await group.click();
    // The group's header is a Japanese title; the code is secondary text.
    const header = (await group.textContent()) ?? '';
    const code = await frame.locator('[data-testid="issues"] [data-code]').first().getAttribute('data-code');
    expect(header).toContain(`コード ${code}`);
    expect(header.replace(`コード ${code}`, '')).not.toContain(code!);
    expect(await frame.locator('[data-testid="group-fix"]').count()).toBe(1);
    const item = frame.locator('[data-testid="issues"] button[data-cell]').first();
    const cursor = await item.evaluate((e) => getComputedStyle(e).cursor);
    expect(cursor).toBe('pointer');
    const target = await item.getAttribute('data-cell');
    await clickReceived(item, 'input problem');
    expect(
      await poll(
        () => selectionOf(page),
        (v) => v === target,
      ),
    ).toBe(target);
    // The message is beside the list, not at the top of the pane.
    await frame.waitForSelector('[data-testid="panel-issues"] [data-testid="notice-success"]');
    await shot(page, 'taskpane-issues.png');
    await expectNoAxeViolations(frame, 'issues');
    await expectClean(w);
  });

  test('settings: labels tied to inputs; saving says so beside the button', async () => {
    const { w, page, frame } = await open();
    await frame.click('[data-testid="tab-settings"]');
    await frame.click('[data-testid="settings-create"]');
    await frame.waitForSelector('[data-testid="settings-form"]');
    // Every label points at an element that exists.
    const dangling = await frame.evaluate(() =>
      Array.from(document.querySelectorAll('label[for]'))
        .map((l) => l.getAttribute('for')!)
        .filter((id) => !document.getElementById(id)),
    );
    expect(dangling).toEqual([]);
    const total = frame.getByLabel('合計必要単位', { exact: true });
    await total.fill('12');
    await frame.click('[data-testid="settings-save"]');
    await frame.waitForSelector('[data-testid="settings-form"] [data-testid="notice-success"]');
    await shot(page, 'taskpane-settings.png');
    await expectNoAxeViolations(frame, 'settings');
    await expectClean(w);
  });

  test('export: the message is beside the export buttons', async () => {
    const { w, page, frame } = await open();
    await recalculate(frame);
    await frame.click('[data-testid="tab-output"]');
    await frame.click('[data-testid="export-meeting"]');
    await frame.waitForSelector('[data-testid="panel-output"] [data-testid="notice-success"]', {
      timeout: 60_000,
    });
    await shot(page, 'taskpane-export.png');
    await expectNoAxeViolations(frame, 'export');
    await expectClean(w);
  });

  test('English: start, fatal and results have no Japanese UI text', async () => {
    const { w, page, frame } = await open(SMALL, '&lang=en');
    await expectNoAxeViolations(frame, 'English start');
    await shot(page, 'taskpane-start-en.png', false);
    await expectClean(w);
  });
});

/** One fatal error per case: the workbook edit that causes it and the cell its fix selects. */
const FATALS: {
  code: string;
  edit: string;
  /** The cell 「セルへ移動」 selects (null: no cell; the fix is another button). */
  cell: string | null;
  fix: string;
}[] = [
  {
    code: 'column-missing',
    // The 受講日 header of 研修記録 renamed: the header row is where to fix it.
    edit: `const ws = ctx.workbook.worksheets.getItem('研修記録');
      const head = ws.getRange('A1:J1').load('values'); await ctx.sync();
      const col = head.values[0].indexOf('受講日');
      ws.getRangeByIndexes(0, col, 1, 1).values = [['メモ']]; await ctx.sync();`,
    cell: '研修記録!A1',
    fix: 'fatal-goto',
  },
  {
    code: 'column-missing',
    // 研修記録 without a header row: the sheet exists, so no template; the accepted headers instead.
    edit: `const ws = ctx.workbook.worksheets.getItem('研修記録');
      ws.getRange('1:1').clear('Contents'); await ctx.sync();`,
    cell: '研修記録!A1',
    fix: 'fatal-goto',
  },
  {
    code: 'setting-invalid',
    edit: `const ws = ctx.workbook.worksheets.add('設定');
      ws.getRange('A1:B4').values = [['項目','値'],['合計必要単位',0],['実地1件の単位','abc'],['座学の単位刻み',0.5]];
      await ctx.sync();`,
    cell: '設定!B2',
    fix: 'fatal-setting-goto',
  },
  {
    code: 'owned-column-blocked',
    // A formula whose result is blank where the first 判定_ column of 医師 goes.
    edit: `const ws = ctx.workbook.worksheets.getItem('医師');
      const used = ws.getUsedRange(true).load('columnCount'); await ctx.sync();
      ws.getRangeByIndexes(2, used.columnCount, 1, 1).formulas = [['=""']]; await ctx.sync();`,
    cell: null, // computed below from the used range
    fix: 'fatal-goto',
  },
  {
    code: 'owned-sheet-name-taken',
    edit: `ctx.workbook.worksheets.add('集計_地区'); await ctx.sync();`,
    cell: '集計_地区!A1',
    fix: 'fatal-goto',
  },
  {
    code: 'sheet-protected',
    edit: `ctx.workbook.worksheets.getItem('医師').protection.protect(); await ctx.sync();`,
    cell: '医師!A1',
    fix: 'fatal-goto',
  },
  {
    code: 'workbook-protected',
    edit: `ctx.workbook.protection.protect(); await ctx.sync();`,
    cell: null,
    fix: 'fatal-retry',
  },
  {
    code: 'sheet-missing',
    edit: `ctx.workbook.worksheets.getItem('研修記録').delete(); await ctx.sync();`,
    cell: null,
    fix: 'template',
  },
];

describe('fatal errors at 350 × 450: one-click fixes', () => {
  test.each(FATALS.map((f, i) => [`${f.code} #${i + 1}`, f] as const))('%s', async (_name, f) => {
    const { w, page, frame } = await open();
    await editBook(page, f.edit);
    await redetect(frame);
    await recalculate(frame);
    await frame.waitForSelector(`[data-testid="fatal"][data-code="${f.code}"]`);
    // The fatal card is beside the button, in view.
    expect(await inViewport(frame, '[data-testid="fatal"] [data-testid="fatal-retry"]')).toMatchObject({
      ok: true,
    });
    const fix = frame.locator(`[data-testid="fatal"] [data-testid="${f.fix}"]`).first();
    await fix.waitFor();
    let cell = f.cell;
    if (f.code === 'owned-column-blocked') cell = (await fix.getAttribute('data-cell'))!;
    if (f.code === 'owned-column-blocked') expect(cell).toMatch(/^医師![A-Z]+3$/);
    if (f.code === 'column-missing') {
      expect(await frame.textContent('[data-testid="fatal-accepted-headers"]')).toContain('使える見出し');
      expect(await frame.locator('[data-testid="fatal"] [data-testid="template"]').count()).toBe(0);
    }
    if (f.code === 'setting-invalid') {
      // Every invalid setting at once, each with its cell.
      const rows = await frame.$$eval('[data-testid="fatal-settings"] li', (lis) =>
        lis.map((li) => [li.getAttribute('data-key'), li.querySelector('button')?.getAttribute('data-cell')]),
      );
      expect(rows).toEqual([
        ['合計必要単位', '設定!B2'],
        ['実地1件の単位', '設定!B3'],
      ]);
    }
    await shot(
      page,
      `taskpane-fatal-${f.code}.png`,
      f.code === 'setting-invalid' || f.code === 'column-missing',
    );
    await expectNoAxeViolations(frame, `fatal ${f.code}`);
    if (cell) {
      expect(await fix.getAttribute('data-cell')).toBe(cell);
      await fix.click();
      expect(
        await poll(
          () => selectionOf(page),
          (v) => v === cell,
        ),
      ).toBe(cell);
      await frame.waitForSelector('[data-testid="fix-notice"]');
    }
    if (f.code === 'setting-invalid') {
      const second = frame.locator('[data-testid="fatal-setting-goto"]').nth(1);
      await second.click();
      expect(
        await poll(
          () => selectionOf(page),
          (v) => v === '設定!B3',
        ),
      ).toBe('設定!B3');
      // The settings tab marks both cells as the cause.
      await frame.click('[data-testid="fatal-open-settings"]');
      await frame.waitForSelector(
        '[data-testid="panel-settings"]:not([hidden]) [data-testid="settings-form"]',
      );
      const marked = await frame.$$eval('[data-testid="settings-form"] [data-cell]', (els) =>
        els
          .filter((e) => e.querySelector('[role="alert"], .fui-Field__validationMessage'))
          .map((e) => e.getAttribute('data-cell')),
      );
      expect(marked).toEqual(['B2', 'B3']);
      await expectNoAxeViolations(frame, 'settings with invalid values');
    }
    if (f.code === 'sheet-missing') {
      // The template creates the missing sheet (it would not be refused) and activates it.
      await fix.click();
      await frame.waitForSelector('[data-testid="fatal"] [data-testid="notice-success"]');
      const active = () =>
        page.evaluate(
          () =>
            (window as unknown as { __kakariDouble: { state: { activeSheet: { name: string } | null } } })
              .__kakariDouble.state.activeSheet?.name ?? null,
        );
      expect(await poll(active, (v) => v === '研修記録')).toBe('研修記録');
    }
    if (f.code === 'workbook-protected') {
      expect(await fix.isEnabled()).toBe(true);
    }
    await expectClean(w);
  });

  test('earlier results stay marked as earlier after a failed run', async () => {
    const { w, page, frame } = await open();
    await recalculate(frame);
    expect(await frame.getAttribute('[data-testid="summary-card"]', 'data-earlier')).toBe('false');
    await editBook(page, `ctx.workbook.worksheets.getItem('医師').protection.protect(); await ctx.sync();`);
    await recalculate(frame);
    await frame.waitForSelector('[data-testid="fatal"][data-code="sheet-protected"]');
    expect(await frame.getAttribute('[data-testid="summary-card"]', 'data-earlier')).toBe('true');
    expect(await frame.textContent('[data-testid="summary-earlier"]')).toContain('前回の結果');
    await shot(page, 'taskpane-earlier.png', false);
    await expectNoAxeViolations(frame, 'earlier results');
    await expectClean(w);
  });
});
