/**
 * A 1904-date-system workbook (SPEC §4.2, §7 rev 2): the pane path detects the date system with
 * a released API (Workbook.functions.date, ExcelApi 1.2) and gives the same result JSON as the
 * CLI, which reads `date1904` from workbook.xml.
 */
import ExcelJS from 'exceljs';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { recalcFile } from '../../src/cli/recalc-file';
import { sampleFixture } from './fixture';
import { AS_OF, NOW, doubleFromXlsx, runAddin } from './helpers';

async function as1904(buf: Buffer): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  (wb.properties as { date1904?: boolean }).date1904 = true;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kr-1904-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

test('a 1904 workbook: pane path and CLI give the same JSON, dates read right', async () => {
  const buf = await as1904(await sampleFixture(60, 11));
  const input = path.join(dir, 'in1904.xlsx');
  await fs.writeFile(input, buf);
  const cli = await recalcFile(input, { asOf: AS_OF, now: NOW });
  const d = await doubleFromXlsx(buf);
  expect(d.workbook.date1904).toBe(true);
  const pane = await runAddin(d);
  expect(pane.result).toEqual(cli.result);
  // Dates are real dates in both: certificate dates of 2020s, not 1,462 days early.
  const certs = cli.result.doctors.map((x) => x.certificateDate).filter((x): x is string => !!x);
  expect(certs.length).toBeGreaterThan(0);
  expect(certs.every((c) => c >= '2000-01-01')).toBe(true);
});

test('the same roster in the 1900 system gives the same statuses as in the 1904 system', async () => {
  const base = await sampleFixture(60, 11);
  const a = await runAddin(await doubleFromXlsx(base));
  const b = await runAddin(await doubleFromXlsx(await as1904(base)));
  expect(b.result.doctors).toEqual(a.result.doctors);
  expect(b.result.clinics).toEqual(a.result.clinics);
});
