/**
 * The side-by-side baseline (issues 5 and 20): a roster as a formula template (scripts/baseline/
 * template.ts) recalculated headless by LibreOffice, against the command line on the same data,
 * interleaved: template, CLI, template, CLI … (A B A B) in the same run, so both see the same
 * machine load; the ratio is reported per pair, with its min–median–max and the load average.
 *
 * LibreOffice's default for .xlsx files is "never recalculate on load" (it keeps the cached
 * results). A private profile (-env:UserInstallation) with
 * /org.openoffice.Office.Calc/Formula/Load/OOXMLRecalcMode = 0 ("always") makes `--convert-to`
 * recalculate every formula; the template's formulas carry a sentinel cached result, and the
 * converted file is checked to hold none, so a conversion that skipped the recalculation fails
 * the baseline instead of flattering it.
 *
 * Sizes: W1's generator options with the doctor count replaced (default 1,000 = W1; the CLI then
 * reads W1's cached .xlsx). A size whose template does not finish within the timeout ends the
 * series (larger ones take longer still). The same data without formulas (load + save) is timed
 * once per size. A warm-up conversion creates the profile and a warm-up CLI run fills the page
 * cache; neither is measured. Skipped with a message when soffice is absent, and always under CI.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inspectRecalculated, writeFormulaTemplate } from '../scripts/baseline/template';
import { ms, now } from './measure';
import { generateRoster } from '../src/sample/generate';
import { writeRosterXlsx } from '../src/sample/writeSample';
import { WORKLOADS } from './workloads';

/** One A-B pair: the template on LibreOffice, then the CLI on the same data, back to back. */
export interface BaselinePair {
  templateMs: number;
  templateCpuMs: number | null;
  cliMs: number;
  cliCpuMs: number | null;
  /** templateMs / cliMs (times faster, wall) and the same in CPU time. */
  ratio: number;
  cpuRatio: number | null;
  /** 1-minute load average when the pair started. */
  load: number;
}

export interface Spread {
  min: number;
  median: number;
  max: number;
}

/** One roster size: its template, the data-only file, and the interleaved pairs. */
export interface BaselineSize {
  doctors: number;
  records: number;
  formulas: number;
  /** Formula cells still holding the sentinel after the last conversion (must be 0). */
  sentinelsLeft: number | null;
  statuses?: Record<string, number>;
  /** Load + save of the same data without formulas (wall / CPU), once. */
  dataOnlyMs?: number;
  dataOnlyCpuMs?: number | null;
  pairs: BaselinePair[];
  ratio?: Spread;
  cpuRatio?: Spread | null;
  /** Set when the template did not finish (then no pairs). */
  unfinished?: string;
}

export interface BaselineReport {
  skipped: string | null;
  libreoffice?: string;
  sizes?: BaselineSize[];
}

/** What the bench gives the baseline: the CLI run (main.ts runCli) on an input file. */
export type CliRunner = (file: string) => Promise<{ wallMs: number; cpuMs: number | null; error?: string }>;

export interface BaselineOptions {
  /** Roster sizes (doctors); W1's generator options with the doctor count replaced. */
  sizes: number[];
  /** A-B pairs per size. */
  pairs: number;
  /** Longest template conversion before the size counts as unfinished. */
  timeoutMs: number;
  runCli: CliRunner;
  /** The CLI's input for a size when one is cached (W1's .xlsx). */
  cachedInput?: (doctors: number) => string | null;
}

