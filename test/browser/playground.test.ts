/**
 * Browser tests of the real task pane in the playground (headless Debian Chromium via
 * playwright-core; see harness.ts). The playground is built with the webpack Node API (production
 * mode, unminified) and served from 127.0.0.1. Every page checks: no `securitypolicyviolation` in any frame
 * (SPEC §7 CSP), no request outside this origin, no JS dialog, no uncaught page error.
 *
 *   1. start screen: inputs detected (sheet, rows, columns) — screenshots taskpane-start.png
 *   2. recalculate the sample: headline counts equal the CLI's JSON (recalcFile, same as-of);
 *      export the meeting handout (lazy chunk, Excel.createWorkbook) — taskpane-results.png,
 *      playground.png
 *   3. clicking an input problem selects its cell in the double (and in the grid)
 *   4. keyboard only: Tab/Enter/Space to recalculate and to open a problem; focus is visible
 *   5. a name containing HTML is rendered as text (no element, no script)
 *   6. English UI (?lang=en)
 * If Chromium is missing the tests fail with a clear message (they never skip).
 */
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import { dayFromIso } from '../../src/domain/day';
import type { Readiness, Status } from '../../src/domain/types';
import { recalcFile } from '../../src/cli/recalc-file';
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
const HTML_NAME = '<img src=x onerror=alert(1)>';

jest.setTimeout(180_000);

const suite = playgroundSuite({ logBuild: true });

async function open(query = `asOf=${AS_OF}`): Promise<Watched> {
  return suite.open(`playground.html?${query}`);
}

async function recalculate(frame: Frame): Promise<void> {
  await frame.click('[data-testid="recalc"]');
  await frame.waitForSelector('[data-testid="results"]', { timeout: 120_000 });
}

async function countsOf(
  frame: Frame,
  table: 'status-counts' | 'readiness-counts',
  attr: 'data-status' | 'data-readiness',
) {
  return frame.$$eval(
    `[data-testid="${table}"] tbody tr`,
    (rows, a) =>
      Object.fromEntries(
        rows.map((r) => [
          r.getAttribute(a as string),
          Number(r.querySelector('td')?.getAttribute('data-count')),
        ]),
      ),
    attr,
  );
}

/** Screenshot of the pane iframe; a taller window first shows more of the pane (then restored). */
async function paneScreenshot(page: Page, name: string, height?: number): Promise<void> {
  const before = page.viewportSize();
  if (height && before) await page.setViewportSize({ width: before.width, height });
  await page.waitForTimeout(200);
  await (await page.$('[data-testid="pane-frame"]'))!.screenshot({ path: saveScreenshotPath(name) });
  if (height && before) await page.setViewportSize(before);
}

