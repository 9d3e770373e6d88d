#!/usr/bin/env node
/**
 * npm run fuzz — the property campaign outside CI (SPEC §7 Reliability): the very same property
 * files as `npm test` (test/property/*.property.test.ts and test/trust/cli.property.test.ts, run
 * by jest + ts-jest, so no build step), with 10,000 generated cases per property instead of 200,
 * then a summary. The CLI property writes and reads real .xlsx files (~60 ms a case): it runs
 * 1,000 cases unless --file-runs says otherwise. The hostile-package property
 * (test/trust/hostile.property.test.ts: rows and columns beyond the grid, long cells, zip bombs
 * in every part, comments / CDATA / processing instructions in sheet XML, control characters in
 * the texts that reach a chart or a header) is the sharded campaign of scripts/fuzz/hostile.js:
 * --runs cases over --jobs worker processes, progress every 30 s, a JSON summary (cases per class,
 * failures with their seed and a replay command) and a whole-process sample under /usr/bin/time
 * (exit code, peak RSS, time; needs `npm run build:cli`).
 *
 *   node scripts/fuzz.js                 10,000 runs per property (1,000 for the file property)
 *   node scripts/fuzz.js --runs 50000    another count
 *   node scripts/fuzz.js --file-runs 10000   the file property too (about 15 minutes)
 *   node scripts/fuzz.js --seed 123      replay one campaign (fast-check seed)
 *   node scripts/fuzz.js --seed 123 --path "7:1:0"   replay one reported counterexample
 *   node scripts/fuzz.js --only order    only the properties whose name matches
 *   node scripts/fuzz.js --only hostile --runs 10000 --jobs 2   only the hostile campaign
 *   node scripts/fuzz.js --only hostile --shard 2/4 --summary s2.json   one shard of it
 *
 * A failure prints fast-check's seed, path and shrunk counterexample; pass them back with --seed
 * and --path to replay it. Exit code 0 when every property held, 1 otherwise.
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const { printUsage } = require('./fuzz/usage');
const os = require('os');
const path = require('path');

function args(argv) {
  const out = {
    runs: 10000,
    fileRuns: 1000,
    seed: undefined,
    path: undefined,
    only: undefined,
    hostile: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--runs') out.runs = Number(next());
    else if (a === '--file-runs') out.fileRuns = Number(next());
    else if (a === '--seed') out.seed = Number(next());
    else if (a === '--path') out.path = next();
    else if (a === '--only') out.only = next();
    // Options of the hostile campaign (scripts/fuzz/hostile.js), passed through.
    else if (
      ['--jobs', '--shard', '--summary', '--process-every', '--case', '--progress-seconds'].includes(a)
    )
      out.hostile.push(a, next());
    else if (a === '-h' || a === '--help') {
      printUsage(__filename);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(out.runs) || out.runs < 1) throw new Error('--runs must be a positive integer');
  if (!Number.isInteger(out.fileRuns) || out.fileRuns < 1)
    throw new Error('--file-runs must be a positive integer');
  return out;
}

/** The hostile campaign (scripts/fuzz/hostile.js) with this run's count and seed; its exit code. */
function hostile(opts) {
  const argv = [path.join(__dirname, 'fuzz', 'hostile.js'), '--runs', String(opts.runs), ...opts.hostile];
  if (opts.seed !== undefined) argv.push('--seed', String(opts.seed));
  const res = spawnSync(process.execPath, argv, { stdio: 'inherit' });
  return res.status ?? 3;
}

function main() {
  let opts;
  try {
    opts = args(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`fuzz: ${e.message}\n`);
    return 2;
  }
  // `--only hostile`: the hostile campaign alone; without --only, the jest properties then it.
  if (opts.only !== undefined && /^hostile/i.test(opts.only)) return hostile(opts);
  const jestCode = properties(opts);
  return opts.only === undefined ? Math.max(jestCode, hostile(opts)) : jestCode;
}

function properties(opts) {
  const root = path.resolve(__dirname, '..');
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kr-fuzz-')), 'report.json');
  const jest = require.resolve('jest/bin/jest', { paths: [root] });
  const jestArgs = [
    jest,
    '--testPathPatterns',
    '(test/property/.*|test/trust/cli)\\.property\\.test\\.ts$',
    '--json',
    '--outputFile',
    report,
    '--silent',
  ];
  if (opts.only) jestArgs.push('--testNamePattern', opts.only);
  const env = {
    ...process.env,
    KAKARI_FUZZ_RUNS: String(opts.runs),
    KAKARI_FUZZ_FILE_RUNS: String(opts.fileRuns),
  };
  if (opts.seed !== undefined) env.KAKARI_FUZZ_SEED = String(opts.seed);
  if (opts.path !== undefined) env.KAKARI_FUZZ_PATH = opts.path;

  process.stdout.write(
    `fuzz: ${opts.runs.toLocaleString('en')} runs per property, ${opts.fileRuns.toLocaleString('en')} for the file property${opts.seed !== undefined ? `, seed ${opts.seed}` : ''}\n`,
  );
  const started = Date.now();
  const res = spawnSync(process.execPath, jestArgs, {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (!fs.existsSync(report)) {
    process.stderr.write(res.stderr || 'fuzz: jest produced no report\n');
    return 3;
  }
  const json = JSON.parse(fs.readFileSync(report, 'utf8'));
  const rows = [];
  for (const file of json.testResults) {
    for (const t of file.assertionResults) {
      rows.push({
        file: path.basename(file.name),
        name: t.title,
        status: t.status,
        ms: t.duration ?? 0,
        failure: (t.failureMessages || []).join('\n'),
      });
    }
    if (file.assertionResults.length === 0 && file.message)
      rows.push({
        file: path.basename(file.name),
        name: '(file)',
        status: 'failed',
        ms: 0,
        failure: file.message,
      });
  }
  const mark = { passed: 'PASS', failed: 'FAIL', pending: 'skip', skipped: 'skip', todo: 'todo' };
  process.stdout.write('\n');
  for (const r of rows) {
    process.stdout.write(
      `${(mark[r.status] || r.status).padEnd(5)} ${(r.ms / 1000).toFixed(1).padStart(7)} s  ${r.file}  ${r.name}\n`,
    );
  }
  const failed = rows.filter((r) => r.status === 'failed');
  for (const r of failed) {
    const lines = r.failure.split('\n');
    const keep = lines
      .filter((l) => /Property failed|seed|Counterexample|Cause|Error|first difference|expected/i.test(l))
      .slice(0, 12);
    process.stdout.write(
      `\n--- ${r.name}\n${keep.map((l) => (l.length > 600 ? `${l.slice(0, 600)}…` : l)).join('\n')}\n`,
    );
  }
  const passed = rows.filter((r) => r.status === 'passed').length;
  const ran = rows.filter((r) => r.status === 'passed' || r.status === 'failed').length;
  const cases = rows
    .filter((r) => r.status === 'passed')
    .reduce((n, r) => n + Number((/\((\d+) runs\)/.exec(r.name) || [0, 0])[1]), 0);
  process.stdout.write(
    `\n${passed} of ${ran} properties held, ${failed.length} failed, ${cases.toLocaleString('en')} passing cases in ${seconds} s\n`,
  );
  return failed.length === 0 && ran > 0 ? 0 : 1;
}

process.exit(main());
