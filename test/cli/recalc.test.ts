/**
 * Golden tests of the command line: fixture workbooks in, JSON and written cells out, exit codes,
 * and one clear line for every kind of malformed input.
 */
import ExcelJS from 'exceljs';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, type Io } from '../../src/cli/main';
import { MINIMAL, xlsxBuffer, type Rows } from '../helpers/workbook';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kr-cli-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function writeFixture(name: string, sheets: Record<string, Rows>): Promise<string> {
  const p = path.join(dir, name);
  await fs.writeFile(p, await xlsxBuffer(sheets, { 医師: [1, 3], 研修記録: [1], 医療機関: [1] }));
  return p;
}

async function readSheet(file: string, sheet: string): Promise<(string | number | null)[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet)!;
  const out: (string | number | null)[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, r) => {
    const arr: (string | number | null)[] = [];
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      const v = cell.value as unknown;
      arr[c - 1] =
        v && typeof v === 'object' && 'result' in (v as object)
          ? ((v as { result: string }).result ?? null)
          : (v as string | number | null);
    });
    out[r - 1] = arr;
  });
  return out;
}

describe('recalc', () => {
  test('writes the JSON of SPEC §6.3 and the owned columns (golden, hand-computed)', async () => {
    const input = await writeFixture('roster.xlsx', MINIMAL);
    const before = await fs.readFile(input);
    const out = path.join(dir, 'out.xlsx');
    const json = path.join(dir, 'r.json');
    const io = capture();
    const code = await main(['recalc', input, '-o', out, '--json', json, '--as-of', '2026-01-31'], io);
    expect(code).toBe(0);
    expect(io.stdout).toEqual([
      `${input}\tOK\t医師 3（修了証あり 0／要件充足 1／未充足 1／記録なし 1）\t医療機関 1（準備完了 0／要対応 1／報告済 0／対象外 0）\t問題 エラー 1／警告 0`,
    ]);
    // The input is never modified.
    expect((await fs.readFile(input)).equals(before)).toBe(true);
    const r = JSON.parse(await fs.readFile(json, 'utf8'));
    expect(Object.keys(r)).toEqual([
      'asOf',
      'profile',
      'counts',
      'doctors',
      'clinics',
      'districts',
      'districtTotal',
      'changes',
      'issues',
    ]);
    expect(r.asOf).toBe('2026-01-31');
    expect(r.counts).toEqual({
      doctors: { read: 3, used: 3, rejected: 0, blank: 0 },
      training: { read: 4, used: 3, rejected: 1, blank: 0, counted: 3 },
      clinics: { read: 1, used: 1, rejected: 0, blank: 0 },
      affiliations: { read: 0, used: 0, rejected: 0, blank: 0 },
    });
    expect(
      r.doctors.map((d: { id: string; status: string; missing: unknown; next: string }) => [
        d.id,
        d.status,
        d.missing,
        d.next,
      ]),
    ).toEqual([
      ['0001', 'eligible', { jitchiActivities: 0, zagakuUnits: 0 }, '要件充足：MAMISで修了申請を'],
      ['0002', 'in-progress', { jitchiActivities: 1, zagakuUnits: 0 }, '実地研修1件で要件充足'],
      ['0003', 'no-records', { jitchiActivities: 1, zagakuUnits: 5 }, '実地研修1件と座学5単位で要件充足'],
    ]);
    expect(r.clinics).toEqual([
      {
        code: '4017716434',
        name: '坂口こどもクリニック',
        district: '（地区未設定）',
        inScope: true,
        exclusion: null,
        doctors: 2,
        certified: 0,
        outsideCompleters: 0, // rev 2
        eligible: 1,
        reportDate: null, // rev 2 (no 報告日 column)
        completerAnswer: '無',
        readiness: 'action-needed',
        reasons: ['eligible-not-applied'],
        daysLeft: 59,
        atRisk: false,
      },
    ]);
    expect(r.changes).toBeNull();
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({
      severity: 'error',
      code: 'units-not-half-step',
      sheet: '研修記録',
      row: 5,
      column: '単位',
      cell: 'E5',
      field: 'units',
      value: '1.25',
    });

    const doctors = await readSheet(out, '医師');
    expect(doctors[0]).toEqual([
      '会員番号',
      '氏名',
      '医療機関コード',
      '判定_座学単位',
      '判定_実地件数',
      '判定_実地承認待ち',
      '判定_合計単位',
      '判定_状態',
      '判定_不足',
      '判定_次の対応',
    ]);
    expect(doctors[1]).toEqual([
      '0001',
      '山田 太郎',
      '4017716434',
      5,
      1,
      0,
      10,
      '要件充足',
      null,
      '要件充足：MAMISで修了申請を',
    ]);
    expect(doctors[3]).toEqual([
      '0003',
      '佐藤 次郎',
      null,
      0,
      0,
      0,
      0,
      '記録なし',
      '実地1件・座学5単位',
      '実地研修1件と座学5単位で要件充足',
    ]);
    const training = await readSheet(out, '研修記録');
    expect(training.map((row) => row[6])).toEqual([
      '判定_チェック',
      'OK',
      'OK',
      'OK',
      'エラー：単位数「1.25」が0.5単位刻みではありません',
    ]);
    const clinics = await readSheet(out, '医療機関');
    expect(clinics[1].slice(3)).toEqual(['対象', 2, 0, 1, '無', '要対応', '要件充足者あり（未修了）', 59]);
    const check = await readSheet(out, '入力チェック');
    expect(check[0]).toEqual(['重要度', 'シート', 'セル', '行', '項目', '値', '内容', '対処', 'コード']);
    expect(check[1].slice(0, 6)).toEqual(['エラー', '研修記録', 'E5', 5, '単位', '1.25']);
    expect(check[1][8]).toBe('units-not-half-step');
    // The settings sheet is created with every key.
    const settings = await readSheet(out, '設定');
    expect(settings[0]).toEqual(['項目', '値', '説明']);
    expect(settings.slice(1).map((r0) => r0[0])).toEqual([
      '基準日',
      '集計開始日',
      '実地の集計開始日',
      '合計必要単位',
      '実地1件の単位',
      '座学の単位刻み',
      '座学の最小単位数',
      '実地の最小件数',
      '修了証の有効年数',
      '報告期間開始',
      '報告期間終了',
      'G-MIS新規発行日数',
      '報告権限追加日数',
      '座学あと少しの上限',
      '最小公表人数',
      '医師会名',
      '問い合わせ先',
    ]);
  });

  test('without -o writes no workbook but still the summary and JSON', async () => {
    const input = await writeFixture('roster.xlsx', MINIMAL);
    const io = capture();
    const json = path.join(dir, 'r.json');
    expect(await main(['recalc', input, '--json', json, '--as-of', '2026-01-31'], io)).toBe(0);
    expect((await fs.readdir(dir)).sort()).toEqual(['r.json', 'roster.xlsx']);
  });

  test('the JSON is written while the workbook is, and not at all when the workbook fails', async () => {
    // recalcFile stages the JSON beside its target while the workbook is written and renames it
    // only once the workbook is in place: a workbook that cannot be written leaves no JSON and no
    // temporary file.
    const input = await writeFixture('roster.xlsx', MINIMAL);
    const io = capture();
    const json = path.join(dir, 'r.json');
    const out = path.join(dir, 'missing', 'out.xlsx');
    expect(await main(['recalc', input, '-o', out, '--json', json, '--as-of', '2026-01-31'], io)).toBe(1);
    expect(io.stderr.join('\n')).toContain('[output-not-writable]');
    expect((await fs.readdir(dir)).sort()).toEqual(['roster.xlsx']);
    // Both written when both can be, the JSON the same as without a workbook.
    const out2 = path.join(dir, 'out.xlsx');
    const json2 = path.join(dir, 'only.json');
    expect(
      await main(['recalc', input, '-o', out2, '--json', json, '--as-of', '2026-01-31'], capture()),
    ).toBe(0);
    expect(await main(['recalc', input, '--json', json2, '--as-of', '2026-01-31'], capture())).toBe(0);
    expect((await fs.readdir(dir)).sort()).toEqual(['only.json', 'out.xlsx', 'r.json', 'roster.xlsx']);
    const strip = (t: string): unknown => ({ ...JSON.parse(t), changes: null });
    expect(strip(await fs.readFile(json, 'utf8'))).toEqual(strip(await fs.readFile(json2, 'utf8')));
  });

  test('a re-run on its own output gives the same JSON except changes, and the same owned cells', async () => {
    const input = await writeFixture('roster.xlsx', MINIMAL);
    const out1 = path.join(dir, 'out1.xlsx');
    const out2 = path.join(dir, 'out2.xlsx');
    const j1 = path.join(dir, 'r1.json');
    const j2 = path.join(dir, 'r2.json');
    expect(await main(['recalc', input, '-o', out1, '--json', j1, '--as-of', '2026-01-31'], capture())).toBe(
      0,
    );
    expect(await main(['recalc', out1, '-o', out2, '--json', j2, '--as-of', '2026-01-31'], capture())).toBe(
      0,
    );
    const r1 = JSON.parse(await fs.readFile(j1, 'utf8'));
    const r2 = JSON.parse(await fs.readFile(j2, 'utf8'));
    expect(r2.changes).toEqual({ newlyCertified: 0, newlyEligible: 0, newlyReady: 0 });
    expect({ ...r2, changes: null }).toEqual(r1);
    for (const sheet of ['医師', '研修記録', '医療機関', '入力チェック', '集計_地区', '設定']) {
      expect(await readSheet(out2, sheet)).toEqual(await readSheet(out1, sheet));
    }
  });

  test('bulk: --out-dir writes one workbook and JSON per input; one bad file does not stop the others', async () => {
    const a = await writeFixture('a.xlsx', MINIMAL);
    const bad = path.join(dir, 'b.xlsx');
    await fs.writeFile(bad, 'not a workbook');
    const c = await writeFixture('c.xlsx', MINIMAL);
    const outDir = path.join(dir, 'out');
    const io = capture();
    expect(await main(['recalc', a, bad, c, '--out-dir', outDir, '--as-of', '2026-01-31'], io)).toBe(1);
    expect(io.stdout.map((l) => l.split('\t').slice(0, 2))).toEqual([
      [a, 'OK'],
      [bad, 'NG'],
      [c, 'OK'],
    ]);
    expect((await fs.readdir(outDir)).sort()).toEqual(['a.json', 'a.xlsx', 'c.json', 'c.xlsx']);
  });

  test('bulk: a basename clash is a usage error before any work', async () => {
    const sub = path.join(dir, 'sub');
    await fs.mkdir(sub);
    const a = await writeFixture('a.xlsx', MINIMAL);
    const a2 = path.join(sub, 'a.xlsx');
    await fs.copyFile(a, a2);
    const io = capture();
    expect(await main(['recalc', a, a2, '--out-dir', path.join(dir, 'o')], io)).toBe(2);
    await expect(fs.stat(path.join(dir, 'o'))).rejects.toThrow();
  });

  test.each([
    [['recalc'], 2],
    [['recalc', 'x.xlsx', '--as-of', '2026-02-30'], 2],
    [['recalc', 'x.xlsx', '--bogus'], 2],
    [['frobnicate'], 2],
    [['recalc', 'a.xlsx', 'b.xlsx'], 2],
  ])('usage error %j exits %i', async (args, expected) => {
    const io = capture();
    expect(await main(args as string[], io)).toBe(expected);
    expect(io.stderr.some((l) => l.startsWith('エラー: '))).toBe(true);
  });
});

