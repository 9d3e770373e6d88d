/** 「再計算」 with phase progress (読み込み / 検証 / 計算 / 書き込み) and cancel. SPEC §6.1. */
import type { ReactElement, ReactNode } from 'react';
import { Button, Field, ProgressBar, makeStyles, tokens } from '@fluentui/react-components';
import {
  ArrowSync20Regular,
  CheckmarkCircle20Regular,
  Circle20Regular,
  Dismiss20Regular,
} from '@fluentui/react-icons';
import { PHASES, type PhaseKey } from '../../strings/ui';
import { useStrings } from '../i18n';

export interface Progress {
  phase: PhaseKey;
  /** Fraction of the current phase, 0…1. */
  fraction: number;
}

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', rowGap: '8px' },
  row: { display: 'flex', columnGap: '8px', alignItems: 'center', flexWrap: 'wrap' },
  phases: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    columnGap: '10px',
    flexWrap: 'wrap',
  },
  phase: { display: 'inline-flex', alignItems: 'center', columnGap: '2px', fontSize: tokens.fontSizeBase200 },
  current: { fontWeight: tokens.fontWeightSemibold },
  pending: { color: tokens.colorNeutralForeground3 },
  hint: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, margin: 0 },
});

/** Overall fraction 0…1 from the phase and its own fraction. */
export function overall(p: Progress): number {
  const i = PHASES.indexOf(p.phase);
  return Math.min(1, Math.max(0, (i + Math.min(1, Math.max(0, p.fraction))) / PHASES.length));
}

export function RecalcPanel(props: {
  canRun: boolean;
  running: boolean;
  cancelling: boolean;
  progress: Progress | null;
  onRun: () => void;
  onCancel: () => void;
  /** Show the hint under the button (before the first result). */
  showHint: boolean;
  /** Every required input was found (else the hint says what a run will show). */
  ready: boolean;
  /** The outcome of the last run, shown beside the button (summary card, fatal card, message). */
  children?: ReactNode;
}): ReactElement {
  const s = useStrings();
  const styles = useStyles();
  const r = s.recalc;
  const p = props.progress;
  const step = p ? PHASES.indexOf(p.phase) + 1 : 0;
  return (
    <section aria-label={r.heading} className={styles.section}>
      <div className={styles.row}>
        <Button
          appearance="primary"
          icon={<ArrowSync20Regular aria-hidden="true" />}
          onClick={props.onRun}
          // While running the button stays focusable (focus is kept on it across the run).
          disabled={!props.canRun && !props.running}
          disabledFocusable={props.running}
          data-testid="recalc"
        >
          {r.button}
        </Button>
        {props.running && (
          // Writing cannot be cancelled (a half-written run would need another run to repair it).
          <Button
            icon={<Dismiss20Regular aria-hidden="true" />}
            onClick={props.onCancel}
            disabledFocusable={props.cancelling || p?.phase === 'write'}
            data-testid="cancel"
          >
            {props.cancelling ? r.cancelling : r.cancel}
          </Button>
        )}
      </div>
      {props.showHint && !props.running && (
        <p className={styles.hint}>{props.ready ? r.hint : r.needsRequired}</p>
      )}
      {props.running && p && (
        <Field
          label={r.progressLabel}
          validationState="none"
          validationMessage={r.phaseStep(r.phases[p.phase], step, PHASES.length)}
        >
          <ProgressBar
            value={overall(p)}
            max={1}
            thickness="large"
            aria-valuetext={r.phaseStep(r.phases[p.phase], step, PHASES.length)}
          />
        </Field>
      )}
      {props.running && p && (
        <ol className={styles.phases} aria-label={r.progressLabel}>
          {PHASES.map((ph, i) => {
            const done = i < step - 1;
            const current = i === step - 1;
            return (
              <li
                key={ph}
                className={`${styles.phase} ${current ? styles.current : ''} ${!done && !current ? styles.pending : ''}`}
              >
                {done ? (
                  <CheckmarkCircle20Regular aria-hidden="true" />
                ) : (
                  <Circle20Regular aria-hidden="true" />
                )}
                {r.phases[ph]}
              </li>
            );
          })}
        </ol>
      )}
      {props.children}
    </section>
  );
}