export function spread(xs: number[]): Spread {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return {
    min: s[0],
    median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2,
    max: s[s.length - 1],
  };
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
  timeoutMs = 300_000,
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
        timeout: timeoutMs,
        env: { ...process.env, HOME: profile },
      })
    : spawnSync(soffice, args, {
        encoding: 'utf8',
        timeout: timeoutMs,
        env: { ...process.env, HOME: profile },
      });
  const wallMs = now() - t;
  const out = path.join(outDir, path.basename(input));
  if (r.signal === 'SIGTERM' || (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT')
    throw new Unfinished(`did not finish in ${Math.round(timeoutMs / 1000)} s`);
  if (r.status !== 0 || !fs.existsSync(out)) {
    throw new Error(
      `soffice failed (${r.status ?? r.signal}): ${(r.stderr || r.stdout || '').trim().slice(0, 300)}`,
    );
  }
  const m = timed ? new RegExp(`${TIME_MARK} ([0-9.]+) ([0-9.]+)`).exec(r.stderr) : null;
  return { wallMs, cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : null };
}

class Unfinished extends Error {}

export async function runBaseline(opts: BaselineOptions): Promise<BaselineReport> {
  if (process.env.CI === 'true') return { skipped: 'CI=true: the LibreOffice baseline never runs in CI' };
  const soffice = findSoffice();
  if (!soffice) return { skipped: 'soffice not found (install libreoffice-calc to run the baseline)' };
  const version = spawnSync(soffice, ['--version'], { encoding: 'utf8', timeout: 60_000 }).stdout.trim();

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kakari-baseline-'));
  try {
    const profile = path.join(work, 'profile');
    fs.mkdirSync(path.join(profile, 'user'), { recursive: true });
    fs.writeFileSync(path.join(profile, 'user', 'registrymodifications.xcu'), RECALC_ALWAYS);
    const outDir = path.join(work, 'out');
    fs.mkdirSync(outDir);
    const sizes: BaselineSize[] = [];
    let warm = false;
    for (const doctors of opts.sizes) {
      const inDir = path.join(work, `in-${doctors}`);
      fs.mkdirSync(inDir);
      const data = generateRoster({ ...WORKLOADS.W1.options, doctors });
      const records = data.sheets.find((x) => x.name === '研修記録')?.rows.length ?? 0;
      const template = path.join(inDir, 'template.xlsx');
      const dataOnly = path.join(inDir, 'data.xlsx');
      const formulas = await writeFormulaTemplate(data, template, { formulas: true });
      await writeFormulaTemplate(data, dataOnly, { formulas: false });
      // The CLI reads the same roster as `kakari-roster sample` writes it (W1: the bench's cache).
      let cliInput = opts.cachedInput?.(doctors) ?? null;
      if (!cliInput) {
        cliInput = path.join(inDir, 'roster.xlsx');
        await writeRosterXlsx(data, cliInput);
      }
      const size: BaselineSize = { doctors, records, formulas, sentinelsLeft: null, pairs: [] };
      sizes.push(size);
      // Warm-up: the first start creates the profile (not part of any measurement). The profile's
      // own registrymodifications.xcu is kept: LibreOffice merges into it.
      if (!warm) {
        convert(soffice, profile, dataOnly, outDir);
        await opts.runCli(cliInput);
        warm = true;
      }
      const d = convert(soffice, profile, dataOnly, outDir);
      size.dataOnlyMs = ms(d.wallMs);
      size.dataOnlyCpuMs = d.cpuMs === null ? null : ms(d.cpuMs);
      try {
        for (let k = 0; k < opts.pairs; k++) {
          const load = os.loadavg()[0];
          const t = convert(soffice, profile, template, outDir, opts.timeoutMs);
          const c = await opts.runCli(cliInput);
          if (c.error) throw new Error(`CLI failed: ${c.error}`);
          size.pairs.push({
            templateMs: ms(t.wallMs),
            templateCpuMs: t.cpuMs === null ? null : ms(t.cpuMs),
            cliMs: c.wallMs,
            cliCpuMs: c.cpuMs,
            ratio: t.wallMs / c.wallMs,
            cpuRatio: t.cpuMs !== null && c.cpuMs ? t.cpuMs / c.cpuMs : null,
            load: Math.round(load * 100) / 100,
          });
        }
      } catch (e) {
        if (!(e instanceof Unfinished)) throw e;
        size.unfinished = e.message;
        break; // larger rosters take longer still
      }
      const check = await inspectRecalculated(path.join(outDir, 'template.xlsx'));
      size.sentinelsLeft = check.sentinels;
      size.statuses = check.statuses;
      size.ratio = spread(size.pairs.map((p) => p.ratio));
      const cpu = size.pairs.map((p) => p.cpuRatio);
      size.cpuRatio = cpu.every((x): x is number => x !== null) ? spread(cpu) : null;
    }
    return { skipped: null, libreoffice: version, sizes };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
