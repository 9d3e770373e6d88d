/**
 * A progress bar on stderr, shown only when stderr is a TTY (SPEC §6.2 rev 2). It moves through the
 * phases — reading (by the bytes of the sheets read), computing (by pipeline stage), writing (by the
 * bytes of the sheets rewritten) — and a spinner shows the run is alive between updates. Nothing is
 * printed when stderr is not a TTY (pipes and logs stay clean).
 */
import { CLI_MORE } from '../strings/cli';

export type ProgressPhase = 'read' | 'compute' | 'write' | 'generate';

export interface ProgressReporter {
  /** `fraction` is the overall fraction 0…1 (never goes back). */
  update(phase: ProgressPhase, fraction: number): void;
  done(): void;
  /**
   * false when nothing is drawn (not a TTY): the caller can skip measuring progress at all (the
   * CLI then runs the pipeline in one piece and does not count the bytes streamed).
   */
  readonly active: boolean;
}

/** The minimal stream the bar writes to (process.stderr, or a fake in tests). */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(s: string): unknown;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const WIDTH = 24;

/** One frame of the bar (pure; tests check it). */
export function progressLine(label: string, phase: ProgressPhase, fraction: number, tick: number): string {
  const f = Math.max(0, Math.min(1, fraction));
  const filled = Math.round(f * WIDTH);
  const pct = `${Math.floor(f * 100)}`.padStart(3);
  const spin = SPINNER[tick % SPINNER.length];
  return `${label} [${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${pct}% ${spin} ${CLI_MORE.progressPhases[phase]}`;
}

export function progressReporter(
  stream: ProgressStream = process.stderr,
  label = '',
  opts: { intervalMs?: number } = {},
): ProgressReporter {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined, active: false };
  let shown = false;
  let tick = 0;
  let phase: ProgressPhase = 'read';
  let fraction = 0;
  const draw = (): void => {
    stream.write(`\r${progressLine(label, phase, fraction, tick++)}\x1b[K`);
    shown = true;
  };
  // The spinner keeps turning while the event loop is free (reading and writing are asynchronous;
  // computing yields between slices).
  const timer = setInterval(draw, opts.intervalMs ?? 120);
  timer.unref?.();
  return {
    active: true,
    update(p, f) {
      phase = p;
      fraction = Math.max(fraction, Math.min(1, f));
      draw();
    },
    done() {
      clearInterval(timer);
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
