#!/usr/bin/env node
/**
 * npm run demo: builds the sample roster (real 小倉 clinics, synthetic doctors), recalculates it
 * with the command line and prints a summary table. Output in demo/.
 */
'use strict';
const fs = require('fs');
const path = require('path');
// The bundled command line (npm run build:cli), as bin/kakari-roster.js runs it.
const { main } = require('../build/cli/kakari-roster.js');

const STATUS = [
  ['certified', '修了証あり'],
  ['eligible', '要件充足'],
  ['in-progress', '未充足'],
  ['no-records', '記録なし'],
];
const READINESS = [
  ['ready', '準備完了'],
  ['action-needed', '要対応'],
  ['reported', '報告済'],
  ['out-of-scope', '対象外'],
];

async function run() {
  const dir = path.resolve(__dirname, '..', 'demo');
  fs.mkdirSync(dir, { recursive: true });
  const sample = path.join(dir, 'sample.xlsx');
  const out = path.join(dir, 'result.xlsx');
  const json = path.join(dir, 'result.json');
  let code = await main(['sample', '-o', sample, '--doctors', '1000', '--seed', '1']);
  if (code !== 0) return code;
  code = await main(['recalc', sample, '-o', out, '--json', json, '--as-of', '2026-01-31']);
  if (code !== 0) return code;
  const r = JSON.parse(fs.readFileSync(json, 'utf8'));
  const count = (list, key, value) => list.filter((x) => x[key] === value).length;
  const rows = [];
  rows.push(['医師 / Doctors', String(r.doctors.length)]);
  for (const [k, ja] of STATUS) rows.push([`  ${ja} (${k})`, String(count(r.doctors, 'status', k))]);
  rows.push(['医療機関 / Clinics', String(r.clinics.length)]);
  for (const [k, ja] of READINESS) rows.push([`  ${ja} (${k})`, String(count(r.clinics, 'readiness', k))]);
  const sev = (s) => r.issues.filter((i) => i.severity === s).length;
  rows.push([
    '入力の問題 / Input issues',
    `エラー ${sev('error')}／警告 ${sev('warning')}／情報 ${sev('info')}`,
  ]);
  const width = (s) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0xff ? 2 : 1), 0);
  const w = Math.max(...rows.map(([a]) => width(a)));
  console.log('');
  console.log(`基準日 / as of ${r.asOf}`);
  for (const [a, b] of rows) console.log(`${a}${' '.repeat(w - width(a) + 2)}${b}`);
  console.log('');
  console.log('地区別 / by district:');
  for (const d of [...r.districts, r.districtTotal]) {
    const rate = d.completionRate === null ? '－' : `${(d.completionRate * 100).toFixed(1)}%`;
    console.log(
      `  ${d.district}: 医師 ${d.doctors}、修了率 ${rate}、準備完了 ${d.clinicsReady}／要対応 ${d.clinicsActionNeeded}`,
    );
  }
  console.log('');
  console.log(`出力 / output: ${path.relative(process.cwd(), out)}, ${path.relative(process.cwd(), json)}`);
  return 0;
}

run().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(3);
  },
);
