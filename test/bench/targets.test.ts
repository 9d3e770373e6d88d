/** Issue 20's targets as the bench judges them (bench/targets.ts). */
import { noticesTarget, renderTargets, targets } from '../../bench/targets';
import type { BaselineReport } from '../../bench/baseline';

const pair = (ratio: number, cliCpuMs: number) => ({
  templateMs: ratio * 600,
  templateCpuMs: ratio * 700,
  cliMs: 600,
  cliCpuMs,
  ratio,
  cpuRatio: (ratio * 700) / cliCpuMs,
  load: 2,
});

const baseline = (ratios: number[], cpu: number[]): BaselineReport => ({
  skipped: null,
  sizes: [
    {
      doctors: 1000,
      records: 12061,
      formulas: 5207,
      sentinelsLeft: 0,
      pairs: ratios.map((r, i) => pair(r, cpu[i])),
    },
  ],
});

const byId = (ts: ReturnType<typeof targets>) => new Map(ts.map((t) => [t.id, t]));

describe('issue 20 targets', () => {
  it('judges the engine on the median of its runs and shows their spread', () => {
    const t = byId(
      targets({
        engineW3: { runsCpuMs: [2500, 2100, 2150], medianCpuMs: 2150, peakRssMB: 960 },
        cli: {},
        addinW2StretchesCpuMs: null,
        baseline: null,
      }),
    );
    expect(t.get('engine.W3.cpu')).toMatchObject({ goal: 1, value: '2.15 s', met: true });
    expect(t.get('engine.W3.cpu')?.spread).toBe('2.10 s–2.50 s (3 runs)');
    expect(t.get('engine.W3.memory')?.met).toBe(true);
  });

  it('judges the CLI on the median wall time, W3 also on its largest RSS, a failed run as not met', () => {
    const t = byId(
      targets({
        engineW3: null,
        cli: {
          W2: { wallsMs: [3900, 4300, 3950], medianWallMs: 3950, maxRssMB: 260 },
          W3: { wallsMs: [16000], medianWallMs: 16000, maxRssMB: 1100 },
        },
        addinW2StretchesCpuMs: null,
        baseline: null,
      }),
    );
    expect(t.get('cli.W2.wall')).toMatchObject({
      goal: 2,
      value: '3.95 s',
      met: true,
      spread: '3.90 s–4.30 s (3 runs)',
    });
    expect(t.get('cli.W3.wall')).toMatchObject({ met: false, spread: null });
    expect(t.get('cli.W3.memory')?.met).toBe(false);
    const failed = byId(
      targets({
        engineW3: null,
        cli: { W2: { wallsMs: [100], medianWallMs: 100, maxRssMB: 1, error: 'exit 1: x' } },
        addinW2StretchesCpuMs: null,
        baseline: null,
      }),
    );
    expect(failed.get('cli.W2.wall')).toMatchObject({ value: 'exit 1: x', met: false });
  });

  it('wants ≥ 10× in every pair, not only on the median, and the 1,000-doctor CPU median ≤ 0.3 s', () => {
    const t = byId(
      targets({
        engineW3: null,
        cli: {},
        addinW2StretchesCpuMs: null,
        baseline: baseline([11, 9.5, 12], [280, 320, 290]),
      }),
    );
    expect(t.get('baseline.1000.everyPair')).toMatchObject({ goal: 3, value: '9.5×', met: false });
    expect(t.get('cli.1000.cpu')).toMatchObject({ value: '0.29 s', met: true });
    const ok = byId(
      targets({
        engineW3: null,
        cli: {},
        addinW2StretchesCpuMs: null,
        baseline: baseline([10.1, 10.5], [700, 760]),
      }),
    );
    expect(ok.get('baseline.1000.everyPair')?.met).toBe(true);
    expect(ok.get('cli.1000.cpu')).toMatchObject({ value: '0.73 s', met: false });
  });

  it('judges the add-in on its worst run and the notices on wall time, memory and exit code', () => {
    const t = byId(targets({ engineW3: null, cli: {}, addinW2StretchesCpuMs: [80, 121], baseline: null }));
    expect(t.get('addin.W2.stretch')).toMatchObject({ goal: 4, value: '121 ms', met: false });
    expect(noticesTarget({ wallMs: 6000, maxRssMB: 370, exitCode: 0 })).toMatchObject({ goal: 5, met: true });
    expect(noticesTarget({ wallMs: 6000, maxRssMB: 370, exitCode: 1 }).met).toBe(false);
    expect(noticesTarget({ wallMs: 6000, maxRssMB: null, exitCode: 0 }).met).toBe(false);
  });

  it('renders every target with its verdict, as text and as Markdown rows', () => {
    const ts = [noticesTarget({ wallMs: 31000, maxRssMB: 370, exitCode: 0 })];
    expect(renderTargets(ts)).toContain('NOT MET  5. W2 notices');
    expect(renderTargets(ts, true).split('\n')).toHaveLength(3);
    expect(renderTargets(ts, true)).toContain('| 5 | ≤ 30 s, ≤ 1,536 MB |');
  });
});
