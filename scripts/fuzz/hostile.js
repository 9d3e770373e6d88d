#!/usr/bin/env node
/**
 * The hostile-package fuzz campaign (issue 16), sharded, with progress and a JSON summary.
 *
 * Each case is one attack generated from the seed (test/trust/hostile-cases.ts: rows and columns
 * beyond the grid, long cells, zip bombs in every part, comments / CDATA / processing
 * instructions in sheet XML, control characters in texts that reach a chart or a header) and
 * run through the command line's main function in a worker process (`recalc -o`, and `export -o`
 * for texts that reach the chart), checking: no crash and no exit 3, file-corrupt beyond the
 * bounds with nothing written, no misread, every written part well-formed, no user cell changed.
 * One case in --process-every (and one bomb case in --process-every / 5) also runs as a whole
 * process of the built binary (bin/kakari-roster.js; run `npm run build:cli` first) under
 * /usr/bin/time: same exit code as in-process, no signal, peak RSS < 2 GB, < 60 s.
 *
 *   node scripts/fuzz/hostile.js --runs 10000 --jobs 2            the campaign on two workers
 *   node scripts/fuzz/hostile.js --runs 10000 --shard 1/4         a quarter of it (cases k ≡ 0 mod 4)
 *   node scripts/fuzz/hostile.js --runs 10000 --seed 16 --case 4711   replay one case
 *
 * Options: --runs N (10,000), --seed S (16: the same seed and runs give the same cases),
 * --jobs J (worker processes, 1), --shard i/n (1/1), --case k (only case k), --process-every K
 * (50; 0: none), --summary FILE (test-output/fuzz-hostile-summary.json; rewritten at every
 * progress line),
 * --progress-seconds T (30). Exit 0 when every case held, 1 when one failed, 2 on a usage error.
 */
'use strict';
const { fork } = require('child_process');
const { setInterval, clearInterval } = require('timers');
const fs = require('fs');
const { printUsage } = require('./usage');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');

function parse(argv) {
  const o = {
    runs: 10000,
    seed: 16,
    jobs: 1,
    shard: [1, 1],
    only: null,
    processEvery: 50,
    summary: path.join(ROOT, 'test-output', 'fuzz-hostile-summary.json'),
    progressSeconds: 30,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    const int = (v, min) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) throw new Error(`${a} must be an integer ≥ ${min}`);
      return n;
    };
    if (a === '--runs') o.runs = int(next(), 1);
    else if (a === '--seed') o.seed = int(next(), 0);
    else if (a === '--jobs') o.jobs = int(next(), 1);
    else if (a === '--case') o.only = int(next(), 0);
    else if (a === '--process-every') o.processEvery = int(next(), 0);
    else if (a === '--summary') o.summary = next();
    else if (a === '--progress-seconds') o.progressSeconds = int(next(), 1);
    else if (a === '--shard') {
      const m = /^(\d+)\/(\d+)$/.exec(next());
      if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2]))
        throw new Error('--shard must be i/n, 1 ≤ i ≤ n');
      o.shard = [Number(m[1]), Number(m[2])];
    } else if (a === '-h' || a === '--help') {
      printUsage(__filename);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (o.only !== null && o.only >= o.runs) throw new Error('--case must be below --runs');
  return o;
}

// ---------------------------------------------------------------------------------------------
// Worker: generates the campaign's attacks from the seed, runs the cases it is sent.
// ---------------------------------------------------------------------------------------------