describe('malformed input: exit 1, one clear line, no stack trace', () => {
  async function expectFatal(file: string, code: string, text?: string) {
    const io = capture();
    const out = path.join(dir, 'out.xlsx');
    expect(await main(['recalc', file, '-o', out], io)).toBe(1);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toMatch(/^エラー: .* \/ Error: /);
    expect(io.stderr[0]).toContain(`[${code}]`);
    expect(io.stderr[0]).not.toMatch(/\n\s+at /);
    if (text) expect(io.stderr[0]).toContain(text);
    expect(io.stdout).toEqual([`${file}\tNG`]);
    await expect(fs.stat(out)).rejects.toThrow();
  }

  test('missing required sheet names it and its aliases', async () => {
    const f = await writeFixture('nosheet.xlsx', { 医師: MINIMAL['医師'] });
    await expectFatal(f, 'sheet-missing', '研修記録');
  });

  test('missing required column names the sheet, the header and the aliases', async () => {
    const rows = MINIMAL['研修記録'].map((r) => [r[0], r[2], r[3], r[4]]);
    const f = await writeFixture('nocol.xlsx', { ...MINIMAL, 研修記録: rows });
    await expectFatal(f, 'column-missing', '受講日');
  });

  test('a text file is not an xlsx', async () => {
    const f = path.join(dir, 'notes.xlsx');
    await fs.writeFile(f, 'hello');
    await expectFatal(f, 'file-not-xlsx');
  });

  test('an empty file', async () => {
    const f = path.join(dir, 'empty.xlsx');
    await fs.writeFile(f, '');
    await expectFatal(f, 'file-not-xlsx');
  });

  test('a password-protected file or legacy .xls (OLE header)', async () => {
    const f = path.join(dir, 'secret.xlsx');
    await fs.writeFile(f, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    await expectFatal(
      f,
      'file-encrypted-or-xls',
      '暗号化（パスワード保護）されたファイル、または旧形式 .xls は読めません。.xlsx で保存し直してください',
    );
  });

  test('a truncated (corrupt) xlsx', async () => {
    const good = await xlsxBuffer(MINIMAL);
    const f = path.join(dir, 'broken.xlsx');
    await fs.writeFile(f, good.subarray(0, Math.floor(good.length / 2)));
    await expectFatal(f, 'file-corrupt');
  });

  test('a zip that is not a workbook', async () => {
    const { zipSync, strToU8 } = await import('fflate');
    const f = path.join(dir, 'doc.xlsx');
    await fs.writeFile(
      f,
      zipSync({ 'word/document.xml': strToU8('<w:document/>'), '[Content_Types].xml': strToU8('<Types/>') }),
    );
    await expectFatal(f, 'file-not-xlsx');
  });

  test('a missing file (SPEC rev 2: file-not-found, the path named, no advice to re-save)', async () => {
    await expectFatal(path.join(dir, 'nope.xlsx'), 'file-not-found', 'nope.xlsx');
  });

  test('an invalid setting is fatal and names the cell', async () => {
    const f = await writeFixture('badset.xlsx', {
      ...MINIMAL,
      設定: [
        ['項目', '値'],
        ['合計必要単位', 0],
      ],
    });
    await expectFatal(f, 'setting-invalid', '設定!B2');
  });

  test('a user column where an owned column would go (merged cell) blocks the run, nothing written', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsxBuffer(MINIMAL)) as unknown as ArrayBuffer);
    wb.getWorksheet('医師')!.mergeCells('D3:E3');
    const f = path.join(dir, 'blocked.xlsx');
    await wb.xlsx.writeFile(f);
    await expectFatal(f, 'owned-column-blocked', 'D3:E3');
  });

  test('a sheet with an owned name but no marker is refused', async () => {
    const f = await writeFixture('taken.xlsx', { ...MINIMAL, 入力チェック: [['メモ']] });
    await expectFatal(f, 'owned-sheet-name-taken', '入力チェック');
  });
});

