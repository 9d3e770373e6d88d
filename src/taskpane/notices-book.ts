/**
 * 「個別通知を作成」 (SPEC §5.5) in the pane: the notices of the last 再計算, built in the browser
 * with the same plan and package writer as `kakari-roster notices` — in time slices, so no
 * synchronous stretch gets near 200 ms — and opened with createWorkbook under the size rule
 * of §5.4 (src/excel/create-workbook.ts, shared with the exports). Nothing is written to the open workbook, and nothing of
 * the letters is logged.
 *
 * Reached through a dynamic import() from the notices panel, so the writer stays out of the
 * pane's first load.
 */
import { runStepsSliced, type SliceOptions, type Steps } from '../domain/steps';
import { officePlatform, openNewWorkbook } from '../excel/create-workbook';
import { letterCount, noticeSenderOf, noticesPlanSteps, type NoticeTarget } from '../sheets/plan-notices';
import type { RecalcOutput } from '../sheets/recalc';
import { NOTICE_CLINICS_SHEET, NOTICE_DOCTORS_SHEET } from '../strings/notices';
import { noticesWorkbookSteps } from '../xlsx/notices';
import type { PaneHost } from '../excel/pane-host';

export interface NoticesChoice {
  to: NoticeTarget;
  /** One 地区, or null for every district. */
  district: string | null;
}

export type NoticesOutcome =
  | { kind: 'opened'; doctors: number | null; clinics: number | null }
  | { kind: 'too-large'; bytes: number; base64Length: number }
  | { kind: 'unsupported' };

/** The notices workbook of a run as bytes, with the letters per sheet. */
export function* noticesFileSteps(
  output: Pick<RecalcOutput, 'read' | 'input' | 'engine'>,
  choice: NoticesChoice,
): Steps<{ bytes: Uint8Array; doctors: number | null; clinics: number | null }> {
  const sender = noticeSenderOf(output.read);
  const sheets = yield* noticesPlanSteps(
    { input: output.input, engine: output.engine },
    { ...sender, to: choice.to, district: choice.district },
  );
  const count = (name: string): number | null => {
    const sp = sheets.find((s) => s.name === name);
    return sp ? letterCount(sp) : null;
  };
  const doctors = count(NOTICE_DOCTORS_SHEET);
  const clinics = count(NOTICE_CLINICS_SHEET);
  const bytes = yield* noticesWorkbookSteps(sheets);
  sheets.length = 0;
  return { bytes, doctors, clinics };
}

/** Builds the notices in slices and opens them as a new workbook (or says why not). */
export async function createNotices(
  host: Pick<PaneHost, 'excel' | 'isSetSupported'>,
  output: Pick<RecalcOutput, 'read' | 'input' | 'engine'>,
  choice: NoticesChoice,
  opts: SliceOptions & { platform?: string | null; limit?: number } = {},
): Promise<NoticesOutcome> {
  if (!host.excel.createWorkbook || !host.isSetSupported('ExcelApi', '1.8')) return { kind: 'unsupported' };
  const file = await runStepsSliced(noticesFileSteps(output, choice), opts);
  const platform = opts.platform === undefined ? officePlatform() : opts.platform;
  const pause = opts.yieldFn ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  const res = await openNewWorkbook(
    { excel: host.excel, isSetSupported: host.isSetSupported, platform },
    file.bytes,
    pause,
    opts.limit,
  );
  if (res.kind === 'too-large')
    return { kind: 'too-large', bytes: file.bytes.length, base64Length: res.base64Bytes };
  if (res.kind === 'unsupported') return res;
  return { kind: 'opened', doctors: file.doctors, clinics: file.clinics };
}