describe('playground (headless Chromium)', () => {
  test('start screen: inputs detected; screenshots', async () => {
    const w = await open();
    const frame = await paneFrame(w.page);
    await waitForDetection(frame);
    const states = await frame.$$eval('li[data-role]', (lis) =>
      lis.map((li) => [li.getAttribute('data-role'), li.getAttribute('data-state')]),
    );
    expect(Object.fromEntries(states)).toEqual({
      doctors: 'ok',
      training: 'ok',
      clinics: 'ok',
      affiliations: 'ok',
      settings: 'absent',
    });
    const doctorsText = await frame.textContent('li[data-role="doctors"]');
    expect(doctorsText).toContain('シート「医師」');
    expect(doctorsText).toMatch(/データ [\d,]+ 行/);
    expect(doctorsText).toContain('会員番号');
    await w.page.waitForSelector('[data-testid="grid"][data-sheet]');
    await w.page.screenshot({ path: saveScreenshotPath('playground-start.png') });
    // The pane at its real size is photographed by pane-size.test.ts; this one is the whole pane.
    await paneScreenshot(w.page, 'taskpane-start-full.png', 1100);
    await expectClean(w);
  });

  test('recalculating the sample gives the CLI counts; the meeting export opens a workbook', async () => {
    const w = await open();
    const frame = await paneFrame(w.page);
    await waitForDetection(frame);
    await recalculate(frame);

    const cli = await recalcFile(path.join(suite.dir(), 'sample.xlsx'), { asOf: dayFromIso(AS_OF) });
    const t = cli.result.districtTotal;
    const expectedStatus: Record<Status, number> = {
      certified: t.certified,
      eligible: t.eligible,
      'in-progress': t.inProgress,
      'no-records': t.noRecords,
    };
    const expectedReadiness: Record<Readiness, number> = {
      'out-of-scope': 0,
      reported: 0,
      ready: 0,
      'action-needed': 0,
    };
    for (const c of cli.result.clinics) expectedReadiness[c.readiness]++;
    expect(await countsOf(frame, 'status-counts', 'data-status')).toEqual(expectedStatus);
    expect(await countsOf(frame, 'readiness-counts', 'data-readiness')).toEqual(expectedReadiness);
    const summary = await frame.getAttribute('[data-testid="issue-summary"]', 'data-counts');
    const bySeverity = { error: 0, warning: 0, info: 0 };
    for (const is of cli.result.issues) bySeverity[is.severity]++;
    expect(JSON.parse(summary ?? '{}')).toEqual(bySeverity);
    expect(await frame.textContent('[data-testid="results"]')).toContain(`基準日：${AS_OF}`);
    console.log(
      `sample (as of ${AS_OF}): ${JSON.stringify(expectedStatus)} ${JSON.stringify(expectedReadiness)} issues ${JSON.stringify(bySeverity)}`,
    );

    // The grid shows the written results (owned sheets exist in the double and in the tabs).
    await w.page.waitForSelector('[data-testid="sheet-tabs"] >> text=集計_地区');

    await paneScreenshot(w.page, 'taskpane-results-full.png', 1500);

    // The links to the owned sheets activate them (the grid follows the active sheet).
    await frame.click('button[data-sheet="集計_地区"]');
    await w.page.waitForSelector('[data-testid="grid"][data-sheet="集計_地区"]');
    expect(
      await w.page.evaluate(
        () =>
          (window as unknown as { __kakariDouble: { state: { activeSheet: { name: string } } } })
            .__kakariDouble.state.activeSheet.name,
      ),
    ).toBe('集計_地区');
    await w.page.waitForTimeout(600); // the tab indicator's animation
    await w.page.screenshot({ path: saveScreenshotPath('playground.png') });
    publishScreenshot('playground.png');

    // Export (the 出力 tab): the lazy chunk loads from this origin and Excel.createWorkbook gets an .xlsx.
    await frame.click('[data-testid="tab-output"]');
    await frame.click('[data-testid="export-meeting"]');
    const created = () =>
      w.page.evaluate(
        () =>
          (window as unknown as { __kakariDouble: { stats: { createdWorkbooks: string[] } } }).__kakariDouble
            .stats.createdWorkbooks,
      );
    const books = await poll(created, (b) => b.length > 0, 60_000);
    expect(books).toHaveLength(1);
    await frame.waitForSelector('[data-testid="notice-success"] >> text=新しいブックを開きました');
    expect(books[0].startsWith('UEsDB')).toBe(true); // "PK\x03\x04": a zip package
    await w.page.waitForSelector('[data-testid="created-books"] a[download]');

    // The action list (CSV path): a second workbook, and the pane says how to save it as CSV.
    await frame.click('[data-testid="export-action-list"]');
    const both = await poll(created, (b) => b.length > 1, 60_000);
    expect(both).toHaveLength(2);
    expect(both[1].startsWith('UEsDB')).toBe(true);
    await frame.waitForSelector('[data-testid="notice-success"] >> text=CSV UTF-8');
    await expectClean(w);
  });

  test('clicking an input problem selects its cell in the double and the grid', async () => {
    const w = await open();
    const frame = await paneFrame(w.page);
    await waitForDetection(frame);
    await recalculate(frame);
    await frame.click('[data-testid="tab-issues"]');
    const header = frame.locator('[data-testid="issues"] [data-code] button').first();
    await header.click();
    const item = frame.locator('[data-testid="issues"] button[data-cell]').first();
    const target = await item.getAttribute('data-cell');
    expect(target).toMatch(/^.+![A-Z]+\d+$/);
    await clickReceived(item, 'input problem');
    expect(
      await poll(
        () => selectionOf(w.page),
        (v) => v === target,
      ),
    ).toBe(target);
    await w.page.waitForSelector(`[data-testid="selection"][data-address="${target}"]`);
    const sheet = target!.split('!')[0];
    expect(await w.page.getAttribute('[data-testid="grid"]', 'data-sheet')).toBe(sheet);
    expect(await w.page.$$('[data-testid="grid"] td[data-selected="true"]')).toHaveLength(1);
    await expectClean(w);
  });

  test('keyboard only: Tab / Enter / Space recalculate and open a problem, with visible focus', async () => {
    const w = await open();
    const frame = await paneFrame(w.page);
    await waitForDetection(frame);
    const focused = () =>
      frame.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return {
          testid: el?.getAttribute('data-testid') ?? null,
          cell: el?.getAttribute('data-cell') ?? null,
          tag: el?.tagName ?? null,
          inIssueHeader:
            !!el?.closest('[data-testid="issues"] [data-code]') &&
            el?.tagName === 'BUTTON' &&
            !el.hasAttribute('data-cell'),
          focusVisible: !!el?.hasAttribute('data-fui-focus-visible') || !!el?.matches(':focus-visible'),
        };
      });
    // Focus enters the pane document, then Tab to 「再計算」.
    await w.page.focus('[data-testid="pane-frame"]');
    let found = false;
    for (let i = 0; i < 30 && !found; i++) {
      await w.page.keyboard.press('Tab');
      found = (await focused()).testid === 'recalc';
    }
    expect(found).toBe(true);
    expect((await focused()).focusVisible).toBe(true);
    await w.page.keyboard.press('Enter');
    await frame.waitForSelector('[data-testid="results"]', { timeout: 120_000 });

    // Tab to the tabs, arrow to 入力の問題 and select it with Enter; Tab to the first problem group,
    // open it with Enter, Tab to its first entry, select with Space.
    let onTabs = false;
    for (let i = 0; i < 40 && !onTabs; i++) {
      await w.page.keyboard.press('Tab');
      onTabs = await frame.evaluate(() => document.activeElement?.getAttribute('role') === 'tab');
    }
    expect(onTabs).toBe(true);
    for (let i = 0; i < 4; i++) {
      if ((await frame.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'tab-issues')
        break;
      await w.page.keyboard.press('ArrowRight');
    }
    await w.page.keyboard.press('Enter');
    await frame.waitForSelector('[data-testid="panel-issues"]:not([hidden])');
    let onHeader = false;
    for (let i = 0; i < 80 && !onHeader; i++) {
      await w.page.keyboard.press('Tab');
      onHeader = (await focused()).inIssueHeader;
    }
    expect(onHeader).toBe(true);
    await w.page.keyboard.press('Enter');
    await w.page.keyboard.press('Tab');
    const entry = await focused();
    expect(entry.cell).toMatch(/^.+![A-Z]+\d+$/);
    expect(entry.focusVisible).toBe(true);
    await w.page.keyboard.press('Space');
    expect(
      await poll(
        () => selectionOf(w.page),
        (v) => v === entry.cell,
      ),
    ).toBe(entry.cell);
    await paneScreenshot(w.page, 'taskpane-keyboard.png');
    await expectClean(w);
  });

  test('a name containing HTML is rendered as text', async () => {
    const w = await open();
    const frame = await paneFrame(w.page);
    await waitForDetection(frame);
    // Put the HTML into a doctor's name and into a training record's 区分 (which lists its value).
    await w.page.evaluate(async (html) => {
      const g = window as unknown as {
        __kakariDouble: {
          Excel: { run: (b: (ctx: Excel.RequestContext) => Promise<void>) => Promise<void> };
        };
        __kakariPlayground: { notify: () => void };
      };
      await g.__kakariDouble.Excel.run(async (ctx) => {
        for (const [sheet, header] of [
          ['医師', '氏名'],
          ['研修記録', '区分'],
        ]) {
          const ws = ctx.workbook.worksheets.getItem(sheet);
          const head = ws.getRange('A1:Z1').load('values');
          await ctx.sync();
          const col = (head.values[0] as unknown[]).indexOf(header);
          ws.getRangeByIndexes(1, col, 1, 1).values = [[html]];
        }
        await ctx.sync();
      });
      g.__kakariPlayground.notify();
    }, HTML_NAME);
    await recalculate(frame);
    await frame.click('[data-testid="tab-issues"]');
    const group = frame.locator('[data-testid="issues"] [data-code="kind-unknown"] button').first();
    await group.click();
    await frame.getByText(HTML_NAME, { exact: false }).first().waitFor();
    // The grid shows the name as text too.
    await w.page.click('[data-testid="sheet-tabs"] >> text=医師');
    await w.page.getByText(HTML_NAME).first().waitFor();
    for (const f of w.page.frames()) {
      expect(await f.$$('img[src="x"]')).toHaveLength(0);
      expect(await f.evaluate(() => document.querySelectorAll('img[onerror]').length)).toBe(0);
    }
    await w.page.waitForTimeout(300);
    await expectClean(w); // no alert dialog
  });

  test('English UI when the display language is not Japanese', async () => {
    const w = await open(`asOf=${AS_OF}&lang=en`);
    const frame = await paneFrame(w.page);
    await waitForDetection(frame);
    expect((await frame.textContent('[data-testid="recalc"]'))?.trim()).toBe('Recalculate');
    expect(await frame.evaluate(() => document.documentElement.lang)).toBe('en');
    await recalculate(frame);
    expect(await frame.textContent('[data-testid="results"]')).toContain(`As of: ${AS_OF}`);
    await expectClean(w);
  });
});