async function worker() {
  require('./ts-register');
  const fc = require('fast-check');
  const hc = require(path.join(ROOT, 'test', 'trust', 'hostile-cases.ts'));
  let attacks = null;
  let dir = null;
  let every = 0;
  // One case in `every`, and one bomb in every / 5, also runs as a whole process.
  const wholeProcess = (k, attack) =>
    every > 0 &&
    (k % every === 0 || (attack.kind === 'bomb' && k % Math.max(1, Math.floor(every / 5)) === 0));
  process.on('message', async (m) => {
    if (m.type === 'init') {
      attacks = fc.sample(hc.attackArb, { seed: m.seed, numRuns: m.runs });
      every = m.processEvery;
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kr-hostile-'));
      process.send({ type: 'ready' });
      return;
    }
    if (m.type === 'stop') {
      fs.rmSync(dir, { recursive: true, force: true });
      process.disconnect();
      return;
    }
    const { index } = m;
    const attack = attacks[index];
    const processRun = wholeProcess(index, attack);
    const base = path.join(dir, `c${index}`);
    const started = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    const r = {
      type: 'case',
      index,
      cls: hc.classOf(attack),
      ok: true,
      error: null,
      exit: null,
      fatal: null,
    };
    try {
      const res = await hc.runCase(attack, base);
      r.exit = res.exit;
      r.fatal = res.fatal;
      if (processRun) {
        const p = await hc.processRun(ROOT, [
          'recalc',
          res.input,
          '-o',
          `${base}-proc.xlsx`,
          '--as-of',
          hc.AS_OF_ISO,
        ]);
        r.process = { exit: p.exit, signal: p.signal, rss: p.rss, seconds: p.seconds, cpu: p.cpu };
        hc.checkProcess(p, res);
        if (p.exit !== 0 && fs.existsSync(`${base}-proc.xlsx`))
          throw new Error('a refused process run wrote its output');
      }
    } catch (e) {
      r.ok = false;
      r.error = String((e && e.stack) || e).slice(0, 4000);
      r.attack = JSON.stringify(attack).slice(0, 4000);
    }
    const cpu = process.cpuUsage(cpu0);
    r.ms = Number(process.hrtime.bigint() - started) / 1e6;
    r.cpuMs = (cpu.user + cpu.system) / 1000;
    for (const f of fs.readdirSync(dir))
      if (f.startsWith(`c${index}-`)) fs.rmSync(path.join(dir, f), { force: true });
    process.send(r);
  });
}

// ---------------------------------------------------------------------------------------------
// Coordinator: hands cases to workers one at a time, restarts a worker that dies (the case it
// was running is a crash), prints progress, writes the summary.
// ---------------------------------------------------------------------------------------------