describe('recalc, the 2027 report season (SPEC rev 2)', () => {
  /** MINIMAL with this year's columns on 医療機関, a customized window and the notice texts. */
  const SEASON: Record<string, Rows> = {
    ...MINIMAL,
    医療機関: [
      ['医療機関コード', '名称', 'G-MIS', '報告状況', '報告日', '名簿外の修了者'],
      ['4017716434', '坂口こどもクリニック', '○', '報告済', '2026/02/10', null],
      ['4017716483', '金苗医院', '○', null, null, 1],
      ['4017716657', '土井皮フ科クリニック', '○', '確認完了済み', '2027/01/15', null],
      ['4017716715', '徳山外科医院', null, null, null, 'たぶん'],
    ],
    設定: [
      ['項目', '値'],
      ['報告期間開始', '2027/01/14'],
      ['報告期間終了', '2027/02/27'],
      ['修了証の有効年数', '3年'],
    ],
  };

  test('new JSON fields and owned cells (golden, hand-computed)', async () => {
    const p = path.join(dir, 'season.xlsx');
    await fs.writeFile(p, await xlsxBuffer(SEASON, { 医師: [1, 3], 研修記録: [1], 医療機関: [1] }));
    const out = path.join(dir, 'season-out.xlsx');
    const json = path.join(dir, 'season.json');
    const io = capture();
    expect(await main(['recalc', p, '-o', out, '--json', json, '--as-of', '2027-01-20'], io)).toBe(0);
    expect(io.stdout[0].split('\t')[3]).toBe('医療機関 4（準備完了 1／要対応 2／報告済 1／対象外 0）');
    const r = JSON.parse(await fs.readFile(json, 'utf8'));
    expect(r.profile).toMatchObject({
      customized: true,
      certificateValidityYears: 3,
      countFrom: null,
      jitchiCountFrom: null,
      reportWindowStart: '2027-01-14',
      reportWindowEnd: '2027-02-27',
    });
    expect(Object.keys(r.clinics[0])).toEqual([
      'code',
      'name',
      'district',
      'inScope',
      'exclusion',
      'doctors',
      'certified',
      'outsideCompleters',
      'eligible',
      'reportDate',
      'completerAnswer',
      'readiness',
      'reasons',
      'daysLeft',
      'atRisk',
    ]);
    expect(
      r.clinics.map((c: Record<string, unknown>) => [
        c.code,
        c.doctors,
        c.certified,
        c.outsideCompleters,
        c.reportDate,
        c.completerAnswer,
        c.readiness,
        c.reasons,
        c.daysLeft,
        c.atRisk,
      ]),
    ).toEqual([
      // last year's 報告済: not reported this year
      ['4017716434', 2, 0, 0, '2026-02-10', '無', 'action-needed', ['eligible-not-applied'], 38, false],
      // no roster doctor, one completer outside the roster, an account
      ['4017716483', 0, 1, 1, null, '有', 'ready', [], 38, false],
      ['4017716657', 0, 0, 0, '2027-01-15', '無', 'reported', [], 38, false],
      // no account (14 days ≤ 38 left), an unreadable count read as 0
      [
        '4017716715',
        0,
        0,
        0,
        null,
        '無',
        'action-needed',
        ['no-gmis-account', 'no-linked-doctor'],
        38,
        false,
      ],
    ]);
    expect(
      r.issues
        .filter((i: { sheet: string }) => i.sheet === '医療機関')
        .map((i: { code: string; cell: string; severity: string }) => [i.code, i.cell, i.severity]),
    ).toEqual([
      ['report-previous-year', 'E2', 'info'],
      ['outside-completers-invalid', 'F5', 'warning'],
    ]);
    const clinics = await readSheet(out, '医療機関');
    expect(clinics[0].slice(6)).toEqual([
      '判定_報告対象',
      '判定_所属医師数',
      '判定_修了者数',
      '判定_要件充足者数',
      '判定_修了者の有無',
      '判定_準備状況',
      '判定_要対応',
      '判定_残り日数',
    ]);
    expect(clinics.slice(1).map((row) => row.slice(6))).toEqual([
      ['対象', 2, 0, 1, '無', '要対応', '要件充足者あり（未修了）', 38],
      ['対象', 0, 1, 0, '有', '準備完了', null, 38],
      ['対象', 0, 0, 0, '無', '報告済', null, 38],
      ['対象', 0, 0, 0, '無', '要対応', 'G-MISアカウントなし、所属医師なし', 38],
    ]);
    const meeting = await readSheet(out, '会議資料');
    expect(meeting[4].slice(0, 2)).toEqual(['報告期間', '2027/01/14〜2027/02/27']);
    expect(meeting[5][0]).toBe('医師数');
    const check = await readSheet(out, '入力チェック');
    expect(check.filter((row) => row[8] === 'report-previous-year').map((row) => row[6])).toEqual([
      '前回（2026/02/10）の報告です。今年の報告はまだ記録されていません',
    ]);
  });

  test('a created 設定 sits before the owned sheets', async () => {
    const p = await writeFixture('created.xlsx', MINIMAL);
    const out = path.join(dir, 'created-out.xlsx');
    expect(await main(['recalc', p, '-o', out, '--as-of', '2027-01-20'], capture())).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '医師',
      '研修記録',
      '医療機関',
      '設定',
      '集計_地区',
      '会議資料',
      '要対応リスト',
      '入力チェック',
      '実行履歴',
    ]);
  });

  test('…also before an existing owned sheet: later sheets and their print titles move with it', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsxBuffer(MINIMAL, { 医師: [1, 3], 研修記録: [1], 医療機関: [1] })) as never);
    wb.addWorksheet('集計_地区').getCell('A1').value = '地区';
    wb.addWorksheet('メモ').getCell('A1').value = 'メモ';
    wb.getWorksheet('メモ')!.pageSetup.printTitlesRow = '1:2';
    wb.definedNames.add("'集計_地区'!$A$1", '_KakariRoster_集計_地区');
    const p = path.join(dir, 'owned-first.xlsx');
    await wb.xlsx.writeFile(p);
    const out = path.join(dir, 'owned-first-out.xlsx');
    expect(await main(['recalc', p, '-o', out, '--as-of', '2027-01-20'], capture())).toBe(0);
    const res = new ExcelJS.Workbook();
    await res.xlsx.readFile(out);
    expect(res.worksheets.map((w) => w.name)).toEqual([
      '医師',
      '研修記録',
      '医療機関',
      '設定',
      '集計_地区',
      'メモ',
      '会議資料',
      '要対応リスト',
      '入力チェック',
      '実行履歴',
    ]);
    // Sheet-scoped names (localSheetId = tab position) still belong to their sheets.
    const titles = (name: string) => res.getWorksheet(name)!.pageSetup.printTitlesRow;
    expect([titles('メモ'), titles('集計_地区'), titles('会議資料'), titles('設定')]).toEqual([
      '1:2',
      '1:1',
      '1:4',
      undefined,
    ]);
  });
});