describe('harness', () => {
  test('fails clearly when Chromium is missing', () => {
    const previous = process.env.CHROMIUM_PATH;
    jest.isolateModules(() => {
      process.env.CHROMIUM_PATH = '/nonexistent/chromium';
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const h = require('./harness') as typeof import('./harness');
      expect(() => h.requireChromium()).toThrow(
        /Chromium not found at \/nonexistent\/chromium.*apt-get install -y chromium/s,
      );
    });
    if (previous === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = previous;
  });
});

describe('error dialog page (dialog.html)', () => {
  test('shows the message from the query string as text', async () => {
    const msg = `${HTML_NAME} シート「研修記録」が見つかりません`;
    const w = await suite.open(`dialog.html?lang=en&msg=${encodeURIComponent(msg)}`, {
      width: 480,
      height: 320,
    });
    await w.page.waitForSelector('#close:not([hidden])');
    expect(await w.page.textContent('#message')).toBe(msg);
    expect(await w.page.textContent('#title')).toBe('Recalculation failed');
    expect(await w.page.$$('img[src="x"]')).toHaveLength(0);
    expect(w.dialogs).toEqual([]);
    expect(w.outside()).toEqual([]);
    // Outside Office, office.js itself tries to frame its telemetry page; the CSP blocks that. Our
    // code causes no other violation.
    const ours = (await w.violations()).filter(
      (v) => !v.blocked.startsWith('https://telemetryservice.firstpartyapps.oaspapps.com'),
    );
    expect(ours).toEqual([]);
  });
});
