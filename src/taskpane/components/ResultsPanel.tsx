/** Headline results: counts per status and readiness, with the legend. SPEC §6.1. */
import type { ReactElement } from 'react';
import { Badge, Text, makeStyles, tokens } from '@fluentui/react-components';
import { READINESSES, STATUSES, type Readiness, type Status } from '../../domain/types';
import type { ResultJson } from '../../sheets/result';
import { READINESS_LABELS, STATUS_LABELS } from '../../strings/texts';
import { useStrings } from '../i18n';
import { Chip, READINESS_ICONS, STATUS_ICONS, readinessColours, statusColours } from '../status';
import { plainList } from './listStyles';

const useStyles = makeStyles({
  table: { borderCollapse: 'collapse', width: '100%', marginBottom: '8px' },
  th: {
    textAlign: 'left',
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase200,
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
    padding: '2px 4px',
  },
  td: {
    padding: '3px 4px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    verticalAlign: 'middle',
  },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums', fontWeight: tokens.fontWeightSemibold },
  caption: { textAlign: 'left', fontWeight: tokens.fontWeightSemibold, padding: '4px 0' },
  small: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, margin: '2px 0' },
  legend: plainList('4px'),
  legendItem: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: '6px',
    fontSize: tokens.fontSizeBase200,
  },
});

export function statusCounts(r: ResultJson): Record<Status, number> {
  const t = r.districtTotal;
  return {
    certified: t.certified,
    eligible: t.eligible,
    'in-progress': t.inProgress,
    'no-records': t.noRecords,
  };
}

export function readinessCounts(r: ResultJson): Record<Readiness, number> {
  const out: Record<Readiness, number> = { 'out-of-scope': 0, reported: 0, ready: 0, 'action-needed': 0 };
  for (const c of r.clinics) out[c.readiness]++;
  return out;
}

function Legend(): ReactElement {
  const s = useStrings();
  const styles = useStyles();
  const res = s.results;
  return (
    <section aria-labelledby="legend-heading">
      <Text as="h3" id="legend-heading" size={300} weight="semibold">
        {res.legendHeading}
      </Text>
      <p className={styles.small}>{res.legendIntro}</p>
      <ul className={styles.legend} data-testid="legend">
        {STATUSES.map((st) => (
          <li key={st} className={styles.legendItem}>
            <Chip colours={statusColours(st)} icon={STATUS_ICONS[st]} text={STATUS_LABELS[st]} />
            <span>
              {s.lang === 'ja' ? '' : `${res.statusLabels[st]}: `}
              {res.statusHelp[st]}
            </span>
          </li>
        ))}
        {READINESSES.map((rd) => (
          <li key={rd} className={styles.legendItem}>
            <Chip colours={readinessColours(rd)} icon={READINESS_ICONS[rd]} text={READINESS_LABELS[rd]} />
            <span>
              {s.lang === 'ja' ? '' : `${res.readinessLabels[rd]}: `}
              {res.readinessHelp[rd]}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A two-column table of labelled counts (status or readiness chip, then the count). */
function CountTable(props: {
  testId: string;
  caption: string;
  rowAttr: 'data-status' | 'data-readiness';
  rows: { key: string; chip: ReactElement; count: number }[];
}): ReactElement {
  const styles = useStyles();
  const s = useStrings();
  const res = s.results;
  return (
    <table className={styles.table} data-testid={props.testId}>
      <caption className={styles.caption}>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col" className={styles.th}>
            {res.categoryColumn}
          </th>
          <th scope="col" className={`${styles.th} ${styles.num}`}>
            {res.countColumn}
          </th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={row.key} {...{ [props.rowAttr]: row.key }}>
            <th scope="row" className={styles.td} style={{ fontWeight: 'normal' }}>
              {row.chip}
            </th>
            <td className={`${styles.td} ${styles.num}`} data-count={row.count}>
              {s.num(row.count)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ResultsPanel(props: {
  result: ResultJson;
  profileText: string;
  stamp: string;
  /** The last run did not finish: these are an earlier run's results. */
  earlier?: boolean;
}): ReactElement {
  const s = useStrings();
  const styles = useStyles();
  const r = props.result;
  const res = s.results;
  const sc = statusCounts(r);
  const rc = readinessCounts(r);
  const atRisk = r.clinics.filter((c) => c.atRisk).length;
  const hasClinics = r.counts.clinics.read > 0 || r.clinics.length > 0;
  const roles: ['doctors' | 'training' | 'clinics' | 'affiliations', number][] = [
    ['doctors', 0],
    ['training', 0],
    ['clinics', 0],
    ['affiliations', 0],
  ];
  return (
    <section aria-labelledby="results-heading" data-testid="results">
      <Text as="h2" id="results-heading" size={400} weight="semibold">
        {res.heading}
      </Text>
      {props.earlier && (
        <Badge appearance="tint" color="warning" data-testid="results-earlier">
          {s.summary.earlier(props.stamp)}
        </Badge>
      )}
      <p className={styles.small}>
        {res.asOf(r.asOf)}
        {s.dot}
        {props.stamp}
      </p>
      <p className={styles.small}>{res.profile(props.profileText)}</p>

      <CountTable
        testId="status-counts"
        caption={res.doctors(r.districtTotal.doctors)}
        rowAttr="data-status"
        rows={STATUSES.map((st) => ({
          key: st,
          chip: <Chip colours={statusColours(st)} icon={STATUS_ICONS[st]} text={res.statusLabels[st]} />,
          count: sc[st],
        }))}
      />

      {hasClinics ? (
        <CountTable
          testId="readiness-counts"
          caption={res.clinics(r.clinics.length)}
          rowAttr="data-readiness"
          rows={READINESSES.map((rd) => ({
            key: rd,
            chip: (
              <Chip
                colours={readinessColours(rd)}
                icon={READINESS_ICONS[rd]}
                text={res.readinessLabels[rd]}
              />
            ),
            count: rc[rd],
          }))}
        />
      ) : (
        <p className={styles.small}>{res.noClinicsSheet}</p>
      )}
      {hasClinics && atRisk > 0 && <p className={styles.small}>{res.atRisk(atRisk)}</p>}
      <p className={styles.small}>
        {r.changes
          ? res.changes(r.changes.newlyCertified, r.changes.newlyEligible, r.changes.newlyReady)
          : res.firstRun}
      </p>
      {roles.map(([role]) => {
        const c = r.counts[role];
        if (c.read === 0 && role !== 'doctors' && role !== 'training') return null;
        return (
          <p key={role} className={styles.small}>
            {res.rowsRead(s.roles[role], c.read, c.used, c.rejected, c.blank)}
          </p>
        );
      })}
      <p className={styles.small}>{s.app.mamisNote}</p>
      <Legend />
    </section>
  );
}
