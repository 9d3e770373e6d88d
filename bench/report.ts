/**
 * Prints the number tables of docs/performance.md as Markdown from a bench result file, so the
 * page can be brought up to date from the JSON instead of by hand:
 *
 *   node build/bench/bench/report.js [bench/results/latest.json]
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderTargets } from './targets';
import { repoRoot } from './workloads';

/* eslint-disable @typescript-eslint/no-explicit-any -- the result JSON is read loosely on purpose */
const n0 = (x: number): string => Math.round(x).toLocaleString('en-US');
const msf = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : `${n0(x)} ms`;
const sec = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x / 1000).toFixed(2)} s`;
const us = (x: number): string => `${x.toFixed(2)} µs`;
/** A table cell: pipes escaped. */
const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function report(r: any): string {
  const W = ['W1', 'W2', 'W3'].filter((w) => r.workloads[w]);
  const out: string[] = [];
  out.push(
    `Run of ${String(r.date).slice(0, 16).replace('T', ' ')} UTC, revision ${r.git.sha}${r.git.dirty ? ' + working-tree changes' : ''}, ` +
      `${r.machine.nproc} CPUs, load average ${r.machine.loadavgStart.map((x: number) => x.toFixed(1)).join(' ')} at the start, ${sec(r.durationMs)} in all.`,
    '',
  );
  out.push(
    '| | parse | compute | plan | total (wall) | CPU | cold: wall / CPU | peak RSS | input RSS | sliced: longest stretch CPU / wall |',
  );
  out.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const w of W) {
    const e = r.workloads[w].engine;
    if (!e || e.error) continue;
    const m = e.median;
    out.push(
      `| ${w} | ${msf(m.parseMs)} | ${msf(m.computeMs)} | ${msf(m.planMs)} | ${msf(m.totalMs)} | ${msf(m.cpuMs)} | ` +
        `${msf(e.cold.totalMs)} / ${msf(e.cold.cpuMs)} | ${n0(e.memory.peakRssMB)} MB | ${n0(e.memory.inputRssMB)} MB | ` +
        `${msf(e.sliced.longestCpuMs)} / ${msf(e.sliced.longestMs)} |`,
    );
  }
  out.push(
    '',
    '| | records | cells | wall / record | CPU / record | CPU / cell | parse / record | compute / record | plan / record | peak RSS / record |',
  );
  out.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const w of W) {
    const e = r.workloads[w].engine;
    if (!e || e.error) continue;
    const m = e.median;
    const rec = e.sizes['研修記録'];
    out.push(
      `| ${w} | ${n0(rec)} | ${(e.cells / 1e6).toFixed(2)} M | ${us((m.totalMs / rec) * 1000)} | ${us((m.cpuMs / rec) * 1000)} | ` +
        `${us((m.cpuMs / e.cells) * 1000)} | ${us((m.parseMs / rec) * 1000)} | ${us((m.computeMs / rec) * 1000)} | ${us((m.planMs / rec) * 1000)} | ` +
        `${((e.memory.peakRssMB / rec) * 1024).toFixed(2)} kB |`,
    );
  }
  out.push('', '| xlsx decoding | time | peak RSS | reader |', '|---|---|---|---|');
  for (const w of W) {
    const d = r.workloads[w].decode;
    if (!d) continue;
    out.push(
      d.skipped || d.error || d.unsupported
        ? `| ${w} | – | – | ${d.skipped ?? d.error ?? d.unsupported} |`
        : `| ${w} | ${sec(d.decodeMs)} | ${n0(d.peakRssMB)} MB | ${d.reader} |`,
    );
  }
  out.push(
    '',
    '| add-in | syncs | largest request | largest response | largest read | formatting calls | longest stretch CPU / wall | wall |',
  );
  out.push('|---|---|---|---|---|---|---|---|');
  for (const w of W) {
    const a = r.workloads[w].addin;
    if (!a || a.skipped || a.error) continue;
    for (const x of a.runs) {
      out.push(
        `| ${w} ${x.pass} | ${x.syncs} | ${(x.maxRequestBytes / 1e6).toFixed(2)} MB | ${(x.maxResponseBytes / 1e6).toFixed(2)} MB | ` +
          `${n0(x.maxReadCells)} | ${x.formattingCalls} | ${msf(x.stretch.longestCpuMs)} / ${msf(x.stretch.longestMs)} | ${sec(x.wallMs)} |`,
      );
    }
  }
  out.push('', '| CLI | wall | CPU | max RSS | input | result |', '|---|---|---|---|---|---|');
  for (const w of W) {
    const c = r.workloads[w].cli;
    if (!c) continue;
    out.push(
      c.skipped
        ? `| ${w} | – | – | – | – | skipped: ${c.skipped} |`
        : `| ${w} | ${c.error ? 'failed' : sec(c.wallMs)} | ${sec(c.cpuMs)} | ${n0(c.maxRssMB)} MB | ${c.inputMB} MB | ${cell(c.error ?? 'OK')} |`,
    );
  }
  const b = r.baseline;
  if (b && !b.skipped && b.sizes) {
    out.push(
      '',
      `Baseline, interleaved A B A B (${b.libreoffice}; ${r.machine.cpu}):`,
      '',
      '| doctors | pair | template wall / CPU | CLI wall / CPU | ratio | CPU ratio | load |',
      '|---|---|---|---|---|---|---|',
    );
    for (const z of b.sizes) {
      if (z.unfinished) out.push(`| ${n0(z.doctors)} | – | ${z.unfinished} | – | – | – | – |`);
      z.pairs.forEach((p: any, i: number) =>
        out.push(
          `| ${n0(z.doctors)} | ${i + 1} | ${sec(p.templateMs)} / ${sec(p.templateCpuMs)} | ${sec(p.cliMs)} / ${sec(p.cliCpuMs)} | ${p.ratio.toFixed(1)}× | ${p.cpuRatio === null ? '–' : `${p.cpuRatio.toFixed(1)}×`} | ${p.load.toFixed(1)} |`,
        ),
      );
    }
  }
  const cliRuns = W.flatMap((w) =>
    (r.workloads[w].cli?.runs ?? []).map(
      (x: any, i: number) =>
        `| ${w} run ${i + 1} | ${sec(x.wallMs)} | ${sec(x.cpuMs)} | ${n0(x.maxRssMB)} MB | ${x.load.toFixed(1)} |`,
    ),
  );
  if (cliRuns.length)
    out.push('', '| CLI, each run | wall | CPU | max RSS | load |', '|---|---|---|---|---|', ...cliRuns);
  out.push('', '| verdict | budget | limit | measured |', '|---|---|---|---|');
  for (const v of r.budgets)
    out.push(
      `| ${v.pass === null ? 'SKIP' : v.pass ? 'PASS' : 'FAIL'} | ${v.what} | ${v.limit} | ${cell(`${v.value}${v.note ? ` — ${v.note}` : ''}`)} |`,
    );
  if (r.targets?.length) out.push('', renderTargets(r.targets, true));
  return out.join('\n');
}

if (require.main === module) {
  const file = process.argv[2] ?? path.join(repoRoot(), 'bench', 'results', 'latest.json');
  process.stdout.write(`${report(JSON.parse(fs.readFileSync(file, 'utf8')))}\n`);
}
