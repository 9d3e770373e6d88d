/**
 * The side-by-side baseline (issue 5 §2): the W1 roster as a formula template (scripts/baseline/
 * template.ts) recalculated headless by LibreOffice, timed, against the command line on the same
 * data.
 *
 * LibreOffice's default for .xlsx files is "never recalculate on load" (it keeps the cached
 * results). A private profile (-env:UserInstallation) with
 * /org.openoffice.Office.Calc/Formula/Load/OOXMLRecalcMode = 0 ("always") makes `--convert-to`
 * recalculate every formula; the template's formulas carry a sentinel cached result, and the
 * converted file is checked to hold none, so a conversion that skipped the recalculation fails
 * the baseline instead of flattering it.
 *
 * Times: the template (load + recalculate + save), the same data without formulas (load + save),
 * each the best of two runs after a warm-up conversion that creates the profile.
 * Skipped with a message when soffice is absent, and always under CI (CI=true).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inspectRecalculated, writeFormulaTemplate } from '../scripts/baseline/template';
import { ms, now } from './measure';
import { WORKLOADS, generate } from './workloads';

export interface BaselineReport {
  skipped: string | null;
  libreoffice?: string;
  /** Best of two: load + recalculate + save of the formula template (wall clock). */
  templateMs?: number;
  /** The same run's CPU time (user + system of soffice and its children), when /usr/bin/time exists. */
  templateCpuMs?: number | null;
  /** Best of two: load + save of the same data without formulas. */
  dataOnlyMs?: number;
  dataOnlyCpuMs?: number | null;
  /** templateMs − dataOnlyMs: the recalculation itself (with the formula parsing). */
  recalcMs?: number;
  formulas?: number;
  /** Formula cells still holding the sentinel after conversion (must be 0). */
  sentinelsLeft?: number;
  statuses?: Record<string, number>;
}

const RECALC_ALWAYS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

function findSoffice(): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const name of ['soffice', 'libreoffice']) {
      const p = path.join(dir, name);
      if (fs.existsSync(p)) return p;
    }
  }
  return null;
}

const TIME_MARK = '@@time';

/** One conversion: wall time, and CPU time (user + system, soffice and its children) when /usr/bin/time exists. */
function convert(
  soffice: string,
  profile: string,
  input: string,
  outDir: string,
): { wallMs: number; cpuMs: number | null } {
  const args = [
    `-env:UserInstallation=file://${profile}`,
    '--headless',
    '--norestore',
    '--nolockcheck',
    '--convert-to',
    'xlsx',
    '--outdir',
    outDir,
    input,
  ];
  const timed = fs.existsSync('/usr/bin/time');
  const t = now();
  const r = timed
    ? spawnSync('/usr/bin/time', ['-f', `${TIME_MARK} %U %S`, soffice, ...args], {
        encoding: 'utf8',
        timeout: 300_000,
        env: { ...process.env, HOME: profile },
      })
    : spawnSync(soffice, args, {
        encoding: 'utf8',
        timeout: 300_000,
        env: { ...process.env, HOME: profile },
      });
  const wallMs = now() - t;
  const out = path.join(outDir, path.basename(input));
  if (r.status !== 0 || !fs.existsSync(out)) {
    throw new Error(
      `soffice failed (${r.status ?? r.signal}): ${(r.stderr || r.stdout || '').trim().slice(0, 300)}`,
    );
  }
  const m = timed ? new RegExp(`${TIME_MARK} ([0-9.]+) ([0-9.]+)`).exec(r.stderr) : null;
  return { wallMs, cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : null };
}

export async function runBaseline(): Promise<BaselineReport> {
  if (process.env.CI === 'true') return { skipped: 'CI=true: the LibreOffice baseline never runs in CI' };
  const soffice = findSoffice();
  if (!soffice) return { skipped: 'soffice not found (install libreoffice-calc to run the baseline)' };
  const version = spawnSync(soffice, ['--version'], { encoding: 'utf8', timeout: 60_000 }).stdout.trim();

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kakari-baseline-'));
  try {
    const profile = path.join(work, 'profile');
    fs.mkdirSync(path.join(profile, 'user'), { recursive: true });
    fs.writeFileSync(path.join(profile, 'user', 'registrymodifications.xcu'), RECALC_ALWAYS);
    const inDir = path.join(work, 'in');
    const outDir = path.join(work, 'out');
    fs.mkdirSync(inDir);
    fs.mkdirSync(outDir);

    const data = generate(WORKLOADS.W1);
    const template = path.join(inDir, 'template.xlsx');
    const dataOnly = path.join(inDir, 'data.xlsx');
    const formulas = await writeFormulaTemplate(data, template, { formulas: true });
    await writeFormulaTemplate(data, dataOnly, { formulas: false });

    // Warm-up: the first start creates the profile (not part of the measurement). The profile's
    // own registrymodifications.xcu is kept: LibreOffice merges into it.
    convert(soffice, profile, dataOnly, outDir);
    const best = {
      template: { wallMs: Infinity, cpuMs: null as number | null },
      dataOnly: { wallMs: Infinity, cpuMs: null as number | null },
    };
    for (let k = 0; k < 2; k++) {
      const d = convert(soffice, profile, dataOnly, outDir);
      if (d.wallMs < best.dataOnly.wallMs) best.dataOnly = d;
      const t = convert(soffice, profile, template, outDir);
      if (t.wallMs < best.template.wallMs) best.template = t;
    }
    const check = await inspectRecalculated(path.join(outDir, 'template.xlsx'));
    return {
      skipped: null,
      libreoffice: version,
      templateMs: ms(best.template.wallMs),
      templateCpuMs: best.template.cpuMs === null ? null : ms(best.template.cpuMs),
      dataOnlyMs: ms(best.dataOnly.wallMs),
      dataOnlyCpuMs: best.dataOnly.cpuMs === null ? null : ms(best.dataOnly.cpuMs),
      recalcMs: ms(best.template.wallMs - best.dataOnly.wallMs),
      formulas,
      sentinelsLeft: check.sentinels,
      statuses: check.statuses,
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