function coordinator(o) {
  const [si, sn] = o.shard;
  const queue = [];
  if (o.only !== null) queue.push(o.only);
  else for (let k = si - 1; k < o.runs; k += sn) queue.push(k);
  const total = queue.length;
  const started = Date.now();
  const classes = {};
  const failures = [];
  let done = 0;
  let processes = 0;
  let peakRss = 0;
  let slowest = 0;
  const command = `node scripts/fuzz/hostile.js ${process.argv.slice(2).join(' ')}`.trim();
  const machine = {
    cpus: os.cpus().length,
    cpu: os.cpus()[0] ? os.cpus()[0].model : 'unknown',
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    loadAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };

  const summary = (finished) => ({
    command,
    seed: o.seed,
    runs: o.runs,
    shard: `${si}/${sn}`,
    jobs: o.jobs,
    processEvery: o.processEvery,
    started: new Date(started).toISOString(),
    finished: finished ? new Date().toISOString() : null,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    machine: { ...machine, loadNow: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    cases: done,
    planned: total,
    failures: failures.length,
    crashes: failures.filter((f) => /crash|exit 3|killed|signal/.test(f.error)).length,
    processRuns: processes,
    processPeakRssMB: Math.round(peakRss / 2 ** 20),
    processSlowestSeconds: slowest,
    classes,
    failed: failures,
  });
  fs.mkdirSync(path.dirname(path.resolve(o.summary)), { recursive: true });
  const writeSummary = (finished) => {
    const tmp = `${o.summary}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(summary(finished), null, 2)}\n`);
    fs.renameSync(tmp, o.summary);
  };
  const record = (r) => {
    done++;
    const c = (classes[r.cls] ??= {
      cases: 0,
      failures: 0,
      exit0: 0,
      exit1: 0,
      fatal: {},
      cpuSeconds: 0,
      maxMs: 0,
      processRuns: 0,
      processPeakRssMB: 0,
      processMaxSeconds: 0,
    });
    c.cases++;
    if (r.exit === 0) c.exit0++;
    if (r.exit === 1) c.exit1++;
    if (r.fatal) c.fatal[r.fatal] = (c.fatal[r.fatal] || 0) + 1;
    c.cpuSeconds = Math.round((c.cpuSeconds + (r.cpuMs || 0) / 1000) * 1000) / 1000;
    c.maxMs = Math.max(c.maxMs, Math.round(r.ms || 0));
    if (r.process) {
      processes++;
      c.processRuns++;
      const mb = Math.round(r.process.rss / 2 ** 20);
      c.processPeakRssMB = Math.max(c.processPeakRssMB, mb);
      c.processMaxSeconds = Math.max(c.processMaxSeconds, r.process.seconds);
      peakRss = Math.max(peakRss, r.process.rss);
      slowest = Math.max(slowest, r.process.seconds);
    }
    if (!r.ok) {
      c.failures++;
      failures.push({
        case: r.index,
        seed: o.seed,
        runs: o.runs,
        class: r.cls,
        replay: `node scripts/fuzz/hostile.js --runs ${o.runs} --seed ${o.seed} --case ${r.index}`,
        attack: r.attack,
        error: r.error,
      });
      process.stdout.write(
        `FAIL case ${r.index} (${r.cls}): ${String(r.error).split('\n')[0].slice(0, 300)}\n`,
      );
    }
  };
  const progress = () => {
    const s = (Date.now() - started) / 1000;
    const rate = done / Math.max(s, 1e-3);
    const eta = rate > 0 ? (total - done) / rate : 0;
    const per = Object.entries(classes)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k} ${v.cases}${v.failures ? `(${v.failures}!)` : ''}`)
      .join(' ');
    process.stdout.write(
      `[hostile ${si}/${sn}] ${done.toLocaleString('en')}/${total.toLocaleString('en')} ` +
        `${((100 * done) / Math.max(total, 1)).toFixed(1)}% · ${s.toFixed(0)} s · ${rate.toFixed(2)}/s · ` +
        `eta ${(eta / 60).toFixed(1)} min · failures ${failures.length} · processes ${processes} ` +
        `(peak ${Math.round(peakRss / 2 ** 20)} MB, ${slowest} s) · ${per}\n`,
    );
    writeSummary(false);
  };

  process.stdout.write(
    `hostile campaign: ${total.toLocaleString('en')} of ${o.runs.toLocaleString('en')} cases (shard ${si}/${sn}), seed ${o.seed}, ${o.jobs} worker(s), a whole process every ${o.processEvery || '–'} cases; summary ${o.summary}\n`,
  );
  const timer = setInterval(progress, o.progressSeconds * 1000);
  let live = 0;
  const CASE_TIMEOUT = 180_000;

  return new Promise((resolve) => {
    const finish = () => {
      if (live > 0) return;
      clearInterval(timer);
      progress();
      writeSummary(true);
      process.stdout.write(
        `\n${done.toLocaleString('en')} cases in ${((Date.now() - started) / 1000).toFixed(1)} s: ${failures.length} failed` +
          `${failures.length ? ` (replay: ${failures[0].replay})` : ''}; summary in ${o.summary}\n`,
      );
      resolve(failures.length === 0 && done === total ? 0 : 1);
    };
    const start = () => {
      live++;
      const w = fork(__filename, ['--worker'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      let current = null;
      let watchdog = null;
      const next = () => {
        clearTimeout(watchdog);
        if (queue.length === 0) {
          current = null;
          w.send({ type: 'stop' });
          return;
        }
        const index = queue.shift();
        current = index;
        watchdog = setTimeout(() => w.kill('SIGKILL'), CASE_TIMEOUT);
        w.send({ type: 'case', index });
      };
      w.on('message', (m) => {
        if (m.type === 'ready') next();
        else if (m.type === 'case') {
          record(m);
          next();
        }
      });
      w.on('exit', (code, signal) => {
        clearTimeout(watchdog);
        live--;
        if (current !== null) {
          record({
            index: current,
            cls: 'unknown',
            ok: false,
            exit: null,
            error: `worker crashed on this case (exit ${code}, ${signal}) or it ran over ${CASE_TIMEOUT / 1000} s`,
          });
          current = null;
          start();
        }
        finish();
      });
      w.send({
        type: 'init',
        seed: o.seed,
        runs: o.runs,
        processEvery: o.only !== null ? 1 : o.processEvery,
      });
    };
    for (let j = 0; j < Math.min(o.jobs, Math.max(total, 1)); j++) start();
  });
}

if (process.argv.includes('--worker')) {
  worker();
} else {
  let o;
  try {
    o = parse(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`fuzz hostile: ${e.message}\n`);
    process.exit(2);
  }
  coordinator(o).then((code) => process.exit(code));
}
