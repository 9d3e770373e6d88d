/**
 * The summary card beside 「再計算」 (SPEC §6.1 rev 2): at the pane's real size (about 350 × 450 px)
 * it is in view right after a run — counts per status and readiness, 要対応 with 間に合わない恐れ
 * and the days left to the report window's end, errors and warnings. Results of an earlier run
 * stay marked as earlier when the last run did not finish.
 */
import type { ReactElement } from 'react';
import { Badge, Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ErrorCircle16Regular, Warning16Regular } from '@fluentui/react-icons';
import { dayFromIso } from '../../domain/day';
import { STATUSES, type Readiness, type Status } from '../../domain/types';
import type { ResultJson } from '../../sheets/result';
import { useStrings } from '../i18n';
import { readinessCounts, statusCounts } from './ResultsPanel';
import { Chip, READINESS_ICONS, STATUS_ICONS, readinessColours, statusColours } from '../status';

const useStyles = makeStyles({
  card: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: '4px',
    padding: '6px 10px',
    borderRadius: tokens.borderRadiusLarge,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow2,
  },
  head: { display: 'flex', alignItems: 'baseline', columnGap: '6px', flexWrap: 'wrap' },
  caption: { fontSize: tokens.fontSizeBase200, fontWeight: tokens.fontWeightSemibold, margin: '2px 0 0' },
  grid: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gridTemplateColumns: '1fr 1fr',
    columnGap: '8px',
    rowGap: '2px',
  },
  item: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    columnGap: '4px',
    minWidth: 0,
  },
  count: {
    fontVariantNumeric: 'tabular-nums',
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase300,
  },
  line: {
    fontSize: tokens.fontSizeBase200,
    margin: 0,
    display: 'flex',
    alignItems: 'center',
    columnGap: '4px',
  },
  strong: { fontWeight: tokens.fontWeightSemibold },
  problems: { display: 'flex', alignItems: 'center', columnGap: '2px', flexWrap: 'wrap' },
  earlier: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, margin: 0 },
});

/** Whole days from the as-of date to the report window's end (SPEC §3.5 daysLeft). */
export function daysLeftOf(r: ResultJson): number | null {
  const a = dayFromIso(r.asOf);
  const e = r.profile.reportWindowEnd ? dayFromIso(r.profile.reportWindowEnd) : null;
  return a === null || e === null ? null : e - a;
}

export interface SummaryFigures {
  status: Record<Status, number>;
  readiness: Record<Readiness, number>;
  doctors: number;
  clinics: number;
  atRisk: number;
  daysLeft: number | null;
  errors: number;
  warnings: number;
}

export function summaryFigures(r: ResultJson): SummaryFigures {
  let errors = 0;
  let warnings = 0;
  for (const is of r.issues) {
    if (is.severity === 'error') errors++;
    else if (is.severity === 'warning') warnings++;
  }
  return {
    status: statusCounts(r),
    readiness: readinessCounts(r),
    doctors: r.districtTotal.doctors,
    clinics: r.clinics.length,
    atRisk: r.clinics.filter((c) => c.atRisk).length,
    daysLeft: daysLeftOf(r),
    errors,
    warnings,
  };
}

/** The readiness order of the CLI summary line (SPEC §6.2): 準備完了, 要対応, 報告済, 対象外. */
const SUMMARY_READINESS: readonly Readiness[] = ['ready', 'action-needed', 'reported', 'out-of-scope'];

export function SummaryCard(props: {
  result: ResultJson;
  stamp: string;
  /** The last run did not finish: these are an earlier run's results. */
  earlier: boolean;
  onShowIssues: () => void;
}): ReactElement {
  const s = useStrings();
  const styles = useStyles();
  const sm = s.summary;
  const res = s.results;
  const r = props.result;
  const f = summaryFigures(r);
  const hasClinics = r.counts.clinics.read > 0 || r.clinics.length > 0;
  const end = r.profile.reportWindowEnd ?? '';
  return (
    <section
      className={styles.card}
      aria-labelledby="summary-heading"
      data-testid="summary-card"
      data-earlier={props.earlier ? 'true' : 'false'}
    >
      <div className={styles.head}>
        <Text as="h2" id="summary-heading" size={300} weight="semibold">
          {sm.heading}
        </Text>
        {props.earlier && (
          <Badge appearance="tint" color="warning" data-testid="summary-earlier">
            {sm.earlier(props.stamp)}
          </Badge>
        )}
      </div>
      {props.earlier && <p className={styles.earlier}>{sm.earlierHint}</p>}
      <p className={styles.caption}>{sm.doctors(f.doctors)}</p>
      <ul className={styles.grid} aria-label={sm.doctors(f.doctors)}>
        {STATUSES.map((st) => (
          <li key={st} className={styles.item} data-status={st}>
            <Chip colours={statusColours(st)} icon={STATUS_ICONS[st]} text={sm.statusLabels[st]} />
            <span className={styles.count} data-count={f.status[st]}>
              {s.num(f.status[st])}
            </span>
          </li>
        ))}
      </ul>
      {hasClinics ? (
        <>
          <p className={styles.caption}>{sm.clinics(f.clinics)}</p>
          <ul className={styles.grid} aria-label={sm.clinics(f.clinics)}>
            {SUMMARY_READINESS.map((rd) => (
              <li key={rd} className={styles.item} data-readiness={rd}>
                <Chip
                  colours={readinessColours(rd)}
                  icon={READINESS_ICONS[rd]}
                  text={res.readinessLabels[rd]}
                />
                <span className={styles.count} data-count={f.readiness[rd]}>
                  {s.num(f.readiness[rd])}
                </span>
              </li>
            ))}
          </ul>
          <p className={styles.line} data-testid="summary-action" data-at-risk={f.atRisk}>
            <Warning16Regular aria-hidden="true" />
            <span>
              <span className={styles.strong}>{sm.actionNeeded(f.readiness['action-needed'])}</span>
              {f.atRisk > 0 && <span data-testid="summary-at-risk">{sm.atRisk(f.atRisk)}</span>}
            </span>
          </p>
          {f.daysLeft !== null && (
            <p className={styles.line} data-testid="summary-days" data-days-left={f.daysLeft}>
              {f.daysLeft >= 0 ? sm.daysLeft(f.daysLeft, end) : sm.windowOver(f.daysLeft, end)}
            </p>
          )}
        </>
      ) : (
        <p className={styles.line}>{sm.noClinics}</p>
      )}
      <div className={styles.problems}>
        <p
          className={styles.line}
          data-testid="summary-problems"
          data-errors={f.errors}
          data-warnings={f.warnings}
        >
          <ErrorCircle16Regular aria-hidden="true" />
          {sm.problems(f.errors, f.warnings)}
        </p>
        {f.errors + f.warnings > 0 && (
          <Button
            size="small"
            appearance="transparent"
            onClick={props.onShowIssues}
            data-testid="summary-show-issues"
          >
            {sm.showIssues}
          </Button>
        )}
      </div>
    </section>
  );
}
